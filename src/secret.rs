//! The shared secret: generated, decoded, encoded, and wiped from memory when dropped.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use zeroize::Zeroizing;

use crate::error::Problem;
use crate::{base32, rng, Error};

/// Fewest random bytes [`Secret::generate`] makes: 128 bits, RFC 4226 §4's minimum.
pub const MIN_GENERATED_BYTES: usize = 16;
/// Most random bytes [`Secret::generate`] makes: a SHA-512 block's worth of key.
pub const MAX_GENERATED_BYTES: usize = 64;
/// The default: 160 bits, the SHA-1 output size RFC 4226 recommends.
pub const DEFAULT_GENERATED_BYTES: usize = 20;
/// The shortest secret accepted anywhere: 80 bits, the length of many deployed secrets
/// (`JBSWY3DPEHPK3PXP`). A shorter key is recovered from one code by trying every key.
pub const MIN_BYTES: usize = 10;
/// The shortest secret [`Secret::check_enrolment`] accepts without `allow_short`: 128 bits,
/// RFC 4226 §4's minimum.
pub const MIN_ENROLMENT_BYTES: usize = 16;

/// A TOTP/HOTP shared secret (the raw HMAC key).
///
/// Its bytes are zeroized when it is dropped, and its `Debug` output is `Secret(..)`.
/// It has no `Display`: to show it to a user, call [`Secret::to_base32`] explicitly.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// Generates `bytes` random bytes from the platform CSPRNG.
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) unless
    /// `16 <= bytes <= 64`; [`ErrorKind::Random`](crate::ErrorKind::Random) if the platform
    /// generator fails.
    ///
    /// # Example
    /// ```
    /// let secret = totp_wasm::Secret::generate(20)?;
    /// assert_eq!(secret.to_base32().len(), 32);
    /// # Ok::<(), totp_wasm::Error>(())
    /// ```
    pub fn generate(bytes: usize) -> Result<Self, Error> {
        if !(MIN_GENERATED_BYTES..=MAX_GENERATED_BYTES).contains(&bytes) {
            return Err(Error::range("bytes", Problem::Range, MIN_GENERATED_BYTES as u64, MAX_GENERATED_BYTES as u64, bytes as u64));
        }
        let mut key = Zeroizing::new(alloc::vec![0u8; bytes]);
        rng::fill(&mut key)?;
        Ok(Secret(key))
    }

    /// Decodes a base32 secret, tolerating lower case, spaces and `=` padding.
    ///
    /// # Errors
    /// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) for an empty secret, a character
    /// outside base32 (its position is given) or an impossible length.
    ///
    /// # Example
    /// ```
    /// let secret = totp_wasm::Secret::from_base32("jbsw y3dp ehpk 3pxp")?;
    /// assert_eq!(secret.to_base32(), "JBSWY3DPEHPK3PXP");
    /// # Ok::<(), totp_wasm::Error>(())
    /// ```
    pub fn from_base32(text: &str) -> Result<Self, Error> {
        let key = base32::decode(text, "secret")?;
        check_length(key.len())?;
        Ok(Secret(key))
    }

    /// Wraps raw key bytes (for example an RFC test key).
    ///
    /// # Errors
    /// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) if `bytes` is empty;
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) if it is under 80 bits.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.is_empty() {
            return Err(Error::invalid("secret", Problem::Empty));
        }
        check_length(bytes.len())?;
        Ok(Secret(Zeroizing::new(bytes.to_vec())))
    }

    /// Whether this secret is long enough to enrol a new authenticator with: 128 bits, or
    /// 80 bits when `allow_short` (for re-issuing an existing 80-bit secret).
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) naming `secret`.
    pub fn check_enrolment(&self, allow_short: bool) -> Result<(), Error> {
        if allow_short || self.0.len() >= MIN_ENROLMENT_BYTES {
            return Ok(());
        }
        Err(Error::out_of_range("secret", Problem::SecretTooShortToEnrol).quoting([bits(self.0.len()), 0, 0]))
    }

    /// The canonical base32 form: upper case, unpadded.
    pub fn to_base32(&self) -> String {
        base32::encode(&self.0)
    }

    /// The raw key bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

fn bits(bytes: usize) -> u64 {
    (bytes as u64).saturating_mul(8)
}

fn check_length(bytes: usize) -> Result<(), Error> {
    if bytes < MIN_BYTES {
        return Err(Error::out_of_range("secret", Problem::SecretTooShort).quoting([bits(bytes), 0, 0]));
    }
    Ok(())
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}
