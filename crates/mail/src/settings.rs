//! What an installation configures for mail, checked once at start so a typo is refused before
//! the first supporter asks for anything.

use std::path::Path;

use lettre::Address;

use crate::dkim::Dkim;

/// The sending side of an installation: who mail comes from, and how it is signed.
#[derive(Debug)]
pub struct MailSettings {
    /// The site's own address (`appeals@act.example.org`): every message's `From`, with a
    /// display name per message.
    pub from: Address,
    /// The domain of bounce addresses (`bounce+<row>.<mac>@…`): the `From` domain unless set.
    pub bounce_domain: String,
    /// DKIM signing, when a key is configured.
    pub dkim: Option<Dkim>,
}

/// A mail setting that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// `--mail-from` is not an address.
    #[error("--mail-from {0:?} is not an email address")]
    From(String),
    /// The DKIM key file does not read or does not hold a key.
    #[error("DKIM key {path}: {reason}")]
    Dkim {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The SMTP URL cannot be used.
    #[error("--smtp-url: {0}")]
    Url(String),
}

impl MailSettings {
    /// Reads the settings: the sender address, and the DKIM key when a selector and a key
    /// file are given (the key signs for the sender's domain).
    pub fn new(
        from: &str,
        bounce_domain: Option<&str>,
        dkim: Option<(&str, &Path)>,
    ) -> Result<MailSettings, SettingsError> {
        let from: Address = from
            .trim()
            .parse()
            .map_err(|_| SettingsError::From(from.to_string()))?;
        let bounce_domain = bounce_domain
            .map(str::to_ascii_lowercase)
            .unwrap_or_else(|| from.domain().to_ascii_lowercase());
        let dkim = match dkim {
            None => None,
            Some((selector, path)) => Some(Dkim::read(selector, from.domain(), path)?),
        };
        Ok(MailSettings {
            from,
            bounce_domain,
            dkim,
        })
    }
}
