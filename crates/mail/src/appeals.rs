//! Appeals Outcry sends on a supporter's behalf, from the request to the queued messages.
//!
//! 1. [`Outbox::request_appeal`]: the form's content is stored encrypted until confirmed
//!    (storage's `appeal_requests`), and a confirmation message with a link is queued. At most
//!    one confirmation per address per action per day is queued, whoever asks: a flood of
//!    requests for someone else's address sends them one mail, not a thousand.
//! 2. The link opens a page with a button; reading the request changes nothing.
//! 3. [`Outbox::confirm_appeal`]: one message per target, in the letter's language, `From`
//!    the site with the supporter's name, `Reply-To` the supporter, each placed under the
//!    action's hourly cap for that target ([`Pacing`]), queued in the same transaction that
//!    deletes the request and counts the action. A target this supporter already wrote to
//!    for this action gets nothing new (the dedupe key: action, address, target).

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use outcry_domain::pacing::{HORIZON_HOURS, Pacing};
use outcry_domain::{Country, Lang, MessageKind, Slug};
use outcry_storage::{Confirmed, Counted, NewAppealRequest, NewMessage, PlacedMessage};
use serde::{Deserialize, Serialize};

use crate::message::{Payload, ReceiptPlan};
use crate::outbox::{Outbox, OutboxError, normalize_address};

/// How long a request waits for its button.
pub const CONFIRM_WITHIN: SignedDuration = SignedDuration::from_hours(7 * 24);

/// What the supporter gave on the action page, kept encrypted until it is sent. The letter
/// itself is composed per target when the request is confirmed (each official has their own
/// salutation), by the face, from these parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealForm {
    /// Their address: the confirmation goes there, and appeals carry it as `Reply-To`.
    pub email: String,
    /// Their name as typed.
    pub name: String,
    /// Their town as typed; may be empty.
    #[serde(default)]
    pub town: String,
    /// Writer-safety mode: sign with initials.
    #[serde(default)]
    pub initials_only: bool,
    /// The subject, as edited (empty: the model's).
    pub subject: String,
    /// The letter's body, as edited (empty: the model's).
    pub body: String,
    /// The letter's language.
    pub lang: String,
    /// Whether they asked to be told how each appeal ended.
    #[serde(default)]
    pub receipt: bool,
    /// The country they chose for the count ("" for none), as the form sent it.
    #[serde(default)]
    pub country: String,
}

/// One official an appeal goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealTarget {
    /// Their address.
    pub address: String,
    /// Their name and title, for the `To` header.
    pub name: Option<String>,
    /// Their time zone, for office hours (UTC when not known).
    pub zone: TimeZone,
}

/// One appeal as the face composed it for one official.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealMessage {
    /// To whom.
    pub to: AppealTarget,
    /// The display name on `From`: the supporter's signature name (initials in safety mode).
    pub from_name: String,
    /// The subject line.
    pub subject: String,
    /// The whole letter, salutation to signature.
    pub text: String,
    /// The receipts to choose from when it is final, if the supporter asked for one.
    pub receipt: Option<ReceiptPlan>,
}

/// What asking came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requested {
    /// Stored, and the confirmation with this token's link is queued.
    Mailed(String),
    /// A confirmation went to this address for this action today already: nothing changed.
    AlreadyMailed,
}

/// What confirming came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppealConfirmed {
    /// Queued: how many messages were new, and when the last of them is due (what the
    /// supporter is told: "your appeals will go by …").
    Queued {
        /// New messages.
        queued: usize,
        /// Whether the action was counted.
        counted: bool,
        /// When the last new message may go; `None` when none was new.
        last_due: Option<Timestamp>,
    },
    /// Confirmed before, expired, or never made.
    Gone,
}

impl Outbox {
    /// The keyed hash of a confirmation token (the link carries the token; storage the hash).
    fn token_hash(&self, token: &str) -> String {
        self.key()
            .address_hash(&format!("appeal-token\u{0}{token}"))
    }

    /// Stores the request and queues its confirmation, made by `confirmation` from the token
    /// (the face knows the link and the language): `(subject, text)`; both in one
    /// transaction. At most one confirmation goes to an address per action per day: a
    /// request beyond it changes nothing, and the earlier link keeps working (the face says
    /// the same either way, so nobody learns from it whether an address asked before).
    pub async fn request_appeal(
        &self,
        action: &Slug,
        form: &AppealForm,
        confirmation: impl FnOnce(&str) -> (String, String),
        now: Timestamp,
    ) -> Result<Requested, OutboxError> {
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes)
            .map_err(|e| outcry_seal::Error::Seal(format!("no random numbers: {e}")))?;
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let address = normalize_address(&form.email);
        let request = NewAppealRequest {
            action: action.clone(),
            token_hash: self.token_hash(&token),
            supporter_key: self.dedupe_key(MessageKind::Appeal, &[action.as_str(), &address]),
            payload: self.key().encrypt(&serde_json::to_vec(form)?)?,
        };
        let (subject, text) = confirmation(&token);
        let day = now.strftime("%Y-%m-%d").to_string();
        let message = Payload {
            to: form.email.clone(),
            subject,
            text,
            lang: form.lang.clone(),
            ..Payload::default()
        };
        let mail = NewMessage {
            kind: MessageKind::Confirmation,
            dedupe_key: self.dedupe_key(
                MessageKind::Confirmation,
                &[action.as_str(), &address, &day],
            ),
            message_id: self.new_message_id()?,
            payload: self.key().encrypt(&serde_json::to_vec(&message)?)?,
            pace_key: None,
        };
        let expires = now.saturating_add(CONFIRM_WITHIN).unwrap_or(now);
        let done = self
            .store()
            .request_appeal(&request, expires, &mail, now)
            .await?;
        Ok(match done {
            outcry_storage::Requested::Stored => {
                self.wake().notify_one();
                Requested::Mailed(token)
            }
            outcry_storage::Requested::AlreadyMailed => Requested::AlreadyMailed,
        })
    }

    /// The request a link's token names, opened, if it can still be confirmed. Changes
    /// nothing.
    pub async fn pending_appeal(
        &self,
        token: &str,
        now: Timestamp,
    ) -> Result<Option<(Slug, AppealForm)>, OutboxError> {
        let Some(request) = self
            .store()
            .pending_appeal(&self.token_hash(token), now)
            .await?
        else {
            return Ok(None);
        };
        let form = serde_json::from_slice(&self.key().decrypt(&request.payload)?)?;
        Ok(Some((request.action, form)))
    }

    /// Confirms the request `token` names: one message per target, each placed under
    /// `pacing`, queued with the request's deletion and the count in one transaction. The
    /// caller read the request with [`Outbox::pending_appeal`] to compose `appeals`; a request
    /// confirmed meanwhile (a second tab) is [`AppealConfirmed::Gone`] here.
    pub async fn confirm_appeal(
        &self,
        token: &str,
        appeals: &[AppealMessage],
        pacing: &Pacing,
        counted: (Lang, Option<Country>),
        now: Timestamp,
    ) -> Result<AppealConfirmed, OutboxError> {
        let Some((action, form)) = self.pending_appeal(token, now).await? else {
            return Ok(AppealConfirmed::Gone);
        };
        let supporter = normalize_address(&form.email);
        let horizon = now
            .saturating_add(SignedDuration::from_hours(HORIZON_HOURS))
            .unwrap_or(now);
        let mut placed = Vec::with_capacity(appeals.len());
        for appeal in appeals {
            let target = &appeal.to;
            let official = normalize_address(&target.address);
            let pace_key = self.key().address_hash(&format!("pace\u{0}{official}"));
            let booked = self.store().booked_hours(&pace_key, now, horizon).await?;
            // A queue full to the horizon still takes the appeal, at its end: refusing it
            // would lose what the supporter wrote; being late is the lesser harm.
            let due = pacing
                .next_slot(now, &target.zone, &booked)
                .unwrap_or(horizon);
            let payload = Payload {
                to: target.address.clone(),
                to_name: target.name.clone(),
                from_name: appeal.from_name.clone(),
                reply_to: Some(form.email.clone()),
                subject: appeal.subject.clone(),
                text: appeal.text.clone(),
                lang: form.lang.clone(),
                attachment: None,
                receipt: appeal.receipt.clone().filter(|_| form.receipt),
            };
            placed.push(PlacedMessage {
                message: NewMessage {
                    kind: MessageKind::Appeal,
                    dedupe_key: self.dedupe_key(
                        MessageKind::Appeal,
                        &[action.as_str(), &supporter, &official],
                    ),
                    message_id: self.new_message_id()?,
                    payload: self.key().encrypt(&serde_json::to_vec(&payload)?)?,
                    pace_key: Some(pace_key),
                },
                due,
            });
        }
        let how = Counted {
            lang: counted.0,
            country: counted.1,
        };
        let done = self
            .store()
            .confirm_appeal(&self.token_hash(token), &placed, how, now)
            .await?;
        Ok(match done {
            Confirmed::Gone => AppealConfirmed::Gone,
            Confirmed::Done { queued, counted } => {
                if queued > 0 {
                    self.wake().notify_one();
                }
                AppealConfirmed::Queued {
                    queued,
                    counted,
                    last_due: (queued > 0)
                        .then(|| placed.iter().map(|p| p.due).max())
                        .flatten(),
                }
            }
        })
    }
}
