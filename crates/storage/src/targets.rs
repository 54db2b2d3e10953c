//! The shared directory of targets: `targets` and `target_copies`.
//!
//! A target is reused across cases and actions, so an import overwrites its fields in place
//! (the file is the organizers' latest word on that official) but never deletes one, and an
//! action's reference (`action_targets`, `ON DELETE RESTRICT`) keeps a used one from being
//! deleted at all.

use std::collections::{BTreeMap, HashMap, HashSet};

use outcry_domain::{CaseBundle, Email, Lang, Phone, Slug, Target};
use sqlx::AnyConnection;

use crate::Error;
use crate::codec::{self, from_json, to_json};

#[derive(sqlx::FromRow)]
struct TargetRow {
    id: i64,
    slug: String,
    name: String,
    title: String,
    organization: String,
    address: String,
    country: Option<String>,
    emails: String,
    phones: String,
    fax: Option<String>,
    salutations: String,
    time_zone: Option<String>,
}

#[derive(sqlx::FromRow)]
struct UsageRow {
    case_slug: String,
    action_slug: String,
}

/// Writes every target of a bundle into the directory, then their copies; returns the id of
/// each slug and how many were (created, updated).
pub(crate) async fn upsert_all(
    conn: &mut AnyConnection,
    targets: &[Target],
    now: &str,
) -> Result<(HashMap<Slug, i64>, usize, usize), Error> {
    // In slug order, so concurrent imports lock shared targets in the same order and cannot
    // deadlock on PostgreSQL.
    let mut sorted: Vec<&Target> = targets.iter().collect();
    sorted.sort_by(|a, b| a.slug.cmp(&b.slug));
    let mut ids = HashMap::new();
    let (mut created, mut updated) = (0, 0);
    for t in sorted.iter().copied() {
        let existing = find_id(conn, &t.slug).await?;
        let id = upsert(conn, t, now).await?;
        if existing.is_some() {
            updated += 1;
        } else {
            created += 1;
        }
        ids.insert(t.slug.clone(), id);
    }
    // Copies last: they may name a target that comes later in the file.
    for t in sorted {
        let Some(&id) = ids.get(&t.slug) else {
            continue;
        };
        sqlx::query("DELETE FROM target_copies WHERE target_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        for (i, copy) in t.copies_to.iter().enumerate() {
            // A validated bundle lists every target its copies name.
            let copy_id = match ids.get(copy) {
                Some(id) => *id,
                None => require_id(conn, copy).await?,
            };
            sqlx::query(
                "INSERT INTO target_copies (target_id, copy_target_id, position, created_at, \
                 updated_at) VALUES ($1, $2, $3, $4, $4)",
            )
            .bind(id)
            .bind(copy_id)
            .bind(codec::position(i))
            .bind(now)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok((ids, created, updated))
}

async fn find_id(conn: &mut AnyConnection, slug: &Slug) -> Result<Option<i64>, Error> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM targets WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(id)
}

/// The id of a target that must exist.
pub(crate) async fn require_id(conn: &mut AnyConnection, slug: &Slug) -> Result<i64, Error> {
    find_id(conn, slug).await?.ok_or_else(|| Error::NotFound {
        entity: "target",
        key: slug.to_string(),
    })
}

/// Writes one target. `INSERT … ON CONFLICT DO UPDATE` rather than look-up-then-insert: two
/// imports of different cases often share a target, and on PostgreSQL the second then waits
/// for the first and updates the row instead of failing on `targets_slug_key`.
async fn upsert(conn: &mut AnyConnection, t: &Target, now: &str) -> Result<i64, Error> {
    let address = to_json(&t.address, "target address")?;
    let emails = to_json(&t.emails, "target emails")?;
    let phones = to_json(&t.phones, "target phones")?;
    let salutations = to_json(&t.salutations, "target salutations")?;
    let country = t.country.map(|c| c.as_str().to_string());
    let fax = t.fax.as_ref().map(|f| f.as_str().to_string());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO targets (slug, name, title, organization, address, country, emails, \
         phones, fax, salutations, time_zone, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) \
         ON CONFLICT (slug) DO UPDATE SET name = excluded.name, title = excluded.title, \
         organization = excluded.organization, address = excluded.address, \
         country = excluded.country, emails = excluded.emails, phones = excluded.phones, \
         fax = excluded.fax, salutations = excluded.salutations, \
         time_zone = excluded.time_zone, updated_at = excluded.updated_at \
         RETURNING id",
    )
    .bind(t.slug.as_str())
    .bind(t.name.as_str())
    .bind(t.title.as_str())
    .bind(t.organization.as_str())
    .bind(address)
    .bind(country)
    .bind(emails)
    .bind(phones)
    .bind(fax)
    .bind(salutations)
    .bind(t.time_zone.clone())
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// The target with this slug, with its copies, as the directory has it now.
pub(crate) async fn load(conn: &mut AnyConnection, slug: &Slug) -> Result<Target, Error> {
    let row: TargetRow = sqlx::query_as(
        "SELECT id, slug, name, title, organization, address, country, emails, phones, fax, \
         salutations, time_zone FROM targets WHERE slug = $1",
    )
    .bind(slug.as_str())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| Error::NotFound {
        entity: "target",
        key: slug.to_string(),
    })?;
    let copies: Vec<String> = sqlx::query_scalar(
        "SELECT t.slug FROM target_copies c JOIN targets t ON t.id = c.copy_target_id \
         WHERE c.target_id = $1 ORDER BY c.position",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let at = |col: &str| format!("targets.{col} of target {:?}", row.slug);
    Ok(Target {
        slug: codec::parse(&row.slug, || at("slug"))?,
        name: row.name.clone(),
        title: row.title.clone(),
        organization: row.organization.clone(),
        address: from_json::<Vec<String>>(&row.address, || at("address"))?,
        country: row
            .country
            .as_deref()
            .map(|c| codec::parse(c, || at("country")))
            .transpose()?,
        emails: from_json::<Vec<Email>>(&row.emails, || at("emails"))?,
        phones: from_json::<Vec<Phone>>(&row.phones, || at("phones"))?,
        fax: row
            .fax
            .as_deref()
            .map(|f| codec::parse(f, || at("fax")))
            .transpose()?,
        salutations: from_json::<BTreeMap<Lang, String>>(&row.salutations, || at("salutations"))?,
        time_zone: row.time_zone.clone(),
        copies_to: copies
            .iter()
            .map(|s| codec::parse(s, || at("copies_to")))
            .collect::<Result<_, _>>()?,
    })
}

/// Loads the targets named by `wanted` and, transitively, those they send copies to.
pub(crate) async fn load_closure(
    conn: &mut AnyConnection,
    wanted: Vec<Slug>,
) -> Result<Vec<Target>, Error> {
    let mut seen: HashSet<Slug> = HashSet::new();
    let mut queue = wanted;
    let mut loaded = Vec::new();
    let mut i = 0;
    while let Some(slug) = queue.get(i).cloned() {
        i += 1;
        if !seen.insert(slug.clone()) {
            continue;
        }
        let target = load(conn, &slug).await?;
        queue.extend(target.copies_to.iter().cloned());
        loaded.push(target);
    }
    Ok(loaded)
}

/// The (case, action) pairs whose actions name the target.
pub(crate) async fn usage(
    conn: &mut AnyConnection,
    target: &Slug,
) -> Result<Vec<(Slug, Slug)>, Error> {
    let id = require_id(conn, target).await?;
    let rows: Vec<UsageRow> = sqlx::query_as(
        "SELECT c.slug AS case_slug, a.slug AS action_slug \
         FROM action_targets x \
         JOIN actions a ON a.id = x.action_id \
         JOIN cases c ON c.id = a.case_id \
         WHERE x.target_id = $1 ORDER BY c.slug, a.position, a.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            let at = || format!("usage of target {target:?}");
            Ok((
                codec::parse(&r.case_slug, at)?,
                codec::parse(&r.action_slug, at)?,
            ))
        })
        .collect()
}

/// Puts `bundle.targets` in the canonical order an export gives them in, and returns it:
///
/// 1. the targets the actions name, in order of first appearance (actions in order, each
///    action's targets in order);
/// 2. then the targets those send copies to (`copies_to`, transitively, in order);
/// 3. then every other target, by slug.
///
/// The database keeps who is named where, but not where a target stood in the file's list of
/// targets; this order is what it can give back. Call it on a bundle before comparing it with
/// an export.
pub fn canonical_target_order(bundle: &mut CaseBundle) -> Vec<Slug> {
    let by_slug: HashMap<&Slug, &Target> = bundle.targets.iter().map(|t| (&t.slug, t)).collect();
    let mut order: Vec<Slug> = Vec::new();
    let mut seen: HashSet<&Slug> = HashSet::new();
    for slug in bundle.actions.iter().flat_map(|a| &a.targets) {
        if by_slug.contains_key(slug) && seen.insert(slug) {
            order.push(slug.clone());
        }
    }
    let mut i = 0;
    while let Some(slug) = order.get(i) {
        i += 1;
        let Some(target) = by_slug.get(slug) else {
            continue;
        };
        for copy in &target.copies_to {
            if by_slug.contains_key(copy) && seen.insert(copy) {
                order.push(copy.clone());
            }
        }
    }
    let mut rest: Vec<&Slug> = by_slug
        .keys()
        .copied()
        .filter(|s| !seen.contains(s))
        .collect();
    rest.sort();
    order.extend(rest.into_iter().cloned());

    let rank: HashMap<Slug, usize> = order.iter().cloned().zip(0..).collect();
    bundle
        .targets
        .sort_by_key(|t| rank.get(&t.slug).copied().unwrap_or(usize::MAX));
    order
}
