//! TypeScript declarations for option objects and results, and the result objects themselves.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

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
        #[allow(clippy::cast_precision_loss)]
        OtpKind::Hotp { counter } => ("hotp", 30, JsValue::from_f64(counter as f64)),
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
