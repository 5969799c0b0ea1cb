//! The floors of issue 5's targets: see Cargo.toml. Each function does its job for well-formed
//! input and nothing more: no argument checks, no error messages, no options beyond `time`,
//! SHA-1, 6 digits and 30-second steps. Bad input gives a wrong answer or `undefined`, which is
//! exactly why the package cannot be written this way, and why this is a floor.
use hmac::{Hmac, KeyInit, Mac};
use wasm_bindgen::prelude::*;

// The size floors' allocator: a bump allocator that never frees, the least code an allocator
// can be. No real build could ship it; here it only makes those floors smaller. The
// conforming build, which is timed, keeps the default allocator, as the package does.
#[cfg(all(target_arch = "wasm32", not(feature = "conforming")))]
#[global_allocator]
// SAFETY: wasm32-unknown-unknown without threads: one thread only.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::LeakingAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::LeakingAllocator::new()) };

const BASE32: base32::Alphabet = base32::Alphabet::Rfc4648 { padding: false };

fn code<M: Mac + KeyInit + Clone>(key: &[u8], counter: u64) -> u32 {
    let mac = <M as KeyInit>::new_from_slice(key).ok().unwrap();
    truncate(&mac.chain_update(counter.to_be_bytes()).finalize().into_bytes()) % 1_000_000
}

/// RFC 4226 dynamic truncation to 31 bits.
fn truncate(mac: &[u8]) -> u32 {
    let off = (mac[mac.len() - 1] & 15) as usize;
    u32::from_be_bytes([mac[off], mac[off + 1], mac[off + 2], mac[off + 3]]) & 0x7fff_ffff
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

    /// `value` in decimal, without `core::fmt`.
    fn decimal(mut value: u32) -> String {
        let mut digits = Vec::new();
        loop {
            digits.push(b'0' + (value % 10) as u8);
            value /= 10;
            if value == 0 {
                break;
            }
        }
        digits.reverse();
        String::from_utf8(digits).unwrap_or_default()
    }

    fn six_digits(code: u32) -> String {
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

    /// `verifyTotp(secret, token, { time })` with window 1: the key's pads once, three steps,
    /// the token compared as a number.
    #[wasm_bindgen(js_name = verifyTotp)]
    pub fn verify_totp(secret: &str, token: &str, options: &JsValue) -> bool {
        let Ok(token) = token.parse::<u32>() else { return false };
        let Some(key) = base32::decode(BASE32, secret) else { return false };
        let Ok(keyed) = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(&key) else { return false };
        let step = step(options);
        let mut matched = false;
        for counter in [step.saturating_sub(1), step, step + 1] {
            matched |= truncate(&keyed.clone().chain_update(counter.to_be_bytes()).finalize().into_bytes()) % 1_000_000 == token;
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
        let side = decimal(qr.size() as u32 + 8);
        let mut svg = ["<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", &side, " ", &side, "\"><path d=\""].concat();
        for y in 0..qr.size() {
            for x in 0..qr.size() {
                if qr.get_module(x, y) {
                    svg.push_str(&["M", &decimal(x as u32 + 4), " ", &decimal(y as u32 + 4), "h1v1h-1z"].concat());
                }
            }
        }
        svg.push_str("\"/></svg>");
        Some(svg)
    }
}

/// The cheapest `generateTotp` and `verifyTotp` that conform to API.md, two ways: the checks
/// made from Rust through the JavaScript API (the `*Checked` exports, as the package makes
/// them), or in JavaScript before one call with plain numbers and the secret (checks.js and
/// the `*Core` exports). Both apply `algorithm`, `digits` and `period`, compare in constant
/// time and keep the tolerant base32 of the API.
#[cfg(feature = "conforming")]
mod conforming {
    use super::*;
    use subtle::ConstantTimeEq;

    const NOT_BASE32: f64 = -1.0;

    /// The HMAC keyed once per call; each step clones it.
    enum Keyed {
        Sha1(Hmac<sha1::Sha1>),
        Sha256(Hmac<sha2::Sha256>),
        Sha512(Hmac<sha2::Sha512>),
    }

    impl Keyed {
        /// `None` for a secret that is not base32 (case, spaces and `=` ignored) or is empty.
        fn new(secret: &str, algorithm: u8) -> Option<Keyed> {
            let symbols: String = secret.chars().filter(|c| !matches!(c, ' ' | '=')).map(|c| c.to_ascii_uppercase()).collect();
            let key = base32::decode(BASE32, &symbols).filter(|key| !key.is_empty())?;
            Some(match algorithm {
                0 => Keyed::Sha1(KeyInit::new_from_slice(&key).ok()?),
                1 => Keyed::Sha256(KeyInit::new_from_slice(&key).ok()?),
                _ => Keyed::Sha512(KeyInit::new_from_slice(&key).ok()?),
            })
        }

        fn code(&self, counter: u64, modulus: u32) -> u32 {
            let message = counter.to_be_bytes();
            let number = match self {
                Keyed::Sha1(mac) => truncate(&mac.clone().chain_update(message).finalize().into_bytes()),
                Keyed::Sha256(mac) => truncate(&mac.clone().chain_update(message).finalize().into_bytes()),
                Keyed::Sha512(mac) => truncate(&mac.clone().chain_update(message).finalize().into_bytes()),
            };
            number % modulus
        }
    }

    fn step(time: f64, period: u32) -> u64 {
        (time / 1000.0 / f64::from(period)) as u64
    }

    /// The code as a number (JavaScript pads it), or -1 when the secret is not base32.
    #[wasm_bindgen(js_name = generateTotpCore)]
    pub fn generate_totp_core(secret: &str, time: f64, algorithm: u8, digits: u32, period: u32) -> f64 {
        let Some(keyed) = Keyed::new(secret, algorithm) else { return NOT_BASE32 };
        f64::from(keyed.code(step(time, period), 10u32.pow(digits)))
    }

    /// 1 when `token` (a number: JavaScript parsed the digits) is the code of a step within
    /// `window`, 0 when not, -1 when the secret is not base32. Every step is compared.
    #[wasm_bindgen(js_name = verifyTotpCore)]
    pub fn verify_totp_core(secret: &str, token: u32, time: f64, window: u32, algorithm: u8, digits: u32, period: u32) -> f64 {
        let Some(keyed) = Keyed::new(secret, algorithm) else { return NOT_BASE32 };
        let modulus = 10u32.pow(digits);
        let step = step(time, period);
        let window = u64::from(window);
        let mut matched = subtle::Choice::from(0);
        for counter in step.saturating_sub(window)..=step + window {
            matched |= keyed.code(counter, modulus).ct_eq(&token);
        }
        f64::from(u8::from(bool::from(matched)))
    }

    // The same two calls with their checks made from Rust through the JavaScript API, with
    // the fewest calls into JavaScript, and errors as TypeError / RangeError naming the
    // argument; no JavaScript exception unwinds through wasm.

    /// `generateTotp(secret, options)`.
    #[wasm_bindgen(js_name = generateTotpChecked)]
    pub fn generate_totp_checked(secret: JsValue, options: JsValue) -> Result<String, JsValue> {
        let secret = checked_secret(&secret)?;
        let options = checked_options(&options, false)?;
        let code = generate_totp_core(&secret, options.time, options.algorithm, options.digits, options.period);
        if code < 0.0 {
            return Err(type_error("secret: not valid base32"));
        }
        let padded = (code as u32 + 10u32.pow(options.digits)).to_string();
        Ok(String::from(&padded[1..]))
    }

    /// `verifyTotp(secret, token, options)`.
    #[wasm_bindgen(js_name = verifyTotpChecked)]
    pub fn verify_totp_checked(secret: JsValue, token: JsValue, options: JsValue) -> Result<bool, JsValue> {
        let secret = checked_secret(&secret)?;
        let token = token.dyn_ref::<js_sys::JsString>().ok_or_else(|| type_error("token: must be a string"))?;
        // Longer than any code with spaces: not a code, and not worth copying.
        let token = if token.length() > 64 { String::new() } else { String::from(token) };
        let options = checked_options(&options, true)?;
        let digits: String = token.chars().filter(|&c| c != ' ').collect();
        if digits.len() != options.digits as usize || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(false);
        }
        let token = digits.parse::<u32>().unwrap_or(u32::MAX);
        match verify_totp_core(&secret, token, options.time, options.window, options.algorithm, options.digits, options.period) {
            result if result < 0.0 => Err(type_error("secret: not valid base32")),
            result => Ok(result > 0.0),
        }
    }

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = Object, js_name = getPrototypeOf)]
        fn prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
        fn is_array(value: &JsValue) -> Result<bool, JsValue>;
        // A Date of any realm by its internal slot; throws (caught) for anything else.
        #[wasm_bindgen(catch, js_namespace = ["Date", "prototype", "getTime"], js_name = call)]
        fn time_of_date(date: &JsValue) -> Result<f64, JsValue>;
    }

    fn type_error(message: &str) -> JsValue {
        js_sys::TypeError::new(message).into()
    }

    fn range_error(message: &str) -> JsValue {
        js_sys::RangeError::new(message).into()
    }

    fn checked_secret(value: &JsValue) -> Result<String, JsValue> {
        let text = value.dyn_ref::<js_sys::JsString>().ok_or_else(|| type_error("secret: must be a string"))?;
        if text.length() > 1024 {
            return Err(range_error("secret: is too long (more than 1024 characters)"));
        }
        Ok(String::from(text))
    }

    struct Checked {
        time: f64,
        window: u32,
        algorithm: u8,
        digits: u32,
        period: u32,
    }

    /// An integer option from `min` to `max`, or `default` when not given.
    fn integer(value: Option<JsValue>, name: &str, min: f64, max: f64, default: u32) -> Result<u32, JsValue> {
        let Some(value) = value.filter(|v| !v.is_undefined()) else { return Ok(default) };
        let number = value.as_f64().ok_or_else(|| type_error(&[name, ": must be a number"].concat()))?;
        if !(min..=max).contains(&number) || number as u32 as f64 != number {
            return Err(range_error(&[name, ": out of range"].concat()));
        }
        Ok(number as u32)
    }

    /// The options from `undefined`, `null` or a plain object, own keys only.
    fn checked_options(options: &JsValue, with_window: bool) -> Result<Checked, JsValue> {
        let (mut time, mut window, mut algorithm, mut digits, mut period) = (None, None, None, None, None);
        if !options.is_undefined() && !options.is_null() {
            let plain = !options.is_function()
                && prototype_of(options)
                    .and_then(|p| if p.is_null() { Ok(p) } else { prototype_of(&p) })
                    .is_ok_and(|grand| grand.is_null())
                && !is_array(options).unwrap_or(true);
            if !plain {
                return Err(type_error("options: must be a plain options object"));
            }
            for key in js_sys::Reflect::own_keys(options)?.iter() {
                let slot = match key.as_string().as_deref() {
                    Some("time") => &mut time,
                    Some("window") if with_window => &mut window,
                    Some("algorithm") => &mut algorithm,
                    Some("digits") => &mut digits,
                    Some("period") => &mut period,
                    _ => return Err(type_error("options: unknown option")),
                };
                *slot = Some(js_sys::Reflect::get(options, &key)?);
            }
        }
        let time = match time.filter(|t| !t.is_undefined()) {
            None => js_sys::Date::now(),
            Some(time) => match time.as_f64() {
                Some(number) => number,
                None => time_of_date(&time).map_err(|_| type_error("time: must be a Date or milliseconds"))?,
            },
        };
        if !(time.is_finite() && (0.0..=9_007_199_254_740_991.0).contains(&time)) {
            return Err(range_error("time: must be a finite, non-negative time"));
        }
        let algorithm = match algorithm.filter(|a| !a.is_undefined()) {
            None => 0,
            Some(name) => match name.as_string().as_deref() {
                Some("SHA1") => 0,
                Some("SHA256") => 1,
                Some("SHA512") => 2,
                _ => return Err(type_error("algorithm: must be 'SHA1', 'SHA256' or 'SHA512'")),
            },
        };
        Ok(Checked {
            time,
            window: integer(window, "window", 0.0, 10.0, 1)?,
            algorithm,
            digits: integer(digits, "digits", 6.0, 8.0, 6)?,
            period: integer(period, "period", 1.0, 3600.0, 30)?,
        })
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
