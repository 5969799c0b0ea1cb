//! Sealing secrets for storage: AES-256-GCM with a random 96-bit nonce, the caller's context
//! (for example the user id) bound as associated data, in a versioned printable format.
//!
//! Format: `v1.` followed by unpadded base64url of `nonce (12 bytes) || ciphertext || tag (16)`.
//! The plaintext is the secret's raw key bytes. Only ASCII letters, digits, `-`, `_` and `.`
//! appear, so the value fits any text column.
//!
//! Random 96-bit nonces are safe for up to about 2^32 seals under one key (NIST SP 800-38D
//! §8.3); one seal per enrolment stays far below that.

// In place and detached: `Aead::encrypt` goes through `&mut dyn Buffer`, an indirect call that
// kept every function of the wasm's table alive (core::fmt's among them).
use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use alloc::string::String;
use alloc::vec::Vec;
use base64ct::{Base64UrlUnpadded, Encoding};
use zeroize::Zeroizing;

use crate::error::Problem;
use crate::{rng, Error, ErrorKind, Secret};

/// A 256-bit AES key, zeroized when dropped.
pub struct SealingKey(Zeroizing<[u8; KEY_BYTES]>);

/// Key length in bytes.
pub const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 12;
const TAG_BYTES: usize = 16;
const PREFIX: &str = "v1.";
/// Domain separation: a sealed value from another purpose or version never opens as ours.
const AAD_DOMAIN: &[u8] = b"totp-wasm sealed secret v1\0";

impl SealingKey {
    /// A fresh random key from the platform CSPRNG.
    ///
    /// # Errors
    /// [`ErrorKind::Random`] if the platform generator fails.
    pub fn generate() -> Result<SealingKey, Error> {
        let mut key = Zeroizing::new([0u8; KEY_BYTES]);
        rng::fill(key.as_mut())?;
        Ok(SealingKey(key))
    }

    /// Wraps 32 key bytes.
    ///
    /// # Errors
    /// [`ErrorKind::OutOfRange`] unless `bytes` is exactly 32 bytes long.
    pub fn from_bytes(bytes: &[u8]) -> Result<SealingKey, Error> {
        let mut key = Zeroizing::new([0u8; KEY_BYTES]);
        if bytes.len() != KEY_BYTES {
            return Err(Error::out_of_range("key", Problem::KeyLength).quoting([bytes.len() as u64, 0, 0]));
        }
        key.copy_from_slice(bytes);
        Ok(SealingKey(key))
    }

    /// The key bytes (to store in a key management system, never beside the data).
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_ref()
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(&(*self.0).into())
    }
}

impl core::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SealingKey(..)")
    }
}

fn aad(context: &str) -> Zeroizing<Vec<u8>> {
    let mut aad = Zeroizing::new(Vec::with_capacity(AAD_DOMAIN.len().saturating_add(context.len())));
    aad.extend_from_slice(AAD_DOMAIN);
    aad.extend_from_slice(context.as_bytes());
    aad
}

/// Seals `secret` under `key`, bound to `context`.
///
/// # Errors
/// [`ErrorKind::Random`] if the platform generator fails.
///
/// # Example
/// ```
/// use totp_wasm::{seal, Secret};
/// let key = seal::SealingKey::generate()?;
/// let secret = Secret::from_base32("JBSWY3DPEHPK3PXP")?;
/// let sealed = seal::seal(&secret, &key, "user:42")?;
/// assert_eq!(seal::open(&sealed, &key, "user:42")?, secret);
/// assert!(seal::open(&sealed, &key, "user:43").is_err());
/// # Ok::<(), totp_wasm::Error>(())
/// ```
pub fn seal(secret: &Secret, key: &SealingKey, context: &str) -> Result<String, Error> {
    let mut nonce = [0u8; NONCE_BYTES];
    rng::fill(&mut nonce)?;
    seal_with_nonce(secret, key, context, nonce)
}

/// [`seal`] with a given nonce, for known-answer tests. A nonce must never repeat under one key.
pub(crate) fn seal_with_nonce(
    secret: &Secret,
    key: &SealingKey,
    context: &str,
    nonce: [u8; NONCE_BYTES],
) -> Result<String, Error> {
    let aad = aad(context);
    let plaintext = secret.as_bytes();
    let mut blob = Vec::with_capacity(NONCE_BYTES.saturating_add(plaintext.len()).saturating_add(TAG_BYTES));
    blob.extend_from_slice(&nonce);
    blob.extend_from_slice(plaintext);
    let in_place = blob.get_mut(NONCE_BYTES..).unwrap_or_default();
    let tag = key
        .cipher()
        .encrypt_inout_detached(&Nonce::from(nonce), &aad, in_place.into())
        .map_err(|_| Error::invalid("secret", Problem::SecretTooLong))?;
    blob.extend_from_slice(&tag);
    let mut sealed = String::from(PREFIX);
    sealed.push_str(&Base64UrlUnpadded::encode_string(&blob));
    Ok(sealed)
}

/// Opens a sealed secret.
///
/// # Errors
/// [`ErrorKind::Invalid`] if `sealed` is not in the format [`seal`] writes (wrong prefix,
/// bad base64url, too short): it was damaged outside any key's reach.
/// [`ErrorKind::AuthenticationFailed`] if it is well formed but does not open: the wrong key,
/// the wrong context, or a changed byte. Which of the three is deliberately not said.
pub fn open(sealed: &str, key: &SealingKey, context: &str) -> Result<Secret, Error> {
    let malformed = |what: &'static str| Error::invalid("sealed", Problem::SealedMalformed).naming(what);
    let body = sealed.strip_prefix(PREFIX).ok_or_else(|| malformed("unknown version prefix"))?;
    let blob = Base64UrlUnpadded::decode_vec(body).map_err(|_| malformed("not base64url"))?;
    // A sealed secret holds at least one key byte.
    if blob.len() <= NONCE_BYTES.saturating_add(TAG_BYTES) {
        return Err(malformed("too short"));
    }
    let (nonce, rest) = blob.split_at(NONCE_BYTES);
    let (ciphertext, tag) = rest.split_at(rest.len().saturating_sub(TAG_BYTES));
    let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| malformed("too short"))?;
    let tag = Tag::try_from(tag).map_err(|_| malformed("too short"))?;
    let aad = aad(context);
    let mut plaintext = Zeroizing::new(ciphertext.to_vec());
    key.cipher()
        .decrypt_inout_detached(&Nonce::from(nonce), &aad, plaintext.as_mut_slice().into(), &tag)
        .map_err(|_| Error::new(ErrorKind::AuthenticationFailed, "sealed", Problem::SealedOpen))?;
    Secret::from_bytes(&plaintext)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answer_is_stable() {
        // Pins the format: a change here breaks every stored value.
        let key = SealingKey::from_bytes(&[7u8; 32]).unwrap();
        let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        let sealed = seal_with_nonce(&secret, &key, "user:42", [1u8; 12]).unwrap();
        assert!(sealed.starts_with("v1.AQEBAQEBAQEBAQEB"));
        assert_eq!(sealed.len(), 3 + (12 + 10 + 16) * 4 / 3 + 1);
        assert_eq!(open(&sealed, &key, "user:42").unwrap(), secret);
    }
}
