// Zeroization, proven by looking: after each call, the wasm's whole linear memory is scanned for
// the secret (raw key bytes and base32 text), the typed code, the backup code, the AES key and
// anything derived that must not stay. Every export, on success and on failure. The package
// zeroes its arena and shadow stack after each call (src/wasm/memory.rs) and the bytes of each
// result it reads (pkg/src/_wasm.js); JavaScript strings are another matter (README, Security).
import assert from 'node:assert/strict';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { consumerProject } from './harness.mjs';
import { base32Encode as base32 } from './spec/util.mjs';


/** Where `needle` occurs in `haystack`, or -1. */
function find(haystack, needle) {
  const first = needle[0];
  for (let at = haystack.indexOf(first); at !== -1 && at <= haystack.length - needle.length; at = haystack.indexOf(first, at + 1)) {
    let same = true;
    for (let i = 1; i < needle.length && same; i++) same = haystack[at + i] === needle[i];
    if (same) return at;
  }
  return -1;
}

const utf8 = (text) => new TextEncoder().encode(text);
/** A device token's forms: its text and the 128 random bits it carries. */
const tokenForms = (token, what) => ({
  [`${what} (text)`]: utf8(token),
  [`${what} (its random bytes)`]: Buffer.from(token.slice('d1.'.length), 'base64url'),
});

describe('wasm memory holds no secret after a call (every export, success and failure)', () => {
  let project;
  let codes;
  let qr;
  let protect;
  let migrate;
  before(async () => {
    project = await consumerProject();
    await project.write(
      'entry.mjs',
      "export * as codes from 'totp-wasm/codes'; export * as qr from 'totp-wasm/qr'; export * as protect from 'totp-wasm/protect'; export * as migrate from 'totp-wasm/migrate';\n",
    );
    ({ codes, qr, protect, migrate } = await import(pathToFileURL(project.file('entry.mjs')).href));
  });
  after(() => project?.remove());

  /** Fails if any of `secrets` (name -> bytes) is anywhere in the memory of `wasm`. */
  function assertClean(wasm, secrets, what) {
    const memory = new Uint8Array(wasm().memory.buffer);
    for (const [name, bytes] of Object.entries(secrets)) {
      const at = find(memory, bytes);
      assert.equal(at, -1, `after ${what}: ${name} is still in wasm memory at ${at}`);
    }
  }

  const fresh = () => {
    const key = randomBytes(20);
    const text = base32(key);
    return { key, text, secrets: { 'the raw key': key, 'the base32 secret': utf8(text) } };
  };

  it('codes: generateTotp, verifyTotp, checkTotp, generateHotp, checkHotp', () => {
    const { text, secrets } = fresh();
    const code = codes.generateTotp(text, { time: 1_700_000_000_000, digits: 8, algorithm: 'SHA512' });
    assertClean(codes._codesWasm, { ...secrets, 'the code': utf8(code) }, 'generateTotp');
    // A wrong code of random digits: a fixed one such as 12345678 stands in the wasm's own data.
    const wrong = String(randomBytes(4).readUInt32BE(0) % 90_000_000 + 10_000_000);
    for (const token of [code, wrong]) {
      codes.verifyTotp(text, token, { time: 1_700_000_000_000, digits: 8, algorithm: 'SHA512', window: 3 });
      codes.checkTotp(text, token, { time: 1_700_000_000_000, digits: 8, algorithm: 'SHA512' });
      assertClean(codes._codesWasm, { ...secrets, 'the token': utf8(token) }, `verifyTotp/checkTotp(${token})`);
    }
    const hotp = codes.generateHotp(text, 42, { algorithm: 'SHA256' });
    codes.checkHotp(text, hotp, 40, { algorithm: 'SHA256', lookAhead: 5 });
    assertClean(codes._codesWasm, { ...secrets, 'the hotp code': utf8(hotp) }, 'generateHotp/checkHotp');
  });

  it('codes: generateSecret, provisioningUri, parseUri, and their errors', () => {
    const made = codes.generateSecret(64);
    assertClean(codes._codesWasm, { 'the generated secret': utf8(made) }, 'generateSecret');
    const { text, secrets } = fresh();
    const uri = codes.provisioningUri({ secret: text, account: 'alice', issuer: 'ACME' });
    assertClean(codes._codesWasm, secrets, 'provisioningUri');
    codes.parseUri(uri);
    assertClean(codes._codesWasm, secrets, 'parseUri');
    assert.throws(() => codes.parseUri(uri.replace("digits=6", "digits=9")), RangeError);
    assert.throws(() => codes.generateTotp(`${text}!`), TypeError);
    assertClean(codes._codesWasm, secrets, 'parseUri and generateTotp failing');
  });

  it('migrate: parseMigrationUri and migrationUris leave no secret, raw or base32', () => {
    const accounts = [fresh(), fresh(), fresh()];
    const uris = migrate.migrationUris(
      accounts.map(({ text }, i) => ({ secret: text, account: `user${i}`, issuer: 'ACME' })),
      { batchSize: 2 },
    );
    const all = Object.assign({}, ...accounts.map(({ secrets }, i) => Object.fromEntries(Object.entries(secrets).map(([k, v]) => [`${k} ${i}`, v]))));
    assertClean(migrate._migrateWasm, all, 'migrationUris');
    for (const uri of uris) migrate.parseMigrationUri(uri);
    // Cut inside the first account's secret: the payload ends inside a field.
    const cut = Buffer.from(decodeURIComponent(uris[0].split('data=')[1]), 'base64').subarray(0, 12).toString('base64');
    assert.throws(() => migrate.parseMigrationUri(`otpauth-migration://offline?data=${encodeURIComponent(cut)}`), /data ends inside a field/);
    const payloads = Object.fromEntries(uris.map((uri, i) => [`the payload of URI ${i}`, Buffer.from(decodeURIComponent(uri.split('data=')[1]), 'base64')]));
    assertClean(migrate._migrateWasm, { ...all, ...payloads }, 'parseMigrationUri, and failing');
  });

  it('qr: the URI (which holds the secret) is gone after qrSvg and qrDataUrl', () => {
    const { text, secrets } = fresh();
    const uri = `otpauth://totp/ACME:alice?secret=${text}&issuer=ACME`;
    qr.qrSvg(uri);
    qr.qrDataUrl(uri, { ecc: 'H' });
    assert.throws(() => qr.qrSvg(uri, { dark: 'not a colour' }), TypeError);
    assertClean(qr._qrWasm, { ...secrets, 'the URI': utf8(uri) }, 'qrSvg/qrDataUrl');
  });

  it('protect: verifyTotpAttempt', () => {
    const { text, secrets } = fresh();
    const token = codes.generateTotp(text, { time: 1_700_000_000_000 });
    let state = null;
    for (const attempt of [token, token, '000000']) {
      state = protect.verifyTotpAttempt(text, attempt, state, { time: 1_700_000_000_000 }).state;
    }
    assertClean(protect._protectWasm, { ...secrets, 'the token': utf8(token) }, 'verifyTotpAttempt');
  });

  it('protect: device tokens, returned by a success and passed in by later attempts, do not stay', () => {
    const { text, secrets } = fresh();
    const time = 1_700_000_000_000;
    const token = codes.generateTotp(text, { time });
    const remembered = protect.verifyTotpAttempt(text, token, null, { time, rememberDevice: true });
    const device = remembered.deviceToken;
    assert.match(device, /^d1\./);
    const forms = { ...secrets, 'the code': utf8(token), ...tokenForms(device, 'the returned device token') };
    assertClean(protect._protectWasm, forms, 'verifyTotpAttempt remembering the device');
    // A failure, a replay, a success and a lockout from the device, and one remembering it again.
    let { state } = remembered;
    const later = time + 30_000;
    const next = codes.generateTotp(text, { time: later });
    for (const [attempt, at, options] of [
      ['000000', time + 1, {}],
      [token, time + 2, {}],
      [next, later, { rememberDevice: true }],
      ['111111', later + 1, { maxFailures: 1 }],
      [next, later + 2, {}],
    ]) {
      const result = protect.verifyTotpAttempt(text, attempt, state, { time: at, device, ...options });
      state = result.state;
      assertClean(protect._protectWasm, { ...forms, 'the typed code': utf8(attempt) }, `an attempt from the device (${result.reason})`);
    }
    // A device token of another account, and a typed-in string that is no token.
    const other = protect.verifyTotpAttempt(text, token, null, { time, rememberDevice: true }).deviceToken;
    protect.verifyTotpAttempt(text, '000000', remembered.state, { time: time + 3, device: other });
    assertClean(protect._protectWasm, { ...forms, ...tokenForms(other, 'an unknown device token') }, 'an unknown device');
    const [code] = protect.generateBackupCodes(1);
    const viaBackup = protect.verifyBackupAttempt(code, [protect.hashBackupCode(code)], null, { time, rememberDevice: true });
    assertClean(
      protect._protectWasm,
      { 'the backup code': utf8(code), ...tokenForms(viaBackup.deviceToken, 'the device token of a backup code') },
      'verifyBackupAttempt remembering the device',
    );
  });

  it('protect: verifyBackupAttempt, on success, failure and lockout, and with hashes from 0.1', () => {
    const made = protect.generateBackupCodes(3);
    const hashes = made.map((code) => protect.hashBackupCode(code));
    // A 0.1 hash (no selector) of a 12-symbol code: PBKDF2-HMAC-SHA256, 20000 iterations.
    const legacyCode = 'K7QM2XPD9HFR';
    const salt = randomBytes(16);
    const legacy = `$pbkdf2-sha256$i=20000,l=32$${salt.toString('base64').replace(/=+$/, '')}$${pbkdf2Sync(legacyCode, salt, 20000, 32, 'sha256').toString('base64').replace(/=+$/, '')}`;
    const table = [...hashes, legacy];
    let state = null;
    const time = 1_700_000_000_000;
    for (const [index, typed] of [
      [1, made[1].toLowerCase().replaceAll('-', '\u2013')],
      [3, 'k7qm 2xpd 9hfr'],
      [null, protect.generateBackupCodes(1)[0]],
      [null, 'not a code'],
    ]) {
      const result = protect.verifyBackupAttempt(typed, table, state, { time, maxFailures: 2 });
      assert.equal(result.index, index, typed);
      state = result.state;
      const forms = { 'the typed code': utf8(typed), 'the normalized code': utf8(typed.toUpperCase().replace(/[\s\u2013-]/g, '')) };
      for (const code of made) Object.assign(forms, { [`code ${code}`]: utf8(code), [`code ${code} plain`]: utf8(code.replaceAll('-', '')) });
      assertClean(protect._protectWasm, { ...forms, 'the 0.1 code': utf8(legacyCode) }, `verifyBackupAttempt(${typed})`);
    }
    assert.equal(protect.verifyBackupAttempt(made[2], table, state, { time: time + 1 }).reason, 'locked');
  });

  it('protect: generateEncryptionKey, encryptSecret, decryptSecret, and a failed open', () => {
    const { text, secrets } = fresh();
    const key = protect.generateEncryptionKey();
    assertClean(protect._protectWasm, { 'the generated key': key }, 'generateEncryptionKey');
    const sealed = protect.encryptSecret(text, key, 'user:1');
    assertClean(protect._protectWasm, { ...secrets, 'the AES key': key }, 'encryptSecret');
    assert.equal(protect.decryptSecret(sealed, key, 'user:1'), text);
    assertClean(protect._protectWasm, { ...secrets, 'the AES key': key }, 'decryptSecret');
    assert.throws(() => protect.decryptSecret(sealed, key, 'user:2'), /authentication failed/);
    assertClean(protect._protectWasm, { ...secrets, 'the AES key': key }, 'decryptSecret failing');
  });

  it('protect: sealing with keyId and integer contexts, and keyrings: every key of the keyring is gone', () => {
    const { text, secrets } = fresh();
    const keys = Array.from({ length: 16 }, () => protect.generateEncryptionKey());
    const ring = Object.fromEntries(keys.map((key, index) => [`key-${index}`, key]));
    const keyForms = Object.fromEntries(keys.map((key, index) => [`keyring key ${index}`, key]));
    const all = { ...secrets, ...keyForms };
    const sealedUnder = (index, context) => protect.encryptSecret(text, keys[index], context, { keyId: `key-${index}` });
    const values = [sealedUnder(0, 42), sealedUnder(7, 42n), sealedUnder(15, '42')];
    assertClean(protect._protectWasm, all, 'encryptSecret with keyId and integer contexts');
    for (const sealed of values) {
      assert.equal(protect.decryptSecret(sealed, ring, 42), text);
      assertClean(protect._protectWasm, all, 'decryptSecret with a keyring of 16 keys');
    }
    // An id-less value: every key of the ring is tried, the right one last.
    const plain = protect.encryptSecret(text, keys[15], 'user:9');
    assert.equal(protect.decryptSecret(plain, ring, 'user:9'), text);
    assertClean(protect._protectWasm, all, 'decryptSecret trying each key');
    // Failing: a wrong context, a key id the ring lacks, an over-full ring, a key of the wrong length.
    assert.throws(() => protect.decryptSecret(values[0], ring, 43), /authentication failed/);
    assert.throws(() => protect.decryptSecret(plain, { a: keys[1], b: keys[2] }, 'user:9'), /authentication failed/);
    assert.throws(() => protect.decryptSecret(values[1], { 'key-0': keys[0] }, 42), /has no key/);
    assert.throws(() => protect.decryptSecret(values[0], { ...ring, extra: keys[3] }, 42), RangeError);
    assert.throws(() => protect.decryptSecret(values[0], { 'key-0': keys[0], short: keys[1].subarray(0, 31) }, 42), RangeError);
    assertClean(protect._protectWasm, { ...all, 'the short key': keys[1].subarray(0, 31) }, 'decryptSecret failing');
    // The package's copies of the key bytes are wiped; the caller's arrays are the caller's.
    assert.ok(keys.every((key) => key.some((byte) => byte !== 0)), "the caller's keys are untouched");
  });

  it('protect: generateBackupCodes, hashBackupCode, verifyBackupCode', () => {
    const made = protect.generateBackupCodes(5);
    for (const code of made) assertClean(protect._protectWasm, { 'a generated code': utf8(code) }, 'generateBackupCodes');
    const [code] = made;
    const typed = code.toLowerCase().replaceAll('-', ' ');
    const hash = protect.hashBackupCode(code);
    assert.equal(protect.verifyBackupCode(typed, [hash]), 0);
    const forms = { 'the code': utf8(code), 'the typed code': utf8(typed), 'the normalized code': utf8(code.replaceAll('-', '')) };
    assertClean(protect._protectWasm, forms, 'hashBackupCode/verifyBackupCode');
  });
});
