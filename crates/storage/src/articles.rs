//! News: the `authors` and `articles` tables ([`Article`], [`Author`]).
//!
//! Both are upserted by their keys (an author's slug; an article's slug and language), so
//! loading the same files again updates in place. An article names its author, case and action
//! by slug; the upsert looks each up first, inside its transaction, so an unknown one is a
//! clear [`Error::NotFound`] saying which, rather than a foreign-key failure from the
//! database (the keys stay in the schema as the last word).

use outcry_domain::{Article, Author, Lang, Slug};
use sqlx::AnyConnection;

use crate::codec::{self, from_json, to_json};
use crate::{Error, Store};

/// Which articles a list shows, and which page of them. Every `None` leaves that out of the
/// filter; `limit` 0 means no limit (the CLI's full list).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleFilter {
    /// Only articles in this language.
    pub lang: Option<Lang>,
    /// Only articles by this author.
    pub author: Option<Slug>,
    /// Only articles about this case.
    pub case: Option<Slug>,
    /// Only columns (`Some(true)`) or only news (`Some(false)`).
    pub column: Option<bool>,
    /// How many of the list to skip, for pagination.
    pub offset: u32,
    /// How many to return at most; 0 for all.
    pub limit: u32,
}

#[derive(sqlx::FromRow)]
struct AuthorRow {
    slug: String,
    name: String,
    bio: String,
}

#[derive(sqlx::FromRow)]
struct ArticleRow {
    slug: String,
    lang: String,
    title: String,
    author_slug: String,
    published: String,
    summary: String,
    body: String,
    case_slug: Option<String>,
    action_slug: Option<String>,
    is_column: i64,
}

const ARTICLE_COLUMNS: &str = "slug, lang, title, author_slug, published, summary, body, \
                               case_slug, action_slug, is_column";

/// The filter's conditions, in the order of the binds in [`bind_filter`]: `$1`…`$4`.
const FILTER: &str = "($1 IS NULL OR lang = $1) AND ($2 IS NULL OR author_slug = $2) \
                      AND ($3 IS NULL OR case_slug = $3) AND ($4 IS NULL OR is_column = $4)";

fn filter_binds(
    f: &ArticleFilter,
) -> (Option<String>, Option<String>, Option<String>, Option<i64>) {
    (
        f.lang.map(String::from),
        f.author.as_ref().map(|s| s.as_str().to_string()),
        f.case.as_ref().map(|s| s.as_str().to_string()),
        f.column.map(i64::from),
    )
}

fn read_author(row: AuthorRow) -> Result<Author, Error> {
    let what = |col: &str| {
        let slug = row.slug.clone();
        let col = col.to_string();
        move || format!("authors.{col} of {slug:?}")
    };
    Ok(Author {
        slug: codec::parse(&row.slug, what("slug"))?,
        name: from_json(&row.name, what("name"))?,
        bio: from_json(&row.bio, what("bio"))?,
    })
}

fn read_article(row: ArticleRow) -> Result<Article, Error> {
    let what = |col: &str| {
        let key = format!("{}/{}", row.slug, row.lang);
        let col = col.to_string();
        move || format!("articles.{col} of {key:?}")
    };
    let opt_slug = |s: &Option<String>, col: &str| -> Result<Option<Slug>, Error> {
        s.as_deref().map(|s| codec::parse(s, what(col))).transpose()
    };
    Ok(Article {
        slug: codec::parse(&row.slug, what("slug"))?,
        lang: codec::parse(&row.lang, what("lang"))?,
        title: row.title.clone(),
        author: codec::parse(&row.author_slug, what("author_slug"))?,
        published: codec::parse_date(&row.published, what("published"))?,
        summary: row.summary.clone(),
        body: row.body.clone(),
        case: opt_slug(&row.case_slug, "case_slug")?,
        action: opt_slug(&row.action_slug, "action_slug")?,
        column: row.is_column != 0,
    })
}

/// Whether `table` has a row with this slug; [`Error::NotFound`] naming `entity` if not.
async fn must_exist(
    conn: &mut AnyConnection,
    sql: &'static str,
    entity: &'static str,
    slug: &Slug,
) -> Result<(), Error> {
    let found: Option<i64> = sqlx::query_scalar(sql)
        .bind(slug.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(Error::NotFound {
            entity,
            key: slug.as_str().to_string(),
        }),
    }
}

impl Store {
    /// Adds an author, or updates the one with this slug in place. [`Error::Invalid`] when
    /// [`Author::check`] fails.
    pub async fn upsert_author(&self, a: &Author) -> Result<(), Error> {
        a.check().map_err(Error::Invalid)?;
        let name = to_json(&a.name, "author name")?;
        let bio = to_json(&a.bio, "author bio")?;
        let now = codec::now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO authors (slug, name, bio, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) \
             ON CONFLICT (slug) DO UPDATE SET name = excluded.name, bio = excluded.bio, \
             updated_at = excluded.updated_at",
        )
        .bind(a.slug.as_str())
        .bind(name)
        .bind(bio)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds an article, or updates the one with its slug and language in place; `true` when
    /// it was new. In one transaction: [`Error::Invalid`] when [`Article::check`] fails, and
    /// [`Error::NotFound`] (entity `"author"`, `"case"` or `"action"`) when it names one that
    /// is not stored; nothing is written then.
    pub async fn upsert_article(&self, a: &Article) -> Result<bool, Error> {
        a.check().map_err(Error::Invalid)?;
        let now = codec::now();
        let mut tx = self.begin_write().await?;
        let conn: &mut AnyConnection = &mut tx;
        must_exist(
            conn,
            "SELECT 1 FROM authors WHERE slug = $1",
            "author",
            &a.author,
        )
        .await?;
        if let Some(case) = &a.case {
            must_exist(conn, "SELECT 1 FROM cases WHERE slug = $1", "case", case).await?;
        }
        if let Some(action) = &a.action {
            must_exist(
                conn,
                "SELECT 1 FROM actions WHERE slug = $1",
                "action",
                action,
            )
            .await?;
        }
        let existed: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM articles WHERE slug = $1 AND lang = $2")
                .bind(a.slug.as_str())
                .bind(a.lang.as_str())
                .fetch_optional(&mut *conn)
                .await?;
        sqlx::query(
            "INSERT INTO articles (slug, lang, title, author_slug, published, summary, body, \
             case_slug, action_slug, is_column, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) \
             ON CONFLICT (slug, lang) DO UPDATE SET title = excluded.title, \
             author_slug = excluded.author_slug, published = excluded.published, \
             summary = excluded.summary, body = excluded.body, case_slug = excluded.case_slug, \
             action_slug = excluded.action_slug, is_column = excluded.is_column, \
             updated_at = excluded.updated_at",
        )
        .bind(a.slug.as_str())
        .bind(a.lang.as_str())
        .bind(a.title.as_str())
        .bind(a.author.as_str())
        .bind(codec::date_text(a.published))
        .bind(a.summary.as_str())
        .bind(a.body.as_str())
        .bind(a.case.as_ref().map(|s| s.as_str().to_string()))
        .bind(a.action.as_ref().map(|s| s.as_str().to_string()))
        .bind(i64::from(a.column))
        .bind(now)
        .execute(&mut *conn)
        .await?;
        tx.commit().await?;
        Ok(existed.is_none())
    }

    /// The article with this slug in exactly this language (no fallback: see
    /// [`Store::article_languages`] for what there is).
    pub async fn article(&self, slug: &Slug, lang: Lang) -> Result<Option<Article>, Error> {
        let row: Option<ArticleRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE slug = $1 AND lang = $2"
        )))
        .bind(slug.as_str())
        .bind(lang.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(read_article).transpose()
    }

    /// The languages an article is written in, in code order: its translations.
    pub async fn article_languages(&self, slug: &Slug) -> Result<Vec<Lang>, Error> {
        let langs: Vec<String> =
            sqlx::query_scalar("SELECT lang FROM articles WHERE slug = $1 ORDER BY lang")
                .bind(slug.as_str())
                .fetch_all(&self.pool)
                .await?;
        langs
            .iter()
            .map(|l| codec::parse(l, || format!("articles.lang of {slug}")))
            .collect()
    }

    /// The articles the filter selects, newest first (by publication date, then slug, then
    /// language), one page of them.
    pub async fn articles(&self, filter: &ArticleFilter) -> Result<Vec<Article>, Error> {
        let (lang, author, case, column) = filter_binds(filter);
        let limit = if filter.limit == 0 {
            i64::MAX
        } else {
            i64::from(filter.limit)
        };
        let rows: Vec<ArticleRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE {FILTER} \
             ORDER BY published DESC, slug, lang LIMIT $5 OFFSET $6"
        )))
        .bind(lang)
        .bind(author)
        .bind(case)
        .bind(column)
        .bind(limit)
        .bind(i64::from(filter.offset))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(read_article).collect()
    }

    /// How many articles the filter selects, all pages together (offset and limit ignored).
    pub async fn count_articles(&self, filter: &ArticleFilter) -> Result<u64, Error> {
        let (lang, author, case, column) = filter_binds(filter);
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM articles WHERE {FILTER}"
        )))
        .bind(lang)
        .bind(author)
        .bind(case)
        .bind(column)
        .fetch_one(&self.pool)
        .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The author with this slug.
    pub async fn author(&self, slug: &Slug) -> Result<Option<Author>, Error> {
        let row: Option<AuthorRow> =
            sqlx::query_as("SELECT slug, name, bio FROM authors WHERE slug = $1")
                .bind(slug.as_str())
                .fetch_optional(&self.pool)
                .await?;
        row.map(read_author).transpose()
    }

    /// Every author, by slug.
    pub async fn authors(&self) -> Result<Vec<Author>, Error> {
        let rows: Vec<AuthorRow> =
            sqlx::query_as("SELECT slug, name, bio FROM authors ORDER BY slug")
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(read_author).collect()
    }
}
