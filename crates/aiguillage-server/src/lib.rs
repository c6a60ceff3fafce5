//! The HTTP API of Aiguillage.
//!
//! Handlers are thin: they parse parameters, call the store, and render GeoJSON through
//! [`aiguillage_export`]. Every error of the API is JSON `{"error": {"code",
//! "message"}}`; errors of the pages (and of any other path) are French HTML pages.
//! The API describes itself: [`openapi`] is its OpenAPI 3.1 document, served at
//! `/api/openapi.json` and rendered as HTML at `/api/docs`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod auth;
mod error;
mod extract;
mod heavy;
mod openapi;
mod page_error;
mod params;
mod reports;
mod routes;
mod serve;
mod site;
mod state;

use axum::http::header::{REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::http::HeaderValue;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

pub use error::{ApiError, ErrorCode};
pub use heavy::HeavyWork;
pub use openapi::document as openapi;
pub use reports::ReportPlaces;
pub use serve::{serve, Limits};
pub use state::{AppState, WebSettings};

/// The application's routes.
pub fn router(state: AppState) -> Router {
    routes::router()
        .with_state(state)
        .layer(CompressionLayer::new())
        // Every answer: a browser must not guess another type than the one sent (a JSON error
        // or an uploaded text read as HTML), and the pages' addresses (a place being edited, a
        // search) are not sent to other sites in `Referer`.
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
}
