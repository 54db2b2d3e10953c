use askama::Template;

use super::{ActionCard, Chrome};

#[derive(Template)]
#[template(path = "case.html")]
pub struct CasePage {
    pub chrome: Chrome,
    pub name: String,
    pub status: String,
    pub born: Option<String>,
    pub summary_html: std::sync::Arc<str>,
    pub events: Vec<EventView>,
    pub address: Option<AddressView>,
    pub address_warning: Option<String>,
    pub previous_addresses: Vec<AddressView>,
    pub donations_html: std::sync::Arc<str>,
    pub actions_heading: String,
    pub actions: Vec<ActionCard>,
    /// "Write to Azat" and its link.
    pub write: (String, String),
}

pub struct EventView {
    pub date: String,
    pub iso_date: String,
    pub kind: String,
    pub text: String,
}

pub struct AddressView {
    pub lines: Vec<String>,
    /// "Last checked 1 May 2026", or for an old address "no longer valid since …".
    pub note: Option<String>,
}
