//! Writes of places: `POST /api/v1/places`, `PATCH /api/v1/places/{id}`, and the actions
//! `close`, `reopen`, `confirm`, `revert`. Each goes through [`aiguillage_contrib`] (scope,
//! validation, revision, history), then the place is swapped into the index at once.

use aiguillage_contrib::{close as close_place, confirm as confirm_place, Written};
use aiguillage_export::feature;
use aiguillage_store::ChangeSource;
use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::revision::{etag, if_match, optional, required, single_revision};
use crate::auth::Author;
use crate::extract::{ApiJson, ApiPath};
use crate::openapi::{bodies, geojson, responses};
use crate::{ApiError, AppState};

/// The answer to a write: the place as a GeoJSON Feature, with its new `ETag`.
pub(crate) async fn answer(
    state: &AppState,
    written: Written,
    status: StatusCode,
) -> Result<Response, ApiError> {
    if written.changed {
        state.refresh(&[written.place.id.as_str()]).await?;
    }
    Ok((status, [etag(written.revision)], Json(feature(&written.place))).into_response())
}

/// Create a place
///
/// Stores a new place (a standard JSON object) after validating it as an import would; the
/// place is served at once. The caller's scope must cover it (an editor cannot create
/// places: their places are named in their account).
#[utoipa::path(
    post,
    path = "/api/v1/places",
    operation_id = "create_place",
    tag = "editing",
    request_body(content = bodies::NewPlace, description = "The new place."),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Created; `Location` is its URL and `ETag` its revision.", body = geojson::Place,
            headers(("Location" = String, description = "The place's URL."), ("ETag" = String, description = "Its revision."))),
        responses::InvalidParameter,
        responses::Unauthorized,
        responses::Forbidden,
        responses::Conflict,
        responses::PayloadTooLarge,
        responses::UnsupportedMediaType,
        responses::InvalidValues,
        responses::Internal,
        responses::ReadOnly,
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    Author(who): Author,
    ApiJson(object): ApiJson<Map<String, Value>>,
) -> Result<Response, ApiError> {
    let written = aiguillage_contrib::create(&state.store, &who, &object, ChangeSource::Edit).await?;
    let location = aiguillage_web::paths::place_data(&written.place.id);
    let mut response = answer(&state, written, StatusCode::CREATED).await?;
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(LOCATION, value);
    }
    Ok(response)
}

/// Change a place
///
/// Applies a JSON merge patch of standard fields. `If-Match` must carry the place's `ETag`
/// as read: a place changed meanwhile answers `412` and nothing is written.
#[utoipa::path(
    patch,
    path = "/api/v1/places/{id}",
    operation_id = "patch_place",
    tag = "editing",
    params(
        ("id" = String, Path, description = "The place's `id`.", example = "demo-brest-001"),
        ("If-Match" = String, Header, description = "The place's `ETag` as read, e.g. `\"3\"`.", example = "\"1\""),
    ),
    request_body(content = bodies::PlacePatch, content_type = "application/json", description = "The fields to change."),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Changed (or already so); `ETag` is its revision.", body = geojson::Place,
            headers(("ETag" = String, description = "Its revision."))),
        responses::InvalidParameter,
        responses::Unauthorized,
        responses::Forbidden,
        responses::NotFound,
        responses::PreconditionFailed,
        responses::PayloadTooLarge,
        responses::UnsupportedMediaType,
        responses::InvalidValues,
        responses::PreconditionRequired,
        responses::Internal,
        responses::ReadOnly,
    )
)]
pub(crate) async fn patch(
    State(state): State<AppState>,
    Author(who): Author,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    // What the body is can be said before whether the place changed: a malformed change is
    // refused for itself, whatever the revision it names. `contrib::patch` validates before the
    // store checks the revision, so one named revision goes to it as is; without one (no
    // `If-Match`, `*`, a list), the values are checked here before the precondition is.
    let ApiJson(patch) = json_body(&headers, &body)?;
    let expected = match single_revision(&headers) {
        Some(revision) => revision,
        None => {
            aiguillage_contrib::check_patch(&state.store, &id, &patch).await?;
            required(&state.store, &id, &headers).await?
        }
    };
    let written = aiguillage_contrib::patch(
        &state.store,
        &who,
        &id,
        expected,
        &patch,
        (ChangeSource::Edit, None),
    )
    .await?;
    answer(&state, written, StatusCode::OK).await
}

/// The body of a PATCH: `application/merge-patch+json` is accepted as well as
/// `application/json`.
fn json_body(headers: &HeaderMap, body: &[u8]) -> Result<ApiJson<Map<String, Value>>, ApiError> {
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let media = content_type.split(';').next().unwrap_or_default().trim();
    if !media.eq_ignore_ascii_case("application/json")
        && !media.eq_ignore_ascii_case("application/merge-patch+json")
    {
        return Err(ApiError::new(
            crate::ErrorCode::UnsupportedMediaType,
            "the request body must be JSON (Content-Type: application/json or application/merge-patch+json)",
        ));
    }
    serde_json::from_slice(body).map(ApiJson).map_err(|e| {
        ApiError::invalid_parameter(format!("body: expected a JSON object of standard fields ({e})"))
    })
}

/// The revision `If-Match` asks for, when it is given.
async fn when_given(state: &AppState, id: &str, headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    match if_match(headers) {
        Some(expected) => Ok(Some(optional(&state.store, id, Some(expected)).await?)),
        None => Ok(None),
    }
}

/// A closure.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CloseBody {
    /// The day it closed (YYYY-MM-DD), today or before.
    #[schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", example = "2026-01-31")]
    date: String,
    /// Why it closed.
    #[serde(default)]
    motif: String,
}

/// Close a place
///
/// The place leaves proximity queries, lists, the map, coverage and exports; its page says it
/// closed, and its history keeps everything. `If-Match` is optional. Reopen it with `reopen`.
#[utoipa::path(
    post,
    path = "/api/v1/places/{id}/close",
    operation_id = "close_place",
    tag = "editing",
    params(("id" = String, Path, description = "The place's `id`.", example = "demo-brest-001")),
    request_body(content = CloseBody),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Closed; `ETag` is its revision.", body = geojson::Place),
        responses::InvalidParameter,
        responses::PayloadTooLarge,
        responses::UnsupportedMediaType,
        responses::Unauthorized,
        responses::Forbidden,
        responses::NotFound,
        responses::PreconditionFailed,
        responses::InvalidValues,
        responses::Internal,
        responses::ReadOnly,
    )
)]
pub(crate) async fn close(
    State(state): State<AppState>,
    Author(who): Author,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CloseBody>,
) -> Result<Response, ApiError> {
    let expected = when_given(&state, &id, &headers).await?;
    let written = close_place(&state.store, &who, &id, &body.date, &body.motif, expected).await?;
    answer(&state, written, StatusCode::OK).await
}

/// Reopen a place
///
/// A closed place is served again (an edit in its history).
#[utoipa::path(
    post,
    path = "/api/v1/places/{id}/reopen",
    operation_id = "reopen_place",
    tag = "editing",
    params(("id" = String, Path, description = "The place's `id`.", example = "demo-brest-001")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Open; `ETag` is its revision.", body = geojson::Place),
        responses::InvalidParameter,
        responses::Unauthorized,
        responses::Forbidden,
        responses::NotFound,
        responses::PreconditionFailed,
        responses::Internal,
        responses::ReadOnly,
    )
)]
pub(crate) async fn reopen(
    State(state): State<AppState>,
    Author(who): Author,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let expected = when_given(&state, &id, &headers).await?;
    let written = aiguillage_contrib::reopen(&state.store, &who, &id, expected).await?;
    answer(&state, written, StatusCode::OK).await
}

/// Confirm a place
///
/// « Ces informations sont toujours exactes »: `date_maj` becomes today, with a history entry.
#[utoipa::path(
    post,
    path = "/api/v1/places/{id}/confirm",
    operation_id = "confirm_place",
    tag = "editing",
    params(("id" = String, Path, description = "The place's `id`.", example = "demo-brest-001")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Confirmed; `ETag` is its revision.", body = geojson::Place),
        responses::InvalidParameter,
        responses::Unauthorized,
        responses::Forbidden,
        responses::NotFound,
        responses::PreconditionFailed,
        responses::Internal,
        responses::ReadOnly,
    )
)]
pub(crate) async fn confirm(
    State(state): State<AppState>,
    Author(who): Author,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let expected = optional(&state.store, &id, if_match(&headers)).await?;
    let written = confirm_place(&state.store, &who, &id, expected).await?;
    answer(&state, written, StatusCode::OK).await
}

/// A return to a version of the history.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RevertBody {
    /// The `id` of the history entry whose values to restore.
    #[schema(minimum = 1)]
    version: i64,
}

/// Revert a place
///
/// Restores the values of an entry of the place's history, as a new revision (admins and
/// the place's coordinators).
#[utoipa::path(
    post,
    path = "/api/v1/places/{id}/revert",
    operation_id = "revert_place",
    tag = "editing",
    params(("id" = String, Path, description = "The place's `id`.", example = "demo-brest-001")),
    request_body(content = RevertBody),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Restored; `ETag` is its revision.", body = geojson::Place),
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
pub(crate) async fn revert(
    State(state): State<AppState>,
    Author(who): Author,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<RevertBody>,
) -> Result<Response, ApiError> {
    let written = aiguillage_contrib::revert(&state.store, &who, &id, body.version).await?;
    answer(&state, written, StatusCode::OK).await
}
