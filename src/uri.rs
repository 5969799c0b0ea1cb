//! `otpauth://` provisioning URIs (Google Authenticator's Key URI Format): building them for
//! a QR code, and parsing them strictly.
//!
//! The form is `otpauth://TYPE/LABEL?secret=...&issuer=...&algorithm=...&digits=...&period=...`
//! where LABEL is `issuer:account` or `account`. Building percent-encodes everything but
//! RFC 3986's unreserved characters (so a space is `%20`, never `+`) and keeps the label's `:`
//! literal. Parsing accepts what pyotp, otpauth, otplib and Google Authenticator write,
//! including a `%3A` label separator and lower-case parameter values.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::Problem;
use crate::hotp::check_counter;
use crate::totp::Period;
use crate::{Algorithm, Digits, Error, Secret};

/// TOTP (with its period) or HOTP (with its counter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OtpKind {
    /// Time-based: a new code every `period`.
    Totp {
        /// The time step length.
        period: Period,
    },
    /// Counter-based: the app shows the code of `counter`, then increments it.
    Hotp {
        /// The initial counter value.
        counter: u64,
    },
}

/// Everything an otpauth URI carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtpAuth {
    /// TOTP or HOTP, with the period or counter.
    pub kind: OtpKind,
    /// The shared secret.
    pub secret: Secret,
    /// The account name, e.g. the user's e-mail address. Not empty; no `:`.
    pub account: String,
    /// The service name, e.g. `ACME Co`. Not empty if present; no `:`.
    pub issuer: Option<String>,
    /// The HMAC hash function.
    pub algorithm: Algorithm,
    /// Digits per code.
    pub digits: Digits,
    /// A logo URL (the `image` parameter some apps show), if any.
    pub image: Option<String>,
}

impl OtpAuth {
    /// A TOTP account with the default parameters (SHA1, 6 digits, 30 s).
    pub fn totp(secret: Secret, account: impl Into<String>, issuer: Option<String>) -> Self {
        OtpAuth {
            kind: OtpKind::Totp { period: Period::default() },
            secret,
            account: account.into(),
            issuer,
            algorithm: Algorithm::default(),
            digits: Digits::default(),
            image: None,
        }
    }

    /// Builds the URI.
    ///
    /// # Errors
    /// [`ErrorKind::Invalid`](crate::ErrorKind::Invalid) if `account` is empty, `issuer` is
    /// empty, or either contains `:` (the label could not be read back); and if the HOTP
    /// counter exceeds 2^53 - 1 ([`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange)).
    ///
    /// # Example
    /// ```
    /// use totp_wasm::{OtpAuth, Secret};
    /// let secret = Secret::from_base32("JBSWY3DPEHPK3PXP")?;
    /// let auth = OtpAuth::totp(secret, "alice@example.com", Some("ACME Co".into()));
    /// assert_eq!(
    ///     auth.to_uri()?,
    ///     "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30"
    /// );
    /// # Ok::<(), totp_wasm::Error>(())
    /// ```
    pub fn to_uri(&self) -> Result<String, Error> {
        check_label_part(&self.account, "account")?;
        if let Some(issuer) = &self.issuer {
            check_label_part(issuer, "issuer")?;
        }
        let mut uri = String::from("otpauth://");
        uri.push_str(match self.kind {
            OtpKind::Totp { .. } => "totp/",
            OtpKind::Hotp { .. } => "hotp/",
        });
        if let Some(issuer) = &self.issuer {
            encode_into(&mut uri, issuer);
            uri.push(':');
        }
        encode_into(&mut uri, &self.account);
        uri.push_str("?secret=");
        uri.push_str(&self.secret.to_base32());
        if let Some(issuer) = &self.issuer {
            uri.push_str("&issuer=");
            encode_into(&mut uri, issuer);
        }
        // Writing to a String cannot fail.
        uri.push_str("&algorithm=");
        uri.push_str(self.algorithm.as_str());
        if self.digits.is_steam() {
            uri.push_str("&encoder=steam");
        } else {
            uri.push_str("&digits=");
            uri.push_str(itoa::Buffer::new().format(self.digits.get()));
        }
        match self.kind {
            OtpKind::Totp { period } => {
                uri.push_str("&period=");
                uri.push_str(itoa::Buffer::new().format(period.get()));
            }
            OtpKind::Hotp { counter } => {
                uri.push_str("&counter=");
                uri.push_str(itoa::Buffer::new().format(check_counter(counter, "counter")?));
            }
        }
        if let Some(image) = &self.image {
            uri.push_str("&image=");
            encode_into(&mut uri, image);
        }
        Ok(uri)
    }

    /// Parses an otpauth URI strictly.
    ///
    /// The issuer comes from the `issuer` parameter, else from the label's prefix. Missing
    /// parameters take their defaults; unknown parameters are ignored (apps add their own).
    ///
    /// # Errors
    /// Errors name `uri` and say what is wrong: [`ErrorKind::Invalid`](crate::ErrorKind::Invalid)
    /// for a wrong scheme or type, a missing or bad secret, an empty account, a repeated
    /// parameter, broken percent-encoding or invalid UTF-8; and
    /// [`ErrorKind::OutOfRange`](crate::ErrorKind::OutOfRange) for digits, period or counter
    /// out of range.
    ///
    /// # Example
    /// ```
    /// use totp_wasm::{OtpAuth, OtpKind};
    /// let auth = OtpAuth::parse("otpauth://totp/ACME%20Co%3Aalice?secret=jbswy3dpehpk3pxp")?;
    /// assert_eq!(auth.issuer.as_deref(), Some("ACME Co"));
    /// assert_eq!(auth.account, "alice");
    /// assert_eq!(auth.secret.to_base32(), "JBSWY3DPEHPK3PXP");
    /// assert!(matches!(auth.kind, OtpKind::Totp { .. }));
    /// # Ok::<(), totp_wasm::Error>(())
    /// ```
    pub fn parse(uri: &str) -> Result<OtpAuth, Error> {
        let err = |problem: Problem| Error::invalid("uri", problem);
        let rest = strip_prefix_ignore_case(uri, "otpauth://")
            .ok_or_else(|| err(Problem::UriScheme))?;
        if rest.contains('#') {
            return Err(err(Problem::UriFragment));
        }
        let (path, query) = rest.split_once('?').ok_or_else(|| err(Problem::UriNoQuery))?;
        let (kind, label) = path.split_once('/').ok_or_else(|| err(Problem::UriNoLabel))?;
        let is_hotp = if kind.eq_ignore_ascii_case("totp") {
            false
        } else if kind.eq_ignore_ascii_case("hotp") {
            true
        } else {
            return Err(err(Problem::UriType));
        };
        let label = decode(label, "label")?;
        let (label_issuer, account) = match label.split_once(':') {
            Some((issuer, account)) => (Some(issuer.trim()), account.trim()),
            None => (None, label.trim()),
        };
        if account.is_empty() {
            return Err(err(Problem::UriNoAccount));
        }
        if account.contains(':') {
            return Err(err(Problem::UriLabelColons));
        }

        let mut params = Params::default();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            params.set(name, value)?;
        }
        let secret_text = params.secret.ok_or_else(|| err(Problem::UriNoSecret))?;
        let secret = Secret::from_base32(&decode(secret_text, "secret")?)
            .map_err(|e| e.within("uri", "secret parameter"))?;
        // The issuer is trimmed like the label's parts; an empty `issuer=` says nothing, so
        // the label's prefix stands (as otpauth does). A `:` could never be written back
        // into the label, so it is refused rather than kept.
        let issuer = match params.issuer.map(|value| decode(value, "issuer")).transpose()? {
            Some(issuer) if !issuer.trim().is_empty() => Some(String::from(issuer.trim())),
            _ => label_issuer.filter(|issuer| !issuer.is_empty()).map(String::from),
        };
        if issuer.as_deref().is_some_and(|issuer| issuer.contains(':')) {
            return Err(err(Problem::UriIssuerColon));
        }
        let algorithm = match params.algorithm {
            Some(value) => decode(value, "algorithm")?
                .parse()
                .map_err(|_| err(Problem::UriAlgorithm))?,
            None => Algorithm::default(),
        };
        // Steam Guard: `encoder=steam` (pyotp, KeePassXC), or a TOTP whose issuer is Steam
        // (Steam's own URIs, as pyotp, Aegis and others read them). Its codes have five
        // characters, whatever `digits` says.
        let steam = match params.encoder.map(|value| decode(value, "encoder")).transpose()? {
            Some(encoder) => encoder.eq_ignore_ascii_case("steam"),
            None => !is_hotp && issuer.as_deref().is_some_and(|issuer| issuer.eq_ignore_ascii_case("steam")),
        };
        let digits = match params.digits {
            _ if steam => Digits::STEAM,
            Some(value) => Digits::new(number(value, "digits")?.try_into().unwrap_or(u32::MAX))
                .map_err(|_| Error::out_of_range("uri", Problem::UriDigits))?,
            None => Digits::default(),
        };
        // A period is checked even on an hotp URI, where apps ignore it: malformed is malformed.
        let period = match params.period {
            Some(value) => Period::new(number(value, "period")?)
                .map_err(|_| Error::out_of_range("uri", Problem::UriPeriod))?,
            None => Period::default(),
        };
        let kind = if is_hotp {
            let counter = params.counter.ok_or_else(|| err(Problem::UriNoCounter))?;
            let counter = check_counter(number(counter, "counter")?, "uri")
                .map_err(|_| Error::out_of_range("uri", Problem::UriCounter))?;
            OtpKind::Hotp { counter }
        } else {
            OtpKind::Totp { period }
        };
        let image = params.image.map(|value| decode(value, "image")).transpose()?;
        Ok(OtpAuth { kind, secret, account: String::from(account), issuer, algorithm, digits, image })
    }
}

/// The parameters, each still percent-encoded; a parameter given twice is an error.
#[derive(Default)]
struct Params<'a> {
    secret: Option<&'a str>,
    issuer: Option<&'a str>,
    algorithm: Option<&'a str>,
    digits: Option<&'a str>,
    period: Option<&'a str>,
    counter: Option<&'a str>,
    image: Option<&'a str>,
    encoder: Option<&'a str>,
}

impl<'a> Params<'a> {
    fn set(&mut self, name: &str, value: &'a str) -> Result<(), Error> {
        let (slot, name) = match name {
            "secret" => (&mut self.secret, "secret"),
            "issuer" => (&mut self.issuer, "issuer"),
            "algorithm" => (&mut self.algorithm, "algorithm"),
            "digits" => (&mut self.digits, "digits"),
            "period" => (&mut self.period, "period"),
            "counter" => (&mut self.counter, "counter"),
            "image" => (&mut self.image, "image"),
            "encoder" => (&mut self.encoder, "encoder"),
            _ => return Ok(()),
        };
        if slot.replace(value).is_some() {
            return Err(Error::invalid("uri", Problem::UriRepeated).naming(name));
        }
        Ok(())
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| text.get(prefix.len()..)).flatten()
}

/// A decimal integer parameter; one too large for u64 saturates, so that the caller's range
/// check reports it as out of range rather than as not a number.
fn number(text: &str, what: &'static str) -> Result<u64, Error> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid("uri", Problem::UriNumber).naming(what));
    }
    Ok(text.parse().unwrap_or(u64::MAX))
}

fn check_label_part(value: &str, argument: &'static str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(argument, Problem::Empty));
    }
    if value.contains(':') {
        return Err(Error::invalid(argument, Problem::LabelColon));
    }
    if value.trim() != value {
        return Err(Error::invalid(argument, Problem::LabelSpaces));
    }
    Ok(())
}

/// Percent-encodes all but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`).
pub(crate) fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            for nibble in [byte >> 4, byte & 0x0f] {
                out.push(char::from(HEX.get(usize::from(nibble)).copied().unwrap_or(b'0')));
            }
        }
    }
}

/// Strict percent-decoding: every `%` must start two hex digits, and the result must be UTF-8.
/// `+` is a literal plus, as RFC 3986 says (only HTML forms make it a space).
fn decode(text: &str, what: &'static str) -> Result<String, Error> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.bytes();
    while let Some(byte) = rest.next() {
        if byte == b'%' {
            let high = rest.next().and_then(hex_value);
            let low = rest.next().and_then(hex_value);
            match (high, low) {
                (Some(high), Some(low)) => bytes.push((high << 4) | low),
                _ => {
                    return Err(Error::invalid("uri", Problem::UriPercent).naming(what))
                }
            }
        } else {
            bytes.push(byte);
        }
    }
    String::from_utf8(bytes)
        .map_err(|_| Error::invalid("uri", Problem::UriUtf8).naming(what))
}

fn hex_value(byte: u8) -> Option<u8> {
    char::from(byte).to_digit(16).and_then(|digit| u8::try_from(digit).ok())
}
