//! `GET /api/v1/places/{id}`: one place as a GeoJSON Feature.

use aiguillage_export::feature;
use aiguillage_model::echo;
use axum::extract::State;
use axum::Json;
use serde_json::Value;

use crate::extract::ApiPath;
use crate::openapi::{geojson, responses};
use crate::{ApiError, AppState};

/// One place
///
/// The place as a GeoJSON Feature, in the same form as the features of the list but without
/// the opening status. A place without coordinates has a null geometry.
#[utoipa::path(
    get,
    path = "/api/v1/places/{id}",
    operation_id = "get_place",
    tag = "places",
    params(("id" = String, Path, description = "The place's `id` (percent-decoded).", example = "demo-brest-001")),
    responses(
        (status = 200, description = "The place, as a GeoJSON Feature.", body = geojson::Place),
        responses::InvalidParameter,
        responses::NotFound,
        responses::Internal,
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    match state.store.get(&id).await? {
        Some(stored) => Ok(Json(feature(&stored.place))),
        None => Err(ApiError::not_found(format!("no place with id « {} »", echo(&id)))),
    }
}
