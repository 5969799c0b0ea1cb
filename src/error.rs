//! The crate's one error type.

use alloc::borrow::Cow;
use core::fmt;

/// What went wrong, coarsely: enough to pick a JavaScript error class or a status code.
///
/// The enum is `#[non_exhaustive]`: match it with a wildcard arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A value has the wrong form: a character outside base32, a malformed URI,
    /// an unknown option, a colour that is not a colour.
    Invalid,
    /// A number (or a length) is outside the range the argument allows.
    OutOfRange,
    /// A sealed secret is well formed but does not open: wrong key, wrong context,
    /// or a changed byte. Deliberately one kind, so the error is no oracle.
    AuthenticationFailed,
    /// The platform's random number generator failed.
    Random,
}

/// An error from any operation in this crate.
///
/// It names the argument at fault and says what was expected. It never contains secret
/// material: at most a position or a length.
///
/// ```
/// use totp_wasm::{ErrorKind, Secret};
/// let err = Secret::from_base32("JBSWY3DP!").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Invalid);
/// assert_eq!(err.argument(), "secret");
/// assert_eq!(err.to_string(), "secret: invalid base32 character at position 9 (only A-Z, 2-7, spaces and '=' are allowed)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    argument: Cow<'static, str>,
    message: Cow<'static, str>,
}

impl Error {
    pub(crate) fn new(
        kind: ErrorKind,
        argument: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Error { kind, argument: argument.into(), message: message.into() }
    }

    pub(crate) fn invalid(
        argument: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::new(ErrorKind::Invalid, argument, message)
    }

    pub(crate) fn out_of_range(
        argument: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::new(ErrorKind::OutOfRange, argument, message)
    }

    /// Re-attributes the error to another argument name, e.g. `secret` to `uri` when the
    /// secret came from inside a URI.
    #[must_use]
    pub fn with_argument(mut self, argument: impl Into<Cow<'static, str>>) -> Self {
        self.argument = argument.into();
        self
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The name of the argument (or option) at fault, as the JavaScript API spells it.
    pub fn argument(&self) -> &str {
        &self.argument
    }

    /// What was wrong, without the argument name.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.argument, self.message)
    }
}

impl core::error::Error for Error {}
