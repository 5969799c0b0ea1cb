// Interleaved rounds: every round runs each contender once for a fixed number of iterations
// (calibrated to about `slotMs`), starting with a different contender each round, so drift and
// noise of this 2-core machine hit all contenders alike. Results are medians over rounds.
// Runs in Node and, bundled, in the Chromium page, so it uses only the global `performance`.
import { FLOORS } from './fixtures.mjs';

let sink;

function timeIterations(call, iterations) {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) sink = call();
  return performance.now() - start;
}

/** Iterations that take about `slotMs`, after warming the call up for about twice that. */
function calibrate(call, slotMs) {
  let iterations = 1;
  let spent = 0;
  let elapsed = 0;
  while (spent < 2 * slotMs) {
    elapsed = timeIterations(call, iterations);
    spent += elapsed;
    if (elapsed < slotMs / 4) iterations *= 2;
  }
  return Math.max(1, Math.round((iterations * slotMs) / Math.max(elapsed, 1e-3)));
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The upper quartile (linear interpolation between the closest ranks). */
const upperQuartile = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * 0.75;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
};

/**
 * @param {Record<string, () => unknown>} calls contender name -> zero-argument call
 * @returns {Record<string, number[]>} ops/s of each contender, one sample per round
 */
export function runInterleaved(calls, { rounds, slotMs }) {
  const contenders = Object.entries(calls).map(([name, call]) => ({ name, call, iterations: calibrate(call, slotMs) }));
  const samples = Object.fromEntries(contenders.map(({ name }) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const { name, call, iterations } = contenders[(round + k) % contenders.length];
      samples[name].push((iterations * 1000) / timeIterations(call, iterations));
    }
  }
  if (sink === undefined) throw new Error('a timed call returned nothing');
  return samples;
}

/**
 * Median ops/s per contender; the median over rounds of ours / `reference` (the peer a target
 * names) and of ours / the fastest peer (by median), each paired with that peer's time in the
 * same round, so slow phases of the machine cancel out; for each floor that ran (floors are no
 * peers), its median ratio to `reference`, that ratio's upper quartile and range.
 */
export function summarize(samples, ours, reference) {
  const medians = Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, median(s)]));
  const peers = Object.keys(samples).filter((name) => name !== ours && !FLOORS.includes(name));
  const fastestPeer = peers.reduce((best, name) => (medians[name] > medians[best] ? name : best));
  const ratiosOf = (name, peer) => samples[name].map((value, round) => value / samples[peer][round]);
  const range = (values) => [Math.min(...values), Math.max(...values)];
  const ratios = ratiosOf(ours, reference);
  const fastestRatios = ratiosOf(ours, fastestPeer);
  return {
    medians,
    reference,
    ratio: median(ratios),
    ratioRange: range(ratios),
    fastestPeer,
    fastestRatio: median(fastestRatios),
    fastestRatioRange: range(fastestRatios),
    floorRatios: Object.fromEntries(
      FLOORS.filter((name) => samples[name]).map((name) => {
        const floorRatios = ratiosOf(name, reference);
        return [name, { ratio: median(floorRatios), upperQuartile: upperQuartile(floorRatios), range: range(floorRatios) }];
      }),
    ),
  };
}
