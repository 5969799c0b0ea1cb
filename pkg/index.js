// Browsers and bundlers: instantiate the wasm while this module evaluates (top-level await),
// so every export works as soon as the import resolves. The glue loads
// new URL('totp_wasm_bg.wasm', import.meta.url), which Vite and other bundlers rewrite to an asset.
import init, * as wasm from './dist/totp_wasm.js';
import { _fastCodes } from './fast.js';
import { _defineTOTPService } from './service.js';

await init();

// The glue's functions but its internal ones (see published.js).
export * from './published.js';
export { default } from './published.js';
// These three take their common case through fast.js.
const fast = _fastCodes(wasm);
export const { generateTotp, verifyTotp, checkTotp } = fast;
export const TOTPService = _defineTOTPService({ ...wasm, ...fast });
