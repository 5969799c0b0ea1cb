//! Backup codes: `backup::normalize` and `backup::verify` never panic on any code or stored
//! hash; normalizing is idempotent; verify names the first malformed hash.
//!
//! Input: the typed code on the first line, one stored hash per further line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use totp_wasm::backup::{self, ALPHABET, SYMBOLS};
use totp_wasm::ErrorKind;

/// Each well-formed hash costs a PBKDF2 run, so an input carries few of them, each cheap.
const MAX_HASHES: usize = 4;
const MAX_ITERATIONS: u64 = 2_000;
/// A real hash (PBKDF2 computed independently, with Python's hashlib) of KNOWN_CODE, also in
/// seeds/backup_verify/: wherever it is stored, that code must match.
const KNOWN_CODE: &str = "K7QM2XPD9HFR";
const KNOWN_HASH: &str =
    "$pbkdf2-sha256$i=1000,l=32$AAECAwQFBgcICQoLDA0ODw$47fXEEY9qWeEVhTOOzr65FuuXHFeTWZBLYGnjvWSSlw";

/// The iteration count a hash claims, if it has the shape `$pbkdf2-sha256$i=DIGITS`.
fn claimed_iterations(hash: &str) -> Option<u64> {
    let digits = hash.strip_prefix("$pbkdf2-sha256$i=")?;
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    Some(digits[..end].parse().unwrap_or(u64::MAX))
}

fuzz_target!(|text: &str| {
    let mut lines = text.split('\n');
    let code = lines.next().unwrap_or_default();
    let hashes: Vec<&str> = lines.collect();
    if hashes.len() > MAX_HASHES
        || hashes
            .iter()
            .any(|h| claimed_iterations(h).is_some_and(|i| i > MAX_ITERATIONS))
    {
        return;
    }

    let normalized = backup::normalize(code);
    if let Some(n) = &normalized {
        assert_eq!(
            n.len(),
            SYMBOLS,
            "a normalized code has 12 symbols: {code:?}"
        );
        assert!(
            n.bytes().all(|b| ALPHABET.contains(&b)),
            "a normalized code uses only the alphabet: {code:?}"
        );
        assert_eq!(
            backup::normalize(n).as_deref(),
            Some(&**n),
            "normalize is idempotent"
        );
        let grouped = format!("{}-{} {}", &n[..4], &n[4..8], n[8..].to_ascii_lowercase());
        assert_eq!(
            backup::normalize(&grouped).as_deref(),
            Some(&**n),
            "case, dashes and spaces are ignored"
        );
    }

    let is_known_code = normalized.as_deref().is_some_and(|n| n == KNOWN_CODE);
    let known_at = hashes
        .iter()
        .position(|&h| h == KNOWN_HASH)
        .filter(|_| is_known_code);
    match backup::verify(code, &hashes) {
        Ok(found) if known_at.is_some() => assert!(
            found.is_some_and(|i| Some(i) <= known_at),
            "the known code matches its hash (at {known_at:?} or an earlier one), got {found:?}"
        ),
        Ok(Some(index)) => {
            assert!(
                index < hashes.len(),
                "the matched index {index} is a hash's"
            );
            assert!(
                normalized.is_some(),
                "only a well-formed code matches: {code:?}"
            );
        }
        Ok(None) => {}
        Err(err) => {
            assert!(
                matches!(err.kind(), ErrorKind::Invalid | ErrorKind::OutOfRange),
                "a bad hash is Invalid or OutOfRange: {err}"
            );
            let index: usize = err
                .argument()
                .strip_prefix("hashes[")
                .and_then(|rest| rest.strip_suffix(']'))
                .and_then(|i| i.parse().ok())
                .unwrap_or_else(|| panic!("the error names hashes[i]: {err}"));
            assert!(
                index < hashes.len(),
                "the error names an existing hash: {err}"
            );
            let valid_prefix = &hashes[..index];
            if normalized.is_none() {
                assert_eq!(
                    backup::verify(code, valid_prefix),
                    Ok(None),
                    "the hashes before hashes[{index}] are well formed"
                );
            }
        }
    }
});
