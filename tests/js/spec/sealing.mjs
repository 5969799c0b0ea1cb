// Sealed secrets (API.md, second edition): encryptSecret(secret, key, context, { keyId }) and
// decryptSecret(sealed, keyOrKeyring, context). The format is checked against WebCrypto's
// AES-GCM, an implementation independent of the package, and against values 0.1 sealed.
import { base32Decode, expectError, tooShortMessage } from './util.mjs';
import { SEALED_V1, SECRETS, SHA1_SECRET, SHORT_SECRET } from './vectors.mjs';

const S = SHA1_SECRET;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const KEY7 = () => new Uint8Array(32).fill(7);
const encoder = new TextEncoder();
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const toBase64Url = (bytes) =>
  btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const fromBase64Url = (text) =>
  Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (char) => char.charCodeAt(0));
const hex = (bytes) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

// The associated data of each version: a domain label, then (v2) the key id and a NUL, then the context.
const v1Aad = (context) => concat(encoder.encode('totp-wasm sealed secret v1\0'), encoder.encode(context));
const v2Aad = (keyId, context) =>
  concat(encoder.encode('totp-wasm sealed secret v2\0'), encoder.encode(keyId ?? ''), [0], encoder.encode(context));
const aesKey = (bytes) => crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);

/** Seals raw key bytes as `prefix` + base64url(nonce || ciphertext || tag), with WebCrypto. */
async function webSeal(prefix, keyBytes, plaintext, aad, nonce = crypto.getRandomValues(new Uint8Array(12))) {
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad }, await aesKey(keyBytes), plaintext);
  return `${prefix}${toBase64Url(concat(nonce, new Uint8Array(sealed)))}`;
}

/** Opens a v2 value with WebCrypto: the raw key bytes it holds. */
async function webOpenV2(sealed, keyBytes, context) {
  const [, keyId, body] = /^v2\.(?:([A-Za-z0-9_-]{1,64})\.)?([A-Za-z0-9_-]+)$/.exec(sealed);
  const blob = fromBase64Url(body);
  const aad = v2Aad(keyId, context);
  const opened = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: blob.subarray(0, 12), additionalData: aad }, await aesKey(keyBytes), blob.subarray(12));
  return new Uint8Array(opened);
}

/** Runs `fn`, which must throw the authentication failure: a plain Error, not a TypeError. */
function expectAuthFailure(assert, fn, what) {
  const error = expectError(assert, fn, 'Error', 'sealed');
  assert.ok(!(error instanceof TypeError) && !(error instanceof RangeError), `${what}: ${error.name}`);
  assert.match(error.message, /wrong key|wrong context|tampered/, what);
  assert.doesNotMatch(error.message, /malformed/, what);
}

/** Contexts that are one and the same: each seals what the others open. */
const SAME_CONTEXTS = [
  [42, '42', 42n],
  [0, -0, '0', 0n],
  [-7, '-7', -7n],
  [Number.MAX_SAFE_INTEGER, '9007199254740991', 9007199254740991n],
  [2n ** 64n, '18446744073709551616'],
];

export const sealing = [
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
    'encryptSecret / decryptSecret: round trip to the canonical secret, printable v2. format, fresh nonce',
    (totp, assert) => {
      const key = totp.generateEncryptionKey();
      for (const secret of [S, SHORT_SECRET, SECRETS.SHA512]) {
        const sealed = totp.encryptSecret(secret, key, 'user:42');
        assert.match(sealed, /^v2\.[A-Za-z0-9_-]+$/);
        assert.equal(sealed.length, 'v2.'.length + Math.ceil(((12 + base32Decode(secret).length + 16) * 4) / 3));
        assert.equal(totp.decryptSecret(sealed, key, 'user:42'), secret);
      }
      const loose = 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq====';
      assert.equal(totp.decryptSecret(totp.encryptSecret(loose, key, 'u'), key, 'u'), S, 'normalized: upper case, unpadded');
      const a = totp.encryptSecret(S, key, 'user:42');
      const b = totp.encryptSecret(S, key, 'user:42');
      assert.notEqual(a, b, 'two seals of the same secret differ');
      assert.notEqual(a.slice(0, 19), b.slice(0, 19), 'in the nonce');
      assert.equal(totp.decryptSecret(b, key, 'user:42'), S);
      const context = 'tenant/7 üser 😀 ' + 'x'.repeat(8000);
      assert.equal(totp.decryptSecret(totp.encryptSecret(S, key, context), key, context), S, 'a long unicode context');
    },
  ],

  [
    'encryptSecret / decryptSecret: context is required, a non-empty string, a safe integer or a bigint',
    (totp, assert) => {
      const key = totp.generateEncryptionKey();
      const sealed = totp.encryptSecret(S, key, 'user:1');
      const both = [
        ['encryptSecret', (context) => totp.encryptSecret(S, key, context)],
        ['decryptSecret', (context) => totp.decryptSecret(sealed, key, context)],
      ];
      for (const [name, call] of both) {
        const missing = expectError(assert, () => call(undefined), 'TypeError', 'context');
        assert.match(missing.message, /required/, name);
        const empty = expectError(assert, () => call(''), 'TypeError', 'context');
        assert.match(empty.message, /must not be empty/, name);
        for (const value of [1.5, -0.5, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53)])
          expectError(assert, () => call(value), 'RangeError', 'context');
        for (const value of [null, true, {}, [], ['user:1'], Symbol('user'), new String('user:1'), () => 'user:1'])
          expectError(assert, () => call(value), 'TypeError', 'context');
        expectError(assert, () => call('x'.repeat(8193)), 'RangeError', 'context');
        expectError(assert, () => call('user\uD800'), 'TypeError', 'context');
      }
      expectError(assert, () => totp.encryptSecret(S, key), 'TypeError', 'context');
    },
  ],

  [
    'encryptSecret / decryptSecret: 42, "42" and 42n are the same context; "042" and " 42" are not',
    (totp, assert) => {
      const key = totp.generateEncryptionKey();
      for (const group of SAME_CONTEXTS) {
        for (const sealWith of group) {
          const sealed = totp.encryptSecret(S, key, sealWith);
          for (const openWith of group) assert.equal(totp.decryptSecret(sealed, key, openWith), S, `${sealWith} / ${openWith}`);
        }
      }
      const sealed = totp.encryptSecret(S, key, 42);
      for (const other of ['042', ' 42', '42 ', '42.0', '4.2e1', 43, 43n, -42, '+42'])
        expectAuthFailure(assert, () => totp.decryptSecret(sealed, key, other), `context ${String(other)}`);
      assert.equal(totp.decryptSecret(sealed, key, 42.0), S, '42.0 is the number 42');
    },
  ],

  [
    'encryptSecret: keyId names the key in the sealed value, v2.<keyId>.<base64url>',
    (totp, assert) => {
      const key = totp.generateEncryptionKey();
      for (const keyId of ['k1', '2026-01', 'A_b-9', 'x'.repeat(64), '-', '_']) {
        const sealed = totp.encryptSecret(S, key, 'user:1', { keyId });
        assert.ok(sealed.startsWith(`v2.${keyId}.`), sealed);
        assert.match(sealed.slice(`v2.${keyId}.`.length), /^[A-Za-z0-9_-]{64}$/);
        assert.equal(totp.decryptSecret(sealed, key, 'user:1'), S, 'a single key opens it');
        assert.equal(totp.decryptSecret(sealed, { [keyId]: key }, 'user:1'), S, 'a keyring opens it');
      }
      for (const options of [undefined, null, {}, { keyId: undefined }]) {
        assert.match(totp.encryptSecret(S, key, 'user:1', options), /^v2\.[A-Za-z0-9_-]{64}$/, JSON.stringify(options));
      }
    },
  ],

  [
    'encryptSecret: a keyId that is not 1 to 64 of A-Z a-z 0-9 - _ throws naming keyId',
    (totp, assert) => {
      const key = totp.generateEncryptionKey();
      const seal = (options) => totp.encryptSecret(S, key, 'user:1', options);
      for (const keyId of ['', 'k.1', 'k 1', 'k/1', 'k$', 'é', 'k\u0000', 'k1.', '.k1', 'k+1', 'k=1'])
        expectError(assert, () => seal({ keyId }), 'TypeError', 'keyId');
      expectError(assert, () => seal({ keyId: 'x'.repeat(65) }), 'RangeError', 'keyId');
      for (const keyId of [1, null, {}, ['k1'], true]) expectError(assert, () => seal({ keyId }), 'TypeError', 'keyId');
      for (const option of ['keyid', 'key', 'context', 'id']) expectError(assert, () => seal({ [option]: 'k1' }), 'TypeError', option);
      for (const options of ['k1', 42, ['k1'], true]) expectError(assert, () => seal(options), 'TypeError', 'options');
    },
  ],

  [
    'decryptSecret: values sealed by 0.1 (v1.) still open; the empty context only for them',
    (totp, assert) => {
      const key = KEY7();
      for (const context of ['user:42', '']) {
        const sealed = SEALED_V1[context];
        assert.equal(totp.decryptSecret(sealed, key, context), SEALED_V1.secret, `v1 with context ${JSON.stringify(context)}`);
        assert.equal(totp.decryptSecret(sealed, { old: key }, context), SEALED_V1.secret, 'through a keyring');
        const other = totp.generateEncryptionKey();
        assert.equal(totp.decryptSecret(sealed, { a: other, b: key }, context), SEALED_V1.secret, 'the keyring tries each key');
        expectAuthFailure(assert, () => totp.decryptSecret(sealed, { a: other }, context), 'a keyring without its key');
        expectAuthFailure(assert, () => totp.decryptSecret(sealed, key, context ? '' : 'user:42'), 'the other context');
        expectError(assert, () => totp.decryptSecret(sealed, key), 'TypeError', 'context');
      }
      expectAuthFailure(assert, () => totp.decryptSecret(SEALED_V1['user:42'], key, 'user:43'), 'user:43');
      // Reseal with a context: the value is then v2.
      const resealed = totp.encryptSecret(totp.decryptSecret(SEALED_V1[''], key, ''), key, 'user:42');
      assert.ok(resealed.startsWith('v2.'));
      expectError(assert, () => totp.decryptSecret(resealed, key, ''), 'TypeError', 'context');
    },
  ],

  [
    'decryptSecret: a keyring { [keyId]: key } opens values sealed under any of its ids; a missing id throws TypeError',
    (totp, assert) => {
      const [k1, k2, k3] = [1, 2, 3].map(() => totp.generateEncryptionKey());
      const one = totp.encryptSecret(S, k1, 'user:1', { keyId: 'k1' });
      const two = totp.encryptSecret(SHORT_SECRET, k2, 'user:1', { keyId: 'k2' });
      const ring = { k1, k2 };
      assert.equal(totp.decryptSecret(one, ring, 'user:1'), S);
      assert.equal(totp.decryptSecret(two, ring, 'user:1'), SHORT_SECRET);
      assert.equal(totp.decryptSecret(two, Object.assign(Object.create(null), ring), 'user:1'), SHORT_SECRET, 'a null-prototype keyring');
      const missing = expectError(assert, () => totp.decryptSecret(one, { k2, k3 }, 'user:1'), 'TypeError', 'keyring');
      assert.match(missing.message, /has no key/);
      expectAuthFailure(assert, () => totp.decryptSecret(one, { k1: k2 }, 'user:1'), 'the wrong key under the right id');
      expectAuthFailure(assert, () => totp.decryptSecret(one, ring, 'user:2'), 'the wrong context');
      // Values without a key id try every key of the ring.
      const plain = totp.encryptSecret(S, k2, 'user:1');
      assert.equal(totp.decryptSecret(plain, ring, 'user:1'), S);
      assert.equal(totp.decryptSecret(plain, { a: k3, b: k1, c: k2 }, 'user:1'), S);
      expectAuthFailure(assert, () => totp.decryptSecret(plain, { k1, k3 }, 'user:1'), 'no key of the ring');
      // The key id is authenticated: moved, removed or added, the value does not open.
      const body = one.slice('v2.k1.'.length);
      expectAuthFailure(assert, () => totp.decryptSecret(`v2.k2.${body}`, { k2: k1 }, 'user:1'), 'renamed id');
      expectAuthFailure(assert, () => totp.decryptSecret(`v2.${body}`, k1, 'user:1'), 'removed id');
      expectAuthFailure(assert, () => totp.decryptSecret(`v2.k1.${plain.slice(3)}`, { k1: k2 }, 'user:1'), 'added id');
      // Sizes: 1 to 16 keys.
      const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, index) => [`k${index}`, index === 15 ? k1 : k2]));
      assert.equal(totp.decryptSecret(totp.encryptSecret(S, k1, 'u', { keyId: 'k15' }), sixteen, 'u'), S, '16 keys');
      for (const size of [0, 17]) {
        const bad = Object.fromEntries(Array.from({ length: size }, (_, index) => [`k${index}`, k1]));
        expectError(assert, () => totp.decryptSecret(one, bad, 'user:1'), 'RangeError', 'key');
      }
    },
  ],

  [
    'decryptSecret: keyring entries and ids of the wrong kind throw naming the key',
    (totp, assert) => {
      const key = totp.generateEncryptionKey();
      const sealed = totp.encryptSecret(S, key, 'u', { keyId: 'k1' });
      for (const bad of [undefined, null, 'k'.repeat(32), Array.from(key), key.buffer, new Uint16Array(16), {}])
        expectError(assert, () => totp.decryptSecret(sealed, { k1: bad }, 'u'), 'TypeError', 'key.k1');
      for (const length of [0, 16, 31, 33, 64])
        expectError(assert, () => totp.decryptSecret(sealed, { k1: new Uint8Array(length) }, 'u'), 'RangeError', 'key.k1');
      for (const id of ['', 'k.1', 'k 1', 'é'])
        expectError(assert, () => totp.decryptSecret(sealed, { k1: key, [id]: key }, 'u'), 'TypeError', 'keyring');
      expectError(assert, () => totp.decryptSecret(sealed, { ['x'.repeat(65)]: key }, 'u'), 'RangeError', 'key');
      for (const ring of [new Map([['k1', key]]), [key], new (class Ring { k1 = key })(), { [Symbol('k1')]: key }, () => key])
        expectError(assert, () => totp.decryptSecret(sealed, ring, 'u'), 'TypeError', 'key');
    },
  ],

  [
    'encryptSecret / decryptSecret: the format is AES-256-GCM as WebCrypto reads and writes it',
    async (totp, assert) => {
      const key = totp.generateEncryptionKey();
      for (const keyId of [undefined, 'k1', 'x'.repeat(64)]) {
        for (const [context, text] of [['user:42', 'user:42'], [42, '42'], [42n, '42'], ['ü', 'ü']]) {
          const sealed = totp.encryptSecret(S, key, context, keyId === undefined ? undefined : { keyId });
          const opened = await webOpenV2(sealed, key, text);
          assert.equal(hex(opened), hex(base32Decode(S)), `keyId ${keyId}, context ${String(context)}`);
        }
      }
      // WebCrypto seals, the package opens: v2 with and without a key id, and v1 as 0.1 wrote it.
      const raw = base32Decode(SECRETS.SHA512);
      const withId = await webSeal('v2.rot-2.', key, raw, v2Aad('rot-2', 'user:9'));
      assert.equal(totp.decryptSecret(withId, { 'rot-2': key }, 'user:9'), SECRETS.SHA512);
      const withoutId = await webSeal('v2.', key, raw, v2Aad(undefined, 'user:9'));
      assert.equal(totp.decryptSecret(withoutId, key, 'user:9'), SECRETS.SHA512);
      const known = await webSeal('v1.', KEY7(), base32Decode(SHORT_SECRET), v1Aad('user:42'), new Uint8Array(12).fill(1));
      assert.equal(known, SEALED_V1['user:42'], 'the oracle reproduces what 0.1 sealed');
      const legacy = await webSeal('v1.', key, raw, v1Aad('user:9'));
      assert.equal(totp.decryptSecret(legacy, key, 'user:9'), SECRETS.SHA512);
      // A 0.1 value holding a secret under 80 bits does not open as one.
      const short = await webSeal('v1.', key, encoder.encode('123456789'), v1Aad('user:9'));
      const error = expectError(assert, () => totp.decryptSecret(short, key, 'user:9'), 'RangeError', 'secret');
      assert.equal(error.message, `secret: ${tooShortMessage(72)}`);
    },
  ],

  [
    'decryptSecret: a wrong key or context throws a plain Error saying so',
    (totp, assert) => {
      const key = totp.generateEncryptionKey();
      const sealed = totp.encryptSecret(S, key, 'user:42');
      expectAuthFailure(assert, () => totp.decryptSecret(sealed, totp.generateEncryptionKey(), 'user:42'), 'wrong key');
      for (const context of ['user:43', 'user:42 ', 'User:42', 42])
        expectAuthFailure(assert, () => totp.decryptSecret(sealed, key, context), `context ${JSON.stringify(context)}`);
    },
  ],

  [
    'decryptSecret: any single changed character of the sealed value, key id included, is detected as tampering',
    (totp, assert) => {
      const key = totp.generateEncryptionKey();
      // A 20-byte secret seals to 48 bytes: 64 base64url characters, none with spare bits.
      for (const keyId of [undefined, 'key-2026']) {
        const sealed = totp.encryptSecret(S, key, 'user:42', keyId && { keyId });
        const start = 'v2.'.length;
        assert.equal(sealed.length, (keyId ? `v2.${keyId}.` : 'v2.').length + 64);
        for (let at = start; at < sealed.length; at++) {
          if (sealed[at] === '.') continue;
          const other = BASE64URL[(BASE64URL.indexOf(sealed[at]) + 1 + (at % 63)) % 64];
          const changed = sealed.slice(0, at) + other + sealed.slice(at + 1);
          expectAuthFailure(assert, () => totp.decryptSecret(changed, key, 'user:42'), `character ${at} changed`);
        }
      }
    },
  ],

  [
    'decryptSecret: a malformed string throws TypeError saying malformed',
    (totp, assert) => {
      const key = totp.generateEncryptionKey();
      const sealed = totp.encryptSecret(S, key, 'u');
      const body = sealed.slice('v2.'.length);
      for (const text of [
        '',
        'v2.',
        'v2.AAAA',
        'v1.AAAA',
        body,
        `v3.${body}`,
        `V2.${body}`,
        `v2.${body.slice(0, 10)}+${body.slice(11)}`,
        `v2.${body.slice(0, 10)}/${body.slice(11)}`,
        `v2.${body} `,
        `v2.${body}=`,
        `v2.${body.slice(0, 20)} ${body.slice(20)}`,
        `v2..${body}`,
        `v2.k!.${body}`,
        `v2.${'x'.repeat(65)}.${body}`,
        `v2.k1.k2.${body}`,
        `v1.k1.${body}`,
        `v2.k1.`,
      ]) {
        const error = expectError(assert, () => totp.decryptSecret(text, key, 'u'), 'TypeError', 'sealed');
        assert.match(error.message, /malformed/, JSON.stringify(text));
      }
      expectError(assert, () => totp.decryptSecret(42, key, 'u'), 'TypeError', 'sealed');
    },
  ],

  [
    'encryptSecret / decryptSecret: a key of the wrong type throws TypeError, of the wrong length RangeError',
    (totp, assert) => {
      const key = totp.generateEncryptionKey();
      const sealed = totp.encryptSecret(S, key, 'u');
      const calls = [
        ['encryptSecret', (k) => totp.encryptSecret(S, k, 'u')],
        ['decryptSecret', (k) => totp.decryptSecret(sealed, k, 'u')],
      ];
      for (const [name, call] of calls) {
        const wrongTypes = [undefined, null, 'k'.repeat(32), Array.from(key), key.buffer, new Uint16Array(16)];
        for (const bad of [...wrongTypes, new Int8Array(32), new DataView(key.buffer)])
          expectError(assert, () => call(bad), 'TypeError', 'key');
        for (const length of [0, 16, 31, 33, 64])
          expectError(assert, () => call(new Uint8Array(length)), 'RangeError', 'key');
        assert.ok(call(new Uint8Array(key)), `${name} takes a copy of the key`);
      }
      expectError(assert, () => totp.encryptSecret(S, { k1: key }, 'u'), 'TypeError', 'key');
      expectError(assert, () => totp.encryptSecret('not base32!', key, 'u'), 'TypeError', 'secret');
    },
  ],
];
