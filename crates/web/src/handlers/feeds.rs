//! The Atom feeds: news, an author's articles, a case's articles, new urgent actions; each in
//! the language of its URL. Built by [`crate::feeds`].

use axum::extract::State;
use axum::response::Response;
use outcry_domain::Article;
use outcry_i18n::Arg;
use outcry_storage::ArticleFilter;

use crate::error::AppError;
use crate::extract::{SlugAt, Visit};
use crate::feeds::{Entry, Feed, response};
use crate::paths::{ActionUrls, CaseUrls, NewsUrls};
use crate::present::text;
use crate::state::AppState;

/// Entries per feed: the newest.
const ENTRIES: u32 = 50;

pub async fn news(State(state): State<AppState>, visit: Visit) -> Result<Response, AppError> {
    let urls = NewsUrls::new(visit.locale);
    let filter = ArticleFilter {
        lang: Some(visit.locale.lang()),
        limit: ENTRIES,
        ..ArticleFilter::default()
    };
    let feed = Feed {
        id: format!("urn:outcry:news:{}", visit.locale.code()),
        title: visit.locale.t("feed-news-title"),
        page: urls.news(1),
        this: urls.feed_news(),
        lang: visit.locale.code().into(),
        entries: entries(&state, visit, &state.store.articles(&filter).await?).await?,
    };
    Ok(response(feed.to_xml(&state.config.public_url)))
}

pub async fn author(State(state): State<AppState>, at: SlugAt) -> Result<Response, AppError> {
    let visit = at.visit;
    let author = state
        .store
        .author(&at.slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let urls = NewsUrls::new(visit.locale);
    let name = text(visit.locale, &author.name).0;
    let filter = ArticleFilter {
        lang: Some(visit.locale.lang()),
        author: Some(author.slug.clone()),
        limit: ENTRIES,
        ..ArticleFilter::default()
    };
    let feed = Feed {
        id: format!("urn:outcry:author:{}:{}", author.slug, visit.locale.code()),
        title: visit
            .locale
            .t_args("feed-author-title", &[("name", Arg::Str(&name))]),
        page: urls.author(&author.slug),
        this: urls.feed_author(&author.slug),
        lang: visit.locale.code().into(),
        entries: entries(&state, visit, &state.store.articles(&filter).await?).await?,
    };
    Ok(response(feed.to_xml(&state.config.public_url)))
}

pub async fn case(State(state): State<AppState>, at: SlugAt) -> Result<Response, AppError> {
    let visit = at.visit;
    let bundle = state.case(&at.slug).await?;
    let urls = NewsUrls::new(visit.locale);
    let name = text(visit.locale, &bundle.case.name).0;
    let filter = ArticleFilter {
        lang: Some(visit.locale.lang()),
        case: Some(at.slug.clone()),
        limit: ENTRIES,
        ..ArticleFilter::default()
    };
    let feed = Feed {
        id: format!("urn:outcry:case:{}:{}", at.slug, visit.locale.code()),
        title: visit
            .locale
            .t_args("feed-case-title", &[("name", Arg::Str(&name))]),
        page: CaseUrls::new(visit.locale, &at.slug).page(),
        this: urls.feed_case(&at.slug),
        lang: visit.locale.code().into(),
        entries: entries(&state, visit, &state.store.articles(&filter).await?).await?,
    };
    Ok(response(feed.to_xml(&state.config.public_url)))
}

pub async fn actions(State(state): State<AppState>, visit: Visit) -> Result<Response, AppError> {
    let locale = visit.locale;
    let urls = NewsUrls::new(locale);
    let mut listed: Vec<_> = state
        .list_actions()
        .await?
        .iter()
        .filter(|l| l.action.is_public())
        .cloned()
        .collect();
    listed.sort_by_key(|l| std::cmp::Reverse(l.action.published_on));
    let entries = listed
        .iter()
        .take(ENTRIES as usize)
        .map(|l| Entry {
            id: format!("urn:outcry:action:{}:{}", l.action.slug, locale.code()),
            title: text(locale, &l.action.headline).0,
            link: ActionUrls::new(locale, &l.action.slug).page(),
            summary: text(locale, &l.action.summary).0,
            content_html: String::new(),
            author: locale.t("site-name"),
            date: l
                .action
                .published_on
                .unwrap_or(jiff::civil::Date::constant(2026, 1, 1)),
        })
        .collect();
    let feed = Feed {
        id: format!("urn:outcry:actions:{}", locale.code()),
        title: locale.t("feed-actions-title"),
        page: crate::paths::home(locale),
        this: urls.feed_actions(),
        lang: locale.code().into(),
        entries,
    };
    Ok(response(feed.to_xml(&state.config.public_url)))
}

async fn entries(
    state: &AppState,
    visit: Visit,
    articles: &[Article],
) -> Result<Vec<Entry>, AppError> {
    let authors = state.store.authors().await?;
    let urls = NewsUrls::new(visit.locale);
    Ok(articles
        .iter()
        .map(|a| Entry {
            id: format!("urn:outcry:article:{}:{}", a.slug, a.lang),
            title: a.title.clone(),
            link: urls.article(&a.slug),
            summary: a.summary.clone(),
            content_html: crate::markdown::to_html(&a.body).to_string(),
            author: authors
                .iter()
                .find(|x| x.slug == a.author)
                .map_or_else(|| a.author.to_string(), |x| text(visit.locale, &x.name).0),
            date: a.published,
        })
        .collect())
}
