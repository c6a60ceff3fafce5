//! `GET /lieux/{id}` and `GET /lieux/{id}/fiche`.

use aiguillage_model::{time_zone, Place};
use aiguillage_web::french::{describe_hours, status_text};
use aiguillage_web::pages::{fiche, place};
use aiguillage_web::paths;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Extension;
use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;

use aiguillage_store::StoredPlace;

use super::contrib::{feed, notices};
use super::page;
use crate::auth::Visitor;
use crate::extract::PagePath;
use crate::page_error::PageError;
use crate::serve::LocalAddr;
use crate::site;
use crate::AppState;

/// The place page.
pub(super) async fn show(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    PagePath(id): PagePath<String>,
) -> Result<Response, PageError> {
    let stored = stored(&state, &id).await?;
    let place = &stored.place;
    let now = Utc::now();
    let (tz, today) = zone(place);
    let approximate = match state.store.approximate_position(&place.id).await {
        Ok(position) => position,
        Err(e) => {
            // The page is still worth showing without the note.
            tracing::error!("reading the position of {id}: {e}");
            None
        }
    };
    let history = aiguillage_contrib::history(&state.store, &place.id)
        .await
        .map_err(PageError::internal)?
        .iter()
        .rev()
        .map(|item| feed::change(&item.entry, &item.changes))
        .collect();
    let editing = place::Editing {
        notices: notices(&state, &stored).await?,
        history,
        can_edit: visitor.is_some_and(|v| v.contributor.may_write(place)),
    };
    let html = place::render(&place::PlaceView {
        place,
        status: place.status_at(now).map(|s| status_text(s, now, tz)),
        hours: place.horaires.as_ref().and_then(|h| describe_hours(h, tz, today)),
        today,
        map: &state.web.map,
        approximate: approximate.as_ref(),
        editing: Some(editing),
    });
    Ok(page(&state, StatusCode::OK, html))
}

/// The fiche d'orientation.
pub(super) async fn fiche(
    State(state): State<AppState>,
    PagePath(id): PagePath<String>,
    headers: HeaderMap,
    local: Option<Extension<LocalAddr>>,
) -> Result<Response, PageError> {
    let stored = stored(&state, &id).await?;
    let place = &stored.place;
    let (tz, today) = zone(place);
    let path = paths::place_page(&place.id);
    let page_url = match &state.web.public_url {
        Some(base) => base.join(&path).map_or(path.clone(), String::from),
        // Without a configured public URL, the address the browser used, if it is this
        // server's.
        None => match site::authority(&headers, local.map(|Extension(l)| l)) {
            Some(host) => format!("http://{host}{path}"),
            None => path.clone(),
        },
    };
    let notices = notices(&state, &stored).await?;
    let html = fiche::render(&fiche::FicheView {
        place,
        hours: place.horaires.as_ref().and_then(|h| describe_hours(h, tz, today)),
        page_url: &page_url,
        today,
        notices: Some(notices),
    });
    Ok(page(&state, StatusCode::OK, html))
}

/// The stored place, or the French error page.
async fn stored(state: &AppState, id: &str) -> Result<StoredPlace, PageError> {
    match state.store.get(id).await {
        Ok(Some(stored)) => Ok(stored),
        Ok(None) => Err(PageError::not_found(
            "Lieu introuvable",
            "Ce lieu n'existe pas ou n'est plus recensé.",
        )),
        Err(e) => Err(PageError::internal(format_args!("reading place {id}: {e}"))),
    }
}

/// The place's time zone and today's date there.
fn zone(place: &Place) -> (Tz, NaiveDate) {
    let tz = time_zone(place.code_insee.as_deref(), &place.code_postal);
    (tz, Utc::now().with_timezone(&tz).date_naive())
}
