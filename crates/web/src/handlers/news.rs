//! News, columns, one article, an author: public pages, cached by browsers and proxies for a
//! minute like the rest (nothing personal in them).

use axum::extract::State;
use axum::response::Response;
use outcry_storage::ArticleFilter;
use serde::Deserialize;

use crate::error::AppError;
use crate::extract::{Params, SlugAt, Visit};
use crate::pages::news::{
    ArticlePage, AuthorPage, ColumnTeaser, NewsPage, PER_PAGE, Pager, cards, column_teasers,
};
use crate::pages::{Caching, render};
use crate::paths::NewsUrls;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Page {
    #[serde(default)]
    page: Option<String>,
}

impl Page {
    /// The page number asked for: 1 when none; a 404 for one that is not a number from 1.
    fn number(&self) -> Result<u32, AppError> {
        match self.page.as_deref() {
            None | Some("") => Ok(1),
            Some(p) => p
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or(AppError::NotFound),
        }
    }
}

pub async fn news(
    State(state): State<AppState>,
    visit: Visit,
    Params(q): Params<Page>,
) -> Result<Response, AppError> {
    list(&state, visit, q.number()?, false).await
}

pub async fn columns(
    State(state): State<AppState>,
    visit: Visit,
    Params(q): Params<Page>,
) -> Result<Response, AppError> {
    list(&state, visit, q.number()?, true).await
}

async fn list(
    state: &AppState,
    visit: Visit,
    page: u32,
    columns: bool,
) -> Result<Response, AppError> {
    let filter = ArticleFilter {
        lang: Some(visit.locale.lang()),
        column: Some(columns),
        offset: (page - 1).saturating_mul(PER_PAGE),
        limit: PER_PAGE,
        ..ArticleFilter::default()
    };
    let total = state.store.count_articles(&filter).await?;
    if page > 1 && u64::from(filter.offset) >= total {
        return Err(AppError::NotFound);
    }
    let cards = cards(visit.locale, &state.articles_with_authors(&filter).await?);
    let urls = NewsUrls::new(visit.locale);
    let pager = Pager::new(page, total, |p| {
        if columns {
            urls.columns(p)
        } else {
            urls.news(p)
        }
    });
    let sidebar = sidebar(state, visit).await?;
    render(
        &NewsPage::build(&visit, columns, cards, pager, sidebar),
        Caching::Public,
    )
}

pub async fn article(State(state): State<AppState>, at: SlugAt) -> Result<Response, AppError> {
    let visit = at.visit;
    let article = state
        .store
        .article(&at.slug, visit.locale.lang())
        .await?
        .ok_or(AppError::NotFound)?;
    let author = state.store.author(&article.author).await?;
    // The case as it is now: its current address, not one copied into the article.
    let case = match &article.case {
        Some(slug) => Some(state.case(slug).await?),
        None => None,
    };
    let translations = state.store.article_languages(&article.slug).await?;
    render(
        &ArticlePage::build(
            &visit,
            &article,
            author.as_ref(),
            case.as_deref(),
            &translations,
            &state.config.public_url,
            sidebar(&state, visit).await?,
        ),
        Caching::Public,
    )
}

pub async fn author(State(state): State<AppState>, at: SlugAt) -> Result<Response, AppError> {
    let visit = at.visit;
    let author = state
        .store
        .author(&at.slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let filter = ArticleFilter {
        lang: Some(visit.locale.lang()),
        author: Some(author.slug.clone()),
        limit: 100,
        ..ArticleFilter::default()
    };
    let cards = cards(visit.locale, &state.articles_with_authors(&filter).await?);
    render(&AuthorPage::build(&visit, &author, cards), Caching::Public)
}

/// Each author's latest column, for the sidebar.
async fn sidebar(state: &AppState, visit: Visit) -> Result<Vec<ColumnTeaser>, AppError> {
    let filter = ArticleFilter {
        lang: Some(visit.locale.lang()),
        column: Some(true),
        limit: 50,
        ..ArticleFilter::default()
    };
    Ok(column_teasers(
        visit.locale,
        &state.articles_with_authors(&filter).await?,
        state.today(),
    ))
}
