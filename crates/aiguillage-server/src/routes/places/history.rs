//! `GET /api/v1/places/{id}/history`: every change of a place.

use aiguillage_contrib::{history, FieldChange};
use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::extract::ApiPath;
use crate::openapi::responses;
use crate::{ApiError, AppState};

/// One change of a place.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct HistoryEntry {
    /// Its number: `revert` restores the values of an entry by it.
    id: i64,
    /// The place's revision after it.
    revision: i64,
    /// When (RFC 3339, UTC).
    at: String,
    /// Who, as shown publicly: the file of an import, or the contributor's e-mail with its
    /// local part masked.
    author: String,
    /// What made it: import, edit, suggestion, revert, close, confirm or exception.
    source: String,
    /// Why, when said.
    motif: Option<String>,
    /// The fields it changed (`fermeture` for a closure), before and after.
    #[schema(value_type = Vec<ChangedField>)]
    changes: Vec<FieldChange>,
}

/// A field changed.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ChangedField {
    /// The standard field, or `fermeture`.
    field: String,
    /// Before (null when blank).
    before: Option<String>,
    /// After (null when blank).
    after: Option<String>,
}

/// History of a place
///
/// Every change of the place, oldest first: imports, edits, accepted suggestions, reverts,
/// closures, confirmations and exceptions, each with the fields it changed.
#[utoipa::path(
    get,
    path = "/api/v1/places/{id}/history",
    operation_id = "place_history",
    tag = "editing",
    params(("id" = String, Path, description = "The place's `id`.", example = "demo-brest-001")),
    responses(
        (status = 200, description = "The changes, oldest first.", body = Vec<HistoryEntry>),
        responses::InvalidParameter,
        responses::NotFound,
        responses::Internal,
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Vec<HistoryEntry>>, ApiError> {
    let items = history(&state.store, &id).await?;
    if items.is_empty() && state.store.get(&id).await?.is_none() {
        return Err(aiguillage_contrib::ContribError::no_place(&id).into());
    }
    Ok(Json(
        items
            .into_iter()
            .map(|item| HistoryEntry {
                id: item.entry.id,
                revision: item.entry.revision,
                at: item.entry.at,
                author: aiguillage_contrib::public_author(&item.entry.author),
                source: item.entry.source.as_str().to_owned(),
                motif: item.entry.motif,
                changes: item.changes,
            })
            .collect(),
    ))
}
