// generateTotp and verifyTotp with the checks API.md requires made in JavaScript, then one call
// into wasm with the secret and plain numbers (the token parsed to a number here, the code
// padded here): the conforming build with the least work at the boundary. The *Checked exports
// in src/lib.rs make the same checks from Rust, as totp-wasm does.
const ALGORITHMS = { SHA1: 0, SHA256: 1, SHA512: 2 };

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

function integer(value, name, min, max, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new TypeError(`${name}: must be a number, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name}: must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

const dateTime = Function.prototype.call.bind(Date.prototype.getTime);

/** The options from undefined, null or a plain object; own properties only, each read once. */
function readOptions(options, withWindow) {
  let time;
  let window;
  let algorithm;
  let digits;
  let period;
  if (options !== undefined && options !== null) {
    if (!isPlainObject(options)) throw new TypeError(`options: must be a plain options object, got ${describe(options)}`);
    for (const key of Reflect.ownKeys(options)) {
      if (key === 'time') time = options.time;
      else if (key === 'window' && withWindow) window = options.window;
      else if (key === 'algorithm') algorithm = options.algorithm;
      else if (key === 'digits') digits = options.digits;
      else if (key === 'period') period = options.period;
      else throw new TypeError(`options: unknown option '${String(key)}'`);
    }
  }
  if (time === undefined) time = Date.now();
  else if (typeof time !== 'number') {
    try {
      time = dateTime(time); // a Date of any realm
    } catch {
      throw new TypeError(`time: must be a Date or milliseconds since the epoch, got ${describe(time)}`);
    }
  }
  if (!(time >= 0 && time <= Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`time: must be a finite, non-negative time, got ${time}`);
  }
  let algorithmIndex = 0;
  if (algorithm !== undefined) {
    algorithmIndex = typeof algorithm === 'string' && Object.hasOwn(ALGORITHMS, algorithm) ? ALGORITHMS[algorithm] : -1;
    if (algorithmIndex < 0) throw new TypeError("algorithm: must be 'SHA1', 'SHA256' or 'SHA512'");
  }
  return {
    time,
    window: integer(window, 'window', 0, 10, 1),
    algorithm: algorithmIndex,
    digits: integer(digits, 'digits', 6, 8, 6),
    period: integer(period, 'period', 1, 3600, 30),
  };
}

export const checkedGenerateTotp = (wasm) =>
  function generateTotp(secret, options) {
    checkSecret(secret);
    const o = readOptions(options, false);
    const code = wasm.generateTotpCore(secret, o.time, o.algorithm, o.digits, o.period);
    if (code < 0) throw new TypeError('secret: not valid base32');
    return String(code).padStart(o.digits, '0');
  };

/** The token's digits as a number, ASCII spaces ignored; -1 unless exactly `digits` digits. */
function tokenNumber(token, digits) {
  if (token.length > 64) return -1;
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

export const checkedVerifyTotp = (wasm) =>
  function verifyTotp(secret, token, options) {
    checkSecret(secret);
    if (typeof token !== 'string') throw new TypeError(`token: must be a string, got ${describe(token)}`);
    const o = readOptions(options, true);
    const number = tokenNumber(token, o.digits);
    // Not a code: false, but only for a valid secret (the API throws for a bad one).
    const result = wasm.verifyTotpCore(secret, number < 0 ? 0xffffffff : number, o.time, o.window, o.algorithm, o.digits, o.period);
    if (result < 0) throw new TypeError('secret: not valid base32');
    return number >= 0 && result === 1;
  };
