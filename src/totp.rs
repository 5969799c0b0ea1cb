//! TOTP: time-based one-time passwords (RFC 6238).

use alloc::string::String;

use crate::error::Problem;
use crate::hotp::MAX_COUNTER;
use crate::otp::{Code, KeyedMac};
use crate::{Algorithm, Digits, Error, Secret};

/// The largest verification window, in steps on each side of the current one.
pub const MAX_WINDOW: u32 = 10;
/// The longest period, in seconds.
pub const MAX_PERIOD: u32 = 3600;

/// The time step length in seconds, 1 to 3600 (RFC 6238's X; 30 by default).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period(u32);

impl Period {
    /// Validates a period.
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) unless `1 <= seconds <= 3600`.
    pub fn new(seconds: u64) -> Result<Self, Error> {
        match u32::try_from(seconds) {
            Ok(seconds @ 1..=MAX_PERIOD) => Ok(Period(seconds)),
            _ => Err(Error::range("period", Problem::PeriodRange, 1, MAX_PERIOD.into(), seconds)),
        }
    }

    /// The period in seconds.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl Default for Period {
    fn default() -> Self {
        Period(30)
    }
}

/// The TOTP parameters that must match the authenticator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TotpParams {
    /// The HMAC hash function.
    pub algorithm: Algorithm,
    /// The number of digits per code.
    pub digits: Digits,
    /// The time step length.
    pub period: Period,
}

/// The time step of `unix_secs`: `floor(unix_secs / period)` (RFC 6238 §4.2, T0 = 0).
pub fn step(unix_secs: u64, period: Period) -> u64 {
    unix_secs.checked_div(u64::from(period.get())).unwrap_or(0)
}

/// Whole seconds until the code changes: 1 to `period`.
pub fn remaining_seconds(unix_secs: u64, period: Period) -> u32 {
    let period = period.get();
    let into_step = unix_secs.checked_rem(u64::from(period)).unwrap_or(0);
    period.saturating_sub(u32::try_from(into_step).unwrap_or(0))
}

fn checked_step(unix_secs: u64, period: Period) -> Result<u64, Error> {
    let step = step(unix_secs, period);
    if step > MAX_COUNTER {
        return Err(Error::out_of_range("time", Problem::TooFarInFuture));
    }
    Ok(step)
}

/// The code for the time `unix_secs` (seconds since the Unix epoch).
///
/// # Errors
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) if the time step would exceed
/// 2^53 - 1.
///
/// # Example
/// ```
/// use totp_wasm::{totp, Digits, Secret, TotpParams};
/// let secret = Secret::from_bytes(b"12345678901234567890")?; // RFC 6238 Appendix B
/// let params = TotpParams { digits: Digits::new(8)?, ..TotpParams::default() };
/// assert_eq!(totp::generate(&secret, 59, params)?, "94287082");
/// # Ok::<(), totp_wasm::Error>(())
/// ```
pub fn generate(secret: &Secret, unix_secs: u64, params: TotpParams) -> Result<String, Error> {
    let number = generate_number(secret, unix_secs, params)?;
    Ok(String::from(Code::from_number(number, params.digits).as_str()))
}

/// [`generate`]'s code as a number (its leading zeros are the caller's to restore).
pub(crate) fn generate_number(secret: &Secret, unix_secs: u64, params: TotpParams) -> Result<u32, Error> {
    let step = checked_step(unix_secs, params.period)?;
    Ok(KeyedMac::new(secret, params.algorithm).number(step, params.digits))
}

/// Checks `token` against the steps `step - window ..= step + window` and returns the
/// matching step's offset from the current one (`-1`, `0`, `1`, ...), preferring the
/// smallest `|delta|` (and the past on a tie).
///
/// `None` when no step matches or `token` is not `digits` ASCII digits (ASCII spaces are
/// ignored). Every step in the window is computed and compared in constant time; steps
/// before the epoch are skipped.
///
/// # Errors
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) if `window` exceeds
/// [`MAX_WINDOW`] or the time step exceeds 2^53 - 1.
///
/// # Example
/// ```
/// use totp_wasm::{totp, Secret, TotpParams};
/// let secret = Secret::from_base32("JBSWY3DPEHPK3PXP")?;
/// let params = TotpParams::default();
/// let earlier = totp::generate(&secret, 1_700_000_000 - 30, params)?;
/// assert_eq!(totp::check(&secret, &earlier, 1_700_000_000, 1, params)?, Some(-1));
/// assert_eq!(totp::check(&secret, &earlier, 1_700_000_000, 0, params)?, None);
/// # Ok::<(), totp_wasm::Error>(())
/// ```
pub fn check(
    secret: &Secret,
    token: &str,
    unix_secs: u64,
    window: u32,
    params: TotpParams,
) -> Result<Option<i64>, Error> {
    let token = Code::parse(token, params.digits).map(|code| code.number());
    check_number(secret, token, unix_secs, window, params)
}

/// [`check`] for a token already parsed to its number (`None`: not a code), with the same checks in the
/// same order: the window and the time are checked even when the token is not a code.
pub(crate) fn check_number(
    secret: &Secret,
    token: Option<u32>,
    unix_secs: u64,
    window: u32,
    params: TotpParams,
) -> Result<Option<i64>, Error> {
    check_window(window)?;
    let step = checked_step(unix_secs, params.period)?;
    let Some(token) = token else {
        return Ok(None);
    };
    let mac = KeyedMac::new(secret, params.algorithm);
    Ok(mac.find(token, params.digits, window_steps(step, window)))
}

pub(crate) fn check_window(window: u32) -> Result<u32, Error> {
    if window > MAX_WINDOW {
        return Err(Error::range("window", Problem::Range, 0, MAX_WINDOW.into(), window.into()));
    }
    Ok(window)
}

/// (step, delta) for the window in order of preference: 0, -1, +1, -2, +2, ...
/// Steps below zero or above 2^53 - 1 are left out.
pub(crate) fn window_steps(step: u64, window: u32) -> impl Iterator<Item = (u64, i64)> {
    let window = i64::from(window);
    (0..=window)
        .flat_map(|distance| [distance.saturating_neg(), distance])
        .skip(1) // 0 appears as both -0 and +0; keep one.
        .filter_map(move |delta| {
            let candidate = step.checked_add_signed(delta)?;
            (candidate <= MAX_COUNTER).then_some((candidate, delta))
        })
}
