//! The organizers' admin, under `/admin/`: accounts and roles, login with a second factor,
//! sessions, the audit log, and moderation of relay letters. Every page is plain HTML forms,
//! like the public site, and works without JavaScript.
//!
//! A request goes: the router below → [`guard`] (the route's rule from [`rules`], the session
//! from the cookie, [`Organizer`](guard::Organizer) for the handler; `no-store` on every
//! answer) → a handler file per resource (`login`, `password`, `two_factor`, `home`, `users`,
//! `settings`, `audit`, `letters`, `key`) → a view from [`views`] (`templates/admin/`).
//! Around them: [`session`] (the cookie and the expiries), [`throttle`] (failed logins counted
//! in the database, per account and per network), `passwords` (Argon2id on blocking threads).
//! What each role may do is `outcry_domain::Role::may`; storage writes the audit line of each
//! change in the change's own transaction.

mod audit;
pub mod guard;
mod home;
mod key;
mod letters;
mod login;
mod password;
mod passwords;
pub mod rules;
mod session;
mod settings;
mod throttle;
mod two_factor;
mod users;
mod views;

use axum::Router;
use axum::middleware;
use axum::response::Redirect;
use axum::routing::{get, post};

use crate::paths;
use crate::state::AppState;

/// The admin's routes, each behind [`guard::guard`]; their rules are in [`rules::RULES`].
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route(paths::ADMIN_LOGIN, get(login::show).post(login::submit))
        .route(
            paths::ADMIN_LOGIN_CODE,
            get(login::code_form).post(login::code_submit),
        )
        .route(
            paths::ADMIN_SET_PASSWORD,
            get(password::show).post(password::submit),
        )
        .route(
            paths::ADMIN_TWO_FACTOR,
            get(two_factor::show).post(two_factor::confirm),
        )
        .route(paths::ADMIN_LOGOUT, post(login::logout))
        .route(
            paths::ADMIN_LOGOUT_EVERYWHERE,
            post(login::logout_everywhere),
        )
        .route(paths::ADMIN_HOME, get(home::show))
        .route(paths::ADMIN_USERS, get(users::list).post(users::invite))
        .route(paths::ADMIN_USER, post(users::change))
        .route(
            paths::ADMIN_SETTINGS,
            get(settings::show).post(settings::save),
        )
        .route(paths::ADMIN_AUDIT, get(audit::show))
        .route(paths::ADMIN_LETTERS, get(letters::cases))
        .route(
            paths::ADMIN_CASE_LETTERS,
            get(letters::queue).post(letters::moderate),
        )
        .route(paths::ADMIN_CASE_PRINT, post(letters::print))
        .route(paths::ADMIN_KEY, get(key::show).post(key::submit))
        .route_layer(middleware::from_fn_with_state(state, guard::guard))
        // Outside the guard: they only redirect, to pages behind it.
        .route(
            paths::ADMIN_ROOT,
            get(|headers: axum::http::HeaderMap| async move {
                let locale = crate::locale::negotiated(&headers);
                Redirect::to(&paths::AdminUrls::new(locale).home())
            }),
        )
        .route(paths::ADMIN_PASSWORD_LINK, get(password::link))
}
