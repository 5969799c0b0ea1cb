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
        base32::decode(text, "secret").map(Secret)
    }

    /// Wraps raw key bytes (for example an RFC test key).
    ///
    /// # Errors
    /// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) if `bytes` is empty.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.is_empty() {
            return Err(Error::invalid("secret", Problem::Empty));
        }
        Ok(Secret(Zeroizing::new(bytes.to_vec())))
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

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}
