//! `outcry cases`: what is in the database, one case per line.

use std::io::Write;

use outcry_domain::Lang;

pub async fn run(db: &crate::cli::DatabaseArgs) -> anyhow::Result<()> {
    let store = crate::database::open(db).await?;
    let cases = store.list_cases().await?;
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
    Ok(())
}
