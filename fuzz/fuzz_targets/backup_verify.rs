//! Backup codes: `backup::normalize`, `backup::check_hash` and `backup::verify` never panic on
//! any code or stored hash. Normalizing gives what the documented rules give (a reference
//! here): upper-case alphabet symbols only, 15 of them (12 for a 0.1 code), separators, case
//! and full-width forms ignored; it is idempotent, and regrouping the result changes nothing.
//! `check_hash` accepts exactly `$pbkdf2-sha256$i=N,l=32,s=XX$salt$hash` (0.1's: without
//! `,s=XX`), N from 10,000 to 40,000, XX two alphabet symbols, salt (8 to 64 bytes) and hash
//! (32) in unpadded base64, as a reference parser here reads it, and refuses the rest as
//! Invalid (OutOfRange for an iteration count outside the range). `verify` fails for the first
//! hash `check_hash` refuses, naming `hashes[i]`, and otherwise finds the known code's hash and
//! nothing made up.
//!
//! Input: the typed code on the first line, one stored hash per further line.
//!
//! Each verification of a well-formed code costs a 10,000- to 40,000-iteration PBKDF2 per
//! candidate hash, so it runs on one input in 2048 (picked by a hash of the input, which almost
//! every mutation changes), and the known answers once per process; normalizing, parsing and
//! every refusal run on every input.
#![no_main]

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use totp_wasm::backup::{self, ALPHABET, LEGACY_SYMBOLS, SYMBOLS};
use totp_wasm::ErrorKind;

/// A derivation-bearing `verify` runs on one input in this many.
const SLOW_ONE_IN: u64 = 2048;
/// ... and only with this many hashes at most.
const MAX_SLOW_HASHES: usize = 4;
/// Real hashes (PBKDF2 computed independently, with Python's hashlib), also in
/// seeds/backup_verify/: wherever one is stored, its code matches it. This version's (20,000
/// iterations, as `backup::hash` writes, and the fewest allowed), and 0.1's (12 symbols, no
/// selector, 20,000 iterations as 0.1 wrote). 0.1's hashes at 1,000 iterations (the old seeds)
/// are refused now.
const KNOWN: [(&str, &str); 4] = [
    (
        "K7QM2XPD9HFRW3N",
        "$pbkdf2-sha256$i=20000,l=32,s=K7$EBESExQVFhcYGRobHB0eHw$rqqD3PtQtLkKSEAcEQiQ9jRM6PXaqnv0YBtoPzR1Xz4",
    ),
    (
        "Q9TW4MBYJ2XE7VC",
        "$pbkdf2-sha256$i=10000,l=32,s=Q9$ICEiIyQlJicoKSorLC0uLw$KMBzAMGymPYzY95atPDng3TLOdZuDdPGPYOVI6mlUTg",
    ),
    (
        "K7QM2XPD9HFR",
        "$pbkdf2-sha256$i=20000,l=32$MDEyMzQ1Njc4OTo7PD0+Pw$RQr8aRFgmIGek8rMFfBBSbECzMiBmKgkd+/zD4XeXKM",
    ),
    (
        "K7QM2XPD9HFRW3N",
        "$pbkdf2-sha256$i=10000,l=32,s=K7$UFFSU1RVVldYWVpbXF1eXw$20DXRtwPDRUARhcwFRCN1rfSkTF5U/Iek1Wcoxcq1xs",
    ),
];
const OLD_HASH: &str =
    "$pbkdf2-sha256$i=1000,l=32$AAECAwQFBgcICQoLDA0ODw$47fXEEY9qWeEVhTOOzr65FuuXHFeTWZBLYGnjvWSSlw";
/// What typed text may carry between symbols (the list `src/backup.rs` documents).
const SEPARATORS: &[char] = &[
    ' ', '\t', '\n', '\r', '-', '\u{00A0}', '\u{2007}', '\u{202F}', '\u{3000}', '\u{200B}', '\u{2060}',
    '\u{FEFF}', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2212}', '\u{FE58}',
    '\u{FE63}', '\u{FF0D}',
];
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static KNOWN_ANSWERS: Once = Once::new();

/// A stored hash as the documented format reads.
#[derive(Debug, PartialEq)]
struct Parsed {
    iterations: u32,
    selector: Option<String>,
    salt: Vec<u8>,
    hash: Vec<u8>,
}

fuzz_target!(|text: &str| {
    KNOWN_ANSWERS.call_once(known_answers);
    let mut lines = text.split('\n');
    let code = lines.next().unwrap_or_default();
    let hashes: Vec<&str> = lines.collect();

    let normalized = backup::normalize(code);
    assert_eq!(
        normalized.as_deref().map(String::as_str),
        reference_normalize(code).as_deref(),
        "normalize follows the documented rules: {code:?}"
    );
    if let Some(n) = &normalized {
        assert!(
            n.len() == SYMBOLS || n.len() == LEGACY_SYMBOLS,
            "a normalized code has 15 (or 12) symbols: {code:?}"
        );
        assert!(
            n.bytes().all(|b| ALPHABET.contains(&b)),
            "a normalized code uses only the alphabet: {code:?}"
        );
        assert_eq!(
            backup::normalize(n).as_deref().map(String::as_str),
            Some(n.as_str()),
            "normalize is idempotent"
        );
        for regrouped in regroupings(n) {
            assert_eq!(
                backup::normalize(&regrouped).as_deref().map(String::as_str),
                Some(n.as_str()),
                "case, separators and full-width forms are ignored: {regrouped:?}"
            );
        }
    }

    let parsed: Vec<Result<Parsed, ErrorKind>> = hashes.iter().map(|h| reference_parse(h)).collect();
    for (hash, reference) in hashes.iter().zip(&parsed) {
        match (backup::check_hash(hash), reference) {
            (Ok(()), Ok(_)) => {}
            (Err(err), Err(kind)) => {
                assert_eq!(err.kind(), *kind, "check_hash refuses {hash:?} as {kind:?}: {err}");
                assert_eq!(err.argument(), "hashes", "check_hash names hashes: {err}");
            }
            (got, reference) => panic!(
                "check_hash accepts exactly the documented format: {hash:?}: got {got:?}, format says {reference:?}"
            ),
        }
    }

    let first_bad = parsed.iter().position(Result::is_err);
    let candidates = normalized.as_ref().map_or(0, |n| {
        parsed
            .iter()
            .flatten()
            .filter(|p| p.selector.as_deref().is_none_or(|s| n.starts_with(s)))
            .count()
    });
    let derives = first_bad.is_none() && normalized.is_some() && candidates <= backup::MAX_DERIVATIONS;
    if derives {
        let mut hasher = DefaultHasher::new();
        text.hash(&mut hasher);
        if hasher.finish() % SLOW_ONE_IN != 0 || hashes.len() > MAX_SLOW_HASHES {
            return;
        }
    }
    let result = backup::verify(code, &hashes);
    match first_bad {
        Some(index) => {
            let err = result.expect_err("a malformed hash is an error");
            assert_eq!(err.argument(), format!("hashes[{index}]"), "verify names the first bad hash: {err}");
            assert_eq!(
                Some(err.kind()),
                parsed[index].as_ref().err().copied(),
                "the same kind as check_hash: {err}"
            );
        }
        None if normalized.is_none() => assert_eq!(result, Ok(None), "a malformed code matches nothing"),
        None if candidates > backup::MAX_DERIVATIONS => {
            let err = result.expect_err("over 100 derivations are refused");
            assert_eq!((err.kind(), err.argument()), (ErrorKind::Invalid, "hashes"), "{err}");
        }
        None => {
            let n = normalized.as_deref().expect("well formed");
            let known: Vec<Parsed> = KNOWN
                .iter()
                .filter(|(code, _)| code == n)
                .map(|(_, hash)| reference_parse(hash).expect("a known hash parses"))
                .collect();
            // A known hash matches in any spelling the format allows (the same iterations,
            // salt and hash), wherever it is stored, unless its selector is not the code's.
            let expected = parsed.iter().position(|p| {
                let p = p.as_ref().expect("well formed");
                p.selector.as_deref().is_none_or(|s| n.starts_with(s))
                    && known.iter().any(|k| (k.iterations, &k.salt, &k.hash) == (p.iterations, &p.salt, &p.hash))
            });
            assert_eq!(result, Ok(expected), "the known code matches its hash, nothing else matches: {code:?}");
            let hash = backup::hash(code).expect("a well-formed code hashes");
            let prefix = format!("$pbkdf2-sha256$i=20000,l=32,s={}$", &n[..2]);
            assert!(hash.starts_with(&prefix), "a new hash is {prefix}...: {hash}");
            let parsed = reference_parse(&hash).expect("a new hash is in the documented format");
            assert_eq!(parsed.salt.len(), 16, "a new hash has a 128-bit salt");
            assert_eq!(backup::verify(code, &[&hash]), Ok(Some(0)), "a code matches its new hash");
        }
    }
});

/// Once per process: each known code matches its hash, in a table with the others and with
/// other codes' hashes; the 0.1 hash at 1,000 iterations is refused.
fn known_answers() {
    let hashes: Vec<&str> = KNOWN.iter().map(|(_, hash)| *hash).collect();
    for (index, (code, _)) in KNOWN.iter().enumerate() {
        let first = KNOWN.iter().position(|(other, _)| other == code).expect("present");
        assert_eq!(backup::verify(code, &hashes), Ok(Some(first)), "{code} matches its hash");
        assert_eq!(backup::verify(code, &hashes[index..=index]), Ok(Some(0)), "{code} matches hash {index}");
    }
    assert_eq!(backup::verify("K7QM2-XPD9H-FRW3P", &hashes), Ok(None), "another code matches nothing");
    let err = backup::verify("K7QM2XPD9HFR", &[OLD_HASH]).expect_err("1,000 iterations are refused");
    assert_eq!((err.kind(), err.argument()), (ErrorKind::OutOfRange, "hashes[0]"), "{err}");
}

/// The documented rules: drop the separators, read full-width forms as ASCII, upper-case; what
/// is left must be 15 or 12 symbols of the alphabet.
fn reference_normalize(code: &str) -> Option<String> {
    let mut out = String::new();
    for ch in code.chars().filter(|ch| !SEPARATORS.contains(ch)) {
        let ch = match ch {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(u32::from(ch) - 0xFEE0).expect("ASCII")
            }
            _ => ch,
        };
        let upper = ch.to_ascii_uppercase();
        if !upper.is_ascii() || !ALPHABET.contains(&(upper as u8)) {
            return None;
        }
        out.push(upper);
    }
    (out.len() == SYMBOLS || out.len() == LEGACY_SYMBOLS).then_some(out)
}

/// The normalized code as people type it: grouped with dashes, in lower case with spaces, in
/// full-width forms with ideographic spaces, with typographic dashes and line breaks.
fn regroupings(n: &str) -> Vec<String> {
    let size = if n.len() == LEGACY_SYMBOLS { 4 } else { backup::GROUP };
    let groups: Vec<&str> = (0..n.len()).step_by(size).map(|i| &n[i..(i + size).min(n.len())]).collect();
    let full_width = |group: &str| -> String {
        group.chars().map(|c| char::from_u32(u32::from(c) + 0xFEE0).expect("full width")).collect()
    };
    vec![
        groups.join("-"),
        groups.join(" ").to_ascii_lowercase(),
        groups.iter().map(|g| full_width(g)).collect::<Vec<_>>().join("\u{3000}"),
        format!("\t{}\r\n", groups.join("\u{2013}")),
        groups.join("\u{2011}\u{200B}"),
    ]
}

/// A hash as the documented format reads, or the kind of error it is.
fn reference_parse(text: &str) -> Result<Parsed, ErrorKind> {
    let invalid = Err(ErrorKind::Invalid);
    let Some(rest) = text.strip_prefix("$pbkdf2-sha256$") else {
        return invalid;
    };
    let fields: Vec<&str> = rest.split('$').collect();
    let [params, salt, hash] = fields[..] else {
        return invalid;
    };
    let params: Vec<&str> = params.split(',').collect();
    let (iterations, selector) = match params[..] {
        [i, "l=32"] => (i, None),
        [i, "l=32", s] => match s.strip_prefix("s=") {
            Some(s) if s.len() == 2 && s.bytes().all(|b| ALPHABET.contains(&b)) => (i, Some(s.to_string())),
            _ => return invalid,
        },
        _ => return invalid,
    };
    // Decimal, up to 7 digits (leading zeros allowed, as `src/backup.rs` reads them).
    let Some(digits) = iterations.strip_prefix("i=") else {
        return invalid;
    };
    if digits.is_empty() || digits.len() > 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return invalid;
    }
    let iterations: u32 = digits.parse().expect("7 digits fit");
    if !(10_000..=40_000).contains(&iterations) {
        return Err(ErrorKind::OutOfRange);
    }
    match (base64(salt), base64(hash)) {
        (Some(salt), Some(hash)) if (8..=64).contains(&salt.len()) && hash.len() == 32 => {
            Ok(Parsed { iterations, selector, salt, hash })
        }
        _ => invalid,
    }
}

/// Unpadded standard base64, canonical (the bits past the last byte are zero).
fn base64(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let (mut bits, mut count, mut out) = (0u32, 0u32, Vec::new());
    for byte in text.bytes() {
        let value = BASE64.iter().position(|&b| b == byte)? as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    (bits == 0).then_some(out)
}
