//! `outcry cases`: what is in the database, one case per line.

use std::io::Write;

use outcry_domain::Lang;

pub async fn run(db: &crate::cli::DatabaseArgs) -> anyhow::Result<()> {
    let store = crate::database::open(db).await?;
    let cases = store.list_cases().await?;
    let bounces = store.address_bounces().await?;
    store.close().await;
    let mut out = std::io::stdout().lock();
    if cases.is_empty() {
        eprintln!("no cases yet; try `outcry demo` or `outcry import FILE`");
    }
    for c in cases {
        let name = c.name.best(Lang::EN).map_or("", |(_, n)| n);
        writeln!(
            out,
            "{}\t{}\t{}\t{} action(s)",
            c.slug,
            name,
            c.status.as_str(),
            c.actions
        )?;
    }
    // Officials' addresses that bounced (`outcry bounces`): a flagged one is offered on no
    // page until `outcry bounces --clear ADDRESS`.
    let flagged: Vec<_> = bounces.iter().filter(|b| b.flagged.is_some()).collect();
    if !flagged.is_empty() {
        writeln!(out, "\naddresses that bounce, no longer offered:")?;
    }
    for b in flagged {
        if let Some((at, reason)) = &b.flagged {
            writeln!(
                out,
                "{}\t{reason} bounce\tsince {}\t{}",
                b.address,
                at.strftime("%Y-%m-%d"),
                b.last_status.as_deref().unwrap_or("-")
            )?;
        }
    }
    Ok(())
}
