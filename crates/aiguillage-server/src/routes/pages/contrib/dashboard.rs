//! `/espace`: a signed-in person's places (those to check first), and the suggestions they
//! moderate.

use aiguillage_accounts::{Grant, Role as AccountRole};
use aiguillage_contrib::{accept as accept_suggestion, moderation_queue, reject, today, ContribError};
use aiguillage_geo::Indexable;
use aiguillage_model::{Field, Place};
use aiguillage_store::Suggestion;
use aiguillage_territory::Admin;
use aiguillage_web::pages::contrib::dashboard::{self, DashboardView, PlaceRow, Role, SuggestionRow};
use aiguillage_web::pages::contrib::{FieldChange, PlaceLink};
use aiguillage_web::paths;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::form::FormData;
use super::session::redirect;
use crate::auth::{SignedIn, Visitor};
use crate::extract::PagePath;
use crate::page_error::PageError;
use crate::routes::pages::page;
use crate::AppState;

/// Most places listed at once: a région's coordinator narrows them with the search.
const MAX_ROWS: usize = 500;

#[derive(Debug, Deserialize)]
pub(super) struct Search {
    #[serde(default)]
    q: String,
}

/// Why a page for signed-in people is not shown: the person is signed out (the sign-in page,
/// which then comes back to the page's path), or must first replace a generated password.
pub(super) enum NotYet {
    SignIn(String),
    ChoosePassword,
}

impl From<NotYet> for Response {
    fn from(not_yet: NotYet) -> Response {
        match not_yet {
            NotYet::SignIn(path) => redirect(&format!(
                "{}?next={}",
                paths::LOGIN,
                aiguillage_model::encode_path_segment(&path)
            )),
            NotYet::ChoosePassword => redirect(paths::PASSWORD),
        }
    }
}

/// The signed-in person, or [`NotYet`]: a generated password serves one sign-in, after which
/// every page for signed-in people leads to choosing one.
pub(super) fn signed_in(visitor: Option<SignedIn>, path: &str) -> Result<SignedIn, NotYet> {
    let me = visitor.ok_or_else(|| NotYet::SignIn(path.to_owned()))?;
    if me.contributor.user.must_change_password {
        return Err(NotYet::ChoosePassword);
    }
    Ok(me)
}

/// Maps a refused write to its page.
pub(super) fn refused(e: ContribError) -> PageError {
    match e {
        ContribError::NotFound(_) => PageError::not_found(
            "Introuvable",
            "Ce lieu ou cette suggestion n'existe pas, ou plus.",
        ),
        ContribError::Forbidden(_) => {
            PageError::forbidden("Ce lieu n'est pas dans votre périmètre : vous ne pouvez pas le modifier.")
        }
        ContribError::Conflict(message) | ContribError::RateLimited(message) => {
            PageError::bad_request(message)
        }
        ContribError::Invalid(problems) => PageError::bad_request(
            problems
                .into_iter()
                .map(|p| format!("{} : {}", p.field, p.message))
                .collect::<Vec<_>>()
                .join(" ; "),
        ),
        other => PageError::internal(other),
    }
}

/// `GET /espace`.
pub(super) async fn show(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    Query(search): Query<Search>,
) -> Result<Response, Response> {
    let me = signed_in(visitor, paths::DASHBOARD)?;
    let who = &me.contributor;
    let q = search.q.trim().to_lowercase();
    let index = state.index.load_full();
    let admin = Admin::embedded();
    let mut places: Vec<PlaceRow> = index
        .places()
        .filter(|p| {
            let code = p.text(Field::CodeInsee);
            who.grant.covers_at(p.id(), code.as_deref(), p.position(), admin)
        })
        .filter_map(|p| {
            let row = PlaceRow {
                id: p.id().to_owned(),
                nom: p.text(Field::Nom).unwrap_or_default(),
                commune: p.text(Field::Commune).unwrap_or_default(),
                date_maj: p.text(Field::DateMaj).and_then(|d| d.parse::<NaiveDate>().ok())?,
            };
            let matches = q.is_empty()
                || [&row.nom, &row.commune, &row.id]
                    .iter()
                    .any(|t| t.to_lowercase().contains(&q));
            matches.then_some(row)
        })
        .collect();
    // Oldest information first: what needs checking comes before what is fresh.
    places.sort_by(|a, b| a.date_maj.cmp(&b.date_maj).then_with(|| a.nom.cmp(&b.nom)));
    places.truncate(MAX_ROWS);
    let role = match (&who.role, &who.grant) {
        (AccountRole::Admin, _) => Role::Admin,
        (AccountRole::Coordinator, Grant::Territories(areas)) => Role::Coordinator {
            territories: areas.iter().map(|a| a.territory.nom.clone()).collect(),
        },
        _ => Role::Editor {
            places: who.user.places.len(),
        },
    };
    let suggestions = if who.role.moderates() {
        let queue = moderation_queue(&state.store, who)
            .await
            .map_err(|e| refused(e).into_response())?;
        let mut rows = Vec::with_capacity(queue.len());
        for s in queue {
            rows.push(row(&state, s).await.map_err(|e| e.into_response())?);
        }
        Some(rows)
    } else {
        None
    };
    let html = dashboard::render(&DashboardView {
        csrf: me.csrf.clone(),
        email: who.user.email.clone(),
        role,
        q: search.q,
        places,
        today: today(),
        suggestions,
    });
    Ok(page(&state, StatusCode::OK, html))
}

/// A suggestion as the dashboard lists it: each proposed field beside its current value.
async fn row(state: &AppState, s: Suggestion) -> Result<SuggestionRow, PageError> {
    let current: Option<Place> = match &s.place_id {
        Some(id) => state
            .store
            .get(id)
            .await
            .map_err(PageError::internal)?
            .map(|p| p.place),
        None => None,
    };
    let proposed: Map<String, Value> = serde_json::from_str(&s.changes).unwrap_or_default();
    let changes = proposed
        .iter()
        .filter_map(|(key, value)| {
            let field = Field::from_name(key)?;
            let after = aiguillage_ingest_read::text_value(value)
                .ok()
                .flatten()
                .unwrap_or_default();
            let before = current
                .as_ref()
                .map(|p| p.standard_value(field).into_owned())
                .unwrap_or_default();
            Some(FieldChange { field, before, after })
        })
        .collect();
    Ok(SuggestionRow {
        id: u64::try_from(s.id).unwrap_or_default(),
        place: current.map(|p| PlaceLink { id: p.id, nom: p.nom }),
        changes,
        comment: s.commentaire,
        at: DateTime::parse_from_rfc3339(&s.created_at)
            .map_or_else(|_| Utc::now(), |d| d.with_timezone(&Utc)),
    })
}

/// `POST /espace/suggestions/{n}/accepter`.
pub(super) async fn accept(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    PagePath(n): PagePath<i64>,
    body: Bytes,
) -> Result<Response, Response> {
    let me = signed_in(visitor, paths::DASHBOARD)?;
    FormData::parse(&body)
        .check_session(&me)
        .map_err(|e| e.into_response())?;
    let written = accept_suggestion(&state.store, &me.contributor, n, None)
        .await
        .map_err(|e| refused(e).into_response())?;
    state
        .refresh(&[written.place.id.as_str()])
        .await
        .map_err(|e| PageError::internal(e).into_response())?;
    Ok(redirect(paths::DASHBOARD))
}

/// `POST /espace/suggestions/{n}/refuser`.
pub(super) async fn refuse(
    State(state): State<AppState>,
    Visitor(visitor): Visitor,
    PagePath(n): PagePath<i64>,
    body: Bytes,
) -> Result<Response, Response> {
    let me = signed_in(visitor, paths::DASHBOARD)?;
    let form = FormData::parse(&body);
    form.check_session(&me).map_err(|e| e.into_response())?;
    reject(&state.store, &me.contributor, n, form.get("motif"))
        .await
        .map_err(|e| refused(e).into_response())?;
    Ok(redirect(paths::DASHBOARD))
}
