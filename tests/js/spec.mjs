// The one behavioural spec of the public API (API.md), run unchanged by every runner: Node ESM
// and CJS, and pages built by esbuild, Vite and an import map.
// Each case is [name, (totp, assert) => void | Promise<void>]: `totp` is the imported package,
// `assert` is node:assert/strict or ./spec/assert.mjs (same subset).
import { backup } from './spec/backup.mjs';
import { boundary } from './spec/boundary.mjs';
import { codes } from './spec/codes.mjs';
import { devices } from './spec/devices.mjs';
import { fast } from './spec/fast.mjs';
import { protection } from './spec/protection.mjs';
import { qr } from './spec/qr.mjs';
import { sealing } from './spec/sealing.mjs';
import { shared } from './spec/shared.mjs';
import { uris } from './spec/uri.mjs';
import { verification } from './spec/verify.mjs';

export const spec = [...boundary, ...shared, ...codes, ...fast, ...verification, ...uris, ...qr, ...backup, ...protection, ...devices, ...sealing];

// Chromium's stack already starts with "Name: message"; other engines' stacks do not.
const describeError = (error) =>
  error instanceof Error
    ? error.stack?.includes(error.message)
      ? error.stack
      : `${error.name}: ${error.message}\n${error.stack}`
    : String(error);

/** Runs every case, never stopping at a failure; for pages, which report results as data. */
export async function runSpec(totp, assert) {
  const results = [];
  for (const [name, run] of spec) {
    try {
      await run(totp, assert);
      results.push({ name, ok: true });
    } catch (error) {
      results.push({ name, ok: false, error: describeError(error) });
    }
  }
  return results;
}
