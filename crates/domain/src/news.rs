//! News: articles a group publishes about its cases, and the people who write them.
//!
//! An article is one text in one language; its translations share its slug, so `(slug, lang)`
//! is what names one. An article points at a case and an action by slug only: the address
//! for letters and the donation routes a page shows beside it come from the case as it is
//! now, never from a copy in the article that goes stale when the person is moved.
//!
//! Names of authors are checked harder than other names: a byline is what readers trust, and
//! a look-alike ("Anna" with a Cyrillic "а") could pass one writer's words off as another's.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::{Problem, Violations, is_direction_override};
use crate::lang::{Lang, Localized};
use crate::slug::Slug;

/// Someone who writes articles and columns for the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Author {
    /// The author's short name in URLs and files, such as `anna-writer`.
    pub slug: Slug,
    /// The name as bylines show it, per language.
    pub name: Localized,
    /// A short bio in Markdown, per language; may be empty.
    #[serde(default, skip_serializing_if = "Localized::is_empty")]
    pub bio: Localized,
}

/// One article in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Shared by the translations of one article: `(slug, lang)` is the key.
    pub slug: Slug,
    /// The language this text is in.
    pub lang: Lang,
    /// The headline.
    pub title: String,
    /// The [`Author`] who wrote it, by slug.
    pub author: Slug,
    /// The day it was published.
    pub published: Date,
    /// Plain text, shown in lists and as a link preview's description.
    pub summary: String,
    /// Markdown; the web face renders it through `outcry-markdown`, which sanitizes it.
    pub body: String,
    /// The case it is about, if any.
    pub case: Option<Slug>,
    /// The urgent action it asks readers to take part in, if any.
    pub action: Option<Slug>,
    /// An author's column (the columns section) rather than news.
    pub column: bool,
}

impl Author {
    /// The longest name, in characters, in any one language.
    pub const MAX_NAME: usize = 120;
    /// The longest bio, in characters, in any one language.
    pub const MAX_BIO: usize = 5_000;

    /// Checks the name (present in at least one language, short, no invisible characters and
    /// no word mixing scripts) and the bio's length.
    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        if self.name.is_empty() {
            v.push("author.name", Problem::Empty);
        }
        for (lang, name) in &self.name.0 {
            let field = format!("author.name.{lang}");
            clean_line(&mut v, &field, name, Self::MAX_NAME);
            if let Some(word) = mixed_script_word(name) {
                v.push(field, Problem::MixedScripts { value: word });
            }
        }
        for (lang, bio) in &self.bio.0 {
            v.optional_text(&format!("author.bio.{lang}"), bio, Self::MAX_BIO);
        }
        v.into_result()
    }
}

impl Article {
    /// The longest title, in characters.
    pub const MAX_TITLE: usize = 200;
    /// The longest summary, in characters.
    pub const MAX_SUMMARY: usize = 600;
    /// The longest body, in characters: a long feature, not a book.
    pub const MAX_BODY: usize = 100_000;
    /// Nothing Outcry publishes predates it; an earlier date is a typo.
    pub const EARLIEST: Date = jiff::civil::date(1990, 1, 1);

    /// Checks the article's own fields; whether its author, case and action exist is the
    /// store's question.
    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        if self.title.trim().is_empty() {
            v.push("article.title", Problem::Empty);
        }
        clean_line(&mut v, "article.title", &self.title, Self::MAX_TITLE);
        clean_line(&mut v, "article.summary", &self.summary, Self::MAX_SUMMARY);
        v.optional_text("article.body", &self.body, Self::MAX_BODY);
        if self.published < Self::EARLIEST {
            v.push(
                "article.date",
                Problem::DateOrder {
                    earlier: self.published.to_string(),
                    later: Self::EARLIEST.to_string(),
                },
            );
        }
        v.into_result()
    }
}

/// Length, and none of the characters that make a line read otherwise than it looks: control
/// characters, direction overrides, zero-width and other invisible characters.
fn clean_line(v: &mut Violations, field: &str, value: &str, max: usize) {
    v.optional_text(field, value, max);
    if value.chars().any(char::is_control) {
        v.push(field, Problem::ControlCharacters);
    }
    if value.chars().any(is_direction_override) {
        v.push(field, Problem::DirectionOverride);
    }
    if value.chars().any(is_invisible) {
        v.push(field, Problem::InvisibleCharacters);
    }
}

/// Characters that take no room on screen: zero-width spaces and joiners, direction marks,
/// word joiners and invisible operators, the byte-order mark, the soft hyphen.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// The writing systems look-alike letters come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
}

fn script(c: char) -> Option<Script> {
    match c {
        'A'..='Z' | 'a'..='z' | '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => {
            Some(Script::Latin)
        }
        '\u{0400}'..='\u{052F}'
        | '\u{1C80}'..='\u{1C8F}'
        | '\u{2DE0}'..='\u{2DFF}'
        | '\u{A640}'..='\u{A69F}' => Some(Script::Cyrillic),
        '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => Some(Script::Greek),
        _ => None,
    }
}

/// The first word of `text` whose letters come from more than one of Latin, Cyrillic and
/// Greek. A name may be written in any one script, or in several words of different scripts
/// ("Anna Петрова"), but no real name mixes them within a word.
pub fn mixed_script_word(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .find(|word| {
            let mut scripts = word.chars().filter_map(script);
            scripts
                .next()
                .is_some_and(|first| scripts.any(|s| s != first))
        })
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn slug(s: &str) -> Slug {
        s.parse().expect("slug")
    }

    fn article() -> Article {
        Article {
            slug: slug("a"),
            lang: Lang::EN,
            title: "A title".into(),
            author: slug("anna"),
            published: date(2026, 5, 1),
            summary: "Short.".into(),
            body: "Body".into(),
            case: None,
            action: None,
            column: false,
        }
    }

    fn problems(r: Result<(), Violations>) -> Vec<(String, &'static str)> {
        r.err()
            .map(|v| {
                v.0.into_iter()
                    .map(|e| (e.field, e.problem.key()))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn a_plain_article_passes() {
        assert_eq!(article().check(), Ok(()));
    }

    #[test]
    fn titles_and_summaries_refuse_invisible_and_reversing_characters() {
        let mut a = article();
        a.title = "Breaking\u{202E}news".into();
        a.summary = "zero\u{200B}width\nand a break".into();
        assert_eq!(
            problems(a.check()),
            [
                ("article.title".into(), "validation-direction-override"),
                ("article.summary".into(), "validation-control-characters"),
                ("article.summary".into(), "validation-invisible-characters"),
            ]
        );
    }

    #[test]
    fn lengths_and_dates_are_bounded() {
        let mut a = article();
        a.title = " ".into();
        a.body = "x".repeat(Article::MAX_BODY + 1);
        a.published = date(1989, 12, 31);
        assert_eq!(
            problems(a.check()),
            [
                ("article.title".into(), "validation-empty"),
                ("article.body".into(), "validation-too-long"),
                ("article.date".into(), "validation-date-order"),
            ]
        );
        a.title = "t".repeat(Article::MAX_TITLE + 1);
        a.body.clear();
        a.published = Article::EARLIEST;
        assert_eq!(
            problems(a.check()),
            [("article.title".into(), "validation-too-long")]
        );
    }

    #[test]
    fn an_author_name_mixing_scripts_in_one_word_is_refused() {
        let author = |name: &str| Author {
            slug: slug("anna"),
            name: Localized::one(Lang::EN, name),
            bio: Localized::new(),
        };
        assert_eq!(author("Anna Петрова").check(), Ok(()));
        assert_eq!(author("Ζωή O'Neill-Smith").check(), Ok(()));
        // A Cyrillic "а" at the end of a Latin "Ann".
        assert_eq!(
            problems(author("Ann\u{0430} Writer").check()),
            [("author.name.en".into(), "validation-mixed-scripts")]
        );
        assert_eq!(
            mixed_script_word("Ann\u{0430} Writer").as_deref(),
            Some("Annа")
        );
        assert_eq!(
            problems(author("Anna\u{200D}").check()),
            [("author.name.en".into(), "validation-invisible-characters")]
        );
        assert_eq!(
            problems(author(&"n".repeat(Author::MAX_NAME + 1)).check()),
            [("author.name.en".into(), "validation-too-long")]
        );
        let nameless = Author {
            name: Localized::new(),
            ..author("x")
        };
        assert_eq!(
            problems(nameless.check()),
            [("author.name".into(), "validation-empty")]
        );
    }
}
