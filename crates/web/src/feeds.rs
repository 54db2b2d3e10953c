//! Atom feeds (RFC 4287), built with `atom_syndication`: news in one language, an author's
//! articles, a case's articles, and new urgent actions. Each feed and entry names itself with
//! a `tag:`-free URN that never changes (`urn:outcry:article:<slug>:<lang>`), so readers do not
//! show an entry twice when the site moves; links are absolute when the site knows its
//! public address, relative to the feed otherwise (readers resolve them against it).

use atom_syndication::{
    ContentBuilder, EntryBuilder, FeedBuilder, FixedDateTime, LinkBuilder, PersonBuilder, Text,
};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;

/// One entry of a feed, in plain strings.
pub struct Entry {
    pub id: String,
    pub title: String,
    pub link: String,
    pub summary: String,
    /// Safe HTML (from organizers' Markdown), or empty.
    pub content_html: String,
    pub author: String,
    pub date: Date,
}

/// A whole feed.
pub struct Feed {
    pub id: String,
    pub title: String,
    /// The page the feed belongs to.
    pub page: String,
    /// The feed's own address.
    pub this: String,
    pub lang: String,
    pub entries: Vec<Entry>,
}

/// Midnight UTC of `date`, as Atom dates are full timestamps.
fn stamp(date: Date) -> FixedDateTime {
    FixedDateTime::parse_from_rfc3339(&format!("{date}T00:00:00Z"))
        .unwrap_or_else(|_| FixedDateTime::default())
}

impl Feed {
    /// The feed as Atom XML.
    pub fn to_xml(&self, base: &str) -> String {
        let absolute = |path: &str| format!("{}{path}", base.trim_end_matches('/'));
        let updated = self
            .entries
            .iter()
            .map(|e| e.date)
            .max()
            .unwrap_or(Date::constant(2026, 1, 1));
        let entries = self
            .entries
            .iter()
            .map(|e| {
                let mut entry = EntryBuilder::default();
                entry
                    .id(e.id.clone())
                    .title(Text::plain(e.title.clone()))
                    .updated(stamp(e.date))
                    .published(Some(stamp(e.date)))
                    .link(
                        LinkBuilder::default()
                            .href(absolute(&e.link))
                            .rel("alternate".to_string())
                            .mime_type(Some("text/html".to_string()))
                            .build(),
                    )
                    .author(PersonBuilder::default().name(e.author.clone()).build());
                if !e.summary.is_empty() {
                    entry.summary(Some(Text::plain(e.summary.clone())));
                }
                if !e.content_html.is_empty() {
                    entry.content(Some(
                        ContentBuilder::default()
                            .value(Some(e.content_html.clone()))
                            .content_type(Some("html".to_string()))
                            .build(),
                    ));
                }
                entry.build()
            })
            .collect::<Vec<_>>();
        let feed = FeedBuilder::default()
            .id(self.id.clone())
            .title(Text::plain(self.title.clone()))
            .updated(stamp(updated))
            .lang(Some(self.lang.clone()))
            .link(
                LinkBuilder::default()
                    .href(absolute(&self.page))
                    .rel("alternate".to_string())
                    .mime_type(Some("text/html".to_string()))
                    .build(),
            )
            .link(
                LinkBuilder::default()
                    .href(absolute(&self.this))
                    .rel("self".to_string())
                    .mime_type(Some("application/atom+xml".to_string()))
                    .build(),
            )
            .entries(entries)
            .build();
        feed.to_string()
    }
}

/// The feed as a response: Atom's media type, cacheable for a minute like public pages.
pub fn response(xml: String) -> Response {
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/atom+xml; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                crate::pages::Caching::Public.header(),
            ),
        ],
        xml,
    )
        .into_response()
}
