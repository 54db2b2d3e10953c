//! The case page: who the person is, what happened, where to write, how to help.

use axum::extract::State;
use axum::response::Response;

use crate::error::AppError;
use crate::extract::CaseAt;
use crate::pages::{Caching, CasePage, render};
use crate::state::AppState;

pub async fn show(State(state): State<AppState>, at: CaseAt) -> Result<Response, AppError> {
    let bundle = state.case(&at.slug).await?;
    let totals = state.case_totals(&at.slug).await?;
    let filter = outcry_storage::ArticleFilter {
        lang: Some(at.visit.locale.lang()),
        case: Some(at.slug.clone()),
        limit: 10,
        ..outcry_storage::ArticleFilter::default()
    };
    let cards = crate::pages::news::cards(
        at.visit.locale,
        &state.articles_with_authors(&filter).await?,
    );
    render(
        &CasePage::build(&at.visit, &bundle, &totals, cards, state.clock.now()),
        Caching::Public,
    )
}
