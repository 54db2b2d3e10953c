//! Every error a visitor can meet is a page in their language with the status that fits.
//!
//! Policy: the visitor learns what they can do about it; internal details (SQL, paths, error
//! chains) go to the log only, with the request's path, never into the response.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use outcry_i18n::Locale;

use crate::pages::{Chrome, ErrorPage, render};

#[derive(Debug)]
pub enum ErrorKind {
    NotFound,
    /// The form was wrong; the messages say what, already localized.
    BadRequest(Vec<String>),
    Csrf,
    /// The action's deadline has passed (or it was withdrawn).
    Closed,
    RateLimited {
        retry_after_secs: u64,
    },
    MethodNotAllowed,
    PayloadTooLarge,
    /// A bug or an outage; the cause is logged where the error is made.
    Internal,
}

#[derive(Debug)]
pub struct WebError {
    pub locale: Locale,
    pub kind: ErrorKind,
}

impl WebError {
    pub fn new(locale: Locale, kind: ErrorKind) -> WebError {
        WebError { locale, kind }
    }

    pub fn not_found(locale: Locale) -> WebError {
        WebError::new(locale, ErrorKind::NotFound)
    }

    /// Logs `cause` and gives the visitor a generic page.
    pub fn internal(locale: Locale, cause: &dyn std::fmt::Display) -> WebError {
        tracing::error!(error = %cause, "request failed");
        WebError::new(locale, ErrorKind::Internal)
    }

    /// Storage errors: a missing row is a 404; anything else is logged as a 500.
    pub fn from_storage(locale: Locale, e: outcry_storage::Error) -> WebError {
        match e {
            outcry_storage::Error::NotFound { .. } => WebError::not_found(locale),
            other => WebError::internal(locale, &other),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let l = self.locale;
        let (status, key, details) = match &self.kind {
            ErrorKind::NotFound => (StatusCode::NOT_FOUND, "error-not-found", vec![]),
            ErrorKind::BadRequest(d) => (StatusCode::BAD_REQUEST, "error-bad-request", d.clone()),
            ErrorKind::Csrf => (StatusCode::FORBIDDEN, "error-csrf", vec![]),
            ErrorKind::Closed => (StatusCode::CONFLICT, "error-closed", vec![]),
            ErrorKind::RateLimited { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, "error-rate-limit", vec![])
            }
            ErrorKind::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "error-method", vec![]),
            ErrorKind::PayloadTooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, "error-bad-request", vec![])
            }
            ErrorKind::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "error-internal", vec![]),
        };
        let heading = l.t(&format!("{key}-title"));
        let page = ErrorPage {
            chrome: Chrome::new(l, heading.clone(), "/", None),
            heading,
            body: l.t(&format!("{key}-body")),
            details,
        };
        let mut response = render(status, &page);
        if let ErrorKind::RateLimited { retry_after_secs } = self.kind
            && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}
