//! `GET /api/docs`: the documentation as an HTML page.

use std::sync::LazyLock;

use aiguillage_web::pages::api_docs;
use axum::http::header::CONTENT_SECURITY_POLICY;
use axum::response::{Html, IntoResponse};

/// The page, rendered on first use.
static PAGE: LazyLock<String> = LazyLock::new(|| {
    let document =
        serde_json::to_value(crate::openapi::document()).expect("the OpenAPI document is plain JSON");
    api_docs::render(&document)
});

/// The API's documentation, in French
///
/// An HTML rendering of the OpenAPI document, served by the binary, that works offline.
#[utoipa::path(
    get,
    path = "/api/docs",
    operation_id = "documentation_page",
    tag = "documentation",
    responses((status = 200, description = "The documentation page.", content_type = "text/html")),
)]
pub(crate) async fn get() -> impl IntoResponse {
    (
        [(CONTENT_SECURITY_POLICY, api_docs::CONTENT_SECURITY_POLICY)],
        Html(PAGE.as_str()),
    )
}
