//! Backup codes: their format and alphabet, normalization of typed input, the PHC hash (checked
//! against PBKDF2 computed directly), and refusal of malformed or tampered hashes.

use std::collections::HashSet;

use base64ct::{Base64Unpadded, Encoding};
use totp_wasm::backup::{self, ALPHABET, ITERATIONS, MAX_COUNT};
use totp_wasm::ErrorKind;

const CODE: &str = "K7QM-2XPD-9HFR";

fn is_formatted(code: &str) -> bool {
    let groups: Vec<&str> = code.split('-').collect();
    groups.len() == 3
        && groups
            .iter()
            .all(|group| group.len() == 4 && group.bytes().all(|b| ALPHABET.contains(&b)))
}

#[test]
fn alphabet_has_no_look_alikes() {
    assert_eq!(ALPHABET.len(), 31);
    assert_eq!(
        ALPHABET.iter().collect::<HashSet<_>>().len(),
        31,
        "distinct symbols"
    );
    for look_alike in *b"01ILO" {
        assert!(
            !ALPHABET.contains(&look_alike),
            "{}",
            char::from(look_alike)
        );
    }
    assert!(ALPHABET
        .iter()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
    // 12 symbols of 31 carry more than the 50 bits API.md asks for.
    assert!(12.0 * 31f64.log2() > 50.0);
}

#[test]
fn generated_codes() {
    for count in [1, 10, MAX_COUNT] {
        let codes = backup::generate(count).unwrap();
        assert_eq!(codes.len(), count);
        assert!(codes.iter().all(|code| is_formatted(code)), "{codes:?}");
        assert_eq!(
            codes.iter().collect::<HashSet<_>>().len(),
            count,
            "distinct"
        );
    }
    // Every symbol turns up in a large sample (2 * 100 * 12 draws; a miss has p < 1e-30).
    let symbols: HashSet<u8> = (0..2)
        .flat_map(|_| backup::generate(MAX_COUNT).unwrap())
        .flat_map(String::into_bytes)
        .collect();
    assert_eq!(symbols.len(), 32, "31 symbols and the dash");
    for count in [0, MAX_COUNT + 1, usize::MAX] {
        let err = backup::generate(count).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfRange);
        assert_eq!(
            err.to_string(),
            format!("count: must be an integer from 1 to 100, got {count}")
        );
    }
}

#[test]
fn normalization() {
    for typed in [
        CODE,
        "k7qm-2xpd-9hfr",
        "K7QM2XPD9HFR",
        "k7qm 2xpd 9hfr",
        " K7QM - 2XPD - 9HFR ",
        "K-7-Q-M-2-X-P-D-9-H-F-R",
        "--k7qm2xpd9hfr--",
    ] {
        assert_eq!(
            backup::normalize(typed).as_deref().map(String::as_str),
            Some("K7QM2XPD9HFR"),
            "{typed:?}"
        );
    }
    for typed in [
        "",
        "K7QM-2XPD-9HF",
        "K7QM-2XPD-9HFRR",
        "K7QM-2XPD-0HFR",
        "K7QM-2XPD-OHFR",
        "K7QM-2XPD-1HFR",
        "K7QM-2XPD-IHFR",
        "K7QM-2XPD-LHFR",
        "K7QM_2XPD_9HFR",
        "K7QM\t2XPD9HFR",
        "K7QM-2XPD-9HFＲ",
        "K7QM-2XPD-9HFŔ",
    ] {
        assert!(backup::normalize(typed).is_none(), "{typed:?}");
    }
}

#[test]
fn hash_is_pbkdf2_sha256_in_phc_format() {
    let hash = backup::hash("k7qm 2xpd 9hfr").unwrap();
    let fields: Vec<&str> = hash.split('$').collect();
    assert_eq!(
        fields[..3],
        ["", "pbkdf2-sha256", &format!("i={ITERATIONS},l=32")]
    );
    assert_eq!(fields.len(), 5, "{hash}");
    let salt = Base64Unpadded::decode_vec(fields[3]).unwrap();
    assert_eq!(salt.len(), 16);
    let mut want = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(b"K7QM2XPD9HFR", &salt, ITERATIONS, &mut want);
    assert_eq!(
        fields[4],
        Base64Unpadded::encode_string(&want),
        "the normalized code, salted"
    );
    assert_ne!(backup::hash(CODE).unwrap(), hash, "a fresh salt each time");

    for bad in ["", "K7QM-2XPD-9HF", "K7QM-2XPD-0HFR"] {
        let err = backup::hash(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert_eq!(err.argument(), "code");
    }
}

/// A PHC string as another implementation would write it, with any iteration count.
fn foreign_hash(code: &str, iterations: u32) -> String {
    let salt = *b"saltsaltsalt";
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(code.as_bytes(), &salt, iterations, &mut out);
    format!(
        "$pbkdf2-sha256$i={iterations},l=32${}${}",
        Base64Unpadded::encode_string(&salt),
        Base64Unpadded::encode_string(&out)
    )
}

#[test]
fn verify_finds_the_index() {
    let other = "ABCD-EFGH-JKMN";
    let hashes = [backup::hash(other).unwrap(), backup::hash(CODE).unwrap()];
    assert_eq!(backup::verify(CODE, &hashes).unwrap(), Some(1));
    assert_eq!(backup::verify("k7qm2xpd9hfr", &hashes).unwrap(), Some(1));
    assert_eq!(backup::verify("abcd efgh jkmn", &hashes).unwrap(), Some(0));
    assert_eq!(backup::verify("K7QM-2XPD-9HFS", &hashes).unwrap(), None);
    assert_eq!(backup::verify("not a code", &hashes).unwrap(), None);
    assert_eq!(backup::verify(CODE, &[] as &[String]).unwrap(), None);
    // The stored iteration count is honoured, within the accepted range.
    assert_eq!(
        backup::verify(CODE, &[foreign_hash("K7QM2XPD9HFR", 1000)]).unwrap(),
        Some(0)
    );
    assert_eq!(
        backup::verify(CODE, &[foreign_hash("K7QM-2XPD-9HFR", 1000)]).unwrap(),
        None,
        "hashes cover the normalized code"
    );
}

#[test]
fn malformed_hashes_name_their_index() {
    let good = foreign_hash("K7QM2XPD9HFR", 1000);
    let malformed = [
        String::new(),
        "$pbkdf2-sha256$".into(),
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaA".into(),
        good.replace("$pbkdf2-sha256$", "$pbkdf2-sha512$"),
        good.replace(",l=32", ",l=64"),
        good.replace("i=1000", "i="),
        good.replace("i=1000", "i=+1000"),
        good.replace("i=1000", "i=1e3"),
        good.replace("i=1000", "i=00001000"),
        good.replace("i=1000,l=32", "l=32,i=1000"),
        format!("{good}$extra"),
        good.rsplit_once('$').unwrap().0.to_string(),
        good.replace("c2FsdHNhbHRzYWx0", "c2FsdA"),
        good.replace("c2FsdHNhbHRzYWx0", "!!!!"),
        format!("{good}AAAA"),
        good[..good.len() - 4].to_string(),
        format!(" {good}"),
    ];
    for (index, hash) in malformed.iter().enumerate() {
        let hashes = [good.clone(), hash.clone()];
        let err = backup::verify(CODE, &hashes).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid, "#{index}: {hash:?}");
        assert_eq!(err.argument(), "hashes[1]");
        assert!(
            err.to_string()
                .starts_with("hashes[1]: is not a hash from hashBackupCode"),
            "{err}"
        );
    }
    let err = backup::verify("not even a code", &[malformed[2].clone()]).unwrap_err();
    assert_eq!(
        err.argument(),
        "hashes[0]",
        "hashes are checked whatever the code"
    );
}

#[test]
fn iteration_counts_outside_the_range_are_refused() {
    let good = foreign_hash("K7QM2XPD9HFR", 1000);
    for iterations in ["0", "1", "999", "2000001", "9999999"] {
        let hash = good.replace("i=1000", &format!("i={iterations}"));
        let err = backup::verify(CODE, &[hash]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfRange, "i={iterations}");
        assert_eq!(
            err.to_string(),
            "hashes[0]: iteration count is outside 1000 to 2000000"
        );
    }
    // The upper bound itself is accepted (but verifying it costs 2M iterations, so only parse).
    let at_max = good.replace("i=1000", "i=2000000");
    assert!(backup::verify("not a code", &[at_max]).unwrap().is_none());
}
