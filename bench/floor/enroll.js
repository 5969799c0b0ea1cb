// The enrolment floor (weighed by bench/lib/size.mjs): a secret, its otpauth URI, a QR code as
// SVG, window verify; no checks, no options beyond these.
import bytes from './dist/enroll.wasm.js';
import { lazyFloor } from './wasm.js';

const floor = lazyFloor(bytes);

export function generateSecret(size = 20) {
  const f = floor();
  return f.text(f.exports.secret(size));
}

export function provisioningUri(secret, account, issuer) {
  const f = floor();
  return f.text(f.exports.uri(...f.put(secret, account, issuer)));
}

export function qrSvg(text) {
  const f = floor();
  return f.text(f.exports.qr(...f.put(text)));
}

export function verifyTotp(secret, token, time = Date.now(), window = 1) {
  const f = floor();
  return f.exports.verify(...f.put(secret), Number(token), time, window, 0, 6, 30) === 1;
}

export function generateTotp(secret, time = Date.now()) {
  const f = floor();
  return String(f.exports.totp(...f.put(secret), time, 0, 6, 30)).padStart(6, '0');
}
