//! The `codes` wasm: secrets, HOTP and TOTP codes, otpauth URIs (`pkg/src/codes.js`).
#![allow(unsafe_code)] // `#[no_mangle]` only

use alloc::string::String;

use super::memory::{isolated, Call};
use super::{hotp_params, integer, period, small, totp_params};
use crate::totp::{self, MAX_WINDOW};
use crate::{hotp, OtpAuth, OtpKind, Secret};

/// `checkTotp`'s answer when no step matches; a match is its delta plus [`DELTA_BIAS`].
const NO_MATCH: i32 = 0;
const DELTA_BIAS: i64 = MAX_WINDOW as i64 + 1;

fn seconds(time_ms: f64) -> u64 {
    integer(time_ms).checked_div(1000).unwrap_or(0)
}

/// `generateSecret(bytes)`: the base32 text.
#[no_mangle]
pub extern "C" fn secret_generate(bytes: f64) -> i32 {
    let call = Call::open(0);
    let size = usize::try_from(integer(bytes)).unwrap_or(usize::MAX);
    call.finish_bytes(isolated(|| Secret::generate(size).map(|secret| secret.to_base32())))
}

/// `generateTotp(secret, options)`: the code as a number (JavaScript pads it to `digits`); a
/// Steam Guard code as text (the number is its length).
#[no_mangle]
pub extern "C" fn totp_generate(secret_len: usize, time_ms: f64, algorithm: u32, digits: f64, period: f64) -> i32 {
    let mut call = Call::open(secret_len);
    let secret = call.text(secret_len);
    let code = isolated(|| {
        let secret = Secret::from_base32(secret)?;
        let params = totp_params(algorithm, digits, period)?;
        let number = totp::generate_number(&secret, seconds(time_ms), params)?;
        Ok((number, params.digits))
    });
    match code {
        Ok((number, digits)) if digits.is_steam() => call.finish_bytes(Ok(crate::otp::steam_code(number).to_vec())),
        Ok((number, _)) => call.finish_number(Ok(i32::try_from(number).unwrap_or(0))),
        Err(error) => call.finish_number(Err(error)),
    }
}

/// `checkTotp(secret, token, options)`: [`NO_MATCH`], or the delta plus [`DELTA_BIAS`].
#[no_mangle]
pub extern "C" fn totp_check(
    secret_len: usize,
    token_len: usize,
    time_ms: f64,
    window: f64,
    algorithm: u32,
    digits: f64,
    period: f64,
) -> i32 {
    let mut call = Call::open(secret_len.saturating_add(token_len));
    let (secret, token) = (call.text(secret_len), call.text(token_len));
    let found = isolated(|| {
        let secret = Secret::from_base32(secret)?;
        let params = totp_params(algorithm, digits, period)?;
        totp::check(&secret, token, seconds(time_ms), small(window), params)
    });
    call.finish_number(found.map(|delta| {
        delta.map_or(NO_MATCH, |delta| i32::try_from(delta.saturating_add(DELTA_BIAS)).unwrap_or(NO_MATCH))
    }))
}

/// `generateHotp(secret, counter, options)`: the code as a number.
#[no_mangle]
pub extern "C" fn hotp_generate(secret_len: usize, counter: f64, algorithm: u32, digits: f64) -> i32 {
    let mut call = Call::open(secret_len);
    let secret = call.text(secret_len);
    let code = isolated(|| {
        let secret = Secret::from_base32(secret)?;
        let code = hotp::generate_number(&secret, integer(counter), hotp_params(algorithm, digits)?)?;
        Ok(i32::try_from(code).unwrap_or(0))
    });
    call.finish_number(code)
}

/// `checkHotp(secret, token, counter, options)`: the matching counter, -2 for none, or -1 for an
/// error (its record at the start of the arena).
#[no_mangle]
pub extern "C" fn hotp_check(
    secret_len: usize,
    token_len: usize,
    counter: f64,
    look_ahead: f64,
    algorithm: u32,
    digits: f64,
) -> f64 {
    let mut call = Call::open(secret_len.saturating_add(token_len));
    let (secret, token) = (call.text(secret_len), call.text(token_len));
    let found = isolated(|| {
        let secret = Secret::from_base32(secret)?;
        hotp::check(&secret, token, integer(counter), integer(look_ahead), hotp_params(algorithm, digits)?)
    });
    #[allow(clippy::cast_precision_loss)] // counters are at most 2^53 - 1 + 100
    let answer = found.as_ref().map(|found| found.map_or(-2.0, |counter| counter as f64)).unwrap_or(-1.0);
    call.finish_number(found.map(|_| 0));
    answer
}

/// `remainingSeconds(options)`.
#[no_mangle]
pub extern "C" fn remaining_seconds(time_ms: f64, period: f64) -> i32 {
    let call = Call::open(0);
    let remaining = isolated(|| {
        super::period(period).map(|period| i32::try_from(totp::remaining_seconds(seconds(time_ms), period)).unwrap_or(0))
    });
    call.finish_number(remaining)
}

/// `provisioningUri(options)`: the URI. `kind` is 0 for totp (`number` is the period) and 1 for
/// hotp (`number` is the counter); absent strings have the length -1.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn uri_build(
    secret_len: usize,
    account_len: usize,
    issuer_len: i32,
    image_len: i32,
    kind: u32,
    number: f64,
    algorithm: u32,
    digits: f64,
    allow_short_secret: u32,
) -> i32 {
    let mut call = Call::open(
        secret_len
            .saturating_add(account_len)
            .saturating_add(usize::try_from(issuer_len.max(0)).unwrap_or(0))
            .saturating_add(usize::try_from(image_len.max(0)).unwrap_or(0)),
    );
    let (secret, account) = (call.text(secret_len), call.text(account_len));
    let (issuer, image) = (call.optional_text(issuer_len), call.optional_text(image_len));
    let uri = isolated(|| {
        let auth = OtpAuth {
            kind: if kind == 1 {
                OtpKind::Hotp { counter: integer(number) }
            } else {
                OtpKind::Totp { period: period(number)? }
            },
            secret: Secret::from_base32(secret)?,
            account: String::from(account),
            issuer: issuer.map(String::from),
            algorithm: super::algorithm(algorithm)?,
            digits: super::digits(digits)?,
            image: image.map(String::from),
        };
        auth.secret.check_enrolment(allow_short_secret == 1)?;
        auth.to_uri()
    });
    call.finish_bytes(uri)
}

/// `parseUri(uri)`: the account's record (`super::parsed_record`).
#[no_mangle]
pub extern "C" fn uri_parse(uri_len: usize) -> i32 {
    let mut call = Call::open(uri_len);
    let uri = call.text(uri_len);
    let record = isolated(|| OtpAuth::parse(uri).map(|auth| super::parsed_record(&auth)));
    call.finish_bytes(record)
}


