// The shared data vectors (tests/vectors/*.json, also read by the Rust tests) through the JS API.
import { base32Decode, expectError, secretBits, tooShortMessage } from './util.mjs';
import { SECRETS, SHARED, SHORT_SECRET } from './vectors.mjs';

const { base32, rfc4226, rfc6238, uri, window: windowVectors } = SHARED;

/** HOTP computed with WebCrypto's HMAC, an oracle independent of the package. */
async function referenceHotp(keyBytes, counter, digits = 6) {
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const message = new DataView(new ArrayBuffer(8));
  message.setUint32(0, Math.floor(counter / 2 ** 32));
  message.setUint32(4, counter >>> 0);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
  const offset = mac[mac.length - 1] & 0x0f;
  const truncated = new DataView(mac.buffer).getUint32(offset) & 0x7fffffff;
  return String(truncated % 10 ** digits).padStart(digits, '0');
}

// The vectors' short keys ("f" .. "foobar") are under the 80 bits every function takes: each is
// checked to be refused, and decoded behind an 80-bit prefix (16 symbols: no padding inside).
const PREFIX = SHORT_SECRET;
const PREFIX_BYTES = base32Decode(PREFIX);
const concat = (a, b) => Uint8Array.from([...a, ...b]);
/** provisioningUri for a secret of any length from 80 bits (allowShortSecret below 128). */
const uriFor = (totp, options) =>
  totp.provisioningUri(secretBits(options.secret) < 128 ? { ...options, allowShortSecret: true } : options);

/** The exact error message and class; the vectors pin both. */
function expectExactError(assert, fn, errorClass, message, where) {
  const error = expectError(assert, fn, errorClass, message.slice(0, message.indexOf(':')));
  assert.equal(error.message, message, where);
}

/** The parseUri result must carry every field the vector lists, with that value. */
function assertParsed(assert, actual, expected, where) {
  for (const [key, value] of Object.entries(expected)) assert.deepEqual(actual[key], value, `${where}: ${key}`);
}

export const shared = [
  [
    `vectors: ${rfc4226.source}, 6 digits and the truncated value at 7 and 8`,
    (totp, assert) => {
      for (const { counter, code, truncated } of rfc4226.cases) {
        assert.equal(totp.generateHotp(rfc4226.secret_base32, counter), code, `counter ${counter}`);
        for (const digits of [7, 8]) {
          const expected = String(truncated % 10 ** digits).padStart(digits, '0');
          assert.equal(
            totp.generateHotp(rfc4226.secret_base32, counter, { digits }),
            expected,
            `counter ${counter}, ${digits} digits`,
          );
        }
      }
    },
  ],

  [
    `vectors: ${rfc6238.source}, SHA1/SHA256/SHA512 at ms and Date times`,
    (totp, assert) => {
      for (const { time, algorithm, code } of rfc6238.cases) {
        const options = { algorithm, digits: rfc6238.digits, period: rfc6238.period, time: time * 1000 };
        assert.equal(totp.generateTotp(SECRETS[algorithm], options), code, `${algorithm} at ${time} s`);
        assert.equal(
          totp.generateTotp(SECRETS[algorithm], { ...options, time: new Date(time * 1000) }),
          code,
          `${algorithm} at a Date`,
        );
        assert.equal(
          totp.verifyTotp(SECRETS[algorithm], code, { ...options, window: 0 }),
          true,
          `${algorithm} verifies at ${time} s`,
        );
      }
      assert.equal(totp.generateTotp(SECRETS.SHA1, { time: 59000 }), '287082', 'defaults SHA1, 6 digits, 30 s');
    },
  ],

  [
    'vectors: base32 (RFC 4648) secrets decode to the right key, padded or not',
    async (totp, assert) => {
      for (const { ascii, padded, unpadded, error } of base32.cases) {
        if (error) {
          for (const secret of [padded, unpadded])
            expectExactError(assert, () => totp.generateHotp(secret, 0), 'TypeError', error, JSON.stringify(secret));
        } else {
          const bits = ascii.length * 8;
          assert.ok(bits < 80, 'the vectors are all short keys');
          for (const secret of [padded, unpadded]) {
            const message = `secret: ${tooShortMessage(bits)}`;
            expectExactError(assert, () => totp.generateHotp(secret, 0), 'RangeError', message, JSON.stringify(secret));
          }
        }
        const key = concat(PREFIX_BYTES, new TextEncoder().encode(ascii));
        const expected = await referenceHotp(key, 0);
        for (const secret of [PREFIX + padded, PREFIX + unpadded]) {
          assert.equal(totp.generateHotp(secret, 0), expected, `${secret} is the key "${PREFIX}" + "${ascii}"`);
        }
        const uriText = uriFor(totp, { secret: PREFIX + padded, account: 'a' });
        const canonical = PREFIX + unpadded;
        assert.ok(
          uriText.includes(`secret=${canonical}&`) || uriText.endsWith(`secret=${canonical}`),
          `canonical in ${uriText}`,
        );
      }
    },
  ],

  [
    'vectors: base32 tolerant inputs act as their canonical form',
    (totp, assert) => {
      for (const { input, canonical } of base32.tolerant) {
        const where = JSON.stringify(input);
        const bits = secretBits(canonical);
        if (bits < 80) {
          for (const secret of [input, canonical])
            expectExactError(assert, () => totp.generateHotp(secret, 1), 'RangeError', `secret: ${tooShortMessage(bits)}`, where);
        } else {
          assert.equal(totp.generateHotp(input, 1), totp.generateHotp(canonical, 1), where);
          assert.equal(totp.parseUri(uriFor(totp, { secret: input, account: 'a' })).secret, canonical, where);
        }
        // Behind the prefix, every input is long enough.
        assert.equal(totp.generateHotp(PREFIX + input, 1), totp.generateHotp(PREFIX + canonical, 1), `prefix + ${where}`);
        assert.equal(
          totp.parseUri(uriFor(totp, { secret: PREFIX + input, account: 'a' })).secret,
          PREFIX + canonical,
          `prefix + ${where}`,
        );
      }
    },
  ],

  [
    'vectors: base32 invalid secrets throw the exact TypeError from every function',
    (totp, assert) => {
      for (const { input, error } of base32.invalid) {
        const where = JSON.stringify(input);
        expectExactError(assert, () => totp.generateTotp(input), 'TypeError', error, `generateTotp ${where}`);
        expectExactError(assert, () => totp.verifyTotp(input, '123456'), 'TypeError', error, `verifyTotp ${where}`);
        expectExactError(assert, () => totp.checkHotp(input, '123456', 0), 'TypeError', error, `checkHotp ${where}`);
        expectExactError(
          assert,
          () => totp.provisioningUri({ secret: input, account: 'a' }),
          'TypeError',
          error,
          `provisioningUri ${where}`,
        );
      }
    },
  ],

  [
    'vectors: parseUri results (tests/vectors/uri.json)',
    (totp, assert) => {
      for (const { description, uri: text, expected } of uri.parse) {
        const bits = secretBits(expected.secret);
        if (bits < 80) {
          // A secret under 80 bits (a vector from before the second edition) is refused.
          const error = expectError(assert, () => totp.parseUri(text), 'RangeError', 'uri');
          assert.equal(error.message, `uri: secret parameter: ${tooShortMessage(bits)}`, description);
        } else assertParsed(assert, totp.parseUri(text), expected, description);
      }
    },
  ],

  [
    'vectors: parseUri rejections, error class and message',
    (totp, assert) => {
      for (const { uri: text, error, error_class: errorClass } of uri.parse_invalid) {
        const thrown = expectError(assert, () => totp.parseUri(text), errorClass, 'uri');
        assert.ok(
          thrown.message.includes(error),
          `${JSON.stringify(text)}: expected "${error}" in "${thrown.message}"`,
        );
      }
    },
  ],

  [
    'vectors: provisioningUri builds the exact URI, which parses back',
    (totp, assert) => {
      for (const { description, options, uri: expected } of uri.build) {
        if (secretBits(options.secret) < 128) {
          // The vectors use an 80-bit secret: re-issuing one takes allowShortSecret.
          const error = expectError(assert, () => totp.provisioningUri(options), 'RangeError', 'secret');
          assert.match(error.message, /at least 128 bits.*allowShortSecret/, description);
        }
        assert.equal(uriFor(totp, options), expected, description);
        const parsed = totp.parseUri(expected);
        assert.equal(parsed.account, options.account, description);
        assert.equal(parsed.issuer, options.issuer ?? null, description);
      }
    },
  ],

  [
    'vectors: provisioningUri rejections, error class and message',
    (totp, assert) => {
      for (const { options, error, error_class: errorClass } of uri.build_invalid) {
        const thrown = expectError(
          assert,
          () => totp.provisioningUri({ ...options, allowShortSecret: true }),
          errorClass,
          error.slice(0, error.indexOf(':')),
        );
        assert.ok(
          thrown.message.includes(error),
          `${JSON.stringify(options)}: expected "${error}" in "${thrown.message}"`,
        );
      }
    },
  ],

  [
    'vectors: checkTotp on colliding steps: smallest |delta|, the past on a tie',
    (totp, assert) => {
      const { secret_base32: secret, algorithm, digits, period } = windowVectors;
      for (const { steps, code } of windowVectors.collisions) {
        for (const step of steps)
          assert.equal(totp.generateHotp(secret, step, { algorithm, digits }), code, `step ${step}`);
      }
      for (const { step, window, token, delta, why } of windowVectors.cases) {
        const options = { algorithm, digits, period, window, time: step * period * 1000 };
        assert.equal(totp.checkTotp(secret, token, options), delta, why);
        assert.equal(totp.verifyTotp(secret, token, options), delta !== null, why);
      }
    },
  ],
];
