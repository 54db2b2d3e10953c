//! Official blocks: the lines naming one official to write to, turned into a [`Target`]-to-be.
//! Layouts differ in order ("Prosecutor …" then the name in the current layout, "Mr Viktor
//! Yerin" then "Minister …" in the 1990s), so each line is classified on its own: contact lines
//! by their label, the country by name, the name by its shape, titles by office words, and
//! everything from the first street or postcode line on is the postal address.

use std::sync::LazyLock;

use outcry_domain::{Country, Email, Phone};
use regex::Regex;

use super::clean::re;

/// One official as read, before slugs and languages are settled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawTarget {
    pub name: String,
    pub title: String,
    pub organization: String,
    pub address: Vec<String>,
    pub country: Option<Country>,
    pub emails: Vec<Email>,
    pub phones: Vec<Phone>,
    pub fax: Option<Phone>,
    pub salutation: Option<String>,
    /// Values that looked like contacts but did not parse ("phone: call the office").
    pub rejected: Vec<String>,
}

static SALUTATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:salutation|anrede|formule d'appel|formule de politesse|hälsningsfras|tilltal|tervehdys|обращение)\s*:\s*(.*)$",
    )
});
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:phones?|tel\.?|telephone|telefon|téléphone|tél\.?|puh\.?|puhelin|телефон|тел\.)\s*:?\s*(.*)$",
    )
});
static FAX: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:fax(?:es)?|telefax|faksi|факс)\s*:?\s*(.*)$"));
static EMAIL_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:e-?mails?|courriel|e-post|sähköposti|эл\.?\s*почта)\s*:?\s*(.*)$")
});
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"));
/// Contact lines with nothing a target keeps.
static IGNORED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:twitter|facebook|instagram|telegram|telegrams|website|web|url|vk|x)\s*:")
});
/// Where an address starts: a street word, or a line with a number in it.
static STREET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:ul\.|ulitsa|pr\.|prospekt|pl\.|ploshchad|per\.|pereulok|shosse|naberezhnaya|ул\.|улица|пр\.|проспект|пл\.|пер\.|p\.?o\.? box|box|rue|str\.|straße|strasse|gatan)\b|\d",
    )
});
/// Honorifics before a name: the envelope name goes without them.
static HONORIFIC: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?:Mr|Mrs|Ms|Dr|Prof|Herrn|Herr|Frau|M|Mme|Monsieur|Madame|Hr|Fru|Herra|Rouva|H\.E|г-н|г-жа)\.?\s+)+",
    )
});

/// Words that mark a line as an office or a title rather than a person's name.
const OFFICE_WORDS: &[&str] = &[
    "prosecutor",
    "procurator",
    "minister",
    "ministry",
    "president",
    "head",
    "director",
    "chair",
    "chairman",
    "chairperson",
    "governor",
    "ambassador",
    "embassy",
    "general",
    "office",
    "department",
    "commissioner",
    "ombudsman",
    "committee",
    "council",
    "court",
    "judge",
    "chief",
    "service",
    "administration",
    "federal",
    "republic",
    "federation",
    "supervision",
    "colony",
    "staatsanwalt",
    "generalstaatsanwalt",
    "botschaft",
    "präsident",
    "ministerin",
    "procureur",
    "ministre",
    "ambassade",
    "président",
    "åklagare",
    "ambassad",
    "syyttäjä",
    "ministeri",
    "suurlähetystö",
    "presidentti",
    "прокурор",
    "министр",
    "посол",
    "председатель",
    "начальник",
    "уполномоченный",
    "генеральный",
    "генпрокуратура",
];

/// True when the text names an office or a title.
pub fn has_office_word(s: &str) -> bool {
    s.split(|c: char| !c.is_alphabetic())
        .map(str::to_lowercase)
        .any(|w| OFFICE_WORDS.contains(&w.as_str()))
        || s.to_lowercase().contains(" of the ")
}

/// A line's address without a trailing country ("629420 Russian Federation" → "629420", RU).
fn split_country(line: &str) -> (String, Option<Country>) {
    let line = line.trim().trim_end_matches([',', '.']);
    if let Some(c) = Country::from_english_name(line) {
        return (String::new(), Some(c));
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    for n in 1..=3.min(words.len().saturating_sub(1)) {
        let (head, tail) = words.split_at(words.len() - n);
        if let Some(c) = Country::from_english_name(&tail.join(" ")) {
            let head = head.join(" ");
            return (head.trim_end_matches(',').trim().to_string(), Some(c));
        }
    }
    (line.to_string(), None)
}

fn add_phones(rest: &str, into: &mut Vec<Phone>, rejected: &mut Vec<String>) {
    for part in rest.split([';', ',']).flat_map(|p| p.split(" or ")) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match part.parse::<Phone>() {
            Ok(p) if !into.contains(&p) => into.push(p),
            Ok(_) => {}
            Err(_) => rejected.push(part.to_string()),
        }
    }
}

fn add_emails(line: &str, into: &mut Vec<Email>, rejected: &mut Vec<String>) {
    for m in EMAIL.find_iter(line) {
        let raw = m.as_str().trim_end_matches('.');
        match raw.parse::<Email>() {
            Ok(e) if !into.contains(&e) => into.push(e),
            Ok(_) => {}
            Err(_) => rejected.push(raw.to_string()),
        }
    }
}

/// True for a line that is only email addresses (a continuation of an "emails:" line).
fn only_emails(line: &str) -> bool {
    EMAIL.is_match(line)
        && EMAIL
            .replace_all(line, "")
            .chars()
            .all(|c| c.is_whitespace() || ",;/".contains(c))
}

/// Reads one official's lines.
pub fn parse_block<'a>(lines: impl IntoIterator<Item = &'a str>) -> RawTarget {
    let mut t = RawTarget::default();
    let mut in_address = false;
    let mut unnamed: Vec<String> = Vec::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() || IGNORED.is_match(line) {
            continue;
        }
        if let Some(c) = SALUTATION.captures(line) {
            let s = c
                .get(1)
                .map_or("", |m| m.as_str())
                .trim()
                .trim_end_matches(',');
            if !s.is_empty() {
                t.salutation = Some(s.to_string());
            }
            continue;
        }
        if let Some(rest) = FAX.captures(line).and_then(|c| c.get(1)) {
            let mut faxes = Vec::new();
            add_phones(rest.as_str(), &mut faxes, &mut t.rejected);
            t.fax = t.fax.take().or_else(|| faxes.into_iter().next());
            continue;
        }
        if let Some(rest) = PHONE.captures(line).and_then(|c| c.get(1)) {
            add_phones(rest.as_str(), &mut t.phones, &mut t.rejected);
            continue;
        }
        if EMAIL_LABEL.is_match(line) || only_emails(line) {
            add_emails(line, &mut t.emails, &mut t.rejected);
            continue;
        }
        let (rest, country) = split_country(line);
        if country.is_some() {
            t.country = t.country.or(country);
            if rest.is_empty() {
                continue;
            }
        }
        if !in_address && STREET.is_match(&rest) && !(t.name.is_empty() && unnamed.is_empty()) {
            in_address = true;
        }
        if in_address {
            t.address.push(rest);
            continue;
        }
        let bare = HONORIFIC.replace(&rest, "").trim().to_string();
        if t.name.is_empty() && super::person::looks_like_name(&bare) {
            t.name = bare;
        } else if unnamed.len() < 2 {
            unnamed.push(rest);
        } else {
            in_address = true;
            t.address.push(rest);
        }
    }
    // Office lines: the first is the title, the second the organization. With no person's
    // name at all, the office itself is who the letter goes to.
    let mut offices = unnamed.into_iter();
    if t.name.is_empty() {
        t.name = offices.next().unwrap_or_default();
    }
    t.title = offices.next().unwrap_or_default();
    t.organization = offices.next().unwrap_or_default();
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_official() {
        let t = parse_block([
            "Prosecutor for Supervision of Law Enforcement in Correctional Institutions of the Yamalo-Nenets Autonomous Okrug",
            "Mityayev Mikhail Arkadyevich",
            "ul. Dzerzhinskogo, 13",
            "Labytnangi, Harp village",
            "Yamalo-Nenets Autonomous Okrug",
            "629420 Russian Federation",
            "phone: +7 (34992) 7-25-28",
            "emails: proknadzor-iu-yanao@89.mailop.ru",
            "prokyanao@89.mailop.ru",
            "prokyan-iu@yandex.ru",
        ]);
        assert_eq!(t.name, "Mityayev Mikhail Arkadyevich");
        assert!(t.title.starts_with("Prosecutor for Supervision"));
        assert_eq!(
            t.address,
            vec![
                "ul. Dzerzhinskogo, 13",
                "Labytnangi, Harp village",
                "Yamalo-Nenets Autonomous Okrug",
                "629420"
            ]
        );
        assert_eq!(t.country, Some(Country::RU));
        assert_eq!(t.phones.len(), 1);
        assert_eq!(t.emails.len(), 3);
    }

    #[test]
    fn an_old_official_with_honorific_and_fax() {
        let t = parse_block([
            "Mr Viktor Yerin",
            "Minister of Internal Affairs",
            "ul. Zhitnaya 16",
            "117049 Moscow",
            "Russia",
            "Telegrams: Minister of Internal Affairs, Moscow, Russia",
            "Faxes: +7 095 237 4925",
            "Salutation: Dear Minister",
        ]);
        assert_eq!(t.name, "Viktor Yerin");
        assert_eq!(t.title, "Minister of Internal Affairs");
        assert_eq!(t.address, vec!["ul. Zhitnaya 16", "117049 Moscow"]);
        assert_eq!(t.fax.map(String::from), Some("+7 095 237 4925".into()));
        assert_eq!(t.salutation.as_deref(), Some("Dear Minister"));
    }

    #[test]
    fn an_office_without_a_person() {
        let t = parse_block(["Prosecutor General's Office", "ul. Bolshaya Dmitrovka 15a"]);
        assert_eq!(t.name, "Prosecutor General's Office");
        assert_eq!(t.address, vec!["ul. Bolshaya Dmitrovka 15a"]);
    }
}
