// The package's main entry: every name of the API (../../shared/API.md). Each feature lives in
// its own module with its own wasm, instantiated on first use, so a bundler keeps only the
// wasm files whose functions an app imports (the package has no side effects).
import { _codesWasm } from './codes.js';
import { _migrateWasm } from './migrate.js';
import { _protectWasm } from './protect.js';
import { _qrWasm } from './qr.js';

export {
  checkHotp,
  checkTotp,
  generateHotp,
  generateSecret,
  generateTotp,
  parseUri,
  provisioningUri,
  remainingSeconds,
  verifyTotp,
} from './codes.js';
export { migrationUris, parseMigrationUri } from './migrate.js';
export { qrDataUrl, qrSvg } from './qr.js';
export {
  decryptSecret,
  encryptSecret,
  generateBackupCodes,
  generateEncryptionKey,
  hashBackupCode,
  verifyBackupAttempt,
  verifyBackupCode,
  verifyTotpAttempt,
} from './protect.js';
export { TOTPService } from './service.js';

/**
 * Optional: nothing needs it. For a host that refuses to compile WebAssembly synchronously
 * (some old WebViews refuse modules over 4 KB on the main thread), `await init()` compiles
 * every wasm file asynchronously first. Idempotent.
 */
export async function init() {
  await Promise.all([_codesWasm, _qrWasm, _protectWasm, _migrateWasm].map((wasm) => wasm.ready()));
}

/** Optional and idempotent: instantiates every wasm file now instead of on first use. */
export function initSync() {
  for (const wasm of [_codesWasm, _qrWasm, _protectWasm, _migrateWasm]) wasm();
}
