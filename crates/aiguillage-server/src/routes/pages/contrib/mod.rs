//! The pages of contributive editing: signing in and out, the dashboard (`/espace`), the
//! edit form and its actions, the public's suggestion forms, moderation, and the Atom feed
//! of a territory's changes.
//!
//! Every write goes through [`aiguillage_contrib`], as the API's do. Forms are
//! `application/x-www-form-urlencoded`; each carries a CSRF token: the session's for a
//! signed-in person, a cookie repeated in the form (double submit) for a signed-out one.

mod dashboard;
mod edit;
pub(super) mod feed;
mod form;
mod password;
mod session;
mod suggest;

use aiguillage_store::StoredPlace;
use aiguillage_web::pages::contrib::notices::{Closure, Exception, Notices};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;

use crate::page_error::PageError;
use crate::AppState;

/// The routes of editing pages.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/connexion", get(session::form).post(session::sign_in))
        .route("/deconnexion", post(session::sign_out))
        .route("/espace", get(dashboard::show))
        .route("/espace/mot-de-passe", get(password::form).post(password::change))
        .route("/espace/suggestions/{n}/accepter", post(dashboard::accept))
        .route("/espace/suggestions/{n}/refuser", post(dashboard::refuse))
        .route("/lieux/nouveau", get(edit::new_form).post(edit::create))
        .route("/lieux/{id}/modifier", get(edit::form).post(edit::save))
        .route("/lieux/{id}/confirmer", post(edit::confirm))
        .route("/lieux/{id}/fermer", post(edit::close))
        .route("/lieux/{id}/rouvrir", post(edit::reopen))
        .route("/lieux/{id}/exceptions", post(edit::add_exception))
        .route(
            "/lieux/{id}/exceptions/{n}/supprimer",
            post(edit::delete_exception),
        )
        .route("/lieux/proposer", get(suggest::new_form).post(suggest::new_place))
        .route("/lieux/{id}/signaler", get(suggest::form).post(suggest::report))
        .route("/territoires/{code}/modifications.atom", get(feed::get))
}

/// The place's closure and current exceptions, as its page and fiche say them.
pub(super) async fn notices(state: &AppState, stored: &StoredPlace) -> Result<Notices, PageError> {
    let exceptions = state
        .store
        .exceptions(&stored.place.id, &aiguillage_contrib::today().to_string())
        .await
        .map_err(PageError::internal)?;
    Ok(Notices {
        closed: stored.closure.as_ref().map(|c| Closure {
            date: c.on.parse().unwrap_or(NaiveDate::MIN),
            motif: Some(c.reason.clone()).filter(|m| !m.is_empty()),
        }),
        exceptions: exceptions
            .into_iter()
            .map(|e| Exception {
                id: u64::try_from(e.id).unwrap_or_default(),
                du: e.du.parse().unwrap_or(NaiveDate::MIN),
                au: e.au.parse().unwrap_or(NaiveDate::MIN),
                horaires: e.horaires,
                motif: Some(e.motif).filter(|m| !m.is_empty()),
            })
            .collect(),
    })
}
