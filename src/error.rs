//! The crate's one error type.
//!
//! An error is data, not text: its kind, the argument at fault, which problem it is, and the few
//! numbers or names its message quotes. `Display` builds the message from `error/messages.txt`,
//! the one table of messages, which the npm package's JavaScript reads too (the build turns it
//! into a module). So the WebAssembly build never formats anything: it hands the JavaScript side
//! the problem's number and the values, and the message is made there.

mod problem;

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;

pub(crate) use problem::Problem;

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
    /// The argument's name; for an item of an array, with its index: `hashes[3]`.
    argument: Cow<'static, str>,
    /// What the value was part of, as in `uri: secret parameter: ...`.
    within: Option<&'static str>,
    problem: Problem,
    /// The numbers the message quotes, `{0}` to `{2}` in its template.
    numbers: [u64; 3],
    /// The name the message quotes, `{name}` in its template.
    name: &'static str,
}

impl Error {
    // Out of line and cold: errors are the rare path, and each inlined construction of this
    // struct cost the wasm about 60 bytes at every one of the 50 sites.
    #[inline(never)]
    #[cold]
    pub(crate) fn new(kind: ErrorKind, argument: &'static str, problem: Problem) -> Self {
        Error { kind, argument: Cow::Borrowed(argument), within: None, problem, numbers: [0; 3], name: "" }
    }

    pub(crate) fn invalid(argument: &'static str, problem: Problem) -> Self {
        Self::new(ErrorKind::Invalid, argument, problem)
    }

    pub(crate) fn out_of_range(argument: &'static str, problem: Problem) -> Self {
        Self::new(ErrorKind::OutOfRange, argument, problem)
    }

    /// `argument: must be an integer from min to max, got value`.
    #[inline(never)]
    #[cold]
    pub(crate) fn range(argument: &'static str, problem: Problem, min: u64, max: u64, value: u64) -> Self {
        Self::out_of_range(argument, problem).quoting([min, max, value])
    }

    /// Sets the numbers the message quotes.
    pub(crate) fn quoting(mut self, numbers: [u64; 3]) -> Self {
        self.numbers = numbers;
        self
    }

    /// Sets the name the message quotes.
    pub(crate) fn naming(mut self, name: &'static str) -> Self {
        self.name = name;
        self
    }

    /// Re-attributes the error to another argument name, e.g. `digits` to `options.digits`.
    #[must_use]
    pub fn with_argument(mut self, argument: impl Into<Cow<'static, str>>) -> Self {
        self.argument = argument.into();
        self
    }

    /// Re-attributes the error to another argument, e.g. `secret` to `uri` when the secret
    /// came from inside a URI, saying what it was there (`secret parameter`).
    pub(crate) fn within(mut self, argument: &'static str, within: &'static str) -> Self {
        self.argument = Cow::Borrowed(argument);
        self.within = Some(within);
        self
    }

    /// Re-attributes the error to item `index` of an array argument: `hashes[3]`.
    pub(crate) fn at_index(mut self, argument: &'static str, index: usize) -> Self {
        let mut name = String::from(argument);
        name.push('[');
        name.push_str(itoa::Buffer::new().format(index));
        name.push(']');
        self.argument = Cow::Owned(name);
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
    pub fn message(&self) -> String {
        let mut message = String::new();
        if let Some(within) = self.within {
            message.push_str(within);
            message.push_str(": ");
        }
        self.problem.write_message(&mut message, self.numbers, self.name);
        message
    }

    // What the wasm exports report of an error (src/wasm/memory.rs); Display uses the fields.
    #[cfg_attr(not(all(target_arch = "wasm32", target_os = "unknown")), allow(dead_code))]
    pub(crate) fn problem(&self) -> Problem {
        self.problem
    }

    #[cfg_attr(not(all(target_arch = "wasm32", target_os = "unknown")), allow(dead_code))]
    pub(crate) fn numbers(&self) -> [u64; 3] {
        self.numbers
    }

    #[cfg_attr(not(all(target_arch = "wasm32", target_os = "unknown")), allow(dead_code))]
    pub(crate) fn name(&self) -> &'static str {
        self.name
    }

    #[cfg_attr(not(all(target_arch = "wasm32", target_os = "unknown")), allow(dead_code))]
    pub(crate) fn within_text(&self) -> Option<&'static str> {
        self.within
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.argument)?;
        f.write_str(": ")?;
        f.write_str(&self.message())
    }
}

impl core::error::Error for Error {}
