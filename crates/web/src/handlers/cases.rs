//! The case page: who the person is, what happened, where to write, how to help.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use outcry_domain::ActionStatus;
use outcry_i18n::{Arg, format_date};

use crate::error::WebError;
use crate::locale::PathLocale;
use crate::pages::{AddressView, CasePage, Chrome, EventView, render};
use crate::present::{self, text};
use crate::state::AppState;

pub async fn show(
    State(state): State<AppState>,
    PathLocale(locale): PathLocale,
    Path((_, raw)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let slug = super::slug(locale, &raw)?;
    let bundle = state
        .store
        .export_case(&slug)
        .await
        .map_err(|e| WebError::from_storage(locale, e))?;
    let totals = state
        .store
        .action_totals_for_case(&slug)
        .await
        .map_err(|e| WebError::from_storage(locale, e))?;
    let now = state.clock.now();
    let case = &bundle.case;
    let name = text(locale, &case.name).0;

    let events = case
        .timeline_sorted()
        .into_iter()
        .map(|e| EventView {
            date: format_date(locale, e.date),
            iso_date: e.date.to_string(),
            kind: locale.t(&format!("event-{}", e.kind.as_str())),
            text: text(locale, &e.text).0,
        })
        .collect();
    let address = case.current_address().map(|a| AddressView {
        lines: a.lines().map(String::from).collect(),
        note: a.verified_on.map(|d| {
            locale.t_args(
                "case-address-verified",
                &[("date", Arg::Str(&format_date(locale, d)))],
            )
        }),
    });
    let previous_addresses = case
        .addresses
        .iter()
        .filter_map(|a| {
            let until = a.superseded_on?;
            Some(AddressView {
                lines: a.lines().map(String::from).collect(),
                note: Some(locale.t_args(
                    "case-address-previous",
                    &[("date", Arg::Str(&format_date(locale, until)))],
                )),
            })
        })
        .collect();
    let address_warning = (case.address_may_be_stale() && case.current_address().is_some())
        .then(|| locale.t_args("case-address-stale", &[("name", Arg::Str(&name))]));
    let actions = bundle
        .actions
        .iter()
        .filter(|a| a.status != ActionStatus::Draft)
        .map(|a| {
            present::action_card(
                locale,
                &case.name,
                a,
                totals.get(&a.slug).copied().unwrap_or(0),
                now,
            )
        })
        .collect();

    let page = CasePage {
        chrome: Chrome::new(
            locale,
            name.clone(),
            &format!("/c/{slug}"),
            state.config.demo_notice,
        ),
        status: locale.t(&format!("case-status-{}", case.status.as_str())),
        born: case
            .birth_year
            .map(|y| locale.t_args("case-born", &[("year", Arg::Str(&y.to_string()))])),
        summary_html: crate::markdown::to_html(&text(locale, &case.summary).0),
        events,
        address,
        address_warning,
        previous_addresses,
        donations_html: crate::markdown::to_html(&text(locale, &case.donations).0),
        actions_heading: locale.t_args("case-actions", &[("name", Arg::Str(&name))]),
        actions,
        write: (
            format!("/{}/c/{slug}/write", locale.code()),
            locale.t_args(
                "write-title",
                &[(
                    "name",
                    Arg::Str(name.split_whitespace().next().unwrap_or(&name)),
                )],
            ),
        ),
        name,
    };
    Ok(render(StatusCode::OK, &page))
}
