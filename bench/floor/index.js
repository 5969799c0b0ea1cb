// The conforming build (see Cargo.toml), for browsers and bundlers: instantiated during module
// evaluation, as totp-wasm's index.js does. `verifyTotpJsChecked` does its checks in JavaScript.
import init, * as wasm from './dist/conforming/floor-conforming.js';
import { checkedVerifyTotp } from './checks.js';

await init();
export * from './dist/conforming/floor-conforming.js';
export const verifyTotpJsChecked = checkedVerifyTotp(wasm);
