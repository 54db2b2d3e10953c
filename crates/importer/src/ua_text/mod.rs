//! Reads the plain text of an urgent action, as human-rights groups publish it, into a draft
//! [`CaseBundle`]: one case, one action (status draft) and its targets, with [`Finding`]s that
//! say, by line number in the original text, what could not be found or looks doubtful.
//!
//! Layouts read: the current one (the seed: "TAKE ACTION … MODEL LETTER", "NAME AND PRONOUN:"),
//! the 1990s one ("UA 446/94", "RECOMMENDED ACTION:", "APPEALS TO:", "Salutation:"), the
//! 2010s one ("UA: 123/15 Index: …", "PLEASE SEND APPEALS BEFORE … TO:", "And copies to:"),
//! follow-ups ("Further information on UA 123/15"), national republications in German,
//! French, Swedish, Finnish and Russian, and PDF-to-text output of any of them.
//!
//! Decisions a user will notice:
//! - The headline is kept as published (often in capitals); the letter subject is made from
//!   it in sentence case.
//! - Action slugs come from the UA number (`UA 123/15` → `ua-123-15`, `UA 123/15-1` →
//!   `ua-123-15-1`), so a follow-up's `continues` is the slug its original got. Without a
//!   number, the slug comes from the headline.
//! - The publication date is `Options::published`, else the date in the header ("Date: 20
//!   April 2015"); it resolves a deadline without a year.
//! - Text is stored under the language the UA is written in (English unless another clearly
//!   dominates); the person's name always under English.
//!
//! Parts: [`clean`] (PDF debris, line mapping), [`sections`] (labelled parts), [`dates`]
//! (deadline phrases), [`target`] (official blocks), [`letter`], [`person`], [`lang`].

mod clean;
mod dates;
mod lang;
mod letter;
mod person;
mod sections;
mod target;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use outcry_domain::{
    Case, CaseBundle, Country, Deadline, Lang, Localized, ModelLetter, Slug, Target, UaNumber,
    UrgentAction, resolve_day_month,
};
use regex::Regex;

use clean::{Block, Line, clip, re};
use dates::Found;
use sections::{Role, Sections};

/// How to read the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The publication date; resolves deadlines without a year ("until 15 July").
    pub published: Option<jiff::civil::Date>,
}

/// The draft read from the text, and what the reader should check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UaImport {
    /// The draft: the case, one action (with status draft) and the targets the action names.
    pub bundle: CaseBundle,
    /// What the organizer should check before saving the draft; printed by `outcry import`.
    pub findings: Vec<Finding>,
}

/// Something the importer could not find, or doubts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based inclusive line range in the original input.
    pub lines: Option<(usize, usize)>,
    /// How much the finding matters.
    pub severity: Severity,
    /// What was not found or looks doubtful, in English.
    pub message: String,
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// A required field was not found (`--strict` fails on these).
    Missing,
    /// Something was read but may be wrong.
    Doubtful,
    /// For the record: a default was used, a layout quirk was handled.
    Info,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.lines {
            Some((a, b)) if a == b => write!(f, "line {a}: {}", self.message),
            Some((a, b)) => write!(f, "lines {a}–{b}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Longest input read, in bytes. An urgent action is a few pages; anything far bigger is not
/// one, and reading only its start keeps the time spent bounded.
const MAX_INPUT: usize = 1 << 20;

/// The domain's limits (`outcry_domain` checks them); text is clipped to fit, with a finding.
mod limits {
    pub use outcry_domain::limits::{LETTER, LINE, NAME, PARAGRAPHS};
    /// An index reference ("AI Index: EUR 46/037/2026") is short; more is not one.
    pub const INDEX: usize = 40;
}

static INDEX: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bindex\s*:?\s*([A-Z]{3}\s+\d{2}/\d{2,5}/\d{2,4})"));
static FURTHER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)further information on|weitere informationen zu|suite de l'action|complément d'information sur|uppföljning av|jatkoa vetoomukseen|дополнительная информация по",
    )
});
/// Lines that tell supporters in which language to write.
static LANGUAGE_HINT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)own language|eigenen sprache|schreiben sie|votre langue|écrivez|écrire|eget språk|skriv|omalla kielellä|kirjoita|своём языке|своем языке|пишите|please write|letters in",
    )
});

/// Collects findings while parsing.
#[derive(Default)]
struct Report(Vec<Finding>);

impl Report {
    fn push(&mut self, severity: Severity, lines: Option<(usize, usize)>, message: String) {
        self.0.push(Finding {
            lines,
            severity,
            message,
        });
    }

    /// `text` clipped to `max` characters; a finding when something was cut.
    fn fit(&mut self, what: &str, text: &str, max: usize, lines: Option<(usize, usize)>) -> String {
        let text = text.trim();
        if text.chars().count() > max {
            self.push(
                Severity::Doubtful,
                lines,
                format!("{what} is longer than {max} characters and was cut"),
            );
        }
        clip(text, max).trim().to_string()
    }
}

fn line_range(lines: &[Line]) -> Option<(usize, usize)> {
    Some((lines.first()?.orig, lines.last()?.orig))
}

fn quote(s: &str) -> String {
    let short = clip(s, 80);
    if short.len() < s.len() {
        format!("\"{short}…\"")
    } else {
        format!("\"{short}\"")
    }
}

/// Reads an urgent action. Never fails: whatever is missing is a finding, and the bundle
/// always passes `validate`.
pub fn parse(text: &str, options: &Options) -> UaImport {
    let mut report = Report::default();
    let text = if text.len() > MAX_INPUT {
        report.push(
            Severity::Doubtful,
            None,
            format!("the text is longer than {MAX_INPUT} bytes; only its start was read"),
        );
        let mut end = MAX_INPUT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    } else {
        text
    };
    let lines = clean::clean(text);
    let blocks = clean::blocks(&lines);
    let s = sections::split(&blocks);
    let bundle = build(&s, &lines, options, &mut report);
    UaImport {
        bundle,
        findings: report.0,
    }
}

fn joined(blocks: &[Block]) -> String {
    letter::body(blocks)
}

fn build(s: &Sections, lines: &[Line], options: &Options, report: &mut Report) -> CaseBundle {
    // A year of birth after the text was published is a misreading. Without a publication
    // date, the current year is the bound: the one place the importer reads the clock.
    let this_year = i32::from(
        options
            .published
            .map_or_else(|| jiff::Zoned::now().year(), |d| d.year()),
    );
    let all_text = lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");

    // Language of the content.
    let prose = [
        s.headline.as_ref().map(Block::joined).unwrap_or_default(),
        joined(&s.intro),
        joined(&s.letter),
        joined(&s.background),
    ]
    .join("\n");
    let lang = lang::detect(if prose.trim().is_empty() {
        &all_text
    } else {
        &prose
    });

    // Headline and summary.
    let headline_range = s.headline.as_ref().map(Block::range);
    let headline = match &s.headline {
        Some(b) => report.fit("the headline", &b.joined(), limits::LINE, headline_range),
        None => String::new(),
    };
    let headline = if headline.is_empty() {
        report.push(Severity::Missing, None, "no headline found".into());
        "[headline not found]".to_string()
    } else {
        headline
    };
    let summary_text = joined(&s.intro);
    let summary = report.fit(
        "the summary",
        &summary_text,
        limits::PARAGRAPHS,
        s.intro.first().map(Block::range),
    );

    // The person.
    let labelled = s
        .name_line
        .as_ref()
        .and_then(|l| person::from_label(&l.text).map(|np| (np, l.orig)));
    let (name, pronouns) = match labelled {
        Some(((name, p), _)) => (Some(name), p),
        None => {
            let from_headline = s
                .headline
                .as_ref()
                .and_then(|b| person::from_headline(&b.joined()));
            let guess = from_headline.or_else(|| {
                let g = person::from_summary(&summary_text);
                if let Some(name) = &g {
                    report.push(
                        Severity::Doubtful,
                        s.intro.first().map(Block::range),
                        format!("the person's name was guessed from the summary: {name:?}"),
                    );
                }
                g
            });
            (guess, outcry_domain::Pronouns::Unknown)
        }
    };
    let name = name
        .map(|n| report.fit("the person's name", &n, limits::NAME, None))
        .filter(|n| !n.is_empty());
    let case_slug = name.as_deref().and_then(Slug::derive);
    let (name, case_slug) = match (name, case_slug) {
        (Some(n), Some(slug)) => (n, slug),
        (n, _) => {
            report.push(
                Severity::Missing,
                None,
                match &n {
                    Some(n) => format!("the person's name {n:?} gives no usable slug"),
                    None => "no name of the person at risk found (looked for \"NAME AND PRONOUN:\", the headline and the summary)".into(),
                },
            );
            (
                n.unwrap_or_else(|| "[name not found]".into()),
                Slug::derive("unnamed person").unwrap_or_else(fallback_slug),
            )
        }
    };
    let mut case = Case::new(
        case_slug,
        Localized::one(Lang::EN, name.clone()),
        person::status(&all_text),
    );
    case.pronouns = pronouns;
    case.birth_year = person::birth_year(&all_text, this_year);
    if !summary.is_empty() {
        case.summary = Localized::one(lang, summary.clone());
    }

    // The action: number, index, follow-up, publication.
    let header_text = s
        .header
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let number_source = if sections::UA_NUMBER.is_match(&header_text) {
        header_text.as_str()
    } else {
        all_text.as_str()
    };
    let follow_up = FURTHER.is_match(&header_text)
        || s.headline
            .as_ref()
            .is_some_and(|b| FURTHER.is_match(&b.joined()));
    let (number, continues) = ua_number(number_source, follow_up, report);
    let slug = number
        .as_ref()
        .and_then(|n| Slug::derive(n.as_str()))
        .or_else(|| Slug::derive(&fold_accents(&format!("ua {}", clip(&headline, 60)))))
        .unwrap_or_else(fallback_slug);
    let mut action = UrgentAction::draft(slug, Localized::one(lang, headline.clone()));
    action.continues = continues.filter(|c| *c != action.slug);
    action.number = number;
    if let Some(m) = INDEX.captures(&all_text).and_then(|c| c.get(1)) {
        action.index = report.fit("the index", m.as_str(), limits::INDEX, None);
    }
    if !summary.is_empty() {
        action.summary = Localized::one(lang, summary);
    }
    let background = joined(&s.background);
    if !background.is_empty() {
        let b = report.fit(
            "the background",
            &background,
            limits::PARAGRAPHS,
            s.background.first().map(Block::range),
        );
        action.background = Localized::one(lang, b);
    }
    let published = options.published.or_else(|| header_date(s));
    action.published_on = published;

    // Targets and copies.
    let mut targets: Vec<Target> = Vec::new();
    let letter_salutation = s.letter_salutation.as_ref().map(|l| {
        l.text
            .trim()
            .trim_end_matches([',', '!'])
            .trim()
            .to_string()
    });
    for group in &s.targets {
        if let Some(t) = make_target(group, lang, &targets, report) {
            targets.push(t);
        }
    }
    if targets.len() == 1
        && let (Some(t), Some(sal)) = (targets.first_mut(), &letter_salutation)
    {
        t.salutations
            .entry(lang)
            .or_insert_with(|| clip(sal, limits::LINE).to_string());
    }
    if targets.is_empty() {
        report.push(
            Severity::Missing,
            None,
            "no official to write to found (looked for \"APPEALS TO:\", \"PLEASE SEND APPEALS … TO:\" and the block before the letter)".into(),
        );
    }
    action.targets = targets.iter().map(|t| t.slug.clone()).collect();
    let mut copies = Vec::new();
    for group in &s.copies {
        let mut known = targets.clone();
        known.extend(copies.iter().cloned());
        if let Some(t) = make_target(group, lang, &known, report) {
            copies.push(t);
        }
    }
    for t in &mut targets {
        t.copies_to = copies.iter().map(|c| c.slug.clone()).collect();
    }

    // Preferred languages.
    action.preferred_languages = preferred_languages(s);

    // The letter.
    let name_for_subject = (name != "[name not found]").then_some(name.as_str());
    let subject = report.fit(
        "the letter subject",
        &letter::subject(&headline, name_for_subject),
        limits::LINE,
        headline_range,
    );
    let body_and_range = if s.letter_salutation.is_some() && !s.letter.is_empty() {
        Some((letter::body(&s.letter), s.letter.first().map(Block::range)))
    } else if !s.points.is_empty() {
        let range = s.points.first().map(Block::range);
        report.push(
            Severity::Info,
            range,
            "no model letter in this layout; the appeal points are stored as the letter text, to be rewritten as a letter".into(),
        );
        Some((letter::from_points(&s.points), range))
    } else {
        None
    };
    match body_and_range {
        Some((body, range)) if !body.trim().is_empty() => {
            let sign_off = match &s.sign_off {
                Some(l) => l.text.clone(),
                None => {
                    report.push(
                        Severity::Info,
                        range,
                        "the letter has no sign-off; a standard one was used".into(),
                    );
                    letter::default_sign_off(lang).to_string()
                }
            };
            action.letters.insert(
                lang,
                ModelLetter {
                    subject: if subject.is_empty() {
                        "Urgent action".into()
                    } else {
                        subject
                    },
                    salutation: s
                        .letter_salutation
                        .as_ref()
                        .map(|l| {
                            report.fit(
                                "the salutation",
                                &l.text,
                                limits::LINE,
                                Some((l.orig, l.orig)),
                            )
                        })
                        .unwrap_or_default(),
                    body: report.fit("the letter", &body, limits::LETTER, range),
                    sign_off: report.fit("the sign-off", &sign_off, limits::LINE, range),
                },
            );
        }
        _ => report.push(
            Severity::Missing,
            s.letter_salutation.as_ref().map(|l| (l.orig, l.orig)),
            "no model letter or appeal points found".into(),
        ),
    }

    // The deadline, in the time zone of the first target's country.
    let zone = if targets.first().and_then(|t| t.country) == Some(Country::RU) {
        "Europe/Moscow"
    } else {
        "UTC"
    };
    action.deadline = deadline(s, published, zone, report);

    targets.extend(copies);
    CaseBundle {
        case,
        targets,
        actions: vec![action],
    }
}

/// Latin letters without their accents, so that a headline such as "FÄNGSLAD AKTIVIST"
/// gives the slug `fangslad-aktivist`, not `f-ngslad-aktivist` (`Slug::derive` keeps ASCII only).
fn fold_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'å' | 'ã' | 'À' | 'Á' | 'Â' | 'Ä' | 'Å' | 'Ã' => {
                "a".to_string()
            }
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e".to_string(),
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i".to_string(),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' | 'Ø' => {
                "o".to_string()
            }
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u".to_string(),
            'ç' | 'Ç' => "c".to_string(),
            'ß' => "ss".to_string(),
            other => other.to_string(),
        })
        .collect()
}

/// A slug that is always valid, for when nothing in the text gives one.
fn fallback_slug() -> Slug {
    Slug::derive("draft").unwrap_or_else(unreachable_slug)
}

#[allow(clippy::expect_used)]
fn unreachable_slug() -> Slug {
    "x".parse().expect("a literal slug is valid")
}

/// The UA number and, for a follow-up, the slug of the action it continues.
fn ua_number(text: &str, follow_up: bool, report: &mut Report) -> (Option<UaNumber>, Option<Slug>) {
    let Some(c) = sections::UA_NUMBER.captures(text) else {
        return (None, None);
    };
    let (Some(seq), Some(yy)) = (c.get(1), c.get(2)) else {
        return (None, None);
    };
    let base = format!("UA {}/{}", seq.as_str(), yy.as_str());
    let part = c.get(3).map(|p| p.as_str().to_string()).or_else(|| {
        follow_up.then(|| {
            report.push(
                Severity::Info,
                None,
                format!("a follow-up of {base} without its own number; numbered {base}-1"),
            );
            "1".to_string()
        })
    });
    let number = match &part {
        Some(p) => format!("{base}-{p}"),
        None => base.clone(),
    };
    let continues = part.is_some().then(|| Slug::derive(&base)).flatten();
    (number.parse().ok(), continues)
}

/// The publication date in the header: "Date: 20 April 2015", or a date on the UA line.
fn header_date(s: &Sections) -> Option<jiff::civil::Date> {
    s.header.iter().find_map(|l| {
        dates::find_dates(&l.text)
            .into_iter()
            .find_map(|(_, f)| match f {
                Found::Date(d) => d.date(),
                Found::Ambiguous(_) => None,
            })
    })
}

fn make_target(
    group: &[Line],
    lang: Lang,
    taken: &[Target],
    report: &mut Report,
) -> Option<Target> {
    let range = line_range(group);
    let raw = target::parse_block(group.iter().map(|l| l.text.as_str()));
    for r in &raw.rejected {
        report.push(
            Severity::Doubtful,
            range,
            format!(
                "{} is not a valid phone number or email address; left out",
                quote(r)
            ),
        );
    }
    let name = report.fit("an official's name", &raw.name, limits::NAME, range);
    if name.is_empty() {
        report.push(
            Severity::Doubtful,
            range,
            "an official without a name; left out".into(),
        );
        return None;
    }
    let base =
        Slug::derive(&name).unwrap_or_else(|| Slug::derive("target").unwrap_or_else(fallback_slug));
    let mut slug = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.slug == slug) {
        slug =
            Slug::derive(&format!("{} {n}", clip(base.as_str(), 70))).unwrap_or_else(fallback_slug);
        n += 1;
    }
    let mut t = Target::new(slug, name);
    t.title = report.fit("an official's title", &raw.title, limits::LINE, range);
    t.organization = report.fit(
        "an official's organization",
        &raw.organization,
        limits::LINE,
        range,
    );
    t.address = raw
        .address
        .iter()
        .map(|a| report.fit("an address line", a, limits::LINE, range))
        .filter(|a| !a.is_empty())
        .collect();
    t.country = raw.country;
    t.emails = raw.emails;
    t.phones = raw.phones;
    t.fax = raw.fax;
    if let Some(sal) = raw.salutation {
        let sal = report.fit("a salutation", &sal, limits::LINE, range);
        if !sal.is_empty() {
            t.salutations = BTreeMap::from([(lang, sal)]);
        }
    }
    if t.address.is_empty() && t.emails.is_empty() && t.fax.is_none() && t.phones.is_empty() {
        report.push(
            Severity::Doubtful,
            range,
            format!("no address, email, phone or fax found for {:?}", t.name),
        );
    }
    Some(t)
}

fn preferred_languages(s: &Sections) -> Vec<Lang> {
    if let Some(l) = &s.preferred_language {
        let rest = l.text.split_once(':').map_or(l.text.as_str(), |(_, r)| r);
        let langs = lang::languages_named(rest);
        if !langs.is_empty() {
            return langs;
        }
    }
    let candidates = s.points_intro.iter().map(|l| l.text.clone()).chain(
        s.all
            .iter()
            .filter(|(_, r)| !matches!(r, Role::Background | Role::Letter | Role::Intro))
            .map(|(b, _)| b.joined()),
    );
    for text in candidates {
        for sentence in text.split('\n') {
            if LANGUAGE_HINT.is_match(sentence) {
                let langs = lang::languages_named(sentence);
                if !langs.is_empty() {
                    return langs;
                }
            }
        }
    }
    Vec::new()
}

/// The deadline: the first date a deadline word introduces, preferring the appeal
/// instructions to prose (a background may say "detained until 15 March").
fn deadline(
    s: &Sections,
    published: Option<jiff::civil::Date>,
    zone: &str,
    report: &mut Report,
) -> Option<Deadline> {
    let strong = |r: &Role| {
        !matches!(
            r,
            Role::Intro | Role::Background | Role::Letter | Role::Headline
        )
    };
    let mut candidates: Vec<(&Block, Found, bool)> = Vec::new();
    for (b, r) in &s.all {
        for f in dates::deadline_phrases(&b.joined()) {
            candidates.push((b, f, strong(r)));
        }
    }
    candidates.sort_by_key(|(_, _, strong)| !*strong);
    for (block, found, strong) in candidates {
        let range = Some(block.range());
        let d = match found {
            Found::Ambiguous(t) => {
                report.push(
                    Severity::Doubtful,
                    range,
                    format!(
                        "the date {} could be day/month or month/day; not used as the deadline",
                        quote(&t)
                    ),
                );
                continue;
            }
            Found::Date(d) => d,
        };
        if !strong {
            report.push(
                Severity::Doubtful,
                range,
                "the deadline was taken from running text; check it".into(),
            );
        }
        let date = match (d.date(), published) {
            (Some(date), _) => date,
            (None, Some(p)) => match resolve_day_month(d.day, d.month, p) {
                Some(date) => date,
                None => {
                    report.push(
                        Severity::Missing,
                        range,
                        "the deadline's day does not exist".into(),
                    );
                    return None;
                }
            },
            (None, None) => {
                report.push(
                    Severity::Missing,
                    range,
                    format!(
                        "the deadline ({}.{}.) has no year and no publication date is known; give the publication date",
                        d.day, d.month
                    ),
                );
                return None;
            }
        };
        if let Some(p) = published
            && date < p
        {
            report.push(
                Severity::Doubtful,
                range,
                format!("the deadline {date} is before publication on {p}; left out"),
            );
            return None;
        }
        return Some(Deadline::new(date, zone));
    }
    // Nothing introduced by a deadline word: point at what looks like a date.
    let hint = s.all.iter().find_map(|(b, _)| {
        let text = b.joined();
        dates::find_dates(&text)
            .into_iter()
            .next()
            .map(|(r, _)| (b.range(), text.get(r).unwrap_or("").to_string()))
    });
    match hint {
        Some((range, t)) => {
            let lines = if range.0 == range.1 {
                "this line looks"
            } else {
                "these lines look"
            };
            report.push(
                Severity::Missing,
                Some(range),
                format!("no deadline found; {lines} like a date: {}", quote(&t)),
            )
        }
        None => report.push(Severity::Missing, None, "no deadline found".into()),
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_display_their_lines() {
        let f = |lines| Finding {
            lines,
            severity: Severity::Missing,
            message: "no deadline found".into(),
        };
        assert_eq!(
            f(Some((12, 14))).to_string(),
            "lines 12–14: no deadline found"
        );
        assert_eq!(f(Some((3, 3))).to_string(), "line 3: no deadline found");
        assert_eq!(f(None).to_string(), "no deadline found");
    }

    #[test]
    fn empty_text_gives_a_valid_draft_with_findings() {
        let r = parse("", &Options::default());
        assert!(r.bundle.validate(jiff::civil::date(2026, 1, 1)).is_ok());
        assert!(
            r.findings
                .iter()
                .filter(|f| f.severity == Severity::Missing)
                .count()
                >= 4
        );
    }
}
