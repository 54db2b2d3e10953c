//! "Send it for me", as a supporter goes through it, against a real SMTP server on 127.0.0.1:
//! the form asks one question first, the confirmation mail carries a link, opening the link
//! shows a button and sends nothing, the button sends the edited letter to the official once
//! and counts the action once. A site without mail offers none of it.

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use outcry_mail::{MailSettings, SmtpRelay, Worker, WorkerConfig};
use outcry_testkit::smtp::{Received, SmtpSink};

use crate::harness::{ACTION, ACTION_RU, ACTION_SLUG, OPEN, OUTBOX_KEY, Page, SITE, TestApp, form};

/// The browser's address: a known client, so a human-check pass sticks to it.
const PEER: &str = "203.0.113.9";
/// The demo official's first address, where the appeal goes.
const OFFICIAL: &str = "proknadzor-iu-yanao@89.mailop.ru";

fn worker(app: &TestApp, sink: &SmtpSink) -> Worker {
    let outbox = app.outbox.as_ref().expect("a site with mail");
    let settings =
        Arc::new(MailSettings::new("appeals@act.example.org", None, None).expect("settings"));
    let relay = SmtpRelay::new(&sink.url(), 2, "act.example.org").expect("relay");
    Worker::new(
        app.store().clone(),
        relay,
        settings,
        outcry_seal::OutboxKey::from_bytes(&OUTBOX_KEY),
        WorkerConfig::default(),
        outbox.wake(),
    )
}

/// The confirmation link in a mail, as a path on the site.
fn link_in(m: &Received) -> String {
    let text = m.readable();
    let start = text.find(SITE).expect("the mail holds a link to the site") + SITE.len();
    text[start..]
        .split_whitespace()
        .next()
        .expect("a link")
        .to_string()
}

/// Fills in the send form of the action page at `action` and posts it, answering the human
/// check when it is asked. Returns the last answer and the browser's cookies.
async fn ask(app: &TestApp, action: &str, fields: &[(&str, &str)]) -> (Page, Vec<String>) {
    let page = app.get(action).await;
    let mut cookies = page.cookies();
    let csrf = page.input("csrf");
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    let first = app
        .post_from(PEER, None, &format!("{action}/send"), &cookies, &form(&all))
        .await;
    if !first.has("form[data-test=human-check]") {
        return (first, cookies);
    }
    app.advance(5);
    let question = first.text_of("[data-test=human-question]");
    let answer = match question.as_str() {
        "What is two plus three?" | "Сколько будет два плюс три?" => "5",
        "How many days are there in a week?" | "Сколько дней в неделе?" => "7",
        "How many legs does a cat have?" | "Сколько лап у кошки?" => "4",
        "What colour is fresh snow?" => "white",
        "Какого цвета свежий снег?" => "белый",
        _ => "24",
    };
    let mut hidden = first.hidden_fields("form[data-test=human-check]");
    hidden.push(("human_answer".into(), answer.into()));
    let target = first.attr("form[data-test=human-check]", "action");
    let body = serde_urlencoded::to_string(&hidden).expect("encodes");
    let answered = app.post_from(PEER, None, &target, &cookies, &body).await;
    cookies.extend(answered.cookies());
    (answered, cookies)
}

const EDITED: &str = "Please investigate at once. (edited by Anna)";

fn anna(email: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("lang", "en"),
        ("subject", ""),
        ("body", EDITED),
        ("name", "Anna Karenina"),
        ("town", "Leeds"),
        ("safety", "on"),
        ("email", email),
        ("country", "GB"),
    ]
}

#[tokio::test]
async fn a_supporter_confirms_by_button_and_the_official_gets_the_edited_letter_once() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let app = TestApp::with_mail(OPEN).await;
    let worker = worker(&app, &sink);
    let page = app.get(ACTION).await;
    assert!(
        page.has("[data-test=send] input[name=email]"),
        "{}",
        page.body
    );
    assert!(page.has("button[data-test=send-for-me]"));

    // The form asks one question first (it makes the site send mail), in the page's words,
    // then leads to "check your mail".
    let page = app.get(ACTION).await;
    let csrf = page.input("csrf");
    let mut fields = vec![("csrf", csrf.as_str())];
    fields.extend(anna("anna@supporter.example"));
    let check = app
        .post_from(
            PEER,
            None,
            &format!("{ACTION}/send"),
            &page.cookies(),
            &form(&fields),
        )
        .await;
    assert_eq!(check.status, StatusCode::OK, "{}", check.body);
    assert!(
        check
            .text()
            .contains("send an email to the address you give")
    );
    let (sent, _) = ask(&app, ACTION, &anna("anna@supporter.example")).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let check_mail = app.get(sent.location().expect("redirect")).await;
    assert!(
        check_mail
            .text_of("[data-test=check-mail]")
            .contains("We have sent a link")
    );
    assert!(!check_mail.body.contains("anna@supporter.example"));

    // One confirmation mail, with the link; nothing to the official yet.
    worker.run_once().await.expect("sent");
    let mail = sink.wait_for(1, Duration::from_secs(5));
    assert_eq!(mail[0].rcpt_tos, ["anna@supporter.example"]);
    let link = link_in(&mail[0]);
    assert!(link.starts_with(&format!("{ACTION}/confirm?t=")), "{link}");

    // Opening the link (twice, as a mail scanner and then the supporter) sends nothing.
    let mut opened = app.get(&link).await;
    for _ in 0..2 {
        opened = app.get(&link).await;
        assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    }
    assert_eq!(opened.header(axum::http::header::CACHE_CONTROL), "no-store");
    assert!(opened.text_of("[data-test=to]").contains(OFFICIAL));
    let letter = opened.text_of("[data-test=letter]");
    assert!(letter.starts_with("Dear Mr. Mityayev,"), "{letter}");
    assert!(letter.contains(EDITED));
    assert!(
        letter.ends_with("A. K., Leeds"),
        "safety mode signs with initials: {letter}"
    );
    assert_eq!(
        app.recorded(ACTION_SLUG).await,
        0,
        "not counted before the button"
    );
    worker.run_once().await.expect("ran");
    assert_eq!(sink.count(), 1);

    // The button: queued, counted once, and the appeal arrives from the site with her name.
    let done = press(&app, &opened).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(
        done.text_of("[data-test=queued]"),
        "Your appeal goes within the hour."
    );
    assert_eq!(app.recorded(ACTION_SLUG).await, 1);
    worker.run_once().await.expect("sent");
    let mail = sink.wait_for(2, Duration::from_secs(5));
    let appeal = &mail[1];
    assert_eq!(appeal.rcpt_tos, [OFFICIAL]);
    let from = appeal.header("From").expect("From");
    assert!(
        from.starts_with("\"A. K.\" <appeals@act.example.org>")
            || from.starts_with("A. K. <appeals@act.example.org>"),
        "{from}"
    );
    assert!(
        appeal
            .header("Reply-To")
            .expect("Reply-To")
            .contains("anna@supporter.example")
    );
    assert!(appeal.header("Message-ID").is_some());
    let text = appeal.readable();
    assert!(text.contains(EDITED), "{text}");
    assert!(text.starts_with("Dear Mr. Mityayev,"), "{text}");

    // The button again: the link is spent.
    let again = press(&app, &opened).await;
    assert_eq!(again.status, StatusCode::GONE, "{}", again.body);
    assert_eq!(app.get(&link).await.status, StatusCode::GONE);

    // The same address asks again the same day: no second mail (one a day per address),
    // and the same page, so nobody learns whether an address asked before.
    let (same_day, _) = ask(&app, ACTION, &anna("Anna@Supporter.example")).await;
    assert_eq!(same_day.location(), sent.location());
    worker.run_once().await.expect("ran");
    assert_eq!(sink.count(), 2);

    // The next day: the new link confirms, but nothing new goes and the count stays.
    app.advance(86_400);
    let (_, _) = ask(&app, ACTION, &anna("Anna@Supporter.example")).await;
    worker.run_once().await.expect("sent");
    let mail = sink.wait_for(3, Duration::from_secs(5));
    let repeat = confirm(&app, &mail[2]).await;
    assert!(
        repeat
            .text_of("[data-test=queued]")
            .contains("nothing was sent again")
    );
    worker.run_once().await.expect("ran");
    assert_eq!(sink.count(), 3);
    assert_eq!(app.recorded(ACTION_SLUG).await, 1);
}

#[tokio::test]
async fn bad_addresses_and_names_are_refused_in_the_pages_language_and_nothing_is_mailed() {
    let app = TestApp::with_mail(OPEN).await;
    for (action, email, name, expected) in [
        (
            ACTION,
            "not an address",
            "Anna",
            "is not an address we can send mail to",
        ),
        (ACTION, "", "Anna", "must not be empty"),
        (
            ACTION_RU,
            "anna@example.org\r\nBcc: x@example.org",
            "Анна",
            "невидимые",
        ),
        (
            ACTION,
            "anna@example.org",
            "Anna\r\nBcc: x@example.org",
            "invisible control characters",
        ),
        (ACTION, "anna@example.org", "", "must not be empty"),
        (ACTION_RU, &"a".repeat(300), "Анна", "слишком"),
    ] {
        let mut fields = anna("x");
        fields.retain(|(k, _)| *k != "email" && *k != "name");
        fields.push(("email", email));
        fields.push(("name", name));
        let (page, _) = ask(&app, action, &fields).await;
        assert_eq!(
            page.status,
            StatusCode::BAD_REQUEST,
            "{email:?} {name:?}: {}",
            page.body
        );
        assert!(
            page.text().contains(expected),
            "{email:?} {name:?}: {}",
            page.text()
        );
    }
    let counts = app.store().outbox_counts().await.expect("counts");
    assert_eq!(counts.queued, 0, "nothing is mailed for a refused form");
}

#[tokio::test]
async fn a_forged_or_unknown_link_is_gone_and_a_site_without_mail_offers_nothing() {
    let app = TestApp::with_mail(OPEN).await;
    for link in [
        format!("{ACTION}/confirm"),
        format!("{ACTION}/confirm?t=nothex"),
        format!("{ACTION}/confirm?t={}", "ab".repeat(24)),
    ] {
        let page = app.get(&link).await;
        assert_eq!(page.status, StatusCode::GONE, "{link}");
        assert!(
            page.text().contains("This link no longer works"),
            "{}",
            page.text()
        );
    }
    let plain = TestApp::at(OPEN).await;
    let page = plain.get(ACTION).await;
    assert!(!page.has("[data-test=send]"), "no relay, no offer");
    let (cookies, csrf) = plain.open_action(ACTION).await;
    let mut fields = vec![("csrf", csrf.as_str())];
    fields.extend(anna("anna@supporter.example"));
    let post = plain
        .post(&format!("{ACTION}/send"), &cookies, &form(&fields))
        .await;
    // Asked the question first (the route is the same), then not found: nothing to send with.
    assert!(
        post.status == StatusCode::NOT_FOUND || post.has("form[data-test=human-check]"),
        "{}",
        post.status
    );
    assert_eq!(
        plain.get(&format!("{ACTION}/send/check")).await.status,
        StatusCode::NOT_FOUND
    );
}

/// Presses the button on a confirmation page.
async fn press(app: &TestApp, opened: &Page) -> Page {
    let button = opened.hidden_fields("form[data-test=confirm-form]");
    app.post_from(
        PEER,
        None,
        &opened.attr("form[data-test=confirm-form]", "action"),
        &opened.cookies(),
        &serde_urlencoded::to_string(&button).expect("encodes"),
    )
    .await
}

/// Presses the button on the page a confirmation mail's link opens.
async fn confirm(app: &TestApp, mail: &Received) -> Page {
    let opened = app.get(&link_in(mail)).await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    press(app, &opened).await
}

/// The base64 body of the attachment called `name` in a multipart message, decoded.
fn attachment(m: &Received, name: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let text = m.text();
    let at = text.find(&format!("filename=\"{name}\""))?;
    let rest = &text[at..];
    let body = &rest[rest.find("\r\n\r\n")? + 4..];
    let encoded: String = body
        .lines()
        .take_while(|l| !l.starts_with("--"))
        .collect::<Vec<_>>()
        .concat();
    base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()
}

#[tokio::test]
async fn a_refused_appeal_comes_back_to_a_supporter_who_asked_as_a_pdf_to_post() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    // The official's address is one the SMTP server refuses for good (550 5.1.1).
    let app = TestApp::with_mail_and(OPEN, |bundle| {
        bundle.targets[0].emails = vec!["reject@official.example".parse().expect("email")];
    })
    .await;
    let worker = worker(&app, &sink);
    let mut fields = anna("anna@supporter.example");
    fields.push(("receipt", "on"));
    let (sent, _) = ask(&app, ACTION, &fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    worker.run_once().await.expect("sent");
    let mail = sink.wait_for(1, Duration::from_secs(5));
    let done = confirm(&app, &mail[0]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    // The appeal is refused at RCPT; its receipt is queued with that answer and goes next.
    worker.run_once().await.expect("attempted");
    worker.run_once().await.expect("sent");
    let mail = sink.wait_for(2, Duration::from_secs(5));
    let receipt = &mail[1];
    assert_eq!(receipt.rcpt_tos, ["anna@supporter.example"]);
    assert!(
        receipt
            .header("Subject")
            .expect("subject")
            .contains("did not arrive"),
        "{}",
        receipt.text()
    );
    let pdf = attachment(receipt, "letter.pdf").expect("the letter is attached");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    if outcry_testkit::poppler::available() {
        let text = crate::harness::squash(&outcry_testkit::poppler::text(&pdf, 1, 2));
        assert!(
            text.contains("Mityayev"),
            "addressed to the official: {text}"
        );
        assert!(text.contains("edited by Anna"), "the edited letter: {text}");
    }
    // Nothing else goes, and the appeal's row keeps no address.
    worker.run_once().await.expect("ran");
    assert_eq!(sink.count(), 2);
    let counts = app.store().outbox_counts().await.expect("counts");
    assert_eq!((counts.bounced, counts.sent), (1, 2), "{counts:?}");
}

#[tokio::test]
async fn what_a_supporter_typed_is_nowhere_in_the_database_in_clear_before_or_after_sending() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let app = TestApp::with_mail(OPEN).await;
    if app.database_bytes().is_none() {
        eprintln!("(reads the SQLite file; the PostgreSQL run checks nothing here)");
        return;
    }
    let worker = worker(&app, &sink);
    // Words found nowhere else, so finding one in the file means it was stored in clear.
    let typed = [
        "evlampia.tikhomirova@kukuevsk.example",
        "Евлампия Тихомирова",
        "Кукуевск-на-Бурлях",
        "незабудки цветут у тихой речки",
    ];
    let fields = vec![
        ("lang", "ru"),
        ("subject", ""),
        ("body", typed[3]),
        ("name", typed[1]),
        ("town", typed[2]),
        ("email", typed[0]),
        ("receipt", "on"),
    ];
    let in_clear = |app: &TestApp| -> Vec<&str> {
        let bytes = app.database_bytes().expect("sqlite");
        typed
            .into_iter()
            .filter(|w| bytes.windows(w.len()).any(|win| win == w.as_bytes()))
            .collect()
    };
    let (sent, _) = ask(&app, ACTION_RU, &fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(in_clear(&app), Vec::<&str>::new(), "waiting for the button");
    worker.run_once().await.expect("sent");
    let mail = sink.wait_for(1, Duration::from_secs(5));
    let done = confirm(&app, &mail[0]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(in_clear(&app), Vec::<&str>::new(), "queued");
    // The appeal, then its receipt: every row final, every payload gone.
    worker.run_once().await.expect("sent");
    worker.run_once().await.expect("sent");
    sink.wait_for(3, Duration::from_secs(5));
    let counts = app.store().outbox_counts().await.expect("counts");
    assert_eq!(counts.sent, 3, "{counts:?}");
    assert_eq!(in_clear(&app), Vec::<&str>::new(), "after sending");
    // The address did reach the SMTP server, where it belongs.
    assert!(sink.messages().iter().any(|m| m.rcpt_tos == [typed[0]]));
}
