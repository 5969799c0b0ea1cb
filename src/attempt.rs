//! Login attempts as pure functions over state the application stores: replay protection
//! (RFC 6238 §5.2: a code is accepted once) and throttling (RFC 4226 §7.3) that an attacker
//! cannot turn against the account's owner (OWASP's device cookies).
//!
//! The caller loads the [`AttemptState`], calls [`verify`] (a TOTP code) or [`verify_backup`]
//! (a backup code), and stores what comes back, by compare-and-set when several servers
//! serve one user.
//!
//! # Where a failure counts
//! - An attempt that carries the token of a device this account remembered counts against
//!   that device alone. Nobody without the token can lock it.
//! - Every other TOTP attempt counts against the account's shared counter: every
//!   `max_failures`-th failure in a row locks it, for `lockout_seconds` the first time and twice
//!   as long each further time, up to 24 hours. After [`FAILURE_LIMIT`] failures in a row it
//!   closes: only a backup code (or re-enrolment) opens it again. A success on it resets it; a
//!   success on a device does not, so the owner signing in from a laptop does not hand a
//!   guesser a fresh budget.
//! - Backup codes have their own counter: a TOTP lockout does not block them.
//!
//! A replayed code is refused and counts nowhere: whoever sends it already knew it.

mod device;
mod state;

use alloc::string::String;
use zeroize::Zeroizing;

pub use device::{new_token, DeviceId};
pub use state::{AttemptState, Counter, Device, FAILURE_LIMIT, MAX_DEVICES, MAX_TIME_MS};

use crate::error::Problem;
use crate::otp::{Code, KeyedMac};
use crate::totp::{check_window, step, window_steps};
use crate::{backup, hotp::MAX_COUNTER, Error, Secret, TotpParams};

/// The longest lockout, however many have come before: 24 hours.
pub const MAX_LOCKOUT_SECONDS: u64 = 86_400;
/// The largest `max_failures`.
pub const MAX_FAILURES_LIMIT: u32 = 100;

/// The TOTP throttling policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttemptPolicy {
    /// Steps accepted on each side of the current one (0 to 10).
    pub window: u32,
    /// Consecutive failures that lock a counter (1 to 100).
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
        check_failures_and_lockout(self.max_failures, self.lockout_seconds)
    }

    /// The length of the `nth` lockout (1-based) in one run of failures, in seconds.
    pub fn lockout_for(&self, nth: u64) -> u64 {
        let doublings = u32::try_from(nth.saturating_sub(1)).unwrap_or(u32::MAX).min(20);
        self.lockout_seconds
            .saturating_mul(1u64 << doublings)
            .min(MAX_LOCKOUT_SECONDS.max(self.lockout_seconds))
    }
}

/// The backup-code throttling policy: every `max_failures`-th failure locks for
/// `lockout_seconds`, always the same. Codes carry 74 bits, so no rate a lockout allows makes
/// guessing one feasible (10 a minute for 30 days: 4.3 × 10^5 guesses against 10 codes, a
/// chance of 2 × 10^-16); the lockout bounds the key-derivation work, and is kept short so
/// that a flood of junk delays the owner by a minute, not a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackupPolicy {
    /// Consecutive failures that lock (1 to 100).
    pub max_failures: u32,
    /// The lockout's length in seconds (1 to 86400).
    pub lockout_seconds: u64,
}

impl Default for BackupPolicy {
    fn default() -> Self {
        BackupPolicy { max_failures: 10, lockout_seconds: 60 }
    }
}

impl BackupPolicy {
    /// Checks the ranges.
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) naming `maxFailures` or
    /// `lockoutSeconds`.
    pub fn validate(&self) -> Result<(), Error> {
        check_failures_and_lockout(self.max_failures, self.lockout_seconds)
    }
}

fn check_failures_and_lockout(max_failures: u32, lockout_seconds: u64) -> Result<(), Error> {
    if !(1..=MAX_FAILURES_LIMIT).contains(&max_failures) {
        return Err(Error::range("maxFailures", Problem::Range, 1, MAX_FAILURES_LIMIT.into(), max_failures.into()));
    }
    if !(1..=MAX_LOCKOUT_SECONDS).contains(&lockout_seconds) {
        return Err(Error::range("lockoutSeconds", Problem::Range, 1, MAX_LOCKOUT_SECONDS, lockout_seconds));
    }
    Ok(())
}

/// Why an attempt was accepted or refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Accepted.
    Ok,
    /// Well formed, but no code in the window matches (or no stored hash does).
    Invalid,
    /// The code of an already used (or earlier) time step. Not counted as a failure.
    Replayed,
    /// Refused without checking: the counter this attempt counts against is locked or closed,
    /// or no step of the window is newer than the last accepted one.
    Locked,
    /// Not `digits` ASCII digits (not a backup code).
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

/// One attempt as it arrives: the typed code, when, and from which device.
#[derive(Clone, Copy, Debug)]
pub struct Attempt<'a> {
    /// What the user typed.
    pub token: &'a str,
    /// Milliseconds since the epoch.
    pub now_ms: u64,
    /// The device token the request carried (a cookie), if any. Anything that is not a token
    /// of a device this account remembers counts as no device.
    pub device: Option<&'a str>,
    /// On success, remember this device (returning a token for it) unless it already is.
    pub remember_device: bool,
}

impl<'a> Attempt<'a> {
    /// An attempt from no remembered device.
    pub fn new(token: &'a str, now_ms: u64) -> Self {
        Attempt { token, now_ms, device: None, remember_device: false }
    }
}

/// The result of one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Why.
    pub reason: Reason,
    /// On a TOTP success, the matched step's offset from the current one; on a backup-code
    /// success, the index of the matched hash.
    pub matched: Option<i64>,
    /// The state to store.
    pub state: AttemptState,
    /// Seconds until the refusal ends, when this attempt is locked out or started a lockout;
    /// `None` for a counter that is closed.
    pub retry_after_seconds: Option<u64>,
    /// The device the attempt counted against or remembered.
    pub device_id: Option<DeviceId>,
    /// A success with `remember_device`: the token to hand the device (in an HttpOnly cookie).
    pub device_token: Option<Zeroizing<String>>,
}

impl Outcome {
    /// Whether the user is in.
    pub fn ok(&self) -> bool {
        self.reason == Reason::Ok
    }

    fn refused(reason: Reason, state: &AttemptState, retry_after_seconds: Option<u64>, device_id: Option<DeviceId>) -> Outcome {
        Outcome { reason, matched: None, state: state.clone(), retry_after_seconds, device_id, device_token: None }
    }
}

/// Which counter an attempt counts against.
#[derive(Clone, Copy)]
enum Source {
    Shared,
    Device(usize, DeviceId),
}

/// Decides one TOTP login attempt.
///
/// # Errors
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) for a policy or state out of range,
/// or a time after [`MAX_ATTEMPT_TIME_MS`]; [`ErrorKind::Random`](crate::ErrorKind::Random) if
/// remembering a device needs randomness the platform cannot give.
///
/// # Example
/// ```
/// use totp_wasm::attempt::{self, Attempt, AttemptPolicy, AttemptState, Reason};
/// use totp_wasm::{totp, Secret, TotpParams};
/// let secret = Secret::from_base32("JBSWY3DPEHPK3PXP")?;
/// let now_ms = 1_700_000_000_000;
/// let code = totp::generate(&secret, now_ms / 1000, TotpParams::default())?;
/// let (params, policy) = (TotpParams::default(), AttemptPolicy::default());
/// let first = attempt::verify(&secret, &Attempt::new(&code, now_ms), &AttemptState::default(), params, policy)?;
/// assert_eq!(first.reason, Reason::Ok);
/// let again = attempt::verify(&secret, &Attempt::new(&code, now_ms + 1000), &first.state, params, policy)?;
/// assert_eq!(again.reason, Reason::Replayed);
/// assert_eq!(again.state, first.state); // a replay is not a failure
/// # Ok::<(), totp_wasm::Error>(())
/// ```
pub fn verify(
    secret: &Secret,
    attempt: &Attempt<'_>,
    state: &AttemptState,
    params: TotpParams,
    policy: AttemptPolicy,
) -> Result<Outcome, Error> {
    policy.validate()?;
    state.check()?;
    let now_ms = check_time(attempt.now_ms)?;
    let current = step(now_ms.checked_div(1000).unwrap_or(0), params.period);
    if current > MAX_COUNTER {
        return Err(Error::out_of_range("time", Problem::TooFarInFuture));
    }
    let source = attempt
        .device
        .map(DeviceId::of_token)
        .and_then(|id| state.device_index(&id).map(|index| Source::Device(index, id)))
        .unwrap_or(Source::Shared);
    let (counter, device_id) = match source {
        Source::Shared => (state.shared, None),
        Source::Device(index, id) => (state.devices.get(index).map(|device| device.counter).unwrap_or_default(), Some(id)),
    };
    if counter.is_closed() {
        return Ok(Outcome::refused(Reason::Locked, state, None, device_id));
    }
    if let Some(seconds) = counter.locked_for(now_ms) {
        return Ok(Outcome::refused(Reason::Locked, state, Some(seconds), device_id));
    }

    let is_fresh = |candidate: &(u64, i64)| state.last_step.is_none_or(|last| candidate.0 > last);
    // Every step of the window is at or before the last accepted one: just after a success, or
    // the server's clock stepped back. No code can succeed now, so no attempt counts; the wait
    // is until a step newer than the last accepted one comes round.
    let exhausted = window_steps(current, policy.window).find(is_fresh).is_none();
    let code = Code::parse(attempt.token, params.digits);
    let Some(code) = code else {
        if exhausted {
            let wait = wait_for_fresh_step(state, current, params, policy, now_ms);
            return Ok(Outcome::refused(Reason::Locked, state, Some(wait), device_id));
        }
        return Ok(fail(Reason::Malformed, state, source, now_ms, policy));
    };
    let mac = KeyedMac::new(secret, params.algorithm);
    let token = code.number();
    let used = window_steps(current, policy.window).filter(|candidate| !is_fresh(candidate));
    let replayed = mac.find(token, params.digits, used).is_some();
    let fresh = window_steps(current, policy.window).filter(is_fresh);
    match mac.find(token, params.digits, fresh) {
        Some(delta) => succeed(state, source, current.checked_add_signed(delta), delta, attempt),
        None if replayed => Ok(Outcome::refused(Reason::Replayed, state, None, device_id)),
        None if exhausted => {
            let wait = wait_for_fresh_step(state, current, params, policy, now_ms);
            Ok(Outcome::refused(Reason::Locked, state, Some(wait), device_id))
        }
        None => Ok(fail(Reason::Invalid, state, source, now_ms, policy)),
    }
}

/// The latest time an attempt may be made at: one whose longest lockout still ends at a time
/// JavaScript represents exactly (2^53 - 1 ms, in the year 287396, less 24 hours).
pub const MAX_ATTEMPT_TIME_MS: u64 = MAX_TIME_MS - MAX_LOCKOUT_SECONDS * 1000;

fn check_time(now_ms: u64) -> Result<u64, Error> {
    if now_ms > MAX_ATTEMPT_TIME_MS {
        return Err(Error::out_of_range("time", Problem::TooFarInFuture));
    }
    Ok(now_ms)
}

/// Seconds until the window holds a step newer than the last accepted one; at most 24 hours
/// (a `lastStep` far ahead of the clock is then asked about again).
fn wait_for_fresh_step(state: &AttemptState, current: u64, params: TotpParams, policy: AttemptPolicy, now_ms: u64) -> u64 {
    let last = state.last_step.unwrap_or(current);
    // The window's newest step is current + window; it passes `last` when current reaches
    // last - window + 1.
    let first_good_step = last.saturating_sub(u64::from(policy.window)).saturating_add(1);
    let at_ms = first_good_step.saturating_mul(u64::from(params.period.get())).saturating_mul(1000);
    at_ms.saturating_sub(now_ms).div_ceil(1000).clamp(1, MAX_LOCKOUT_SECONDS)
}

fn succeed(state: &AttemptState, source: Source, last_step: Option<u64>, delta: i64, attempt: &Attempt<'_>) -> Result<Outcome, Error> {
    let mut next = state.clone();
    next.last_step = last_step;
    let now_ms = attempt.now_ms.min(MAX_TIME_MS);
    let (device_id, device_token) = match source {
        Source::Device(index, id) => {
            if let Some(device) = next.devices.get_mut(index) {
                device.counter = Counter::default();
                device.last_used_ms = now_ms;
            }
            // The device keeps the token it has.
            let token = attempt.remember_device.then(|| Zeroizing::new(String::from(attempt.device.unwrap_or_default())));
            (Some(id), token)
        }
        Source::Shared => {
            next.shared = Counter::default();
            remember_if_asked(&mut next, attempt)?
        }
    };
    Ok(Outcome { reason: Reason::Ok, matched: Some(delta), state: next, retry_after_seconds: None, device_id, device_token })
}

fn remember_if_asked(state: &mut AttemptState, attempt: &Attempt<'_>) -> Result<(Option<DeviceId>, Option<Zeroizing<String>>), Error> {
    if !attempt.remember_device {
        return Ok((None, None));
    }
    let token = new_token()?;
    let id = DeviceId::of_token(&token);
    state.remember(id, attempt.now_ms);
    Ok((Some(id), Some(token)))
}

fn fail(reason: Reason, state: &AttemptState, source: Source, now_ms: u64, policy: AttemptPolicy) -> Outcome {
    let mut next = state.clone();
    let (retry_after_seconds, device_id) = match source {
        Source::Shared => {
            let (counter, retry) = state.shared.fail_totp(now_ms, policy);
            next.shared = counter;
            (retry, None)
        }
        Source::Device(index, id) => {
            let counter = state.devices.get(index).map(|device| device.counter).unwrap_or_default();
            let (counter, retry) = counter.fail_totp(now_ms, policy);
            if counter.is_closed() {
                // A device that fails a hundred times in a row is not the owner's any more.
                next.devices.remove(index);
            } else if let Some(device) = next.devices.get_mut(index) {
                device.counter = counter;
            }
            (retry, Some(id))
        }
    };
    Outcome { reason, matched: None, state: next, retry_after_seconds, device_id, device_token: None }
}

/// Decides one backup-code attempt against the stored hashes, on the state's backup counter.
/// A success also reopens the shared TOTP counter (the owner proved who they are), and
/// remembers the device when asked. The caller deletes the matched hash, in the same
/// transaction as it stores the state.
///
/// # Errors
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) for a policy or state out of
/// range; [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) for a hash that is not one
/// [`backup::hash`] made (naming `hashes[i]`); [`ErrorKind::Random`](crate::ErrorKind::Random)
/// if remembering a device needs randomness the platform cannot give.
pub fn verify_backup<S: AsRef<str>>(
    hashes: &[S],
    attempt: &Attempt<'_>,
    state: &AttemptState,
    policy: BackupPolicy,
) -> Result<Outcome, Error> {
    policy.validate()?;
    state.check()?;
    for (index, hash) in hashes.iter().enumerate() {
        backup::check_hash(hash.as_ref()).map_err(|e| e.at_index("hashes", index))?;
    }
    let now_ms = check_time(attempt.now_ms)?;
    if let Some(seconds) = state.backup.locked_for(now_ms) {
        return Ok(Outcome::refused(Reason::Locked, state, Some(seconds), None));
    }
    if backup::normalize(attempt.token).is_none() {
        return Ok(fail_backup(Reason::Malformed, state, now_ms, policy));
    }
    let Some(index) = backup::verify(attempt.token, hashes)? else {
        return Ok(fail_backup(Reason::Invalid, state, now_ms, policy));
    };
    let mut next = state.clone();
    next.backup = Counter::default();
    next.shared = Counter::default();
    let (device_id, device_token) = remember_if_asked(&mut next, attempt)?;
    let matched = i64::try_from(index).ok();
    Ok(Outcome { reason: Reason::Ok, matched, state: next, retry_after_seconds: None, device_id, device_token })
}

fn fail_backup(reason: Reason, state: &AttemptState, now_ms: u64, policy: BackupPolicy) -> Outcome {
    let mut next = state.clone();
    let (counter, retry_after_seconds) = state.backup.fail_backup(now_ms, policy);
    next.backup = counter;
    Outcome { reason, matched: None, state: next, retry_after_seconds, device_id: None, device_token: None }
}
