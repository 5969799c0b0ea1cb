// generateTotp and verifyTotp with the checks API.md requires made in JavaScript, then one call
// into wasm with plain strings and numbers: the conforming build with the fewest crossings of
// the boundary. The same checks as the *Checked exports in src/lib.rs make from Rust.
const OTP_KEYS = ['algorithm', 'digits', 'period', 'time'];
const GENERATE_KEYS = new Set(OTP_KEYS);
const VERIFY_KEYS = new Set([...OTP_KEYS, 'window']);

const describe = (value) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

function isPlainObject(value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

function checkSecret(secret) {
  if (typeof secret !== 'string') throw new TypeError(`secret: must be a string, got ${describe(secret)}`);
  if (secret.length > 1024) throw new RangeError('secret: is too long (more than 1024 characters)');
}

/** [time ms, window] from undefined, null or a plain object; own properties only. */
function readOptions(options, keys) {
  let time;
  let window = 1;
  if (options !== undefined && options !== null) {
    if (!isPlainObject(options)) throw new TypeError(`options: must be a plain options object, got ${describe(options)}`);
    for (const key of Reflect.ownKeys(options)) {
      if (!keys.has(key)) throw new TypeError(`options: unknown option '${String(key)}'`);
    }
    // Own properties only, so a polluted Object.prototype cannot supply an option.
    if (Object.hasOwn(options, 'time')) time = options.time;
    if (Object.hasOwn(options, 'window') && options.window !== undefined) window = options.window;
  }
  if (time === undefined) time = Date.now();
  else if (time instanceof Date) time = time.getTime();
  if (typeof time !== 'number') throw new TypeError(`time: must be a Date or milliseconds since the epoch, got ${describe(time)}`);
  if (!Number.isFinite(time) || time < 0) throw new RangeError(`time: must be a finite, non-negative time, got ${time}`);
  if (!Number.isInteger(window) || window < 0 || window > 10) {
    throw new RangeError(`window: must be an integer from 0 to 10, got ${String(window)}`);
  }
  return [time, window];
}

export const checkedGenerateTotp = (wasm) =>
  function generateTotp(secret, options) {
    checkSecret(secret);
    const [time] = readOptions(options, GENERATE_KEYS);
    return wasm.generateTotpCore(secret, time);
  };

export const checkedVerifyTotp = (wasm) =>
  function verifyTotp(secret, token, options) {
    checkSecret(secret);
    if (typeof token !== 'string') throw new TypeError(`token: must be a string, got ${describe(token)}`);
    const [time, window] = readOptions(options, VERIFY_KEYS);
    // Longer than any code (spaces allowed): not valid, and not worth copying.
    return token.length > 64 ? false : wasm.verifyTotpCore(secret, token, time, window);
  };
