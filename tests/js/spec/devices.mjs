// Second edition: remembered devices (OWASP's device cookies), the shared counter that closes
// after 100 failures, and backup-code attempts on their own counter (verifyBackupAttempt).
import {
  DAY_MS,
  DEVICE_ID,
  DEVICE_TOKEN,
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
  rememberAt,
  viaJson,
  wrongCode,
} from './attempts.mjs';
import { expectError, stepTime } from './util.mjs';
import { LEGACY_BACKUP } from './vectors.mjs';

/** A state with one remembered device (a success at STEP) and that device's token. */
function remembered(totp) {
  const result = attempt(totp, codeAt(totp, STEP), null, T, { rememberDevice: true });
  return { state: result.state, token: result.deviceToken, id: result.deviceId };
}

const device = (id, changes = {}) => ({ id, failures: 0, lockedUntil: null, lastUsed: T, ...changes });

/** A refused backup-code attempt's whole result. */
const backupRejected = (reason, state, retryAfterSeconds = null) => ({
  ok: false,
  reason,
  index: null,
  state,
  retryAfterSeconds,
  deviceId: null,
  deviceToken: null,
});

let backupFixture;
/** Three codes and their hashes, made once: hashing is deliberately slow. */
function backupCodes(totp) {
  if (!backupFixture) {
    const codes = totp.generateBackupCodes(3);
    backupFixture = { codes, hashes: codes.map((code) => totp.hashBackupCode(code)) };
  }
  return backupFixture;
}

const backupAttempt = (totp, code, hashes, state, time, options = {}) =>
  totp.verifyBackupAttempt(code, hashes, state, { ...options, time });

export const devices = [
  [
    'rememberDevice: a success returns a device token; the state keeps only its 22-character id',
    (totp, assert) => {
      const result = attempt(totp, codeAt(totp, STEP), null, T, { rememberDevice: true });
      assert.match(result.deviceToken, DEVICE_TOKEN);
      assert.match(result.deviceId, DEVICE_ID);
      assert.deepEqual(
        result,
        accepted(0, fullState({ lastStep: STEP, devices: [device(result.deviceId)] }), result.deviceId, result.deviceToken),
      );
      const stored = JSON.stringify(result.state);
      assert.ok(!stored.includes(result.deviceToken.slice(3)), 'the token is not in the state');
      assert.notEqual(result.deviceId, result.deviceToken.slice(3), 'the id is not the token');
      const other = attempt(totp, codeAt(totp, STEP), null, T, { rememberDevice: true });
      assert.notEqual(other.deviceToken, result.deviceToken, 'every token is fresh');
      assert.notEqual(other.deviceId, result.deviceId);
      for (const rememberDevice of [false, undefined]) {
        const plain = attempt(totp, codeAt(totp, STEP), null, T, { rememberDevice });
        assert.deepEqual(plain, accepted(0, fullState({ lastStep: STEP })), `rememberDevice ${rememberDevice}`);
      }
      const failed = attempt(totp, wrongCode(totp), null, T, { rememberDevice: true });
      assert.deepEqual(failed, rejected('invalid', fullState({ failures: 1 })), 'a failure remembers nothing');
    },
  ],

  [
    "device: failures carrying a remembered device's token count on that device alone, and lock it alone",
    (totp, assert) => {
      const { state, token, id } = remembered(totp);
      const one = attempt(totp, wrongCode(totp), state, T + 1, { device: token });
      const oneFailure = fullState({ lastStep: STEP, devices: [device(id, { failures: 1 })] });
      assert.deepEqual(one, rejected('invalid', oneFailure, null, id));
      const five = failTimes(totp, one.state, T + 2, 4, { device: token });
      const lockedDevice = fullState({ lastStep: STEP, devices: [device(id, { failures: 5, lockedUntil: T + 5 + LOCK_MS })] });
      assert.deepEqual(five, rejected('invalid', lockedDevice, 300, id));
      // The device is locked; the right code from it is refused unchecked.
      const refused = attempt(totp, codeAt(totp, STEP + 1), five.state, T + 1000, { device: token });
      assert.deepEqual(refused, rejected('locked', lockedDevice, Math.ceil((T + 5 + LOCK_MS - T - 1000) / 1000), id));
      // Nobody else is: the shared counter never saw those failures.
      const shared = attempt(totp, codeAt(totp, STEP + 1), five.state, T + 1000);
      assert.deepEqual(shared, accepted(1, { ...lockedDevice, lastStep: STEP + 1 }));
      // Once its lockout ends, a success from the device resets its counter and lastUsed.
      const until = T + 5 + LOCK_MS;
      const later = attempt(totp, totp.generateTotp(S, { time: until }), five.state, until, {
        device: token,
      });
      const step = Math.floor(until / 30000);
      assert.deepEqual(later, accepted(0, fullState({ lastStep: step, devices: [device(id, { lastUsed: until })] }), id));
    },
  ],

  [
    "device: a lockout of the shared counter never refuses a remembered device; the device's success leaves it",
    (totp, assert) => {
      const { state, token, id } = remembered(totp);
      const locked = failTimes(totp, state, T + 1, 5);
      const sharedLock = { failures: 5, lockedUntil: T + 5 + LOCK_MS };
      assert.deepEqual(locked.state, fullState({ lastStep: STEP, ...sharedLock, devices: [device(id)] }));
      assert.equal(attempt(totp, codeAt(totp, STEP + 1), locked.state, T + 100).reason, 'locked', 'without the token');
      const fromDevice = attempt(totp, codeAt(totp, STEP + 1), locked.state, T + 100, { device: token });
      const expected = fullState({ lastStep: STEP + 1, ...sharedLock, devices: [device(id, { lastUsed: T + 100 })] });
      assert.deepEqual(fromDevice, accepted(1, expected, id), 'the owner gets in; the shared lock stays');
      const wrongFromDevice = attempt(totp, wrongCode(totp), locked.state, T + 200, { device: token });
      assert.deepEqual(wrongFromDevice.state.failures, 5, 'a device failure does not add to the shared counter');
      assert.equal(wrongFromDevice.state.devices[0].failures, 1);
      assert.equal(attempt(totp, codeAt(totp, STEP + 2), fromDevice.state, T + 300).reason, 'locked', 'still locked without it');
    },
  ],

  [
    'device: unknown device strings, and strings over 64 characters, count on the shared counter',
    (totp, assert) => {
      const { state, token, id } = remembered(totp);
      const elsewhere = remembered(totp).token; // another account's device
      for (const unknown of [
        elsewhere,
        `${token}x`,
        token.slice(0, -1),
        token.toUpperCase(),
        `d1.${'A'.repeat(22)}`,
        '',
        ' ',
        id,
        'x'.repeat(64),
        token.padEnd(65, ' '),
        token.repeat(3),
        'x'.repeat(100_000),
        null,
        undefined,
      ]) {
        const where = typeof unknown === 'string' ? `${JSON.stringify(unknown.slice(0, 30))} (${unknown.length})` : String(unknown);
        const result = attempt(totp, wrongCode(totp), state, T + 1, { device: unknown });
        assert.deepEqual(result, rejected('invalid', fullState({ lastStep: STEP, failures: 1, devices: [device(id)] })), where);
        const success = attempt(totp, codeAt(totp, STEP + 1), state, T + 1, { device: unknown, rememberDevice: true });
        assert.equal(success.state.devices.length, 2, `${where}: a success remembers it as a new device`);
        assert.notEqual(success.deviceToken, token);
      }
    },
  ],

  [
    'device and rememberDevice: a device that is not a string, or a flag that is not a boolean, throws TypeError',
    (totp, assert) => {
      const token = codeAt(totp, STEP);
      for (const value of [42, true, {}, [], 1n, new String('d1.x'), () => 'd1.x'])
        expectError(assert, () => attempt(totp, token, null, T, { device: value }), 'TypeError', 'device');
      for (const value of [1, 0, 'true', null, {}, []])
        expectError(assert, () => attempt(totp, token, null, T, { rememberDevice: value }), 'TypeError', 'rememberDevice');
      const { state, token: deviceToken } = remembered(totp);
      expectError(assert, () => attempt(totp, codeAt(totp, STEP + 1), state, T, { device: [deviceToken] }), 'TypeError', 'device');
    },
  ],

  [
    'rememberDevice on an already remembered device keeps its token and its one entry',
    (totp, assert) => {
      const { state, token, id } = remembered(totp);
      const again = attempt(totp, codeAt(totp, STEP + 1), state, T + 1000, { device: token, rememberDevice: true });
      const expected = fullState({ lastStep: STEP + 1, devices: [device(id, { lastUsed: T + 1000 })] });
      assert.deepEqual(again, accepted(1, expected, id, token));
      const later = stepTime(STEP + 2) + 1000;
      const quiet = attempt(totp, codeAt(totp, STEP + 2), again.state, later, { device: token });
      assert.deepEqual(quiet, accepted(0, fullState({ lastStep: STEP + 2, devices: [device(id, { lastUsed: later })] }), id));
    },
  ],

  [
    'devices: at most 10; remembering another forgets the one used longest ago',
    (totp, assert) => {
      let state = null;
      const tokens = [];
      for (let i = 0; i < 10; i++) {
        const result = rememberAt(totp, state, STEP + i);
        tokens.push(result.deviceToken);
        state = result.state;
      }
      assert.equal(state.devices.length, 10);
      // The first device signs in again: now the second is the one used longest ago.
      const first = attempt(totp, codeAt(totp, STEP + 10), state, stepTime(STEP + 10) + 1000, { device: tokens[0] });
      assert.equal(first.ok, true);
      const eleventh = rememberAt(totp, first.state, STEP + 11);
      assert.equal(eleventh.state.devices.length, 10);
      const ids = eleventh.state.devices.map((entry) => entry.id);
      const idOf = (index) => state.devices[index].id;
      assert.ok(ids.includes(idOf(0)), 'the device used again is kept');
      assert.ok(!ids.includes(idOf(1)), 'the one used longest ago is forgotten');
      assert.ok(ids.includes(eleventh.deviceId));
      const time = stepTime(STEP + 11) + 2000;
      const forgotten = attempt(totp, wrongCode(totp, STEP + 11), eleventh.state, time, { device: tokens[1] });
      assert.deepEqual([forgotten.deviceId, forgotten.state.failures], [null, 1], 'its token counts on the shared counter');
      const kept = attempt(totp, wrongCode(totp, STEP + 11), eleventh.state, time, { device: tokens[2] });
      assert.deepEqual([kept.deviceId, kept.state.failures], [idOf(2), 0]);
      // A stored state with ten devices stays at ten.
      const twelfth = rememberAt(totp, viaJson(eleventh.state), STEP + 12);
      assert.equal(twelfth.state.devices.length, 10);
    },
  ],

  [
    'devices: one that fails 100 times in a row is forgotten; a stored one at 100 is refused',
    (totp, assert) => {
      const { state, token, id } = remembered(totp);
      const worn = viaJson(state);
      worn.devices[0].failures = 99;
      const hundredth = attempt(totp, wrongCode(totp), worn, T + 1, { device: token });
      assert.deepEqual(hundredth, rejected('invalid', fullState({ lastStep: STEP }), null, id));
      const after = attempt(totp, wrongCode(totp), hundredth.state, T + 2, { device: token });
      assert.deepEqual([after.deviceId, after.state.failures], [null, 1], 'its token now counts on the shared counter');
      const closed = viaJson(state);
      closed.devices[0].failures = 100;
      const refused = attempt(totp, codeAt(totp, STEP + 1), closed, T + 3, { device: token });
      assert.deepEqual(refused, rejected('locked', closed, null, id));
    },
  ],

  [
    'shared counter: 100 failures in a row close it (locked, retryAfterSeconds null) until a backup code succeeds',
    (totp, assert) => {
      // The default policy: locks at every fifth failure, doubling up to 24 hours, then closes.
      let result = { state: null };
      let time = T;
      for (let failure = 1; failure <= 100; failure++) {
        result = attempt(totp, wrongCode(totp), result.state, time);
        assert.equal(result.reason, 'invalid', `failure ${failure}`);
        assert.equal(result.state.failures, failure);
        if (failure === 100) {
          assert.deepEqual(result, rejected('invalid', fullState({ failures: 100 })), 'the hundredth closes, no lockout');
        } else if (failure % 5 === 0) {
          const seconds = Math.min(300 * 2 ** (failure / 5 - 1), 86_400);
          assert.equal(result.retryAfterSeconds, seconds, `lockout after failure ${failure}`);
          time = result.state.lockedUntil;
        } else assert.equal(result.retryAfterSeconds, null);
      }
      const closed = result.state;
      for (const later of [time, time + DAY_MS, time + 365 * DAY_MS]) {
        const right = totp.generateTotp(S, { time: later });
        assert.deepEqual(attempt(totp, right, closed, later), rejected('locked', closed), `closed at +${later - time} ms`);
      }
      // A 0.1 state with more failures is closed too.
      const old = { lastStep: null, failures: 250, lockedUntil: null };
      assert.deepEqual(attempt(totp, codeAt(totp, STEP), old, T), rejected('locked', fullState(old)));
      // maxFailures 100: no lockout on the way, closed at the hundredth.
      const direct = failTimes(totp, null, T, 100, { maxFailures: 100 });
      assert.deepEqual(direct, rejected('invalid', fullState({ failures: 100 })));
      // A backup code opens it.
      const { codes, hashes } = backupCodes(totp);
      const opened = backupAttempt(totp, codes[0], hashes, closed, time);
      assert.deepEqual(opened.state, fullState(), 'the backup code reset the shared counter');
      const right = totp.generateTotp(S, { time });
      assert.equal(attempt(totp, right, opened.state, time).ok, true);
    },
  ],

  [
    'shared counter: closed, it still lets a remembered device in',
    (totp, assert) => {
      const { state, token, id } = remembered(totp);
      const closed = { ...viaJson(state), failures: 100 };
      assert.equal(attempt(totp, codeAt(totp, STEP + 1), closed, T + 1000).reason, 'locked');
      const fromDevice = attempt(totp, codeAt(totp, STEP + 1), closed, T + 1000, { device: token });
      assert.deepEqual(fromDevice, accepted(1, { ...closed, lastStep: STEP + 1, devices: [device(id, { lastUsed: T + 1000 })] }, id));
    },
  ],

  [
    'verifyBackupAttempt: a matching code is ok with its index; backup and shared counters reset, the rest kept',
    (totp, assert) => {
      const { codes, hashes } = backupCodes(totp);
      const fresh = backupAttempt(totp, codes[1], hashes, null, T);
      assert.deepEqual(fresh, { ...backupRejected('ok', fullState()), ok: true, index: 1 });
      assert.deepEqual(Object.keys(fresh), ['ok', 'reason', 'index', 'state', 'retryAfterSeconds', 'deviceId', 'deviceToken']);
      const devices = [device('AAAAAAAAAAAAAAAAAAAAAA', { failures: 2 })];
      const state = fullState({
        lastStep: STEP,
        failures: 7,
        lockedUntil: T + 1000,
        backup: { failures: 4, lockedUntil: null },
        devices,
      });
      const result = backupAttempt(totp, codes[2].toLowerCase(), hashes, viaJson(state), T);
      const expected = fullState({ lastStep: STEP, devices });
      assert.deepEqual(result, { ...backupRejected('ok', expected), ok: true, index: 2 });
      const old = { lastStep: 3, failures: 100, lockedUntil: null };
      assert.deepEqual(backupAttempt(totp, codes[0], hashes, old, new Date(T)).state, fullState({ lastStep: 3 }), 'a 0.1 state');
    },
  ],

  [
    'verifyBackupAttempt: invalid and malformed codes count on the backup counter alone; the tenth locks for 60 s',
    (totp, assert) => {
      const { codes, hashes } = backupCodes(totp);
      const [other] = totp.generateBackupCodes(1);
      const start = fullState({ lastStep: STEP, failures: 2 });
      let state = start;
      for (let failure = 1; failure <= 9; failure++) {
        const [code, reason] = failure === 1 ? [other, 'invalid'] : ['not a code', 'malformed'];
        const result = backupAttempt(totp, code, hashes, state, T + failure);
        assert.deepEqual(result, backupRejected(reason, { ...start, backup: { failures: failure, lockedUntil: null } }), `failure ${failure}`);
        state = result.state;
      }
      const tenth = backupAttempt(totp, 'x', hashes, state, T + 10);
      const locked = { ...start, backup: { failures: 0, lockedUntil: T + 10 + 60_000 } };
      assert.deepEqual(tenth, backupRejected('malformed', locked, 60));
      const refused = backupAttempt(totp, codes[0], hashes, tenth.state, T + 30_000);
      assert.deepEqual(refused, backupRejected('locked', locked, Math.ceil((T + 10 + 60_000 - T - 30_000) / 1000)));
      // A TOTP attempt is not blocked by the backup lockout.
      assert.equal(attempt(totp, codeAt(totp, STEP + 1), tenth.state, T + 30_000).ok, true);
      // The count starts again, and the next lockout is as short: no doubling.
      let again = { state: tenth.state };
      for (let i = 0; i < 10; i++) again = backupAttempt(totp, 'x', hashes, again.state, T + 60_010 + i);
      assert.deepEqual(again, backupRejected('malformed', { ...start, backup: { failures: 0, lockedUntil: T + 60_019 + 60_000 } }, 60));
      const ok = backupAttempt(totp, codes[0], hashes, again.state, T + 60_019 + 60_000);
      assert.deepEqual([ok.ok, ok.index, ok.state], [true, 0, fullState({ lastStep: STEP })]);
    },
  ],

  [
    'verifyBackupAttempt: options maxFailures and lockoutSeconds; the lockout is fixed',
    (totp, assert) => {
      const { hashes } = backupCodes(totp);
      let result = { state: null };
      const options = { maxFailures: 3, lockoutSeconds: 5 };
      for (let i = 0; i < 3; i++) result = backupAttempt(totp, 'x', hashes, result.state, T + i, options);
      assert.deepEqual(result, backupRejected('malformed', fullState({ backup: { failures: 0, lockedUntil: T + 2 + 5000 } }), 5));
      const first = backupAttempt(totp, 'x', hashes, null, T, { maxFailures: 1 });
      assert.deepEqual(first.state.backup, { failures: 0, lockedUntil: T + 60_000 }, 'maxFailures 1 locks at once');
      for (const [key, values] of [
        ['maxFailures', [0, 101, -1, 1.5, NaN]],
        ['lockoutSeconds', [0, 86401, -1, 0.5, Infinity]],
        ['time', [-1, NaN]],
      ]) {
        for (const value of values)
          expectError(assert, () => totp.verifyBackupAttempt('x', hashes, null, { [key]: value }), 'RangeError', key);
      }
      for (const value of [1, 100]) assert.equal(backupAttempt(totp, 'x', hashes, null, T, { maxFailures: value }).reason, 'malformed');
      for (const value of [1, 86400]) assert.equal(backupAttempt(totp, 'x', hashes, null, T, { lockoutSeconds: value }).reason, 'malformed');
    },
  ],

  [
    'verifyBackupAttempt: arguments and options of the wrong type throw TypeError naming them',
    (totp, assert) => {
      const { hashes } = backupCodes(totp);
      for (const key of ['device', 'window', 'maxFailure', 'digits', 'algorithm'])
        expectError(assert, () => backupAttempt(totp, 'x', hashes, null, T, { [key]: 1 }), 'TypeError', key);
      for (const value of [1, 'true', null])
        expectError(assert, () => backupAttempt(totp, 'x', hashes, null, T, { rememberDevice: value }), 'TypeError', 'rememberDevice');
      expectError(assert, () => backupAttempt(totp, 123456789012345, hashes, null, T), 'TypeError', 'code');
      expectError(assert, () => backupAttempt(totp, 'x', 'not an array', null, T), 'TypeError', 'hashes');
      expectError(assert, () => backupAttempt(totp, 'x', [hashes[0], 42], null, T), 'TypeError', 'hashes[1]');
      expectError(assert, () => backupAttempt(totp, 'x', [hashes[0], 'not a hash'], null, T), 'TypeError', 'hashes[1]');
      const weak = hashes[0].replace('i=20000', 'i=1000');
      expectError(assert, () => backupAttempt(totp, 'x', [weak], null, T), 'RangeError', 'hashes[0]');
      for (const state of [{ lastStep: null }, [], 'null', { ...fullState(), devices: {} }])
        expectError(assert, () => backupAttempt(totp, 'x', hashes, state, T), 'TypeError', 'state');
      expectError(assert, () => totp.verifyBackupAttempt('x', hashes, null, 'options'), 'TypeError', 'options');
      // A locked state does not hide a bad table.
      const locked = fullState({ backup: { failures: 0, lockedUntil: T + 1000 } });
      expectError(assert, () => backupAttempt(totp, 'x', ['not a hash'], locked, T), 'TypeError', 'hashes[0]');
      assert.equal(backupAttempt(totp, 'x', hashes, locked, T).reason, 'locked');
    },
  ],

  [
    'verifyBackupAttempt: a TOTP lockout does not block it; rememberDevice returns a token the TOTP path honours',
    (totp, assert) => {
      const { codes, hashes } = backupCodes(totp);
      const locked = failTimes(totp, null, T, 5).state;
      const result = backupAttempt(totp, codes[1], hashes, locked, T + 10, { rememberDevice: true });
      assert.match(result.deviceToken, DEVICE_TOKEN);
      assert.match(result.deviceId, DEVICE_ID);
      const expected = fullState({ devices: [device(result.deviceId, { lastUsed: T + 10 })] });
      assert.deepEqual(result, { ...backupRejected('ok', expected), ok: true, index: 1, deviceId: result.deviceId, deviceToken: result.deviceToken });
      // The shared counter is open again; and the device counts on its own.
      const wrong = failTimes(totp, result.state, T + 20, 5, { device: result.deviceToken });
      assert.deepEqual([wrong.state.failures, wrong.state.devices[0].failures, wrong.deviceId], [0, 5, result.deviceId]);
      assert.equal(attempt(totp, codeAt(totp, STEP), wrong.state, T + 30).ok, true, 'the shared path is open');
      const failed = backupAttempt(totp, 'x', hashes, locked, T + 10, { rememberDevice: true });
      assert.deepEqual([failed.deviceId, failed.deviceToken], [null, null], 'a failure remembers nothing');
    },
  ],

  [
    'verifyBackupAttempt: 12-symbol codes and hashes from 0.1 verify beside new ones',
    (totp, assert) => {
      const { codes, hashes } = backupCodes(totp);
      const table = [hashes[0], LEGACY_BACKUP[0].hash, hashes[1], LEGACY_BACKUP[1].hash];
      const typed = LEGACY_BACKUP[1].code.toLowerCase().replaceAll('-', ' ');
      assert.deepEqual([backupAttempt(totp, typed, table, null, T).index, backupAttempt(totp, codes[1], table, null, T).index], [3, 2]);
      assert.equal(backupAttempt(totp, LEGACY_BACKUP[0].code, table.slice(2), null, T).reason, 'invalid');
    },
  ],
];
