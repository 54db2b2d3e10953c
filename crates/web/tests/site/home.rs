//! A supporter arrives at the site and sees, in their language, which actions are open and which have ended.

use axum::http::StatusCode;

use crate::harness::{ACTION, LATER, OPEN, TestApp};

#[tokio::test]
async fn the_root_sends_each_browser_to_its_language() {
    let app = TestApp::at(OPEN).await;
    let page = app
        .get_with("/", "accept-language", "ru-RU,ru;q=0.9,en;q=0.5")
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), Some("/ru/"));
    let page = app.get("/").await;
    assert_eq!(page.location(), Some("/en/"));
}

#[tokio::test]
async fn the_home_page_lists_open_actions_first_and_closed_ones_after() {
    let app = TestApp::at(OPEN).await;
    let page = app.get("/en/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.select("main h2"),
        ["Open actions"],
        "only open actions, under their heading"
    );
    let cards = page.select("section[aria-labelledby=open-h] [data-test=action-card]");
    assert_eq!(cards.len(), 1, "{cards:?}");
    assert!(
        cards[0].contains("Imprisoned mathematician reports torture"),
        "{cards:?}"
    );
    assert!(cards[0].contains("44 days left"), "{cards:?}");
    assert_eq!(
        page.attr("[data-test=action-card] a", "href"),
        ACTION,
        "the card leads to the action"
    );

    let app = TestApp::at(LATER).await;
    let page = app.get("/ru/").await;
    assert_eq!(page.select("main h2"), ["Завершённые акции"]);
    let cards = page.select("section[aria-labelledby=closed-h] [data-test=action-card]");
    assert_eq!(cards.len(), 1, "{cards:?}");
    assert!(
        cards[0].contains("Акция завершилась 15 июля 2026 г."),
        "{cards:?}"
    );
}

#[tokio::test]
async fn with_one_open_and_one_closed_action_the_open_one_comes_first() {
    let app = TestApp::with(OPEN, crate::harness::live_counts(), |bundle| {
        let mut earlier = bundle.actions[0].clone();
        earlier.slug = "azat-miftakhov-earlier-appeal".parse().expect("a slug");
        earlier.number = None;
        earlier.headline =
            outcry_domain::Localized::one(outcry_domain::Lang::EN, "An earlier appeal");
        if let Some(deadline) = earlier.deadline.as_mut() {
            deadline.date = jiff::civil::date(2026, 5, 20);
        }
        bundle.actions.push(earlier);
    })
    .await;
    let page = app.get("/en/").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.select("main h2"), ["Open actions", "Closed actions"]);
    assert_eq!(
        page.select("section[aria-labelledby=open-h] [data-test=action-card] a"),
        ["Imprisoned mathematician reports torture in an Arctic penal colony"]
    );
    assert_eq!(
        page.select("section[aria-labelledby=closed-h] [data-test=action-card] a"),
        ["An earlier appeal"]
    );
}
