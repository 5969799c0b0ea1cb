//! RFC 4648 base32: tolerant decoding, canonical encoding.
//!
//! Authenticator apps and users write secrets in many ways: lower case, grouped in fours,
//! with or without `=` padding. Decoding accepts all of those; encoding always gives the one
//! canonical form (upper case, unpadded), which every app accepts.

use alloc::string::String;
use alloc::vec::Vec;
use zeroize::Zeroizing;

use crate::error::Problem;
use crate::Error;

use base32ct::{Base32UpperUnpadded, Encoding};

/// Encodes bytes as upper-case, unpadded base32.
pub fn encode(bytes: &[u8]) -> String {
    // Into a buffer of exactly the encoded length, which `encode` cannot then refuse (its
    // `encode_string` would `expect` that, and a panic path costs the wasm `core::fmt`).
    let mut out = alloc::vec![0u8; Base32UpperUnpadded::encoded_len(bytes)];
    let len = Base32UpperUnpadded::encode(bytes, &mut out).map_or(0, str::len);
    out.truncate(len);
    String::from_utf8(out).unwrap_or_default()
}

/// Decodes upper-case, unpadded base32 of a valid length into a zeroized buffer; `None` for
/// anything else.
fn decode_canonical(symbols: &str) -> Option<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(alloc::vec![0u8; symbols.len().saturating_mul(5) / 8]);
    let len = Base32UpperUnpadded::decode(symbols, &mut out).ok()?.len();
    out.truncate(len);
    Some(out)
}

/// Decodes base32, ignoring ASCII case, spaces and `=` padding.
///
/// `argument` names the value in error messages.
///
/// # Errors
/// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) for any other character (its 1-based
/// position is given, never the secret), for a length no encoder produces (1, 3 or 6 symbols
/// past a multiple of 8), or when nothing is left to decode.
pub fn decode(text: &str, argument: &'static str) -> Result<Zeroizing<Vec<u8>>, Error> {
    // Most secrets arrive canonical (as generateSecret and provisioning URIs write them):
    // decode those in place, without a cleaned-up copy to make and zeroize.
    if !text.is_empty()
        && text.bytes().all(|byte| matches!(byte, b'A'..=b'Z' | b'2'..=b'7'))
        && !matches!(text.len() % 8, 1 | 3 | 6)
    {
        if let Some(bytes) = decode_canonical(text) {
            return Ok(bytes);
        }
    }
    let mut symbols = Zeroizing::new(String::with_capacity(text.len()));
    for (index, ch) in text.chars().enumerate() {
        match ch {
            'A'..='Z' | '2'..='7' => symbols.push(ch),
            'a'..='z' => symbols.push(ch.to_ascii_uppercase()),
            ' ' | '=' => {}
            _ => {
                // The position only: the character itself may be a mistyped piece of the secret.
                let position = index.saturating_add(1);
                return Err(Error::invalid(argument, Problem::Base32Character).quoting([position as u64, 0, 0]));
            }
        }
    }
    if symbols.is_empty() {
        return Err(Error::invalid(argument, Problem::Empty));
    }
    if matches!(symbols.len() % 8, 1 | 3 | 6) {
        return Err(Error::invalid(argument, Problem::Base32Length).quoting([symbols.len() as u64, 0, 0]));
    }
    decode_canonical(&symbols).ok_or_else(|| Error::invalid(argument, Problem::Base32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn rfc4648_vectors() {
        let cases: [(&str, &str); 7] = [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(encode(plain.as_bytes()), encoded);
            if !plain.is_empty() {
                assert_eq!(decode(encoded, "s").unwrap().as_slice(), plain.as_bytes());
            }
        }
    }

    #[test]
    fn tolerant_input() {
        let want = decode("JBSWY3DPEHPK3PXP", "s").unwrap();
        for input in ["jbswy3dpehpk3pxp", "JBSW Y3DP EHPK 3PXP", "JBSWY3DPEHPK3PXP====", " jbsw y3dp ehpk 3pxp "] {
            assert_eq!(decode(input, "s").unwrap(), want, "{input}");
        }
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(decode("", "s").unwrap_err().to_string(), "s: must not be empty");
        assert_eq!(decode(" = ", "s").unwrap_err().to_string(), "s: must not be empty");
        let at_3 = "s: invalid base32 character at position 3 (only A-Z, 2-7, spaces and '=' are allowed)";
        assert_eq!(decode("AB1C", "s").unwrap_err().to_string(), at_3);
        assert_eq!(decode("ABÉ", "s").unwrap_err().to_string(), at_3);
        assert_eq!(decode("AB\tC", "s").unwrap_err().to_string(), at_3);
        assert!(decode("A", "s").is_err());
        assert!(decode("ABC", "s").is_err());
        assert!(decode("ABCDEF", "s").is_err());
        assert!(decode("ABCDEFGHA", "s").is_err());
    }
}
