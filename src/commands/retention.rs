//! `outcry retention`: erases personal data past its retention (see docs/privacy.md), or
//! with `--dry-run` lists what would go. `outcry serve` runs [`erase`] daily.

use std::io::Write;

use outcry_storage::Store;

use crate::cli::{DatabaseArgs, RetentionArgs, RetentionPolicy};

pub async fn run(db: &DatabaseArgs, args: RetentionArgs) -> anyhow::Result<()> {
    let store = crate::database::open(db).await?;
    let result = async {
        let cutoff = cutoff(&args.policy, jiff::Timestamp::now())?;
        if args.dry_run {
            let letters = store.expired_letters(cutoff).await?;
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
            println!("{erased} relay letter(s) erased");
        }
        Ok(())
    }
    .await;
    store.close().await;
    result
}

/// Erases what is past its retention now; how many letters.
pub async fn erase(store: &Store, policy: &RetentionPolicy) -> anyhow::Result<u64> {
    let cutoff = cutoff(policy, jiff::Timestamp::now())?;
    Ok(store.erase_expired_letters(cutoff).await?)
}

/// Letters printed or rejected by this moment are past their retention.
fn cutoff(policy: &RetentionPolicy, now: jiff::Timestamp) -> anyhow::Result<jiff::Timestamp> {
    let keep = jiff::SignedDuration::from_hours(i64::from(policy.retention_days) * 24);
    Ok(now.checked_sub(keep)?)
}
