//! The outbox under volume (`bench/mail`, docs/benchmarks.md): enqueue N messages (default
//! 100,000) into SQLite one transaction each, as requests do, then let one worker deliver them
//! to a real SMTP server on 127.0.0.1 that keeps nothing, every batch's answers recorded in
//! one committed transaction. Beside it, in the same run, the reference: Python's smtplib
//! sending to the same server with no queue and nothing recorded, which is about as fast as
//! that server takes mail.
//!
//! Usage: cargo bench -p outcry-mail --bench outbox [-- MESSAGES]

use std::sync::Arc;
use std::time::{Duration, Instant};

use outcry_domain::MessageKind;
use outcry_mail::{MailSettings, Outbox, Payload, SmtpRelay, Worker, WorkerConfig};
use outcry_seal::OutboxKey;
use outcry_storage::Store;
use outcry_testkit::smtp::{SmtpSink, blast};

/// The process's peak resident memory so far, in MiB (Linux's VmHWM).
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn payload(n: usize) -> Payload {
    Payload {
        to: format!("official{n}@official.example"),
        to_name: Some("Прокурор".into()),
        from_name: "Анна К.".into(),
        reply_to: Some(format!("supporter{n}@supporter.example")),
        subject: "Azat Miftakhov: end the torture".into(),
        text: "An appeal of ordinary length.\n".repeat(30),
        lang: "en".into(),
        ..Payload::default()
    }
}

#[tokio::main]
async fn main() {
    let messages: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let Some(sink) = SmtpSink::start_discarding() else {
        eprintln!("bench outbox: needs aiosmtpd (crates/testkit/smtp/requirements.txt)");
        std::process::exit(1);
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("outcry.db").display());
    let store = Store::open(&url).await.expect("opens");
    let key = OutboxKey::from_bytes(&[7; 32]);
    let outbox = Outbox::new(store.clone(), key.clone(), "act.example.org");

    let start = Instant::now();
    let now = jiff::Timestamp::now();
    for n in 0..messages {
        let unique = format!("{n}");
        outbox
            .enqueue(MessageKind::Test, &[&unique], &payload(n), now, now)
            .await
            .expect("queued");
    }
    let enqueue = start.elapsed();
    let enqueue_rss = peak_rss_mib();
    println!(
        "enqueue: {messages} messages in {:.1} s = {:.0}/s, peak RSS {enqueue_rss:.0} MiB",
        enqueue.as_secs_f64(),
        messages as f64 / enqueue.as_secs_f64()
    );

    let config = WorkerConfig::default();
    let settings =
        Arc::new(MailSettings::new("appeals@act.example.org", None, None).expect("settings"));
    let relay = SmtpRelay::new(&sink.url(), config.connections, "act.example.org").expect("relay");
    let worker = Worker::new(store.clone(), relay, settings, key, config, outbox.wake());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let start = Instant::now();
    let running = tokio::spawn(worker.run(async {
        let _ = stopped.await;
    }));
    loop {
        let counts = store.outbox_counts().await.expect("counts");
        if counts.waiting() == 0 {
            assert_eq!(counts.sent, messages as u64, "{counts:?}");
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let deliver = start.elapsed();
    let _ = stop.send(());
    let _ = running.await;
    let outcry_rate = messages as f64 / deliver.as_secs_f64();
    println!(
        "deliver (Outcry worker, {} connections, batches of {}, each recorded): {messages} in \
         {:.1} s = {outcry_rate:.0} messages/s, peak RSS {:.0} MiB",
        config.connections,
        config.batch,
        deliver.as_secs_f64(),
        peak_rss_mib()
    );

    // The reference: the same server, the same number of connections, no outbox at all.
    let reference = blast(sink.port, messages.min(20_000), config.connections as usize);
    println!(
        "reference (Python smtplib, {} connections, nothing recorded): {reference:.0} messages/s",
        config.connections
    );
    store.close().await;
}
