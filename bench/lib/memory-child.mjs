// Run in its own process (node --expose-gc memory-child.mjs CALLS EVERY) so that nothing else
// allocates in it: verifyTotp CALLS times over valid, invalid and malformed tokens, sampling the
// wasm linear memory and the process RSS (after a full GC) every EVERY calls. Prints JSON.
import { SECRET, NOW_SECONDS, NOW_CODE } from './fixtures.mjs';

// The package keeps its wasm instance to itself (init() resolves to nothing), so this process,
// which exists only to measure, watches the instance being made to find its linear memory.
let wasmMemory;
const { Instance } = WebAssembly;
WebAssembly.Instance = function Instance_(module, imports) {
  const instance = new Instance(module, imports);
  wasmMemory ??= instance.exports.memory;
  return instance;
};
WebAssembly.Instance.prototype = Instance.prototype;
const { verifyTotp } = await import('totp-wasm');

const [calls, every] = process.argv.slice(2).map(Number);
const options = { time: NOW_SECONDS * 1000, window: 1 };
const tokens = [NOW_CODE, '000000', '08 18 04', '12a456', '0818045', ''];
const expected = [true, false, true, false, false, false];

function sample(done) {
  globalThis.gc();
  return { calls: done, rssBytes: process.memoryUsage().rss, wasmBytes: wasmMemory?.buffer.byteLength ?? null };
}

const samples = [sample(0)];
for (let done = 0; done < calls;) {
  for (const end = done + every; done < end; done++) {
    const k = done % tokens.length;
    if (verifyTotp(SECRET, tokens[k], options) !== expected[k]) {
      throw new Error(`verifyTotp(${JSON.stringify(tokens[k])}) !== ${expected[k]} at call ${done}`);
    }
  }
  samples.push(sample(done));
}
console.log(JSON.stringify(samples));
