// Secrets, HOTP (RFC 4226) and TOTP (RFC 6238) code generation.
import { expectError, tooShortMessage } from './util.mjs';
import {
  LARGE_COUNTERS,
  RFC4226,
  SECRETS,
  SHA1_SECRET,
  SHA256_SECRET,
  SHARED,
  SHORT_SECRET,
  SHORT_SECRET_HOTP,
  TOO_SHORT_SECRETS,
} from './vectors.mjs';

const MAX = Number.MAX_SAFE_INTEGER;

/** A Date made by another realm's Date constructor: an iframe's in a page, a vm context's in Node. */
function foreignDate(time) {
  if (typeof document !== 'undefined') {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const date = new frame.contentWindow.Date(time);
    frame.remove();
    return date;
  }
  return process.getBuiltinModule('node:vm').runInNewContext(`new Date(${time})`);
}
const BASE32 = /^[A-Z2-7]+$/;

export const codes = [
  [
    'secret: generateSecret gives upper-case unpadded base32 of the requested size',
    (totp, assert) => {
      const secret = totp.generateSecret();
      assert.match(secret, BASE32);
      assert.equal(secret.length, 32, 'default 20 bytes = 160 bits = 32 base32 characters');
      assert.equal(totp.generateSecret(16).length, 26);
      assert.equal(totp.generateSecret(64).length, 103);
      const many = new Set(Array.from({ length: 50 }, () => totp.generateSecret(16)));
      assert.equal(many.size, 50, '50 random 128-bit secrets are distinct');
      assert.match(totp.generateTotp(totp.generateSecret(16), { time: 0 }), /^\d{6}$/);
    },
  ],

  [
    'secret: generateSecret bytes outside 16..=64 throw RangeError naming bytes',
    (totp, assert) => {
      for (const bytes of [15, 65, 0, -1, 20.5, NaN, Infinity]) {
        expectError(assert, () => totp.generateSecret(bytes), 'RangeError', 'bytes');
      }
      expectError(assert, () => totp.generateSecret('20'), 'TypeError', 'bytes');
    },
  ],

  [
    'secret: input tolerates lower case, spaces and = padding',
    (totp, assert) => {
      const tolerant = 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq gezd gnbv gy3t qojq geza====';
      assert.equal(totp.generateTotp(tolerant, { time: 59000, digits: 8, algorithm: 'SHA256' }), '46119246');
      assert.equal(totp.generateHotp(SHA1_SECRET.toLowerCase(), 0), RFC4226[0]);
      assert.equal(totp.generateHotp(SHORT_SECRET, 0), SHORT_SECRET_HOTP[0]);
      assert.equal(totp.generateHotp(`${SHORT_SECRET}======`, 1), SHORT_SECRET_HOTP[1]);
    },
  ],

  [
    'secret: under 80 bits throws RangeError naming secret from every function; 80 bits work',
    (totp, assert) => {
      const key = new Uint8Array(32).fill(1);
      const service = new totp.TOTPService();
      const calls = [
        ['generateTotp', (s) => totp.generateTotp(s, { time: 0 })],
        ['verifyTotp', (s) => totp.verifyTotp(s, '123456', { time: 0 })],
        ['checkTotp', (s) => totp.checkTotp(s, '123456', { time: 0 })],
        ['generateHotp', (s) => totp.generateHotp(s, 0)],
        ['checkHotp', (s) => totp.checkHotp(s, '123456', 0)],
        ['provisioningUri', (s) => totp.provisioningUri({ secret: s, account: 'a', allowShortSecret: true })],
        ['verifyTotpAttempt', (s) => totp.verifyTotpAttempt(s, '123456', null, { time: 0 })],
        ['encryptSecret', (s) => totp.encryptSecret(s, key, 'user:1')],
        ['TOTPService#verifyToken', (s) => service.verifyToken(s, '123456')],
        ['TOTPService#getProvisioningUri', (s) => service.getProvisioningUri(s, 'a@b.c', 'Co')],
      ];
      for (const [secret, bits] of TOO_SHORT_SECRETS) {
        for (const form of [secret, `${secret.toLowerCase()}====`]) {
          for (const [name, call] of calls) {
            const error = expectError(assert, () => call(form), 'RangeError', 'secret');
            assert.equal(error.message, `secret: ${tooShortMessage(bits)}`, `${name}(${JSON.stringify(form)})`);
          }
        }
      }
      assert.equal(totp.generateHotp(SHORT_SECRET, 2), SHORT_SECRET_HOTP[2], 'exactly 80 bits');
      assert.equal(totp.checkHotp(SHORT_SECRET, SHORT_SECRET_HOTP[1], 0, { lookAhead: 1 }), 1);
      assert.equal(totp.verifyTotp(SHORT_SECRET, totp.generateTotp(SHORT_SECRET, { time: 0 }), { time: 0 }), true);
      assert.equal(totp.verifyTotpAttempt(SHORT_SECRET, totp.generateTotp(SHORT_SECRET, { time: 0 }), null, { time: 0 }).ok, true);
      assert.equal(totp.decryptSecret(totp.encryptSecret(SHORT_SECRET, key, 'user:1'), key, 'user:1'), SHORT_SECRET);
    },
  ],

  [
    'secret: other characters and empty secrets throw naming secret',
    (totp, assert) => {
      for (const bad of [
        'JBSWY3DPEHPK3PX1',
        'JBSWY3DPEHPK3PX0',
        'JBSWY3DPEHPK3PX8',
        'JBSWY3DP-EHPK3PXP',
        'JBSWY3DPEHPK3PXé',
        'JBSWY3DP\tEHPK3PXP',
      ]) {
        expectError(assert, () => totp.generateTotp(bad), 'TypeError', 'secret');
      }
      for (const empty of ['', '   ', '====']) expectError(assert, () => totp.generateTotp(empty), null, 'secret');
      expectError(assert, () => totp.generateTotp(undefined), 'TypeError', 'secret');
    },
  ],

  [
    'hotp: counters past 2^32 up to Number.MAX_SAFE_INTEGER',
    (totp, assert) => {
      for (const { counter, code } of LARGE_COUNTERS)
        assert.equal(totp.generateHotp(SHA1_SECRET, counter), code, `counter ${counter}`);
    },
  ],

  [
    'hotp: equals TOTP of the same step for every RFC 6238 vector',
    (totp, assert) => {
      for (const { time, algorithm, code } of SHARED.rfc6238.cases) {
        const counter = Math.floor(time / 30);
        assert.equal(
          totp.generateHotp(SECRETS[algorithm], counter, { algorithm, digits: 8 }),
          code,
          `${algorithm} counter ${counter}`,
        );
      }
    },
  ],

  [
    'hotp: counter must be an integer 0..=MAX_SAFE_INTEGER',
    (totp, assert) => {
      for (const counter of [-1, MAX + 1, 2 ** 64, 1.5, NaN, Infinity]) {
        expectError(assert, () => totp.generateHotp(SHA1_SECRET, counter), 'RangeError', 'counter');
      }
      for (const counter of ['1', 1n, null, undefined]) {
        expectError(assert, () => totp.generateHotp(SHA1_SECRET, counter), 'TypeError', 'counter');
      }
    },
  ],

  [
    'checkHotp: the matching counter within lookAhead, else null',
    (totp, assert) => {
      const token = RFC4226[7];
      assert.equal(totp.checkHotp(SHA1_SECRET, token, 7), 7, 'default lookAhead 0, exact counter');
      assert.equal(totp.checkHotp(SHA1_SECRET, token, 6), null, 'default lookAhead is 0');
      assert.equal(totp.checkHotp(SHA1_SECRET, token, 3, { lookAhead: 4 }), 7);
      assert.equal(totp.checkHotp(SHA1_SECRET, token, 3, { lookAhead: 3 }), null);
      assert.equal(totp.checkHotp(SHA1_SECRET, token, 8, { lookAhead: 100 }), null, 'no look-behind');
      assert.equal(totp.checkHotp(SHA1_SECRET, RFC4226[0], 0, { lookAhead: 100 }), 0);
      const code = totp.generateHotp(SHA256_SECRET, 40, { algorithm: 'SHA256', digits: 8 });
      assert.equal(totp.checkHotp(SHA256_SECRET, code, 0, { algorithm: 'SHA256', digits: 8, lookAhead: 40 }), 40);
      assert.equal(totp.checkHotp(SHA256_SECRET, code, 0, { digits: 8, lookAhead: 40 }), null, 'other algorithm');
      for (const lookAhead of [101, -1, 1.5]) {
        expectError(assert, () => totp.checkHotp(SHA1_SECRET, token, 0, { lookAhead }), 'RangeError', 'lookAhead');
      }
    },
  ],

  [
    'checkHotp: look-ahead near MAX_SAFE_INTEGER neither overflows nor throws',
    (totp, assert) => {
      const last = LARGE_COUNTERS.at(-1);
      assert.equal(totp.checkHotp(SHA1_SECRET, last.code, MAX - 2, { lookAhead: 5 }), MAX);
      assert.equal(totp.checkHotp(SHA1_SECRET, last.code, MAX), MAX);
      assert.equal(totp.checkHotp(SHA1_SECRET, RFC4226[0], MAX, { lookAhead: 100 }), null);
    },
  ],

  [
    'totp: time in ms is floored and equals HOTP of floor(time / period)',
    (totp, assert) => {
      assert.equal(totp.generateTotp(SHA1_SECRET, { time: 29999.9 }), RFC4226[0]);
      assert.equal(totp.generateTotp(SHA1_SECRET, { time: 30000 }), RFC4226[1]);
      assert.equal(totp.generateTotp(SHA1_SECRET, { time: 0 }), RFC4226[0]);
      for (const period of [1, 7, 60, 3600]) {
        for (const time of [0, 999, 1000, 59999, 1700000000123]) {
          const counter = Math.floor(time / 1000 / period);
          assert.equal(
            totp.generateTotp(SHA1_SECRET, { time, period }),
            totp.generateHotp(SHA1_SECRET, counter),
            `period ${period}, time ${time}`,
          );
        }
      }
    },
  ],

  [
    'totp: the default time is now',
    (totp, assert) => {
      const before = Date.now();
      const code = totp.generateTotp(SHA1_SECRET);
      const after = Date.now();
      const candidates = [before, after].map((time) => totp.generateTotp(SHA1_SECRET, { time }));
      assert.ok(candidates.includes(code), `${code} is the code at ${before} or ${after} (${candidates})`);
    },
  ],

  [
    'totp: a Date from another realm (an iframe, a vm context) is a Date; a fake one is not',
    (totp, assert) => {
      const time = 1111111109000;
      const foreign = foreignDate(time);
      assert.ok(!(foreign instanceof Date), 'the Date comes from another realm');
      assert.equal(totp.generateTotp(SHA1_SECRET, { time: foreign }), totp.generateTotp(SHA1_SECRET, { time }));
      assert.equal(totp.remainingSeconds({ time: foreign }), totp.remainingSeconds({ time }));
      expectError(assert, () => totp.generateTotp(SHA1_SECRET, { time: Object.create(Date.prototype) }), 'TypeError', 'time');
    },
  ],

  [
    'totp: negative or non-finite time throws RangeError, other types TypeError',
    (totp, assert) => {
      for (const time of [-1, -0.5, NaN, Infinity, -Infinity, new Date(NaN), new Date(-1000)]) {
        expectError(assert, () => totp.generateTotp(SHA1_SECRET, { time }), 'RangeError', 'time');
      }
      for (const time of ['59000', 59000n, {}, [59000]]) {
        expectError(assert, () => totp.generateTotp(SHA1_SECRET, { time }), 'TypeError', 'time');
      }
    },
  ],

  [
    'totp: digits, period and algorithm are validated',
    (totp, assert) => {
      for (const digits of [5, 9, 6.5, 0])
        expectError(assert, () => totp.generateTotp(SHA1_SECRET, { digits }), 'RangeError', 'digits');
      for (const period of [0, 3601, 1.5, -30])
        expectError(assert, () => totp.generateTotp(SHA1_SECRET, { period }), 'RangeError', 'period');
      for (const algorithm of ['MD5', 'SHA-1', 'SHA3', '', 1]) {
        expectError(assert, () => totp.generateTotp(SHA1_SECRET, { algorithm }), 'TypeError', 'algorithm');
      }
      assert.match(totp.generateTotp(SHA1_SECRET, { digits: 7, period: 3600, time: 0 }), /^\d{7}$/);
      assert.match(totp.generateTotp(SHA1_SECRET, { period: 1, time: 0 }), /^\d{6}$/);
    },
  ],
];
