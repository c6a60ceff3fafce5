//! `GET /api/v1/places/{id}`: one place as a GeoJSON Feature.

use aiguillage_import::write::feature;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::Json;
use serde_json::Value;

use crate::{ApiError, AppState};

pub(crate) async fn get(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::invalid_parameter(format!("id: {e}")))?;
    match state.store.get(&id).await? {
        Some(stored) => Ok(Json(feature(&stored.place))),
        None => Err(ApiError::not_found(format!("no place with id « {id} »"))),
    }
}
