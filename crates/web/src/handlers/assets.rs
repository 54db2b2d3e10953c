//! The files built into the binary (`asset.rs`), served from memory.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::asset::Asset;

/// Under its hashed URL a file never changes: any cache may keep it for a year.
const FOREVER: &str = "public, max-age=31536000, immutable";
/// Under its old, unhashed URL, only briefly: the content may change with the next release.
const BRIEFLY: &str = "public, max-age=300";

/// The file under its hashed URL.
pub fn hashed(asset: &'static Asset) -> Response {
    serve(asset, FOREVER)
}

/// The file under the URL it had before URLs were hashed.
pub fn unhashed(asset: &'static Asset) -> Response {
    serve(asset, BRIEFLY)
}

fn serve(asset: &'static Asset, cache: &'static str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        asset.bytes,
    )
        .into_response()
}
