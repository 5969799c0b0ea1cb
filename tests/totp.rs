//! TOTP (RFC 6238): the Appendix B table, time steps, periods, remaining seconds, and the
//! verification window (its order of preference, its bounds, the edges of time).

use proptest::prelude::*;
use totp_wasm::hotp::MAX_COUNTER;
use totp_wasm::totp::{self, MAX_PERIOD, MAX_WINDOW};
use totp_wasm::{hotp, Algorithm, Digits, ErrorKind, HotpParams, Period, Secret, TotpParams};

use crate::{oracle, vectors};

const RFC_KEY: &[u8] = b"12345678901234567890";

fn params(algorithm: Algorithm, digits: u32, period: u64) -> TotpParams {
    TotpParams {
        algorithm,
        digits: Digits::new(digits).unwrap(),
        period: Period::new(period).unwrap(),
    }
}

fn rfc_secret() -> Secret {
    Secret::from_bytes(RFC_KEY).unwrap()
}

#[test]
fn rfc6238_appendix_b() {
    let vectors = vectors::rfc6238();
    let period = vectors::u64(&vectors["period"]);
    let digits = u32::try_from(vectors::u64(&vectors["digits"])).unwrap();
    let cases = vectors::list(&vectors["cases"]);
    assert_eq!(cases.len(), 18);
    for case in cases {
        let name = vectors::str(&case["algorithm"]);
        let seed = &vectors["secrets"][name];
        let secret = vectors::ascii_secret(&seed["ascii"]);
        assert_eq!(secret.to_base32(), vectors::str(&seed["base32"]));
        assert_eq!(
            Secret::from_base32(vectors::str(&seed["base32"])).unwrap(),
            secret
        );
        let time = vectors::u64(&case["time"]);
        let p = params(name.parse().unwrap(), digits, period);
        let code = vectors::str(&case["code"]);
        assert_eq!(
            format!("{:016X}", totp::step(time, p.period)),
            vectors::str(&case["step_hex"])
        );
        assert_eq!(
            totp::generate(&secret, time, p).unwrap(),
            code,
            "{name} at {time}"
        );
        assert_eq!(totp::check(&secret, code, time, 0, p).unwrap(), Some(0));
        assert_eq!(
            totp::check(&secret, code, time + 30, 1, p).unwrap(),
            Some(-1)
        );
        assert_eq!(
            totp::check(&secret, code, time - 30, 1, p).unwrap(),
            Some(1)
        );
        assert_eq!(
            oracle::hotp(
                seed["ascii"].as_str().unwrap().as_bytes(),
                time / 30,
                name,
                8
            ),
            code
        );
    }
}

#[test]
fn seed_size_matters_per_algorithm() {
    // With the 20-byte SHA1 seed, SHA256 and SHA512 do not give the RFC's values: each
    // algorithm needs its own seed (the RFC's prose gets this wrong; its code does not).
    let p = params(Algorithm::Sha256, 8, 30);
    assert_ne!(totp::generate(&rfc_secret(), 59, p).unwrap(), "46119246");
}

#[test]
fn totp_is_hotp_of_the_time_step() {
    let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    for period in [1u64, 7, 30, 60, 3600] {
        for time in [
            0u64,
            1,
            29,
            30,
            59,
            1_700_000_000,
            20_000_000_000,
            8_640_000_000_000,
        ] {
            for algorithm in [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512] {
                let p = params(algorithm, 7, period);
                let h = HotpParams {
                    algorithm,
                    digits: p.digits,
                };
                assert_eq!(totp::step(time, p.period), time / period);
                assert_eq!(
                    totp::generate(&secret, time, p).unwrap(),
                    hotp::generate(&secret, time / period, h).unwrap()
                );
            }
        }
    }
}

#[test]
fn periods() {
    for seconds in [1, 30, MAX_PERIOD.into()] {
        assert_eq!(u64::from(Period::new(seconds).unwrap().get()), seconds);
    }
    assert_eq!(Period::default().get(), 30);
    for seconds in [
        0,
        u64::from(MAX_PERIOD) + 1,
        1 << 32,
        (1 << 32) + 30,
        u64::MAX,
    ] {
        let err = Period::new(seconds).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfRange);
        assert_eq!(
            err.to_string(),
            format!("period: must be an integer number of seconds from 1 to 3600, got {seconds}")
        );
    }
}

#[test]
fn remaining_seconds() {
    let thirty = Period::default();
    let cases = [
        (0, 30),
        (1, 29),
        (29, 1),
        (30, 30),
        (59, 1),
        (1_111_111_109, 1),
        (1_111_111_111, 29),
    ];
    for (time, remaining) in cases {
        assert_eq!(
            totp::remaining_seconds(time, thirty),
            remaining,
            "at {time}"
        );
    }
    let one = Period::new(1).unwrap();
    let hour = Period::new(3600).unwrap();
    for time in [0, 1, 12345, u64::MAX] {
        assert_eq!(totp::remaining_seconds(time, one), 1);
        let left = totp::remaining_seconds(time, hour);
        assert!((1..=3600).contains(&left));
        assert_eq!(u64::from(left), 3600 - time % 3600);
    }
}

#[test]
fn window_bounds() {
    let secret = rfc_secret();
    let p = TotpParams::default();
    let now: u64 = 1_700_000_000;
    for window in 0..=MAX_WINDOW {
        for delta in -12i64..=12 {
            let time = now.checked_add_signed(delta * 30).unwrap();
            let token = totp::generate(&secret, time, p).unwrap();
            let found = totp::check(&secret, &token, now, window, p).unwrap();
            if delta.unsigned_abs() <= u64::from(window) {
                assert_eq!(found, Some(delta), "window {window}, delta {delta}");
            } else if let Some(other) = found {
                // Only a collision with a step inside the window may match; it must be real.
                let step = (now / 30).checked_add_signed(other).unwrap();
                assert_eq!(oracle::hotp(RFC_KEY, step, "SHA1", 6), token);
            }
        }
    }
    for window in [MAX_WINDOW + 1, 100, u32::MAX] {
        let err = totp::check(&secret, "123456", now, window, p).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfRange);
        assert_eq!(
            err.to_string(),
            format!("window: must be an integer from 0 to 10, got {window}")
        );
        assert!(
            totp::check(&secret, "not a code", now, window, p).is_err(),
            "the window is checked before the token"
        );
    }
}

#[test]
fn delta_preference_on_colliding_codes() {
    let vectors = vectors::window();
    let secret = Secret::from_base32(vectors::str(&vectors["secret_base32"])).unwrap();
    assert_eq!(secret.as_bytes(), RFC_KEY);
    let period = vectors::u64(&vectors["period"]);
    let p = params(vectors::algorithm(&vectors["algorithm"]), 6, period);
    for collision in vectors::list(&vectors["collisions"]) {
        for step in vectors::list(&collision["steps"]) {
            let code = hotp::generate(&secret, vectors::u64(step), HotpParams::default()).unwrap();
            assert_eq!(
                code,
                vectors::str(&collision["code"]),
                "the collision the cases rely on"
            );
        }
    }
    for case in vectors::list(&vectors["cases"]) {
        let time = vectors::u64(&case["step"]) * period;
        let window = u32::try_from(vectors::u64(&case["window"])).unwrap();
        let found = totp::check(&secret, vectors::str(&case["token"]), time, window, p).unwrap();
        assert_eq!(found, case["delta"].as_i64(), "{}", case["why"]);
    }
}

#[test]
fn steps_before_the_epoch_are_skipped_not_wrapped() {
    let secret = rfc_secret();
    let p = TotpParams::default();
    let near_epoch: Vec<String> = (0..=MAX_WINDOW.into())
        .map(|step| oracle::hotp(RFC_KEY, step, "SHA1", 6))
        .collect();
    for below in 1..=u64::from(MAX_WINDOW) {
        // Step -k wrapped around to 2^64 - k is the most likely bug.
        let wrapped = oracle::hotp(RFC_KEY, 0u64.wrapping_sub(below), "SHA1", 6);
        assert!(
            !near_epoch.contains(&wrapped),
            "the test needs codes distinct from steps 0..=10"
        );
        for time in [0, 29] {
            assert_eq!(
                totp::check(&secret, &wrapped, time, MAX_WINDOW, p).unwrap(),
                None
            );
        }
    }
    assert_eq!(
        totp::check(&secret, &near_epoch[0], 29, MAX_WINDOW, p).unwrap(),
        Some(0)
    );
    assert_eq!(
        totp::check(&secret, &near_epoch[10], 0, MAX_WINDOW, p).unwrap(),
        Some(10)
    );
    assert_eq!(
        totp::check(&secret, &near_epoch[0], 45, 1, p).unwrap(),
        Some(-1)
    );
}

#[test]
fn the_last_time_step() {
    let secret = rfc_secret();
    let p = params(Algorithm::Sha1, 6, 1);
    let code = totp::generate(&secret, MAX_COUNTER, p).unwrap();
    assert_eq!(code, oracle::hotp(RFC_KEY, MAX_COUNTER, "SHA1", 6));
    assert_eq!(
        totp::check(&secret, &code, MAX_COUNTER, 1, p).unwrap(),
        Some(0)
    );
    let before = oracle::hotp(RFC_KEY, MAX_COUNTER - 1, "SHA1", 6);
    assert_eq!(
        totp::check(&secret, &before, MAX_COUNTER, 1, p).unwrap(),
        Some(-1)
    );
    let beyond = oracle::hotp(RFC_KEY, MAX_COUNTER + 1, "SHA1", 6);
    assert!(beyond != code && beyond != before);
    assert_eq!(
        totp::check(&secret, &beyond, MAX_COUNTER, 1, p).unwrap(),
        None
    );

    let thirty = TotpParams::default();
    assert!(totp::generate(&secret, MAX_COUNTER * 30 + 29, thirty).is_ok());
    for time in [(MAX_COUNTER + 1) * 30, u64::MAX] {
        let err = totp::generate(&secret, time, thirty).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfRange);
        assert_eq!(err.to_string(), "time: is too far in the future");
        assert_eq!(
            totp::check(&secret, "123456", time, 1, thirty)
                .unwrap_err()
                .argument(),
            "time"
        );
    }
}

#[test]
fn typed_tokens() {
    let secret = rfc_secret();
    let p = params(Algorithm::Sha1, 8, 30);
    for ok in ["94287082", "9428 7082", " 94 28 70 82 "] {
        assert_eq!(
            totp::check(&secret, ok, 59, 0, p).unwrap(),
            Some(0),
            "{ok:?}"
        );
    }
    for bad in [
        "",
        "9428708",
        "094287082",
        "94287082\n",
        "9428-7082",
        "９４２８７０８２",
        "abcdefgh",
    ] {
        assert_eq!(
            totp::check(&secret, bad, 59, 1, p).unwrap(),
            None,
            "{bad:?}"
        );
    }
    let six = params(Algorithm::Sha1, 6, 30);
    assert_eq!(totp::check(&secret, "287082", 59, 0, six).unwrap(), Some(0));
    assert_eq!(totp::check(&secret, "94287082", 59, 0, six).unwrap(), None);
}

proptest! {
    #![proptest_config(crate::proptest_config())]

    #[test]
    fn a_code_checks_at_its_own_delta(
        key in proptest::collection::vec(any::<u8>(), 10..=64),
        now in 0u64..=20_000_000_000,
        delta in -10i64..=10,
        window in 0u32..=10,
        period in 1u64..=3600,
    ) {
        let secret = Secret::from_bytes(&key).unwrap();
        let p = params(Algorithm::Sha1, 6, period);
        let step = totp::step(now, p.period);
        prop_assume!(step.checked_add_signed(delta).is_some());
        let time = (step.checked_add_signed(delta).unwrap()) * period;
        let token = totp::generate(&secret, time, p).unwrap();
        let found = totp::check(&secret, &token, now, window, p).unwrap();
        if delta.unsigned_abs() <= u64::from(window) {
            // A collision may report a smaller |delta|, never a larger one.
            let found = found.unwrap();
            prop_assert!(found.unsigned_abs() <= delta.unsigned_abs());
            prop_assert_eq!(oracle::hotp(&key, step.checked_add_signed(found).unwrap(), "SHA1", 6), token);
        }
    }
}

#[test]
fn steam_guard_codes_match_the_published_vector() {
    // Bitwarden's SDK (test_generate_steam): this secret at 2023-01-01T00:00:00Z is 7W6CJ.
    let secret = Secret::from_base32("HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ").unwrap();
    let params = TotpParams { digits: Digits::STEAM, ..TotpParams::default() };
    let at = 1_672_531_200;
    assert_eq!(totp::generate(&secret, at, params).unwrap(), "7W6CJ");
    for typed in ["7W6CJ", "7w6cj", "7W6 CJ"] {
        assert_eq!(totp::check(&secret, typed, at, 1, params).unwrap(), Some(0), "{typed}");
    }
    assert_eq!(totp::check(&secret, "7W6CJ", at + 30, 1, params).unwrap(), Some(-1));
    for wrong in ["7W6CK", "7W6C", "7W6CJJ", "12345", "7W6C0", "7W6CA"] {
        assert_eq!(totp::check(&secret, wrong, at, 1, params).unwrap(), None, "{wrong}");
    }
    // Every code is five characters of the alphabet, and decimal codes are untouched by it.
    for step in 0..500u64 {
        let code = totp::generate(&secret, step * 30, params).unwrap();
        assert_eq!(code.len(), 5);
        assert!(code.bytes().all(|b| totp_wasm::STEAM_ALPHABET.contains(&b)), "{code}");
    }
}
