// What the package publishes from the wasm-bindgen glue, named one by one: the glue's internal
// exports (the `_` names, which take unchecked numbers and strings for fast.js) stay inside.
// generateTotp, verifyTotp and checkTotp are published by the entries, through fast.js.
import glueInit, { initSync as glueInitSync } from './dist/totp_wasm.js';

export {
  checkHotp,
  decryptSecret,
  encryptSecret,
  generateBackupCodes,
  generateEncryptionKey,
  generateHotp,
  generateSecret,
  hashBackupCode,
  parseUri,
  provisioningUri,
  qrDataUrl,
  qrSvg,
  remainingSeconds,
  verifyBackupCode,
  verifyTotpAttempt,
} from './dist/totp_wasm.js';

// init and initSync are optional and idempotent (the entries instantiate the module), and
// resolve to nothing: the glue's versions hand back the raw wasm exports, whose pointer-taking
// functions would trap on garbage, and which no caller needs.
export default async function init(moduleOrPath) {
  await glueInit(moduleOrPath);
}

export function initSync(module) {
  glueInitSync(module);
}
