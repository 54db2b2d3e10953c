//! Urgent actions: `actions`, `action_targets` and `action_letters`.
//!
//! An action row is updated in place on re-import and never deleted by one: supporters'
//! records will point at its id. Its targets and letters have nothing pointing at them and are
//! replaced. `continues` (a follow-up's link to the action it continues) is a foreign key, so it
//! may name an action of another case, but never one that does not exist.

use std::collections::{BTreeMap, HashMap, HashSet};

use outcry_domain::{
    ActionStatus, Deadline, Lang, Localized, ModelLetter, Problem, Slug, UaNumber, UrgentAction,
    Violations,
};
use sqlx::{AnyConnection, AssertSqlSafe};

use crate::codec::{self, from_json, to_json};
use crate::{Error, targets};

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: i64,
    case_id: i64,
    slug: String,
    number: Option<String>,
    doc_index: String,
    status: String,
    headline: String,
    summary: String,
    background: String,
    preferred_languages: String,
    published_on: Option<String>,
    deadline_date: Option<String>,
    deadline_time_zone: Option<String>,
    goal: Option<i64>,
    mail_per_hour: Option<i64>,
    continues: Option<String>,
}

#[derive(sqlx::FromRow)]
struct OwnerRow {
    id: i64,
    case_id: i64,
    case_slug: String,
}

#[derive(sqlx::FromRow)]
struct LetterRow {
    action_id: i64,
    lang: String,
    subject: String,
    salutation: String,
    body: String,
    sign_off: String,
}

#[derive(sqlx::FromRow)]
struct PairRow {
    case_slug: String,
    action_slug: String,
}

/// The ids of the bundle's actions already stored in this case. An action slug that belongs
/// to another case is a [`Error::Conflict`]: slugs are global, since URLs carry them.
pub(crate) async fn existing_ids(
    conn: &mut AnyConnection,
    case_id: Option<i64>,
    actions: &[UrgentAction],
) -> Result<HashMap<Slug, i64>, Error> {
    let mut ids = HashMap::new();
    for a in actions {
        let owner: Option<OwnerRow> = sqlx::query_as(
            "SELECT a.id, a.case_id, c.slug AS case_slug FROM actions a \
             JOIN cases c ON c.id = a.case_id WHERE a.slug = $1",
        )
        .bind(a.slug.as_str())
        .fetch_optional(&mut *conn)
        .await?;
        match owner {
            Some(o) if Some(o.case_id) == case_id => {
                ids.insert(a.slug.clone(), o.id);
            }
            Some(o) => {
                return Err(Error::Conflict {
                    constraint: "actions_slug_key".into(),
                    message: format!(
                        "action {:?} belongs to case {:?}",
                        a.slug.as_str(),
                        o.case_slug
                    ),
                });
            }
            None => {}
        }
    }
    Ok(ids)
}

/// The ids of the stored actions that the bundle's follow-ups continue but the bundle does
/// not contain. One that is not stored either makes the bundle [`Error::Invalid`].
pub(crate) async fn outside_continues(
    conn: &mut AnyConnection,
    actions: &[UrgentAction],
) -> Result<HashMap<Slug, i64>, Error> {
    let in_bundle: HashSet<&Slug> = actions.iter().map(|a| &a.slug).collect();
    let mut ids = HashMap::new();
    let mut violations = Violations::default();
    for (i, a) in actions.iter().enumerate() {
        let Some(continues) = &a.continues else {
            continue;
        };
        if in_bundle.contains(continues) || ids.contains_key(continues) {
            continue;
        }
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM actions WHERE slug = $1")
            .bind(continues.as_str())
            .fetch_optional(&mut *conn)
            .await?;
        match id {
            Some(id) => {
                ids.insert(continues.clone(), id);
            }
            None => violations.push(
                format!("actions[{i}].continues"),
                Problem::UnknownAction {
                    value: continues.to_string(),
                },
            ),
        }
    }
    violations.into_result().map_err(Error::Invalid)?;
    Ok(ids)
}

/// Writes the bundle's actions into the case, in place where they exist; returns how many
/// were (created, updated, kept although missing from the file).
pub(crate) async fn upsert_all(
    conn: &mut AnyConnection,
    case_id: i64,
    actions: &[UrgentAction],
    existing: &HashMap<Slug, i64>,
    outside: &HashMap<Slug, i64>,
    target_ids: &HashMap<Slug, i64>,
    now: &str,
) -> Result<(usize, usize, usize), Error> {
    // Numbers are unique: clear them first, so two actions of the file may swap numbers.
    for id in existing.values() {
        sqlx::query("UPDATE actions SET number = NULL WHERE id = $1")
            .bind(*id)
            .execute(&mut *conn)
            .await?;
    }
    let mut ids: HashMap<&Slug, i64> = HashMap::new();
    for (i, a) in actions.iter().enumerate() {
        let id = upsert(conn, case_id, existing.get(&a.slug).copied(), i, a, now).await?;
        ids.insert(&a.slug, id);
        replace_targets(conn, id, &a.targets, target_ids, now).await?;
        replace_letters(conn, id, &a.letters, now).await?;
    }
    // `continues` last: a follow-up may come before the action it continues in the file.
    for a in actions {
        let continues = match &a.continues {
            Some(slug) => ids.get(slug).or_else(|| outside.get(slug)).copied(),
            None => None,
        };
        sqlx::query("UPDATE actions SET continues_id = $1 WHERE id = $2")
            .bind(continues)
            .bind(ids.get(&a.slug).copied())
            .execute(&mut *conn)
            .await?;
    }
    // Actions stored before but not in the file are kept, after the file's, in their order.
    let all: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM actions WHERE case_id = $1 ORDER BY position, id")
            .bind(case_id)
            .fetch_all(&mut *conn)
            .await?;
    let written: HashSet<i64> = ids.values().copied().collect();
    let mut kept = 0;
    for (i, id) in all.iter().filter(|id| !written.contains(id)).enumerate() {
        kept += 1;
        sqlx::query("UPDATE actions SET position = $1 WHERE id = $2")
            .bind(codec::position(actions.len() + i))
            .bind(*id)
            .execute(&mut *conn)
            .await?;
    }
    let updated = existing.len();
    Ok((actions.len() - updated, updated, kept))
}

async fn upsert(
    conn: &mut AnyConnection,
    case_id: i64,
    id: Option<i64>,
    position: usize,
    a: &UrgentAction,
    now: &str,
) -> Result<i64, Error> {
    let number = a.number.as_ref().map(|n| n.as_str().to_string());
    let headline = to_json(&a.headline, "action headline")?;
    let summary = to_json(&a.summary, "action summary")?;
    let background = to_json(&a.background, "action background")?;
    let languages = to_json(&a.preferred_languages, "preferred languages")?;
    let published_on = codec::opt_date_text(a.published_on);
    let deadline_date = a.deadline.as_ref().map(|d| codec::date_text(d.date));
    let deadline_zone = a.deadline.as_ref().map(|d| d.time_zone.clone());
    let goal = a.goal.map(i64::from);
    let mail_per_hour = a.mail_per_hour.map(i64::from);
    match id {
        Some(id) => {
            sqlx::query(
                "UPDATE actions SET position = $1, number = $2, doc_index = $3, status = $4, \
                 headline = $5, summary = $6, background = $7, preferred_languages = $8, \
                 published_on = $9, deadline_date = $10, deadline_time_zone = $11, goal = $12, \
                 updated_at = $13, mail_per_hour = $15 WHERE id = $14",
            )
            .bind(codec::position(position))
            .bind(number)
            .bind(a.index.as_str())
            .bind(a.status.as_str())
            .bind(headline)
            .bind(summary)
            .bind(background)
            .bind(languages)
            .bind(published_on)
            .bind(deadline_date)
            .bind(deadline_zone)
            .bind(goal)
            .bind(now)
            .bind(id)
            .bind(mail_per_hour)
            .execute(&mut *conn)
            .await?;
            Ok(id)
        }
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO actions (case_id, slug, position, number, doc_index, status, \
                 headline, summary, background, preferred_languages, published_on, \
                 deadline_date, deadline_time_zone, goal, created_at, updated_at, mail_per_hour) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16) \
                 RETURNING id",
            )
            .bind(case_id)
            .bind(a.slug.as_str())
            .bind(codec::position(position))
            .bind(number)
            .bind(a.index.as_str())
            .bind(a.status.as_str())
            .bind(headline)
            .bind(summary)
            .bind(background)
            .bind(languages)
            .bind(published_on)
            .bind(deadline_date)
            .bind(deadline_zone)
            .bind(goal)
            .bind(now)
            .bind(mail_per_hour)
            .fetch_one(&mut *conn)
            .await?;
            Ok(id)
        }
    }
}

async fn replace_targets(
    conn: &mut AnyConnection,
    action_id: i64,
    slugs: &[Slug],
    target_ids: &HashMap<Slug, i64>,
    now: &str,
) -> Result<(), Error> {
    sqlx::query("DELETE FROM action_targets WHERE action_id = $1")
        .bind(action_id)
        .execute(&mut *conn)
        .await?;
    for (i, slug) in slugs.iter().enumerate() {
        // A validated bundle lists every target its actions name.
        let target_id = match target_ids.get(slug) {
            Some(id) => *id,
            None => targets::require_id(conn, slug).await?,
        };
        sqlx::query(
            "INSERT INTO action_targets (action_id, target_id, position, created_at, \
             updated_at) VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(action_id)
        .bind(target_id)
        .bind(codec::position(i))
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn replace_letters(
    conn: &mut AnyConnection,
    action_id: i64,
    letters: &BTreeMap<Lang, ModelLetter>,
    now: &str,
) -> Result<(), Error> {
    sqlx::query("DELETE FROM action_letters WHERE action_id = $1")
        .bind(action_id)
        .execute(&mut *conn)
        .await?;
    for (lang, l) in letters {
        sqlx::query(
            "INSERT INTO action_letters (action_id, lang, subject, salutation, body, sign_off, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(action_id)
        .bind(lang.as_str())
        .bind(l.subject.as_str())
        .bind(l.salutation.as_str())
        .bind(l.body.as_str())
        .bind(l.sign_off.as_str())
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Which actions [`load`] reads.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope {
    /// One case's, by its id.
    Case(i64),
    /// Every case's.
    All,
}

impl Scope {
    /// The condition on `a` (the actions table) and the case id to bind, if any. The
    /// condition is one of two fixed strings, which is why the queries that splice it in
    /// may be `AssertSqlSafe`.
    fn condition(self) -> (&'static str, Option<i64>) {
        match self {
            Scope::Case(id) => ("a.case_id = $1", Some(id)),
            Scope::All => ("1 = 1", None),
        }
    }
}

/// The actions in `scope`, each with its case's id, in case then case order: three queries
/// (actions, their targets, their letters) however many actions and cases there are, so a
/// page listing every action costs the same as one about a single case.
pub(crate) async fn load(
    conn: &mut AnyConnection,
    scope: Scope,
) -> Result<Vec<(i64, UrgentAction)>, Error> {
    let (condition, case_id) = scope.condition();
    let rows: Vec<ActionRow> = bound(
        sqlx::query_as(AssertSqlSafe(format!(
            "SELECT a.id, a.case_id, a.slug, a.number, a.doc_index, a.status, a.headline, \
             a.summary, a.background, a.preferred_languages, a.published_on, a.deadline_date, \
             a.deadline_time_zone, a.goal, a.mail_per_hour, p.slug AS continues \
             FROM actions a LEFT JOIN actions p ON p.id = a.continues_id \
             WHERE {condition} ORDER BY a.case_id, a.position, a.id"
        ))),
        case_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let target_rows: Vec<(i64, String)> = bound(
        sqlx::query_as(AssertSqlSafe(format!(
            "SELECT x.action_id, t.slug FROM action_targets x \
             JOIN targets t ON t.id = x.target_id JOIN actions a ON a.id = x.action_id \
             WHERE {condition} ORDER BY x.action_id, x.position"
        ))),
        case_id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let letter_rows: Vec<LetterRow> = bound(
        sqlx::query_as(AssertSqlSafe(format!(
            "SELECT l.action_id, l.lang, l.subject, l.salutation, l.body, l.sign_off \
             FROM action_letters l JOIN actions a ON a.id = l.action_id \
             WHERE {condition} ORDER BY l.action_id, l.lang"
        ))),
        case_id,
    )
    .fetch_all(&mut *conn)
    .await?;

    let mut targets: HashMap<i64, Vec<String>> = HashMap::new();
    for (action_id, slug) in target_rows {
        targets.entry(action_id).or_default().push(slug);
    }
    let mut letters: HashMap<i64, Vec<LetterRow>> = HashMap::new();
    for row in letter_rows {
        letters.entry(row.action_id).or_default().push(row);
    }
    rows.into_iter()
        .map(|row| {
            let id = row.id;
            let case_id = row.case_id;
            let action = action_from(
                row,
                targets.remove(&id).unwrap_or_default(),
                letters.remove(&id).unwrap_or_default(),
            )?;
            Ok((case_id, action))
        })
        .collect()
}

/// A query with the scope's case id bound, when it has one.
fn bound<'q, O>(
    query: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments>,
    case_id: Option<i64>,
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments> {
    match case_id {
        Some(id) => query.bind(id),
        None => query,
    }
}

/// One case's actions, in the case's order.
pub(crate) async fn load_for_case(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<UrgentAction>, Error> {
    Ok(load(conn, Scope::Case(case_id))
        .await?
        .into_iter()
        .map(|(_, action)| action)
        .collect())
}

/// An action from its row, its targets' slugs (in order) and its letters.
fn action_from(
    row: ActionRow,
    target_slugs: Vec<String>,
    letter_rows: Vec<LetterRow>,
) -> Result<UrgentAction, Error> {
    let at = |col: &str| format!("actions.{col} of action {:?}", row.slug);
    let mut letters = BTreeMap::new();
    for l in letter_rows {
        let lang: Lang = codec::parse(&l.lang, || at("letters.lang"))?;
        letters.insert(
            lang,
            ModelLetter {
                subject: l.subject,
                salutation: l.salutation,
                body: l.body,
                sign_off: l.sign_off,
            },
        );
    }
    let deadline = match (&row.deadline_date, &row.deadline_time_zone) {
        (Some(date), Some(zone)) => Some(Deadline::new(
            codec::parse_date(date, || at("deadline_date"))?,
            zone.clone(),
        )),
        _ => None,
    };
    Ok(UrgentAction {
        slug: codec::parse(&row.slug, || at("slug"))?,
        number: row
            .number
            .as_deref()
            .map(|n| codec::parse::<UaNumber>(n, || at("number")))
            .transpose()?,
        index: row.doc_index.clone(),
        status: codec::parse_enum(&row.status, ActionStatus::parse, || at("status"))?,
        headline: from_json::<Localized>(&row.headline, || at("headline"))?,
        summary: from_json(&row.summary, || at("summary"))?,
        background: from_json(&row.background, || at("background"))?,
        targets: target_slugs
            .iter()
            .map(|s| codec::parse(s, || at("targets")))
            .collect::<Result<_, _>>()?,
        preferred_languages: from_json(&row.preferred_languages, || at("preferred_languages"))?,
        published_on: codec::parse_opt_date(row.published_on.as_deref(), || at("published_on"))?,
        deadline,
        goal: row
            .goal
            .map(|g| {
                u32::try_from(g).map_err(|e| Error::Corrupt {
                    what: format!("{}: {e}", at("goal")),
                })
            })
            .transpose()?,
        mail_per_hour: row
            .mail_per_hour
            .map(|n| {
                u32::try_from(n).map_err(|e| Error::Corrupt {
                    what: format!("{}: {e}", at("mail_per_hour")),
                })
            })
            .transpose()?,
        continues: row
            .continues
            .as_deref()
            .map(|s| codec::parse(s, || at("continues")))
            .transpose()?,
        letters,
    })
}

/// The (case, action) with this number.
pub(crate) async fn find_by_number(
    conn: &mut AnyConnection,
    number: &UaNumber,
) -> Result<Option<(Slug, Slug)>, Error> {
    let row: Option<PairRow> = sqlx::query_as(
        "SELECT c.slug AS case_slug, a.slug AS action_slug FROM actions a \
         JOIN cases c ON c.id = a.case_id WHERE a.number = $1",
    )
    .bind(number.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| {
        let at = || format!("action with number {:?}", number.as_str());
        Ok((
            codec::parse(&r.case_slug, at)?,
            codec::parse(&r.action_slug, at)?,
        ))
    })
    .transpose()
}
