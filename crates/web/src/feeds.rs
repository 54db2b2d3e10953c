//! Atom feeds (RFC 4287), built with `atom_syndication`: news in one language, an author's
//! articles, a case's articles, and new urgent actions. Each feed and entry names itself with
//! a `tag:`-free URN that never changes (`urn:outcry:article:<slug>:<lang>`), so readers do not
//! show an entry twice when the site moves; links are absolute when the site knows its
//! public address, relative to the feed otherwise (readers resolve them against it).

use atom_syndication::{
    Content, Entry as AtomEntry, Feed as AtomFeed, FixedDateTime, Link, Person, Text,
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
                let mut entry = AtomEntry::default();
                entry.set_id(e.id.clone());
                entry.set_title(Text::plain(e.title.clone()));
                entry.set_updated(stamp(e.date));
                entry.set_published(Some(stamp(e.date)));
                entry.set_links(vec![link(absolute(&e.link), "alternate", "text/html")]);
                let mut author = Person::default();
                author.set_name(e.author.clone());
                entry.set_authors(vec![author]);
                if !e.summary.is_empty() {
                    entry.set_summary(Some(Text::plain(e.summary.clone())));
                }
                if !e.content_html.is_empty() {
                    let mut content = Content::default();
                    content.set_value(Some(e.content_html.clone()));
                    content.set_content_type(Some("html".to_string()));
                    entry.set_content(Some(content));
                }
                entry
            })
            .collect::<Vec<_>>();
        let mut feed = AtomFeed::default();
        feed.set_id(self.id.clone());
        feed.set_title(Text::plain(self.title.clone()));
        feed.set_updated(stamp(updated));
        feed.set_lang(Some(self.lang.clone()));
        feed.set_links(vec![
            link(absolute(&self.page), "alternate", "text/html"),
            link(absolute(&self.this), "self", "application/atom+xml"),
        ]);
        feed.set_entries(entries);
        feed.to_string()
    }
}

fn link(href: String, rel: &str, mime: &str) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel.to_string());
    link.set_mime_type(Some(mime.to_string()));
    link
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
