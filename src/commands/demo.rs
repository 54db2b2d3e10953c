//! `outcry demo`: loads the seed case so there is something real to look at.

use anyhow::Context;
use outcry_domain::{Article, Author, CaseBundle};
use outcry_importer::{article_file, case_file};

/// The demo case file, built into the binary so the demo needs no files beside it.
pub const DEMO_CASE_FILE: &str = include_str!("../../demo/azat-miftakhov.toml");

/// The demo case as domain values.
pub fn bundle() -> anyhow::Result<CaseBundle> {
    case_file::load(DEMO_CASE_FILE, super::today())
        .map_err(|e| anyhow::anyhow!(e.render("demo/azat-miftakhov.toml")))
        .context("the built-in demo data set is invalid")
}

/// The demo's authors, built in like the case: (file, text).
const DEMO_AUTHORS: [(&str, &str); 1] = [(
    "demo/authors/lena-vogt.toml",
    include_str!("../../demo/authors/lena-vogt.toml"),
)];

/// The demo's articles, built in like the case: (slug, file, text). The slug is the file's
/// name without the language, as `outcry article add` takes it.
const DEMO_ARTICLES: [(&str, &str, &str); 3] = [
    (
        "azat-moved-to-ik-18",
        "demo/articles/azat-moved-to-ik-18.en.md",
        include_str!("../../demo/articles/azat-moved-to-ik-18.en.md"),
    ),
    (
        "azat-moved-to-ik-18",
        "demo/articles/azat-moved-to-ik-18.ru.md",
        include_str!("../../demo/articles/azat-moved-to-ik-18.ru.md"),
    ),
    (
        "why-letters-matter",
        "demo/articles/why-letters-matter.en.md",
        include_str!("../../demo/articles/why-letters-matter.en.md"),
    ),
];

/// The demo's authors as domain values.
pub fn authors() -> anyhow::Result<Vec<Author>> {
    DEMO_AUTHORS
        .iter()
        .map(|(file, text)| {
            article_file::parse_author(text)
                .map_err(|e| anyhow::anyhow!(e.render(file)))
                .context("the built-in demo author is invalid")
        })
        .collect()
}

/// The demo's articles as domain values: the case's article in English and Russian, and a
/// column.
pub fn articles() -> anyhow::Result<Vec<Article>> {
    DEMO_ARTICLES
        .iter()
        .map(|(slug, file, text)| {
            let slug = slug.parse()?;
            article_file::parse(text, Some(&slug))
                .map_err(|e| anyhow::anyhow!(e.render(file)))
                .context("the built-in demo article is invalid")
        })
        .collect()
}

/// Loads the demo's authors, then its articles (which name them, and the case, so this comes
/// after the case).
pub async fn load_news(store: &outcry_storage::Store) -> anyhow::Result<usize> {
    for author in authors()? {
        store
            .upsert_author(&author)
            .await
            .context("loading the demo's authors")?;
    }
    let articles = articles()?;
    for article in &articles {
        store
            .upsert_article(article)
            .await
            .with_context(|| format!("loading the demo article {}", article.slug))?;
    }
    Ok(articles.len())
}

pub async fn run(db: &crate::cli::DatabaseArgs) -> anyhow::Result<()> {
    let bundle = bundle()?;
    let store = crate::database::open(db).await?;
    let loaded = async {
        let report = store
            .import_bundle(&bundle)
            .await
            .context("loading the demo case")?;
        let articles = load_news(&store).await?;
        anyhow::Ok((report, articles))
    }
    .await;
    store.close().await;
    let (report, articles) = loaded?;
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
    eprintln!("demo news: {articles} article(s); list them with `outcry article list`");
    Ok(())
}

/// The demo's admin: an account `admin@demo.invalid` with a one-time link to choose its
/// password (printed), and two letters waiting in the relay queue, sealed to the demo key, so
/// there is something to moderate. Written in the project's own words.
pub async fn admin(state: &outcry_web::AppState, admin_at: &str) -> anyhow::Result<()> {
    use outcry_domain::access::Role;
    let store = &state.store;
    let now = state.clock.wall();
    // A demo on a database of its own (`--database-url`) starts again on what it made before.
    if store.account_by_email(DEMO_ADMIN).await?.is_some() {
        eprintln!(
            "outcry: demo admin {DEMO_ADMIN} exists already: sign in at {admin_at}/admin/, or \
             `outcry user reset {DEMO_ADMIN}` for a new link"
        );
        return Ok(());
    }
    let token = outcry_seal::AccessToken::generate()?;
    let expires = now + jiff::SignedDuration::from_hours(72);
    store
        .create_account(
            DEMO_ADMIN,
            Role::Admin,
            &token.hash(),
            expires,
            now,
            &outcry_storage::Actor::command_line(),
        )
        .await
        .context("making the demo's admin account")?;
    eprintln!(
        "outcry: demo admin {DEMO_ADMIN}: choose its password at {admin_at}/admin/en/password?t={}",
        token.text()
    );
    if let Some(recipient) = &state.config.seal_to {
        let case: outcry_domain::Slug = "azat-miftakhov".parse()?;
        for (text, signature) in DEMO_LETTERS {
            let letter = outcry_domain::RelayLetter {
                lang: outcry_domain::Lang::RU,
                text: text.to_string(),
                signature: signature.to_string(),
                return_address: Vec::new(),
            };
            let mut warnings: Vec<String> = outcry_letters::check(text)
                .iter()
                .map(|w| w.kind.key().to_string())
                .collect();
            warnings.sort();
            warnings.dedup();
            let new = outcry_storage::NewRelayLetter {
                lang: letter.lang,
                sealed: outcry_seal::seal(recipient, &letter)?,
                warnings,
            };
            store
                .submit_relay_letter(&case, &new, now, u64::MAX)
                .await
                .context("queueing the demo's letters")?;
        }
    }
    Ok(())
}

/// The demo admin's address (`.invalid` can never receive mail).
pub const DEMO_ADMIN: &str = "admin@demo.invalid";

/// Letters waiting in the demo's queue: one to approve, one the checker flags.
const DEMO_LETTERS: [(&str, &str); 2] = [
    (
        "Здравствуйте, Азат! Пишу Вам из Тарту. У нас уже выпал первый снег, и я вспоминаю, \
         как Вы писали о задачах, которые решаете в тетради. Пришлите, если можно, одну из них — \
         попробую решить. Желаю Вам здоровья и терпения.",
        "Мария",
    ),
    (
        "Азат, держитесь! Весь этот суд — фарс, а война скоро кончится.",
        "Олег",
    ),
];

#[cfg(test)]
mod tests {
    use outcry_domain::{ActionStatus, EventKind, Lang};

    #[test]
    fn the_demo_news_parses_and_points_at_the_demo_case() {
        let bundle = super::bundle().expect("demo loads");
        let authors = super::authors().expect("demo authors parse");
        assert_eq!(authors.len(), 1);
        assert!(
            authors[0]
                .bio
                .0
                .values()
                .all(|b| b.contains("demo") || b.contains("демо")),
            "the bio says it is a demo author"
        );
        let articles = super::articles().expect("demo articles parse");
        let about: Vec<_> = articles
            .iter()
            .filter(|a| a.slug.as_str() == "azat-moved-to-ik-18")
            .collect();
        assert_eq!(
            about.iter().map(|a| a.lang).collect::<Vec<_>>(),
            [Lang::EN, Lang::RU],
            "one article, two translations"
        );
        for a in &about {
            assert_eq!(a.case.as_ref(), Some(&bundle.case.slug));
            assert_eq!(a.action.as_ref(), Some(&bundle.actions[0].slug));
            assert!(!a.column);
            // The page shows the case's current address; a copy in the text would go stale.
            for old in ["612744", "Trudovikh", "Трудовых"] {
                assert!(!a.body.contains(old), "{} gives the old address", a.lang);
            }
        }
        assert!(
            articles
                .iter()
                .any(|a| a.column && a.author == authors[0].slug),
            "the author has a column"
        );
        assert!(articles.iter().all(|a| a.author == authors[0].slug));
    }

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
