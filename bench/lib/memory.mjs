// Memory after many verify calls, measured in a fresh process (see memory-child.mjs).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('memory-child.mjs', import.meta.url));

/** Samples of { calls, rssBytes, wasmBytes }, one every `every` calls, from 0 to `calls`. */
export function measureMemory(calls, every) {
  const out = execFileSync(process.execPath, ['--expose-gc', child, String(calls), String(every)], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
    timeout: 300_000,
  });
  return JSON.parse(out);
}
