//! Sealed secrets: round trips, context binding, and the two kinds of failure.

use proptest::prelude::*;
use totp_wasm::seal::{self, SealingKey};
use totp_wasm::{ErrorKind, Secret};

fn key(byte: u8) -> SealingKey {
    SealingKey::from_bytes(&[byte; 32]).unwrap()
}

#[test]
fn wrong_key_context_or_a_changed_byte_fail_authentication() {
    let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    let sealed = seal::seal(&secret, &key(1), "user:1").unwrap();
    assert!(sealed.starts_with("v1."));
    assert!(sealed.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
    assert_eq!(seal::open(&sealed, &key(1), "user:1").unwrap(), secret);

    let auth_failed = |result: Result<Secret, totp_wasm::Error>| {
        let err = result.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AuthenticationFailed, "{err}");
        assert_eq!(err.to_string(), "sealed: does not open: wrong key, wrong context, or tampered (authentication failed)");
    };
    auth_failed(seal::open(&sealed, &key(2), "user:1"));
    auth_failed(seal::open(&sealed, &key(1), "user:2"));
    auth_failed(seal::open(&sealed, &key(1), ""));
    // Flip each base64url character of the body to another one.
    for i in 3..sealed.len() {
        let mut bytes = sealed.clone().into_bytes();
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap();
        match seal::open(&tampered, &key(1), "user:1") {
            Err(err) => assert!(matches!(err.kind(), ErrorKind::AuthenticationFailed | ErrorKind::Invalid)),
            Ok(_) => panic!("a changed character at {i} still opened"),
        }
    }
}

#[test]
fn malformed_values_are_reported_apart() {
    for bad in ["", "v1.", "v2.AAAA", "v1.!!!!", "v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "totally wrong"] {
        let err = seal::open(bad, &key(1), "").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid, "{bad:?}: {err}");
        assert_eq!(err.argument(), "sealed");
        assert!(err.message().starts_with("is malformed"), "{err}");
    }
}

#[test]
fn nonces_are_fresh() {
    let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    let a = seal::seal(&secret, &key(1), "").unwrap();
    let b = seal::seal(&secret, &key(1), "").unwrap();
    assert_ne!(a, b);
}

#[test]
fn key_length_is_checked() {
    for len in [0, 16, 31, 33, 64] {
        let err = SealingKey::from_bytes(&vec![0; len]).unwrap_err();
        assert_eq!((err.kind(), err.argument()), (ErrorKind::OutOfRange, "key"));
    }
}

proptest! {
    #[test]
    fn seal_then_open_gives_the_secret_back(bytes in prop::collection::vec(any::<u8>(), 1..80), context in ".{0,40}", k in any::<u8>()) {
        let secret = Secret::from_bytes(&bytes).unwrap();
        let sealed = seal::seal(&secret, &key(k), &context).unwrap();
        prop_assert_eq!(seal::open(&sealed, &key(k), &context).unwrap(), secret);
        let other = format!("{context}x");
        prop_assert!(seal::open(&sealed, &key(k), &other).is_err());
    }
}
