//! verifyTotpAttempt's rules (replay, throttling, lockout) and a simulated online attacker.

use totp_wasm::attempt::{self, AttemptPolicy, AttemptState, Outcome, Reason};
use totp_wasm::{totp, Secret, TotpParams};

const T0_MS: u64 = 1_700_000_000_000;
const DAY_MS: u64 = 86_400_000;

fn secret() -> Secret {
    Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap()
}

fn code_at(ms: u64) -> String {
    totp::generate(&secret(), ms / 1000, TotpParams::default()).unwrap()
}

fn attempt(token: &str, state: AttemptState, now_ms: u64) -> Outcome {
    attempt::verify(&secret(), token, state, now_ms, TotpParams::default(), AttemptPolicy::default()).unwrap()
}

/// A code that is wrong for every step in the window around `now_ms`.
fn wrong_code(now_ms: u64) -> String {
    let valid: Vec<String> = (0..3).map(|i| code_at(now_ms + i * 30_000 - 30_000)).collect();
    (0..).map(|n: u32| format!("{:06}", n)).find(|c| !valid.contains(c)).unwrap()
}

#[test]
fn success_sets_last_step_and_a_replay_is_refused() {
    let ok = attempt(&code_at(T0_MS), AttemptState::default(), T0_MS);
    assert_eq!(ok.reason, Reason::Ok);
    assert_eq!(ok.delta, Some(0));
    assert_eq!(ok.state, AttemptState { last_step: Some(T0_MS / 1000 / 30), failures: 0, locked_until_ms: None });
    let replay = attempt(&code_at(T0_MS), ok.state, T0_MS + 5_000);
    assert_eq!(replay.reason, Reason::Replayed);
    assert_eq!(replay.state.failures, 1);
    // The previous step's code is older than the accepted one: also a replay.
    let older = attempt(&code_at(T0_MS - 30_000), ok.state, T0_MS + 5_000);
    assert_eq!(older.reason, Reason::Replayed);
    // The next step's code is fresh.
    let next = attempt(&code_at(T0_MS + 30_000), ok.state, T0_MS + 30_000);
    assert_eq!(next.reason, Reason::Ok);
}

#[test]
fn malformed_and_wrong_tokens_count_as_failures() {
    let malformed = attempt("12a456", AttemptState::default(), T0_MS);
    assert_eq!((malformed.reason, malformed.state.failures), (Reason::Malformed, 1));
    let wrong = attempt(&wrong_code(T0_MS), malformed.state, T0_MS);
    assert_eq!((wrong.reason, wrong.state.failures), (Reason::Invalid, 2));
    assert!(!wrong.ok());
}

#[test]
fn the_fifth_failure_locks_and_reports_its_own_reason() {
    let mut state = AttemptState::default();
    for n in 1..=4 {
        let r = attempt(&wrong_code(T0_MS), state, T0_MS);
        assert_eq!((r.reason, r.state.failures, r.retry_after_seconds), (Reason::Invalid, n, None));
        state = r.state;
    }
    let fifth = attempt("12", state, T0_MS);
    assert_eq!(fifth.reason, Reason::Malformed);
    assert_eq!(fifth.state.locked_until_ms, Some(T0_MS + 300_000));
    assert_eq!(fifth.retry_after_seconds, Some(300));

    // While locked even the right code is not checked, and the state is unchanged.
    let locked = attempt(&code_at(T0_MS + 100_000), fifth.state, T0_MS + 100_000);
    assert_eq!(locked.reason, Reason::Locked);
    assert_eq!(locked.state, fifth.state);
    assert_eq!(locked.retry_after_seconds, Some(200));
    assert_eq!(attempt("x", fifth.state, T0_MS + 299_001).retry_after_seconds, Some(1));

    // Once it ends, the right code works and resets the run.
    let after = attempt(&code_at(T0_MS + 300_000), fifth.state, T0_MS + 300_000);
    assert_eq!(after.reason, Reason::Ok);
    assert_eq!((after.state.failures, after.state.locked_until_ms), (0, None));
}

#[test]
fn repeated_lockouts_double_up_to_a_day() {
    let policy = AttemptPolicy::default();
    let lengths: Vec<u64> = (1..=12).map(|n| policy.lockout_for(n)).collect();
    assert_eq!(lengths[..5], [300, 600, 1200, 2400, 4800]);
    assert_eq!(lengths[9..], [86_400, 86_400, 86_400]);
    // A policy whose first lockout exceeds a day keeps it.
    let long = AttemptPolicy { lockout_seconds: 86_400, ..policy };
    assert_eq!(long.lockout_for(3), 86_400);

    let mut state = AttemptState { failures: 9, ..AttemptState::default() };
    let tenth = attempt("000000x", state, T0_MS);
    assert_eq!(tenth.retry_after_seconds, Some(600));
    state = tenth.state;
    assert_eq!(state.locked_until_ms, Some(T0_MS + 600_000));
}

#[test]
fn policy_ranges_are_checked() {
    let check = |policy: AttemptPolicy| {
        attempt::verify(&secret(), "123456", AttemptState::default(), T0_MS, TotpParams::default(), policy)
            .unwrap_err()
            .argument()
            .to_owned()
    };
    let base = AttemptPolicy::default();
    assert_eq!(check(AttemptPolicy { window: 11, ..base }), "window");
    assert_eq!(check(AttemptPolicy { max_failures: 0, ..base }), "maxFailures");
    assert_eq!(check(AttemptPolicy { max_failures: 101, ..base }), "maxFailures");
    assert_eq!(check(AttemptPolicy { lockout_seconds: 0, ..base }), "lockoutSeconds");
    assert_eq!(check(AttemptPolicy { lockout_seconds: 86_401, ..base }), "lockoutSeconds");
}

/// A deterministic guess generator (SplitMix64), so the simulation is reproducible.
struct Guesses(u64);

impl Guesses {
    fn next(&mut self) -> String {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        format!("{:06}", (z ^ (z >> 31)) % 1_000_000)
    }
}

struct Siege {
    attempts: u64,
    successes: u64,
}

/// An attacker who guesses as fast as the policy allows for 30 days: every guess the moment
/// the previous one is answered, and the moment a lockout ends. With `daily_login`, the real
/// user signs in once a day, which resets the run of failures (the attacker's best case).
fn siege(daily_login: bool) -> Siege {
    let end = T0_MS + 30 * DAY_MS;
    let mut now = T0_MS;
    let mut state = AttemptState::default();
    let mut guesses = Guesses(42);
    let mut next_login = T0_MS + DAY_MS;
    let (mut attempts, mut successes) = (0, 0);
    while now < end {
        if daily_login && now >= next_login {
            let r = attempt(&code_at(now), state, now);
            if r.reason == Reason::Ok {
                state = r.state;
                next_login += DAY_MS;
            } else {
                // Locked out as well: the user tries again when the lockout ends.
                next_login = state.locked_until_ms.unwrap_or(now + 1);
            }
            continue;
        }
        let r = attempt(&guesses.next(), state, now);
        match r.reason {
            Reason::Locked => now = state.locked_until_ms.unwrap(),
            Reason::Ok => {
                successes += 1;
                attempts += 1;
                state = r.state;
            }
            _ => {
                attempts += 1;
                state = r.state;
                now += 1; // a millisecond per round trip
            }
        }
        if daily_login {
            now = now.min(next_login);
        }
    }
    Siege { attempts, successes }
}

/// Each guess wins with probability at most 3 / 10^6 (three valid codes with window 1).
fn success_probability(attempts: u64) -> f64 {
    1.0 - (1.0 - 3e-6_f64).powi(attempts as i32)
}

#[test]
fn an_online_attacker_gets_about_190_guesses_in_30_days() {
    let siege = siege(false);
    let p = success_probability(siege.attempts);
    println!("30-day siege, no legitimate logins: {} guesses, success chance {:.4}%", siege.attempts, p * 100.0);
    // 9 doubling lockouts fill the first ~1.8 days, then one 24 h lockout a day: 5 guesses each.
    assert!((180..=200).contains(&siege.attempts), "{} guesses", siege.attempts);
    assert!(p < 0.001, "success chance {p}");
    assert_eq!(siege.successes, 0, "this seed's guesses should all miss");
}

#[test]
fn daily_logins_by_the_real_user_still_keep_the_attacker_below_a_quarter_percent() {
    let siege = siege(true);
    let p = success_probability(siege.attempts);
    println!("30-day siege, user signs in daily: {} guesses, success chance {:.4}%", siege.attempts, p * 100.0);
    assert!(siege.attempts <= 800, "{} guesses", siege.attempts);
    assert!(p < 0.0025, "success chance {p}");
}
