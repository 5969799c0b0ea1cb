//! Single-use backup (recovery) codes: generation, normalization, slow salted hashing, and
//! verification against the stored hashes at the cost of one key derivation.
//!
//! A code is 15 symbols from a 31-character alphabet with no look-alikes (no `0 O 1 I L`),
//! grouped as `XXXXX-XXXXX-XXXXX`: 15 × log2(31) ≈ 74.3 bits. Only a PBKDF2-HMAC-SHA256 hash
//! in PHC format is stored. The hash names its code's first two symbols, the *selector*, so
//! that verifying a typed code derives one key (for the hash with that selector) instead of
//! one per stored hash. Whoever reads the table sees the selectors; the other 13 symbols
//! (64.4 bits) stay behind the key derivation. The codes of one batch have distinct
//! selectors, so a batch always verifies with one derivation.
//!
//! Codes and hashes from 0.1 (12 symbols, no selector) still verify: each such hash costs one
//! derivation, as before.

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
pub const SYMBOLS: usize = 15;
/// Symbols per dash-separated group.
pub const GROUP: usize = 5;
/// Symbols of a code made by 0.1, which still verify.
pub const LEGACY_SYMBOLS: usize = 12;
/// The leading symbols a hash names, so that verification derives one key.
pub const SELECTOR_SYMBOLS: usize = 2;
/// The most codes one call makes.
pub const MAX_COUNT: usize = 100;
/// PBKDF2 iterations for new hashes. Codes carry 74 bits (64 behind the selector), so the work
/// factor only has to make an offline search of a stolen table hopeless, not rescue a weak
/// password.
pub const ITERATIONS: u32 = 20_000;
/// Hashes claiming fewer or more iterations are refused, so that a tampered table can neither
/// weaken verification nor make one derivation cost more than twice the default.
pub const ITERATION_RANGE: core::ops::RangeInclusive<u32> = 10_000..=40_000;
/// The most key derivations one verification runs: enough for 100 hashes from 0.1 (which
/// carry no selector); more means a tampered table.
pub const MAX_DERIVATIONS: usize = 100;

const PHC_PREFIX: &str = "$pbkdf2-sha256$";
const SALT_BYTES: usize = 16;
const HASH_BYTES: usize = 32;
/// Codes drawn for one batch before the generator is declared broken: a batch of 100 needs
/// about 106 (distinct selectors); 8 per code and 64 more is never reached by a real one.
const fn max_draws(count: usize) -> usize {
    count.saturating_mul(8).saturating_add(64)
}

/// Generates `count` distinct codes (1 to 100), each like `K7QM2-XPD9H-FRW3N`, with distinct
/// selectors (first two symbols).
///
/// # Errors
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) unless `1 <= count <= 100`;
/// [`ErrorKind::Random`](crate::ErrorKind::Random) if the platform generator fails or its
/// output repeats.
///
/// # Example
/// ```
/// let codes = totp_wasm::backup::generate(10)?;
/// assert_eq!(codes.len(), 10);
/// assert_eq!(codes[0].len(), 17);
/// # Ok::<(), totp_wasm::Error>(())
/// ```
pub fn generate(count: usize) -> Result<Vec<String>, Error> {
    if !(1..=MAX_COUNT).contains(&count) {
        return Err(Error::range("count", Problem::Range, 1, MAX_COUNT as u64, count as u64));
    }
    let mut codes: Vec<String> = Vec::with_capacity(count);
    for _ in 0..max_draws(count) {
        if codes.len() == count {
            return Ok(codes);
        }
        let code = generate_one()?;
        if !codes.iter().any(|other| other.get(..SELECTOR_SYMBOLS) == code.get(..SELECTOR_SYMBOLS)) {
            codes.push(code);
        }
    }
    if codes.len() == count {
        return Ok(codes);
    }
    Err(rng::repeating())
}

fn generate_one() -> Result<String, Error> {
    // Rejection sampling: bytes from 248 up are dropped, so that every symbol is equally
    // likely. 64 bytes hold 15 accepted ones except with probability below 2^-200.
    let mut bytes = Zeroizing::new([0u8; 64]);
    rng::fill(bytes.as_mut())?;
    // 248: the largest multiple of 31 that a byte can reach.
    const ZONE: usize = 256 - 256 % ALPHABET.len();
    let mut symbols = bytes.iter().filter(|&&byte| usize::from(byte) < ZONE).map(|&byte| {
        ALPHABET.get(usize::from(byte).checked_rem(ALPHABET.len()).unwrap_or(0)).copied().unwrap_or(b'2')
    });
    let mut code = String::with_capacity(SYMBOLS.saturating_add(2));
    for index in 0..SYMBOLS {
        if index > 0 && index % GROUP == 0 {
            code.push('-');
        }
        code.push(char::from(symbols.next().ok_or_else(rng::repeating)?));
    }
    Ok(code)
}

/// What typed or pasted text may carry between symbols and is ignored: the spaces, line breaks
/// and zero-width characters, and the dashes, that keyboards, phones, password managers and
/// word processors put there (hyphen, non-breaking hyphen, figure dash, en and em dash, minus,
/// small and full-width hyphens). The list is the README's; anything else is malformed.
fn is_separator(ch: char) -> bool {
    matches!(
        ch,
        ' ' | '\t' | '\n' | '\r' | '-' | '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{3000}'
            | '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{2010}' | '\u{2011}' | '\u{2012}'
            | '\u{2013}' | '\u{2014}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
    )
}

/// A symbol as typed, in ASCII upper case: full-width letters and digits (what a phone's CJK
/// keyboard types) are their ASCII twins.
fn ascii_upper(ch: char) -> Option<u8> {
    let ch = match u32::from(ch) {
        full_width @ 0xFF10..=0xFF5A => char::from_u32(full_width.checked_sub(0xFEE0)?)?,
        _ => ch,
    };
    u8::try_from(ch).ok().filter(u8::is_ascii).map(|byte| byte.to_ascii_uppercase())
}

/// The canonical form of a typed-in code: upper-case symbols with every separator removed.
/// `None` when what is left is not 15 (or, from 0.1, 12) symbols of the alphabet: it cannot
/// match any hash.
pub fn normalize(code: &str) -> Option<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::with_capacity(SYMBOLS));
    for ch in code.chars().filter(|&ch| !is_separator(ch)) {
        let symbol = ascii_upper(ch).filter(|symbol| ALPHABET.contains(symbol))?;
        if out.len() >= SYMBOLS {
            return None;
        }
        out.push(char::from(symbol));
    }
    matches!(out.len(), SYMBOLS | LEGACY_SYMBOLS).then_some(out)
}

/// Hashes a code for storage: PBKDF2-HMAC-SHA256 with a random 128-bit salt, as a PHC string
/// `$pbkdf2-sha256$i=20000,l=32,s=<selector>$<salt>$<hash>`.
///
/// # Errors
/// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) if `code` is not a backup code (after
/// normalization); [`ErrorKind::Random`](crate::ErrorKind::Random) if the generator fails.
///
/// # Example
/// ```
/// use totp_wasm::backup;
/// let hash = backup::hash("k7qm2 xpd9h frw3n")?;
/// assert!(hash.starts_with("$pbkdf2-sha256$i=20000,l=32,s=K7$"));
/// assert_eq!(backup::verify("K7QM2-XPD9H-FRW3N", &[hash])?, Some(0));
/// # Ok::<(), totp_wasm::Error>(())
/// ```
pub fn hash(code: &str) -> Result<String, Error> {
    let normalized = normalize(code).ok_or_else(|| Error::invalid("code", Problem::BackupCode))?;
    let mut salt = [0u8; SALT_BYTES];
    rng::fill(&mut salt)?;
    let derived = derive(&normalized, &salt, ITERATIONS);
    let mut phc = String::from(PHC_PREFIX);
    phc.push_str("i=");
    phc.push_str(itoa::Buffer::new().format(ITERATIONS));
    phc.push_str(",l=");
    phc.push_str(itoa::Buffer::new().format(HASH_BYTES));
    phc.push_str(",s=");
    phc.push_str(selector(&normalized));
    phc.push('$');
    phc.push_str(&Base64Unpadded::encode_string(&salt));
    phc.push('$');
    phc.push_str(&Base64Unpadded::encode_string(derived.as_slice()));
    Ok(phc)
}

fn selector(normalized: &str) -> &str {
    normalized.get(..SELECTOR_SYMBOLS).unwrap_or_default()
}

/// Finds the stored hash that `code` matches and returns its index; `None` if none does or
/// `code` is not a well-formed backup code. The caller then deletes that hash.
///
/// A well-formed code costs one key derivation for hashes from [`hash`] (a dummy one when no
/// selector matches, so the time does not say whether one did), plus one per hash from 0.1.
///
/// # Errors
/// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) if a hash is not a PHC string this
/// package made (the error names `hashes[i]`), or more than [`MAX_DERIVATIONS`] hashes would
/// each need a derivation.
pub fn verify<S: AsRef<str>>(code: &str, hashes: &[S]) -> Result<Option<usize>, Error> {
    let parsed = hashes
        .iter()
        .enumerate()
        .map(|(index, hash)| StoredHash::parse(hash.as_ref()).map_err(|e| e.at_index("hashes", index)))
        .collect::<Result<Vec<_>, Error>>()?;
    let Some(normalized) = normalize(code) else {
        return Ok(None);
    };
    let wanted = selector(&normalized).as_bytes();
    let candidates: Vec<usize> = parsed
        .iter()
        .enumerate()
        .filter(|(_, stored)| stored.selector.as_ref().is_none_or(|selector| selector == wanted))
        .map(|(index, _)| index)
        .collect();
    if candidates.len() > MAX_DERIVATIONS {
        return Err(Error::invalid("hashes", Problem::BackupDerivations).quoting([MAX_DERIVATIONS as u64, 0, 0]));
    }
    if candidates.is_empty() {
        // The same work as a real check, so that the time says nothing about the selectors.
        let _ = derive(&normalized, &[0u8; SALT_BYTES], ITERATIONS);
        return Ok(None);
    }
    Ok(candidates
        .into_iter()
        .find(|&index| parsed.get(index).is_some_and(|stored| stored.matches(&normalized))))
}

/// Checks that `text` is a hash [`verify`] accepts, without deriving anything.
///
/// # Errors
/// As [`verify`] reports a malformed hash, naming `hashes`.
pub fn check_hash(text: &str) -> Result<(), Error> {
    StoredHash::parse(text).map(|_| ())
}

struct StoredHash {
    iterations: u32,
    selector: Option<[u8; SELECTOR_SYMBOLS]>,
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
        let (params, selector) = match params.split_once(",s=") {
            Some((params, selector)) => (params, Some(parse_selector(selector).ok_or_else(malformed)?)),
            None => (params, None),
        };
        let iterations = params
            .strip_suffix(",l=32")
            .and_then(|p| p.strip_prefix("i="))
            .filter(|digits| !digits.is_empty() && digits.len() <= 7 && digits.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|digits| digits.parse::<u32>().ok())
            .ok_or_else(malformed)?;
        if !ITERATION_RANGE.contains(&iterations) {
            return Err(Error::out_of_range("hashes", Problem::BackupIterations)
                .quoting([(*ITERATION_RANGE.start()).into(), (*ITERATION_RANGE.end()).into(), 0]));
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
        Ok(StoredHash { iterations, selector, salt, hash: out })
    }

    fn matches(&self, normalized: &str) -> bool {
        let derived = derive(normalized, &self.salt, self.iterations);
        bool::from(derived.as_slice().ct_eq(&self.hash))
    }
}

fn parse_selector(text: &str) -> Option<[u8; SELECTOR_SYMBOLS]> {
    let selector: [u8; SELECTOR_SYMBOLS] = text.as_bytes().try_into().ok()?;
    selector.iter().all(|symbol| ALPHABET.contains(symbol)).then_some(selector)
}

fn derive(normalized: &str, salt: &[u8], iterations: u32) -> Zeroizing<[u8; HASH_BYTES]> {
    let mut out = Zeroizing::new([0u8; HASH_BYTES]);
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(normalized.as_bytes(), salt, iterations, out.as_mut());
    out
}
