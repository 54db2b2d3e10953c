//! Cleaning: turns raw text, often the output of a PDF-to-text tool, into lines fit to read,
//! and remembers for every line which line of the original it came from, so that findings can
//! point at the text the organizer actually has in front of them.
//!
//! What it removes: control characters and stray whitespace, Markdown emphasis markers around
//! lines (`*…*`), page numbers ("Page 2 of 3", "- 2 -"), and header or footer lines repeated
//! at page breaks. What it repairs: words hyphenated at line ends and paragraphs hard-wrapped
//! into lines (see [`join_lines`] and [`blocks`]).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

/// One cleaned line. `text` is empty for a blank line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    /// 1-based line number in the original input.
    pub orig: usize,
    /// A page ended just before this line (form feed or page number removed).
    pub page_break_before: bool,
}

/// Consecutive non-blank lines: a paragraph, an address block, a label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub lines: Vec<Line>,
}

impl Block {
    /// Original line range, 1-based inclusive.
    pub fn range(&self) -> (usize, usize) {
        let first = self.lines.first().map_or(0, |l| l.orig);
        let last = self.lines.last().map_or(first, |l| l.orig);
        (first, last)
    }

    /// The block as one paragraph (see [`join_lines`]).
    pub fn joined(&self) -> String {
        join_lines(self.lines.iter().map(|l| l.text.as_str()))
    }
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:page|seite|sivu|sida|страница|стр\.)\s*\d{1,4}(?:\s*(?:of|von|de|sur|av|/|из)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}\s*/\s*\d{1,4})$",
    )
});

/// Compiles one of this module's literal patterns. They are constants checked by the tests,
/// never input, so a failure here is a programming error.
pub(crate) fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("literal pattern compiles")
}

/// Normalizes one physical line: control characters and odd spaces become spaces, runs of
/// whitespace collapse, and emphasis markers at the ends go (the seed wraps its address block
/// in `*…*`).
fn normalize(raw: &str) -> String {
    let spaced: String = raw
        .chars()
        .map(|c| {
            if c.is_control() || c.is_whitespace() || c == '\u{feff}' || c == '\u{ad}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let collapsed = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_matches(|c| c == '*' || c == ' ')
        .trim()
        .to_string()
}

/// Cleans `text` into lines (blank lines kept as empty text, for paragraph breaks).
pub fn clean(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut pending_break = false;
    for (i, raw) in text.split('\n').enumerate() {
        let orig = i + 1;
        // A form feed may sit anywhere in a line; what follows it is on the next page.
        for (k, segment) in raw.split('\x0c').enumerate() {
            if k > 0 {
                pending_break = true;
            }
            let text = normalize(segment);
            if raw.contains('\x0c') && text.is_empty() {
                continue;
            }
            if PAGE_NUMBER.is_match(&text) {
                pending_break = true;
                continue;
            }
            let page_break_before = pending_break && !text.is_empty();
            if page_break_before {
                pending_break = false;
            }
            lines.push(Line {
                text,
                orig,
                page_break_before,
            });
        }
    }
    drop_running_heads(&mut lines);
    lines
}

/// Drops header and footer lines: the same text as the first or last non-blank line of a
/// page, at least twice. The first copy is kept when it opens the document, since page one's
/// header often carries the UA number and index the importer needs.
fn drop_running_heads(lines: &mut Vec<Line>) {
    let nonblank: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].text.is_empty())
        .collect();
    let mut at_edges: HashMap<String, usize> = HashMap::new();
    for (pos, &i) in nonblank.iter().enumerate() {
        if lines[i].page_break_before {
            *at_edges.entry(lines[i].text.clone()).or_default() += 1;
            if let Some(&prev) = pos.checked_sub(1).and_then(|p| nonblank.get(p)) {
                *at_edges.entry(lines[prev].text.clone()).or_default() += 1;
            }
        }
    }
    let repeated: Vec<String> = at_edges
        .into_iter()
        .filter(|(t, n)| *n >= 2 && t.chars().count() < 200)
        .map(|(t, _)| t)
        .collect();
    if repeated.is_empty() {
        return;
    }
    let head: Vec<usize> = nonblank.iter().take(3).copied().collect();
    let mut kept_first = Vec::<String>::new();
    let mut out = Vec::with_capacity(lines.len());
    let mut carry_break = false;
    for (i, mut line) in std::mem::take(lines).into_iter().enumerate() {
        if repeated.contains(&line.text) {
            let opens_document = head.contains(&i) && !kept_first.contains(&line.text);
            if !opens_document {
                carry_break = true;
                continue;
            }
            kept_first.push(line.text.clone());
        }
        if carry_break && !line.text.is_empty() {
            line.page_break_before = true;
            carry_break = false;
        }
        out.push(line);
    }
    *lines = out;
}

/// Groups lines into blocks at blank lines. A paragraph that a page break cut in two (the
/// first part does not end a sentence, the second starts in lower case) is joined again.
pub fn blocks(lines: &[Line]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut split = true;
    for line in lines {
        if line.text.is_empty() {
            split = true;
            continue;
        }
        let rejoin = line.page_break_before
            && out
                .last()
                .and_then(|b| b.lines.last())
                .is_some_and(|prev| continues(&prev.text, &line.text));
        match out.last_mut() {
            Some(block) if !split || rejoin => block.lines.push(line.clone()),
            _ => out.push(Block {
                lines: vec![line.clone()],
            }),
        }
        split = false;
    }
    out
}

/// True when `next` reads as the continuation of `prev` across a page break.
fn continues(prev: &str, next: &str) -> bool {
    let ends_sentence = prev.ends_with(['.', ':', '!', '?', '"', '”', '»', ')']);
    let lower_next = next.chars().next().is_some_and(char::is_lowercase);
    !ends_sentence && lower_next
}

/// Joins hard-wrapped lines into one paragraph. A word split by a hyphen at a line end is
/// rejoined when the next line goes on in lower case ("investi-" + "gation"); before a
/// capital the hyphen is real ("Yamalo-" + "Nenets") and stays, without a space. Bullet lines
/// ("- …", "• …") keep their own line.
pub fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(line);
            continue;
        }
        if is_bullet(line) {
            out.push('\n');
            out.push_str(line);
            continue;
        }
        let mut tail = out.chars().rev();
        let hyphen_after_letter =
            tail.next() == Some('-') && tail.next().is_some_and(char::is_alphabetic);
        let next_first = line.chars().next();
        if hyphen_after_letter && next_first.is_some_and(char::is_lowercase) {
            out.pop();
            out.push_str(line);
        } else if hyphen_after_letter && next_first.is_some_and(char::is_alphabetic) {
            out.push_str(line);
        } else {
            out.push(' ');
            out.push_str(line);
        }
    }
    out
}

/// A list item: "- text", "– text", "• text", "* text".
pub fn is_bullet(line: &str) -> bool {
    let mut chars = line.chars();
    matches!(chars.next(), Some('-' | '–' | '—' | '•' | '*' | '·'))
        && chars.next().is_some_and(char::is_whitespace)
}

/// The first `max` characters of `s` (never splits a character).
pub fn clip(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn hyphens_at_line_ends() {
        for (lines, joined) in [
            (vec!["an investi-", "gation"], "an investigation"),
            (
                vec!["the Yamalo-", "Nenets Okrug"],
                "the Yamalo-Nenets Okrug",
            ),
            (vec!["one", "two"], "one two"),
            (
                vec!["ask:", "- first", "- second"],
                "ask:\n- first\n- second",
            ),
            (vec!["a - ", "b"], "a - b"),
        ] {
            assert_eq!(join_lines(lines.iter().copied()), joined);
        }
    }

    #[test]
    fn page_debris_goes_and_line_numbers_stay() {
        let text = "UA 45/26 Index: EUR 46/1234/2026\nURGENT ACTION\n\nThe investi-\nPage 1 of 2\n\x0cUA 45/26 Index: EUR 46/1234/2026\ngation goes on.\n- 2 -\n\x0cUA 45/26 Index: EUR 46/1234/2026\nEnd.";
        let lines = clean(text);
        assert_eq!(
            texts(&lines),
            vec![
                "UA 45/26 Index: EUR 46/1234/2026",
                "URGENT ACTION",
                "",
                "The investi-",
                "gation goes on.",
                "End."
            ]
        );
        assert_eq!(lines[4].orig, 7);
        let b = blocks(&lines);
        assert_eq!(b.len(), 2);
        assert_eq!(b[1].joined(), "The investigation goes on. End.");
    }

    #[test]
    fn emphasis_and_whitespace() {
        let lines = clean("  *ul. Dzerzhinskogo,\t13  \r\n629420 Russian Federation*\u{a0}");
        assert_eq!(
            texts(&lines),
            vec!["ul. Dzerzhinskogo, 13", "629420 Russian Federation"]
        );
    }

    #[test]
    fn clip_respects_characters() {
        assert_eq!(clip("Азат", 2), "Аз");
        assert_eq!(clip("ab", 5), "ab");
    }
}
