// The JS boundary: the export list, optional init, options objects, and hostile values that
// must throw an Error without ever trapping the WebAssembly instance.
import { expectError, isTrap } from './util.mjs';
import { RFC4226, SHA1_SECRET } from './vectors.mjs';

const API_FUNCTIONS = [
  'generateSecret',
  'generateTotp',
  'verifyTotp',
  'checkTotp',
  'generateHotp',
  'checkHotp',
  'remainingSeconds',
  'provisioningUri',
  'parseUri',
  'qrSvg',
  'qrDataUrl',
  'generateBackupCodes',
  'hashBackupCode',
  'verifyBackupCode',
  'verifyTotpAttempt',
  'verifyBackupAttempt',
  'generateEncryptionKey',
  'encryptSecret',
  'decryptSecret',
];
const S = SHA1_SECRET;
const URI = 'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP';

const KEY = new Uint8Array(32).fill(9);
const SEALED = 'v2.k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

const isPlainObject = (value) => Object.prototype.toString.call(value) === '[object Object]';

/** [call, options object with one bad key] for every function that takes options. */
const OPTION_TAKERS = [
  ['generateTotp', (totp, options) => totp.generateTotp(S, options), { windows: 2 }],
  ['verifyTotp', (totp, options) => totp.verifyTotp(S, '123456', options), { windows: 2 }],
  ['checkTotp', (totp, options) => totp.checkTotp(S, '123456', options), { widow: 1 }],
  ['generateHotp', (totp, options) => totp.generateHotp(S, 0, options), { period: 30 }],
  ['checkHotp', (totp, options) => totp.checkHotp(S, '123456', 0, options), { lookahead: 5 }],
  ['remainingSeconds', (totp, options) => totp.remainingSeconds(options), { digits: 6 }],
  [
    'provisioningUri',
    (totp, options) => totp.provisioningUri(isPlainObject(options) ? { secret: S, account: 'a', ...options } : options),
    { acount: 'b' },
  ],
  ['qrSvg', (totp, options) => totp.qrSvg('x', options), { colour: 'red' }],
  ['qrDataUrl', (totp, options) => totp.qrDataUrl('x', options), { margn: 1 }],
  ['verifyTotpAttempt', (totp, options) => totp.verifyTotpAttempt(S, '123456', null, options), { remember: true }],
  ['verifyBackupAttempt', (totp, options) => totp.verifyBackupAttempt('x', [], null, options), { device: 'd1.x' }],
  ['encryptSecret', (totp, options) => totp.encryptSecret(S, KEY, 'user:1', options), { keyID: 'k1' }],
];

const throwingProxy = new Proxy(
  {},
  {
    get() {
      throw new Error('hostile getter');
    },
    ownKeys() {
      throw new Error('hostile ownKeys');
    },
  },
);

const HOSTILE = [
  ['NaN', NaN],
  ['-0', -0],
  ['10e9999', 10e9999],
  ['-10e9999', -10e9999],
  ['2**64', 2 ** 64],
  ['100n', 100n],
  ['Symbol', Symbol('x')],
  ['lone high surrogate', '\uD800'],
  ['lone low surrogate', 'a\uDFFFb'],
  ['NUL', '\u0000'],
  ['100k "A"', 'A'.repeat(100000)],
  ['100k "é"', 'é'.repeat(100000)],
  ['Uint16Array', new Uint16Array(2)],
  ['Uint8Array(0)', new Uint8Array(0)],
  ['{}', {}],
  ['[]', []],
  ['[1, 2]', [1, 2]],
  ['function', () => 1],
  ['null', null],
  ['true', true],
  ['undefined', undefined],
  ['Invalid Date', new Date(NaN)],
  ['null-prototype object', Object.create(null)],
  ['throwing Proxy', throwingProxy],
  ['object with toString', { toString: () => '123456', valueOf: () => 123456 }],
];

/** Every argument position of every export, each fed the hostile value `v`. */
const POSITIONS = [
  ['generateSecret(v)', (t, v) => t.generateSecret(v)],
  ['generateTotp(v)', (t, v) => t.generateTotp(v)],
  ['generateTotp(S, v)', (t, v) => t.generateTotp(S, v)],
  ...['time', 'digits', 'period', 'algorithm'].map((key) => [
    `generateTotp(S, {${key}: v})`,
    (t, v) => t.generateTotp(S, { [key]: v }),
  ]),
  ['verifyTotp(S, v)', (t, v) => t.verifyTotp(S, v)],
  ['verifyTotp(S, t, {window: v})', (t, v) => t.verifyTotp(S, '123456', { window: v })],
  ['checkTotp(v, t)', (t, v) => t.checkTotp(v, '123456')],
  ['checkTotp(S, t, v)', (t, v) => t.checkTotp(S, '123456', v)],
  ['generateHotp(S, v)', (t, v) => t.generateHotp(S, v)],
  ['generateHotp(S, 0, v)', (t, v) => t.generateHotp(S, 0, v)],
  ['checkHotp(S, v, 0)', (t, v) => t.checkHotp(S, v, 0)],
  ['checkHotp(S, t, v)', (t, v) => t.checkHotp(S, '123456', v)],
  ['checkHotp(S, t, 0, {lookAhead: v})', (t, v) => t.checkHotp(S, '123456', 0, { lookAhead: v })],
  ['remainingSeconds(v)', (t, v) => t.remainingSeconds(v)],
  ['remainingSeconds({period: v})', (t, v) => t.remainingSeconds({ period: v })],
  ['provisioningUri(v)', (t, v) => t.provisioningUri(v)],
  ...['secret', 'account', 'issuer', 'type', 'counter', 'image', 'digits'].map((key) => [
    `provisioningUri({${key}: v})`,
    (t, v) => t.provisioningUri({ secret: S, account: 'a', [key]: v }),
  ]),
  ['parseUri(v)', (t, v) => t.parseUri(v)],
  ['parseUri(uri + v)', (t, v) => typeof v === 'string' && t.parseUri(`${URI}&issuer=${v}`)],
  ['qrSvg(v)', (t, v) => t.qrSvg(v)],
  ...['ecc', 'margin', 'size', 'dark', 'light'].map((key) => [
    `qrSvg(x, {${key}: v})`,
    (t, v) => t.qrSvg('x', { [key]: v }),
  ]),
  ['qrDataUrl(x, v)', (t, v) => t.qrDataUrl('x', v)],
  ['generateBackupCodes(v)', (t, v) => t.generateBackupCodes(v)],
  ['hashBackupCode(v)', (t, v) => t.hashBackupCode(v)],
  ['verifyBackupCode(v, [])', (t, v) => t.verifyBackupCode(v, [])],
  ['verifyBackupCode(c, v)', (t, v) => t.verifyBackupCode('AAAA-BBBB-CCCC', v)],
  ['verifyBackupCode(c, [v])', (t, v) => t.verifyBackupCode('AAAA-BBBB-CCCC', [v])],
  ['verifyTotpAttempt(v, t, null)', (t, v) => t.verifyTotpAttempt(v, '123456', null)],
  ['verifyTotpAttempt(S, v, null)', (t, v) => t.verifyTotpAttempt(S, v, null)],
  ['verifyTotpAttempt(S, t, v)', (t, v) => t.verifyTotpAttempt(S, '123456', v)],
  ...['lastStep', 'failures', 'lockedUntil', 'backup', 'devices'].map((key) => [
    `verifyTotpAttempt(S, t, {${key}: v})`,
    (t, v) => t.verifyTotpAttempt(S, '123456', { lastStep: null, failures: 0, lockedUntil: null, [key]: v }),
  ]),
  ['verifyTotpAttempt(S, t, {backup: {failures: v}})', (t, v) =>
    t.verifyTotpAttempt(S, '123456', { lastStep: null, failures: 0, lockedUntil: null, backup: { failures: v, lockedUntil: null } })],
  ...['id', 'failures', 'lockedUntil', 'lastUsed'].map((key) => [
    `verifyTotpAttempt(S, t, {devices: [{${key}: v}]})`,
    (t, v) =>
      t.verifyTotpAttempt(S, '123456', {
        lastStep: null,
        failures: 0,
        lockedUntil: null,
        devices: [{ id: 'AAAAAAAAAAAAAAAAAAAAAA', failures: 0, lockedUntil: null, lastUsed: 0, [key]: v }],
      }),
  ]),
  ['verifyTotpAttempt(S, t, null, v)', (t, v) => t.verifyTotpAttempt(S, '123456', null, v)],
  ...['time', 'window', 'maxFailures', 'lockoutSeconds', 'device', 'rememberDevice'].map((key) => [
    `verifyTotpAttempt(S, t, null, {${key}: v})`,
    (t, v) => t.verifyTotpAttempt(S, '123456', null, { [key]: v }),
  ]),
  ['verifyBackupAttempt(v, [], null)', (t, v) => t.verifyBackupAttempt(v, [], null)],
  ['verifyBackupAttempt(c, v, null)', (t, v) => t.verifyBackupAttempt('AAAA-BBBB-CCCC', v, null)],
  ['verifyBackupAttempt(c, [v], null)', (t, v) => t.verifyBackupAttempt('AAAA-BBBB-CCCC', [v], null)],
  ['verifyBackupAttempt(c, [], v)', (t, v) => t.verifyBackupAttempt('AAAA-BBBB-CCCC', [], v)],
  ...['time', 'maxFailures', 'lockoutSeconds', 'rememberDevice'].map((key) => [
    `verifyBackupAttempt(c, [], null, {${key}: v})`,
    (t, v) => t.verifyBackupAttempt('AAAA-BBBB-CCCC', [], null, { [key]: v }),
  ]),
  ['encryptSecret(v, key, ctx)', (t, v) => t.encryptSecret(v, KEY, 'user:1')],
  ['encryptSecret(S, v, ctx)', (t, v) => t.encryptSecret(S, v, 'user:1')],
  ['encryptSecret(S, key, v)', (t, v) => t.encryptSecret(S, KEY, v)],
  ['encryptSecret(S, key, ctx, v)', (t, v) => t.encryptSecret(S, KEY, 'user:1', v)],
  ['encryptSecret(S, key, ctx, {keyId: v})', (t, v) => t.encryptSecret(S, KEY, 'user:1', { keyId: v })],
  ['decryptSecret(v, key, ctx)', (t, v) => t.decryptSecret(v, KEY, 'user:1')],
  ['decryptSecret(sealed, v, ctx)', (t, v) => t.decryptSecret(SEALED, v, 'user:1')],
  ['decryptSecret(sealed, {k1: v}, ctx)', (t, v) => t.decryptSecret(SEALED, { k1: v }, 'user:1')],
  ['decryptSecret(sealed, key, v)', (t, v) => t.decryptSecret(SEALED, KEY, v)],
  ['TOTPService#verifyToken(S, v)', (t, v) => new t.TOTPService().verifyToken(S, v)],
  ['TOTPService#verifyToken(S, t, v)', (t, v) => new t.TOTPService().verifyToken(S, '123456', v)],
  ['TOTPService#getProvisioningUri(v, ...)', (t, v) => new t.TOTPService().getProvisioningUri(v, 'a@b.c', 'Co')],
  ['TOTPService#generateBackupCodes(v)', (t, v) => new t.TOTPService().generateBackupCodes(v)],
];

export const boundary = [
  [
    'exports: every API.md name is exported',
    (totp, assert) => {
      for (const name of API_FUNCTIONS) assert.equal(typeof totp[name], 'function', name);
      assert.equal(typeof totp.TOTPService, 'function', 'TOTPService');
      assert.ok(new totp.TOTPService() instanceof totp.TOTPService, 'TOTPService is constructible');
    },
  ],

  [
    'exports: an init export, if any, is optional and idempotent',
    async (totp, assert) => {
      assert.equal(totp.generateHotp(S, 0), RFC4226[0], 'works before any init');
      for (const name of ['init', 'default']) {
        if (typeof totp[name] !== 'function') continue;
        await totp[name]();
        await totp[name]();
        assert.equal(totp.generateHotp(S, 1), RFC4226[1], `works after ${name}() twice`);
      }
    },
  ],

  [
    'options: an unknown key throws TypeError naming the key',
    (totp, assert) => {
      for (const [name, call, options] of OPTION_TAKERS) {
        const [key] = Object.keys(options);
        const error = expectError(assert, () => call(totp, options), 'TypeError', key);
        assert.ok(error.message.length > key.length + 10, `${name}: a message that explains: ${error.message}`);
      }
    },
  ],

  [
    'options: anything but a plain object throws TypeError',
    (totp, assert) => {
      for (const [name, call] of OPTION_TAKERS) {
        for (const bad of ['SHA1', 30, [], true]) {
          let error;
          try {
            call(totp, bad);
          } catch (caught) {
            error = caught;
          }
          assert.ok(error instanceof TypeError, `${name}(${JSON.stringify(bad)}) should throw TypeError, got ${error}`);
        }
      }
    },
  ],

  [
    'hostile values: every argument throws an Error or returns; the module never traps',
    async (totp, assert) => {
      for (const [position, call] of POSITIONS) {
        for (const [label, value] of HOSTILE) {
          try {
            call(totp, value);
          } catch (error) {
            const where = `${position} with ${label}`;
            assert.ok(error instanceof Error, `${where} threw a non-Error: ${String(error)}`);
            assert.ok(!isTrap(error), `${where} trapped the wasm instance: ${error.message}`);
            assert.ok(typeof error.message === 'string' && error.message.length > 0, `${where}: empty message`);
          }
          assert.equal(totp.generateHotp(S, 3), RFC4226[3], `the module still works after ${position} with ${label}`);
        }
      }
      for (const [label, value] of HOSTILE) {
        const service = new totp.TOTPService();
        await Promise.resolve()
          .then(() => service.generateQRCode(value))
          .then(
            () => {},
            (error) =>
              assert.ok(error instanceof Error && !isTrap(error), `generateQRCode(${label}) rejected with ${error}`),
          );
      }
      RFC4226.forEach((code, counter) => assert.equal(totp.generateHotp(S, counter), code, 'RFC 4226 afterwards'));
    },
  ],
];
