//! The admin's site-wide settings (`admin_settings`): one row, id 1; no row means the defaults.

use crate::accounts::Actor;
use crate::audit::{self, Line};
use crate::{Error, Store};

/// What an admin sets for the whole admin.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AdminSettings {
    /// Every account must log in with a second factor (accounts that handle personal data
    /// must whatever this says: `Role::handles_personal_data`).
    pub require_second_factor: bool,
}

impl Store {
    /// The settings; the defaults when none was ever set.
    pub async fn admin_settings(&self) -> Result<AdminSettings, Error> {
        let on: Option<i64> =
            sqlx::query_scalar("SELECT require_second_factor FROM admin_settings WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?;
        Ok(AdminSettings {
            require_second_factor: on.is_some_and(|n| n != 0),
        })
    }

    /// Requires (or stops requiring) a second factor of every account; logged with the value
    /// before and after.
    pub async fn set_require_second_factor(&self, on: bool, by: &Actor) -> Result<(), Error> {
        let word = |b: bool| if b { "on" } else { "off" };
        let mut tx = self.begin_write().await?;
        let old: Option<i64> =
            sqlx::query_scalar("SELECT require_second_factor FROM admin_settings WHERE id = 1")
                .fetch_optional(&mut *tx)
                .await?;
        let old = old.is_some_and(|n| n != 0);
        sqlx::query(
            "INSERT INTO admin_settings (id, require_second_factor) VALUES (1, $1) \
             ON CONFLICT (id) DO UPDATE SET require_second_factor = excluded.require_second_factor",
        )
        .bind(i64::from(on))
        .execute(&mut *tx)
        .await?;
        let line = Line {
            before: Some(word(old)),
            after: Some(word(on)),
            ..Line::of("settings.require_second_factor", "admin")
        };
        audit::write(&mut tx, by, &line).await?;
        tx.commit().await?;
        Ok(())
    }
}
