// The calls of the libraries that run in Node and in browsers alike, and the timed operations built
// from them. Node resolves these imports to each library's Node build (otpauth then uses
// node:crypto's native HMAC); the Chromium page bundles this same file with esbuild for the browser,
// which resolves their browser builds (otpauth's and otplib's HMAC in JavaScript, qrcode's
// lib/browser.js). So both runtimes time the very same calls on the very same inputs.
import * as totpWasm from 'totp-wasm';
import * as floor from 'totp-wasm-floor';
import * as OTPAuth from 'otpauth';
import * as otplib from 'otplib';
import { parse as otplibParseUri } from '@otplib/uri';
import QRCode from 'qrcode';
import { renderSVG as uqrSvg } from 'uqr';
import { encodeQR } from '@paulmillr/qr';
import { SECRET, SECRET_BYTES, ACCOUNT, ISSUER, NOW_SECONDS, PERIOD, FLOOR, CONFORMING_FLOORS } from './fixtures.mjs';

const otpauthSecret = OTPAuth.Secret.fromBase32(SECRET);
const [JS_CHECKED] = CONFORMING_FLOORS;

export const generateTotp = {
  'totp-wasm': (seconds) => totpWasm.generateTotp(SECRET, { time: seconds * 1000 }),
  otpauth: (seconds) => OTPAuth.TOTP.generate({ secret: otpauthSecret, timestamp: seconds * 1000 }),
  otplib: (seconds) => otplib.generateSync({ secret: SECRET_BYTES, epoch: seconds }),
  [FLOOR]: (seconds) => floor.generateTotp(SECRET, { time: seconds * 1000 }),
  [JS_CHECKED]: (seconds) => floor.generateTotpJsChecked(SECRET, { time: seconds * 1000 }),
};

// window 1 = the steps before and after the current one; otplib expresses it in seconds.
export const verifyTotp = {
  'totp-wasm': (token, seconds) => totpWasm.verifyTotp(SECRET, token, { time: seconds * 1000, window: 1 }),
  otpauth: (token, seconds) =>
    OTPAuth.TOTP.validate({ token, secret: otpauthSecret, timestamp: seconds * 1000, window: 1 }) !== null,
  otplib: (token, seconds) =>
    otplib.verifySync({ secret: SECRET_BYTES, token, epoch: seconds, epochTolerance: PERIOD }).valid,
  [FLOOR]: (token, seconds) => floor.verifyTotp(SECRET, token, { time: seconds * 1000, window: 1 }),
  [JS_CHECKED]: (token, seconds) => floor.verifyTotpJsChecked(SECRET, token, { time: seconds * 1000, window: 1 }),
};

export const provisioningUri = {
  'totp-wasm': () => totpWasm.provisioningUri({ secret: SECRET, account: ACCOUNT, issuer: ISSUER }),
  otpauth: () => new OTPAuth.TOTP({ issuer: ISSUER, label: ACCOUNT, secret: otpauthSecret }).toString(),
  otplib: () => otplib.generateURI({ issuer: ISSUER, label: ACCOUNT, secret: SECRET }),
};

// Each parser with a view of its result as [secret, account, issuer], for the correctness check.
export const parseUri = {
  'totp-wasm': [totpWasm.parseUri, (p) => [p.secret, p.account, p.issuer]],
  otpauth: [OTPAuth.URI.parse, (totp) => [totp.secret.base32, totp.label, totp.issuer]],
  otplib: [otplibParseUri, (p) => [p.params.secret, p.label.split(':').pop(), p.params.issuer]],
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

// Every encoder at ECC M with a 4-module margin and one unit per module (qrcode's and ours by
// default; uqr defaults to L, a 1-module border and 10 units, @paulmillr/qr to a 2-module border),
// so that all draw the same symbol version at the same viewBox.
export const qrSvg = {
  'totp-wasm': (text) => totpWasm.qrSvg(text),
  qrcode: qrcodeSvg,
  uqr: (text) => uqrSvg(text, { ecc: 'M', border: 4, pixelSize: 1 }),
  '@paulmillr/qr': (text) => encodeQR(text, 'svg', { ecc: 'medium', border: 4 }),
};

// The conforming floor's own calls and the package's, for check.mjs to compare on odd input.
export const conformance = {
  'totp-wasm': { generateTotp: totpWasm.generateTotp, verifyTotp: totpWasm.verifyTotp },
  [JS_CHECKED]: { generateTotp: floor.generateTotpJsChecked, verifyTotp: floor.verifyTotpJsChecked },
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
 * The timed operations common to both runtimes, for tables of calls (contender name -> call
 * with its arguments open): name, the issue's target ratio (null: none) against `reference`
 * (the peer the issue names), and a zero-argument call per contender.
 */
export function commonOperations(c) {
  const validToken = generateTotp['totp-wasm'](NOW_SECONDS);
  const invalidToken = invalidTokenAt(NOW_SECONDS);
  return [
    { name: 'generateTotp', target: 5, reference: 'otpauth', calls: mapValues(c.generateTotp, (f) => () => f(NOW_SECONDS)) },
    {
      name: 'verifyTotp, valid token',
      target: null,
      reference: 'otpauth',
      calls: mapValues(c.verifyTotp, (f) => () => f(validToken, NOW_SECONDS)),
    },
    {
      name: 'verifyTotp, invalid token (window 1)',
      target: 5,
      reference: 'otpauth',
      calls: mapValues(c.verifyTotp, (f) => () => f(invalidToken, NOW_SECONDS)),
    },
    { name: 'provisioningUri', target: 1, reference: 'otpauth', calls: mapValues(c.provisioningUri, (f) => f) },
    {
      name: 'parseUri',
      target: 1,
      reference: 'otpauth',
      calls: mapValues(c.parseUri, ([f]) => () => f(TYPICAL_URI)),
    },
    { name: 'qrSvg (typical otpauth URI)', target: 20, reference: 'qrcode', calls: mapValues(c.qrSvg, (f) => () => f(TYPICAL_URI)) },
  ];
}
