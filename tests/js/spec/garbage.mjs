// Garbage in, Error out (API.md conventions): seeded random values of every JavaScript type thrown
// at every export, argument position and option key. Each call must return or throw an Error -
// never trap the WebAssembly instance, never throw a non-Error of its own (what a hostile input
// throws itself passes through) - and the module must keep computing the RFC vectors.
// Cases have the spec's shape [name, (totp, assert, options) => summary]; garbage.test.mjs runs
// each on a fresh module instance (a Worker in Node, a page load in Chromium): a trap ruins the rest.
import { isTrap, prng } from './util.mjs';
import { RFC4226, SECRETS, SHARED, SHA1_SECRET as S } from './vectors.mjs';

export const DEFAULT_SEED = 0x2fac0de;
const CALLS = 10_000;
const CHECK_EVERY = 500;
const MAX_FAILURES = 20;
// Over twice the repetitions after which a leaking call had exhausted the instance (2,100 to
// 4,700 for the engine's throws inside the glue, 6,000 to 22,000 for a method of the former
// wasm-bindgen TOTPService class called on a freed instance).
const REPEATS = 12_000;
const REPEATS_FOREIGN_THIS = 60_000;

const T = 1111111109000;
const TOKEN = '081804'; // RFC 6238 SHA1 at T, 6 digits
const URI = 'otpauth://totp/Co:a?secret=JBSWY3DPEHPK3PXP&issuer=Co';
/** Well formed, under a key id; opens with no key (the garbage calls only need it to be read). */
const SEALED = `v2.k1.${'A'.repeat(64)}`;
const BACKUP = 'K7QM2-XPD9H-FRW3N';

/** What hostile inputs throw themselves; the module may pass these through and nothing else. */
class HostileError extends Error {
  name = 'HostileError';
}
const HOSTILE_NON_ERROR = Object.freeze({ thrownBy: 'a hostile input' });
const hostile = (what) => () => {
  throw new HostileError(`hostile ${what}`);
};
const isHostile = (thrown) => thrown instanceof HostileError || thrown === HOSTILE_NON_ERROR;


function revoked(target) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}
const TRAPS = ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'apply', 'construct'];
const allTrapsThrow = (target) =>
  new Proxy(target, Object.fromEntries(TRAPS.map((trap) => [trap, hostile(`${trap} trap`)])));
/** `depth` alternately nested arrays and objects. */
const nest = (depth) => Array.from({ length: depth }).reduce((inner, _, i) => (i % 2 ? [inner] : { a: inner }), {});
const throwingGetters = (keys) =>
  Object.defineProperties({}, Object.fromEntries(keys.map((key) => [key, { get: hostile(key), enumerable: true }])));

class LyingLength extends Uint8Array {
  get length() {
    return 32;
  }
}
class ThrowingLength extends Uint8Array {
  get length() {
    throw new HostileError('hostile length getter');
  }
}
class ThrowingDate extends Date {
  getTime() {
    throw new HostileError('hostile getTime');
  }
}
class SymbolDate extends Date {
  getTime() {
    return Symbol('time');
  }
}
class Account {
  time = 59000;
}

const OTP_KEYS = ['algorithm', 'digits', 'period', 'time'];
const VERIFY_KEYS = [...OTP_KEYS, 'window'];
const QR_KEYS = ['ecc', 'margin', 'size', 'dark', 'light'];
const URI_KEYS = [
  'secret', 'account', 'issuer', 'type', 'algorithm', 'digits', 'period', 'counter', 'image', 'allowShortSecret',
];
const STATE_KEYS = ['lastStep', 'failures', 'lockedUntil', 'backup', 'devices'];
const ATTEMPT_KEYS = [...VERIFY_KEYS, 'maxFailures', 'lockoutSeconds', 'device', 'rememberDevice'];
const BACKUP_ATTEMPT_KEYS = ['time', 'maxFailures', 'lockoutSeconds', 'rememberDevice'];
const BACKUP_REASONS = ['ok', 'invalid', 'locked', 'malformed'];
/** A valid value for every option and state key, so that one key at a time can be garbage. */
const VALID = {
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  time: T,
  window: 1,
  lookAhead: 1,
  maxFailures: 5,
  lockoutSeconds: 300,
  ecc: 'M',
  margin: 4,
  size: 200,
  dark: '#000',
  light: 'transparent',
  secret: S,
  account: 'alice@example.com',
  issuer: 'Co',
  type: 'totp',
  counter: 0,
  image: 'https://example.com/logo.png',
  allowShortSecret: false,
  lastStep: null,
  failures: 0,
  lockedUntil: null,
  backup: { failures: 0, lockedUntil: null },
  devices: [],
  device: null,
  rememberDevice: false,
  keyId: 'k1',
};
const UNKNOWN_KEYS = ['windows', 'Time', 'digit', 'constructor', '__proto__', 'toString', '', '0'];

const isCode = (value) => typeof value === 'string' && /^\d{6,8}$/.test(value);
const isBase32 = (value) => typeof value === 'string' && /^[A-Z2-7]+$/.test(value);
const isBoolean = (value) => typeof value === 'boolean';
const isIndexOrNull = (value) => value === null || Number.isSafeInteger(value);
const startsWith = (prefix) => (value) => typeof value === 'string' && value.startsWith(prefix);
const REASONS = ['ok', 'invalid', 'replayed', 'locked', 'malformed'];

/**
 * Every call shape: [target, weight, argument names, valid arguments, {index: keys of the object
 * there}, check of a returned value]. The weights keep the deliberately slow backup-code hash to
 * a few dozen calls.
 */
const signatures = ({ key, sealed, keyring, hash }) => [
  ['generateSecret', 1, ['bytes'], [20], {}, isBase32],
  ['generateTotp', 2, ['secret', 'options'], [S, { time: T }], { 1: OTP_KEYS }, isCode],
  ['verifyTotp', 2, ['secret', 'token', 'options'], [S, TOKEN, { time: T }], { 2: VERIFY_KEYS }, isBoolean],
  ['checkTotp', 2, ['secret', 'token', 'options'], [S, TOKEN, { time: T }], { 2: VERIFY_KEYS }, isIndexOrNull],
  ['generateHotp', 2, ['secret', 'counter', 'options'], [S, 0, {}], { 2: ['algorithm', 'digits'] }, isCode],
  [
    'checkHotp',
    2,
    ['secret', 'token', 'counter', 'options'],
    [S, RFC4226[1], 0, {}],
    { 3: ['algorithm', 'digits', 'lookAhead'] },
    isIndexOrNull,
  ],
  ['remainingSeconds', 1, ['options'], [{ time: T }], { 0: ['period', 'time'] }, Number.isSafeInteger],
  ['provisioningUri', 2, ['options'], [{ secret: S, account: 'a' }], { 0: URI_KEYS }, startsWith('otpauth://')],
  ['parseUri', 2, ['uri'], [URI], {}, (value) => value?.type === 'totp' || value?.type === 'hotp'],
  ['qrSvg', 1, ['text', 'options'], ['x', {}], { 1: QR_KEYS }, startsWith('<')],
  ['qrDataUrl', 1, ['text', 'options'], ['x', {}], { 1: QR_KEYS }, startsWith('data:image/svg+xml;base64,')],
  ['generateBackupCodes', 1, ['count'], [10], {}, Array.isArray],
  ['hashBackupCode', 0.1, ['code'], [BACKUP], {}, startsWith('$')],
  ['verifyBackupCode', 0.5, ['code', 'hashes'], [BACKUP, [hash]], {}, Number.isSafeInteger],
  [
    'verifyTotpAttempt',
    3,
    ['secret', 'token', 'state', 'options'],
    [S, TOKEN, null, { time: T }],
    { 2: STATE_KEYS, 3: ATTEMPT_KEYS },
    (value) => REASONS.includes(value?.reason),
  ],
  [
    'verifyBackupAttempt',
    0.3,
    ['code', 'hashes', 'state', 'options'],
    [BACKUP, [hash], null, { time: T }],
    { 2: STATE_KEYS, 3: BACKUP_ATTEMPT_KEYS },
    (value) => BACKUP_REASONS.includes(value?.reason),
  ],
  ['generateEncryptionKey', 0.5, [], [], {}, (value) => value instanceof Uint8Array && value.length === 32],
  [
    'encryptSecret',
    2,
    ['secret', 'key', 'context', 'options'],
    [S, key, 'user:1', { keyId: 'k1' }],
    { 3: ['keyId'] },
    startsWith('v2.'),
  ],
  ['decryptSecret', 2, ['sealed', 'key', 'context'], [sealed, key, 'user:1'], {}, isBase32],
  ['decryptSecret', 1, ['sealed', 'keyring', 'context'], [sealed, keyring, 'user:1'], { 1: ['k1', 'k2'] }, isBase32],
  ['TOTPService#generateSecret', 0.5, [], [], {}, isBase32],
  [
    'TOTPService#getProvisioningUri',
    1,
    ['secret', 'userEmail', 'issuer'],
    [S, 'a@b.c', 'Co'],
    {},
    startsWith('otpauth://totp/'),
  ],
  ['TOTPService#generateQRCode', 0.5, ['provisioningUri'], [URI], {}],
  ['TOTPService#verifyToken', 1, ['secret', 'token', 'window'], [S, TOKEN, 1], {}, isBoolean],
  ['TOTPService#generateBackupCodes', 0.5, ['count'], [10], {}, Array.isArray],
  ['new TOTPService', 0.3, ['argument'], [], {}],
];

const NUMBERS = [
  0, 1, -1, 0.5, 1.5, 59.9, 1e-300, 5e-324, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 64, 1e21, 1e308,
  Number.MAX_VALUE, -(2 ** 53), 5, 6, 7, 8, 9, 10, 11, 15, 16, 17, 30, 60, 64, 65, 100, 101, 1000, 3600, 3601,
  86400, 86401, T, 8.64e15,
];
const NON_FINITE = [NaN, Infinity, -Infinity, -0, 10e9999, -10e9999];
const WORDS = ['', ' ', 'SHA1', 'sha256', 'MD5', 'M', 'hotp', 'transparent', '#12345', 'red', '59000', 'NaN'];
const LONE_SURROGATES = ['\uD800', '\uDFFF', 'ab\uD83D', '\uDE00x', '123\uD800456', 'GEZD\uDC00GNBV'];
const URI_FRAGMENTS = [
  'otpauth://', 'otpauth:', 'totp/', 'hotp/', 'Co:', 'a%3Ab', '?', '&', '=', 'secret=', 'JBSWY3DPEHPK3PXP',
  'issuer=', 'algorithm=SHA512', 'algorithm=md5', 'digits=8', 'digits=99', 'period=0', 'period=3601', 'counter=',
  '18446744073709551616', '9007199254740992', '%', '%zz', '%C3%A9', '%00', '%ED%A0%80', '#', ' ', '\u0000', 'é',
  '😀', '+', 'image=', 'https://x/y.png', 'type=', 'secret=%20%3D', '"><script>alert(1)</script>',
];
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const PHC_ITERATIONS = ['0', '999', '1000', '9999', '10000', '20000', '40000', '40001', '2000001', '4294967296', '-1', 'x', ''];
let hugeStrings;
const huge = () =>
  (hugeStrings ??= ['A', '1', 'é', '\uD800', 'GEZDGNBV '].map((unit) => [
    `1e6 characters of ${JSON.stringify(unit)}`,
    unit.repeat(Math.ceil(1e6 / unit.length)),
  ]));

/** Labelled garbage drawn from `random`: `next(depth)` gives [label, value]. */
function garbageSource(random, totp, fixtures) {
  const pick = (items) => items[Math.floor(random() * items.length)];
  const int = (min, max) => min + Math.floor(random() * (max - min + 1));
  const weighted = (entries) => {
    let roll = random() * entries.reduce((sum, [weight]) => sum + weight, 0);
    for (const [weight, value] of entries) if ((roll -= weight) < 0) return value;
    return entries.at(-1)[1];
  };
  const chars = (alphabet, length) => Array.from({ length }, () => pick(alphabet)).join('');
  const shorten = (value) => (value.length > 40 ? `${value.slice(0, 40)}…` : value);
  const text = (kind, value) => [`${kind} ${JSON.stringify(shorten(value))}`, value];
  // Any code point but a surrogate (those come alone, on purpose, from LONE_SURROGATES).
  const codePoint = () => pick([0, 0x7f, 0x202e, 0xfeff, 0xfffd, 0x1f600, int(0, 0xd7ff), int(0xe000, 0x10ffff)]);

  const number = () =>
    weighted([
      [1, () => pick(NON_FINITE)],
      [3, () => pick(NUMBERS)],
      [1, () => int(-1000, 1000)],
      [1, () => (random() < 0.5 ? -1 : 1) * random() * 10 ** int(-10, 30)],
    ])();
  const string = () =>
    weighted([
      [1, () => text('word', pick(WORDS))],
      [1, () => pick(huge())],
      [1, () => text('lone surrogate', pick(LONE_SURROGATES))],
      [2, () => text('digits', chars('0123456789        ', int(0, 12)))],
      [2, () => text('base32', chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcxyz= 0189-', int(0, 120)))],
      [2, () => text('otpauth', (random() < 0.5 ? `${URI}&` : '') + chars(URI_FRAGMENTS, int(1, 6)))],
      [1, () => text('sealed', `${pick(['v1.', 'v2.', 'v2.k1.', 'v2.k2.', 'v2..', 'v2.k!.'])}${chars(BASE64URL, int(0, 90))}`)],
      [
        1,
        () =>
          text(
            'PHC',
            `$pbkdf2-sha256$i=${pick(PHC_ITERATIONS)},l=${pick(['32', '0', '64', '1e3'])}` +
              pick(['', ',s=K7', ',s=ZZ', ',s=k7', ',s=01', ',s=', ',s=K7Q']) +
              `$${chars('ABCDabcd0123+/', int(0, 30))}$${chars('ABCDabcd0123+/', int(0, 50))}`,
          ),
      ],
      [1, () => text('backup code', chars('ACDEFHJKMNPQRTUVWXY34679-- abc\u2013\u00a0\uff21\u200b', int(0, 24)))],
      [1, () => text('device token', `d1.${chars(BASE64URL, int(0, 30))}`)],
      [1, () => text('unicode', Array.from({ length: int(0, 20) }, () => String.fromCodePoint(codePoint())).join(''))],
    ])();

  let deep;
  const OBJECTS = [
    ['{}', () => ({})],
    ['null-prototype object', () => Object.create(null)],
    ['random options object', () => randomObject()],
    ['object with an unknown key', () => ({ [pick(UNKNOWN_KEYS)]: 1 })],
    ['object with a symbol key', () => ({ [Symbol('k')]: 1 })],
    ['10,000-deep nesting', () => (deep ??= nest(10_000))],
    ['[]', () => []],
    ['[1, 2]', () => [1, 2]],
    ['array of garbage', () => Array.from({ length: int(0, 4) }, () => next(2)[1])],
    ['sparse array of length 2^32 - 1', () => Object.assign([], { length: 2 ** 32 - 1 })],
    ['array with a throwing element', () => Object.defineProperty(['a'], 0, { get: hostile('element') })],
    ['object whose conversions throw', () => ({ toString: hostile('toString'), valueOf: hostile('valueOf') })],
    ['object with a throwing getter for every key', () => throwingGetters(Object.keys(VALID))],
    ['getter throwing a non-Error', () => ({ get time() { throw HOSTILE_NON_ERROR; } })],
    ['Proxy whose traps all throw', () => allTrapsThrow({})],
    ['Proxy of an array whose traps all throw', () => allTrapsThrow([])],
    ['revoked Proxy', () => revoked({})],
    ['revoked Proxy of an array', () => revoked([])],
    ['Proxy of a valid options object', () => new Proxy({ time: T }, {})],
    ['Proxy listing keys it does not have', () => new Proxy({}, { ownKeys: () => ['time', 'digits'] })],
  ];
  const BYTES = [
    ...[0, 1, 16, 31, 32, 33, 1e6].map((length) => [`Uint8Array(${length})`, () => new Uint8Array(length)]),
    ['Uint8Array(32) inside a larger buffer', () => new Uint8Array(new ArrayBuffer(64), 16, 32)],
    ['Uint16Array(16)', () => new Uint16Array(16)],
    ['Int8Array(32)', () => new Int8Array(32)],
    ['Uint8ClampedArray(32)', () => new Uint8ClampedArray(32)],
    ['Float64Array(4)', () => new Float64Array(4)],
    ['BigUint64Array(4)', () => new BigUint64Array(4)],
    ['DataView(32)', () => new DataView(new ArrayBuffer(32))],
    ['ArrayBuffer(32)', () => new ArrayBuffer(32)],
    ['detached Uint8Array', () => {
      const bytes = new Uint8Array(32);
      structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
      return bytes;
    }],
    ['array of 32 numbers', () => Array(32).fill(7)],
    ['empty Uint8Array subclass claiming length 32', () => new LyingLength(0)],
  ];
  const DATES = [
    ['Date(59000)', () => new Date(59000)],
    ['Date(T)', () => new Date(T)],
    ['Invalid Date', () => new Date(NaN)],
    ['Date(8.64e15)', () => new Date(8.64e15)],
    ['Date(-1)', () => new Date(-1)],
    ['Object.create(Date.prototype)', () => Object.create(Date.prototype)],
    ['Date subclass whose getTime throws', () => new ThrowingDate(0)],
    ['Date subclass whose getTime returns a Symbol', () => new SymbolDate(0)],
    ['Date.prototype object, own getTime', () => Object.setPrototypeOf({ getTime: () => 0 }, Date.prototype)],
  ];
  const INSTANCES = [
    ['TOTPService', () => new totp.TOTPService()],
    ['class instance', () => new Account()],
    ['Map', () => new Map([['time', T]])],
    ['Set', () => new Set([1])],
    ['Promise', () => Promise.resolve(1)],
    ['RegExp', () => /x/g],
    ['Error', () => new Error('not thrown')],
    ['String object', () => new String(TOKEN)],
    ['Number object', () => new Number(6)],
    ['Boolean object', () => new Boolean(false)],
    ['boxed Symbol', () => Object(Symbol('boxed'))],
    ['boxed BigInt', () => Object(100n)],
    ['WebAssembly.Memory', () => new WebAssembly.Memory({ initial: 1 })],
    ['globalThis', () => globalThis],
    ['Math', () => Math],
  ];
  const FUNCTIONS = [
    ['arrow function', () => () => 1],
    ['class', () => class Klass {}],
    ['async function', () => async () => 1],
    ['generator function', () => function* generator() {}],
    ['function with option properties', () => Object.assign(() => 0, { time: T, digits: 8 })],
    ['bound function', () => Math.max.bind(null)],
  ];
  const fromTable = (table) => () => {
    const [label, make] = pick(table);
    return [label, make()];
  };

  function randomObject() {
    const object = {};
    for (let i = int(0, 4); i > 0; i--) {
      const key = random() < 0.8 ? pick(Object.keys(VALID)) : pick(UNKNOWN_KEYS);
      const value = random() < 0.5 ? VALID[key] : next(2)[1];
      // defineProperty, so that '__proto__' becomes an own key rather than the prototype.
      Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
    }
    return object;
  }

  function next(depth = 0) {
    return weighted([
      [3, () => pick([['undefined', undefined], ['null', null], ['true', true], ['false', false]])],
      [4, () => {
        const value = number();
        return [Object.is(value, -0) ? '-0' : String(value), value];
      }],
      [1, () => pick([['100n', 100n], ['2n ** 64n', 2n ** 64n], ['-1n', -1n], ['0n', 0n]])],
      [1, () => pick([['Symbol()', Symbol('garbage')], ['Symbol.iterator', Symbol.iterator]])],
      [1, fromTable(FUNCTIONS)],
      [8, string],
      [depth < 2 ? 4 : 0, fromTable(OBJECTS)],
      [2, fromTable(BYTES)],
      [2, fromTable(DATES)],
      [2, fromTable(INSTANCES)],
      [1, () => ['the valid key', fixtures.key]],
      [1, () => ['the valid sealed secret', fixtures.sealed]],
      [1, () => ['the valid keyring', { ...fixtures.keyring }]],
      [1, () => ['a valid device token', fixtures.deviceToken]],
      [1, () => ['a valid attempt state', structuredClone(fixtures.state)]],
    ])();
  }
  return { next, pick, random, weighted };
}

/** One random call: a valid call with one argument, option key or `this` replaced by garbage. */
function nextCall({ next, pick, random, weighted }, table, exported, totp) {
  if (random() < 0.08) {
    const name = pick(exported);
    const args = Array.from({ length: Math.floor(random() * 5) }, () => next());
    return {
      where: `${name}(${args.map(([label]) => label).join(', ')}), all garbage`,
      invoke: () => totp[name](...args.map(([, value]) => value)),
    };
  }
  const [target, , names, valid, objects, returns] = weighted(table.map((row) => [row[1], row]));
  const args = valid.map(copyArgument);
  const position = Math.floor(random() * (names.length + 1));
  const [label, value] = next();
  let where;
  if (position === names.length) {
    args.push(value);
    where = `extra argument = ${label}`;
  } else if (objects[position] && random() < 0.6) {
    const keys = objects[position];
    const key = pick(keys);
    const object = args[position] ?? Object.fromEntries(keys.map((name) => [name, VALID[name]]));
    for (const other of keys) if (random() < 0.3) object[other] = random() < 0.7 ? VALID[other] : next(2)[1];
    const getter = random() < 0.1;
    if (getter) Object.defineProperty(object, key, { get: hostile(`getter ${key}`), enumerable: true });
    else object[key] = value;
    args[position] = object;
    where = `${names[position]}.${key} = ${getter ? 'a throwing getter' : label}`;
  } else {
    args[position] = value;
    where = `${names[position]} = ${label}`;
  }
  let self;
  if (target.startsWith('TOTPService#') && random() < 0.05) {
    const [thisLabel, thisValue] = next();
    self = thisValue;
    where += `, this = ${thisLabel}`;
  }
  const invoke = () => {
    if (target === 'new TOTPService') return new totp.TOTPService(...args);
    if (!target.startsWith('TOTPService#')) return totp[target](...args);
    const method = totp.TOTPService.prototype[target.slice('TOTPService#'.length)];
    return method.apply(self === undefined ? new totp.TOTPService() : self, args);
  };
  return { where: `${target}: ${where}`, returns, invoke };
}

/** A fresh copy of a valid options object or array, so no call sees another's changes. */
function copyArgument(value) {
  if (Array.isArray(value)) return [...value];
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) return { ...value };
  return value;
}

/** Describes a thrown value without touching anything on it that could throw again. */
function describeThrown(thrown) {
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
  try {
    return `a non-Error (${typeof thrown}): ${String(thrown)}`;
  } catch {
    return `a non-Error (${typeof thrown})`;
  }
}

/** How a thrown value breaks the contract, or null when it is acceptable. */
function problemWith(thrown) {
  if (isHostile(thrown)) return null;
  if (isTrap(thrown)) return `trapped the WebAssembly instance (${describeThrown(thrown)})`;
  if (!(thrown instanceof Error)) return `threw ${describeThrown(thrown)}`;
  if (typeof thrown.message !== 'string' || !thrown.message) return `threw ${thrown.name} with an empty message`;
  return null;
}

/** RFC 6238 (SHA1/256/512, 8 digits, T = 59 and 1111111109), RFC 4226 0..9, an attempt round trip. */
export function checkVectors(totp, assert) {
  for (const { time, algorithm, code } of SHARED.rfc6238.cases) {
    if (time !== 59 && time !== 1111111109) continue;
    const options = { algorithm, digits: 8, time: time * 1000 };
    assert.equal(totp.generateTotp(SECRETS[algorithm], options), code, `RFC 6238 ${algorithm} at ${time}`);
  }
  RFC4226.forEach((code, counter) => assert.equal(totp.generateHotp(S, counter), code, `RFC 4226 counter ${counter}`));
  const first = totp.verifyTotpAttempt(S, TOKEN, null, { time: T });
  const again = totp.verifyTotpAttempt(S, TOKEN, JSON.parse(JSON.stringify(first.state)), { time: T + 1000 });
  assert.deepEqual([first.reason, again.reason], ['ok', 'replayed'], 'verifyTotpAttempt round trip');
  const device = totp.verifyTotpAttempt(S, TOKEN, null, { time: T, rememberDevice: true });
  const fromDevice = totp.verifyTotpAttempt(S, '000000', device.state, { time: T + 1000, device: device.deviceToken });
  assert.deepEqual([fromDevice.deviceId, fromDevice.state.failures], [device.deviceId, 0], 'a remembered device');
  const key = new Uint8Array(32).fill(3);
  const sealed = totp.encryptSecret(S, key, 42n, { keyId: 'k1' });
  assert.equal(totp.decryptSecret(sealed, { k0: new Uint8Array(32), k1: key }, '42'), S, 'sealing round trip');
}

/**
 * `calls` seeded random calls. Returns the counts and the contract violations; stops at the first
 * trap or lost vector, since the instance is of no further use then.
 */
export async function runGarbage(totp, assert, { seed = DEFAULT_SEED, calls = CALLS } = {}) {
  const key = totp.generateEncryptionKey();
  const remembered = totp.verifyTotpAttempt(S, TOKEN, null, { time: T, rememberDevice: true });
  const fixtures = {
    key,
    keyring: { k1: key, k2: totp.generateEncryptionKey() },
    sealed: totp.encryptSecret(S, key, 'user:1', { keyId: 'k1' }),
    hash: totp.hashBackupCode(BACKUP),
    deviceToken: remembered.deviceToken,
    state: remembered.state,
  };
  const source = garbageSource(prng(seed), totp, fixtures);
  const table = signatures(fixtures);
  const exported = Object.keys(totp).filter((name) => typeof totp[name] === 'function');
  const summary = { seed, calls: 0, returned: 0, threw: {}, passedThrough: 0, promises: 0, checkpoints: 0 };
  const failures = [];
  const pending = [];
  let broken = false;

  const judgeThrown = (where, thrown) => {
    const problem = problemWith(thrown);
    if (problem) {
      failures.push(`${where}: ${problem}`);
      broken ||= isTrap(thrown);
    } else if (isHostile(thrown)) summary.passedThrough += 1;
    else summary.threw[thrown.name] = (summary.threw[thrown.name] ?? 0) + 1;
  };
  const checkpoint = async (afterCall) => {
    await Promise.all(pending.splice(0));
    summary.checkpoints += 1;
    try {
      checkVectors(totp, assert);
    } catch (error) {
      failures.push(`after call ${afterCall}, the RFC vectors fail: ${describeThrown(error)}`);
      broken = true;
    }
  };

  for (let call = 1; call <= calls && !broken && failures.length < MAX_FAILURES; call++) {
    const { where, invoke, returns } = nextCall(source, table, exported, totp);
    const label = `call ${call} (seed ${seed}) ${where}`;
    summary.calls += 1;
    try {
      const value = invoke();
      summary.returned += 1;
      if (typeof value?.then === 'function') {
        summary.promises += 1;
        pending.push(value.then(() => {}, (error) => judgeThrown(`${label}, its promise`, error)));
      } else if (returns && !returns(value)) {
        failures.push(`${label}: returned an unexpected ${typeof value}: ${String(value).slice(0, 80)}`);
      }
    } catch (error) {
      judgeThrown(label, error);
    }
    if (call % CHECK_EVERY === 0) await checkpoint(call);
  }
  if (!broken) await checkpoint(summary.calls);
  return { ...summary, failures };
}

/**
 * Values that make the JavaScript engine throw inside the generated glue (revoked Proxies,
 * objects that pass `instanceof Uint8Array` without being one, a TOTPService method on a foreign
 * `this`). One call
 * throws a fine TypeError or Error; thousands must not wear the instance out either.
 */
const REPEATED = [
  ['generateTotp(revoked Proxy)', REPEATS, (t) => t.generateTotp(revoked({}))],
  ['generateTotp(S, revoked Proxy)', REPEATS, (t) => t.generateTotp(S, revoked({}))],
  ['generateTotp(S, { time: revoked Proxy })', REPEATS, (t) => t.generateTotp(S, { time: revoked({}) })],
  ['verifyTotp(S, revoked Proxy)', REPEATS, (t) => t.verifyTotp(S, revoked({}))],
  ['generateHotp(S, revoked Proxy)', REPEATS, (t) => t.generateHotp(S, revoked({}))],
  ['verifyBackupCode(code, revoked Proxy)', REPEATS, (t) => t.verifyBackupCode(BACKUP, revoked([]))],
  ['verifyTotpAttempt(S, token, revoked Proxy)', REPEATS, (t) => t.verifyTotpAttempt(S, TOKEN, revoked({}))],
  ['encryptSecret(S, revoked Proxy)', REPEATS, (t) => t.encryptSecret(S, revoked({}), 'u')],
  [
    'encryptSecret(S, Object.create(Uint8Array.prototype))',
    REPEATS,
    (t) => t.encryptSecret(S, Object.create(Uint8Array.prototype), 'u'),
  ],
  [
    'encryptSecret(S, Proxy of a Uint8Array(32))',
    REPEATS,
    (t) => t.encryptSecret(S, new Proxy(new Uint8Array(32), {}), 'u'),
  ],
  [
    'encryptSecret(S, Uint8Array subclass whose length getter throws)',
    REPEATS,
    (t) => t.encryptSecret(S, new ThrowingLength(32), 'u'),
  ],
  [
    'encryptSecret(S, 64-byte Uint8Array subclass claiming length 32)',
    REPEATS,
    (t) => t.encryptSecret(S, new LyingLength(64), 'u'),
  ],
  [
    'encryptSecret(S, Proxy of a Uint8Array(32) whose element reads throw)',
    REPEATS,
    (t) => {
      const elementsThrow = { get: (target, key) => (key === 'length' ? 32 : hostile('element')()) };
      return t.encryptSecret(S, new Proxy(new Uint8Array(32), elementsThrow), 'u');
    },
  ],
  ['encryptSecret(S, key, revoked Proxy)', REPEATS, (t) => t.encryptSecret(S, new Uint8Array(32), revoked({}))],
  ['encryptSecret(S, key, ctx, revoked Proxy)', REPEATS, (t) => t.encryptSecret(S, new Uint8Array(32), 'u', revoked({}))],
  ['decryptSecret(sealed, revoked Proxy, ctx)', REPEATS, (t) => t.decryptSecret(SEALED, revoked({}), 'u')],
  ['decryptSecret(sealed, { k1: revoked Proxy }, ctx)', REPEATS, (t) => t.decryptSecret(SEALED, { k1: revoked({}) }, 'u')],
  [
    'decryptSecret(sealed, keyring with a 64-byte Uint8Array subclass claiming length 32)',
    REPEATS,
    (t) => t.decryptSecret(SEALED, { k1: new LyingLength(64) }, 'u'),
  ],
  [
    'decryptSecret(sealed, 17-key keyring whose getters throw)',
    REPEATS,
    (t) => t.decryptSecret(SEALED, throwingGetters(Array.from({ length: 17 }, (_, i) => `k${i}`)), 'u'),
  ],
  [
    'verifyTotpAttempt(S, token, { devices: [revoked Proxy] })',
    REPEATS,
    (t) => t.verifyTotpAttempt(S, TOKEN, { lastStep: null, failures: 0, lockedUntil: null, devices: [revoked({})] }),
  ],
  [
    'verifyTotpAttempt(S, token, { backup: revoked Proxy })',
    REPEATS,
    (t) => t.verifyTotpAttempt(S, TOKEN, { lastStep: null, failures: 0, lockedUntil: null, backup: revoked({}) }),
  ],
  ['verifyTotpAttempt(S, token, null, { device: revoked Proxy })', REPEATS, (t) => t.verifyTotpAttempt(S, TOKEN, null, { device: revoked({}) })],
  ['verifyBackupAttempt(code, [], revoked Proxy)', REPEATS, (t) => t.verifyBackupAttempt('x', [], revoked({}))],
  ['verifyBackupAttempt(code, revoked Proxy)', REPEATS, (t) => t.verifyBackupAttempt('x', revoked([]), null)],
  [
    'TOTPService#verifyToken on a foreign this',
    REPEATS_FOREIGN_THIS,
    (t) => t.TOTPService.prototype.verifyToken.call(Object.create(null), S, TOKEN),
  ],
];

export const garbageCases = [
  [
    `garbage: ${CALLS} seeded random calls at every export, argument and option key return or throw an Error`,
    async (totp, assert, options) => {
      const summary = await runGarbage(totp, assert, options);
      const { failures } = summary;
      assert.ok(failures.length === 0, `${failures.length} contract violations:\n${failures.join('\n')}`);
      assert.ok(summary.calls >= 5000, `${summary.calls} calls`);
      assert.ok(summary.checkpoints > summary.calls / CHECK_EVERY, `${summary.checkpoints} checkpoints`);
      return summary;
    },
  ],
  ...REPEATED.map(([label, repeats, call]) => [
    `garbage: ${label} ${repeats} times leaves the module working`,
    (totp, assert) => {
      let first;
      for (let repeat = 1; repeat <= repeats; repeat++) {
        let thrown;
        try {
          call(totp);
        } catch (error) {
          thrown = error;
        }
        first ??= thrown === undefined ? 'returned' : `threw ${describeThrown(thrown)}`;
        const problem = thrown === undefined ? null : problemWith(thrown);
        assert.equal(problem, null, `repetition ${repeat} of ${label} (the first ${first})`);
      }
      checkVectors(totp, assert);
      return { calls: repeats };
    },
  ]),
];
