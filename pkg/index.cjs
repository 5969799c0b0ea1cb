// Node CommonJS: the nodejs-target glue instantiates the wasm synchronously on require().
'use strict';
const wasm = require('./dist/totp_wasm.cjs');
const { _fastCodes } = require('./dist/fast.cjs');
const { _defineTOTPService } = require('./dist/service.cjs');

// generateTotp, verifyTotp and checkTotp take their common case through fast.js; the glue's
// internal exports (`_` names, for fast.js) stay inside.
const published = Object.fromEntries(Object.entries(wasm).filter(([name]) => !name.startsWith('_')));
const api = { ...published, ..._fastCodes(wasm) };
module.exports = { ...api, TOTPService: _defineTOTPService(api) };
