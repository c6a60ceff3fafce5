//! All routes, in one place.

mod health;
mod places;

use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, Method, Uri};
use axum::routing::get;
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::{ApiError, AppState};

pub(crate) fn router() -> Router<AppState> {
    // Places change only on imports: a minute of caching spares the server repeated map
    // requests without hiding an import for long.
    let places = Router::new()
        .route("/api/v1/places", get(places::list::get))
        .route("/api/v1/places/nearest", get(places::nearest::get))
        .route("/api/v1/places/{id}", get(places::one::get))
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=60"),
        ));
    Router::new()
        .route(
            "/healthz",
            get(health::get).layer(SetResponseHeaderLayer::overriding(
                CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            )),
        )
        .merge(places)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("no such resource: {method} {}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError {
        status: axum::http::StatusCode::METHOD_NOT_ALLOWED,
        code: "method_not_allowed",
        message: format!("{method} is not allowed on {}", uri.path()),
    }
}
