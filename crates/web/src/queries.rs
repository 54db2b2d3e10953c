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
                Ok::<_, outcry_storage::Error>(Arc::new(self.store.export_case(slug).await?))
            })
            .await?;
        Ok(bundle)
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
                Ok::<_, outcry_storage::Error>(counts.pending + counts.approved)
            })
            .await?;
        Ok(Some(waiting))
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
