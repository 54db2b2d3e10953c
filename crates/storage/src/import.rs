//! Importing and exporting a whole case file ([`CaseBundle`]): the orchestration across the
//! cases, targets and actions modules, inside one transaction.
//!
//! Import checks everything it can before the first write (validation, slugs owned by other
//! cases, follow-ups of unknown actions), so the common failures never start writing; anything
//! the database refuses later (a number taken by another case's action) rolls the whole
//! transaction back, because the transaction is dropped without a commit.

use outcry_domain::{CaseBundle, Slug};
use sqlx::AnyConnection;

use crate::{Error, ImportReport, Store, actions, cases, codec, targets};

pub(crate) async fn import_bundle(
    store: &Store,
    bundle: &CaseBundle,
) -> Result<ImportReport, Error> {
    let today = jiff::Zoned::now().date();
    bundle.validate(today).map_err(Error::Invalid)?;

    let mut tx = store.begin_write().await?;
    let conn: &mut AnyConnection = &mut tx;
    let now = codec::now();

    // Checks that need the database, before any write.
    let case_id = cases::find_id(conn, &bundle.case.slug).await?;
    let existing = actions::existing_ids(conn, case_id, &bundle.actions).await?;
    let outside = actions::outside_continues(conn, &bundle.actions).await?;

    // Writes: the case, the directory, then the actions that refer to both.
    let id = cases::upsert(conn, case_id, &bundle.case, &now).await?;
    cases::replace_timeline(conn, id, &bundle.case.timeline, &now).await?;
    cases::replace_addresses(conn, id, &bundle.case.addresses, &now).await?;
    let (target_ids, targets_created, targets_updated) =
        targets::upsert_all(conn, &bundle.targets, &now).await?;
    let listed: Vec<i64> = bundle
        .targets
        .iter()
        .filter_map(|t| target_ids.get(&t.slug).copied())
        .collect();
    cases::replace_listed_targets(conn, id, &listed, &now).await?;
    let (actions_created, actions_updated, actions_kept) = actions::upsert_all(
        conn,
        id,
        &bundle.actions,
        &existing,
        &outside,
        &target_ids,
        &now,
    )
    .await?;

    tx.commit().await?;
    let report = ImportReport {
        case_created: case_id.is_none(),
        actions_created,
        actions_updated,
        actions_kept,
        targets_created,
        targets_updated,
    };
    tracing::info!(case = %bundle.case.slug, ?report, "imported case");
    Ok(report)
}

/// The case with its actions, and the targets they name or list, in canonical order.
pub(crate) async fn export_case(
    conn: &mut AnyConnection,
    slug: &Slug,
) -> Result<CaseBundle, Error> {
    let (case_id, case) = cases::load(conn, slug).await?;
    let actions = actions::load_for_case(conn, case_id).await?;
    let mut wanted: Vec<Slug> = actions.iter().flat_map(|a| a.targets.clone()).collect();
    wanted.extend(cases::listed_targets(conn, case_id).await?);
    let targets = targets::load_closure(conn, wanted).await?;
    let mut bundle = CaseBundle {
        case,
        targets,
        actions,
    };
    targets::canonical_target_order(&mut bundle);
    Ok(bundle)
}
