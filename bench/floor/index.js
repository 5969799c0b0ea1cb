// The speed floor (the code exports built at opt-level 3), timed by the benchmark in Node and in
// Chromium. `generateTotp` and `verifyTotp`: the API's call shapes (a string secret, an options
// object with `time`, `window`), no checks at all. The `*JsChecked` pair makes the checks API.md
// requires in JavaScript (checks.js) before the same one call into wasm: the conforming floor.
import bytes from './dist/speed.wasm.js';
import { lazyFloor } from './wasm.js';
import { checkedGenerateTotp, checkedVerifyTotp } from './checks.js';

const floor = lazyFloor(bytes);

export function generateTotp(secret, options) {
  const f = floor();
  return String(f.exports.totp(...f.put(secret), options.time, 0, 6, 30)).padStart(6, '0');
}

export function verifyTotp(secret, token, options) {
  const f = floor();
  return f.exports.verify(...f.put(secret), Number(token), options.time, options.window ?? 1, 0, 6, 30) === 1;
}

const core = {
  generateTotpCore(secret, time, algorithm, digits, period) {
    const f = floor();
    return f.exports.totp(...f.put(secret), time, algorithm, digits, period);
  },
  verifyTotpCore(secret, token, time, window, algorithm, digits, period) {
    const f = floor();
    return f.exports.verify(...f.put(secret), token, time, window, algorithm, digits, period);
  },
};

export const generateTotpJsChecked = checkedGenerateTotp(core);
export const verifyTotpJsChecked = checkedVerifyTotp(core);
