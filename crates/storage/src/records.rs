//! What supporters did: one row per completed action (`action_records`), and the counts the
//! public pages show. See the migration for what is deliberately not kept.

use std::collections::{BTreeMap, HashMap};

use outcry_domain::{Channel, Country, Lang, Slug};
use sqlx::AnyConnection;

use crate::{Error, codec};

/// One completed action, as the web face reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRecord {
    /// The action acted on.
    pub action: Slug,
    /// How.
    pub channel: Channel,
    /// The interface language the supporter used.
    pub lang: Lang,
    /// Where the supporter said they are, if they said.
    pub country: Option<Country>,
    /// When; stored to the hour only.
    pub at: jiff::Timestamp,
}

/// The counts for one action.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionCounts {
    /// Every recorded action.
    pub total: u64,
    /// By channel; channels nobody used are absent.
    pub by_channel: BTreeMap<Channel, u64>,
}

/// Stores one record. [`Error::NotFound`] when the action does not exist.
pub(crate) async fn insert(conn: &mut AnyConnection, record: &ActionRecord) -> Result<(), Error> {
    let hour = record.at.as_second() - record.at.as_second().rem_euclid(3600);
    let hour = jiff::Timestamp::from_second(hour).map_err(|e| Error::Corrupt {
        what: format!("record time: {e}"),
    })?;
    let inserted = sqlx::query(
        "INSERT INTO action_records (action_id, channel, lang, country, recorded_hour) \
         SELECT id, $2, $3, $4, $5 FROM actions WHERE slug = $1",
    )
    .bind(record.action.as_str())
    .bind(record.channel.as_str())
    .bind(record.lang.as_str())
    .bind(record.country.map(|c| c.as_str().to_string()))
    .bind(hour.to_string())
    .execute(&mut *conn)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(Error::NotFound {
            entity: "action",
            key: record.action.to_string(),
        });
    }
    Ok(())
}

/// Counts by channel for one action.
pub(crate) async fn counts(conn: &mut AnyConnection, action: &Slug) -> Result<ActionCounts, Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT r.channel, COUNT(*) FROM action_records r JOIN actions a ON a.id = r.action_id \
         WHERE a.slug = $1 GROUP BY r.channel",
    )
    .bind(action.as_str())
    .fetch_all(&mut *conn)
    .await?;
    let mut counts = ActionCounts::default();
    for (channel, n) in rows {
        let channel = codec::parse_enum(&channel, Channel::parse, || {
            format!("action_records.channel of {action}")
        })?;
        let n = u64::try_from(n).unwrap_or(0);
        counts.total += n;
        counts.by_channel.insert(channel, n);
    }
    Ok(counts)
}

/// Total records per action of one case.
pub(crate) async fn totals_for_case(
    conn: &mut AnyConnection,
    case: &Slug,
) -> Result<HashMap<Slug, u64>, Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT a.slug, COUNT(r.id) FROM actions a JOIN cases c ON c.id = a.case_id \
         LEFT JOIN action_records r ON r.action_id = a.id WHERE c.slug = $1 GROUP BY a.slug",
    )
    .bind(case.as_str())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(slug, n)| {
            Ok((
                codec::parse(&slug, || "actions.slug".to_string())?,
                u64::try_from(n).unwrap_or(0),
            ))
        })
        .collect()
}

/// The slug of the case an action belongs to.
pub(crate) async fn case_of(
    conn: &mut AnyConnection,
    action: &Slug,
) -> Result<Option<Slug>, Error> {
    let slug: Option<String> = sqlx::query_scalar(
        "SELECT c.slug FROM actions a JOIN cases c ON c.id = a.case_id WHERE a.slug = $1",
    )
    .bind(action.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    slug.map(|s| codec::parse(&s, || "cases.slug".to_string()))
        .transpose()
}
