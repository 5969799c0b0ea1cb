// Server-side protection (API.md): verifyTotpAttempt's replay protection and throttling, and
// sealing secrets with encryptSecret / decryptSecret. Every attempt passes `time`, so nothing
// here depends on the clock.
import { expectError, stepTime } from './util.mjs';
import { SECRETS, SHA1_SECRET, SHORT_SECRET } from './vectors.mjs';

const S = SHA1_SECRET;
const STEP = 56666666;
const T = stepTime(STEP) + 12345; // inside the step, so ±1 s never crosses a step boundary
const FRESH = null;
const LOCK_MS = 300_000; // the default lockoutSeconds

const codeAt = (totp, step, options = {}) => totp.generateTotp(S, { ...options, time: stepTime(step, options.period) });

/** A well-formed code that matches no step within ±10 of `step`. */
function wrongCode(totp, step) {
  const near = new Set();
  for (let delta = -10; delta <= 10; delta++) near.add(codeAt(totp, step + delta));
  let candidate = Number(codeAt(totp, step));
  do candidate = (candidate + 1) % 1e6;
  while (near.has(String(candidate).padStart(6, '0')));
  return String(candidate).padStart(6, '0');
}

const attempt = (totp, token, state, time, options = {}) =>
  totp.verifyTotpAttempt(S, token, state, { ...options, time });

/** `count` failed attempts one millisecond apart from `time`; returns the last result. */
function failTimes(totp, state, time, count, options) {
  let result = { state };
  for (let i = 0; i < count; i++) result = attempt(totp, wrongCode(totp, STEP), result.state, time + i, options);
  return result;
}

const rejected = (reason, state, retryAfterSeconds = null) => ({
  ok: false,
  reason,
  delta: null,
  state,
  retryAfterSeconds,
});

const GOOD_STATE = { lastStep: null, failures: 0, lockedUntil: null };
const BAD_STATES = [
  ['missing lockedUntil', { lastStep: null, failures: 0 }],
  ['missing failures', { lastStep: null, lockedUntil: null }],
  ['an extra key', { ...GOOD_STATE, version: 1 }],
  ['failures as a string', { ...GOOD_STATE, failures: '0' }],
  ['lastStep as a string', { ...GOOD_STATE, lastStep: '56666666' }],
  ['failures null', { ...GOOD_STATE, failures: null }],
  ['negative failures', { ...GOOD_STATE, failures: -1 }],
  ['negative lockedUntil', { ...GOOD_STATE, lockedUntil: -5 }],
  ['fractional failures', { ...GOOD_STATE, failures: 1.5 }],
  ['fractional lastStep', { ...GOOD_STATE, lastStep: 2.5 }],
  ['NaN failures', { ...GOOD_STATE, failures: NaN }],
  ['failures past 2^53', { ...GOOD_STATE, failures: 2 ** 53 }],
  ['failures as an array', { ...GOOD_STATE, failures: [0] }],
  ['an array', []],
  ['an array of the values', [null, 0, null]],
  ['a JSON string', JSON.stringify(GOOD_STATE)],
  ['a number', 0],
  ['true', true],
];

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Runs `fn`, which must throw the authentication failure: a plain Error, not a TypeError. */
function expectAuthFailure(assert, fn, what) {
  const error = expectError(assert, fn, 'Error', 'sealed');
  assert.ok(!(error instanceof TypeError) && !(error instanceof RangeError), `${what}: ${error.name}`);
  assert.match(error.message, /wrong key|wrong context|tampered/, what);
  assert.doesNotMatch(error.message, /malformed/, what);
}

export const protection = [
  [
    'verifyTotpAttempt: from a null state the current code is ok, with delta and lastStep',
    (totp, assert) => {
      for (const delta of [-1, 0, 1]) {
        assert.deepEqual(
          attempt(totp, codeAt(totp, STEP + delta), FRESH, T),
          {
            ok: true,
            reason: 'ok',
            delta,
            state: { lastStep: STEP + delta, failures: 0, lockedUntil: null },
            retryAfterSeconds: null,
          },
          `delta ${delta}`,
        );
      }
    },
  ],

  [
    'verifyTotpAttempt: a code for the accepted step or an earlier one is replayed; a later one is ok',
    (totp, assert) => {
      const first = attempt(totp, codeAt(totp, STEP), FRESH, T);
      assert.equal(first.reason, 'ok');
      const again = attempt(totp, codeAt(totp, STEP), first.state, T + 1000);
      assert.deepEqual(again, rejected('replayed', { lastStep: STEP, failures: 1, lockedUntil: null }));
      const earlier = attempt(totp, codeAt(totp, STEP - 1), first.state, T + 1000);
      assert.deepEqual(earlier, rejected('replayed', { lastStep: STEP, failures: 1, lockedUntil: null }));
      const later = attempt(totp, codeAt(totp, STEP + 1), again.state, T + 2000);
      const accepted = { lastStep: STEP + 1, failures: 0, lockedUntil: null };
      assert.deepEqual([later.ok, later.delta, later.state], [true, 1, accepted]);
      const old = attempt(totp, codeAt(totp, STEP), later.state, T + 3000);
      assert.equal(old.reason, 'replayed', 'lastStep moved forward');
    },
  ],

  [
    'verifyTotpAttempt: malformed, wrong and replayed tokens each count as a failure',
    (totp, assert) => {
      const accepted = attempt(totp, codeAt(totp, STEP), FRESH, T).state;
      const steps = [
        ['12345', 'malformed'],
        ['abcdef', 'malformed'],
        ['1234567', 'malformed'],
        [wrongCode(totp, STEP), 'invalid'],
        [codeAt(totp, STEP), 'replayed'],
      ];
      let state = accepted;
      steps.slice(0, 4).forEach(([token, reason], index) => {
        const result = attempt(totp, token, state, T + index);
        assert.deepEqual(result, rejected(reason, { lastStep: STEP, failures: index + 1, lockedUntil: null }), token);
        state = result.state;
      });
      // The fifth failure in a row is the default limit: it keeps its own reason and locks.
      const [token, reason] = steps[4];
      const locking = attempt(totp, token, state, T + 10);
      assert.deepEqual(locking, rejected(reason, { lastStep: STEP, failures: 5, lockedUntil: T + 10 + LOCK_MS }, 300));
    },
  ],

  [
    'verifyTotpAttempt: while locked every attempt is refused unchecked and the state is returned unchanged',
    (totp, assert) => {
      const locked = failTimes(totp, FRESH, T, 5);
      assert.deepEqual(locked, rejected('invalid', { lastStep: null, failures: 5, lockedUntil: T + 4 + LOCK_MS }, 300));
      const until = locked.state.lockedUntil;
      for (const [token, time] of [
        [codeAt(totp, STEP), T + 5],
        [codeAt(totp, STEP + 1), T + 1000],
        ['nonsense', T + 60_000],
        [wrongCode(totp, STEP), T + 120_000],
      ]) {
        const snapshot = JSON.parse(JSON.stringify(locked.state));
        const result = attempt(totp, token, locked.state, time);
        const retryAfter = Math.ceil((until - time) / 1000);
        assert.deepEqual(result, rejected('locked', snapshot, retryAfter), `${token} at +${time - T} ms`);
        assert.deepEqual(locked.state, snapshot, 'the input state is not modified');
      }
      const lastMoment = until - 1;
      const right = totp.generateTotp(S, { time: lastMoment });
      const oneMsBefore = attempt(totp, right, locked.state, lastMoment);
      assert.deepEqual(oneMsBefore, rejected('locked', locked.state, 1), 'one ms before lockedUntil');
    },
  ],

  [
    'verifyTotpAttempt: once lockedUntil has come the right code is accepted and failures reset',
    (totp, assert) => {
      const locked = failTimes(totp, FRESH, T, 5);
      const until = locked.state.lockedUntil;
      const step = Math.floor(until / 30000);
      const result = attempt(totp, totp.generateTotp(S, { time: until }), locked.state, until);
      assert.deepEqual(result, {
        ok: true,
        reason: 'ok',
        delta: 0,
        state: { lastStep: step, failures: 0, lockedUntil: null },
        retryAfterSeconds: null,
      });
    },
  ],

  [
    'verifyTotpAttempt: the second lockout in a run of failures lasts twice as long (600 s by default)',
    (totp, assert) => {
      const first = failTimes(totp, FRESH, T, 5);
      const after = first.state.lockedUntil;
      // Failures after the first lockout continue the run without locking until the next multiple.
      const sixth = attempt(totp, wrongCode(totp, STEP), first.state, after);
      assert.deepEqual(sixth, rejected('invalid', { lastStep: null, failures: 6, lockedUntil: null }));
      const second = failTimes(totp, sixth.state, after + 1, 4);
      const doubled = { lastStep: null, failures: 10, lockedUntil: after + 4 + 600_000 };
      assert.deepEqual(second, rejected('invalid', doubled, 600));
      assert.equal(attempt(totp, 'x', second.state, after + 4 + 599_999).reason, 'locked');
    },
  ],

  [
    'verifyTotpAttempt: options window, maxFailures and lockoutSeconds; OTP options apply',
    (totp, assert) => {
      assert.equal(attempt(totp, codeAt(totp, STEP - 1), FRESH, T, { window: 0 }).reason, 'invalid');
      assert.equal(attempt(totp, codeAt(totp, STEP - 2), FRESH, T).reason, 'invalid');
      const wide = attempt(totp, codeAt(totp, STEP - 2), FRESH, T, { window: 2 });
      assert.deepEqual([wide.ok, wide.delta, wide.state.lastStep], [true, -2, STEP - 2]);

      const options = { maxFailures: 2, lockoutSeconds: 60 };
      const once = failTimes(totp, FRESH, T, 1, options);
      assert.deepEqual(once.state, { lastStep: null, failures: 1, lockedUntil: null });
      const twice = failTimes(totp, once.state, T + 1, 1, options);
      assert.deepEqual(twice, rejected('invalid', { lastStep: null, failures: 2, lockedUntil: T + 1 + 60_000 }, 60));
      const immediate = failTimes(totp, FRESH, T, 1, { maxFailures: 1 });
      assert.equal(immediate.state.lockedUntil, T + LOCK_MS, 'maxFailures 1 locks at the first failure');

      const otp = { algorithm: 'SHA256', digits: 8, period: 60 };
      const token = totp.generateTotp(SECRETS.SHA256, { ...otp, time: T });
      const result = totp.verifyTotpAttempt(SECRETS.SHA256, token, FRESH, { ...otp, time: T });
      assert.deepEqual([result.reason, result.state.lastStep], ['ok', Math.floor(T / 60000)]);
      const dated = totp.verifyTotpAttempt(S, codeAt(totp, STEP), FRESH, { time: new Date(T) });
      assert.equal(dated.reason, 'ok', 'time as a Date');
    },
  ],

  [
    'verifyTotpAttempt: options out of range throw RangeError naming the option; unknown keys TypeError',
    (totp, assert) => {
      const token = codeAt(totp, STEP);
      const bad = [
        ['window', [11, -1, 1.5]],
        ['maxFailures', [0, 101, -1, 2.5, NaN]],
        ['lockoutSeconds', [0, 86401, -60, 0.5, Infinity]],
      ];
      for (const [key, values] of bad) {
        for (const value of values)
          expectError(assert, () => attempt(totp, token, FRESH, T, { [key]: value }), 'RangeError', key);
      }
      for (const key of ['maxFailure', 'lockout', 'windows'])
        expectError(assert, () => attempt(totp, token, FRESH, T, { [key]: 1 }), 'TypeError', key);
      for (const value of [1, 100]) assert.equal(attempt(totp, token, FRESH, T, { maxFailures: value }).ok, true);
      for (const value of [1, 86400]) assert.equal(attempt(totp, token, FRESH, T, { lockoutSeconds: value }).ok, true);
    },
  ],

  [
    'verifyTotpAttempt: a state not of the documented shape throws TypeError',
    (totp, assert) => {
      const token = codeAt(totp, STEP);
      for (const [label, state] of BAD_STATES) {
        const error = expectError(assert, () => attempt(totp, token, state, T), 'TypeError', 'state');
        assert.ok(error.message.length > 'state'.length + 10, `${label}: ${error.message}`);
      }
      assert.equal(attempt(totp, token, { ...GOOD_STATE }, T).ok, true, 'the shape itself is accepted');
    },
  ],

  [
    'verifyTotpAttempt: results are plain JSON and a stored state round-trips through JSON',
    (totp, assert) => {
      const viaJson = (value) => JSON.parse(JSON.stringify(value));
      let direct = { state: FRESH };
      let stored = { state: FRESH };
      const tokens = [codeAt(totp, STEP), codeAt(totp, STEP), 'bad', ...Array(4).fill(wrongCode(totp, STEP))];
      tokens.push(codeAt(totp, STEP + 1));
      tokens.forEach((token, index) => {
        const time = T + index * 1000;
        direct = attempt(totp, token, direct.state, time);
        stored = attempt(totp, token, viaJson(stored.state), time);
        assert.deepEqual(viaJson(direct), direct, `attempt ${index} is plain JSON`);
        assert.deepEqual(stored, direct, `attempt ${index} from a JSON state`);
      });
      assert.equal(direct.reason, 'locked', 'the run ended locked');
    },
  ],

  [
    'generateEncryptionKey: 32 random bytes, different every call',
    (totp, assert) => {
      const a = totp.generateEncryptionKey();
      const b = totp.generateEncryptionKey();
      assert.ok(a instanceof Uint8Array, Object.prototype.toString.call(a));
      assert.equal(a.length, 32);
      assert.notEqual(Array.from(a).join(), Array.from(b).join(), 'two keys differ');
      assert.ok(a.some((byte) => byte !== 0), 'not all zero');
    },
  ],

  [
    'encryptSecret / decryptSecret: round trip to the canonical secret, printable v1. format, fresh nonce',
    (totp, assert) => {
      const key = totp.generateEncryptionKey();
      for (const secret of [S, SHORT_SECRET, SECRETS.SHA512]) {
        const sealed = totp.encryptSecret(secret, key, 'user:42');
        assert.match(sealed, /^v1\.[A-Za-z0-9_-]+$/);
        assert.equal(totp.decryptSecret(sealed, key, 'user:42'), secret);
      }
      const loose = 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq====';
      assert.equal(totp.decryptSecret(totp.encryptSecret(loose, key), key), S, 'normalized: upper case, unpadded');
      const a = totp.encryptSecret(S, key, 'user:42');
      const b = totp.encryptSecret(S, key, 'user:42');
      assert.notEqual(a, b, 'two seals of the same secret differ');
      assert.equal(totp.decryptSecret(b, key, 'user:42'), S);
    },
  ],

  [
    'decryptSecret: a wrong key or context throws a plain Error saying so',
    (totp, assert) => {
      const key = totp.generateEncryptionKey();
      const sealed = totp.encryptSecret(S, key, 'user:42');
      expectAuthFailure(assert, () => totp.decryptSecret(sealed, totp.generateEncryptionKey(), 'user:42'), 'wrong key');
      for (const context of ['user:43', 'user:42 ', '', undefined])
        expectAuthFailure(assert, () => totp.decryptSecret(sealed, key, context), `context ${JSON.stringify(context)}`);
      const unbound = totp.encryptSecret(S, key);
      assert.equal(totp.decryptSecret(unbound, key, ''), S, 'no context is the empty context');
      expectAuthFailure(assert, () => totp.decryptSecret(unbound, key, 'user:42'), 'context added');
    },
  ],

  [
    'decryptSecret: any single changed character of the sealed value is detected as tampering',
    (totp, assert) => {
      const key = totp.generateEncryptionKey();
      // A 20-byte secret seals to 48 bytes: 64 base64url characters, none with spare bits.
      const sealed = totp.encryptSecret(S, key, 'user:42');
      assert.equal(sealed.length, 'v1.'.length + 64);
      for (let at = 'v1.'.length; at < sealed.length; at++) {
        const other = BASE64URL[(BASE64URL.indexOf(sealed[at]) + 1 + (at % 63)) % 64];
        const changed = sealed.slice(0, at) + other + sealed.slice(at + 1);
        expectAuthFailure(assert, () => totp.decryptSecret(changed, key, 'user:42'), `character ${at} changed`);
      }
    },
  ],

  [
    'decryptSecret: a malformed string throws TypeError saying malformed',
    (totp, assert) => {
      const key = totp.generateEncryptionKey();
      const sealed = totp.encryptSecret(S, key);
      const body = sealed.slice('v1.'.length);
      for (const text of [
        '',
        'v1.',
        'v1.AAAA',
        body,
        `v2.${body}`,
        `V1.${body}`,
        `v1.${body.slice(0, 10)}+${body.slice(11)}`,
        `v1.${body.slice(0, 10)}/${body.slice(11)}`,
        `v1.${body} `,
        `v1.${body}=`,
        `v1.${body.slice(0, 20)} ${body.slice(20)}`,
      ]) {
        const error = expectError(assert, () => totp.decryptSecret(text, key), 'TypeError', 'sealed');
        assert.match(error.message, /malformed/, JSON.stringify(text));
      }
      expectError(assert, () => totp.decryptSecret(42, key), 'TypeError', 'sealed');
    },
  ],

  [
    'encryptSecret / decryptSecret: a key of the wrong type throws TypeError, of the wrong length RangeError',
    (totp, assert) => {
      const key = totp.generateEncryptionKey();
      const sealed = totp.encryptSecret(S, key);
      const calls = [
        ['encryptSecret', (k) => totp.encryptSecret(S, k)],
        ['decryptSecret', (k) => totp.decryptSecret(sealed, k)],
      ];
      for (const [name, call] of calls) {
        const wrongTypes = [undefined, null, 'k'.repeat(32), Array.from(key), key.buffer, new Uint16Array(16)];
        for (const bad of [...wrongTypes, new Int8Array(32), new DataView(key.buffer)])
          expectError(assert, () => call(bad), 'TypeError', 'key');
        for (const length of [0, 16, 31, 33, 64])
          expectError(assert, () => call(new Uint8Array(length)), 'RangeError', 'key');
        assert.ok(call(new Uint8Array(key)), `${name} takes a copy of the key`);
      }
      expectError(assert, () => totp.encryptSecret(S, key, 42), 'TypeError', 'context');
      expectError(assert, () => totp.encryptSecret('not base32!', key), 'TypeError', 'secret');
    },
  ],
];
