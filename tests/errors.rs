//! The error type: `argument: message` everywhere, lowercase without a final period, and no
//! error (Display or Debug) ever carrying the secret's text.

use proptest::prelude::*;
use totp_wasm::attempt::{
    self, Attempt, AttemptPolicy, AttemptState, BackupPolicy, Counter, Device, DeviceId,
};
use totp_wasm::qr::{self, Colour, Ecc, QrOptions};
use totp_wasm::seal::{self, Keyring, SealingKey};
use totp_wasm::{
    backup, hotp, totp, Digits, Error, ErrorKind, HotpParams, OtpAuth, OtpKind, Period, Secret,
    TotpParams,
};

const SECRET: &str = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BANJ2W24DTEBXXMZLS";

/// One error from every failure path that can be reached without a broken RNG.
fn every_error() -> Vec<Error> {
    let secret = Secret::from_base32(SECRET).unwrap();
    let uri = |query: &str| {
        OtpAuth::parse(&format!("otpauth://totp/ACME:alice?secret={SECRET}{query}")).unwrap_err()
    };
    let mut with_colon = OtpAuth::totp(secret.clone(), "a:b", None);
    let hotp_beyond = OtpAuth {
        kind: OtpKind::Hotp { counter: u64::MAX },
        ..OtpAuth::totp(secret.clone(), "a", None)
    };
    vec![
        Secret::from_base32(&format!("{SECRET}!")).unwrap_err(),
        Secret::from_base32(&format!("{}1{}", &SECRET[..20], &SECRET[20..])).unwrap_err(),
        Secret::from_base32(&format!("{SECRET}A")).unwrap_err(),
        Secret::from_base32("").unwrap_err(),
        Secret::from_bytes(&[]).unwrap_err(),
        Secret::generate(8).unwrap_err(),
        Digits::new(9).unwrap_err(),
        Period::new(0).unwrap_err(),
        "MD5".parse::<totp_wasm::Algorithm>().unwrap_err(),
        hotp::generate(&secret, u64::MAX, HotpParams::default()).unwrap_err(),
        hotp::check(&secret, "123456", 0, 1000, HotpParams::default()).unwrap_err(),
        totp::generate(&secret, u64::MAX, TotpParams::default()).unwrap_err(),
        totp::check(&secret, "123456", 0, 11, TotpParams::default()).unwrap_err(),
        with_colon.to_uri().unwrap_err(),
        {
            with_colon.account = " a".into();
            with_colon.to_uri().unwrap_err()
        },
        hotp_beyond.to_uri().unwrap_err(),
        uri("&secret=AAAA"),
        uri("&digits=5"),
        uri("&digits=x"),
        uri("&period=0"),
        uri("&algorithm=MD5"),
        uri("&issuer=%zz"),
        uri("&issuer=%FF"),
        uri("#"),
        OtpAuth::parse(&format!("otpauth://totp/ACME:alice?secret={SECRET}1")).unwrap_err(),
        OtpAuth::parse(&format!("otpauth://totp/ACME:alice?secret={SECRET}A")).unwrap_err(),
        OtpAuth::parse(&format!("otpauth://hotp/ACME:alice?secret={SECRET}")).unwrap_err(),
        OtpAuth::parse(&format!(
            "otpauth://hotp/ACME:alice?secret={SECRET}&counter=9007199254740992"
        ))
        .unwrap_err(),
        OtpAuth::parse(&format!("otpauth://xotp/ACME:alice?secret={SECRET}")).unwrap_err(),
        OtpAuth::parse(&format!("https://totp/ACME:alice?secret={SECRET}")).unwrap_err(),
        Colour::parse("url(#x)", "dark").unwrap_err(),
        Ecc::parse("X").unwrap_err(),
        qr::svg(
            "x",
            &QrOptions {
                margin: 99,
                ..QrOptions::default()
            },
        )
        .unwrap_err(),
        qr::svg(
            &"a".repeat(3000),
            &QrOptions {
                ecc: Ecc::L,
                ..QrOptions::default()
            },
        )
        .unwrap_err(),
        backup::generate(0).unwrap_err(),
        backup::hash(SECRET).unwrap_err(),
        backup::verify(
            "K7QM-2XPD-9HFR",
            &["$pbkdf2-sha256$i=1,l=32$c2FsdHNhbHQ$aGFzaA"],
        )
        .unwrap_err(),
        backup::verify("K7QM-2XPD-9HFR", &[SECRET]).unwrap_err(),
    ]
    .into_iter()
    .chain(second_edition_errors(&secret))
    .collect()
}

fn key() -> SealingKey {
    SealingKey::from_bytes(&[7; 32]).unwrap()
}

/// A hash that parses, with no selector (as 0.1 wrote them): each one costs a derivation.
fn legacy_hash(iterations: u32) -> String {
    format!("$pbkdf2-sha256$i={iterations},l=32$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
}

fn device(n: u8) -> Device {
    Device { id: DeviceId::of_token(&format!("d1.device-{n}")), counter: Counter::default(), last_used_ms: 0 }
}

/// The errors the second edition added: short secrets, sealing contexts, key ids and keyrings,
/// backup iteration and derivation bounds, and attempt states and policies.
fn second_edition_errors(secret: &Secret) -> Vec<Error> {
    let short = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    let sealed = seal::seal_with_key_id(secret, &key(), Some("k1"), "user:1").unwrap();
    let now = 1_700_000_000_000;
    let verify = |state: &AttemptState, policy: AttemptPolicy, params: TotpParams, now_ms: u64| {
        attempt::verify(secret, &Attempt::new("123456", now_ms), state, params, policy).unwrap_err()
    };
    let (params, policy) = (TotpParams::default(), AttemptPolicy::default());
    let eleven = AttemptState { devices: (0..11).map(device).collect(), ..AttemptState::default() };
    let far = AttemptState { last_step: Some(1 << 53), ..AttemptState::default() };
    let per_second = TotpParams { period: Period::new(1).unwrap(), ..params };
    vec![
        Secret::from_base32("GEZDGNBV").unwrap_err(),
        Secret::from_bytes(&[1; 9]).unwrap_err(),
        short.check_enrolment(false).unwrap_err(),
        seal::seal(secret, &key(), "").unwrap_err(),
        seal::seal_with_key_id(secret, &key(), Some("a.b"), "user:1").unwrap_err(),
        Keyring::with_ids(Vec::new()).unwrap_err(),
        Keyring::with_ids(vec![("bad id".into(), key())]).unwrap_err(),
        seal::open(&sealed, &Keyring::with_ids(vec![("k2".into(), key())]).unwrap(), "user:1").unwrap_err(),
        seal::open(&sealed, &Keyring::single(key()), "user:2").unwrap_err(),
        seal::open("v2.bad!id.AAAA", &Keyring::single(key()), "user:1").unwrap_err(),
        seal::open(&sealed, &Keyring::single(key()), "").unwrap_err(),
        SealingKey::from_bytes(&[1; 31]).unwrap_err(),
        backup::verify("K7QM2-XPD9H-FRW3N", &[legacy_hash(9_999)]).unwrap_err(),
        backup::verify("K7QM2-XPD9H-FRW3N", &vec![legacy_hash(20_000); 101]).unwrap_err(),
        backup::hash("K7QM2-XPD9H-FRW3").unwrap_err(),
        DeviceId::from_text("not an id").unwrap_err(),
        eleven.check().unwrap_err(),
        far.check().unwrap_err(),
        verify(&eleven, policy, params, now),
        verify(&far, policy, params, now),
        verify(&AttemptState::default(), AttemptPolicy { window: 11, ..policy }, params, now),
        verify(&AttemptState::default(), AttemptPolicy { max_failures: 0, ..policy }, params, now),
        verify(&AttemptState::default(), AttemptPolicy { lockout_seconds: 86_401, ..policy }, params, now),
        verify(&AttemptState::default(), policy, per_second, u64::MAX),
        attempt::verify_backup(&[SECRET], &Attempt::new("K7QM2-XPD9H-FRW3N", now), &AttemptState::default(), BackupPolicy::default()).unwrap_err(),
        attempt::verify_backup(&[] as &[&str], &Attempt::new("x", now), &AttemptState::default(), BackupPolicy { max_failures: 101, lockout_seconds: 60 }).unwrap_err(),
        attempt::verify_backup(&[] as &[&str], &Attempt::new("x", now), &AttemptState::default(), BackupPolicy { max_failures: 10, lockout_seconds: 0 }).unwrap_err(),
    ]
}

#[test]
fn second_edition_messages() {
    let secret = Secret::from_base32(SECRET).unwrap();
    let shown: Vec<(ErrorKind, String)> =
        second_edition_errors(&secret).iter().map(|err| (err.kind(), err.to_string())).collect();
    let want = [
        (ErrorKind::OutOfRange, "secret: must be at least 80 bits (16 base32 characters), got 40 bits"),
        (ErrorKind::OutOfRange, "secret: must be at least 80 bits (16 base32 characters), got 72 bits"),
        (ErrorKind::OutOfRange, "secret: must be at least 128 bits (26 base32 characters) to enrol an authenticator, got 80 bits (allowShortSecret: true re-issues an existing shorter secret)"),
        (ErrorKind::Invalid, "context: must not be empty: bind the sealed secret to its row (for example the user id)"),
        (ErrorKind::Invalid, "keyId: must be 1 to 64 characters from A-Z, a-z, 0-9, '-' and '_'"),
        (ErrorKind::OutOfRange, "keyring: must hold from 1 to 16 keys, got 0"),
        (ErrorKind::Invalid, "keyring: must be 1 to 64 characters from A-Z, a-z, 0-9, '-' and '_'"),
        (ErrorKind::Invalid, "keyring: has no key for the key id the value was sealed with"),
        (ErrorKind::AuthenticationFailed, "sealed: does not open: wrong key, wrong context, or tampered (authentication failed)"),
        (ErrorKind::Invalid, "sealed: is malformed: bad key id (expected 'v2.' or 'v1.' and base64url from encryptSecret)"),
        (ErrorKind::Invalid, "context: must not be empty: bind the sealed secret to its row (for example the user id)"),
        (ErrorKind::OutOfRange, "key: must be 32 bytes (AES-256), got 31"),
        (ErrorKind::OutOfRange, "hashes[0]: iteration count is outside 10000 to 40000 (a hash this package did not write)"),
        (ErrorKind::Invalid, "hashes: would need more than 100 key derivations (hashes without a selector, or repeated ones): a tampered table, or regenerate the codes"),
        (ErrorKind::Invalid, "code: must be a backup code: 15 characters (12 for codes from 0.1) from 2-9 and A-Z without I, L, O (dashes and spaces ignored)"),
        (ErrorKind::Invalid, "state.devices: is not a device id from verifyTotpAttempt (22 base64url characters)"),
        (ErrorKind::OutOfRange, "state.devices: must have at most 10 entries, got 11"),
        (ErrorKind::OutOfRange, "state.lastStep: must be a time step from 0 to 2^53 - 1"),
        (ErrorKind::OutOfRange, "state.devices: must have at most 10 entries, got 11"),
        (ErrorKind::OutOfRange, "state.lastStep: must be a time step from 0 to 2^53 - 1"),
        (ErrorKind::OutOfRange, "window: must be an integer from 0 to 10, got 11"),
        (ErrorKind::OutOfRange, "maxFailures: must be an integer from 1 to 100, got 0"),
        (ErrorKind::OutOfRange, "lockoutSeconds: must be an integer from 1 to 86400, got 86401"),
        (ErrorKind::OutOfRange, "time: is too far in the future"),
        (ErrorKind::Invalid, "hashes[0]: is not a hash from hashBackupCode ($pbkdf2-sha256$i=N,l=32,s=XX$salt$hash)"),
        (ErrorKind::OutOfRange, "maxFailures: must be an integer from 1 to 100, got 101"),
        (ErrorKind::OutOfRange, "lockoutSeconds: must be an integer from 1 to 86400, got 0"),
    ];
    assert_eq!(shown.len(), want.len());
    for (got, want) in shown.iter().zip(want) {
        assert_eq!((got.0, got.1.as_str()), want);
    }
}

#[test]
fn display_is_argument_colon_message() {
    for err in every_error() {
        let shown = err.to_string();
        assert_eq!(shown, format!("{}: {}", err.argument(), err.message()));
        assert!(
            !err.argument().is_empty() && !err.message().is_empty(),
            "{shown}"
        );
        assert!(
            !err.message().starts_with(char::is_uppercase),
            "lowercase: {shown}"
        );
        assert!(!shown.ends_with('.'), "no final period: {shown}");
        // A JavaScript name, a dotted path to one (`state.lastStep`), or an item (`hashes[3]`).
        let name = err.argument().split_once('[').map_or(err.argument(), |(name, index)| {
            assert!(index.strip_suffix(']').is_some_and(|i| i.parse::<usize>().is_ok()), "{shown}");
            name
        });
        assert!(
            name.split('.').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric())),
            "{shown}"
        );
    }
}

#[test]
fn kinds_and_arguments() {
    let err = Secret::from_base32("JBSWY3DP!").unwrap_err();
    assert_eq!((err.kind(), err.argument()), (ErrorKind::Invalid, "secret"));
    let err = Digits::new(5).unwrap_err();
    assert_eq!(
        (err.kind(), err.argument()),
        (ErrorKind::OutOfRange, "digits")
    );
    let moved = err.clone().with_argument("options.digits");
    assert_eq!(
        moved.to_string(),
        format!("options.digits: {}", err.message())
    );
    assert_eq!(moved.kind(), err.kind());
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert!(boxed.source().is_none());
}

#[test]
fn no_error_contains_the_secret() {
    let lower = SECRET.to_ascii_lowercase();
    for err in every_error() {
        for text in [err.to_string(), format!("{err:?}")] {
            for window in SECRET.as_bytes().windows(8) {
                let window = std::str::from_utf8(window).unwrap();
                assert!(
                    !text.contains(window),
                    "{text:?} contains part of the secret"
                );
                assert!(!text.contains(&window.to_ascii_lowercase()), "{text:?}");
            }
            assert!(!text.contains(&lower));
        }
    }
}

proptest! {
    #![proptest_config(crate::proptest_config())]

    #[test]
    fn a_corrupted_secret_is_never_echoed(
        key in prop::collection::vec(any::<u8>(), 10..=64),
        bad in prop::sample::select(vec!['0', '1', '8', '9', '!', '-', '_', '\t', 'é', '€', '/']),
        at in any::<prop::sample::Index>(),
    ) {
        let text = Secret::from_bytes(&key).unwrap().to_base32();
        let index = at.index(text.len() + 1);
        let corrupted = format!("{}{bad}{}", &text[..index], &text[index..]);
        let uri = format!("otpauth://totp/a?secret={}", corrupted.replace('\t', "%09").replace('/', "%2F"));
        for err in [Secret::from_base32(&corrupted).unwrap_err(), OtpAuth::parse(&uri).unwrap_err()] {
            let shown = format!("{err} {err:?}");
            for window in text.as_bytes().windows(8) {
                let window = std::str::from_utf8(window).unwrap();
                prop_assert!(!shown.contains(window), "{:?} contains {:?}", shown, window);
            }
        }
    }
}
