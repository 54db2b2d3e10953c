//! The list of actions: open ones first, then closed ones.

use askama::Template;
use jiff::Timestamp;
use outcry_storage::ActionListing;

use super::Chrome;
use crate::extract::Visit;
use crate::present;

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    pub open: Vec<ActionCard>,
    pub closed: Vec<ActionCard>,
}

/// One action in a list: on the home page and on its case's page.
pub struct ActionCard {
    pub href: String,
    pub headline: String,
    pub headline_lang: Option<String>,
    pub case_name: String,
    pub deadline: String,
    pub count: String,
    pub open: bool,
}

impl HomePage {
    /// Every public action in `listings`, open ones first.
    pub fn build(visit: &Visit, listings: &[ActionListing], now: Timestamp) -> HomePage {
        let locale = visit.locale;
        let (open, closed) = listings
            .iter()
            .filter(|l| l.action.is_public())
            .map(|l| present::action_card(locale, &l.case_name, &l.action, l.total, now))
            .partition(|card| card.open);
        HomePage {
            chrome: visit
                .chrome(locale.t("home-title"), &crate::paths::home(locale))
                .with_feeds(vec![(
                    locale.t("feed-actions-title"),
                    crate::paths::NewsUrls::new(locale).feed_actions(),
                )]),
            open,
            closed,
        }
    }
}
