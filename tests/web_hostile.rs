//! Hostile values in every argument position of every export (after paulmillr/noble-hashes'
//! TYPE_TEST): each call gives the error its position calls for, and the module keeps working.

use js_sys::{Array, JsString, Uint8Array};
use totp_wasm::wasm as api;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::{
    error_message, js, n, object, ok, opt, rfc_vector_still_computes, s, secret, thrown,
    type_error, Class, U,
};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Hostile {
    Undefined,
    Null,
    Bool,
    Zero,
    Negative,
    Fraction,
    NaN,
    Infinity,
    Huge,
    AboveSafe,
    BigInt,
    Symbol,
    Object,
    EmptyArray,
    Function,
    Date,
    FakeDate,
    Proxy,
    ArrayProxy,
    TypedArray,
    LoneSurrogate,
    HugeString,
}

/// A proxy handler whose every trap throws: the handler is itself a proxy, and every property
/// read from it is a function that throws.
const TRAPS: &str = "new Proxy({}, { get: () => () => { throw new Error('proxy trap'); } })";

fn hostile_values() -> Vec<(Hostile, JsValue)> {
    use Hostile::*;
    vec![
        (Undefined, U),
        (Null, JsValue::NULL),
        (Bool, JsValue::TRUE),
        (Zero, n(0.0)),
        (Negative, n(-1.0)),
        (Fraction, n(1.5)),
        (NaN, n(f64::NAN)),
        (Infinity, n(f64::INFINITY)),
        (Huge, n(1e300)),
        (AboveSafe, n(9_007_199_254_740_992.0)),
        (BigInt, js_sys::BigInt::from(100i64).into()),
        (Symbol, js_sys::Symbol::for_("hostile").into()),
        (Object, js_sys::Object::new().into()),
        (EmptyArray, Array::new().into()),
        (Function, js("function () { return 'GEZDGNBVGY3TQOJQ'; }")),
        (Date, js("new Date(59000)")),
        (FakeDate, js("Object.create(Date.prototype)")),
        (Proxy, js(&format!("new Proxy({{}}, {TRAPS})"))),
        (ArrayProxy, js(&format!("new Proxy([], {TRAPS})"))),
        (TypedArray, js("new Uint8Array(2)")),
        (LoneSurrogate, JsString::from_char_code(&[0xd800]).into()),
        (HugeString, s(&"A".repeat(1 << 20))),
    ]
}

/// What an argument position takes, which decides what each hostile value must give.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A required string (a secret, a URI, a text).
    Str,
    /// A typed-in code: it must be a string, but a string that is no code is no error.
    Token,
    /// An integer; `zero_ok` when 0 is in range.
    Int { required: bool, zero_ok: bool },
    /// An optional options object.
    Options,
    /// provisioningUri's options: required, with `secret` required inside.
    RequiredOptions,
    /// The `time` option: a Date or milliseconds.
    Time,
    /// An optional string option; `huge` is what an over-long string gives.
    OptStr { huge: Class },
    /// An array of strings (verifyBackupCode's hashes).
    List,
    /// verifyTotpAttempt's state: null or { lastStep, failures, lockedUntil }.
    State,
    /// A 32-byte Uint8Array (the sealing key).
    Key,
}

const STR: Kind = Kind::Str;
const TOKEN: Kind = Kind::Token;
const COUNTER: Kind = Kind::Int {
    required: true,
    zero_ok: true,
};
const INT: Kind = Kind::Int {
    required: false,
    zero_ok: true,
};
const POSITIVE: Kind = Kind::Int {
    required: false,
    zero_ok: false,
};
const OPTIONS: Kind = Kind::Options;
const TIME: Kind = Kind::Time;
const CHOICE: Kind = Kind::OptStr { huge: Class::Type };
const TEXT: Kind = Kind::OptStr { huge: Class::Range };

#[derive(Debug, PartialEq)]
enum Expect {
    Ok,
    Throws(Class),
    /// Thrown naming another argument (the first required one inside an options object).
    ThrowsNaming(Class, &'static str),
    /// The proxy's own error, propagated unchanged.
    Trap,
}

fn expect(kind: Kind, value: Hostile) -> Expect {
    use Expect::{Ok, Throws, ThrowsNaming, Trap};
    use Hostile::*;
    let wrong_type = Throws(Class::Type);
    match kind {
        Kind::Str => match value {
            HugeString => Throws(Class::Range),
            _ => wrong_type,
        },
        Kind::Token => match value {
            LoneSurrogate | HugeString => Ok,
            _ => wrong_type,
        },
        Kind::Int { required, zero_ok } => match value {
            Undefined if !required => Ok,
            Zero if zero_ok => Ok,
            Zero | Negative | Fraction | NaN | Infinity | Huge | AboveSafe => Throws(Class::Range),
            _ => wrong_type,
        },
        // A Proxy whose every trap throws is not a plain object: its getPrototypeOf throws.
        Kind::Options => match value {
            Undefined | Null | Object => Ok,
            _ => wrong_type,
        },
        Kind::RequiredOptions => match value {
            Object => ThrowsNaming(Class::Type, "secret"),
            _ => wrong_type,
        },
        Kind::Time => match value {
            Undefined | Zero | Fraction | Date => Ok,
            Negative | NaN | Infinity | Huge | AboveSafe => Throws(Class::Range),
            _ => wrong_type,
        },
        Kind::OptStr { huge } => match value {
            Undefined => Ok,
            HugeString => Throws(huge),
            _ => wrong_type,
        },
        Kind::List => match value {
            EmptyArray => Ok,
            ArrayProxy => Trap,
            _ => wrong_type,
        },
        Kind::State => match value {
            Undefined | Null => Ok,
            Object => ThrowsNaming(Class::Type, "state.failures"),
            _ => wrong_type,
        },
        Kind::Key => match value {
            TypedArray => Throws(Class::Range),
            _ => wrong_type,
        },
    }
}

type Call = Box<dyn Fn(JsValue) -> Result<JsValue, JsValue>>;

/// One argument position: the export, the argument's name, what it takes, and a call with
/// the value in that position and valid values everywhere else.
struct Slot(&'static str, &'static str, Kind, Call);

fn slot<F>(export: &'static str, name: &'static str, kind: Kind, call: F) -> Slot
where
    F: Fn(JsValue) -> Result<JsValue, JsValue> + 'static,
{
    Slot(export, name, kind, Box::new(call))
}

fn code() -> JsValue {
    s("123456")
}

fn key() -> JsValue {
    Uint8Array::from(&[7u8; 32][..]).into()
}

/// SECRET sealed under `key()` with no context.
fn sealed() -> JsValue {
    s(&api::encrypt_secret(secret(), key(), U).unwrap())
}

/// provisioningUri options with `key` set to `value`.
fn uri(key: &str, value: JsValue) -> JsValue {
    object(&[("secret", secret()), ("account", s("alice")), (key, value)])
}

fn hotp_uri(key: &str, value: JsValue) -> JsValue {
    let (account, hotp) = (s("alice"), s("hotp"));
    object(&[
        ("secret", secret()),
        ("account", account),
        ("type", hotp),
        (key, value),
    ])
}

const QR_TEXT: &str = "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP";

fn qr(value: JsValue) -> Result<JsValue, JsValue> {
    ok(api::qr_svg(s(QR_TEXT), value))
}

fn attempt(token: JsValue, state: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    api::verify_totp_attempt(secret(), token, state, options)
}

fn count(codes: Result<Vec<String>, JsValue>) -> Result<JsValue, JsValue> {
    codes.map(|codes| n(codes.len() as f64))
}

#[rustfmt::skip]
fn slots() -> Vec<Slot> {
    let null = || JsValue::NULL;
    vec![
        slot("generateSecret", "bytes", POSITIVE, |v| ok(api::generate_secret(v))),
        slot("generateTotp", "secret", STR, |v| ok(api::generate_totp(v, U))),
        slot("generateTotp", "options", OPTIONS, |v| ok(api::generate_totp(secret(), v))),
        slot("generateTotp", "time", TIME, |v| ok(api::generate_totp(secret(), opt("time", v)))),
        slot("generateTotp", "algorithm", CHOICE, |v| ok(api::generate_totp(secret(), opt("algorithm", v)))),
        slot("generateTotp", "digits", POSITIVE, |v| ok(api::generate_totp(secret(), opt("digits", v)))),
        slot("generateTotp", "period", POSITIVE, |v| ok(api::generate_totp(secret(), opt("period", v)))),
        slot("verifyTotp", "secret", STR, |v| ok(api::verify_totp(v, code(), U))),
        slot("verifyTotp", "token", TOKEN, |v| ok(api::verify_totp(secret(), v, U))),
        slot("verifyTotp", "options", OPTIONS, |v| ok(api::verify_totp(secret(), code(), v))),
        slot("verifyTotp", "window", INT, |v| ok(api::verify_totp(secret(), code(), opt("window", v)))),
        slot("verifyTotp", "time", TIME, |v| ok(api::verify_totp(secret(), code(), opt("time", v)))),
        slot("checkTotp", "secret", STR, |v| api::check_totp(v, code(), U)),
        slot("checkTotp", "token", TOKEN, |v| api::check_totp(secret(), v, U)),
        slot("checkTotp", "options", OPTIONS, |v| api::check_totp(secret(), code(), v)),
        slot("checkTotp", "window", INT, |v| api::check_totp(secret(), code(), opt("window", v))),
        slot("checkTotp", "digits", POSITIVE, |v| api::check_totp(secret(), code(), opt("digits", v))),
        slot("generateHotp", "secret", STR, |v| ok(api::generate_hotp(v, n(0.0), U))),
        slot("generateHotp", "counter", COUNTER, |v| ok(api::generate_hotp(secret(), v, U))),
        slot("generateHotp", "options", OPTIONS, |v| ok(api::generate_hotp(secret(), n(0.0), v))),
        slot("generateHotp", "algorithm", CHOICE, |v| ok(api::generate_hotp(secret(), n(0.0), opt("algorithm", v)))),
        slot("generateHotp", "digits", POSITIVE, |v| ok(api::generate_hotp(secret(), n(0.0), opt("digits", v)))),
        slot("checkHotp", "secret", STR, |v| api::check_hotp(v, code(), n(0.0), U)),
        slot("checkHotp", "token", TOKEN, |v| api::check_hotp(secret(), v, n(0.0), U)),
        slot("checkHotp", "counter", COUNTER, |v| api::check_hotp(secret(), code(), v, U)),
        slot("checkHotp", "options", OPTIONS, |v| api::check_hotp(secret(), code(), n(0.0), v)),
        slot("checkHotp", "lookAhead", INT, |v| api::check_hotp(secret(), code(), n(0.0), opt("lookAhead", v))),
        slot("remainingSeconds", "options", OPTIONS, |v| ok(api::remaining_seconds(v))),
        slot("remainingSeconds", "time", TIME, |v| ok(api::remaining_seconds(opt("time", v)))),
        slot("remainingSeconds", "period", POSITIVE, |v| ok(api::remaining_seconds(opt("period", v)))),
        slot("provisioningUri", "options", Kind::RequiredOptions, |v| ok(api::provisioning_uri(v))),
        slot("provisioningUri", "secret", STR, |v| ok(api::provisioning_uri(uri("secret", v)))),
        slot("provisioningUri", "account", STR, |v| ok(api::provisioning_uri(uri("account", v)))),
        slot("provisioningUri", "issuer", TEXT, |v| ok(api::provisioning_uri(uri("issuer", v)))),
        slot("provisioningUri", "type", TEXT, |v| ok(api::provisioning_uri(uri("type", v)))),
        slot("provisioningUri", "algorithm", CHOICE, |v| ok(api::provisioning_uri(uri("algorithm", v)))),
        slot("provisioningUri", "digits", POSITIVE, |v| ok(api::provisioning_uri(uri("digits", v)))),
        slot("provisioningUri", "period", POSITIVE, |v| ok(api::provisioning_uri(uri("period", v)))),
        slot("provisioningUri", "image", TEXT, |v| ok(api::provisioning_uri(uri("image", v)))),
        slot("provisioningUri", "counter", COUNTER, |v| ok(api::provisioning_uri(hotp_uri("counter", v)))),
        slot("parseUri", "uri", STR, api::parse_uri),
        slot("qrSvg", "text", STR, |v| ok(api::qr_svg(v, U))),
        slot("qrSvg", "options", OPTIONS, qr),
        slot("qrSvg", "ecc", TEXT, |v| qr(opt("ecc", v))),
        slot("qrSvg", "margin", INT, |v| qr(opt("margin", v))),
        slot("qrSvg", "size", POSITIVE, |v| qr(opt("size", v))),
        slot("qrSvg", "dark", TEXT, |v| qr(opt("dark", v))),
        slot("qrSvg", "light", TEXT, |v| qr(opt("light", v))),
        slot("qrDataUrl", "text", STR, |v| ok(api::qr_data_url(v, U))),
        slot("qrDataUrl", "options", OPTIONS, |v| ok(api::qr_data_url(s(QR_TEXT), v))),
        slot("generateBackupCodes", "count", POSITIVE, |v| count(api::generate_backup_codes(v))),
        slot("hashBackupCode", "code", STR, |v| ok(api::hash_backup_code(v))),
        slot("verifyBackupCode", "code", TOKEN, |v| ok(api::verify_backup_code(v, Array::new().into()))),
        slot("verifyBackupCode", "hashes", Kind::List, |v| ok(api::verify_backup_code(code(), v))),
        slot("verifyTotpAttempt", "secret", STR, move |v| api::verify_totp_attempt(v, code(), null(), U)),
        slot("verifyTotpAttempt", "token", TOKEN, move |v| attempt(v, null(), U)),
        slot("verifyTotpAttempt", "state", Kind::State, |v| attempt(code(), v, U)),
        slot("verifyTotpAttempt", "options", OPTIONS, move |v| attempt(code(), null(), v)),
        slot("verifyTotpAttempt", "time", TIME, move |v| attempt(code(), null(), opt("time", v))),
        slot("verifyTotpAttempt", "window", INT, move |v| attempt(code(), null(), opt("window", v))),
        slot("verifyTotpAttempt", "maxFailures", POSITIVE, move |v| attempt(code(), null(), opt("maxFailures", v))),
        slot("verifyTotpAttempt", "lockoutSeconds", POSITIVE, move |v| attempt(code(), null(), opt("lockoutSeconds", v))),
        slot("encryptSecret", "secret", STR, |v| ok(api::encrypt_secret(v, key(), U))),
        slot("encryptSecret", "key", Kind::Key, |v| ok(api::encrypt_secret(secret(), v, U))),
        slot("encryptSecret", "context", TEXT, |v| ok(api::encrypt_secret(secret(), key(), v))),
        slot("decryptSecret", "sealed", STR, |v| ok(api::decrypt_secret(v, key(), U))),
        slot("decryptSecret", "key", Kind::Key, |v| ok(api::decrypt_secret(sealed(), v, U))),
        slot("decryptSecret", "context", TEXT, |v| ok(api::decrypt_secret(sealed(), key(), v))),
    ]
}

#[wasm_bindgen_test]
fn hostile_values_in_every_argument_position() {
    let values = hostile_values();
    let mut calls = 0;
    for Slot(export, name, kind, call) in slots() {
        for (hostile, value) in &values {
            let context = format!("{export}({name}: {hostile:?})");
            match (expect(kind, *hostile), call(value.clone())) {
                (Expect::Ok, Ok(_)) => {}
                (Expect::Throws(class), result) => {
                    thrown(&context, result, class, name);
                }
                (Expect::ThrowsNaming(class, other), result) => {
                    thrown(&context, result, class, other);
                }
                (Expect::Trap, Err(error)) => {
                    assert_eq!(error_message(&error), "proxy trap", "{context}");
                }
                (expected, Err(error)) => {
                    panic!(
                        "{context}: expected {expected:?}, threw {:?}",
                        error_message(&error)
                    )
                }
                (expected, Ok(value)) => panic!("{context}: expected {expected:?}, got {value:?}"),
            }
            rfc_vector_still_computes();
            calls += 1;
        }
    }
    assert!(calls > 1400, "{calls} calls");
}

/// A revoked Proxy makes `Array.isArray` and `Object.getPrototypeOf` throw; the binding calls
/// them through catching imports, so the throw comes back as this argument's TypeError instead
/// of unwinding through the wasm frames (skipping destructors such as a secret's zeroizing).
#[wasm_bindgen_test]
fn revoked_proxies_are_reported_as_type_errors() {
    let revoked =
        || js("(() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })()");
    type_error(api::generate_totp(revoked(), U), "secret");
    type_error(api::generate_totp(secret(), revoked()), "options");
    type_error(api::generate_hotp(secret(), revoked(), U), "counter");
    type_error(api::verify_backup_code(code(), revoked()), "hashes");
}
