//! Secrets and their base32 form: RFC 4648 §10, tolerant decoding, canonical encoding,
//! generation bounds, and a redacted Debug.

use proptest::prelude::*;
use totp_wasm::secret::{
    DEFAULT_GENERATED_BYTES, MAX_GENERATED_BYTES, MIN_BYTES, MIN_ENROLMENT_BYTES, MIN_GENERATED_BYTES,
};
use totp_wasm::{ErrorKind, Secret};

use crate::vectors;

/// Ten bytes (`0123456789`) and their base32: two whole 5-byte groups, so that
/// `base32(PREFIX || x) == PREFIX_B32 || base32(x)`. Prepended to an RFC vector under 80 bits,
/// it gives a secret 0.2 accepts whose encoding ends with the vector's own symbols.
const PREFIX: &[u8] = b"0123456789";
const PREFIX_B32: &str = "GAYTEMZUGU3DOOBZ";

fn too_short(bits: usize) -> String {
    format!("secret: must be at least 80 bits (16 base32 characters), got {bits} bits")
}

#[test]
fn rfc4648_section_10() {
    assert_eq!(Secret::from_bytes(PREFIX).unwrap().to_base32(), PREFIX_B32);
    let vectors = vectors::base32();
    let cases = vectors::list(&vectors["cases"]);
    assert_eq!(cases.len(), 7);
    for case in cases {
        let ascii = vectors::str(&case["ascii"]);
        let padded = vectors::str(&case["padded"]);
        let unpadded = vectors::str(&case["unpadded"]);
        if let Some(error) = case["error"].as_str() {
            assert_eq!(Secret::from_base32(padded).unwrap_err().to_string(), error);
            assert_eq!(Secret::from_bytes(ascii.as_bytes()).unwrap_err().to_string(), error);
            continue;
        }
        // Every RFC vector is under 80 bits: refused on its own, in either form...
        assert!(ascii.len() < 10);
        let want = too_short(ascii.len() * 8);
        for err in [
            Secret::from_bytes(ascii.as_bytes()).unwrap_err(),
            Secret::from_base32(padded).unwrap_err(),
            Secret::from_base32(unpadded).unwrap_err(),
        ] {
            assert_eq!((err.kind(), err.argument()), (ErrorKind::OutOfRange, "secret"));
            assert_eq!(err.to_string(), want, "{padded}");
        }
        // ...and encoded and decoded exactly as the RFC says behind the 10-byte prefix.
        let long: Vec<u8> = [PREFIX, ascii.as_bytes()].concat();
        let secret = Secret::from_bytes(&long).unwrap();
        assert_eq!(secret.to_base32(), format!("{PREFIX_B32}{unpadded}"));
        for text in [padded, unpadded] {
            let decoded = Secret::from_base32(&format!("{PREFIX_B32}{text}")).unwrap();
            assert_eq!(decoded.as_bytes(), long, "{text}");
        }
    }
}

#[test]
fn tolerant_input_gives_the_canonical_form() {
    let vectors = vectors::base32();
    for case in vectors::list(&vectors["tolerant"]) {
        let input = vectors::str(&case["input"]);
        let canonical = vectors::str(&case["canonical"]);
        let bits = canonical.len() * 5 / 8 * 8;
        if bits < 80 {
            // Under 80 bits: refused, after the same tolerant decoding.
            assert_eq!(Secret::from_base32(input).unwrap_err().to_string(), too_short(bits), "{input:?}");
        } else {
            let secret = Secret::from_base32(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(secret.to_base32(), canonical, "{input:?}");
        }
        // The same input behind the prefix (which is canonical) tolerates the same things.
        let longer = format!("{PREFIX_B32}{input}");
        let secret = Secret::from_base32(&longer).unwrap_or_else(|e| panic!("{longer:?}: {e}"));
        assert_eq!(secret.to_base32(), format!("{PREFIX_B32}{canonical}"), "{longer:?}");
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
fn secrets_under_80_bits_are_refused() {
    // 80 bits (JBSWY3DPEHPK3PXP, the length of many deployed secrets) is the minimum.
    assert_eq!(MIN_BYTES, 10);
    assert_eq!(Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap().as_bytes().len(), 10);
    assert_eq!(Secret::from_bytes(&[0x5a; 10]).unwrap().as_bytes().len(), 10);
    for (text, bits) in [("MY", 8), ("GE", 8), ("GEZDGNBV", 40), ("JBSWY3DPEHPK3PX", 72), ("JBSW Y3DP EHPK 3PX=", 72)] {
        let err = Secret::from_base32(text).unwrap_err();
        assert_eq!((err.kind(), err.argument()), (ErrorKind::OutOfRange, "secret"), "{text}");
        assert_eq!(err.to_string(), too_short(bits), "{text}");
    }
    for len in 1..MIN_BYTES {
        let err = Secret::from_bytes(&vec![1; len]).unwrap_err();
        assert_eq!((err.kind(), err.argument()), (ErrorKind::OutOfRange, "secret"));
        assert_eq!(err.to_string(), too_short(len * 8));
    }
    // Empty is a different mistake.
    let err = Secret::from_bytes(&[]).unwrap_err();
    assert_eq!((err.kind(), err.to_string()), (ErrorKind::Invalid, "secret: must not be empty".into()));
}

#[test]
fn enrolment_needs_128_bits_unless_short_is_allowed() {
    assert_eq!(MIN_ENROLMENT_BYTES, 16);
    for len in [MIN_BYTES, 12, MIN_ENROLMENT_BYTES - 1] {
        let secret = Secret::from_bytes(&vec![7; len]).unwrap();
        let err = secret.check_enrolment(false).unwrap_err();
        assert_eq!((err.kind(), err.argument()), (ErrorKind::OutOfRange, "secret"));
        assert_eq!(
            err.to_string(),
            format!(
                "secret: must be at least 128 bits (26 base32 characters) to enrol an authenticator, got {} bits (allowShortSecret: true re-issues an existing shorter secret)",
                len * 8
            )
        );
        secret.check_enrolment(true).unwrap();
    }
    for len in [MIN_ENROLMENT_BYTES, 20, 64, 100] {
        let secret = Secret::from_bytes(&vec![7; len]).unwrap();
        secret.check_enrolment(false).unwrap();
        secret.check_enrolment(true).unwrap();
    }
    // Every generated secret is long enough to enrol.
    Secret::generate(MIN_GENERATED_BYTES).unwrap().check_enrolment(false).unwrap();
    // 26 base32 characters hold 128 bits (16 bytes and 2 bits), 16 hold 80.
    assert_eq!(Secret::from_bytes(&[1; 16]).unwrap().to_base32().len(), 26);
    assert!(Secret::from_base32(&"A".repeat(26)).unwrap().check_enrolment(false).is_ok());
    assert!(Secret::from_base32(&"A".repeat(24)).unwrap().check_enrolment(false).is_err());
}

proptest! {
    #![proptest_config(crate::proptest_config())]

    #[test]
    fn round_trip(bytes in proptest::collection::vec(any::<u8>(), 10..=128)) {
        let secret = Secret::from_bytes(&bytes).unwrap();
        let text = secret.to_base32();
        prop_assert!(text.bytes().all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)));
        prop_assert_eq!(Secret::from_base32(&text).unwrap().as_bytes().to_vec(), bytes);
    }

    #[test]
    fn lower_case_grouping_and_padding_are_ignored(
        bytes in proptest::collection::vec(any::<u8>(), 10..=64),
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

    #[test]
    fn every_secret_under_80_bits_is_refused(bytes in proptest::collection::vec(any::<u8>(), 1..10)) {
        let err = Secret::from_bytes(&bytes).unwrap_err();
        prop_assert_eq!(err.to_string(), too_short(bytes.len() * 8));
        // Its base32, the tail of the prefixed secret's (see PREFIX), is refused the same way.
        let long: Vec<u8> = [PREFIX, &bytes].concat();
        let text = Secret::from_bytes(&long).unwrap().to_base32();
        let err = Secret::from_base32(&text[PREFIX_B32.len()..]).unwrap_err();
        prop_assert_eq!(err.to_string(), too_short(bytes.len() * 8));
    }
}
