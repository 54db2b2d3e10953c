//! Every route of the site, in one place, with the layers every request passes. The patterns
//! live in [`paths`](crate::paths), beside the builders of the same URLs.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::asset::STYLESHEET;
use crate::error::AppError;
use crate::extract::Accepts;
use crate::handlers::{actions, assets, cases, feeds, health, home, news, post, send, write};
use crate::paths;
use crate::state::AppState;

/// Forms carry a letter of at most 20,000 characters (up to 4 bytes each, then percent-encoded);
/// anything far beyond that is refused before it is read. The POST limit buffers a body over
/// budget up to the same size.
pub const MAX_FORM_BYTES: usize = 256 * 1024;

/// The site. Layers, from the outside in: a span per request ([`crate::trace`]), counting it
/// for `/metrics` ([`crate::metrics`]), compression
/// ([`crate::compress`]), security headers, error pages in the visitor's language ([`crate::error::localize`]), load shedding
/// and the request timeout ([`crate::shed`]), the POST rate limit, the body size limit. The
/// health probes ([`crate::health`]) are neither shed nor limited.
pub fn router(state: AppState) -> Router {
    let admin = !state.config.admin_apart;
    with_layers(public(state.clone(), admin), state)
}

/// The admin alone, with the same layers as the site, for its own address (`--admin-listen`).
pub fn admin_router(state: AppState) -> Router {
    let stylesheet = Router::new().route(
        paths::stylesheet(),
        get(|Accepts(a): Accepts| async move { assets::hashed(&STYLESHEET, a) }),
    );
    let admin = crate::admin::router(state.clone())
        .merge(stylesheet)
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES));
    with_layers(admin, state)
}

/// The public site's routes, its POST limit and shedding, and (unless it has an address of
/// its own) the admin.
fn public(state: AppState, with_admin: bool) -> Router<AppState> {
    let site = Router::new()
        .route(paths::ROOT, get(home::root))
        .route(
            paths::stylesheet(),
            get(|Accepts(a): Accepts| async move { assets::hashed(&STYLESHEET, a) }),
        )
        .route(
            paths::UNHASHED_STYLESHEET,
            get(|Accepts(a): Accepts| async move { assets::unhashed(&STYLESHEET, a) }),
        )
        .route(paths::HOME, get(home::home))
        .route(paths::CASE, get(cases::show))
        .route(paths::NEWS, get(news::news))
        .route(paths::ARTICLE, get(news::article))
        .route(paths::COLUMNS, get(news::columns))
        .route(paths::AUTHOR, get(news::author))
        .route(paths::FEED_NEWS, get(feeds::news))
        .route(paths::FEED_AUTHOR, get(feeds::author))
        .route(paths::FEED_CASE, get(feeds::case))
        .route(paths::FEED_ACTIONS, get(feeds::actions))
        .route(paths::WRITE, get(write::show).post(write::check))
        .route(paths::WRITE_PDF, post(write::pdf))
        .route(paths::WRITE_RELAY, post(write::relay))
        .route(paths::WRITE_SENT, get(write::sent))
        .route(paths::ACTION, get(actions::show))
        .route(paths::ACTION_EMAIL, post(actions::prepare_email))
        .route(paths::ACTION_POST, post(post::letter_pdf))
        .route(paths::ACTION_DONE, post(actions::done))
        .route(paths::ACTION_THANKS, get(actions::thanks))
        .route(paths::ACTION_SEND, post(send::request))
        .route(paths::ACTION_SEND_CHECK, get(send::check_mail))
        .route(
            paths::ACTION_CONFIRM,
            get(send::confirm_page).post(send::confirm),
        )
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::security::limit::limit_posts,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::shed::shed,
        ))
        // Added after the shedding and the POST limit, so neither applies to them: a probe
        // must see a busy instance as alive and ready (`health.rs`).
        .route(paths::HEALTHZ, get(health::live))
        .route(paths::READYZ, get(health::ready));
    // The admin, after the shedding and the public POST limit too: a flood of supporters
    // must not lock organizers out, and the admin throttles its logins on its own
    // (`admin/throttle.rs`). Its guard sets `no-store` on every answer, and nothing of it
    // goes through the page cache.
    if with_admin {
        site.merge(crate::admin::router(state.clone()).layer(DefaultBodyLimit::max(MAX_FORM_BYTES)))
    } else {
        site
    }
}

/// The layers every answer passes, outermost last.
fn with_layers(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .layer(middleware::from_fn(crate::error::localize))
        // Pages say who may keep them (`pages::Caching`); whatever does not (error pages,
        // redirects) is kept by nobody.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::security::headers,
        ))
        .layer(crate::compress::layer())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::metrics::track,
        ))
        .layer(crate::trace::layer())
        .with_state(state)
}
