//! Mail Outcry sends, from the outbox to the relay.
//!
//! The faces never send mail themselves: they validate, then put a message in the outbox
//! ([`Outbox::enqueue`], in storage's `outbox` table) with its content encrypted under the
//! server's [`OutboxKey`](outcry_seal::OutboxKey). A [`Worker`] (inside `outcry serve`, or
//! alone as `outcry worker`, on any number of instances) leases due messages, composes each
//! ([`message`]), signs it with DKIM ([`dkim`]) and hands it to the SMTP relay ([`relay`]);
//! the domain's [`DeliveryPolicy`](outcry_domain::DeliveryPolicy) says what the relay's
//! answer means and when to try again. Every message's return path is a bounce address that
//! names its outbox row under a MAC ([`verp`]), so a bounce finds its message even when the
//! bouncing server strips every header.
//!
//! - [`appeals`]: an appeal sent for a supporter, from the request and its confirmation
//!   mail to one paced message per target.
//! - [`settings`]: what an installation configures (relay URL, sender, DKIM key).
//! - [`message`]: the encrypted [`Payload`] and how it becomes an RFC 5322 message.
//! - [`dkim`]: reading the signing key (RSA or Ed25519).
//! - [`relay`]: lettre's pooled SMTP transport and what its answers mean.
//! - [`verp`]: bounce addresses.
//! - [`outbox`]: enqueueing (idempotency keys, Message-IDs, encryption).
//! - [`returned`]: what a delivery report (read by `outcry-bounce`) changes: its row, and
//!   the official's address it names.
//! - [`worker`]: the loop that drains the outbox, slowing down when the relay pushes back.

#![deny(missing_docs)]

pub mod appeals;
pub mod dkim;
pub mod message;
pub mod outbox;
pub mod relay;
pub mod returned;
pub mod settings;
pub mod verp;
pub mod worker;

pub use message::Payload;
pub use outbox::Outbox;
pub use relay::SmtpRelay;
pub use settings::{MailSettings, SettingsError};
pub use worker::{Worker, WorkerConfig};
