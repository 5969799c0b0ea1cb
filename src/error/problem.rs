//! Which problem an error is: one variant per line of `messages.txt`, in the same order, so that
//! a variant's number is its line (the WebAssembly exports report that number; the npm package
//! turns it into the same message).

use alloc::string::String;

/// The message table, `Name<TAB>template` per line; `{0}`..`{2}` and `{name}` are filled in.
pub(crate) const MESSAGES: &str = include_str!("messages.txt");

macro_rules! problems {
    ($($name:ident),* $(,)?) => {
        /// One line of `messages.txt`. Every line is a variant, whether or not a build reports it
        /// (the wasm build never fails for want of randomness, for one).
        #[allow(dead_code)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub(crate) enum Problem {
            $(
                #[doc = concat!("`", stringify!($name), "` in messages.txt.")]
                $name,
            )*
        }

        impl Problem {
            /// Every problem, in table order (for the test that keeps the table in step).
            #[cfg(test)]
            pub(crate) const ALL: &'static [(Problem, &'static str)] = &[$((Problem::$name, stringify!($name))),*];
        }
    };
}

problems!(
    Range,
    PeriodRange,
    SizeRange,
    SafeInteger,
    TooFarInFuture,
    Empty,
    Base32Character,
    Base32Length,
    Base32,
    Algorithm,
    Ecc,
    Colour,
    TextTooLong,
    LabelColon,
    LabelSpaces,
    UriScheme,
    UriFragment,
    UriNoQuery,
    UriNoLabel,
    UriType,
    UriNoAccount,
    UriLabelColons,
    UriNoSecret,
    UriIssuerColon,
    UriAlgorithm,
    UriDigits,
    UriPeriod,
    UriNoCounter,
    UriCounter,
    UriRepeated,
    UriNumber,
    UriPercent,
    UriUtf8,
    BackupCode,
    BackupHash,
    BackupIterations,
    KeyLength,
    SecretTooLong,
    SealedMalformed,
    SealedOpen,
    Random,
    SecretTooShort,
    SecretTooShortToEnrol,
    RandomUnavailable,
    RandomRepeats,
    ContextEmpty,
    KeyId,
    KeyringMissing,
    KeyringSize,
    DeviceId,
    StateDevices,
    StateLastStep,
    BackupDerivations,
    MigrationScheme,
    MigrationNoData,
    MigrationBase64,
    MigrationTruncated,
    MigrationVarint,
    MigrationField,
    MigrationWireType,
    MigrationAlgorithm,
    MigrationDigits,
    MigrationType,
    MigrationNoSecret,
    MigrationUtf8,
    MigrationPeriod,
    ItemCount,
);

impl Problem {
    /// The problem's line in `messages.txt`, counting from 0: what the wasm exports report.
    pub(crate) fn code(self) -> u8 {
        self as u8
    }

    fn template(self) -> &'static str {
        let line = MESSAGES.lines().nth(usize::from(self.code())).unwrap_or_default();
        line.split_once('\t').map_or(line, |(_, template)| template)
    }

    /// Appends the message, its placeholders filled in.
    pub(crate) fn write_message(self, out: &mut String, numbers: [u64; 3], name: &str) {
        let mut rest = self.template();
        while let Some(open) = rest.find('{') {
            let (before, placeholder) = rest.split_at(open);
            out.push_str(before);
            let Some(close) = placeholder.find('}') else {
                out.push_str(placeholder);
                return;
            };
            let (key, after) = placeholder.split_at(close);
            match key {
                "{name" => out.push_str(name),
                "{0" | "{1" | "{2" => {
                    let index = usize::from(key.as_bytes().get(1).copied().unwrap_or(b'0').wrapping_sub(b'0'));
                    out.push_str(itoa::Buffer::new().format(numbers.get(index).copied().unwrap_or(0)));
                }
                _ => out.push_str(key),
            }
            rest = after.get(1..).unwrap_or_default();
        }
        out.push_str(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::{Problem, MESSAGES};

    #[test]
    fn the_message_table_has_one_line_per_problem_in_order() {
        let names: alloc::vec::Vec<&str> = MESSAGES.lines().map(|line| line.split('\t').next().unwrap()).collect();
        let expected: alloc::vec::Vec<&str> = Problem::ALL.iter().map(|(_, name)| *name).collect();
        assert_eq!(names, expected);
        for (index, (problem, _)) in Problem::ALL.iter().enumerate() {
            assert_eq!(usize::from(problem.code()), index);
        }
    }

    #[test]
    fn placeholders_are_filled_in() {
        let mut out = alloc::string::String::new();
        Problem::Range.write_message(&mut out, [6, 8, 9], "");
        assert_eq!(out, "must be an integer from 6 to 8, got 9");
        out.clear();
        Problem::UriRepeated.write_message(&mut out, [0; 3], "secret");
        assert_eq!(out, "parameter 'secret' appears more than once");
    }
}
