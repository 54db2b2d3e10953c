//! What handlers take from a request, checked before a handler runs: the visitor's language
//! and the page chrome ([`Visit`]), a case or an action named by a valid slug ([`CaseAt`],
//! [`ActionAt`]), a posted form whose CSRF token has been verified ([`CheckedForm`], with the
//! form's one-time id), and the token for a page's own forms ([`FormToken`]). A handler cannot
//! forget the CSRF check: the only way to read a posted form is through [`CheckedForm`].

#![allow(clippy::disallowed_types)] // the one place that reads raw path parameters

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::HeaderValue;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::response::{IntoResponseParts, ResponseParts};
use outcry_domain::Slug;
use outcry_i18n::Locale;

use crate::compress::Accepted;
use crate::error::AppError;
use crate::form::PostedForm;
use crate::pages::Chrome;
use crate::security::csrf::{self, FormId};
use crate::state::AppState;

/// A page request in a language: the URL's first segment names it. An unknown one is a 404
/// (in the language the browser asks for), not a silent fallback, so links stay canonical.
#[derive(Debug, Clone, Copy)]
pub struct Visit {
    /// The page's language.
    pub locale: Locale,
    /// The day a demo pretends it is, shown on every page.
    demo: Option<jiff::civil::Date>,
}

impl Visit {
    /// The parts every page shares; `url` is this page's own address in this language, for
    /// the language switcher.
    pub fn chrome(&self, title: String, url: &str) -> Chrome {
        Chrome::new(self.locale, title, url, self.demo)
    }
}

impl FromRequestParts<AppState> for Visit {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Visit, AppError> {
        let locale = crate::locale::from_path(parts.uri.path()).ok_or(AppError::NotFound)?;
        Ok(Visit {
            locale,
            demo: state.config.demo_notice,
        })
    }
}

/// The language and slug of `/{lang}/<kind>/{slug}…`; a slug that cannot be one is a 404.
async fn visit_and_slug(parts: &mut Parts, state: &AppState) -> Result<(Visit, Slug), AppError> {
    let visit = Visit::from_request_parts(parts, state).await?;
    let Path((_, raw)) = Path::<(String, String)>::from_request_parts(parts, state)
        .await
        .map_err(|_| AppError::NotFound)?;
    let slug = raw.parse().map_err(|_| AppError::NotFound)?;
    Ok((visit, slug))
}

/// A page of a case: `/{lang}/c/{case}…`.
pub struct CaseAt {
    /// The language and chrome.
    pub visit: Visit,
    /// The case's slug, valid but not yet looked up.
    pub slug: Slug,
}

impl FromRequestParts<AppState> for CaseAt {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<CaseAt, AppError> {
        let (visit, slug) = visit_and_slug(parts, state).await?;
        Ok(CaseAt { visit, slug })
    }
}

/// A page of an action: `/{lang}/a/{action}…`.
pub struct ActionAt {
    /// The language and chrome.
    pub visit: Visit,
    /// The action's slug, valid but not yet looked up.
    pub slug: Slug,
}

impl FromRequestParts<AppState> for ActionAt {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<ActionAt, AppError> {
        let (visit, slug) = visit_and_slug(parts, state).await?;
        Ok(ActionAt { visit, slug })
    }
}

/// A page named by a slug after the language: an article (`/{lang}/news/{article}`), an
/// author, a feed of a case or an author.
pub struct SlugAt {
    /// The language and chrome.
    pub visit: Visit,
    /// The slug, valid but not yet looked up.
    pub slug: Slug,
}

impl FromRequestParts<AppState> for SlugAt {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<SlugAt, AppError> {
        let (visit, slug) = visit_and_slug(parts, state).await?;
        Ok(SlugAt { visit, slug })
    }
}

/// An account in the admin: `/admin/{lang}/users/{account}`; an id that is not a number is
/// a 404.
pub struct AccountAt {
    /// The language and chrome.
    pub visit: Visit,
    /// The account's id, not yet looked up.
    pub id: i64,
}

impl FromRequestParts<AppState> for AccountAt {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<AccountAt, AppError> {
        let visit = Visit::from_request_parts(parts, state).await?;
        let Path((_, raw)) = Path::<(String, String)>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let id = raw.parse().map_err(|_| AppError::NotFound)?;
        Ok(AccountAt { visit, id })
    }
}

/// A posted form whose CSRF token is valid for this browser and still fresh, and the form id
/// its token carried: the same for every post of one rendered form, so a handler that must act
/// once per form (counting) can tell a replay or a double click from a new form.
pub struct CheckedForm(pub PostedForm, pub FormId);

impl FromRequest<AppState> for CheckedForm {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<CheckedForm, AppError> {
        let headers = req.headers().clone();
        let form = PostedForm::from_request(req, state).await?;
        let id = csrf::verify(state, &headers, form.get("csrf")).ok_or(AppError::Csrf)?;
        Ok(CheckedForm(form, id))
    }
}

/// The CSRF token for the forms of the page being rendered, and the cookie that binds it to
/// this browser when the browser had none. Return [`FormToken::cookie`] with the response.
pub struct FormToken {
    /// Goes into each form's hidden `csrf` field.
    pub token: String,
    /// Sets the browser's nonce, when it is new.
    pub cookie: SetCookie,
}

impl FromRequestParts<AppState> for FormToken {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<FormToken, AppError> {
        let (token, cookie) = csrf::issue(state, &parts.headers)?;
        Ok(FormToken {
            token,
            cookie: SetCookie(cookie),
        })
    }
}

/// A URL's query decoded into `T` (its fields, with serde defaults); one that does not
/// decode (bytes that are not UTF-8, a value of the wrong kind) is the localized 400, where
/// axum's own `Query` would answer in English plain text.
pub struct Params<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Params<T>, AppError> {
        serde_urlencoded::from_str(parts.uri.query().unwrap_or(""))
            .map(Params)
            .map_err(|_| AppError::bad_request("error-bad-request-body"))
    }
}

/// The encodings the client takes, for an answer compressed ahead of time (`compress.rs`);
/// everything else is compressed, or not, by the compression layer.
pub struct Accepts(pub Accepted);

impl<S: Send + Sync> FromRequestParts<S> for Accepts {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Accepts, Self::Rejection> {
        Ok(Accepts(Accepted::from_headers(&parts.headers)))
    }
}

/// A `Set-Cookie` header to add to a response, or none.
pub struct SetCookie(pub Option<HeaderValue>);

impl IntoResponseParts for SetCookie {
    type Error = std::convert::Infallible;

    fn into_response_parts(self, mut res: ResponseParts) -> Result<ResponseParts, Self::Error> {
        if let Some(c) = self.0 {
            res.headers_mut().append(SET_COOKIE, c);
        }
        Ok(res)
    }
}
