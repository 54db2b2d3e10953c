//! Every error a visitor can meet becomes a page in their language with the status that fits.
//!
//! Handlers, extractors and middleware return [`AppError`], which knows nothing of languages:
//! `?` converts storage, validation and rendering errors into it. Its response carries the
//! error to [`localize`], the one layer that knows the request's language; there the page is
//! rendered and, for a 5xx, one log line is written with the request's method, its matched
//! route and the whole chain of causes (sqlx's own message included). Nothing of the form, the
//! query string, cookies or the client's address is logged; the visitor never sees internals.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use outcry_domain::{ValidationError, Violations};
use outcry_i18n::{Arg, Locale};

use crate::pages::{Chrome, ErrorPage, HumanCheckPage, Resend};
use crate::security::human::Challenge;

/// What went wrong, in terms a visitor can act on.
#[derive(Debug)]
pub enum AppError {
    /// No such page, or one the public may not see.
    NotFound,
    /// The form was wrong; each reason becomes one localized line.
    BadRequest(Vec<Reason>),
    /// The form's token is missing, expired, for another browser, or the post is cross-site.
    Csrf,
    /// The action's deadline has passed (or it was withdrawn).
    Closed,
    /// A confirmation link that was used already or has expired: 410.
    LinkGone,
    /// The form goes through once a person answers a question: shown instead of "too many
    /// requests" over the POST limit's budget (429, with `Retry-After`), and after a wrong
    /// answer (400).
    HumanCheck(Box<Challenge>),
    /// An organizer whose role may not do this (403).
    Forbidden,
    /// An admin form posted without a live session: it ended, or never was (403).
    SignedOut,
    /// A method the address does not take.
    MethodNotAllowed,
    /// A body over the size limit.
    PayloadTooLarge,
    /// Too busy right now: too many requests at once, a request that took too long, a
    /// database that is locked or unreachable for a moment. A posted form comes back on the
    /// page, ready to send again.
    Unavailable {
        /// Seconds to wait before trying again.
        retry_after_secs: u64,
    },
    /// The case's relay queue holds as many pending letters as its cap: organizers are
    /// behind. A 503 with `Retry-After` (an hour), the letter shown back so it is not lost.
    QueueFull,
    /// A bug or an outage; the cause goes to the log only.
    Internal(Box<dyn StdError + Send + Sync>),
}

/// One line of a 400 page.
#[derive(Debug)]
pub enum Reason {
    /// A field and what is wrong with it.
    Field(ValidationError),
    /// A whole message, by its Fluent id.
    Message(&'static str),
}

impl AppError {
    /// A bug or an outage with this cause (logged at the edge, never shown).
    pub fn internal(cause: impl StdError + Send + Sync + 'static) -> AppError {
        AppError::Internal(Box::new(cause))
    }

    /// A 400 with one message, by its Fluent id.
    pub fn bad_request(message: &'static str) -> AppError {
        AppError::BadRequest(vec![Reason::Message(message)])
    }

    /// A 400 when `v` holds problems, else nothing.
    pub fn refuse(v: Violations) -> Result<(), AppError> {
        if v.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::from(v))
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Csrf | AppError::Forbidden | AppError::SignedOut => StatusCode::FORBIDDEN,
            AppError::Closed => StatusCode::CONFLICT,
            AppError::LinkGone => StatusCode::GONE,
            AppError::HumanCheck(c) if c.failure.is_some() => StatusCode::BAD_REQUEST,
            AppError::HumanCheck(c) if c.retry_after_secs.is_some() => {
                StatusCode::TOO_MANY_REQUESTS
            }
            AppError::HumanCheck(_) => StatusCode::OK,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unavailable { .. } | AppError::QueueFull => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message ids of the page's heading and text (`<id>-title`, `<id>-body`).
    fn message_id(&self) -> &'static str {
        match self {
            AppError::NotFound => "error-not-found",
            AppError::BadRequest(_) | AppError::PayloadTooLarge => "error-bad-request",
            AppError::Csrf => "error-csrf",
            AppError::Forbidden => "error-forbidden",
            AppError::SignedOut => "error-signed-out",
            AppError::Closed => "error-closed",
            AppError::LinkGone => "error-link-gone",
            AppError::HumanCheck(_) => "error-rate-limit",
            AppError::MethodNotAllowed => "error-method",
            AppError::Unavailable { .. } => "error-busy",
            AppError::QueueFull => "error-queue-full",
            AppError::Internal(_) => "error-internal",
        }
    }

    /// A 503 asking to try again in a few seconds.
    pub fn busy() -> AppError {
        AppError::Unavailable {
            retry_after_secs: 5,
        }
    }

    /// The page for this error in `locale`; `resend` is the posted form, kept for a 503.
    fn page(&self, locale: Locale, resend: Option<Resend>) -> Response {
        if let AppError::HumanCheck(challenge) = self {
            return self.human_check_page(locale, challenge);
        }
        let id = self.message_id();
        let heading = locale.t(&format!("{id}-title"));
        let details = match self {
            AppError::BadRequest(reasons) => reasons.iter().map(|r| r.message(locale)).collect(),
            _ => Vec::new(),
        };
        let page = ErrorPage {
            chrome: Chrome::new(locale, heading.clone(), &crate::paths::home(locale), None),
            heading,
            body: locale.t(&format!("{id}-body")),
            details,
            resend: resend
                .filter(|_| matches!(self, AppError::Unavailable { .. } | AppError::QueueFull)),
        };
        let mut response = match askama::Template::render(&page) {
            Ok(html) => (self.status(), crate::pages::html_headers(), html).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "the error page failed to render");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
            }
        };
        let retry_after = match self {
            AppError::Unavailable { retry_after_secs } => Some(*retry_after_secs),
            // Organizers read the queue every few days at best; an hour is a fair first wait.
            AppError::QueueFull => Some(3600),
            _ => None,
        };
        if let Some(secs) = retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        if page.resend.is_some() {
            keep_out_of_caches(&mut response);
        }
        response
    }

    /// The human check in `locale`: a 429 with `Retry-After` when it stands in for a refusal.
    fn human_check_page(&self, locale: Locale, challenge: &Challenge) -> Response {
        let page = HumanCheckPage::build(locale, challenge);
        let mut response = match askama::Template::render(&page) {
            Ok(html) => (self.status(), crate::pages::html_headers(), html).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "the human check failed to render");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
            }
        };
        // It carries the supporter's form back, name and letter included.
        keep_out_of_caches(&mut response);
        if self.status() == StatusCode::TOO_MANY_REQUESTS
            && let Some(secs) = challenge.retry_after_secs
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

/// A page that shows back what a supporter typed is nobody's cache entry: not a proxy's, not
/// the browser's history on a phone someone else may hold.
fn keep_out_of_caches(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

impl Reason {
    fn message(&self, locale: Locale) -> String {
        match self {
            Reason::Message(id) => locale.t(id),
            Reason::Field(e) => field_message(locale, e),
        }
    }
}

/// "Your name is too long: at most 100 characters."
fn field_message(locale: Locale, e: &ValidationError) -> String {
    use outcry_domain::Problem;
    let field = locale.t(&format!("field-{}", e.field));
    let field = Arg::Str(&field);
    let max = |max: usize| Arg::Num(i64::try_from(max).unwrap_or(0));
    match &e.problem {
        Problem::TooLong { max: m, .. } => locale.t_args(
            "error-field-too-long",
            &[("field", field), ("max", max(*m))],
        ),
        Problem::TooMany { max: m, .. } => locale.t_args(
            "error-field-too-many",
            &[("field", field), ("max", max(*m))],
        ),
        Problem::Empty => locale.t_args("error-field-empty", &[("field", field)]),
        Problem::ControlCharacters => locale.t_args("error-field-control", &[("field", field)]),
        Problem::InvalidEmail { .. } => locale.t_args("error-field-email", &[("field", field)]),
        Problem::DirectionOverride => locale.t_args("error-field-direction", &[("field", field)]),
        _ => locale.t_args("error-field-invalid", &[("field", field)]),
    }
}

impl From<Violations> for AppError {
    fn from(v: Violations) -> AppError {
        AppError::BadRequest(v.0.into_iter().map(Reason::Field).collect())
    }
}

impl From<outcry_storage::Error> for AppError {
    /// A missing row is a 404; a busy database a 503 (logged, since someone running the site
    /// should know); anything else is a 500 with the storage error as its cause.
    fn from(e: outcry_storage::Error) -> AppError {
        match e {
            outcry_storage::Error::NotFound { .. } => AppError::NotFound,
            outcry_storage::Error::RelayQueueFull { .. } => AppError::QueueFull,
            busy if busy.is_transient() => {
                tracing::warn!(error = %Chain(&busy), "the database is busy");
                AppError::busy()
            }
            other => AppError::Internal(Box::new(other)),
        }
    }
}

impl From<outcry_seal::Error> for AppError {
    /// Sealing a letter cannot fail on input; if it does, it is a bug: a 500.
    fn from(e: outcry_seal::Error) -> AppError {
        AppError::Internal(Box::new(e))
    }
}

impl From<outcry_mail::outbox::OutboxError> for AppError {
    /// The database's errors as storage's; the rest (the outbox key, a payload that does not
    /// open) are the server's fault: a 500.
    fn from(e: outcry_mail::outbox::OutboxError) -> AppError {
        match e {
            outcry_mail::outbox::OutboxError::Storage(e) => e.into(),
            other => AppError::Internal(Box::new(other)),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> AppError {
        AppError::Internal(Box::new(e))
    }
}

impl From<crate::print::PrintError> for AppError {
    /// A full print queue is a 503; anything else a 500.
    fn from(e: crate::print::PrintError) -> AppError {
        match e {
            crate::print::PrintError::Busy => AppError::busy(),
            other => AppError::Internal(Box::new(other)),
        }
    }
}

/// Carries an error from where it happened to [`localize`] inside the response.
#[derive(Clone)]
struct Failure(Arc<AppError>);

impl IntoResponse for AppError {
    /// A bare status with the error attached; [`localize`] turns it into the page.
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(Failure(Arc::new(self)));
        response
    }
}

/// The layer that renders every [`AppError`] as a page in the request's language, and logs
/// server errors with their causes. The request's span ([`crate::trace`]) puts the method and
/// the matched route on the same line. A posted form is kept (bodies are small: the router
/// refuses more than 256 KiB) so that a 503 can hand it back to be sent again.
pub async fn localize(request: Request, next: Next) -> Response {
    let locale = crate::locale::of_request(request.uri(), request.headers());
    let (request, posted) = match keep_form(request).await {
        Ok(kept) => kept,
        Err(error) => return error.page(locale, None),
    };
    let mut response = next.run(request).await;
    let Some(Failure(error)) = response.extensions_mut().remove::<Failure>() else {
        return response;
    };
    if let AppError::Internal(cause) = error.as_ref() {
        tracing::error!(error = %Chain(cause.as_ref()), "request failed");
    }
    error.page(locale, posted)
}

/// A POSTed form's body, read and put back, with where it went and its fields.
async fn keep_form(request: Request) -> Result<(Request, Option<Resend>), AppError> {
    let is_form = request.method() == Method::POST
        && request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok((request, None));
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, crate::routes::MAX_FORM_BYTES)
        .await
        .map_err(|_| AppError::PayloadTooLarge)?;
    let resend = crate::form::parse(&bytes).map(|fields| Resend {
        action: parts.uri.path().to_string(),
        fields,
    });
    Ok((
        Request::from_parts(parts, axum::body::Body::from(bytes)),
        resend,
    ))
}

/// An error and every error that caused it, joined by ": ". A cause whose message its
/// wrapper already repeats (sqlx's database errors do) is not written twice.
pub struct Chain<'a>(pub &'a (dyn StdError + 'static));

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut previous = self.0.to_string();
        f.write_str(&previous)?;
        let mut next = self.0.source();
        while let Some(cause) = next {
            let message = cause.to_string();
            if !previous.contains(&message) {
                write!(f, ": {message}")?;
            }
            previous = message;
            next = cause.source();
        }
        Ok(())
    }
}
