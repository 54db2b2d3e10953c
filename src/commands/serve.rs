//! `outcry serve`: the public site, and the daily retention run.
//!
//! The organization's public key (`--seal-to`) is required as soon as any case relays letters:
//! a small group runs one instance and would otherwise learn from a writer, days later, that
//! letters were refused. With `--demo` a demo key pair is made in the data directory (or the
//! one made there before is reused), and its path is printed.

use std::path::Path;

use anyhow::{Context, bail};
use outcry_web::{AppState, Clock, WebConfig};

use crate::cli::{DatabaseArgs, ServeArgs};

/// The demo key pair's secret half, in the data directory.
const DEMO_IDENTITY: &str = "demo-identity.txt";

pub async fn run(db: &DatabaseArgs, args: ServeArgs) -> anyhow::Result<()> {
    let (store, clock, demo_notice) = if args.demo {
        // A throw-away database unless one is named: the demo must never mix with real data.
        let store = match db.database_url.as_deref().filter(|u| !u.trim().is_empty()) {
            Some(_) => crate::database::open(db).await?,
            None => outcry_storage::Store::open("sqlite::memory:")
                .await
                .context("opening an in-memory database")?,
        };
        let bundle = super::demo::bundle()?;
        store
            .import_bundle(&bundle)
            .await
            .context("loading the demo case")?;
        super::demo::load_news(&store).await?;
        let now = jiff::Timestamp::now();
        let still_open = bundle.actions.iter().any(|a| a.is_open(now));
        if still_open {
            (store, Clock::System, None)
        } else {
            (
                store,
                Clock::as_if_today(args.demo_today),
                Some(args.demo_today),
            )
        }
    } else {
        (crate::database::open(db).await?, Clock::System, None)
    };

    let seal_to = match (&args.seal_to, args.demo) {
        (Some(key), _) => Some(
            key.parse::<outcry_seal::Recipient>()
                .context("--seal-to / OUTCRY_SEAL_TO")?,
        ),
        (None, true) => Some(demo_key(&db.data_dir)?),
        (None, false) => None,
    };
    prepare_letters(&store, seal_to.as_ref()).await?;

    let configured = super::secret::configured(&args)?;
    let keys = match &configured {
        Some(keys) => keys.clone(),
        None => super::secret::from_database(&store, clock.now()).await?,
    };
    let human_check = outcry_web::HumanCheckConfig {
        questions: match &args.human_questions {
            Some(path) => human_questions(path)?,
            None => outcry_web::HumanQuestion::defaults(),
        },
        ..outcry_web::HumanCheckConfig::default()
    };
    // Bound before the settings are made: the demo's public address is the one it listens on.
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    let address = listener.local_addr()?;
    let public_url = if args.public_url.is_empty() && args.demo {
        format!("http://{address}")
    } else {
        args.public_url.clone()
    };
    let config = WebConfig {
        public_url: public_url.clone(),
        hsts: args.hsts,
        trusted_proxies: args.trusted_proxies.clone(),
        posts_per_minute: args.posts_per_minute,
        network_posts_per_minute: args.network_posts_per_minute,
        action_posts_per_minute: args.action_posts_per_minute,
        demo_notice,
        human_check,
        seal_to,
        relay_queue_cap: args.relay_queue_cap,
        count_refresh: std::time::Duration::from_secs(args.count_refresh * 60),
        admin_apart: args.admin_listen.is_some(),
        limits: outcry_web::Limits {
            header_read_timeout: std::time::Duration::from_secs(args.header_read_timeout.max(1)),
            request_timeout: std::time::Duration::from_secs(args.request_timeout.max(1)),
            max_in_flight: args.max_in_flight,
            pdf_queue: args.pdf_queue,
        },
        ..WebConfig::default()
    };
    let mail = super::mail::setup(db, &args.mail, &store, args.demo)?;
    match &mail {
        Some(mail) if args.no_mail_worker => {
            eprintln!(
                "outcry: {} (sent by `outcry worker` elsewhere)",
                mail.describe()
            )
        }
        Some(mail) => eprintln!("outcry: {}", mail.describe()),
        None => eprintln!(
            "outcry: no --smtp-url: Outcry sends no mail, so no page offers to send an appeal for a \
             supporter (docs/mail.md)"
        ),
    }
    if mail.is_some() && public_url.is_empty() {
        eprintln!(
            "outcry: no --public-url: the confirmation link in an appeal's mail must name the site, \
             so no page offers to send an appeal for a supporter (docs/mail.md)"
        );
    }
    let outbox = mail.as_ref().map(|m| m.outbox.clone());
    let admin_key =
        super::mail::admin_key(db, args.mail.outbox_key_file.as_deref(), store.backend())?;
    let state = AppState::new(store.clone(), config, clock, Some(keys), outbox)?;
    match admin_key {
        Some(key) => state.enable_admin(key),
        None => eprintln!(
            "outcry: no --outbox-key-file: on PostgreSQL the admin needs the key file every \
             instance shares, so /admin/ is off (docs/admin.md)"
        ),
    }
    // The database's secrets are read again now and then, so a rotation needs no restart.
    let reload = configured
        .is_none()
        .then(|| tokio::spawn(reload_secrets(state.clone())));
    // Bound before the site says it serves, so whoever waits for that line can scrape at once.
    let metrics = match args.metrics_listen {
        Some(at) => {
            let metrics = tokio::net::TcpListener::bind(at)
                .await
                .with_context(|| format!("listening for metrics on {at}"))?;
            eprintln!(
                "outcry: metrics on http://{}{}",
                metrics.local_addr()?,
                outcry_web::METRICS_PATH
            );
            Some(tokio::spawn(outcry_web::serve_metrics(
                metrics,
                state.clone(),
                std::future::pending(),
            )))
        }
        None => None,
    };
    let admin_listener = match args.admin_listen {
        Some(at) => Some(
            tokio::net::TcpListener::bind(at)
                .await
                .with_context(|| format!("listening for the admin on {at}"))?,
        ),
        None => None,
    };
    let admin_at = match &admin_listener {
        Some(l) => format!("http://{}", l.local_addr()?),
        None => public_url.trim_end_matches('/').to_string(),
    };
    if state.admin_key().is_some() {
        eprintln!("outcry: the admin is at {admin_at}/admin/");
    }
    if args.demo {
        eprintln!("outcry: demo action at http://{address}/en/a/azat-miftakhov-torture-in-ik-18");
        if state.admin_key().is_some() {
            super::demo::admin(&state, &admin_at).await?;
        }
    }
    // Last, so whoever waits for this line finds everything above it already said.
    eprintln!("outcry: serving on http://{address}/");
    let (stop_admin, admin_stopped) = tokio::sync::oneshot::channel::<()>();
    let admin = admin_listener.map(|listener| {
        tokio::spawn(outcry_web::serve_admin(
            listener,
            state.clone(),
            async move {
                let _ = admin_stopped.await;
            },
        ))
    });
    let onion = match args.onion_listen {
        Some(at) => {
            let onion = tokio::net::TcpListener::bind(at)
                .await
                .with_context(|| format!("listening for the onion service on {at}"))?;
            eprintln!("outcry: onion service connections (PROXY protocol) on {at}");
            Some(onion)
        }
        None => None,
    };
    let retention = tokio::spawn(daily_retention(store.clone(), args.retention.clone()));
    // The worker stops after the site: the batch it is sending is finished and recorded.
    let (stop_worker, worker_stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = match &mail {
        Some(mail) if !args.no_mail_worker => Some(tokio::spawn(mail.worker().run(async move {
            let _ = worker_stopped.await;
        }))),
        _ => None,
    };
    let served = outcry_web::serve_with_onion(listener, onion, state, shutdown_signal())
        .await
        .context("serving");
    let _ = stop_worker.send(());
    let _ = stop_admin.send(());
    if let Some(admin) = admin {
        let _ = admin.await;
    }
    if let Some(worker) = worker {
        let _ = worker.await;
    }
    retention.abort();
    if let Some(metrics) = metrics {
        metrics.abort();
    }
    if let Some(reload) = reload {
        reload.abort();
    }
    served?;
    store.close().await;
    eprintln!("outcry: stopped");
    Ok(())
}

/// What `outcry config check` checks beyond clap: everything `run` reads from the settings
/// before it touches the database.
pub fn check_settings(db: &DatabaseArgs, args: &ServeArgs) -> anyhow::Result<()> {
    super::secret::configured(args)?;
    if let Some(key) = &args.seal_to {
        key.parse::<outcry_seal::Recipient>()
            .context("--seal-to / OUTCRY_SEAL_TO")?;
    }
    if let Some(path) = &args.human_questions {
        human_questions(path)?;
    }
    super::mail::check(&args.mail, args.demo)?;
    if let Some(url) = db.database_url.as_deref().filter(|u| !u.trim().is_empty()) {
        outcry_storage::check_transport(url, db.database_allow_plaintext)?;
    }
    Ok(())
}

/// Every [`super::secret::RELOAD_EVERY`], the database's secrets as they are then.
async fn reload_secrets(state: AppState) {
    let mut every = tokio::time::interval(super::secret::RELOAD_EVERY);
    every.tick().await;
    loop {
        every.tick().await;
        let loaded = super::secret::from_database(&state.store, state.clock.now()).await;
        match loaded.and_then(|keys| Ok(state.replace_keys(keys)?)) {
            Ok(()) => {}
            Err(e) => tracing::warn!(error = %format!("{e:#}"), "reading the site's secrets"),
        }
    }
}

/// The questions in the file at `path`, as the human check asks them.
fn human_questions(path: &std::path::Path) -> anyhow::Result<Vec<outcry_web::HumanQuestion>> {
    let text = outcry_importer::source::read_text(path)?;
    let questions = outcry_importer::human_questions::parse(&text)
        .with_context(|| format!("{}: not a file of human-check questions", path.display()))?;
    Ok(questions
        .into_iter()
        .map(|q| outcry_web::HumanQuestion::new(q.prompt, q.answers))
        .collect())
}

/// The demo's key pair: made in the data directory on first use, reused after. Its secret is
/// on the server, which is fine for a demo and only for a demo.
fn demo_key(data_dir: &Path) -> anyhow::Result<outcry_seal::Recipient> {
    crate::database::create_private_dir(data_dir)
        .with_context(|| format!("creating the data directory {}", data_dir.display()))?;
    let path = data_dir.join(DEMO_IDENTITY);
    let identity = if path.exists() {
        outcry_seal::Identity::read(&path)?
    } else {
        let identity = outcry_seal::Identity::generate();
        identity.write_new(&path)?;
        identity
    };
    eprintln!(
        "outcry: demo organization key in {}: open relayed letters with `outcry letters show ID \
         --identity {}` (the demo's database is in memory unless --database-url is given)",
        path.display(),
        path.display()
    );
    Ok(identity.recipient())
}

/// Before serving: letters stored in clear by an older Outcry are sealed with the key, and
/// without a key, a site with relay cases (or such letters) does not start.
async fn prepare_letters(
    store: &outcry_storage::Store,
    seal_to: Option<&outcry_seal::Recipient>,
) -> anyhow::Result<()> {
    let plain = store.plain_letters_waiting().await?;
    match seal_to {
        Some(key) if plain > 0 => {
            let sealed = store
                .seal_plain_letters(|letter| {
                    let warnings = outcry_letters::check(&letter.text)
                        .iter()
                        .map(|w| w.kind.key().to_string())
                        .collect::<std::collections::BTreeSet<_>>()
                        .into_iter()
                        .collect();
                    outcry_seal::seal(key, letter).map(|sealed| (sealed, warnings))
                })
                .await
                .context("sealing letters stored in clear")?;
            eprintln!(
                "outcry: sealed {sealed} relay letter(s) stored in clear by an older version"
            );
        }
        Some(_) => {}
        None if plain > 0 => {
            return Err(outcry_storage::Error::PlainLettersWaiting { count: plain }.into());
        }
        None => {
            let cases = store.relay_case_count().await?;
            if cases > 0 {
                bail!(
                    "{cases} case(s) relay letters, and no organization key was given: make one \
                     with `outcry keys generate --out FILE` on your own machine and start with \
                     --seal-to age1… (or OUTCRY_SEAL_TO)"
                );
            }
        }
    }
    Ok(())
}

/// Erases what is past its retention at start and then once a day, for as long as the site
/// runs. A failed run is logged and tried again the next day.
async fn daily_retention(store: outcry_storage::Store, policy: crate::cli::RetentionPolicy) {
    let mut every_day = tokio::time::interval(std::time::Duration::from_secs(24 * 3600));
    loop {
        every_day.tick().await;
        match super::retention::erase(&store, &policy).await {
            Ok(erased) if erased.letters == 0 => {}
            Ok(erased) => {
                tracing::info!(erased = erased.letters, "retention: relay letters erased")
            }
            Err(e) => tracing::error!(error = %format!("{e:#}"), "retention run failed"),
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM (what service managers and container runtimes send).
pub(super) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
