//! A supporter reads about the person: what happened to them, where letters go, and how to help.

use axum::http::StatusCode;

use crate::harness::{CASE_RU, OPEN, TestApp};

#[tokio::test]
async fn the_case_page_shows_the_timeline_and_says_the_address_is_not_current() {
    let app = TestApp::at(OPEN).await;
    let page = app.get(CASE_RU).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text_of("main h1"), "Азат Мифтахов");
    assert_eq!(
        page.select("ol.timeline time[datetime=\"2026-04-21\"]"),
        ["21 апреля 2026 г."]
    );
    assert!(
        page.select("section[aria-labelledby=address-h] p")
            .iter()
            .any(|p| p == "Текущий адрес для писем пока неизвестен."),
        "{}",
        page.body
    );
    assert_eq!(
        page.select("section[aria-labelledby=address-h] details summary"),
        ["Прежний адрес (недействителен с 21 апреля 2026 г.)"]
    );
    assert_eq!(
        page.select("section[aria-labelledby=donate-h] strong"),
        ["For Azat"],
        "donation note rendered from Markdown"
    );
}
