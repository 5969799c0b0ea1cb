// Login attempts, backup codes and sealed secrets, over the `protect` wasm.
import protectWasm from './wasm/protect.js';
import { _lazyWasm } from './_wasm.js';
import {
  _MAX_TEXT,
  _algorithm,
  _describe,
  _integerOr,
  _options,
  _secret,
  _string,
  _time,
  _token,
} from './_checks.js';

const wasm = _lazyWasm(protectWasm);
export const _protectWasm = wasm;

const encoder = new TextEncoder();

export function generateBackupCodes(count) {
  const n = _integerOr(count, 'count', 10);
  const w = wasm();
  return w.text(w.check(w.exports.backup_generate(n))).split('\n');
}

export function hashBackupCode(code) {
  _string(code, 'code', 256);
  const w = wasm();
  const [length] = w.put([code]);
  return w.text(w.check(w.exports.backup_hash(length)));
}

export function verifyBackupCode(code, hashes) {
  const typed = _token(code, 'code');
  if (!Array.isArray(hashes)) throw new TypeError(`hashes: must be an array of strings, got ${_describe(hashes)}`);
  if (hashes.length > 1000) throw new RangeError('hashes: must have at most 1000 items');
  // Each hash as a u32 length and its UTF-8, after the code (src/wasm/protect.rs).
  const parts = [typed];
  for (let index = 0; index < hashes.length; index++) {
    const bytes = encoder.encode(_string(hashes[index], `hashes[${index}]`, 256));
    parts.push(new Uint8Array(new Uint32Array([bytes.length]).buffer), bytes);
  }
  const w = wasm();
  const lengths = w.put(parts);
  const total = lengths.reduce((sum, length) => sum + length, 0);
  return w.check(w.exports.backup_verify(total, lengths[0], hashes.length)) - 1;
}

const STATE_SHAPE = 'state: must be null or { lastStep: number|null, failures: number, lockedUntil: number|null }';
const REASONS = ['ok', 'invalid', 'replayed', 'locked', 'malformed'];
const ATTEMPT_KEYS = ['algorithm', 'digits', 'period', 'time', 'window', 'maxFailures', 'lockoutSeconds'];

/** A state field: -1 for null, else a non-negative safe integer. */
function stateField(state, key) {
  const value = state[key];
  if (value === null) return -1;
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`state.${key}: must be a non-negative safe integer`);
  return value;
}

function readState(state) {
  if (state === undefined || state === null) return [-1, 0, -1];
  let read;
  try {
    read = _options(state, 'state', ['lastStep', 'failures', 'lockedUntil']);
  } catch {
    throw new TypeError(STATE_SHAPE);
  }
  const failures = stateField(read, 'failures');
  if (failures < 0) throw new TypeError(STATE_SHAPE);
  return [stateField(read, 'lastStep'), failures, stateField(read, 'lockedUntil')];
}

export function verifyTotpAttempt(secret, token, state, options) {
  _secret(secret);
  const code = _token(token, 'token');
  const [lastStep, failures, lockedUntil] = readState(state);
  const o = _options(options, 'options', ATTEMPT_KEYS);
  const settings = [
    _time(o.time),
    _algorithm(o.algorithm),
    _integerOr(o.digits, 'digits', 6),
    _integerOr(o.period, 'period', 30),
    _integerOr(o.window, 'window', 1),
    _integerOr(o.maxFailures, 'maxFailures', 5),
    _integerOr(o.lockoutSeconds, 'lockoutSeconds', 300),
  ];
  const w = wasm();
  const [s, t] = w.put([secret, code]);
  const record = w.take(w.check(w.exports.attempt_verify(s, t, ...settings, lastStep, failures, lockedUntil)));
  const view = new DataView(record.buffer);
  const field = (present, index) => (present ? view.getFloat64(8 + index * 8, true) : null);
  return {
    ok: record[0] === 0,
    reason: REASONS[record[0]],
    delta: field(record[1], 0),
    state: { lastStep: field(record[2], 1), failures: field(1, 2), lockedUntil: field(record[3], 3) },
    retryAfterSeconds: field(record[4], 4),
  };
}

export function generateEncryptionKey() {
  const w = wasm();
  return w.take(w.check(w.exports.key_generate()));
}

/** The key's bytes, copied: `Uint8Array.from` reads what really is there, or throws. */
function keyBytes(key) {
  const wrongType = () => new TypeError(`key: must be a Uint8Array of 32 bytes, got ${_describe(key)}`);
  if (!(key instanceof Uint8Array)) throw wrongType();
  try {
    return Uint8Array.from(key);
  } catch {
    throw wrongType();
  }
}

/** Seals or opens: the text, the key (at most 33 bytes cross; the core checks the length), the context. */
function sealing(exported, text, key, context) {
  const bytes = keyBytes(key);
  const context_ = context === undefined ? '' : _string(context, 'context', _MAX_TEXT);
  const w = wasm();
  const lengths = w.put([text, bytes.subarray(0, 33), context_]);
  bytes.fill(0);
  return w.text(w.check(w.exports[exported](...lengths, bytes.length)));
}

export function encryptSecret(secret, key, context) {
  return sealing('secret_seal', _secret(secret), key, context);
}

export function decryptSecret(sealed, key, context) {
  return sealing('secret_open', _string(sealed, 'sealed', _MAX_TEXT), key, context);
}
