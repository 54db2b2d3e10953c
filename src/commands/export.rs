//! `outcry export SLUG`: a stored case as a case file on stdout.

use std::io::Write;

use anyhow::Context;
use outcry_domain::Slug;
use outcry_importer::case_file;

use crate::cli::{DatabaseArgs, ExportArgs};

pub async fn run(db: &DatabaseArgs, args: ExportArgs) -> anyhow::Result<()> {
    let slug: Slug = args.case.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let store = crate::database::open(db).await?;
    let bundle = store.export_case(&slug).await?;
    store.close().await;
    let toml = case_file::to_toml(&bundle).context("writing the case file")?;
    std::io::stdout().lock().write_all(toml.as_bytes())?;
    Ok(())
}
