//! `outcry retention`: erases personal data past its retention (see docs/privacy.md), or
//! with `--dry-run` lists what would go. `outcry serve` runs [`erase`] daily.

use std::io::Write;

use outcry_storage::Store;

use crate::cli::{DatabaseArgs, RetentionArgs, RetentionPolicy};

pub async fn run(db: &DatabaseArgs, args: RetentionArgs) -> anyhow::Result<()> {
    let store = crate::database::open(db).await?;
    let result = async {
        if args.dry_run {
            let letters = store
                .expired_letters(jiff::Timestamp::now(), args.policy.retention())
                .await?;
            let mut out = std::io::stdout().lock();
            for l in &letters {
                writeln!(
                    out,
                    "relay letter\t{}\t{}\t{}\t{}",
                    l.id,
                    l.case,
                    l.status.as_str(),
                    l.closed_hour.strftime("%Y-%m-%d %H:%M UTC")
                )?;
            }
            writeln!(
                out,
                "{} relay letter(s) would be erased (dry run: nothing erased)",
                letters.len()
            )?;
        } else {
            let erased = erase(&store, &args.policy).await?;
            println!(
                "{} relay letter(s) erased; {} expired form id(s), {} unconfirmed appeal(s) and {} \
                 ended admin session(s) deleted",
                erased.letters, erased.form_claims, erased.appeal_requests, erased.sessions
            );
        }
        Ok(())
    }
    .await;
    store.close().await;
    result
}

/// What one run erased.
pub struct Erased {
    /// Relay letters whose sealed content went.
    pub letters: u64,
    /// Expired one-time form ids (the claim writer also sweeps them as claims arrive; on a
    /// quiet site this is what removes them).
    pub form_claims: u64,
    /// Appeals nobody confirmed within their week: the address, name and letter go with them.
    pub appeal_requests: u64,
    /// Admin sessions past their end (with an organization key wrapped for them), expired
    /// set-password links and old login-failure counts.
    pub sessions: u64,
}

/// Erases what is past its retention now (letters by each case's own days, or the site's).
pub async fn erase(store: &Store, policy: &RetentionPolicy) -> anyhow::Result<Erased> {
    let now = jiff::Timestamp::now();
    Ok(Erased {
        letters: store.erase_expired_letters(now, policy.retention()).await?,
        form_claims: store.purge_form_claims(now).await?,
        appeal_requests: store.delete_expired_appeal_requests(now).await?,
        sessions: store
            .erase_expired_sessions(now, outcry_domain::access::SESSION_IDLE)
            .await?,
    })
}
