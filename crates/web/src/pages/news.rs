//! News, columns and authors: the list of articles in one language, one article (with the
//! case's *current* address for letters, its write link and its donation routes, read from
//! the case each time so an article never carries a copy that goes stale), and an author's
//! page.

use askama::Template;
use outcry_domain::{Article, Author, CaseBundle, Lang};
use outcry_i18n::{Arg, Locale, format_date};

use super::{Chrome, Preview};
use crate::extract::Visit;
use crate::paths::{CaseUrls, NewsUrls};
use crate::present::{self, text};

/// Articles per page of a list.
pub const PER_PAGE: u32 = 20;

/// An article in a list.
pub struct ArticleCard {
    pub title: String,
    pub href: String,
    pub date: String,
    pub iso_date: String,
    pub summary: String,
    pub author: String,
    pub author_href: String,
}

impl ArticleCard {
    pub fn build(locale: Locale, article: &Article, author: Option<&Author>) -> ArticleCard {
        let urls = NewsUrls::new(locale);
        ArticleCard {
            title: article.title.clone(),
            href: urls.article(&article.slug),
            date: format_date(locale, article.published),
            iso_date: article.published.to_string(),
            summary: article.summary.clone(),
            author: author_name(locale, author, article),
            author_href: urls.author(&article.author),
        }
    }
}

/// Cards for articles loaded with their authors.
pub fn cards(locale: Locale, loaded: &[(Article, Option<Author>)]) -> Vec<ArticleCard> {
    loaded
        .iter()
        .map(|(a, author)| ArticleCard::build(locale, a, author.as_ref()))
        .collect()
}

fn author_name(locale: Locale, author: Option<&Author>, article: &Article) -> String {
    author.map_or_else(|| article.author.to_string(), |a| text(locale, &a.name).0)
}

/// An author's latest column in the sidebar: who, what, a short excerpt, how long ago.
pub struct ColumnTeaser {
    pub author: String,
    pub author_href: String,
    pub title: String,
    pub href: String,
    pub excerpt: String,
    pub ago: String,
    pub iso_date: String,
}

/// The newest column of each author among `columns` (newest first), as the sidebar shows them.
pub fn column_teasers(
    locale: Locale,
    columns: &[(Article, Option<Author>)],
    today: jiff::civil::Date,
) -> Vec<ColumnTeaser> {
    let urls = NewsUrls::new(locale);
    let mut seen = std::collections::BTreeSet::new();
    columns
        .iter()
        .filter(|(a, _)| seen.insert(a.author.clone()))
        .map(|(a, author)| ColumnTeaser {
            author: author_name(locale, author.as_ref(), a),
            author_href: urls.author(&a.author),
            title: a.title.clone(),
            href: urls.article(&a.slug),
            excerpt: excerpt(&a.summary, 160),
            ago: outcry_i18n::relative_date(locale, a.published, today),
            iso_date: a.published.to_string(),
        })
        .collect()
}

/// The first `max` characters of `text`, cut at a word, with an ellipsis when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', '.', ';', ':']))
}

/// Links to the previous and next page of a list.
pub struct Pager {
    pub newer: Option<String>,
    pub older: Option<String>,
    pub page: u32,
    pub pages: u32,
}

impl Pager {
    /// For page `page` of `total` items, with `url(page)` making each page's address.
    pub fn new(page: u32, total: u64, url: impl Fn(u32) -> String) -> Pager {
        let pages = u32::try_from(total.div_ceil(u64::from(PER_PAGE)))
            .unwrap_or(u32::MAX)
            .max(1);
        Pager {
            newer: (page > 1).then(|| url(page - 1)),
            older: (page < pages).then(|| url(page + 1)),
            page,
            pages,
        }
    }
}

#[derive(Template)]
#[template(path = "news.html")]
pub struct NewsPage {
    pub chrome: Chrome,
    pub heading: String,
    pub columns: Vec<ColumnTeaser>,
    pub cards: Vec<ArticleCard>,
    pub pager: Pager,
    pub feed: String,
}

impl NewsPage {
    pub fn build(
        visit: &Visit,
        columns: bool,
        cards: Vec<ArticleCard>,
        pager: Pager,
        sidebar: Vec<ColumnTeaser>,
    ) -> NewsPage {
        let locale = visit.locale;
        let urls = NewsUrls::new(locale);
        let (key, url) = if columns {
            ("columns-title", urls.columns(pager.page))
        } else {
            ("news-title", urls.news(pager.page))
        };
        let heading = locale.t(key);
        let feed_title = locale.t("feed-news-title");
        NewsPage {
            chrome: visit
                .chrome(heading.clone(), &url)
                .with_feeds(vec![(feed_title, urls.feed_news())]),
            heading,
            columns: sidebar,
            cards,
            pager,
            feed: urls.feed_news(),
        }
    }
}

/// What an article about a case shows of the case, from the case as it is now.
pub struct CaseBox {
    pub name: String,
    pub href: String,
    pub address: Option<Vec<String>>,
    pub verified: Option<String>,
    pub warning: Option<String>,
    pub write_href: String,
    pub write_label: String,
    pub donations_html: std::sync::Arc<str>,
    pub action: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "article.html")]
pub struct ArticlePage {
    pub chrome: Chrome,
    pub title: String,
    pub date: String,
    pub iso_date: String,
    pub author: String,
    pub author_href: String,
    pub body_html: std::sync::Arc<str>,
    pub case: Option<CaseBox>,
    /// The same article in other languages: (language's name, code, link).
    pub translations: Vec<(String, String, String)>,
    pub lang: String,
    pub columns: Vec<ColumnTeaser>,
}

impl ArticlePage {
    pub fn build(
        visit: &Visit,
        article: &Article,
        author: Option<&Author>,
        case: Option<&CaseBundle>,
        translations: &[Lang],
        public_url: &str,
        sidebar: Vec<ColumnTeaser>,
    ) -> ArticlePage {
        let locale = visit.locale;
        let urls = NewsUrls::new(locale);
        let here = urls.article(&article.slug);
        let mut feeds = vec![(locale.t("feed-news-title"), urls.feed_news())];
        let case = case.map(|bundle| {
            let c = &bundle.case;
            let name = text(locale, &c.name).0;
            feeds.push((
                locale.t_args("feed-case-title", &[("name", Arg::Str(&name))]),
                urls.feed_case(&c.slug),
            ));
            let case_urls = CaseUrls::new(locale, &c.slug);
            let current = c.current_address();
            CaseBox {
                href: case_urls.page(),
                address: current.map(|a| a.lines().map(String::from).collect()),
                verified: current.and_then(|a| a.verified_on).map(|d| {
                    locale.t_args(
                        "case-address-verified",
                        &[("date", Arg::Str(&format_date(locale, d)))],
                    )
                }),
                warning: present::stale_address_warning(locale, c, &name),
                write_href: case_urls.write(),
                write_label: present::write_title(locale, &name),
                donations_html: crate::markdown::to_html(&text(locale, &c.donations).0),
                action: article.action.as_ref().and_then(|slug| {
                    bundle
                        .actions
                        .iter()
                        .find(|a| &a.slug == slug && a.is_public())
                        .map(|a| {
                            (
                                text(locale, &a.headline).0,
                                crate::paths::ActionUrls::new(locale, &a.slug).page(),
                            )
                        })
                }),
                name,
            }
        });
        let preview = Preview {
            title: article.title.clone(),
            description: article.summary.clone(),
            url: format!("{}{here}", public_url.trim_end_matches('/')),
            kind: "article",
        };
        ArticlePage {
            chrome: visit
                .chrome(article.title.clone(), &here)
                .with_feeds(feeds)
                .with_preview(preview),
            title: article.title.clone(),
            date: format_date(locale, article.published),
            iso_date: article.published.to_string(),
            author: author_name(locale, author, article),
            author_href: urls.author(&article.author),
            body_html: crate::markdown::to_html(&article.body),
            case,
            translations: translations
                .iter()
                .filter(|l| **l != article.lang)
                .filter_map(|l| {
                    let other = Locale::from_code(l.as_str())?;
                    Some((
                        present::language_name(locale, *l),
                        l.to_string(),
                        NewsUrls::new(other).article(&article.slug),
                    ))
                })
                .collect(),
            lang: article.lang.to_string(),
            columns: sidebar,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_excerpt_is_cut_at_a_word() {
        assert_eq!(super::excerpt("short", 10), "short");
        assert_eq!(super::excerpt("one two three four", 10), "one two…");
        assert_eq!(
            super::excerpt("Азат Мифтахов, математик", 15),
            "Азат Мифтахов…"
        );
    }
}

#[derive(Template)]
#[template(path = "author.html")]
pub struct AuthorPage {
    pub chrome: Chrome,
    pub name: String,
    pub bio_html: std::sync::Arc<str>,
    pub cards: Vec<ArticleCard>,
    pub feed: String,
}

impl AuthorPage {
    pub fn build(visit: &Visit, author: &Author, cards: Vec<ArticleCard>) -> AuthorPage {
        let locale = visit.locale;
        let urls = NewsUrls::new(locale);
        let name = text(locale, &author.name).0;
        let feed = urls.feed_author(&author.slug);
        AuthorPage {
            chrome: visit
                .chrome(name.clone(), &urls.author(&author.slug))
                .with_feeds(vec![(
                    locale.t_args("feed-author-title", &[("name", Arg::Str(&name))]),
                    feed.clone(),
                )]),
            bio_html: crate::markdown::to_html(&text(locale, &author.bio).0),
            name,
            cards,
            feed,
        }
    }
}
