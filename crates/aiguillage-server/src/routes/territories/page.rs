//! `GET /territoires/{code}`: the coverage report as a printable HTML page.

use aiguillage_report::LISTED_WHITE_ZONES;
use aiguillage_web::pages::report;
use axum::extract::State;
use axum::http::header::CONTENT_SECURITY_POLICY;
use axum::response::{Html, IntoResponse};

use super::ReportParams;
use crate::extract::PagePath;
use crate::page_error::PageError;
use crate::params::Params;
use crate::reports;
use crate::AppState;

/// Coverage report page (French)
///
/// The état des lieux of a territory as a printable page: key figures, a map of places and
/// white zones, coverage by radius, opening hours, sub-territories and data quality. Errors
/// are French pages (`text/html`) with the status below, not JSON.
#[utoipa::path(
    get,
    path = "/territoires/{code}",
    operation_id = "territory_report_page",
    tag = "territories",
    params(ReportParams),
    responses(
        (status = 200, description = "The report page.", content_type = "text/html"),
        (status = 400, description = "A page saying, in French, which parameter is wrong.", content_type = "text/html"),
        (status = 404, description = "A page saying, in French, that no territory has this code.", content_type = "text/html"),
        (status = 500, description = "A page saying, in French, that the report could not be read.", content_type = "text/html"),
        (status = 503, description = "A page saying, in French, that the server is computing as many reports as it can, with `Retry-After`.", content_type = "text/html"),
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    PagePath(code): PagePath<String>,
    params: Params,
) -> Result<impl IntoResponse, PageError> {
    let built = reports::report(&state, code, &params, LISTED_WHITE_ZONES).await?;
    let mut map = built.map.clone();
    map.standalone = false;
    let page = report::render(&built.report, &map);
    Ok((
        [(CONTENT_SECURITY_POLICY, report::CONTENT_SECURITY_POLICY)],
        Html(page),
    ))
}
