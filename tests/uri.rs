//! otpauth URIs: the shared vectors in both directions, and round trips of random values.

use proptest::prelude::*;
use serde_json::{json, Value};
use totp_wasm::hotp::MAX_COUNTER;
use totp_wasm::{Algorithm, Digits, ErrorKind, OtpAuth, OtpKind, Period, Secret};

use crate::vectors;

/// The parseUri result (API.md) of a parsed URI, as JSON, so it compares with the vectors.
fn as_json(auth: &OtpAuth) -> Value {
    let (kind, period, counter) = match auth.kind {
        OtpKind::Totp { period } => ("totp", period.get(), Value::Null),
        OtpKind::Hotp { counter } => ("hotp", 30, json!(counter)),
    };
    json!({
        "type": kind,
        "secret": auth.secret.to_base32(),
        "account": auth.account,
        "issuer": auth.issuer,
        "algorithm": auth.algorithm.as_str(),
        "digits": auth.digits.get(),
        "period": period,
        "counter": counter,
        "image": auth.image,
    })
}

/// The `OtpAuth` that provisioningUri builds from these options (API.md defaults).
fn from_options(options: &Value) -> Result<OtpAuth, totp_wasm::Error> {
    let text = |key: &str| options[key].as_str().map(String::from);
    let kind = match options["type"].as_str() {
        Some("hotp") => OtpKind::Hotp {
            counter: vectors::u64(&options["counter"]),
        },
        None | Some("totp") => OtpKind::Totp {
            period: Period::new(options["period"].as_u64().unwrap_or(30))?,
        },
        Some(other) => panic!("type {other}"),
    };
    Ok(OtpAuth {
        kind,
        secret: Secret::from_base32(vectors::str(&options["secret"]))?,
        account: text("account").unwrap(),
        issuer: text("issuer"),
        algorithm: options["algorithm"].as_str().unwrap_or("SHA1").parse()?,
        digits: Digits::new(u32::try_from(options["digits"].as_u64().unwrap_or(6)).unwrap())?,
        image: text("image"),
    })
}

fn error_class(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Invalid => "TypeError",
        ErrorKind::OutOfRange => "RangeError",
        _ => "Error",
    }
}

/// Ten bytes in base32 (`0123456789`): prepended to a vector's secret under 80 bits, it makes
/// one 0.2 accepts, with the vector's own symbols (and padding) after it.
const PREFIX_B32: &str = "GAYTEMZUGU3DOOBZ";

#[test]
fn parse_vectors() {
    let vectors = vectors::uri();
    let mut short = 0;
    for case in vectors::list(&vectors["parse"]) {
        let uri = vectors::str(&case["uri"]);
        let expected = &case["expected"];
        let bits = vectors::str(&expected["secret"]).len() * 5 / 8 * 8;
        if bits < 80 {
            // 0.2 refuses secrets under 80 bits, in a URI as anywhere.
            short += 1;
            let err = OtpAuth::parse(uri).unwrap_err();
            assert_eq!((err.kind(), err.argument()), (ErrorKind::OutOfRange, "uri"), "{uri}");
            assert_eq!(
                err.to_string(),
                format!("uri: secret parameter: must be at least 80 bits (16 base32 characters), got {bits} bits")
            );
            // The vector's other features still parse, behind a longer secret.
            let longer = uri
                .replacen("?secret=", &format!("?secret={PREFIX_B32}"), 1)
                .replacen("&secret=", &format!("&secret={PREFIX_B32}"), 1);
            assert_ne!(longer, uri);
            let mut want = expected.clone();
            want["secret"] = json!(format!("{PREFIX_B32}{}", vectors::str(&expected["secret"])));
            let auth = OtpAuth::parse(&longer).unwrap_or_else(|e| panic!("{longer}: {e}"));
            assert_eq!(as_json(&auth), want, "{}", case["description"]);
            continue;
        }
        let auth = OtpAuth::parse(uri).unwrap_or_else(|e| panic!("{uri}: {e}"));
        assert_eq!(as_json(&auth), *expected, "{}", case["description"]);
    }
    assert_eq!(short, 1, "the literal-padding vector (MZXW6YTBOI, 48 bits)");
}

#[test]
fn parse_invalid_vectors() {
    let vectors = vectors::uri();
    for case in vectors::list(&vectors["parse_invalid"]) {
        let uri = vectors::str(&case["uri"]);
        let err = OtpAuth::parse(uri).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains(vectors::str(&case["error"])),
            "{uri}: got {message:?}"
        );
        assert_eq!(err.argument(), "uri");
        assert_eq!(
            error_class(err.kind()),
            vectors::str(&case["error_class"]),
            "{uri}"
        );
    }
}

#[test]
fn build_vectors() {
    let vectors = vectors::uri();
    for case in vectors::list(&vectors["build"]) {
        let auth = from_options(&case["options"]).unwrap();
        let uri = auth.to_uri().unwrap();
        assert_eq!(uri, vectors::str(&case["uri"]), "{}", case["description"]);
        assert_eq!(OtpAuth::parse(&uri).unwrap(), auth, "parses back: {uri}");
    }
}

#[test]
fn build_invalid_vectors() {
    let vectors = vectors::uri();
    for case in vectors::list(&vectors["build_invalid"]) {
        let err = from_options(&case["options"])
            .and_then(|auth| auth.to_uri())
            .unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains(vectors::str(&case["error"])),
            "{}: got {message:?}",
            case["options"]
        );
        assert_eq!(error_class(err.kind()), vectors::str(&case["error_class"]));
    }
}

#[test]
fn hotp_counter_above_2_pow_53_minus_1_is_not_built() {
    let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    let mut auth = OtpAuth::totp(secret, "bob", None);
    auth.kind = OtpKind::Hotp {
        counter: MAX_COUNTER,
    };
    assert!(auth
        .to_uri()
        .unwrap()
        .ends_with("&counter=9007199254740991"));
    auth.kind = OtpKind::Hotp {
        counter: MAX_COUNTER + 1,
    };
    let err = auth.to_uri().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutOfRange);
    assert_eq!(err.argument(), "counter");
}

#[test]
fn the_default_account() {
    let secret = Secret::from_base32("JBSWY3DPEHPK3PXP").unwrap();
    let auth = OtpAuth::totp(secret, "alice", Some("ACME".into()));
    assert_eq!(auth.algorithm, Algorithm::Sha1);
    assert_eq!(auth.digits, Digits::SIX);
    assert_eq!(
        auth.kind,
        OtpKind::Totp {
            period: Period::default()
        }
    );
    assert_eq!(auth.image, None);
}

#[test]
fn debug_never_shows_the_secret() {
    let auth = OtpAuth::parse("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP").unwrap();
    let debug = format!("{auth:?}");
    assert!(
        !debug.contains("JBSWY3DP") && debug.contains("Secret(..)"),
        "{debug}"
    );
}

/// A label part the API accepts: not empty, no ':', no leading or trailing white space.
fn label_part() -> impl Strategy<Value = String> {
    let chars = prop_oneof![
        4 => any::<char>(),
        2 => prop::sample::select(vec!['&', '?', '#', '%', '+', '@', '/', '=', ' ', '.', '~', 'é', '例', '😀']),
        4 => prop::char::range('a', 'z'),
    ];
    prop::collection::vec(chars, 1..24)
        .prop_map(String::from_iter)
        .prop_filter("a valid label part", |s| {
            !s.contains(':') && !s.trim().is_empty() && s.trim() == s
        })
}

fn kinds() -> impl Strategy<Value = OtpKind> {
    prop_oneof![
        (1u64..=3600).prop_map(|p| OtpKind::Totp {
            period: Period::new(p).unwrap()
        }),
        prop_oneof![0..=MAX_COUNTER, Just(MAX_COUNTER), Just(0)]
            .prop_map(|counter| OtpKind::Hotp { counter }),
    ]
}

fn otp_auths() -> impl Strategy<Value = OtpAuth> {
    (
        kinds(),
        prop::collection::vec(any::<u8>(), 10..=64),
        label_part(),
        prop::option::of(label_part()),
        prop::sample::select(vec![Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512]),
        6u32..=8,
        prop::option::of(any::<String>()),
    )
        .prop_map(
            |(kind, key, account, issuer, algorithm, digits, image)| OtpAuth {
                kind,
                secret: Secret::from_bytes(&key).unwrap(),
                account,
                issuer,
                algorithm,
                digits: Digits::new(digits).unwrap(),
                image,
            },
        )
}

proptest! {
    #![proptest_config(crate::proptest_config())]

    #[test]
    fn parse_inverts_to_uri(auth in otp_auths()) {
        let uri = auth.to_uri().unwrap();
        prop_assert!(uri.is_ascii() && !uri.contains(' ') && !uri.contains('+') && !uri.contains('#'), "{}", uri);
        prop_assert_eq!(OtpAuth::parse(&uri).unwrap(), auth);
    }

    #[test]
    fn a_colon_in_account_or_issuer_is_refused(auth in otp_auths(), at in any::<prop::sample::Index>(), in_issuer in any::<bool>()) {
        let mut auth = auth;
        let part = if in_issuer { auth.issuer.get_or_insert_with(|| String::from("x")) } else { &mut auth.account };
        let mut index = at.index(part.len() + 1);
        while !part.is_char_boundary(index) {
            index -= 1;
        }
        part.insert(index, ':');
        let err = auth.to_uri().unwrap_err();
        prop_assert_eq!(err.argument(), if in_issuer { "issuer" } else { "account" });
    }

    #[test]
    fn parse_never_panics(text in "otpauth://[th]otp/[^?#]{0,12}\\?(secret=[A-Za-z2-7=%]{0,20}|[a-z]{1,9}=[^&#]{0,8}|&){0,6}") {
        let _ = OtpAuth::parse(&text);
    }
}

#[test]
fn steam_uris_read_and_write_as_steam_and_pyotp_do() {
    let secret = "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ";
    for uri in [
        format!("otpauth://totp/Steam:gaben?secret={secret}&issuer=Steam"),
        format!("otpauth://totp/Steam:gaben?secret={secret}&issuer=Steam&digits=5"),
        format!("otpauth://totp/gaben?secret={secret}&encoder=steam"),
        format!("otpauth://totp/steam:gaben?secret={secret}"),
    ] {
        let auth = OtpAuth::parse(&uri).unwrap();
        assert!(auth.digits.is_steam(), "{uri}");
        let written = auth.to_uri().unwrap();
        assert!(written.contains("&encoder=steam") && !written.contains("digits="), "{written}");
        assert_eq!(OtpAuth::parse(&written).unwrap(), auth);
    }
    // An explicit encoder wins over the issuer; Steam codes are TOTP.
    assert!(!OtpAuth::parse(&format!("otpauth://totp/Steam:g?secret={secret}&issuer=Steam&encoder=none")).unwrap().digits.is_steam());
    assert!(!OtpAuth::parse(&format!("otpauth://hotp/Steam:g?secret={secret}&issuer=Steam&counter=1")).unwrap().digits.is_steam());
    assert_eq!(
        OtpAuth::parse(&format!("otpauth://totp/g?secret={secret}&encoder=steam&encoder=steam")).unwrap_err().to_string(),
        "uri: parameter 'encoder' appears more than once"
    );
}
