//! HOTP (RFC 4226): the Appendix D vectors, every digit count, and counters far beyond the
//! RFC's table (past 2^32, at and above 2^53 - 1) against the independent oracle.

use proptest::prelude::*;
use totp_wasm::hotp::{self, MAX_COUNTER, MAX_LOOK_AHEAD};
use totp_wasm::{Algorithm, Digits, ErrorKind, HotpParams, Secret};

use crate::{oracle, vectors};

const RFC_KEY: &[u8] = b"12345678901234567890";

fn rfc_secret() -> Secret {
    Secret::from_bytes(RFC_KEY).unwrap()
}

fn params(algorithm: Algorithm, digits: u32) -> HotpParams {
    HotpParams {
        algorithm,
        digits: Digits::new(digits).unwrap(),
    }
}

#[test]
fn rfc4226_appendix_d() {
    let vectors = vectors::rfc4226();
    let secret = vectors::ascii_secret(&vectors["secret_ascii"]);
    assert_eq!(secret.to_base32(), vectors::str(&vectors["secret_base32"]));
    let params = HotpParams {
        algorithm: vectors::algorithm(&vectors["algorithm"]),
        digits: vectors::digits(&vectors["digits"]),
    };
    let cases = vectors::list(&vectors["cases"]);
    assert_eq!(cases.len(), 10);
    for case in cases {
        let counter = vectors::u64(&case["counter"]);
        let code = vectors::str(&case["code"]);
        assert_eq!(
            hotp::generate(&secret, counter, params).unwrap(),
            code,
            "counter {counter}"
        );
        assert_eq!(
            hotp::check(&secret, code, counter, 0, params).unwrap(),
            Some(counter)
        );
        assert_eq!(
            hotp::check(&secret, code, 0, 9, params).unwrap(),
            Some(counter),
            "look-ahead from 0"
        );
    }
}

#[test]
fn oracle_reproduces_the_rfc_intermediate_values() {
    let vectors = vectors::rfc4226();
    for case in vectors::list(&vectors["cases"]) {
        let mac = oracle::hmac(RFC_KEY, vectors::u64(&case["counter"]), "SHA1");
        assert_eq!(oracle::hex(&mac), vectors::str(&case["hmac_hex"]));
        let truncated = oracle::truncate(&mac);
        assert_eq!(u64::from(truncated), vectors::u64(&case["truncated"]));
        assert_eq!(
            format!("{truncated:08x}"),
            vectors::str(&case["truncated_hex"])
        );
    }
}

#[test]
fn seven_and_eight_digits_are_the_truncated_value_modulo_a_power_of_ten() {
    let vectors = vectors::rfc4226();
    let secret = rfc_secret();
    for case in vectors::list(&vectors["cases"]) {
        let counter = vectors::u64(&case["counter"]);
        let truncated = vectors::u64(&case["truncated"]);
        for digits in 6..=8u32 {
            let want = format!(
                "{:0width$}",
                truncated % 10u64.pow(digits),
                width = digits as usize
            );
            let code = hotp::generate(&secret, counter, params(Algorithm::Sha1, digits)).unwrap();
            assert_eq!(code, want, "counter {counter}, {digits} digits");
        }
    }
}

#[test]
fn leading_zeros_are_kept() {
    // RFC 4226 counter 7 truncates to 82162583: 8 digits keep the leading zero.
    let code = hotp::generate(&rfc_secret(), 7, params(Algorithm::Sha1, 8)).unwrap();
    assert_eq!(code, "82162583");
    let vectors = vectors::rfc6238();
    let sha1 = vectors::ascii_secret(&vectors["secrets"]["SHA1"]["ascii"]);
    assert_eq!(
        hotp::generate(&sha1, 1111111109 / 30, params(Algorithm::Sha1, 8)).unwrap(),
        "07081804"
    );
}

#[test]
fn counters_past_2_pow_32_use_all_64_bits() {
    for algorithm in ["SHA1", "SHA256", "SHA512"] {
        let alg: Algorithm = algorithm.parse().unwrap();
        for counter in [1u64 << 32, (1 << 32) + 1, (1 << 32) + 7, 1 << 40, 1 << 52] {
            // A counter cut to 32 bits would give the code of the low word instead.
            let low = counter & 0xffff_ffff;
            let want = oracle::hotp(RFC_KEY, counter, algorithm, 8);
            assert_ne!(
                want,
                oracle::hotp(RFC_KEY, low, algorithm, 8),
                "pick counters whose codes differ"
            );
            assert_eq!(
                hotp::generate(&rfc_secret(), counter, params(alg, 8)).unwrap(),
                want,
                "{algorithm} {counter}"
            );
        }
    }
}

#[test]
fn counters_up_to_2_pow_53_minus_1() {
    assert_eq!(MAX_COUNTER, 9_007_199_254_740_991);
    let secret = rfc_secret();
    for counter in [MAX_COUNTER - 1, MAX_COUNTER] {
        for digits in 6..=8 {
            let want = oracle::hotp(RFC_KEY, counter, "SHA1", digits);
            assert_eq!(
                hotp::generate(&secret, counter, params(Algorithm::Sha1, digits)).unwrap(),
                want
            );
        }
    }
    for counter in [MAX_COUNTER + 1, 1 << 60, u64::MAX] {
        let err = hotp::generate(&secret, counter, HotpParams::default()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfRange);
        assert_eq!(
            err.to_string(),
            "counter: must be an integer from 0 to 2^53 - 1 (Number.MAX_SAFE_INTEGER)"
        );
        let err = hotp::check(&secret, "123456", counter, 0, HotpParams::default()).unwrap_err();
        assert_eq!(err.argument(), "counter");
        assert_eq!(err.kind(), ErrorKind::OutOfRange);
    }
}

#[test]
fn look_ahead_stops_at_2_pow_53_minus_1() {
    let secret = rfc_secret();
    let at_max = oracle::hotp(RFC_KEY, MAX_COUNTER, "SHA1", 6);
    assert_eq!(
        hotp::check(
            &secret,
            &at_max,
            MAX_COUNTER - 5,
            MAX_LOOK_AHEAD,
            HotpParams::default()
        )
        .unwrap(),
        Some(MAX_COUNTER)
    );
    assert_eq!(
        hotp::check(&secret, &at_max, MAX_COUNTER, 0, HotpParams::default()).unwrap(),
        Some(MAX_COUNTER)
    );
    // The codes of 2^53 and 2^53 + 1 exist mathematically but lie past the range.
    for beyond in [MAX_COUNTER + 1, MAX_COUNTER + 2] {
        let token = oracle::hotp(RFC_KEY, beyond, "SHA1", 6);
        let in_range: Vec<String> = (MAX_COUNTER - 5..=MAX_COUNTER)
            .map(|c| oracle::hotp(RFC_KEY, c, "SHA1", 6))
            .collect();
        assert!(
            !in_range.contains(&token),
            "the test needs a code no in-range counter has"
        );
        assert_eq!(
            hotp::check(
                &secret,
                &token,
                MAX_COUNTER - 5,
                MAX_LOOK_AHEAD,
                HotpParams::default()
            )
            .unwrap(),
            None
        );
    }
}

#[test]
fn look_ahead_range_and_result() {
    let secret = rfc_secret();
    let p = HotpParams::default();
    // Counter 3's code is "969429".
    assert_eq!(hotp::check(&secret, "969429", 0, 2, p).unwrap(), None);
    assert_eq!(hotp::check(&secret, "969429", 0, 3, p).unwrap(), Some(3));
    assert_eq!(hotp::check(&secret, "969429", 3, 0, p).unwrap(), Some(3));
    assert_eq!(hotp::check(&secret, "969429", 4, 0, p).unwrap(), None);
    assert_eq!(
        hotp::check(&secret, "969429", 0, MAX_LOOK_AHEAD, p).unwrap(),
        Some(3)
    );
    let err = hotp::check(&secret, "969429", 0, MAX_LOOK_AHEAD + 1, p).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert_eq!(
        err.to_string(),
        "lookAhead: must be an integer from 0 to 100, got 101"
    );
    // The range is checked before the token, so a malformed token does not hide the error.
    assert!(hotp::check(&secret, "not a code", 0, u64::MAX, p).is_err());
}

#[test]
fn the_first_matching_counter_wins() {
    let secret = rfc_secret();
    let p = HotpParams::default();
    for start in [0u64, 1000, 1 << 40] {
        let target = start + 57;
        let token = hotp::generate(&secret, target, p).unwrap();
        let first = (start..=start + 100).find(|&c| oracle::hotp(RFC_KEY, c, "SHA1", 6) == token);
        assert_eq!(hotp::check(&secret, &token, start, 100, p).unwrap(), first);
        assert!(first.unwrap() <= target);
    }
}

#[test]
fn typed_tokens() {
    let secret = rfc_secret();
    let p = HotpParams::default();
    for ok in ["287082", "287 082", " 287082 ", "2 8 7 0 8 2"] {
        assert_eq!(
            hotp::check(&secret, ok, 1, 0, p).unwrap(),
            Some(1),
            "{ok:?}"
        );
    }
    for bad in [
        "",
        "28708",
        "2870820",
        "287082\t",
        "287-082",
        "+287082",
        "２８７０８２",
        "287082\u{a0}",
        "٢٨٧٠٨٢",
    ] {
        assert_eq!(hotp::check(&secret, bad, 1, 0, p).unwrap(), None, "{bad:?}");
    }
    assert_eq!(
        hotp::check(&secret, "94287082", 1, 0, params(Algorithm::Sha1, 6)).unwrap(),
        None
    );
    assert_eq!(
        hotp::check(&secret, "94287082", 1, 0, params(Algorithm::Sha1, 8)).unwrap(),
        Some(1)
    );
    assert_eq!(
        hotp::check(&secret, "1094287082", 1, 0, params(Algorithm::Sha1, 8)).unwrap(),
        None
    );
}

#[test]
fn digit_counts() {
    for digits in 6..=8 {
        assert_eq!(
            Digits::new(digits).unwrap().get(),
            u8::try_from(digits).unwrap()
        );
    }
    for digits in [0, 5, 9, 10, 256 + 6, u32::MAX] {
        let err = Digits::new(digits).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfRange);
        assert_eq!(
            err.to_string(),
            format!("digits: must be an integer from 6 to 8, got {digits}")
        );
    }
    assert_eq!(Digits::default(), Digits::SIX);
}

fn algorithms() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("SHA1"), Just("SHA256"), Just("SHA512")]
}

proptest! {
    #![proptest_config(crate::proptest_config())]

    #[test]
    fn matches_the_oracle(
        key in proptest::collection::vec(any::<u8>(), 10..=100),
        counter in 0..=MAX_COUNTER,
        algorithm in algorithms(),
        digits in 6..=8u32,
    ) {
        let secret = Secret::from_bytes(&key).unwrap();
        let p = params(algorithm.parse().unwrap(), digits);
        let want = oracle::hotp(&key, counter, algorithm, digits);
        prop_assert_eq!(hotp::generate(&secret, counter, p).unwrap(), want.clone());
        prop_assert_eq!(hotp::check(&secret, &want, counter, 0, p).unwrap(), Some(counter));
    }
}
