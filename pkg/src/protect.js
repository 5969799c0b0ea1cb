// Login attempts, backup codes and sealed secrets, over the `protect` wasm.
import protectWasm from './wasm/protect.js';
import { _lazyWasm } from './_wasm.js';
import {
  _MAX_TEXT,
  _algorithm,
  _describe,
  _digits,
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
const decoder = new TextDecoder();
const MAX_HASHES = 1000;
const MAX_DEVICES = 10;
const MAX_KEYRING = 16;

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

/** Each hash as a u32 length and its UTF-8 (src/wasm/protect.rs `read_hashes`). */
function hashParts(hashes) {
  if (!Array.isArray(hashes)) throw new TypeError(`hashes: must be an array of strings, got ${_describe(hashes)}`);
  if (hashes.length > MAX_HASHES) throw new RangeError(`hashes: must have at most ${MAX_HASHES} items`);
  const parts = [];
  for (let index = 0; index < hashes.length; index++) {
    const bytes = encoder.encode(_string(hashes[index], `hashes[${index}]`, 256));
    parts.push(u32(bytes.length), bytes);
  }
  return parts;
}

function u32(value) {
  return new Uint8Array(new Uint32Array([value]).buffer);
}

function sum(lengths) {
  return lengths.reduce((total, length) => total + Math.max(length, 0), 0);
}

export function verifyBackupCode(code, hashes) {
  const typed = _token(code, 'code');
  const parts = hashParts(hashes);
  const w = wasm();
  const lengths = w.put([typed, ...parts]);
  return w.check(w.exports.backup_verify(sum(lengths), lengths[0], hashes.length)) - 1;
}

// The attempt state: JSON the application stores. 0.1 wrote only the first three keys.
const STATE_SHAPE =
  'state: must be null or the state a previous attempt returned: { lastStep, failures, lockedUntil, backup, devices }';
const STATE_KEYS = ['lastStep', 'failures', 'lockedUntil', 'backup', 'devices'];
const COUNTER_KEYS = ['failures', 'lockedUntil'];
const DEVICE_KEYS = ['id', 'failures', 'lockedUntil', 'lastUsed'];
const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;

/** A non-negative safe integer, or -1 for null where `nullable`. */
function stateNumber(object, key, name, nullable) {
  const value = object[key];
  if (value === null && nullable) return -1;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${name}.${key}: must be ${nullable ? 'null or ' : ''}a non-negative safe integer`);
  }
  return value;
}

function stateObject(value, name, keys) {
  try {
    return _options(value, name, keys);
  } catch {
    throw new TypeError(`${name}: must be a plain object with the keys ${keys.join(', ')}`);
  }
}

/** The state as the record src/wasm/protect.rs reads (`read_state`). */
function stateRecord(state) {
  if (state === undefined || state === null) return new Uint8Array(new Float64Array([-1, 0, -1, 0, -1, 0]).buffer);
  let read;
  try {
    read = _options(state, 'state', STATE_KEYS);
  } catch {
    throw new TypeError(STATE_SHAPE);
  }
  const backup = read.backup === undefined ? { failures: 0, lockedUntil: null } : stateObject(read.backup, 'state.backup', COUNTER_KEYS);
  const devices = read.devices === undefined ? [] : read.devices;
  if (!Array.isArray(devices)) throw new TypeError(`state.devices: must be an array, got ${_describe(devices)}`);
  if (devices.length > MAX_DEVICES) throw new RangeError(`state.devices: must have at most ${MAX_DEVICES} entries, got ${devices.length}`);
  const numbers = new Float64Array(6 + devices.length * 3);
  numbers.set([
    stateNumber(read, 'lastStep', 'state', true),
    stateNumber(read, 'failures', 'state', false),
    stateNumber(read, 'lockedUntil', 'state', true),
    stateNumber(backup, 'failures', 'state.backup', false),
    stateNumber(backup, 'lockedUntil', 'state.backup', true),
    devices.length,
  ]);
  const record = new Uint8Array(48 + devices.length * 46);
  record.set(new Uint8Array(numbers.buffer, 0, 48));
  for (let index = 0; index < devices.length; index++) {
    const name = `state.devices[${index}]`;
    const device = stateObject(devices[index], name, DEVICE_KEYS);
    if (typeof device.id !== 'string' || !DEVICE_ID.test(device.id)) {
      throw new TypeError(`${name}.id: must be a device id from verifyTotpAttempt (22 base64url characters)`);
    }
    const at = 48 + index * 46;
    const fields = new Float64Array([
      stateNumber(device, 'failures', name, false),
      stateNumber(device, 'lockedUntil', name, true),
      stateNumber(device, 'lastUsed', name, false),
    ]);
    record.set(new Uint8Array(fields.buffer), at);
    record.set(encoder.encode(device.id), at + 24);
  }
  return record;
}

/** Reads the outcome record src/wasm/protect.rs writes (`write_outcome`). */
function outcome(record, matchedKey) {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const number = (at) => {
    const value = view.getFloat64(at, true);
    return value < 0 ? null : value;
  };
  const tokenLength = record[1];
  const deviceId = record[24] === 32 ? null : decoder.decode(record.subarray(24, 46));
  const deviceToken = tokenLength === 0 ? null : decoder.decode(record.subarray(48, 48 + tokenLength));
  let at = 80;
  const next = () => {
    const value = number(at);
    at += 8;
    return value;
  };
  const state = { lastStep: next(), failures: next(), lockedUntil: next() };
  state.backup = { failures: next(), lockedUntil: next() };
  const count = next();
  state.devices = [];
  for (let index = 0; index < count; index++) {
    const [failures, lockedUntil, lastUsed] = [next(), next(), next()];
    state.devices.push({ id: decoder.decode(record.subarray(at, at + 22)), failures, lockedUntil, lastUsed });
    at += 22;
  }
  const reason = REASONS[record[0]];
  // `matched` means something only on success (a delta may be negative).
  const matched = reason === 'ok' ? view.getFloat64(8, true) : null;
  const result = { ok: reason === 'ok', reason, [matchedKey]: matched, state, retryAfterSeconds: number(16), deviceId, deviceToken };
  record.fill(0);
  return result;
}

const REASONS = ['ok', 'invalid', 'replayed', 'locked', 'malformed'];
const ATTEMPT_KEYS = [
  'algorithm', 'digits', 'encoder', 'period', 'time', 'window', 'maxFailures', 'lockoutSeconds', 'device', 'rememberDevice',
];
const BACKUP_ATTEMPT_KEYS = ['time', 'maxFailures', 'lockoutSeconds', 'rememberDevice'];

function flag(value, name) {
  if (value === undefined) return 0;
  if (typeof value !== 'boolean') throw new TypeError(`${name}: must be a boolean, got ${_describe(value)}`);
  return value ? 1 : 0;
}

/** The device token a request carried: a string (longer than any token: none), or none. */
function deviceOf(value) {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new TypeError(`device: must be a string (the deviceToken of an earlier success), got ${_describe(value)}`);
  return value.length > 64 ? null : value;
}

export function verifyTotpAttempt(secret, token, state, options) {
  _secret(secret);
  const code = _token(token, 'token');
  const record = stateRecord(state);
  const o = _options(options, 'options', ATTEMPT_KEYS);
  const device = deviceOf(o.device);
  const settings = [
    _time(o.time),
    _algorithm(o.algorithm),
    _digits(o),
    _integerOr(o.period, 'period', 30),
    _integerOr(o.window, 'window', 1),
    _integerOr(o.maxFailures, 'maxFailures', 5),
    _integerOr(o.lockoutSeconds, 'lockoutSeconds', 300),
    flag(o.rememberDevice, 'rememberDevice'),
  ];
  const w = wasm();
  const [s, t, d, r] = w.put([secret, code, device, record]);
  return outcome(w.take(w.check(w.exports.attempt_verify(s, t, d, r, ...settings))), 'delta');
}

export function verifyBackupAttempt(code, hashes, state, options) {
  const typed = _token(code, 'code');
  const parts = hashParts(hashes);
  const record = stateRecord(state);
  const o = _options(options, 'options', BACKUP_ATTEMPT_KEYS);
  const settings = [
    _time(o.time),
    _integerOr(o.maxFailures, 'maxFailures', 10),
    _integerOr(o.lockoutSeconds, 'lockoutSeconds', 60),
    flag(o.rememberDevice, 'rememberDevice'),
  ];
  const w = wasm();
  const lengths = w.put([typed, ...parts, record]);
  const answer = w.exports.attempt_backup(sum(lengths), lengths[0], hashes.length, ...settings);
  return outcome(w.take(w.check(answer)), 'index');
}

export function generateEncryptionKey() {
  const w = wasm();
  return w.take(w.check(w.exports.key_generate()));
}

/** A key's bytes as the wasm reads them: at most 33 (the core checks the length), then the real length. */
function keyParts(key, name) {
  const wrongType = () => new TypeError(`${name}: must be a Uint8Array of 32 bytes, got ${_describe(key)}`);
  if (!(key instanceof Uint8Array)) throw wrongType();
  let bytes;
  try {
    // `Uint8Array.from` reads what really is there (a detached or subclassed array throws).
    bytes = Uint8Array.from(key.subarray(0, 33));
    return [u32(bytes.length), bytes, u32(Math.min(key.length, 0xffffffff))];
  } catch {
    throw wrongType();
  }
}

/** `context`: a string, or a safe integer or bigint in its decimal form (so `user.id` works as it is). */
function contextOf(value) {
  if (typeof value === 'string') return _string(value, 'context', _MAX_TEXT);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`context: a number must be a safe integer, got ${value}`);
    return String(value);
  }
  if (value === undefined) throw new TypeError('context: is required: what the sealed secret belongs to, for example the user id');
  throw new TypeError(`context: must be a string, a safe integer or a bigint, got ${_describe(value)}`);
}

/** Runs a sealing export, wiping the key bytes the JavaScript side copied. */
function sealing(w, parts, keyParts_, call) {
  try {
    const lengths = w.put([...parts, ...keyParts_]);
    return w.text(w.check(call(sum(lengths), lengths)));
  } finally {
    for (const part of keyParts_) part.fill(0);
  }
}

export function encryptSecret(secret, key, context, options) {
  _secret(secret);
  const context_ = contextOf(context);
  const o = _options(options, 'options', ['keyId']);
  const keyId = o.keyId === undefined ? null : _string(o.keyId, 'keyId', 64);
  const keys = keyParts(key, 'key');
  const w = wasm();
  return sealing(w, [secret, context_, keyId], keys, (total, [s, c, k]) => w.exports.secret_seal(total, s, c, k));
}

export function decryptSecret(sealed, keyOrKeyring, context) {
  _string(sealed, 'sealed', _MAX_TEXT);
  const context_ = contextOf(context);
  const keys = [];
  let count;
  if (keyOrKeyring instanceof Uint8Array) {
    keys.push(u32(0xffffffff), ...keyParts(keyOrKeyring, 'key'));
    count = 1;
  } else {
    const ring = keyring(keyOrKeyring);
    if (ring === null) {
      throw new TypeError(`key: must be a Uint8Array of 32 bytes or a keyring { [keyId]: Uint8Array }, got ${_describe(keyOrKeyring)}`);
    }
    const ids = Object.keys(ring);
    if (ids.length === 0 || ids.length > MAX_KEYRING) {
      throw new RangeError(`key: a keyring must hold from 1 to ${MAX_KEYRING} keys, got ${ids.length}`);
    }
    for (const id of ids) {
      const idBytes = encoder.encode(_string(id, 'key', 64));
      keys.push(u32(idBytes.length), idBytes, ...keyParts(ring[id], `key.${id}`));
    }
    count = ids.length;
  }
  const w = wasm();
  return sealing(w, [sealed, context_], keys, (total, [s, c]) => w.exports.secret_open(total, s, c, count));
}

/** A keyring's own entries, each read once. */
function keyring(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  let plain;
  try {
    const prototype = Object.getPrototypeOf(value);
    plain = prototype === null || Object.getPrototypeOf(prototype) === null;
  } catch {
    plain = false;
  }
  if (!plain) return null;
  const ring = Object.create(null);
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string') throw new TypeError('key: a keyring has key ids (strings) for keys, not symbols');
    ring[key] = value[key];
  }
  return ring;
}
