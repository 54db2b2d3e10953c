use askama::Template;

use super::Chrome;

/// "Write to Azat": the address card, the rules and the composer.
#[derive(Template)]
#[template(path = "write.html")]
pub struct WritePage {
    pub chrome: Chrome,
    pub heading: String,
    pub case_href: String,
    pub write_href: String,
    pub address: AddressCard,
    pub rules: Vec<(String, String)>,
    pub groups: Vec<PhraseGroup>,
    pub relay: Option<String>,
    pub csrf: String,
}

/// Where letters go, as they must be written on the envelope.
pub struct AddressCard {
    /// The current address's lines, country last; empty when none is known.
    pub lines: Vec<String>,
    /// A Latin reading of the lines, for people who cannot read Cyrillic.
    pub latin: Option<String>,
    pub verified: Option<String>,
    pub warning: Option<String>,
    /// What to do when no address is known.
    pub missing: Option<String>,
}

pub struct PhraseGroup {
    pub heading: String,
    pub phrases: Vec<PhraseChoice>,
}

pub struct PhraseChoice {
    pub id: String,
    pub russian: String,
    /// The meaning in the visitor's language; none when that is Russian.
    pub meaning: Option<String>,
    pub checked: bool,
}

/// The letter put together, its warnings, and the ways to send it.
#[derive(Template)]
#[template(path = "write_check.html")]
pub struct CheckPage {
    pub chrome: Chrome,
    pub heading: String,
    pub write_href: String,
    pub text: String,
    pub signature: String,
    pub address: String,
    pub warnings: Vec<WarningView>,
    pub all_clear: bool,
    pub e_letter_text: String,
    pub e_letter_note: String,
    pub e_letter_over: bool,
    pub envelope_lines: Vec<String>,
    pub relay: Option<RelayChoice>,
    pub max_chars: usize,
    pub csrf: String,
}

pub struct WarningView {
    pub title: String,
    pub explanation: String,
    pub excerpt: String,
}

pub struct RelayChoice {
    pub heading: String,
    pub body: String,
    pub button: String,
}

/// After a letter went to the group's queue.
#[derive(Template)]
#[template(path = "write_sent.html")]
pub struct SentPage {
    pub chrome: Chrome,
    pub heading: String,
    pub body: String,
    pub case_href: String,
    pub write_href: String,
}
