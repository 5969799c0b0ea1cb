//! Backup codes: their format and alphabet, selectors, normalization of typed and pasted input,
//! the PHC hash (checked against PBKDF2 computed directly, and against known answers from
//! Python's hashlib), codes and hashes from 0.1, and refusal of malformed or tampered hashes.

use std::collections::HashSet;

use base64ct::{Base64Unpadded, Encoding};
use totp_wasm::backup::{
    self, ALPHABET, GROUP, ITERATIONS, ITERATION_RANGE, LEGACY_SYMBOLS, MAX_COUNT,
    MAX_DERIVATIONS, SELECTOR_SYMBOLS, SYMBOLS,
};
use totp_wasm::ErrorKind;

/// A code as 0.2 shows it, and its canonical form.
const CODE: &str = "K7QM2-XPD9H-FRW3N";
const NORMALIZED: &str = "K7QM2XPD9HFRW3N";
/// A code as 0.1 showed it (12 symbols in groups of 4), and its canonical form.
const LEGACY_CODE: &str = "K7QM-2XPD-9HFR";
const LEGACY_NORMALIZED: &str = "K7QM2XPD9HFR";

/// Known answers computed outside this crate, with Python's hashlib:
/// `hashlib.pbkdf2_hmac('sha256', code, salt, iterations, 32)`, in unpadded standard base64.
///
/// 0.1's format (no selector): `LEGACY_NORMALIZED`, salt `bytes(range(16))`, 20000 iterations.
const PY_LEGACY_HASH: &str =
    "$pbkdf2-sha256$i=20000,l=32$AAECAwQFBgcICQoLDA0ODw$KoId2iw82nMUk7YLNIyhz2TFhxbx+1JMIgK+lHDoCR8";
/// 0.2's format: `NORMALIZED`, salt `b"0.2 known salt!!"`, 20000 iterations, selector K7.
const PY_HASH: &str =
    "$pbkdf2-sha256$i=20000,l=32,s=K7$MC4yIGtub3duIHNhbHQhIQ$x4xqFkuVXO2sOlzifukGrN53mPICn6/8mOBIUKV5qyE";
/// `NORMALIZED`, salt `b"saltsaltsalt"`, at the two ends of the accepted iteration range.
const PY_HASH_10000: &str =
    "$pbkdf2-sha256$i=10000,l=32$c2FsdHNhbHRzYWx0$L/ZPF7CIQiLLP33syMq1bM6uCKZYf7xPyZwgOCpqYjk";
const PY_HASH_40000: &str =
    "$pbkdf2-sha256$i=40000,l=32$c2FsdHNhbHRzYWx0$rOK6JrYP9WXLMqlVFh2D12QLXS+ibG6r21XGQokAC80";

fn normalized(typed: &str) -> Option<String> {
    backup::normalize(typed).map(|code| code.as_str().to_owned())
}

fn is_formatted(code: &str) -> bool {
    let groups: Vec<&str> = code.split('-').collect();
    groups.len() == SYMBOLS / GROUP
        && groups
            .iter()
            .all(|group| group.len() == GROUP && group.bytes().all(|b| ALPHABET.contains(&b)))
}

/// A PHC string as another implementation would write it: any code text, iteration count and
/// selector field (`None`: 0.1's format).
fn foreign_hash(code: &str, iterations: u32, selector: Option<&str>) -> String {
    let salt = *b"saltsaltsalt";
    let mut out = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(code.as_bytes(), &salt, iterations, &mut out);
    let selector = selector.map(|s| format!(",s={s}")).unwrap_or_default();
    format!(
        "$pbkdf2-sha256$i={iterations},l=32{selector}${}${}",
        Base64Unpadded::encode_string(&salt),
        Base64Unpadded::encode_string(&out)
    )
}

/// A hash that parses but matches nothing (its digest is all zeros), with a selector.
fn dud_hash(selector: Option<&str>) -> String {
    let selector = selector.map(|s| format!(",s={s}")).unwrap_or_default();
    format!(
        "$pbkdf2-sha256$i={ITERATIONS},l=32{selector}${}${}",
        Base64Unpadded::encode_string(b"saltsaltsalt"),
        Base64Unpadded::encode_string(&[0u8; 32])
    )
}

#[test]
fn alphabet_has_no_look_alikes() {
    assert_eq!(ALPHABET.len(), 31);
    assert_eq!(ALPHABET.iter().collect::<HashSet<_>>().len(), 31, "distinct symbols");
    for look_alike in *b"01ILO" {
        assert!(!ALPHABET.contains(&look_alike), "{}", char::from(look_alike));
    }
    assert!(ALPHABET.iter().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
    assert_eq!((SYMBOLS, GROUP, LEGACY_SYMBOLS, SELECTOR_SYMBOLS), (15, 5, 12, 2));
    // 15 symbols of 31 are the 74 bits the module documents; 13 stay behind the selector.
    let bits = |symbols: usize| symbols as f64 * 31f64.log2();
    assert!((74.0..74.5).contains(&bits(SYMBOLS)), "{}", bits(SYMBOLS));
    assert!((64.0..64.5).contains(&bits(SYMBOLS - SELECTOR_SYMBOLS)));
}

#[test]
fn generated_codes_are_three_groups_of_five_with_distinct_selectors() {
    for count in [1, 10, MAX_COUNT] {
        let codes = backup::generate(count).unwrap();
        assert_eq!(codes.len(), count);
        assert!(codes.iter().all(|code| is_formatted(code)), "{codes:?}");
        assert!(codes.iter().all(|code| code.len() == 17));
        assert_eq!(codes.iter().collect::<HashSet<_>>().len(), count, "distinct codes");
        let selectors: HashSet<&str> = codes.iter().map(|code| &code[..SELECTOR_SYMBOLS]).collect();
        assert_eq!(selectors.len(), count, "distinct selectors: {codes:?}");
        for code in &codes {
            assert_eq!(normalized(code).unwrap(), code.replace('-', ""));
        }
    }
    // Every symbol turns up in a large sample (2 * 100 * 15 draws; a miss has p < 1e-40).
    let symbols: HashSet<u8> = (0..2)
        .flat_map(|_| backup::generate(MAX_COUNT).unwrap())
        .flat_map(String::into_bytes)
        .collect();
    assert_eq!(symbols.len(), 32, "31 symbols and the dash");
    for count in [0, MAX_COUNT + 1, usize::MAX] {
        let err = backup::generate(count).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OutOfRange);
        assert_eq!(err.to_string(), format!("count: must be an integer from 1 to 100, got {count}"));
    }
}

#[test]
fn normalization_accepts_what_people_type_and_paste() {
    let accepted = [
        CODE,
        "k7qm2-xpd9h-frw3n",
        "K7QM2XPD9HFRW3N",
        "k7qm2 xpd9h frw3n",
        " K7QM2 - XPD9H - FRW3N ",
        "K-7-Q-M-2-X-P-D-9-H-F-R-W-3-N",
        "--k7qm2xpd9hfrw3n--",
        "K7QM2\tXPD9H\tFRW3N",
        "K7QM2\nXPD9H\r\nFRW3N\n",
        "K7QM2\u{2013}XPD9H\u{2013}FRW3N", // en dash (word processors)
        "K7QM2\u{00A0}XPD9H\u{00A0}FRW3N", // no-break space
        "K7QM2\u{2014}XPD9H\u{2212}FRW3N", // em dash, minus sign
        "\u{FEFF}K7QM2-XPD9H-FRW3N\u{200B}", // BOM, zero-width space
        // Full-width letters and digits, as a CJK keyboard types them, with full-width dashes.
        "\u{FF2B}\u{FF17}\u{FF31}\u{FF2D}\u{FF12}\u{FF0D}\u{FF38}\u{FF30}\u{FF24}\u{FF19}\u{FF28}\u{FF0D}\u{FF26}\u{FF32}\u{FF37}\u{FF13}\u{FF2E}",
        // Full-width lower case, ideographic spaces.
        "\u{FF4B}\u{FF17}\u{FF51}\u{FF4D}\u{FF12}\u{3000}xpd9h\u{3000}frw3n",
        // Full-width and ASCII mixed.
        "K7QM2-ＸＰＤ９Ｈ-FRW3N",
    ];
    for typed in accepted {
        assert_eq!(normalized(typed).as_deref(), Some(NORMALIZED), "{typed:?}");
    }
    // Every separator on its own, between every group.
    let separators = [
        ' ', '\t', '\n', '\r', '-', '\u{00A0}', '\u{2007}', '\u{202F}', '\u{3000}', '\u{200B}',
        '\u{2060}', '\u{FEFF}', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}',
        '\u{2212}', '\u{FE58}', '\u{FE63}', '\u{FF0D}',
    ];
    for sep in separators {
        let typed = format!("{sep}K7QM2{sep}XPD9H{sep}{sep}FRW3N{sep}");
        assert_eq!(normalized(&typed).as_deref(), Some(NORMALIZED), "U+{:04X}", u32::from(sep));
    }
    // Every full-width digit and letter is its ASCII twin.
    for ascii in ('0'..='9').chain('A'..='Z').chain('a'..='z') {
        let wide = char::from_u32(u32::from(ascii) + 0xFEE0).unwrap();
        let code = format!("K7QM2XPD9HFRW3{wide}");
        let want = format!("K7QM2XPD9HFRW3{}", ascii.to_ascii_uppercase());
        let in_alphabet = ALPHABET.contains(&(ascii.to_ascii_uppercase() as u8));
        assert_eq!(normalized(&code), in_alphabet.then_some(want), "{wide}");
    }
}

#[test]
fn normalization_refuses_what_cannot_be_a_code() {
    for typed in [
        "",
        "-- --",
        "K7QM2-XPD9H-FRW3",     // 14 symbols
        "K7QM2-XPD9H-FRW3NN",   // 16
        "K7QM2-XPD9H-F",        // 11
        "K7QM2-XPD9H-FRW",      // 13
        "K7QM2-XPD9H-FRW3N-K7QM2-XPD9H-FRW3N",
        "K7QM2-XPD9H-FRW30",    // look-alikes are not in the alphabet
        "K7QM2-XPD9H-FRW3O",
        "K7QM2-XPD9H-FRW31",
        "K7QM2-XPD9H-FRW3I",
        "K7QM2-XPD9H-FRW3L",
        "K7QM2_XPD9H_FRW3N",    // only the listed separators are ignored
        "K7QM2.XPD9H.FRW3N",
        "K7QM2\u{2003}XPD9H\u{2003}FRW3N", // em space: not in the list
        "K7QM2\u{00AD}XPD9H\u{00AD}FRW3N", // soft hyphen: not in the list
        "K7QM2-XPD9H-FRW3\u{FF2F}",        // full-width O is O
        "K7QM2-XPD9H-FRW3\u{0154}",        // Ŕ
        "K7QM2-XPD9H-FRW3\u{1D40D}",       // mathematical bold N
        "K7QM2-XPD9H-FRW3\u{212A}",        // Kelvin sign, which folds to K elsewhere
    ] {
        assert!(backup::normalize(typed).is_none(), "{typed:?}");
    }
    // The typed form is refused whole, not truncated: 15 symbols then junk.
    assert!(backup::normalize("K7QM2XPD9HFRW3N!").is_none());
}

#[test]
fn legacy_twelve_symbol_codes_still_normalize() {
    for typed in [LEGACY_CODE, "k7qm-2xpd-9hfr", "K7QM2XPD9HFR", " k7qm 2xpd 9hfr ", "K7QM\u{2013}2XPD\u{2013}9HFR"] {
        assert_eq!(normalized(typed).as_deref(), Some(LEGACY_NORMALIZED), "{typed:?}");
    }
}

#[test]
fn hash_is_pbkdf2_sha256_in_phc_format_with_a_selector() {
    let hash = backup::hash("k7qm2 xpd9h frw3n").unwrap();
    let fields: Vec<&str> = hash.split('$').collect();
    assert_eq!(fields.len(), 5, "{hash}");
    assert_eq!(fields[..3], ["", "pbkdf2-sha256", &format!("i={ITERATIONS},l=32,s=K7")]);
    assert_eq!(ITERATIONS, 20_000);
    let salt = Base64Unpadded::decode_vec(fields[3]).unwrap();
    assert_eq!(salt.len(), 16);
    let mut want = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(NORMALIZED.as_bytes(), &salt, ITERATIONS, &mut want);
    assert_eq!(fields[4], Base64Unpadded::encode_string(&want), "the normalized code, salted");
    assert_ne!(backup::hash(CODE).unwrap(), hash, "a fresh salt each time");
    assert_eq!(backup::verify(CODE, &[&hash]).unwrap(), Some(0));

    // The selector is the code's first two symbols, whatever the code.
    for code in backup::generate(20).unwrap() {
        let hash = backup::hash(&code).unwrap();
        assert!(hash.starts_with(&format!("$pbkdf2-sha256$i=20000,l=32,s={}$", &code[..2])), "{hash}");
    }
    // A 12-symbol code from 0.1 hashed now gets a selector too.
    assert!(backup::hash(LEGACY_CODE).unwrap().starts_with("$pbkdf2-sha256$i=20000,l=32,s=K7$"));

    for bad in ["", "K7QM2-XPD9H-FRW3", "K7QM2-XPD9H-FRW30", "K7QM-2XPD-9HF"] {
        let err = backup::hash(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert_eq!(err.argument(), "code");
    }
}

#[test]
fn known_answers_from_python_verify() {
    assert_eq!(backup::verify(CODE, &[PY_HASH]).unwrap(), Some(0));
    assert_eq!(backup::verify("k7qm2xpd9hfrw3n", &[PY_HASH]).unwrap(), Some(0));
    assert_eq!(backup::verify("K7QM2-XPD9H-FRW3P", &[PY_HASH]).unwrap(), None);
    // Our own PBKDF2 agrees with Python's on the 0.2 known answer.
    let mut want = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(NORMALIZED.as_bytes(), b"0.2 known salt!!", 20_000, &mut want);
    assert!(PY_HASH.ends_with(&Base64Unpadded::encode_string(&want)));
}

#[test]
fn a_code_and_hash_from_0_1_still_verify() {
    // 0.1 wrote `$pbkdf2-sha256$i=20000,l=32$salt$hash` of the 12-symbol code.
    for typed in [LEGACY_CODE, "k7qm 2xpd 9hfr", LEGACY_NORMALIZED] {
        assert_eq!(backup::verify(typed, &[PY_LEGACY_HASH]).unwrap(), Some(0), "{typed:?}");
    }
    assert_eq!(backup::verify("K7QM-2XPD-9HFS", &[PY_LEGACY_HASH]).unwrap(), None);
    // The 15-symbol code that starts the same way is another code.
    assert_eq!(backup::verify(CODE, &[PY_LEGACY_HASH]).unwrap(), None);
    // A table that mixes 0.1 and 0.2 hashes finds both.
    let table = [backup::hash("ABCDE-FGHJK-MNPQR").unwrap(), PY_LEGACY_HASH.to_owned(), PY_HASH.to_owned()];
    assert_eq!(backup::verify(LEGACY_CODE, &table).unwrap(), Some(1));
    assert_eq!(backup::verify(CODE, &table).unwrap(), Some(2));
    assert_eq!(backup::verify("abcde fghjk mnpqr", &table).unwrap(), Some(0));
}

#[test]
fn verify_finds_the_index() {
    let other = "ABCDE-FGHJK-MNPQR";
    let hashes = [backup::hash(other).unwrap(), backup::hash(CODE).unwrap()];
    assert_eq!(backup::verify(CODE, &hashes).unwrap(), Some(1));
    assert_eq!(backup::verify("k7qm2xpd9hfrw3n", &hashes).unwrap(), Some(1));
    assert_eq!(backup::verify("abcde fghjk mnpqr", &hashes).unwrap(), Some(0));
    assert_eq!(backup::verify("K7QM2-XPD9H-FRW3P", &hashes).unwrap(), None, "same selector");
    assert_eq!(backup::verify("ZZQM2-XPD9H-FRW3N", &hashes).unwrap(), None, "no selector matches");
    assert_eq!(backup::verify("not a code", &hashes).unwrap(), None);
    assert_eq!(backup::verify(CODE, &[] as &[String]).unwrap(), None);
    assert_eq!(
        backup::verify(CODE, &[foreign_hash(CODE, ITERATIONS, Some("K7"))]).unwrap(),
        None,
        "hashes cover the normalized code"
    );
}

#[test]
fn only_hashes_whose_selector_matches_are_tried() {
    // A correct derivation under the wrong selector is never tried: the selector chooses.
    let right = foreign_hash(NORMALIZED, ITERATIONS, Some("K7"));
    let mislabelled = foreign_hash(NORMALIZED, ITERATIONS, Some("ZZ"));
    let unlabelled = foreign_hash(NORMALIZED, ITERATIONS, None);
    assert_eq!(backup::verify(CODE, &[&right]).unwrap(), Some(0));
    assert_eq!(backup::verify(CODE, &[&mislabelled]).unwrap(), None);
    assert_eq!(backup::verify(CODE, &[&unlabelled]).unwrap(), Some(0), "0.1 hashes have no selector");
    assert_eq!(backup::verify(CODE, &[&mislabelled, &right]).unwrap(), Some(1));
    // Selectors are upper case symbols of the alphabet, like the normalized code.
    assert_eq!(backup::verify("k7qm2xpd9hfrw3n", &[&right]).unwrap(), Some(0));
}

#[test]
fn the_number_of_derivations_is_bounded() {
    // Hashes with other selectors cost nothing, however many there are.
    let others: Vec<String> = (0..150).map(|_| dud_hash(Some("ZZ"))).collect();
    assert_eq!(backup::verify(CODE, &others).unwrap(), None);

    // One hundred candidates (0.1 hashes have no selector) are allowed; the real one first, so
    // that the test derives once.
    let mut legacy: Vec<String> = vec![PY_LEGACY_HASH.to_owned()];
    legacy.extend((1..MAX_DERIVATIONS).map(|_| dud_hash(None)));
    assert_eq!(legacy.len(), 100);
    assert_eq!(backup::verify(LEGACY_CODE, &legacy).unwrap(), Some(0));
    // The 101st is a tampered table, whether the extra hash has no selector or the same one.
    for extra in [dud_hash(None), dud_hash(Some("K7"))] {
        let mut table = legacy.clone();
        table.push(extra);
        let err = backup::verify(LEGACY_CODE, &table).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert_eq!(err.argument(), "hashes");
        assert!(err.to_string().starts_with("hashes: would need more than 100 key derivations"), "{err}");
    }
    // With another selector it is fine: that hash is not a candidate.
    let mut table = legacy.clone();
    table.push(dud_hash(Some("ZZ")));
    assert_eq!(backup::verify(LEGACY_CODE, &table).unwrap(), Some(0));
    // 101 hashes with one selector are refused too.
    let same: Vec<String> = (0..=MAX_DERIVATIONS).map(|_| dud_hash(Some("K7"))).collect();
    assert!(backup::verify(CODE, &same).is_err());
}

#[test]
fn malformed_hashes_name_their_index() {
    let good = foreign_hash(NORMALIZED, ITERATIONS, Some("K7"));
    let malformed = [
        String::new(),
        "$pbkdf2-sha256$".into(),
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaA".into(),
        good.replace("$pbkdf2-sha256$", "$pbkdf2-sha512$"),
        good.replace(",l=32", ",l=64"),
        good.replace("i=20000", "i="),
        good.replace("i=20000", "i=+20000"),
        good.replace("i=20000", "i=2e4"),
        good.replace("i=20000", "i=00020000"),
        good.replace("i=20000,l=32", "l=32,i=20000"),
        good.replace(",s=K7", ",s="),
        good.replace(",s=K7", ",s=K"),
        good.replace(",s=K7", ",s=K7Q"),
        good.replace(",s=K7", ",s=k7"),
        good.replace(",s=K7", ",s=K0"),
        good.replace(",s=K7", ",s=I1"),
        good.replace("i=20000,l=32,s=K7", "i=20000,s=K7,l=32"),
        good.replace("i=20000,l=32,s=K7", "s=K7,i=20000,l=32"),
        format!("{good}$extra"),
        good.rsplit_once('$').unwrap().0.to_string(),
        good.replace("c2FsdHNhbHRzYWx0", "c2FsdA"),
        good.replace("c2FsdHNhbHRzYWx0", "!!!!"),
        good.replace("c2FsdHNhbHRzYWx0", "c2FsdHNhbHRzYWx0=="),
        format!("{good}AAAA"),
        good[..good.len() - 4].to_string(),
        format!(" {good}"),
    ];
    for (index, hash) in malformed.iter().enumerate() {
        let hashes = [good.clone(), hash.clone()];
        let err = backup::verify(CODE, &hashes).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid, "#{index}: {hash:?}");
        assert_eq!(err.argument(), "hashes[1]", "#{index}: {hash:?}");
        assert!(err.to_string().starts_with("hashes[1]: is not a hash from hashBackupCode"), "{err}");
        assert_eq!(backup::check_hash(hash).unwrap_err().kind(), ErrorKind::Invalid);
    }
    let err = backup::verify("not even a code", &[malformed[2].clone()]).unwrap_err();
    assert_eq!(err.argument(), "hashes[0]", "hashes are checked whatever the code");
    assert!(backup::check_hash(&good).is_ok());
    assert!(backup::check_hash(PY_LEGACY_HASH).is_ok());
}

#[test]
fn iteration_counts_outside_10000_to_40000_are_refused() {
    assert_eq!(ITERATION_RANGE, 10_000..=40_000);
    let good = foreign_hash(NORMALIZED, ITERATIONS, Some("K7"));
    // 1000 and 2000000 were 0.1's bounds; 0.1 itself wrote 20000.
    for iterations in [0, 1, 1000, 9_999, 40_001, 100_000, 2_000_000, 9_999_999] {
        let hash = good.replace("i=20000", &format!("i={iterations}"));
        for (code, table) in [(CODE, vec![hash.clone()]), ("not a code", vec![good.clone(), hash.clone()])] {
            let err = backup::verify(code, &table).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::OutOfRange, "i={iterations}");
            let index = table.len() - 1;
            assert_eq!(
                err.to_string(),
                format!("hashes[{index}]: iteration count is outside 10000 to 40000 (a hash this package did not write)")
            );
        }
    }
    // The bounds themselves are accepted, and honoured (Python's answers at 10000 and 40000).
    assert_eq!(backup::verify(CODE, &[PY_HASH_10000]).unwrap(), Some(0));
    assert_eq!(backup::verify(CODE, &[PY_HASH_40000]).unwrap(), Some(0));
    // A count that is honoured: the same derivation labelled with another count does not match.
    let relabelled = PY_HASH_10000.replace("i=10000", "i=10001");
    assert_eq!(backup::verify(CODE, &[relabelled]).unwrap(), None);
}
