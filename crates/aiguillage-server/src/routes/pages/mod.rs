//! The public pages: `/` (map and search), `/lieux/{id}` and `/lieux/{id}/fiche`.
//!
//! They are HTML for people, not part of the API document. Handlers gather the data and
//! call the renderers of `aiguillage_web::pages`.

mod contrib;
mod home;
mod place;

use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::AppState;

/// The page routes.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::get))
        .route("/lieux/{id}", get(place::show))
        .route("/lieux/{id}/fiche", get(place::fiche))
        .merge(contrib::router())
}

/// An HTML page with the pages' Content-Security-Policy: scripts from this site only, tiles
/// from the configured tile server; pages change with imports and the time of day (open now).
fn page(state: &AppState, status: StatusCode, html: String) -> Response {
    let policy = aiguillage_web::pages::content_security_policy(&state.web.map);
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        headers.insert(CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
