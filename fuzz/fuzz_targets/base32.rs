//! Base32 secrets: decoding any string never panics, encoding is canonical, and
//! decode(encode(x)) == x both for decoded strings and for raw key bytes; a secret under
//! 80 bits is refused (OutOfRange), whichever way it comes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use totp_wasm::secret::MIN_BYTES;
use totp_wasm::{ErrorKind, Secret};

fn assert_canonical(encoded: &str) {
    assert!(
        encoded
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)),
        "to_base32 is upper-case RFC 4648 base32 without padding or spaces: {encoded:?}"
    );
    assert!(
        !matches!(encoded.len() % 8, 1 | 3 | 6),
        "to_base32 has a length an encoder produces: {encoded:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    // The same bytes serve as text to decode and as raw key bytes to encode.
    if let Ok(text) = core::str::from_utf8(data) {
        match Secret::from_base32(text) {
            Ok(secret) => {
                assert!(
                    secret.as_bytes().len() >= MIN_BYTES,
                    "a decoded secret has at least 80 bits: {text:?}"
                );
                let encoded = secret.to_base32();
                assert_canonical(&encoded);
                assert_eq!(
                    encoded.len(),
                    secret.as_bytes().len().saturating_mul(8).div_ceil(5),
                    "to_base32 has ceil(8n/5) symbols"
                );
                let again = Secret::from_base32(&encoded)
                    .expect("from_base32 accepts what to_base32 writes");
                assert_eq!(again, secret, "from_base32(to_base32(s)) == s for {text:?}");
                let relaxed = encoded.to_ascii_lowercase() + "==";
                assert_eq!(
                    Secret::from_base32(&relaxed).ok(),
                    Some(secret),
                    "decoding ignores case and padding"
                );
            }
            Err(err) => {
                // Well-formed base32 of fewer than 80 bits is out of range, not invalid.
                let symbols = text.bytes().filter(|b| b.is_ascii_alphabetic() || (b'2'..=b'7').contains(b)).count();
                let short = symbols * 5 / 8 < MIN_BYTES;
                assert!(
                    err.kind() == ErrorKind::Invalid || (err.kind() == ErrorKind::OutOfRange && short),
                    "bad base32 is an Invalid error, a secret under 80 bits OutOfRange: {err}"
                );
                assert_eq!(
                    err.argument(),
                    "secret",
                    "the error names the secret: {err}"
                );
            }
        }
    }

    match Secret::from_bytes(data) {
        Ok(secret) => {
            let encoded = secret.to_base32();
            assert_canonical(&encoded);
            let decoded =
                Secret::from_base32(&encoded).expect("from_base32 accepts what to_base32 writes");
            assert_eq!(
                decoded.as_bytes(),
                data,
                "from_base32(to_base32(bytes)) == bytes"
            );
        }
        Err(_) => assert!(data.len() < MIN_BYTES, "from_bytes refuses only keys under 80 bits"),
    }
});
