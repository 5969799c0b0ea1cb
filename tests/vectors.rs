//! The shared test vectors (`tests/vectors/*.json`), compiled in so the tests need no paths.

use serde_json::Value;
use totp_wasm::{Algorithm, Digits, Secret};

fn load(name: &str, text: &str) -> Value {
    let value: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(value["source"].is_string(), "{name} must name its source");
    value
}

pub fn rfc4226() -> Value {
    load("rfc4226.json", include_str!("vectors/rfc4226.json"))
}

pub fn rfc6238() -> Value {
    load("rfc6238.json", include_str!("vectors/rfc6238.json"))
}

pub fn base32() -> Value {
    load("base32.json", include_str!("vectors/base32.json"))
}

pub fn uri() -> Value {
    load("uri.json", include_str!("vectors/uri.json"))
}

pub fn window() -> Value {
    load("window.json", include_str!("vectors/window.json"))
}

/// A field that must be a string.
pub fn str(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("expected a string, got {value}"))
}

/// A field that must be a non-negative integer.
pub fn u64(value: &Value) -> u64 {
    value
        .as_u64()
        .unwrap_or_else(|| panic!("expected an integer, got {value}"))
}

pub fn list(value: &Value) -> &Vec<Value> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("expected an array, got {value}"))
}

pub fn algorithm(value: &Value) -> Algorithm {
    str(value).parse().unwrap()
}

pub fn digits(value: &Value) -> Digits {
    Digits::new(u32::try_from(u64(value)).unwrap()).unwrap()
}

pub fn ascii_secret(value: &Value) -> Secret {
    Secret::from_bytes(str(value).as_bytes()).unwrap()
}
