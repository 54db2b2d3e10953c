//! Article files and author files (`docs/articles.md`).
//!
//! An article is a Markdown file that opens with TOML front matter between two `+++` lines:
//!
//! ```text
//! +++
//! title = "Azat Miftakhov has been moved to IK-18"
//! author = "anna-writer"
//! lang = "en"
//! date = 2026-05-04
//! case = "azat-miftakhov"
//! +++
//! The article, in Markdown.
//! ```
//!
//! An author is a TOML file: `slug`, then `[name]` and `[bio]` per language. Both are strict
//! like the case file (an unknown key is an error, since a misspelt `sumary` would otherwise
//! vanish silently), every error names its line, and the domain's checks run before anything
//! is returned, so a caller only ever stores what passed.

use std::fmt;

use outcry_domain::{Article, Author, Lang, Slug, Violations};
use serde::Deserialize;

/// The line that opens and closes the front matter.
const FENCE: &str = "+++";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    slug: Option<Slug>,
    title: String,
    author: Slug,
    lang: Lang,
    date: DateValue,
    #[serde(default)]
    summary: String,
    case: Option<Slug>,
    action: Option<Slug>,
    #[serde(default)]
    column: bool,
}

/// A date as TOML writes it (`date = 2026-05-04`) or quoted (`date = "2026-05-04"`).
#[derive(Deserialize)]
#[serde(untagged)]
enum DateValue {
    Native(toml::value::Datetime),
    Text(String),
}

impl DateValue {
    fn to_date(&self) -> Option<jiff::civil::Date> {
        match self {
            DateValue::Native(d) if d.time.is_none() && d.offset.is_none() => {
                d.date.as_ref()?.to_string().parse().ok()
            }
            DateValue::Native(_) => None,
            DateValue::Text(t) => t.trim().parse().ok(),
        }
    }
}

/// Why an article or author file was refused. Every variant knows its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArticleFileError {
    /// The file does not open with a `+++` line, or the front matter is never closed.
    FrontMatter {
        /// The line the problem is seen at, counted from 1.
        line: usize,
        /// What is missing, in English.
        message: &'static str,
    },
    /// Not TOML, a wrong type, an unknown key, a missing key, a date that is no date.
    Syntax {
        /// The line of the mistake, counted from 1 (from the top of the file, not of the
        /// front matter).
        line: usize,
        /// The column of the mistake, in characters, counted from 1.
        column: usize,
        /// What was found wrong, in English.
        message: String,
    },
    /// Well-formed, but the content breaks the model's rules (all problems are listed).
    Invalid {
        /// Every problem found, not just the first.
        violations: Violations,
        /// The line each violation points at, in the same order.
        lines: Vec<usize>,
    },
}

impl ArticleFileError {
    /// The messages, one per line, each as `NAME:LINE: message` (the format editors jump to).
    pub fn render(&self, name: &str) -> String {
        match self {
            ArticleFileError::FrontMatter { line, message } => format!("{name}:{line}: {message}"),
            ArticleFileError::Syntax {
                line,
                column,
                message,
            } => format!("{name}:{line}:{column}: {message}"),
            ArticleFileError::Invalid { violations, lines } => violations
                .0
                .iter()
                .zip(lines)
                .map(|(v, line)| format!("{name}:{line}: {v}"))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The line of the (first) mistake, counted from 1.
    pub fn line(&self) -> usize {
        match self {
            ArticleFileError::FrontMatter { line, .. } | ArticleFileError::Syntax { line, .. } => {
                *line
            }
            ArticleFileError::Invalid { lines, .. } => lines.first().copied().unwrap_or(1),
        }
    }
}

impl fmt::Display for ArticleFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("article file"))
    }
}

impl std::error::Error for ArticleFileError {}

/// Reads an article file and checks it. `default_slug` is used when the front matter names no
/// `slug` (the CLI passes the file's name without `.md`, or without `.en.md`).
pub fn parse(text: &str, default_slug: Option<&Slug>) -> Result<Article, ArticleFileError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let (front, body, body_line) = split(text)?;
    // The front matter starts on line 2, after the opening fence.
    let syntax = |e: toml::de::Error| {
        let (line, column) = e.span().map_or((1, 1), |s| line_and_column(front, s.start));
        ArticleFileError::Syntax {
            line: line + 1,
            column,
            message: e.message().trim().to_string(),
        }
    };
    let fm: FrontMatter = toml::from_str(front).map_err(syntax)?;
    let key_line = |key: &str| find_key(front, key).map_or(1, |l| l + 1);
    let published = fm.date.to_date().ok_or_else(|| ArticleFileError::Syntax {
        line: key_line("date"),
        column: 1,
        message: "the date must be a day, written YYYY-MM-DD".into(),
    })?;
    let slug = fm
        .slug
        .or_else(|| default_slug.cloned())
        .ok_or(ArticleFileError::Syntax {
            line: 1,
            column: 1,
            message: "missing field `slug` (and no file name to take it from)".into(),
        })?;
    let article = Article {
        slug,
        lang: fm.lang,
        title: fm.title,
        author: fm.author,
        published,
        summary: fm.summary,
        body: body.to_string(),
        case: fm.case,
        action: fm.action,
        column: fm.column,
    };
    article.check().map_err(|violations| {
        let lines = violations
            .0
            .iter()
            .map(|v| match v.field.strip_prefix("article.") {
                Some("body") => body_line,
                Some(key) => key_line(key),
                None => 1,
            })
            .collect();
        ArticleFileError::Invalid { violations, lines }
    })?;
    Ok(article)
}

/// Reads an author file and checks it.
pub fn parse_author(text: &str) -> Result<Author, ArticleFileError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let author: Author = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_and_column(text, s.start));
        ArticleFileError::Syntax {
            line,
            column,
            message: e.message().trim().to_string(),
        }
    })?;
    author.check().map_err(|violations| {
        let lines = violations
            .0
            .iter()
            .map(|v| locate_author(text, &v.field))
            .collect();
        ArticleFileError::Invalid { violations, lines }
    })?;
    Ok(author)
}

/// The front matter, the body, and the line the body starts on.
fn split(text: &str) -> Result<(&str, &str, usize), ArticleFileError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != FENCE {
        return Err(ArticleFileError::FrontMatter {
            line: 1,
            message: "an article file must open with a line `+++`, then its TOML front matter, then `+++`",
        });
    }
    let start = first.len();
    let mut offset = start;
    let mut number = 1;
    for line in lines {
        number += 1;
        if line.trim_end() == FENCE {
            let front = text.get(start..offset).unwrap_or("");
            let rest = text.get(offset + line.len()..).unwrap_or("");
            // Blank lines between the fence and the text are not part of the text.
            let body = rest.trim_start_matches(['\n', '\r']);
            let skipped = rest.len() - body.len();
            let blank = rest.get(..skipped).unwrap_or("").matches('\n').count();
            return Ok((front, body.trim_end(), number + 1 + blank));
        }
        offset += line.len();
    }
    Err(ArticleFileError::FrontMatter {
        line: number,
        message: "the front matter is never closed: add a line `+++` after it",
    })
}

fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The line (from 1) of `key = …` in `text`, searching from line `from`.
fn find_key_from(text: &str, from: usize, key: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(['=', '.']))
        })
        .map(|(i, _)| i + 1)
}

fn find_key(text: &str, key: &str) -> Option<usize> {
    find_key_from(text, 1, key)
}

/// The line an author's field such as `author.name.en` points at: under `[name]`, or as
/// `name.en = …` or `name = { … }`.
fn locate_author(text: &str, field: &str) -> usize {
    let mut path = field.strip_prefix("author.").unwrap_or(field).split('.');
    let table = path.next().unwrap_or("");
    let header = format!("[{table}]");
    let under = text.lines().position(|l| l.trim() == header).map(|i| i + 1);
    let at_table = under.or_else(|| find_key(text, table)).unwrap_or(1);
    match (path.next(), under) {
        (Some(lang), Some(h)) => find_key_from(text, h, lang).unwrap_or(h),
        _ => at_table,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const ARTICLE: &str = "+++\n\
title = \"Moved to IK-18\"\n\
author = \"anna-writer\"\n\
lang = \"ru\"\n\
date = 2026-05-04\n\
summary = \"The address has changed.\"\n\
case = \"azat-miftakhov\"\n\
action = \"azat-miftakhov-torture-in-ik-18\"\n\
+++\n\
\n\
Body **here**.\n";

    fn slug(s: &str) -> Slug {
        s.parse().expect("slug")
    }

    #[test]
    fn reads_front_matter_and_body() {
        let a = parse(ARTICLE, Some(&slug("moved"))).expect("article");
        assert_eq!(a.slug, slug("moved"), "the default slug is taken");
        assert_eq!(a.lang, Lang::RU);
        assert_eq!(a.title, "Moved to IK-18");
        assert_eq!(a.published, date(2026, 5, 4));
        assert_eq!(a.case, Some(slug("azat-miftakhov")));
        assert_eq!(a.action, Some(slug("azat-miftakhov-torture-in-ik-18")));
        assert!(!a.column);
        assert_eq!(a.body, "Body **here**.");
    }

    #[test]
    fn a_slug_in_the_file_wins_and_quoted_dates_work() {
        let text = ARTICLE
            .replace("+++\ntitle", "+++\nslug = \"own\"\ntitle")
            .replace("2026-05-04", "\"2026-05-04\"");
        let a = parse(&text, Some(&slug("stem"))).expect("article");
        assert_eq!(a.slug, slug("own"));
        assert_eq!(a.published, date(2026, 5, 4));
        let err = parse(ARTICLE, None).expect_err("no slug at all");
        assert!(err.render("a.md").contains("slug"), "{err}");
    }

    #[test]
    fn unknown_keys_and_bad_values_name_their_line() {
        let text = ARTICLE.replace("summary =", "sumary =");
        let err = parse(&text, Some(&slug("a"))).expect_err("misspelt key");
        assert_eq!(err.line(), 6, "{err}");
        assert!(err.render("a.md").starts_with("a.md:6:"), "{err}");

        let text = ARTICLE.replace("2026-05-04", "\"4 May\"");
        assert_eq!(parse(&text, Some(&slug("a"))).map_err(|e| e.line()), Err(5));

        let text = ARTICLE.replace("\"ru\"", "\"rs\"");
        assert_eq!(parse(&text, Some(&slug("a"))).map_err(|e| e.line()), Err(4));
    }

    #[test]
    fn the_checks_run_with_lines() {
        let text = ARTICLE
            .replace("Moved to IK-18", "Moved\u{202E}")
            .replace("2026-05-04", "1989-01-01");
        let err = parse(&text, Some(&slug("a"))).expect_err("invalid");
        assert_eq!(
            err.render("a.md"),
            "a.md:2: article.title: contains invisible characters that reverse the direction \
             of text (U+202A–U+202E, U+2066–U+2069), which are not allowed here\n\
             a.md:5: article.date: 1989-01-01 must not be before 1990-01-01"
        );
        let long = format!("{ARTICLE}{}", "x".repeat(Article::MAX_BODY));
        let err = parse(&long, Some(&slug("a"))).expect_err("too long");
        assert_eq!(err.line(), 11, "the body starts on line 11");
    }

    #[test]
    fn front_matter_must_open_and_close() {
        let err = parse("title = \"x\"\n", None).expect_err("no fence");
        assert_eq!(err.line(), 1);
        let err = parse("+++\ntitle = \"x\"\nbody\n", None).expect_err("unclosed");
        assert_eq!(err.line(), 3);
        assert!(parse("", None).is_err());
        assert!(parse("+++", None).is_err());
    }

    const AUTHOR: &str = "slug = \"anna-writer\"\n\
\n\
[name]\n\
en = \"Anna Writer\"\n\
ru = \"Анна Писарева\"\n\
\n\
[bio]\n\
en = \"A volunteer.\"\n";

    #[test]
    fn reads_an_author() {
        let a = parse_author(AUTHOR).expect("author");
        assert_eq!(a.slug, slug("anna-writer"));
        assert_eq!(a.name.get(Lang::RU), Some("Анна Писарева"));
        assert_eq!(a.bio.get(Lang::EN), Some("A volunteer."));
    }

    #[test]
    fn a_look_alike_author_name_is_refused_at_its_line() {
        let text = AUTHOR.replace("Анна Писарева", "Анна Писареvа");
        let err = parse_author(&text).expect_err("mixed scripts");
        assert_eq!(err.line(), 5, "{err}");
        let err = parse_author(&AUTHOR.replace("[bio]", "[biography]")).expect_err("unknown");
        assert_eq!(err.line(), 7, "{err}");
    }
}
