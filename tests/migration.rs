//! Google Authenticator's transfer URIs: real exports from a public source, round trips, the
//! batch sizes and the QR versions they give, and every kind of malformed payload.

use totp_wasm::migration::{self, Migration};
use totp_wasm::qr::{self, Ecc};
use totp_wasm::{Algorithm, Digits, ErrorKind, OtpAuth, OtpKind, Period, Secret};

/// The examples of scito/extract_otp_secrets (example_export.txt at commit 242c1db, made with
/// Google Authenticator from the Raspberry Pi blog's demo secret), with what that project's
/// verbose output (tests/data/print_verbose_output.txt) says each holds.
const PI_SECRET: &str = "7KSQL2JTUDIS5EF65KLMRQIIGY";
const EXPORT_WITH_ISSUER: &str = "otpauth-migration://offline?data=CjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACjr4JKK%2B%2F%2F%2F%2F%2F8B";
const EXPORT_NO_ISSUER: &str = "otpauth-migration://offline?data=CigKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpIAEoATACEAEYASAAKLzjp5n4%2F%2F%2F%2F%2FwE%3D";
const EXPORT_TWO: &str = "otpauth-migration://offline?data=CigKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpIAEoATACCjUKEPqlBekzoNEukL7qlsjBCDYSDnBpQHJhc3BiZXJyeXBpGgtyYXNwYmVycnlwaSABKAEwAhABGAEgACiQ7OOa%2Bf%2F%2F%2F%2F8B";
const EXPORT_HOTP: &str = "otpauth-migration://offline?data=CiUKEPqlBekzoNEukL7qlsjBCDYSCWhvdHAgZGVtbyABKAEwATgEEAEYASAAKNuv15j6%2F%2F%2F%2F%2FwE%3D";
const EXPORT_UTF8: &str = "otpauth-migration://offline?data=CjYKEPqlBekzoNEukL7qlsjBCDYSHGVuY29kaW5nOiDCv8Okw4TDqcOJPyAoZGVtbykgASgBMAIQARgBIAAorfCurv%2F%2F%2F%2F%2F%2FAQ%3D%3D";

fn account(name: &str, issuer: Option<&str>, kind: OtpKind) -> OtpAuth {
    OtpAuth {
        kind,
        secret: Secret::from_base32(PI_SECRET).unwrap(),
        account: name.into(),
        issuer: issuer.map(Into::into),
        algorithm: Algorithm::Sha1,
        digits: Digits::default(),
        image: None,
    }
}

fn totp() -> OtpKind {
    OtpKind::Totp { period: Period::default() }
}

#[test]
fn real_exports_read_as_their_source_says() {
    let one = Migration::parse(EXPORT_WITH_ISSUER).unwrap();
    assert_eq!(one.accounts, vec![account("pi@raspberrypi", Some("raspberrypi"), totp())]);
    assert_eq!((one.version, one.batch_size, one.batch_index, one.batch_id), (1, 1, 0, -1_320_898_453));
    let none = Migration::parse(EXPORT_NO_ISSUER).unwrap();
    assert_eq!(none.accounts, vec![account("pi@raspberrypi", None, totp())]);
    assert_eq!(none.batch_id, -2_094_403_140);
    let two = Migration::parse(EXPORT_TWO).unwrap();
    assert_eq!(two.accounts, vec![account("pi@raspberrypi", None, totp()), account("pi@raspberrypi", Some("raspberrypi"), totp())]);
    let hotp = Migration::parse(EXPORT_HOTP).unwrap();
    assert_eq!(hotp.accounts, vec![account("hotp demo", None, OtpKind::Hotp { counter: 4 })]);
    // The name is a label: its prefix before ':' is the issuer, as parseUri reads a label.
    let utf8 = Migration::parse(EXPORT_UTF8).unwrap();
    assert_eq!(utf8.accounts, vec![account("¿äÄéÉ? (demo)", Some("encoding"), totp())]);
    assert_eq!(utf8.accounts[0].secret.to_base32(), PI_SECRET);
}

#[test]
fn base64_and_percent_variants_read_alike() {
    let canonical = Migration::parse(EXPORT_WITH_ISSUER).unwrap();
    let data = EXPORT_WITH_ISSUER.split_once("data=").unwrap().1.replace("%2B", "+").replace("%2F", "/");
    for variant in [
        format!("otpauth-migration://offline?data={data}"),
        format!("otpauth-migration://offline?data={}", data.replace('+', " ")),
        format!("otpauth-migration://offline?data={}", data.replace('+', "-").replace('/', "_")),
        format!("otpauth-migration://offline?data={}", data.trim_end_matches('=')),
        format!("otpauth-migration://offline?x=1&data={data}&y=2"),
    ] {
        assert_eq!(Migration::parse(&variant).unwrap(), canonical, "{variant}");
    }
}

#[test]
fn round_trips_keep_every_account() {
    let accounts = vec![
        account("alice@example.com", Some("ACME Co"), totp()),
        OtpAuth { algorithm: Algorithm::Sha256, digits: Digits::new(8).unwrap(), ..account("bob", None, totp()) },
        OtpAuth { algorithm: Algorithm::Sha512, ..account("carol", Some("Ünïcødé"), OtpKind::Hotp { counter: (1 << 53) - 1 }) },
        // A ':' in the account survives when there is an issuer (found by fuzzing).
        account("team:dave", Some("X"), totp()),
    ];
    let uris = migration::uris_with_batch_id(&accounts, 2, 12345).unwrap();
    assert_eq!(uris.len(), 2);
    let read: Vec<Migration> = uris.iter().map(|uri| Migration::parse(uri).unwrap()).collect();
    assert_eq!(read.iter().flat_map(|m| m.accounts.clone()).collect::<Vec<_>>(), accounts);
    for (index, migration) in read.iter().enumerate() {
        assert_eq!((migration.version, migration.batch_size, migration.batch_index, migration.batch_id), (1, 2, index as u32, 12345));
    }
    // The writer's output is canonical: what it reads back, it writes again byte for byte.
    assert_eq!(read[0].to_uri().unwrap(), uris[0]);
    // The real export re-encodes to the same bytes the app wrote.
    assert_eq!(Migration::parse(EXPORT_HOTP).unwrap().to_uri().unwrap(), EXPORT_HOTP);
}

#[test]
fn accounts_the_app_cannot_hold_are_refused_by_index() {
    let seven = OtpAuth { digits: Digits::new(7).unwrap(), ..account("a", None, totp()) };
    let sixty = OtpAuth { kind: OtpKind::Totp { period: Period::new(60).unwrap() }, ..account("b", None, totp()) };
    let good = account("c", None, totp());
    let err = migration::uris_with_batch_id(&[good.clone(), good.clone(), seven], 2, 1).unwrap_err();
    assert_eq!(err.to_string(), "accounts[2]: an account's digits are not 6 or 8 (all the app can hold)");
    let err = migration::uris_with_batch_id(&[good.clone(), sixty], 1, 1).unwrap_err();
    assert_eq!(err.argument(), "accounts[1]");
    for size in [0, 51] {
        assert_eq!(migration::uris_with_batch_id(std::slice::from_ref(&good), size, 1).unwrap_err().argument(), "batchSize");
    }
    assert_eq!(migration::uris_with_batch_id(&[], 1, 1).unwrap_err().to_string(), "accounts: must have from 1 to 1000 items, got 0");
}

/// Builds a payload from raw protobuf bytes.
fn uri_of(bytes: &[u8]) -> String {
    use base64ct::{Base64, Encoding};
    format!("otpauth-migration://offline?data={}", Base64::encode_string(bytes).replace('+', "%2B").replace('/', "%2F").replace('=', "%3D"))
}

/// An OtpParameters message with a 16-byte secret, followed by `extra` fields.
fn params(extra: &[u8]) -> Vec<u8> {
    let mut out = vec![0x0a, 16];
    out.extend_from_slice(&[0xAB; 16]);
    out.extend_from_slice(&[0x12, 1, b'x']);
    out.extend_from_slice(extra);
    out
}

fn payload(params: &[u8]) -> Vec<u8> {
    let mut out = vec![0x0a, u8::try_from(params.len()).unwrap()];
    out.extend_from_slice(params);
    out
}

#[test]
fn unknown_fields_are_skipped() {
    // Field 15 as a varint, field 9 as 64-bit and 32-bit fixed, field 12 as bytes, in both
    // messages (newer app versions add fields).
    let extra = [0x78, 0x05, 0x49, 1, 2, 3, 4, 5, 6, 7, 8, 0x4d, 1, 2, 3, 4, 0x62, 2, b'h', b'i'];
    let mut bytes = payload(&params(&extra));
    bytes.extend_from_slice(&extra);
    let read = Migration::parse(&uri_of(&bytes)).unwrap();
    assert_eq!(read.accounts.len(), 1);
    assert_eq!(read.accounts[0].account, "x");
}

#[test]
fn malformed_payloads_are_refused_with_what_is_wrong() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (vec![0x0a], "data ends inside a field"),
        (vec![0x0a, 40, 1, 2], "data ends inside a field"),
        (vec![0x10, 0x80, 0x80], "data ends inside a field"),
        (vec![0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], "data has a varint longer than 64 bits"),
        (vec![0x08, 1], "data has a field of the wrong wire type"),
        (vec![0x15, 1, 2, 3, 4], "data has a field of the wrong wire type"),
        (vec![0x0b], "data has a field of the wrong wire type"),
        (vec![0x02, 0], "data has a field numbered 0"),
        (payload(&params(&[0x20, 4])), "an account's algorithm is not SHA1, SHA256 or SHA512"),
        (payload(&params(&[0x28, 3])), "an account's digits are not 6 or 8"),
        (payload(&params(&[0x30, 3])), "an account's type is not TOTP or HOTP"),
        (payload(&[0x12, 1, b'x']), "an account has no secret"),
        (payload(&[0x0a, 0, 0x12, 1, b'x']), "an account has no secret"),
        (payload(&[0x0a, 5, 1, 2, 3, 4, 5]), "an account's secret: must be at least 80 bits"),
        (payload(&params(&[0x1a, 1, 0xff])), "an account's name or issuer is not valid UTF-8"),
        (payload(&params(&[0x22, 0])), "data has a field of the wrong wire type"),
    ];
    for (bytes, expected) in cases {
        let err = Migration::parse(&uri_of(&bytes)).unwrap_err();
        let kind = if expected.contains("80 bits") { ErrorKind::OutOfRange } else { ErrorKind::Invalid };
        assert_eq!(err.kind(), kind, "{bytes:?}");
        assert_eq!(err.argument(), "uri");
        assert!(err.to_string().starts_with(&format!("uri: {expected}")), "{bytes:?}: {err}");
    }
    for (uri, expected) in [
        ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", "uri: must start with 'otpauth-migration://offline?'"),
        ("otpauth-migration://offline?", "uri: has no 'data' parameter"),
        ("otpauth-migration://offline?data=", "uri: data parameter is not valid base64"),
        ("otpauth-migration://offline?data=@@@@", "uri: data parameter is not valid base64"),
        ("otpauth-migration://offline?data=%zz", "uri: data has broken percent-encoding"),
        ("otpauth-migration://offline?data=AA&data=AA", "uri: parameter 'data' appears more than once"),
    ] {
        let err = Migration::parse(uri).unwrap_err();
        assert!(err.to_string().starts_with(expected), "{uri}: {err}");
    }
}

#[test]
fn batch_sizes_and_their_qr_versions() {
    // Typical accounts: a 160-bit secret, a 20-character issuer, a 30-character account.
    let typical = |i: usize| OtpAuth {
        secret: Secret::from_bytes(&[u8::try_from(i).unwrap(); 20]).unwrap(),
        ..account(&format!("someone.{i:03}@mail.example.com"), Some("Example Service Inc."), totp())
    };
    let accounts: Vec<OtpAuth> = (0..50).map(typical).collect();
    let mut table = Vec::new();
    for size in [1, 2, 3, 4, 5, 6, 7, 8, 10, 15, 20, 25] {
        let uri = &migration::uris_with_batch_id(&accounts[..size], size, 1_234_567).unwrap()[0];
        // 0: too long for any QR code at ECC M.
        let version = qr::matrix(uri.as_bytes(), Ecc::M, None).map_or(0, |matrix| matrix.version);
        table.push((size, uri.len(), version));
    }
    println!("batch size, URI length, QR version at ECC M: {table:?}");
    let version_of = |size: usize| table.iter().find(|row| row.0 == size).unwrap().2;
    assert!(version_of(migration::DEFAULT_BATCH_SIZE) <= 20, "{table:?}");
    assert!(version_of(migration::DEFAULT_BATCH_SIZE + 1) > 20, "{table:?}");
    assert_eq!(version_of(20), 0, "20 typical accounts do not fit one QR code");
}
