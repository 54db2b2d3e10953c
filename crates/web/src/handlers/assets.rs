//! The files built into the binary (`asset.rs`), served from memory, compressed ahead of time.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::asset::Asset;
use crate::compress::{self, Accepted};

/// Under its hashed URL a file never changes: any cache may keep it for a year.
const FOREVER: &str = "public, max-age=31536000, immutable";
/// Under its old, unhashed URL, only briefly: the content may change with the next release.
const BRIEFLY: &str = "public, max-age=300";

/// The file under its hashed URL.
pub fn hashed(asset: &'static Asset, accepted: Accepted) -> Response {
    serve(asset, FOREVER, accepted)
}

/// The file under the URL it had before URLs were hashed.
pub fn unhashed(asset: &'static Asset, accepted: Accepted) -> Response {
    serve(asset, BRIEFLY, accepted)
}

/// Brotli where the client takes it (the smaller), else gzip, else the bytes as they are.
fn serve(asset: &'static Asset, cache: &'static str, accepted: Accepted) -> Response {
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
    ];
    match (&asset.br, &asset.gzip) {
        (Some(br), _) if accepted.br => {
            compress::encoded((headers, br.as_slice()).into_response(), "br")
        }
        (_, Some(gzip)) if accepted.gzip => {
            compress::encoded((headers, gzip.as_slice()).into_response(), "gzip")
        }
        _ => {
            let mut response = (headers, asset.bytes).into_response();
            compress::vary(response.headers_mut());
            response
        }
    }
}
