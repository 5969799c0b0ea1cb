// Helpers for the attempt cases (protection.mjs, devices.mjs): one secret, one step far from the
// epoch, and results spelled out in full. Every attempt passes `time`, so nothing depends on
// the clock.
import { stepTime } from './util.mjs';
import { SHA1_SECRET } from './vectors.mjs';

export const S = SHA1_SECRET;
export const STEP = 56666666;
/** Inside STEP, so that ±1 s never crosses a step boundary. */
export const T = stepTime(STEP) + 12345;
export const LOCK_MS = 300_000; // the default lockoutSeconds
export const DAY_MS = 86_400_000;
/** What a device token and a device id look like. */
export const DEVICE_TOKEN = /^d1\.[A-Za-z0-9_-]{22}$/;
export const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;

export const codeAt = (totp, step, options = {}) =>
  totp.generateTotp(S, { ...options, time: stepTime(step, options.period) });

const wrongCodes = new Map();
/** A well-formed code that matches no step within ±10 of `step`. */
export function wrongCode(totp, step = STEP) {
  if (wrongCodes.has(step)) return wrongCodes.get(step);
  const near = new Set();
  for (let delta = -10; delta <= 10; delta++) near.add(codeAt(totp, step + delta));
  let candidate = Number(codeAt(totp, step));
  do candidate = (candidate + 1) % 1e6;
  while (near.has(String(candidate).padStart(6, '0')));
  const code = String(candidate).padStart(6, '0');
  wrongCodes.set(step, code);
  return code;
}

export const attempt = (totp, token, state, time, options = {}) =>
  totp.verifyTotpAttempt(S, token, state, { ...options, time });

/** `count` failed attempts one millisecond apart from `time`; returns the last result. */
export function failTimes(totp, state, time, count, options) {
  let result = { state };
  for (let i = 0; i < count; i++) result = attempt(totp, wrongCode(totp, STEP), result.state, time + i, options);
  return result;
}

/** A state as the second edition returns it: every key, the given ones changed. */
export const fullState = (changes = {}) => ({
  lastStep: null,
  failures: 0,
  lockedUntil: null,
  backup: { failures: 0, lockedUntil: null },
  devices: [],
  ...changes,
});

/** A refused TOTP attempt's whole result. */
export const rejected = (reason, state, retryAfterSeconds = null, deviceId = null) => ({
  ok: false,
  reason,
  delta: null,
  state,
  retryAfterSeconds,
  deviceId,
  deviceToken: null,
});

/** An accepted TOTP attempt's whole result. */
export const accepted = (delta, state, deviceId = null, deviceToken = null) => ({
  ok: true,
  reason: 'ok',
  delta,
  state,
  retryAfterSeconds: null,
  deviceId,
  deviceToken,
});

export const viaJson = (value) => JSON.parse(JSON.stringify(value));

/** A success at `step` (at its start + 1 s) that remembers the device; returns the result. */
export const rememberAt = (totp, state, step) =>
  attempt(totp, codeAt(totp, step), state, stepTime(step) + 1000, { rememberDevice: true });
