//! The `protect` wasm: login attempts, backup codes and sealed secrets (`pkg/src/protect.js`).
#![allow(unsafe_code)] // `#[no_mangle]` only

use alloc::string::String;
use alloc::vec::Vec;

use super::memory::{isolated, Call};
use super::{integer, small, totp_params};
use crate::attempt::{self, Attempt, AttemptPolicy, AttemptState, BackupPolicy, Counter, Device, DeviceId, Outcome, Reason};
use crate::error::Problem;
use crate::seal::{self, Keyring, SealingKey};
use crate::{backup, Error, Secret};

/// Most hashes `verifyBackupCode` takes (the JavaScript side refuses more).
const MAX_HASHES: usize = 1000;

/// `generateBackupCodes(count)`: the codes, one per line.
#[no_mangle]
pub extern "C" fn backup_generate(count: f64) -> i32 {
    let call = Call::open(0);
    let count = usize::try_from(integer(count)).unwrap_or(usize::MAX);
    let codes = isolated(|| backup::generate(count).map(|codes| codes.join("\n")));
    call.finish_bytes(codes)
}

/// `hashBackupCode(code)`: the PHC string.
#[no_mangle]
pub extern "C" fn backup_hash(code_len: usize) -> i32 {
    let mut call = Call::open(code_len);
    let code = call.text(code_len);
    call.finish_bytes(isolated(|| backup::hash(code)))
}

/// `count` hashes, each a u32 length and UTF-8.
fn read_hashes(call: &mut Call, count: usize) -> Vec<&'static str> {
    let mut hashes: Vec<&str> = Vec::with_capacity(count.min(MAX_HASHES));
    for _ in 0..count.min(MAX_HASHES) {
        let len = call.u32();
        hashes.push(call.text(usize::try_from(len).unwrap_or(0)));
    }
    hashes
}

/// `verifyBackupCode(code, hashes)`: the matching index plus 1, or 0 for none. After the code
/// come `count` hashes, `input_len` bytes in all.
#[no_mangle]
pub extern "C" fn backup_verify(input_len: usize, code_len: usize, count: usize) -> i32 {
    let mut call = Call::open(input_len);
    let code = call.text(code_len);
    let hashes = read_hashes(&mut call, count);
    let found = isolated(|| backup::verify(code, &hashes));
    call.finish_number(found.map(|found| {
        found.and_then(|index| i32::try_from(index.saturating_add(1)).ok()).unwrap_or(0)
    }))
}

// The state crosses as a record, in both directions (`pkg/src/protect.js` writes and reads
// it): six f64 (lastStep, failures, lockedUntil, backup.failures, backup.lockedUntil, the
// number of devices), then per device three f64 (failures, lockedUntil, lastUsed) and its id's
// 22 characters. An absent time is -1.
const DEVICE_ID_CHARS: usize = 22;

fn optional(value: f64) -> Option<u64> {
    (value >= 0.0).then(|| integer(value))
}

fn read_counter(call: &mut Call) -> Counter {
    let failures = integer(call.f64());
    Counter { failures, locked_until_ms: optional(call.f64()) }
}

fn read_state(call: &mut Call) -> Result<AttemptState, Error> {
    let last_step = optional(call.f64());
    let shared = read_counter(call);
    let backup = read_counter(call);
    let count = usize::try_from(integer(call.f64())).unwrap_or(usize::MAX);
    if count > attempt::MAX_DEVICES {
        return Err(Error::out_of_range("state.devices", Problem::StateDevices)
            .quoting([attempt::MAX_DEVICES as u64, count as u64, 0]));
    }
    let mut devices = Vec::with_capacity(count);
    for index in 0..count {
        let counter = read_counter(call);
        let last_used_ms = integer(call.f64());
        let id = DeviceId::from_text(call.text(DEVICE_ID_CHARS)).map_err(|e| e.at_index("state.devices", index))?;
        devices.push(Device { id, counter, last_used_ms });
    }
    Ok(AttemptState { last_step, shared, backup, devices })
}

#[allow(clippy::cast_precision_loss)] // every value is at most 2^53 - 1
fn number(value: u64) -> [u8; 8] {
    (value as f64).to_le_bytes()
}

fn optional_number(value: Option<u64>) -> [u8; 8] {
    value.map_or((-1.0f64).to_le_bytes(), number)
}

fn write_state(record: &mut Vec<u8>, state: &AttemptState) {
    record.extend_from_slice(&optional_number(state.last_step));
    for counter in [&state.shared, &state.backup] {
        record.extend_from_slice(&number(counter.failures));
        record.extend_from_slice(&optional_number(counter.locked_until_ms));
    }
    record.extend_from_slice(&number(state.devices.len() as u64));
    for device in &state.devices {
        record.extend_from_slice(&number(device.counter.failures));
        record.extend_from_slice(&optional_number(device.counter.locked_until_ms));
        record.extend_from_slice(&number(device.last_used_ms));
        record.extend_from_slice(device.id.to_text().as_bytes());
    }
}

/// The outcome as `pkg/src/protect.js` reads it: the reason (its index in `attempt::Reason`),
/// the token's length (0 for none), two spare bytes, then `matched` and `retryAfterSeconds`
/// as f64 (-1 for none), the device id (22 characters, or spaces), two spare bytes, the token
/// (32 bytes, padded with zeros), and the state record.
fn write_outcome(outcome: Outcome) -> Vec<u8> {
    let reason = match outcome.reason {
        Reason::Ok => 0u8,
        Reason::Invalid => 1,
        Reason::Replayed => 2,
        Reason::Locked => 3,
        Reason::Malformed => 4,
    };
    let token = outcome.device_token.as_ref().map(|token| token.as_bytes()).unwrap_or_default();
    let mut record = Vec::with_capacity(1024);
    record.extend_from_slice(&[reason, u8::try_from(token.len()).unwrap_or(0), 0, 0]);
    #[allow(clippy::cast_precision_loss)] // a step offset or an index
    let matched = outcome.matched.map_or(-1.0, |matched| matched as f64);
    record.extend_from_slice(&[0; 4]);
    record.extend_from_slice(&matched.to_le_bytes());
    record.extend_from_slice(&optional_number(outcome.retry_after_seconds));
    match outcome.device_id {
        Some(id) => record.extend_from_slice(id.to_text().as_bytes()),
        None => record.extend_from_slice(&[b' '; DEVICE_ID_CHARS]),
    }
    record.extend_from_slice(&[0, 0]);
    let mut slot = [0u8; 32];
    if let Some(room) = slot.get_mut(..token.len()) {
        room.copy_from_slice(token);
    }
    record.extend_from_slice(&slot);
    write_state(&mut record, &outcome.state);
    record
}

/// `verifyTotpAttempt(secret, token, state, options)`: the outcome record. The arguments are
/// the secret, the token, the device token (-1: none) and the state record.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn attempt_verify(
    secret_len: usize,
    token_len: usize,
    device_len: i32,
    state_len: usize,
    time_ms: f64,
    algorithm: u32,
    digits: f64,
    period: f64,
    window: f64,
    max_failures: f64,
    lockout_seconds: f64,
    remember_device: u32,
) -> i32 {
    let device_bytes = usize::try_from(device_len.max(0)).unwrap_or(0);
    let mut call = Call::open(secret_len.saturating_add(token_len).saturating_add(device_bytes).saturating_add(state_len));
    let (secret, token) = (call.text(secret_len), call.text(token_len));
    let device = call.optional_text(device_len);
    let record = isolated(|| {
        let state = read_state(&mut call)?;
        let secret = Secret::from_base32(secret)?;
        let params = totp_params(algorithm, digits, period)?;
        let policy = AttemptPolicy {
            window: small(window),
            max_failures: small(max_failures),
            lockout_seconds: integer(lockout_seconds),
        };
        let attempt = Attempt { token, now_ms: integer(time_ms), device, remember_device: remember_device == 1 };
        attempt::verify(&secret, &attempt, &state, params, policy).map(write_outcome)
    });
    call.finish_bytes(record)
}

/// `verifyBackupAttempt(code, hashes, state, options)`: the outcome record. The arguments are
/// the code, `count` hashes (as for `backup_verify`) and the state record.
#[no_mangle]
pub extern "C" fn attempt_backup(
    input_len: usize,
    code_len: usize,
    count: usize,
    time_ms: f64,
    max_failures: f64,
    lockout_seconds: f64,
    remember_device: u32,
) -> i32 {
    let mut call = Call::open(input_len);
    let code = call.text(code_len);
    let hashes = read_hashes(&mut call, count);
    let record = isolated(|| {
        let state = read_state(&mut call)?;
        let policy = BackupPolicy { max_failures: small(max_failures), lockout_seconds: integer(lockout_seconds) };
        let attempt = Attempt { token: code, now_ms: integer(time_ms), device: None, remember_device: remember_device == 1 };
        attempt::verify_backup(&hashes, &attempt, &state, policy).map(write_outcome)
    });
    call.finish_bytes(record)
}

/// `generateEncryptionKey()`: 32 random bytes.
#[no_mangle]
pub extern "C" fn key_generate() -> i32 {
    let call = Call::open(0);
    // On the heap (the arena, which finish wipes), not in this frame, above the stack scrub.
    let key = isolated(|| SealingKey::generate().map(|key| key.as_bytes().to_vec()));
    call.finish_bytes(key)
}

/// A key: JavaScript sends its length (at most 33) as a u32, its bytes, then its real length.
fn read_key(call: &mut Call, argument: &'static str) -> Result<SealingKey, Error> {
    let sent = call.u32();
    let bytes = call.bytes(usize::try_from(sent).unwrap_or(0));
    let length = call.u32();
    if usize::try_from(length).ok() != Some(bytes.len()) {
        return Err(Error::out_of_range("key", Problem::KeyLength).with_argument(argument).quoting([length.into(), 0, 0]));
    }
    SealingKey::from_bytes(bytes).map_err(|e| e.with_argument(argument))
}

/// `encryptSecret(secret, key, context, { keyId })`: the sealed string. The arguments are the
/// secret, the context, the key id (-1: none) and the key.
#[no_mangle]
pub extern "C" fn secret_seal(input_len: usize, secret_len: usize, context_len: usize, key_id_len: i32) -> i32 {
    let mut call = Call::open(input_len);
    let (secret, context) = (call.text(secret_len), call.text(context_len));
    let key_id = call.optional_text(key_id_len);
    let sealed = isolated(|| {
        let key = read_key(&mut call, "key")?;
        let secret = Secret::from_base32(secret)?;
        seal::seal_with_key_id(&secret, &key, key_id, context)
    });
    call.finish_bytes(sealed)
}

/// `decryptSecret(sealed, keyOrKeyring, context)`: the secret in base32. The arguments are the
/// sealed string, the context, then `count` keys, each its id's length as a u32 (u32::MAX for
/// a lone key) and id, then the key as `read_key` reads it.
#[no_mangle]
pub extern "C" fn secret_open(input_len: usize, sealed_len: usize, context_len: usize, count: usize) -> i32 {
    let mut call = Call::open(input_len);
    let (sealed, context) = (call.text(sealed_len), call.text(context_len));
    let secret: Result<String, _> = isolated(|| {
        let mut keys = Vec::with_capacity(count.min(seal::MAX_KEYRING));
        let mut lone = None;
        for _ in 0..count.min(seal::MAX_KEYRING.saturating_add(1)) {
            let id_len = call.u32();
            if id_len == u32::MAX {
                lone = Some(read_key(&mut call, "key")?);
                continue;
            }
            let id = String::from(call.text(usize::try_from(id_len).unwrap_or(0)));
            // Named as JavaScript passes it: `key.<id>` of the keyring object.
            let key = read_key(&mut call, "key").map_err(|e| {
                let mut name = String::from("key.");
                name.push_str(&id);
                e.with_argument(name)
            })?;
            keys.push((id, key));
        }
        let keyring = match lone {
            Some(key) => Keyring::single(key),
            None => Keyring::with_ids(keys)?,
        };
        Ok(seal::open(sealed, &keyring, context)?.to_base32())
    });
    call.finish_bytes(secret)
}
