// Node ESM: instantiate synchronously from the file next to the glue; no fetch, no init().
// scripts/build.sh bundles this with the glue and the modules below into dist/node.mjs, the file
// Node loads (one module instead of five), and points the path below at the wasm beside it.
import { readFileSync } from 'node:fs';
import { initSync } from './dist/totp_wasm.js';
import * as wasm from './dist/totp_wasm.js';
import { _fastCodes } from './fast.js';
import { _defineTOTPService } from './service.js';

initSync({ module: readFileSync(new URL('./dist/totp_wasm_bg.wasm', import.meta.url)) });

// The glue's functions but its internal ones (see published.js).
export * from './published.js';
export { default } from './published.js';
// These three take their common case through fast.js.
const fast = _fastCodes(wasm);
export const { generateTotp, verifyTotp, checkTotp } = fast;
export const TOTPService = _defineTOTPService({ ...wasm, ...fast });
