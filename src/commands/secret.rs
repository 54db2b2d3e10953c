//! The secret that signs forms and cookies: where `serve` gets it, and `outcry secret …`.
//!
//! Configured (`--secret`, `OUTCRY_SECRET`, the config file, or `--secret-file`), it is used
//! as given, with `--previous-secrets` still accepted for checking. Otherwise it is kept in
//! the database (`site_secrets`): made by the first instance that starts, the same for every
//! instance on the database and after every restart, so a deploy does not turn open forms
//! into refusals. A rotation there takes effect without a restart: servers read the secrets
//! again every [`RELOAD_EVERY`], and a new secret signs only after [`SIGNS_AFTER`], by which
//! time every instance can check it.

use std::time::Duration;

use anyhow::{Context, bail};
use outcry_storage::{SiteSecret, Store};
use outcry_web::Keyring;

use crate::cli::{DatabaseArgs, SecretCommand, ServeArgs};

/// How often a server reads the database's secrets again.
pub const RELOAD_EVERY: Duration = Duration::from_secs(60);

/// How long after a rotation the new secret starts signing: two reloads, so every instance
/// has it before any signs with it (clocks a little apart included).
const SIGNS_AFTER: jiff::SignedDuration = jiff::SignedDuration::from_secs(120);

pub async fn run(db: &DatabaseArgs, command: SecretCommand) -> anyhow::Result<()> {
    let store = crate::database::open(db).await?;
    let result = match command {
        SecretCommand::Rotate(args) => rotate(&store, args.keep_old_hours).await,
        SecretCommand::Status => status(&store).await,
    };
    store.close().await;
    result
}

async fn rotate(store: &Store, keep_old_hours: u32) -> anyhow::Result<()> {
    let now = jiff::Timestamp::now();
    let signs_from = now + SIGNS_AFTER;
    let old_until = signs_from + jiff::SignedDuration::from_hours(i64::from(keep_old_hours));
    let id = store
        .rotate_site_secret(&fresh()?, now, signs_from, old_until)
        .await?;
    println!(
        "secret {id} made: it signs from {} (servers take it up within a minute); the one \
         before is accepted until {}",
        signs_from.strftime("%Y-%m-%d %H:%M:%S UTC"),
        old_until.strftime("%Y-%m-%d %H:%M UTC"),
    );
    Ok(())
}

async fn status(store: &Store) -> anyhow::Result<()> {
    let secrets = store.all_site_secrets().await?;
    if secrets.is_empty() {
        println!("no secret kept in the database yet: the first `outcry serve` makes one");
    }
    let now = jiff::Timestamp::now();
    for s in &secrets {
        let until = match s.accepted_until {
            None => "accepted until the next rotation".to_string(),
            Some(t) if t <= now => "no longer accepted".to_string(),
            Some(t) => format!("accepted until {}", t.strftime("%Y-%m-%d %H:%M UTC")),
        };
        println!(
            "secret {}\tsigns from {}\t{until}",
            s.id,
            s.signs_from.strftime("%Y-%m-%d %H:%M:%S UTC")
        );
    }
    Ok(())
}

/// The configured secret with the previous ones, or `None` when the database keeps it.
pub fn configured(args: &ServeArgs) -> anyhow::Result<Option<Keyring>> {
    let signing = match (&args.secret, &args.secret_file) {
        (Some(hex), _) => decode_hex(hex).context("OUTCRY_SECRET must be 64 hexadecimal digits")?,
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading the secret file {}", path.display()))?;
            decode_hex(&text).with_context(|| {
                format!(
                    "{}: the secret must be 64 hexadecimal digits",
                    path.display()
                )
            })?
        }
        (None, None) => {
            if !args.previous_secrets.is_empty() {
                bail!(
                    "--previous-secrets is for a configured secret; the database's secrets \
                     rotate with `outcry secret rotate`"
                );
            }
            return Ok(None);
        }
    };
    let previous = args
        .previous_secrets
        .iter()
        .map(|hex| decode_hex(hex).context("OUTCRY_PREVIOUS_SECRETS: 64 hexadecimal digits each"))
        .collect::<anyhow::Result<_>>()?;
    Ok(Some(Keyring::new(signing, previous)))
}

/// The database's secrets as a keyring at `now` (made on first use).
pub async fn from_database(store: &Store, now: jiff::Timestamp) -> anyhow::Result<Keyring> {
    let secrets = store
        .site_secrets(&fresh()?, now)
        .await
        .context("reading the site's secret from the database")?;
    keyring(secrets, now).context("the database holds no usable site secret")
}

/// The newest secret whose time has come signs; every other one still accepted checks.
fn keyring(mut secrets: Vec<SiteSecret>, now: jiff::Timestamp) -> Option<Keyring> {
    let signing = secrets
        .iter()
        .rposition(|s| s.signs_from <= now)
        .or_else(|| secrets.len().checked_sub(1))?;
    let signing = secrets.remove(signing).secret;
    Some(Keyring::new(
        signing,
        secrets.into_iter().map(|s| s.secret).collect(),
    ))
}

fn fresh() -> anyhow::Result<Vec<u8>> {
    let mut bytes = vec![0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(bytes)
}

fn decode_hex(s: &str) -> anyhow::Result<Vec<u8>> {
    let s = s.trim();
    if s.len() < 64 || !s.len().is_multiple_of(2) {
        bail!("expected at least 64 hexadecimal digits");
    }
    (0..s.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(s.get(i..i + 2).unwrap_or("zz"), 16)
                .context("not a hexadecimal digit")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(id: i64, byte: u8, signs_from: &str) -> SiteSecret {
        SiteSecret {
            id,
            secret: vec![byte; 32],
            signs_from: signs_from.parse().expect("time"),
            accepted_until: None,
        }
    }

    #[test]
    fn a_rotated_secret_checks_at_once_and_signs_when_its_time_comes() {
        let secrets = vec![
            secret(1, 1, "2026-01-01T00:00:00Z"),
            secret(2, 2, "2026-06-01T12:02:00Z"),
        ];
        let before =
            keyring(secrets.clone(), "2026-06-01T12:01:00Z".parse().expect("t")).expect("keys");
        assert_eq!(before.signing(), &[1; 32][..]);
        assert_eq!(before.all().count(), 2, "the new one already checks");
        let after = keyring(secrets, "2026-06-01T12:02:00Z".parse().expect("t")).expect("keys");
        assert_eq!(after.signing(), &[2; 32][..]);
        assert!(keyring(Vec::new(), jiff::Timestamp::now()).is_none());
    }
}
