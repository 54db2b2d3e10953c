//! Cases: the people at risk and what has happened to them.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::address::LetterAddress;
use crate::error::{Problem, Violations};
use crate::lang::Localized;
use crate::limits;
use crate::relay::Relay;
use crate::slug::Slug;

/// The person at risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The case's short name in URLs and files, such as `azat-miftakhov`.
    pub slug: Slug,
    /// The person's name per language ("Azat Miftakhov", "Азат Мифтахов").
    pub name: Localized,
    /// The pronouns the person uses; unknown unless the file says.
    #[serde(default)]
    pub pronouns: Pronouns,
    /// The year the person was born, if known; from [`Case::MIN_BIRTH_YEAR`] to this year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<i32>,
    /// Where the person stands now: detained, on trial, sentenced, released, missing or deceased.
    pub status: CaseStatus,
    /// One or two paragraphs on who they are and why they are at risk.
    #[serde(default, skip_serializing_if = "Localized::is_empty")]
    pub summary: Localized,
    /// What has happened to the person, in any order; [`Case::timeline_sorted`] sorts it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<TimelineEvent>,
    /// Addresses for letters, oldest first; see [`Case::current_address`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<LetterAddress>,
    /// How to donate, in Markdown per language.
    #[serde(default, skip_serializing_if = "Localized::is_empty")]
    pub donations: Localized,
    /// Links to more about the case, such as a support group's site or news articles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Set when the group prints and posts supporters' letters to the person (relay mode);
    /// without it, supporters post their letters themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<Relay>,
    /// Notes for organizers, never shown to the public (sources, discrepancies, to-dos).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// The pronouns a person uses. They choose grammatical gender in Russian letters
/// (Дорогой / Дорогая), so they are a closed set with an escape hatch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pronouns {
    /// He/him: letters in Russian use masculine forms.
    He,
    /// She/her: letters in Russian use feminine forms.
    She,
    /// They/them: letters in Russian avoid gendered endings where they can.
    They,
    /// Not known: letters are worded as for [`Pronouns::They`].
    #[default]
    Unknown,
}

impl Pronouns {
    /// Reads "he/him", "she/her", "they/them" and the like.
    pub fn parse_loose(s: &str) -> Pronouns {
        let first = s
            .trim()
            .split(['/', ' ', ','])
            .next()
            .unwrap_or("")
            .to_lowercase();
        match first.as_str() {
            "he" | "him" | "his" => Pronouns::He,
            "she" | "her" | "hers" => Pronouns::She,
            "they" | "them" | "their" => Pronouns::They,
            _ => Pronouns::Unknown,
        }
    }
}

/// Where a person at risk stands: in custody, before a court, in prison, free, missing or dead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Held before trial.
    Detained,
    /// Charged and before a court.
    OnTrial,
    /// Convicted and serving a sentence.
    Sentenced,
    /// Free again.
    Released,
    /// Whereabouts unknown: disappeared, held incommunicado.
    Missing,
    /// Has died.
    Deceased,
}

impl CaseStatus {
    /// Every status, the usual course of a case first.
    pub const ALL: [CaseStatus; 6] = [
        CaseStatus::Detained,
        CaseStatus::OnTrial,
        CaseStatus::Sentenced,
        CaseStatus::Released,
        CaseStatus::Missing,
        CaseStatus::Deceased,
    ];

    /// The status as stored and written in files, such as `"on_trial"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            CaseStatus::Detained => "detained",
            CaseStatus::OnTrial => "on_trial",
            CaseStatus::Sentenced => "sentenced",
            CaseStatus::Released => "released",
            CaseStatus::Missing => "missing",
            CaseStatus::Deceased => "deceased",
        }
    }

    /// The status that [`CaseStatus::as_str`] writes as `s`; `None` for any other text.
    pub fn parse(s: &str) -> Option<CaseStatus> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A dated event in a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEvent {
    /// The day it happened.
    pub date: Date,
    /// What sort of event it was.
    pub kind: EventKind,
    /// What happened, in a sentence or a paragraph, per language.
    pub text: Localized,
}

/// What sort of event a timeline entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Detained by the police or security services.
    Arrest,
    /// Formally charged with a crime.
    Charge,
    /// A trial begun or a court hearing held.
    Trial,
    /// Sentenced by a court.
    Sentence,
    /// An appeal lodged, heard or decided.
    Appeal,
    /// Moved to another prison: the address for letters changes.
    Transfer,
    /// Set free.
    Release,
    /// Torture or other ill-treatment reported.
    IllTreatment,
    /// Anything else worth recording.
    Other,
}

impl EventKind {
    /// Every kind, in the usual order of a case, then ill-treatment and anything else.
    pub const ALL: [EventKind; 9] = [
        EventKind::Arrest,
        EventKind::Charge,
        EventKind::Trial,
        EventKind::Sentence,
        EventKind::Appeal,
        EventKind::Transfer,
        EventKind::Release,
        EventKind::IllTreatment,
        EventKind::Other,
    ];

    /// The kind as stored and written in files, such as `"ill_treatment"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            EventKind::Arrest => "arrest",
            EventKind::Charge => "charge",
            EventKind::Trial => "trial",
            EventKind::Sentence => "sentence",
            EventKind::Appeal => "appeal",
            EventKind::Transfer => "transfer",
            EventKind::Release => "release",
            EventKind::IllTreatment => "ill_treatment",
            EventKind::Other => "other",
        }
    }

    /// The kind that [`EventKind::as_str`] writes as `s`; `None` for any other text.
    pub fn parse(s: &str) -> Option<EventKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A link to more about the case (a support group's site, a news article).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The text of the link, such as the site's or the article's name.
    pub title: String,
    /// The web address; it must start with `https://` or `http://`.
    pub url: String,
}

impl Case {
    /// The earliest birth year Outcry accepts; anything before is a typo.
    pub const MIN_BIRTH_YEAR: i32 = 1900;

    /// A case with only what every case needs.
    pub fn new(slug: Slug, name: Localized, status: CaseStatus) -> Self {
        Case {
            slug,
            name,
            pronouns: Pronouns::Unknown,
            birth_year: None,
            status,
            summary: Localized::new(),
            timeline: Vec::new(),
            addresses: Vec::new(),
            donations: Localized::new(),
            links: Vec::new(),
            relay: None,
            notes: String::new(),
        }
    }

    /// The address letters should go to now: the newest one that has not been superseded.
    pub fn current_address(&self) -> Option<&LetterAddress> {
        self.addresses
            .iter()
            .rev()
            .find(|a| a.superseded_on.is_none())
    }

    /// True when the timeline has a transfer (or release) after the current address was last
    /// verified, or there is no current address although there are old ones: letters may go
    /// to the wrong place, and pages must say so.
    pub fn address_may_be_stale(&self) -> bool {
        let Some(current) = self.current_address() else {
            return !self.addresses.is_empty();
        };
        let checked = current.verified_on.or(current.valid_from);
        self.timeline.iter().any(|e| {
            matches!(e.kind, EventKind::Transfer | EventKind::Release)
                && checked.is_none_or(|c| e.date > c)
        })
    }

    /// The timeline in date order (the file may list it in any order).
    pub fn timeline_sorted(&self) -> Vec<&TimelineEvent> {
        let mut events: Vec<&TimelineEvent> = self.timeline.iter().collect();
        events.sort_by_key(|e| e.date);
        events
    }

    /// Checks the case's own fields; `today` bounds the birth year.
    pub fn check(&self, v: &mut Violations, today: jiff::civil::Date) {
        self.name.check(v, "case.name", limits::NAME, true);
        if let Some(year) = self.birth_year {
            let max = i32::from(today.year());
            if !(Self::MIN_BIRTH_YEAR..=max).contains(&year) {
                v.push(
                    "case.birth_year",
                    Problem::YearOutOfRange {
                        value: year,
                        min: Self::MIN_BIRTH_YEAR,
                        max,
                    },
                );
            }
        }
        self.summary
            .check(v, "case.summary", limits::PARAGRAPHS, false);
        self.donations
            .check(v, "case.donations", limits::PARAGRAPHS, false);
        for (i, e) in self.timeline.iter().enumerate() {
            e.text.check(
                v,
                &format!("case.timeline[{i}].text"),
                limits::PARAGRAPHS,
                true,
            );
        }
        for (i, a) in self.addresses.iter().enumerate() {
            a.check(v, &format!("case.addresses[{i}]"));
        }
        for (i, l) in self.links.iter().enumerate() {
            v.text(&format!("case.links[{i}].title"), &l.title, limits::LINE);
            v.text(&format!("case.links[{i}].url"), &l.url, limits::LINE);
            if !(l.url.starts_with("https://") || l.url.starts_with("http://")) {
                v.push(
                    format!("case.links[{i}].url"),
                    Problem::InvalidUrl {
                        value: l.url.clone(),
                    },
                );
            }
        }
        if let Some(relay) = &self.relay {
            relay.check(v, "case.relay");
        }
        v.optional_text("case.notes", &self.notes, limits::PARAGRAPHS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use jiff::civil::date;

    fn case() -> Case {
        let mut c = Case::new(
            "x".parse().expect("slug"),
            Localized::one(Lang::EN, "X"),
            CaseStatus::Sentenced,
        );
        let mut old = LetterAddress::new("612744, Омутнинск, ИК-17");
        old.verified_on = Some(date(2024, 5, 1));
        c.addresses.push(old);
        c
    }

    fn transfer(on: jiff::civil::Date) -> TimelineEvent {
        TimelineEvent {
            date: on,
            kind: EventKind::Transfer,
            text: Localized::one(Lang::EN, "moved"),
        }
    }

    #[test]
    fn a_transfer_after_verification_makes_the_address_stale() {
        let mut c = case();
        assert!(!c.address_may_be_stale());
        c.timeline.push(transfer(date(2023, 1, 1)));
        assert!(
            !c.address_may_be_stale(),
            "a transfer before verification is already reflected"
        );
        c.timeline.push(transfer(date(2026, 4, 21)));
        assert!(c.address_may_be_stale());
    }

    #[test]
    fn a_superseded_address_is_not_current() {
        let mut c = case();
        c.addresses[0].superseded_on = Some(date(2026, 4, 21));
        assert!(c.current_address().is_none());
        assert!(
            c.address_may_be_stale(),
            "no current address but old ones: warn"
        );
    }

    #[test]
    fn pronouns_read_loosely() {
        assert_eq!(Pronouns::parse_loose("he/him"), Pronouns::He);
        assert_eq!(Pronouns::parse_loose(" She/Her "), Pronouns::She);
        assert_eq!(Pronouns::parse_loose("they/them"), Pronouns::They);
        assert_eq!(Pronouns::parse_loose("xe/xem"), Pronouns::Unknown);
    }

    #[test]
    fn birth_year_must_be_plausible() {
        let mut c = case();
        c.birth_year = Some(1993);
        let mut v = Violations::default();
        c.check(&mut v, date(2026, 11, 22));
        assert!(v.is_empty(), "{v}");
        c.birth_year = Some(2093);
        c.check(&mut v, date(2026, 11, 22));
        assert_eq!(v.0[0].field, "case.birth_year");
    }
}
