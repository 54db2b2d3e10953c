//! The outbox's worker against a real SMTP server on 127.0.0.1 (aiosmtpd, `outcry_testkit::smtp`),
//! on SQLite and, when configured, PostgreSQL: what arrives, with which headers and
//! signature; what every kind of failure leaves in the outbox; that nothing is dropped and
//! nothing sent twice.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use outcry_domain::{DeliveryPolicy, MessageKind, MessageState};
use outcry_mail::outbox::normalize_address;
use outcry_mail::{MailSettings, Outbox, Payload, SmtpRelay, Worker, WorkerConfig, verp};
use outcry_seal::OutboxKey;
use outcry_storage::{Enqueued, Store};
use outcry_testkit::smtp::{SmtpSink, dkim_verifies, ed25519_key};

/// A database for one test: a SQLite file, or a scratch PostgreSQL database.
struct Db {
    url: String,
    _dir: Option<tempfile::TempDir>,
    _pg: Option<outcry_testkit::postgres::Scratch>,
}

fn sqlite() -> Db {
    let dir = tempfile::tempdir().unwrap();
    Db {
        url: format!("sqlite:{}", dir.path().join("outcry.db").display()),
        _dir: Some(dir),
        _pg: None,
    }
}

fn postgres() -> Option<Db> {
    let server = outcry_testkit::postgres::server()?;
    let scratch = outcry_testkit::postgres::Scratch::create(&server);
    Some(Db {
        url: scratch.url.clone(),
        _dir: None,
        _pg: Some(scratch),
    })
}

fn key() -> OutboxKey {
    OutboxKey::from_bytes(&[42; 32])
}

fn settings(dkim: Option<(&str, &Path)>) -> Arc<MailSettings> {
    Arc::new(MailSettings::new("appeals@act.example.org", None, dkim).unwrap())
}

fn payload(to: &str) -> Payload {
    Payload {
        to: to.into(),
        to_name: Some("Прокурор Ямало-Ненецкого АО".into()),
        from_name: "Анна К.".into(),
        reply_to: Some("anna@supporter.example".into()),
        subject: "Azat Miftakhov: end the torture".into(),
        text: "Dear Prosecutor,\n\nI urge you to stop the ill-treatment.\n\nАнна К.\n".into(),
        lang: "en".into(),
        ..Payload::default()
    }
}

async fn setup(
    db: &Db,
    smtp_url: &str,
    settings: Arc<MailSettings>,
    policy: DeliveryPolicy,
) -> (Outbox, Worker) {
    let store = Store::open(&db.url).await.unwrap();
    let outbox = Outbox::new(store.clone(), key(), "act.example.org");
    let relay = SmtpRelay::new(smtp_url, 4, "act.example.org").unwrap();
    let config = WorkerConfig {
        batch: 50,
        connections: 4,
        idle: Duration::from_millis(50),
        policy,
    };
    let worker = Worker::new(store, relay, settings, key(), config, outbox.wake());
    (outbox, worker)
}

async fn enqueue(outbox: &Outbox, to: &str) -> i64 {
    let now = Timestamp::now();
    let unique = normalize_address(to);
    outbox
        .enqueue(MessageKind::Test, &[&unique], &payload(to), now, now)
        .await
        .unwrap()
        .id()
}

#[tokio::test]
async fn a_message_arrives_with_its_headers_and_a_dkim_signature_that_verifies() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // RSA, as `openssl genrsa -traditional` writes it, and Ed25519 as a base64 seed.
    let rsa = dir.path().join("rsa.pem");
    let made = Command::new("openssl")
        .args(["genrsa", "-traditional", "-out"])
        .arg(&rsa)
        .arg("2048")
        .output()
        .unwrap();
    assert!(made.status.success());
    let der = Command::new("openssl")
        .args(["rsa", "-pubout", "-outform", "DER", "-in"])
        .arg(&rsa)
        .output()
        .unwrap();
    let rsa_txt = format!("v=DKIM1; k=rsa; p={}", base64(&der.stdout));
    let (seed, public) = ed25519_key();
    let ed = dir.path().join("ed25519.key");
    std::fs::write(&ed, format!("{seed}\n")).unwrap();
    let ed_txt = format!("v=DKIM1; k=ed25519; p={public}");

    for (selector, file, txt) in [("rsa2026", &rsa, &rsa_txt), ("ed2026", &ed, &ed_txt)] {
        let db = sqlite();
        let (outbox, worker) = setup(
            &db,
            &sink.url(),
            settings(Some((selector, file.as_path()))),
            DeliveryPolicy::default(),
        )
        .await;
        let before = sink.messages().len();
        let id = enqueue(&outbox, "prosecutor@official.example").await;
        let report = worker.run_once().await.unwrap();
        assert_eq!((report.taken, report.sent), (1, 1), "{report:?}");
        let got = sink.wait_for(before + 1, Duration::from_secs(5));
        let m = got.last().unwrap();

        let status = outbox.store().message_status(id).await.unwrap().unwrap();
        assert_eq!(status.state, MessageState::Sent);
        assert!(!status.has_payload, "the content is gone once sent");
        assert_eq!(
            m.header("Message-ID"),
            Some(format!("<{}>", status.message_id))
        );
        let from = m.header("From").unwrap();
        assert!(from.ends_with("<appeals@act.example.org>"), "{from}");
        assert!(
            from.contains("=?utf-8?"),
            "the name is encoded, not raw: {from}"
        );
        assert!(
            m.header("Reply-To")
                .unwrap()
                .contains("anna@supporter.example")
        );
        assert_eq!(m.header("MIME-Version").as_deref(), Some("1.0"));
        assert!(m.body().contains("I urge you to stop the ill-treatment."));
        // The return path is the row's bounce address, and names the row under a valid MAC.
        assert_eq!(
            verp::row_of(&m.mail_from, &key()),
            Some(id),
            "{}",
            m.mail_from
        );
        assert_eq!(m.rcpt_tos, vec!["prosecutor@official.example".to_string()]);
        let signature = m.header("DKIM-Signature").unwrap();
        assert!(signature.contains(&format!("s={selector}")), "{signature}");
        assert!(signature.contains("d=act.example.org"));
        assert!(
            dkim_verifies(m, txt),
            "dkimpy accepts the {selector} signature"
        );
        // And refuses it against another key: the check is real.
        let other = if selector == "rsa2026" {
            &ed_txt
        } else {
            &rsa_txt
        };
        assert!(!dkim_verifies(m, other));
    }
}

#[tokio::test]
async fn temporary_failures_defer_and_the_message_is_sent_when_the_relay_recovers() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let db = sqlite();
    let (outbox, worker) = setup(&db, &sink.url(), settings(None), DeliveryPolicy::default()).await;
    let cases = [
        ("defer@official.example", "451 4.7.1"),
        ("throttle@official.example", "421 4.7.0"),
        ("full@official.example", "452 4.2.2"),
        ("drop@official.example", "connection"),
    ];
    let mut ids = Vec::new();
    for (to, _) in cases {
        ids.push(enqueue(&outbox, to).await);
    }
    let started = Timestamp::now();
    let report = worker.run_once().await.unwrap();
    assert_eq!(
        (report.taken, report.deferred, report.sent),
        (4, 4, 0),
        "{report:?}"
    );
    for (id, (to, reply)) in ids.iter().zip(cases) {
        let s = outbox.store().message_status(*id).await.unwrap().unwrap();
        assert_eq!(s.state, MessageState::Deferred, "{to}");
        assert_eq!(s.last_reply.as_deref(), Some(reply), "{to}");
        assert!(s.has_payload, "{to}: kept to try again");
        assert_eq!(s.attempts, 1);
        let wait = s.due.duration_since(started);
        assert!(
            wait >= SignedDuration::from_secs(29) && wait <= SignedDuration::from_secs(61),
            "{to}: retried in 30-60 s, not {wait:?}"
        );
    }
    assert!(sink.messages().is_empty(), "nothing was accepted");

    // The relay is down altogether: deferred too.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_url = format!("smtp://127.0.0.1:{}", closed.local_addr().unwrap().port());
    drop(closed);
    let (outbox2, worker2) = setup(&db, &dead_url, settings(None), DeliveryPolicy::default()).await;
    let id = enqueue(&outbox2, "someone@official.example").await;
    assert_eq!(worker2.run_once().await.unwrap().deferred, 1);
    let s = outbox2.store().message_status(id).await.unwrap().unwrap();
    assert_eq!(
        (s.state, s.last_reply.as_deref()),
        (MessageState::Deferred, Some("connection"))
    );
}

#[tokio::test]
async fn a_permanent_refusal_bounces_and_an_old_deferred_message_fails() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let db = sqlite();
    let (outbox, worker) = setup(&db, &sink.url(), settings(None), DeliveryPolicy::default()).await;
    let id = enqueue(&outbox, "reject@official.example").await;
    assert_eq!(worker.run_once().await.unwrap().bounced, 1);
    let s = outbox.store().message_status(id).await.unwrap().unwrap();
    assert_eq!(
        (s.state, s.last_reply.as_deref(), s.has_payload),
        (MessageState::Bounced, Some("550 5.1.1"), false)
    );

    // With no time left to retry in, a temporary failure is final.
    let hurried = DeliveryPolicy {
        max_age: SignedDuration::from_secs(1),
        ..DeliveryPolicy::default()
    };
    let (outbox, worker) = setup(&db, &sink.url(), settings(None), hurried).await;
    let id = enqueue(&outbox, "defer-again@official.example").await;
    assert_eq!(worker.run_once().await.unwrap().failed, 1);
    let s = outbox.store().message_status(id).await.unwrap().unwrap();
    assert_eq!((s.state, s.has_payload), (MessageState::Failed, false));
}

#[tokio::test]
async fn the_same_message_asked_for_twice_goes_once_and_the_database_holds_no_address() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let db = sqlite();
    let (outbox, worker) = setup(&db, &sink.url(), settings(None), DeliveryPolicy::default()).await;
    let now = Timestamp::now();
    let first = outbox
        .enqueue(
            MessageKind::Test,
            &["anna@supporter.example"],
            &payload("a@official.example"),
            now,
            now,
        )
        .await
        .unwrap();
    let again = outbox
        .enqueue(
            MessageKind::Test,
            &["anna@supporter.example"],
            &payload("a@official.example"),
            now,
            now,
        )
        .await
        .unwrap();
    assert!(matches!(first, Enqueued::New(_)));
    assert_eq!(
        again,
        Enqueued::Duplicate {
            id: first.id(),
            state: MessageState::Queued
        }
    );
    // What the file holds while the message waits: ciphertext, a keyed hash, a Message-ID.
    let file = std::fs::read(db.url.trim_start_matches("sqlite:")).unwrap();
    let wal =
        std::fs::read(format!("{}-wal", db.url.trim_start_matches("sqlite:"))).unwrap_or_default();
    for bytes in [&file, &wal] {
        let text = String::from_utf8_lossy(bytes);
        for secret in [
            "anna@supporter.example",
            "supporter.example",
            "official.example",
            "ill-treatment",
            "Анна",
        ] {
            assert!(!text.contains(secret), "{secret:?} is in the database file");
        }
    }
    worker.run_once().await.unwrap();
    assert_eq!(sink.wait_for(1, Duration::from_secs(5)).len(), 1);
    assert_eq!(worker.run_once().await.unwrap().taken, 0);
    assert_eq!(sink.messages().len(), 1);
}

/// Two workers on one database (two instances, say) drain it together: every message
/// arrives, none twice.
async fn two_workers_share_the_queue(db: Db) {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let (outbox, a) = setup(&db, &sink.url(), settings(None), DeliveryPolicy::default()).await;
    let (_, b) = setup(&db, &sink.url(), settings(None), DeliveryPolicy::default()).await;
    for n in 0..120 {
        enqueue(&outbox, &format!("official{n}@official.example")).await;
    }
    let (stop_a, stop_b) = (
        tokio::sync::oneshot::channel::<()>(),
        tokio::sync::oneshot::channel::<()>(),
    );
    let ra = tokio::spawn(a.run(async move { stop_a.1.await.ok().unwrap_or(()) }));
    let rb = tokio::spawn(b.run(async move { stop_b.1.await.ok().unwrap_or(()) }));
    let got = sink.wait_for(120, Duration::from_secs(60));
    let _ = stop_a.0.send(());
    let _ = stop_b.0.send(());
    ra.await.unwrap();
    rb.await.unwrap();
    let mut ids: Vec<String> = got.iter().filter_map(|m| m.header("Message-ID")).collect();
    assert_eq!(ids.len(), 120);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 120, "no message twice");
    let counts = outbox.store().outbox_counts().await.unwrap();
    assert_eq!((counts.sent, counts.waiting()), (120, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_share_the_queue_on_sqlite() {
    two_workers_share_the_queue(sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_share_the_queue_on_postgres() {
    let Some(db) = postgres() else { return };
    two_workers_share_the_queue(db).await;
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[tokio::test]
async fn a_relay_too_slow_for_the_lease_gets_the_rest_of_the_batch_back_untried() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let db = sqlite();
    // A 2-second lease: no send may start after 1 second. Each message keeps the one
    // connection 1.5 s, so the first goes and the other two go back to the queue, due now,
    // rather than be sent while the lease runs out under them.
    let policy = DeliveryPolicy {
        lease: jiff::SignedDuration::from_secs(2),
        ..DeliveryPolicy::default()
    };
    let store = Store::open(&db.url).await.unwrap();
    let outbox = Outbox::new(store.clone(), key(), "act.example.org");
    let relay = SmtpRelay::new(&sink.url(), 1, "act.example.org").unwrap();
    let config = WorkerConfig {
        batch: 10,
        connections: 1,
        idle: Duration::from_millis(50),
        policy,
    };
    let worker = Worker::new(store, relay, settings(None), key(), config, outbox.wake());
    for n in 0..3 {
        enqueue(&outbox, &format!("slow{n}@official.example")).await;
    }
    let report = worker.run_once().await.unwrap();
    assert_eq!(
        (report.taken, report.sent, report.released, report.lost),
        (3, 1, 2, 0),
        "{report:?}"
    );
    assert_eq!(sink.count(), 1);
    let counts = outbox.store().outbox_counts().await.unwrap();
    assert_eq!((counts.sent, counts.deferred, counts.leased), (1, 2, 0));
    // They are due at once, and the next batches send them.
    for _ in 0..2 {
        worker.run_once().await.unwrap();
    }
    assert_eq!(sink.count(), 3);
    assert_eq!(outbox.store().outbox_counts().await.unwrap().sent, 3);
}
