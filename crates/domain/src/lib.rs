//! The core of Outcry: what a case, an urgent action, a target and a model letter are, and
//! the rules they obey. Nothing here does I/O: storage, delivery and the web and CLI faces
//! build on these types, never the other way round.
//!
//! - [`Case`]: the person at risk, their timeline and their address for letters ([`case`], [`address`]).
//! - [`UrgentAction`]: an appeal about a case, with its model letters and deadline ([`action`], [`deadline`]).
//! - [`Target`]: an official to write to, shared across actions ([`target`]).
//! - [`CaseBundle`]: a case with everything it refers to, checked as a whole ([`bundle`]).
//! - [`ComposedLetter`], [`Sender`], [`Channel`]: a supporter's letter and how they acted ([`taking_action`]).
//! - [`Paper`], [`EnvelopeSize`]: what printed letters and envelopes are printed on ([`paper`]).
//! - [`Relay`], [`RelayLetter`], [`RelayStatus`]: letters of support the group prints and posts
//!   for their writers, and the moderation queue they wait in ([`relay`]).
//! - [`MessageKind`], [`MessageState`], [`DeliveryPolicy`]: mail in the outbox, its states
//!   and when a message is tried again ([`outbox`]).
//! - [`Article`], [`Author`]: the group's news and columns, and who writes them ([`news`]).
//! - [`Lang`], [`Localized`], [`Slug`]: small values every other type uses.
//!
//! Validation errors are [`ValidationError`] values: a field path and a [`Problem`] with the
//! offending value, so that a face can explain them in the reader's language.

#![deny(missing_docs)]

pub mod access;
pub mod action;
pub mod address;
pub mod bundle;
pub mod case;
pub mod deadline;
mod error;
pub mod lang;
pub mod limits;
pub mod news;
pub mod outbox;
pub mod pacing;
pub mod paper;
pub mod relay;
pub mod slug;
pub mod taking_action;
pub mod target;

pub use action::{ActionStatus, ModelLetter, UaNumber, UrgentAction};
pub use address::{AddressParts, LetterAddress};
pub use bundle::CaseBundle;
pub use case::{Case, CaseStatus, EventKind, Pronouns, TimelineEvent};
pub use deadline::{Deadline, resolve_day_month};
pub use error::{Problem, ValidationError, Violations, is_direction_override};
pub use lang::{Lang, Localized};
pub use news::{Article, Author};
pub use outbox::{Attempt, Decision, DeliveryPolicy, MessageKind, MessageState};
pub use paper::{EnvelopeSize, Paper};
pub use relay::{Relay, RelayLetter, RelayStatus, Retention};
pub use slug::Slug;
pub use taking_action::{Channel, ComposedLetter, Sender};
pub use target::{Country, Email, Phone, Target};
