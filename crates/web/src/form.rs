//! Reading posted forms. axum's own `Form` answers bad bodies with plain English text; this
//! one answers with the localized error page, and refuses bodies that are not UTF-8.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use outcry_i18n::Locale;

use crate::error::{ErrorKind, WebError};

/// The fields of a posted `application/x-www-form-urlencoded` body, in order.
pub struct PostedForm {
    pub locale: Locale,
    fields: Vec<(String, String)>,
}

impl PostedForm {
    /// The first value of a field, or "".
    pub fn get(&self, name: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }
}

impl<S: Send + Sync> FromRequest<S> for PostedForm {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        let locale = {
            let first = req.uri().path().trim_start_matches('/').split('/').next().unwrap_or("");
            Locale::from_code(first).unwrap_or(Locale::En)
        };
        // Over the body limit (`DefaultBodyLimit` in the router) or a broken connection.
        let bytes = Bytes::from_request(req, state).await.map_err(|_| WebError::new(locale, ErrorKind::PayloadTooLarge))?;
        let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| WebError::new(locale, ErrorKind::BadRequest(vec![locale.t("error-bad-request-body")])))?;
        Ok(PostedForm { locale, fields })
    }
}
