//! `outcry serve`: the public site.

use anyhow::{Context, bail};
use outcry_web::{AppState, Clock, WebConfig};

use crate::cli::{DatabaseArgs, ServeArgs};

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

    let secret = match &args.secret {
        Some(hex) => Some(decode_hex(hex).context("OUTCRY_SECRET must be 64 hexadecimal digits")?),
        None => None,
    };
    let config = WebConfig {
        public_url: args.public_url.clone(),
        hsts: args.hsts,
        trusted_proxies: args.trusted_proxies.clone(),
        posts_per_minute: args.posts_per_minute,
        network_posts_per_minute: args.network_posts_per_minute,
        action_posts_per_minute: args.action_posts_per_minute,
        demo_notice,
        count_refresh: std::time::Duration::from_secs(args.count_refresh * 60),
        limits: outcry_web::Limits {
            header_read_timeout: std::time::Duration::from_secs(args.header_read_timeout.max(1)),
            request_timeout: std::time::Duration::from_secs(args.request_timeout.max(1)),
            max_in_flight: args.max_in_flight,
            pdf_queue: args.pdf_queue,
        },
        ..WebConfig::default()
    };
    let state = AppState::new(store.clone(), config, clock, secret)?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    let address = listener.local_addr()?;
    eprintln!("outcry: serving on http://{address}/");
    if args.demo {
        eprintln!("outcry: demo action at http://{address}/en/a/azat-miftakhov-torture-in-ik-18");
    }
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
    outcry_web::serve_with_onion(listener, onion, state, shutdown_signal())
        .await
        .context("serving")?;
    store.close().await;
    eprintln!("outcry: stopped");
    Ok(())
}

fn decode_hex(s: &str) -> anyhow::Result<Vec<u8>> {
    let s = s.trim();
    if s.len() < 64 || !s.len().is_multiple_of(2) {
        bail!("expected at least 64 hexadecimal digits");
    }
    (0..s.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(s.get(i..i + 2).unwrap_or("zz"), 16)
                .context("not a hexadecimal digit")
        })
        .collect()
}

/// Resolves on Ctrl-C or SIGTERM (what service managers and container runtimes send).
async fn shutdown_signal() {
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
