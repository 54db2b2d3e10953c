//! `outcry demo`: loads the seed case so there is something real to look at.

use anyhow::Context;
use outcry_domain::CaseBundle;
use outcry_importer::case_file;

/// The demo case file, built into the binary so the demo needs no files beside it.
pub const DEMO_CASE_FILE: &str = include_str!("../../demo/azat-miftakhov.toml");

/// The demo case as domain values.
pub fn bundle() -> anyhow::Result<CaseBundle> {
    case_file::load(DEMO_CASE_FILE, super::today())
        .map_err(|e| anyhow::anyhow!(e.render("demo/azat-miftakhov.toml")))
        .context("the built-in demo data set is invalid")
}

pub async fn run(db: &crate::cli::DatabaseArgs) -> anyhow::Result<()> {
    let bundle = bundle()?;
    let store = crate::database::open(db).await?;
    let report = store
        .import_bundle(&bundle)
        .await
        .context("loading the demo case")?;
    store.close().await;
    eprintln!(
        "demo case {} {} ({} action(s), {} target(s)); see it with `outcry export {}`",
        bundle.case.slug,
        if report.case_created {
            "loaded"
        } else {
            "refreshed"
        },
        bundle.actions.len(),
        bundle.targets.len(),
        bundle.case.slug,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use outcry_domain::{ActionStatus, EventKind, Lang};

    #[test]
    fn the_demo_case_is_valid_and_complete() {
        let b = super::bundle().expect("demo loads");
        assert_eq!(b.case.birth_year, Some(1993));
        let kinds: Vec<_> = b
            .case
            .timeline
            .iter()
            .map(|e| (e.date.to_string(), e.kind))
            .collect();
        assert!(kinds.contains(&("2019-02-01".into(), EventKind::Arrest)));
        assert!(kinds.contains(&("2021-01-18".into(), EventKind::Sentence)));
        assert!(kinds.contains(&("2024-03-28".into(), EventKind::Sentence)));
        assert!(kinds.contains(&("2026-04-21".into(), EventKind::Transfer)));
        assert!(
            b.case.address_may_be_stale(),
            "the IK-17 address predates the transfer"
        );
        let action = &b.actions[0];
        assert_eq!(action.status, ActionStatus::Published);
        assert_eq!(
            action.deadline.as_ref().map(|d| d.date.to_string()),
            Some("2026-07-15".into())
        );
        assert_eq!(action.preferred_languages, [Lang::RU, Lang::EN]);
        assert!(action.letters.contains_key(&Lang::RU) && action.letters.contains_key(&Lang::EN));
        assert!(
            b.case.notes.contains("2025"),
            "the release-year discrepancy is recorded"
        );
        let relay = b
            .case
            .relay
            .as_ref()
            .expect("the demo case is in relay mode");
        assert_eq!(relay.group, "Outcry demo group");
        assert_eq!(
            relay.return_address.last().map(String::as_str),
            Some("GERMANY")
        );
    }
}
