//! Single-use backup (recovery) codes: generation, normalization, slow salted hashing, and
//! verification against the stored hashes.
//!
//! A code is 12 symbols from a 31-character alphabet with no look-alikes (no `0 O 1 I L`),
//! grouped as `XXXX-XXXX-XXXX`: 12 × log2(31) ≈ 59.4 bits of entropy. Only a
//! PBKDF2-HMAC-SHA256 hash in PHC format is stored.

use alloc::string::String;
use alloc::vec::Vec;
use base64ct::{Base64Unpadded, Encoding};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::error::Problem;
use crate::{rng, Error};

/// The symbols a code is made of: digits 2-9 and A-Z without I, L and O.
pub const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Symbols per code (without the dashes).
pub const SYMBOLS: usize = 12;
/// Symbols per dash-separated group.
pub const GROUP: usize = 4;
/// The most codes one call makes.
pub const MAX_COUNT: usize = 100;
/// PBKDF2 iterations for new hashes. Codes carry ~59 bits, so the work factor only has to
/// make an offline search of a stolen table hopeless, not rescue a weak password.
pub const ITERATIONS: u32 = 20_000;
/// Hashes claiming fewer or more iterations than this are refused, so a tampered table
/// can neither weaken verification nor stall it.
pub const ITERATION_RANGE: core::ops::RangeInclusive<u32> = 1_000..=2_000_000;

const PHC_PREFIX: &str = "$pbkdf2-sha256$";
const SALT_BYTES: usize = 16;
const HASH_BYTES: usize = 32;

/// Generates `count` distinct codes (1 to 100), each like `K7QM-2XPD-9HFR`.
///
/// # Errors
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) unless `1 <= count <= 100`;
/// [`ErrorKind::Random`](crate::ErrorKind::Random) if the platform generator fails.
///
/// # Example
/// ```
/// let codes = totp_wasm::backup::generate(10)?;
/// assert_eq!(codes.len(), 10);
/// assert_eq!(codes[0].len(), 14);
/// # Ok::<(), totp_wasm::Error>(())
/// ```
pub fn generate(count: usize) -> Result<Vec<String>, Error> {
    if !(1..=MAX_COUNT).contains(&count) {
        return Err(Error::range("count", Problem::Range, 1, MAX_COUNT as u64, count as u64));
    }
    let mut codes: Vec<String> = Vec::with_capacity(count);
    while codes.len() < count {
        let code = generate_one()?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(codes)
}

fn generate_one() -> Result<String, Error> {
    let mut code = String::with_capacity(SYMBOLS.saturating_add(2));
    for index in 0..SYMBOLS {
        if index > 0 && index % GROUP == 0 {
            code.push('-');
        }
        let symbol = ALPHABET.get(usize::from(rng::below(31)?)).copied().unwrap_or(b'2');
        code.push(char::from(symbol));
    }
    Ok(code)
}

/// The canonical form of a typed-in code: upper case, with spaces and dashes removed.
/// `None` when what is left is not 12 symbols of the alphabet (it cannot match any hash).
pub fn normalize(code: &str) -> Option<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::with_capacity(SYMBOLS));
    for ch in code.chars().filter(|ch| !matches!(ch, ' ' | '-')) {
        let upper = ch.to_ascii_uppercase();
        if !upper.is_ascii() || !ALPHABET.contains(&u8::try_from(upper).ok()?) || out.len() >= SYMBOLS {
            return None;
        }
        out.push(upper);
    }
    (out.len() == SYMBOLS).then_some(out)
}

/// Hashes a code for storage: PBKDF2-HMAC-SHA256 with a random 128-bit salt, as a PHC string
/// `$pbkdf2-sha256$i=20000,l=32$<salt>$<hash>`.
///
/// # Errors
/// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) if `code` is not a backup code (after
/// normalization); [`ErrorKind::Random`](crate::ErrorKind::Random) if the generator fails.
///
/// # Example
/// ```
/// use totp_wasm::backup;
/// let hash = backup::hash("k7qm 2xpd 9hfr")?;
/// assert!(hash.starts_with("$pbkdf2-sha256$i=20000,l=32$"));
/// assert_eq!(backup::verify("K7QM-2XPD-9HFR", &[hash])?, Some(0));
/// # Ok::<(), totp_wasm::Error>(())
/// ```
pub fn hash(code: &str) -> Result<String, Error> {
    let normalized = normalize(code).ok_or_else(|| {
        Error::invalid("code", Problem::BackupCode)
    })?;
    let mut salt = [0u8; SALT_BYTES];
    rng::fill(&mut salt)?;
    let derived = derive(&normalized, &salt, ITERATIONS);
    let mut phc = String::from(PHC_PREFIX);
    phc.push_str("i=");
    phc.push_str(itoa::Buffer::new().format(ITERATIONS));
    phc.push_str(",l=");
    phc.push_str(itoa::Buffer::new().format(HASH_BYTES));
    phc.push('$');
    phc.push_str(&Base64Unpadded::encode_string(&salt));
    phc.push('$');
    phc.push_str(&Base64Unpadded::encode_string(derived.as_slice()));
    Ok(phc)
}

/// Finds the stored hash that `code` matches and returns its index; `None` if none does or
/// `code` is not a well-formed backup code. The caller then deletes that hash.
///
/// # Errors
/// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) if a hash is not a PHC string this
/// function made (the error names `hashes[i]`).
pub fn verify<S: AsRef<str>>(code: &str, hashes: &[S]) -> Result<Option<usize>, Error> {
    let parsed = hashes
        .iter()
        .enumerate()
        .map(|(index, hash)| StoredHash::parse(hash.as_ref()).map_err(|e| e.at_index("hashes", index)))
        .collect::<Result<Vec<_>, Error>>()?;
    let Some(normalized) = normalize(code) else {
        return Ok(None);
    };
    Ok(parsed.iter().position(|stored| stored.matches(&normalized)))
}

struct StoredHash {
    iterations: u32,
    salt: Vec<u8>,
    hash: [u8; HASH_BYTES],
}

impl StoredHash {
    fn parse(text: &str) -> Result<StoredHash, Error> {
        let malformed = || Error::invalid("hashes", Problem::BackupHash);
        let rest = text.strip_prefix(PHC_PREFIX).ok_or_else(malformed)?;
        let mut parts = rest.split('$');
        let (Some(params), Some(salt), Some(hash), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(malformed());
        };
        let iterations = params
            .strip_suffix(",l=32")
            .and_then(|p| p.strip_prefix("i="))
            .filter(|digits| !digits.is_empty() && digits.len() <= 7 && digits.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|digits| digits.parse::<u32>().ok())
            .ok_or_else(malformed)?;
        if !ITERATION_RANGE.contains(&iterations) {
            return Err(Error::out_of_range("hashes", Problem::BackupIterations));
        }
        let salt = Base64Unpadded::decode_vec(salt).map_err(|_| malformed())?;
        if !(8..=64).contains(&salt.len()) {
            return Err(malformed());
        }
        let mut out = [0u8; HASH_BYTES];
        match Base64Unpadded::decode(hash, &mut out) {
            Ok(decoded) if decoded.len() == HASH_BYTES => {}
            _ => return Err(malformed()),
        }
        Ok(StoredHash { iterations, salt, hash: out })
    }

    fn matches(&self, normalized: &str) -> bool {
        let derived = derive(normalized, &self.salt, self.iterations);
        bool::from(derived.as_slice().ct_eq(&self.hash))
    }
}

fn derive(normalized: &str, salt: &[u8], iterations: u32) -> Zeroizing<[u8; HASH_BYTES]> {
    let mut out = Zeroizing::new([0u8; HASH_BYTES]);
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(normalized.as_bytes(), salt, iterations, out.as_mut());
    out
}
