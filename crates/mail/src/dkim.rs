//! DKIM signing keys. lettre signs (RSA-SHA256 or Ed25519-SHA256, RFC 6376 and 8463); this
//! module reads the key and picks the algorithm from the file's shape, so an organizer only
//! names a file and a selector.

use std::path::Path;

use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey,
};
use lettre::message::header::HeaderName;

use crate::settings::SettingsError;

/// The headers every signature covers. Reply-To and Message-ID too: a forwarder that changed
/// whom a reply goes to, or made the message look like another, breaks the signature.
const SIGNED: [&str; 8] = [
    "From",
    "Reply-To",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "Content-Type",
    "MIME-Version",
];

/// A DKIM key ready to sign with.
#[derive(Debug)]
pub struct Dkim {
    config: DkimConfig,
    /// `rsa` or `ed25519`, for the start-up line.
    pub algorithm: &'static str,
    /// The selector (`s=`).
    pub selector: String,
    /// The signing domain (`d=`).
    pub domain: String,
}

impl Dkim {
    /// Reads a key file: an RSA key in PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`, as
    /// `openssl genrsa -traditional` writes), or an Ed25519 key as the base64 of its 32-byte
    /// seed on one line.
    pub fn read(selector: &str, domain: &str, path: &Path) -> Result<Dkim, SettingsError> {
        let fail = |reason: String| SettingsError::Dkim {
            path: path.display().to_string(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
        let (key, algorithm) = if text.contains("-----BEGIN RSA PRIVATE KEY-----") {
            let key = DkimSigningKey::new(&text, DkimSigningAlgorithm::Rsa)
                .map_err(|e| fail(format!("not an RSA key: {e}")))?;
            (key, "rsa")
        } else if text.contains("-----BEGIN") {
            return Err(fail(
                "an RSA key must be PKCS#1 (BEGIN RSA PRIVATE KEY; openssl genrsa -traditional), \
                 an Ed25519 key the base64 of its 32-byte seed"
                    .into(),
            ));
        } else {
            let line = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with('#'))
                .unwrap_or("");
            let key = DkimSigningKey::new(line, DkimSigningAlgorithm::Ed25519)
                .map_err(|e| fail(format!("not an Ed25519 seed in base64: {e}")))?;
            (key, "ed25519")
        };
        if selector.is_empty()
            || !selector
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        {
            return Err(fail(format!("selector {selector:?} is not a DNS label")));
        }
        let headers = SIGNED
            .iter()
            .filter_map(|h| HeaderName::new_from_ascii((*h).to_string()).ok())
            .collect();
        // Relaxed for both: relays that re-fold a header or re-wrap trailing space do not
        // break the signature.
        let canonicalization = DkimCanonicalization {
            header: DkimCanonicalizationType::Relaxed,
            body: DkimCanonicalizationType::Relaxed,
        };
        let config = DkimConfig::new(
            selector.to_string(),
            domain.to_ascii_lowercase(),
            key,
            headers,
            canonicalization,
        );
        Ok(Dkim {
            config,
            algorithm,
            selector: selector.to_string(),
            domain: domain.to_ascii_lowercase(),
        })
    }

    /// Signs a message in place (adds its DKIM-Signature header).
    pub fn sign(&self, message: &mut lettre::Message) {
        message.sign(&self.config);
    }
}
