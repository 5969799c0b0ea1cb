//! JavaScript values -> Rust values, with errors that name the argument.
//!
//! Every export takes its arguments as `JsValue` and converts them here, so that a value of
//! the wrong type becomes a `TypeError` thrown by our code, never a trap in generated glue.
//!
//! Each question asked of a `JsValue` (is it undefined? a string? how long?) is a call into
//! JavaScript, and on a short call such as `verifyTotp` these calls cost more than the HMACs.
//! So an optional value travels as `Option<&JsValue>` (`None`: not given), and an option the
//! caller did not set is never asked anything.

use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Array, Date, JsString, Number, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use zeroize::Zeroizing;

use super::errors::{range_error, to_js, type_error};
use crate::seal::{SealingKey, KEY_BYTES};

/// 2^53 - 1: the largest integer a JavaScript number holds exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    // js_sys's Array::isArray and Object::getPrototypeOf do not catch; these do, because a
    // revoked Proxy makes both throw, and a throw must not unwind through our frames.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = getPrototypeOf)]
    fn prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Uint8Array, js_name = from)]
    fn uint8_array_from(value: &JsValue) -> Result<Uint8Array, JsValue>;
}

fn describe(value: &JsValue) -> String {
    if value.is_null() {
        return String::from("null");
    }
    match is_array(value) {
        Ok(true) => String::from("an array"),
        Ok(false) => value.js_typeof().as_string().unwrap_or_default(),
        Err(_) => String::from("a revoked Proxy"),
    }
}

/// A plain object: `{...}`, `Object.create(null)`, or one from another realm; not an array,
/// a function, a `Date`, a `Map`, a typed array or a class instance. (A primitive fails the
/// prototype test: its prototype, such as `Number.prototype`, has `Object.prototype` above it.)
fn is_plain_object(value: &JsValue) -> bool {
    if value.is_function() || is_array(value).unwrap_or(true) {
        return false;
    }
    match prototype_of(value) {
        Ok(prototype) if prototype.is_null() => true,
        Ok(prototype) => prototype_of(&prototype).is_ok_and(|grand| grand.is_null()),
        Err(_) => false,
    }
}

fn number_text(value: f64) -> String {
    Number::from(value).to_string_with_radix(10).map(String::from).unwrap_or_default()
}

/// A string argument of at most `max_len` UTF-16 units, without lone surrogates.
///
/// The length is checked before the string is copied into wasm memory, so a huge string
/// cannot exhaust it.
pub(crate) fn string(value: &JsValue, name: &str, max_len: u32) -> Result<String, JsValue> {
    let Some(text) = value.dyn_ref::<JsString>() else {
        return Err(type_error(name, &alloc::format!("must be a string, got {}", describe(value))));
    };
    if text.length() > max_len {
        return Err(range_error(name, &alloc::format!("is too long (more than {max_len} characters)")));
    }
    let copy = String::from(text);
    // Copying turns a lone surrogate into U+FFFD; only then ask JS which one it was.
    if copy.contains('\u{FFFD}') && !text.is_valid_utf16() {
        return Err(type_error(name, "contains a lone surrogate (not valid Unicode)"));
    }
    Ok(copy)
}

/// An optional argument: `None` when it is `undefined`.
pub(crate) fn given(value: &JsValue) -> Option<&JsValue> {
    (!value.is_undefined()).then_some(value)
}

/// An optional string; not given, the empty string.
pub(crate) fn string_or_empty(value: Option<&JsValue>, name: &str, max_len: u32) -> Result<String, JsValue> {
    value.map_or_else(|| Ok(String::new()), |value| string(value, name, max_len))
}

/// A 32-byte AES key given as a `Uint8Array`.
pub(crate) fn sealing_key(value: &JsValue) -> Result<SealingKey, JsValue> {
    let wrong_type = || type_error("key", &alloc::format!("must be a Uint8Array of 32 bytes, got {}", describe(value)));
    if !value.is_instance_of::<Uint8Array>() {
        return Err(wrong_type());
    }
    // Something can pass instanceof without being a typed array (Object.create, a Proxy, a
    // subclass lying about its length), and reading it directly could throw through our
    // frames. Uint8Array.from copies what really is there, and catches.
    let bytes = uint8_array_from(value).map_err(|_| wrong_type())?;
    if bytes.length() != 32 {
        return Err(range_error("key", &alloc::format!("must be 32 bytes (AES-256), got {}", bytes.length())));
    }
    let mut copy = Zeroizing::new([0u8; KEY_BYTES]);
    bytes.copy_to(copy.as_mut());
    bytes.fill(0, 0, 32);
    SealingKey::from_bytes(copy.as_ref()).map_err(to_js)
}

/// A token typed by a user: it must be a string (a number would have lost its leading zeros),
/// but a string that cannot be a code gives `None` rather than an error.
pub(crate) fn token(value: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    let Some(text) = value.dyn_ref::<JsString>() else {
        return Err(type_error(
            name,
            &alloc::format!("must be a string (a number would lose leading zeros), got {}", describe(value)),
        ));
    };
    // A code is at most 8 digits; spaces inside are allowed, so leave generous room. (A lone
    // surrogate arrives as U+FFFD, which is not a digit: no need to ask JS about it.)
    if text.length() > 64 {
        return Ok(None);
    }
    Ok(Some(String::from(text)))
}

/// A non-negative integer no larger than 2^53 - 1; ranges are checked by the core.
pub(crate) fn integer(value: &JsValue, name: &str) -> Result<u64, JsValue> {
    let Some(number) = value.as_f64() else {
        return Err(type_error(name, &alloc::format!("must be a number, got {}", describe(value))));
    };
    if !number.is_finite() || number.fract() != 0.0 {
        return Err(range_error(name, &alloc::format!("must be an integer, got {}", number_text(number))));
    }
    if number < 0.0 {
        return Err(range_error(name, &alloc::format!("must not be negative, got {}", number_text(number))));
    }
    if number > MAX_SAFE_INTEGER {
        return Err(range_error(name, "must be at most 2^53 - 1 (Number.MAX_SAFE_INTEGER)"));
    }
    Ok(f64_to_u64(number))
}

/// An optional integer: not given, `default`.
pub(crate) fn integer_or(value: Option<&JsValue>, name: &str, default: u64) -> Result<u64, JsValue> {
    value.map_or(Ok(default), |value| integer(value, name))
}

/// `usize` from an optional integer argument.
pub(crate) fn size_or(value: Option<&JsValue>, name: &str, default: usize) -> Result<usize, JsValue> {
    let number = integer_or(value, name, u64::try_from(default).unwrap_or(0))?;
    Ok(usize::try_from(number).unwrap_or(usize::MAX))
}

/// `u32` from an optional integer argument (saturating: the core rejects it as out of range).
pub(crate) fn u32_or(value: Option<&JsValue>, name: &str, default: u32) -> Result<u32, JsValue> {
    Ok(u32::try_from(integer_or(value, name, u64::from(default))?).unwrap_or(u32::MAX))
}

/// Whole seconds since the epoch from a `Date` or milliseconds; not given, now.
pub(crate) fn unix_secs(value: Option<&JsValue>) -> Result<u64, JsValue> {
    Ok(unix_millis(value)?.checked_div(1000).unwrap_or(0))
}

/// Whole milliseconds since the epoch (fractions floored) from a `Date` or a number; not
/// given, now.
pub(crate) fn unix_millis(value: Option<&JsValue>) -> Result<u64, JsValue> {
    let Some(value) = value else {
        return Ok(f64_to_u64(Date::now()));
    };
    let millis = if let Some(number) = value.as_f64() {
        number
    } else if let Ok(millis) = time_of_date(value) {
        // A Date by its internal slot, not by `instanceof`: a Date from another realm (an
        // iframe, a vm context) is one too.
        millis
    } else if value.is_instance_of::<Date>() {
        // `Object.create(Date.prototype)`: a Date by its prototype, without a time.
        return Err(type_error("time", "is not a valid Date"));
    } else {
        return Err(type_error("time", &alloc::format!("must be a Date or milliseconds since the epoch, got {}", describe(value))));
    };
    if !millis.is_finite() || millis < 0.0 {
        return Err(range_error("time", &alloc::format!("must be a finite, non-negative time, got {}", number_text(millis))));
    }
    if millis > MAX_SAFE_INTEGER {
        return Err(range_error("time", "must be at most 2^53 - 1 milliseconds (Number.MAX_SAFE_INTEGER)"));
    }
    Ok(f64_to_u64(millis.floor()))
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn f64_to_u64(value: f64) -> u64 {
    // Callers pass finite, non-negative integers at most 2^53, which convert exactly.
    value as u64
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `Date.prototype.getTime.call(value)`: the time of a real `Date` of any realm; it
    /// throws (caught) for anything else.
    #[wasm_bindgen(catch, js_namespace = ["Date", "prototype", "getTime"], js_name = call)]
    fn time_of_date(value: &JsValue) -> Result<f64, JsValue>;
}

/// An options object: `undefined` or `null` means none; anything but a plain object, or a
/// key outside `allowed`, is a `TypeError` (so a typo such as `windows` never passes silently).
///
/// The object is read once, key by key, when it is checked: each getter runs once, and no
/// key name is copied from wasm to JS.
pub(crate) struct Options {
    allowed: &'static [&'static str],
    /// Per allowed key, its value when it is an own property.
    values: Vec<Option<JsValue>>,
}

impl Options {
    pub(crate) fn read(value: &JsValue, name: &str, allowed: &'static [&'static str]) -> Result<Options, JsValue> {
        let mut values = alloc::vec![None; allowed.len()];
        if value.is_undefined() || value.is_null() {
            return Ok(Options { allowed, values });
        }
        if !is_plain_object(value) {
            return Err(type_error(name, &alloc::format!("must be a plain options object, got {}", describe(value))));
        }
        // Reflect.ownKeys and Reflect.get, unlike Object.keys and indexing, report a
        // throwing Proxy or getter as an Err.
        for key in Reflect::own_keys(value)?.iter() {
            let slot = key
                .as_string()
                .and_then(|text| allowed.iter().position(|allowed| *allowed == text));
            let Some(slot) = slot.and_then(|index| values.get_mut(index)) else {
                let shown = key.as_string().unwrap_or_else(|| String::from("(a symbol)"));
                return Err(type_error(
                    name,
                    &alloc::format!("unknown option '{shown}' (expected one of: {})", allowed.join(", ")),
                ));
            };
            *slot = Some(Reflect::get(value, &key)?);
        }
        Ok(Options { allowed, values })
    }

    fn own(&self, key: &str) -> Option<&JsValue> {
        let index = self.allowed.iter().position(|allowed| *allowed == key)?;
        self.values.get(index)?.as_ref()
    }

    /// The option's value, `undefined` when absent: for required values, whose check
    /// reports `undefined` like any other wrong value.
    pub(crate) fn get(&self, key: &str) -> &JsValue {
        const UNDEFINED: &JsValue = &JsValue::UNDEFINED;
        self.own(key).unwrap_or(UNDEFINED)
    }

    /// The option's value if it is given: `None` when absent (asking JavaScript nothing) or
    /// `undefined`.
    pub(crate) fn given(&self, key: &str) -> Option<&JsValue> {
        self.own(key).and_then(given)
    }

    /// An optional string option.
    pub(crate) fn string(&self, key: &str, max_len: u32) -> Result<Option<String>, JsValue> {
        self.given(key).map(|value| string(value, key, max_len)).transpose()
    }
}

/// An array of strings, each at most `max_len` long; errors name `name[i]`.
pub(crate) fn strings(value: &JsValue, name: &str, max_items: u32, max_len: u32) -> Result<Vec<String>, JsValue> {
    if !is_array(value).unwrap_or(false) {
        return Err(type_error(name, &alloc::format!("must be an array of strings, got {}", describe(value))));
    }
    let array: &Array = value.unchecked_ref();
    // Reflect.get, unlike Array#length and Array#iter, reports a throwing Proxy as an Err.
    let length = Reflect::get(array, &JsValue::from_str("length"))?.as_f64().unwrap_or(0.0);
    if length > f64::from(max_items) {
        return Err(range_error(name, &alloc::format!("must have at most {max_items} items")));
    }
    (0..f64_to_u64(length.max(0.0)))
        .map(|index| {
            let item = Reflect::get(array, &JsValue::from_f64(f64::from(u32::try_from(index).unwrap_or(0))))?;
            string(&item, &alloc::format!("{name}[{index}]"), max_len)
        })
        .collect()
}
