// The code floor (weighed by bench/lib/size.mjs): one TOTP/HOTP with SHA-1/256/512, as numbers.
import bytes from './dist/code.wasm.js';
import { lazyFloor } from './wasm.js';

const floor = lazyFloor(bytes);
const pad = (code, digits) => (code < 0 ? undefined : String(code).padStart(digits, '0'));

export function totp(secret, time, algorithm = 0, digits = 6, period = 30) {
  const f = floor();
  return pad(f.exports.totp(...f.put(secret), time, algorithm, digits, period), digits);
}

export function hotp(secret, counter, algorithm = 0, digits = 6) {
  const f = floor();
  return pad(f.exports.hotp(...f.put(secret), counter, algorithm, digits), digits);
}

export function verify(secret, token, time, window = 1, algorithm = 0, digits = 6, period = 30) {
  const f = floor();
  return f.exports.verify(...f.put(secret), Number(token), time, window, algorithm, digits, period) === 1;
}
