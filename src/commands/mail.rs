//! `outcry worker`, `outcry mail …`, and the mail set-up `outcry serve` shares with them: the
//! relay, the sender, DKIM, and the outbox key, all checked before anything is sent.
//!
//! The outbox key must never be in the database. Given as a file (a systemd credential, a
//! Docker secret), it is read; on SQLite without one, `outbox.key` is made beside the
//! database in the data directory, so a copy of the database alone reveals nothing. On
//! PostgreSQL several instances must share one key, so it must be given.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, bail};
use outcry_domain::{DeliveryPolicy, MessageKind};
use outcry_mail::{MailSettings, Outbox, Payload, SmtpRelay, Worker, WorkerConfig};
use outcry_seal::OutboxKey;
use outcry_storage::{Backend, Store};

use crate::cli::{DatabaseArgs, MailArgs, MailCommand, WorkerArgs};

/// The key file made in the data directory when none is given (SQLite only).
const DEFAULT_KEY_FILE: &str = "outbox.key";
/// The sender the demo uses when none is given.
const DEMO_FROM: &str = "outcry-demo@localhost";

/// Everything a worker needs, and the outbox the faces put messages in.
pub struct MailSetup {
    /// Where messages are queued.
    pub outbox: Outbox,
    settings: Arc<MailSettings>,
    relay: SmtpRelay,
    config: WorkerConfig,
}

impl MailSetup {
    /// A worker draining this outbox.
    pub fn worker(&self) -> Worker {
        Worker::new(
            self.outbox.store().clone(),
            self.relay.clone(),
            self.settings.clone(),
            self.outbox.key().clone(),
            self.config,
            self.outbox.wake(),
        )
    }

    /// One line for the start-up log: where mail goes, how it is signed.
    pub fn describe(&self) -> String {
        let dkim = match &self.settings.dkim {
            Some(d) => format!("DKIM {} s={} d={}", d.algorithm, d.selector, d.domain),
            None => "no DKIM signature".into(),
        };
        format!(
            "mail from {} through {} ({dkim})",
            self.settings.from, self.relay.shown
        )
    }
}

/// The mail set-up from the settings, or `None` when no relay is configured (then Outcry
/// sends nothing). `demo` lets the sender default to the demo's.
pub fn setup(
    db: &DatabaseArgs,
    args: &MailArgs,
    store: &Store,
    demo: bool,
) -> anyhow::Result<Option<MailSetup>> {
    let Some((url, settings)) = sending(args, demo)? else {
        return Ok(None);
    };
    let relay = SmtpRelay::new(url, args.smtp_connections, settings.from.domain())?;
    let key = outbox_key(db, args, store.backend())?;
    let outbox = Outbox::new(store.clone(), key, settings.from.domain());
    let config = WorkerConfig {
        connections: args.smtp_connections,
        policy: DeliveryPolicy {
            max_age: jiff::SignedDuration::from_hours(24 * i64::from(args.mail_max_age_days)),
            lease: jiff::SignedDuration::from_secs(i64::from(args.mail_lease_seconds)),
            ..DeliveryPolicy::default()
        },
        ..WorkerConfig::default()
    };
    Ok(Some(MailSetup {
        outbox,
        settings: Arc::new(settings),
        relay,
        config,
    }))
}

/// The relay's URL and the sender's settings, or `None` without a relay.
fn sending(args: &MailArgs, demo: bool) -> anyhow::Result<Option<(&str, MailSettings)>> {
    let Some(url) = args.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) else {
        return Ok(None);
    };
    if demo && !outcry_mail::relay::on_this_machine(url) {
        bail!(
            "--demo sends only to an SMTP server on this machine (127.0.0.1, ::1 or localhost): \
             the demo's official is a real prosecutor with real addresses, who must not get test mail"
        );
    }
    let from = match (&args.mail_from, demo) {
        (Some(from), _) => from.as_str(),
        (None, true) => DEMO_FROM,
        (None, false) => {
            bail!("--smtp-url needs --mail-from (OUTCRY_MAIL_FROM): the site's own address")
        }
    };
    let dkim = match (&args.dkim_selector, &args.dkim_key_file) {
        (Some(selector), Some(file)) => Some((selector.as_str(), file.as_path())),
        _ => None,
    };
    let settings = MailSettings::new(from, args.bounce_domain.as_deref(), dkim)?;
    Ok(Some((url, settings)))
}

/// What `outcry config check` checks of the mail settings without a database: the sender, the
/// relay's URL, the DKIM key and the outbox key file, when given.
pub fn check(args: &MailArgs, demo: bool) -> anyhow::Result<()> {
    let Some((url, settings)) = sending(args, demo)? else {
        return Ok(());
    };
    SmtpRelay::new(url, args.smtp_connections, settings.from.domain())?;
    if let Some(file) = &args.outbox_key_file {
        OutboxKey::read(file).context("--outbox-key-file / OUTCRY_OUTBOX_KEY_FILE")?;
    }
    Ok(())
}

/// The outbox key: the file given, or on SQLite the one in the data directory (made on first
/// use).
fn outbox_key(db: &DatabaseArgs, args: &MailArgs, backend: Backend) -> anyhow::Result<OutboxKey> {
    if let Some(file) = &args.outbox_key_file {
        return OutboxKey::read(file).context("--outbox-key-file / OUTCRY_OUTBOX_KEY_FILE");
    }
    if backend == Backend::Postgres {
        bail!(
            "mail on PostgreSQL needs --outbox-key-file (OUTCRY_OUTBOX_KEY_FILE), the same file on \
             every instance: make one with `openssl rand -hex 32 > outbox.key`"
        );
    }
    make_default_key(db)
}

/// The key the admin keeps its secrets under: the outbox key's (the file given, or on SQLite
/// the one in the data directory, made on first use). `None` on PostgreSQL without a file:
/// every instance must share the key, so none is made on one of them.
pub fn admin_key(
    db: &DatabaseArgs,
    file: Option<&Path>,
    backend: Backend,
) -> anyhow::Result<Option<outcry_seal::AdminKey>> {
    if let Some(file) = file {
        let key = OutboxKey::read(file).context("--outbox-key-file / OUTCRY_OUTBOX_KEY_FILE")?;
        return Ok(Some(key.admin()));
    }
    if backend == Backend::Postgres {
        return Ok(None);
    }
    Ok(Some(make_default_key(db)?.admin()))
}

/// The outbox key an installation already has (for reading bounces): the file, or the one
/// made in the data directory on SQLite. Never makes one: a new key would check no MAC.
pub fn existing_outbox_key(db: &DatabaseArgs, file: Option<&Path>) -> anyhow::Result<OutboxKey> {
    let path = file.map_or_else(|| db.data_dir.join(DEFAULT_KEY_FILE), Path::to_path_buf);
    OutboxKey::read(&path).with_context(|| {
        format!(
            "the outbox key {} (--outbox-key-file / OUTCRY_OUTBOX_KEY_FILE, the file `serve` uses)",
            path.display()
        )
    })
}

fn make_default_key(db: &DatabaseArgs) -> anyhow::Result<OutboxKey> {
    crate::database::create_private_dir(&db.data_dir)
        .with_context(|| format!("creating the data directory {}", db.data_dir.display()))?;
    let path = db.data_dir.join(DEFAULT_KEY_FILE);
    if path.exists() {
        Ok(OutboxKey::read(&path)?)
    } else {
        let key = OutboxKey::write_new(&path)?;
        eprintln!(
            "outcry: made the outbox key {} (keep it with the database, never inside it or its backups)",
            path.display()
        );
        Ok(key)
    }
}

/// `outcry worker`: sends until stopped (Ctrl-C, SIGTERM), finishing the batch under way.
pub async fn worker(db: &DatabaseArgs, args: WorkerArgs) -> anyhow::Result<()> {
    let store = crate::database::open(db).await?;
    let Some(mail) = setup(db, &args.mail, &store, false)? else {
        bail!("outcry worker needs --smtp-url (OUTCRY_SMTP_URL)");
    };
    eprintln!("outcry: worker sending {}", mail.describe());
    mail.worker().run(super::serve::shutdown_signal()).await;
    store.close().await;
    eprintln!("outcry: worker stopped");
    Ok(())
}

/// `outcry mail …`.
pub async fn run(db: &DatabaseArgs, command: MailCommand) -> anyhow::Result<()> {
    let store = crate::database::open(db).await?;
    match command {
        MailCommand::Status => {
            let c = store.outbox_counts().await?;
            println!(
                "queued {}  leased {}  deferred {}  sent {}  bounced {}  failed {}  cancelled {}",
                c.queued, c.leased, c.deferred, c.sent, c.bounced, c.failed, c.cancelled
            );
        }
        MailCommand::Test(args) => {
            let Some(mail) = setup(db, &args.mail, &store, false)? else {
                bail!("outcry mail test needs --smtp-url (OUTCRY_SMTP_URL)");
            };
            let now = jiff::Timestamp::now();
            let payload = Payload {
                to: args.to.trim().to_string(),
                to_name: None,
                from_name: "Outcry".into(),
                reply_to: None,
                subject: "Outcry test message".into(),
                text: format!(
                    "This message checks that Outcry's mail settings work: {}.\n",
                    mail.describe()
                ),
                lang: "en".into(),
                ..Payload::default()
            };
            if !outcry_mail::message::is_address(&payload.to) {
                bail!("--to {:?} is not an email address", args.to);
            }
            // A test asked for twice is sent twice: the moment is part of its key.
            let stamp = now.to_string();
            let queued = mail
                .outbox
                .enqueue(
                    MessageKind::Test,
                    &[&payload.to, &stamp],
                    &payload,
                    now,
                    now,
                )
                .await?;
            println!("queued test message {} ({})", queued.id(), mail.describe());
            if args.send_now {
                let report = mail.worker().run_once().await?;
                let status = store
                    .message_status(queued.id())
                    .await?
                    .context("the test message vanished")?;
                println!(
                    "{}: {}{}",
                    queued.id(),
                    status.state.as_str(),
                    status
                        .last_reply
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default()
                );
                if report.sent == 0 {
                    store.close().await;
                    bail!("the test message was not accepted");
                }
            }
        }
    }
    store.close().await;
    Ok(())
}
