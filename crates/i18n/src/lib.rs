//! Everything a supporter reads that is not content: interface text in each language, picking
//! the language, and writing dates and numbers the way each language does.
//!
//! Interface text lives in `locales/<lang>/*.ftl` (Fluent), compiled into the binary. English is
//! the fallback for a missing message, and a test checks that Russian misses none.

#![deny(missing_docs)]

mod format;
mod locale;
mod relative;

pub use format::{format_date, format_number};
pub use locale::Locale;
pub use relative::relative_date;

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Fluent wraps arguments in Unicode isolation marks for bidirectional text; in HTML they
        // show as stray characters in some fonts and break copy-paste of counts and names.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A value for a message argument: text or a number (numbers choose plural forms).
pub enum Arg<'a> {
    /// Text, such as a name or a number already formatted for display.
    Str(&'a str),
    /// A count: Fluent picks the plural form from it ("1 письмо", "5 писем").
    Num(i64),
}

impl Locale {
    /// The message `key` in this locale, or in English if this locale lacks it, or the key itself.
    pub fn t(&self, key: &str) -> String {
        LOCALES.lookup(self.langid(), key)
    }

    /// The message `key` in this locale or in English; `None` when neither has it.
    pub fn try_t(&self, key: &str) -> Option<String> {
        LOCALES.try_lookup(self.langid(), key)
    }

    /// The message `key` with arguments, such as `("count", Arg::Num(5))`.
    pub fn t_args(&self, key: &str, args: &[(&'static str, Arg<'_>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| {
                let v = match value {
                    Arg::Str(s) => FluentValue::from(*s),
                    Arg::Num(n) => FluentValue::from(*n),
                };
                (Cow::Borrowed(*name), v)
            })
            .collect();
        LOCALES.lookup_with_args(self.langid(), key, &map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(ftl: &str) -> Vec<String> {
        ftl.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_string()))
            .collect()
    }

    #[test]
    fn russian_has_every_english_message() {
        for (en, ru) in [
            (
                include_str!("../locales/en/main.ftl"),
                include_str!("../locales/ru/main.ftl"),
            ),
            (
                include_str!("../locales/en/admin.ftl"),
                include_str!("../locales/ru/admin.ftl"),
            ),
        ] {
            let (en, ru) = (keys(en), keys(ru));
            assert!(en.len() > 20, "the English file has its messages");
            let missing: Vec<_> = en.iter().filter(|k| !ru.contains(k)).collect();
            assert!(missing.is_empty(), "missing in Russian: {missing:?}");
        }
    }

    #[test]
    fn missing_messages_are_none() {
        assert_eq!(Locale::Ru.try_t("language-ru").as_deref(), Some("русский"));
        assert_eq!(Locale::Ru.try_t("no-such-message"), None);
    }

    #[test]
    fn russian_plurals_follow_russian_rules() {
        let forms: Vec<String> = [1, 2, 5, 11, 21, 22, 25]
            .into_iter()
            .map(|n| {
                Locale::Ru.t_args(
                    "letters-count",
                    &[("count", Arg::Num(n)), ("shown", Arg::Str(&n.to_string()))],
                )
            })
            .collect();
        assert_eq!(
            forms,
            [
                "1 письмо",
                "2 письма",
                "5 писем",
                "11 писем",
                "21 письмо",
                "22 письма",
                "25 писем"
            ]
        );
        assert_eq!(
            Locale::En.t_args(
                "letters-count",
                &[("count", Arg::Num(1)), ("shown", Arg::Str("1"))]
            ),
            "1 letter"
        );
        assert_eq!(
            Locale::En.t_args(
                "letters-count",
                &[("count", Arg::Num(2)), ("shown", Arg::Str("2"))]
            ),
            "2 letters"
        );
    }
}
