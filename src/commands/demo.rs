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
