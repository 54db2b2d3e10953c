//! A supporter reads an urgent action, edits the letter, emails or calls the officials, and is counted once.

use axum::http::StatusCode;

use crate::harness::{ACTION, ACTION_RU, OPEN, TestApp, form};

#[tokio::test]
async fn the_action_page_in_english_shows_the_russian_letter_beside_the_english_one() {
    let app = TestApp::at(OPEN).await;
    let page = app.get(ACTION).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.attr("html", "lang"), "en");
    // The Russian model letter first, its English translation after it, side by side.
    assert_eq!(
        page.select(".letters.side-by-side article.letter h3"),
        ["Model letter in Russian", "Translation in English"]
    );
    assert_eq!(
        page.attrs(".letters.side-by-side article.letter", "lang"),
        ["ru", "en"]
    );
    assert!(
        page.text_of("article.letter[lang=ru]")
            .contains("Уважаемый Михаил Аркадьевич!")
    );
    assert_eq!(page.text_of("[data-test=deadline]"), "44 days left");
    assert!(
        page.attrs("[data-test=target] a", "href")
            .contains(&"tel:+73499272528".to_string()),
        "{:?}",
        page.attrs("[data-test=target] a", "href")
    );
    assert_eq!(
        page.text_of("[data-test=local-time]"),
        "Their local time now: 17:00",
        "Labytnangi is UTC+5"
    );
    // The supporter edits the English letter (the targets read English too), and may switch.
    assert_eq!(page.input("lang"), "en");
    assert_eq!(
        page.attrs("[data-test=email-form] p.hint a", "href"),
        [format!("{ACTION}?letter=ru#body")]
    );
    let page = app.get(&format!("{ACTION}?letter=ru")).await;
    assert_eq!(page.input("lang"), "ru");
    assert!(
        page.text_of("textarea#body").contains("Обращаюсь к Вам"),
        "the letter to edit is the Russian one"
    );
    let page = app.get(&format!("{ACTION}?letter=xx")).await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "an unknown letter language falls back"
    );
    assert_eq!(page.input("lang"), "en");
}

#[tokio::test]
async fn the_action_page_in_russian_speaks_russian() {
    let app = TestApp::at(OPEN).await;
    let page = app.get(ACTION_RU).await;
    assert_eq!(page.attr("html", "lang"), "ru");
    assert_eq!(page.text_of("[data-test=deadline]"), "Осталось 44 дня");
    assert!(
        page.text_of("main h1")
            .contains("Заключённый математик сообщает о пытках")
    );
    assert_eq!(page.count(), "0 человек приняли участие");
    assert!(
        !page.body.contains("Translation in"),
        "no translation when the visitor reads the letter's language"
    );
    // The officials read Russian first: the Russian letter stands alone, with no English
    // model beside it "translated" into Russian.
    assert_eq!(
        page.select("section[aria-labelledby=letter-h] article.letter h3"),
        ["Образец письма: русский"]
    );
}

#[tokio::test]
async fn acting_by_phone_counts_once_per_browser() {
    let app = TestApp::at(OPEN).await;
    let (mut cookies, token) = app.open_action(ACTION).await;
    let done = format!("{ACTION}/done");
    let page = app
        .post(
            &done,
            &cookies,
            &form(&[("csrf", &token), ("channel", "phone"), ("country", "DE")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), Some(&*format!("{ACTION}/thanks")));
    cookies.extend(page.cookies());
    let thanks = app.get(&format!("{ACTION}/thanks")).await;
    assert_eq!(thanks.count(), "1 person has acted");

    // The same browser pressing again: thanked again, not counted again.
    let again = app
        .post(
            &done,
            &cookies,
            &form(&[("csrf", &token), ("channel", "phone")]),
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&format!("{ACTION}/thanks")).await.count(),
        "1 person has acted"
    );

    // The same browser by email is a second action.
    app.post(
        &done,
        &cookies,
        &form(&[("csrf", &token), ("channel", "email")]),
    )
    .await;
    let page = app.get(ACTION).await;
    assert_eq!(page.count(), "2 people have acted");
    assert_eq!(
        page.select("[data-test=channel-count]"),
        ["Email: 1", "Phone: 1"],
        "{}",
        page.body
    );
}

#[tokio::test]
async fn preparing_an_email_gives_a_mailto_link_with_the_edited_letter() {
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION).await;
    let page = app
        .post(
            &format!("{ACTION}/email"),
            &cookies,
            &form(&[
                ("csrf", &token),
                ("lang", "ru"),
                ("subject", "Тема"),
                ("body", "Прошу провести проверку.\nСпасибо."),
                ("name", "Anna Smith"),
                ("town", "Leeds"),
                ("safety", "on"),
                ("country", "GB"),
            ]),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let href = page.attr("[data-test=mailto]", "href");
    let link = href.strip_prefix("mailto:").expect("a mailto link");
    assert!(link.starts_with("proknadzor-iu-yanao@89.mailop.ru,prokyanao@89.mailop.ru,prokyan-iu@yandex.ru?subject=%D0%A2%D0%B5%D0%BC%D0%B0"), "{link}");
    assert!(link.contains("%0D%0A"), "line breaks as CRLF");
    assert!(
        page.text_of("textarea#letter-text")
            .contains("A. S., Leeds"),
        "writer-safety mode signs with initials"
    );
    assert!(!page.body.contains("Anna Smith"));
    assert_eq!(page.input("country"), "GB");
}

#[tokio::test]
async fn progress_toward_a_goal_is_shown() {
    let app = TestApp::with(OPEN, crate::harness::live_counts(), |b| {
        b.actions[0].goal = Some(4)
    })
    .await;
    let (cookies, token) = app.open_action(ACTION).await;
    app.post(
        &format!("{ACTION}/done"),
        &cookies,
        &form(&[("csrf", &token), ("channel", "phone")]),
    )
    .await;
    let page = app.get(ACTION).await;
    assert_eq!(page.attr("progress", "max"), "100", "{}", page.body);
    assert_eq!(page.attr("progress", "value"), "25");
    let lines = page.select("[data-test=status] p");
    assert!(lines.iter().any(|p| p.ends_with(" 1 of 4")), "{lines:?}");
}

#[tokio::test]
async fn a_letter_too_long_for_a_link_is_offered_to_copy() {
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION).await;
    // 3,000 Cyrillic letters become 18,000 characters once percent-encoded.
    let body = "Я".repeat(3_000);
    let page = app
        .post(
            &format!("{ACTION}/email"),
            &cookies,
            &form(&[("csrf", &token), ("lang", "ru"), ("body", &body)]),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.body.contains("href=\"mailto:proknadzor"),
        "no link that would lose the end of the letter"
    );
    assert!(!page.has("[data-test=mailto]"));
    assert!(page.has("[data-test=too-long]"));
    assert!(
        page.text_of("textarea#letter-text").contains(&body),
        "the whole letter is there to copy"
    );
    assert_eq!(
        page.select("[data-test=copy-view] dd")
            .first()
            .map(String::as_str),
        Some("proknadzor-iu-yanao@89.mailop.ru, prokyanao@89.mailop.ru, prokyan-iu@yandex.ru")
    );
}

#[tokio::test]
async fn an_address_flagged_by_a_hard_bounce_is_no_longer_offered() {
    let app = TestApp::at(OPEN).await;
    app.store()
        .record_address_bounce(
            "prokyanao@89.mailop.ru",
            true,
            Some("5.1.1"),
            jiff::Timestamp::now(),
            5,
        )
        .await
        .expect("recorded")
        .expect("the prosecutor's address is in the directory");
    let (cookies, token) = app.open_action(ACTION).await;
    let page = app
        .post(
            &format!("{ACTION}/email"),
            &cookies,
            &form(&[
                ("csrf", &token),
                ("lang", "ru"),
                ("subject", "Тема"),
                ("body", "Прошу провести проверку."),
                ("name", "Anna Smith"),
                ("town", "Leeds"),
                ("country", "GB"),
            ]),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let href = page.attr("[data-test=mailto]", "href");
    assert!(
        href.starts_with("mailto:proknadzor-iu-yanao@89.mailop.ru,prokyan-iu@yandex.ru?"),
        "the bounced address is left out, the others stay: {href}"
    );
    assert!(
        !app.get(ACTION)
            .await
            .body
            .contains("prokyanao@89.mailop.ru")
    );
}
