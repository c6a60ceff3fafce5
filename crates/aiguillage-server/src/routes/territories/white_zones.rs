//! `GET /api/v1/territories/{code}/white-zones.geojson`: every white zone, as GeoJSON.

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::Json;

use super::ReportParams;
use crate::extract::ApiPath;
use crate::openapi::responses;
use crate::params::Params;
use crate::reports::report;
use crate::{ApiError, AppState};

/// White zones of a territory
///
/// Every group of populated 200 m cells with no matching place within `radius_m`, as a
/// GeoJSON FeatureCollection of MultiPolygons ranked by population (`rank` 1 is the most
/// populated), with `population`, `cells`, `area_km2` and `mean_distance_m`.
#[utoipa::path(
    get,
    path = "/api/v1/territories/{code}/white-zones.geojson",
    operation_id = "territory_white_zones",
    tag = "territories",
    params(ReportParams),
    responses(
        (status = 200, description = "The white zones, as a GeoJSON FeatureCollection.", content_type = "application/geo+json", body = Object),
        responses::InvalidParameter,
        responses::NotFound,
        responses::Unavailable,
        responses::Internal,
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
    params: Params,
) -> Result<impl IntoResponse, ApiError> {
    let built = report(&state, code, &params, usize::MAX).await?;
    Ok((
        [(CONTENT_TYPE, "application/geo+json")],
        Json(aiguillage_report::white_zones_geojson(&built.report)),
    ))
}
