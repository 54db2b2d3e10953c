//! An appeal sent for a supporter, against a real SMTP server on 127.0.0.1: the confirmation
//! mail carries the link, reading the request changes nothing, confirming sends one message
//! per target from the site with the supporter's name and Reply-To, once, and the hourly cap
//! spreads what does not fit into later hours.

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use outcry_domain::pacing::{OfficeHours, Pacing};
use outcry_domain::{Case, CaseBundle, CaseStatus, Lang, Localized, UrgentAction};
use outcry_mail::appeals::{AppealConfirmed, AppealForm, AppealMessage, AppealTarget, Requested};
use outcry_mail::message::{Attachment, Note, ReceiptPlan};
use outcry_mail::{MailSettings, Outbox, SmtpRelay, Worker, WorkerConfig};
use outcry_seal::OutboxKey;
use outcry_storage::Store;
use outcry_testkit::smtp::SmtpSink;

const ACTION: &str = "ua-45-26";

async fn setup(sink: &SmtpSink) -> (tempfile::TempDir, Outbox, Worker) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("outcry.db").display());
    let store = Store::open(&url).await.expect("opens");
    let bundle = CaseBundle {
        case: Case::new(
            "azat-miftakhov".parse().expect("slug"),
            Localized::one(Lang::EN, "Azat Miftakhov"),
            CaseStatus::Sentenced,
        ),
        targets: Vec::new(),
        actions: vec![UrgentAction::draft(
            ACTION.parse().expect("slug"),
            Localized::one(Lang::EN, "Medical care for Azat"),
        )],
    };
    store.import_bundle(&bundle).await.expect("imported");
    let key = OutboxKey::from_bytes(&[5; 32]);
    let outbox = Outbox::new(store.clone(), key.clone(), "act.example.org");
    let settings =
        Arc::new(MailSettings::new("appeals@act.example.org", None, None).expect("settings"));
    let relay = SmtpRelay::new(&sink.url(), 2, "act.example.org").expect("relay");
    let config = WorkerConfig {
        idle: Duration::from_millis(50),
        ..WorkerConfig::default()
    };
    let worker = Worker::new(store, relay, settings, key, config, outbox.wake());
    (dir, outbox, worker)
}

fn form(email: &str) -> AppealForm {
    AppealForm {
        email: email.into(),
        name: "Анна Каренина".into(),
        town: "Leeds".into(),
        initials_only: true,
        subject: String::new(),
        body: "Прошу обеспечить лечение. (edited by Anna)".into(),
        lang: "ru".into(),
        receipt: false,
        country: String::new(),
    }
}

/// What the face composes at confirmation, one per official.
fn appeals(to: &[&str], receipt: Option<ReceiptPlan>) -> Vec<AppealMessage> {
    to.iter()
        .map(|a| AppealMessage {
            to: AppealTarget {
                address: (*a).into(),
                name: None,
                zone: TimeZone::get("Asia/Yekaterinburg").expect("tz"),
            },
            from_name: "А. К.".into(),
            subject: "Медицинская помощь Азату Мифтахову".into(),
            text: "Уважаемый прокурор!\n\nПрошу обеспечить лечение. (edited by Anna)\n\nА. К., Leeds\n"
                .into(),
            receipt: receipt.clone(),
        })
        .collect()
}

fn targets() -> Vec<AppealMessage> {
    appeals(
        &["prosecutor@official.example", "governor@official.example"],
        None,
    )
}

fn always_open(per_hour: u32) -> Pacing {
    Pacing {
        per_hour,
        office: OfficeHours {
            opens: 0,
            closes: 24,
            weekdays_only: false,
        },
    }
}

fn confirmation(token: &str) -> (String, String) {
    (
        "Confirm your appeal".into(),
        format!("Press the button on https://act.example.org/en/appeal/{token} to send it.\n"),
    )
}

/// The token of a request that was mailed.
fn mailed(done: Result<Requested, outcry_mail::outbox::OutboxError>) -> String {
    match done.expect("requested") {
        Requested::Mailed(token) => token,
        other => panic!("{other:?}"),
    }
}

const RU: (Lang, Option<outcry_domain::Country>) = (Lang::RU, None);

#[tokio::test]
async fn a_confirmed_appeal_reaches_each_target_once_from_the_site_with_the_supporters_name() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let (_dir, outbox, worker) = setup(&sink).await;
    let action = ACTION.parse().expect("slug");
    let now = Timestamp::now();
    let token = mailed(
        outbox
            .request_appeal(&action, &form("anna@supporter.example"), confirmation, now)
            .await,
    );
    worker.run_once().await.expect("sent");
    let mail = sink.wait_for(1, Duration::from_secs(5));
    assert_eq!(mail[0].rcpt_tos, vec!["anna@supporter.example".to_string()]);
    assert!(
        mail[0].readable().contains(&token),
        "the link carries the token"
    );

    // Opening the link reads the request and changes nothing, however often.
    for _ in 0..3 {
        let (_, pending) = outbox
            .pending_appeal(&token, now)
            .await
            .expect("reads")
            .expect("pending");
        assert_eq!(pending.name, "Анна Каренина");
    }
    assert_eq!(
        outbox.store().outbox_counts().await.expect("counts").sent,
        1
    );

    let done = outbox
        .confirm_appeal(&token, &targets(), &always_open(30), RU, now)
        .await
        .expect("confirmed");
    let AppealConfirmed::Queued {
        queued, counted, ..
    } = done
    else {
        panic!("{done:?}");
    };
    assert_eq!((queued, counted), (2, true));
    worker.run_once().await.expect("sent");
    let mail = sink.wait_for(3, Duration::from_secs(5));
    let appeals: Vec<_> = mail.iter().skip(1).collect();
    let mut to: Vec<String> = appeals.iter().flat_map(|m| m.rcpt_tos.clone()).collect();
    to.sort();
    assert_eq!(
        to,
        ["governor@official.example", "prosecutor@official.example"]
    );
    for m in &appeals {
        let from = m.header("From").expect("From");
        assert!(from.contains("<appeals@act.example.org>"), "{from}");
        assert!(
            from.contains("=?utf-8?"),
            "the supporter's name, encoded: {from}"
        );
        assert!(
            m.header("Reply-To")
                .expect("Reply-To")
                .contains("anna@supporter.example")
        );
        assert!(m.header("Message-ID").is_some());
        assert!(m.readable().contains("edited by Anna"), "the edited letter");
    }

    // The button again: nothing. A new request from the same address, confirmed: nothing new.
    let again = outbox
        .confirm_appeal(&token, &targets(), &always_open(30), RU, now)
        .await
        .expect("answered");
    assert_eq!(again, AppealConfirmed::Gone);
    // The same day, nothing is mailed at all: one confirmation per address and action a day.
    let same_day = outbox
        .request_appeal(&action, &form("Anna@Supporter.example "), confirmation, now)
        .await
        .expect("requested");
    assert_eq!(same_day, Requested::AlreadyMailed);
    let tomorrow = now + jiff::SignedDuration::from_hours(24);
    let second = mailed(
        outbox
            .request_appeal(
                &action,
                &form("Anna@Supporter.example "),
                confirmation,
                tomorrow,
            )
            .await,
    );
    let repeat = outbox
        .confirm_appeal(&second, &targets(), &always_open(30), RU, tomorrow)
        .await
        .expect("confirmed");
    assert_eq!(
        repeat,
        AppealConfirmed::Queued {
            queued: 0,
            counted: false,
            last_due: None
        }
    );
    let counts = outbox.store().action_counts(&action).await.expect("counts");
    assert_eq!(counts.total, 1, "counted once");
    // Nothing else went: the same day's request mailed nothing, and the next day's
    // confirmation is due tomorrow.
    worker.run_once().await.expect("ran");
    assert_eq!(sink.count(), 3);
}

#[tokio::test]
async fn appeals_over_the_hourly_cap_wait_for_the_next_hour() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let (_dir, outbox, _worker) = setup(&sink).await;
    let action = ACTION.parse().expect("slug");
    let now: Timestamp = "2026-12-01T10:20:00Z".parse().expect("time");
    let mut last = Vec::new();
    for n in 0..3 {
        let token = mailed(
            outbox
                .request_appeal(
                    &action,
                    &form(&format!("supporter{n}@example.org")),
                    confirmation,
                    now,
                )
                .await,
        );
        let done = outbox
            .confirm_appeal(&token, &targets()[..1], &always_open(2), RU, now)
            .await
            .expect("confirmed");
        let AppealConfirmed::Queued { last_due, .. } = done else {
            panic!("{done:?}");
        };
        last.push(last_due.expect("queued").to_string());
    }
    // Two fit in the 10:00 hour (the first at once, the second half-way through it); the
    // third waits for 11:00.
    assert_eq!(
        last,
        [
            "2026-12-01T10:20:00Z",
            "2026-12-01T10:30:00Z",
            "2026-12-01T11:00:00Z"
        ]
    );
}

#[tokio::test]
async fn a_supporter_who_asked_is_told_how_each_appeal_ended_with_the_letter_when_refused() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let (_dir, outbox, worker) = setup(&sink).await;
    let action = ACTION.parse().expect("slug");
    let now = Timestamp::now();
    let asked = AppealForm {
        receipt: true,
        ..form("anna@supporter.example")
    };
    let token = mailed(
        outbox
            .request_appeal(&action, &asked, confirmation, now)
            .await,
    );
    let plan = ReceiptPlan {
        accepted: Note {
            subject: "Your appeal arrived".into(),
            text: "Accepted.\n".into(),
            attachment: None,
        },
        refused: Note {
            subject: "Your appeal did not arrive".into(),
            text: "Refused: print the letter attached and post it.\n".into(),
            attachment: Some(Attachment {
                filename: "letter.pdf".into(),
                content_type: "application/pdf".into(),
                base64: "JVBERi0xLjcKJeLjz9MKMSAwIG9iago=".into(),
            }),
        },
    };
    // The sink refuses `reject@…` for good (550 at RCPT).
    let to = ["prosecutor@official.example", "reject@official.example"];
    outbox
        .confirm_appeal(&token, &appeals(&to, Some(plan)), &always_open(30), RU, now)
        .await
        .expect("confirmed");
    // The confirmation and the accepted appeal; the refused one is not in the sink.
    worker.run_once().await.expect("sent");
    sink.wait_for(2, Duration::from_secs(5));
    // The two receipts, queued with the final states, go in the next batch.
    worker.run_once().await.expect("sent");
    let mail = sink.wait_for(4, Duration::from_secs(5));
    let receipts: Vec<_> = mail
        .iter()
        .filter(|m| m.rcpt_tos == ["anna@supporter.example"])
        .skip(1)
        .collect();
    let mut subjects: Vec<String> = receipts
        .iter()
        .map(|m| m.header("Subject").expect("subject"))
        .collect();
    subjects.sort();
    assert_eq!(
        subjects,
        ["Your appeal arrived", "Your appeal did not arrive"]
    );
    let refused = receipts
        .iter()
        .find(|m| m.header("Subject").as_deref() == Some("Your appeal did not arrive"))
        .expect("refused");
    assert!(
        refused.text().contains("filename=\"letter.pdf\""),
        "{}",
        refused.text()
    );
    assert!(refused.text().contains("JVBERi0xLjcKJeLjz9MKMSAwIG9iago="));
    assert!(
        receipts.iter().all(|m| m.header("Reply-To").is_none()),
        "a receipt comes from the site, not from the supporter"
    );
    // Nobody is told twice, and without the box ticked nobody is told at all.
    worker.run_once().await.expect("ran");
    assert_eq!(sink.count(), 4);
}
