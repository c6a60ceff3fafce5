//! `GET /territoires/{code}`: the coverage report as a printable HTML page.

use axum::extract::State;
use axum::http::header::CONTENT_SECURITY_POLICY;
use axum::response::{Html, IntoResponse};

use super::ReportParams;
use crate::extract::PagePath;
use crate::page_error::PageError;
use crate::params::Params;
use crate::reports::report;
use crate::AppState;

/// The page holds its own style and no script: nothing else may load.
const POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

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
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    PagePath(code): PagePath<String>,
    params: Params,
) -> Result<impl IntoResponse, PageError> {
    let built = report(&state, code, &params).await?;
    let mut map = built.map;
    map.standalone = false;
    map.place_url = Some("/lieux/".to_owned());
    let page = aiguillage_report::html(&built.report, &map);
    Ok(([(CONTENT_SECURITY_POLICY, POLICY)], Html(page)))
}
