// Node ESM: instantiate synchronously from the file next to the glue; no fetch, no init().
import { readFileSync } from 'node:fs';
import { initSync } from './dist/totp_wasm.js';
import * as api from './dist/totp_wasm.js';
import { _defineTOTPService } from './service.js';

initSync({ module: readFileSync(new URL('./dist/totp_wasm_bg.wasm', import.meta.url)) });

export * from './dist/totp_wasm.js';
export { default } from './dist/totp_wasm.js';
export const TOTPService = _defineTOTPService(api);
