//! The JavaScript boundary, run by wasm-bindgen-test in Node (`wasm-pack test --node`) and in
//! Chromium (`WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome`).
//!
//! The exports are called as JavaScript would call them, with `JsValue` arguments: hostile
//! values in every argument position (`web_hostile`), the boundary's conventions
//! (`web_boundary`) and the shared vectors (`web_vectors`). A bad call must throw a JS `Error`
//! (`TypeError` or `RangeError`) whose message names the argument, never trap, and the RFC
//! 6238 vector must still compute afterwards.
#![cfg(target_arch = "wasm32")]
// A test states an expectation and panics when it fails (see tests/lib.rs).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]

mod web_boundary;
mod web_hostile;
mod web_vectors;

use std::fmt::Debug;

use js_sys::{Function, Object, Reflect};
use totp_wasm::wasm as api;
use wasm_bindgen::{JsCast, JsValue};

/// The RFC 6238 Appendix B SHA1 seed in base32.
const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const U: JsValue = JsValue::UNDEFINED;

fn secret() -> JsValue {
    s(SECRET)
}

/// Evaluates a JS expression, for values Rust cannot spell (proxies, fake dates, getters).
fn js(expression: &str) -> JsValue {
    let function = Function::new_no_args(&format!("return ({expression});"));
    function.call0(&U).unwrap()
}

fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

fn n(number: f64) -> JsValue {
    JsValue::from_f64(number)
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &s(key), value).unwrap();
    }
    object.into()
}

/// `{ key: value }`
fn opt(key: &str, value: JsValue) -> JsValue {
    object(&[(key, value)])
}

fn ok<T: Into<JsValue>>(result: Result<T, JsValue>) -> Result<JsValue, JsValue> {
    result.map(Into::into)
}

/// The RFC 6238 SHA1 vector at T = 59 s: the module still works after a bad call.
fn rfc_vector_still_computes() {
    let options = object(&[("digits", n(8.0)), ("time", n(59_000.0))]);
    assert_eq!(api::generate_totp(secret(), options).unwrap(), "94287082");
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Class {
    Type,
    Range,
}

/// Asserts a thrown `TypeError` whose message starts with `name: `; returns the message.
#[track_caller]
fn type_error<T: Debug>(result: Result<T, JsValue>, name: &str) -> String {
    thrown("", result, Class::Type, name)
}

/// Asserts a thrown `RangeError` whose message starts with `name: `; returns the message.
#[track_caller]
fn range_error<T: Debug>(result: Result<T, JsValue>, name: &str) -> String {
    thrown("", result, Class::Range, name)
}

#[track_caller]
fn thrown<T: Debug>(context: &str, result: Result<T, JsValue>, class: Class, name: &str) -> String {
    let error = match result {
        Ok(value) => {
            panic!("{context}: expected a {class:?}Error naming {name}, got Ok({value:?})")
        }
        Err(error) => error,
    };
    let message = error_message(&error);
    let is_class = match class {
        Class::Type => error.is_instance_of::<js_sys::TypeError>(),
        Class::Range => error.is_instance_of::<js_sys::RangeError>(),
    };
    assert!(
        is_class,
        "{context}: expected a {class:?}Error, got {message:?}"
    );
    let named = message.starts_with(&format!("{name}: "));
    assert!(
        named,
        "{context}: the message must name {name}: {message:?}"
    );
    rfc_vector_still_computes();
    message
}

/// The message of a JS `Error`; anything else thrown (or a trap) fails the test.
#[track_caller]
fn error_message(error: &JsValue) -> String {
    let trapped = error.is_instance_of::<js_sys::WebAssembly::RuntimeError>();
    assert!(!trapped, "the module trapped: {error:?}");
    let error = error.dyn_ref::<js_sys::Error>();
    String::from(
        error
            .unwrap_or_else(|| panic!("not an Error: {error:?}"))
            .message(),
    )
}
