//! Sealing secrets for storage: AES-256-GCM with a random 96-bit nonce, the caller's context
//! (for example the user id) and the key's id bound as associated data, in a versioned
//! printable format.
//!
//! Format: `v2.` then, when the key has an id, the id and `.`, then unpadded base64url of
//! `nonce (12 bytes) || ciphertext || tag (16)`. The plaintext is the secret's raw key bytes.
//! Only ASCII letters, digits, `-`, `_` and `.` appear, so the value fits any text column, and
//! `WHERE sealed LIKE 'v2.2026-01.%'` finds what one key sealed. Values from 0.1 (`v1.`, no
//! key id) still open.
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
const PREFIX: &str = "v2.";
const LEGACY_PREFIX: &str = "v1.";
/// Domain separation: a sealed value from another purpose or version never opens as ours.
const AAD_DOMAIN: &[u8] = b"totp-wasm sealed secret v2\0";
const LEGACY_AAD_DOMAIN: &[u8] = b"totp-wasm sealed secret v1\0";
/// The longest key id.
pub const MAX_KEY_ID: usize = 64;
/// The most keys a keyring holds.
pub const MAX_KEYRING: usize = 16;

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

/// The associated data: the domain, the key id and the context, each unambiguous (an id has
/// no NUL byte).
fn aad(key_id: Option<&str>, context: &str) -> Zeroizing<Vec<u8>> {
    let id = key_id.unwrap_or_default();
    let mut aad = Zeroizing::new(Vec::with_capacity(AAD_DOMAIN.len().saturating_add(id.len()).saturating_add(context.len()).saturating_add(1)));
    aad.extend_from_slice(AAD_DOMAIN);
    aad.extend_from_slice(id.as_bytes());
    aad.push(0);
    aad.extend_from_slice(context.as_bytes());
    aad
}

fn legacy_aad(context: &str) -> Zeroizing<Vec<u8>> {
    let mut aad = Zeroizing::new(Vec::with_capacity(LEGACY_AAD_DOMAIN.len().saturating_add(context.len())));
    aad.extend_from_slice(LEGACY_AAD_DOMAIN);
    aad.extend_from_slice(context.as_bytes());
    aad
}

/// Checks a key id: 1 to 64 characters from `A-Z a-z 0-9 - _`.
///
/// # Errors
/// [`ErrorKind::Invalid`] naming `keyId` (or `keyring` for a keyring's id).
pub fn check_key_id(id: &str, argument: &'static str) -> Result<(), Error> {
    let allowed = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_';
    if id.is_empty() || id.len() > MAX_KEY_ID || !id.bytes().all(allowed) {
        return Err(Error::invalid(argument, Problem::KeyId));
    }
    Ok(())
}

fn check_context(context: &str) -> Result<(), Error> {
    if context.is_empty() {
        return Err(Error::invalid("context", Problem::ContextEmpty));
    }
    Ok(())
}

/// The keys [`open`] may use: each with the id it seals under, or one key whatever the id.
#[derive(Debug)]
pub struct Keyring {
    keys: Vec<(Option<String>, SealingKey)>,
}

impl Keyring {
    /// One key, tried for any value (whatever key id it names).
    pub fn single(key: SealingKey) -> Keyring {
        Keyring { keys: alloc::vec![(None, key)] }
    }

    /// Keys by id, for rotation: a value opens with the key its id names; one without an id
    /// (sealed by 0.1, or without `keyId`) is tried with each.
    ///
    /// # Errors
    /// [`ErrorKind::Invalid`] naming `keyring` for an id that is not one [`check_key_id`]
    /// accepts; [`ErrorKind::OutOfRange`] for no keys or more than 16.
    pub fn with_ids(keys: Vec<(String, SealingKey)>) -> Result<Keyring, Error> {
        if keys.is_empty() || keys.len() > MAX_KEYRING {
            return Err(Error::out_of_range("keyring", Problem::KeyringSize).quoting([MAX_KEYRING as u64, keys.len() as u64, 0]));
        }
        for (id, _) in &keys {
            check_key_id(id, "keyring")?;
        }
        Ok(Keyring { keys: keys.into_iter().map(|(id, key)| (Some(id), key)).collect() })
    }

    /// The keys to try for a value sealed under `id`.
    fn candidates<'a>(&'a self, id: Option<&'a str>) -> impl Iterator<Item = &'a SealingKey> + 'a {
        self.keys.iter().filter(move |(own, _)| match (own, id) {
            (None, _) | (Some(_), None) => true,
            (Some(own), Some(id)) => own == id,
        }).map(|(_, key)| key)
    }
}

/// Seals `secret` under `key`, bound to `context` (which must not be empty), with no key id.
///
/// # Errors
/// [`ErrorKind::Invalid`] for an empty context; [`ErrorKind::Random`] if the platform
/// generator fails.
///
/// # Example
/// ```
/// use totp_wasm::{seal, Secret};
/// let key = seal::SealingKey::generate()?;
/// let secret = Secret::from_base32("JBSWY3DPEHPK3PXP")?;
/// let sealed = seal::seal(&secret, &key, "user:42")?;
/// let keyring = seal::Keyring::single(key);
/// assert_eq!(seal::open(&sealed, &keyring, "user:42")?, secret);
/// assert!(seal::open(&sealed, &keyring, "user:43").is_err());
/// # Ok::<(), totp_wasm::Error>(())
/// ```
pub fn seal(secret: &Secret, key: &SealingKey, context: &str) -> Result<String, Error> {
    seal_with_key_id(secret, key, None, context)
}

/// [`seal`], naming the key by `key_id` in the sealed value, so that [`open`] with a
/// [`Keyring`] finds it after the key has been rotated.
///
/// # Errors
/// As [`seal`]; [`ErrorKind::Invalid`] naming `keyId` for an id [`check_key_id`] refuses.
pub fn seal_with_key_id(secret: &Secret, key: &SealingKey, key_id: Option<&str>, context: &str) -> Result<String, Error> {
    if let Some(id) = key_id {
        check_key_id(id, "keyId")?;
    }
    check_context(context)?;
    let mut nonce = [0u8; NONCE_BYTES];
    rng::fill(&mut nonce)?;
    seal_with_nonce(secret, key, key_id, context, nonce)
}

/// [`seal`] with a given nonce, for known-answer tests. A nonce must never repeat under one key.
pub(crate) fn seal_with_nonce(
    secret: &Secret,
    key: &SealingKey,
    key_id: Option<&str>,
    context: &str,
    nonce: [u8; NONCE_BYTES],
) -> Result<String, Error> {
    let aad = aad(key_id, context);
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
    if let Some(id) = key_id {
        sealed.push_str(id);
        sealed.push('.');
    }
    sealed.push_str(&Base64UrlUnpadded::encode_string(&blob));
    Ok(sealed)
}

/// Opens a sealed secret with the key its id names in `keyring` (or, for a value without a
/// key id, whichever key opens it).
///
/// `context` must be the one it was sealed with. It must not be empty, except to open a
/// `v1.` value that 0.1 sealed without one (then reseal it with a context).
///
/// # Errors
/// [`ErrorKind::Invalid`] if `sealed` is not in the format [`seal`] writes (wrong prefix,
/// bad key id, bad base64url, too short): it was damaged outside any key's reach; if the
/// keyring has no key of the id it names; or for an empty context.
/// [`ErrorKind::AuthenticationFailed`] if it is well formed but does not open: the wrong key,
/// the wrong context, or a changed byte. Which of the three is deliberately not said.
pub fn open(sealed: &str, keyring: &Keyring, context: &str) -> Result<Secret, Error> {
    let malformed = |what: &'static str| Error::invalid("sealed", Problem::SealedMalformed).naming(what);
    let (key_id, body, legacy) = if let Some(body) = sealed.strip_prefix(PREFIX) {
        match body.split_once('.') {
            Some((id, body)) => {
                check_key_id(id, "sealed").map_err(|_| malformed("bad key id"))?;
                (Some(id), body, false)
            }
            None => (None, body, false),
        }
    } else if let Some(body) = sealed.strip_prefix(LEGACY_PREFIX) {
        (None, body, true)
    } else {
        return Err(malformed("unknown version prefix"));
    };
    if !legacy {
        check_context(context)?;
    }
    let blob = Base64UrlUnpadded::decode_vec(body).map_err(|_| malformed("not base64url"))?;
    // A sealed secret holds at least one key byte.
    if blob.len() <= NONCE_BYTES.saturating_add(TAG_BYTES) {
        return Err(malformed("too short"));
    }
    let (nonce, rest) = blob.split_at(NONCE_BYTES);
    let (ciphertext, tag) = rest.split_at(rest.len().saturating_sub(TAG_BYTES));
    let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| malformed("too short"))?;
    let tag = Tag::try_from(tag).map_err(|_| malformed("too short"))?;
    let aad = if legacy { legacy_aad(context) } else { aad(key_id, context) };
    let mut tried = false;
    for key in keyring.candidates(key_id) {
        tried = true;
        let mut plaintext = Zeroizing::new(ciphertext.to_vec());
        let opened = key.cipher().decrypt_inout_detached(&Nonce::from(nonce), &aad, plaintext.as_mut_slice().into(), &tag);
        if opened.is_ok() {
            return Secret::from_bytes(&plaintext);
        }
    }
    if !tried {
        return Err(Error::invalid("keyring", Problem::KeyringMissing));
    }
    Err(Error::new(ErrorKind::AuthenticationFailed, "sealed", Problem::SealedOpen))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answer_is_stable() {
        // Pins the format: a change here breaks every stored value.
        let key = SealingKey::from_bytes(&[7u8; 32]).unwrap();
        let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
        let sealed = seal_with_nonce(&secret, &key, Some("k1"), "user:42", [1u8; 12]).unwrap();
        assert!(sealed.starts_with("v2.k1.AQEBAQEBAQEBAQEB"));
        assert_eq!(sealed.len(), 6 + (12 + 10 + 16) * 4 / 3 + 1);
        let keyring = Keyring::single(key);
        assert_eq!(open(&sealed, &keyring, "user:42").unwrap(), secret);
    }
}
