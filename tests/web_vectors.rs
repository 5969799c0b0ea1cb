//! The shared vectors (`tests/vectors/*.json`) through the exports, as the JS suite runs them.

use js_sys::{Array, Object, Reflect};
use serde_json::Value;
use totp_wasm::wasm as api;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::{error_message, js, n, object, opt, s, thrown, type_error, Class, U};

fn vectors(text: &str) -> Value {
    let value: Value = serde_json::from_str(text).unwrap();
    assert!(
        value["source"].is_string(),
        "a vector file names its source"
    );
    value
}

fn list(value: &Value) -> &Vec<Value> {
    value.as_array().unwrap()
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap()
}

fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(flag) => JsValue::from_bool(*flag),
        Value::Number(number) => n(number.as_f64().unwrap()),
        Value::String(text) => s(text),
        Value::Array(items) => items.iter().map(to_js).collect::<Array>().into(),
        Value::Object(map) => {
            let pairs: Vec<(&str, JsValue)> =
                map.iter().map(|(k, v)| (k.as_str(), to_js(v))).collect();
            object(&pairs)
        }
    }
}

#[wasm_bindgen_test]
fn rfc6238_appendix_b() {
    let vectors = vectors(include_str!("vectors/rfc6238.json"));
    for case in list(&vectors["cases"]) {
        let algorithm = text(&case["algorithm"]);
        let secret = || to_js(&vectors["secrets"][algorithm]["base32"]);
        let millis = case["time"].as_f64().unwrap() * 1000.0;
        let options = |time: JsValue, window: f64| {
            let (digits, window) = (("digits", n(8.0)), ("window", n(window)));
            object(&[("algorithm", s(algorithm)), digits, ("time", time), window])
        };
        let code = || s(text(&case["code"]));
        let generate = |time: JsValue| {
            let options = object(&[
                ("algorithm", s(algorithm)),
                ("digits", n(8.0)),
                ("time", time),
            ]);
            api::generate_totp(secret(), options).unwrap()
        };
        assert_eq!(generate(n(millis)), text(&case["code"]), "{case}");
        assert_eq!(
            generate(js(&format!("new Date({millis})"))),
            text(&case["code"])
        );
        assert!(api::verify_totp(secret(), code(), options(n(millis), 0.0)).unwrap());
        let later = api::check_totp(secret(), code(), options(n(millis + 30_000.0), 1.0));
        assert_eq!(later.unwrap().as_f64(), Some(-1.0));
        let too_late = options(n(millis + 60_000.0), 1.0);
        assert!(!api::verify_totp(secret(), code(), too_late).unwrap());
    }
}

#[wasm_bindgen_test]
fn rfc4226_appendix_d() {
    let vectors = vectors(include_str!("vectors/rfc4226.json"));
    let secret = || to_js(&vectors["secret_base32"]);
    for case in list(&vectors["cases"]) {
        let counter = to_js(&case["counter"]);
        let code = text(&case["code"]);
        assert_eq!(
            api::generate_hotp(secret(), counter.clone(), U).unwrap(),
            code
        );
        let found = api::check_hotp(secret(), s(code), n(0.0), opt("lookAhead", n(9.0)));
        assert_eq!(found.unwrap().as_f64(), counter.as_f64());
    }
}

#[wasm_bindgen_test]
fn window_preference() {
    let vectors = vectors(include_str!("vectors/window.json"));
    let secret = || to_js(&vectors["secret_base32"]);
    for case in list(&vectors["cases"]) {
        let time = case["step"].as_f64().unwrap() * 30_000.0;
        let options = object(&[("time", n(time)), ("window", to_js(&case["window"]))]);
        let found = api::check_totp(secret(), to_js(&case["token"]), options).unwrap();
        assert_eq!(found.as_f64(), case["delta"].as_f64(), "{}", case["why"]);
    }
}

#[wasm_bindgen_test]
fn base32_secrets() {
    let vectors = vectors(include_str!("vectors/base32.json"));
    let code = |secret: &Value| api::generate_totp(to_js(secret), opt("time", n(0.0)));
    for case in list(&vectors["tolerant"]) {
        let canonical = &case["canonical"];
        assert_eq!(code(&case["input"]).unwrap(), code(canonical).unwrap());
        let options = object(&[("secret", to_js(&case["input"])), ("account", s("a"))]);
        let uri = api::provisioning_uri(options).unwrap();
        assert!(
            uri.contains(&format!("secret={}&", text(canonical))),
            "{uri}"
        );
    }
    for case in list(&vectors["invalid"]) {
        assert_eq!(
            type_error(code(&case["input"]), "secret"),
            text(&case["error"])
        );
    }
}

fn class(case: &Value) -> Class {
    match text(&case["error_class"]) {
        "TypeError" => Class::Type,
        "RangeError" => Class::Range,
        other => panic!("error_class {other}"),
    }
}

#[wasm_bindgen_test]
fn otpauth_uris() {
    let vectors = vectors(include_str!("vectors/uri.json"));
    for case in list(&vectors["parse"]) {
        let parsed = api::parse_uri(to_js(&case["uri"])).unwrap();
        let expected = case["expected"].as_object().unwrap();
        assert_eq!(
            Object::keys(parsed.unchecked_ref::<Object>()).length() as usize,
            expected.len()
        );
        for (key, want) in expected {
            let got = Reflect::get(&parsed, &s(key)).unwrap();
            let description = &case["description"];
            assert!(
                Object::is(&got, &to_js(want)),
                "{description}: {key} is {got:?}, not {want}"
            );
        }
    }
    for case in list(&vectors["parse_invalid"]) {
        let message = thrown("", api::parse_uri(to_js(&case["uri"])), class(case), "uri");
        assert!(message.contains(text(&case["error"])), "{message}");
    }
    for case in list(&vectors["build"]) {
        let uri = api::provisioning_uri(to_js(&case["options"])).unwrap();
        assert_eq!(uri, text(&case["uri"]), "{}", case["description"]);
    }
    for case in list(&vectors["build_invalid"]) {
        let error = api::provisioning_uri(to_js(&case["options"])).unwrap_err();
        let message = error_message(&error);
        assert!(message.contains(text(&case["error"])), "{message}");
        let is_class = match class(case) {
            Class::Type => error.is_instance_of::<js_sys::TypeError>(),
            Class::Range => error.is_instance_of::<js_sys::RangeError>(),
        };
        assert!(is_class, "{message}");
    }
}
