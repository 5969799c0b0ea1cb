// Login attempts, backup codes and sealed secrets (`totp-wasm/protect`; also in the main entry).
import type { VerifyOptions } from './codes.js';

/** One counter of failures in a row, and the end of its lockout. */
export interface AttemptCounter {
  /** Consecutive failures (for backup codes: since the last lockout). */
  failures: number;
  /** Milliseconds since the epoch until which attempts are refused unchecked. */
  lockedUntil: number | null;
}

/** A device remembered by a success with `rememberDevice`. */
export interface RememberedDevice extends AttemptCounter {
  /** The digest of its device token (never the token): 22 base64url characters. */
  id: string;
  /** When it last signed in, in milliseconds since the epoch. */
  lastUsed: number;
}

/**
 * The per-user state the attempt functions read and return: store it as JSON beside the user,
 * by compare-and-set. `null` for a user with no attempts yet. States written by 0.1 (only
 * `lastStep`, `failures`, `lockedUntil`) are read.
 */
export interface AttemptState {
  /** The time step of the last accepted code; that step and earlier ones are replays. */
  lastStep: number | null;
  /** Consecutive failures of the shared path (attempts from no remembered device). */
  failures: number;
  /** Milliseconds since the epoch until which the shared path refuses attempts. */
  lockedUntil: number | null;
  /** The backup-code path's own counter. */
  backup?: AttemptCounter;
  /** Remembered devices, at most 10; each counts its own failures. */
  devices?: RememberedDevice[];
}

/** Options of verifyTotpAttempt. */
export interface AttemptOptions extends VerifyOptions {
  /** Consecutive failures that lock a counter, 1 to 100. Default 5. */
  maxFailures?: number;
  /** The first lockout in seconds, 1 to 86400 (later ones double, up to 24 h). Default 300. */
  lockoutSeconds?: number;
  /** The device token the request carries (from an earlier success's `deviceToken`). */
  device?: string | null;
  /** On success, remember this device and return a `deviceToken` for it. */
  rememberDevice?: boolean;
}

/** Options of verifyBackupAttempt. */
export interface BackupAttemptOptions {
  /** Default now. */
  time?: Date | number;
  /** Consecutive failures that lock the backup-code path, 1 to 100. Default 10. */
  maxFailures?: number;
  /** The lockout in seconds, 1 to 86400; it does not grow. Default 60. */
  lockoutSeconds?: number;
  /** On success, remember this device and return a `deviceToken` for it. */
  rememberDevice?: boolean;
}

/** Why an attempt was accepted or refused. */
export type AttemptReason = 'ok' | 'invalid' | 'replayed' | 'locked' | 'malformed';

interface AttemptResultBase {
  ok: boolean;
  reason: AttemptReason;
  /** Store this, replacing the state you passed (compare-and-set when servers share users). */
  state: AttemptState;
  /**
   * Seconds until the refusal ends, when this attempt is locked out or started a lockout;
   * null otherwise, and for a shared path closed after 100 failures (a backup code opens it).
   */
  retryAfterSeconds: number | null;
  /** The remembered device this attempt counted against, or was remembered as. */
  deviceId: string | null;
  /** After a success with `rememberDevice`: the token to set as an HttpOnly cookie. */
  deviceToken: string | null;
}

/** What verifyTotpAttempt returns. */
export interface AttemptResult extends AttemptResultBase {
  /** On success, the matched step's offset (-1, 0, 1, ...); otherwise null. */
  delta: number | null;
}

/** What verifyBackupAttempt returns. */
export interface BackupAttemptResult extends AttemptResultBase {
  reason: 'ok' | 'invalid' | 'locked' | 'malformed';
  /** On success, the index of the matched hash: delete it in the same transaction. */
  index: number | null;
}

/** The context a secret is sealed for: a string, or an integer id (converted to its decimal form). */
export type SealContext = string | number | bigint;

/** Options of encryptSecret. */
export interface EncryptOptions {
  /** Names the key in the sealed string (1 to 64 of A-Z a-z 0-9 - _), for rotation. */
  keyId?: string;
}

/** Keys by id, for decryptSecret during and after a rotation. */
export type Keyring = Record<string, Uint8Array>;

/** `count` (1 to 100, default 10) distinct single-use codes such as `K7QM2-XPD9H-FRW3N`. */
export function generateBackupCodes(count?: number): string[];
/** A salted PBKDF2-SHA256 PHC string to store instead of the code. */
export function hashBackupCode(code: string): string;
/** The index of the hash `code` matches, or -1; delete that hash (codes are single-use). */
export function verifyBackupCode(code: string, hashes: readonly string[]): number;
/** One login attempt with replay protection and per-source throttling; store the returned state. */
export function verifyTotpAttempt(
  secret: string,
  token: string,
  state: AttemptState | null,
  options?: AttemptOptions,
): AttemptResult;
/** One backup-code attempt, throttled on its own counter; store the state, delete the matched hash. */
export function verifyBackupAttempt(
  code: string,
  hashes: readonly string[],
  state: AttemptState | null,
  options?: BackupAttemptOptions,
): BackupAttemptResult;
/** 32 random bytes for encryptSecret. */
export function generateEncryptionKey(): Uint8Array;
/** AES-256-GCM with a fresh nonce; `context` (e.g. the user id) is bound as associated data. */
export function encryptSecret(secret: string, key: Uint8Array, context: SealContext, options?: EncryptOptions): string;
/** The inverse of encryptSecret; a wrong key, context or a changed byte throws. */
export function decryptSecret(sealed: string, key: Uint8Array | Keyring, context: SealContext): string;
