//! The floors of issue 5's targets: see Cargo.toml. Each function does its job for well-formed
//! input and nothing more: no argument checks, no error messages, no options beyond `time`,
//! SHA-1, 6 digits and 30-second steps. Bad input gives a wrong answer or `undefined`, which is
//! exactly why the package cannot be written this way, and why this is a floor.
use hmac::{Hmac, KeyInit, Mac};
use wasm_bindgen::prelude::*;

const BASE32: base32::Alphabet = base32::Alphabet::Rfc4648 { padding: false };

fn code<M: Mac + KeyInit + Clone>(key: &[u8], counter: u64) -> u32 {
    let mac = <M as KeyInit>::new_from_slice(key).ok().unwrap();
    truncate(&mac.chain_update(counter.to_be_bytes()).finalize().into_bytes())
}

/// RFC 4226 dynamic truncation to 6 digits.
fn truncate(mac: &[u8]) -> u32 {
    let off = (mac[mac.len() - 1] & 15) as usize;
    (u32::from_be_bytes([mac[off], mac[off + 1], mac[off + 2], mac[off + 3]]) & 0x7fff_ffff) % 1_000_000
}

/// The code floor: one export, numbers in and out.
#[wasm_bindgen]
pub fn totp(secret: &str, time_ms: f64, alg: u8) -> Option<u32> {
    let key = base32::decode(BASE32, secret)?;
    let counter = (time_ms / 30000.0) as u64;
    Some(match alg {
        0 => code::<Hmac<sha1::Sha1>>(&key, counter),
        1 => code::<Hmac<sha2::Sha256>>(&key, counter),
        _ => code::<Hmac<sha2::Sha512>>(&key, counter),
    })
}

#[cfg(feature = "enroll")]
mod enroll {
    use super::*;

    #[wasm_bindgen]
    extern "C" {
        // Created once, so reading the option costs one property lookup.
        #[wasm_bindgen(thread_local_v2, static_string)]
        static TIME: js_sys::JsString = "time";
    }

    pub(super) fn six_digits(code: u32) -> String {
        let mut digits = String::with_capacity(6);
        let mut unit = 100_000;
        while unit > 0 {
            digits.push(char::from(b'0' + (code / unit % 10) as u8));
            unit /= 10;
        }
        digits
    }

    /// `options.time` (milliseconds), or now.
    fn step(options: &JsValue) -> u64 {
        let time = TIME.with(|key| js_sys::Reflect::get(options, key).ok().and_then(|v| v.as_f64()));
        (time.unwrap_or_else(js_sys::Date::now) / 30000.0) as u64
    }

    /// `generateTotp(secret, { time })` -> the 6-digit code.
    #[wasm_bindgen(js_name = generateTotp)]
    pub fn generate_totp(secret: &str, options: &JsValue) -> Option<String> {
        let key = base32::decode(BASE32, secret)?;
        Some(six_digits(code::<Hmac<sha1::Sha1>>(&key, step(options))))
    }

    /// `verifyTotp(secret, token, { time })` with window 1: the key's pads once, three steps.
    #[wasm_bindgen(js_name = verifyTotp)]
    pub fn verify_totp(secret: &str, token: &str, options: &JsValue) -> bool {
        let Some(key) = base32::decode(BASE32, secret) else { return false };
        let Ok(keyed) = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(&key) else { return false };
        let step = step(options);
        let mut matched = false;
        for counter in [step.wrapping_sub(1), step, step + 1] {
            let mac = keyed.clone().chain_update(counter.to_be_bytes()).finalize().into_bytes();
            matched |= six_digits(truncate(&mac)).as_bytes() == token.as_bytes();
        }
        matched
    }

    /// `generateSecret()`: 20 random bytes in base32.
    #[wasm_bindgen(js_name = generateSecret)]
    pub fn generate_secret() -> Option<String> {
        let mut key = [0u8; 20];
        getrandom::fill(&mut key).ok()?;
        Some(base32::encode(BASE32, &key))
    }

    /// `provisioningUri(secret, account, issuer)`, without percent-encoding.
    #[wasm_bindgen(js_name = provisioningUri)]
    pub fn provisioning_uri(secret: &str, account: &str, issuer: &str) -> String {
        ["otpauth://totp/", issuer, ":", account, "?secret=", secret, "&issuer=", issuer].concat()
    }

    /// `qrSvg(text)`: qrcodegen's symbol at ECC M, drawn as one path of unit squares.
    #[wasm_bindgen(js_name = qrSvg)]
    pub fn qr_svg(text: &str) -> Option<String> {
        let qr = qrcodegen::QrCode::encode_text(text, qrcodegen::QrCodeEcc::Medium).ok()?;
        let side = (qr.size() + 8).to_string();
        let mut svg = ["<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", &side, " ", &side, "\"><path d=\""].concat();
        for y in 0..qr.size() {
            for x in 0..qr.size() {
                if qr.get_module(x, y) {
                    svg.push_str(&["M", &(x + 4).to_string(), " ", &(y + 4).to_string(), "h1v1h-1z"].concat());
                }
            }
        }
        svg.push_str("\"/></svg>");
        Some(svg)
    }
}

/// The cheapest `generateTotp` and `verifyTotp` that conform to API.md, two ways: the checks
/// made from Rust through the JavaScript API (as the package makes them), or in JavaScript
/// before one call (checks.js).
#[cfg(feature = "conforming")]
mod conforming {
    use super::enroll::six_digits;
    use super::*;

    // Each `*Checked` export makes the checks API.md requires of every implementation, with the
    // fewest calls into JavaScript: string arguments (the secret bounded before it is copied),
    // `undefined`, `null` or a plain options object with no unknown key, own properties only,
    // a Date or a finite non-negative time, an integer window 0..=10, tolerant base32, each
    // failure a TypeError or RangeError, and no JavaScript exception unwinding through wasm.
    // Only `time` and `window` are read (the floor is SHA-1, 6 digits, 30 s); comparisons are
    // constant-time. The `*Core` exports are the rest, for checks made in JavaScript (checks.js).

    /// `generateTotp(secret, options)`.
    #[wasm_bindgen(js_name = generateTotpChecked)]
    pub fn generate_totp_checked(secret: JsValue, options: JsValue) -> Result<String, JsValue> {
        let secret = checked_secret(&secret)?;
        let (time, _) = checked_options(&options, false)?;
        generate_totp_core(&secret, time)
    }

    #[wasm_bindgen(js_name = generateTotpCore)]
    pub fn generate_totp_core(secret: &str, time: f64) -> Result<String, JsValue> {
        Ok(six_digits(code::<Hmac<sha1::Sha1>>(&tolerant_base32(secret)?, (time / 30000.0) as u64)))
    }

    /// `verifyTotp(secret, token, options)`.
    #[wasm_bindgen(js_name = verifyTotpChecked)]
    pub fn verify_totp_checked(secret: JsValue, token: JsValue, options: JsValue) -> Result<bool, JsValue> {
        let secret = checked_secret(&secret)?;
        let token = token.dyn_ref::<js_sys::JsString>().ok_or_else(|| type_error("token: must be a string"))?;
        // Longer than any code (spaces allowed): not valid, and not worth copying.
        let token = if token.length() > 64 { String::new() } else { String::from(token) };
        let (time, window) = checked_options(&options, true)?;
        verify_totp_core(&secret, &token, time, window)
    }

    #[wasm_bindgen(js_name = verifyTotpCore)]
    pub fn verify_totp_core(secret: &str, token: &str, time: f64, window: u32) -> Result<bool, JsValue> {
        let key = tolerant_base32(secret)?;
        let Ok(keyed) = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(&key) else { return Ok(false) };
        let step = (time / 30000.0) as u64;
        let window = u64::from(window);
        let mut matched = subtle::Choice::from(0);
        for counter in step.saturating_sub(window)..=step + window {
            let mac = keyed.clone().chain_update(counter.to_be_bytes()).finalize().into_bytes();
            matched |= subtle::ConstantTimeEq::ct_eq(six_digits(truncate(&mac)).as_bytes(), token.as_bytes());
        }
        Ok(matched.into())
    }

    /// Base32 ignoring case, spaces and `=`; not empty.
    fn tolerant_base32(secret: &str) -> Result<Vec<u8>, JsValue> {
        let symbols: String = secret.chars().filter(|c| !matches!(c, ' ' | '=')).map(|c| c.to_ascii_uppercase()).collect();
        let key = base32::decode(BASE32, &symbols).filter(|key| !key.is_empty());
        key.ok_or_else(|| type_error("secret: not valid base32"))
    }

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = Object, js_name = getPrototypeOf)]
        fn prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
        fn is_array(value: &JsValue) -> Result<bool, JsValue>;
        // A fake Date (Object.create(Date.prototype)) passes instanceof and throws here.
        #[wasm_bindgen(catch, js_namespace = ["Date", "prototype", "getTime"], js_name = call)]
        fn time_of_date(date: &JsValue) -> Result<f64, JsValue>;
    }

    fn type_error(message: &str) -> JsValue {
        js_sys::TypeError::new(message).into()
    }

    fn checked_secret(value: &JsValue) -> Result<String, JsValue> {
        let text = value.dyn_ref::<js_sys::JsString>().ok_or_else(|| type_error("secret: must be a string"))?;
        if text.length() > 1024 {
            return Err(js_sys::RangeError::new("secret: is too long (more than 1024 characters)").into());
        }
        Ok(String::from(text))
    }

    /// `(time, window)` from `undefined`, `null` or a plain object, own keys only.
    fn checked_options(options: &JsValue, with_window: bool) -> Result<(f64, u32), JsValue> {
        let mut time = JsValue::UNDEFINED;
        let mut window = JsValue::UNDEFINED;
        if !options.is_undefined() && !options.is_null() {
            let plain = prototype_of(options)
                .and_then(|p| if p.is_null() { Ok(p) } else { prototype_of(&p) })
                .is_ok_and(|grand| grand.is_null())
                && !is_array(options).unwrap_or(true);
            if !plain {
                return Err(type_error("options: must be a plain options object"));
            }
            for key in js_sys::Reflect::own_keys(options)?.iter() {
                match key.as_string().as_deref() {
                    Some("time") => time = js_sys::Reflect::get(options, &key)?,
                    Some("window") if with_window => window = js_sys::Reflect::get(options, &key)?,
                    Some("algorithm" | "digits" | "period") => {}
                    _ => return Err(type_error("options: unknown option")),
                }
            }
        }
        let time = if time.is_undefined() {
            js_sys::Date::now()
        } else if time.is_instance_of::<js_sys::Date>() {
            time_of_date(&time).map_err(|_| type_error("time: is not a valid Date"))?
        } else {
            time.as_f64().ok_or_else(|| type_error("time: must be a Date or a number"))?
        };
        if !(time.is_finite() && time >= 0.0) {
            return Err(js_sys::RangeError::new("time: must be a finite, non-negative time").into());
        }
        let window = if window.is_undefined() { 1.0 } else { window.as_f64().ok_or_else(|| type_error("window: must be a number"))? };
        if !(0.0..=10.0).contains(&window) || window as u32 as f64 != window {
            return Err(js_sys::RangeError::new("window: must be an integer from 0 to 10").into());
        }
        Ok((time, window as u32))
    }
}

#[cfg(feature = "whole")]
mod whole {
    use super::*;
    use aes_gcm::aead::{Aead, AeadCore};

    /// `encryptSecret(secret, key)`: AES-256-GCM under a random nonce, nonce ‖ ciphertext.
    #[wasm_bindgen(js_name = encryptSecret)]
    pub fn encrypt_secret(secret: &str, key: &[u8]) -> Option<Vec<u8>> {
        let cipher = aes_gcm::Aes256Gcm::new_from_slice(key).ok()?;
        let mut nonce = aes_gcm::Nonce::<<aes_gcm::Aes256Gcm as AeadCore>::NonceSize>::default();
        getrandom::fill(&mut nonce).ok()?;
        let mut sealed = nonce.to_vec();
        sealed.extend(cipher.encrypt(&nonce, secret.as_bytes()).ok()?);
        Some(sealed)
    }

    /// `decryptSecret(sealed, key)`.
    #[wasm_bindgen(js_name = decryptSecret)]
    pub fn decrypt_secret(sealed: &[u8], key: &[u8]) -> Option<String> {
        let cipher = aes_gcm::Aes256Gcm::new_from_slice(key).ok()?;
        let (nonce, ciphertext) = sealed.split_at_checked(12)?;
        String::from_utf8(cipher.decrypt(nonce.try_into().ok()?, ciphertext).ok()?).ok()
    }

    /// `hashBackupCode(code)`: PBKDF2-HMAC-SHA256 of the code under a random salt, salt ‖ hash.
    #[wasm_bindgen(js_name = hashBackupCode)]
    pub fn hash_backup_code(code: &str) -> Option<Vec<u8>> {
        let mut out = [0u8; 48];
        let (salt, hash) = out.split_at_mut(16);
        getrandom::fill(salt).ok()?;
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(code.as_bytes(), salt, 20_000, hash);
        Some(out.to_vec())
    }
}
