//! Reading posted bodies. axum's own `Form` answers bad bodies with plain English text; this
//! one answers with the localized error page, and refuses bodies that are not UTF-8. Handlers
//! read forms through [`CheckedForm`](crate::extract::CheckedForm), which also checks CSRF;
//! what the fields mean is read in [`forms`](crate::forms).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};

use crate::error::AppError;

/// The fields of a posted `application/x-www-form-urlencoded` body, in order.
pub struct PostedForm {
    fields: Vec<(String, String)>,
}

impl PostedForm {
    /// The first value of a field, or "".
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of a field that may repeat (checkboxes), in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Decodes a form body; see [`outcry_importer::form_body::parse`].
pub(crate) fn parse(body: &[u8]) -> Option<Vec<(String, String)>> {
    outcry_importer::form_body::parse(body)
}

impl<S: Send + Sync> FromRequest<S> for PostedForm {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        // Over the body limit (`DefaultBodyLimit` in the router) or a broken connection.
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::PayloadTooLarge)?;
        let fields = parse(&bytes).ok_or(AppError::bad_request("error-bad-request-body"))?;
        Ok(PostedForm { fields })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn forms_decode_and_invalid_utf8_is_refused() {
        assert_eq!(
            super::parse(b"a=1&name=Anna+Smith&city=%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0&empty="),
            Some(vec![
                ("a".into(), "1".into()),
                ("name".into(), "Anna Smith".into()),
                ("city".into(), "Москва".into()),
                ("empty".into(), "".into())
            ])
        );
        assert_eq!(super::parse(b"channel=ph%FFone"), None);
        assert_eq!(super::parse(b"x=\xff"), None);
    }

    proptest::proptest! {
        /// Any bytes: no panic.
        #[test]
        fn any_body_decodes_or_is_refused(body in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let _ = super::parse(&body);
        }

        /// What a standard encoder writes comes back as it was.
        #[test]
        fn encoded_fields_come_back(fields in proptest::collection::vec(("[a-z]{1,8}", "\\PC{0,40}"), 0..8)) {
            let body = serde_urlencoded::to_string(&fields).expect("encodes");
            proptest::prop_assert_eq!(super::parse(body.as_bytes()), Some(fields));
        }
    }
}
