// Browsers and bundlers: instantiate the wasm while this module evaluates (top-level await),
// so every export works as soon as the import resolves. The glue loads
// new URL('totp_wasm_bg.wasm', import.meta.url), which Vite and other bundlers rewrite to an asset.
import init, * as api from './dist/totp_wasm.js';
import { _defineTOTPService } from './service.js';

await init();

export * from './dist/totp_wasm.js';
export { default } from './dist/totp_wasm.js';
export const TOTPService = _defineTOTPService(api);
