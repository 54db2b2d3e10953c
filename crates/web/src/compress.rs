//! Compressed answers, for clients that send `Accept-Encoding: br` or `gzip`: what is
//! compressed when, and why it is safe.
//!
//! Three ways, by what a response is:
//! - **Files built into the binary** (`asset.rs`) are compressed once, at startup, at the
//!   highest levels (brotli 11, gzip 9), and served as they are: brotli where accepted, else
//!   gzip.
//! - **The action page** is compressed ahead of time too, as gzip in pieces around its
//!   per-visitor slots (`spliced.rs` says how, and why brotli cannot be glued the same way).
//! - **Every other response** (the case and home pages, forms shown back, error pages) is
//!   compressed as it is sent by tower-http's layer ([`layer`]): brotli at level 4 (nginx's
//!   default for on-the-fly brotli, a fraction of a millisecond for a page) or gzip at 6.
//!   PDFs are left alone: typst compresses their streams already.
//!
//! Every response that could be compressed says `Vary: Accept-Encoding`, so a shared cache
//! keeps a copy per encoding and never hands gzip to a client that did not ask for it.
//!
//! # BREACH
//! Compressing a page that holds a secret beside text an attacker chose lets the attacker
//! guess the secret byte by byte from the compressed length (BREACH), if they can make the
//! victim's browser fetch the page many times and watch the sizes on the wire. The classic
//! secret is a CSRF token in a form. Outcry compresses its pages anyway, because no body holds
//! a secret that stays the same from one response to the next:
//! - The browser's lasting secret, its CSRF nonce, lives only in an `HttpOnly` cookie, never
//!   in a body. A form carries a token made for this response alone: a fresh 128-bit random
//!   form id and the time, under a MAC of the nonce (`security/csrf.rs`). Each response
//!   carries different token bytes, so there is nothing fixed for a guess to converge on: the
//!   same effect as masking the token per response, the usual defence.
//! - The acted cookie and the human check's pass are cookies too. Headers are not compressed
//!   by this layer (and HTTP/1.1 has no header compression), so setting a cookie does not
//!   make a response unsafe to compress.
//! - What a page reflects is mostly not the attacker's to choose: the action page is the same
//!   for everyone but for the token and the counts; `?letter=` picks one of the action's
//!   languages or nothing. The pages that show back what was posted with a fresh token (the
//!   email page, the letter check) are reached only by a same-site POST with a valid token
//!   (the nonce cookie is `SameSite=Strict`, cross-site POSTs are refused). Those that show
//!   back a post before its token is checked (the 503 page that offers the form again, the
//!   human check) hold nothing of the victim's: the token in them is the one posted.
//!
//! Should a page ever carry a secret that repeats (an organizer's session, an API key), it
//! must not go through here as it is: mask it per response, or leave that response
//! uncompressed with `Content-Encoding: identity`.

use std::io::Write;

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};

/// The compression of responses compressed as they are sent.
pub type Layer =
    CompressionLayer<tower_http::compression::predicate::And<DefaultPredicate, NotForContentType>>;

/// Brotli and gzip for every response the handlers did not compress already (those carry a
/// `Content-Encoding`, which the layer leaves alone), but PDFs.
pub fn layer() -> Layer {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(CompressionLevel::Default)
        .compress_when(DefaultPredicate::new().and(NotForContentType::const_new("application/pdf")))
}

/// The encodings a request takes, of those Outcry compresses to ahead of time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Accepted {
    /// `br` is acceptable.
    pub br: bool,
    /// `gzip` is acceptable.
    pub gzip: bool,
}

impl Accepted {
    /// Reads `Accept-Encoding` (RFC 9110 §12.5.3): a coding is acceptable when it is listed
    /// with a weight above zero, or not listed while `*` is; nothing is without the header.
    pub fn from_headers(headers: &HeaderMap) -> Accepted {
        let mut br = None;
        let mut gzip = None;
        let mut any = None;
        let listed = headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','));
        for item in listed {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let weight = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .map(|q| q.trim().parse::<f32>().unwrap_or(0.0))
                .next()
                .unwrap_or(1.0);
            let slot = if coding.eq_ignore_ascii_case("br") {
                &mut br
            } else if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
                &mut gzip
            } else if coding == "*" {
                &mut any
            } else {
                continue;
            };
            *slot = Some(weight > 0.0);
        }
        let any = any.unwrap_or(false);
        Accepted {
            br: br.unwrap_or(any),
            gzip: gzip.unwrap_or(any),
        }
    }
}

/// Marks `response` as compressed with `encoding` (its body must be), and as one of several
/// answers by `Accept-Encoding`.
pub fn encoded(mut response: Response, encoding: &'static str) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    vary(headers);
    response
}

/// Says that the answer depends on `Accept-Encoding`, for a response served plain although a
/// compressed one exists.
pub fn vary(headers: &mut HeaderMap) {
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
}

/// `bytes` as gzip at the highest level; `None` if the encoder fails (it writes to memory).
pub fn gzip_best(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

/// `bytes` as brotli at the highest level; `None` if the encoder fails.
pub fn brotli_best(bytes: &[u8]) -> Option<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepted(value: &str) -> Accepted {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).expect("a header value"),
        );
        Accepted::from_headers(&headers)
    }

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        let both = Accepted {
            br: true,
            gzip: true,
        };
        assert_eq!(accepted("gzip, deflate, br, zstd"), both);
        assert_eq!(accepted("br;q=1.0, gzip;q=0.8, *;q=0.1"), both);
        assert_eq!(accepted("*"), both);
        assert_eq!(
            accepted("GZIP"),
            Accepted {
                br: false,
                gzip: true
            }
        );
        assert_eq!(
            accepted("gzip;q=0, br"),
            Accepted {
                br: true,
                gzip: false
            }
        );
        assert_eq!(
            accepted("*, br;q=0"),
            Accepted {
                br: false,
                gzip: true
            }
        );
        assert_eq!(accepted("identity"), Accepted::default());
        assert_eq!(accepted("gzip;q=nonsense"), Accepted::default());
        assert_eq!(
            Accepted::from_headers(&HeaderMap::new()),
            Accepted::default()
        );
    }
}
