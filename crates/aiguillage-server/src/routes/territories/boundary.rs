//! `GET /api/v1/territories/{code}/boundary.geojson`: the outline of a territory, for maps.

use aiguillage_report::outline;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::json;
use utoipa::openapi::path::{Parameter, ParameterIn};
use utoipa::IntoParams;

use super::code_parameter;
use crate::extract::ApiPath;
use crate::openapi::responses;
use crate::reports::api_error;
use crate::{ApiError, AppState};

/// Outline of a territory
///
/// The imported boundary of the territory as a GeoJSON Feature (a MultiPolygon in WGS84, with
/// `code`, `nom` and `level`); for an EPCI, a département or a région without a boundary of
/// its own, the boundaries of its member communes together. 404 when no boundary of it was
/// imported (`aiguillage territories import`).
#[utoipa::path(
    get,
    path = "/api/v1/territories/{code}/boundary.geojson",
    operation_id = "territory_boundary",
    tag = "territories",
    params(BoundaryParams),
    responses(
        (status = 200, description = "The outline, as a GeoJSON Feature.", content_type = "application/geo+json", body = Object),
        responses::NotFound,
        responses::Internal,
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    let (territory, geometry) = outline(&state.store, &code).await.map_err(api_error)?;
    let Some(geometry) = geometry else {
        return Err(ApiError::not_found(format!(
            "no boundary of {} ({}) was imported",
            territory.nom, territory.code
        )));
    };
    let feature = json!({
        "type": "Feature",
        "id": territory.code,
        "geometry": geojson::Geometry::from(&geometry),
        "properties": {"code": territory.code, "nom": territory.nom, "level": territory.level.as_str()},
    });
    Ok(([(CONTENT_TYPE, "application/geo+json")], Json(feature)))
}

/// The `{code}` path parameter.
pub(crate) struct BoundaryParams;

impl IntoParams for BoundaryParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![code_parameter().build()]
    }
}
