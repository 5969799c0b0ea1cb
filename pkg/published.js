// What the package publishes from the wasm-bindgen glue, named one by one: the glue's internal
// exports (the `_` names, which take unchecked numbers and strings for fast.js) stay inside.
// generateTotp, verifyTotp and checkTotp are published by the entries, through fast.js.
export {
  default,
  initSync,
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
