//! TypeScript declarations for option objects and results, and the result objects themselves.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use super::args;
use super::errors::type_error;
use crate::attempt::{AttemptState, Outcome};
use crate::{OtpAuth, OtpKind};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** The HMAC hash function. Only SHA1 is supported by every authenticator app. */
export type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** Options shared by the TOTP functions. */
export interface OtpOptions {
  /** HMAC hash function. Default 'SHA1'. */
  algorithm?: Algorithm;
  /** Digits per code, 6 to 8. Default 6. */
  digits?: number;
  /** Seconds per time step, 1 to 3600. Default 30. */
  period?: number;
  /** The time to compute for: a Date or milliseconds since the epoch. Default: now. */
  time?: Date | number;
}

/** Options of verifyTotp and checkTotp. */
export interface VerifyOptions extends OtpOptions {
  /** Steps accepted on each side of the current one, 0 to 10. Default 1. */
  window?: number;
}

/** Options of generateHotp. */
export interface HotpOptions {
  /** HMAC hash function. Default 'SHA1'. */
  algorithm?: Algorithm;
  /** Digits per code, 6 to 8. Default 6. */
  digits?: number;
}

/** Options of checkHotp. */
export interface CheckHotpOptions extends HotpOptions {
  /** Counters after `counter` also tried, 0 to 100. Default 0. */
  lookAhead?: number;
}

/** Options of remainingSeconds. */
export interface RemainingSecondsOptions {
  /** Seconds per time step, 1 to 3600. Default 30. */
  period?: number;
  /** A Date or milliseconds since the epoch. Default: now. */
  time?: Date | number;
}

/** Options of provisioningUri. */
export interface ProvisioningUriOptions {
  /** The base32 secret. */
  secret: string;
  /** The account name shown in the app, e.g. the user's e-mail. No ':'. */
  account: string;
  /** The service name shown in the app. No ':'. */
  issuer?: string;
  /** 'totp' (default) or 'hotp'. */
  type?: 'totp' | 'hotp';
  /** Default 'SHA1'. Many apps ignore other values. */
  algorithm?: Algorithm;
  /** 6 to 8, default 6. Many apps ignore other values. */
  digits?: number;
  /** TOTP only: 1 to 3600 seconds, default 30. Many apps ignore other values. */
  period?: number;
  /** HOTP only, and required there: the initial counter. */
  counter?: number;
  /** A logo URL some apps show. */
  image?: string;
}

/** What parseUri returns. */
export interface ParsedUri {
  type: 'totp' | 'hotp';
  /** Upper-case, unpadded base32. */
  secret: string;
  account: string;
  issuer: string | null;
  algorithm: Algorithm;
  digits: number;
  /** The period in seconds (30 if absent); for hotp URIs too, where apps ignore it. */
  period: number;
  /** The counter for hotp; null for totp. */
  counter: number | null;
  /** The `image` parameter, if any. */
  image: string | null;
}

/** Options of qrSvg and qrDataUrl. */
export interface QrOptions {
  /** Minimum error correction level; raised when that costs no size. Default 'M'. */
  ecc?: 'L' | 'M' | 'Q' | 'H';
  /** Quiet zone in modules, 0 to 16. Default 4. */
  margin?: number;
  /** Width and height in pixels, 1 to 10000. Default: 4 pixels per module. */
  size?: number;
  /** Colour of the dark modules: #rgb, #rrggbb, #rrggbbaa or a CSS keyword. Default '#000000'. */
  dark?: string;
  /** Background colour, or 'transparent'. Default '#ffffff'. */
  light?: string;
}

/**
 * The drop-in class for code written against the widely copied `TOTPService` recipe
 * (speakeasy + qrcode): same methods, same arguments, same results.
 */
export declare class TOTPService {
  /** A new 160-bit base32 secret. */
  generateSecret(): string;
  /** `otpauth://totp/issuer:userEmail?secret=...&issuer=...` with the default parameters. */
  getProvisioningUri(secret: string, userEmail: string, issuer: string): string;
  /** The QR code of the URI as an SVG data URL, for `<img src>`. */
  generateQRCode(provisioningUri: string): Promise<string>;
  /** verifyTotp(secret, token, { window }): SHA1, 6 digits, 30 s. */
  verifyToken(secret: string, token: string, window?: number): boolean;
  /** Same as the top-level generateBackupCodes. */
  generateBackupCodes(count?: number): string[];
}

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
"#;

fn set(object: &Object, key: &str, value: &JsValue) -> Result<(), JsValue> {
    Reflect::set(object, &JsValue::from_str(key), value).map(|_| ())
}

fn nullable_str(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_str)
}

/// The plain object `parseUri` returns.
pub(crate) fn parsed_uri(auth: &OtpAuth) -> Result<JsValue, JsValue> {
    let object = Object::new();
    let (kind, period, counter) = match auth.kind {
        OtpKind::Totp { period } => ("totp", period.get(), JsValue::NULL),
        OtpKind::Hotp { counter } => ("hotp", 30, safe_number(counter)),
    };
    set(&object, "type", &JsValue::from_str(kind))?;
    set(&object, "secret", &JsValue::from_str(&auth.secret.to_base32()))?;
    set(&object, "account", &JsValue::from_str(&auth.account))?;
    set(&object, "issuer", &nullable_str(auth.issuer.as_deref()))?;
    set(&object, "algorithm", &JsValue::from_str(auth.algorithm.as_str()))?;
    set(&object, "digits", &JsValue::from(auth.digits.get()))?;
    set(&object, "period", &JsValue::from(period))?;
    set(&object, "counter", &counter)?;
    set(&object, "image", &nullable_str(auth.image.as_deref()))?;
    Ok(object.into())
}

/// A counter, step, count or time as a JS number: all are at most 2^53 - 1 (checked on the
/// way in), which f64 holds exactly.
#[allow(clippy::cast_precision_loss)]
fn safe_number(value: u64) -> JsValue {
    JsValue::from_f64(value as f64)
}

/// `null` or a [`safe_number`].
pub(crate) fn nullable_number(value: Option<u64>) -> JsValue {
    value.map_or(JsValue::NULL, safe_number)
}

/// `null` or a window offset (at most 10 steps either way).
#[allow(clippy::cast_precision_loss)]
pub(crate) fn nullable_delta(delta: Option<i64>) -> JsValue {
    delta.map_or(JsValue::NULL, |delta| JsValue::from_f64(delta as f64))
}

/// Reads `null` or `{ lastStep, failures, lockedUntil }`: exactly these keys, each a
/// non-negative safe integer (or null where allowed). Anything else is a `TypeError`.
pub(crate) fn attempt_state(value: &JsValue) -> Result<AttemptState, JsValue> {
    const SHAPE: &str = "must be null or { lastStep: number|null, failures: number, lockedUntil: number|null }";
    if value.is_undefined() || value.is_null() {
        return Ok(AttemptState::default());
    }
    let state = args::Options::read(value, "state", &["lastStep", "failures", "lockedUntil"])
        .map_err(|_| type_error("state", SHAPE))?;
    let nullable = |key: &str| -> Result<Option<u64>, JsValue> {
        let field = state.get(key);
        if field.is_null() {
            return Ok(None);
        }
        let name = alloc::format!("state.{key}");
        args::integer(field, &name).map(Some).map_err(|_| type_error(&name, "must be a non-negative safe integer"))
    };
    let failures = nullable("failures")?.ok_or_else(|| type_error("state", SHAPE))?;
    Ok(AttemptState { last_step: nullable("lastStep")?, failures, locked_until_ms: nullable("lockedUntil")? })
}

/// The plain object `verifyTotpAttempt` returns.
pub(crate) fn attempt_result(outcome: &Outcome) -> Result<JsValue, JsValue> {
    let state = Object::new();
    set(&state, "lastStep", &nullable_number(outcome.state.last_step))?;
    set(&state, "failures", &safe_number(outcome.state.failures))?;
    set(&state, "lockedUntil", &nullable_number(outcome.state.locked_until_ms))?;
    let result = Object::new();
    set(&result, "ok", &JsValue::from_bool(outcome.ok()))?;
    set(&result, "reason", &JsValue::from_str(outcome.reason.as_str()))?;
    set(&result, "delta", &nullable_delta(outcome.delta))?;
    set(&result, "state", &state)?;
    set(&result, "retryAfterSeconds", &nullable_number(outcome.retry_after_seconds))?;
    Ok(result.into())
}
