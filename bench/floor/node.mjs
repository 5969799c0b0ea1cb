// The conforming build for Node: instantiated synchronously from the file, as totp-wasm's node.mjs does.
import { readFileSync } from 'node:fs';
import { initSync } from './dist/conforming/floor-conforming.js';
import * as wasm from './dist/conforming/floor-conforming.js';
import { checkedGenerateTotp, checkedVerifyTotp } from './checks.js';

initSync({ module: readFileSync(new URL('./dist/conforming/floor-conforming_bg.wasm', import.meta.url)) });
export * from './dist/conforming/floor-conforming.js';
export const generateTotpJsChecked = checkedGenerateTotp(wasm);
export const verifyTotpJsChecked = checkedVerifyTotp(wasm);
