// Import-to-ready time in fresh Node processes, totp-wasm, otpauth and the floor in turn. Each child
// reports performance.now() marks: from just before its dynamic import until the import resolved
// and until its first code was returned, and since the process started (node's own boot included).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SECRET, NOW_SECONDS, NOW_CODE, FLOOR } from './fixtures.mjs';
import { median } from './timing.mjs';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const time = NOW_SECONDS * 1000;

const children = {
  'totp-wasm': `
    const start = performance.now();
    const { generateTotp } = await import('totp-wasm');
    const imported = performance.now();
    const code = generateTotp('${SECRET}', { time: ${time} });`,
  otpauth: `
    const start = performance.now();
    const { TOTP, Secret } = await import('otpauth');
    const imported = performance.now();
    const code = TOTP.generate({ secret: Secret.fromBase32('${SECRET}'), timestamp: ${time} });`,
  // The whole-package floor (bench/floor): one module with its wasm inline, instantiated on
  // first use, as the package's Node entry; no checks.
  [FLOOR]: `
    const start = performance.now();
    const { generateTotp } = await import('totp-wasm-floor/whole');
    const imported = performance.now();
    const code = generateTotp('${SECRET}', ${time});`,
};
const report = `
    const ready = performance.now();
    console.log(JSON.stringify({ code, importMs: imported - start, readyMs: ready - start, sinceProcessStartMs: ready }));`;

function runChild(name) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', children[name] + report], {
    cwd: benchDir,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const result = JSON.parse(out);
  if (result.code !== NOW_CODE) throw new Error(`${name} child returned code ${result.code}, expected ${NOW_CODE}`);
  return result;
}

/** Medians over `runs` processes of each library; one unrecorded run of each warms the file cache. */
export function measureNodeStartup(runs) {
  const names = Object.keys(children);
  names.forEach(runChild);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const name of i % 2 ? [...names].reverse() : names) samples[name].push(runChild(name));
  }
  const medianOf = (name, key) => median(samples[name].map((s) => s[key]));
  return Object.fromEntries(
    names.map((name) => [
      name,
      {
        importMs: medianOf(name, 'importMs'),
        readyMs: medianOf(name, 'readyMs'),
        sinceProcessStartMs: medianOf(name, 'sinceProcessStartMs'),
      },
    ]),
  );
}
