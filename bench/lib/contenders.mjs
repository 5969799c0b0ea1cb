// Each operation with every library's fastest correct call for it. Peers get what makes them
// fastest: the secret already decoded to bytes where their API takes bytes (totp-wasm decodes the
// base32 string on every call), and their synchronous variants. The calls that also run in the
// browser live in contenders-common.mjs; the Node-only ones are added here.
import * as totpWasm from 'totp-wasm';
import * as OTPAuth from 'otpauth';
import * as otplib from 'otplib';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { parse as otplibParseUri } from '@otplib/uri';
import speakeasy from 'speakeasy';
import * as common from './contenders-common.mjs';
import { SECRET, SECRET_BYTES, ACCOUNT, ISSUER, PERIOD } from './fixtures.mjs';

const otpauthSecret = OTPAuth.Secret.fromBase32(SECRET);
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

const { qrSvg, TYPICAL_URI, invalidTokenAt, mapValues, conformance } = common;

/** The timed operations: name, issue target ratio (null: none), and a zero-argument call per contender. */
export function operations() {
  return [
    ...common.codeOperations(generateTotp, verifyTotp),
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
    common.qrOperation(qrSvg),
  ];
}

// Per operation, each library's call with its arguments open, for check.mjs to probe.
export { generateTotp, verifyTotp, generateSecret, provisioningUri, parseUri, qrSvg, invalidTokenAt, TYPICAL_URI, conformance };
