//! All routes, in one place.
//!
//! Every route is registered through `routes!`, which takes its path and method from the
//! handler's `#[utoipa::path]` annotation: the router and the OpenAPI document are built
//! together and cannot drift apart.

mod assets;
mod docs;
mod health;
mod pages;
mod places;
mod territories;

use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, Method, Uri};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::openapi::ApiDoc;
use crate::{ApiError, AppState};

/// Every route, with its documentation.
pub(crate) fn api() -> OpenApiRouter<AppState> {
    let health = OpenApiRouter::new()
        .routes(routes!(health::get))
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    // Places change only on imports: a minute of caching spares the server repeated map
    // requests without hiding an import for long.
    let places = OpenApiRouter::new()
        .routes(routes!(places::list::get))
        .routes(routes!(places::nearest::get))
        .routes(routes!(places::map::get))
        .routes(routes!(places::one::get))
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=60"),
        ));
    // Reports change with imports and with the day; computing one takes a moment, so a
    // few minutes of caching spare repeated visits.
    let territories = OpenApiRouter::new()
        .routes(routes!(territories::list::get))
        .routes(routes!(territories::coverage::get))
        .routes(routes!(territories::white_zones::get))
        .routes(routes!(territories::boundary::get))
        .routes(routes!(territories::page::get))
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        ));
    // The documentation changes only with the binary.
    let docs = OpenApiRouter::new()
        .routes(routes!(docs::openapi::get))
        .routes(routes!(docs::page::get))
        .routes(routes!(docs::style::get))
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=3600"),
        ));
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health)
        .merge(places)
        .merge(territories)
        .merge(docs)
}

/// Every route, plus the JSON answers for unknown paths (404) and wrong methods (405).
pub(crate) fn router() -> Router<AppState> {
    let (router, _) = api().split_for_parts();
    router
        .merge(assets::router())
        .merge(pages::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("no such resource: {method} {}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::method_not_allowed(format!("{method} is not allowed on {}", uri.path()))
}

/// A JSON body already written as text (responses assembled from pre-rendered places).
pub(crate) struct JsonText(pub(crate) String);

impl axum::response::IntoResponse for JsonText {
    fn into_response(self) -> axum::response::Response {
        (
            [(
                axum::http::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            self.0,
        )
            .into_response()
    }
}
