//! The JavaScript API (`../shared/API.md`): one short function per export. Each reads its
//! arguments (`args`), calls the core, and maps errors (`errors`); there is no logic here.

mod args;
mod errors;
pub mod prechecked;
mod types;

use alloc::string::String;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

use crate::attempt::{self, AttemptPolicy};
use crate::qr::{Colour, Ecc, QrOptions};
use crate::seal::{self, SealingKey};
use crate::{backup, hotp, totp, Algorithm, Digits, HotpParams, OtpAuth, OtpKind, Period, Secret, TotpParams};
use args::Options;
use errors::{to_js, type_error};

type JsResult<T> = Result<T, JsValue>;

const MAX_SECRET_LEN: u32 = 1024;
const MAX_TEXT_LEN: u32 = 8192;
const OTP_KEYS: [&str; 4] = ["algorithm", "digits", "period", "time"];

fn secret(value: &JsValue) -> JsResult<Secret> {
    Secret::from_base32(&args::string(value, "secret", MAX_SECRET_LEN)?).map_err(to_js)
}

fn algorithm(options: &Options) -> JsResult<Algorithm> {
    let Some(value) = options.given("algorithm") else {
        return Ok(Algorithm::default());
    };
    let Some(name) = value.as_string() else {
        return Err(type_error("algorithm", "must be 'SHA1', 'SHA256' or 'SHA512'"));
    };
    match name.as_str() {
        "SHA1" => Ok(Algorithm::Sha1),
        "SHA256" => Ok(Algorithm::Sha256),
        "SHA512" => Ok(Algorithm::Sha512),
        _ => Err(type_error("algorithm", "must be 'SHA1', 'SHA256' or 'SHA512'")),
    }
}

fn digits(options: &Options) -> JsResult<Digits> {
    Digits::new(args::u32_or(options.given("digits"), "digits", 6)?).map_err(to_js)
}

fn period(options: &Options) -> JsResult<Period> {
    Period::new(args::integer_or(options.given("period"), "period", 30)?).map_err(to_js)
}

fn totp_params(options: &Options) -> JsResult<TotpParams> {
    Ok(TotpParams { algorithm: algorithm(options)?, digits: digits(options)?, period: period(options)? })
}

fn hotp_params(options: &Options) -> JsResult<HotpParams> {
    Ok(HotpParams { algorithm: algorithm(options)?, digits: digits(options)? })
}


/// `generateSecret(bytes = 20)`
#[wasm_bindgen(js_name = generateSecret, unchecked_return_type = "string")]
pub fn generate_secret(#[wasm_bindgen(unchecked_optional_param_type = "number")] bytes: JsValue) -> JsResult<String> {
    let bytes = args::size_or(args::given(&bytes), "bytes", crate::secret::DEFAULT_GENERATED_BYTES)?;
    Ok(Secret::generate(bytes).map_err(to_js)?.to_base32())
}

/// `generateTotp(secret, options?)`
#[wasm_bindgen(js_name = generateTotp)]
pub fn generate_totp(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "OtpOptions")] options: JsValue,
) -> JsResult<String> {
    let secret = self::secret(&secret)?;
    let options = Options::read(&options, "options", &OTP_KEYS)?;
    let now = args::unix_secs(options.given("time"))?;
    totp::generate(&secret, now, totp_params(&options)?).map_err(to_js)
}

fn check_totp_delta(secret: &JsValue, token: &JsValue, options: &JsValue) -> JsResult<Option<i64>> {
    let secret = self::secret(secret)?;
    let token = args::token(token, "token")?;
    let options = Options::read(options, "options", &["algorithm", "digits", "period", "time", "window"])?;
    let params = totp_params(&options)?;
    let now = args::unix_secs(options.given("time"))?;
    let window = args::u32_or(options.given("window"), "window", 1)?;
    // A token too long to be a code is still checked as one, so the window is validated too.
    totp::check(&secret, token.as_deref().unwrap_or("-"), now, window, params).map_err(to_js)
}

/// `verifyTotp(secret, token, options?)`
#[wasm_bindgen(js_name = verifyTotp)]
pub fn verify_totp(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions")] options: JsValue,
) -> JsResult<bool> {
    Ok(check_totp_delta(&secret, &token, &options)?.is_some())
}

/// `checkTotp(secret, token, options?)`
#[wasm_bindgen(js_name = checkTotp, unchecked_return_type = "number | null")]
pub fn check_totp(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions")] options: JsValue,
) -> JsResult<JsValue> {
    Ok(types::nullable_delta(check_totp_delta(&secret, &token, &options)?))
}

/// `generateHotp(secret, counter, options?)`
#[wasm_bindgen(js_name = generateHotp)]
pub fn generate_hotp(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] counter: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "HotpOptions")] options: JsValue,
) -> JsResult<String> {
    let secret = self::secret(&secret)?;
    let counter = args::integer(&counter, "counter")?;
    let options = Options::read(&options, "options", &["algorithm", "digits"])?;
    hotp::generate(&secret, counter, hotp_params(&options)?).map_err(to_js)
}

/// `checkHotp(secret, token, counter, options?)`
#[wasm_bindgen(js_name = checkHotp, unchecked_return_type = "number | null")]
pub fn check_hotp(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] counter: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckHotpOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let secret = self::secret(&secret)?;
    let token = args::token(&token, "token")?;
    let counter = args::integer(&counter, "counter")?;
    let options = Options::read(&options, "options", &["algorithm", "digits", "lookAhead"])?;
    let params = hotp_params(&options)?;
    let look_ahead = args::integer_or(options.given("lookAhead"), "lookAhead", 0)?;
    let found = hotp::check(&secret, token.as_deref().unwrap_or("-"), counter, look_ahead, params).map_err(to_js)?;
    Ok(types::nullable_number(found))
}

/// `remainingSeconds(options?)`
#[wasm_bindgen(js_name = remainingSeconds)]
pub fn remaining_seconds(
    #[wasm_bindgen(unchecked_optional_param_type = "RemainingSecondsOptions")] options: JsValue,
) -> JsResult<u32> {
    let options = Options::read(&options, "options", &["period", "time"])?;
    let period = period(&options)?;
    Ok(totp::remaining_seconds(args::unix_secs(options.given("time"))?, period))
}

/// `provisioningUri(options)`
#[wasm_bindgen(js_name = provisioningUri)]
pub fn provisioning_uri(
    #[wasm_bindgen(unchecked_param_type = "ProvisioningUriOptions")] options: JsValue,
) -> JsResult<String> {
    const KEYS: [&str; 9] = ["secret", "account", "issuer", "type", "algorithm", "digits", "period", "counter", "image"];
    if options.is_undefined() || options.is_null() {
        return Err(type_error("options", "is required: { secret, account, issuer?, ... }"));
    }
    let options = Options::read(&options, "options", &KEYS)?;
    let secret = self::secret(options.get("secret"))?;
    let account = args::string(options.get("account"), "account", MAX_SECRET_LEN)?;
    let issuer = options.string("issuer", MAX_SECRET_LEN)?;
    let kind = match options.string("type", 64)?.as_deref() {
        None | Some("totp") => {
            if options.given("counter").is_some() {
                return Err(type_error("counter", "only applies to type 'hotp'"));
            }
            OtpKind::Totp { period: period(&options)? }
        }
        Some("hotp") => {
            if options.given("period").is_some() {
                return Err(type_error("period", "only applies to type 'totp'"));
            }
            let Some(counter) = options.given("counter") else {
                return Err(type_error("counter", "is required for type 'hotp'"));
            };
            OtpKind::Hotp { counter: args::integer(counter, "counter")? }
        }
        Some(_) => return Err(type_error("type", "must be 'totp' or 'hotp'")),
    };
    let auth = OtpAuth {
        kind,
        secret,
        account,
        issuer,
        algorithm: algorithm(&options)?,
        digits: digits(&options)?,
        image: options.string("image", MAX_TEXT_LEN)?,
    };
    auth.to_uri().map_err(to_js)
}

/// `parseUri(uri)`
#[wasm_bindgen(js_name = parseUri, unchecked_return_type = "ParsedUri")]
pub fn parse_uri(#[wasm_bindgen(unchecked_param_type = "string")] uri: JsValue) -> JsResult<JsValue> {
    let uri = args::string(&uri, "uri", MAX_TEXT_LEN)?;
    let auth = OtpAuth::parse(&uri).map_err(to_js)?;
    types::parsed_uri(&auth)
}

fn qr_options(options: &JsValue) -> JsResult<QrOptions> {
    let options = Options::read(options, "options", &["ecc", "margin", "size", "dark", "light"])?;
    let defaults = QrOptions::default();
    let colour = |key: &'static str, default: Colour| -> JsResult<Colour> {
        match options.string(key, 64)? {
            Some(text) => Colour::parse(&text, key).map_err(to_js),
            None => Ok(default),
        }
    };
    let qr = QrOptions {
        ecc: match options.string("ecc", 64)? {
            Some(name) => Ecc::parse(&name).map_err(to_js)?,
            None => defaults.ecc,
        },
        margin: args::u32_or(options.given("margin"), "margin", defaults.margin)?,
        size: options.given("size").map(|size| args::u32_or(Some(size), "size", 0)).transpose()?,
        dark: colour("dark", defaults.dark.clone())?,
        light: colour("light", defaults.light.clone())?,
    };
    qr.validate().map_err(to_js)?;
    Ok(qr)
}

/// `qrSvg(text, options?)`
#[wasm_bindgen(js_name = qrSvg)]
pub fn qr_svg(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "QrOptions")] options: JsValue,
) -> JsResult<String> {
    let text = args::string(&text, "text", MAX_TEXT_LEN)?;
    crate::qr::svg(&text, &qr_options(&options)?).map_err(to_js)
}

/// `qrDataUrl(text, options?)`
#[wasm_bindgen(js_name = qrDataUrl)]
pub fn qr_data_url(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "QrOptions")] options: JsValue,
) -> JsResult<String> {
    let text = args::string(&text, "text", MAX_TEXT_LEN)?;
    crate::qr::data_url(&text, &qr_options(&options)?).map_err(to_js)
}

/// `generateBackupCodes(count = 10)`
#[wasm_bindgen(js_name = generateBackupCodes)]
pub fn generate_backup_codes(
    #[wasm_bindgen(unchecked_optional_param_type = "number")] count: JsValue,
) -> JsResult<Vec<String>> {
    backup::generate(args::size_or(args::given(&count), "count", 10)?).map_err(to_js)
}

/// `hashBackupCode(code)`
#[wasm_bindgen(js_name = hashBackupCode)]
pub fn hash_backup_code(#[wasm_bindgen(unchecked_param_type = "string")] code: JsValue) -> JsResult<String> {
    backup::hash(&args::string(&code, "code", 256)?).map_err(to_js)
}

/// `verifyBackupCode(code, hashes)`
#[wasm_bindgen(js_name = verifyBackupCode)]
pub fn verify_backup_code(
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    #[wasm_bindgen(unchecked_param_type = "readonly string[]")] hashes: JsValue,
) -> JsResult<i32> {
    let code = args::token(&code, "code")?;
    let hashes = args::strings(&hashes, "hashes", 1000, 256)?;
    let found = backup::verify(code.as_deref().unwrap_or("-"), &hashes).map_err(to_js)?;
    Ok(found.and_then(|index| i32::try_from(index).ok()).unwrap_or(-1))
}

/// `verifyTotpAttempt(secret, token, state, options?)`
#[wasm_bindgen(js_name = verifyTotpAttempt, unchecked_return_type = "AttemptResult")]
pub fn verify_totp_attempt(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    #[wasm_bindgen(unchecked_param_type = "AttemptState | null")] state: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AttemptOptions")] options: JsValue,
) -> JsResult<JsValue> {
    const KEYS: [&str; 7] = ["algorithm", "digits", "period", "time", "window", "maxFailures", "lockoutSeconds"];
    let secret = self::secret(&secret)?;
    let token = args::token(&token, "token")?;
    let state = types::attempt_state(&state)?;
    let options = Options::read(&options, "options", &KEYS)?;
    let params = totp_params(&options)?;
    let now_ms = args::unix_millis(options.given("time"))?;
    let defaults = AttemptPolicy::default();
    let policy = AttemptPolicy {
        window: args::u32_or(options.given("window"), "window", defaults.window)?,
        max_failures: args::u32_or(options.given("maxFailures"), "maxFailures", defaults.max_failures)?,
        lockout_seconds: args::integer_or(options.given("lockoutSeconds"), "lockoutSeconds", defaults.lockout_seconds)?,
    };
    // A token too long to be a code is still an attempt: it counts as malformed.
    let outcome = attempt::verify(&secret, token.as_deref().unwrap_or("-"), state, now_ms, params, policy).map_err(to_js)?;
    types::attempt_result(&outcome)
}

/// `generateEncryptionKey()`
#[wasm_bindgen(js_name = generateEncryptionKey)]
pub fn generate_encryption_key() -> JsResult<js_sys::Uint8Array> {
    let key = SealingKey::generate().map_err(to_js)?;
    Ok(js_sys::Uint8Array::from(key.as_bytes()))
}

/// `encryptSecret(secret, key, context?)`
#[wasm_bindgen(js_name = encryptSecret)]
pub fn encrypt_secret(
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] key: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string")] context: JsValue,
) -> JsResult<String> {
    let secret = self::secret(&secret)?;
    let key = args::sealing_key(&key)?;
    let context = args::string_or_empty(args::given(&context), "context", MAX_TEXT_LEN)?;
    seal::seal(&secret, &key, &context).map_err(to_js)
}

/// `decryptSecret(sealed, key, context?)`
#[wasm_bindgen(js_name = decryptSecret)]
pub fn decrypt_secret(
    #[wasm_bindgen(unchecked_param_type = "string")] sealed: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] key: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string")] context: JsValue,
) -> JsResult<String> {
    let sealed = args::string(&sealed, "sealed", MAX_TEXT_LEN)?;
    let key = args::sealing_key(&key)?;
    let context = args::string_or_empty(args::given(&context), "context", MAX_TEXT_LEN)?;
    Ok(seal::open(&sealed, &key, &context).map_err(to_js)?.to_base32())
}
