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
                ..Payload::default()
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

/// A delivery report in Postfix's layout, for `recipient`, delivered to `bounce_to`, returning
/// the message `message_id`.
fn postfix_report(bounce_to: &str, recipient: &str, message_id: &str) -> String {
    format!(
        "Return-Path: <>\r\nDelivered-To: {bounce_to}\r\n\
         From: MAILER-DAEMON@relay.act.example.org (Mail Delivery System)\r\n\
         Subject: Undelivered Mail Returned to Sender\r\nTo: {bounce_to}\r\n\
         Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n\
         --B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\r\n\
         --B\r\nContent-Type: message/delivery-status\r\n\r\n\
         Reporting-MTA: dns; relay.act.example.org\r\n\r\n\
         Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: 5.1.1\r\n\
         Diagnostic-Code: smtp; 550 5.1.1 <{recipient}>: User unknown\r\n\r\n\
         --B\r\nContent-Type: text/rfc822-headers\r\n\r\n\
         From: appeals@act.example.org\r\nTo: {recipient}\r\nMessage-ID: <{message_id}>\r\n\r\n\
         --B--\r\n"
    )
}

fn outcry(dir: &Path, url: &str, args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_outcry"))
        .args(["--database-url", url])
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("outcry runs");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.unwrap_or("").as_bytes())
        .expect("written");
    drop(input);
    let out = child.wait_with_output().expect("ran");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_line(text: &str) -> serde_json::Value {
    serde_json::from_str(text.lines().next().expect("a line")).expect("JSON")
}

#[test]
fn a_bounce_of_an_appeal_flags_the_officials_address_and_a_forged_one_changes_nothing() {
    let Some(sink) = SmtpSink::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("outcry.db").display());
    let (ok, _, err) = outcry(dir.path(), &url, &["demo"], None);
    assert!(ok, "{err}");
    let key_file = dir.path().join("outbox.key");
    let key = OutboxKey::write_new(&key_file).expect("key");
    // One message to the prosecutor's office, sent through the real server.
    let official = "prokyanao@89.mailop.ru";
    let (ok, out, err) = outcry(
        dir.path(),
        &url,
        &[
            "mail",
            "test",
            "--to",
            official,
            "--send-now",
            "--smtp-url",
            &sink.url(),
            "--mail-from",
            "appeals@act.example.org",
        ],
        None,
    );
    assert!(ok, "{out}{err}");
    let got = sink.wait_for(1, Duration::from_secs(10));
    let bounce_to = got[0].mail_from.clone();
    assert!(
        outcry_mail::verp::row_of(&bounce_to, &key).is_some(),
        "the return path names the row: {bounce_to}"
    );
    let message_id = got[0]
        .header("Message-ID")
        .expect("Message-ID")
        .trim_matches(['<', '>'])
        .to_string();
    let report = postfix_report(&bounce_to, official, &message_id);
    let file = dir.path().join("report.eml");
    std::fs::write(&file, &report).expect("written");

    // --dry-run reads it, ties it to the row, and changes nothing.
    let (ok, out, err) = outcry(
        dir.path(),
        &url,
        &["bounces", "--dry-run", file.to_str().expect("path")],
        None,
    );
    assert!(ok, "{err}");
    let line = json_line(&out);
    assert_eq!(line["file"], file.to_str().expect("path"));
    assert_eq!(line["is_bounce"], true);
    assert_eq!(line["recipients"][0]["address"], official);
    assert_eq!(line["recipients"][0]["status"], "5.1.1");
    assert_eq!(line["recipients"][0]["hard"], true);
    assert_eq!(line["original_message_id"], message_id.as_str());
    assert_eq!(line["matched_by"], "bounce_address");
    assert!(line.get("applied").is_none());
    let (_, cases, _) = outcry(dir.path(), &url, &["cases"], None);
    assert!(
        !cases.contains(official),
        "a dry run flags nothing: {cases}"
    );

    // A forged bounce address (the right row, a wrong MAC) is refused, through stdin as a
    // Postfix pipe would hand it over.
    let row = outcry_mail::verp::row_of(&bounce_to, &key).expect("row");
    let forged_to = format!("bounce+{row}.0123456789abcdef@act.example.org");
    let forged = postfix_report(&forged_to, official, &message_id);
    let (ok, out, err) = outcry(dir.path(), &url, &["bounces", "-"], Some(&forged));
    assert!(ok, "{err}");
    let line = json_line(&out);
    assert_eq!(
        (
            line["matched_by"].as_str(),
            line["applied"]["row_bounced"].as_bool()
        ),
        (Some("forged"), Some(false))
    );
    // So is a report tied to no message Outcry sent.
    let stray = postfix_report("postmaster@act.example.org", official, "nobody@elsewhere");
    let (_, out, _) = outcry(dir.path(), &url, &["bounces", "-"], Some(&stray));
    assert_eq!(json_line(&out)["matched_by"], "unmatched");
    let (_, cases, _) = outcry(dir.path(), &url, &["cases"], None);
    assert!(!cases.contains(official), "{cases}");

    // The real one, through stdin: the row is bounced, the address flagged, once.
    let (ok, out, err) = outcry(dir.path(), &url, &["bounces", "-"], Some(&report));
    assert!(ok, "{err}");
    let line = json_line(&out);
    assert_eq!(line["applied"]["row_bounced"], true, "{line}");
    assert_eq!(line["applied"]["address"]["flagged"]["reason"], "hard");
    let (_, again, _) = outcry(dir.path(), &url, &["bounces", "-"], Some(&report));
    assert_eq!(json_line(&again)["applied"]["row_bounced"], false);
    let (_, cases, _) = outcry(dir.path(), &url, &["cases"], None);
    assert!(
        cases.contains(&format!("{official}\thard bounce\tsince ")),
        "{cases}"
    );
    let (ok, _, err) = outcry(dir.path(), &url, &["bounces", "--clear", official], None);
    assert!(ok, "{err}");
    let (_, cases, _) = outcry(dir.path(), &url, &["cases"], None);
    assert!(!cases.contains(official), "{cases}");
}
