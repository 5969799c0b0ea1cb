//! Sealed secrets: `seal::open` never panics and opens nothing the fuzzer makes up; a seal
//! opens to its secret with its key and context, and with no other context, key or text.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use totp_wasm::seal::{self, SealingKey};
use totp_wasm::{ErrorKind, Secret};

const KEY: [u8; 32] = [0x42; 32];
const CONTEXT: &str = "user:42";
/// The one real seal under KEY and CONTEXT (also in seeds/seal_open/): it opens to KNOWN_SECRET.
const KNOWN_SEAL: &str = "v1.1tfQCZxJEKETR06ugh15oN5wH3EoajqZt9tHEtyIeP9rKnFx6bQ";
const KNOWN_SECRET: &str = "JBSWY3DPEHPK3PXP";
const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

#[derive(Arbitrary, Debug)]
enum Input {
    Open(String),
    RoundTrip {
        secret: Vec<u8>,
        key: [u8; 32],
        context: String,
        other_context: String,
        change_at: u16,
        change_to: u8,
    },
}

fuzz_target!(|input: Input| match input {
    Input::Open(sealed) => open_made_up(&sealed),
    Input::RoundTrip {
        secret,
        key,
        context,
        other_context,
        change_at,
        change_to,
    } => {
        round_trip(
            &secret,
            &key,
            &context,
            &other_context,
            change_at,
            change_to,
        )
    }
});

fn open_made_up(sealed: &str) {
    let key = SealingKey::from_bytes(&KEY).expect("32 bytes make a key");
    match seal::open(sealed, &key, CONTEXT) {
        Ok(secret) => {
            assert_eq!(
                sealed, KNOWN_SEAL,
                "only a real seal opens, and its text is canonical"
            );
            assert_eq!(
                secret.to_base32(),
                KNOWN_SECRET,
                "the known seal opens to its secret"
            );
        }
        Err(err) => {
            assert_eq!(
                err.argument(),
                "sealed",
                "the error names the sealed value: {err}"
            );
            match err.kind() {
                ErrorKind::Invalid | ErrorKind::AuthenticationFailed => {}
                other => panic!(
                    "open fails only as Invalid or AuthenticationFailed, got {other:?}: {err}"
                ),
            }
            if !sealed.starts_with("v1.") {
                assert_eq!(
                    err.kind(),
                    ErrorKind::Invalid,
                    "an unknown version is malformed, not a failed key: {err}"
                );
            }
        }
    }
}

fn round_trip(
    secret: &[u8],
    key_bytes: &[u8; 32],
    context: &str,
    other_context: &str,
    change_at: u16,
    change_to: u8,
) {
    let Ok(secret) = Secret::from_bytes(secret) else {
        return;
    };
    let key = SealingKey::from_bytes(key_bytes).expect("32 bytes make a key");
    let sealed =
        seal::seal(&secret, &key, context).expect("sealing never fails with a working RNG");
    let body = sealed
        .strip_prefix("v1.")
        .expect("a seal starts with its version 'v1.'");
    assert!(
        body.bytes().all(|b| BASE64URL.contains(&b)),
        "a seal is printable base64url: {sealed}"
    );
    let blob = 12 + secret.as_bytes().len() + 16;
    assert_eq!(
        body.len(),
        (4 * blob).div_ceil(3),
        "a seal is unpadded base64url of nonce, ciphertext and tag"
    );
    assert_eq!(
        seal::open(&sealed, &key, context).as_ref(),
        Ok(&secret),
        "open(seal(s)) == s"
    );

    let failed = |result: Result<Secret, totp_wasm::Error>, what: &str| match result {
        Err(err) => assert_eq!(
            err.kind(),
            ErrorKind::AuthenticationFailed,
            "{what} fails authentication: {err}"
        ),
        Ok(_) => panic!("{what} must not open"),
    };
    if other_context != context {
        failed(seal::open(&sealed, &key, other_context), "another context");
    }
    let mut other_key = *key_bytes;
    other_key[usize::from(change_to) % 32] ^= 1 << (change_at % 8);
    failed(
        seal::open(
            &sealed,
            &SealingKey::from_bytes(&other_key).expect("32 bytes"),
            context,
        ),
        "another key",
    );

    let mut changed = sealed.clone().into_bytes();
    let at = 3 + usize::from(change_at) % body.len();
    let replacement = BASE64URL
        .iter()
        .copied()
        .filter(|&b| b != changed[at])
        .nth(usize::from(change_to) % 63)
        .expect("63 others");
    changed[at] = replacement;
    let changed = String::from_utf8(changed).expect("base64url is ASCII");
    assert!(
        seal::open(&changed, &key, context).is_err(),
        "a changed character never opens: {changed}"
    );
}
