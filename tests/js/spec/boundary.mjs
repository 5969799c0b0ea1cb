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
];
const S = SHA1_SECRET;
const URI = 'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP';

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
