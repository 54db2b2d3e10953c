//! Relay mode: letters of support that supporters write to a prisoner and the group prints and
//! posts for them, so that writers need no stamps, no envelope and no trip to the post office.
//!
//! A case takes letters for relay when its organizers give it a [`Relay`] setting (the group's
//! name and return address). A writer's [`RelayLetter`] then waits in a moderation queue, in a
//! [`RelayStatus`], until an organizer approves or rejects it and approved letters are printed.
//!
//! A hostile state would like the list of a prisoner's supporters, so a relay letter is only
//! what goes on paper: the text, the signature and the return address the writer chose
//! (none means the group's). Who sent it, from where and when exactly is not part of it.

use serde::{Deserialize, Serialize};

use crate::error::{Problem, Violations};
use crate::lang::Lang;
use crate::limits;

/// A case's relay setting: who prints the letters, and where replies go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relay {
    /// The group's name as printed as return addressee, such as "Outcry demo group".
    pub group: String,
    /// The group's return address, one envelope line each, in Latin script, country last. The
    /// group's name is not repeated here: it is [`Relay::group`].
    pub return_address: Vec<String>,
    /// Days this case keeps a letter's sealed content after it was printed or rejected, when
    /// it must differ from the site's `--retention-days`: shorter for a prisoner whose letters
    /// draw attention, longer while the group still answers replies. 0 erases at the next run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u32>,
}

impl Relay {
    /// The most lines a return address may have: an envelope has room for about this many.
    pub const MAX_ADDRESS_LINES: usize = 8;
    /// The longest a case may keep its letters: ten years is already far longer than any
    /// group needs, and a larger number is more likely a typo.
    pub const MAX_RETENTION_DAYS: u32 = 3650;

    /// Checks the setting; `at` is its path, such as `case.relay`.
    pub fn check(&self, v: &mut Violations, at: &str) {
        required_line(v, &format!("{at}.group"), &self.group, limits::NAME);
        let field = format!("{at}.return_address");
        let count = self.return_address.len();
        if count == 0 {
            v.push(&field, Problem::Empty);
        } else if count > Self::MAX_ADDRESS_LINES {
            v.push(
                &field,
                Problem::TooMany {
                    count,
                    max: Self::MAX_ADDRESS_LINES,
                },
            );
        }
        for (i, line) in self.return_address.iter().enumerate() {
            required_line(v, &format!("{field}[{i}]"), line, limits::LINE);
        }
        if let Some(days) = self
            .retention_days
            .filter(|&d| d > Self::MAX_RETENTION_DAYS)
        {
            v.push(
                format!("{at}.retention_days"),
                Problem::DaysOutOfRange {
                    value: days,
                    min: 0,
                    max: Self::MAX_RETENTION_DAYS,
                },
            );
        }
    }
}

/// How long the content of relay letters is kept once it has served (printed or rejected):
/// the site's default, unless a case sets its own ([`Relay::retention_days`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// The site's default, in days (`--retention-days`).
    pub default_days: u32,
}

impl Retention {
    /// Days for the letters of a case with this relay setting (or none any more).
    pub fn days_for(&self, relay: Option<&Relay>) -> u32 {
        relay
            .and_then(|r| r.retention_days)
            .unwrap_or(self.default_days)
    }

    /// Letters closed at or before this moment are past their retention at `now`.
    pub fn cutoff(&self, relay: Option<&Relay>, now: jiff::Timestamp) -> jiff::Timestamp {
        let keep = jiff::SignedDuration::from_hours(i64::from(self.days_for(relay)) * 24);
        // Beyond the calendar: nothing is old enough.
        now.checked_sub(keep).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }
}

/// A letter a writer submitted for the group to print and post, exactly as it will be printed.
///
/// Serializable because it is stored sealed: its JSON is what is sealed to the organization's
/// key, so the field names are part of what stored letters contain and must not change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayLetter {
    /// The writer's interface language, for moderation: the language the writer thinks in,
    /// which their own words may slip into where the text is not all Russian.
    pub lang: Lang,
    /// The full letter in Russian, as the writer finished it: prison censors read Russian, and
    /// a letter in another language waits for a translator or never arrives.
    pub text: String,
    /// What is printed under the letter: by default the writer's first name only. May be
    /// empty: a writer may sign with nothing at all.
    pub signature: String,
    /// The return address the writer chose to print, one line each; empty means the group's
    /// ([`Relay`]), which is the default and keeps the writer's address off paper.
    pub return_address: Vec<String>,
}

impl RelayLetter {
    /// The return address on the envelope: the writer's own if they chose to give it (under
    /// their signature), else the group's name and address.
    pub fn return_lines(&self, relay: &Relay) -> Vec<String> {
        if self.return_address.is_empty() {
            std::iter::once(relay.group.clone())
                .chain(relay.return_address.iter().cloned())
                .collect()
        } else {
            let signed = (!self.signature.trim().is_empty()).then(|| self.signature.clone());
            signed
                .into_iter()
                .chain(self.return_address.iter().cloned())
                .collect()
        }
    }

    /// The longest text, in characters: about two printed pages.
    pub const MAX_TEXT: usize = limits::PRISON_LETTER;
    /// The longest signature, in characters.
    pub const MAX_SIGNATURE: usize = limits::SIGNATURE;
    /// The most lines of a writer's own return address.
    pub const MAX_ADDRESS_LINES: usize = limits::RETURN_ADDRESS_LINES;

    /// Checks what the writer submitted: a text that is not empty and not too long, with no
    /// control characters but line breaks and tabs, and no direction overrides (which would
    /// make a line read differently on paper than in the moderation queue); a signature and
    /// address lines of one line each. Markup of any kind is plain text here: whatever prints
    /// the letter must print it as typed.
    pub fn check(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        if self.text.trim().is_empty() {
            v.push("text", Problem::Empty);
        } else {
            v.letter_text("text", &self.text, Self::MAX_TEXT);
        }
        v.letter_line("signature", &self.signature, Self::MAX_SIGNATURE);
        let count = self.return_address.len();
        if count > Self::MAX_ADDRESS_LINES {
            v.push(
                "return_address",
                Problem::TooMany {
                    count,
                    max: Self::MAX_ADDRESS_LINES,
                },
            );
        }
        for (i, line) in self.return_address.iter().enumerate() {
            required_line(&mut v, &format!("return_address[{i}]"), line, limits::LINE);
        }
        v.into_result()
    }
}

/// Where a relay letter is on its way to the post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RelayStatus {
    /// Submitted, waiting for an organizer to read it.
    Pending,
    /// Read and found fit to send; waits for the next print run.
    Approved,
    /// Not to be sent (abuse, a risk to the prisoner). Kept, so it is not moderated twice.
    Rejected,
    /// Claimed by a print run that is rendering it; from here only to printed (or back to
    /// approved if the run fails). Claiming first is what keeps a letter rejected during a
    /// run out of that run's PDF.
    Printing,
    /// Printed in a batch for posting; final.
    Printed,
}

impl RelayStatus {
    /// Every status a relay letter can be in.
    pub const ALL: [RelayStatus; 5] = [
        RelayStatus::Pending,
        RelayStatus::Approved,
        RelayStatus::Rejected,
        RelayStatus::Printing,
        RelayStatus::Printed,
    ];

    /// The status as stored, such as `"pending"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            RelayStatus::Pending => "pending",
            RelayStatus::Approved => "approved",
            RelayStatus::Rejected => "rejected",
            RelayStatus::Printing => "printing",
            RelayStatus::Printed => "printed",
        }
    }

    /// The status that [`RelayStatus::as_str`] writes as `s`; `None` for any other text.
    pub fn parse(s: &str) -> Option<RelayStatus> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// One line that must be there: not blank, and checked as a line of a letter.
fn required_line(v: &mut Violations, field: &str, value: &str, max: usize) {
    if value.trim().is_empty() {
        v.push(field, Problem::Empty);
    } else {
        v.letter_line(field, value, max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relay() -> Relay {
        Relay {
            group: "Outcry demo group".into(),
            return_address: vec![
                "PO Box 0000".into(),
                "10115 Berlin".into(),
                "GERMANY".into(),
            ],
            retention_days: None,
        }
    }

    fn letter(text: &str) -> RelayLetter {
        RelayLetter {
            lang: Lang::EN,
            text: text.into(),
            signature: "Anna".into(),
            return_address: Vec::new(),
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

    fn relay_problems(r: &Relay) -> Vec<(String, &'static str)> {
        let mut v = Violations::default();
        r.check(&mut v, "case.relay");
        problems(v.into_result())
    }

    #[test]
    fn a_relay_setting_needs_a_group_and_an_address() {
        assert_eq!(relay_problems(&relay()), []);
        let none = Relay {
            group: " ".into(),
            return_address: Vec::new(),
            retention_days: None,
        };
        assert_eq!(
            relay_problems(&none),
            [
                ("case.relay.group".into(), "validation-empty"),
                ("case.relay.return_address".into(), "validation-empty"),
            ]
        );
        let mut long = relay();
        long.group = "g".repeat(201);
        long.return_address = vec!["line".into(); 9];
        long.return_address[3] = String::new();
        long.return_address[4] = "PO Box\n1".into();
        assert_eq!(
            relay_problems(&long),
            [
                ("case.relay.group".into(), "validation-too-long"),
                ("case.relay.return_address".into(), "validation-too-many"),
                ("case.relay.return_address[3]".into(), "validation-empty"),
                (
                    "case.relay.return_address[4]".into(),
                    "validation-control-characters"
                ),
            ]
        );
    }

    #[test]
    fn a_relay_setting_refuses_direction_overrides() {
        let mut r = relay();
        r.group = "Outcry \u{202E}puorg".into();
        assert_eq!(
            relay_problems(&r),
            [("case.relay.group".into(), "validation-direction-override")]
        );
    }

    #[test]
    fn a_letter_with_line_breaks_and_cyrillic_is_accepted() {
        let l = letter("Дорогой Азат!\r\n\n\tДержись. 💪\n\nОбнимаю,");
        assert_eq!(problems(l.check()), []);
    }

    #[test]
    fn typst_markup_is_plain_text_and_accepted_as_typed() {
        let typed =
            "#set page(width: 1pt)\n#import \"/etc/passwd\"\n$x^2$ *bold* _it_ <label> @ref `raw`";
        let l = letter(typed);
        assert_eq!(problems(l.check()), []);
        assert_eq!(l.text, typed, "checking changes nothing");
    }

    #[test]
    fn an_empty_or_huge_text_is_refused() {
        assert_eq!(
            problems(letter(" \n\t ").check()),
            [("text".into(), "validation-empty")]
        );
        assert_eq!(
            problems(letter(&"я".repeat(7000)).check()),
            [("text".into(), "validation-too-long")]
        );
        assert_eq!(
            problems(letter(&"я".repeat(RelayLetter::MAX_TEXT)).check()),
            [],
            "the limit counts characters, not bytes"
        );
    }

    #[test]
    fn control_characters_and_overrides_are_refused() {
        assert_eq!(
            problems(letter("Hello\u{0}world").check()),
            [("text".into(), "validation-control-characters")]
        );
        assert_eq!(
            problems(letter("Hello \u{202E}dlrow").check()),
            [("text".into(), "validation-direction-override")]
        );
        let mut l = letter("Hello");
        l.signature = "Anna\u{202E}\u{0}".into();
        assert_eq!(
            problems(l.check()),
            [
                ("signature".into(), "validation-control-characters"),
                ("signature".into(), "validation-direction-override"),
            ]
        );
        l.signature = "Anna\nBerlin".into();
        assert_eq!(
            problems(l.check()),
            [("signature".into(), "validation-control-characters")],
            "a signature is one line"
        );
    }

    #[test]
    fn a_signature_may_be_empty_but_not_long() {
        let mut l = letter("Hello");
        l.signature = String::new();
        assert_eq!(problems(l.check()), []);
        l.signature = "a".repeat(101);
        assert_eq!(
            problems(l.check()),
            [("signature".into(), "validation-too-long")]
        );
    }

    #[test]
    fn a_writers_return_address_is_checked_line_by_line() {
        let mut l = letter("Hello");
        l.return_address = vec!["Anna Schmidt".into(), "Musterstr. 1".into()];
        assert_eq!(problems(l.check()), []);
        l.return_address = vec!["x".into(); 7];
        l.return_address[1] = "  ".into();
        l.return_address[2] = "\u{2066}x".into();
        assert_eq!(
            problems(l.check()),
            [
                ("return_address".into(), "validation-too-many"),
                ("return_address[1]".into(), "validation-empty"),
                ("return_address[2]".into(), "validation-direction-override"),
            ]
        );
    }

    #[test]
    fn statuses_read_back_from_their_text() {
        for s in RelayStatus::ALL {
            assert_eq!(RelayStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(RelayStatus::parse("Approved"), None);
    }

    #[test]
    fn a_case_may_keep_its_letters_shorter_or_longer_than_the_site() {
        let site = Retention { default_days: 30 };
        let now: jiff::Timestamp = "2026-06-30T12:00:00Z".parse().expect("time");
        assert_eq!(site.days_for(None), 30, "a case that left relay mode");
        assert_eq!(site.days_for(Some(&relay())), 30);
        let mut watched = relay();
        watched.retention_days = Some(2);
        assert_eq!(site.days_for(Some(&watched)), 2);
        assert_eq!(
            site.cutoff(Some(&watched), now),
            "2026-06-28T12:00:00Z"
                .parse::<jiff::Timestamp>()
                .expect("time")
        );
        watched.retention_days = Some(0);
        assert_eq!(site.cutoff(Some(&watched), now), now, "0: at the next run");
        assert_eq!(relay_problems(&watched), []);
        watched.retention_days = Some(Relay::MAX_RETENTION_DAYS + 1);
        assert_eq!(
            relay_problems(&watched),
            [(
                "case.relay.retention_days".into(),
                "validation-days-out-of-range"
            )]
        );
    }
}
