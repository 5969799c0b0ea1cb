// Login attempts, backup codes and sealed secrets (`totp-wasm/protect`; also in the main entry).
import type { VerifyOptions } from './codes.js';

/** The per-user state verifyTotpAttempt reads and returns: store it as JSON beside the user. */
export interface AttemptState {
  /** The time step of the last accepted code; that step and earlier ones are replays. */
  lastStep: number | null;
  /** Consecutive failures since the last success. */
  failures: number;
  /** Milliseconds since the epoch until which attempts are refused unchecked. */
  lockedUntil: number | null;
}

/** Options of verifyTotpAttempt. */
export interface AttemptOptions extends VerifyOptions {
  /** Consecutive failures that lock the user, 1 to 100. Default 5. */
  maxFailures?: number;
  /** The first lockout in seconds, 1 to 86400 (later ones double, up to 24 h). Default 300. */
  lockoutSeconds?: number;
}

/** What verifyTotpAttempt returns. */
export interface AttemptResult {
  ok: boolean;
  reason: 'ok' | 'invalid' | 'replayed' | 'locked' | 'malformed';
  /** On success, the matched step's offset (-1, 0, 1, ...); otherwise null. */
  delta: number | null;
  /** Store this, replacing the state you passed (compare-and-set when servers share users). */
  state: AttemptState;
  /** Seconds until the lockout ends, when this attempt is locked out or started a lockout. */
  retryAfterSeconds: number | null;
}


/** `count` (1 to 100, default 10) distinct single-use codes such as `K7QM-2XPD-9HFR`. */
export function generateBackupCodes(count?: number): string[];
/** A salted PBKDF2-SHA256 PHC string to store instead of the code. */
export function hashBackupCode(code: string): string;
/** The index of the hash `code` matches, or -1; delete that hash (codes are single-use). */
export function verifyBackupCode(code: string, hashes: readonly string[]): number;
/** One login attempt with replay protection and throttling; store the returned state. */
export function verifyTotpAttempt(
  secret: string,
  token: string,
  state: AttemptState | null,
  options?: AttemptOptions,
): AttemptResult;
/** 32 random bytes for encryptSecret. */
export function generateEncryptionKey(): Uint8Array;
/** AES-256-GCM with a fresh nonce; `context` (e.g. the user id) is bound as associated data. */
export function encryptSecret(secret: string, key: Uint8Array, context?: string): string;
/** The inverse of encryptSecret; a wrong key, context or a changed byte throws. */
export function decryptSecret(sealed: string, key: Uint8Array, context?: string): string;
