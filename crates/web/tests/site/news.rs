//! News, authors and feeds as a reader sees them: an article about a case shows the case's
//! current address (never a copy in the article), lists paginate, feeds parse as Atom with
//! working links, and the pages carry their feeds and link previews.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use outcry_domain::{Article, Author, Lang, Localized, Slug};

use crate::harness::{OPEN, TestApp};

fn slug(s: &str) -> Slug {
    s.parse().expect("a slug")
}

fn localized(pairs: &[(Lang, &str)]) -> Localized {
    Localized(
        pairs
            .iter()
            .map(|(l, t)| (*l, t.to_string()))
            .collect::<BTreeMap<_, _>>(),
    )
}

async fn author(app: &TestApp) -> Author {
    let author = Author {
        slug: slug("vera-test"),
        name: localized(&[(Lang::EN, "Vera Test"), (Lang::RU, "Вера Тест")]),
        bio: localized(&[(Lang::EN, "Writes **tests**."), (Lang::RU, "Пишет тесты.")]),
    };
    app.store()
        .upsert_author(&author)
        .await
        .expect("author stored");
    author
}

fn article(slug_text: &str, lang: Lang, day: i8, title: &str) -> Article {
    Article {
        slug: slug(slug_text),
        lang,
        title: title.to_string(),
        author: slug("vera-test"),
        published: jiff::civil::date(2026, 5, day),
        summary: format!("Summary of {title}"),
        body: "A paragraph with [a link](https://example.org) and <script>alert(1)</script>.\n\n[bad](javascript:alert(1))".into(),
        case: Some(slug("azat-miftakhov")),
        action: Some(slug(crate::harness::ACTION_SLUG)),
        column: false,
    }
}

/// The demo case with a current address at IK-18 (verified), after the IK-17 one.
fn with_new_address(b: &mut outcry_domain::CaseBundle) {
    let mut new = b.case.addresses[0].clone();
    new.verbatim = "629420, Russia, YNAO, Kharp, FKU IK-18\nMiftakhov Azat Fanisovich, 1993".into();
    new.parts.institution = "FKU IK-18".into();
    new.valid_from = Some(jiff::civil::date(2026, 4, 21));
    new.superseded_on = None;
    new.verified_on = Some(jiff::civil::date(2026, 5, 20));
    b.case.addresses.push(new);
}

#[tokio::test]
async fn an_article_about_a_case_shows_the_cases_current_address_and_ways_to_help() {
    let app = TestApp::with(OPEN, crate::harness::live_counts(), with_new_address).await;
    author(&app).await;
    app.store()
        .upsert_article(&article("moved", Lang::EN, 10, "Azat was moved"))
        .await
        .expect("stored");
    app.store()
        .upsert_article(&article("moved", Lang::RU, 10, "Азата перевели"))
        .await
        .expect("stored");
    let page = app.get("/en/news/moved").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.text_of("h1"), "Azat was moved");
    // The address is the case's current one (IK-18), read from the case, with its date.
    let address = page.text_of("[data-test=address]");
    assert!(
        address.contains("IK-18") && !address.contains("IK-17"),
        "{address}"
    );
    assert!(
        page.text_of("[data-test=verified]").contains("2026"),
        "{}",
        page.text_of("[data-test=verified]")
    );
    let case_page = app.get(crate::harness::CASE).await;
    assert_eq!(address, case_page.text_of("[data-test=address]"));
    assert_eq!(
        page.attr("[data-test=write-link]", "href"),
        "/en/c/azat-miftakhov/write"
    );
    assert_eq!(
        page.attr("[data-test=action-link]", "href"),
        crate::harness::ACTION
    );
    // Markdown is made safe.
    assert!(
        !page.body.contains("<script>alert"),
        "{}",
        page.raw_text_of("[data-test=body]")
    );
    assert!(!page.body.contains("javascript:"));
    // Its translation, its feeds, its preview.
    assert!(page.has("a[hreflang=ru][href='/ru/news/moved']"));
    let feeds = page.attrs("link[rel=alternate][type='application/atom+xml']", "href");
    assert!(feeds.contains(&"/en/feeds/news".to_string()), "{feeds:?}");
    assert!(
        feeds.contains(&"/en/feeds/cases/azat-miftakhov".to_string()),
        "{feeds:?}"
    );
    assert_eq!(
        page.attr("meta[property='og:title']", "content"),
        "Azat was moved"
    );
    assert_eq!(page.attr("meta[property='og:type']", "content"), "article");
    // The case page lists it; the Russian article is in Russian.
    assert!(case_page.has("[data-test=article] a[href='/en/news/moved']"));
    let ru = app.get("/ru/news/moved").await;
    assert_eq!(ru.text_of("h1"), "Азата перевели");
    assert_eq!(ru.text_of("[data-test=author]"), "Вера Тест");
    // No such article in a language it was not written in.
    assert_eq!(
        app.get("/en/news/no-such").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn with_no_current_address_an_article_says_so_and_never_shows_the_old_one() {
    // The demo as it is: the IK-17 address is superseded by the transfer, IK-18's not known.
    let app = TestApp::at(OPEN).await;
    author(&app).await;
    app.store()
        .upsert_article(&article("moved", Lang::EN, 10, "Azat was moved"))
        .await
        .expect("stored");
    let page = app.get("/en/news/moved").await;
    assert!(!page.has("[data-test=address]"));
    assert!(
        !page.body.contains("612744"),
        "the old postcode is not offered"
    );
    assert!(
        page.text_of("[data-test=case-box]")
            .contains("The current address for letters is not known yet.")
    );
}

#[tokio::test]
async fn the_news_list_is_newest_first_twenty_a_page() {
    let app = TestApp::at(OPEN).await;
    author(&app).await;
    for day in 1..=25_i8 {
        let mut a = article(
            &format!("news-{day:02}"),
            Lang::EN,
            day,
            &format!("Item {day:02}"),
        );
        a.case = None;
        a.action = None;
        app.store().upsert_article(&a).await.expect("stored");
    }
    let first = app.get("/en/news").await;
    assert_eq!(first.status, StatusCode::OK);
    let titles = first.select("[data-test=article] > a");
    assert_eq!(titles.len(), 20);
    assert_eq!(titles[0], "Item 25");
    assert_eq!(first.attr("a[rel=next]", "href"), "/en/news?page=2");
    let second = app.get("/en/news?page=2").await;
    assert_eq!(second.select("[data-test=article] > a").len(), 5);
    assert_eq!(second.attr("a[rel=prev]", "href"), "/en/news");
    assert_eq!(
        app.get("/en/news?page=3").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/en/news?page=x").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/en/news?page=0").await.status,
        StatusCode::NOT_FOUND
    );
    // Russian has none of them.
    assert!(app.get("/ru/news").await.has("[data-test=empty]"));
}

#[tokio::test]
async fn feeds_are_atom_that_a_reader_parses_with_links_that_open() {
    let app = TestApp::at(OPEN).await;
    author(&app).await;
    app.store()
        .upsert_article(&article("moved", Lang::EN, 10, "Azat was moved"))
        .await
        .expect("stored");
    for path in [
        "/en/feeds/news",
        "/en/feeds/authors/vera-test",
        "/en/feeds/cases/azat-miftakhov",
        "/en/feeds/actions",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            page.header(axum::http::header::CONTENT_TYPE)
                .starts_with("application/atom+xml")
        );
        let feed: atom_syndication::Feed = page
            .body
            .parse()
            .unwrap_or_else(|e| panic!("{path}: {e}\n{}", page.body));
        assert!(!feed.entries().is_empty(), "{path} has entries");
        for entry in feed.entries() {
            let link = &entry.links()[0];
            assert_eq!(
                app.get(link.href()).await.status,
                StatusCode::OK,
                "{path}: {}",
                link.href()
            );
        }
    }
    assert_eq!(
        app.get("/en/feeds/authors/nobody").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_author_page_has_the_bio_and_the_authors_articles() {
    let app = TestApp::at(OPEN).await;
    author(&app).await;
    app.store()
        .upsert_article(&article("moved", Lang::EN, 10, "Azat was moved"))
        .await
        .expect("stored");
    let page = app.get("/en/authors/vera-test").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text_of("h1"), "Vera Test");
    assert!(page.raw_text_of("[data-test=bio]").contains("tests"));
    assert_eq!(
        page.select("[data-test=article] > a"),
        vec!["Azat was moved".to_string()]
    );
    assert_eq!(
        page.attr("[data-test=feed]", "href"),
        "/en/feeds/authors/vera-test"
    );
}

#[tokio::test]
async fn the_sidebar_shows_each_authors_latest_column_and_how_long_ago_in_the_readers_words() {
    let app = TestApp::at(OPEN).await;
    author(&app).await;
    for (slug_text, day, title) in [("col-old", 1, "Old column"), ("col-new", 28, "New column")] {
        for lang in [Lang::EN, Lang::RU] {
            let mut a = article(slug_text, lang, day, title);
            a.column = true;
            a.case = None;
            a.action = None;
            app.store().upsert_article(&a).await.expect("stored");
        }
    }
    // The site's clock says 1 June 2026: the new column is 4 days old.
    let page = app.get("/en/news").await;
    let columns = page.select("[data-test=column]");
    assert_eq!(columns.len(), 1, "one per author: {columns:?}");
    assert!(columns[0].contains("New column"), "{columns:?}");
    assert_eq!(page.text_of("[data-test=ago]"), "4 days ago");
    assert_eq!(
        app.get("/ru/news").await.text_of("[data-test=ago]"),
        "4 дня назад"
    );
    // Columns have their own list; news does not list them.
    assert_eq!(
        app.get("/en/columns")
            .await
            .select("[data-test=article] > a")
            .len(),
        2
    );
    assert!(app.get("/en/news").await.has("[data-test=empty]"));
}

#[tokio::test]
async fn case_and_action_pages_carry_a_link_preview_and_the_actions_feed() {
    let app = TestApp::at(OPEN).await;
    let action = app.get(crate::harness::ACTION).await;
    assert!(
        !action
            .attr("meta[property='og:title']", "content")
            .is_empty()
    );
    let description = action.attr("meta[property='og:description']", "content");
    assert!(
        description.chars().count() <= 201 && !description.contains('*'),
        "{description}"
    );
    assert!(
        action
            .attrs("link[rel=alternate]", "href")
            .contains(&"/en/feeds/actions".to_string())
    );
    let case = app.get(crate::harness::CASE).await;
    assert!(
        case.attr("meta[property='og:title']", "content")
            .contains("Azat")
    );
    let home = app.get("/ru/").await;
    assert!(
        home.attrs("link[rel=alternate]", "href")
            .contains(&"/ru/feeds/actions".to_string())
    );
}

#[tokio::test]
async fn a_page_number_that_is_not_one_is_a_localized_404() {
    let app = TestApp::at(OPEN).await;
    for query in ["page=%FF", "page=-1", "page=99999999999", "page=1&page=2"] {
        let page = app.get(&format!("/ru/news?{query}")).await;
        assert!(page.status.is_client_error(), "{query}: {}", page.status);
        assert_eq!(page.attr("html", "lang"), "ru", "{query}");
    }
}
