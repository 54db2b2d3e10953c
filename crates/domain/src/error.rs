//! Validation errors. They carry data, not sentences in one language: `Display` gives an
//! English line for logs and the CLI, and [`Problem::key`] names the message for translators.

use std::fmt;

/// One thing wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// Where: a dotted path such as `actions[0].deadline` or `targets[1].emails[2]`.
    pub field: String,
    /// What is wrong with it.
    pub problem: Problem,
}

/// What is wrong. Each variant names the offending value so a message can quote it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// A required value is missing or blank.
    #[error("must not be empty")]
    Empty,
    /// A text is longer than its limit (see [`crate::limits`]).
    #[error("is {len} characters long; at most {max} are allowed")]
    TooLong {
        /// How long the value is, in characters.
        len: usize,
        /// The most characters allowed.
        max: usize,
    },
    /// A list has more entries than allowed, such as too many return-address lines.
    #[error("has {count} entries; at most {max} are allowed")]
    TooMany {
        /// How many entries the list has.
        count: usize,
        /// The most entries allowed.
        max: usize,
    },
    /// An email address that is not a bare, valid address.
    #[error("{value:?} is not a valid email address")]
    InvalidEmail {
        /// The text given as an email address.
        value: String,
    },
    /// A language code that is not an ISO 639-1 code.
    #[error("{value:?} is not a known language code (use ISO 639-1, such as \"en\" or \"ru\")")]
    UnknownLanguage {
        /// The text given as a language code.
        value: String,
    },
    /// A slug with characters other than lowercase letters, digits and single hyphens.
    #[error("{value:?} is not a valid slug (lowercase letters a-z, digits and single hyphens)")]
    InvalidSlug {
        /// The text given as a slug.
        value: String,
    },
    /// A time zone that is not a known IANA name.
    #[error("{value:?} is not a known time zone (use an IANA name such as \"Europe/Moscow\")")]
    UnknownTimeZone {
        /// The text given as a time zone.
        value: String,
    },
    /// A phone or fax number with other characters than digits and punctuation, or too few or
    /// too many digits.
    #[error("{value:?} is not a phone number (digits, spaces, + ( ) - . only)")]
    InvalidPhone {
        /// The text given as a number.
        value: String,
    },
    /// A country that is not given as a two-letter code.
    #[error("{value:?} is not a country code (use ISO 3166-1 alpha-2, such as \"RU\")")]
    InvalidCountry {
        /// The text given as a country code.
        value: String,
    },
    /// An urgent-action number not in the publisher's form "UA 45/26".
    #[error("{value:?} is not an urgent-action number such as \"UA 45/26\"")]
    InvalidUaNumber {
        /// The text given as a number.
        value: String,
    },
    /// A year that cannot be right, such as a year of birth in the future.
    #[error("year {value} is outside {min}..={max}")]
    YearOutOfRange {
        /// The year given.
        value: i32,
        /// The earliest year accepted.
        min: i32,
        /// The latest year accepted.
        max: i32,
    },
    /// A number of days outside what makes sense, such as a retention of thirty years.
    #[error("{value} days is outside {min}..={max}")]
    DaysOutOfRange {
        /// The number given.
        value: u32,
        /// The fewest accepted.
        min: u32,
        /// The most accepted.
        max: u32,
    },
    /// A count outside what makes sense, such as ten thousand appeals an hour to one office.
    #[error("{value} is outside {min}..={max}")]
    NumberOutOfRange {
        /// The number given.
        value: i64,
        /// The smallest accepted.
        min: i64,
        /// The largest accepted.
        max: i64,
    },
    /// An action's deadline falls before the day it was published.
    #[error("deadline {deadline} is before publication on {published}")]
    DeadlineBeforePublication {
        /// The deadline, as `YYYY-MM-DD`.
        deadline: String,
        /// The day of publication, as `YYYY-MM-DD`.
        published: String,
    },
    /// A reference to a target that is neither in the file nor in the shared directory.
    #[error("refers to target {value:?}, which is not in the file or the directory")]
    UnknownTarget {
        /// The slug referred to.
        value: String,
    },
    /// A reference to an action that does not exist, or an action that continues itself.
    #[error("refers to action {value:?}, which is not known")]
    UnknownAction {
        /// The slug referred to.
        value: String,
    },
    /// A value that must be unique appears again, such as a slug or an action's number.
    #[error("{value:?} appears twice")]
    Duplicate {
        /// The repeated value.
        value: String,
    },
    /// A published action lacks a model letter in a language its targets prefer.
    #[error("has no model letter in {lang:?}, one of the action's preferred languages")]
    MissingLetter {
        /// The language code of the missing letter, such as "ru".
        lang: String,
    },
    /// A published action has no deadline, so supporters would not know until when to act.
    #[error("a published action needs a deadline")]
    PublishedWithoutDeadline,
    /// A link that is not an `https://` or `http://` address.
    #[error("{value:?} is not a web address (it must start with https:// or http://)")]
    InvalidUrl {
        /// The text given as a link.
        value: String,
    },
    /// Two dates in the wrong order, such as an address that ends before it begins.
    #[error("{earlier} must not be before {later}")]
    DateOrder {
        /// The date that comes too early, as `YYYY-MM-DD`.
        earlier: String,
        /// The date it must not come before, as `YYYY-MM-DD`.
        later: String,
    },
    /// Control characters in text that goes on paper or into mail headers.
    #[error("contains control characters (such as line breaks), which are not allowed here")]
    ControlCharacters,
    /// Unicode direction overrides, which would make a line read differently on paper than on
    /// the screen where it was checked.
    #[error(
        "contains invisible characters that reverse the direction of text (U+202A–U+202E, U+2066–U+2069), which are not allowed here"
    )]
    DirectionOverride,
    /// Zero-width and other invisible characters (U+200B–U+200F, U+2060–U+2064, U+FEFF, the
    /// soft hyphen) in a name or a headline, where they hide that two texts differ.
    #[error(
        "contains invisible characters (such as zero-width spaces), which are not allowed here"
    )]
    InvisibleCharacters,
    /// A word mixing letters of several scripts, such as a Latin name with one Cyrillic letter:
    /// how look-alike names are made.
    #[error("the word {value:?} mixes letters of different scripts (Latin, Cyrillic, Greek)")]
    MixedScripts {
        /// The word.
        value: String,
    },
    /// A form sent a choice that the page did not offer, such as an unknown paper size.
    #[error("{value:?} is not one of the choices offered")]
    NotOffered {
        /// The value the form sent.
        value: String,
    },
}

impl Problem {
    /// The message id for translations (Fluent), stable across releases.
    pub fn key(&self) -> &'static str {
        match self {
            Problem::Empty => "validation-empty",
            Problem::TooLong { .. } => "validation-too-long",
            Problem::TooMany { .. } => "validation-too-many",
            Problem::InvalidEmail { .. } => "validation-invalid-email",
            Problem::UnknownLanguage { .. } => "validation-unknown-language",
            Problem::InvalidSlug { .. } => "validation-invalid-slug",
            Problem::UnknownTimeZone { .. } => "validation-unknown-time-zone",
            Problem::InvalidPhone { .. } => "validation-invalid-phone",
            Problem::InvalidCountry { .. } => "validation-invalid-country",
            Problem::NotOffered { .. } => "validation-not-offered",
            Problem::InvalidUaNumber { .. } => "validation-invalid-ua-number",
            Problem::YearOutOfRange { .. } => "validation-year-out-of-range",
            Problem::DaysOutOfRange { .. } => "validation-days-out-of-range",
            Problem::NumberOutOfRange { .. } => "validation-number-out-of-range",
            Problem::DeadlineBeforePublication { .. } => "validation-deadline-before-publication",
            Problem::UnknownTarget { .. } => "validation-unknown-target",
            Problem::UnknownAction { .. } => "validation-unknown-action",
            Problem::Duplicate { .. } => "validation-duplicate",
            Problem::MissingLetter { .. } => "validation-missing-letter",
            Problem::PublishedWithoutDeadline => "validation-published-without-deadline",
            Problem::InvalidUrl { .. } => "validation-invalid-url",
            Problem::DateOrder { .. } => "validation-date-order",
            Problem::ControlCharacters => "validation-control-characters",
            Problem::DirectionOverride => "validation-direction-override",
            Problem::InvisibleCharacters => "validation-invisible-characters",
            Problem::MixedScripts { .. } => "validation-mixed-scripts",
        }
    }

    /// Attaches the problem to a field.
    pub fn at(self, field: impl Into<String>) -> ValidationError {
        ValidationError {
            field: field.into(),
            problem: self,
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.problem)
        } else {
            write!(f, "{}: {}", self.field, self.problem)
        }
    }
}

impl std::error::Error for ValidationError {}

/// Every problem found in one value. Validation does not stop at the first one, so an
/// organizer fixing a file sees the whole list at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Violations(pub Vec<ValidationError>);

impl Violations {
    /// Records `problem` at `field`.
    pub fn push(&mut self, field: impl Into<String>, problem: Problem) {
        self.0.push(problem.at(field));
    }

    /// True when no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was found.
    pub fn into_result(self) -> Result<(), Violations> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }

    /// Checks that a required text is present and not longer than `max` characters.
    pub fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.push(field, Problem::Empty);
        } else {
            self.optional_text(field, value, max);
        }
    }

    /// Checks a supporter's free text that goes into a letter: at most `max` characters, line
    /// breaks and tabs allowed, other control characters and direction overrides refused.
    /// Overrides would let a line read differently on paper than it does in the moderation
    /// queue, and control characters have no place on paper.
    pub fn letter_text(&mut self, field: &str, value: &str, max: usize) {
        self.optional_text(field, value, max);
        if value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            self.push(field, Problem::ControlCharacters);
        }
        if value.chars().any(is_direction_override) {
            self.push(field, Problem::DirectionOverride);
        }
    }

    /// Checks one line of a letter (a name, an address line): no control characters at all.
    pub fn letter_line(&mut self, field: &str, value: &str, max: usize) {
        self.optional_text(field, value, max);
        if value.chars().any(char::is_control) {
            self.push(field, Problem::ControlCharacters);
        }
        if value.chars().any(is_direction_override) {
            self.push(field, Problem::DirectionOverride);
        }
    }

    /// Checks the length of a text that may be empty.
    pub fn optional_text(&mut self, field: &str, value: &str, max: usize) {
        let len = value.chars().count();
        if len > max {
            self.push(field, Problem::TooLong { len, max });
        }
    }
}

/// The embeddings, overrides and isolates of Unicode's bidirectional algorithm.
pub fn is_direction_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}
