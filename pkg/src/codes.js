// Secrets, HOTP/TOTP codes and otpauth URIs, over the `codes` wasm.
import codesWasm from './wasm/codes.js';
import { _lazyWasm } from './_wasm.js';
import { _parsedAccount } from './_records.js';
import {
  _MAX_SECRET,
  _MAX_TEXT,
  _algorithm,
  _STEAM,
  _describe,
  _digits,
  _integer,
  _integerOr,
  _options,
  _optionalString,
  _secret,
  _string,
  _time,
  _token,
} from './_checks.js';

const wasm = _lazyWasm(codesWasm);
export const _codesWasm = wasm;

/** src/wasm/codes.rs: no matching step, and what a match's delta is offset by. */
const NO_MATCH = 0;
const DELTA_BIAS = 11;
const TOTP_KEYS = ['algorithm', 'digits', 'encoder', 'period', 'time'];
const VERIFY_KEYS = [...TOTP_KEYS, 'window'];

const digitsOf = (options) => _integerOr(options.digits, 'digits', 6);
const periodOf = (options) => _integerOr(options.period, 'period', 30);

export function generateSecret(bytes) {
  const size = _integerOr(bytes, 'bytes', 20);
  const w = wasm();
  return w.text(w.check(w.exports.secret_generate(size)));
}

export function generateTotp(secret, options) {
  _secret(secret);
  const o = _options(options, 'options', TOTP_KEYS);
  const [time, algorithm, digits, period] = [_time(o.time), _algorithm(o.algorithm), _digits(o), periodOf(o)];
  const w = wasm();
  const [length] = w.put([secret]);
  const answer = w.check(w.exports.totp_generate(length, time, algorithm, digits, period));
  // A Steam Guard code comes back as text; a decimal one as its number.
  return digits === _STEAM ? w.text(answer) : String(answer).padStart(digits, '0');
}

/** The matching step's delta, or null. */
function checkTotpDelta(secret, token, options) {
  _secret(secret);
  const code = _token(token, 'token');
  const o = _options(options, 'options', VERIFY_KEYS);
  const [time, window, algorithm, digits, period] = [
    _time(o.time),
    _integerOr(o.window, 'window', 1),
    _algorithm(o.algorithm),
    _digits(o),
    periodOf(o),
  ];
  const w = wasm();
  const [secretLength, tokenLength] = w.put([secret, code]);
  const found = w.check(w.exports.totp_check(secretLength, tokenLength, time, window, algorithm, digits, period));
  return found === NO_MATCH ? null : found - DELTA_BIAS;
}

export function verifyTotp(secret, token, options) {
  return checkTotpDelta(secret, token, options) !== null;
}

export function checkTotp(secret, token, options) {
  return checkTotpDelta(secret, token, options);
}

export function generateHotp(secret, counter, options) {
  _secret(secret);
  const count = _integer(counter, 'counter');
  const o = _options(options, 'options', ['algorithm', 'digits']);
  const [algorithm, digits] = [_algorithm(o.algorithm), digitsOf(o)];
  const w = wasm();
  const [length] = w.put([secret]);
  return String(w.check(w.exports.hotp_generate(length, count, algorithm, digits))).padStart(digits, '0');
}

export function checkHotp(secret, token, counter, options) {
  _secret(secret);
  const code = _token(token, 'token');
  const count = _integer(counter, 'counter');
  const o = _options(options, 'options', ['algorithm', 'digits', 'lookAhead']);
  const [algorithm, digits, lookAhead] = [_algorithm(o.algorithm), digitsOf(o), _integerOr(o.lookAhead, 'lookAhead', 0)];
  const w = wasm();
  const [secretLength, tokenLength] = w.put([secret, code]);
  const found = w.exports.hotp_check(secretLength, tokenLength, count, lookAhead, algorithm, digits);
  w.check(found);
  return found === -2 ? null : found;
}

export function remainingSeconds(options) {
  const o = _options(options, 'options', ['period', 'time']);
  const [period, time] = [periodOf(o), _time(o.time)];
  const w = wasm();
  return w.check(w.exports.remaining_seconds(time, period));
}

const URI_KEYS = ['secret', 'account', 'issuer', 'type', 'algorithm', 'digits', 'encoder', 'period', 'counter', 'image', 'allowShortSecret'];

export function provisioningUri(options) {
  if (options === undefined || options === null) {
    throw new TypeError('options: is required: { secret, account, issuer?, ... }');
  }
  const o = _options(options, 'options', URI_KEYS);
  _secret(o.secret);
  const account = _string(o.account, 'account', _MAX_SECRET);
  // Steam Guard accounts are labelled Steam unless the caller says otherwise (Steam's own URIs).
  const issuer = _optionalString(o.issuer, 'issuer', _MAX_SECRET) ?? (o.encoder === 'steam' ? 'Steam' : null);
  const type = _optionalString(o.type, 'type', 64);
  let kind;
  let number;
  if (type === null || type === 'totp') {
    if (o.counter !== undefined) throw new TypeError("counter: only applies to type 'hotp'");
    [kind, number] = [0, periodOf(o)];
  } else if (type === 'hotp') {
    if (o.period !== undefined) throw new TypeError("period: only applies to type 'totp'");
    if (o.counter === undefined) throw new TypeError("counter: is required for type 'hotp'");
    if (o.encoder !== undefined) throw new TypeError("encoder: only applies to type 'totp'");
    [kind, number] = [1, _integer(o.counter, 'counter')];
  } else {
    throw new TypeError("type: must be 'totp' or 'hotp'");
  }
  const [algorithm, digits] = [_algorithm(o.algorithm), type === 'hotp' ? digitsOf(o) : _digits(o)];
  const image = _optionalString(o.image, 'image', _MAX_TEXT);
  const allowShort = o.allowShortSecret;
  if (allowShort !== undefined && typeof allowShort !== 'boolean') {
    throw new TypeError(`allowShortSecret: must be a boolean, got ${_describe(allowShort)}`);
  }
  const w = wasm();
  const [s, a, i, m] = w.put([o.secret, account, issuer, image]);
  return w.text(w.check(w.exports.uri_build(s, a, i, m, kind, number, algorithm, digits, allowShort ? 1 : 0)));
}

export function parseUri(uri) {
  _string(uri, 'uri', _MAX_TEXT);
  const w = wasm();
  const [length] = w.put([uri]);
  const record = w.take(w.check(w.exports.uri_parse(length)));
  const parsed = _parsedAccount(record, 0);
  record.fill(0);
  return parsed;
}
