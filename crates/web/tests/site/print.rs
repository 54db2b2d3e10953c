//! A supporter prints their letter, to the official or to the prisoner, with its envelope, posts it, and says so.

use axum::http::{StatusCode, header};
use outcry_testkit::poppler::assert_lines_in_order;

use crate::harness::{ACTION, OPEN, TestApp, WRITE, form};

#[tokio::test]
async fn print_and_post_downloads_the_edited_letter_addressed_to_the_official() {
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION).await;
    let page = app.get(ACTION).await;
    assert_eq!(
        page.text_of("[data-test=download-letter]"),
        "Download the letter to print (PDF)"
    );
    assert!(
        page.text_of("[data-test=post-notes]")
            .contains("international letter to Russia"),
        "postage notes"
    );
    let pdf = app
        .post(
            &format!("{ACTION}/post"),
            &cookies,
            &form(&[
                ("csrf", &token),
                ("lang", "en"),
                ("subject", "Azat Miftakhov"),
                (
                    "body",
                    "My own words: please investigate.\r\n\r\nThank you.",
                ),
                ("name", "Anna Smith"),
                ("town", "Boston"),
                ("address", "1 Example Street\r\nBoston, MA 02108\r\nUSA"),
                ("country", "US"),
                ("paper", "auto"),
                ("envelope", "dl"),
            ]),
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    assert_eq!(pdf.header(header::CONTENT_TYPE), "application/pdf");
    assert!(
        pdf.header(header::CONTENT_DISPOSITION)
            .starts_with("attachment")
    );
    assert_eq!(pdf.header(header::CACHE_CONTROL), "no-store");
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    if !outcry_testkit::poppler::available() {
        return;
    }
    // A supporter in the US gets US Letter; the envelope is DL.
    assert_eq!(
        outcry_testkit::poppler::page_sizes(&pdf.bytes),
        vec![(612, 792), (624, 312)]
    );
    let letter = outcry_testkit::poppler::text(&pdf.bytes, 1, 1);
    assert_lines_in_order(
        &letter,
        &[
            "Anna Smith",
            "1 Example Street",
            "USA",
            "Mikhail Arkadyevich Mityayev",
            "ul. Dzerzhinskogo, 13",
            "629420",
            "RUSSIA",
            "1 June 2026",
            "Azat Miftakhov",
            "Dear Mr. Mityayev,",
            "My own words: please investigate.",
            "Thank you.",
            "Anna Smith, Boston",
        ],
    );
    let envelope = outcry_testkit::poppler::text(&pdf.bytes, 2, 2);
    assert_lines_in_order(
        &envelope,
        &["Mikhail Arkadyevich Mityayev", "629420", "RUSSIA"],
    );
}

#[tokio::test]
async fn i_posted_it_counts_as_a_letter_by_post() {
    let app = TestApp::at(OPEN).await;
    let (cookies, token) = app.open_action(ACTION).await;
    let page = app
        .post(
            &format!("{ACTION}/done"),
            &cookies,
            &form(&[("csrf", &token), ("channel", "post"), ("country", "DE")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let page = app.get(ACTION).await;
    assert_eq!(page.count(), "1 person has acted");
    assert_eq!(
        page.select("[data-test=channel-count]"),
        ["Post: 1"],
        "{}",
        page.body
    );
}

#[tokio::test]
async fn the_prisoner_letter_pdf_prints_the_cyrillic_address_with_russia_last() {
    let address =
        "Мифтахову Азату Фанисовичу, 1993 г.р.\nФКУ ИК-18 УФСИН России по ЯНАО\nп. Харп, 629420";
    let app = TestApp::with(OPEN, crate::harness::live_counts(), |bundle| {
        bundle
            .case
            .addresses
            .push(outcry_domain::LetterAddress::new(address));
    })
    .await;
    let page = app.get(WRITE).await;
    assert_eq!(
        page.lines_of("[data-test=address]"),
        [
            "Мифтахову Азату Фанисовичу, 1993 г.р.",
            "ФКУ ИК-18 УФСИН России по ЯНАО",
            "п. Харп, 629420",
            "RUSSIA"
        ],
        "one line each, as on the envelope, with RUSSIA last"
    );
    assert!(
        page.text_of("[data-test=latin-reading]")
            .contains("Miftakhovu Azatu Fanisovichu, 1993 g.r., FKU IK-18 UFSIN Rossii"),
        "Latin reading offered"
    );
    let (cookies, token) = (page.cookies(), page.input("csrf"));
    let pdf = app
        .post(
            &format!("{WRITE}/pdf"),
            &cookies,
            &form(&[
                ("csrf", &token),
                ("text", "Дорогой Азат!\n\nЖелаю Вам сил."),
                ("signature", "Анна"),
                ("address", "PO Box 1\nLondon N1 1AA\nUNITED KINGDOM"),
                ("paper", "a4"),
                ("envelope", "c5"),
            ]),
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    if !outcry_testkit::poppler::available() {
        return;
    }
    assert_eq!(
        outcry_testkit::poppler::page_sizes(&pdf.bytes),
        vec![(595, 842), (649, 459)]
    );
    let letter = outcry_testkit::poppler::text(&pdf.bytes, 1, 1);
    assert_lines_in_order(
        &letter,
        &["1 июня 2026 г.", "Дорогой Азат!", "Желаю Вам сил.", "Анна"],
    );
    let envelope = outcry_testkit::poppler::text(&pdf.bytes, 2, 2);
    assert_lines_in_order(
        &envelope,
        &[
            "Мифтахову Азату Фанисовичу, 1993 г.р.",
            "ФКУ ИК-18 УФСИН России по ЯНАО",
            "п. Харп, 629420",
            "RUSSIA",
        ],
    );
    assert_lines_in_order(&envelope, &["Анна", "PO Box 1", "UNITED KINGDOM"]);
}
