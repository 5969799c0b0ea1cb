//! Sealed secrets: round trips, context binding, key ids and keyrings, the two kinds of failure,
//! and known answers for both formats (0.1's `v1.` and 0.2's `v2.`).

use proptest::prelude::*;
use totp_wasm::seal::{self, Keyring, SealingKey, MAX_KEYRING, MAX_KEY_ID};
use totp_wasm::{Error, ErrorKind, Secret};

fn key(byte: u8) -> SealingKey {
    SealingKey::from_bytes(&[byte; 32]).unwrap()
}

fn single(byte: u8) -> Keyring {
    Keyring::single(key(byte))
}

fn ring(keys: &[(&str, u8)]) -> Keyring {
    Keyring::with_ids(keys.iter().map(|&(id, byte)| (id.to_owned(), key(byte))).collect()).unwrap()
}

fn jbswy() -> Secret {
    Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap()
}

/// Values 0.1 sealed, with key `[7; 32]` and secret JBSWY3DPEHPK3PXP (nonces 1...1 and 2...2).
const V1_USER_42: &str = "v1.AQEBAQEBAQEBAQEBPoTl2_-eMqNvO5inPLYAgiaAc6s_no_fj8U";
const V1_NO_CONTEXT: &str = "v1.AgICAgICAgICAgICUtGFazTKa4qkv78oP-TSMdZROAUqxi5dWrY";
/// 0.2's format, computed outside this crate (Python's `cryptography` AESGCM, key `[7; 32]`,
/// nonce 1...1, associated data `b"totp-wasm sealed secret v2\0" + key_id + b"\0" + context`).
const V2_K1_USER_42: &str = "v2.k1.AQEBAQEBAQEBAQEBPoTl2_-eMqNvO8zsoI-OdReFmPVPc15CGZ0";
const V2_USER_42: &str = "v2.AQEBAQEBAQEBAQEBPoTl2_-eMqNvO7Z9RX3CjAwB95MqvEESqJk";

fn assert_auth_failed(result: Result<Secret, Error>) {
    let err = result.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AuthenticationFailed, "{err}");
    assert_eq!(
        err.to_string(),
        "sealed: does not open: wrong key, wrong context, or tampered (authentication failed)"
    );
}

#[test]
fn sealed_values_are_v2_printable_and_open() {
    let secret = jbswy();
    let sealed = seal::seal(&secret, &key(1), "user:1").unwrap();
    assert!(sealed.starts_with("v2."), "{sealed}");
    assert_eq!(sealed.matches('.').count(), 1, "no key id: {sealed}");
    assert!(sealed.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
    // nonce 12 + ciphertext 10 + tag 16 bytes, unpadded base64url.
    assert_eq!(sealed.len(), 3 + (12 + 10 + 16) * 4 / 3 + 1);
    assert_eq!(seal::open(&sealed, &single(1), "user:1").unwrap(), secret);
    assert_ne!(seal::seal(&secret, &key(1), "user:1").unwrap(), sealed, "a fresh nonce each time");
}

#[test]
fn wrong_key_context_or_a_changed_byte_fail_authentication() {
    let secret = jbswy();
    for sealed in [
        seal::seal(&secret, &key(1), "user:1").unwrap(),
        seal::seal_with_key_id(&secret, &key(1), Some("k1"), "user:1").unwrap(),
    ] {
        assert_eq!(seal::open(&sealed, &single(1), "user:1").unwrap(), secret);
        assert_auth_failed(seal::open(&sealed, &single(2), "user:1"));
        assert_auth_failed(seal::open(&sealed, &single(1), "user:2"));
        assert_auth_failed(seal::open(&sealed, &single(1), "user:1 "));
        // Flip each character after the prefix (key id included) to another one.
        for i in 3..sealed.len() {
            let mut bytes = sealed.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let tampered = String::from_utf8(bytes).unwrap();
            match seal::open(&tampered, &single(1), "user:1") {
                Err(err) => assert!(
                    matches!(err.kind(), ErrorKind::AuthenticationFailed | ErrorKind::Invalid),
                    "{tampered}: {err}"
                ),
                Ok(_) => panic!("a changed character at {i} still opened: {tampered}"),
            }
        }
    }
}

#[test]
fn an_empty_context_is_refused() {
    let secret = jbswy();
    let check = |err: Error| {
        assert_eq!((err.kind(), err.argument()), (ErrorKind::Invalid, "context"), "{err}");
        assert_eq!(
            err.to_string(),
            "context: must not be empty: bind the sealed secret to its row (for example the user id)"
        );
    };
    check(seal::seal(&secret, &key(1), "").unwrap_err());
    check(seal::seal_with_key_id(&secret, &key(1), None, "").unwrap_err());
    check(seal::seal_with_key_id(&secret, &key(1), Some("k1"), "").unwrap_err());
    // Opening a v2 value with no context is the caller's mistake, not an authentication
    // failure, with or without a key id.
    check(seal::open(V2_USER_42, &single(7), "").unwrap_err());
    check(seal::open(V2_K1_USER_42, &single(7), "").unwrap_err());
    // A single space is a context (not trimmed).
    let sealed = seal::seal(&secret, &key(1), " ").unwrap();
    assert_eq!(seal::open(&sealed, &single(1), " ").unwrap(), secret);
}

#[test]
fn key_ids_are_named_in_the_value_and_bound_to_it() {
    let secret = jbswy();
    let sealed = seal::seal_with_key_id(&secret, &key(1), Some("2026-01"), "user:1").unwrap();
    assert!(sealed.starts_with("v2.2026-01."), "{sealed}");
    // The value `LIKE 'v2.2026-01.%'` finds: one more dot than without an id.
    assert_eq!(sealed.matches('.').count(), 2);
    assert_eq!(seal::open(&sealed, &single(1), "user:1").unwrap(), secret);
    assert_eq!(seal::open(&sealed, &ring(&[("2026-01", 1)]), "user:1").unwrap(), secret);

    // The id is authenticated: renaming it, or dropping it, does not open.
    let body = sealed.strip_prefix("v2.2026-01.").unwrap();
    assert_auth_failed(seal::open(&format!("v2.2026-02.{body}"), &single(1), "user:1"));
    assert_auth_failed(seal::open(&format!("v2.{body}"), &single(1), "user:1"));
    // And an id-less value given an id does not open either.
    let plain = seal::seal(&secret, &key(1), "user:1").unwrap();
    assert_auth_failed(seal::open(&plain.replacen("v2.", "v2.k1.", 1), &single(1), "user:1"));
}

#[test]
fn valid_and_invalid_key_ids() {
    let secret = jbswy();
    let longest = "a".repeat(MAX_KEY_ID);
    assert_eq!(MAX_KEY_ID, 64);
    for id in ["k", "K1", "2026-01", "a_b-C_9", "-", "_", longest.as_str()] {
        let sealed = seal::seal_with_key_id(&secret, &key(3), Some(id), "ctx").unwrap();
        assert!(sealed.starts_with(&format!("v2.{id}.")));
        assert_eq!(seal::open(&sealed, &ring(&[(id, 3)]), "ctx").unwrap(), secret, "{id}");
        seal::check_key_id(id, "keyId").unwrap();
    }
    let too_long = "a".repeat(MAX_KEY_ID + 1);
    for id in ["", too_long.as_str(), "a.b", "a b", "a/b", "a:b", "a+b", "a=b", "ä", "k1\0", "k\u{FF11}"] {
        let err = seal::seal_with_key_id(&secret, &key(3), Some(id), "ctx").unwrap_err();
        assert_eq!((err.kind(), err.argument()), (ErrorKind::Invalid, "keyId"), "{id:?}");
        assert_eq!(err.to_string(), "keyId: must be 1 to 64 characters from A-Z, a-z, 0-9, '-' and '_'");
        let err = Keyring::with_ids(vec![(id.to_owned(), key(3))]).unwrap_err();
        assert_eq!((err.kind(), err.argument()), (ErrorKind::Invalid, "keyring"), "{id:?}");
        assert_eq!(seal::check_key_id(id, "keyId").unwrap_err().kind(), ErrorKind::Invalid);
    }
    // In a sealed value, a bad id is a malformed value.
    for bad in ["v2..AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "v2.a+b.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"] {
        let err = seal::open(bad, &single(3), "ctx").unwrap_err();
        assert_eq!((err.kind(), err.argument()), (ErrorKind::Invalid, "sealed"), "{bad}");
        assert_eq!(err.to_string(), "sealed: is malformed: bad key id (expected 'v2.' or 'v1.' and base64url from encryptSecret)");
    }
    let long_id = format!("v2.{too_long}.{}", "A".repeat(56));
    assert_eq!(seal::open(&long_id, &single(3), "ctx").unwrap_err().argument(), "sealed");
}

#[test]
fn a_keyring_opens_a_value_with_the_key_its_id_names() {
    let secret = jbswy();
    let old = seal::seal_with_key_id(&secret, &key(1), Some("old"), "user:1").unwrap();
    let new = seal::seal_with_key_id(&secret, &key(2), Some("new"), "user:1").unwrap();
    let rotated = ring(&[("new", 2), ("old", 1)]);
    assert_eq!(seal::open(&old, &rotated, "user:1").unwrap(), secret);
    assert_eq!(seal::open(&new, &rotated, "user:1").unwrap(), secret);

    // Only the named key is tried: the right key under another id does not open it.
    assert_auth_failed(seal::open(&old, &ring(&[("old", 2), ("other", 1)]), "user:1"));
    // No key of that id: the keyring is at fault, not the value.
    let err = seal::open(&old, &ring(&[("new", 2), ("other", 1)]), "user:1").unwrap_err();
    assert_eq!((err.kind(), err.argument()), (ErrorKind::Invalid, "keyring"));
    assert_eq!(err.to_string(), "keyring: has no key for the key id the value was sealed with");

    // A value without an id is tried with each key of the keyring.
    let plain = seal::seal(&secret, &key(2), "user:1").unwrap();
    assert_eq!(seal::open(&plain, &ring(&[("a", 1), ("b", 3), ("c", 2)]), "user:1").unwrap(), secret);
    assert_auth_failed(seal::open(&plain, &ring(&[("a", 1), ("b", 3)]), "user:1"));
    // A single key is tried whatever the id says.
    assert_eq!(seal::open(&old, &single(1), "user:1").unwrap(), secret);
    assert_auth_failed(seal::open(&old, &single(2), "user:1"));
}

#[test]
fn keyring_sizes() {
    assert_eq!(MAX_KEYRING, 16);
    let secret = jbswy();
    let sealed = seal::seal_with_key_id(&secret, &key(15), Some("k15"), "ctx").unwrap();
    let full: Vec<(String, SealingKey)> = (0..16u8).map(|i| (format!("k{i}"), key(i))).collect();
    assert_eq!(seal::open(&sealed, &Keyring::with_ids(full).unwrap(), "ctx").unwrap(), secret);
    for count in [0u8, 17, 40] {
        let keys: Vec<(String, SealingKey)> = (0..count).map(|i| (format!("k{i}"), key(i))).collect();
        let err = Keyring::with_ids(keys).unwrap_err();
        assert_eq!((err.kind(), err.argument()), (ErrorKind::OutOfRange, "keyring"));
        assert_eq!(err.to_string(), format!("keyring: must hold from 1 to 16 keys, got {count}"));
    }
}

#[test]
fn v2_known_answers() {
    // A change here breaks every stored value: these were computed outside this crate.
    let secret = jbswy();
    assert_eq!(seal::open(V2_K1_USER_42, &single(7), "user:42").unwrap(), secret);
    assert_eq!(seal::open(V2_K1_USER_42, &ring(&[("k1", 7)]), "user:42").unwrap(), secret);
    assert_eq!(seal::open(V2_USER_42, &single(7), "user:42").unwrap(), secret);
    assert_eq!(seal::open(V2_USER_42, &ring(&[("x", 1), ("y", 7)]), "user:42").unwrap(), secret);
    assert_auth_failed(seal::open(V2_USER_42, &single(7), "user:43"));
    assert_auth_failed(seal::open(V2_K1_USER_42, &single(8), "user:42"));
}

#[test]
fn legacy_v1_values_from_0_1_still_open() {
    let secret = jbswy();
    assert_eq!(seal::open(V1_USER_42, &single(7), "user:42").unwrap(), secret);
    assert_eq!(seal::open(V1_USER_42, &ring(&[("a", 1), ("b", 7)]), "user:42").unwrap(), secret);
    assert_auth_failed(seal::open(V1_USER_42, &single(7), "user:43"));
    assert_auth_failed(seal::open(V1_USER_42, &single(7), ""));
    assert_auth_failed(seal::open(V1_USER_42, &single(8), "user:42"));
    // 0.1 allowed sealing without a context; such a value opens with the empty context only.
    assert_eq!(seal::open(V1_NO_CONTEXT, &single(7), "").unwrap(), secret);
    assert_eq!(seal::open(V1_NO_CONTEXT, &ring(&[("k1", 7)]), "").unwrap(), secret);
    assert_auth_failed(seal::open(V1_NO_CONTEXT, &single(7), "user:42"));
    // The versions are separate domains: a v1 body relabelled v2 does not open, nor the reverse.
    let body = V1_USER_42.strip_prefix("v1.").unwrap();
    assert_auth_failed(seal::open(&format!("v2.{body}"), &single(7), "user:42"));
    let body = V2_USER_42.strip_prefix("v2.").unwrap();
    assert_auth_failed(seal::open(&format!("v1.{body}"), &single(7), "user:42"));
}

#[test]
fn malformed_values_are_reported_apart() {
    for context in ["", "ctx"] {
        for bad in [
            "",
            "v1.",
            "v2.",
            "v3.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "V2.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "v2.k1.",
            "v1.!!!!",
            "v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==",
            "totally wrong",
        ] {
            if context.is_empty() && bad.starts_with("v2.") {
                continue; // refused for the empty context first
            }
            let err = seal::open(bad, &single(1), context).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Invalid, "{bad:?}: {err}");
            assert_eq!(err.argument(), "sealed");
            assert!(err.message().starts_with("is malformed"), "{err}");
        }
    }
    // 28 bytes are a nonce and a tag with no secret in between.
    let empty = format!("v2.{}", "A".repeat(38));
    assert_eq!(seal::open(&empty, &single(1), "ctx").unwrap_err().to_string(),
        "sealed: is malformed: too short (expected 'v2.' or 'v1.' and base64url from encryptSecret)");
}

#[test]
fn key_length_is_checked_and_keys_are_redacted() {
    for len in [0, 16, 31, 33, 64] {
        let err = SealingKey::from_bytes(&vec![0; len]).unwrap_err();
        assert_eq!((err.kind(), err.argument()), (ErrorKind::OutOfRange, "key"));
        assert_eq!(err.to_string(), format!("key: must be 32 bytes (AES-256), got {len}"));
    }
    let generated = SealingKey::generate().unwrap();
    assert_eq!(generated.as_bytes().len(), 32);
    assert_ne!(generated.as_bytes(), SealingKey::generate().unwrap().as_bytes());
    assert_eq!(format!("{generated:?}"), "SealingKey(..)");
    assert!(!format!("{:?}", Keyring::single(key(7))).contains('7'));
}

proptest! {
    #![proptest_config(crate::proptest_config())]

    #[test]
    fn seal_then_open_gives_the_secret_back(
        bytes in prop::collection::vec(any::<u8>(), 10..80),
        context in ".{1,40}",
        key_id in prop::option::of("[A-Za-z0-9_-]{1,64}"),
        k in any::<u8>(),
    ) {
        let secret = Secret::from_bytes(&bytes).unwrap();
        let sealed = seal::seal_with_key_id(&secret, &key(k), key_id.as_deref(), &context).unwrap();
        prop_assert_eq!(seal::open(&sealed, &single(k), &context).unwrap(), secret.clone());
        if let Some(id) = &key_id {
            let keyring = Keyring::with_ids(vec![(id.clone(), key(k))]).unwrap();
            prop_assert_eq!(seal::open(&sealed, &keyring, &context).unwrap(), secret);
        }
        let other = format!("{context}x");
        prop_assert_eq!(seal::open(&sealed, &single(k), &other).unwrap_err().kind(), ErrorKind::AuthenticationFailed);
        prop_assert_eq!(seal::open(&sealed, &single(k.wrapping_add(1)), &context).unwrap_err().kind(), ErrorKind::AuthenticationFailed);
    }
}
