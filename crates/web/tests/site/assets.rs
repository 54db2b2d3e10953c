//! The stylesheet under a URL that names its content: kept by browsers for a year, and never
//! stale, since new content comes under a new URL.

use axum::http::{StatusCode, header};

use crate::harness::{ACTION_RU, CASE, OPEN, TestApp};

#[tokio::test]
async fn pages_link_the_stylesheet_by_its_hash_and_it_may_be_kept_for_a_year() {
    let app = TestApp::at(OPEN).await;
    let href = app
        .get(ACTION_RU)
        .await
        .attr("link[rel=stylesheet]", "href");
    assert_eq!(
        app.get(CASE).await.attr("link[rel=stylesheet]", "href"),
        href,
        "one stylesheet for every page"
    );
    assert!(
        href.starts_with("/static/outcry.") && href.ends_with(".css"),
        "{href}"
    );
    let css = app.get(&href).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header(header::CONTENT_TYPE), "text/css; charset=utf-8");
    assert_eq!(
        css.header(header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert!(
        css.body.contains("font"),
        "it is the stylesheet: {}",
        css.body
    );
    // Compressed once at startup, in the best encoding the browser takes.
    for (accept, encoding) in [("gzip, deflate, br", "br"), ("gzip", "gzip")] {
        let packed = app.get_with(&href, "accept-encoding", accept).await;
        assert_eq!(packed.header(header::CONTENT_ENCODING), encoding);
        assert_eq!(packed.header(header::VARY), "accept-encoding");
        assert_eq!(
            packed.header(header::CACHE_CONTROL),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(crate::compression::decoded(&packed), css.body, "{encoding}");
        assert!(packed.bytes.len() * 2 < css.bytes.len(), "{encoding}");
    }

    // Another hash is not a file of this release.
    let other = format!("/static/outcry.{}.css", "0".repeat(12));
    assert_ne!(other, href);
    assert_eq!(app.get(&other).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/static/outcry.css").await.status,
        StatusCode::NOT_FOUND
    );

    // A page cached before URLs were hashed still gets its stylesheet, for a short while.
    let old = app.get("/assets/outcry.css").await;
    assert_eq!(old.status, StatusCode::OK);
    assert_eq!(old.body, css.body);
    assert_eq!(old.header(header::CACHE_CONTROL), "public, max-age=300");
}
