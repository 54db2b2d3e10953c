//! The one layer in front of every admin route: it finds the route's rule ([`super::rules`]),
//! loads the session from the cookie, and lets the request through only when the session
//! gives what the rule needs; then the handler reads who is acting as an [`Organizer`], so it
//! cannot forget to ask. Every admin answer is `no-store`: an admin page holds supporters'
//! letters or organizers' accounts, and no cache, shared or the browser's, may keep one.

use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use outcry_storage::{Account, AdminSettings, SessionStage};

use super::rules::{self, Access};
use super::session;
use crate::error::AppError;
use crate::paths::AdminUrls;
use crate::state::AppState;

/// Who is acting, as the guard found them: only handlers behind a rule other than
/// [`Access::Anyone`] can count on one.
#[derive(Clone)]
pub struct Organizer {
    /// The account, as it is now in the database.
    pub account: Account,
    /// How far the login got.
    pub stage: SessionStage,
    /// The session id from the cookie (to open an identity unlocked for it).
    pub session_id: String,
    /// Its hash, as the database knows the session.
    pub session_hash: Vec<u8>,
    /// The organization's key unlocked for this session, wrapped.
    pub identity: Option<Vec<u8>>,
    /// The site's admin settings.
    pub settings: AdminSettings,
}

impl Organizer {
    /// Whether this account must have a second factor and has none yet.
    pub fn must_enrol(&self) -> bool {
        !self.account.has_second_factor()
            && self
                .account
                .role
                .needs_second_factor(self.settings.require_second_factor)
    }

    /// Who the audit log says did it.
    pub fn actor(&self) -> outcry_storage::Actor {
        outcry_storage::Actor::account(&self.account)
    }
}

impl FromRequestParts<AppState> for Organizer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Organizer, AppError> {
        parts
            .extensions
            .get::<Organizer>()
            .cloned()
            .ok_or(AppError::SignedOut)
    }
}

/// The organizer if one is signed in, for pages anyone may open (the login page notices a
/// session that is already there).
pub struct MaybeOrganizer(pub Option<Organizer>);

impl FromRequestParts<AppState> for MaybeOrganizer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _: &AppState,
    ) -> Result<MaybeOrganizer, Self::Rejection> {
        Ok(MaybeOrganizer(parts.extensions.get::<Organizer>().cloned()))
    }
}

/// The layer (a `route_layer`, so the matched pattern is known).
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = match admit(&state, request).await {
        Ok(request) => next.run(request).await,
        Err(refusal) => refusal,
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The request with its [`Organizer`], or the answer that refuses it.
async fn admit(state: &AppState, mut request: Request) -> Result<Request, Response> {
    let refuse = |e: AppError| e.into_response();
    if state.admin_key().is_none() {
        return Err(refuse(AppError::NotFound));
    }
    let pattern = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    let access = pattern
        .and_then(|p| rules::rule_for(&p, request.method()))
        .ok_or_else(|| refuse(AppError::NotFound))?;
    let urls = AdminUrls::new(crate::locale::of_request(request.uri(), request.headers()));
    let headers = request.headers().clone();
    let organizer = load(state, &headers).await.map_err(refuse)?;
    let is_get = request.method() == Method::GET;
    let verdict = decide(&organizer, access, is_get, urls);
    match verdict {
        Verdict::Pass => {}
        Verdict::SendTo(page) => return Err(Redirect::to(&page).into_response()),
        Verdict::Refuse(e) => return Err(refuse(e)),
    }
    if let Some(o) = organizer {
        request.extensions_mut().insert(o);
    }
    Ok(request)
}

/// What the guard does with a request.
enum Verdict {
    Pass,
    /// To the step the session is missing (a form posted from it too: 303).
    SendTo(String),
    Refuse(AppError),
}

/// The rule applied: a live session that lacks a step goes to that step; without a session a
/// page goes to the login and a form to the page that says the session is over, so what was
/// typed is not silently dropped on a login form; a role without the permission is refused.
fn decide(organizer: &Option<Organizer>, access: Access, is_get: bool, urls: AdminUrls) -> Verdict {
    match (organizer, access) {
        (_, Access::Anyone) => Verdict::Pass,
        (None, _) if is_get => Verdict::SendTo(urls.login()),
        (None, _) => Verdict::Refuse(AppError::SignedOut),
        (Some(o), Access::SecondFactor) => match o.stage {
            SessionStage::SecondFactor => Verdict::Pass,
            _ => Verdict::SendTo(urls.home()),
        },
        (Some(o), Access::Enrolling) => match o.stage {
            SessionStage::SecondFactor => Verdict::SendTo(urls.login_code()),
            SessionStage::Enrol | SessionStage::Full => Verdict::Pass,
        },
        (Some(o), Access::Signed | Access::May(_)) => match o.stage {
            SessionStage::SecondFactor => Verdict::SendTo(urls.login_code()),
            SessionStage::Enrol => Verdict::SendTo(urls.two_factor()),
            // The site may have come to require a second factor since this login.
            SessionStage::Full if o.must_enrol() => Verdict::SendTo(urls.two_factor()),
            SessionStage::Full => match access {
                Access::May(p) if !o.account.role.may(p) => Verdict::Refuse(AppError::Forbidden),
                _ => Verdict::Pass,
            },
        },
    }
}

/// The session the cookie names, if it is live, as an [`Organizer`]; its last use is written
/// at most once a minute.
async fn load(
    state: &AppState,
    headers: &axum::http::HeaderMap,
) -> Result<Option<Organizer>, AppError> {
    let Some((id, hash)) = session::from_request(state, headers) else {
        return Ok(None);
    };
    let now = state.clock.wall();
    let Some(found) = state.store.session(&hash, now, session::IDLE).await? else {
        return Ok(None);
    };
    if now.duration_since(found.last_seen_at) > session::TOUCH_EVERY {
        state.store.touch_session(&hash, now).await?;
    }
    let settings = state.store.admin_settings().await?;
    Ok(Some(Organizer {
        account: found.account,
        stage: found.stage,
        session_id: id,
        session_hash: hash,
        identity: found.identity,
        settings,
    }))
}
