// The calls of the libraries that run in Node and in browsers alike, and the timed operations built
// from them. Node resolves these imports to each library's Node build (otpauth then uses
// node:crypto's native HMAC); the Chromium page bundles this same file with esbuild for the browser,
// which resolves their browser builds (otpauth's and otplib's HMAC in JavaScript, qrcode's
// lib/browser.js). So both runtimes time the very same calls on the very same inputs.
import * as totpWasm from 'totp-wasm';
import * as floor from 'totp-wasm-floor';
import * as OTPAuth from 'otpauth';
import * as otplib from 'otplib';
import QRCode from 'qrcode';
import { SECRET, SECRET_BYTES, ACCOUNT, ISSUER, NOW_SECONDS, PERIOD, FLOOR, CONFORMING_FLOORS } from './fixtures.mjs';

const otpauthSecret = OTPAuth.Secret.fromBase32(SECRET);

export const generateTotp = {
  'totp-wasm': (seconds) => totpWasm.generateTotp(SECRET, { time: seconds * 1000 }),
  otpauth: (seconds) => OTPAuth.TOTP.generate({ secret: otpauthSecret, timestamp: seconds * 1000 }),
  otplib: (seconds) => otplib.generateSync({ secret: SECRET_BYTES, epoch: seconds }),
  [FLOOR]: (seconds) => floor.generateTotp(SECRET, { time: seconds * 1000 }),
  [CONFORMING_FLOORS[0]]: (seconds) => floor.generateTotpJsChecked(SECRET, { time: seconds * 1000 }),
  [CONFORMING_FLOORS[1]]: (seconds) => floor.generateTotpChecked(SECRET, { time: seconds * 1000 }),
};

// window 1 = the steps before and after the current one; otplib expresses it in seconds.
export const verifyTotp = {
  'totp-wasm': (token, seconds) => totpWasm.verifyTotp(SECRET, token, { time: seconds * 1000, window: 1 }),
  otpauth: (token, seconds) =>
    OTPAuth.TOTP.validate({ token, secret: otpauthSecret, timestamp: seconds * 1000, window: 1 }) !== null,
  otplib: (token, seconds) =>
    otplib.verifySync({ secret: SECRET_BYTES, token, epoch: seconds, epochTolerance: PERIOD }).valid,
  [FLOOR]: (token, seconds) => floor.verifyTotp(SECRET, token, { time: seconds * 1000, window: 1 }),
  [CONFORMING_FLOORS[0]]: (token, seconds) =>
    floor.verifyTotpJsChecked(SECRET, token, { time: seconds * 1000, window: 1 }),
  [CONFORMING_FLOORS[1]]: (token, seconds) => floor.verifyTotpChecked(SECRET, token, { time: seconds * 1000, window: 1 }),
};

// qrcode's toString has no sync variant by name, but with a callback it renders synchronously
// (in its Node and browser builds alike); `undefined` here would mean that changed.
function qrcodeSvg(text) {
  let svg;
  QRCode.toString(text, { type: 'svg' }, (error, out) => {
    if (error) throw error;
    svg = out;
  });
  return svg;
}

export const qrSvg = {
  'totp-wasm': (text) => totpWasm.qrSvg(text),
  qrcode: qrcodeSvg,
};

// The conforming floors' own calls and the package's, for check.mjs to compare on odd input.
export const conformance = {
  'totp-wasm': { generateTotp: totpWasm.generateTotp, verifyTotp: totpWasm.verifyTotp },
  [CONFORMING_FLOORS[0]]: { generateTotp: floor.generateTotpJsChecked, verifyTotp: floor.verifyTotpJsChecked },
  [CONFORMING_FLOORS[1]]: { generateTotp: floor.generateTotpChecked, verifyTotp: floor.verifyTotpChecked },
};

export const TYPICAL_URI = totpWasm.provisioningUri({ secret: SECRET, account: ACCOUNT, issuer: ISSUER });

export const mapValues = (object, f) =>
  Object.fromEntries(Object.entries(object).map(([name, value]) => [name, f(value)]));

/** The first 6-digit token that no step within window 1 of `seconds` has as its code. */
export function invalidTokenAt(seconds) {
  const accepted = [-1, 0, 1].map((d) => generateTotp['totp-wasm'](seconds + d * PERIOD));
  for (let n = 0; ; n++) {
    const token = String(n).padStart(6, '0');
    if (!accepted.includes(token)) return token;
  }
}

/**
 * The timed code operations for tables of calls (contender name -> call with its arguments open):
 * name, issue target ratio (null: none), and a zero-argument call per contender.
 */
export function codeOperations(generate, verify) {
  const validToken = generateTotp['totp-wasm'](NOW_SECONDS);
  const invalidToken = invalidTokenAt(NOW_SECONDS);
  return [
    { name: 'generateTotp', target: 5, calls: mapValues(generate, (f) => () => f(NOW_SECONDS)) },
    {
      name: 'verifyTotp, valid token',
      target: null,
      calls: mapValues(verify, (f) => () => f(validToken, NOW_SECONDS)),
    },
    {
      name: 'verifyTotp, invalid token (window 1)',
      target: 5,
      calls: mapValues(verify, (f) => () => f(invalidToken, NOW_SECONDS)),
    },
  ];
}

export const qrOperation = (render) => ({
  name: 'qrSvg (typical otpauth URI)',
  target: 20,
  calls: mapValues(render, (f) => () => f(TYPICAL_URI)),
});
