// generateTotp, verifyTotp and checkTotp: their common case checked here and sent to wasm as
// numbers, one call across the boundary (src/wasm/prechecked.rs says why this is faster).
// Everything outside that case, such as an argument of another type, an option out of range, an
// unusual options object or a secret that is not base32, goes to the full call. Its checks
// throw the precise error, so every error still comes from one place, the Rust binding.
// Written once here; the build derives dist/fast.cjs from it for require().

// The full binding's own bounds (MAX_SECRET_LEN in src/wasm.rs, the token's 64 in
// src/wasm/args.rs); spec/fast.mjs pins both edges, so the two cannot drift apart unnoticed.
const MAX_SECRET_LENGTH = 1024;
const MAX_TOKEN_LENGTH = 64;
const getTime = Function.prototype.call.bind(Date.prototype.getTime);

const isInteger = (value, min, max) => Number.isInteger(value) && value >= min && value <= max;

/**
 * One call's arguments: the options object, what was read from it (raw, for the full call),
 * and the settings for wasm. One object per call, so that the fast case allocates little.
 */
function newCall(options) {
  return {
    options,
    keys: undefined,
    thrown: undefined,
    time: undefined,
    window: undefined,
    algorithm: undefined,
    digits: undefined,
    period: undefined,
    settings: undefined,
  };
}

/**
 * Reads the options object, each property once, and returns whether it is in the fast case;
 * if so `call.settings` holds [time, window, algorithm, digits, period] for wasm.
 */
function readOptions(call, withWindow) {
  const { options } = call;
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object') return false; // a function, even one with Object.prototype
    let keys;
    try {
      if (Object.getPrototypeOf(options) !== Object.prototype) return false;
      keys = Reflect.ownKeys(options);
    } catch {
      return false; // a Proxy's trap threw: the full call reports it
    }
    for (const key of keys) {
      if (key !== 'time' && key !== 'algorithm' && key !== 'digits' && key !== 'period' && !(withWindow && key === 'window')) {
        return false; // an unknown key: the full call names it
      }
    }
    let read = 0;
    try {
      for (; read < keys.length; read++) {
        // Named stores, which the engine keeps fast; the key is one of these (checked above).
        const key = keys[read];
        if (key === 'time') call.time = options.time;
        else if (key === 'window') call.window = options.window;
        else if (key === 'algorithm') call.algorithm = options.algorithm;
        else if (key === 'digits') call.digits = options.digits;
        else call.period = options.period;
      }
    } catch (thrown) {
      // A getter threw. The full call gets what was read, then this key throwing the same
      // value again, so it reports it as it would have, and no getter runs twice.
      call.keys = keys.slice(0, read + 1);
      call.thrown = { key: keys[read], value: thrown };
      return false;
    }
    call.keys = keys;
  }
  let { time, window, algorithm, digits, period } = call;
  if (time === undefined) time = Date.now();
  else if (typeof time !== 'number') {
    try {
      time = getTime(time); // a Date of any realm
    } catch {
      return false;
    }
  }
  if (!(time >= 0 && time <= Number.MAX_SAFE_INTEGER)) return false;
  if (window === undefined) window = 1;
  else if (!isInteger(window, 0, 10)) return false;
  algorithm = algorithm === undefined || algorithm === 'SHA1' ? 0 : algorithm === 'SHA256' ? 1 : algorithm === 'SHA512' ? 2 : -1;
  if (algorithm < 0) return false;
  if (digits === undefined) digits = 6;
  else if (!isInteger(digits, 6, 8)) return false;
  if (period === undefined) period = 30;
  else if (!isInteger(period, 1, 3600)) return false;
  call.settings = [time, window, algorithm, digits, period];
  return true;
}

/**
 * The options for the full call, which makes every check again and throws the precise error:
 * the caller's object if it was not read, else a plain copy of what was read (same keys, same
 * values), so that no getter runs twice.
 */
function fullCallOptions(call) {
  if (call.keys === undefined) return call.options;
  // Own data properties by definition (not assignment), so that no setter on
  // Object.prototype can intercept one.
  const copy = Object.fromEntries(call.keys.map((key) => [key, call[key]]));
  const { thrown } = call;
  if (thrown !== undefined) {
    Object.defineProperty(copy, thrown.key, {
      enumerable: true,
      get() {
        throw thrown.value;
      },
    });
  }
  return copy;
}

/** The token's digits as a number, ASCII spaces ignored; -1 unless it is exactly `digits` digits. */
function tokenNumber(token, digits) {
  if (token.length > MAX_TOKEN_LENGTH) return -1;
  let number = 0;
  let count = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c === 32) continue;
    if (c < 48 || c > 57 || ++count > digits) return -1;
    number = number * 10 + (c - 48);
  }
  return count === digits ? number : -1;
}

/** @param {typeof import('./dist/totp_wasm.js')} api */
export function _fastCodes(api) {
  const { _generateTotpPrechecked: generateNumber, _checkTotpPrechecked: checkNumber } = api;
  const { generateTotp: fullGenerate, verifyTotp: fullVerify, checkTotp: fullCheck } = api;

  /** The matching step's delta, Infinity for none, or NaN: make the full call. */
  function check(secret, token, call) {
    if (typeof secret !== 'string' || secret.length > MAX_SECRET_LENGTH || typeof token !== 'string') return NaN;
    if (!readOptions(call, true)) return NaN;
    const [time, window, algorithm, digits, period] = call.settings;
    return checkNumber(secret, tokenNumber(token, digits), time, window, algorithm, digits, period);
  }

  return {
    generateTotp(secret, options) {
      const call = newCall(options);
      if (typeof secret === 'string' && secret.length <= MAX_SECRET_LENGTH && readOptions(call, false)) {
        const [time, , algorithm, digits, period] = call.settings;
        const code = generateNumber(secret, time, algorithm, digits, period);
        if (code === code) return String(code).padStart(digits, '0');
      }
      return fullGenerate(secret, fullCallOptions(call));
    },

    verifyTotp(secret, token, options) {
      const call = newCall(options);
      const delta = check(secret, token, call);
      if (delta === delta) return delta !== Infinity;
      return fullVerify(secret, token, fullCallOptions(call));
    },

    checkTotp(secret, token, options) {
      const call = newCall(options);
      const delta = check(secret, token, call);
      if (delta === delta) return delta === Infinity ? null : delta;
      return fullCheck(secret, token, fullCallOptions(call));
    },
  };
}
