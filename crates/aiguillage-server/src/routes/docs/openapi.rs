//! `GET /api/openapi.json`: the OpenAPI 3.1 document.

use std::sync::LazyLock;

use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;

/// The document as JSON, built on first use.
static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    crate::openapi::document()
        .to_pretty_json()
        .expect("the OpenAPI document is plain JSON")
});

/// The OpenAPI 3.1 document of this API
///
/// Generated from the server's code, so it describes exactly the routes it serves.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    operation_id = "openapi_document",
    tag = "documentation",
    responses((status = 200, description = "This document.", content_type = "application/json")),
)]
pub(crate) async fn get() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], DOCUMENT.as_str())
}
