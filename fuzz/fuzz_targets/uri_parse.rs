//! Any string: `OtpAuth::parse` never panics, and what it accepts builds back into a URI
//! that parses to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use totp_wasm::OtpAuth;

fuzz_target!(|uri: &str| {
    let Ok(auth) = OtpAuth::parse(uri) else {
        return;
    };
    assert!(
        !auth.account.is_empty(),
        "a parsed account is never empty: {uri:?}"
    );
    assert!(
        !auth.account.contains(':'),
        "a parsed account never contains ':': {uri:?}"
    );
    assert_eq!(
        auth.account.trim(),
        auth.account,
        "a parsed account is trimmed: {uri:?}"
    );
    if let Some(issuer) = &auth.issuer {
        assert!(
            !issuer.is_empty(),
            "a parsed issuer is never empty (None instead): {uri:?}"
        );
    }

    let built = auth
        .to_uri()
        .unwrap_or_else(|err| panic!("to_uri of a parsed value succeeds, got {err} for {uri:?}"));
    assert!(
        built.starts_with("otpauth://"),
        "to_uri writes the otpauth scheme: {built:?}"
    );
    let reparsed = OtpAuth::parse(&built).unwrap_or_else(|err| {
        panic!("parse(to_uri(x)) succeeds, got {err} for {built:?} (from {uri:?})")
    });
    assert_eq!(
        reparsed, auth,
        "parse(to_uri(x)) == x for {built:?} (from {uri:?})"
    );
    assert_eq!(
        reparsed.to_uri().as_deref(),
        Ok(built.as_str()),
        "to_uri is stable across a round trip"
    );
});
