// Each operation with every library's fastest correct call for it. Peers get what makes them
// fastest: the secret already decoded to bytes where their API takes bytes (totp-wasm decodes the
// base32 string on every call), and their synchronous variants.
import * as totpWasm from 'totp-wasm';
import * as OTPAuth from 'otpauth';
import * as otplib from 'otplib';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { parse as otplibParseUri } from '@otplib/uri';
import speakeasy from 'speakeasy';
import QRCode from 'qrcode';
import { SECRET, SECRET_BYTES, ACCOUNT, ISSUER, NOW_SECONDS, PERIOD } from './fixtures.mjs';

const otpauthSecret = OTPAuth.Secret.fromBase32(SECRET);
const secretBuffer = Buffer.from(SECRET_BYTES);
const nodeCrypto = new NodeCryptoPlugin();

const generateTotp = {
  'totp-wasm': (seconds) => totpWasm.generateTotp(SECRET, { time: seconds * 1000 }),
  otpauth: (seconds) => OTPAuth.TOTP.generate({ secret: otpauthSecret, timestamp: seconds * 1000 }),
  otplib: (seconds) => otplib.generateSync({ secret: SECRET_BYTES, epoch: seconds }),
  'otplib (node crypto)': (seconds) =>
    otplib.generateSync({ secret: SECRET_BYTES, epoch: seconds, crypto: nodeCrypto }),
  speakeasy: (seconds) => speakeasy.totp({ secret: secretBuffer, time: seconds }),
};

// window 1 = the steps before and after the current one; otplib expresses it in seconds.
const verifyTotp = {
  'totp-wasm': (token, seconds) => totpWasm.verifyTotp(SECRET, token, { time: seconds * 1000, window: 1 }),
  otpauth: (token, seconds) =>
    OTPAuth.TOTP.validate({ token, secret: otpauthSecret, timestamp: seconds * 1000, window: 1 }) !== null,
  otplib: (token, seconds) =>
    otplib.verifySync({ secret: SECRET_BYTES, token, epoch: seconds, epochTolerance: PERIOD }).valid,
  'otplib (node crypto)': (token, seconds) =>
    otplib.verifySync({
      secret: SECRET_BYTES,
      token,
      epoch: seconds,
      epochTolerance: PERIOD,
      crypto: nodeCrypto,
    }).valid,
  speakeasy: (token, seconds) => speakeasy.totp.verify({ secret: secretBuffer, token, time: seconds, window: 1 }),
};

const generateSecret = {
  'totp-wasm': () => totpWasm.generateSecret(20),
  otpauth: () => new OTPAuth.Secret({ size: 20 }).base32,
  otplib: () => otplib.generateSecret({ length: 20 }),
  'otplib (node crypto)': () => otplib.generateSecret({ length: 20, crypto: nodeCrypto }),
  // speakeasy draws 20 characters from a 62-letter alphabet (not 20 random bytes), then encodes them.
  speakeasy: () => speakeasy.generateSecret({ length: 20, otpauth_url: false }).base32,
};

const provisioningUri = {
  'totp-wasm': () => totpWasm.provisioningUri({ secret: SECRET, account: ACCOUNT, issuer: ISSUER }),
  otpauth: () => new OTPAuth.TOTP({ issuer: ISSUER, label: ACCOUNT, secret: otpauthSecret }).toString(),
  otplib: () => otplib.generateURI({ issuer: ISSUER, label: ACCOUNT, secret: SECRET }),
  speakeasy: () => speakeasy.otpauthURL({ secret: SECRET, encoding: 'base32', label: ACCOUNT, issuer: ISSUER }),
};

// Each parser with a view of its result as [secret, account, issuer], for the correctness check.
const parseUri = {
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

const qrSvg = {
  'totp-wasm': (text) => totpWasm.qrSvg(text),
  qrcode: qrcodeSvg,
};

export const TYPICAL_URI = totpWasm.provisioningUri({ secret: SECRET, account: ACCOUNT, issuer: ISSUER });

const mapValues = (object, f) => Object.fromEntries(Object.entries(object).map(([name, value]) => [name, f(value)]));

function invalidTokenAt(seconds) {
  const accepted = [-1, 0, 1].map((d) => totpWasm.generateTotp(SECRET, { time: (seconds + d * PERIOD) * 1000 }));
  for (let n = 0; ; n++) {
    const token = String(n).padStart(6, '0');
    if (!accepted.includes(token)) return token;
  }
}

/** The timed operations: name, issue target ratio (null: none), and a zero-argument call per contender. */
export function operations() {
  const validToken = totpWasm.generateTotp(SECRET, { time: NOW_SECONDS * 1000 });
  const invalidToken = invalidTokenAt(NOW_SECONDS);
  return [
    { name: 'generateTotp', target: 5, calls: mapValues(generateTotp, (f) => () => f(NOW_SECONDS)) },
    {
      name: 'verifyTotp, valid token',
      target: null,
      calls: mapValues(verifyTotp, (f) => () => f(validToken, NOW_SECONDS)),
    },
    {
      name: 'verifyTotp, invalid token (window 1)',
      target: 5,
      calls: mapValues(verifyTotp, (f) => () => f(invalidToken, NOW_SECONDS)),
    },
    { name: 'generateSecret', target: null, calls: mapValues(generateSecret, (f) => f) },
    { name: 'provisioningUri', target: null, calls: mapValues(provisioningUri, (f) => f) },
    {
      name: 'parseUri',
      target: null,
      calls: mapValues(
        parseUri,
        ([f]) =>
          () =>
            f(TYPICAL_URI),
      ),
    },
    { name: 'qrSvg (typical otpauth URI)', target: 20, calls: mapValues(qrSvg, (f) => () => f(TYPICAL_URI)) },
  ];
}

// Per operation, each library's call with its arguments open, for check.mjs to probe.
export { generateTotp, verifyTotp, generateSecret, provisioningUri, parseUri, qrSvg, invalidTokenAt };
