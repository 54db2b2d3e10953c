//! The reads handlers make, in the terms of the public site: what the public may see, through
//! the cache where one exists. Handlers load through these, then decide and render.

use std::collections::HashMap;
use std::sync::Arc;

use outcry_domain::{CaseBundle, Slug, UrgentAction};

use crate::error::AppError;
use crate::state::AppState;

impl AppState {
    /// A public action with its case, through the cache. A draft does not exist for the
    /// public: it is a 404 like a slug nobody used.
    pub async fn public_action(
        &self,
        slug: &Slug,
    ) -> Result<Arc<(CaseBundle, UrgentAction)>, AppError> {
        let found = self.action_with_case(slug).await?;
        if !found.1.is_public() {
            return Err(AppError::NotFound);
        }
        Ok(found)
    }

    /// A case with its actions and targets, through the cache. Pages show only its public
    /// actions.
    pub async fn case(&self, slug: &Slug) -> Result<Arc<CaseBundle>, AppError> {
        let bundle = self
            .cache
            .case(slug, || async {
                let mut bundle = self.store.export_case(slug).await?;
                bundle.withhold_emails(&self.store.flagged_addresses().await?);
                Ok::<_, outcry_storage::Error>(Arc::new(bundle))
            })
            .await?;
        Ok(bundle)
    }

    /// Articles as `filter` picks them, each with its author (when the author is known).
    pub async fn articles_with_authors(
        &self,
        filter: &outcry_storage::ArticleFilter,
    ) -> Result<Vec<(outcry_domain::Article, Option<outcry_domain::Author>)>, AppError> {
        let articles = self.store.articles(filter).await?;
        let authors = self.store.authors().await?;
        Ok(articles
            .into_iter()
            .map(|a| {
                let author = authors.iter().find(|x| x.slug == a.author).cloned();
                (a, author)
            })
            .collect())
    }

    /// The totals of a case's actions, by action, as published (coarse steps, `cache.rs`).
    pub async fn case_totals(&self, slug: &Slug) -> Result<Arc<HashMap<Slug, u64>>, AppError> {
        let totals = self
            .cache
            .case_totals(slug, self.clock.now(), || async {
                Ok::<_, outcry_storage::Error>(Arc::new(
                    self.store.action_totals_for_case(slug).await?,
                ))
            })
            .await?;
        Ok(totals)
    }

    /// How many letters the group holds for the case, when it relays letters at all, as
    /// published (coarse steps, `cache.rs`): a letter handed over does not show at once.
    pub async fn relay_waiting(&self, bundle: &CaseBundle) -> Result<Option<u64>, AppError> {
        if bundle.case.relay.is_none() {
            return Ok(None);
        }
        let slug = &bundle.case.slug;
        let waiting = self
            .cache
            .relay_waiting(slug, self.clock.now(), || async {
                let counts = self.store.relay_counts(slug).await?;
                Ok::<_, outcry_storage::Error>(counts.pending + counts.approved + counts.printing)
            })
            .await?;
        Ok(Some(waiting))
    }

    /// Seals a writer's letter to the organization's key and puts it in the case's queue.
    /// What the writer typed exists in clear only in this request's memory: the store gets
    /// the ciphertext, the language, the hour and the kinds of the checker's warnings. A 404
    /// when no key is configured (the site then takes no relay letters), 503 when the queue
    /// is full.
    pub async fn submit_relay_letter(
        &self,
        case: &outcry_domain::Slug,
        letter: &outcry_domain::RelayLetter,
    ) -> Result<(), AppError> {
        let Some(recipient) = &self.config.seal_to else {
            tracing::warn!("a relay letter was refused: no organization key (--seal-to)");
            return Err(AppError::NotFound);
        };
        AppError::refuse(letter.check().err().unwrap_or_default())?;
        let mut warnings: Vec<String> = outcry_letters::check(&letter.text)
            .iter()
            .map(|w| w.kind.key().to_string())
            .collect();
        warnings.sort();
        warnings.dedup();
        let sealed = outcry_seal::seal(recipient, letter)?;
        let new = outcry_storage::NewRelayLetter {
            lang: letter.lang,
            sealed,
            warnings,
        };
        let now = self.clock.now();
        self.store
            .submit_relay_letter(case, &new, now, self.config.relay_queue_cap)
            .await?;
        Ok(())
    }

    /// Refuses to count or prepare anything for an action that is not open now: past its
    /// deadline, closed or withdrawn.
    pub fn ensure_open(&self, action: &UrgentAction) -> Result<(), AppError> {
        if action.is_open(self.clock.now()) {
            Ok(())
        } else {
            Err(AppError::Closed)
        }
    }
}
