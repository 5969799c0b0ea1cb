// The JavaScript side's checks: the types of arguments and the shape of option objects, with
// messages that name the argument (noble-hashes' `abytes`/`anumber` style). Every semantic
// check (ranges, base32, URIs, colours) is the core's; these only make sure that what crosses
// the boundary is a string, a number or bytes.

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** The longest secret text accepted (a 512-byte key is 820 base32 characters). */
export const _MAX_SECRET = 1024;
/** The longest URI, QR text, image URL, sealed string or context accepted. */
export const _MAX_TEXT = 8192;
const getTime = Function.prototype.call.bind(Date.prototype.getTime);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** How a value is named in a message: `null`, `an array`, or its typeof. */
export function _describe(value) {
  if (value === null) return 'null';
  try {
    if (Array.isArray(value)) return 'an array';
  } catch {
    return 'a revoked Proxy';
  }
  return typeof value;
}

export function _string(value, name, maxLength) {
  if (typeof value !== 'string') throw new TypeError(`${name}: must be a string, got ${_describe(value)}`);
  if (value.length > maxLength) throw new RangeError(`${name}: is too long (more than ${maxLength} characters)`);
  // isWellFormed is native (and constant-time for one-byte strings); the regex is for older hosts.
  if (!(value.isWellFormed ? value.isWellFormed() : !LONE_SURROGATE.test(value))) {
    throw new TypeError(`${name}: contains a lone surrogate (not valid Unicode)`);
  }
  return value;
}

/** A base32 secret's text (the core decodes it). */
export function _secret(value) {
  return _string(value, 'secret', _MAX_SECRET);
}

/** A string or, when not given, `null`. */
export function _optionalString(value, name, maxLength) {
  return value === undefined ? null : _string(value, name, maxLength);
}

/**
 * A typed-in code: any string (one that cannot be a code is the core's "not valid"); one too
 * long to be a code is sent as "-", so that the other arguments are still checked.
 */
export function _token(value, name) {
  if (typeof value !== 'string') {
    throw new TypeError(`${name}: must be a string (a number would lose leading zeros), got ${_describe(value)}`);
  }
  return value.length > 64 ? '-' : value;
}

/** A non-negative safe integer. */
export function _integer(value, name) {
  if (typeof value !== 'number') throw new TypeError(`${name}: must be a number, got ${_describe(value)}`);
  if (!Number.isInteger(value)) throw new RangeError(`${name}: must be an integer, got ${value}`);
  if (value < 0) throw new RangeError(`${name}: must not be negative, got ${value}`);
  if (value > MAX_SAFE) throw new RangeError(`${name}: must be at most 2^53 - 1 (Number.MAX_SAFE_INTEGER)`);
  return value;
}

/** An optional integer: `fallback` when not given. */
export function _integerOr(value, name, fallback) {
  return value === undefined ? fallback : _integer(value, name);
}

/** What `digits` crosses as for Steam Guard codes (src/wasm.rs STEAM_DIGITS). */
export const _STEAM = -2;

/**
 * `digits`, or Steam Guard's codes for `encoder: 'steam'` (five characters: `digits` may be
 * left out or 5). Only the TOTP functions take `encoder`.
 */
export function _digits(options) {
  const encoder = options.encoder;
  if (encoder === undefined || encoder === null) return _integerOr(options.digits, 'digits', 6);
  if (encoder !== 'steam') throw new TypeError(`encoder: must be 'steam' (Steam Guard codes) or left out, got ${typeof encoder === 'string' ? `'${encoder}'` : _describe(encoder)}`);
  if (options.digits !== undefined && options.digits !== 5) {
    throw new RangeError('digits: Steam Guard codes have 5 characters (leave digits out, or 5)');
  }
  return _STEAM;
}

/** `time`: a Date (of any realm) or milliseconds; now when not given. Floored. */
export function _time(value) {
  let millis = value;
  if (value === undefined) return Date.now();
  if (typeof value !== 'number') {
    try {
      millis = getTime(value);
    } catch {
      if (value instanceof Date) throw new TypeError('time: is not a valid Date');
      throw new TypeError(`time: must be a Date or milliseconds since the epoch, got ${_describe(value)}`);
    }
  }
  if (!(millis >= 0) || millis === Infinity) throw new RangeError(`time: must be a finite, non-negative time, got ${millis}`);
  if (millis > MAX_SAFE) throw new RangeError('time: must be at most 2^53 - 1 milliseconds (Number.MAX_SAFE_INTEGER)');
  return Math.floor(millis);
}

/** `algorithm` as the wasm numbers it; an unknown name is the core's error (255). */
export function _algorithm(value) {
  if (value === undefined) return 0;
  if (typeof value !== 'string') throw new TypeError("algorithm: must be 'SHA1', 'SHA256' or 'SHA512'");
  const index = ['SHA1', 'SHA256', 'SHA512'].indexOf(value);
  return index < 0 ? 255 : index;
}

function isPlainObject(value) {
  if (typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/**
 * Reads an options object: `undefined` or `null` for none, else a plain object whose own keys
 * are all in `allowed` (a typo throws). Each property is read once.
 */
export function _options(value, name, allowed) {
  const read = Object.create(null);
  if (value === undefined || value === null) return read;
  let plain;
  try {
    plain = isPlainObject(value);
  } catch {
    plain = false; // a revoked Proxy
  }
  if (!plain) throw new TypeError(`${name}: must be a plain options object, got ${_describe(value)}`);
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string' || !allowed.includes(key)) {
      const shown = typeof key === 'string' ? key : '(a symbol)';
      throw new TypeError(`${name}: unknown option '${shown}' (expected one of: ${allowed.join(', ')})`);
    }
    read[key] = value[key];
  }
  return read;
}
