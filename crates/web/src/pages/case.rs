//! The case page: who the person is, what happened, where to write, how to help.

use std::collections::HashMap;

use askama::Template;
use jiff::Timestamp;
use outcry_domain::{CaseBundle, LetterAddress, Slug};
use outcry_i18n::{Arg, Locale, format_date};

use super::Chrome;
use super::home::ActionCard;
use crate::extract::Visit;
use crate::paths::CaseUrls;
use crate::present::{self, text};

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
    pub urls: CaseUrls,
    /// "Write to Azat".
    pub write_label: String,
    /// Articles about the case, newest first.
    pub articles: Vec<super::news::ArticleCard>,
}

pub struct EventView {
    pub date: String,
    pub iso_date: String,
    pub kind: String,
    pub text: String,
}

pub struct AddressView {
    pub lines: Vec<String>,
    pub note: Option<String>,
}

impl CasePage {
    /// The page of `bundle`'s case; `totals` are the counts of its actions by slug.
    pub fn build(
        visit: &Visit,
        bundle: &CaseBundle,
        totals: &HashMap<Slug, u64>,
        articles: Vec<super::news::ArticleCard>,
        now: Timestamp,
    ) -> CasePage {
        let locale = visit.locale;
        let case = &bundle.case;
        let urls = CaseUrls::new(locale, &case.slug);
        let name = text(locale, &case.name).0;
        let events = case
            .timeline_sorted()
            .into_iter()
            .map(|e| EventView {
                date: format_date(locale, e.date),
                iso_date: e.date.to_string(),
                kind: locale.t(&format!("event-{}", e.kind.as_str())),
                text: text(locale, &e.text).0,
            })
            .collect();
        let previous_addresses = case
            .addresses
            .iter()
            .filter_map(|a| {
                let until = a.superseded_on?;
                Some(address_view(
                    a,
                    Some(dated(locale, "case-address-previous", until)),
                ))
            })
            .collect();
        let actions = bundle
            .actions
            .iter()
            .filter(|a| a.is_public())
            .map(|a| {
                let total = totals.get(&a.slug).copied().unwrap_or(0);
                present::action_card(locale, &case.name, a, total, now)
            })
            .collect();
        let feed = crate::paths::NewsUrls::new(locale).feed_case(&case.slug);
        let feed_title = locale.t_args("feed-case-title", &[("name", Arg::Str(&name))]);
        CasePage {
            chrome: visit
                .chrome(name.clone(), &urls.page())
                .with_feeds(vec![(feed_title, feed)])
                .with_preview(super::Preview {
                    title: name.clone(),
                    description: super::news::excerpt(
                        &super::action::plain(&text(locale, &case.summary).0),
                        200,
                    ),
                    url: urls.page(),
                    kind: "website",
                }),
            articles,
            status: locale.t(&format!("case-status-{}", case.status.as_str())),
            born: case
                .birth_year
                .map(|y| locale.t_args("case-born", &[("year", Arg::Str(&y.to_string()))])),
            summary_html: crate::markdown::to_html(&text(locale, &case.summary).0),
            events,
            address: case.current_address().map(|a| {
                address_view(
                    a,
                    a.verified_on
                        .map(|d| dated(locale, "case-address-verified", d)),
                )
            }),
            address_warning: present::stale_address_warning(locale, case, &name),
            previous_addresses,
            donations_html: crate::markdown::to_html(&text(locale, &case.donations).0),
            actions_heading: locale.t_args("case-actions", &[("name", Arg::Str(&name))]),
            actions,
            write_label: present::write_title(locale, &name),
            urls,
            name,
        }
    }
}

fn address_view(a: &LetterAddress, note: Option<String>) -> AddressView {
    AddressView {
        lines: a.lines().map(String::from).collect(),
        note,
    }
}

/// A message with one `$date`, in the page's language.
fn dated(locale: Locale, id: &str, date: jiff::civil::Date) -> String {
    locale.t_args(id, &[("date", Arg::Str(&format_date(locale, date)))])
}
