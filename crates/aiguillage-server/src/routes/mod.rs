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
mod search;
mod suggestions;
mod territories;

use aiguillage_model::echo;
use axum::extract::Request;
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::{Layer, ServiceExt};
use tower_http::cors::{Any, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::openapi::ApiDoc;
use crate::page_error::PageError;
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
    // requests and searches without hiding an import for long.
    let places = OpenApiRouter::new()
        .routes(routes!(places::list::get))
        .routes(routes!(places::nearest::get))
        .routes(routes!(places::map::get))
        .routes(routes!(places::one::get))
        .routes(routes!(search::get))
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
    // Writes, and what changes with every write, are never cached.
    let editing = OpenApiRouter::new()
        .routes(routes!(places::write::create))
        .routes(routes!(places::write::patch))
        .routes(routes!(places::write::close))
        .routes(routes!(places::write::reopen))
        .routes(routes!(places::write::confirm))
        .routes(routes!(places::write::revert))
        .routes(routes!(places::history::get))
        .routes(routes!(places::exceptions::list, places::exceptions::add))
        .routes(routes!(places::exceptions::delete))
        .routes(routes!(suggestions::for_place))
        .routes(routes!(suggestions::new_place, suggestions::list))
        .routes(routes!(suggestions::accept))
        .routes(routes!(suggestions::reject))
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
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
        .merge(editing)
        .merge(docs)
}

/// Every route, plus the answers for unknown paths (404) and wrong methods (405): JSON
/// under `/api/` (and `/healthz`), a French page everywhere else.
pub(crate) fn router() -> Router<AppState> {
    let (api, _) = api().split_for_parts();
    api
        // Given to the API's routes before the CORS layer, so that the layer wraps it too: a
        // preflight (`OPTIONS`) is answered by the layer instead of reaching this 405.
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn(cors_on_api))
        .merge(assets::router())
        .merge(pages::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// The data is public open data: any site may read the API from a browser. Pages (the
/// territory page is among the documented routes) and assets are for this site only, so
/// they send no CORS header and answer no CORS preflight.
async fn cors_on_api(request: Request, next: Next) -> Response {
    if !is_api(request.uri().path()) {
        return next.run(request).await;
    }
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD]);
    match cors.layer(next).oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// Whether `path` belongs to the API, whose errors are JSON.
pub(crate) fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path == "/healthz"
}

async fn not_found(method: Method, uri: Uri) -> Response {
    if is_api(uri.path()) {
        ApiError::not_found(format!("no such resource: {method} {}", echo(uri.path()))).into_response()
    } else {
        PageError::no_such_page().into_response()
    }
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    if is_api(uri.path()) {
        ApiError::method_not_allowed(format!("{method} is not allowed on {}", echo(uri.path())))
            .into_response()
    } else {
        PageError::method_not_allowed().into_response()
    }
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
