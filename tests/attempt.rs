//! verifyTotpAttempt's and verifyBackupAttempt's rules (replay, throttling, lockout, closure,
//! remembered devices, backup codes) and simulated 30-day sieges by an online attacker.

use std::sync::OnceLock;

use totp_wasm::attempt::{
    self, Attempt, AttemptPolicy, AttemptState, BackupPolicy, Counter, Device, DeviceId, Outcome,
    Reason, FAILURE_LIMIT, MAX_DEVICES, MAX_LOCKOUT_SECONDS, MAX_TIME_MS,
};
use totp_wasm::hotp::MAX_COUNTER;
use totp_wasm::{backup, totp, ErrorKind, Period, Secret, TotpParams};

const STEP_MS: u64 = 30_000;
const DAY_MS: u64 = 86_400_000;
/// The step every test starts in, and a time 10 s into it.
const S0: u64 = 56_666_667;
const T0_MS: u64 = S0 * STEP_MS + 10_000;

fn secret() -> Secret {
    Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap()
}

fn step_of(ms: u64) -> u64 {
    ms / STEP_MS
}

fn code_at(ms: u64) -> String {
    totp::generate(&secret(), ms / 1000, TotpParams::default()).unwrap()
}

fn code_for_step(step: u64) -> String {
    code_at(step * STEP_MS)
}

/// A code that is wrong for every step within two of the one at `ms`: neither accepted nor a
/// replay with window 1 (or 2).
fn wrong_code(ms: u64) -> String {
    let step = step_of(ms);
    let near: Vec<String> = (step - 2..=step + 2).map(code_for_step).collect();
    (0..).map(|n: u32| format!("{:06}", n * 7919 % 1_000_000)).find(|c| !near.contains(c)).unwrap()
}

fn verify_with(attempt: &Attempt<'_>, state: &AttemptState, policy: AttemptPolicy) -> Outcome {
    attempt::verify(&secret(), attempt, state, TotpParams::default(), policy).unwrap()
}

fn verify(attempt: &Attempt<'_>, state: &AttemptState) -> Outcome {
    verify_with(attempt, state, AttemptPolicy::default())
}

/// An attempt from no remembered device.
fn plain(token: &str, now_ms: u64, state: &AttemptState) -> Outcome {
    verify(&Attempt::new(token, now_ms), state)
}

/// An attempt carrying a device token.
fn from_device(token: &str, now_ms: u64, device: &str, state: &AttemptState) -> Outcome {
    verify(&Attempt { token, now_ms, device: Some(device), remember_device: false }, state)
}

/// A shared-path attempt asking to remember the device.
fn remembering(token: &str, now_ms: u64, state: &AttemptState) -> Outcome {
    verify(&Attempt { token, now_ms, device: None, remember_device: true }, state)
}

/// A device as a test builds it: any text is a token, and its id is what the state keeps.
fn device_with(token: &str, failures: u64, last_used_ms: u64) -> Device {
    Device {
        id: DeviceId::of_token(token),
        counter: Counter { failures, locked_until_ms: None },
        last_used_ms,
    }
}

fn counter(failures: u64) -> Counter {
    Counter { failures, locked_until_ms: None }
}

/// Backup codes and their hashes, made once (each hash is one PBKDF2 run).
fn backup_fixture() -> &'static (Vec<String>, Vec<String>) {
    static FIXTURE: OnceLock<(Vec<String>, Vec<String>)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let codes = backup::generate(3).unwrap();
        let hashes = codes.iter().map(|code| backup::hash(code).unwrap()).collect();
        (codes, hashes)
    })
}

fn backup_attempt(token: &str, now_ms: u64, state: &AttemptState, remember_device: bool) -> Outcome {
    let (_, hashes) = backup_fixture();
    let attempt = Attempt { token, now_ms, device: None, remember_device };
    attempt::verify_backup(hashes, &attempt, state, BackupPolicy::default()).unwrap()
}

fn is_device_token(token: &str) -> bool {
    token.strip_prefix("d1.").is_some_and(|rest| {
        rest.len() == 22 && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

// ---------------------------------------------------------------------------------------------
// Replay

#[test]
fn a_success_sets_last_step_and_a_replay_changes_nothing() {
    assert_ne!(code_for_step(S0), code_for_step(S0 + 1), "the test needs distinct codes");
    let ok = plain(&code_at(T0_MS), T0_MS, &AttemptState::default());
    assert_eq!(ok.reason, Reason::Ok);
    assert!(ok.ok());
    assert_eq!(ok.matched, Some(0));
    assert_eq!(ok.state, AttemptState { last_step: Some(S0), ..AttemptState::default() });
    assert_eq!((ok.retry_after_seconds, ok.device_id, ok.device_token.is_none()), (None, None, true));

    let replay = plain(&code_at(T0_MS), T0_MS + 5_000, &ok.state);
    assert_eq!(replay.reason, Reason::Replayed);
    assert!(!replay.ok());
    assert_eq!(replay.state, ok.state, "a replay is not a failure");
    assert_eq!((replay.matched, replay.retry_after_seconds), (None, None));
    // The previous step's code is older than the accepted one: also a replay.
    let older = plain(&code_for_step(S0 - 1), T0_MS + 5_000, &ok.state);
    assert_eq!((older.reason, &older.state), (Reason::Replayed, &ok.state));
    // The next step's code is fresh, early (delta +1) or on time.
    let early = plain(&code_for_step(S0 + 1), T0_MS + 5_000, &ok.state);
    assert_eq!((early.reason, early.matched, early.state.last_step), (Reason::Ok, Some(1), Some(S0 + 1)));
    let next = plain(&code_for_step(S0 + 1), T0_MS + STEP_MS, &ok.state);
    assert_eq!((next.reason, next.matched, next.state.last_step), (Reason::Ok, Some(0), Some(S0 + 1)));
    // A late code (delta -1) is accepted once, and its step is the one recorded.
    let late = plain(&code_for_step(S0 + 1), T0_MS + 2 * STEP_MS, &ok.state);
    assert_eq!((late.reason, late.matched, late.state.last_step), (Reason::Ok, Some(-1), Some(S0 + 1)));
    let again = plain(&code_for_step(S0 + 1), T0_MS + 2 * STEP_MS, &late.state);
    assert_eq!(again.reason, Reason::Replayed);
}

#[test]
fn replays_are_never_counted() {
    // One failure short of a lockout, on the shared path and on a device.
    let token = "d1.replayed-device";
    let state = AttemptState {
        last_step: Some(S0),
        shared: counter(4),
        devices: vec![device_with(token, 4, T0_MS)],
        ..AttemptState::default()
    };
    let replayed = code_for_step(S0);
    for i in 0..200 {
        let now = T0_MS + i * 100;
        let shared = plain(&replayed, now, &state);
        assert_eq!((shared.reason, &shared.state), (Reason::Replayed, &state), "#{i}");
        let device = from_device(&replayed, now, token, &state);
        assert_eq!((device.reason, &device.state), (Reason::Replayed, &state), "#{i}");
        assert_eq!(device.device_id, Some(DeviceId::of_token(token)));
    }
    // A real failure is still the fifth.
    let fifth = plain(&wrong_code(T0_MS), T0_MS, &state);
    assert_eq!((fifth.reason, fifth.retry_after_seconds), (Reason::Invalid, Some(300)));
}

// ---------------------------------------------------------------------------------------------
// Counting failures and lockouts on the shared path

#[test]
fn malformed_and_wrong_codes_count_as_failures() {
    let mut state = AttemptState::default();
    let tokens = ["12a456", "12345", "1234567", "", "１２３４５６", "12-456"];
    for (n, token) in tokens.iter().enumerate().take(4) {
        let r = plain(token, T0_MS, &state);
        assert_eq!((r.reason, r.state.shared.failures), (Reason::Malformed, n as u64 + 1), "{token:?}");
        state = r.state;
    }
    let wrong = plain(&wrong_code(T0_MS), T0_MS, &state);
    assert_eq!((wrong.reason, wrong.state.shared.failures), (Reason::Invalid, 5));
    assert!(!wrong.ok());
    // Spaces inside a code are ignored, as in totp::check.
    let later = T0_MS + 300_000;
    let code = code_at(later);
    let spaced = format!("{} {}", &code[..3], &code[3..]);
    let ok = plain(&spaced, later, &wrong.state);
    assert_eq!(ok.reason, Reason::Ok);
    for token in &tokens[4..] {
        assert_eq!(plain(token, T0_MS, &AttemptState::default()).reason, Reason::Malformed);
    }
}

#[test]
fn the_fifth_failure_locks_and_reports_its_own_reason() {
    let mut state = AttemptState::default();
    for n in 1..=4 {
        let r = plain(&wrong_code(T0_MS), T0_MS, &state);
        assert_eq!((r.reason, r.state.shared.failures, r.retry_after_seconds), (Reason::Invalid, n, None));
        assert_eq!(r.state.shared.locked_until_ms, None);
        state = r.state;
    }
    let fifth = plain("12", T0_MS, &state);
    assert_eq!(fifth.reason, Reason::Malformed);
    assert_eq!(fifth.state.shared, Counter { failures: 5, locked_until_ms: Some(T0_MS + 300_000) });
    assert_eq!(fifth.retry_after_seconds, Some(300));

    // While locked even the right code is not checked, and the state is unchanged.
    let locked = plain(&code_at(T0_MS + 100_000), T0_MS + 100_000, &fifth.state);
    assert_eq!(locked.reason, Reason::Locked);
    assert_eq!(locked.state, fifth.state);
    assert_eq!(locked.retry_after_seconds, Some(200));
    assert_eq!(plain("x", T0_MS + 299_001, &fifth.state).retry_after_seconds, Some(1));
    assert_eq!(plain("x", T0_MS + 299_999, &fifth.state).retry_after_seconds, Some(1));

    // Once it ends, the right code works and resets the run.
    let after = plain(&code_at(T0_MS + 300_000), T0_MS + 300_000, &fifth.state);
    assert_eq!(after.reason, Reason::Ok);
    assert_eq!(after.state.shared, Counter::default());
}

#[test]
fn repeated_lockouts_double_up_to_a_day() {
    let policy = AttemptPolicy::default();
    assert_eq!(policy, AttemptPolicy { window: 1, max_failures: 5, lockout_seconds: 300 });
    let lengths: Vec<u64> = (1..=12).map(|n| policy.lockout_for(n)).collect();
    assert_eq!(lengths, [300, 600, 1200, 2400, 4800, 9600, 19_200, 38_400, 76_800, 86_400, 86_400, 86_400]);
    assert_eq!(policy.lockout_for(u64::MAX), MAX_LOCKOUT_SECONDS);
    assert_eq!(policy.lockout_for(0), 300);
    // A policy whose first lockout is a day keeps it.
    let long = AttemptPolicy { lockout_seconds: 86_400, ..policy };
    assert_eq!(long.lockout_for(3), 86_400);
    let short = AttemptPolicy { lockout_seconds: 1, ..policy };
    assert_eq!((short.lockout_for(1), short.lockout_for(17), short.lockout_for(18)), (1, 65_536, 86_400));

    let tenth = plain("000000x", T0_MS, &AttemptState { shared: counter(9), ..AttemptState::default() });
    assert_eq!(tenth.retry_after_seconds, Some(600));
    assert_eq!(tenth.state.shared.locked_until_ms, Some(T0_MS + 600_000));
    let fiftieth = plain("x", T0_MS, &AttemptState { shared: counter(49), ..AttemptState::default() });
    assert_eq!(fiftieth.retry_after_seconds, Some(86_400));
    // Other max_failures: every third failure locks.
    let every_third = AttemptPolicy { max_failures: 3, ..policy };
    let sixth = verify_with(&Attempt::new("x", T0_MS), &AttemptState { shared: counter(5), ..AttemptState::default() }, every_third);
    assert_eq!(sixth.retry_after_seconds, Some(600));
    let seventh = verify_with(&Attempt::new("x", T0_MS), &AttemptState { shared: counter(6), ..AttemptState::default() }, every_third);
    assert_eq!(seventh.retry_after_seconds, None);
}

#[test]
fn a_lockout_never_has_more_than_a_day_left() {
    // A clock that stepped back, or a tampered row: the stored end is ten days away.
    let far = Counter { failures: 5, locked_until_ms: Some(T0_MS + 10 * DAY_MS) };
    assert_eq!(far.locked_for(T0_MS), Some(86_400));
    assert_eq!(far.locked_for(T0_MS + 10 * DAY_MS - 1), Some(1));
    assert_eq!(far.locked_for(T0_MS + 10 * DAY_MS), None);
    assert_eq!(Counter { failures: 5, locked_until_ms: Some(u64::MAX) }.locked_for(0), Some(86_400));
    assert_eq!(Counter::default().locked_for(T0_MS), None);

    let token = "d1.capped";
    let state = AttemptState {
        shared: far,
        backup: far,
        devices: vec![Device { counter: far, ..device_with(token, 0, 0) }],
        ..AttemptState::default()
    };
    for r in [
        plain(&code_at(T0_MS), T0_MS, &state),
        from_device(&code_at(T0_MS), T0_MS, token, &state),
        backup_attempt("not a code", T0_MS, &state, false),
    ] {
        assert_eq!((r.reason, r.retry_after_seconds), (Reason::Locked, Some(86_400)));
        assert_eq!(r.state, state);
    }
}

#[test]
fn a_hundred_failures_close_the_shared_path_until_a_backup_code() {
    assert_eq!(FAILURE_LIMIT, 100);
    // Drive a fresh state as an attacker would: a guess whenever the path is open.
    let policy = AttemptPolicy::default();
    let mut state = AttemptState::default();
    let mut now = T0_MS;
    let mut lockouts = Vec::new();
    let mut failures = 0;
    loop {
        let r = plain(&wrong_code(now), now, &state);
        assert_eq!(r.reason, Reason::Invalid, "failure {}", failures + 1);
        failures += 1;
        assert_eq!(r.state.shared.failures, failures);
        state = r.state;
        if failures == FAILURE_LIMIT {
            assert_eq!(r.retry_after_seconds, None, "the hundredth closes; it does not lock");
            break;
        }
        if let Some(seconds) = r.retry_after_seconds {
            assert_eq!(failures % 5, 0);
            assert_eq!(seconds, policy.lockout_for(failures / 5));
            assert_eq!(state.shared.locked_until_ms, Some(now + seconds * 1000));
            // One millisecond before it ends, still locked; then open.
            let before = plain(&wrong_code(now), now + seconds * 1000 - 1, &state);
            assert_eq!((before.reason, &before.state), (Reason::Locked, &state));
            lockouts.push(seconds);
            now += seconds * 1000;
        } else {
            assert_ne!(failures % 5, 0);
            now += 1;
        }
    }
    assert_eq!(lockouts.len(), 19);
    assert_eq!(lockouts.iter().sum::<u64>(), 153_300 + 10 * 86_400);
    assert_eq!(state.shared, Counter { failures: 100, locked_until_ms: None });
    assert!(state.shared.is_closed());

    // Closed: refused unchecked, with no time to retry after, even the right code, even later.
    for later in [now, now + DAY_MS, now + 365 * DAY_MS] {
        let r = plain(&code_at(later), later, &state);
        assert_eq!((r.reason, r.retry_after_seconds), (Reason::Locked, None));
        assert_eq!(r.state, state);
    }
    // A 0.1 state may hold more than a hundred: closed too, and read as a hundred.
    let old = Counter { failures: 150, locked_until_ms: None };
    assert!(old.is_closed());
    assert_eq!(old.failures(), 100);
    assert_eq!(plain(&code_at(now), now, &AttemptState { shared: old, ..AttemptState::default() }).reason, Reason::Locked);

    // A backup code opens it again, and the TOTP code works after.
    let (codes, _) = backup_fixture();
    let opened = backup_attempt(&codes[1], now, &state, false);
    assert_eq!((opened.reason, opened.matched), (Reason::Ok, Some(1)));
    assert_eq!(opened.state.shared, Counter::default());
    let totp = plain(&code_at(now + STEP_MS), now + STEP_MS, &opened.state);
    assert_eq!(totp.reason, Reason::Ok);
    // And it counts from zero again: the next lockout is the first one's length.
    let mut state = opened.state;
    for _ in 0..5 {
        let r = plain(&wrong_code(now), now, &state);
        state = r.state;
        if state.shared.failures == 5 {
            assert_eq!(r.retry_after_seconds, Some(300));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Remembered devices

#[test]
fn remembering_a_device_on_a_shared_success() {
    let start = AttemptState { shared: counter(3), ..AttemptState::default() };
    let r = remembering(&code_at(T0_MS), T0_MS, &start);
    assert_eq!(r.reason, Reason::Ok);
    let token = r.device_token.as_ref().unwrap().to_string();
    assert!(is_device_token(&token), "{token}");
    let id = DeviceId::of_token(&token);
    assert_eq!(r.device_id, Some(id));
    assert_eq!(r.state.devices, vec![Device { id, counter: Counter::default(), last_used_ms: T0_MS }]);
    assert_eq!(r.state.shared, Counter::default(), "a shared success resets the shared counter");
    // The id is what the state stores, as 22 base64url characters, and reads back.
    assert_eq!(id.to_text().len(), 22);
    assert_eq!(DeviceId::from_text(&id.to_text()).unwrap(), id);
    assert_ne!(DeviceId::of_token(&format!("{token}x")), id);

    // Another remembered device gets another token.
    let again = remembering(&code_at(T0_MS + STEP_MS), T0_MS + STEP_MS, &r.state);
    let second = again.device_token.as_ref().unwrap().to_string();
    assert!(is_device_token(&second) && second != token);
    assert_eq!(again.state.devices.len(), 2);
    // Without remember_device, nothing is remembered.
    let not = plain(&code_at(T0_MS + 2 * STEP_MS), T0_MS + 2 * STEP_MS, &again.state);
    assert_eq!((not.device_id, not.device_token.is_none()), (None, true));
    assert_eq!(not.state.devices, again.state.devices);
}

#[test]
fn a_device_success_resets_only_that_device() {
    let (a, b) = ("d1.device-a", "d1.device-b");
    let state = AttemptState {
        last_step: Some(S0 - 1),
        shared: counter(3),
        devices: vec![device_with(a, 3, 1_000), device_with(b, 3, 2_000)],
        ..AttemptState::default()
    };
    let r = from_device(&code_at(T0_MS), T0_MS, a, &state);
    assert_eq!((r.reason, r.device_id), (Reason::Ok, Some(DeviceId::of_token(a))));
    assert_eq!(r.state.devices[0], device_with(a, 0, T0_MS));
    assert_eq!(r.state.devices[1], state.devices[1], "the other device is untouched");
    assert_eq!(r.state.shared, counter(3), "a device success does not reset the shared counter");
    assert_eq!(r.state.last_step, Some(S0));
    assert!(r.device_token.is_none());

    // remember_device on a device success hands back the same token, and adds no device.
    let attempt = Attempt { token: &code_at(T0_MS), now_ms: T0_MS, device: Some(b), remember_device: true };
    let r = verify(&attempt, &state);
    assert_eq!(r.reason, Reason::Ok);
    assert_eq!(r.device_token.as_deref().map(String::as_str), Some(b));
    assert_eq!(r.state.devices.len(), 2);
    assert_eq!(r.state.devices[1], device_with(b, 0, T0_MS));
}

#[test]
fn a_device_counts_only_its_own_failures() {
    let token = "d1.own-failures";
    let state = AttemptState { devices: vec![device_with(token, 0, T0_MS)], ..AttemptState::default() };
    let mut now = T0_MS;
    let mut s = state;
    for n in 1..=5 {
        let r = from_device(&wrong_code(now), now, token, &s);
        assert_eq!((r.reason, r.device_id), (Reason::Invalid, Some(DeviceId::of_token(token))));
        assert_eq!(r.state.devices[0].counter.failures, n);
        assert_eq!(r.state.shared, Counter::default(), "not the shared counter");
        s = r.state;
    }
    assert_eq!(s.devices[0].counter.locked_until_ms, Some(now + 300_000));
    // The device is locked; the shared path is not.
    let locked = from_device(&code_at(now), now, token, &s);
    assert_eq!((locked.reason, locked.retry_after_seconds), (Reason::Locked, Some(300)));
    assert_eq!(locked.device_id, Some(DeviceId::of_token(token)));
    let shared = plain(&code_at(now), now, &s);
    assert_eq!(shared.reason, Reason::Ok);
    // And the device's lockouts double like the shared path's.
    now += 300_000;
    for _ in 0..5 {
        s = from_device(&wrong_code(now), now, token, &s).state;
    }
    assert_eq!(s.devices[0].counter, Counter { failures: 10, locked_until_ms: Some(now + 600_000) });
}

#[test]
fn an_attacker_without_the_token_cannot_lock_a_remembered_device() {
    let enrolled = remembering(&code_at(T0_MS), T0_MS, &AttemptState::default());
    let token = enrolled.device_token.as_ref().unwrap().to_string();
    let device = enrolled.state.devices[0].clone();
    // Everything an attacker might send instead of the token counts as shared.
    let id_text = device.id.to_text();
    let forged = [
        None,
        Some("d1.AAAAAAAAAAAAAAAAAAAAAA".to_owned()),
        Some(String::new()),
        Some(token.to_uppercase()),
        Some(token[..token.len() - 1].to_owned()),
        Some(format!("{token} ")),
        Some(id_text.clone()),
        Some(format!("d1.{id_text}")),
    ];
    let mut state = enrolled.state;
    let mut now = T0_MS + STEP_MS;
    let mut guesses = 0;
    while !state.shared.is_closed() {
        let device_text = forged[guesses % forged.len()].as_deref();
        let attempt = Attempt { token: &wrong_code(now), now_ms: now, device: device_text, remember_device: false };
        let r = verify(&attempt, &state);
        match r.reason {
            Reason::Locked => now += r.retry_after_seconds.unwrap() * 1000,
            reason => {
                assert_eq!(reason, Reason::Invalid);
                assert_eq!(r.device_id, None, "{device_text:?} is not the device");
                guesses += 1;
            }
        }
        state = r.state;
        assert_eq!(state.devices, vec![device.clone()], "the device's counter never moves");
    }
    assert_eq!(guesses as u64, FAILURE_LIMIT);
    // The owner, with the token, still signs in; the shared path stays closed.
    let owner = from_device(&code_at(now), now, &token, &state);
    assert_eq!((owner.reason, owner.device_id), (Reason::Ok, Some(device.id)));
    assert!(owner.state.shared.is_closed());
    assert_eq!(plain(&code_at(now + STEP_MS), now + STEP_MS, &owner.state).reason, Reason::Locked);
}

#[test]
fn a_device_that_fails_a_hundred_times_is_forgotten() {
    let (token, other) = ("d1.stolen-laptop", "d1.phone");
    let mut state = AttemptState {
        devices: vec![device_with(other, 0, 0), device_with(token, 0, 0)],
        ..AttemptState::default()
    };
    let id = DeviceId::of_token(token);
    let mut now = T0_MS;
    let mut failures = 0;
    loop {
        let r = from_device(&wrong_code(now), now, token, &state);
        if r.reason == Reason::Locked {
            now += r.retry_after_seconds.unwrap() * 1000;
            continue;
        }
        assert_eq!((r.reason, r.device_id), (Reason::Invalid, Some(id)));
        failures += 1;
        state = r.state;
        assert_eq!(state.shared, Counter::default(), "never the shared counter");
        if failures < FAILURE_LIMIT {
            assert_eq!(state.devices[1].counter.failures, failures);
        } else {
            break;
        }
    }
    assert_eq!(state.devices, vec![device_with(other, 0, 0)], "forgotten; the other device stays");
    // The token now counts as no device: shared.
    let r = from_device(&wrong_code(now), now, token, &state);
    assert_eq!((r.reason, r.device_id, r.state.shared.failures), (Reason::Invalid, None, 1));
    // Straight from a stored 99 too.
    let state = AttemptState { devices: vec![device_with(token, 99, 0)], ..AttemptState::default() };
    let r = from_device("12345", T0_MS, token, &state);
    assert_eq!((r.reason, r.device_id, r.retry_after_seconds), (Reason::Malformed, Some(id), None));
    assert!(r.state.devices.is_empty());
    assert_eq!(r.state.shared, Counter::default());
}

#[test]
fn the_least_recently_used_device_is_forgotten_at_ten() {
    assert_eq!(MAX_DEVICES, 10);
    let mut state = AttemptState::default();
    let mut tokens = Vec::new();
    let mut step = S0;
    for _ in 0..MAX_DEVICES {
        let now = step * STEP_MS;
        let r = remembering(&code_for_step(step), now, &state);
        assert_eq!(r.reason, Reason::Ok);
        tokens.push(r.device_token.unwrap().to_string());
        state = r.state;
        step += 1;
    }
    assert_eq!(state.devices.len(), 10);
    // Device 0, the oldest remembered, signs in again: device 1 is now the least recently used.
    let r = from_device(&code_for_step(step), step * STEP_MS, &tokens[0], &state);
    assert_eq!(r.reason, Reason::Ok);
    state = r.state;
    step += 1;
    let r = remembering(&code_for_step(step), step * STEP_MS, &state);
    assert_eq!(r.reason, Reason::Ok);
    let eleventh = r.device_token.unwrap().to_string();
    state = r.state;
    step += 1;
    assert_eq!(state.devices.len(), 10);
    let ids: Vec<DeviceId> = state.devices.iter().map(|d| d.id).collect();
    assert!(!ids.contains(&DeviceId::of_token(&tokens[1])), "device 1 forgotten");
    assert!(ids.contains(&DeviceId::of_token(&tokens[0])), "device 0 kept: used recently");
    assert!(ids.contains(&DeviceId::of_token(&eleventh)));
    for token in &tokens[2..] {
        assert!(ids.contains(&DeviceId::of_token(token)));
    }
    // The forgotten device's token counts as shared.
    let r = from_device(&code_for_step(step), step * STEP_MS, &tokens[1], &state);
    assert_eq!((r.reason, r.device_id), (Reason::Ok, None));

    // From a stored full list, by last_used_ms, not by position.
    let mut devices: Vec<Device> = (0..10).map(|i| device_with(&format!("d1.{i}"), 0, 1_000 + i)).collect();
    devices[6].last_used_ms = 5;
    let full = AttemptState { devices, ..AttemptState::default() };
    let r = remembering(&code_at(T0_MS), T0_MS, &full);
    assert_eq!(r.state.devices.len(), 10);
    assert!(!r.state.devices.iter().any(|d| d.id == DeviceId::of_token("d1.6")));
    assert_eq!(r.state.devices.last().unwrap().id, r.device_id.unwrap());
}

#[test]
fn a_stored_state_is_checked() {
    let eleven = AttemptState {
        devices: (0..11).map(|i| device_with(&format!("d1.{i}"), 0, 0)).collect(),
        ..AttemptState::default()
    };
    for err in [eleven.check().unwrap_err(), attempt::verify(&secret(), &Attempt::new("123456", T0_MS), &eleven, TotpParams::default(), AttemptPolicy::default()).unwrap_err()] {
        assert_eq!((err.kind(), err.argument()), (ErrorKind::OutOfRange, "state.devices"));
        assert_eq!(err.to_string(), "state.devices: must have at most 10 entries, got 11");
    }
    let err = attempt::verify_backup(&[] as &[&str], &Attempt::new("x", T0_MS), &eleven, BackupPolicy::default()).unwrap_err();
    assert_eq!(err.argument(), "state.devices");
    let ten = AttemptState { devices: eleven.devices[..10].to_vec(), ..AttemptState::default() };
    ten.check().unwrap();

    AttemptState { last_step: Some(MAX_COUNTER), ..AttemptState::default() }.check().unwrap();
    let far = AttemptState { last_step: Some(MAX_COUNTER + 1), ..AttemptState::default() };
    let err = far.check().unwrap_err();
    assert_eq!((err.kind(), err.argument()), (ErrorKind::OutOfRange, "state.lastStep"));
    assert_eq!(err.to_string(), "state.lastStep: must be a time step from 0 to 2^53 - 1");
    for bad in ["", "AAAA", "AAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAA+", "AAAAAAAAAAAAAAAAAAAAA="] {
        let err = DeviceId::from_text(bad).unwrap_err();
        assert_eq!((err.kind(), err.argument()), (ErrorKind::Invalid, "state.devices"), "{bad:?}");
    }
    DeviceId::from_text("AAAAAAAAAAAAAAAAAAAAAA").unwrap();
    DeviceId::from_text("-_-_-_-_-_-_-_-_-_-_-w").unwrap();
}

// ---------------------------------------------------------------------------------------------
// No fresh step in the window

#[test]
fn just_after_a_success_on_the_newest_step_nothing_counts_until_a_fresh_step() {
    // At step S0 the owner types the next step's code (delta +1): no step of the window
    // (S0 - 1 ..= S0 + 1) is newer than the last accepted one until S0 + 1.
    let ok = plain(&code_for_step(S0 + 1), T0_MS, &AttemptState::default());
    assert_eq!((ok.reason, ok.matched, ok.state.last_step), (Reason::Ok, Some(1), Some(S0 + 1)));
    for i in 0..20 {
        let now = T0_MS + 1_000 + i * 500;
        let r = plain(&wrong_code(now), now, &ok.state);
        assert_eq!(r.reason, Reason::Locked);
        let until_next_step = ((S0 + 1) * STEP_MS - now).div_ceil(1000);
        assert_eq!(r.retry_after_seconds, Some(until_next_step));
        assert_eq!(r.state, ok.state, "nothing is counted");
    }
    // A malformed token is not counted either: no code could have succeeded.
    for token in ["12345", "abcdef", ""] {
        let r = plain(token, T0_MS + 1_000, &ok.state);
        assert_eq!((r.reason, &r.state), (Reason::Locked, &ok.state), "{token:?}");
    }
    let last_ms = (S0 + 1) * STEP_MS - 1;
    assert_eq!(plain(&wrong_code(last_ms), last_ms, &ok.state).retry_after_seconds, Some(1));
    // The code for the step in progress is a replay (its step is before the accepted one).
    assert_eq!(plain(&code_for_step(S0), T0_MS + 1_000, &ok.state).reason, Reason::Replayed);
    // From the next step on, failures count again.
    let at = (S0 + 1) * STEP_MS;
    let r = plain(&wrong_code(at), at, &ok.state);
    assert_eq!((r.reason, r.state.shared.failures), (Reason::Invalid, 1));
}

#[test]
fn a_server_clock_that_stepped_back_refuses_until_it_catches_up() {
    let token = "d1.laptop";
    let start = AttemptState { devices: vec![device_with(token, 0, 0)], ..AttemptState::default() };
    let ok = plain(&code_at(T0_MS), T0_MS, &start);
    assert_eq!(ok.state.last_step, Some(S0));
    // The clock steps back ten minutes (to 10 s into step S0 - 20).
    let back = T0_MS - 600_000;
    for i in 0..50 {
        let now = back + i * 1_000;
        for r in [plain(&wrong_code(now), now, &ok.state), from_device(&wrong_code(now), now, token, &ok.state)] {
            assert_eq!(r.reason, Reason::Locked, "#{i}");
            // Until step S0, whose window (S0 - 1 ..= S0 + 1) holds a fresh step.
            assert_eq!(r.retry_after_seconds, Some((S0 * STEP_MS - now).div_ceil(1000)));
            assert_eq!(r.state, ok.state, "nothing is counted");
        }
    }
    let malformed = from_device("1234567", back, token, &ok.state);
    assert_eq!((malformed.reason, &malformed.state), (Reason::Locked, &ok.state));
    assert_eq!(malformed.device_id, Some(DeviceId::of_token(token)));
    // The owner's app, on the stepped-back clock too, shows an old step's code: a replay.
    let owner = plain(&code_at(back), back, &ok.state);
    assert_eq!((owner.reason, &owner.state), (Reason::Replayed, &ok.state));
    // A year back, the wait is capped at a day: the caller asks again then.
    let year_back = T0_MS - 365 * DAY_MS;
    let r = plain(&wrong_code(year_back), year_back, &ok.state);
    assert_eq!((r.reason, &r.state), (Reason::Locked, &ok.state));
    assert_eq!(r.retry_after_seconds, Some(86_400));
    // Once the clock is back at step S0, failures count (S0 + 1 is fresh) and S0 + 1 signs in.
    let at = S0 * STEP_MS + 20_000;
    assert_eq!(plain(&wrong_code(at), at, &ok.state).state.shared.failures, 1);
    assert_eq!(plain(&code_for_step(S0 + 1), at, &ok.state).reason, Reason::Ok);
}

// ---------------------------------------------------------------------------------------------
// Bounds

#[test]
fn times_in_the_output_never_exceed_2_pow_53_minus_1() {
    assert_eq!(MAX_TIME_MS, (1 << 53) - 1);
    let token = "d1.bounds";
    let state = AttemptState {
        shared: counter(4),
        devices: vec![device_with(token, 4, 0)],
        ..AttemptState::default()
    };
    let below = |state: &AttemptState| {
        state.shared.locked_until_ms.is_none_or(|t| t <= MAX_TIME_MS)
            && state.backup.locked_until_ms.is_none_or(|t| t <= MAX_TIME_MS)
            && state.devices.iter().all(|d| {
                d.last_used_ms <= MAX_TIME_MS && d.counter.locked_until_ms.is_none_or(|t| t <= MAX_TIME_MS)
            })
    };
    // The latest time an attempt may be made at (later ones are refused: see
    // a_lockout_started_at_the_latest_time_is_in_force).
    for now in [attempt::MAX_ATTEMPT_TIME_MS - 1_000, attempt::MAX_ATTEMPT_TIME_MS] {
        let shared = plain("x", now, &state);
        assert!(shared.state.shared.locked_until_ms.is_some());
        let device = from_device("x", now, token, &state);
        assert!(device.state.devices[0].counter.locked_until_ms.is_some());
        let ok = remembering(&code_at(now), now, &AttemptState::default());
        assert_eq!(ok.reason, Reason::Ok);
        let device_ok = from_device(&code_at(now), now, token, &state);
        assert_eq!(device_ok.reason, Reason::Ok);
        let backup = backup_attempt("x", now, &AttemptState { backup: counter(9), ..AttemptState::default() }, false);
        assert!(backup.state.backup.locked_until_ms.is_some());
        for r in [&shared, &device, &ok, &device_ok, &backup] {
            assert!(below(&r.state), "{now}: {:?}", r.state);
            assert!(r.state.last_step.is_none_or(|s| s <= MAX_COUNTER));
        }
    }
    // A time whose step is beyond 2^53 - 1 is refused.
    let per_second = TotpParams { period: Period::new(1).unwrap(), ..TotpParams::default() };
    let err = attempt::verify(&secret(), &Attempt::new("123456", u64::MAX), &AttemptState::default(), per_second, AttemptPolicy::default()).unwrap_err();
    assert_eq!((err.kind(), err.argument()), (ErrorKind::OutOfRange, "time"));
}

#[test]
fn a_lockout_started_at_the_latest_time_is_in_force() {
    // The latest attempt time leaves room for the longest lockout below 2^53 - 1 ms, so a
    // lockout started then is in force and its end is a number JavaScript holds exactly.
    let latest = attempt::MAX_ATTEMPT_TIME_MS;
    let fifth = plain("x", latest, &AttemptState { shared: counter(4), ..AttemptState::default() });
    assert_eq!(fifth.retry_after_seconds, Some(300));
    assert!(fifth.state.shared.locked_until_ms.is_some_and(|until| until > latest && until <= MAX_TIME_MS));
    let next = plain("x", latest, &fifth.state);
    assert_eq!(next.reason, Reason::Locked);
    // Later is refused, not misjudged.
    for now in [latest + 1, MAX_TIME_MS, MAX_TIME_MS + 1] {
        let err = attempt::verify(&secret(), &Attempt::new("x", now), &fifth.state, TotpParams::default(), AttemptPolicy::default()).unwrap_err();
        assert_eq!((err.kind(), err.argument()), (ErrorKind::OutOfRange, "time"));
        let err = attempt::verify_backup::<&str>(&[], &Attempt::new("x", now), &fifth.state, BackupPolicy::default()).unwrap_err();
        assert_eq!(err.argument(), "time");
    }
}

#[test]
fn the_wait_for_a_fresh_step_fits_a_javascript_number() {
    // state.check accepts last_step up to 2^53 - 1; the wait is capped at 24 hours (then the
    // caller asks again), so it is a number JavaScript holds exactly.
    let state = AttemptState { last_step: Some(MAX_COUNTER), ..AttemptState::default() };
    let r = plain(&wrong_code(T0_MS), T0_MS, &state);
    assert_eq!(r.reason, Reason::Locked);
    assert_eq!(r.retry_after_seconds, Some(86_400));
    assert_eq!(r.state, state);
}

#[test]
fn policy_ranges_are_checked() {
    let check = |policy: AttemptPolicy| {
        attempt::verify(&secret(), &Attempt::new("123456", T0_MS), &AttemptState::default(), TotpParams::default(), policy)
            .unwrap_err()
            .to_string()
    };
    let base = AttemptPolicy::default();
    assert_eq!(check(AttemptPolicy { window: 11, ..base }), "window: must be an integer from 0 to 10, got 11");
    assert_eq!(check(AttemptPolicy { max_failures: 0, ..base }), "maxFailures: must be an integer from 1 to 100, got 0");
    assert_eq!(check(AttemptPolicy { max_failures: 101, ..base }), "maxFailures: must be an integer from 1 to 100, got 101");
    assert_eq!(check(AttemptPolicy { lockout_seconds: 0, ..base }), "lockoutSeconds: must be an integer from 1 to 86400, got 0");
    assert_eq!(check(AttemptPolicy { lockout_seconds: 86_401, ..base }), "lockoutSeconds: must be an integer from 1 to 86400, got 86401");
    for ok in [AttemptPolicy { window: 0, max_failures: 1, lockout_seconds: 1 }, AttemptPolicy { window: 10, max_failures: 100, lockout_seconds: 86_400 }] {
        ok.validate().unwrap();
    }
    let backup = |policy: BackupPolicy| policy.validate().map_err(|e| e.to_string());
    assert_eq!(BackupPolicy::default(), BackupPolicy { max_failures: 10, lockout_seconds: 60 });
    assert_eq!(backup(BackupPolicy { max_failures: 0, lockout_seconds: 60 }).unwrap_err(), "maxFailures: must be an integer from 1 to 100, got 0");
    assert_eq!(backup(BackupPolicy { max_failures: 10, lockout_seconds: 86_401 }).unwrap_err(), "lockoutSeconds: must be an integer from 1 to 86400, got 86401");
    backup(BackupPolicy { max_failures: 100, lockout_seconds: 86_400 }).unwrap();
}

#[test]
fn reasons_have_their_javascript_names() {
    let names: Vec<&str> = [Reason::Ok, Reason::Invalid, Reason::Replayed, Reason::Locked, Reason::Malformed]
        .iter()
        .map(|r| r.as_str())
        .collect();
    assert_eq!(names, ["ok", "invalid", "replayed", "locked", "malformed"]);
}

// ---------------------------------------------------------------------------------------------
// Backup codes

#[test]
fn a_backup_code_signs_in_resets_both_counters_and_can_remember_the_device() {
    let (codes, _) = backup_fixture();
    let kept = device_with("d1.kept", 2, 0);
    let state = AttemptState {
        last_step: Some(S0),
        shared: counter(100),
        backup: counter(3),
        devices: vec![kept.clone()],
    };
    let r = backup_attempt(&codes[2], T0_MS, &state, false);
    assert_eq!((r.reason, r.matched, r.retry_after_seconds), (Reason::Ok, Some(2), None));
    assert_eq!(r.state, AttemptState { last_step: Some(S0), devices: vec![kept.clone()], ..AttemptState::default() });
    assert_eq!((r.device_id, r.device_token.is_none()), (None, true));
    // Typed loosely, and remembering the device.
    let typed = codes[0].to_lowercase().replace('-', " ");
    let r = backup_attempt(&typed, T0_MS, &state, true);
    assert_eq!((r.reason, r.matched), (Reason::Ok, Some(0)));
    let token = r.device_token.as_ref().unwrap().to_string();
    assert!(is_device_token(&token));
    assert_eq!(r.device_id, Some(DeviceId::of_token(&token)));
    assert_eq!(r.state.devices.len(), 2);
    assert_eq!(r.state.devices[1], Device { id: DeviceId::of_token(&token), counter: Counter::default(), last_used_ms: T0_MS });
    // That device then signs in with TOTP on its own counter.
    let totp = from_device(&code_at(T0_MS + STEP_MS), T0_MS + STEP_MS, &token, &r.state);
    assert_eq!((totp.reason, totp.device_id), (Reason::Ok, r.device_id));
}

#[test]
fn backup_codes_are_not_blocked_by_a_totp_lockout() {
    let (codes, _) = backup_fixture();
    let locked = AttemptState {
        shared: Counter { failures: 45, locked_until_ms: Some(T0_MS + 86_400_000) },
        ..AttemptState::default()
    };
    assert_eq!(plain(&code_at(T0_MS), T0_MS, &locked).reason, Reason::Locked);
    // A wrong backup code is checked and counts on the backup counter only.
    let wrong = backup_attempt("ZZZZZ-ZZZZZ-ZZZZZ", T0_MS, &locked, false);
    assert_eq!(wrong.reason, Reason::Invalid);
    assert_eq!(wrong.state.backup, counter(1));
    assert_eq!(wrong.state.shared, locked.shared);
    let right = backup_attempt(&codes[0], T0_MS, &wrong.state, false);
    assert_eq!(right.reason, Reason::Ok);
    assert_eq!((right.state.shared, right.state.backup), (Counter::default(), Counter::default()));
}

#[test]
fn backup_failures_lock_for_a_fixed_time_and_start_again() {
    let (codes, _) = backup_fixture();
    let totp_state = AttemptState { shared: counter(2), ..AttemptState::default() };
    let mut state = totp_state.clone();
    let mut now = T0_MS;
    for round in 0..3 {
        for n in 1..=10u64 {
            // Mostly malformed (no key derivation); one well-formed wrong code per round.
            let token = if n == 5 { "ZZZZZ-ZZZZZ-ZZZZZ" } else { "not a code" };
            let r = backup_attempt(token, now, &state, false);
            assert_eq!(r.reason, if n == 5 { Reason::Invalid } else { Reason::Malformed });
            assert_eq!(r.state.shared, counter(2), "backup failures never touch the shared counter");
            state = r.state;
            if n < 10 {
                assert_eq!((state.backup, r.retry_after_seconds), (counter(n), None), "round {round}");
            } else {
                // The tenth locks for 60 s, every round (no doubling), and the count restarts.
                assert_eq!(r.retry_after_seconds, Some(60), "round {round}");
                assert_eq!(state.backup, Counter { failures: 0, locked_until_ms: Some(now + 60_000) });
            }
        }
        // Locked: even the right code is refused unchecked, and nothing changes.
        let refused = backup_attempt(&codes[0], now + 59_001, &state, false);
        assert_eq!((refused.reason, refused.retry_after_seconds), (Reason::Locked, Some(1)));
        assert_eq!(refused.state, state);
        // A backup lockout does not block TOTP.
        let totp = plain(&code_at(now), now, &state);
        assert_eq!(totp.reason, Reason::Ok);
        now += 60_000;
    }
    // After the lockout the right code works.
    let r = backup_attempt(&codes[0], now, &state, false);
    assert_eq!((r.reason, r.state.backup), (Reason::Ok, Counter::default()));
    // A stored count above max_failures (another policy's) locks on the next failure.
    let r = backup_attempt("x", now, &AttemptState { backup: counter(40), ..AttemptState::default() }, false);
    assert_eq!(r.retry_after_seconds, Some(60));
}

#[test]
fn verify_backup_checks_every_hash() {
    let (codes, hashes) = backup_fixture();
    let mut table = hashes.clone();
    table.push("$pbkdf2-sha256$i=20000,l=32$bad".into());
    let err = attempt::verify_backup(&table, &Attempt::new(&codes[0], T0_MS), &AttemptState::default(), BackupPolicy::default()).unwrap_err();
    assert_eq!((err.kind(), err.argument()), (ErrorKind::Invalid, "hashes[3]"));
    // No hashes: nothing matches, and it counts.
    let r = attempt::verify_backup(&[] as &[&str], &Attempt::new(&codes[0], T0_MS), &AttemptState::default(), BackupPolicy::default()).unwrap();
    assert_eq!((r.reason, r.state.backup.failures), (Reason::Invalid, 1));
}

// ---------------------------------------------------------------------------------------------
// A 30-day siege

/// Each checked guess wins with probability at most 3 / 10^6 (three valid codes, window 1).
fn success_probability(guesses: u64) -> f64 {
    1.0 - (1.0 - 3e-6_f64).powi(i32::try_from(guesses).unwrap())
}

#[derive(Debug, Default)]
struct Siege {
    /// Attacker attempts that were checked (answered anything but Locked).
    guesses: u64,
    /// Attacker attempts answered Locked.
    refused: u64,
    owner_logins: u64,
    /// The guesses made after the owner's backup code reopened the shared path.
    guesses_after_backup: u64,
}

/// An attacker who guesses wrong codes as fast as the policy allows for 30 days: one the
/// moment the previous is answered, the moment a lockout ends, and (while the shared path is
/// closed) once a minute in case it reopens. The owner signs in once a day from the browser
/// remembered at enrolment; with `backup_day`, that day the owner is on a new browser and uses
/// a backup code (remembering that browser, which is used from then on).
fn siege(backup_day: Option<u64>) -> Siege {
    let (codes, hashes) = backup_fixture();
    let end = T0_MS + 30 * DAY_MS;
    let enrolled = remembering(&code_at(T0_MS), T0_MS, &AttemptState::default());
    assert_eq!(enrolled.reason, Reason::Ok);
    let mut device = enrolled.device_token.as_ref().unwrap().to_string();
    let mut state = enrolled.state;
    let mut report = Siege::default();
    let mut reopened = false;
    let mut attacker_at = T0_MS + STEP_MS;
    let mut owner_day = 1;
    let mut wrong: (u64, String) = (0, String::new());
    loop {
        let owner_at = T0_MS + owner_day * DAY_MS + 3_600_000;
        let now = attacker_at.min(owner_at);
        if now >= end {
            break;
        }
        if owner_at <= attacker_at {
            if Some(owner_day) == backup_day {
                assert!(state.shared.is_closed(), "day {owner_day}: the attacker closed the shared path");
                let attempt = Attempt { token: &codes[0], now_ms: now, device: None, remember_device: true };
                let r = attempt::verify_backup(hashes, &attempt, &state, BackupPolicy::default()).unwrap();
                assert_eq!((r.reason, r.matched), (Reason::Ok, Some(0)), "day {owner_day}: the backup code");
                assert_eq!(r.state.shared, Counter::default(), "the backup code reopens the shared path");
                device = r.device_token.as_ref().unwrap().to_string();
                assert_eq!(r.state.devices.len(), 2);
                reopened = true;
                state = r.state;
            } else {
                // A fresh step: the last accepted one is a day old.
                assert!(state.last_step.is_none_or(|last| step_of(now) > last + 1));
                let r = from_device(&code_at(now), now, &device, &state);
                assert_eq!(r.reason, Reason::Ok, "day {owner_day}: the owner was refused");
                assert_eq!(r.state.shared, state.shared, "a device success leaves the shared counter");
                state = r.state;
            }
            report.owner_logins += 1;
            owner_day += 1;
            continue;
        }
        if wrong.0 != step_of(now) || wrong.1.is_empty() {
            wrong = (step_of(now), wrong_code(now));
        }
        let r = plain(&wrong.1, now, &state);
        match r.reason {
            Reason::Locked => {
                report.refused += 1;
                attacker_at = match r.retry_after_seconds {
                    Some(seconds) => now + seconds * 1000,
                    None => now + 60_000,
                };
            }
            Reason::Invalid => {
                report.guesses += 1;
                if reopened {
                    report.guesses_after_backup += 1;
                }
                attacker_at = now + 1;
            }
            other => panic!("the attacker's guess was answered {other:?}"),
        }
        state = r.state;
    }
    report
}

#[test]
fn a_30_day_siege_gets_the_attacker_a_hundred_guesses_and_never_locks_out_the_owner() {
    let report = siege(None);
    let p = success_probability(report.guesses);
    println!(
        "30-day siege, owner signs in daily from a remembered device: {} checked guesses ({} refused unchecked), {} owner sign-ins, attacker's chance {:.4e} ({:.4}%)",
        report.guesses, report.refused, report.owner_logins, p, p * 100.0
    );
    assert_eq!(report.owner_logins, 29);
    // Device sign-ins do not reset the shared counter, so the attacker's budget is the
    // closure's hundred failures, spent within the first twelve days.
    assert_eq!(report.guesses, FAILURE_LIMIT);
    assert!(p <= 0.00057, "success chance {p}");
}

#[test]
fn a_30_day_siege_where_the_owner_uses_a_backup_code_on_day_20() {
    let report = siege(Some(20));
    let p = success_probability(report.guesses);
    println!(
        "30-day siege, backup code on day 20: {} checked guesses ({} after the backup code, {} refused unchecked), {} owner sign-ins, attacker's chance {:.4e} ({:.4}%)",
        report.guesses, report.guesses_after_backup, report.refused, report.owner_logins, p, p * 100.0
    );
    assert_eq!(report.owner_logins, 29);
    // The first hundred close the path; reopened on day 20, the next ten days allow 90 more
    // (nine doubling lockouts, then one 24 h lockout a day).
    assert_eq!(report.guesses - report.guesses_after_backup, FAILURE_LIMIT);
    assert!(report.guesses_after_backup > 0, "the shared path reopened");
    assert!(report.guesses_after_backup < FAILURE_LIMIT, "{}", report.guesses_after_backup);
    assert!(p <= 0.00057, "success chance {p}");
}
