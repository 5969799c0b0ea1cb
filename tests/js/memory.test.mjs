// Zeroization, proven by looking: after each call, the wasm's whole linear memory is scanned for
// the secret (raw key bytes and base32 text), the typed code, the backup code, the AES key and
// anything derived that must not stay. Every export, on success and on failure. The package
// zeroes its arena and shadow stack after each call (src/wasm/memory.rs) and the bytes of each
// result it reads (pkg/src/_wasm.js); JavaScript strings are another matter (README, Security).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { consumerProject } from './harness.mjs';

const base32 = (bytes) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + alphabet[(value << (5 - bits)) & 31] : out;
};

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

describe('wasm memory holds no secret after a call (every export, success and failure)', () => {
  let project;
  let codes;
  let qr;
  let protect;
  before(async () => {
    project = await consumerProject();
    await project.write(
      'entry.mjs',
      "export * as codes from 'totp-wasm/codes'; export * as qr from 'totp-wasm/qr'; export * as protect from 'totp-wasm/protect';\n",
    );
    ({ codes, qr, protect } = await import(pathToFileURL(project.file('entry.mjs')).href));
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
