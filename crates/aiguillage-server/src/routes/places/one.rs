//! `GET /api/v1/places/{id}`: one place as a GeoJSON Feature.

use aiguillage_contrib::ContribError;
use aiguillage_export::feature;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::revision::etag;

use crate::extract::ApiPath;
use crate::openapi::{geojson, responses};
use crate::{ApiError, AppState};

/// One place
///
/// The place as a GeoJSON Feature, in the same form as the features of the list but without
/// the opening status. A place without coordinates has a null geometry. Its `ETag` is its
/// revision, for `If-Match` on a change. A closed place is still answered, with a `fermeture`
/// member (`date`, `motif`) beside `properties`.
#[utoipa::path(
    get,
    path = "/api/v1/places/{id}",
    operation_id = "get_place",
    tag = "places",
    params(("id" = String, Path, description = "The place's `id` (percent-decoded).", example = "demo-brest-001")),
    responses(
        (status = 200, description = "The place, as a GeoJSON Feature.", body = geojson::Place,
            headers(("ETag" = String, description = "The place's revision."))),
        responses::InvalidParameter,
        responses::NotFound,
        responses::Internal,
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let Some(stored) = state.store.get(&id).await? else {
        return Err(ContribError::no_place(&id).into());
    };
    let mut body = feature(&stored.place);
    if let (Some(closure), Value::Object(object)) = (&stored.closure, &mut body) {
        object.insert(
            "fermeture".into(),
            json!({"date": closure.on, "motif": closure.reason}),
        );
    }
    Ok(([etag(stored.revision)], Json(body)).into_response())
}
