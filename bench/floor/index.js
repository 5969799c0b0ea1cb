// The conforming build (see Cargo.toml), for browsers and bundlers: instantiated during module
// evaluation, as totp-wasm's index.js does. The `*JsChecked` functions make their checks in JavaScript.
import init, * as wasm from './dist/conforming/floor-conforming.js';
import { checkedGenerateTotp, checkedVerifyTotp } from './checks.js';

await init();
export * from './dist/conforming/floor-conforming.js';
export const generateTotpJsChecked = checkedGenerateTotp(wasm);
export const verifyTotpJsChecked = checkedVerifyTotp(wasm);
