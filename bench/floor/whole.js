// The whole-package floor (weighed by bench/lib/size.mjs; Node's import-to-first-code floor):
// the enrolment floor's calls plus AES-256-GCM sealing and PBKDF2-HMAC-SHA256 backup-code hashing.
import bytes from './dist/whole.wasm.js';
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

export function generateTotp(secret, time = Date.now(), algorithm = 0, digits = 6, period = 30) {
  const f = floor();
  return String(f.exports.totp(...f.put(secret), time, algorithm, digits, period)).padStart(digits, '0');
}

export function generateHotp(secret, counter, algorithm = 0, digits = 6) {
  const f = floor();
  return String(f.exports.hotp(...f.put(secret), counter, algorithm, digits)).padStart(digits, '0');
}

export function verifyTotp(secret, token, time = Date.now(), window = 1, algorithm = 0, digits = 6, period = 30) {
  const f = floor();
  return f.exports.verify(...f.put(secret), Number(token), time, window, algorithm, digits, period) === 1;
}

/** `key`: 32 bytes. Returns nonce ‖ ciphertext ‖ tag. */
export function encryptSecret(secret, key) {
  const f = floor();
  const [, length] = f.put(key, secret);
  return f.bytes(f.exports.seal(length));
}

export function decryptSecret(sealed, key) {
  const f = floor();
  const [, length] = f.put(key, sealed);
  const opened = f.exports.open(length);
  return opened < 0 ? null : f.text(opened);
}

export const generateEncryptionKey = () => crypto.getRandomValues(new Uint8Array(32));

export function hashBackupCode(code) {
  const f = floor();
  return f.bytes(f.exports.kdf(...f.put(code), 20_000));
}
