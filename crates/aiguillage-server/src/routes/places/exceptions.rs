//! `/api/v1/places/{id}/exceptions`: temporary closures and exceptional hours.

use aiguillage_contrib::ContribError;
use aiguillage_contrib::{add_exception, delete_exception, today, ExceptionRequest};
use aiguillage_store::StoredException;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Author;
use crate::extract::{ApiJson, ApiPath};
use crate::openapi::responses;
use crate::{ApiError, AppState};

/// A temporary closure or exceptional hours, as stored.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Exception {
    /// Its number (to delete it).
    id: i64,
    /// First day (YYYY-MM-DD).
    du: String,
    /// Last day, included.
    au: String,
    /// The hours on those days (time spans), null when closed.
    horaires: Option<String>,
    /// Closed on those days.
    ferme: bool,
    /// Why.
    motif: String,
}

impl From<StoredException> for Exception {
    fn from(e: StoredException) -> Self {
        Exception {
            id: e.id,
            ferme: e.horaires.is_none(),
            du: e.du,
            au: e.au,
            horaires: e.horaires,
            motif: e.motif,
        }
    }
}

/// A new exception: `du` to `au`, and either `horaires` or `ferme: true`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewException {
    /// First day (YYYY-MM-DD).
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", example = "2026-12-24")]
    du: String,
    /// Last day (YYYY-MM-DD), included; not in the past, at most 366 days after `du`.
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", example = "2027-01-02")]
    au: String,
    /// The hours on those days, as OSM time spans: `09:00-12:00,14:00-16:30`.
    #[serde(default)]
    #[schema(
        pattern = r"^ *[0-9]{2}:[0-9]{2} *- *[0-9]{2}:[0-9]{2} *(, *[0-9]{2}:[0-9]{2} *- *[0-9]{2}:[0-9]{2} *)*$"
    )]
    horaires: Option<String>,
    /// `true`: closed on those days.
    #[serde(default)]
    ferme: Option<bool>,
    /// Why (at most 200 characters), shown to the public: « congés », « travaux ».
    #[serde(default)]
    #[schema(max_length = 200)]
    motif: Option<String>,
}

/// Exceptions of a place
///
/// The place's temporary closures and exceptional hours that are not over, by first day.
#[utoipa::path(
    get,
    path = "/api/v1/places/{id}/exceptions",
    operation_id = "list_exceptions",
    tag = "editing",
    params(("id" = String, Path, description = "The place's `id`.", example = "demo-brest-001")),
    responses(
        (status = 200, description = "The exceptions.", body = Vec<Exception>),
        responses::InvalidParameter,
        responses::NotFound,
        responses::Internal,
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Vec<Exception>>, ApiError> {
    if state.store.get(&id).await?.is_none() {
        return Err(ContribError::no_place(&id).into());
    }
    let exceptions = state.store.exceptions(&id, &today().to_string()).await?;
    Ok(Json(exceptions.into_iter().map(Exception::from).collect()))
}

/// Add an exception
///
/// A temporary closure (`ferme: true`) or exceptional hours (`horaires`) from `du` to `au`:
/// they change `open_now`, `open_at` and `next_change` on those days, show on the place's page
/// and fiche, and expire by themselves.
#[utoipa::path(
    post,
    path = "/api/v1/places/{id}/exceptions",
    operation_id = "add_exception",
    tag = "editing",
    params(("id" = String, Path, description = "The place's `id`.", example = "demo-brest-001")),
    request_body(content = NewException),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Added.", body = Exception),
        responses::InvalidParameter,
        responses::PayloadTooLarge,
        responses::UnsupportedMediaType,
        responses::Unauthorized,
        responses::Forbidden,
        responses::NotFound,
        responses::InvalidValues,
        responses::Internal,
        responses::ReadOnly,
    )
)]
pub(crate) async fn add(
    State(state): State<AppState>,
    Author(who): Author,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<NewException>,
) -> Result<Response, ApiError> {
    let request = ExceptionRequest {
        du: body.du,
        au: body.au,
        horaires: body.horaires,
        ferme: body.ferme,
        motif: body.motif,
    };
    let added = add_exception(&state.store, &who, &id, &request).await?;
    state.refresh(&[id.as_str()]).await?;
    Ok((StatusCode::CREATED, Json(Exception::from(added))).into_response())
}

/// Delete an exception
#[utoipa::path(
    delete,
    path = "/api/v1/places/{id}/exceptions/{n}",
    operation_id = "delete_exception",
    tag = "editing",
    params(
        ("id" = String, Path, description = "The place's `id`.", example = "demo-brest-001"),
        ("n" = i64, Path, description = "The exception's number.", example = 1),
    ),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Deleted."),
        responses::InvalidParameter,
        responses::Unauthorized,
        responses::Forbidden,
        responses::NotFound,
        responses::Internal,
        responses::ReadOnly,
    )
)]
pub(crate) async fn delete(
    State(state): State<AppState>,
    Author(who): Author,
    ApiPath((id, n)): ApiPath<(String, i64)>,
) -> Result<StatusCode, ApiError> {
    delete_exception(&state.store, &who, &id, n).await?;
    state.refresh(&[id.as_str()]).await?;
    Ok(StatusCode::NO_CONTENT)
}
