//! Token checks: `totp::check` and `hotp::check` never panic on any token, time or counter;
//! a code generated for a step inside the window is found; whatever is found really has the
//! token's code.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use totp_wasm::{hotp, totp, Algorithm, Digits, HotpParams, Period, Secret, TotpParams};

#[derive(Arbitrary, Debug)]
struct Input {
    secret: Vec<u8>,
    token: String,
    unix_secs: u64,
    window: u8,
    /// Offset of the generated code's step from the current one, folded into the window.
    offset: i8,
    algorithm: u8,
    digits: u8,
    period: u16,
    counter: u64,
    look_ahead: u8,
}

/// What the checks compare: the token without ASCII spaces.
fn typed(token: &str) -> String {
    token.chars().filter(|&c| c != ' ').collect()
}

fuzz_target!(|input: Input| {
    let Ok(secret) = Secret::from_bytes(&input.secret) else {
        assert!(
            input.secret.len() < totp_wasm::secret::MIN_BYTES,
            "from_bytes refuses only keys under 80 bits"
        );
        return;
    };
    let algorithm =
        [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512][usize::from(input.algorithm % 3)];
    let digits = Digits::new(6 + u32::from(input.digits % 3)).expect("6..=8 digits are valid");
    let period =
        Period::new(1 + u64::from(input.period % 3600)).expect("1..=3600 s is a valid period");
    let params = TotpParams {
        algorithm,
        digits,
        period,
    };
    let hotp_params = HotpParams { algorithm, digits };
    let window = u32::from(input.window % 11);

    check_totp(&secret, &input, params, window);
    check_hotp(&secret, &input, hotp_params);
});

fn check_totp(secret: &Secret, input: &Input, params: TotpParams, window: u32) {
    let hotp_params = HotpParams {
        algorithm: params.algorithm,
        digits: params.digits,
    };
    let step = totp::step(input.unix_secs, params.period);
    let code_of = |s: u64| {
        hotp::generate(secret, s, hotp_params).expect("a step at most 2^53 - 1 has a code")
    };

    let checked = totp::check(secret, &input.token, input.unix_secs, window, params);
    if step > hotp::MAX_COUNTER {
        assert!(
            checked.is_err(),
            "a time whose step exceeds 2^53 - 1 is refused"
        );
        return;
    }
    if let Some(delta) = checked.expect("an in-range time and window never fail") {
        assert!(
            delta.unsigned_abs() <= u64::from(window),
            "the matched delta {delta} lies in the window {window}"
        );
        let matched = step
            .checked_add_signed(delta)
            .expect("the matched step exists");
        assert_eq!(
            code_of(matched),
            typed(&input.token),
            "the matched step's code is the token"
        );
    }

    let wanted = i64::from(input.offset) % (i64::from(window) + 1);
    let Some(target) = step
        .checked_add_signed(wanted)
        .filter(|&s| s <= hotp::MAX_COUNTER)
    else {
        return;
    };
    let code = code_of(target);
    assert_eq!(
        code.len(),
        usize::from(params.digits.get()),
        "a code has `digits` digits"
    );
    let target_secs = target.checked_mul(u64::from(params.period.get()));
    if let Some(secs) = target_secs {
        assert_eq!(
            totp::generate(secret, secs, params).ok(),
            Some(code.clone()),
            "TOTP is HOTP of the time step"
        );
    }
    let found = totp::check(secret, &code, input.unix_secs, window, params)
        .expect("an in-range time and window never fail")
        .unwrap_or_else(|| {
            panic!("the code of step {target} (delta {wanted}) verifies with window {window}")
        });
    assert!(
        found.unsigned_abs() <= wanted.unsigned_abs(),
        "the match nearest the current step wins: found {found} for a code of delta {wanted}"
    );
    assert!(
        totp::check(secret, &code, input.unix_secs, totp::MAX_WINDOW + 1, params).is_err(),
        "a window above 10 is refused"
    );
}

fn check_hotp(secret: &Secret, input: &Input, params: HotpParams) {
    let look_ahead = u64::from(input.look_ahead % 101);
    let counter = input.counter;
    let checked = hotp::check(secret, &input.token, counter, look_ahead, params);
    if counter > hotp::MAX_COUNTER {
        assert!(checked.is_err(), "a counter above 2^53 - 1 is refused");
        assert!(
            hotp::generate(secret, counter, params).is_err(),
            "no code for a counter above 2^53 - 1"
        );
        return;
    }
    if let Some(found) = checked.expect("an in-range counter and look-ahead never fail") {
        assert!(
            (counter..=counter.saturating_add(look_ahead)).contains(&found),
            "the found counter {found} lies in the look-ahead"
        );
        let code = hotp::generate(secret, found, params).expect("the found counter has a code");
        assert_eq!(
            code,
            typed(&input.token),
            "the found counter's code is the token"
        );
    }

    let ahead = u64::from(input.offset.unsigned_abs()) % (look_ahead + 1);
    let Some(target) = counter
        .checked_add(ahead)
        .filter(|&c| c <= hotp::MAX_COUNTER)
    else {
        return;
    };
    let code =
        hotp::generate(secret, target, params).expect("a counter at most 2^53 - 1 has a code");
    let spaced: String = code.chars().flat_map(|c| [' ', c]).collect();
    let found = hotp::check(secret, &spaced, counter, look_ahead, params)
        .expect("an in-range counter and look-ahead never fail")
        .unwrap_or_else(|| {
            panic!(
                "the code of counter {target} is found from {counter} with look-ahead {look_ahead}"
            )
        });
    assert!(
        (counter..=target).contains(&found),
        "hotp::check finds the first matching counter: {found} for {target}"
    );
}
