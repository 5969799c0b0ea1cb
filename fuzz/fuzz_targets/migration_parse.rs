//! Any string, and any bytes as a transfer payload: `Migration::parse` never panics; what it
//! accepts writes back into a URI that parses to the same value, and that URI is stable.
#![no_main]

use base64ct::{Base64, Encoding};
use libfuzzer_sys::fuzz_target;
use totp_wasm::migration::Migration;
use totp_wasm::{OtpKind, Period};

fn check(uri: &str) {
    let Ok(migration) = Migration::parse(uri) else {
        return;
    };
    for account in &migration.accounts {
        assert!(account.secret.as_bytes().len() >= 10, "a secret of at least 80 bits: {uri:?}");
        if let OtpKind::Totp { period } = account.kind {
            assert_eq!(period, Period::default(), "the app's accounts have 30 s: {uri:?}");
        }
        assert!(matches!(account.digits.get(), 6 | 8), "6 or 8 digits: {uri:?}");
    }
    let written = migration.to_uri().unwrap_or_else(|err| panic!("to_uri of a parsed value succeeds, got {err} for {uri:?}"));
    let again = Migration::parse(&written).unwrap_or_else(|err| panic!("parse(to_uri(x)) succeeds, got {err} for {written:?}"));
    // An empty issuer reads as none, and `name` is rewritten as `issuer:account`: compare what
    // survives a round trip, which must then be a fixed point.
    assert_eq!(again.accounts.len(), migration.accounts.len());
    for (left, right) in again.accounts.iter().zip(&migration.accounts) {
        assert_eq!((&left.secret, left.kind, left.algorithm, left.digits), (&right.secret, right.kind, right.algorithm, right.digits));
    }
    assert_eq!(
        (again.version, again.batch_size, again.batch_index, again.batch_id),
        (migration.version, migration.batch_size, migration.batch_index, migration.batch_id)
    );
    let rewritten = again.to_uri().unwrap_or_else(|err| panic!("to_uri again succeeds, got {err}"));
    assert_eq!(Migration::parse(&rewritten).ok().as_ref(), Some(&again), "parse . to_uri is a fixed point after one round");
}

fuzz_target!(|data: &[u8]| {
    // The first byte chooses: the input as the URI's text, or as the payload's bytes.
    match data.split_first() {
        Some((0, rest)) => {
            let uri = String::from("otpauth-migration://offline?data=") + &Base64::encode_string(rest);
            check(&uri);
        }
        Some((_, rest)) => {
            if let Ok(text) = core::str::from_utf8(rest) {
                check(text);
            }
        }
        None => {}
    }
});
