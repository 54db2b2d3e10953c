//! The censor-risk checker. Prison censors in Russia withhold letters that are not in Russian,
//! or that touch on the war, the details of the prisoner's case, LGBTQ+ topics, insults to
//! officials or calls to action; abbreviations and foreign words make them suspicious too. The
//! checker finds such passages so the writer can rephrase them, and explains each one.
//!
//! Topic words live in `data/censor-risk.toml`; they are compared after Russian Snowball
//! stemming, so inflected forms match ("войны", "войне", "о войне" all match "война").
//!
//! The checker reads the text as the printer prints it ([`printable`]): a zero-width space, a
//! direction mark or a decomposed letter inside a word does not hide it, and a Latin "o" in a
//! Cyrillic word is read as the Cyrillic "о" it looks like on paper.

use std::collections::HashMap;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use serde::Deserialize;
use unicode_normalization::char::is_combining_mark;

use crate::normalize::{for_matching, printable, topic_key};

/// Why a passage may get the letter withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WarningKind {
    /// A sentence mostly not in Cyrillic: censors withhold what they cannot read.
    NotRussian,
    /// A foreign word inside a Russian sentence.
    ForeignWord,
    /// Capital-letter abbreviations read as code.
    Abbreviation,
    /// The war against Ukraine, the army and mobilization.
    War,
    /// The prisoner's case: the charges, the investigation, the trial, the security services.
    CaseDetails,
    /// LGBTQ+ topics, which Russian law treats as "extremist".
    Lgbt,
    /// Insults to officials, such as "палач" (executioner).
    Insult,
    /// Calls to protest, strike or resist.
    CallToAction,
}

impl WarningKind {
    /// The message id that explains this kind of warning (Fluent).
    pub fn key(&self) -> &'static str {
        match self {
            WarningKind::NotRussian => "censor-not-russian",
            WarningKind::ForeignWord => "censor-foreign-word",
            WarningKind::Abbreviation => "censor-abbreviation",
            WarningKind::War => "censor-war",
            WarningKind::CaseDetails => "censor-case-details",
            WarningKind::Lgbt => "censor-lgbt",
            WarningKind::Insult => "censor-insult",
            WarningKind::CallToAction => "censor-call-to-action",
        }
    }
}

/// One passage to look at again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Why the passage may get the letter withheld.
    pub kind: WarningKind,
    /// The word or sentence as printed ([`printable`]).
    pub excerpt: String,
    /// Where it starts and ends in [`printable`]`(text)`, in bytes: the text itself when it
    /// was made printable before (as the site does with every letter).
    pub span: (usize, usize),
}

#[derive(Deserialize)]
struct TopicFile {
    war: Words,
    case_details: Words,
    lgbt: Words,
    insult: Words,
    call_to_action: Words,
}

#[derive(Deserialize)]
struct Words {
    words: Vec<String>,
}

/// Stem → topic, built once from the data file.
static TOPICS: LazyLock<HashMap<String, WarningKind>> = LazyLock::new(|| {
    let file: TopicFile = toml::from_str(include_str!("../data/censor-risk.toml"))
        .expect("data/censor-risk.toml is checked by the test suite");
    let stemmer = Stemmer::create(Algorithm::Russian);
    let mut map = HashMap::new();
    for (kind, words) in [
        (WarningKind::War, file.war),
        (WarningKind::CaseDetails, file.case_details),
        (WarningKind::Lgbt, file.lgbt),
        (WarningKind::Insult, file.insult),
        (WarningKind::CallToAction, file.call_to_action),
    ] {
        for w in words.words {
            map.insert(stemmer.stem(&topic_key(&w)).into_owned(), kind);
        }
    }
    map
});

/// At most this many warnings: a text that trips more is better rewritten than listed.
const MAX_WARNINGS: usize = 100;

/// Every passage of `text` that may get the letter withheld, in text order, read as
/// [`printable`] makes it.
pub fn check(text: &str) -> Vec<Warning> {
    let text = printable(text);
    let stemmer = Stemmer::create(Algorithm::Russian);
    let mut warnings = Vec::new();
    for (start, sentence) in sentences(&text) {
        let words: Vec<(usize, &str, String)> = words(sentence)
            .into_iter()
            .map(|(at, w)| (at, w, for_matching(w)))
            .collect();
        let (latin, cyrillic) = words
            .iter()
            .fold((0, 0), |(l, c), (_, _, w)| match script(w) {
                Script::Latin => (l + w.chars().count(), c),
                Script::Cyrillic => (l, c + w.chars().count()),
                Script::Other => (l, c),
            });
        if latin > cyrillic {
            let trimmed = sentence.trim();
            let offset = start + (sentence.len() - sentence.trim_start().len());
            warnings.push(Warning {
                kind: WarningKind::NotRussian,
                excerpt: trimmed.to_string(),
                span: (offset, offset + trimmed.len()),
            });
            continue;
        }
        for (at, word, seen) in words {
            let span = (start + at, start + at + word.len());
            let kind = if is_abbreviation(&seen) {
                Some(WarningKind::Abbreviation)
            } else if script(&seen) == Script::Latin {
                Some(WarningKind::ForeignWord)
            } else {
                let lower = topic_key(word);
                TOPICS
                    .get(stemmer.stem(&lower).as_ref())
                    .or_else(|| TOPICS.get(&lower))
                    .copied()
            };
            if let Some(kind) = kind {
                warnings.push(Warning {
                    kind,
                    excerpt: word.to_string(),
                    span,
                });
            }
        }
        if warnings.len() >= MAX_WARNINGS {
            warnings.truncate(MAX_WARNINGS);
            break;
        }
    }
    warnings
}

/// Sentences with their byte offsets; ends at . ! ? … and line breaks.
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, ch) in text.char_indices() {
        if matches!(ch, '.' | '!' | '?' | '…' | '\n') {
            let end = i + ch.len_utf8();
            out.push((start, &text[start..end]));
            start = end;
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

/// Words (letters with their combining marks, and inner hyphens) and their byte offsets
/// within `s`.
fn words(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut begin: Option<usize> = None;
    let mut chars = s.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        let inner_hyphen =
            ch == '-' && begin.is_some() && chars.peek().is_some_and(|(_, n)| n.is_alphabetic());
        // A stress accent or other mark left after NFC belongs to the word it sits on.
        let mark = begin.is_some() && is_combining_mark(ch);
        if ch.is_alphabetic() || inner_hyphen || mark {
            begin.get_or_insert(i);
        } else if let Some(b) = begin.take() {
            out.push((b, &s[b..i]));
        }
    }
    if let Some(b) = begin {
        out.push((b, &s[b..]));
    }
    out
}

#[derive(PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Other,
}

fn script(word: &str) -> Script {
    let (mut latin, mut cyrillic) = (0, 0);
    for ch in word.chars() {
        if ch.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&ch) {
            latin += 1;
        } else if ('\u{0400}'..='\u{04FF}').contains(&ch) {
            cyrillic += 1;
        }
    }
    if latin > cyrillic {
        Script::Latin
    } else if cyrillic > 0 {
        Script::Cyrillic
    } else {
        Script::Other
    }
}

/// "ФСБ", "СВО", "NATO": two to six capitals. A capitalised first letter alone is not one.
fn is_abbreviation(word: &str) -> bool {
    let n = word.chars().count();
    (2..=6).contains(&n) && word.chars().all(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(WarningKind, String)> {
        check(text)
            .into_iter()
            .map(|w| (w.kind, w.excerpt))
            .collect()
    }

    #[test]
    fn a_warm_letter_passes() {
        let letter = "Здравствуй, Азат! Пишу тебе из Берлина. У нас уже выпал первый снег, и дети лепят снеговиков. \
                      Как твои дела? Надеюсь, у тебя есть книги и тёплые вещи. Мы о тебе помним и ждём. Обнимаю!";
        assert_eq!(kinds(letter), vec![]);
    }

    #[test]
    fn inflected_forms_of_risky_words_are_found() {
        let found = kinds(
            "Мы все устали от этой войны. Говорят, на фронте тяжело. После приговора суда многие возмущены.",
        );
        assert_eq!(
            found,
            vec![
                (WarningKind::War, "войны".to_string()),
                (WarningKind::War, "фронте".to_string()),
                (WarningKind::CaseDetails, "приговора".to_string()),
            ]
        );
    }

    #[test]
    fn topics_insults_and_calls_are_each_named() {
        let found =
            kinds("Эти палачи ответят. Приходи на митинг! Она бисексуальна, и это нормально.");
        let only: Vec<_> = found.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            only,
            [
                WarningKind::Insult,
                WarningKind::CallToAction,
                WarningKind::Lgbt
            ],
            "{found:?}"
        );
    }

    #[test]
    fn foreign_words_abbreviations_and_english_sentences() {
        let found =
            kinds("Передаю привет от Anna. Про СВО писать не буду. Hope you are well and strong.");
        assert_eq!(
            found,
            vec![
                (WarningKind::ForeignWord, "Anna".to_string()),
                (WarningKind::Abbreviation, "СВО".to_string()),
                (
                    WarningKind::NotRussian,
                    "Hope you are well and strong.".to_string()
                ),
            ]
        );
    }

    #[test]
    fn spans_point_at_the_words() {
        let text = "Привет! Эта война ужасна.";
        for w in check(text) {
            assert_eq!(&text[w.span.0..w.span.1], w.excerpt);
        }
    }

    /// Each way of writing "война" so that it looks the same on paper but not to a naive
    /// comparison: every one is found, and the excerpt is the word as printed.
    #[test]
    fn evasions_that_print_as_the_word_are_found() {
        for (how, text) in [
            ("a zero-width space inside", "Эта вой\u{200B}на ужасна."),
            ("a zero-width joiner inside", "Эта вой\u{200D}на ужасна."),
            ("a word joiner inside", "Эта во\u{2060}йна ужасна."),
            ("a soft hyphen inside", "Эта вой\u{00AD}на ужасна."),
            (
                "right-to-left marks around",
                "Эта \u{200F}война\u{200E} ужасна.",
            ),
            ("an isolate around", "Эта \u{2068}война\u{2069} ужасна."),
            ("a Latin o", "Эта вoйна ужасна."),
            ("a Latin capital B and o", "Boйна ужасна."),
            ("a Greek omicron", "Эта вοйна ужасна."),
            ("a decomposed й", "Эта вои\u{0306}на ужасна."),
            ("a stress accent", "Эта во\u{0301}йна ужасна."),
        ] {
            let found = check(text);
            assert_eq!(
                found.iter().map(|w| w.kind).collect::<Vec<_>>(),
                [WarningKind::War],
                "{how}: {found:?}"
            );
            let printed = printable(text);
            let w = &found[0];
            assert_eq!(&printed[w.span.0..w.span.1], w.excerpt, "{how}");
            assert!(
                !w.excerpt.chars().any(crate::normalize::is_invisible),
                "{how}"
            );
        }
    }

    #[test]
    fn a_latin_name_in_a_russian_letter_is_still_a_foreign_word() {
        assert_eq!(
            kinds("Привет от Аnna и от Oleg."),
            vec![
                (WarningKind::ForeignWord, "Аnna".to_string()),
                (WarningKind::ForeignWord, "Oleg".to_string()),
            ]
        );
    }

    #[test]
    fn the_topic_file_loads_and_every_kind_has_words() {
        let kinds: std::collections::BTreeSet<_> = TOPICS.values().copied().collect();
        assert_eq!(kinds.len(), 5);
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_checked_without_panic(text in "\\PC{0,400}") {
            let printed = printable(&text);
            for w in check(&text) {
                proptest::prop_assert!(printed.is_char_boundary(w.span.0) && printed.is_char_boundary(w.span.1));
                proptest::prop_assert_eq!(&printed[w.span.0..w.span.1], w.excerpt);
            }
        }
    }
}
