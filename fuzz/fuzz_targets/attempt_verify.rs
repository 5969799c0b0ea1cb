//! Login attempts: a run of `attempt::verify` and `attempt::verify_backup` calls from any
//! stored state (this version's, or 0.1's: one counter, no devices) never panics, and each
//! call keeps the state machine's promises. The outcome is the one the rules of
//! `src/attempt.rs` give, worked out here independently: the attempt counts against the
//! device its token names, else the shared counter (backup codes: their own); a locked or
//! closed counter refuses unchecked and untouched; a replay counts nowhere and changes
//! nothing; a success resets its counter and moves the last step forward; every other
//! attempt counts one failure, and every `max_failures`-th locks; a time past 2^53 - 1 ms less
//! 24 hours is an error. Besides, for every outcome:
//! a Locked one's retry-after is at most 24 hours; the state returned keeps every time at
//! most 2^53 - 1 ms, every counter at most 100 failures, at most 10 devices, passes
//! `AttemptState::check`, and the next call accepts it; a success with `remember_device`
//! hands out a token whose id is in the state; a device token that names no device changes
//! no device entry.
//!
//! A well-formed backup code costs a 10,000-iteration PBKDF2 per candidate hash, so such an
//! attempt runs in one input in 128 (picked by a hash of the whole input, which almost every
//! mutation changes): the cheap backup paths (locked, malformed, bad policy) run on all.
#![no_main]

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Once;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use totp_wasm::attempt::{
    self, AttemptPolicy, AttemptState, BackupPolicy, Counter, Device, DeviceId, Outcome, Reason,
    FAILURE_LIMIT, MAX_ATTEMPT_TIME_MS, MAX_DEVICES, MAX_LOCKOUT_SECONDS, MAX_TIME_MS,
};
use totp_wasm::{backup, hotp, totp, Algorithm, Digits, HotpParams, Period, Secret, TotpParams};

const MAX_ATTEMPTS: usize = 8;
/// A well-formed backup code is checked against the hashes in one input in this many.
const SLOW_ONE_IN: u64 = 128;
/// Backup checks that derive keys, at most, in one input.
const MAX_SLOW_ATTEMPTS: usize = 2;
/// RFC 6238's key, for inputs whose own secret is too short to be one.
const FALLBACK_SECRET: &[u8] = b"12345678901234567890";
/// Device tokens a stored device may belong to, so that attempts can carry them.
const KNOWN_DEVICE_TOKENS: [&str; 4] = [
    "d1.S1gUwkT5NmZ0eDmQb3FQzA",
    "d1.qR7x0PpY2vJ9cW4nL8kH1g",
    "d1.AAAAAAAAAAAAAAAAAAAAAA",
    "d1._-_-_-_-_-_-_-_-_-_-_w",
];
/// Backup codes and their hashes (PBKDF2 computed independently, with Python's hashlib, at
/// the fewest iterations allowed): a 0.1 code (12 symbols, no selector) and two of this
/// version's. A well-formed code costs one derivation for the 0.1 hash, plus one if its
/// selector is K7 or Q9.
const BACKUP_CODES: [&str; 3] = ["K7QM2XPD9HFR", "K7QM2XPD9HFRW3N", "Q9TW4MBYJ2XE7VC"];
const BACKUP_HASHES: [&str; 3] = [
    "$pbkdf2-sha256$i=10000,l=32$QEFCQ0RFRkdISUpLTE1OTw$BVHvn7akH2GuNs3fjVJSjmduYQMJu2ZHE5OWIu7z9yk",
    "$pbkdf2-sha256$i=10000,l=32,s=K7$UFFSU1RVVldYWVpbXF1eXw$20DXRtwPDRUARhcwFRCN1rfSkTF5U/Iek1Wcoxcq1xs",
    "$pbkdf2-sha256$i=10000,l=32,s=Q9$ICEiIyQlJicoKSorLC0uLw$KMBzAMGymPYzY95atPDng3TLOdZuDdPGPYOVI6mlUTg",
];
/// Stored lockouts and last steps lie this close to the current time (or step), folded.
const NEAR_MS: i64 = 30 * 86_400_000;
const NEAR_STEPS: i64 = 64;

#[derive(Arbitrary, Debug, Hash)]
struct Input {
    secret: Vec<u8>,
    algorithm: u8,
    digits: u8,
    period: u16,
    /// Taken as given (mostly out of range) when `raw_policy`, else folded into range.
    raw_policy: bool,
    window: u32,
    max_failures: u32,
    lockout_seconds: u64,
    backup_max_failures: u32,
    backup_lockout_seconds: u64,
    /// Taken as given (any u64, any number of devices: a tampered row, or 0.1's unbounded
    /// failures) when `raw_state`, else folded into what this version stores, near `now`.
    raw_state: bool,
    last_step: Option<u64>,
    shared: CounterIn,
    backup: CounterIn,
    devices: Vec<DeviceIn>,
    now: Time,
    attempts: Vec<AttemptIn>,
}

#[derive(Arbitrary, Debug, Hash)]
struct CounterIn {
    failures: u64,
    locked_until_ms: Option<u64>,
}

#[derive(Arbitrary, Debug, Hash)]
struct DeviceIn {
    id: DeviceIdIn,
    counter: CounterIn,
    last_used_ms: u64,
}

#[derive(Arbitrary, Debug, Hash)]
enum DeviceIdIn {
    /// The id of one of KNOWN_DEVICE_TOKENS.
    Known(u8),
    /// An id as stored (`DeviceId::from_text`); text that is not one is taken as a token.
    Text(String),
}

#[derive(Arbitrary, Debug, Hash)]
enum Time {
    /// Milliseconds since the epoch (at most 2^53 - 1 unless `raw_state`).
    At(u64),
    /// This many milliseconds before a second past the last time an attempt may be made at
    /// (2^53 - 1 ms less 24 hours).
    NearLastTime(u32),
}

#[derive(Arbitrary, Debug, Hash)]
struct AttemptIn {
    advance_ms: u32,
    code: Code,
    device: DeviceChoice,
    remember_device: bool,
}

#[derive(Arbitrary, Debug, Hash)]
enum Code {
    Typed(String),
    /// The real code of the step this far from the current one.
    CodeAt(i8),
    /// A backup-code attempt (`verify_backup`).
    Backup(BackupCode),
}

#[derive(Arbitrary, Debug, Hash)]
enum BackupCode {
    /// One of BACKUP_CODES, typed in one of a few ways.
    Known { index: u8, style: u8 },
    Typed(String),
}

#[derive(Arbitrary, Debug, Hash)]
enum DeviceChoice {
    None,
    /// A token known so far: KNOWN_DEVICE_TOKENS, stored ids given as tokens, and the
    /// tokens earlier outcomes handed out.
    Known(u8),
    Typed(String),
}

struct Case {
    secret: Secret,
    params: TotpParams,
    policy: AttemptPolicy,
    backup_policy: BackupPolicy,
}

/// What one call must return, worked out from the rules.
struct Expected {
    reason: Reason,
    matched: Option<i64>,
    /// The state, except for a device a success remembers (appended once its token is known).
    state: AttemptState,
    retry_after_seconds: Option<u64>,
    device_id: Option<DeviceId>,
    token: ExpectedToken,
}

enum ExpectedToken {
    None,
    /// The token the attempt carried (a remembered device asking to be remembered).
    Carried,
    /// A fresh one, whose device is remembered at this time.
    Fresh(u64),
}

static KNOWN_ANSWERS: Once = Once::new();

fuzz_target!(|input: Input| {
    KNOWN_ANSWERS.call_once(known_answers);
    let mut hasher = DefaultHasher::new();
    input.hash(&mut hasher);
    let slow_allowed = hasher.finish() % SLOW_ONE_IN == 0;

    let secret = Secret::from_bytes(&input.secret)
        .unwrap_or_else(|_| Secret::from_bytes(FALLBACK_SECRET).expect("20 bytes"));
    let params = TotpParams {
        algorithm: [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512]
            [usize::from(input.algorithm % 3)],
        digits: Digits::new(6 + u32::from(input.digits % 3)).expect("6..=8 digits"),
        period: Period::new(1 + u64::from(input.period % 3600)).expect("1..=3600 s"),
    };
    let (policy, backup_policy) = if input.raw_policy {
        (
            AttemptPolicy {
                window: input.window,
                max_failures: input.max_failures,
                lockout_seconds: input.lockout_seconds,
            },
            BackupPolicy {
                max_failures: input.backup_max_failures,
                lockout_seconds: input.backup_lockout_seconds,
            },
        )
    } else {
        (
            AttemptPolicy {
                window: input.window % (totp::MAX_WINDOW + 1),
                max_failures: 1 + input.max_failures % attempt::MAX_FAILURES_LIMIT,
                lockout_seconds: 1 + input.lockout_seconds % MAX_LOCKOUT_SECONDS,
            },
            BackupPolicy {
                max_failures: 1 + input.backup_max_failures % attempt::MAX_FAILURES_LIMIT,
                lockout_seconds: 1 + input.backup_lockout_seconds % MAX_LOCKOUT_SECONDS,
            },
        )
    };
    let case = Case {
        secret,
        params,
        policy,
        backup_policy,
    };

    let mut now_ms = match input.now {
        Time::At(ms) if input.raw_state => ms,
        Time::At(ms) => ms % (MAX_TIME_MS + 1),
        Time::NearLastTime(before) => (MAX_ATTEMPT_TIME_MS + 1000).saturating_sub(u64::from(before)),
    };
    let mut tokens: Vec<String> = KNOWN_DEVICE_TOKENS.iter().map(|t| t.to_string()).collect();
    let mut state = case.initial_state(&input, now_ms, &mut tokens);
    let mut from_outcome = false;
    let mut slow_attempts = 0;

    for attempt_in in input.attempts.iter().take(MAX_ATTEMPTS) {
        now_ms = now_ms.saturating_add(u64::from(attempt_in.advance_ms));
        let current = totp::step(now_ms / 1000, params.period);
        let device = match &attempt_in.device {
            DeviceChoice::None => None,
            DeviceChoice::Known(index) => Some(tokens[usize::from(*index) % tokens.len()].clone()),
            DeviceChoice::Typed(text) => Some(text.clone()),
        };
        let token = match &attempt_in.code {
            Code::Typed(typed) => typed.clone(),
            Code::CodeAt(offset) => match current
                .checked_add_signed(i64::from(*offset))
                .filter(|&s| s <= hotp::MAX_COUNTER)
            {
                Some(step) => case.code_at(step),
                None => String::new(),
            },
            Code::Backup(BackupCode::Known { index, style }) => {
                styled(BACKUP_CODES[usize::from(*index) % BACKUP_CODES.len()], *style)
            }
            Code::Backup(BackupCode::Typed(typed)) => typed.clone(),
        };
        let attempt = attempt::Attempt {
            token: &token,
            now_ms,
            device: device.as_deref(),
            remember_device: attempt_in.remember_device,
        };
        let is_backup = matches!(attempt_in.code, Code::Backup(_));

        let (result, expected_error) = if is_backup {
            let expected_error = case.backup_error(&state, now_ms);
            let derives = expected_error.is_none()
                && state.backup.locked_for(now_ms).is_none()
                && backup::normalize(&token).is_some();
            if derives && !(slow_allowed && slow_attempts < MAX_SLOW_ATTEMPTS) {
                continue;
            }
            slow_attempts += usize::from(derives);
            (
                attempt::verify_backup(&BACKUP_HASHES, &attempt, &state, backup_policy),
                expected_error,
            )
        } else {
            (
                attempt::verify(&case.secret, &attempt, &state, params, policy),
                case.totp_error(&state, now_ms, current),
            )
        };
        let outcome = match (result, expected_error) {
            (Ok(outcome), None) => outcome,
            (Err(err), Some(argument)) => {
                assert_eq!(
                    err.kind(),
                    totp_wasm::ErrorKind::OutOfRange,
                    "only values out of range are errors: {err}"
                );
                assert_eq!(err.argument(), argument, "the error names {argument}: {err}");
                assert!(
                    !(from_outcome && argument.starts_with("state.")),
                    "a state an outcome returned is accepted by the next call: {err}"
                );
                continue;
            }
            (Ok(outcome), Some(argument)) => {
                panic!("an error naming {argument} was due, got {outcome:?}")
            }
            (Err(err), None) => panic!("no error was due, got {err}"),
        };
        from_outcome = true;
        let expected = if is_backup {
            case.expect_backup(&attempt, &state)
        } else {
            case.expect_totp(&attempt, &state, current)
        };
        check(&attempt, &state, &outcome, expected);
        if let Some(token) = &outcome.device_token {
            if !tokens.iter().any(|known| known == &**token) {
                tokens.push(token.to_string());
            }
        }
        state = outcome.state;
    }
});

/// Once per process (each input checks a well-formed backup code only rarely): every known
/// backup code opens a closed account and remembers the device.
fn known_answers() {
    let policy = BackupPolicy::default();
    let closed = AttemptState {
        shared: Counter { failures: FAILURE_LIMIT, locked_until_ms: None },
        backup: Counter { failures: 3, locked_until_ms: None },
        ..AttemptState::default()
    };
    for (index, code) in BACKUP_CODES.iter().enumerate() {
        let attempt = attempt::Attempt {
            token: &styled(code, index as u8),
            now_ms: 1_700_000_000_000,
            device: None,
            remember_device: true,
        };
        let outcome = attempt::verify_backup(&BACKUP_HASHES, &attempt, &closed, policy).expect("in range");
        assert_eq!((outcome.reason, outcome.matched), (Reason::Ok, Some(index as i64)), "{code} matches its hash");
        assert_eq!((outcome.state.shared, outcome.state.backup), (Counter::default(), Counter::default()));
        let token = outcome.device_token.expect("a token");
        assert_eq!(outcome.state.devices.len(), 1);
        assert_eq!(outcome.state.devices[0].id, DeviceId::of_token(&token), "the device is remembered");
    }
}

/// A backup code as a user might type it.
fn styled(code: &str, style: u8) -> String {
    match style % 4 {
        0 => code.to_string(),
        1 => group(code, "-"),
        2 => group(&code.to_ascii_lowercase(), " "),
        _ => format!(" {}\u{2011}{}\n", &code[..5], &code[5..]),
    }
}

fn group(code: &str, separator: &str) -> String {
    let size = if code.len() == backup::LEGACY_SYMBOLS { 4 } else { backup::GROUP };
    let chunks: Vec<&str> = (0..code.len()).step_by(size).map(|i| &code[i..(i + size).min(code.len())]).collect();
    chunks.join(separator)
}

/// Folds `value` into `base ± near`, clamped to 0..=max.
fn near(base: u64, value: u64, near: i64, max: u64) -> u64 {
    let offset = (value as i64) % near;
    base.saturating_add_signed(offset).min(max)
}

impl Case {
    fn code_at(&self, step: u64) -> String {
        let params = HotpParams {
            algorithm: self.params.algorithm,
            digits: self.params.digits,
        };
        hotp::generate(&self.secret, step, params).expect("a step at most 2^53 - 1 has a code")
    }

    fn initial_state(&self, input: &Input, now_ms: u64, tokens: &mut Vec<String>) -> AttemptState {
        let raw = input.raw_state;
        let current = totp::step(now_ms / 1000, self.params.period);
        let counter = |c: &CounterIn| {
            if raw {
                Counter {
                    failures: c.failures,
                    locked_until_ms: c.locked_until_ms,
                }
            } else {
                Counter {
                    failures: c.failures % (FAILURE_LIMIT + 1),
                    locked_until_ms: c.locked_until_ms.map(|until| near(now_ms, until, NEAR_MS, MAX_TIME_MS)),
                }
            }
        };
        let mut devices = Vec::new();
        for device in &input.devices {
            let id = match &device.id {
                DeviceIdIn::Known(index) => {
                    DeviceId::of_token(KNOWN_DEVICE_TOKENS[usize::from(*index) % KNOWN_DEVICE_TOKENS.len()])
                }
                DeviceIdIn::Text(text) => match DeviceId::from_text(text) {
                    Ok(id) => {
                        assert_eq!(&id.to_text(), text, "a device id reads only in its canonical form");
                        id
                    }
                    Err(err) => {
                        assert_eq!(err.kind(), totp_wasm::ErrorKind::Invalid, "a bad id is Invalid: {err}");
                        assert_eq!(err.argument(), "state.devices", "a bad id names state.devices");
                        tokens.push(text.clone());
                        DeviceId::of_token(text)
                    }
                },
            };
            assert_eq!(DeviceId::from_text(&id.to_text()), Ok(id), "an id reads back from its text");
            devices.push(Device {
                id,
                counter: counter(&device.counter),
                last_used_ms: if raw { device.last_used_ms } else { device.last_used_ms % (MAX_TIME_MS + 1) },
            });
        }
        if !raw {
            devices.truncate(MAX_DEVICES);
        }
        AttemptState {
            last_step: if raw {
                input.last_step
            } else {
                input.last_step.map(|step| near(current, step, NEAR_STEPS, hotp::MAX_COUNTER))
            },
            shared: counter(&input.shared),
            backup: counter(&input.backup),
            devices,
        }
    }

    /// The argument a `verify` call must name in an error, if any.
    fn totp_error(&self, state: &AttemptState, now_ms: u64, current: u64) -> Option<&'static str> {
        let policy = self.policy;
        if policy.window > totp::MAX_WINDOW {
            Some("window")
        } else if !(1..=100).contains(&policy.max_failures) {
            Some("maxFailures")
        } else if !(1..=86_400).contains(&policy.lockout_seconds) {
            Some("lockoutSeconds")
        } else {
            state_error(state).or((now_ms > MAX_ATTEMPT_TIME_MS || current > hotp::MAX_COUNTER).then_some("time"))
        }
    }

    fn backup_error(&self, state: &AttemptState, now_ms: u64) -> Option<&'static str> {
        let policy = self.backup_policy;
        if !(1..=100).contains(&policy.max_failures) {
            Some("maxFailures")
        } else if !(1..=86_400).contains(&policy.lockout_seconds) {
            Some("lockoutSeconds")
        } else {
            state_error(state).or((now_ms > MAX_ATTEMPT_TIME_MS).then_some("time"))
        }
    }

    fn expect_totp(&self, attempt: &attempt::Attempt<'_>, state: &AttemptState, current: u64) -> Expected {
        let now_ms = attempt.now_ms;
        let device = attempt.device.map(DeviceId::of_token).and_then(|id| {
            state.devices.iter().position(|d| d.id == id).map(|index| (index, id))
        });
        let counter = match device {
            Some((index, _)) => state.devices[index].counter,
            None => state.shared,
        };
        let device_id = device.map(|(_, id)| id);
        let refused = |reason, retry_after_seconds| Expected {
            reason,
            matched: None,
            state: state.clone(),
            retry_after_seconds,
            device_id,
            token: ExpectedToken::None,
        };
        if counter.failures >= FAILURE_LIMIT {
            return refused(Reason::Locked, None);
        }
        if let Some(seconds) = lockout_left(counter, now_ms) {
            return refused(Reason::Locked, Some(seconds));
        }
        let fail = |reason| {
            let mut next = state.clone();
            let (counter, retry) = fail_totp(counter, now_ms, self.policy);
            match device {
                Some((index, _)) if counter.failures >= FAILURE_LIMIT => {
                    next.devices.remove(index);
                }
                Some((index, _)) => next.devices[index].counter = counter,
                None => next.shared = counter,
            }
            Expected {
                reason,
                matched: None,
                state: next,
                retry_after_seconds: retry,
                device_id,
                token: ExpectedToken::None,
            }
        };
        // The window in order of preference: 0, -1, +1, -2, +2, ...; no step below 0 or
        // above 2^53 - 1.
        let window: Vec<(u64, i64)> = (0..=i64::from(self.policy.window))
            .flat_map(|d| if d == 0 { vec![0] } else { vec![-d, d] })
            .filter_map(|d| current.checked_add_signed(d).filter(|&s| s <= hotp::MAX_COUNTER).map(|s| (s, d)))
            .collect();
        let fresh = |step: u64| state.last_step.is_none_or(|last| step > last);
        // No step of the window is newer than the last accepted one: no code can succeed, so
        // nothing counts; refused until the newest step of the window passes the last one (for
        // at most 24 hours: a last step far ahead is asked about again then).
        let exhausted = || {
            let last = state.last_step.expect("a step is stale only after one was accepted");
            let first_good = last.saturating_sub(u64::from(self.policy.window)) + 1;
            // (A time past u64::MAX ms, some 584 million years, reads as u64::MAX.)
            let at_ms = u128::from(first_good) * u128::from(self.params.period.get()) * 1000;
            let at_ms = u64::try_from(at_ms).unwrap_or(u64::MAX);
            let wait = at_ms.saturating_sub(now_ms).div_ceil(1000).clamp(1, MAX_LOCKOUT_SECONDS);
            refused(Reason::Locked, Some(wait))
        };
        let is_exhausted = !window.iter().any(|&(s, _)| fresh(s));
        let typed: String = attempt.token.chars().filter(|&c| c != ' ').collect();
        if typed.len() != usize::from(self.params.digits.get()) || !typed.bytes().all(|b| b.is_ascii_digit()) {
            return if is_exhausted { exhausted() } else { fail(Reason::Malformed) };
        }
        let matches: Vec<(u64, i64)> = window.iter().copied().filter(|&(s, _)| self.code_at(s) == typed).collect();
        if let Some(&(step, delta)) = matches.iter().find(|&&(s, _)| fresh(s)) {
            let mut next = state.clone();
            next.last_step = Some(step);
            let token = match device {
                Some((index, _)) => {
                    next.devices[index].counter = Counter::default();
                    next.devices[index].last_used_ms = now_ms.min(MAX_TIME_MS);
                    if attempt.remember_device {
                        ExpectedToken::Carried
                    } else {
                        ExpectedToken::None
                    }
                }
                None => {
                    next.shared = Counter::default();
                    remember(&mut next, attempt)
                }
            };
            return Expected {
                reason: Reason::Ok,
                matched: Some(delta),
                state: next,
                retry_after_seconds: None,
                device_id,
                token,
            };
        }
        if !matches.is_empty() {
            return refused(Reason::Replayed, None);
        }
        if is_exhausted {
            return exhausted();
        }
        fail(Reason::Invalid)
    }

    fn expect_backup(&self, attempt: &attempt::Attempt<'_>, state: &AttemptState) -> Expected {
        let now_ms = attempt.now_ms;
        let refused = |reason, next: AttemptState, retry_after_seconds| Expected {
            reason,
            matched: None,
            state: next,
            retry_after_seconds,
            device_id: None,
            token: ExpectedToken::None,
        };
        if let Some(seconds) = lockout_left(state.backup, now_ms) {
            return refused(Reason::Locked, state.clone(), Some(seconds));
        }
        let fail = |reason| {
            let mut next = state.clone();
            let (counter, retry) = fail_backup(state.backup, now_ms, self.backup_policy);
            next.backup = counter;
            refused(reason, next, retry)
        };
        let Some(normalized) = backup::normalize(attempt.token) else {
            return fail(Reason::Malformed);
        };
        let Some(index) = BACKUP_CODES.iter().position(|&code| code == normalized.as_str()) else {
            return fail(Reason::Invalid);
        };
        let mut next = state.clone();
        next.backup = Counter::default();
        next.shared = Counter::default();
        let token = remember(&mut next, attempt);
        Expected {
            reason: Reason::Ok,
            matched: Some(index as i64),
            state: next,
            retry_after_seconds: None,
            device_id: None,
            token,
        }
    }
}

fn state_error(state: &AttemptState) -> Option<&'static str> {
    if state.last_step.is_some_and(|step| step > hotp::MAX_COUNTER) {
        Some("state.lastStep")
    } else if state.devices.len() > MAX_DEVICES {
        Some("state.devices")
    } else {
        None
    }
}

/// A success that asks to be remembered makes room (forgetting the device used longest ago)
/// for the new device, whose id is known once its token is.
fn remember(state: &mut AttemptState, attempt: &attempt::Attempt<'_>) -> ExpectedToken {
    if !attempt.remember_device {
        return ExpectedToken::None;
    }
    if state.devices.len() >= MAX_DEVICES {
        let oldest = state.devices.iter().map(|d| d.last_used_ms).min().expect("full");
        let index = state.devices.iter().position(|d| d.last_used_ms == oldest).expect("present");
        state.devices.remove(index);
    }
    ExpectedToken::Fresh(attempt.now_ms.min(MAX_TIME_MS))
}

/// Seconds of a lockout left at `now_ms`, at most 24 hours.
fn lockout_left(counter: Counter, now_ms: u64) -> Option<u64> {
    let until = counter.locked_until_ms.filter(|&until| until > now_ms)?;
    Some((until - now_ms).div_ceil(1000).min(MAX_LOCKOUT_SECONDS))
}

fn lock_end(now_ms: u64, seconds: u64) -> u64 {
    (u128::from(now_ms) + u128::from(seconds) * 1000).min(u128::from(MAX_TIME_MS)) as u64
}

/// One more TOTP failure: failures (read as at most 100) plus one; the 100th closes, every
/// `max_failures`-th before it locks, for `lockout_seconds` doubled per earlier lockout of the
/// run, at most 24 hours.
fn fail_totp(counter: Counter, now_ms: u64, policy: AttemptPolicy) -> (Counter, Option<u64>) {
    let failures = counter.failures.min(FAILURE_LIMIT) + 1;
    if failures >= FAILURE_LIMIT {
        return (Counter { failures: FAILURE_LIMIT, locked_until_ms: None }, None);
    }
    let max = u64::from(policy.max_failures);
    if failures % max != 0 {
        return (Counter { failures, locked_until_ms: None }, None);
    }
    let nth = failures / max;
    let lockout = (u128::from(policy.lockout_seconds) << (nth - 1).min(64))
        .min(u128::from(MAX_LOCKOUT_SECONDS)) as u64;
    (Counter { failures, locked_until_ms: Some(lock_end(now_ms, lockout)) }, Some(lockout))
}

/// One more backup failure: every `max_failures`-th locks for `lockout_seconds` and starts the
/// count again.
fn fail_backup(counter: Counter, now_ms: u64, policy: BackupPolicy) -> (Counter, Option<u64>) {
    let max = u64::from(policy.max_failures);
    let failures = counter.failures.min(max) + 1;
    if failures >= max {
        let lockout = policy.lockout_seconds;
        return (Counter { failures: 0, locked_until_ms: Some(lock_end(now_ms, lockout)) }, Some(lockout));
    }
    (Counter { failures, locked_until_ms: None }, None)
}

fn counter_in_range(counter: &Counter) -> bool {
    counter.failures <= FAILURE_LIMIT && counter.locked_until_ms.is_none_or(|until| until <= MAX_TIME_MS)
}

fn device_in_range(device: &Device) -> bool {
    counter_in_range(&device.counter) && device.last_used_ms <= MAX_TIME_MS
}

/// Every time at most 2^53 - 1 ms, every counter at most 100 failures, the last step at most
/// 2^53 - 1, at most 10 devices.
fn in_range(state: &AttemptState) -> bool {
    state.last_step.is_none_or(|step| step <= hotp::MAX_COUNTER)
        && counter_in_range(&state.shared)
        && counter_in_range(&state.backup)
        && state.devices.len() <= MAX_DEVICES
        && state.devices.iter().all(device_in_range)
}

/// The promises of one call that went from `before` to `outcome`.
fn check(attempt: &attempt::Attempt<'_>, before: &AttemptState, outcome: &Outcome, mut expected: Expected) {
    let after = &outcome.state;
    // The invariants, whatever the rules say in detail.
    after.check().expect("a returned state passes AttemptState::check");
    assert!(after.devices.len() <= MAX_DEVICES, "at most {MAX_DEVICES} devices");
    if in_range(before) {
        assert!(in_range(after), "an in-range state stays in range: {after:?}");
    }
    // What the call changed is in range, whatever the state held before.
    assert!(after.shared == before.shared || counter_in_range(&after.shared), "shared in range: {after:?}");
    assert!(after.backup == before.backup || counter_in_range(&after.backup), "backup in range: {after:?}");
    assert!(
        after.last_step == before.last_step || after.last_step.is_some_and(|s| s <= hotp::MAX_COUNTER),
        "a new last step is at most 2^53 - 1: {after:?}"
    );
    for device in &after.devices {
        // (A tampered state may hold one id twice.)
        let in_range = device_in_range(device)
            || before.devices.iter().filter(|old| old.id == device.id).any(|old| {
                (device.counter == old.counter || counter_in_range(&device.counter))
                    && (device.last_used_ms == old.last_used_ms || device.last_used_ms <= MAX_TIME_MS)
            });
        assert!(in_range, "what changed in a device, or a new device, is in range: {device:?}");
    }
    if matches!(outcome.reason, Reason::Replayed | Reason::Locked) {
        assert_eq!(after, before, "a {:?} outcome leaves the state as it was", outcome.reason);
    }
    if outcome.reason == Reason::Locked {
        if let Some(seconds) = outcome.retry_after_seconds {
            assert!(seconds <= MAX_LOCKOUT_SECONDS, "a lockout is at most 24 hours, got {seconds} s");
        }
    }
    let matches_no_device = attempt
        .device
        .is_none_or(|token| !before.devices.iter().any(|d| d.id == DeviceId::of_token(token)));
    if matches_no_device {
        // Only a success that remembers the device adds one, and makes room for it when the
        // list is full; no other entry changes.
        let added = outcome.device_token.as_ref().map(|token| DeviceId::of_token(token));
        let kept: Vec<&Device> = after.devices.iter().filter(|d| Some(d.id) != added).collect();
        let all: Vec<&Device> = before.devices.iter().collect();
        let room_made = |index: usize| {
            let mut rest = all.clone();
            rest.remove(index);
            rest == kept
        };
        assert!(
            kept == all
                || (added.is_some() && all.len() == MAX_DEVICES && (0..all.len()).any(room_made)),
            "an attempt from no remembered device changes no device, but for forgetting one to make \
             room for a new one: {before:?} -> {after:?}"
        );
    }
    if attempt.remember_device && outcome.ok() {
        let token = outcome.device_token.as_ref().expect("a remembered success hands out a token");
        let id = DeviceId::of_token(token);
        assert!(after.devices.iter().any(|d| d.id == id), "the token's device is in the state");
        assert_eq!(outcome.device_id, Some(id), "the outcome names the remembered device");
    } else {
        assert!(outcome.device_token.is_none(), "a token only for a success that asks for one");
    }

    // The outcome the rules give.
    match expected.token {
        ExpectedToken::None => {}
        ExpectedToken::Carried => {
            let token = outcome.device_token.as_deref().map(String::as_str);
            assert_eq!(token, attempt.device, "a remembered device keeps its token");
        }
        ExpectedToken::Fresh(last_used_ms) => {
            let token = outcome.device_token.as_ref().expect("a new device gets a token");
            let random = token.strip_prefix("d1.").expect("a device token starts with d1.");
            assert!(
                random.len() == 22 && random.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
                "a device token is d1. and 128 bits in base64url: {}",
                &**token
            );
            let id = DeviceId::of_token(token);
            expected.state.devices.push(Device { id, counter: Counter::default(), last_used_ms });
            expected.device_id = Some(id);
        }
    }
    assert_eq!(outcome.reason, expected.reason, "the reason for {attempt:?} from {before:?}: {outcome:?}");
    assert_eq!(outcome.matched, expected.matched, "the matched step or hash: {outcome:?}");
    assert_eq!(outcome.retry_after_seconds, expected.retry_after_seconds, "the retry-after: {outcome:?}");
    assert_eq!(outcome.device_id, expected.device_id, "the device counted: {outcome:?}");
    assert_eq!(after, &expected.state, "the state after {attempt:?} from {before:?}");
}
