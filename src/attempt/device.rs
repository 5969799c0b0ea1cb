//! Device tokens: what a browser that signed in with `rememberDevice` keeps (in a cookie),
//! and the digest of it that the state stores.
//!
//! A token is `d1.` and 128 random bits in base64url. The state keeps only the first 128 bits
//! of SHA-256 over a domain label and the token: a database reader learns no token, and one
//! account's tokens are nothing to another's (they are not in its list).

use alloc::string::String;
use base64ct::{Base64UrlUnpadded, Encoding};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::error::Problem;
use crate::{rng, Error};

const PREFIX: &str = "d1.";
const TOKEN_BYTES: usize = 16;
const ID_BYTES: usize = 16;
const DOMAIN: &[u8] = b"totp-wasm device id v1\0";

/// A device token's digest, as the state stores it (22 base64url characters in JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeviceId([u8; ID_BYTES]);

impl DeviceId {
    /// The id of a device token. Any text has one; only tokens this crate made are in a state.
    pub fn of_token(token: &str) -> DeviceId {
        // The digest is the public id; the hasher's copy of the token is wiped when dropped.
        let digest = Sha256::new().chain_update(DOMAIN).chain_update(token.as_bytes()).finalize();
        let mut id = [0u8; ID_BYTES];
        id.copy_from_slice(digest.get(..ID_BYTES).unwrap_or(&[0; ID_BYTES]));
        DeviceId(id)
    }

    /// Reads an id as the state stores it.
    ///
    /// # Errors
    /// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) naming `state.devices` unless it is
    /// 22 base64url characters.
    pub fn from_text(text: &str) -> Result<DeviceId, Error> {
        let mut id = [0u8; ID_BYTES];
        match Base64UrlUnpadded::decode(text, &mut id) {
            Ok(decoded) if decoded.len() == ID_BYTES => Ok(DeviceId(id)),
            _ => Err(Error::invalid("state.devices", Problem::DeviceId)),
        }
    }

    /// The id as the state stores it.
    pub fn to_text(&self) -> String {
        Base64UrlUnpadded::encode_string(&self.0)
    }

    pub(crate) fn matches(&self, other: &DeviceId) -> bool {
        bool::from(self.0.ct_eq(&other.0))
    }
}

/// A fresh device token from the platform CSPRNG.
///
/// # Errors
/// [`ErrorKind::Random`](crate::ErrorKind::Random) if the generator fails.
pub fn new_token() -> Result<Zeroizing<String>, Error> {
    let mut bytes = Zeroizing::new([0u8; TOKEN_BYTES]);
    rng::fill(bytes.as_mut())?;
    let mut token = Zeroizing::new(String::from(PREFIX));
    token.push_str(&Zeroizing::new(Base64UrlUnpadded::encode_string(bytes.as_ref())));
    Ok(token)
}
