//! `GET /api/v1/territories/{code}/coverage`: the coverage report as JSON.

use aiguillage_coverage::CoverageReport;
use aiguillage_report::LISTED_WHITE_ZONES;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::ReportParams;
use crate::extract::ApiPath;
use crate::openapi::responses;
use crate::params::Params;
use crate::reports::report;
use crate::{ApiError, AppState};

/// Coverage of a territory
///
/// Who lives within `radius_m` of a matching place, how far the others are, white zones,
/// opening hours, data quality and the same key figures per sub-territory. Population comes
/// from the imported population layer covering the territory, else from each commune's
/// INSEE population spread over its boundary (`population_source.approximate`). The white
/// zones listed are the most populated ones (at most 50).
#[utoipa::path(
    get,
    path = "/api/v1/territories/{code}/coverage",
    operation_id = "territory_coverage",
    tag = "territories",
    params(ReportParams),
    responses(
        (status = 200, description = "The coverage report.", body = CoverageReport),
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
) -> Result<Response, ApiError> {
    let built = report(&state, code, &params, LISTED_WHITE_ZONES).await?;
    Ok(Json(&built.report).into_response())
}
