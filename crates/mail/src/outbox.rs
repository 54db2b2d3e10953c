//! Putting messages in the outbox: what the faces call. The content is encrypted here, under
//! the server's outbox key, before storage sees it; the idempotency key is a keyed hash of
//! what makes the message unique, so the table holds no address in any form a reader of the
//! database could use; the Message-ID is drawn here, once, and kept for every attempt.

use std::sync::Arc;

use jiff::Timestamp;
use outcry_domain::MessageKind;
use outcry_seal::OutboxKey;
use outcry_storage::{Enqueued, NewMessage, Store};
use tokio::sync::Notify;

use crate::message::Payload;

/// Why a message could not be queued.
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    /// The database refused or failed.
    #[error(transparent)]
    Storage(#[from] outcry_storage::Error),
    /// Encrypting failed (in practice never).
    #[error("cannot encrypt the message: {0}")]
    Seal(#[from] outcry_seal::Error),
    /// The payload does not serialise (in practice never).
    #[error("cannot write the message: {0}")]
    Json(#[from] serde_json::Error),
}

/// The door to the outbox: a store, the key, and the domain Message-IDs are drawn in.
#[derive(Debug, Clone)]
pub struct Outbox {
    store: Store,
    key: OutboxKey,
    domain: String,
    wake: Arc<Notify>,
}

impl Outbox {
    /// The outbox on `store`, encrypting with `key`, Message-IDs `…@domain` (the sender's).
    pub fn new(store: Store, key: OutboxKey, domain: &str) -> Outbox {
        Outbox {
            store,
            key,
            domain: domain.to_ascii_lowercase(),
            wake: Arc::new(Notify::new()),
        }
    }

    /// The key, for the worker (opening), and for bounces (checking MACs).
    pub fn key(&self) -> &OutboxKey {
        &self.key
    }

    /// The store the outbox is in.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// What a worker in this process waits on: woken when a message is queued here, so it
    /// need not wait for its next look at the table. Workers elsewhere find it at that look.
    pub fn wake(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// The idempotency key of a message: a keyed hash of its kind and the parts that make it
    /// unique (for an appeal: the action, the supporter's normalised address, the target).
    pub fn dedupe_key(&self, kind: MessageKind, unique: &[&str]) -> String {
        dedupe_key(&self.key, kind, unique)
    }

    /// Queues a message, due at `due`, unless one with the same kind and unique parts is
    /// there already (then nothing is written, and the answer says where the first is).
    pub async fn enqueue(
        &self,
        kind: MessageKind,
        unique: &[&str],
        payload: &Payload,
        due: Timestamp,
        now: Timestamp,
    ) -> Result<Enqueued, OutboxError> {
        let message = NewMessage {
            kind,
            dedupe_key: self.dedupe_key(kind, unique),
            message_id: self.new_message_id()?,
            payload: self.key.encrypt(&serde_json::to_vec(payload)?)?,
            pace_key: None,
        };
        let done = self.store.enqueue_message(&message, due, now).await?;
        if matches!(done, Enqueued::New(_)) {
            self.wake.notify_one();
        }
        Ok(done)
    }

    /// A new Message-ID (without angle brackets) in the sender's domain.
    pub fn new_message_id(&self) -> Result<String, OutboxError> {
        new_message_id(&self.domain)
    }
}

/// [`Outbox::dedupe_key`], for whoever holds the key but no outbox (the worker's receipts).
pub fn dedupe_key(key: &OutboxKey, kind: MessageKind, unique: &[&str]) -> String {
    let mut text = String::from(kind.as_str());
    for part in unique {
        text.push('\u{0}');
        text.push_str(part);
    }
    key.address_hash(&text)
}

/// A new Message-ID (without angle brackets): 128 random bits in `domain`.
pub fn new_message_id(domain: &str) -> Result<String, OutboxError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| outcry_seal::Error::Seal(format!("no random numbers: {e}")))?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("{hex}@{domain}"))
}

/// An address as the idempotency key sees it: trimmed and lowercased, so `Anna@Example.org`
/// and `anna@example.org ` are one supporter. (Only for the key: mail goes to the address as
/// typed.)
pub fn normalize_address(address: &str) -> String {
    address.trim().to_lowercase()
}
