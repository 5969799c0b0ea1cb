//! What HOTP and TOTP share: the hash algorithm, the number of digits, a keyed HMAC that is
//! set up once per call, RFC 4226 dynamic truncation, and the constant-time comparison.

use core::fmt;
use core::str::FromStr;
use hmac::{Hmac, KeyInit, Mac};
use subtle::{ConditionallySelectable, ConstantTimeEq};

use crate::error::Problem;
use crate::{Error, Secret};

/// The HMAC hash function (the `algorithm` parameter of an otpauth URI).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// HMAC-SHA-1: RFC 4226's function and the only one every authenticator app supports.
    #[default]
    Sha1,
    /// HMAC-SHA-256 (RFC 6238).
    Sha256,
    /// HMAC-SHA-512 (RFC 6238).
    Sha512,
}

impl Algorithm {
    /// The name used in otpauth URIs and the JavaScript API: `SHA1`, `SHA256` or `SHA512`.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha512 => "SHA512",
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Algorithm {
    type Err = Error;

    /// Parses `SHA1`, `SHA256` or `SHA512`, ignoring ASCII case.
    fn from_str(name: &str) -> Result<Self, Error> {
        [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512]
            .into_iter()
            .find(|algorithm| algorithm.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                Error::invalid("algorithm", Problem::Algorithm)
            })
    }
}

/// The form of a code: 6, 7 or 8 decimal digits, or Steam Guard's five characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digits(u8);

/// Steam Guard's alphabet: its codes are the truncated HMAC value written in base 26 with
/// these symbols, least significant first (Steam's mobile authenticator, and every
/// implementation that interoperates with it: pyotp, totp-rs, Bitwarden, steam-totp).
pub const STEAM_ALPHABET: &[u8; 26] = b"23456789BCDFGHJKMNPQRTVWXY";
const STEAM_SYMBOLS: u8 = 5;

impl Digits {
    /// Six digits, what every app shows by default.
    pub const SIX: Digits = Digits(6);
    /// Steam Guard codes: five characters from [`STEAM_ALPHABET`] (SHA-1, 30 s in practice).
    pub const STEAM: Digits = Digits(STEAM_SYMBOLS);

    /// Whether these are Steam Guard codes.
    pub fn is_steam(self) -> bool {
        self.0 == STEAM_SYMBOLS
    }

    /// Validates a digit count.
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) unless `6 <= digits <= 8`.
    pub fn new(digits: u32) -> Result<Self, Error> {
        match u8::try_from(digits) {
            Ok(digits @ 6..=8) => Ok(Digits(digits)),
            _ => Err(Error::range("digits", Problem::Range, 6, 8, digits.into())),
        }
    }

    /// The number of digits (5 for Steam Guard's characters).
    pub fn get(self) -> u8 {
        self.0
    }

    pub(crate) fn modulus(self) -> u32 {
        match self.0 {
            STEAM_SYMBOLS => 11_881_376, // 26^5
            6 => 1_000_000,
            7 => 10_000_000,
            _ => 100_000_000,
        }
    }
}

impl Default for Digits {
    fn default() -> Self {
        Digits::SIX
    }
}

/// A Steam Guard code's five characters, from its number (below 26^5).
#[allow(dead_code)] // only the `codes` wasm's generateTotp uses it
pub(crate) fn steam_code(number: u32) -> [u8; 5] {
    let mut code = [b'2'; 5];
    if let Some(text) = Code::from_number(number, Digits::STEAM).as_str().as_bytes().get(..5) {
        code.copy_from_slice(text);
    }
    code
}

/// A code as fixed-size ASCII: no allocation, and comparable in constant time.
#[derive(Clone, Copy)]
pub(crate) struct Code {
    bytes: [u8; 8],
    len: usize,
    number: u32,
}

impl Code {
    /// The last `digits` decimal digits of `value`, zero-padded; or, for Steam Guard, its five
    /// base-26 symbols, least significant first.
    pub(crate) fn from_number(mut value: u32, digits: Digits) -> Code {
        let number = value.checked_rem(digits.modulus()).unwrap_or(0);
        let len = usize::from(digits.get());
        let mut bytes = [b'0'; 8];
        if digits.is_steam() {
            for slot in bytes.iter_mut().take(len) {
                let index = usize::try_from(value.checked_rem(26).unwrap_or(0)).unwrap_or(0);
                *slot = STEAM_ALPHABET.get(index).copied().unwrap_or(b'2');
                value = value.checked_div(26).unwrap_or(0);
            }
            return Code { bytes, len, number };
        }
        for slot in bytes.iter_mut().take(len).rev() {
            *slot = b'0'.wrapping_add(u8::try_from(value.checked_rem(10).unwrap_or(0)).unwrap_or(0));
            value = value.checked_div(10).unwrap_or(0);
        }
        Code { bytes, len, number }
    }

    /// Reads a typed-in token: ASCII spaces are dropped, and what is left must be exactly
    /// `digits` ASCII digits. Anything else is simply not a valid code (`None`).
    /// For Steam Guard, five symbols of its alphabet, in either case.
    pub(crate) fn parse(token: &str, digits: Digits) -> Option<Code> {
        let len = usize::from(digits.get());
        let mut bytes = [b'0'; 8];
        let mut count = 0usize;
        for byte in token.bytes().filter(|&byte| byte != b' ') {
            let byte = if digits.is_steam() { byte.to_ascii_uppercase() } else { byte };
            let valid = if digits.is_steam() { STEAM_ALPHABET.contains(&byte) } else { byte.is_ascii_digit() };
            if !valid {
                return None;
            }
            *bytes.get_mut(count)? = byte;
            count = count.checked_add(1)?;
        }
        if count != len {
            return None;
        }
        let symbols = bytes.get(..len).unwrap_or_default();
        let number = if digits.is_steam() {
            symbols.iter().rev().fold(0u32, |number, symbol| {
                let value = STEAM_ALPHABET.iter().position(|s| s == symbol).unwrap_or(0);
                number.saturating_mul(26).saturating_add(u32::try_from(value).unwrap_or(0))
            })
        } else {
            symbols.iter().fold(0u32, |number, digit| {
                number.saturating_mul(10).saturating_add(u32::from(digit.wrapping_sub(b'0')))
            })
        };
        Some(Code { bytes, len, number })
    }

    /// The code as a number below the modulus (its leading zeros are the caller's to restore).
    pub(crate) fn number(&self) -> u32 {
        self.number
    }

    pub(crate) fn as_str(&self) -> &str {
        let digits = self.bytes.get(..self.len).unwrap_or_default();
        core::str::from_utf8(digits).unwrap_or_default()
    }
}

/// An HMAC keyed once with the secret; each counter value clones the keyed state, so the
/// key pads are computed once per call, not once per window step.
#[derive(Clone)]
pub(crate) enum KeyedMac {
    Sha1(Hmac<sha1::Sha1>),
    Sha256(Hmac<sha2::Sha256>),
    Sha512(Hmac<sha2::Sha512>),
}

impl KeyedMac {
    pub(crate) fn new(secret: &Secret, algorithm: Algorithm) -> KeyedMac {
        let key = secret.as_bytes();
        // HMAC accepts keys of every length (long keys are hashed, short ones zero-padded
        // inside HMAC itself), so `new_from_slice` cannot fail; the fallback is never taken.
        match algorithm {
            Algorithm::Sha1 => KeyedMac::Sha1(
                Hmac::new_from_slice(key).unwrap_or_else(|_| Hmac::new(&Default::default())),
            ),
            Algorithm::Sha256 => KeyedMac::Sha256(
                Hmac::new_from_slice(key).unwrap_or_else(|_| Hmac::new(&Default::default())),
            ),
            Algorithm::Sha512 => KeyedMac::Sha512(
                Hmac::new_from_slice(key).unwrap_or_else(|_| Hmac::new(&Default::default())),
            ),
        }
    }

    /// RFC 4226 §5.3: the code of `counter` (HMAC of its 8 big-endian bytes, dynamically
    /// truncated) as a number, below 10^digits.
    pub(crate) fn number(&self, counter: u64, digits: Digits) -> u32 {
        let message = counter.to_be_bytes();
        let number = match self {
            KeyedMac::Sha1(mac) => truncate(&mac.clone().chain_update(message).finalize().into_bytes()),
            KeyedMac::Sha256(mac) => truncate(&mac.clone().chain_update(message).finalize().into_bytes()),
            KeyedMac::Sha512(mac) => truncate(&mac.clone().chain_update(message).finalize().into_bytes()),
        };
        number.checked_rem(digits.modulus()).unwrap_or(0)
    }

    /// Compares `token` with the code of every counter in `candidates`, all of them, without
    /// an early return, and gives the first matching candidate's tag.
    ///
    /// `token` is the code as a number ([`Code::number`] of a parsed token), compared with
    /// each candidate's [`number`](Self::number). `candidates` yields (counter, tag) in order
    /// of preference.
    pub(crate) fn find<I>(&self, token: u32, digits: Digits, candidates: I) -> Option<i64>
    where
        I: IntoIterator<Item = (u64, i64)>,
    {
        let mut found = subtle::Choice::from(0);
        let mut tag = 0i64;
        for (counter, candidate_tag) in candidates {
            let matches = self.number(counter, digits).ct_eq(&token) & !found;
            tag = i64::conditional_select(&tag, &candidate_tag, matches);
            found |= matches;
        }
        bool::from(found).then_some(tag)
    }
}

/// Dynamic truncation: the low nibble of the last byte picks 4 bytes; their top bit is cleared.
fn truncate(mac: &[u8]) -> u32 {
    let offset = mac.last().map_or(0, |byte| usize::from(byte & 0x0f));
    // Byte by byte rather than copy_from_slice, which stayed a call per step in profiles.
    // The offset is at most 15 and a MAC at least 20 bytes, so every byte is there.
    let byte = |at: usize| mac.get(offset.saturating_add(at)).copied().unwrap_or(0);
    u32::from_be_bytes([byte(0), byte(1), byte(2), byte(3)]) & 0x7fff_ffff
}

#[cfg(test)]
mod tests {
    use super::{Code, Digits};

    #[test]
    fn a_code_from_a_number_keeps_its_leading_zeros_and_gives_the_number_back() {
        for (number, digits, text) in [(81_804, 6, "081804"), (0, 6, "000000"), (7_081_804, 8, "07081804"), (123_456_789, 8, "23456789")] {
            let digits = Digits::new(digits).unwrap();
            let code = Code::from_number(number, digits);
            assert_eq!(code.as_str(), text);
            assert_eq!(code.number(), number % digits.modulus());
            assert_eq!(Code::parse(text, digits).unwrap().number(), code.number());
        }
    }
}
