// The host's randomness, against the installed tarball in Node (ESM, CJS and the subpath
// entries): with globalThis.crypto replaced for the duration of a call by a host without it, a
// getRandomValues that throws, or one that returns constant bytes, every function that needs
// randomness throws an Error naming `random`, the others keep working, and the module works
// again as soon as the real generator is back. Node-only: the spec (spec/) never touches
// globalThis.crypto.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { consumerProject } from './harness.mjs';

const S = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const T = 1111111109000;
const TOKEN = '081804'; // RFC 6238 SHA1 at T
const MISSING = 'random: crypto.getRandomValues is missing or failed in this host';
const REPEATING =
  'random: the platform random number generator returned repeating values (a broken or mocked crypto.getRandomValues?)';

/** Stand-ins for globalThis.crypto: [label, value, the message every random call must throw]. */
const HOSTS = [
  ['no globalThis.crypto', undefined, MISSING],
  ['null globalThis.crypto', null, MISSING],
  ['a crypto without getRandomValues', {}, MISSING],
  ['getRandomValues not a function', { getRandomValues: 42 }, MISSING],
  [
    'a getRandomValues that throws',
    {
      getRandomValues() {
        throw new Error('QuotaExceededError');
      },
    },
    MISSING,
  ],
  [
    'a getRandomValues that throws a non-Error',
    {
      getRandomValues() {
        throw 'nope';
      },
    },
    MISSING,
  ],
  ['a getRandomValues that leaves the buffer as it is (zeros)', { getRandomValues: (array) => array }, REPEATING],
  ['a getRandomValues that fills with 7', { getRandomValues: (array) => array.fill(7) }, REPEATING],
  ['a getRandomValues that fills with 0xff', { getRandomValues: (array) => array.fill(0xff) }, REPEATING],
];

/** Runs `fn` with globalThis.crypto replaced by `host`, restoring the real one however it ends. */
function withCrypto(host, fn) {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value: host, configurable: true, writable: true, enumerable: false });
  try {
    return fn();
  } finally {
    if (original) Object.defineProperty(globalThis, 'crypto', original);
    else delete globalThis.crypto;
  }
}

/** The thrown value of `fn`, or a failure if it returned. */
function thrownBy(fn, what) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail(`${what} returned instead of throwing`);
}

function fixtures(totp) {
  const key = totp.generateEncryptionKey();
  const [code] = totp.generateBackupCodes(1);
  return {
    key,
    code,
    hashes: [totp.hashBackupCode(code)],
    sealed: totp.encryptSecret(S, key, 'user:1', { keyId: 'k1' }),
    service: new totp.TOTPService(),
  };
}

/** Every call that needs the generator (each one fresh randomness). */
const RANDOM_CALLS = [
  ['generateSecret()', (t) => t.generateSecret()],
  ['generateSecret(16)', (t) => t.generateSecret(16)],
  ['generateSecret(64)', (t) => t.generateSecret(64)],
  ['generateEncryptionKey()', (t) => t.generateEncryptionKey()],
  ['generateBackupCodes(1)', (t) => t.generateBackupCodes(1)],
  ['generateBackupCodes(100)', (t) => t.generateBackupCodes(100)],
  ['hashBackupCode(code)', (t, f) => t.hashBackupCode(f.code)],
  ['verifyTotpAttempt(.., { rememberDevice: true }), a success', (t) =>
    t.verifyTotpAttempt(S, TOKEN, null, { time: T, rememberDevice: true })],
  ['verifyBackupAttempt(.., { rememberDevice: true }), a success', (t, f) =>
    t.verifyBackupAttempt(f.code, f.hashes, null, { time: T, rememberDevice: true })],
  ['TOTPService#generateSecret()', (t, f) => f.service.generateSecret()],
  ['TOTPService#generateBackupCodes()', (t, f) => f.service.generateBackupCodes()],
];
/** encryptSecret draws a 12-byte nonce: see the constant-generator case below. */
const SEAL = ['encryptSecret(S, key, context)', (t, f) => t.encryptSecret(S, f.key, 'user:1')];

/** Calls that need no randomness, with what each must return under any host. */
const PLAIN_CALLS = [
  ['generateTotp', (t) => t.generateTotp(S, { time: T, digits: 8 }), '07081804'],
  ['verifyTotp', (t) => t.verifyTotp(S, TOKEN, { time: T }), true],
  ['checkHotp', (t) => t.checkHotp(S, '755224', 0), 0],
  ['parseUri', (t) => t.parseUri(`otpauth://totp/a?secret=${S}`).secret, S],
  ['provisioningUri', (t) => t.provisioningUri({ secret: S, account: 'a' }).startsWith('otpauth://'), true],
  ['qrSvg', (t) => t.qrSvg('x').startsWith('<svg'), true],
  ['verifyTotpAttempt without rememberDevice', (t) => t.verifyTotpAttempt(S, TOKEN, null, { time: T }).reason, 'ok'],
  ['verifyTotpAttempt failing, rememberDevice', (t) =>
    t.verifyTotpAttempt(S, '000000', null, { time: T, rememberDevice: true }).reason, 'invalid'],
  ['verifyBackupCode', (t, f) => t.verifyBackupCode(f.code, f.hashes), 0],
  ['verifyBackupAttempt without rememberDevice', (t, f) => t.verifyBackupAttempt(f.code, f.hashes, null, { time: T }).index, 0],
  ['decryptSecret', (t, f) => t.decryptSecret(f.sealed, { k1: f.key }, 'user:1'), S],
];

/** The module works with the real generator: every random call, and known answers. */
function assertWorks(t, f, after) {
  assert.equal(t.generateTotp(S, { time: 59000, digits: 8 }), '94287082', `RFC 6238 after ${after}`);
  const secrets = new Set(Array.from({ length: 5 }, () => t.generateSecret()));
  assert.equal(secrets.size, 5, `generateSecret after ${after}`);
  assert.equal(t.generateEncryptionKey().length, 32);
  const [code] = t.generateBackupCodes(1);
  assert.equal(t.verifyBackupCode(code, [t.hashBackupCode(code)]), 0, `backup codes after ${after}`);
  assert.equal(t.decryptSecret(t.encryptSecret(S, f.key, 7), f.key, '7'), S, `sealing after ${after}`);
  const remembered = t.verifyTotpAttempt(S, TOKEN, null, { time: T, rememberDevice: true });
  assert.match(remembered.deviceToken, /^d1\.[A-Za-z0-9_-]{22}$/, `device tokens after ${after}`);
}

/** The cases, for one way of loading the package (`load()` gives its namespace). */
function randomCases(load) {
  let t;
  let f;
  before(async () => {
    t = await load();
    f = fixtures(t);
  });

  for (const [label, host, message] of HOSTS) {
    it(`${label}: every call that needs randomness throws Error "${message.slice(0, 40)}…"`, () => {
      const calls = message === MISSING ? [...RANDOM_CALLS, SEAL] : RANDOM_CALLS;
      for (const [name, call] of calls) {
        const error = withCrypto(host, () => thrownBy(() => call(t, f), name));
        assert.ok(error instanceof Error, `${name}: threw a non-Error ${String(error)}`);
        assert.ok(!(error instanceof WebAssembly.RuntimeError), `${name}: the wasm trapped: ${error.message}`);
        assert.equal(error.name, 'Error', `${name}: ${error.name}`);
        assert.equal(error.message, message, name);
        // The very next call, with the real generator back, works.
        assert.ok(call(t, f), `${name} works again at once`);
      }
      assertWorks(t, f, label);
    });

    it(`${label}: calls that need no randomness are unaffected`, () => {
      for (const [name, call, expected] of PLAIN_CALLS) {
        assert.deepEqual(withCrypto(host, () => call(t, f)), expected, name);
      }
    });
  }

  it('a generator that repeats itself across calls: backup codes of one batch cannot get distinct selectors', () => {
    const pattern = Uint8Array.from({ length: 64 }, (_, index) => (index * 37 + 11) % 251);
    const replaying = { getRandomValues: (array) => array.set(pattern.subarray(0, array.length)) ?? array };
    const error = withCrypto(replaying, () => thrownBy(() => t.generateBackupCodes(2), 'generateBackupCodes(2)'));
    assert.equal(error.message, REPEATING);
    assert.equal(withCrypto(replaying, () => t.generateBackupCodes(1)).length, 1, 'one code is all one draw can tell');
    assertWorks(t, f, 'a replaying generator');
  });

  it('a getRandomValues swapped in the middle of a run: each call reads the host anew', () => {
    for (let round = 0; round < 50; round++) {
      const [, host, message] = HOSTS[round % HOSTS.length];
      const error = withCrypto(host, () => thrownBy(() => t.generateSecret(), 'generateSecret'));
      assert.equal(error.message, message);
      assert.match(t.generateSecret(), /^[A-Z2-7]{32}$/);
    }
  });

  // An AES-GCM nonce is 12 bytes: a constant generator must not seal two values with one nonce
  // (README, Security: "nothing is made from predictable bytes").
  it('a constant generator: encryptSecret throws too instead of sealing with a constant nonce', () => {
    for (const [label, host, message] of HOSTS.filter(([, , message]) => message === REPEATING)) {
      const outcome = withCrypto(host, () => {
        try {
          return { sealed: [t.encryptSecret(S, f.key, 'user:1'), t.encryptSecret(S, f.key, 'user:2')] };
        } catch (error) {
          return { error };
        }
      });
      assert.ok(outcome.error, `${label}: sealed ${outcome.sealed?.join(' and ')}`);
      assert.equal(outcome.error.message, message);
    }
  });
}

let project;
before(async () => {
  project = await consumerProject();
  await project.write('entry.mjs', "export * as totp from 'totp-wasm';\n");
  await project.write(
    'subpaths.mjs',
    "export * from 'totp-wasm/codes'; export * from 'totp-wasm/protect'; export * from 'totp-wasm/qr';\n",
  );
  await project.write('entry.cjs', "module.exports = require('totp-wasm');\n");
});
after(() => project?.remove());

describe('random: Node ESM, import from "totp-wasm"', () => {
  randomCases(async () => (await import(pathToFileURL(project.file('entry.mjs')).href)).totp);
});

describe('random: Node CJS, require("totp-wasm")', () => {
  randomCases(async () => createRequire(import.meta.url)(project.file('entry.cjs')));
});

describe('random: Node ESM, the subpath entries (each its own wasm instance)', () => {
  randomCases(async () => {
    const subpaths = await import(pathToFileURL(project.file('subpaths.mjs')).href);
    const { TOTPService } = await import(pathToFileURL(project.file('entry.mjs')).href).then((m) => m.totp);
    return { ...subpaths, TOTPService };
  });
});
