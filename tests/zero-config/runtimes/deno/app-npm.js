// The same through an `npm:` specifier (probe-npm.js is probe.js importing 'npm:totp-wasm').
import { probe } from './probe-npm.js';

console.log(JSON.stringify(probe()));
