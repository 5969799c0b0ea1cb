//! The error type: `argument: message` everywhere, lowercase without a final period, and no
//! error (Display or Debug) ever carrying the secret's text.

use proptest::prelude::*;
use totp_wasm::qr::{self, Colour, Ecc, QrOptions};
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
        assert!(
            err.argument()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "[]".contains(c)),
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
