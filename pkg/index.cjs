// Node CommonJS: the nodejs-target glue instantiates the wasm synchronously on require().
'use strict';
const api = require('./dist/totp_wasm.cjs');
const { _defineTOTPService } = require('./dist/service.cjs');

module.exports = { ...api, TOTPService: _defineTOTPService(api) };
