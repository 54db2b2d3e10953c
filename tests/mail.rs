//! `outcry worker` as a process, against a real SMTP server on 127.0.0.1: killed with SIGKILL
//! in the middle of the outbox, restarted, it loses nothing and sends twice at most what was
//! in flight when it died (docs/mail.md, "The guarantee").

mod support;

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use outcry_domain::MessageKind;
use outcry_mail::{Outbox, Payload};
use outcry_seal::OutboxKey;
use outcry_storage::Store;
use outcry_testkit::smtp::SmtpSink;
use support::on_own_runtime;

const MESSAGES: usize = 1_000;
/// Short, so the restarted worker takes the dead one's batch after seconds, not minutes.
const LEASE_SECONDS: &str = "5";

fn worker(dir: &Path, url: &str, smtp: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_outcry"))
        .arg("worker")
        .args(["--database-url", url])
        .arg("--data-dir")
        .arg(dir)
        .args(["--smtp-url", smtp])
        .args(["--mail-from", "appeals@act.example.org"])
        .arg("--outbox-key-file")
        .arg(dir.join("outbox.key"))
        .args(["--mail-lease-seconds", LEASE_SECONDS])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("outcry worker starts")
}

/// The Message-IDs of every queued message, in the database.
fn enqueue(url: &str, key: OutboxKey) -> Vec<String> {
    let url = url.to_string();
    on_own_runtime(move || async move {
        let store = Store::open(&url).await.expect("opens");
        let outbox = Outbox::new(store.clone(), key, "act.example.org");
        let now = jiff::Timestamp::now();
        let mut ids = Vec::with_capacity(MESSAGES);
        for n in 0..MESSAGES {
            let to = format!("official{n}@official.example");
            let payload = Payload {
                to: to.clone(),
                to_name: None,
                from_name: "Outcry".into(),
                reply_to: None,
                subject: format!("Message {n}"),
                text: format!("Message number {n}.\n"),
                lang: "en".into(),
            };
            let id = outbox
                .enqueue(MessageKind::Test, &[&to], &payload, now, now)
                .await
                .expect("queued")
                .id();
            let status = store.message_status(id).await.expect("reads").expect("row");
            ids.push(status.message_id);
        }
        store.close().await;
        ids
    })
}

fn counts(url: &str) -> outcry_storage::OutboxCounts {
    let url = url.to_string();
    on_own_runtime(move || async move {
        let store = Store::open(&url).await.expect("opens");
        let counts = store.outbox_counts().await.expect("counts");
        store.close().await;
        counts
    })
}

#[test]
fn a_worker_killed_mid_batch_loses_nothing_and_repeats_at_most_what_was_in_flight() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("outcry.db").display());
    let key = OutboxKey::write_new(&dir.path().join("outbox.key")).expect("key");
    let queued = enqueue(&url, key);

    let mut first = worker(dir.path(), &url, &sink.url());
    let start = Instant::now();
    while sink.count() < MESSAGES / 3 {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the worker sent {} in two minutes",
            sink.count()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    // `Child::kill` is SIGKILL: no shutdown, no recording of the batch under way.
    first.kill().expect("killed");
    first.wait().expect("reaped");
    let at_kill = counts(&url);
    let arrived_at_kill = sink.count();
    assert!(
        arrived_at_kill < MESSAGES,
        "killed before the end ({arrived_at_kill} arrived)"
    );

    let mut second = worker(dir.path(), &url, &sink.url());
    let start = Instant::now();
    loop {
        let now = counts(&url);
        if now.sent == MESSAGES as u64 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(180),
            "after the restart: {now:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    second.kill().expect("stopped");
    second.wait().expect("reaped");

    // Every message arrived; those that arrived twice were all in flight at the kill.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for m in sink.messages() {
        let id = m.header("Message-ID").expect("a Message-ID");
        *seen
            .entry(id.trim_matches(['<', '>']).to_string())
            .or_default() += 1;
    }
    let missing = queued.iter().filter(|id| !seen.contains_key(*id)).count();
    assert_eq!(missing, 0, "{missing} of {MESSAGES} never arrived");
    let twice: usize = seen.values().map(|n| n - 1).sum();
    assert!(
        twice as u64 <= at_kill.leased,
        "{twice} arrived twice, but only {} were in flight at the kill",
        at_kill.leased
    );
    println!(
        "SIGKILL after {arrived_at_kill} of {MESSAGES} arrived: {} leased at the kill, \
         {twice} arrived twice, none missing",
        at_kill.leased
    );
}
