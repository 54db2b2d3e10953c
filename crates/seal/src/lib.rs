//! Sealing personal data to the organization's key.
//!
//! The organization has one age X25519 key pair. The server is given the public half only
//! (a [`Recipient`], `age1…`), so it can seal what a supporter typed and can never read it
//! back; the organizer keeps the secret half (an [`Identity`], `AGE-SECRET-KEY-1…`, in a file
//! made by `outcry keys generate`) off the server and opens sealed data on their own machine.
//! A seized server, database or backup holds ciphertext only.
//!
//! Each sealed value is one age v1 ciphertext of the value's JSON, so an organizer can also
//! open one with the `age` tool (`age -d -i key.txt`). Why a crate of its own: it is the one
//! place that touches cryptography; storage stores bytes it cannot read, the domain stays
//! free of I/O, and both the web face (sealing) and the command line (opening) use it.

#![deny(missing_docs)]

mod admin_key;
mod outbox_key;
mod password;
mod token;
mod totp;

pub use admin_key::AdminKey;
pub use outbox_key::OutboxKey;
pub use password::{PASSWORD_PARAMS, hash_password, verify_password};
pub use token::{AccessToken, RECOVERY_CODES, recovery_codes};
pub use totp::{TOTP_DIGITS, TOTP_STEP_SECS, TotpSecret};

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// What can go wrong sealing, opening, or reading a key.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Not an age X25519 public key.
    #[error("{0:?} is not an age public key (age1…)")]
    BadRecipient(String),
    /// The identity file holds no age X25519 secret key.
    #[error("{path} holds no age secret key (AGE-SECRET-KEY-1…)")]
    BadIdentity {
        /// The file read.
        path: String,
    },
    /// Reading or writing a key file.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The identity file to write exists already: a key is never overwritten, since data
    /// sealed to it could not be opened again.
    #[error("{path} already exists; a key file is never overwritten")]
    Exists {
        /// The file.
        path: String,
    },
    /// The outbox key file holds no key.
    #[error("{path} holds no outbox key (64 hex digits)")]
    BadOutboxKey {
        /// The file read.
        path: String,
    },
    /// Sealing failed (in practice never: the value is in memory).
    #[error("sealing failed: {0}")]
    Seal(String),
    /// The ciphertext does not open with this identity: another key, or damaged data.
    #[error("cannot open sealed data with this identity (another key, or damaged data)")]
    Open,
    /// The opened data is not what was sealed.
    #[error("opened data is not valid: {0}")]
    Decode(String),
}

/// The organization's public key: what the server seals to.
#[derive(Clone)]
pub struct Recipient(age::x25519::Recipient);

impl FromStr for Recipient {
    type Err = Error;
    fn from_str(text: &str) -> Result<Recipient, Error> {
        text.trim()
            .parse()
            .map(Recipient)
            .map_err(|_| Error::BadRecipient(text.to_string()))
    }
}

impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Debug for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Recipient({})", self.0)
    }
}

/// The organization's secret key: what opens sealed data. Kept off the server.
pub struct Identity(age::x25519::Identity);

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the secret itself, not even in a panic message.
        write!(f, "Identity(for {})", self.0.to_public())
    }
}

impl Identity {
    /// A new random key pair.
    pub fn generate() -> Identity {
        Identity(age::x25519::Identity::generate())
    }

    /// The public key that seals to this identity.
    pub fn recipient(&self) -> Recipient {
        Recipient(self.0.to_public())
    }

    /// Reads an identity file as `age-keygen` and `outcry keys generate` write it: comment
    /// lines (`#`) and one `AGE-SECRET-KEY-1…` line. The first key in the file is used.
    pub fn read(path: &Path) -> Result<Identity, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        Identity::from_text(&text).ok_or_else(|| Error::BadIdentity {
            path: path.display().to_string(),
        })
    }

    /// The first key in an identity file's text (pasted into the admin, say), if it holds one.
    pub fn from_text(text: &str) -> Option<Identity> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .find_map(|l| l.parse::<age::x25519::Identity>().ok())
            .map(Identity)
    }

    /// The secret key line, for [`AdminKey::wrap_identity`] only: it never leaves this crate
    /// but encrypted.
    fn secret_line(&self) -> String {
        self.0.to_string().expose_secret().to_string()
    }

    /// Writes this identity to a new file, readable by its owner only (mode 0600 from the
    /// start, so it is never readable by others even for a moment). Refuses to overwrite a
    /// file ([`Error::Exists`]): the data sealed to an overwritten key is lost for good.
    pub fn write_new(&self, path: &Path) -> Result<(), Error> {
        let io = |source: std::io::Error| {
            if source.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Exists {
                    path: path.display().to_string(),
                }
            } else {
                Error::Io {
                    path: path.display().to_string(),
                    source,
                }
            }
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(io)?;
        let text = format!(
            "# Outcry organization key: keep this file off the server, and keep a copy.\n\
             # public key: {}\n{}\n",
            self.0.to_public(),
            self.0.to_string().expose_secret()
        );
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(io)
    }
}

/// Seals `value` (as JSON) to `to`: one age ciphertext, which only the identity can open.
pub fn seal<T: Serialize>(to: &Recipient, value: &T) -> Result<Vec<u8>, Error> {
    let json = serde_json::to_vec(value).map_err(|e| Error::Seal(e.to_string()))?;
    age::encrypt(&to.0, &json).map_err(|e| Error::Seal(e.to_string()))
}

/// Opens what [`seal`] sealed.
pub fn open<T: DeserializeOwned>(with: &Identity, sealed: &[u8]) -> Result<T, Error> {
    let json = age::decrypt(&with.0, sealed).map_err(|_| Error::Open)?;
    serde_json::from_slice(&json).map_err(|e| Error::Decode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_sealed_opens_with_the_identity_only() {
        let key = Identity::generate();
        let sealed = seal(&key.recipient(), &("Анна", "12 Example Road")).expect("sealed");
        let text = String::from_utf8_lossy(&sealed);
        assert!(text.starts_with("age-encryption.org/v1"), "an age file");
        assert!(!text.contains("Example Road"));
        let opened: (String, String) = open(&key, &sealed).expect("opens");
        assert_eq!(opened, ("Анна".into(), "12 Example Road".into()));
        let other = Identity::generate();
        assert!(matches!(
            open::<(String, String)>(&other, &sealed),
            Err(Error::Open)
        ));
    }

    #[test]
    fn a_key_file_is_private_reread_and_never_overwritten() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("org.key");
        let key = Identity::generate();
        key.write_new(&path).expect("written");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let again = Identity::read(&path).expect("reads");
        assert_eq!(again.recipient().to_string(), key.recipient().to_string());
        assert!(again.recipient().to_string().starts_with("age1"));
        assert!(matches!(
            Identity::generate().write_new(&path),
            Err(Error::Exists { .. })
        ));
        assert_eq!(
            Identity::read(&path)
                .expect("still the first")
                .recipient()
                .to_string(),
            key.recipient().to_string()
        );
        assert!("age1nope".parse::<Recipient>().is_err());
        assert!(format!("{key:?}").starts_with("Identity(for age1"));
    }
}
