//! The `cases` table and what belongs to one case only: `case_timeline`, `case_addresses`
//! and `case_targets` (the targets a case file listed).
//!
//! The case row is updated in place, so its id stays; its child rows have nothing pointing at
//! them and are simply replaced, keeping the order they were given in through `position`. The
//! relay setting is a JSON column of the case row, NULL when the case is not in relay mode.

use outcry_domain::case::Link;
use outcry_domain::{
    AddressParts, Case, CaseStatus, EventKind, LetterAddress, Localized, Pronouns, Relay, Slug,
    TimelineEvent,
};
use sqlx::AnyConnection;

use crate::codec::{self, from_json, to_json};
use crate::{CaseSummary, Error};

#[derive(sqlx::FromRow)]
struct CaseRow {
    id: i64,
    slug: String,
    name: String,
    pronouns: String,
    birth_year: Option<i64>,
    status: String,
    summary: String,
    donations: String,
    links: String,
    relay: Option<String>,
    notes: String,
}

#[derive(sqlx::FromRow)]
struct TimelineRow {
    date: String,
    kind: String,
    text: String,
}

#[derive(sqlx::FromRow)]
struct AddressRow {
    verbatim: String,
    country: String,
    parts: String,
    verified_on: Option<String>,
    valid_from: Option<String>,
    superseded_on: Option<String>,
    source: String,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    slug: String,
    name: String,
    status: String,
    actions: i64,
}

fn pronouns_text(p: &Pronouns) -> &'static str {
    match p {
        Pronouns::He => "he",
        Pronouns::She => "she",
        Pronouns::They => "they",
        Pronouns::Unknown => "unknown",
    }
}

fn parse_pronouns(s: &str) -> Option<Pronouns> {
    Some(match s {
        "he" => Pronouns::He,
        "she" => Pronouns::She,
        "they" => Pronouns::They,
        "unknown" => Pronouns::Unknown,
        _ => return None,
    })
}

/// The id of the case with this slug, if stored.
pub(crate) async fn find_id(conn: &mut AnyConnection, slug: &Slug) -> Result<Option<i64>, Error> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM cases WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(id)
}

/// Writes the case row, updating it in place when `id` is given; returns the id.
pub(crate) async fn upsert(
    conn: &mut AnyConnection,
    id: Option<i64>,
    case: &Case,
    now: &str,
) -> Result<i64, Error> {
    let name = to_json(&case.name, "case name")?;
    let summary = to_json(&case.summary, "case summary")?;
    let donations = to_json(&case.donations, "case donations")?;
    let links = to_json(&case.links, "case links")?;
    // NULL, not JSON `null`, when there is none: `relay IS NULL` reads as "no relay mode".
    let relay = case
        .relay
        .as_ref()
        .map(|r| to_json(r, "case relay"))
        .transpose()?;
    let birth_year = case.birth_year.map(i64::from);
    match id {
        Some(id) => {
            sqlx::query(
                "UPDATE cases SET name = $1, pronouns = $2, birth_year = $3, status = $4, \
                 summary = $5, donations = $6, links = $7, notes = $8, updated_at = $9, \
                 relay = $10 WHERE id = $11",
            )
            .bind(name)
            .bind(pronouns_text(&case.pronouns))
            .bind(birth_year)
            .bind(case.status.as_str())
            .bind(summary)
            .bind(donations)
            .bind(links)
            .bind(case.notes.as_str())
            .bind(now)
            .bind(relay)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            Ok(id)
        }
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO cases (slug, name, pronouns, birth_year, status, summary, \
                 donations, links, notes, created_at, updated_at, relay) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id",
            )
            .bind(case.slug.as_str())
            .bind(name)
            .bind(pronouns_text(&case.pronouns))
            .bind(birth_year)
            .bind(case.status.as_str())
            .bind(summary)
            .bind(donations)
            .bind(links)
            .bind(case.notes.as_str())
            .bind(now)
            .bind(relay)
            .fetch_one(&mut *conn)
            .await?;
            Ok(id)
        }
    }
}

/// Replaces the case's timeline with `events`, in their order.
pub(crate) async fn replace_timeline(
    conn: &mut AnyConnection,
    case_id: i64,
    events: &[TimelineEvent],
    now: &str,
) -> Result<(), Error> {
    sqlx::query("DELETE FROM case_timeline WHERE case_id = $1")
        .bind(case_id)
        .execute(&mut *conn)
        .await?;
    for (i, e) in events.iter().enumerate() {
        sqlx::query(
            "INSERT INTO case_timeline (case_id, position, date, kind, text, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(case_id)
        .bind(codec::position(i))
        .bind(codec::date_text(e.date))
        .bind(e.kind.as_str())
        .bind(to_json(&e.text, "timeline text")?)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Replaces the case's addresses (current and past) with `addresses`, oldest first.
pub(crate) async fn replace_addresses(
    conn: &mut AnyConnection,
    case_id: i64,
    addresses: &[LetterAddress],
    now: &str,
) -> Result<(), Error> {
    sqlx::query("DELETE FROM case_addresses WHERE case_id = $1")
        .bind(case_id)
        .execute(&mut *conn)
        .await?;
    for (i, a) in addresses.iter().enumerate() {
        sqlx::query(
            "INSERT INTO case_addresses (case_id, position, verbatim, country, parts, \
             verified_on, valid_from, superseded_on, source, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        )
        .bind(case_id)
        .bind(codec::position(i))
        .bind(a.verbatim.as_str())
        .bind(a.country.as_str())
        .bind(to_json(&a.parts, "address parts")?)
        .bind(codec::opt_date_text(a.verified_on))
        .bind(codec::opt_date_text(a.valid_from))
        .bind(codec::opt_date_text(a.superseded_on))
        .bind(a.source.as_str())
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Replaces the list of targets the case file named with `target_ids`.
pub(crate) async fn replace_listed_targets(
    conn: &mut AnyConnection,
    case_id: i64,
    target_ids: &[i64],
    now: &str,
) -> Result<(), Error> {
    sqlx::query("DELETE FROM case_targets WHERE case_id = $1")
        .bind(case_id)
        .execute(&mut *conn)
        .await?;
    for id in target_ids {
        sqlx::query(
            "INSERT INTO case_targets (case_id, target_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $3)",
        )
        .bind(case_id)
        .bind(*id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The slugs of the targets the case file listed, by slug.
pub(crate) async fn listed_targets(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<Slug>, Error> {
    let slugs: Vec<String> = sqlx::query_scalar(
        "SELECT t.slug FROM case_targets ct JOIN targets t ON t.id = ct.target_id \
         WHERE ct.case_id = $1 ORDER BY t.slug",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    slugs
        .iter()
        .map(|s| codec::parse(s, || format!("targets.slug {s:?}")))
        .collect()
}

/// Every case's id, slug and name, by slug: what a list of actions says of their cases.
pub(crate) async fn names(conn: &mut AnyConnection) -> Result<Vec<(i64, Slug, Localized)>, Error> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, slug, name FROM cases ORDER BY slug")
            .fetch_all(&mut *conn)
            .await?;
    rows.into_iter()
        .map(|(id, slug, name)| {
            let at = |col: &str| format!("cases.{col} of case {slug:?}");
            Ok((
                id,
                codec::parse(&slug, || at("slug"))?,
                from_json(&name, || at("name"))?,
            ))
        })
        .collect()
}

/// The case with this slug, with its timeline and addresses, and its id.
pub(crate) async fn load(conn: &mut AnyConnection, slug: &Slug) -> Result<(i64, Case), Error> {
    let row: CaseRow = sqlx::query_as(
        "SELECT id, slug, name, pronouns, birth_year, status, summary, donations, links, relay, \
         notes FROM cases WHERE slug = $1",
    )
    .bind(slug.as_str())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| Error::NotFound {
        entity: "case",
        key: slug.to_string(),
    })?;
    let at = |col: &str| format!("cases.{col} of case {:?}", row.slug);

    let timeline: Vec<TimelineRow> = sqlx::query_as(
        "SELECT date, kind, text FROM case_timeline WHERE case_id = $1 ORDER BY position",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let timeline = timeline
        .into_iter()
        .map(|e| {
            let at = |col: &str| format!("case_timeline.{col} of case {:?}", row.slug);
            Ok(TimelineEvent {
                date: codec::parse_date(&e.date, || at("date"))?,
                kind: codec::parse_enum(&e.kind, EventKind::parse, || at("kind"))?,
                text: from_json::<Localized>(&e.text, || at("text"))?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;

    let addresses: Vec<AddressRow> = sqlx::query_as(
        "SELECT verbatim, country, parts, verified_on, valid_from, superseded_on, source \
         FROM case_addresses WHERE case_id = $1 ORDER BY position",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let addresses = addresses
        .into_iter()
        .map(|a| {
            let at = |col: &str| format!("case_addresses.{col} of case {:?}", row.slug);
            Ok(LetterAddress {
                verbatim: a.verbatim,
                country: codec::parse(&a.country, || at("country"))?,
                parts: from_json::<AddressParts>(&a.parts, || at("parts"))?,
                verified_on: codec::parse_opt_date(a.verified_on.as_deref(), || at("verified_on"))?,
                valid_from: codec::parse_opt_date(a.valid_from.as_deref(), || at("valid_from"))?,
                superseded_on: codec::parse_opt_date(a.superseded_on.as_deref(), || {
                    at("superseded_on")
                })?,
                source: a.source,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;

    let case = Case {
        slug: codec::parse(&row.slug, || at("slug"))?,
        name: from_json(&row.name, || at("name"))?,
        pronouns: codec::parse_enum(&row.pronouns, parse_pronouns, || at("pronouns"))?,
        birth_year: row
            .birth_year
            .map(|y| {
                i32::try_from(y).map_err(|e| Error::Corrupt {
                    what: format!("{}: {e}", at("birth_year")),
                })
            })
            .transpose()?,
        status: codec::parse_enum(&row.status, CaseStatus::parse, || at("status"))?,
        summary: from_json(&row.summary, || at("summary"))?,
        timeline,
        addresses,
        donations: from_json(&row.donations, || at("donations"))?,
        links: from_json::<Vec<Link>>(&row.links, || at("links"))?,
        relay: row
            .relay
            .as_deref()
            .map(|r| from_json::<Relay>(r, || at("relay")))
            .transpose()?,
        notes: row.notes,
    };
    Ok((row.id, case))
}

/// Every case, by slug, with its number of actions.
pub(crate) async fn list(conn: &mut AnyConnection) -> Result<Vec<CaseSummary>, Error> {
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "SELECT c.slug, c.name, c.status, \
         (SELECT COUNT(*) FROM actions a WHERE a.case_id = c.id) AS actions \
         FROM cases c ORDER BY c.slug",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let at = |col: &str| format!("cases.{col} of case {:?}", r.slug);
            Ok(CaseSummary {
                slug: codec::parse(&r.slug, || at("slug"))?,
                name: from_json(&r.name, || at("name"))?,
                status: codec::parse_enum(&r.status, CaseStatus::parse, || at("status"))?,
                actions: codec::count(r.actions),
            })
        })
        .collect()
}
