//! `GET /api/docs/style.css`: the stylesheet of the documentation page, at the address the
//! document gives it (the page links the same embedded asset under `/assets/`).

use aiguillage_web::pages::api_docs;
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderValue;
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
    let asset = api_docs::stylesheet();
    (
        [(CONTENT_TYPE, HeaderValue::from_static(asset.content_type))],
        asset.bytes,
    )
}
