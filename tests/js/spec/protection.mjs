// Server-side protection (API.md, second edition): verifyTotpAttempt's replay protection,
// throttling of the shared counter, and the state it reads and returns. Remembered devices and
// backup-code attempts are in devices.mjs, sealing in sealing.mjs.
import {
  LOCK_MS,
  S,
  STEP,
  T,
  accepted,
  attempt,
  codeAt,
  failTimes,
  fullState,
  rejected,
  viaJson,
  wrongCode,
} from './attempts.mjs';
import { expectError, stepTime } from './util.mjs';
import { SECRETS } from './vectors.mjs';

const FRESH = null;
const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const DEVICE = { id: ID, failures: 0, lockedUntil: null, lastUsed: 0 };
const GOOD_STATE = { lastStep: null, failures: 0, lockedUntil: null };
const GOOD_FULL = fullState();
/** [label, state, error class]: states not of the documented shape. */
const BAD_STATES = [
  ['missing lockedUntil', { lastStep: null, failures: 0 }],
  ['missing failures', { lastStep: null, lockedUntil: null }],
  ['an extra key', { ...GOOD_STATE, version: 1 }],
  ['an extra key beside backup and devices', { ...GOOD_FULL, deviceIds: [] }],
  ['failures as a string', { ...GOOD_STATE, failures: '0' }],
  ['lastStep as a string', { ...GOOD_STATE, lastStep: '56666666' }],
  ['failures null', { ...GOOD_STATE, failures: null }],
  ['negative failures', { ...GOOD_STATE, failures: -1 }],
  ['negative lockedUntil', { ...GOOD_STATE, lockedUntil: -5 }],
  ['fractional failures', { ...GOOD_STATE, failures: 1.5 }],
  ['fractional lastStep', { ...GOOD_STATE, lastStep: 2.5 }],
  ['NaN failures', { ...GOOD_STATE, failures: NaN }],
  ['failures past 2^53', { ...GOOD_STATE, failures: 2 ** 53 }],
  ['lastStep past 2^53', { ...GOOD_STATE, lastStep: 2 ** 53 }],
  ['failures as an array', { ...GOOD_STATE, failures: [0] }],
  ['an array', []],
  ['an array of the values', [null, 0, null]],
  ['a JSON string', JSON.stringify(GOOD_STATE)],
  ['a number', 0],
  ['true', true],
  ['backup null', { ...GOOD_STATE, backup: null }],
  ['backup an array', { ...GOOD_STATE, backup: [0, null] }],
  ['backup a number', { ...GOOD_STATE, backup: 0 }],
  ['backup missing lockedUntil', { ...GOOD_STATE, backup: { failures: 0 } }],
  ['backup with an extra key', { ...GOOD_STATE, backup: { failures: 0, lockedUntil: null, lastStep: null } }],
  ['backup failures as a string', { ...GOOD_STATE, backup: { failures: '1', lockedUntil: null } }],
  ['backup failures null', { ...GOOD_STATE, backup: { failures: null, lockedUntil: null } }],
  ['backup negative lockedUntil', { ...GOOD_STATE, backup: { failures: 0, lockedUntil: -1 } }],
  ['devices null', { ...GOOD_STATE, devices: null }],
  ['devices an object', { ...GOOD_STATE, devices: {} }],
  ['devices a string', { ...GOOD_STATE, devices: ID }],
  ['a device null', { ...GOOD_STATE, devices: [null] }],
  ['a device a string', { ...GOOD_STATE, devices: [ID] }],
  ['a device an array', { ...GOOD_STATE, devices: [[ID, 0, null, 0]] }],
  ['a device without an id', { ...GOOD_STATE, devices: [{ failures: 0, lockedUntil: null, lastUsed: 0 }] }],
  ['a device without lastUsed', { ...GOOD_STATE, devices: [{ id: ID, failures: 0, lockedUntil: null }] }],
  ['a device with an extra key', { ...GOOD_STATE, devices: [{ ...DEVICE, token: 'd1.x' }] }],
  ['a device id as a number', { ...GOOD_STATE, devices: [{ ...DEVICE, id: 42 }] }],
  ['a device id of 21 characters', { ...GOOD_STATE, devices: [{ ...DEVICE, id: ID.slice(1) }] }],
  ['a device id of 23 characters', { ...GOOD_STATE, devices: [{ ...DEVICE, id: `${ID}A` }] }],
  ['a device id with "+"', { ...GOOD_STATE, devices: [{ ...DEVICE, id: `+${ID.slice(1)}` }] }],
  ['a device id with "="', { ...GOOD_STATE, devices: [{ ...DEVICE, id: `${ID.slice(1)}=` }] }],
  ['a device id with spare bits set', { ...GOOD_STATE, devices: [{ ...DEVICE, id: `${ID.slice(1)}B` }] }],
  ['a device token as its id', { ...GOOD_STATE, devices: [{ ...DEVICE, id: `d1.${ID}` }] }],
  ['device failures as a string', { ...GOOD_STATE, devices: [{ ...DEVICE, failures: '0' }] }],
  ['device lastUsed null', { ...GOOD_STATE, devices: [{ ...DEVICE, lastUsed: null }] }],
  ['device lockedUntil negative', { ...GOOD_STATE, devices: [{ ...DEVICE, lockedUntil: -1 }] }],
  ['device lastUsed fractional', { ...GOOD_STATE, devices: [{ ...DEVICE, lastUsed: 0.5 }] }],
];

export const protection = [
  [
    'verifyTotpAttempt: from a null state the current code is ok, with delta, lastStep and every result key',
    (totp, assert) => {
      for (const delta of [-1, 0, 1]) {
        const result = attempt(totp, codeAt(totp, STEP + delta), FRESH, T);
        assert.deepEqual(result, accepted(delta, fullState({ lastStep: STEP + delta })), `delta ${delta}`);
        assert.deepEqual(
          Object.keys(result),
          ['ok', 'reason', 'delta', 'state', 'retryAfterSeconds', 'deviceId', 'deviceToken'],
        );
        assert.deepEqual(Object.keys(result.state), ['lastStep', 'failures', 'lockedUntil', 'backup', 'devices']);
      }
    },
  ],

  [
    'verifyTotpAttempt: a code for the accepted step or an earlier one is replayed and the state returned unchanged',
    (totp, assert) => {
      const first = attempt(totp, codeAt(totp, STEP), FRESH, T);
      assert.equal(first.reason, 'ok');
      const again = attempt(totp, codeAt(totp, STEP), first.state, T + 1000);
      assert.deepEqual(again, rejected('replayed', fullState({ lastStep: STEP })), 'not counted as a failure');
      const earlier = attempt(totp, codeAt(totp, STEP - 1), again.state, T + 1000);
      assert.deepEqual(earlier, rejected('replayed', fullState({ lastStep: STEP })));
      const later = attempt(totp, codeAt(totp, STEP + 1), earlier.state, T + 2000);
      assert.deepEqual(later, accepted(1, fullState({ lastStep: STEP + 1 })));
      const old = attempt(totp, codeAt(totp, STEP), later.state, T + 3000);
      assert.equal(old.reason, 'replayed', 'lastStep moved forward');
    },
  ],

  [
    'verifyTotpAttempt: replays never count, however many, even one failure short of a lockout',
    (totp, assert) => {
      const accepted_ = attempt(totp, codeAt(totp, STEP), FRESH, T).state;
      const four = failTimes(totp, accepted_, T + 1, 4);
      const expected = fullState({ lastStep: STEP, failures: 4 });
      assert.deepEqual(four.state, expected);
      let state = four.state;
      for (let i = 0; i < 20; i++) {
        const replay = attempt(totp, codeAt(totp, STEP - (i % 2)), state, T + 100 + i);
        assert.deepEqual(replay, rejected('replayed', expected), `replay ${i}`);
        state = replay.state;
      }
      // The stored state of a user with other failures and a remembered device is kept too.
      const stored = viaJson({ ...expected, backup: { failures: 3, lockedUntil: null }, devices: [{ id: 'AAAAAAAAAAAAAAAAAAAAAA', failures: 2, lockedUntil: null, lastUsed: T - 1 }] });
      assert.deepEqual(attempt(totp, codeAt(totp, STEP), stored, T + 200), rejected('replayed', stored));
    },
  ],

  [
    'verifyTotpAttempt: malformed and wrong tokens each count as a failure; the fifth locks',
    (totp, assert) => {
      const accepted_ = attempt(totp, codeAt(totp, STEP), FRESH, T).state;
      const steps = [
        ['12345', 'malformed'],
        ['abcdef', 'malformed'],
        ['1234567', 'malformed'],
        [wrongCode(totp, STEP), 'invalid'],
      ];
      let state = accepted_;
      steps.forEach(([token, reason], index) => {
        const result = attempt(totp, token, state, T + index);
        assert.deepEqual(result, rejected(reason, fullState({ lastStep: STEP, failures: index + 1 })), token);
        state = result.state;
      });
      const replay = attempt(totp, codeAt(totp, STEP), state, T + 5);
      assert.equal(replay.reason, 'replayed');
      // The fifth failure in a row is the default limit: it keeps its own reason and locks.
      const locking = attempt(totp, 'nonsense', replay.state, T + 10);
      const locked = fullState({ lastStep: STEP, failures: 5, lockedUntil: T + 10 + LOCK_MS });
      assert.deepEqual(locking, rejected('malformed', locked, 300));
    },
  ],

  [
    'verifyTotpAttempt: while locked every attempt is refused unchecked and the state is returned unchanged',
    (totp, assert) => {
      const locked = failTimes(totp, FRESH, T, 5);
      assert.deepEqual(locked, rejected('invalid', fullState({ failures: 5, lockedUntil: T + 4 + LOCK_MS }), 300));
      const until = locked.state.lockedUntil;
      for (const [token, time] of [
        [codeAt(totp, STEP), T + 5],
        [codeAt(totp, STEP + 1), T + 1000],
        ['nonsense', T + 60_000],
        [wrongCode(totp, STEP), T + 120_000],
      ]) {
        const snapshot = viaJson(locked.state);
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
      assert.deepEqual(result, accepted(0, fullState({ lastStep: step })));
    },
  ],

  [
    'verifyTotpAttempt: the second lockout in a run of failures lasts twice as long (600 s by default)',
    (totp, assert) => {
      const first = failTimes(totp, FRESH, T, 5);
      const after = first.state.lockedUntil;
      // Failures after the first lockout continue the run without locking until the next multiple.
      const sixth = attempt(totp, wrongCode(totp, STEP), first.state, after);
      assert.deepEqual(sixth, rejected('invalid', fullState({ failures: 6 })));
      const second = failTimes(totp, sixth.state, after + 1, 4);
      assert.deepEqual(second, rejected('invalid', fullState({ failures: 10, lockedUntil: after + 4 + 600_000 }), 600));
      assert.equal(attempt(totp, 'x', second.state, after + 4 + 599_999).reason, 'locked');
    },
  ],

  [
    'verifyTotpAttempt: with no step of the window newer than lastStep, a wrong code is locked, uncounted, with the wait',
    (totp, assert) => {
      // Accepted one step ahead: until STEP + 1 begins, every step of the window is used up.
      const ahead = attempt(totp, codeAt(totp, STEP + 1), FRESH, T);
      assert.equal(ahead.delta, 1);
      const freshAt = stepTime(STEP + 1);
      for (const [token, time] of [
        [wrongCode(totp, STEP), T + 1000],
        [wrongCode(totp, STEP), freshAt - 1],
        [codeAt(totp, STEP + 5), T + 2000],
      ]) {
        const result = attempt(totp, token, ahead.state, time);
        assert.deepEqual(result, rejected('locked', ahead.state, Math.ceil((freshAt - time) / 1000)), `${token} at ${time}`);
      }
      let state = ahead.state;
      for (let i = 0; i < 12; i++) state = attempt(totp, wrongCode(totp, STEP), state, T + i).state;
      assert.deepEqual(state, ahead.state, 'twelve of them count nothing and lock nothing');
      assert.equal(attempt(totp, codeAt(totp, STEP + 1), state, T + 3000).reason, 'replayed', 'the used code');
      assert.equal(attempt(totp, codeAt(totp, STEP), state, T + 3000).reason, 'replayed', 'an older code');
      // A token that is no code at all cannot succeed now either: locked, and not counted.
      for (const token of ['12ab56', '12345', '', 'x'.repeat(100)]) {
        assert.deepEqual(
          attempt(totp, token, state, T + 4000),
          rejected('locked', ahead.state, Math.ceil((freshAt - T - 4000) / 1000)),
          JSON.stringify(token),
        );
      }
      // Once STEP + 1 begins, STEP + 2 is in the window: a wrong code counts again.
      assert.deepEqual(
        attempt(totp, wrongCode(totp, STEP), state, freshAt),
        rejected('invalid', fullState({ lastStep: STEP + 1, failures: 1 })),
      );
      assert.deepEqual(attempt(totp, codeAt(totp, STEP + 2), state, freshAt), accepted(1, fullState({ lastStep: STEP + 2 })));

      // window 0: right after a success, until the next step.
      const exact = attempt(totp, codeAt(totp, STEP), FRESH, T, { window: 0 });
      assert.deepEqual(
        attempt(totp, wrongCode(totp, STEP), exact.state, T + 500, { window: 0 }),
        rejected('locked', exact.state, Math.ceil((stepTime(STEP + 1) - T - 500) / 1000)),
      );

      // A server clock that stepped back 100 steps behind the last success: wait until it catches up.
      const ahead100 = viaJson(fullState({ lastStep: STEP + 100 }));
      assert.deepEqual(
        attempt(totp, wrongCode(totp, STEP), ahead100, T),
        rejected('locked', ahead100, Math.ceil((stepTime(STEP + 100) - T) / 1000)),
      );
      assert.equal(attempt(totp, codeAt(totp, STEP), ahead100, T).reason, 'replayed', 'the current code');
    },
  ],

  [
    'verifyTotpAttempt: the wait for a fresh step is at most 24 hours, however far ahead lastStep is',
    (totp, assert) => {
      for (const lastStep of [STEP + 2880 + 10, STEP + 10 ** 6, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
        const state = fullState({ lastStep });
        assert.deepEqual(attempt(totp, wrongCode(totp, STEP), state, T), rejected('locked', state, 86_400), `lastStep ${lastStep}`);
      }
      const justUnder = fullState({ lastStep: STEP + 2880 - 1 }); // a day ahead, less one step
      const wait = Math.ceil((stepTime(STEP + 2880 - 1) - T) / 1000);
      assert.ok(wait < 86_400);
      assert.deepEqual(attempt(totp, wrongCode(totp, STEP), justUnder, T), rejected('locked', justUnder, wait));
    },
  ],

  [
    'verifyTotpAttempt / verifyBackupAttempt: times later than 2^53 - 1 ms less 24 hours throw RangeError naming time',
    (totp, assert) => {
      const latest = Number.MAX_SAFE_INTEGER - 86_400_000;
      for (const time of [latest + 1, Number.MAX_SAFE_INTEGER]) {
        expectError(assert, () => attempt(totp, '123456', FRESH, time), 'RangeError', 'time');
        expectError(assert, () => totp.verifyBackupAttempt('x', [], FRESH, { time }), 'RangeError', 'time');
      }
      // At the latest time, the longest lockout still ends at a time JavaScript holds exactly.
      const locking = attempt(totp, 'x', FRESH, latest, { maxFailures: 1, lockoutSeconds: 86_400 });
      assert.deepEqual(locking, rejected('malformed', fullState({ failures: 1, lockedUntil: Number.MAX_SAFE_INTEGER }), 86_400));
      assert.deepEqual(attempt(totp, 'x', locking.state, latest), rejected('locked', locking.state, 86_400));
      const backup = totp.verifyBackupAttempt('x', [], FRESH, { time: latest, maxFailures: 1, lockoutSeconds: 86_400 });
      assert.deepEqual(backup.state.backup, { failures: 0, lockedUntil: Number.MAX_SAFE_INTEGER });
      assert.equal(totp.verifyBackupAttempt('x', [], backup.state, { time: latest }).reason, 'locked');
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
      assert.deepEqual(once.state, fullState({ failures: 1 }));
      const twice = failTimes(totp, once.state, T + 1, 1, options);
      assert.deepEqual(twice, rejected('invalid', fullState({ failures: 2, lockedUntil: T + 1 + 60_000 }), 60));
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
      for (const key of ['maxFailure', 'lockout', 'windows', 'devices', 'remember', 'keyId'])
        expectError(assert, () => attempt(totp, token, FRESH, T, { [key]: 1 }), 'TypeError', key);
      for (const value of [1, 100]) assert.equal(attempt(totp, token, FRESH, T, { maxFailures: value }).ok, true);
      for (const value of [1, 86400]) assert.equal(attempt(totp, token, FRESH, T, { lockoutSeconds: value }).ok, true);
    },
  ],

  [
    'verifyTotpAttempt: a state not of the documented shape throws TypeError naming state; over 10 devices RangeError',
    (totp, assert) => {
      const token = codeAt(totp, STEP);
      for (const [label, state] of BAD_STATES) {
        const error = expectError(assert, () => attempt(totp, token, state, T), 'TypeError', 'state');
        assert.ok(error.message.length > 'state'.length + 10, `${label}: ${error.message}`);
      }
      const eleven = { ...GOOD_STATE, devices: Array.from({ length: 11 }, () => ({ ...DEVICE })) };
      const error = expectError(assert, () => attempt(totp, token, eleven, T), 'RangeError', 'state.devices');
      assert.match(error.message, /at most 10/);
      const ten = { ...GOOD_STATE, devices: Array.from({ length: 10 }, () => ({ ...DEVICE })) };
      assert.equal(attempt(totp, token, ten, T).ok, true, 'ten devices are accepted');
      assert.equal(attempt(totp, token, { ...GOOD_STATE }, T).ok, true, 'the shape itself is accepted');
    },
  ],

  [
    'verifyTotpAttempt: states written by 0.1 (three keys) and partial second-edition states are read',
    (totp, assert) => {
      const token = codeAt(totp, STEP);
      const old = { lastStep: STEP - 5, failures: 3, lockedUntil: null };
      assert.deepEqual(attempt(totp, token, old, T), accepted(0, fullState({ lastStep: STEP })));
      const wrong = attempt(totp, wrongCode(totp, STEP), old, T);
      assert.deepEqual(wrong, rejected('invalid', fullState({ lastStep: STEP - 5, failures: 4 })));
      const lockedOld = { lastStep: null, failures: 5, lockedUntil: T + 1000 };
      assert.deepEqual(attempt(totp, token, lockedOld, T), rejected('locked', fullState(lockedOld), 1));
      const device = { id: '-_-_-_-_-_-_-_-_-_-_-w', failures: 1, lockedUntil: null, lastUsed: T - 1 };
      const backup = { failures: 2, lockedUntil: null };
      for (const [label, state, expected] of [
        ['backup only', { ...old, backup }, fullState({ lastStep: STEP, backup })],
        ['devices only', { ...old, devices: [device] }, fullState({ lastStep: STEP, devices: [device] })],
        ['an empty device list', { ...old, devices: [] }, fullState({ lastStep: STEP })],
        ['every key', { ...old, backup, devices: [device] }, fullState({ lastStep: STEP, backup, devices: [device] })],
        ['a null-prototype object', Object.assign(Object.create(null), old), fullState({ lastStep: STEP })],
      ]) {
        assert.deepEqual(attempt(totp, token, state, T), accepted(0, expected), label);
      }
    },
  ],

  [
    'verifyTotpAttempt: results are plain JSON and a stored state round-trips through JSON',
    (totp, assert) => {
      let direct = { state: FRESH };
      let stored = { state: FRESH };
      const tokens = [codeAt(totp, STEP), codeAt(totp, STEP), 'bad', ...Array(4).fill(wrongCode(totp, STEP))];
      tokens.push(codeAt(totp, STEP + 1));
      tokens.forEach((token, index) => {
        const time = T + index * 1000;
        direct = attempt(totp, token, direct.state, time, { rememberDevice: index === 0 });
        stored = attempt(totp, token, viaJson(stored.state), time, { rememberDevice: index === 0 });
        assert.deepEqual(viaJson(direct), direct, `attempt ${index} is plain JSON`);
        if (index === 0) {
          // Two successes that remember the device make two tokens; keep the first one's.
          stored = { ...stored, state: viaJson(direct.state) };
        } else assert.deepEqual(stored, direct, `attempt ${index} from a JSON state`);
      });
      assert.equal(direct.reason, 'locked', 'the run ended locked');
      assert.equal(direct.state.devices.length, 1);
    },
  ],
];
