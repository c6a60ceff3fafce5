//! `GET /api/docs/style.css`: the stylesheet of the documentation page.

use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;

/// The stylesheet of `/api/docs`
#[utoipa::path(
    get,
    path = "/api/docs/style.css",
    operation_id = "documentation_stylesheet",
    tag = "documentation",
    responses((status = 200, description = "The stylesheet.", content_type = "text/css")),
)]
pub(crate) async fn get() -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../../html/style.css"),
    )
}
