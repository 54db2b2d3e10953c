//! The POST limit as supporters and flooders meet it: who counts as one client behind proxies
//! and on IPv6, and the human check that stands in for "too many requests" (the question, its
//! minimum time, its honeypot, the pass it earns), in both languages.

use axum::http::{StatusCode, header};
use outcry_web::{Cidr, WebConfig};

use crate::harness::{ACTION, ACTION_RU, ACTION_SLUG, OPEN, Page, TestApp, form};

/// Ten seconds after [`OPEN`]: past the minimum time, well within a question's life.
const SOON: &str = "2026-06-01T12:00:10Z";
/// An hour after [`OPEN`]: every question asked at `OPEN` has expired.
const HOUR_LATER: &str = "2026-06-01T13:00:00Z";

const HOME: &str = "203.0.113.9";

fn budget(posts_per_minute: u32) -> WebConfig {
    WebConfig {
        posts_per_minute,
        ..crate::harness::live_counts()
    }
}

/// The answer to each default question, as a person might type it.
fn answer_to(question: &str) -> &'static str {
    match question {
        "What is two plus three?" => "five",
        "Сколько будет два плюс три?" => "Пять",
        "How many days are there in a week?" | "Сколько дней в неделе?" => "7",
        "How many legs does a cat have?" => " Four ",
        "Сколько лап у кошки?" => "четыре",
        "What colour is fresh snow?" => "White",
        "Какого цвета свежий снег?" => "белый",
        "How many hours are there in a day?" | "Сколько часов в сутках?" => "24",
        other => panic!("not a default question: {other:?}"),
    }
}

/// "I called" for the demo action in the language of `action`, from `peer`.
async fn called(app: &TestApp, peer: &str, action: &str, browser: &(Vec<String>, String)) -> Page {
    // Each report is a fresh page's form: a form's one-time id counts once.
    let (cookies, _) = browser;
    let token = app
        .get_with(action, "cookie", &cookies.join("; "))
        .await
        .input("csrf");
    let token = &token;
    app.post_from(
        peer,
        None,
        &format!("{action}/done"),
        cookies,
        &form(&[("csrf", token), ("channel", "phone")]),
    )
    .await
}

/// Posts the check's form back as a browser would: its hidden fields, then what was typed.
async fn answer(
    app: &TestApp,
    peer: &str,
    check: &Page,
    cookies: &[String],
    typed: &[(&str, &str)],
) -> Page {
    answer_with(app, peer, check, cookies, typed, |_| {}).await
}

/// [`answer`], with the hidden fields changed by `edit` first (a forger's work).
async fn answer_with(
    app: &TestApp,
    peer: &str,
    check: &Page,
    cookies: &[String],
    typed: &[(&str, &str)],
    edit: impl FnOnce(&mut Vec<(String, String)>),
) -> Page {
    let mut fields = check.hidden_fields("form[data-test=human-check]");
    edit(&mut fields);
    fields.extend(typed.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let action = check.attr("form[data-test=human-check]", "action");
    let body = serde_urlencoded::to_string(&fields).expect("form encodes");
    app.post_from(peer, None, &action, cookies, &body).await
}

/// The human check's page, asked instead of counting.
fn assert_is_a_check(page: &Page, status: StatusCode) {
    assert_eq!(page.status, status, "{}", page.body);
    assert!(page.has("form[data-test=human-check]"), "{}", page.body);
    // It carries the supporter's form back: nobody's cache entry.
    assert_eq!(page.header(header::CACHE_CONTROL), "no-store");
}

#[tokio::test]
async fn a_flood_from_one_address_gets_a_question_in_the_urls_language() {
    for (action, heading, honeypot) in [
        (ACTION, "Too many requests", "Leave this field empty"),
        (
            ACTION_RU,
            "Слишком много запросов",
            "Оставьте это поле пустым",
        ),
    ] {
        let app = TestApp::with_config(OPEN, budget(1)).await;
        let browser = app.open_action(action).await;
        assert_eq!(
            called(&app, HOME, action, &browser).await.status,
            StatusCode::SEE_OTHER
        );
        // Posted with the browser's first token, not yet used: the check must carry it as is.
        let (cookies, first_token) = &browser;
        let page = app
            .post_from(
                HOME,
                None,
                &format!("{action}/done"),
                cookies,
                &form(&[("csrf", first_token), ("channel", "phone")]),
            )
            .await;
        assert_is_a_check(&page, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(page.text_of("main h1"), heading);
        let wait: u64 = page.header(header::RETRY_AFTER).parse().expect("seconds");
        assert!((1..=60).contains(&wait), "{wait}");
        let question = page.text_of("[data-test=human-question]");
        answer_to(&question);
        assert_eq!(
            page.attr("form[data-test=human-check]", "action"),
            format!("{action}/done"),
            "the check posts where the form did"
        );
        let fields = page.hidden_fields("form[data-test=human-check]");
        let (_, token) = &browser;
        assert_eq!(fields[0], ("csrf".to_string(), token.clone()));
        assert_eq!(fields[1], ("channel".to_string(), "phone".to_string()));
        assert_eq!(fields[2].0, "human_token");
        assert_eq!(fields.len(), 3);
        // The honeypot: out of sight, and labelled for those who meet it anyway.
        assert_eq!(page.text_of(".hp label[for=human-website]"), honeypot);
        assert!(page.has(".hp input#human-website[tabindex=\"-1\"]"));
        assert!(!page.has("script"));
        assert_eq!(
            app.recorded(ACTION_SLUG).await,
            1,
            "the question counted nothing"
        );
    }
}

#[tokio::test]
async fn what_the_supporter_typed_is_carried_through_the_check_as_text() {
    let app = TestApp::with_config(OPEN, budget(1)).await;
    let (cookies, token) = app.open_action(ACTION).await;
    let email = format!("{ACTION}/email");
    let letter = "Dear Sir,\n\"><script>alert(1)</script> & «ёлки»\n";
    let fields = form(&[("csrf", &token), ("body", letter), ("name", "Anna <b>")]);
    assert_eq!(
        app.post_from(HOME, None, &email, &cookies, &fields)
            .await
            .status,
        StatusCode::OK
    );
    let page = app.post_from(HOME, None, &email, &cookies, &fields).await;
    assert_is_a_check(&page, StatusCode::TOO_MANY_REQUESTS);
    assert!(!page.body.contains("<script>alert") && !page.has("script") && !page.has("b"));
    let carried = page.hidden_fields("form[data-test=human-check]");
    assert_eq!(carried[1], ("body".to_string(), letter.to_string()));
    assert_eq!(carried[2], ("name".to_string(), "Anna <b>".to_string()));

    // Answered later, the form goes through as it was: the letter comes back composed.
    let question = page.text_of("[data-test=human-question]");
    let later = app.instance_at(SOON);
    assert_eq!(
        later
            .post_from(HOME, None, &email, &cookies, &fields)
            .await
            .status,
        StatusCode::OK
    );
    let done = answer(
        &later,
        HOME,
        &page,
        &cookies,
        &[("human_answer", answer_to(&question))],
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.has("[data-test=mailto]"), "{}", done.body);
    assert!(
        done.raw_text_of("textarea#letter-text")
            .contains("\"><script>alert(1)</script> & «ёлки»")
    );
}

#[tokio::test]
async fn a_right_answer_after_the_minimum_time_counts_the_post_once_and_earns_a_pass() {
    let app = TestApp::with_config(OPEN, budget(2)).await;
    let browser = app.open_action(ACTION).await;
    let cookies = &browser.0;
    for _ in 0..2 {
        assert_eq!(
            called(&app, HOME, ACTION, &browser).await.status,
            StatusCode::SEE_OTHER
        );
    }
    let check = called(&app, HOME, ACTION, &browser).await;
    assert_is_a_check(&check, StatusCode::TOO_MANY_REQUESTS);
    let right = answer_to(&check.text_of("[data-test=human-question]"));

    // At once is too soon for a person.
    let page = answer(&app, HOME, &check, cookies, &[("human_answer", right)]).await;
    assert_is_a_check(&page, StatusCode::BAD_REQUEST);
    assert_eq!(page.text_of("main h1"), "Too many requests");
    assert_eq!(
        page.text_of("[data-test=human-problem]"),
        "That was quicker than anyone can read. Please read the question and answer again."
    );
    assert!(page.headers.get(header::RETRY_AFTER).is_none());
    assert_eq!(app.recorded(ACTION_SLUG).await, 2);

    // Ten seconds on, at another instance of the site, over its budget as well.
    let later = app.instance_at(SOON);
    for _ in 0..2 {
        assert_eq!(
            called(&later, HOME, ACTION, &browser).await.status,
            StatusCode::SEE_OTHER
        );
    }
    assert_is_a_check(
        &called(&later, HOME, ACTION, &browser).await,
        StatusCode::TOO_MANY_REQUESTS,
    );
    assert_eq!(later.recorded(ACTION_SLUG).await, 4);
    let page = answer(&later, HOME, &check, cookies, &[("human_answer", right)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(later.recorded(ACTION_SLUG).await, 5, "counted once");
    let pass = page
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("outcry_human="))
        .expect("a pass cookie")
        .to_string();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=1800"] {
        assert!(pass.contains(attribute), "{pass}");
    }

    // With the pass the browser has a budget of its own (the answer spent one post of it)...
    let mut with_pass = cookies.clone();
    with_pass.extend(
        page.cookies()
            .into_iter()
            .filter(|c| c.starts_with("outcry_human=")),
    );
    let browser = (with_pass.clone(), browser.1.clone());
    assert_eq!(
        called(&later, HOME, ACTION, &browser).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(later.recorded(ACTION_SLUG).await, 6);
    // ...and no more than that.
    assert_is_a_check(
        &called(&later, HOME, ACTION, &browser).await,
        StatusCode::TOO_MANY_REQUESTS,
    );
    // The pass is this client's: from another address it is worth nothing.
    let elsewhere = "198.51.100.7";
    for _ in 0..2 {
        called(&later, elsewhere, ACTION, &browser).await;
    }
    assert_is_a_check(
        &called(&later, elsewhere, ACTION, &browser).await,
        StatusCode::TOO_MANY_REQUESTS,
    );
    assert_eq!(later.recorded(ACTION_SLUG).await, 8);
}

#[tokio::test]
async fn wrong_answers_honeypots_and_forged_or_expired_questions_count_nothing() {
    let app = TestApp::with_config(OPEN, budget(1)).await;
    let browser = app.open_action(ACTION_RU).await;
    let cookies = &browser.0;
    called(&app, HOME, ACTION_RU, &browser).await;
    let check = called(&app, HOME, ACTION_RU, &browser).await;
    assert_is_a_check(&check, StatusCode::TOO_MANY_REQUESTS);
    let right = answer_to(&check.text_of("[data-test=human-question]"));

    let later = app.instance_at(SOON);
    called(&later, HOME, ACTION_RU, &browser).await;
    assert_eq!(later.recorded(ACTION_SLUG).await, 2);
    let wrong = "Ответ неверный. Вот другой вопрос.";
    let expired = "Время на ответ истекло. Вот новый вопрос.";
    let honeypot = [
        ("human_answer", right),
        ("human_website", "http://spam.example"),
    ];
    let cases = [
        ("a wrong answer", &[("human_answer", "шесть")][..], wrong),
        ("a filled honeypot", &honeypot[..], wrong),
        ("no answer", &[][..], wrong),
    ];
    for (what, typed, message) in cases {
        let page = answer(&later, HOME, &check, cookies, typed).await;
        assert_is_a_check(&page, StatusCode::BAD_REQUEST);
        assert_eq!(page.text_of("main h1"), "Слишком много запросов", "{what}");
        assert_eq!(page.text_of("[data-test=human-problem]"), message, "{what}");
        answer_to(&page.text_of("[data-test=human-question]"));
        assert_eq!(later.recorded(ACTION_SLUG).await, 2, "{what} counted");
    }

    // A token changed in any part is not this site's.
    for part in 0..4 {
        let forge = |fields: &mut Vec<(String, String)>| {
            for (name, value) in fields.iter_mut() {
                if name == "human_token" {
                    let mut parts: Vec<String> = value.split('.').map(String::from).collect();
                    // Another question, another time, another id, another signature.
                    parts[part] = ["0", "1", "AAAAAAAAAAAAAAAAAAAAAA", "forged"][part].to_string();
                    if parts[part] == value.split('.').nth(part).unwrap_or("") {
                        parts[part] = "2".to_string();
                    }
                    *value = parts.join(".");
                }
            }
        };
        let page = answer_with(
            &later,
            HOME,
            &check,
            cookies,
            &[("human_answer", right)],
            forge,
        )
        .await;
        assert_is_a_check(&page, StatusCode::BAD_REQUEST);
        assert_eq!(
            page.text_of("[data-test=human-problem]"),
            expired,
            "part {part}"
        );
    }
    assert_eq!(later.recorded(ACTION_SLUG).await, 2);

    // The question was for this client: answered from another address, it has expired.
    let other = "198.51.100.7";
    called(&later, other, ACTION_RU, &browser).await;
    let page = answer(&later, other, &check, cookies, &[("human_answer", right)]).await;
    assert_is_a_check(&page, StatusCode::BAD_REQUEST);
    assert_eq!(page.text_of("[data-test=human-problem]"), expired);

    // An hour on, it has expired for everyone.
    let late = app.instance_at(HOUR_LATER);
    called(&late, HOME, ACTION_RU, &browser).await;
    let page = answer(&late, HOME, &check, cookies, &[("human_answer", right)]).await;
    assert_is_a_check(&page, StatusCode::BAD_REQUEST);
    assert_eq!(page.text_of("[data-test=human-problem]"), expired);
    assert_eq!(
        late.recorded(ACTION_SLUG).await,
        4,
        "only the posts within budget"
    );
}

#[tokio::test]
async fn one_ipv6_slash_64_is_one_host_and_ipv4_mapped_addresses_are_ipv4() {
    let app = TestApp::with_config(OPEN, budget(1)).await;
    let browser = app.open_action(ACTION).await;
    for (peer, limited, why) in [
        ("2001:db8:1:2::1", false, "a first post"),
        ("2001:db8:1:2:ffff:ffff:ffff:fffe", true, "the same /64"),
        ("2001:db8:1:3::1", false, "another /64"),
        ("203.0.113.9", false, "an IPv4 host"),
        ("::ffff:203.0.113.9", true, "the same host, IPv4-mapped"),
        (
            "203.0.113.10",
            false,
            "the next IPv4 address is another host",
        ),
    ] {
        let page = called(&app, peer, ACTION, &browser).await;
        let want = if limited {
            StatusCode::TOO_MANY_REQUESTS
        } else {
            StatusCode::SEE_OTHER
        };
        assert_eq!(page.status, want, "{why}: {peer}");
    }
}

#[tokio::test]
async fn a_network_has_a_budget_of_its_own_above_its_hosts() {
    let config = WebConfig {
        posts_per_minute: 1,
        network_posts_per_minute: 2,
        ..crate::harness::live_counts()
    };
    let app = TestApp::with_config(OPEN, config).await;
    let browser = app.open_action(ACTION).await;
    for (peer, want) in [
        ("203.0.113.1", StatusCode::SEE_OTHER),
        ("203.0.113.2", StatusCode::SEE_OTHER),
        ("203.0.113.3", StatusCode::TOO_MANY_REQUESTS),
        ("198.51.100.1", StatusCode::SEE_OTHER),
        ("2001:db8:1:1::1", StatusCode::SEE_OTHER),
        ("2001:db8:1:2::1", StatusCode::SEE_OTHER),
        ("2001:db8:1:3::1", StatusCode::TOO_MANY_REQUESTS),
        ("2001:db8:2:3::1", StatusCode::SEE_OTHER),
    ] {
        assert_eq!(
            called(&app, peer, ACTION, &browser).await.status,
            want,
            "{peer}"
        );
    }
}

#[tokio::test]
async fn x_forwarded_for_is_believed_only_as_far_as_trusted_proxies_wrote_it() {
    let config = WebConfig {
        posts_per_minute: 1,
        trusted_proxies: vec!["127.0.0.1".parse::<Cidr>().expect("a CIDR")],
        ..crate::harness::live_counts()
    };
    let app = TestApp::with_config(OPEN, config).await;
    let (cookies, token) = app.open_action(ACTION).await;
    let done = format!("{ACTION}/done");
    let body = form(&[("csrf", &token), ("channel", "phone")]);
    for (peer, forwarded, want, why) in [
        ("127.0.0.1", Some("198.51.100.1"), 303, "the proxy's client"),
        (
            "127.0.0.1",
            Some("6.6.6.6, 198.51.100.1"),
            429,
            "a forged entry changes nothing",
        ),
        (
            "127.0.0.1",
            Some("198.51.100.2"),
            303,
            "another client of the proxy",
        ),
        (
            "127.0.0.1",
            Some("198.51.100.2, garbage"),
            303,
            "garbage: the proxy is the client",
        ),
        (
            "127.0.0.1",
            Some("198.51.100.3, garbage"),
            429,
            "and stays the client",
        ),
        (
            "127.0.0.1",
            None,
            429,
            "the onion service: the proxy's own address, spent",
        ),
        (
            "203.0.113.5",
            Some("198.51.100.4"),
            303,
            "an untrusted peer",
        ),
        (
            "203.0.113.5",
            Some("198.51.100.5"),
            429,
            "cannot pick its address",
        ),
    ] {
        let page = app.post_from(peer, forwarded, &done, &cookies, &body).await;
        assert_eq!(page.status.as_u16(), want, "{why}: {peer} {forwarded:?}");
    }
}

#[tokio::test]
async fn a_flood_on_one_action_from_many_addresses_asks_everyone() {
    let config = WebConfig {
        action_posts_per_minute: 3,
        ..crate::harness::live_counts()
    };
    let app = TestApp::with_config(OPEN, config).await;
    let browser = app.open_action(ACTION).await;
    for n in 1..=3 {
        let page = called(&app, &format!("198.51.100.{n}"), ACTION, &browser).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{n}");
    }
    let check = called(&app, "192.0.2.77", ACTION, &browser).await;
    assert_is_a_check(&check, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(check.text_of("main h1"), "Too many requests");
    assert_eq!(app.recorded(ACTION_SLUG).await, 3);
    // Other forms have no such budget: an email is still prepared at once.
    let page = app
        .post_from(
            "192.0.2.78",
            None,
            &format!("{ACTION}/email"),
            &browser.0,
            &form(&[("csrf", &browser.1), ("name", "Anna")]),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);

    // A person answering gets through the flood.
    let later = app.instance_at(SOON);
    for n in 4..=6 {
        called(&later, &format!("198.51.100.{n}"), ACTION, &browser).await;
    }
    let right = answer_to(&check.text_of("[data-test=human-question]"));
    let page = answer(
        &later,
        "192.0.2.77",
        &check,
        &browser.0,
        &[("human_answer", right)],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(later.recorded(ACTION_SLUG).await, 7);
    // A pass does not lift the action's budget: the next post asks again.
    let mut with_pass = browser.0.clone();
    with_pass.extend(page.cookies());
    let again = called(
        &later,
        "192.0.2.77",
        ACTION,
        &(with_pass, browser.1.clone()),
    )
    .await;
    assert_is_a_check(&again, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(later.recorded(ACTION_SLUG).await, 7);
}
