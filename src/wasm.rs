//! The WebAssembly exports: primitives in, a status and bytes out. The npm package's JavaScript
//! (`pkg/src/`) checks JavaScript types and option objects, writes the arguments' bytes into
//! the arena (`memory`), and calls one export with their lengths and plain numbers; the export
//! reads them, calls the core, and returns a number, with any text or record it produced at the
//! start of the arena. Errors come back as data (`memory::Call::fail`), never as text: the
//! messages live in `error/messages.txt`, which the JavaScript side reads.
//!
//! Four wasm files are built from this crate, one per feature, so that a page pays only for
//! what it imports: `codes` (secrets, HOTP/TOTP, otpauth URIs), `qr` (QR codes) and `protect`
//! (attempts, backup codes, sealing), and `migrate` (Google Authenticator's transfer URIs).
//!
//! This module and its children are the only place with `unsafe` (the allocator and the raw
//! arena access in `memory`; `#[no_mangle]` counts as unsafe too, for the export names).

#[cfg(feature = "codes")]
mod codes;
mod memory;
#[cfg(feature = "migrate")]
mod migrate;
#[cfg(feature = "protect")]
mod protect;
#[cfg(feature = "qr")]
mod qr;

pub(crate) use memory::fill_random;

/// A panic traps the instance, and formats nothing: clippy's lints keep our code panic-free, and
/// a dependency's panic path costs no `core::fmt` this way.
#[cfg(not(test))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

// The helpers below are shared by the three features; each wasm uses some of them.
use crate::{Algorithm, Digits, Error, HotpParams, Period, TotpParams};

/// `algorithm` as the JavaScript side numbers it (`pkg/src/_checks.js`): 0 SHA1, 1 SHA256,
/// 2 SHA512; anything else is the core's error.
#[allow(dead_code)]
fn algorithm(code: u32) -> Result<Algorithm, Error> {
    match code {
        0 => Ok(Algorithm::Sha1),
        1 => Ok(Algorithm::Sha256),
        2 => Ok(Algorithm::Sha512),
        _ => Err(Error::invalid("algorithm", crate::error::Problem::Algorithm)),
    }
}

/// A number JavaScript has checked to be a safe non-negative integer, or "not given" (-1).
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
#[allow(dead_code)]
fn integer(value: f64) -> u64 {
    // Casts saturate: NaN and negatives become 0, which JavaScript never sends.
    value as u64
}

#[allow(dead_code)]
fn digits(value: f64) -> Result<Digits, Error> {
    // JavaScript sends -2 for `encoder: 'steam'` (a user's `digits` is never negative).
    if value == STEAM_DIGITS {
        return Ok(Digits::STEAM);
    }
    Digits::new(u32::try_from(integer(value)).unwrap_or(u32::MAX))
}

/// What JavaScript sends as `digits` for Steam Guard codes.
const STEAM_DIGITS: f64 = -2.0;

#[allow(dead_code)]
fn period(value: f64) -> Result<Period, Error> {
    Period::new(integer(value))
}

#[allow(dead_code)]
fn small(value: f64) -> u32 {
    u32::try_from(integer(value)).unwrap_or(u32::MAX)
}

/// The TOTP parameters as JavaScript passes them (algorithm as numbered above).
#[allow(dead_code)]
fn totp_params(algorithm_code: u32, digits_value: f64, period_value: f64) -> Result<TotpParams, Error> {
    Ok(TotpParams { algorithm: algorithm(algorithm_code)?, digits: digits(digits_value)?, period: period(period_value)? })
}

/// The HOTP parameters as JavaScript passes them.
#[allow(dead_code)]
fn hotp_params(algorithm_code: u32, digits_value: f64) -> Result<HotpParams, Error> {
    Ok(HotpParams { algorithm: algorithm(algorithm_code)?, digits: digits(digits_value)? })
}

/// A parsed account as `pkg/src/_records.js` reads it (`parseUri`, `parseMigrationUri`): type,
/// algorithm and digits (a byte each), whether issuer and image are present (a byte each),
/// three spare bytes, the period and the counter (f64), then secret, account, issuer and
/// image, each a u32 length and UTF-8.
#[cfg(any(feature = "codes", feature = "migrate"))]
fn parsed_record(auth: &crate::OtpAuth) -> alloc::vec::Vec<u8> {
    let (kind, period, counter) = match auth.kind {
        crate::OtpKind::Totp { period } => (0u8, period.get(), 0),
        crate::OtpKind::Hotp { counter } => (1u8, 30, counter),
    };
    let algorithm = match auth.algorithm {
        crate::Algorithm::Sha1 => 0u8,
        crate::Algorithm::Sha256 => 1,
        crate::Algorithm::Sha512 => 2,
    };
    let mut record = alloc::vec::Vec::with_capacity(64);
    record.extend_from_slice(&[
        kind,
        algorithm,
        auth.digits.get(),
        u8::from(auth.issuer.is_some()),
        u8::from(auth.image.is_some()),
        0,
        0,
        0,
    ]);
    record.extend_from_slice(&f64::from(period).to_le_bytes());
    #[allow(clippy::cast_precision_loss)] // parse refuses counters above 2^53 - 1
    record.extend_from_slice(&(counter as f64).to_le_bytes());
    let secret = auth.secret.to_base32();
    for text in [secret.as_str(), &auth.account, auth.issuer.as_deref().unwrap_or_default(), auth.image.as_deref().unwrap_or_default()] {
        record.extend_from_slice(&u32::try_from(text.len()).unwrap_or(0).to_le_bytes());
        record.extend_from_slice(text.as_bytes());
    }
    record
}
