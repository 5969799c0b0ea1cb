// Node ESM: instantiate synchronously from the file next to the glue; no fetch, no init().
// scripts/build.sh bundles this with the glue and service.js into dist/node.mjs, the file Node
// loads (one module instead of three), and points the path below at the wasm beside it.
import { readFileSync } from 'node:fs';
import { initSync } from './dist/totp_wasm.js';
import * as api from './dist/totp_wasm.js';
import { _defineTOTPService } from './service.js';

initSync({ module: readFileSync(new URL('./dist/totp_wasm_bg.wasm', import.meta.url)) });

export * from './dist/totp_wasm.js';
export { default } from './dist/totp_wasm.js';
export const TOTPService = _defineTOTPService(api);
