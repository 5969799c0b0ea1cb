//! Google Authenticator's account transfer: `otpauth-migration://offline?data=...`, where
//! `data` is the base64 of a protobuf `MigrationPayload`, read and written by hand for this one
//! message (see `protobuf` for the wire format, and why not a crate).
//!
//! The message, as the app defines it (field numbers in brackets):
//! `MigrationPayload { repeated OtpParameters otp_parameters [1]; int32 version [2];
//! int32 batch_size [3]; int32 batch_index [4]; int32 batch_id [5] }` and
//! `OtpParameters { bytes secret [1]; string name [2]; string issuer [3]; Algorithm
//! algorithm [4]; DigitCount digits [5]; OtpType type [6]; int64 counter [7] }`, with
//! `Algorithm { UNSPECIFIED, SHA1, SHA256, SHA512, MD5 }`, `DigitCount { UNSPECIFIED, SIX,
//! EIGHT }` and `OtpType { UNSPECIFIED, HOTP, TOTP }`. The app has no period: every TOTP
//! account it transfers has 30 seconds.

mod protobuf;

use alloc::string::String;
use alloc::vec::Vec;
use base64ct::{Base64, Base64Unpadded, Base64Url, Base64UrlUnpadded, Encoding};

use crate::error::Problem;
use crate::totp::Period;
use crate::{Algorithm, Digits, Error, OtpAuth, OtpKind, Secret};
use protobuf::{Field, Reader, Writer};

const SCHEME: &str = "otpauth-migration://offline?";
/// Accounts per QR code when the caller does not say: the largest batch whose QR code stays at
/// version 20 (97 modules) or below at ECC M for typical accounts (a 160-bit secret, a
/// 20-character issuer and a 30-character account), which a phone reads from a screen.
/// Measured (`tests/migration.rs`): 1 account version 10, 2 v13, 3 v17, 4 v19, 5 v22, 7 v26,
/// 10 v31, 15 v39, 20 too long for any QR code.
pub const DEFAULT_BATCH_SIZE: usize = 4;
/// The most accounts one QR code may carry.
pub const MAX_BATCH_SIZE: usize = 50;
/// The most accounts one export may hold.
pub const MAX_ACCOUNTS: usize = 1000;

/// Writes `accounts` as the URIs of an export's QR codes, `batch_size` accounts each (1 to
/// 50), with one random batch id, as the app does.
///
/// # Errors
/// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) for a batch size outside 1 to 50,
/// no accounts or more than 1000; [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) naming
/// `accounts[i]` for an account the app cannot hold (7 digits, a period other than 30 s);
/// [`ErrorKind::Random`](crate::ErrorKind::Random) if the generator fails.
pub fn uris(accounts: &[OtpAuth], batch_size: usize) -> Result<Vec<String>, Error> {
    let mut id = [0u8; 4];
    crate::rng::fill(&mut id)?;
    uris_with_batch_id(accounts, batch_size, i32::from_le_bytes(id) & i32::MAX)
}

/// [`uris`] with a given batch id.
///
/// # Errors
/// As [`uris`].
pub fn uris_with_batch_id(accounts: &[OtpAuth], batch_size: usize, batch_id: i32) -> Result<Vec<String>, Error> {
    if !(1..=MAX_BATCH_SIZE).contains(&batch_size) {
        return Err(Error::range("batchSize", Problem::Range, 1, MAX_BATCH_SIZE as u64, batch_size as u64));
    }
    if !(1..=MAX_ACCOUNTS).contains(&accounts.len()) {
        return Err(Error::range("accounts", Problem::ItemCount, 1, MAX_ACCOUNTS as u64, accounts.len() as u64));
    }
    let chunks = accounts.chunks(batch_size);
    let count = u32::try_from(chunks.len()).unwrap_or(u32::MAX);
    let mut uris = Vec::with_capacity(chunks.len());
    for (index, chunk) in chunks.enumerate() {
        let migration = Migration {
            accounts: chunk.to_vec(),
            version: 1,
            batch_size: count,
            batch_index: u32::try_from(index).unwrap_or(u32::MAX),
            batch_id,
        };
        uris.push(migration.encode(index.saturating_mul(batch_size))?);
    }
    Ok(uris)
}

/// One transfer QR code's content: its accounts and where it stands in its batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Migration {
    /// The accounts, in the order the app lists them.
    pub accounts: Vec<OtpAuth>,
    /// The payload format's version (1 in every export seen).
    pub version: u32,
    /// How many QR codes the export has.
    pub batch_size: u32,
    /// Which of them this is, from 0.
    pub batch_index: u32,
    /// The same random number in every QR code of one export.
    pub batch_id: i32,
}

impl Migration {
    /// Reads an `otpauth-migration://offline?data=...` URI.
    ///
    /// # Errors
    /// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) naming `uri` for another scheme, a
    /// missing or repeated `data`, bad percent-encoding or base64, and a payload that is not a
    /// well-formed `MigrationPayload` (a truncated varint, a wrong wire type, a length past the
    /// end, an enum value the app does not define, an account without a secret).
    pub fn parse(uri: &str) -> Result<Migration, Error> {
        let query = uri.strip_prefix(SCHEME).ok_or_else(|| Error::invalid("uri", Problem::MigrationScheme))?;
        let mut data = None;
        for pair in query.split('&') {
            if let Some(value) = pair.strip_prefix("data=") {
                if data.replace(value).is_some() {
                    return Err(Error::invalid("uri", Problem::UriRepeated).naming("data"));
                }
            }
        }
        let data = data.ok_or_else(|| Error::invalid("uri", Problem::MigrationNoData))?;
        let bytes = decode_base64(&percent_decode(data)?)?;
        read_payload(&bytes)
    }

    /// Writes the URI of this one QR code.
    ///
    /// # Errors
    /// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) naming `accounts[i]` for an account
    /// the app cannot hold: 7 digits, or a period other than 30 seconds.
    pub fn to_uri(&self) -> Result<String, Error> {
        self.encode(0)
    }

    /// The URI, naming a bad account by its index plus `offset` (its place in the export).
    fn encode(&self, offset: usize) -> Result<String, Error> {
        let mut out = Writer::default();
        for (index, account) in self.accounts.iter().enumerate() {
            let account = write_account(account).map_err(|e| e.at_index("accounts", offset.saturating_add(index)))?;
            out.bytes(1, &account);
        }
        out.varint(2, u64::from(self.version));
        out.varint(3, u64::from(self.batch_size));
        out.varint(4, u64::from(self.batch_index));
        // int32 is written sign-extended to 64 bits, as protobuf does.
        #[allow(clippy::cast_sign_loss)]
        out.varint(5, i64::from(self.batch_id) as u64);
        let mut uri = String::from(SCHEME);
        uri.push_str("data=");
        for ch in Base64::encode_string(&out.into_bytes()).chars() {
            match ch {
                '+' => uri.push_str("%2B"),
                '/' => uri.push_str("%2F"),
                '=' => uri.push_str("%3D"),
                _ => uri.push(ch),
            }
        }
        Ok(uri)
    }
}

fn read_payload(bytes: &[u8]) -> Result<Migration, Error> {
    let mut migration = Migration { accounts: Vec::new(), version: 0, batch_size: 0, batch_index: 0, batch_id: 0 };
    let mut reader = Reader::new(bytes);
    while let Some((number, field)) = reader.next_field()? {
        match (number, field) {
            (1, Field::Bytes(message)) => migration.accounts.push(read_account(message)?),
            (2, Field::Varint(value)) => migration.version = int32(value),
            (3, Field::Varint(value)) => migration.batch_size = int32(value),
            (4, Field::Varint(value)) => migration.batch_index = int32(value),
            #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
            (5, Field::Varint(value)) => migration.batch_id = value as i32,
            (1..=5, _) => return Err(malformed(Problem::MigrationWireType)),
            _ => {} // unknown fields are skipped, as protobuf requires
        }
    }
    Ok(migration)
}

/// An int32 field as the app writes counts (never negative): a negative one reads as 0.
#[allow(clippy::cast_possible_truncation)]
fn int32(value: u64) -> u32 {
    u32::try_from(value as i64).unwrap_or(0)
}

fn read_account(bytes: &[u8]) -> Result<OtpAuth, Error> {
    let (mut secret, mut name, mut issuer) = (None, String::new(), String::new());
    let (mut algorithm, mut digits, mut kind, mut counter) = (Algorithm::Sha1, Digits::default(), 0u64, 0u64);
    let mut reader = Reader::new(bytes);
    while let Some((number, field)) = reader.next_field()? {
        match (number, field) {
            (1, Field::Bytes(value)) => secret = Some(value),
            (2, Field::Bytes(value)) => name = text(value)?,
            (3, Field::Bytes(value)) => issuer = text(value)?,
            (4, Field::Varint(value)) => {
                algorithm = match value {
                    0 | 1 => Algorithm::Sha1,
                    2 => Algorithm::Sha256,
                    3 => Algorithm::Sha512,
                    _ => return Err(malformed(Problem::MigrationAlgorithm)),
                }
            }
            (5, Field::Varint(value)) => {
                digits = match value {
                    0 | 1 => Digits::default(),
                    2 => Digits::new(8)?,
                    _ => return Err(malformed(Problem::MigrationDigits)),
                }
            }
            (6, Field::Varint(value)) if value <= 2 => kind = value,
            (6, Field::Varint(_)) => return Err(malformed(Problem::MigrationType)),
            (7, Field::Varint(value)) => counter = value,
            (1..=7, _) => return Err(malformed(Problem::MigrationWireType)),
            _ => {}
        }
    }
    let secret = match secret {
        Some(bytes) if !bytes.is_empty() => Secret::from_bytes(bytes).map_err(|e| e.within("uri", "an account's secret"))?,
        _ => return Err(malformed(Problem::MigrationNoSecret)),
    };
    let (issuer, account) = label(issuer, name);
    let kind = if kind == 1 {
        OtpKind::Hotp { counter: crate::hotp::check_counter(counter, "uri").map_err(|e| e.within("uri", "an account's counter"))? }
    } else {
        OtpKind::Totp { period: Period::default() }
    };
    Ok(OtpAuth { kind, secret, account, issuer, algorithm, digits, image: None })
}

/// The app's `name` is often the whole label, `issuer:account`: with an issuer, a name that
/// starts with it and `:` is the account after them; without one, a name with `:` is a label
/// whose prefix is the issuer, as `parseUri` reads a label. Any other name is the account.
fn label(issuer: String, name: String) -> (Option<String>, String) {
    if !issuer.is_empty() {
        let account = name
            .strip_prefix(issuer.as_str())
            .and_then(|rest| rest.strip_prefix(':'))
            .map(|rest| String::from(rest.trim_start()))
            .unwrap_or(name);
        return (Some(issuer), account);
    }
    match name.split_once(':') {
        Some((prefix, account)) if !prefix.trim().is_empty() => (Some(String::from(prefix.trim())), String::from(account.trim_start())),
        _ => (None, name),
    }
}

fn write_account(account: &OtpAuth) -> Result<Vec<u8>, Error> {
    let mut out = Writer::default();
    out.bytes(1, account.secret.as_bytes());
    let mut name = String::new();
    if let Some(issuer) = &account.issuer {
        name.push_str(issuer);
        name.push(':');
    }
    name.push_str(&account.account);
    out.bytes(2, name.as_bytes());
    if let Some(issuer) = &account.issuer {
        out.bytes(3, issuer.as_bytes());
    }
    out.varint(4, match account.algorithm {
        Algorithm::Sha1 => 1,
        Algorithm::Sha256 => 2,
        Algorithm::Sha512 => 3,
    });
    out.varint(5, match account.digits.get() {
        6 => 1,
        8 => 2,
        _ => return Err(Error::invalid("accounts", Problem::MigrationDigits)),
    });
    match account.kind {
        OtpKind::Totp { period } if period.get() == 30 => out.varint(6, 2),
        OtpKind::Totp { .. } => return Err(Error::invalid("accounts", Problem::MigrationPeriod)),
        OtpKind::Hotp { counter } => {
            out.varint(6, 1);
            out.varint(7, counter);
        }
    }
    Ok(out.into_bytes())
}

fn text(bytes: &[u8]) -> Result<String, Error> {
    core::str::from_utf8(bytes).map(String::from).map_err(|_| malformed(Problem::MigrationUtf8))
}

fn malformed(problem: Problem) -> Error {
    Error::invalid("uri", problem)
}

/// The `data` parameter as exports carry it: percent-encoded, or with a literal `+` (or a
/// space where a form decoder turned `+` into one).
fn percent_decode(text: &str) -> Result<String, Error> {
    let mut out = String::with_capacity(text.len());
    let mut bytes = text.bytes();
    while let Some(byte) = bytes.next() {
        match byte {
            b'%' => {
                let hex = |byte: Option<u8>| byte.and_then(|b| char::from(b).to_digit(16));
                let (Some(high), Some(low)) = (hex(bytes.next()), hex(bytes.next())) else {
                    return Err(Error::invalid("uri", Problem::UriPercent).naming("data"));
                };
                out.push(char::from(u8::try_from(high.saturating_mul(16).saturating_add(low)).unwrap_or(0)));
            }
            b' ' => out.push('+'),
            _ => out.push(char::from(byte)),
        }
    }
    Ok(out)
}

/// Standard or URL-safe base64, padded or not.
fn decode_base64(text: &str) -> Result<Vec<u8>, Error> {
    let bad = || Error::invalid("uri", Problem::MigrationBase64);
    if text.is_empty() {
        return Err(bad());
    }
    let url = text.contains(['-', '_']);
    let padded = text.ends_with('=');
    match (url, padded) {
        (false, true) => Base64::decode_vec(text),
        (false, false) => Base64Unpadded::decode_vec(text),
        (true, true) => Base64Url::decode_vec(text),
        (true, false) => Base64UrlUnpadded::decode_vec(text),
    }
    .map_err(|_| bad())
}
