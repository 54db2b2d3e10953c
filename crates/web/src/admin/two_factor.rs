//! Enrolling an authenticator app. The secret is made on the server, kept encrypted as
//! "pending" until the first code from the app proves it was scanned, and shown as a QR code
//! drawn as SVG on the server (no script, no image service) and as text to type. The first
//! code's time step is recorded as used, so even it cannot be replayed to log in. Ten
//! recovery codes are shown once and kept as keyed hashes.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use outcry_seal::{AdminKey, TotpSecret};
use outcry_storage::SessionStage;

use super::guard::Organizer;
use super::session;
use super::views::{AdminChrome, RecoveryCodesPage, TwoFactorPage};
use crate::error::AppError;
use crate::extract::{CheckedForm, FormToken, Visit};
use crate::pages::{Caching, render};
use crate::paths::AdminUrls;
use crate::state::AppState;

/// What the authenticator app lists the account under.
const ISSUER: &str = "Outcry";

/// The QR code and the secret, a new pending one unless one is waiting already (a reload
/// shows the same code the app may have scanned).
pub async fn show(
    State(state): State<AppState>,
    visit: Visit,
    who: Organizer,
    token: FormToken,
) -> Result<Response, AppError> {
    let key = state.admin_key().ok_or(AppError::NotFound)?;
    let secret = pending_secret(&state, key, &who).await?;
    let page = page(visit, &who, &secret, None, token.token)?;
    Ok((token.cookie, render(&page, Caching::NoStore)?).into_response())
}

/// The first code from the app: the pending secret becomes the account's.
pub async fn confirm(
    State(state): State<AppState>,
    visit: Visit,
    who: Organizer,
    token: FormToken,
    CheckedForm(form, _): CheckedForm,
) -> Result<Response, AppError> {
    let key = state.admin_key().ok_or(AppError::NotFound)?.clone();
    let secret = pending_secret(&state, &key, &who).await?;
    let now = state.clock.wall();
    let unix = u64::try_from(state.clock.wall().as_second()).unwrap_or(0);
    let Some(step) = secret.matching_step(form.get("code"), unix) else {
        let message = visit.locale.t("admin-two-factor-wrong");
        let page = page(visit, &who, &secret, Some(message), token.token)?;
        return Ok((StatusCode::BAD_REQUEST, render(&page, Caching::NoStore)?).into_response());
    };
    let codes = outcry_seal::recovery_codes().map_err(AppError::internal)?;
    let hashes: Vec<Vec<u8>> = codes.iter().map(|c| key.code_hash(c)).collect();
    let step = i64::try_from(step).unwrap_or(i64::MAX);
    if !state
        .store
        .confirm_totp(who.account.id, step, &hashes, &who.actor())
        .await?
    {
        return Err(AppError::LinkGone);
    }
    let urls = AdminUrls::new(visit.locale);
    let page = RecoveryCodesPage {
        chrome: AdminChrome::new(
            visit.locale,
            "admin-recovery-title",
            &urls.two_factor(),
            Some(&who),
            token.token,
        ),
        codes,
    };
    let body = render(&page, Caching::NoStore)?;
    // Enrolling was what this session lacked: it now gets a new id and every right.
    if who.stage == SessionStage::Enrol {
        let id = super::login::rotate(&state, &who, SessionStage::Full).await?;
        state.store.record_login(who.account.id, now).await?;
        return Ok((
            [(header::SET_COOKIE, session::set_cookie(&state, id.text())?)],
            body,
        )
            .into_response());
    }
    Ok((token.cookie, body).into_response())
}

/// The account's pending secret, made and stored (encrypted) when there is none.
async fn pending_secret(
    state: &AppState,
    key: &AdminKey,
    who: &Organizer,
) -> Result<TotpSecret, AppError> {
    if let Some(sealed) = &who.account.totp_pending {
        return Ok(TotpSecret::from_bytes(key.open_secret(sealed)?));
    }
    let secret = TotpSecret::generate()?;
    let sealed = key.seal_secret(secret.as_bytes())?;
    state
        .store
        .set_pending_totp(who.account.id, Some(&sealed))
        .await?;
    Ok(secret)
}

fn page(
    visit: Visit,
    who: &Organizer,
    secret: &TotpSecret,
    error: Option<String>,
    csrf: String,
) -> Result<TwoFactorPage, AppError> {
    let url = secret
        .otpauth_url(&who.account.email, ISSUER)
        .map_err(AppError::internal)?;
    let qr = qrcode::QrCode::new(url.as_bytes()).map_err(AppError::internal)?;
    let qr_svg = qr
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    let base32 = secret.base32();
    let grouped: Vec<String> = base32
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    Ok(TwoFactorPage {
        chrome: AdminChrome::new(
            visit.locale,
            "admin-two-factor-title",
            &AdminUrls::new(visit.locale).two_factor(),
            Some(who),
            csrf,
        ),
        qr_svg: strip_xml_declaration(&qr_svg),
        secret: grouped.join(" "),
        error,
        replacing: who.account.has_second_factor(),
    })
}

/// The SVG as an element inside HTML: without the `<?xml …?>` line a file would start with.
fn strip_xml_declaration(svg: &str) -> String {
    match svg.find("<svg") {
        Some(at) => svg[at..].to_string(),
        None => svg.to_string(),
    }
}
