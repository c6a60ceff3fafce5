//! `GET /api/docs`: the documentation as an HTML page.

use std::sync::LazyLock;

use axum::http::header::CONTENT_SECURITY_POLICY;
use axum::response::{Html, IntoResponse};

/// The page, rendered on first use.
static PAGE: LazyLock<String> = LazyLock::new(|| crate::html::render(&crate::openapi::document()));

/// The page loads its stylesheet and nothing else: no script, no third-party resource.
const POLICY: &str =
    "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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
    ([(CONTENT_SECURITY_POLICY, POLICY)], Html(PAGE.as_str()))
}
