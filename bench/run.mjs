// totp-wasm against the JavaScript TOTP and QR libraries, all in one run on one machine:
// throughput and startup (Node and Chromium), bundle size and memory. Prints one Markdown table and
// writes it to bench/results.md.
//   node bench/run.mjs             full run (a few minutes)
//   node bench/run.mjs --quick     seconds; a smoke test of the harness, numbers not to be trusted
//   node bench/run.mjs --no-browser  skip Chromium (QR decode check, throughput and page-load timing there)
// Needs the built package (bash scripts/build.sh) and `npm install` in bench/.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { checkAllContenders } from './lib/check.mjs';
import * as contenders from './lib/contenders.mjs';
import { runInterleaved, summarize } from './lib/timing.mjs';
import { measureSizes } from './lib/size.mjs';
import { measureNodeStartup } from './lib/startup-node.mjs';
import { checkQrDecodes, measureBrowserStartup } from './lib/browser.mjs';
import { measureBrowserThroughput } from './lib/browser-throughput.mjs';
import { measureMemory } from './lib/memory.mjs';
import { renderReport } from './lib/report.mjs';

const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((a) => !['--quick', '--no-browser'].includes(a));
if (unknown.length) {
  console.error(`unknown argument(s): ${unknown.join(' ')}; use --quick and/or --no-browser`);
  process.exit(2);
}
const quick = args.has('--quick');
const browser = !args.has('--no-browser');
const config = quick
  ? { quick, rounds: 5, slotMs: 20, nodeRuns: 3, browserLoads: 2, memoryCalls: 100_000, memoryEvery: 10_000 }
  : { quick, rounds: 40, slotMs: 100, nodeRuns: 20, browserLoads: 15, memoryCalls: 1_000_000, memoryEvery: 100_000 };

const started = performance.now();
const progress = (message) =>
  console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);

progress('checking every contender against RFC 6238 and each other');
checkAllContenders(contenders);
const { qrSvg, TYPICAL_URI } = contenders;
const qrOutput = Object.fromEntries(Object.entries(qrSvg).map(([name, render]) => [name, render(TYPICAL_URI)]));
if (browser) {
  progress('checking every QR SVG decodes back to the URI (Chromium + jsQR)');
  await checkQrDecodes(TYPICAL_URI, qrOutput);
}

const throughput = [];
for (const { name, target, reference, calls } of contenders.operations()) {
  progress(`throughput: ${name}`);
  throughput.push({ name, target, summary: summarize(runInterleaved(calls, config), 'totp-wasm', reference) });
}
let browserThroughput = null;
if (browser) {
  progress('throughput in Chromium: checking the browser builds, then timing them');
  browserThroughput = await measureBrowserThroughput({ rounds: config.rounds, slotMs: config.slotMs }, progress);
}

progress('bundle sizes (esbuild)');
const sizes = await measureSizes();
progress(`startup: ${config.nodeRuns} Node processes per library`);
const nodeStartup = measureNodeStartup(config.nodeRuns);
let browserStartup = null;
if (browser) {
  progress(`startup: ${config.browserLoads} Chromium page loads per library`);
  browserStartup = await measureBrowserStartup(config.browserLoads);
}
progress(`memory: ${config.memoryCalls.toLocaleString('en-US')} verifyTotp calls in a fresh process`);
const memory = measureMemory(config.memoryCalls, config.memoryEvery);

const report = renderReport({
  config,
  throughput,
  browserThroughput,
  sizes,
  nodeStartup,
  browserStartup,
  memory,
  qrOutput: Object.fromEntries(Object.entries(qrOutput).map(([name, svg]) => [name, Buffer.byteLength(svg)])),
});
console.log(report);
if (quick) {
  progress('done (--quick: bench/results.md left as it was)');
} else {
  writeFileSync(new URL('results.md', import.meta.url), report);
  progress('done; written to bench/results.md');
}
