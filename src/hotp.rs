//! HOTP: counter-based one-time passwords (RFC 4226).

use alloc::string::String;

use crate::error::Problem;
use crate::otp::{Code, KeyedMac};
use crate::{Algorithm, Digits, Error, Secret};

/// The largest counter accepted: JavaScript's `Number.MAX_SAFE_INTEGER` (2^53 - 1), so a
/// counter survives the round trip through a JavaScript number exactly.
pub const MAX_COUNTER: u64 = (1 << 53) - 1;
/// The largest HOTP look-ahead window.
pub const MAX_LOOK_AHEAD: u64 = 100;

/// The HOTP parameters that must match the authenticator: hash and digit count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HotpParams {
    /// The HMAC hash function.
    pub algorithm: Algorithm,
    /// The number of digits per code.
    pub digits: Digits,
}

pub(crate) fn check_counter(counter: u64, argument: &'static str) -> Result<u64, Error> {
    if counter > MAX_COUNTER {
        return Err(Error::out_of_range(argument, Problem::SafeInteger));
    }
    Ok(counter)
}

/// The code for `counter`.
///
/// # Errors
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) if `counter` exceeds
/// [`MAX_COUNTER`].
///
/// # Example
/// ```
/// use totp_wasm::{hotp, HotpParams, Secret};
/// let secret = Secret::from_bytes(b"12345678901234567890")?; // RFC 4226 Appendix D
/// assert_eq!(hotp::generate(&secret, 1, HotpParams::default())?, "287082");
/// # Ok::<(), totp_wasm::Error>(())
/// ```
pub fn generate(secret: &Secret, counter: u64, params: HotpParams) -> Result<String, Error> {
    let number = generate_number(secret, counter, params)?;
    Ok(String::from(Code::from_number(number, params.digits).as_str()))
}

/// [`generate`]'s code as a number (its leading zeros are the caller's to restore).
pub(crate) fn generate_number(secret: &Secret, counter: u64, params: HotpParams) -> Result<u32, Error> {
    let counter = check_counter(counter, "counter")?;
    Ok(KeyedMac::new(secret, params.algorithm).number(counter, params.digits))
}

/// Finds the counter in `counter ..= counter + look_ahead` whose code is `token`.
///
/// Returns that counter, or `None` when none matches or `token` is not `digits` ASCII digits
/// (ASCII spaces are ignored). Every counter in the range is computed and compared in
/// constant time. The caller stores the result + 1 as the next counter (RFC 4226 §7.2).
///
/// # Errors
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) if `counter` exceeds
/// [`MAX_COUNTER`] or `look_ahead` exceeds [`MAX_LOOK_AHEAD`].
///
/// # Example
/// ```
/// use totp_wasm::{hotp, HotpParams, Secret};
/// let secret = Secret::from_bytes(b"12345678901234567890")?;
/// assert_eq!(hotp::check(&secret, "969429", 0, 5, HotpParams::default())?, Some(3));
/// assert_eq!(hotp::check(&secret, "969429", 0, 2, HotpParams::default())?, None);
/// # Ok::<(), totp_wasm::Error>(())
/// ```
pub fn check(
    secret: &Secret,
    token: &str,
    counter: u64,
    look_ahead: u64,
    params: HotpParams,
) -> Result<Option<u64>, Error> {
    let counter = check_counter(counter, "counter")?;
    if look_ahead > MAX_LOOK_AHEAD {
        return Err(Error::range("lookAhead", Problem::Range, 0, MAX_LOOK_AHEAD, look_ahead));
    }
    let Some(token) = Code::parse(token, params.digits) else {
        return Ok(None);
    };
    let last = counter.saturating_add(look_ahead).min(MAX_COUNTER);
    let mac = KeyedMac::new(secret, params.algorithm);
    let candidates = (counter..=last).map(|c| (c, i64::try_from(c).unwrap_or(0)));
    Ok(mac
        .find(token.number(), params.digits, candidates)
        .and_then(|found| u64::try_from(found).ok()))
}
