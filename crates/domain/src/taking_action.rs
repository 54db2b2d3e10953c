//! What a supporter does with an action: composes a letter from the model and their own
//! details, and reports that they acted through a channel.

use serde::{Deserialize, Serialize};

use crate::action::ModelLetter;
use crate::error::{Problem, Violations};
use crate::lang::Lang;
use crate::target::Target;

/// The ways to act. The counts are kept per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// From the supporter's own email program (a `mailto:` link).
    Email,
    /// By calling the target.
    Phone,
    /// By sending the target a fax.
    Fax,
    /// A printed letter.
    Post,
}

impl Channel {
    /// Every channel, in the order pages list them.
    pub const ALL: [Channel; 4] = [Channel::Email, Channel::Phone, Channel::Fax, Channel::Post];

    /// The channel as stored and as the forms name it, such as `"email"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Phone => "phone",
            Channel::Fax => "fax",
            Channel::Post => "post",
        }
    }

    /// The channel that [`Channel::as_str`] writes as `s`; `None` for any other text.
    pub fn parse(s: &str) -> Option<Channel> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Who signs a letter, as the supporter typed it. Nothing of this is stored: it goes into the
/// letter text only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sender {
    /// The supporter's name as they want to sign; may be empty.
    pub name: String,
    /// The supporter's town, signed after the name; may be empty.
    pub town: String,
    /// Writer-safety mode: sign with initials and town only.
    pub initials_only: bool,
}

impl Sender {
    /// The longest name, in characters.
    pub const MAX_NAME: usize = crate::limits::SENDER_FIELD;
    /// The longest town, in characters.
    pub const MAX_TOWN: usize = crate::limits::SENDER_FIELD;

    /// Checks what a supporter typed. Control characters (line breaks included) are refused,
    /// since the name ends up in mail headers and links.
    pub fn check(&self, v: &mut Violations) {
        for (field, value, max) in [
            ("name", &self.name, Self::MAX_NAME),
            ("town", &self.town, Self::MAX_TOWN),
        ] {
            v.optional_text(field, value, max);
            if value.chars().any(char::is_control) {
                v.push(field, Problem::ControlCharacters);
            }
        }
    }

    /// The name alone as it is signed: "Anna Smith", or "A. S." in safety mode.
    pub fn signature_name(&self) -> String {
        if self.initials_only {
            initials(&self.name)
        } else {
            self.name.trim().to_string()
        }
    }

    /// The signature under the letter: "Anna Smith, Leeds", or "A. S., Leeds" in safety mode.
    pub fn signature(&self) -> String {
        let name = self.signature_name();
        match (name.is_empty(), self.town.trim().is_empty()) {
            (true, true) => String::new(),
            (false, true) => name,
            (true, false) => self.town.trim().to_string(),
            (false, false) => format!("{name}, {}", self.town.trim()),
        }
    }
}

/// "Anna Maria Smith" → "A. M. S."
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
        .flat_map(char::to_uppercase)
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A letter ready to send: the model (or the supporter's edit of its body), the target's
/// salutation, and the supporter's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposedLetter {
    /// The language the letter is written in.
    pub lang: Lang,
    /// The subject line, from the model letter.
    pub subject: String,
    /// The whole letter: salutation, body, sign-off and signature, lines joined by `\n`.
    pub text: String,
}

impl ComposedLetter {
    /// Puts the parts together. `body` is the supporter's edited text, or the model's when `None`.
    pub fn compose(
        lang: Lang,
        model: &ModelLetter,
        target: &Target,
        body: Option<&str>,
        sender: &Sender,
    ) -> ComposedLetter {
        let salutation = model.salutation_for(Some(target), lang);
        let body = body
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .unwrap_or(model.body.trim());
        let mut text = String::new();
        if !salutation.is_empty() {
            text.push_str(salutation);
            text.push_str("\n\n");
        }
        text.push_str(&normalize_newlines(body));
        text.push_str("\n\n");
        text.push_str(model.sign_off.trim());
        let signature = sender.signature();
        if !signature.is_empty() {
            text.push('\n');
            text.push_str(&signature);
        }
        ComposedLetter {
            lang,
            subject: model.subject.trim().to_string(),
            text,
        }
    }
}

fn normalize_newlines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        let mut t = Target::new("t".parse().expect("slug"), "T");
        t.salutations.insert(Lang::EN, "Dear Mr. Mityayev,".into());
        t
    }

    fn model() -> ModelLetter {
        ModelLetter {
            subject: "Subject".into(),
            salutation: String::new(),
            body: "Please act.".into(),
            sign_off: "Yours sincerely,".into(),
        }
    }

    #[test]
    fn a_letter_has_salutation_body_and_signature() {
        let sender = Sender {
            name: "Anna Maria Smith".into(),
            town: "Leeds".into(),
            initials_only: false,
        };
        let l = ComposedLetter::compose(Lang::EN, &model(), &target(), None, &sender);
        assert_eq!(
            l.text,
            "Dear Mr. Mityayev,\n\nPlease act.\n\nYours sincerely,\nAnna Maria Smith, Leeds"
        );
        let safe = Sender {
            initials_only: true,
            ..sender
        };
        let l = ComposedLetter::compose(
            Lang::EN,
            &model(),
            &target(),
            Some("My own words.\r\nTwo lines."),
            &safe,
        );
        assert_eq!(
            l.text,
            "Dear Mr. Mityayev,\n\nMy own words.\nTwo lines.\n\nYours sincerely,\nA. M. S., Leeds"
        );
    }

    #[test]
    fn control_characters_in_a_name_are_refused() {
        let mut v = Violations::default();
        Sender {
            name: "Eve\r\nBcc: all@example.org".into(),
            ..Sender::default()
        }
        .check(&mut v);
        assert_eq!(v.0[0].problem, Problem::ControlCharacters);
        let mut v = Violations::default();
        Sender {
            name: "x".repeat(101),
            ..Sender::default()
        }
        .check(&mut v);
        assert_eq!(v.0[0].problem.key(), "validation-too-long");
    }
}
