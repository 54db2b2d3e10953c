//! A supporter writes to the prisoner himself: reads the rules, puts a Russian letter together from phrases, has it checked, and sends it through the group.

use axum::http::StatusCode;

use crate::harness::{CASE, OPEN, TestApp, WRITE, WRITE_RU, form};

#[tokio::test]
async fn the_write_page_has_the_rules_the_phrase_kit_and_says_the_address_is_not_known() {
    let app = TestApp::at(OPEN).await;
    let page = app.get(WRITE).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.text_of("main h1"), "Write to Azat");
    assert!(
        page.select(".rules dt")
            .iter()
            .any(|t| t == "Write in Russian"),
        "{:?}",
        page.select(".rules dt")
    );
    assert!(
        page.text_of("[data-test=address-missing]")
            .contains("was moved on 21 April 2026"),
        "{}",
        page.body
    );
    assert_eq!(page.count_of("[data-test=phrase-group]"), 6);
    let phrases = page.count_of("[data-test=phrase-group] input[name=phrase]");
    assert!(phrases >= 80, "{phrases} phrases offered");
    assert_eq!(
        page.count_of("input[name=phrase]"),
        phrases,
        "every phrase in a group"
    );
    // Azat is "he": the masculine greeting, with its meaning in English.
    let greetings = page.select("[data-test=phrase-group] label");
    assert!(
        greetings.iter().any(|l| l == "Дорогой Азат! — Dear Azat!"),
        "{greetings:?}"
    );
    let ru = app.get(WRITE_RU).await;
    assert!(
        ru.select(".rules dt")
            .iter()
            .any(|t| t == "Пишите по-русски"),
        "{:?}",
        ru.select(".rules dt")
    );
    assert!(
        !ru.body.contains("Dear Azat!"),
        "no English meanings for Russian readers"
    );
    assert!(!ru.has("[data-test=phrase-group] .meaning"));
    let case = app.get(CASE).await;
    assert_eq!(case.attr("main [data-test=write-link]", "href"), WRITE);
}

#[tokio::test]
async fn the_composer_puts_a_russian_letter_together_and_warns_without_blocking() {
    let app = TestApp::at(OPEN).await;
    let page = app.get(WRITE).await;
    let (cookies, token) = (page.cookies(), page.input("csrf"));
    let checked = app
        .post(
            WRITE,
            &cookies,
            &form(&[
                ("csrf", &token),
                ("writer", "f"),
                ("phrase", "greeting-dear"),
                ("phrase", "wish-health"),
                ("phrase", "closing-warmly"),
                ("free", "Я много читаю о войне. Hello from London!"),
                ("signature", "Anna Smith"),
            ]),
        )
        .await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    let letter = checked.text_of("[data-test=letter-text]");
    assert!(letter.contains("Дорогой Азат!"), "{letter}");
    assert!(letter.contains("Желаю Вам крепкого здоровья."), "{letter}");
    let warnings = checked.select("[data-test=warning]");
    let titles = checked.select("[data-test=warning] strong");
    assert!(titles.iter().any(|t| t == "The war"), "{titles:?}");
    assert!(titles.iter().any(|t| t == "Not in Russian"), "{titles:?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("The war") && w.contains("Letters that mention the war")),
        "{warnings:?}"
    );
    assert!(
        checked.has("[data-test=download-pdf]"),
        "sending is never blocked"
    );
    assert!(
        checked
            .text_of("[data-test=e-letter-note]")
            .contains("characters. Electronic prison-letter services print about 2,500"),
        "{}",
        checked.body
    );

    // The writer edits the text and checks again: the warnings go away.
    let token = checked.input("csrf");
    let again = app
        .post(
            WRITE,
            &cookies,
            &form(&[
                ("csrf", &token),
                ("text", "Дорогой Азат!\r\n\r\nЖелаю Вам крепкого здоровья."),
                ("signature", "Анна"),
            ]),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.has("[data-test=all-clear]"), "{}", again.body);
    assert!(!again.has("[data-test=warning]"));
}

#[tokio::test]
async fn a_relayed_letter_signed_in_full_keeps_exactly_what_the_writer_typed() {
    let app = TestApp::at(OPEN).await;
    let page = app.get(WRITE).await;
    let (cookies, token) = (page.cookies(), page.input("csrf"));
    let sent = app
        .post(
            &format!("{WRITE}/relay"),
            &cookies,
            &form(&[
                ("csrf", &token),
                ("text", "Дорогой Азат! Желаю Вам сил."),
                ("signature", "Анна-Мария Smith O'Neil"),
                (
                    "address",
                    "Flat 2, 12 Example Road\r\nLeeds LS1 1AA\r\nUNITED KINGDOM",
                ),
                ("identity", "full"),
            ]),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    // The writer chose to sign in full: the whole signature and their own address, as typed,
    // one address line per line they wrote, and nothing added.
    let queue = app.relay_queue().await;
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].text, "Дорогой Азат! Желаю Вам сил.");
    assert_eq!(queue[0].signature, "Анна-Мария Smith O'Neil");
    assert_eq!(
        queue[0].return_address,
        ["Flat 2, 12 Example Road", "Leeds LS1 1AA", "UNITED KINGDOM"]
    );
}

#[tokio::test]
async fn a_relayed_letter_waits_in_the_groups_queue_with_the_first_name_only() {
    let app = TestApp::at(OPEN).await;
    let page = app.get(WRITE).await;
    assert!(
        page.text_of("[data-test=relay-note]")
            .contains("No letters are waiting right now."),
        "{}",
        page.body
    );
    let (cookies, token) = (page.cookies(), page.input("csrf"));
    let sent = app
        .post(
            &format!("{WRITE}/relay"),
            &cookies,
            &form(&[
                ("csrf", &token),
                ("text", "Дорогой Азат! Желаю Вам сил."),
                ("signature", "Anna Smith"),
                ("address", "1 Secret Street"),
                ("identity", "first-name"),
            ]),
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(sent.location(), Some(&*format!("{WRITE}/sent")));
    let thanks = app.get(&format!("{WRITE}/sent")).await;
    assert!(
        thanks
            .text_of("[data-test=sent]")
            .contains("Outcry demo group has your letter"),
        "{}",
        thanks.body
    );
    let queue = app.relay_queue().await;
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].signature, "Anna", "the first name only");
    assert!(
        queue[0].return_address.is_empty(),
        "the group's address, not the writer's: {:?}",
        queue[0].return_address
    );
    let page = app.get(WRITE).await;
    assert!(
        page.text_of("[data-test=relay-note]")
            .contains("1 letter is waiting to be posted."),
        "{}",
        page.body
    );
    // Hostile text is refused with the reason, and nothing is queued.
    let bad = app
        .post(
            &format!("{WRITE}/relay"),
            &cookies,
            &form(&[("csrf", &token), ("text", "Азат \u{202E}!")]),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        app.get(WRITE)
            .await
            .text_of("[data-test=relay-note]")
            .contains("1 letter is waiting")
    );
    assert_eq!(app.relay_queue().await.len(), 1);
}

/// Posts a letter for relay from a fresh visit to `write` (either language).
async fn relay_from(app: &TestApp, write: &str, text: &str) -> crate::harness::Page {
    let page = app.get(write).await;
    let (cookies, token) = (page.cookies(), page.input("csrf"));
    app.post(
        &format!("{write}/relay"),
        &cookies,
        &form(&[("csrf", &token), ("text", text), ("signature", "Анна")]),
    )
    .await
}

#[tokio::test]
async fn a_full_queue_asks_the_writer_to_try_later_in_their_language() {
    let config = outcry_web::WebConfig {
        relay_queue_cap: 1,
        ..outcry_web::WebConfig::default()
    };
    let app = TestApp::with_config(OPEN, config).await;
    let first = relay_from(&app, WRITE, "Дорогой Азат! Желаю Вам сил.").await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    for (write, heading) in [
        (WRITE, "The letter queue is full"),
        (WRITE_RU, "Очередь писем переполнена"),
    ] {
        let full = relay_from(&app, write, "Дорогой Азат! Второе письмо.").await;
        assert_eq!(
            full.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            full.body
        );
        assert_eq!(full.header(axum::http::header::RETRY_AFTER), "3600");
        assert_eq!(full.text_of("main h1"), heading);
        // What the writer typed comes back, ready to send again, and is nobody's cache entry.
        assert!(full.has("[data-test=resend]"), "{}", full.body);
        assert!(full.body.contains("Второе письмо"));
        assert_eq!(full.header(axum::http::header::CACHE_CONTROL), "no-store");
    }
    assert_eq!(app.relay_queue().await.len(), 1, "nothing more was stored");
}

#[tokio::test]
async fn the_stored_letter_is_sealed_and_the_checker_kinds_are_all_that_is_clear() {
    let app = TestApp::at(OPEN).await;
    let sent = relay_from(&app, WRITE, "Дорогой Азат! Мы думаем о Вас и о войне.").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let case = "azat-miftakhov".parse().expect("a slug");
    let stored = app.store().relay_queue(&case, None).await.expect("reads");
    assert_eq!(stored.len(), 1);
    let sealed = stored[0].sealed.clone().expect("sealed");
    assert!(
        sealed.starts_with(b"age-encryption.org/v1"),
        "an age ciphertext"
    );
    assert!(!String::from_utf8_lossy(&sealed).contains("войне"));
    assert_eq!(stored[0].warnings, ["censor-war"]);
    let opened = app.relay_queue().await;
    assert_eq!(opened[0].text, "Дорогой Азат! Мы думаем о Вас и о войне.");
    assert_eq!(opened[0].signature, "Анна");
}
