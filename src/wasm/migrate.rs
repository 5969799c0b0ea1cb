//! The `migrate` wasm: Google Authenticator's transfer URIs (`pkg/src/migrate.js`).
#![allow(unsafe_code)] // `#[no_mangle]` only

use alloc::string::String;
use alloc::vec::Vec;

use super::memory::{isolated, Call};
use super::{integer, parsed_record};
use crate::migration::{self, Migration};
use crate::totp::Period;
use crate::{Error, OtpAuth, OtpKind, Secret};

/// `parseMigrationUri(uri)`: the number of accounts (u32), version, batch size and batch index
/// (u32 each), the batch id (i32), then each account's record as `parseUri`'s, after its
/// length (u32).
#[no_mangle]
pub extern "C" fn migration_parse(uri_len: usize) -> i32 {
    let mut call = Call::open(uri_len);
    let uri = call.text(uri_len);
    let record = isolated(|| {
        let migration = Migration::parse(uri)?;
        let mut record = Vec::with_capacity(64);
        let count = u32::try_from(migration.accounts.len()).unwrap_or(u32::MAX);
        for number in [count, migration.version, migration.batch_size, migration.batch_index] {
            record.extend_from_slice(&number.to_le_bytes());
        }
        record.extend_from_slice(&migration.batch_id.to_le_bytes());
        for account in &migration.accounts {
            let one = parsed_record(account);
            record.extend_from_slice(&u32::try_from(one.len()).unwrap_or(0).to_le_bytes());
            record.extend_from_slice(&one);
        }
        Ok::<_, Error>(record)
    });
    call.finish_bytes(record)
}

fn read_text(call: &mut Call) -> &'static str {
    let len = call.u32();
    call.text(usize::try_from(len).unwrap_or(0))
}

/// One account as `pkg/src/migrate.js` writes it: type, algorithm, digits and whether it has
/// an issuer (a byte each), the period and the counter (f64), then secret, account and issuer
/// (a u32 length and UTF-8 each).
fn read_account(call: &mut Call, index: usize) -> Result<OtpAuth, Error> {
    let header: [u8; 4] = call.bytes(4).try_into().unwrap_or([0; 4]);
    let [kind, algorithm, digits, has_issuer] = header;
    let (period, counter) = (call.f64(), call.f64());
    let (secret, account, issuer) = (read_text(call), read_text(call), read_text(call));
    let at = |e: Error| e.at_index("accounts", index);
    Ok(OtpAuth {
        kind: if kind == 1 {
            OtpKind::Hotp { counter: crate::hotp::check_counter(integer(counter), "counter").map_err(at)? }
        } else {
            OtpKind::Totp { period: Period::new(integer(period)).map_err(at)? }
        },
        secret: Secret::from_base32(secret).map_err(at)?,
        account: String::from(account),
        issuer: (has_issuer == 1).then(|| String::from(issuer)),
        algorithm: super::algorithm(algorithm.into()).map_err(at)?,
        digits: if digits == 5 { crate::Digits::STEAM } else { super::digits(digits.into()).map_err(at)? },
        image: None,
    })
}

/// `migrationUris(accounts, { batchSize })`: the URIs, one per line.
#[no_mangle]
pub extern "C" fn migration_write(input_len: usize, count: usize, batch_size: f64) -> i32 {
    let mut call = Call::open(input_len);
    let uris = isolated(|| {
        let mut accounts = Vec::with_capacity(count.min(migration::MAX_ACCOUNTS));
        for index in 0..count.min(migration::MAX_ACCOUNTS.saturating_add(1)) {
            accounts.push(read_account(&mut call, index)?);
        }
        let size = usize::try_from(integer(batch_size)).unwrap_or(usize::MAX);
        migration::uris(&accounts, size).map(|uris| uris.join("\n"))
    });
    call.finish_bytes(uris)
}
