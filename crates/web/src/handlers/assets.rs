//! The stylesheet, built into the binary. Served with a long cache life: its URL would change
//! with its content if it ever needed to be re-fetched at once.

use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;

const CSS: &str = include_str!("../../assets/outcry.css");

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        CSS,
    )
}
