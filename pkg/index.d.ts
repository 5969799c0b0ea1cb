export * from './dist/totp_wasm.js';
export { default } from './dist/totp_wasm.js';
