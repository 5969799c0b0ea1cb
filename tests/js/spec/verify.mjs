// Verification: windows and deltas (verifyTotp, checkTotp), token handling, remainingSeconds.
import { expectError, stepTime } from './util.mjs';
import { RFC4226, SHA1_SECRET, SHA256_SECRET } from './vectors.mjs';

// Step 37037036 (RFC 6238's 1111111109 s), far from the epoch so every window fits.
const T = 1111111109000;
const STEP = Math.floor(T / 30000);

export const verification = [
  [
    'verifyTotp: the default window accepts exactly the previous, current and next step',
    (totp, assert) => {
      const at = (delta) => totp.generateTotp(SHA1_SECRET, { time: stepTime(STEP + delta) });
      for (const delta of [-1, 0, 1])
        assert.equal(totp.verifyTotp(SHA1_SECRET, at(delta), { time: T }), true, `delta ${delta}`);
      for (const delta of [-3, -2, 2, 3])
        assert.equal(totp.verifyTotp(SHA1_SECRET, at(delta), { time: T }), false, `delta ${delta}`);
    },
  ],

  [
    'verifyTotp: window 0 and 10; outside 0..=10 throws RangeError',
    (totp, assert) => {
      const at = (delta) => totp.generateTotp(SHA1_SECRET, { time: stepTime(STEP + delta) });
      assert.equal(totp.verifyTotp(SHA1_SECRET, at(0), { time: T, window: 0 }), true);
      assert.equal(totp.verifyTotp(SHA1_SECRET, at(1), { time: T, window: 0 }), false);
      assert.equal(totp.verifyTotp(SHA1_SECRET, at(-1), { time: T, window: 0 }), false);
      for (const delta of [-10, 10])
        assert.equal(totp.verifyTotp(SHA1_SECRET, at(delta), { time: T, window: 10 }), true, `delta ${delta}`);
      for (const delta of [-11, 11])
        assert.equal(totp.verifyTotp(SHA1_SECRET, at(delta), { time: T, window: 10 }), false, `delta ${delta}`);
      for (const window of [11, -1, 1.5, NaN]) {
        expectError(assert, () => totp.verifyTotp(SHA1_SECRET, at(0), { time: T, window }), 'RangeError', 'window');
        expectError(assert, () => totp.checkTotp(SHA1_SECRET, at(0), { time: T, window }), 'RangeError', 'window');
      }
    },
  ],

  [
    'checkTotp: returns the step offset, null outside the window',
    (totp, assert) => {
      for (const delta of [-3, -2, -1, 0, 1, 2, 3]) {
        const token = totp.generateTotp(SHA256_SECRET, {
          algorithm: 'SHA256',
          digits: 8,
          period: 60,
          time: stepTime(Math.floor(T / 60000) + delta, 60),
        });
        const options = { algorithm: 'SHA256', digits: 8, period: 60, time: T };
        assert.equal(totp.checkTotp(SHA256_SECRET, token, { ...options, window: 3 }), delta, `delta ${delta}`);
        assert.equal(
          totp.checkTotp(SHA256_SECRET, token, { ...options, window: 2 }),
          Math.abs(delta) <= 2 ? delta : null,
          `delta ${delta}, window 2`,
        );
      }
    },
  ],

  [
    'checkTotp: near the epoch the window is cut at step 0',
    (totp, assert) => {
      assert.equal(totp.checkTotp(SHA1_SECRET, RFC4226[0], { time: 0, window: 10 }), 0);
      assert.equal(totp.checkTotp(SHA1_SECRET, RFC4226[1], { time: 0 }), 1);
      assert.equal(totp.checkTotp(SHA1_SECRET, RFC4226[0], { time: 45000, window: 10 }), -1);
    },
  ],

  [
    'tokens: ASCII spaces are ignored; malformed strings give false / null',
    (totp, assert) => {
      const options = { time: 59000 };
      for (const token of ['287082', '287 082', ' 287082 ', '2 8 7 0 8 2']) {
        assert.equal(totp.verifyTotp(SHA1_SECRET, token, options), true, JSON.stringify(token));
        assert.equal(totp.checkHotp(SHA1_SECRET, token, 1), 1, JSON.stringify(token));
      }
      const malformed = [
        '',
        ' ',
        '28708',
        '2870822',
        '28708a',
        '287\t082',
        '２８７０８２',
        '-287082',
        '+28708',
        '2.8708',
        '287082\n',
        '0x1234',
        '٢٨٧٠٨٢',
      ];
      for (const token of malformed) {
        assert.equal(totp.verifyTotp(SHA1_SECRET, token, options), false, JSON.stringify(token));
        assert.equal(totp.checkTotp(SHA1_SECRET, token, options), null, JSON.stringify(token));
        assert.equal(totp.checkHotp(SHA1_SECRET, token, 0, { lookAhead: 10 }), null, JSON.stringify(token));
      }
      assert.equal(totp.verifyTotp(SHA1_SECRET, '94287082', options), false, 'an 8-digit code with digits 6');
      assert.equal(totp.verifyTotp(SHA1_SECRET, '94287082', { ...options, digits: 8 }), true);
      assert.equal(
        totp.verifyTotp(SHA1_SECRET, '287082', { ...options, digits: 8 }),
        false,
        'a 6-digit code with digits 8',
      );
    },
  ],

  [
    'tokens: leading zeros are kept',
    (totp, assert) => {
      const code = totp.generateTotp(SHA1_SECRET, { time: 1111111109000, digits: 8 });
      assert.equal(code, '07081804');
      assert.equal(totp.verifyTotp(SHA1_SECRET, code, { time: 1111111109000, digits: 8 }), true);
      assert.equal(totp.verifyTotp(SHA1_SECRET, '7081804', { time: 1111111109000, digits: 8 }), false);
    },
  ],

  [
    'tokens: anything but a string throws TypeError naming token',
    (totp, assert) => {
      for (const token of [287082, 287082n, null, undefined, ['287082'], { toString: () => '287082' }]) {
        expectError(assert, () => totp.verifyTotp(SHA1_SECRET, token, { time: 59000 }), 'TypeError', 'token');
        expectError(assert, () => totp.checkTotp(SHA1_SECRET, token, { time: 59000 }), 'TypeError', 'token');
        expectError(assert, () => totp.checkHotp(SHA1_SECRET, token, 1), 'TypeError', 'token');
      }
    },
  ],

  [
    'remainingSeconds: whole seconds until the code changes, 1..=period',
    (totp, assert) => {
      const cases = [
        [{ time: 0 }, 30],
        [{ time: 999 }, 30],
        [{ time: 1000 }, 29],
        [{ time: 29000 }, 1],
        [{ time: 29999 }, 1],
        [{ time: 30000 }, 30],
        [{ time: 59000 }, 1],
        [{ time: 45500, period: 60 }, 15],
        [{ time: 5000, period: 1 }, 1],
        [{ time: new Date(3599000), period: 3600 }, 1],
        [{ time: 1111111109000 }, 1],
      ];
      for (const [options, expected] of cases)
        assert.equal(totp.remainingSeconds(options), expected, JSON.stringify(options));
      const now = totp.remainingSeconds();
      assert.ok(Number.isInteger(now) && now >= 1 && now <= 30, `default: ${now}`);
      assert.ok(totp.remainingSeconds({ period: 5 }) <= 5);
    },
  ],

  [
    'remainingSeconds: validates period and time',
    (totp, assert) => {
      for (const period of [0, 3601, 2.5])
        expectError(assert, () => totp.remainingSeconds({ period }), 'RangeError', 'period');
      for (const time of [-1, NaN]) expectError(assert, () => totp.remainingSeconds({ time }), 'RangeError', 'time');
    },
  ],
];
