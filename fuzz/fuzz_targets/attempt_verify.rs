//! Login attempts: a run of `attempt::verify` calls from any stored state never panics, and
//! each step keeps the state machine's promises (locked means untouched and unchecked, success
//! resets the failures and moves the last step forward, anything else counts one failure).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use totp_wasm::attempt::{self, AttemptPolicy, AttemptState, Outcome, Reason, MAX_LOCKOUT_SECONDS};
use totp_wasm::{hotp, totp, Algorithm, Digits, ErrorKind, HotpParams, Period, Secret, TotpParams};

const MAX_ATTEMPTS: usize = 8;

#[derive(Arbitrary, Debug)]
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
    last_step: Option<u64>,
    failures: u64,
    locked_until_ms: Option<u64>,
    now_ms: u64,
    attempts: Vec<Attempt>,
}

#[derive(Arbitrary, Debug)]
struct Attempt {
    advance_ms: u32,
    token: Token,
}

#[derive(Arbitrary, Debug)]
enum Token {
    Typed(String),
    /// The real code of the step this far from the current one.
    CodeAt(i8),
}

struct Case {
    secret: Secret,
    params: TotpParams,
    policy: AttemptPolicy,
}

fuzz_target!(|input: Input| {
    let secret = Secret::from_bytes(&input.secret)
        .unwrap_or_else(|_| Secret::from_bytes(b"fuzz").expect("non-empty"));
    let params = TotpParams {
        algorithm: [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512]
            [usize::from(input.algorithm % 3)],
        digits: Digits::new(6 + u32::from(input.digits % 3)).expect("6..=8 digits"),
        period: Period::new(1 + u64::from(input.period % 3600)).expect("1..=3600 s"),
    };
    let policy = if input.raw_policy {
        AttemptPolicy {
            window: input.window,
            max_failures: input.max_failures,
            lockout_seconds: input.lockout_seconds,
        }
    } else {
        AttemptPolicy {
            window: input.window % (totp::MAX_WINDOW + 1),
            max_failures: 1 + input.max_failures % attempt::MAX_FAILURES_LIMIT,
            lockout_seconds: 1 + input.lockout_seconds % MAX_LOCKOUT_SECONDS,
        }
    };
    let case = Case {
        secret,
        params,
        policy,
    };
    let mut state = AttemptState {
        last_step: input.last_step,
        failures: input.failures,
        locked_until_ms: input.locked_until_ms,
    };
    let mut now_ms = input.now_ms;

    for attempt in input.attempts.iter().take(MAX_ATTEMPTS) {
        now_ms = now_ms.saturating_add(u64::from(attempt.advance_ms));
        let current = totp::step(now_ms / 1000, params.period);
        let token = match attempt.token {
            Token::Typed(ref typed) => typed.clone(),
            Token::CodeAt(offset) => match current
                .checked_add_signed(i64::from(offset))
                .filter(|&s| s <= hotp::MAX_COUNTER)
            {
                Some(step) => case.code_at(step),
                None => String::new(),
            },
        };
        let outcome = match attempt::verify(&case.secret, &token, state, now_ms, params, policy) {
            Ok(outcome) => outcome,
            Err(err) => {
                assert_eq!(
                    err.kind(),
                    ErrorKind::OutOfRange,
                    "verify fails only for values out of range: {err}"
                );
                assert!(
                    policy.validate().is_err() || current > hotp::MAX_COUNTER,
                    "verify fails only for a bad policy or time: {err}"
                );
                return;
            }
        };
        assert!(policy.validate().is_ok(), "an invalid policy is refused");
        case.check(&token, state, now_ms, &outcome);
        if let Token::CodeAt(offset) = attempt.token {
            let fresh = current
                .checked_add_signed(i64::from(offset))
                .filter(|&s| s <= hotp::MAX_COUNTER && state.last_step.is_none_or(|last| s > last));
            let in_window = offset.unsigned_abs() <= u8::try_from(policy.window).unwrap_or(u8::MAX);
            let locked = state.locked_until_ms.is_some_and(|until| until > now_ms);
            if fresh.is_some() && in_window && !locked {
                assert_eq!(
                    outcome.reason,
                    Reason::Ok,
                    "a fresh code inside the window is accepted (offset {offset})"
                );
            }
        }
        state = outcome.state;
    }
});

impl Case {
    fn code_at(&self, step: u64) -> String {
        let params = HotpParams {
            algorithm: self.params.algorithm,
            digits: self.params.digits,
        };
        hotp::generate(&self.secret, step, params).expect("a step at most 2^53 - 1 has a code")
    }

    /// The promises of one call that went from `before` to `outcome` at `now_ms`.
    fn check(&self, token: &str, before: AttemptState, now_ms: u64, outcome: &Outcome) {
        let after = outcome.state;
        let current = totp::step(now_ms / 1000, self.params.period);
        if let Some(until) = before.locked_until_ms.filter(|&until| until > now_ms) {
            assert_eq!(
                outcome.reason,
                Reason::Locked,
                "a locked user is refused unchecked"
            );
            assert_eq!(
                after, before,
                "a Locked outcome returns the state unchanged"
            );
            assert_eq!(
                outcome.retry_after_seconds,
                Some((until - now_ms).div_ceil(1000)),
                "retry after the rest of the lockout"
            );
            return;
        }
        assert_ne!(
            outcome.reason,
            Reason::Locked,
            "an unlocked user is never refused as locked"
        );

        let typed: String = token.chars().filter(|&c| c != ' ').collect();
        let well_formed = typed.len() == usize::from(self.params.digits.get())
            && typed.bytes().all(|b| b.is_ascii_digit());
        assert_eq!(
            outcome.reason == Reason::Malformed,
            !well_formed,
            "malformed exactly when not `digits` digits: {token:?}"
        );
        let in_window = totp::check(
            &self.secret,
            token,
            now_ms / 1000,
            self.policy.window,
            self.params,
        )
        .expect("an in-range time and window never fail");
        if well_formed {
            assert_eq!(
                outcome.reason == Reason::Invalid,
                in_window.is_none(),
                "invalid exactly when no step in the window matches"
            );
        }

        if outcome.reason == Reason::Ok {
            let delta = outcome.delta.expect("an Ok outcome has a delta");
            assert!(
                delta.unsigned_abs() <= u64::from(self.policy.window),
                "the accepted delta {delta} lies in the window"
            );
            let step = current
                .checked_add_signed(delta)
                .expect("the accepted step exists");
            assert_eq!(
                self.code_at(step),
                typed,
                "the accepted step's code is the token"
            );
            assert!(
                before.last_step.is_none_or(|last| step > last),
                "an Ok outcome moves past the last step (no replay)"
            );
            assert_eq!(
                after,
                AttemptState {
                    last_step: Some(step),
                    failures: 0,
                    locked_until_ms: None
                },
                "an Ok outcome has failures 0 and last_step set"
            );
            assert_eq!(
                outcome.retry_after_seconds, None,
                "success has no retry-after"
            );
            if before.last_step.is_none() {
                assert_eq!(
                    Some(delta),
                    in_window,
                    "without a last step, verify agrees with totp::check"
                );
            }
            return;
        }

        assert_eq!(outcome.delta, None, "only success has a delta");
        assert_eq!(
            after.last_step, before.last_step,
            "a failure keeps the last step"
        );
        assert_eq!(
            after.failures,
            before.failures.saturating_add(1),
            "a failure counts one more failure (failures never decrease except on Ok)"
        );
        let locks = after.failures % u64::from(self.policy.max_failures) == 0;
        assert_eq!(
            after.locked_until_ms.is_some(),
            locks,
            "every max_failures-th failure locks, and only that"
        );
        assert_eq!(
            outcome.retry_after_seconds.is_some(),
            locks,
            "retry-after comes with a lockout"
        );
        if let (Some(until), Some(retry)) = (after.locked_until_ms, outcome.retry_after_seconds) {
            assert!(
                (self.policy.lockout_seconds..=MAX_LOCKOUT_SECONDS).contains(&retry),
                "a lockout lasts from lockout_seconds to 24 h: {retry}"
            );
            assert_eq!(
                until,
                now_ms.saturating_add(retry * 1000),
                "the lockout ends retry-after seconds from now"
            );
        }
    }
}
