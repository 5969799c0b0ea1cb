// Each operation with every library's fastest correct call for it. Peers get what makes them
// fastest: the secret already decoded to bytes where their API takes bytes (totp-wasm decodes the
// base32 string on every call), and their synchronous variants. The calls that also run in the
// browser live in contenders-common.mjs; the Node-only ones are added here.
import * as totpWasm from 'totp-wasm';
import * as OTPAuth from 'otpauth';
import * as otplib from 'otplib';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import speakeasy from 'speakeasy';
import * as common from './contenders-common.mjs';
import { SECRET, SECRET_BYTES, ACCOUNT, ISSUER, PERIOD } from './fixtures.mjs';

const secretBuffer = Buffer.from(SECRET_BYTES);
const nodeCrypto = new NodeCryptoPlugin();

const generateTotp = {
  ...common.generateTotp,
  'otplib (node crypto)': (seconds) =>
    otplib.generateSync({ secret: SECRET_BYTES, epoch: seconds, crypto: nodeCrypto }),
  speakeasy: (seconds) => speakeasy.totp({ secret: secretBuffer, time: seconds }),
};

const verifyTotp = {
  ...common.verifyTotp,
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
  ...common.provisioningUri,
  speakeasy: () => speakeasy.otpauthURL({ secret: SECRET, encoding: 'base32', label: ACCOUNT, issuer: ISSUER }),
};

const { parseUri, qrSvg, TYPICAL_URI, invalidTokenAt, mapValues, conformance } = common;

/** The timed operations: name, target ratio against `reference` (null: none), a zero-argument call per contender. */
export function operations() {
  const [generate, valid, invalid, ...rest] = common.commonOperations({ generateTotp, verifyTotp, provisioningUri, parseUri, qrSvg });
  return [
    generate,
    valid,
    invalid,
    { name: 'generateSecret', target: null, reference: 'otpauth', calls: mapValues(generateSecret, (f) => f) },
    ...rest,
  ];
}

// Per operation, each library's call with its arguments open, for check.mjs to probe.
export { generateTotp, verifyTotp, generateSecret, provisioningUri, parseUri, qrSvg, invalidTokenAt, TYPICAL_URI, conformance };
