//! What a printed letter says, as the templates receive it.

use outcry_domain::{EnvelopeSize, Paper};
use serde::Serialize;

/// One letter and, optionally, its envelope. Every string is printed as text: typst markup,
/// HTML or anything else in it comes out on paper as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Letter {
    /// The letter's language as an ISO 639-1 code ("ru", "en"): hyphenation and quotes.
    pub lang: String,
    /// The date as the reader writes it ("22 ноября 2026 г.").
    pub date: String,
    /// The writer's name and address, top right. Empty: no sender block (letters to people in
    /// prison carry the return address on the envelope only).
    pub sender: Vec<String>,
    /// The recipient's block, top left. Empty: none.
    pub recipient: Vec<String>,
    /// A bold line above the salutation. Empty: none.
    pub subject: String,
    /// The greeting line, such as "Dear Mr. Mityayev,". Empty: none.
    pub salutation: String,
    /// The body; blank lines separate paragraphs, single line breaks are kept.
    pub body: String,
    /// The closing words above the signature, such as "Yours sincerely,". Empty: none.
    pub sign_off: String,
    /// Printed under the space left for a handwritten signature.
    pub signature: String,
    /// Leave room to sign by hand above the signature.
    pub signature_space: bool,
    /// The envelope printed on the page after the letter; `None`: the letter alone.
    pub envelope: Option<Envelope>,
}

/// The envelope printed after a letter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Envelope {
    /// The return address, in Latin script for the sending post office.
    pub from: Vec<String>,
    /// The recipient's lines, country last. Empty: the address is not known yet, and the
    /// envelope gets ruled lines to write it by hand, with `blank_note` beneath.
    pub to: Vec<String>,
    /// The note under the ruled lines when `to` is empty, saying why the address is missing.
    pub blank_note: String,
    /// Captions in the writer's language ("From", "To", "Stamp").
    pub from_label: String,
    /// The caption over the recipient's lines.
    pub to_label: String,
    /// The caption in the box for the stamp.
    pub stamp_label: String,
}

/// The sheet and envelope sizes of one print job.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Layout {
    /// The sheet the letters are printed on.
    pub paper: Paper,
    /// The envelope size, which sets the envelope page's width and height.
    pub envelope: EnvelopeSize,
}

/// Longest run of characters without a break opportunity that is printed as is. Longer runs
/// (a pasted link, a hostile 10,000-letter "word") get invisible break points, so they wrap
/// inside the margins instead of running off the page.
const LONGEST_UNBROKEN: usize = 40;

/// The JSON the templates read: the same letter with every string cleaned and the body split
/// into paragraphs of lines.
#[derive(Debug, Serialize)]
pub(crate) struct PrintedLetter {
    lang: &'static str,
    date: String,
    sender: Vec<String>,
    recipient: Vec<String>,
    subject: String,
    salutation: String,
    paragraphs: Vec<Vec<String>>,
    sign_off: String,
    signature: String,
    signature_space: bool,
    envelope: Option<PrintedEnvelope>,
}

#[derive(Debug, Serialize)]
pub(crate) struct PrintedEnvelope {
    size: &'static str,
    from: Vec<String>,
    to: Vec<String>,
    blank_note: String,
    from_label: String,
    to_label: String,
    stamp_label: String,
}

/// Everything one compile needs.
#[derive(Debug, Serialize)]
pub(crate) struct PrintJob {
    paper: &'static str,
    letter: PrintedLetter,
}

impl PrintJob {
    pub(crate) fn new(letter: &Letter, layout: Layout) -> PrintJob {
        PrintJob {
            paper: layout.paper.as_str(),
            letter: PrintedLetter {
                lang: typst_lang(&letter.lang),
                date: clean_line(&letter.date),
                sender: clean_lines(&letter.sender),
                recipient: clean_lines(&letter.recipient),
                subject: clean_line(&letter.subject),
                salutation: clean_line(&letter.salutation),
                paragraphs: paragraphs(&letter.body),
                sign_off: clean_line(&letter.sign_off),
                signature: clean_line(&letter.signature),
                signature_space: letter.signature_space,
                envelope: letter.envelope.as_ref().map(|e| PrintedEnvelope {
                    size: layout.envelope.as_str(),
                    from: clean_lines(&e.from),
                    to: clean_lines(&e.to),
                    blank_note: clean_line(&e.blank_note),
                    from_label: clean_line(&e.from_label),
                    to_label: clean_line(&e.to_label),
                    stamp_label: clean_line(&e.stamp_label),
                }),
            },
        }
    }
}

/// Languages the templates know how to hyphenate; anything else is printed as English.
fn typst_lang(code: &str) -> &'static str {
    match code {
        "ru" => "ru",
        "uk" => "uk",
        "de" => "de",
        "fr" => "fr",
        "es" => "es",
        _ => "en",
    }
}

fn clean_lines(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| clean_line(l))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Splits a body into paragraphs (at blank lines) of lines (at single line breaks).
fn paragraphs(body: &str) -> Vec<Vec<String>> {
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in body.split('\n') {
        let line = clean_line(line);
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// One line as it may be printed: the letters' one normalisation first
/// ([`outcry_letters::printable`]: invisible and direction characters dropped, NFC; the censor
/// checker reads the same text), then tabs become spaces, control characters are dropped (the
/// forms refuse them, this is the second line of defence) and over-long words get break points.
pub(crate) fn clean_line(s: &str) -> String {
    let printable = outcry_letters::printable(s);
    let mut out = String::with_capacity(printable.len());
    let mut run = 0;
    for c in printable.chars() {
        let c = if c == '\t' { ' ' } else { c };
        if c.is_control() {
            continue;
        }
        if c.is_whitespace() {
            run = 0;
        } else {
            run += 1;
            if run > LONGEST_UNBROKEN {
                out.push('\u{200B}');
                run = 1;
            }
        }
        out.push(c);
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_drops_invisible_and_control_characters_and_keeps_the_rest() {
        assert_eq!(clean_line("a\u{202E}b\u{0007}c\td"), "abc d");
        // What the censor checker reads, the printer prints: the same normalisation.
        assert_eq!(clean_line("вои\u{0306}\u{200B}на"), "война");
        assert_eq!(
            clean_line("вой\u{200B}на\u{200F}"),
            outcry_letters::printable("вой\u{200B}на\u{200F}")
        );
        assert_eq!(clean_line("#set page(width: 1pt)"), "#set page(width: 1pt)");
        assert_eq!(
            clean_line("Мифтахову Азату Фанисовичу"),
            "Мифтахову Азату Фанисовичу"
        );
        let long = "x".repeat(100);
        let cleaned = clean_line(&long);
        assert_eq!(cleaned.replace('\u{200B}', ""), long);
        assert_eq!(cleaned.matches('\u{200B}').count(), 2);
    }

    #[test]
    fn bodies_split_into_paragraphs_of_lines() {
        let p = paragraphs("Hello,\r\n\r\nline one\nline two\n\n\n\nend");
        assert_eq!(
            p,
            vec![
                vec!["Hello,".to_string()],
                vec!["line one".to_string(), "line two".to_string()],
                vec!["end".to_string()]
            ]
        );
    }
}
