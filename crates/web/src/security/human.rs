//! A check that a person, not a script, is posting a form: a simple question, a minimum time
//! and a honeypot field, all in plain HTML so that it works with JavaScript off (Tor Browser
//! at its safest) and keeps nothing on the server.
//!
//! The POST limit ([`limit`](super::limit)) shows it instead of refusing a form outright, so a
//! crowd behind one address (everyone on an onion service arrives from 127.0.0.1) is slowed
//! to the pace of people, not shut out. The comment form will use it the same way:
//!
//! - [`challenge`] makes a [`Challenge`] for a form: the URL it posts to, the fields it had
//!   (carried along as hidden inputs, so nothing typed is lost) and a signed [`token`](Challenge::token)
//!   that names the question and when it was asked, bound to the client and the URL. Return it
//!   as [`AppError::HumanCheck`](crate::error::AppError::HumanCheck); the edge renders it in
//!   the request's language (`pages/human_check.rs`).
//! - [`verify`] reads the posted answer back: the token must be this site's, for this client
//!   and URL, between [`HumanCheckConfig::min_secs`] and [`HumanCheckConfig::max_secs`] old;
//!   the honeypot must be empty; the answer must be one the question accepts (trimmed,
//!   case-insensitive). It returns a [`Pass`].
//! - A [`Pass`] is also a signed cookie (`outcry_human`, HttpOnly, SameSite=Strict), valid for
//!   [`HumanCheckConfig::pass_minutes`] for this client only, so a person answers once and not
//!   on every form. Being signed rather than stored, it works on every instance behind a load
//!   balancer that shares the secret.
//!
//! What it is not: a barrier against someone who writes a script for this site. The questions
//! are few and public, so a determined flooder can answer them. It turns a flood into work,
//! and every pass it earns is itself rate-limited ([`Pass::id`] has its own budget).

use axum::http::{HeaderMap, HeaderValue};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use outcry_domain::Localized;
use outcry_i18n::Locale;

use super::client::ClientKey;
use super::cookie;
use crate::state::AppState;

/// Every field the check adds to a form starts so; they are dropped before a form is carried
/// into a new challenge, and handlers ignore them.
const PREFIX: &str = "human_";
/// The signed token: which question, asked when, for whom.
pub const TOKEN_FIELD: &str = "human_token";
/// The visitor's answer.
pub const ANSWER_FIELD: &str = "human_answer";
/// Hidden from sight by CSS and labelled "leave empty" for screen readers; form-filling
/// scripts fill a field called "website".
pub const HONEYPOT_FIELD: &str = "human_website";
/// The cookie that says this browser passed the check lately.
pub const PASS_COOKIE: &str = "outcry_human";

/// A question a person answers easily, with every answer it accepts.
#[derive(Debug, Clone)]
pub struct HumanQuestion {
    /// The question in each language; a page in a language it lacks shows it in English.
    pub prompt: Localized,
    /// Accepted answers, in any of the interface's languages; compared trimmed and
    /// case-insensitively.
    pub answers: Vec<String>,
}

/// Fluent ids of the default questions, with the answers each accepts.
const DEFAULT_QUESTIONS: [(&str, &[&str]); 5] = [
    ("human-q-sum", &["5", "five", "пять"]),
    ("human-q-week", &["7", "seven", "семь"]),
    ("human-q-cat", &["4", "four", "четыре"]),
    (
        "human-q-snow",
        &["white", "белый", "белого", "белое", "белая"],
    ),
    (
        "human-q-day",
        &["24", "twenty-four", "twenty four", "двадцать четыре"],
    ),
];

impl HumanQuestion {
    /// A question with its accepted answers.
    pub fn new(
        prompt: Localized,
        answers: impl IntoIterator<Item = impl Into<String>>,
    ) -> HumanQuestion {
        HumanQuestion {
            prompt,
            answers: answers.into_iter().map(Into::into).collect(),
        }
    }

    /// The built-in questions, in every interface language (their text is in the `.ftl` files).
    pub fn defaults() -> Vec<HumanQuestion> {
        DEFAULT_QUESTIONS
            .iter()
            .map(|(id, answers)| {
                let prompt = Locale::ALL
                    .into_iter()
                    .fold(Localized::new(), |p, l| p.with(l.lang(), l.t(id)));
                HumanQuestion::new(prompt, answers.iter().copied())
            })
            .collect()
    }

    /// Whether `answer` is one of the accepted ones.
    pub fn accepts(&self, answer: &str) -> bool {
        let answer = answer.trim().to_lowercase();
        !answer.is_empty()
            && self
                .answers
                .iter()
                .any(|a| a.trim().to_lowercase() == answer)
    }
}

/// How the human check behaves.
#[derive(Debug, Clone)]
pub struct HumanCheckConfig {
    /// The questions asked, one picked at random each time. Empty: the defaults. Every
    /// instance behind a load balancer needs the same list, since tokens name questions by
    /// their place in it.
    pub questions: Vec<HumanQuestion>,
    /// An answer sooner than this after the question was asked is a script's.
    pub min_secs: u32,
    /// A question older than this has expired (a new one is asked).
    pub max_secs: u32,
    /// How long a browser that answered is let through without another question.
    pub pass_minutes: u32,
}

impl Default for HumanCheckConfig {
    fn default() -> Self {
        HumanCheckConfig {
            questions: HumanQuestion::defaults(),
            min_secs: 3,
            // Tor is slow and people read slowly; a quarter of an hour is kind to both.
            max_secs: 15 * 60,
            pass_minutes: 30,
        }
    }
}

impl HumanCheckConfig {
    fn questions(&self) -> std::borrow::Cow<'_, [HumanQuestion]> {
        if self.questions.is_empty() {
            std::borrow::Cow::Owned(HumanQuestion::defaults())
        } else {
            std::borrow::Cow::Borrowed(&self.questions)
        }
    }
}

/// Why an answer was not taken. A filled honeypot reads as a wrong answer, so a script
/// learns nothing from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Not an accepted answer, or the honeypot was filled.
    Wrong,
    /// Answered sooner than a person can read the question.
    TooFast,
    /// The token is missing, forged, for another client or URL, or too old.
    Expired,
}

impl Failure {
    /// The Fluent id of the line that tells the visitor what happened.
    pub fn message_id(self) -> &'static str {
        match self {
            Failure::Wrong => "human-wrong",
            Failure::TooFast => "human-too-fast",
            Failure::Expired => "human-expired",
        }
    }
}

/// A question to put to the visitor before a form goes through.
#[derive(Debug)]
pub struct Challenge {
    /// Where the check's form posts: the URL of the form it stands in front of.
    pub action: String,
    /// The original form's fields, to post again as they were.
    pub fields: Vec<(String, String)>,
    /// The question.
    pub prompt: Localized,
    /// Goes into [`TOKEN_FIELD`].
    pub token: String,
    /// Why the last answer was not taken, when this is a second try.
    pub failure: Option<Failure>,
    /// When the check stands in for "too many requests": the seconds until the form would go
    /// through without it (sent as `Retry-After`).
    pub retry_after_secs: Option<u64>,
    /// When the check is asked because the form makes the site send a mail (not because of
    /// a budget): the page says so.
    pub before_mail: bool,
}

/// The client as the signatures name it: its host group, or "-" when it is not known.
fn bound_to(client: Option<&ClientKey>) -> String {
    client.map_or_else(|| "-".to_string(), |c| c.host.to_string())
}

fn random_id() -> u128 {
    let mut bytes = [0u8; 16];
    // A guessable id only lets someone share another's pass budget, which the signature already
    // prevents; log the broken system and go on.
    if let Err(e) = getrandom::fill(&mut bytes) {
        tracing::error!(error = %e, "no randomness for a human check");
    }
    u128::from_le_bytes(bytes)
}

fn encode_id(id: u128) -> String {
    URL_SAFE_NO_PAD.encode(id.to_le_bytes())
}

fn decode_id(s: &str) -> Option<u128> {
    let bytes: [u8; 16] = URL_SAFE_NO_PAD.decode(s).ok()?.try_into().ok()?;
    Some(u128::from_le_bytes(bytes))
}

/// What the challenge token's signature covers.
fn challenge_data(issued: &str, question: &str, id: &str, client: &str, action: &str) -> String {
    format!("{issued}.{question}.{id}|{client}|{action}")
}

/// A challenge for the form with `fields` that posts to `action`, from `client`, asked now on
/// the site's clock. Set [`Challenge::failure`] or [`Challenge::retry_after_secs`] as fits.
pub fn challenge(
    state: &AppState,
    client: Option<&ClientKey>,
    action: &str,
    fields: Vec<(String, String)>,
) -> Challenge {
    let questions = state.config.human_check.questions();
    let id = random_id();
    // `questions()` is never empty: an empty list means the defaults.
    let count = u128::try_from(questions.len().max(1)).unwrap_or(1);
    let index = usize::try_from(id % count).unwrap_or(0);
    let prompt = questions
        .get(index)
        .map(|q| q.prompt.clone())
        .unwrap_or_default();
    let issued = state.clock.now().as_second().to_string();
    let (question, id) = (index.to_string(), encode_id(id));
    let data = challenge_data(&issued, &question, &id, &bound_to(client), action);
    let mac = state.keys().sign(b"human-check", data.as_bytes());
    Challenge {
        action: action.to_string(),
        fields: fields
            .into_iter()
            .filter(|(name, _)| !name.starts_with(PREFIX))
            .collect(),
        prompt,
        token: format!("{issued}.{question}.{id}.{mac}"),
        failure: None,
        retry_after_secs: None,
        before_mail: false,
    }
}

/// Reads the answer to a challenge from a posted form's `fields`.
pub fn verify(
    state: &AppState,
    client: Option<&ClientKey>,
    action: &str,
    fields: &[(String, String)],
) -> Result<Pass, Failure> {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let config = &state.config.human_check;
    let token = field(TOKEN_FIELD);
    let mut parts = token.splitn(4, '.');
    let (Some(issued), Some(question), Some(id), Some(mac)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Failure::Expired);
    };
    let data = challenge_data(issued, question, id, &bound_to(client), action);
    if !state.keys().verify(b"human-check", data.as_bytes(), mac) {
        return Err(Failure::Expired);
    }
    let (Ok(issued), Ok(question), Some(id)) = (
        issued.parse::<i64>(),
        question.parse::<usize>(),
        decode_id(id),
    ) else {
        return Err(Failure::Expired);
    };
    let questions = config.questions();
    let Some(question) = questions.get(question) else {
        return Err(Failure::Expired);
    };
    let age = state.clock.now().as_second() - issued;
    if !(0..=i64::from(config.max_secs)).contains(&age) {
        return Err(Failure::Expired);
    }
    if !field(HONEYPOT_FIELD).is_empty() {
        return Err(Failure::Wrong);
    }
    if age < i64::from(config.min_secs) {
        return Err(Failure::TooFast);
    }
    if !question.accepts(field(ANSWER_FIELD)) {
        return Err(Failure::Wrong);
    }
    Ok(Pass { id })
}

/// A browser that answered the check: what lets its POSTs through for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    id: u128,
}

impl Pass {
    /// Names this pass's own budget in the POST limit: the same for every form posted with it,
    /// so one answer, replayed or shared, is worth one client's budget and no more.
    pub fn id(&self) -> u128 {
        self.id
    }

    /// The browser's pass, when its cookie is this site's, for this client, and not expired.
    pub fn from_cookie(headers: &HeaderMap, state: &AppState, client: &ClientKey) -> Option<Pass> {
        let value = cookie(headers, PASS_COOKIE)?;
        let mut parts = value.splitn(3, '.');
        let (expires, id, mac) = (parts.next()?, parts.next()?, parts.next()?);
        let data = format!("{expires}.{id}|{}", bound_to(Some(client)));
        if !state.keys().verify(b"human-pass", data.as_bytes(), mac) {
            return None;
        }
        let expires: i64 = expires.parse().ok()?;
        (state.clock.now().as_second() < expires).then_some(Pass { id: decode_id(id)? })
    }

    /// The `Set-Cookie` value that keeps this pass in the browser for `client`.
    pub fn cookie(&self, state: &AppState, client: Option<&ClientKey>) -> Option<HeaderValue> {
        let lifetime = i64::from(state.config.human_check.pass_minutes) * 60;
        let expires = state.clock.now().as_second() + lifetime;
        let id = encode_id(self.id);
        let data = format!("{expires}.{id}|{}", bound_to(client));
        let mac = state.keys().sign(b"human-pass", data.as_bytes());
        let secure = if state.config.hsts { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{PASS_COOKIE}={expires}.{id}.{mac}; Path=/; Max-Age={lifetime}; HttpOnly; SameSite=Strict{secure}"
        ))
        .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_questions_are_asked_in_every_language_and_take_their_answers() {
        let questions = HumanQuestion::defaults();
        assert!(questions.len() >= 3);
        for (q, (id, answers)) in questions.iter().zip(DEFAULT_QUESTIONS) {
            for locale in Locale::ALL {
                let text = q.prompt.get(locale.lang()).unwrap_or("");
                assert!(
                    text.ends_with('?') && text != id,
                    "{id} in {}: {text:?}",
                    locale.code()
                );
            }
            for a in answers {
                assert!(q.accepts(a), "{id} takes {a:?}");
                assert!(
                    q.accepts(&format!("  {}\n", a.to_uppercase())),
                    "{id}: {a:?}"
                );
            }
            assert!(!q.accepts(""), "{id}: empty");
            assert!(!q.accepts("42 and 43"), "{id}: nonsense");
        }
        assert!(questions[0].accepts("Пять"));
    }

    #[test]
    fn pass_ids_survive_their_encoding() {
        for id in [0, 1, u128::MAX, 0x0123_4567_89ab_cdef_0123_4567_89ab_cdef] {
            assert_eq!(decode_id(&encode_id(id)), Some(id));
        }
        assert_eq!(decode_id("short"), None);
        assert_eq!(decode_id("!!!!!!!!!!!!!!!!!!!!!!"), None);
    }
}
