//! Pages come compressed to browsers that ask, and read exactly as they would plain; the action
//! page comes gzipped ahead of time, with the visitor's own token in it.

use std::io::Read;

use axum::http::{StatusCode, header};

use crate::harness::{ACTION, ACTION_RU, ACTION_SLUG, CASE, OPEN, Page, TestApp, form};

fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("a valid gzip stream");
    text
}

fn unbrotli(bytes: &[u8]) -> String {
    let mut text = String::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_string(&mut text)
        .expect("a valid brotli stream");
    text
}

/// `page` as the browser reads it once decoded, by its `Content-Encoding`.
pub fn decoded(page: &Page) -> String {
    match page.header(header::CONTENT_ENCODING) {
        "br" => unbrotli(&page.bytes),
        "gzip" => gunzip(&page.bytes),
        "" => page.body.clone(),
        other => panic!("unexpected encoding {other}"),
    }
}

/// A decoded page with its CSRF token (different in every response) made one.
fn without_token(html: String) -> (String, String) {
    let page = Page {
        status: StatusCode::OK,
        headers: Default::default(),
        body: html,
        bytes: Vec::new(),
    };
    let token = page.input("csrf");
    (page.body.replace(&token, "TOKEN"), token)
}

#[tokio::test]
async fn a_page_comes_compressed_as_asked_and_reads_the_same() {
    let app = TestApp::at(OPEN).await;
    let plain = app.get(CASE).await;
    assert_eq!(plain.header(header::CONTENT_ENCODING), "");
    for encoding in ["br", "gzip"] {
        let page = app.get_with(CASE, "accept-encoding", encoding).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.header(header::CONTENT_ENCODING), encoding);
        assert!(
            page.header(header::VARY).contains("accept-encoding"),
            "caches keep one copy per encoding"
        );
        assert_eq!(decoded(&page), plain.body, "{encoding}");
        assert!(
            page.bytes.len() * 2 < plain.bytes.len(),
            "{encoding}: {} bytes for {}",
            page.bytes.len(),
            plain.bytes.len()
        );
    }
    let missing = app.get_with("/en/nowhere", "accept-encoding", "br").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing.header(header::CONTENT_ENCODING),
        "br",
        "error pages too"
    );
    assert!(decoded(&missing).contains("<h1"), "{}", decoded(&missing));
}

#[tokio::test]
async fn the_action_page_comes_gzipped_with_its_own_token_which_counts() {
    let app = TestApp::at(OPEN).await;
    let plain = app.get(ACTION).await;
    let (plain_page, plain_token) = without_token(plain.body.clone());
    // What browsers send: they get the gzip made ahead of time.
    let zipped = app
        .get_with(ACTION, "accept-encoding", "gzip, deflate, br, zstd")
        .await;
    assert_eq!(zipped.header(header::CONTENT_ENCODING), "gzip");
    assert!(zipped.header(header::VARY).contains("accept-encoding"));
    let (zipped_page, zipped_token) = without_token(gunzip(&zipped.bytes));
    assert_eq!(zipped_page, plain_page);
    assert_ne!(
        zipped_token, plain_token,
        "every response has a token of its own (no secret repeats: see compress.rs)"
    );
    // A client that takes brotli only gets it compressed as it is sent.
    let br = app.get_with(ACTION, "accept-encoding", "br").await;
    assert_eq!(br.header(header::CONTENT_ENCODING), "br");
    assert_eq!(without_token(unbrotli(&br.bytes)).0, plain_page);

    // The token that came gzipped is as good as any.
    let cookies = zipped.cookies();
    let done = app
        .post(
            &format!("{ACTION}/done"),
            &cookies,
            &form(&[("csrf", &zipped_token), ("channel", "email")]),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(app.recorded(ACTION_SLUG).await, 1);
}

/// Bytes on the wire of the demo's action page, printed for the record (run with
/// `--nocapture`): plain, gzip made ahead of time, and brotli as it is sent.
#[tokio::test]
async fn bytes_on_the_wire_of_the_action_page() {
    let app = TestApp::at(OPEN).await;
    for path in [ACTION, ACTION_RU] {
        let plain = app.get(path).await.bytes.len();
        let gzip = app.get_with(path, "accept-encoding", "gzip, br").await;
        let br = app.get_with(path, "accept-encoding", "br").await;
        assert_eq!(
            (
                gzip.header(header::CONTENT_ENCODING),
                br.header(header::CONTENT_ENCODING)
            ),
            ("gzip", "br")
        );
        let (gzip, br) = (gzip.bytes.len(), br.bytes.len());
        eprintln!(
            "{path}: plain {plain} B, gzip (ahead of time) {gzip} B, br (level 4, per request) {br} B"
        );
        // Gzip made ahead of time in pieces around the per-visitor slots compresses a little
        // worse than one pass (about 1:3 on this page); brotli per request does better.
        assert!(
            gzip * 10 < plain * 4 && br < plain / 3,
            "{plain} {gzip} {br}"
        );
    }
}
