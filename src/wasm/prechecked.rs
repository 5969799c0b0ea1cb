//! The hot path of `generateTotp`, `verifyTotp` and `checkTotp`, for arguments that
//! `pkg/fast.js` has already checked: plain numbers and the secret cross the boundary, and
//! nothing is asked of a `JsValue`.
//!
//! Asking JavaScript about each argument (its type, its length, each option) costs more than
//! the HMACs of a call. For the common case (a string secret, a string token, a plain options
//! object with in-range numbers) fast.js makes those checks in JavaScript and calls these
//! exports once. They answer `NaN` for anything still wrong (a secret that is not base32, a
//! time too far in the future), and fast.js then makes the full call, whose checks throw the
//! precise error. So these exports never decide what an error says; they are not part of the
//! API (hence the `_` and no TypeScript declarations).

use wasm_bindgen::prelude::*;

use crate::totp::{self, Period, TotpParams};
use crate::{Algorithm, Digits, Secret};

/// Make the full call instead: it throws the precise error.
const FALL_BACK: f64 = f64::NAN;
/// No step in the window has the token as its code.
const NO_MATCH: f64 = f64::INFINITY;

fn params(algorithm: u32, digits: u32, period: u32) -> Option<TotpParams> {
    let algorithm = match algorithm {
        0 => Algorithm::Sha1,
        1 => Algorithm::Sha256,
        2 => Algorithm::Sha512,
        _ => return None,
    };
    Some(TotpParams { algorithm, digits: Digits::new(digits).ok()?, period: Period::new(u64::from(period)).ok()? })
}

/// Whole seconds from milliseconds that fast.js checked are finite, in 0..=2^53 - 1.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn unix_secs(time_ms: f64) -> u64 {
    (time_ms.floor() as u64).checked_div(1000).unwrap_or(0)
}

/// `generateTotp`: the code as a number (fast.js pads it), or `NaN`.
#[wasm_bindgen(js_name = _generateTotpPrechecked, skip_typescript)]
pub fn generate_totp(secret: &str, time_ms: f64, algorithm: u32, digits: u32, period: u32) -> f64 {
    let (Ok(secret), Some(params)) = (Secret::from_base32(secret), params(algorithm, digits, period)) else {
        return FALL_BACK;
    };
    totp::generate_number(&secret, unix_secs(time_ms), params).map_or(FALL_BACK, f64::from)
}

/// `checkTotp` and `verifyTotp`: the matching step's delta, `Infinity` for none, or `NaN`.
/// `token` is the code as a number, or negative for a token that is not a code (which
/// matches nothing, but the other arguments are checked all the same).
#[wasm_bindgen(js_name = _checkTotpPrechecked, skip_typescript)]
pub fn check_totp(secret: &str, token: f64, time_ms: f64, window: u32, algorithm: u32, digits: u32, period: u32) -> f64 {
    let (Ok(secret), Some(params)) = (Secret::from_base32(secret), params(algorithm, digits, period)) else {
        return FALL_BACK;
    };
    let token = token_number(token, params.digits);
    match totp::check_number(&secret, token, unix_secs(time_ms), window, params) {
        #[allow(clippy::cast_precision_loss)]
        Ok(Some(delta)) => delta as f64,
        Ok(None) => NO_MATCH,
        Err(_) => FALL_BACK,
    }
}

/// The token fast.js parsed: a whole number below 10^digits, else not a code.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn token_number(token: f64, digits: Digits) -> Option<u32> {
    (token >= 0.0 && token < f64::from(digits.modulus()) && token == token.floor()).then_some(token as u32)
}
