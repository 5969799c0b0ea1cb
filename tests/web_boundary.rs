//! The boundary's conventions (API.md): what type names and arguments the messages give,
//! typed-in tokens, JavaScript time, option objects and values, and each export's own rules.

use js_sys::{Array, JsString};
use totp_wasm::wasm as api;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::{
    error_message, js, n, object, opt, range_error, rfc_vector_still_computes, s, secret,
    type_error, U,
};

#[wasm_bindgen_test]
fn messages_name_the_argument_and_the_type_given() {
    let cases: [(JsValue, &str); 7] = [
        (U, "undefined"),
        (JsValue::NULL, "null"),
        (js_sys::BigInt::from(1i64).into(), "bigint"),
        (js_sys::Symbol::for_("s").into(), "symbol"),
        (Array::new().into(), "an array"),
        (js_sys::Object::new().into(), "object"),
        (js("() => 1"), "function"),
    ];
    for (value, shown) in cases {
        let message = type_error(api::generate_totp(value.clone(), U), "secret");
        assert_eq!(message, format!("secret: must be a string, got {shown}"));
        let message = type_error(api::generate_hotp(secret(), value, U), "counter");
        assert_eq!(message, format!("counter: must be a number, got {shown}"));
    }
    let message = type_error(api::generate_totp(n(1.0), U), "secret");
    assert_eq!(message, "secret: must be a string, got number");
}

#[wasm_bindgen_test]
fn tokens_must_be_strings_but_bad_strings_are_just_wrong() {
    let message = type_error(api::verify_totp(secret(), n(287082.0), U), "token");
    assert!(
        message.contains("a number would lose leading zeros"),
        "{message}"
    );
    type_error(api::check_hotp(secret(), n(755224.0), n(0.0), U), "token");
    type_error(api::verify_backup_code(n(1.0), Array::new().into()), "code");
    let bad: [JsValue; 6] = [
        s(""),
        s("abcdef"),
        s("7552240"),
        s(&"7".repeat(100_000)),
        JsString::from_char_code(&[0x37, 0xdc00, 0x35]).into(),
        s("७५५२२४"),
    ];
    for token in bad {
        let at = opt("time", n(59_000.0));
        assert!(!api::verify_totp(secret(), token.clone(), at.clone()).unwrap());
        assert!(api::check_totp(secret(), token.clone(), at)
            .unwrap()
            .is_null());
        assert!(api::check_hotp(secret(), token.clone(), n(0.0), U)
            .unwrap()
            .is_null());
        assert_eq!(
            api::verify_backup_code(token, Array::new().into()).unwrap(),
            -1
        );
    }
    // Ranges are checked even when the token cannot match.
    range_error(
        api::verify_totp(secret(), s("x"), opt("window", n(11.0))),
        "window",
    );
    let too_far = opt("lookAhead", n(101.0));
    let message = range_error(
        api::check_hotp(secret(), s("x"), n(0.0), too_far),
        "lookAhead",
    );
    assert_eq!(
        message,
        "lookAhead: must be an integer from 0 to 100, got 101"
    );
}

#[wasm_bindgen_test]
fn time_is_javascript_time() {
    let code_at =
        |time: JsValue| api::generate_totp(secret(), object(&[("digits", n(8.0)), ("time", time)]));
    assert_eq!(code_at(js("new Date(59000)")).unwrap(), "94287082");
    assert_eq!(
        code_at(n(59_999.999)).unwrap(),
        "94287082",
        "fractions are floored"
    );
    assert_eq!(code_at(n(0.5)).unwrap(), code_at(n(0.0)).unwrap());
    let last_date = code_at(js("new Date(8.64e15)")).unwrap();
    assert_eq!(code_at(n(8.64e15)).unwrap(), last_date);
    let message = type_error(code_at(js("Object.create(Date.prototype)")), "time");
    assert_eq!(message, "time: is not a valid Date");
    let message = range_error(code_at(js("new Date(NaN)")), "time");
    assert_eq!(
        message,
        "time: must be a finite, non-negative time, got NaN"
    );
    range_error(code_at(js("new Date(-1)")), "time");
    range_error(code_at(n(-0.5)), "time");
    assert!(
        code_at(n(8.64e15 + 1.0)).is_ok(),
        "past a Date's range is still a time"
    );
    range_error(code_at(n(9_007_199_254_740_992.0)), "time");
    type_error(code_at(s("59000")), "time");

    let remaining = |time: f64, period: f64| {
        let options = object(&[("time", n(time)), ("period", n(period))]);
        api::remaining_seconds(options).unwrap()
    };
    assert_eq!(remaining(59_000.0, 30.0), 1);
    assert_eq!(remaining(59_999.0, 30.0), 1);
    assert_eq!(remaining(60_000.0, 30.0), 30);
    assert_eq!(remaining(0.0, 3600.0), 3600);
    assert!((1..=30).contains(&api::remaining_seconds(U).unwrap()));
}

#[wasm_bindgen_test]
fn unknown_option_keys_are_type_errors() {
    let typo = opt("windows", n(2.0));
    let message = type_error(api::verify_totp(secret(), s("123456"), typo), "options");
    assert!(
        message.starts_with("options: unknown option 'windows' (expected one of: "),
        "{message}"
    );
    type_error(
        api::generate_totp(secret(), opt("window", n(1.0))),
        "options",
    );
    type_error(
        api::generate_hotp(secret(), n(0.0), opt("period", n(30.0))),
        "options",
    );
    type_error(
        api::check_hotp(secret(), s("1"), n(0.0), opt("window", n(1.0))),
        "options",
    );
    type_error(api::remaining_seconds(opt("digits", n(6.0))), "options");
    let label = object(&[("secret", secret()), ("account", s("a")), ("label", s("x"))]);
    type_error(api::provisioning_uri(label), "options");
    type_error(api::qr_svg(s("x"), opt("colour", s("red"))), "options");
    let attempt = opt("lookAhead", n(1.0));
    type_error(
        api::verify_totp_attempt(secret(), s("1"), JsValue::NULL, attempt),
        "options",
    );
    let message = type_error(
        api::generate_totp(secret(), js("{ [Symbol('digits')]: 8 }")),
        "options",
    );
    assert!(message.contains("'(a symbol)'"), "{message}");
    // Only own keys count: a polluted Object.prototype.digits is not an option, and an
    // object inheriting from another object is not a plain options object.
    let polluted = js("(() => { const o = {}; Object.defineProperty(Object.getPrototypeOf(o), 'digits', { value: 8, configurable: true }); return o; })()");
    let result = api::generate_totp(secret(), polluted);
    js("delete Object.prototype.digits");
    assert_eq!(result.unwrap().len(), 6);
    type_error(api::generate_totp(secret(), js("Object.create({ digits: 8 })")), "options");
    // A misspelt key is caught even when its value is undefined.
    type_error(api::generate_totp(secret(), opt("digit", U)), "options");
}

#[wasm_bindgen_test]
fn throwing_getters_propagate_and_leave_the_module_usable() {
    let getter = js("{ get digits() { throw new RangeError('getter threw'); } }");
    let error = api::generate_totp(secret(), getter).unwrap_err();
    assert!(error.is_instance_of::<js_sys::RangeError>());
    assert_eq!(error_message(&error), "getter threw");
    rfc_vector_still_computes();
    let hashes =
        js("Object.defineProperty(['x'], 0, { get() { throw new Error('index threw'); } })");
    let error = api::verify_backup_code(s("K7QM-2XPD-9HFR"), hashes).unwrap_err();
    assert_eq!(error_message(&error), "index threw");
    rfc_vector_still_computes();
}

#[wasm_bindgen_test]
fn option_values() {
    let code = |key: &str, value: JsValue| api::generate_totp(secret(), opt(key, value));
    type_error(code("algorithm", s("sha1")), "algorithm");
    type_error(code("algorithm", s("MD5")), "algorithm");
    for digits in [5.0, 9.0, 4_294_967_296.0 + 6.0] {
        range_error(code("digits", n(digits)), "digits");
    }
    type_error(code("digits", s("8")), "digits");
    for period in [0.0, 3601.0, 30.5] {
        range_error(code("period", n(period)), "period");
    }
    range_error(
        api::verify_totp(secret(), s("1"), opt("window", n(-1.0))),
        "window",
    );
    range_error(
        api::check_totp(secret(), s("1"), opt("window", n(4_294_967_296.0))),
        "window",
    );
    for bytes in [15.0, 65.0, 20.5] {
        range_error(api::generate_secret(n(bytes)), "bytes");
    }
    assert_eq!(api::generate_secret(U).unwrap().len(), 32);
    assert_eq!(api::generate_secret(n(16.0)).unwrap().len(), 26);
    assert_eq!(api::generate_secret(n(64.0)).unwrap().len(), 103);
    assert_ne!(
        api::generate_secret(U).unwrap(),
        api::generate_secret(U).unwrap()
    );

    let max = 9_007_199_254_740_991.0;
    let at_max = api::generate_hotp(secret(), n(max), U).unwrap();
    let found = api::check_hotp(secret(), s(&at_max), n(max), opt("lookAhead", n(100.0)));
    assert_eq!(found.unwrap().as_f64(), Some(max));
    range_error(api::generate_hotp(secret(), n(max + 1.0), U), "counter");
}

#[wasm_bindgen_test]
fn provisioning_uri_type_rules() {
    let build = |extra: &[(&str, JsValue)]| {
        let mut pairs = vec![("secret", secret()), ("account", s("a"))];
        pairs.extend(extra.iter().cloned());
        api::provisioning_uri(object(&pairs))
    };
    let hotp = || ("type", s("hotp"));
    type_error(api::provisioning_uri(U), "options");
    type_error(build(&[("counter", n(1.0))]), "counter");
    type_error(build(&[hotp()]), "counter");
    type_error(
        build(&[hotp(), ("counter", n(1.0)), ("period", n(30.0))]),
        "period",
    );
    type_error(build(&[("type", s("motp"))]), "type");
    range_error(
        build(&[hotp(), ("counter", n(9_007_199_254_740_992.0))]),
        "counter",
    );
    range_error(build(&[("digits", n(9.0))]), "digits");
    let uri = build(&[hotp(), ("counter", n(0.0))]).unwrap();
    assert!(
        uri.starts_with("otpauth://hotp/a?") && uri.ends_with("&counter=0"),
        "{uri}"
    );
}

#[wasm_bindgen]
extern "C" {
    /// `atob`, a global in Node and in browsers.
    #[wasm_bindgen(js_name = atob)]
    fn base64_decode(data: &str) -> JsString;
}

#[wasm_bindgen_test]
fn qr_codes() {
    let uri = "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME";
    let svg = api::qr_svg(s(uri), U).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("viewBox=\"0 0 "),
        "{svg:.100}"
    );
    assert_eq!(svg.matches("<path").count(), 1);
    let options = || {
        let light = ("light", s("transparent"));
        let (ecc, margin, size) = (("ecc", s("H")), ("margin", n(0.0)), ("size", n(200.0)));
        object(&[ecc, margin, size, ("dark", s("#123")), light])
    };
    let svg = api::qr_svg(s(uri), options()).unwrap();
    assert!(
        svg.contains("width=\"200\"") && svg.contains("stroke=\"#123\""),
        "{svg:.300}"
    );
    assert!(!svg.contains("<rect"), "transparent has no background");
    let url = api::qr_data_url(s(uri), options()).unwrap();
    let payload = url.strip_prefix("data:image/svg+xml;base64,").unwrap();
    assert_eq!(String::from(base64_decode(payload)), svg);

    for dark in [
        "red\" onload=\"alert(1)",
        "</svg><script>",
        "url(#x)",
        "transparent",
    ] {
        let message = type_error(api::qr_svg(s(uri), opt("dark", s(dark))), "dark");
        assert!(!message.contains(dark), "{message}");
    }
    type_error(api::qr_svg(s(uri), opt("light", s("rgb(0,0,0)"))), "light");
    type_error(api::qr_svg(s(uri), opt("ecc", s("X"))), "ecc");
    range_error(api::qr_svg(s(uri), opt("margin", n(17.0))), "margin");
    range_error(api::qr_svg(s(uri), opt("size", n(0.0))), "size");
    let message = range_error(api::qr_svg(s(&"a".repeat(2400)), U), "text");
    assert!(
        message.starts_with("text: is too long for a QR code"),
        "{message}"
    );
    range_error(api::qr_data_url(s(&"a".repeat(8193)), U), "text");
}

#[wasm_bindgen_test]
fn backup_codes() {
    let codes = api::generate_backup_codes(U).unwrap();
    assert_eq!(codes.len(), 10);
    for code in &codes {
        let groups: Vec<&str> = code.split('-').collect();
        assert!(
            groups.len() == 3 && groups.iter().all(|g| g.len() == 4),
            "{code}"
        );
        let alphabet = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ-";
        assert!(code.bytes().all(|b| alphabet.contains(&b)), "{code}");
    }
    assert_eq!(api::generate_backup_codes(n(100.0)).unwrap().len(), 100);
    let message = range_error(api::generate_backup_codes(n(0.0)), "count");
    assert_eq!(message, "count: must be an integer from 1 to 100, got 0");
    range_error(api::generate_backup_codes(n(101.0)), "count");

    let hash = api::hash_backup_code(s(&codes[3])).unwrap();
    assert!(hash.starts_with("$pbkdf2-sha256$i="), "{hash}");
    let typed = codes[3].to_lowercase().replace('-', " ");
    let zeros = "A".repeat(43);
    let other = format!("$pbkdf2-sha256$i=1000,l=32$c2FsdHNhbHRzYWx0${zeros}");
    let hashes: Array = [s(&other), s(&hash)].into_iter().collect();
    assert_eq!(
        api::verify_backup_code(s(&typed), hashes.into()).unwrap(),
        1
    );
    assert_eq!(
        api::verify_backup_code(s(&codes[3]), Array::new().into()).unwrap(),
        -1
    );
    type_error(api::hash_backup_code(s("K7QM-2XPD-9HF")), "code");

    let verify = |hashes: &str| api::verify_backup_code(s(&codes[0]), js(hashes));
    let message = type_error(verify("[1]"), "hashes[0]");
    assert_eq!(message, "hashes[0]: must be a string, got number");
    type_error(verify("['x']"), "hashes[0]");
    type_error(verify("[, 'x']"), "hashes[0]");
    range_error(
        verify(&format!("['{}']", other.replace("i=1000", "i=999"))),
        "hashes[0]",
    );
    range_error(verify("new Array(1001).fill('x')"), "hashes");
    type_error(verify("{ length: 1, 0: 'x' }"), "hashes");
}

// TOTPService is plain JavaScript (pkg/service.js): the JS suite tests it.

/// API.md: "Options objects are plain objects". A `Date` where the options go (an easy slip:
/// `generateTotp(secret, new Date(t))`) must not be taken as empty options, which would give
/// the code of *now* instead of the code of `t`.
#[wasm_bindgen_test]
fn options_must_be_plain_objects() {
    let not_plain = [
        "new Date(59000)",
        "Object.create(Date.prototype)",
        "new Map([['digits', 8]])",
        "new Uint8Array(0)",
    ];
    for value in not_plain {
        type_error(api::generate_totp(secret(), js(value)), "options");
    }
    let bare = js("Object.create(null)");
    assert!(
        api::generate_totp(secret(), bare).is_ok(),
        "a null-prototype object is plain"
    );
}

/// The numeric exports behind pkg/fast.js: the code as a number, a delta, `Infinity` for no
/// match, and `NaN` (make the full call) for whatever the full call would reject.
#[wasm_bindgen_test]
fn prechecked_exports_answer_numbers_and_nan_for_anything_off() {
    use totp_wasm::wasm::prechecked::{check_totp, generate_totp};
    // RFC 4226 codes of counters 0 and 1 for the RFC's seed, 30-second steps.
    assert_eq!(generate_totp(crate::SECRET, 0.0, 0, 6, 30), 755_224.0);
    assert_eq!(generate_totp(crate::SECRET, 29_999.9, 0, 6, 30), 755_224.0, "milliseconds are floored");
    assert_eq!(check_totp(crate::SECRET, 287_082.0, 30_000.0, 0, 0, 6, 30), 0.0);
    assert_eq!(check_totp(crate::SECRET, 755_224.0, 30_000.0, 1, 0, 6, 30), -1.0);
    assert_eq!(check_totp(crate::SECRET, 755_224.0, 30_000.0, 0, 0, 6, 30), f64::INFINITY);
    for not_a_code in [-1.0, 1e6, 0.5, f64::NAN] {
        assert_eq!(check_totp(crate::SECRET, not_a_code, 30_000.0, 10, 0, 6, 30), f64::INFINITY, "{not_a_code}");
    }
    assert!(check_totp("not base32!", -1.0, 0.0, 1, 0, 6, 30).is_nan(), "a bad secret, even with no code");
    assert!(check_totp(crate::SECRET, 0.0, 0.0, 11, 0, 6, 30).is_nan(), "window 11");
    assert!(generate_totp(crate::SECRET, 0.0, 3, 6, 30).is_nan(), "algorithm 3");
    assert!(generate_totp(crate::SECRET, 0.0, 0, 9, 30).is_nan(), "digits 9");
    assert!(generate_totp(crate::SECRET, 0.0, 0, 6, 0).is_nan(), "period 0");
    assert!(generate_totp("", 0.0, 0, 6, 30).is_nan(), "an empty secret");
}
