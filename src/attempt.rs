//! One login attempt as a pure function over state the application stores: replay protection
//! (RFC 6238 §5.2: a code is accepted once) and throttling (RFC 4226 §7.3).
//!
//! The state is three numbers: the last accepted time step, the consecutive failures, and
//! when a lockout ends. The caller loads it, calls [`verify`], and stores what comes back
//! (atomically, when several servers serve one user).
//!
//! # Lockouts
//! Every `max_failures`-th consecutive failure locks the user. The first lockout lasts
//! `lockout_seconds`; each further one in the same run of failures lasts twice as long as the
//! one before, up to 24 hours. A success resets the run. With the defaults (5 failures, 300 s)
//! an online attacker gets about 190 guesses in 30 days, each winning with probability
//! 3 / 10^6 (window 1): a success chance of about 0.06 %.

use crate::error::Problem;
use crate::otp::{Code, KeyedMac};
use crate::totp::{check_window, step, window_steps};
use crate::{hotp::MAX_COUNTER, Error, Secret, TotpParams};

/// The longest lockout, however many have come before: 24 hours.
pub const MAX_LOCKOUT_SECONDS: u64 = 86_400;
/// The largest `max_failures`.
pub const MAX_FAILURES_LIMIT: u32 = 100;

/// What the application stores per user between attempts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AttemptState {
    /// The time step of the last accepted code; codes for it or earlier steps are replays.
    pub last_step: Option<u64>,
    /// Consecutive failures since the last success.
    pub failures: u64,
    /// Milliseconds since the epoch until which attempts are refused unchecked.
    pub locked_until_ms: Option<u64>,
}

/// The throttling policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttemptPolicy {
    /// Steps accepted on each side of the current one (0 to 10).
    pub window: u32,
    /// Consecutive failures that lock the user (1 to 100).
    pub max_failures: u32,
    /// The first lockout's length in seconds (1 to 86400); later ones double, up to 24 hours.
    pub lockout_seconds: u64,
}

impl Default for AttemptPolicy {
    fn default() -> Self {
        AttemptPolicy { window: 1, max_failures: 5, lockout_seconds: 300 }
    }
}

impl AttemptPolicy {
    /// Checks the ranges.
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) naming `window`,
    /// `maxFailures` or `lockoutSeconds`.
    pub fn validate(&self) -> Result<(), Error> {
        check_window(self.window)?;
        if !(1..=MAX_FAILURES_LIMIT).contains(&self.max_failures) {
            return Err(Error::range("maxFailures", Problem::Range, 1, MAX_FAILURES_LIMIT.into(), self.max_failures.into()));
        }
        if !(1..=MAX_LOCKOUT_SECONDS).contains(&self.lockout_seconds) {
            return Err(Error::range("lockoutSeconds", Problem::Range, 1, MAX_LOCKOUT_SECONDS, self.lockout_seconds));
        }
        Ok(())
    }

    /// The length of the `nth` lockout (1-based) in one run of failures, in seconds.
    pub fn lockout_for(&self, nth: u64) -> u64 {
        let doublings = u32::try_from(nth.saturating_sub(1)).unwrap_or(u32::MAX).min(20);
        self.lockout_seconds
            .saturating_mul(1u64 << doublings)
            .min(MAX_LOCKOUT_SECONDS.max(self.lockout_seconds))
    }
}

/// Why an attempt was accepted or refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Accepted.
    Ok,
    /// Well formed, but no code in the window matches.
    Invalid,
    /// The code of an already used (or earlier) time step.
    Replayed,
    /// Refused without checking: the user is locked out.
    Locked,
    /// Not `digits` ASCII digits.
    Malformed,
}

impl Reason {
    /// The JavaScript name: `'ok'`, `'invalid'`, `'replayed'`, `'locked'` or `'malformed'`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Ok => "ok",
            Reason::Invalid => "invalid",
            Reason::Replayed => "replayed",
            Reason::Locked => "locked",
            Reason::Malformed => "malformed",
        }
    }
}

/// The result of one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Why.
    pub reason: Reason,
    /// On success, the matched step's offset from the current one.
    pub delta: Option<i64>,
    /// The state to store.
    pub state: AttemptState,
    /// Seconds until the lockout ends, when this attempt is or caused a lockout.
    pub retry_after_seconds: Option<u64>,
}

impl Outcome {
    /// Whether the user is in.
    pub fn ok(&self) -> bool {
        self.reason == Reason::Ok
    }
}

/// Decides one login attempt at `now_ms` (milliseconds since the epoch).
///
/// # Errors
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) for a policy out of range, or a
/// time whose step exceeds 2^53 - 1.
///
/// # Example
/// ```
/// use totp_wasm::attempt::{self, AttemptPolicy, AttemptState, Reason};
/// use totp_wasm::{totp, Secret, TotpParams};
/// let secret = Secret::from_base32("JBSWY3DPEHPK3PXP")?;
/// let now_ms = 1_700_000_000_000;
/// let code = totp::generate(&secret, now_ms / 1000, TotpParams::default())?;
/// let policy = AttemptPolicy::default();
/// let first = attempt::verify(&secret, &code, AttemptState::default(), now_ms, TotpParams::default(), policy)?;
/// assert_eq!(first.reason, Reason::Ok);
/// let again = attempt::verify(&secret, &code, first.state, now_ms + 1000, TotpParams::default(), policy)?;
/// assert_eq!(again.reason, Reason::Replayed);
/// # Ok::<(), totp_wasm::Error>(())
/// ```
pub fn verify(
    secret: &Secret,
    token: &str,
    state: AttemptState,
    now_ms: u64,
    params: TotpParams,
    policy: AttemptPolicy,
) -> Result<Outcome, Error> {
    policy.validate()?;
    let current = step(now_ms.checked_div(1000).unwrap_or(0), params.period);
    if current > MAX_COUNTER {
        return Err(Error::out_of_range("time", Problem::TooFarInFuture));
    }
    if let Some(until) = state.locked_until_ms.filter(|&until| until > now_ms) {
        let retry_after = until.saturating_sub(now_ms).div_ceil(1000);
        return Ok(Outcome { reason: Reason::Locked, delta: None, state, retry_after_seconds: Some(retry_after) });
    }

    let reason_and_delta = match Code::parse(token, params.digits) {
        None => (Reason::Malformed, None),
        Some(code) => {
            let mac = KeyedMac::new(secret, params.algorithm);
            let is_fresh = |candidate: &(u64, i64)| state.last_step.is_none_or(|last| candidate.0 > last);
            let fresh = window_steps(current, policy.window).filter(is_fresh);
            let used = window_steps(current, policy.window).filter(|candidate| !is_fresh(candidate));
            let token = code.number();
            match mac.find(token, params.digits, fresh) {
                Some(delta) => (Reason::Ok, Some(delta)),
                None if mac.find(token, params.digits, used).is_some() => (Reason::Replayed, None),
                None => (Reason::Invalid, None),
            }
        }
    };

    Ok(match reason_and_delta {
        (Reason::Ok, Some(delta)) => Outcome {
            reason: Reason::Ok,
            delta: Some(delta),
            state: AttemptState {
                last_step: current.checked_add_signed(delta),
                failures: 0,
                locked_until_ms: None,
            },
            retry_after_seconds: None,
        },
        (reason, _) => fail(reason, state, now_ms, policy),
    })
}

fn fail(reason: Reason, state: AttemptState, now_ms: u64, policy: AttemptPolicy) -> Outcome {
    let failures = state.failures.saturating_add(1);
    let max = u64::from(policy.max_failures);
    let mut next = AttemptState { last_step: state.last_step, failures, locked_until_ms: None };
    let mut retry_after_seconds = None;
    if failures.checked_rem(max) == Some(0) {
        let lockout = policy.lockout_for(failures.checked_div(max).unwrap_or(1));
        next.locked_until_ms = Some(now_ms.saturating_add(lockout.saturating_mul(1000)));
        retry_after_seconds = Some(lockout);
    }
    Outcome { reason, delta: None, state: next, retry_after_seconds }
}
