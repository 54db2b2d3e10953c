//! Urgent actions: what supporters are asked to do about a case, by when, and to whom.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::deadline::Deadline;
use crate::error::{Problem, Violations};
use crate::lang::{Lang, Localized};
use crate::limits;
use crate::slug::Slug;
use crate::target::Target;

/// An appeal about a case: supporters write to its targets, starting from its model letters,
/// before its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrgentAction {
    /// The action's short name in URLs and files, such as `ua-45-26`.
    pub slug: Slug,
    /// The publisher's number, such as "UA 45/26".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<UaNumber>,
    /// The publisher's document index, such as "EUR 46/03/94".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub index: String,
    /// Where the action is in its life: a draft, published, closed or withdrawn.
    pub status: ActionStatus,
    /// The one-line title of the appeal, per language; required.
    pub headline: Localized,
    /// The opening paragraphs, per language: what is happening and what supporters should ask.
    #[serde(default, skip_serializing_if = "Localized::is_empty")]
    pub summary: Localized,
    /// The longer story behind the appeal, per language.
    #[serde(default, skip_serializing_if = "Localized::is_empty")]
    pub background: Localized,
    /// Slugs of the targets to write to, in the order the action lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Slug>,
    /// Languages the targets prefer, most preferred first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_languages: Vec<Lang>,
    /// The day the publisher issued the action; the deadline may not be before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_on: Option<Date>,
    /// The last day to act; required once the action is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// How many completed actions the organizers hope for; shown as progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<u32>,
    /// For a follow-up ("further information"): the action it continues.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continues: Option<Slug>,
    /// How many appeals Outcry sends for supporters to each target in an hour of its office
    /// hours ([`crate::pacing`]); the default when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail_per_hour: Option<u32>,
    /// Model letters by language.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub letters: BTreeMap<Lang, ModelLetter>,
}

/// A letter supporters start from; they may edit it or write their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelLetter {
    /// The subject line of the email, or the heading of the printed letter.
    pub subject: String,
    /// Empty: use the target's salutation in this language.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub salutation: String,
    /// The text of the letter between the salutation and the sign-off.
    pub body: String,
    /// The closing words before the supporter's signature, such as "Yours sincerely,".
    pub sign_off: String,
}

impl ModelLetter {
    /// How the letter greets `target`: the letter's own salutation, else the target's in the
    /// letter's language, else nothing. Trimmed.
    pub fn salutation_for<'a>(&'a self, target: Option<&'a Target>, lang: Lang) -> &'a str {
        let own = self.salutation.trim();
        if !own.is_empty() {
            return own;
        }
        target
            .and_then(|t| t.salutations.get(&lang))
            .map_or("", |s| s.trim())
    }
}

/// Where an urgent action is in its life; [`ActionStatus::can_become`] says which changes are
/// allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    /// Being written; not public.
    Draft,
    /// Public and open until its deadline.
    Published,
    /// Ended by an organizer or by its deadline.
    Closed,
    /// Taken back: supporters must stop acting (the person was released, or acting would harm).
    Withdrawn,
}

impl ActionStatus {
    /// Every status, in the order an action usually goes through them.
    pub const ALL: [ActionStatus; 4] = [
        ActionStatus::Draft,
        ActionStatus::Published,
        ActionStatus::Closed,
        ActionStatus::Withdrawn,
    ];

    /// The status as stored and written in files, such as `"published"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ActionStatus::Draft => "draft",
            ActionStatus::Published => "published",
            ActionStatus::Closed => "closed",
            ActionStatus::Withdrawn => "withdrawn",
        }
    }

    /// The status that [`ActionStatus::as_str`] writes as `s`; `None` for any other text.
    pub fn parse(s: &str) -> Option<ActionStatus> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Which changes of status make sense. A withdrawn action stays withdrawn: its supporters
    /// were told to stop, and re-opening it would confuse them; publish a follow-up instead.
    pub fn can_become(self, next: ActionStatus) -> bool {
        use ActionStatus::*;
        matches!(
            (self, next),
            (Draft, Published)
                | (Published, Closed)
                | (Published, Withdrawn)
                | (Closed, Published)
                | (Closed, Withdrawn)
                | (Draft, Withdrawn)
        ) || self == next
    }
}

/// An urgent-action number as publishers write it: "UA 45/26", "UA 036/22", and for further
/// information "UA 123/15-1". Leading zeros are kept, because they are part of how the
/// document is cited.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UaNumber(String);

impl UaNumber {
    /// The number as published, such as "UA 45/26".
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-digit year, as a full year (94 → 1994, 26 → 2026).
    pub fn year(&self) -> Option<i16> {
        let yy: i16 = self.0.split('/').nth(1)?.get(..2)?.parse().ok()?;
        Some(if yy >= 70 { 1900 + yy } else { 2000 + yy })
    }
}

impl FromStr for UaNumber {
    type Err = Problem;
    fn from_str(s: &str) -> Result<Self, Problem> {
        let invalid = || Problem::InvalidUaNumber {
            value: s.to_string(),
        };
        let rest = s.trim();
        let rest = rest.strip_prefix("UA").ok_or_else(invalid)?.trim_start();
        let (seq, year) = rest.split_once('/').ok_or_else(invalid)?;
        let (yy, part) = match year.split_once('-') {
            Some((yy, part)) => (yy, Some(part)),
            None => (year, None),
        };
        let digits = |t: &str, min: usize, max: usize| {
            (min..=max).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
        };
        if digits(seq, 1, 4) && digits(yy, 2, 2) && part.is_none_or(|p| digits(p, 1, 2)) {
            Ok(UaNumber(format!("UA {seq}/{year}")))
        } else {
            Err(invalid())
        }
    }
}

impl TryFrom<String> for UaNumber {
    type Error = Problem;
    fn try_from(s: String) -> Result<Self, Problem> {
        s.parse()
    }
}

impl From<UaNumber> for String {
    fn from(n: UaNumber) -> String {
        n.0
    }
}

impl fmt::Display for UaNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl UrgentAction {
    /// How appeals sent for supporters are spread over each target's hours.
    pub fn pacing(&self) -> crate::pacing::Pacing {
        crate::pacing::Pacing {
            per_hour: self
                .mail_per_hour
                .unwrap_or(crate::pacing::DEFAULT_PER_HOUR),
            ..crate::pacing::Pacing::default()
        }
    }

    /// A draft with only a slug and a headline.
    pub fn draft(slug: Slug, headline: Localized) -> Self {
        UrgentAction {
            slug,
            number: None,
            index: String::new(),
            status: ActionStatus::Draft,
            headline,
            summary: Localized::new(),
            background: Localized::new(),
            targets: Vec::new(),
            preferred_languages: Vec::new(),
            published_on: None,
            deadline: None,
            goal: None,
            continues: None,
            mail_per_hour: None,
            letters: BTreeMap::new(),
        }
    }

    /// Checks the action on its own; references to targets are checked by the bundle.
    pub fn check(&self, v: &mut Violations, at: &str) {
        self.headline
            .check(v, &format!("{at}.headline"), limits::LINE, true);
        self.summary
            .check(v, &format!("{at}.summary"), limits::PARAGRAPHS, false);
        self.background
            .check(v, &format!("{at}.background"), limits::PARAGRAPHS, false);
        v.optional_text(&format!("{at}.index"), &self.index, 40);
        if let Some(deadline) = &self.deadline {
            deadline.check(v, &format!("{at}.deadline"));
            if let Some(published) = self.published_on
                && deadline.date < published
            {
                v.push(
                    format!("{at}.deadline"),
                    Problem::DeadlineBeforePublication {
                        deadline: deadline.date.to_string(),
                        published: published.to_string(),
                    },
                );
            }
        } else if self.status == ActionStatus::Published {
            v.push(format!("{at}.deadline"), Problem::PublishedWithoutDeadline);
        }
        for (lang, letter) in &self.letters {
            let lat = format!("{at}.letters.{lang}");
            v.text(&format!("{lat}.subject"), &letter.subject, limits::LINE);
            v.optional_text(
                &format!("{lat}.salutation"),
                &letter.salutation,
                limits::LINE,
            );
            v.text(&format!("{lat}.body"), &letter.body, limits::LETTER);
            v.text(&format!("{lat}.sign_off"), &letter.sign_off, limits::LINE);
        }
        if self.status == ActionStatus::Published {
            for lang in &self.preferred_languages {
                if !self.letters.contains_key(lang) {
                    v.push(
                        format!("{at}.letters"),
                        Problem::MissingLetter {
                            lang: lang.to_string(),
                        },
                    );
                }
            }
        }
        let mut seen = Vec::new();
        for (i, t) in self.targets.iter().enumerate() {
            if seen.contains(&t) {
                v.push(
                    format!("{at}.targets[{i}]"),
                    Problem::Duplicate {
                        value: t.to_string(),
                    },
                );
            }
            seen.push(t);
        }
        if let Some(n) = self.mail_per_hour
            && !(1..=crate::pacing::MAX_PER_HOUR).contains(&n)
        {
            v.push(
                format!("{at}.mail_per_hour"),
                Problem::NumberOutOfRange {
                    value: i64::from(n),
                    min: 1,
                    max: i64::from(crate::pacing::MAX_PER_HOUR),
                },
            );
        }
        if self.continues.as_ref() == Some(&self.slug) {
            v.push(
                format!("{at}.continues"),
                Problem::UnknownAction {
                    value: self.slug.to_string(),
                },
            );
        }
    }

    /// Seen by the public: anything but a draft. A closed or withdrawn action keeps its page,
    /// which then says so; a draft does not exist outside the organizers' tools.
    pub fn is_public(&self) -> bool {
        self.status != ActionStatus::Draft
    }

    /// The model letter a reader of `mine` starts from: in their own language when the targets
    /// read it, otherwise in the targets' first preferred language that has a model letter.
    pub fn letter_language_for(&self, mine: Lang) -> Lang {
        if self.letters.contains_key(&mine)
            && (self.preferred_languages.is_empty() || self.preferred_languages.contains(&mine))
        {
            return mine;
        }
        self.preferred_languages
            .iter()
            .find(|l| self.letters.contains_key(l))
            .or_else(|| self.letters.keys().next())
            .copied()
            .unwrap_or(mine)
    }

    /// Open for supporters at `now`: published and before the end of its deadline day.
    pub fn is_open(&self, now: jiff::Timestamp) -> bool {
        self.status == ActionStatus::Published
            && self.deadline.as_ref().is_some_and(|d| !d.has_passed(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn ua_numbers_in_published_forms() {
        for (input, kept) in [
            ("UA 45/26", "UA 45/26"),
            ("UA 036/22", "UA 036/22"),
            ("UA446/94", "UA 446/94"),
            ("UA 123/15-1", "UA 123/15-1"),
        ] {
            assert_eq!(
                input.parse::<UaNumber>().map(String::from),
                Ok(kept.to_string())
            );
        }
        for bad in ["", "45/26", "UA 45", "UA 45/2026", "UA x/26", "UA 12345/26"] {
            assert!(
                bad.parse::<UaNumber>().is_err(),
                "{bad:?} should be refused"
            );
        }
        assert_eq!(
            "UA 446/94".parse::<UaNumber>().ok().and_then(|n| n.year()),
            Some(1994)
        );
        assert_eq!(
            "UA 45/26".parse::<UaNumber>().ok().and_then(|n| n.year()),
            Some(2026)
        );
    }

    fn action() -> UrgentAction {
        let mut a = UrgentAction::draft(
            "ua-45-26".parse().expect("slug"),
            Localized::one(Lang::EN, "Headline"),
        );
        a.published_on = Some(date(2026, 5, 1));
        a.deadline = Some(Deadline::new(date(2026, 7, 15), "Europe/Moscow"));
        a
    }

    #[test]
    fn an_hourly_cap_for_mail_is_between_one_and_a_thousand_and_thirty_by_default() {
        let mut a = action();
        assert_eq!(a.pacing().per_hour, 30);
        for (cap, ok) in [(1, true), (1_000, true), (0, false), (1_001, false)] {
            a.mail_per_hour = Some(cap);
            let mut v = Violations::default();
            a.check(&mut v, "actions[0]");
            assert_eq!(v.is_empty(), ok, "{cap}: {v:?}");
            if ok {
                assert_eq!(a.pacing().per_hour, cap);
            } else {
                assert_eq!(v.0[0].field, "actions[0].mail_per_hour");
            }
        }
    }

    #[test]
    fn a_deadline_before_publication_is_an_error() {
        let mut a = action();
        let mut v = Violations::default();
        a.check(&mut v, "actions[0]");
        assert!(v.is_empty(), "{v}");
        a.deadline = Some(Deadline::new(date(2026, 4, 30), "Europe/Moscow"));
        a.check(&mut v, "actions[0]");
        assert_eq!(
            v.0[0].problem.key(),
            "validation-deadline-before-publication"
        );
        assert_eq!(v.0[0].field, "actions[0].deadline");
    }

    #[test]
    fn a_published_action_needs_letters_in_its_preferred_languages() {
        let mut a = action();
        a.status = ActionStatus::Published;
        a.preferred_languages = vec![Lang::RU, Lang::EN];
        a.letters.insert(
            Lang::EN,
            ModelLetter {
                subject: "S".into(),
                salutation: String::new(),
                body: "B".into(),
                sign_off: "Yours".into(),
            },
        );
        let mut v = Violations::default();
        a.check(&mut v, "a");
        assert_eq!(v.0.len(), 1);
        assert_eq!(v.0[0].problem, Problem::MissingLetter { lang: "ru".into() });
    }

    #[test]
    fn status_changes() {
        assert!(ActionStatus::Draft.can_become(ActionStatus::Published));
        assert!(ActionStatus::Published.can_become(ActionStatus::Withdrawn));
        assert!(!ActionStatus::Withdrawn.can_become(ActionStatus::Published));
        assert!(!ActionStatus::Published.can_become(ActionStatus::Draft));
    }

    #[test]
    fn open_only_while_published_and_before_the_deadline() {
        let mut a = action();
        let before: jiff::Timestamp = "2026-07-01T00:00:00Z".parse().expect("ts");
        let after: jiff::Timestamp = "2026-07-16T00:00:00Z".parse().expect("ts");
        assert!(!a.is_open(before), "drafts are not open");
        a.status = ActionStatus::Published;
        assert!(a.is_open(before));
        assert!(!a.is_open(after));
    }
}
