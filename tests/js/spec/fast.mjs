// The fast path of generateTotp, verifyTotp and checkTotp (pkg/fast.js): its common case is
// checked in JavaScript, and everything else is left to the full call. These cases are the
// edges of that split: each must give what the full call gives, read each option once, and
// never take an option from anywhere but the object itself.
import { expectError, stepTime } from './util.mjs';
import { RFC4226, SHA1_SECRET } from './vectors.mjs';

const T = stepTime(1000);

/** An options object whose getters count their reads. */
function countingOptions(values) {
  const reads = {};
  const options = {};
  for (const [key, value] of Object.entries(values)) {
    reads[key] = 0;
    Object.defineProperty(options, key, {
      enumerable: true,
      get() {
        reads[key] += 1;
        return value;
      },
    });
  }
  return { options, reads };
}

const onceEach = (assert, reads, what) =>
  assert.deepEqual(Object.values(reads), Object.values(reads).map(() => 1), `${what}: each getter ran once (${JSON.stringify(reads)})`);

export const fast = [
  [
    'fast path: each option getter runs once, whether the call succeeds or throws',
    (totp, assert) => {
      const code = totp.generateTotp(SHA1_SECRET, { time: T });
      let counted = countingOptions({ time: T, window: 1 });
      assert.equal(totp.verifyTotp(SHA1_SECRET, code, counted.options), true);
      onceEach(assert, counted.reads, 'verifyTotp');
      counted = countingOptions({ time: T, digits: 8 });
      assert.equal(totp.generateTotp(SHA1_SECRET, counted.options).length, 8);
      onceEach(assert, counted.reads, 'generateTotp');
      for (const [key, bad, name] of [
        ['window', 11, 'RangeError'],
        ['digits', '8', 'TypeError'],
        ['time', -1, 'RangeError'],
        ['algorithm', 'MD5', 'TypeError'],
      ]) {
        counted = countingOptions({ time: T, [key]: bad });
        expectError(assert, () => totp.checkTotp(SHA1_SECRET, code, counted.options), name, key);
        onceEach(assert, counted.reads, `checkTotp with ${key}: ${JSON.stringify(bad)}`);
      }
      counted = countingOptions({ time: T });
      expectError(assert, () => totp.verifyTotp('not base32!', code, counted.options), 'TypeError', 'secret');
      assert.ok(counted.reads.time <= 1, 'a bad secret: the time getter ran at most once');
    },
  ],

  [
    'fast path: options come from own properties only, never from a polluted prototype',
    (totp, assert) => {
      const code = totp.generateTotp(SHA1_SECRET, { time: stepTime(1003) });
      const polluted = ['window', 'time', 'digits'];
      try {
        Object.prototype.window = 10;
        Object.prototype.time = stepTime(1003);
        Object.prototype.digits = 8;
        assert.equal(totp.verifyTotp(SHA1_SECRET, code, { time: T }), false, 'window 1, not the inherited 10');
        assert.equal(totp.generateTotp(SHA1_SECRET, { time: T }).length, 6, 'digits 6, not the inherited 8');
        assert.equal(totp.checkTotp(SHA1_SECRET, code, {}), null, 'time now, not the inherited time');
      } finally {
        for (const key of polluted) delete Object.prototype[key];
      }
    },
  ],

  [
    'fast path: unusual options objects get the full checks',
    (totp, assert) => {
      const code = totp.generateTotp(SHA1_SECRET, { time: T });
      const nullPrototype = Object.assign(Object.create(null), { time: T, window: 0 });
      assert.equal(totp.checkTotp(SHA1_SECRET, code, nullPrototype), 0);
      class Settings {
        time = T;
      }
      expectError(assert, () => totp.verifyTotp(SHA1_SECRET, code, new Settings()), 'TypeError', 'options');
      expectError(assert, () => totp.verifyTotp(SHA1_SECRET, code, { time: T, [Symbol('window')]: 1 }), 'TypeError', 'options');
      const hidden = { time: T };
      Object.defineProperty(hidden, 'windows', { value: 1, enumerable: false });
      expectError(assert, () => totp.verifyTotp(SHA1_SECRET, code, hidden), 'TypeError', 'options');
      expectError(assert, () => totp.generateTotp(SHA1_SECRET, { time: T, window: 1 }), 'TypeError', 'options');
      const throwing = new Proxy({}, { ownKeys: () => { throw new Error('trap'); } });
      let error;
      try {
        totp.verifyTotp(SHA1_SECRET, code, throwing);
      } catch (caught) {
        error = caught;
      }
      assert.ok(error instanceof Error, 'a throwing Proxy trap gives an Error');
      assert.equal(totp.verifyTotp(SHA1_SECRET, code, { time: T, window: undefined, digits: undefined }), true);
      assert.equal(totp.verifyTotp(SHA1_SECRET, code, null), totp.verifyTotp(SHA1_SECRET, code));
    },
  ],

  [
    'fast path: tokens and secrets at the edges agree with the contract',
    (totp, assert) => {
      const code = RFC4226[0];
      const options = { time: 0, window: 0 };
      assert.equal(totp.checkTotp(SHA1_SECRET, code, options), 0);
      assert.equal(totp.checkTotp(SHA1_SECRET, ` ${code.slice(0, 3)}  ${code.slice(3)} `, options), 0, 'ASCII spaces are ignored');
      assert.equal(totp.checkTotp(SHA1_SECRET, `${code}\t`, options), null, 'a tab is not a space');
      assert.equal(totp.checkTotp(SHA1_SECRET, code.replace('5', '\uff15'), options), null, 'a full-width digit is not a digit');
      assert.equal(totp.checkTotp(SHA1_SECRET, `${' '.repeat(58)}${code}`, options), 0, 'a token of 64 characters is read');
      assert.equal(totp.checkTotp(SHA1_SECRET, `${' '.repeat(59)}${code}`, options), null, 'a token over 64 characters is no code');
      assert.equal(totp.checkTotp(SHA1_SECRET, `${' '.repeat(64)}${code}`, options), null, 'nor one of 70');
      assert.equal(totp.checkTotp(SHA1_SECRET, `${code}0`, options), null, 'seven digits are no 6-digit code');
      const lower = SHA1_SECRET.toLowerCase().replace(/(.{4})/g, '$1 ');
      assert.equal(totp.checkTotp(`${lower}==`, code, options), 0, 'a lower-case, grouped, padded secret');
      const longest = 'A'.repeat(1024);
      assert.match(totp.generateTotp(longest, { time: 0 }), /^[0-9]{6}$/, 'a secret of 1024 characters');
      assert.equal(totp.checkTotp(longest, totp.generateTotp(longest, { time: 0 }), options), 0);
      expectError(assert, () => totp.generateTotp(`${longest}A`, { time: 0 }), 'RangeError', 'secret');
      expectError(assert, () => totp.verifyTotp(`${longest}A`, code, options), 'RangeError', 'secret');
      expectError(assert, () => totp.verifyTotp('AB1C', 'abc', options), 'TypeError', 'secret');
      expectError(assert, () => totp.verifyTotp(`A\ud800B`, code, options), 'TypeError', 'secret');
      assert.match(totp.generateTotp(SHA1_SECRET, { time: Number.MAX_SAFE_INTEGER }), /^[0-9]{6}$/, 'the latest time');
      expectError(assert, () => totp.generateTotp(SHA1_SECRET, { time: Number.MAX_SAFE_INTEGER + 2 }), 'RangeError', 'time');
      assert.equal(totp.generateTotp(SHA1_SECRET, { time: 29999.9 }), RFC4226[0], 'fractions of a millisecond are floored');
      assert.equal(totp.generateTotp(SHA1_SECRET, { time: new Date(30000) }), RFC4226[1]);
      expectError(assert, () => totp.generateTotp(SHA1_SECRET, { time: new Date(NaN) }), 'RangeError', 'time');
    },
  ],

  [
    'fast path: the options handed on to the full checks are exactly the ones given',
    (totp, assert) => {
      const code = totp.generateTotp(SHA1_SECRET, { time: T });
      // A setter on Object.prototype must not swallow a bad option on its way to the full checks.
      let seen;
      Object.defineProperty(Object.prototype, 'window', { set: (value) => { seen = value; }, get: () => undefined, configurable: true });
      try {
        expectError(assert, () => totp.checkTotp(SHA1_SECRET, code, { time: T, window: 99 }), 'RangeError', 'window');
        assert.equal(seen, undefined, 'the setter saw no option');
      } finally {
        delete Object.prototype.window;
      }
      // A function is no options object, whatever its prototype.
      const fn = () => {};
      delete fn.length;
      delete fn.name;
      Object.setPrototypeOf(fn, Object.prototype);
      expectError(assert, () => totp.verifyTotp(SHA1_SECRET, code, fn), 'TypeError', 'options');
      // A getter that throws once: its error is the call's, and no getter runs twice.
      let timeReads = 0;
      let digitReads = 0;
      const flaky = {
        get time() {
          timeReads += 1;
          return T;
        },
        get digits() {
          digitReads += 1;
          if (digitReads === 1) throw new RangeError('first read');
          return 6;
        },
      };
      let thrown;
      try {
        totp.generateTotp(SHA1_SECRET, flaky);
      } catch (error) {
        thrown = error;
      }
      assert.equal(thrown?.message, 'first read', 'the getter\'s own error');
      assert.deepEqual([timeReads, digitReads], [1, 1], 'each getter ran once');
    },
  ],

  [
    'fast path: the internal numeric exports are not published, not even through init',
    async (totp, assert) => {
      const internal = Object.keys(totp).filter((name) => name.startsWith('_'));
      assert.deepEqual(internal, [], 'no export starts with _');
      // The glue's init functions hand back the raw wasm exports; the package's give nothing.
      if (typeof totp.default === 'function') assert.equal(await totp.default(), undefined, 'init()');
      if (typeof totp.initSync === 'function') {
        assert.equal(totp.initSync(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])), undefined, 'initSync()');
      }
      assert.equal(totp.generateTotp(SHA1_SECRET, { time: 0 }), RFC4226[0], 'still working');
    },
  ],
];
