//! Secrets and their base32 form: RFC 4648 §10, tolerant decoding, canonical encoding,
//! generation bounds, and a redacted Debug.

use proptest::prelude::*;
use totp_wasm::secret::{DEFAULT_GENERATED_BYTES, MAX_GENERATED_BYTES, MIN_GENERATED_BYTES};
use totp_wasm::{ErrorKind, Secret};

use crate::vectors;

#[test]
fn rfc4648_section_10() {
    let vectors = vectors::base32();
    let cases = vectors::list(&vectors["cases"]);
    assert_eq!(cases.len(), 7);
    for case in cases {
        let ascii = vectors::str(&case["ascii"]);
        let padded = vectors::str(&case["padded"]);
        let unpadded = vectors::str(&case["unpadded"]);
        if let Some(error) = case["error"].as_str() {
            assert_eq!(Secret::from_base32(padded).unwrap_err().to_string(), error);
            assert_eq!(
                Secret::from_bytes(ascii.as_bytes())
                    .unwrap_err()
                    .to_string(),
                error
            );
            continue;
        }
        let secret = Secret::from_bytes(ascii.as_bytes()).unwrap();
        assert_eq!(secret.to_base32(), unpadded);
        assert_eq!(
            Secret::from_base32(padded).unwrap().as_bytes(),
            ascii.as_bytes(),
            "{padded}"
        );
        assert_eq!(
            Secret::from_base32(unpadded).unwrap().as_bytes(),
            ascii.as_bytes(),
            "{unpadded}"
        );
    }
}

#[test]
fn tolerant_input_gives_the_canonical_form() {
    let vectors = vectors::base32();
    for case in vectors::list(&vectors["tolerant"]) {
        let input = vectors::str(&case["input"]);
        let secret = Secret::from_base32(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(
            secret.to_base32(),
            vectors::str(&case["canonical"]),
            "{input:?}"
        );
    }
}

#[test]
fn invalid_input_names_the_position_not_the_secret() {
    let vectors = vectors::base32();
    for case in vectors::list(&vectors["invalid"]) {
        let input = vectors::str(&case["input"]);
        let err = Secret::from_base32(input).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid, "{input:?}");
        assert_eq!(err.argument(), "secret");
        assert_eq!(err.to_string(), vectors::str(&case["error"]), "{input:?}");
    }
}

#[test]
fn generated_secrets() {
    assert_eq!(
        Secret::generate(DEFAULT_GENERATED_BYTES)
            .unwrap()
            .to_base32()
            .len(),
        32
    );
    for bytes in [MIN_GENERATED_BYTES, 20, 32, MAX_GENERATED_BYTES] {
        let a = Secret::generate(bytes).unwrap();
        let b = Secret::generate(bytes).unwrap();
        assert_eq!(a.as_bytes().len(), bytes);
        assert_eq!(a.to_base32().len(), (bytes * 8).div_ceil(5));
        assert_ne!(a, b, "two draws of {bytes} random bytes");
        assert_eq!(Secret::from_base32(&a.to_base32()).unwrap(), a);
    }
    for bytes in [
        0,
        1,
        MIN_GENERATED_BYTES - 1,
        MAX_GENERATED_BYTES + 1,
        usize::MAX,
    ] {
        let err = Secret::generate(bytes).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfRange);
        assert_eq!(
            err.to_string(),
            format!("bytes: must be an integer from 16 to 64, got {bytes}")
        );
    }
}

#[test]
fn debug_is_redacted() {
    let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    assert_eq!(format!("{secret:?}"), "Secret(..)");
    assert_eq!(format!("{:?}", Some(secret.clone())), "Some(Secret(..))");
}

#[test]
fn short_secrets_are_accepted() {
    // API.md: secrets given to the functions may be shorter than generated ones.
    for text in ["JBSWY3DPEHPK3PXP", "MY", "GE"] {
        assert!(Secret::from_base32(text).is_ok(), "{text}");
    }
}

proptest! {
    #![proptest_config(crate::proptest_config())]

    #[test]
    fn round_trip(bytes in proptest::collection::vec(any::<u8>(), 1..=128)) {
        let secret = Secret::from_bytes(&bytes).unwrap();
        let text = secret.to_base32();
        prop_assert!(text.bytes().all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)));
        prop_assert_eq!(Secret::from_base32(&text).unwrap().as_bytes().to_vec(), bytes);
    }

    #[test]
    fn lower_case_grouping_and_padding_are_ignored(
        bytes in proptest::collection::vec(any::<u8>(), 1..=64),
        group in 1usize..=8,
        lower in any::<bool>(),
    ) {
        let canonical = Secret::from_bytes(&bytes).unwrap().to_base32();
        let mut typed = String::new();
        for (index, ch) in canonical.chars().enumerate() {
            if index > 0 && index % group == 0 {
                typed.push(' ');
            }
            typed.push(if lower { ch.to_ascii_lowercase() } else { ch });
        }
        let padding = (8 - canonical.len() % 8) % 8;
        typed.push_str(&"=".repeat(padding));
        prop_assert_eq!(Secret::from_base32(&typed).unwrap().to_base32(), canonical);
    }
}
