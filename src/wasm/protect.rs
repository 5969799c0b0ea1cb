//! The `protect` wasm: login attempts, backup codes and sealed secrets (`pkg/src/protect.js`).
#![allow(unsafe_code)] // `#[no_mangle]` only

use alloc::string::String;
use alloc::vec::Vec;

use super::memory::{isolated, Call};
use super::{integer, small, totp_params};
use crate::attempt::{self, AttemptPolicy, AttemptState, Reason};
use crate::seal::{self, SealingKey};
use crate::error::Problem;
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

/// `verifyBackupCode(code, hashes)`: the matching index plus 1, or 0 for none. After the code
/// come `count` hashes, each a u32 length and UTF-8, `input_len` bytes in all.
#[no_mangle]
pub extern "C" fn backup_verify(input_len: usize, code_len: usize, count: usize) -> i32 {
    let mut call = Call::open(input_len);
    let code = call.text(code_len);
    let mut hashes: Vec<&str> = Vec::with_capacity(count.min(MAX_HASHES));
    for _ in 0..count.min(MAX_HASHES) {
        let len = call.bytes(4).try_into().map_or(0, u32::from_le_bytes);
        hashes.push(call.text(usize::try_from(len).unwrap_or(0)));
    }
    let found = isolated(|| backup::verify(code, &hashes));
    call.finish_number(found.map(|found| {
        found.and_then(|index| i32::try_from(index.saturating_add(1)).ok()).unwrap_or(0)
    }))
}

/// `verifyTotpAttempt(secret, token, state, options)`: a record `pkg/src/protect.js` reads:
/// the reason (its index in `attempt::Reason`), then whether delta, lastStep, lockedUntil and
/// retryAfterSeconds are present (a byte each), two spare bytes, then delta, lastStep,
/// failures, lockedUntil and retryAfterSeconds as f64. Absent state fields arrive as -1.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn attempt_verify(
    secret_len: usize,
    token_len: usize,
    time_ms: f64,
    algorithm: u32,
    digits: f64,
    period: f64,
    window: f64,
    max_failures: f64,
    lockout_seconds: f64,
    last_step: f64,
    failures: f64,
    locked_until: f64,
) -> i32 {
    let mut call = Call::open(secret_len.saturating_add(token_len));
    let (secret, token) = (call.text(secret_len), call.text(token_len));
    let outcome = isolated(|| {
        let secret = Secret::from_base32(secret)?;
        let params = totp_params(algorithm, digits, period)?;
        let policy = AttemptPolicy {
            window: small(window),
            max_failures: small(max_failures),
            lockout_seconds: integer(lockout_seconds),
        };
        let optional = |value: f64| (value >= 0.0).then(|| integer(value));
        let state = AttemptState {
            last_step: optional(last_step),
            failures: integer(failures),
            locked_until_ms: optional(locked_until),
        };
        attempt::verify(&secret, token, state, integer(time_ms), params, policy)
    });
    call.finish_bytes(outcome.map(|outcome| {
        let reason = match outcome.reason {
            Reason::Ok => 0u8,
            Reason::Invalid => 1,
            Reason::Replayed => 2,
            Reason::Locked => 3,
            Reason::Malformed => 4,
        };
        let state = outcome.state;
        #[allow(clippy::cast_precision_loss)] // every value is at most 2^53 - 1
        let fields = [
            outcome.delta.map(|delta| delta as f64),
            state.last_step.map(|step| step as f64),
            Some(state.failures as f64),
            state.locked_until_ms.map(|until| until as f64),
            outcome.retry_after_seconds.map(|seconds| seconds as f64),
        ];
        let mut record = Vec::with_capacity(48);
        record.push(reason);
        for index in [0, 1, 3, 4] {
            record.push(u8::from(fields.get(index).is_some_and(Option::is_some)));
        }
        record.extend_from_slice(&[0, 0, 0]);
        for field in fields {
            record.extend_from_slice(&field.unwrap_or(0.0).to_le_bytes());
        }
        record
    }))
}

/// `generateEncryptionKey()`: 32 random bytes.
#[no_mangle]
pub extern "C" fn key_generate() -> i32 {
    let call = Call::open(0);
    // On the heap (the arena, which finish wipes), not in this frame, above the stack scrub.
    let key = isolated(|| SealingKey::generate().map(|key| key.as_bytes().to_vec()));
    call.finish_bytes(key)
}

/// The key: JavaScript sends at most 33 of its bytes, and its real length.
fn key(bytes: &[u8], length: f64) -> Result<SealingKey, Error> {
    let length = integer(length);
    if usize::try_from(length).ok() != Some(bytes.len()) {
        return Err(Error::out_of_range("key", Problem::KeyLength).quoting([length, 0, 0]));
    }
    SealingKey::from_bytes(bytes)
}

/// `encryptSecret(secret, key, context)`: the sealed string.
#[no_mangle]
pub extern "C" fn secret_seal(secret_len: usize, key_len: usize, context_len: usize, key_length: f64) -> i32 {
    let mut call = Call::open(secret_len.saturating_add(key_len).saturating_add(context_len));
    let (secret, key, context) = (call.text(secret_len), call.bytes(key_len), call.text(context_len));
    let sealed = isolated(|| {
        let secret = Secret::from_base32(secret)?;
        seal::seal(&secret, &self::key(key, key_length)?, context)
    });
    call.finish_bytes(sealed)
}

/// `decryptSecret(sealed, key, context)`: the secret in base32.
#[no_mangle]
pub extern "C" fn secret_open(sealed_len: usize, key_len: usize, context_len: usize, key_length: f64) -> i32 {
    let mut call = Call::open(sealed_len.saturating_add(key_len).saturating_add(context_len));
    let (sealed, key, context) = (call.text(sealed_len), call.bytes(key_len), call.text(context_len));
    let secret: Result<String, _> = isolated(|| Ok(seal::open(sealed, &self::key(key, key_length)?, context)?.to_base32()));
    call.finish_bytes(secret)
}
