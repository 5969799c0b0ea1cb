// The second edition's protection (issue 10), against the installed tarball: each finding of
// the review that led to it, the 30-day siege of a user who signs in from a remembered device,
// and attempts racing on one stored state through a compare-and-set store in worker threads.
// Every test here fails on 0.2.0 (the first lean build): see the closing note of issue 10.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { consumerProject } from './harness.mjs';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'; // 160 bits
const DAY_MS = 86_400_000;
const T0 = Date.UTC(2030, 0, 1, 0, 0, 7); // 7 s into a step
/** The chance one guess wins: three valid codes in a window of 1, of 10^6. */
const P_GUESS = 3e-6;
const chance = (guesses) => 1 - (1 - P_GUESS) ** guesses;

let project;
let totp;
let entryUrl;

before(async () => {
  project = await consumerProject();
  entryUrl = pathToFileURL(project.file('node_modules', 'totp-wasm', 'dist', 'node.mjs')).href;
  totp = await import(entryUrl);
});
after(() => project?.remove());

/** A well-formed code that matches no step within ±3 of `time` (so it is certainly a failure). */
function wrongCode(time) {
  const near = new Set();
  for (let delta = -3; delta <= 3; delta++) near.add(totp.generateTotp(SECRET, { time: time + delta * 30_000 }));
  let guess = 123456;
  while (near.has(String(guess).padStart(6, '0'))) guess = (guess + 7919) % 1_000_000;
  return String(guess).padStart(6, '0');
}

/** Enrols: the owner's first sign-in, remembering the device. */
function enrolledOwner(time = T0) {
  const first = totp.verifyTotpAttempt(SECRET, totp.generateTotp(SECRET, { time }), null, { time, rememberDevice: true });
  assert.equal(first.reason, 'ok');
  assert.match(first.deviceToken, /^d1\.[A-Za-z0-9_-]{22}$/);
  return { state: first.state, device: first.deviceToken };
}

/**
 * Thirty days of an attacker who knows the username and guesses at the highest rate the policy
 * allows (an attempt the moment each lockout ends, 1 ms apart while open), against an owner who
 * signs in once a day from the remembered device. Returns the counts.
 */
function siege({ days = 30, ownerSignsIn = true, backupCodeOn = null, hashes = [], codes = [] } = {}) {
  let { state, device } = enrolledOwner();
  let time = T0 + 60_000;
  let guesses = 0;
  let refusedOwner = 0;
  let ownerSignIns = 0;
  let nextOwner = T0 + DAY_MS / 2;
  let backupUsed = null;
  const end = T0 + days * DAY_MS;
  while (time < end) {
    if (ownerSignsIn && nextOwner <= time) {
      const code = totp.generateTotp(SECRET, { time: nextOwner });
      const r = totp.verifyTotpAttempt(SECRET, code, state, { time: nextOwner, device });
      ownerSignIns += 1;
      if (r.ok) state = r.state;
      else refusedOwner += 1;
      nextOwner += DAY_MS;
      continue;
    }
    if (backupCodeOn !== null && backupUsed === null && time >= T0 + backupCodeOn * DAY_MS) {
      const r = totp.verifyBackupAttempt(codes[0], hashes, state, { time, rememberDevice: true });
      backupUsed = { reason: r.reason, index: r.index, sharedFailuresBefore: state.failures, sharedFailuresAfter: r.state.failures };
      if (r.ok) state = r.state;
    }
    const r = totp.verifyTotpAttempt(SECRET, wrongCode(time), state, { time });
    if (r.reason === 'locked') {
      // Closed (no end) or locked until a time: come back then, or in an hour.
      time = r.retryAfterSeconds === null ? time + 3_600_000 : time + r.retryAfterSeconds * 1000;
      continue;
    }
    assert.ok(['invalid', 'malformed'].includes(r.reason), r.reason);
    guesses += 1;
    state = r.state;
    time += 1;
  }
  return { guesses, refusedOwner, ownerSignIns, state, backupUsed };
}

describe('finding 1: the lockout is no weapon against the owner', () => {
  it('30-day siege at the maximum rate: the owner, daily from a remembered device, is never refused; the attacker wins with at most 0.057 %', () => {
    const { guesses, refusedOwner, ownerSignIns, state } = siege();
    assert.equal(ownerSignIns, 30);
    assert.equal(refusedOwner, 0, 'the owner was refused');
    // 0.1 let 190 guesses through in 30 days (0.057 %); the shared counter now closes at 100.
    assert.equal(guesses, 100);
    assert.ok(chance(guesses) <= 0.00057, `attacker success ${chance(guesses)}`);
    assert.equal(state.failures, 100);
    console.log(`siege: ${guesses} guesses in 30 days, attacker success ${(chance(guesses) * 100).toFixed(4)} %; owner ${ownerSignIns}/30 sign-ins`);
  });

  it('the owner signing in daily does not hand the attacker a fresh budget (0.1: 765 guesses, 0.23 %)', () => {
    const withOwner = siege();
    const withoutOwner = siege({ ownerSignsIn: false });
    assert.equal(withOwner.guesses, withoutOwner.guesses);
  });

  it('an attacker without the device token cannot lock the remembered device, whatever device string he sends', () => {
    let { state, device } = enrolledOwner();
    const time = T0 + 60_000;
    for (const forged of [undefined, null, '', 'd1.AAAAAAAAAAAAAAAAAAAAAA', device.slice(0, -1) + (device.endsWith('A') ? 'B' : 'A'), 'x'.repeat(65)]) {
      for (let i = 0; i < 5; i++) {
        const r = totp.verifyTotpAttempt(SECRET, '', state, { time: time + i, device: forged });
        state = r.reason === 'locked' ? state : r.state;
        assert.equal(r.deviceId, null, 'a forged token counts on the shared counter');
      }
    }
    assert.ok(state.lockedUntil > time, 'the shared counter is locked');
    assert.deepEqual(state.devices.map((d) => [d.failures, d.lockedUntil]), [[0, null]]);
    const owner = totp.verifyTotpAttempt(SECRET, totp.generateTotp(SECRET, { time: time + 60_000 }), state, { time: time + 60_000, device });
    assert.equal(owner.reason, 'ok');
    assert.equal(owner.deviceId, state.devices[0].id);
    assert.equal(owner.state.lockedUntil, state.lockedUntil, 'a device success leaves the shared lockout as it was');
  });

  it("a remembered device's own failures lock only that device", () => {
    let { state, device } = enrolledOwner();
    const time = T0 + 60_000;
    for (let i = 0; i < 5; i++) state = totp.verifyTotpAttempt(SECRET, wrongCode(time), state, { time: time + i, device }).state;
    assert.equal(state.devices[0].failures, 5);
    assert.ok(state.devices[0].lockedUntil > time);
    assert.equal(state.failures, 0);
    assert.equal(totp.verifyTotpAttempt(SECRET, totp.generateTotp(SECRET, { time: time + 10 }), state, { time: time + 10, device }).reason, 'locked');
    assert.equal(totp.verifyTotpAttempt(SECRET, totp.generateTotp(SECRET, { time: time + 10 }), state, { time: time + 10 }).reason, 'ok');
  });
});

describe('the owner on a new device during an attack', () => {
  it('a backup code works while the shared path is closed, reopens it and remembers the new device', () => {
    const codes = totp.generateBackupCodes(3);
    const hashes = codes.map(totp.hashBackupCode);
    const { backupUsed, refusedOwner } = siege({ ownerSignsIn: true, backupCodeOn: 20, hashes, codes });
    assert.equal(refusedOwner, 0);
    assert.deepEqual(backupUsed, { reason: 'ok', index: 0, sharedFailuresBefore: 100, sharedFailuresAfter: 0 });
  });

  it('the backup-code path is throttled on its own counter, with a fixed short lockout', () => {
    const codes = totp.generateBackupCodes(2);
    const hashes = codes.map(totp.hashBackupCode);
    let state = enrolledOwner().state;
    const time = T0 + 60_000;
    const reasons = [];
    for (let i = 0; i < 10; i++) {
      const r = totp.verifyBackupAttempt(i % 2 ? 'junk' : 'AAAAA-AAAAA-AAAAA', hashes, state, { time: time + i });
      reasons.push(r.reason);
      state = r.state;
      if (i === 9) assert.equal(r.retryAfterSeconds, 60);
    }
    assert.deepEqual(reasons, Array.from({ length: 10 }, (_, i) => (i % 2 ? 'malformed' : 'invalid')));
    const locked = totp.verifyBackupAttempt(codes[1], hashes, state, { time: time + 9 + 30_000 });
    assert.equal(locked.reason, 'locked');
    assert.equal(locked.retryAfterSeconds, 30);
    assert.deepEqual(locked.state, state);
    const later = totp.verifyBackupAttempt(codes[1], hashes, state, { time: time + 9 + 60_000 });
    assert.equal(later.reason, 'ok');
    assert.equal(later.index, 1);
    // The TOTP path's counter took no part.
    assert.equal(state.failures, 0);
  });
});

describe('finding 2: concurrent attempts through a compare-and-set store', () => {
  it('50 guesses on one stale state: each alone says failures 1 (the lost update compare-and-set prevents)', () => {
    const stale = enrolledOwner().state;
    const time = T0 + 60_000;
    const results = Array.from({ length: 50 }, (_, i) => totp.verifyTotpAttempt(SECRET, wrongCode(time), stale, { time: time + i }));
    assert.ok(results.every((r) => r.state.failures === 1 && r.state.lockedUntil === null));
  });

  /** Runs `workers` threads that each send `tokens(i)` through a compare-and-set store. */
  async function race({ workers, attempts, valid, maxFailures }) {
    let stored = { version: 0, state: enrolledOwner().state };
    const committed = [];
    let conflicts = 0;
    const threads = Array.from({ length: workers }, (_, index) => {
      const worker = new Worker(new URL('./second-edition/racer.mjs', import.meta.url), {
        workerData: { entryUrl, secret: SECRET, index, attempts, valid, time: T0 + 120_000, maxFailures },
      });
      worker.on('message', (message) => {
        if (message.type === 'read') worker.postMessage({ type: 'state', ...structuredClone(stored) });
        if (message.type === 'write') {
          // Compare-and-set: only a write based on the version it read lands.
          const ok = message.version === stored.version;
          if (ok) {
            stored = { version: stored.version + 1, state: message.state };
            committed.push(message.reason);
          } else conflicts += 1;
          worker.postMessage({ type: 'written', ok });
        }
      });
      return new Promise((resolve, reject) => {
        worker.on('error', reject);
        worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`racer exited ${code}`))));
      });
    });
    await Promise.all(threads);
    return { stored, committed, conflicts };
  }

  it('8 workers x 10 wrong codes: exactly 80 failures counted, in a state the next call accepts', async () => {
    const { stored, committed, conflicts } = await race({ workers: 8, attempts: 10, valid: false, maxFailures: 100 });
    assert.equal(committed.length, 80);
    assert.ok(committed.every((reason) => reason === 'invalid'));
    assert.equal(stored.state.failures, 80);
    console.log(`race: 80 failures committed exactly, after ${conflicts} compare-and-set conflicts`);
  });

  it('8 workers sending the same valid code at once: accepted exactly once, the rest replayed and not counted', async () => {
    const { stored, committed } = await race({ workers: 8, attempts: 1, valid: true, maxFailures: 5 });
    assert.deepEqual(committed.filter((reason) => reason === 'ok').length, 1);
    // Replays are not failures: the workers refused as replays write nothing.
    assert.equal(stored.state.failures, 0);
    assert.equal(stored.version, 1);
  });
});

describe('finding 3: backup codes cost one key derivation per attempt', () => {
  it('hashes name their selector, and only hashes with the typed code\'s selector are derived', () => {
    const [code] = totp.generateBackupCodes(1);
    const hash = totp.hashBackupCode(code);
    assert.match(hash, new RegExp(`^\\$pbkdf2-sha256\\$i=20000,l=32,s=${code.slice(0, 2)}\\$`));
    // 999 hashes of other selectors beside the right one: not candidates, so no error (more
    // than 100 candidates would be one; see the next case) and the right one found.
    const others = totp.generateBackupCodes(100).filter((c) => c.slice(0, 2) !== code.slice(0, 2)).map((c) => `$pbkdf2-sha256$i=20000,l=32,s=${c.slice(0, 2)}$AAAAAAAAAAAAAAAAAAAAAA$${'A'.repeat(43)}`);
    const table = Array.from({ length: 999 }, (_, i) => others[i % others.length]);
    assert.equal(totp.verifyBackupCode(code, [...table, hash]), 999);
    // 101 with its selector: each would need a derivation, which is refused as a tampered table.
    const same = `$pbkdf2-sha256$i=20000,l=32,s=${code.slice(0, 2)}$AAAAAAAAAAAAAAAAAAAAAA$${'A'.repeat(43)}`;
    assert.throws(() => totp.verifyBackupCode(code, Array(101).fill(same)), /hashes: would need more than 100 key derivations/);
  });

  it('a tampered iteration count cannot stall a call', () => {
    const [code] = totp.generateBackupCodes(1);
    const hash = totp.hashBackupCode(code);
    for (const iterations of [2_000_000, 100_000, 41_000, 9_999, 1_000]) {
      const tampered = hash.replace('i=20000', `i=${iterations}`);
      assert.throws(() => totp.verifyBackupCode(code, [tampered]), /hashes\[0\]: iteration count is outside 10000 to 40000/);
    }
  });

  it('backup-code failures are recorded while the TOTP path is locked', () => {
    let { state } = enrolledOwner();
    const time = T0 + 60_000;
    for (let i = 0; i < 5; i++) state = totp.verifyTotpAttempt(SECRET, '', state, { time: time + i }).state;
    assert.ok(state.lockedUntil > time);
    const r = totp.verifyBackupAttempt('AAAAA-AAAAA-AAAAA', [totp.hashBackupCode(totp.generateBackupCodes(1)[0])], state, { time: time + 10 });
    assert.equal(r.reason, 'invalid');
    assert.equal(r.state.backup.failures, 1);
  });

  it('pasted codes normalize: en dash, em dash, NBSP, tab, full-width letters and digits', () => {
    const [code] = totp.generateBackupCodes(1);
    const hashes = [totp.hashBackupCode(code)];
    const fullWidth = (text) => text.replace(/[0-9A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    for (const typed of [
      code.replaceAll('-', '\u2013'),
      code.replaceAll('-', '\u2014'),
      code.replaceAll('-', '\u00a0'),
      code.replaceAll('-', '\t'),
      ` ${code.toLowerCase()}\n`,
      fullWidth(code),
      fullWidth(code).toLowerCase(),
      code.replaceAll('-', '\u2011'),
      `\u200b${code.replaceAll('-', '\u202f')}`,
    ]) assert.equal(totp.verifyBackupCode(typed, hashes), 0, JSON.stringify(typed));
  });

  it('0.1 codes and hashes (12 symbols, no selector) still verify', () => {
    // The format 0.1 wrote: PBKDF2-HMAC-SHA256, 20000 iterations (computed with Python hashlib).
    const legacy = '$pbkdf2-sha256$i=20000,l=32$AAECAwQFBgcICQoLDA0ODw$KoId2iw82nMUk7YLNIyhz2TFhxbx+1JMIgK+lHDoCR8';
    assert.equal(totp.verifyBackupCode('K7QM-2XPD-9HFR', [legacy]), 0);
    assert.equal(totp.verifyBackupCode('K7QM-2XPD-9HFS', [legacy]), -1);
  });
});

describe('finding 4: a replayed code is refused but not counted', () => {
  it('pressing Enter five times after a success: replayed, no failure, no lockout', () => {
    const time = T0 + 60_000;
    const code = totp.generateTotp(SECRET, { time });
    let state = totp.verifyTotpAttempt(SECRET, code, null, { time }).state;
    for (let i = 1; i <= 5; i++) {
      const r = totp.verifyTotpAttempt(SECRET, code, state, { time: time + i * 1000 });
      assert.equal(r.reason, 'replayed');
      assert.deepEqual(r.state, state);
      state = r.state;
    }
    assert.equal(state.failures, 0);
  });

  it('a server clock that stepped back 10 minutes after a success: refused until it catches up, nothing counted', () => {
    const time = T0 + 60_000;
    const state = totp.verifyTotpAttempt(SECRET, totp.generateTotp(SECRET, { time }), null, { time }).state;
    const behind = time - 600_000 + 5_000;
    // The phone (right clock) shows the code of a later step; the server's window is 10 minutes back.
    const phone = totp.generateTotp(SECRET, { time: time + 35_000 });
    for (let i = 0; i < 20; i++) {
      const r = totp.verifyTotpAttempt(SECRET, i % 2 ? phone : '', state, { time: behind + i * 1000 });
      assert.equal(r.reason, 'locked');
      assert.ok(r.retryAfterSeconds > 500 && r.retryAfterSeconds <= 600, String(r.retryAfterSeconds));
      assert.deepEqual(r.state, state);
    }
  });
});

describe('finding 6: the smaller ones', () => {
  it('an 8-bit secret is refused everywhere; provisioningUri wants 128 bits unless allowShortSecret', () => {
    for (const call of [
      () => totp.generateTotp('AE'),
      () => totp.verifyTotp('AE', '123456'),
      () => totp.verifyTotpAttempt('AE', '123456', null),
      () => totp.provisioningUri({ secret: 'AE', account: 'a', allowShortSecret: true }),
      () => totp.encryptSecret('AE', totp.generateEncryptionKey(), 1),
    ]) assert.throws(call, { name: 'RangeError', message: 'secret: must be at least 80 bits (16 base32 characters), got 8 bits' });
    assert.throws(() => totp.provisioningUri({ secret: 'JBSWY3DPEHPK3PXP', account: 'a' }), /secret: must be at least 128 bits/);
    assert.match(totp.provisioningUri({ secret: 'JBSWY3DPEHPK3PXP', account: 'a', allowShortSecret: true }), /secret=JBSWY3DPEHPK3PXP/);
  });

  it('no state the next call rejects: failures and lockedUntil stay bounded', () => {
    // A 0.1 state after a long siege, and a time at the end of JavaScript's range.
    const old = { lastStep: null, failures: 1e15, lockedUntil: null };
    const r = totp.verifyTotpAttempt(SECRET, '', old, { time: T0 });
    assert.equal(r.reason, 'locked');
    assert.equal(r.retryAfterSeconds, null);
    // The latest time an attempt may be made at leaves room for a 24-hour lockout below 2^53.
    assert.throws(() => totp.verifyTotpAttempt(SECRET, '', null, { time: Number.MAX_SAFE_INTEGER - 10 }), {
      name: 'RangeError',
      message: 'time: is too far in the future',
    });
    const end = Number.MAX_SAFE_INTEGER - DAY_MS;
    let state = null;
    for (let i = 0; i < 5; i++) state = totp.verifyTotpAttempt(SECRET, '', state, { time: end }).state;
    assert.ok(Number.isSafeInteger(state.lockedUntil) && state.lockedUntil <= Number.MAX_SAFE_INTEGER);
    assert.equal(totp.verifyTotpAttempt(SECRET, '', state, { time: end }).reason, 'locked');
    // A lockout never has more than 24 h left, whatever the row says.
    const far = totp.verifyTotpAttempt(SECRET, '', { lastStep: null, failures: 5, lockedUntil: T0 + 400 * DAY_MS }, { time: T0 });
    assert.equal(far.retryAfterSeconds, 86_400);
  });

  it('a constant random generator makes generateBackupCodes throw, not loop', async () => {
    const worker = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       Object.defineProperty(globalThis, 'crypto', { value: { getRandomValues: (a) => a.fill(7) }, configurable: true });
       import(workerData).then((t) => {
         const out = [];
         for (const call of [() => t.generateBackupCodes(2), () => t.generateSecret(), () => t.generateEncryptionKey()]) {
           try { call(); out.push('returned'); } catch (e) { out.push(e.message); }
         }
         parentPort.postMessage(out);
       });`,
      { eval: true, workerData: entryUrl },
    );
    const timer = setTimeout(() => worker.terminate(), 20_000);
    const [out] = await Promise.all([new Promise((resolve) => worker.once('message', resolve)), new Promise((resolve) => worker.once('exit', resolve))]);
    clearTimeout(timer);
    assert.deepEqual(out, Array(3).fill('random: the platform random number generator returned repeating values (a broken or mocked crypto.getRandomValues?)'));
  });

  it('engines names the Node versions the suite runs on', async () => {
    const { readFile } = await import('node:fs/promises');
    const manifest = JSON.parse(await readFile(project.file('node_modules', 'totp-wasm', 'package.json'), 'utf8'));
    assert.equal(manifest.engines.node, '>=20');
    assert.ok(Number(process.versions.node.split('.')[0]) >= 20);
    assert.equal(typeof globalThis.crypto.getRandomValues, 'function');
  });

  it('sealing needs a context; user.id works as a number, a bigint or a string alike', () => {
    const key = totp.generateEncryptionKey();
    assert.throws(() => totp.encryptSecret(SECRET, key), { name: 'TypeError', message: /context: is required/ });
    assert.throws(() => totp.encryptSecret(SECRET, key, ''), /context: must not be empty/);
    const sealed = totp.encryptSecret(SECRET, key, 42);
    for (const context of [42, '42', 42n]) assert.equal(totp.decryptSecret(sealed, key, context), SECRET);
    assert.throws(() => totp.decryptSecret(sealed, key, 43), /does not open/);
    assert.throws(() => totp.decryptSecret(sealed, key, ''), /context: must not be empty/);
  });

  it('key rotation: values name their key, a keyring opens old and new, 0.1 values still open', () => {
    const [oldKey, newKey] = [totp.generateEncryptionKey(), totp.generateEncryptionKey()];
    const before = totp.encryptSecret(SECRET, oldKey, 'user:1', { keyId: '2026-01' });
    const afterRotation = totp.encryptSecret(SECRET, newKey, 'user:1', { keyId: '2026-07' });
    assert.ok(before.startsWith('v2.2026-01.') && afterRotation.startsWith('v2.2026-07.'));
    const keyring = { '2026-01': oldKey, '2026-07': newKey };
    assert.equal(totp.decryptSecret(before, keyring, 'user:1'), SECRET);
    assert.equal(totp.decryptSecret(afterRotation, keyring, 'user:1'), SECRET);
    assert.throws(() => totp.decryptSecret(before, { '2026-07': newKey }, 'user:1'), /keyring: has no key/);
    const seven = new Uint8Array(32).fill(7);
    assert.equal(totp.decryptSecret('v1.AQEBAQEBAQEBAQEBPoTl2_-eMqNvO5inPLYAgiaAc6s_no_fj8U', { legacy: seven, '2026-07': newKey }, 'user:42'), 'JBSWY3DPEHPK3PXP');
  });
});
