//! Dates and deadline phrases in the six languages urgent actions are published in here
//! (English, German, French, Swedish, Finnish, Russian): month names in their grammatical
//! forms, numeric dates, and the words that make a date a deadline ("before", "bis zum",
//! "avant le", "senast", "viimeistään", "до", or Finnish "… mennessä" after the date).

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use super::clean::re;

/// A date as written: the year may be missing ("until 15 July").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateFound {
    pub day: i8,
    pub month: i8,
    pub year: Option<i16>,
}

impl DateFound {
    /// The calendar date, when the year is known and the day exists.
    pub fn date(&self) -> Option<Date> {
        Date::new(self.year?, self.month, self.day).ok()
    }
}

/// A date in a text, or a numeric date whose day and month cannot be told apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Date(DateFound),
    /// "04/05/2015": 4 May or April 5? Reported, never guessed.
    Ambiguous(String),
}

/// Month names and their forms, lower case, accents kept (see [`month_of`] for the rest).
const MONTHS: &[(&str, i8)] = &[
    // English, with the usual abbreviations.
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    // German (Austrian "Jänner" too).
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("okt", 10),
    ("dezember", 12),
    ("dez", 12),
    // French, with and without accents.
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    // Swedish.
    ("januari", 1),
    ("februari", 2),
    ("maj", 5),
    ("augusti", 8),
    // Russian: nominative, genitive ("15 июля") and prepositional ("в июле").
    ("январь", 1),
    ("января", 1),
    ("январе", 1),
    ("февраль", 2),
    ("февраля", 2),
    ("феврале", 2),
    ("март", 3),
    ("марта", 3),
    ("марте", 3),
    ("апрель", 4),
    ("апреля", 4),
    ("апреле", 4),
    ("май", 5),
    ("мая", 5),
    ("мае", 5),
    ("июнь", 6),
    ("июня", 6),
    ("июне", 6),
    ("июль", 7),
    ("июля", 7),
    ("июле", 7),
    ("август", 8),
    ("августа", 8),
    ("августе", 8),
    ("сентябрь", 9),
    ("сентября", 9),
    ("сентябре", 9),
    ("октябрь", 10),
    ("октября", 10),
    ("октябре", 10),
    ("ноябрь", 11),
    ("ноября", 11),
    ("ноябре", 11),
    ("декабрь", 12),
    ("декабря", 12),
    ("декабре", 12),
];

/// Finnish months are compounds in "-kuu" and take case endings ("heinäkuuta", "heinäkuun",
/// "heinäkuussa"), so they are matched by stem.
const FINNISH_MONTHS: &[&str] = &[
    "tammikuu",
    "helmikuu",
    "maaliskuu",
    "huhtikuu",
    "toukokuu",
    "kesäkuu",
    "heinäkuu",
    "elokuu",
    "syyskuu",
    "lokakuu",
    "marraskuu",
    "joulukuu",
];

/// The month a word names, in any of the six languages.
pub fn month_of(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if let Some(&(_, m)) = MONTHS.iter().find(|(name, _)| *name == w) {
        return Some(m);
    }
    FINNISH_MONTHS
        .iter()
        .position(|stem| w.starts_with(stem))
        .and_then(|i| i8::try_from(i + 1).ok())
}

/// "15 July 2026", "15. Juli", "1er août", "15. heinäkuuta 2026", "15 июля 2026 года".
static DAY_MONTH: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(\d{1,2})(?:er|\.)?\s+(\p{L}+)\.?(?:,?\s+(\d{4})\b)?"));
/// "July 15, 2026", "May 4 2015".
static MONTH_DAY: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"));
/// "15.07.2026", "15.7.2026", "15.7." (Finnish, no year), "15/07/2026".
static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(\d{1,2})([./])(\d{1,2})(?:[./](\d{4})\b|\.(?:\s|$))"));

fn year_of(s: Option<regex::Match<'_>>) -> Option<i16> {
    let y: i16 = s?.as_str().parse().ok()?;
    (1950..=2100).contains(&y).then_some(y)
}

fn plausible(d: DateFound) -> Option<DateFound> {
    let ok = match d.year {
        Some(y) => Date::new(y, d.month, d.day).is_ok(),
        // 29 February is possible without a year.
        None => Date::new(2028, d.month, d.day).is_ok(),
    };
    ok.then_some(d)
}

/// Dates with a month name, read by `re` whose groups `day` and `month` hold those parts.
fn named_month_dates(
    re: &Regex,
    day: usize,
    month: usize,
    text: &str,
    out: &mut Vec<(Range<usize>, Found)>,
) {
    for c in re.captures_iter(text) {
        let (Some(all), Some(d), Some(m)) = (c.get(0), c.get(day), c.get(month)) else {
            continue;
        };
        let (Ok(day), Some(month)) = (d.as_str().parse::<i8>(), month_of(m.as_str())) else {
            continue;
        };
        let found = DateFound {
            day,
            month,
            year: year_of(c.get(3)),
        };
        if let Some(f) = plausible(found) {
            out.push((all.range(), Found::Date(f)));
        }
    }
}

/// Every date in `text` with its byte range, in order of appearance.
pub fn find_dates(text: &str) -> Vec<(Range<usize>, Found)> {
    let mut out: Vec<(Range<usize>, Found)> = Vec::new();
    // "15 July 2026" and "July 15, 2026": the same parts in two orders (capture groups day and
    // month swap places; the year is group 3 in both).
    named_month_dates(&DAY_MONTH, 1, 2, text, &mut out);
    named_month_dates(&MONTH_DAY, 2, 1, text, &mut out);
    for c in NUMERIC.captures_iter(text) {
        let (Some(all), Some(a), Some(sep), Some(b)) = (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        let (Ok(a), Ok(b)) = (a.as_str().parse::<i8>(), b.as_str().parse::<i8>()) else {
            continue;
        };
        let year = year_of(c.get(4));
        if c.get(4).is_some() && year.is_none() {
            continue;
        }
        // Dots are day-first everywhere these texts come from. A slash is day-first in Europe
        // and month-first in the US, so it counts only when one reading is impossible.
        let found = if sep.as_str() == "." || a > 12 || a == b {
            Found::Date(DateFound {
                day: a,
                month: b,
                year,
            })
        } else if b > 12 {
            Found::Date(DateFound {
                day: b,
                month: a,
                year,
            })
        } else {
            Found::Ambiguous(all.as_str().trim().to_string())
        };
        match found {
            Found::Date(f) => {
                if let Some(f) = plausible(f) {
                    out.push((all.range(), Found::Date(f)));
                }
            }
            amb => out.push((all.range(), amb)),
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    // A range inside another (the "15 July" of "July 15, 2026") is the same date.
    let mut kept: Vec<(Range<usize>, Found)> = Vec::new();
    for (r, f) in out {
        if kept.last().is_some_and(|(k, _)| r.start < k.end) {
            continue;
        }
        kept.push((r, f));
    }
    kept
}

/// Words before a date that make it a deadline, in the six languages.
static BEFORE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\bbefore|\bno later than|\bnot later than|\buntil|\btill|\bby|\bafter|\bdeadline|\bbis zum|\bbis|\bspätestens(?: am| bis zum)?|\bvor dem|\bavant le|\bavant|\bjusqu'au|\bjusqu’au|\bd'ici le|\bau plus tard le|\bsenast(?: den)?|\bföre(?: den)?|\binnan|\btill och med|\bviimeistään|\bennen|(?:^|\s)до|(?:^|\s)не позднее)\s*:?\s*$",
    )
});
/// Finnish puts the word after the date: "15. heinäkuuta mennessä".
static AFTER_DATE: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:\d{4}\s+)?mennessä\b"));

/// The text just before byte `at`, at most `n` characters.
fn before(text: &str, at: usize, n: usize) -> &str {
    let head = text.get(..at).unwrap_or("");
    let start = head
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    head.get(start..).unwrap_or("")
}

/// Dates in `text` that a deadline word introduces, in order.
pub fn deadline_phrases(text: &str) -> Vec<Found> {
    find_dates(text)
        .into_iter()
        .filter(|(r, _)| {
            BEFORE_DATE.is_match(before(text, r.start, 40))
                || AFTER_DATE.is_match(text.get(r.end..).unwrap_or(""))
        })
        .map(|(_, f)| f)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: i8, month: i8, year: Option<i16>) -> Found {
        Found::Date(DateFound { day, month, year })
    }

    #[test]
    fn deadline_phrases_in_six_languages() {
        for (text, want) in [
            (
                "PLEASE SEND APPEALS BEFORE 4 MAY 2015 TO:",
                d(4, 5, Some(2015)),
            ),
            (
                "Please send appeals no later than 4 May 2015.",
                d(4, 5, Some(2015)),
            ),
            (
                "PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL: 15 July",
                d(15, 7, None),
            ),
            ("as soon as possible until 15 July", d(15, 7, None)),
            (
                "if sending appeals after 15 June 1994.",
                d(15, 6, Some(1994)),
            ),
            ("before September 27, 2019", d(27, 9, Some(2019))),
            (
                "Bitte schreiben Sie bis zum 15. Juli 2026.",
                d(15, 7, Some(2026)),
            ),
            ("spätestens am 3. März", d(3, 3, None)),
            ("Écrivez avant le 15 juillet 2026", d(15, 7, Some(2026))),
            ("jusqu'au 1er août 2026", d(1, 8, Some(2026))),
            ("avant le 2 decembre", d(2, 12, None)),
            ("avant le 2 décembre", d(2, 12, None)),
            ("Skriv senast den 15 juli", d(15, 7, None)),
            ("Kirjoita viimeistään 15.7.2026", d(15, 7, Some(2026))),
            ("Kirjoita 15. heinäkuuta mennessä", d(15, 7, None)),
            ("viimeistään 15. heinäkuuta 2026", d(15, 7, Some(2026))),
            ("Пишите до 15 июля 2026 года", d(15, 7, Some(2026))),
            ("не позднее 1 августа", d(1, 8, None)),
            ("until 15.07.2026", d(15, 7, Some(2026))),
            ("until 15/07/2026", d(15, 7, Some(2026))),
            ("until 07/15/2026", d(15, 7, Some(2026))),
            ("until 04/05/2026", Found::Ambiguous("04/05/2026".into())),
        ] {
            assert_eq!(deadline_phrases(text), vec![want], "{text}");
        }
    }

    #[test]
    fn dates_without_a_deadline_word_are_not_deadlines() {
        for text in [
            "He was detained on 1 February 2019.",
            "Date: 20 April 2015",
            "In May 2023 it was reported",
            "Penal Colony No. 18",
            "until 31 April",
        ] {
            assert_eq!(deadline_phrases(text), vec![], "{text}");
        }
    }

    #[test]
    fn month_forms() {
        for (word, month) in [
            ("July", 7),
            ("JULI", 7),
            ("juillet", 7),
            ("Août", 8),
            ("aout", 8),
            ("heinäkuuta", 7),
            ("heinäkuu", 7),
            ("joulukuun", 12),
            ("июля", 7),
            ("Июль", 7),
            ("maj", 5),
            ("Sept.", 9),
        ] {
            assert_eq!(month_of(word), Some(month), "{word}");
        }
        assert_eq!(month_of("Moscow"), None);
    }

    #[test]
    fn dates_resolve_only_when_complete() {
        let f = DateFound {
            day: 15,
            month: 7,
            year: Some(2026),
        };
        assert_eq!(f.date(), Some(jiff::civil::date(2026, 7, 15)));
        assert_eq!(DateFound { year: None, ..f }.date(), None);
    }
}
