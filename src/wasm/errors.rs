//! Rust errors -> JavaScript errors.

use alloc::string::ToString;
use js_sys::{Error as JsError, RangeError, TypeError};
use wasm_bindgen::JsValue;

use crate::{Error, ErrorKind};

/// The one mapping: a wrong form is a `TypeError`, a value out of range a `RangeError`,
/// everything else (authentication failed, no randomness) a plain `Error`.
pub(crate) fn to_js(error: Error) -> JsValue {
    let message = error.to_string();
    match error.kind() {
        ErrorKind::Invalid => TypeError::new(&message).into(),
        ErrorKind::OutOfRange => RangeError::new(&message).into(),
        _ => JsError::new(&message).into(),
    }
}

pub(crate) fn type_error(argument: &str, message: &str) -> JsValue {
    TypeError::new(&alloc::format!("{argument}: {message}")).into()
}

pub(crate) fn range_error(argument: &str, message: &str) -> JsValue {
    RangeError::new(&alloc::format!("{argument}: {message}")).into()
}
