// verifyTotp with the checks API.md requires done in JavaScript, then one call into wasm with
// plain strings and numbers: the other way to build a conforming verifyTotp, the one with the
// fewest calls across the boundary. Same checks as verifyTotpChecked in src/lib.rs.
const KEYS = new Set(['algorithm', 'digits', 'period', 'time', 'window']);

const describe = (value) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

function isPlainObject(value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

export function checkedVerifyTotp(wasm) {
  return function verifyTotp(secret, token, options) {
    if (typeof secret !== 'string' || secret.length > 1024) {
      throw new TypeError(`secret: must be a string of at most 1024 characters, got ${describe(secret)}`);
    }
    if (typeof token !== 'string') throw new TypeError(`token: must be a string, got ${describe(token)}`);
    if (token.length > 64) return false;
    let time;
    let window = 1;
    if (options !== undefined && options !== null) {
      if (!isPlainObject(options)) throw new TypeError(`options: must be a plain options object, got ${describe(options)}`);
      for (const key of Reflect.ownKeys(options)) {
        if (!KEYS.has(key)) throw new TypeError(`options: unknown option '${String(key)}'`);
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
    return wasm.verifyTotpCore(secret, token, time, window);
  };
}
