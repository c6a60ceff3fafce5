//! Public suggestions (`POST`, no account) and their moderation (coordinators, admins).

use aiguillage_contrib::{
    accept as accept_suggestion, moderation_queue, reject as reject_suggestion, suggest,
};
use aiguillage_store::Suggestion as StoredSuggestion;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::auth::{suggestion_refused, Author, ClientAddress};
use crate::extract::{ApiJson, ApiPath};
use crate::openapi::responses;
use crate::routes::places::write::answer;
use crate::{ApiError, AppState, ErrorCode};

/// A proposal from the public.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewSuggestion {
    /// The proposed values: standard fields (for a new place, at least `nom`, `adresse`,
    /// `code_postal`, `commune`; `id`, `pivot` and `date_maj` are filled in when absent).
    #[serde(default)]
    #[schema(value_type = Object)]
    changes: Map<String, Value>,
    /// What is wrong, or anything the moderators should know (at most 2,000 characters).
    #[serde(default)]
    #[schema(max_length = 2000)]
    commentaire: String,
    /// An e-mail address to answer, if the person wants an answer.
    #[serde(default)]
    courriel: Option<String>,
}

/// A suggestion recorded, waiting for moderation.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Received {
    /// Its number.
    id: i64,
    /// `pending`.
    status: &'static str,
}

/// A suggestion as moderators see it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PendingSuggestion {
    /// Its number.
    id: i64,
    /// The place it is about; null for a new place.
    place_id: Option<String>,
    /// The proposed values.
    #[schema(value_type = Object)]
    changes: Value,
    /// The person's comment.
    commentaire: String,
    /// Their e-mail address, if given.
    courriel: Option<String>,
    /// When (RFC 3339, UTC).
    created_at: String,
}

impl From<StoredSuggestion> for PendingSuggestion {
    fn from(s: StoredSuggestion) -> Self {
        PendingSuggestion {
            id: s.id,
            place_id: s.place_id,
            changes: serde_json::from_str(&s.changes).unwrap_or(Value::Null),
            commentaire: s.commentaire,
            courriel: s.courriel,
            created_at: s.created_at,
        }
    }
}

/// Records a suggestion, unless the address sent too many.
pub(crate) async fn receive(
    state: &AppState,
    address: &str,
    place_id: Option<&str>,
    body: &NewSuggestion,
) -> Result<i64, ApiError> {
    if suggestion_refused(state, address).await? {
        return Err(ApiError::new(
            ErrorCode::TooManyRequests,
            "too many suggestions from this address: retry in an hour",
        ));
    }
    Ok(suggest(
        &state.store,
        place_id,
        &body.changes,
        &body.commentaire,
        body.courriel.as_deref(),
    )
    .await?)
}

fn received(id: Result<i64, ApiError>) -> Response {
    match id {
        Ok(id) => (
            StatusCode::ACCEPTED,
            Json(Received {
                id,
                status: "pending",
            }),
        )
            .into_response(),
        Err(e) if e.code == ErrorCode::TooManyRequests => e.retry_after(3600).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Suggest a change of a place
///
/// Anyone may point out an error or propose values; the values are checked as an edit would
/// be, and the place's coordinators decide. Limited per address.
#[utoipa::path(
    post,
    path = "/api/v1/places/{id}/suggestions",
    operation_id = "suggest_change",
    tag = "editing",
    params(("id" = String, Path, description = "The place's `id`.", example = "demo-brest-001")),
    request_body(content = NewSuggestion),
    responses(
        (status = 202, description = "Recorded, waiting for moderation.", body = Received),
        responses::InvalidParameter,
        responses::PayloadTooLarge,
        responses::UnsupportedMediaType,
        responses::NotFound,
        responses::InvalidValues,
        responses::TooManyRequests,
        responses::Internal,
        responses::ReadOnly,
    )
)]
pub(crate) async fn for_place(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<NewSuggestion>,
) -> Response {
    received(receive(&state, &address, Some(&id), &body).await)
}

/// Suggest a new place
///
/// Anyone may propose a place; the coordinators of its territory decide.
#[utoipa::path(
    post,
    path = "/api/v1/suggestions",
    operation_id = "suggest_place",
    tag = "editing",
    request_body(content = NewSuggestion),
    responses(
        (status = 202, description = "Recorded, waiting for moderation.", body = Received),
        responses::InvalidParameter,
        responses::PayloadTooLarge,
        responses::UnsupportedMediaType,
        responses::InvalidValues,
        responses::TooManyRequests,
        responses::Internal,
        responses::ReadOnly,
    )
)]
pub(crate) async fn new_place(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(body): ApiJson<NewSuggestion>,
) -> Response {
    received(receive(&state, &address, None, &body).await)
}

/// Suggestions to moderate
///
/// The pending suggestions about the caller's territories (every one for an admin), oldest
/// first.
#[utoipa::path(
    get,
    path = "/api/v1/suggestions",
    operation_id = "list_suggestions",
    tag = "editing",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The pending suggestions.", body = Vec<PendingSuggestion>),
        responses::Unauthorized,
        responses::Forbidden,
        responses::Internal,
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    Author(who): Author,
) -> Result<Json<Vec<PendingSuggestion>>, ApiError> {
    let queue = moderation_queue(&state.store, &who).await?;
    Ok(Json(queue.into_iter().map(PendingSuggestion::from).collect()))
}

/// A moderator's acceptance, optionally with corrected values.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Acceptance {
    /// Values to use instead of (or besides) the proposed ones.
    #[serde(default)]
    #[schema(value_type = Object)]
    corrections: Option<Map<String, Value>>,
}

/// Accept a suggestion
///
/// Applies the proposed values (with the moderator's corrections) through the edit path:
/// validated, scoped, in the place's history as a suggestion.
#[utoipa::path(
    post,
    path = "/api/v1/suggestions/{n}/accept",
    operation_id = "accept_suggestion",
    tag = "editing",
    params(("n" = i64, Path, description = "The suggestion's number.", example = 1)),
    request_body(content = Acceptance, description = "Optional corrections."),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Applied: the place as it now is.", body = crate::openapi::geojson::Place),
        responses::InvalidParameter,
        responses::Unauthorized,
        responses::Forbidden,
        responses::NotFound,
        responses::Conflict,
        responses::InvalidValues,
        responses::Internal,
        responses::ReadOnly,
    )
)]
pub(crate) async fn accept(
    State(state): State<AppState>,
    Author(who): Author,
    ApiPath(n): ApiPath<i64>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let acceptance: Acceptance = if body.iter().all(u8::is_ascii_whitespace) {
        Acceptance::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::invalid_parameter(format!("body: {e}")))?
    };
    let written = accept_suggestion(&state.store, &who, n, acceptance.corrections.as_ref()).await?;
    answer(&state, written, StatusCode::OK).await
}

/// A rejection.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Rejection {
    /// Why (kept with the suggestion).
    motif: String,
}

/// Reject a suggestion
#[utoipa::path(
    post,
    path = "/api/v1/suggestions/{n}/reject",
    operation_id = "reject_suggestion",
    tag = "editing",
    params(("n" = i64, Path, description = "The suggestion's number.", example = 1)),
    request_body(content = Rejection),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Rejected."),
        responses::InvalidParameter,
        responses::PayloadTooLarge,
        responses::UnsupportedMediaType,
        responses::Unauthorized,
        responses::Forbidden,
        responses::NotFound,
        responses::Conflict,
        responses::InvalidValues,
        responses::Internal,
        responses::ReadOnly,
    )
)]
pub(crate) async fn reject(
    State(state): State<AppState>,
    Author(who): Author,
    ApiPath(n): ApiPath<i64>,
    ApiJson(body): ApiJson<Rejection>,
) -> Result<StatusCode, ApiError> {
    reject_suggestion(&state.store, &who, n, &body.motif).await?;
    Ok(StatusCode::NO_CONTENT)
}
