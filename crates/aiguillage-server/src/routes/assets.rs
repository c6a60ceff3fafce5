//! `GET /assets/{*name}`: the static files of the public pages (Leaflet, the pages' script
//! and style), embedded in the binary by `aiguillage-web`.
//!
//! They are not part of the API, so this is a plain axum router, outside the OpenAPI
//! document. Pages link to `aiguillage_web::assets::url`, which adds the content hash as
//! `?v=`: such a URL always names the same bytes, so browsers may keep it for a year. Other
//! requests (an old hash, no hash) get the current file, cached for an hour.

use aiguillage_web::assets::{self, Asset};
use axum::extract::RawQuery;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::extract::PagePath;
use crate::page_error::PageError;

/// For a URL carrying the asset's hash.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For any other URL: the file changes only with the binary.
const HOURLY: &str = "public, max-age=3600";

/// The route, for any state.
pub(crate) fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/assets/{*name}", get(serve))
}

async fn serve(PagePath(name): PagePath<String>, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let Some(asset) = assets::get(&name) else {
        // Asked for by a page (or a person), not by the API: the site's 404 page.
        return PageError::no_such_page().into_response();
    };
    let etag = format!("\"{}\"", asset.hash);
    let cache = if version(query.as_deref()).as_deref() == Some(asset.hash) {
        IMMUTABLE
    } else {
        HOURLY
    };
    let mut response = if matches(&headers, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        body(asset)
    };
    let headers = response.headers_mut();
    // The hash is hex digits: always a valid header value.
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(ETAG, etag);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

fn body(asset: &'static Asset) -> Response {
    (
        [(CONTENT_TYPE, HeaderValue::from_static(asset.content_type))],
        asset.bytes,
    )
        .into_response()
}

/// The `v` parameter of the query string, if any.
fn version(query: Option<&str>) -> Option<String> {
    url::form_urlencoded::parse(query?.as_bytes())
        .find(|(key, _)| key == "v")
        .map(|(_, value)| value.into_owned())
}

/// Whether `If-None-Match` names `etag` (or is `*`). Weak tags match too: the comparison of
/// `If-None-Match` is the weak one (RFC 9110, 13.1.2).
fn matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim())
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

#[cfg(test)]
mod tests {
    use axum::body::{to_bytes, Body};
    use axum::http::Request;
    use tower::ServiceExt;

    use super::*;

    async fn call(uri: &str, if_none_match: Option<&str>) -> Response {
        let mut request = Request::builder().uri(uri);
        if let Some(tag) = if_none_match {
            request = request.header(IF_NONE_MATCH, tag);
        }
        let request = request.body(Body::empty()).expect("request");
        router::<()>().oneshot(request).await.expect("infallible")
    }

    fn header(response: &Response, name: axum::http::HeaderName) -> &str {
        response.headers()[name].to_str().expect("ASCII")
    }

    #[tokio::test]
    async fn serves_an_asset_with_its_headers() {
        let asset = assets::get("leaflet.js").expect("embedded");
        let response = call("/assets/leaflet.js", None).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, CONTENT_TYPE), "text/javascript; charset=utf-8");
        assert_eq!(header(&response, ETAG), format!("\"{}\"", asset.hash));
        assert_eq!(header(&response, CACHE_CONTROL), HOURLY);
        assert_eq!(header(&response, X_CONTENT_TYPE_OPTIONS), "nosniff");
        let bytes = to_bytes(response.into_body(), usize::MAX).await.expect("body");
        assert_eq!(&bytes[..], asset.bytes);
    }

    #[tokio::test]
    async fn images_are_where_leaflet_css_looks() {
        let response = call(&aiguillage_web::assets::url("images/layers.png"), None).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, CONTENT_TYPE), "image/png");
    }

    #[tokio::test]
    async fn the_hash_in_the_url_makes_it_immutable() {
        let response = call(&assets::url("leaflet.css"), None).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, CACHE_CONTROL), IMMUTABLE);
        // An old hash gets the current file, for an hour only.
        let response = call("/assets/leaflet.css?v=0000000000000000", None).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, CACHE_CONTROL), HOURLY);
    }

    #[tokio::test]
    async fn a_known_etag_is_not_modified() {
        let asset = assets::get("app.css").expect("embedded");
        let etag = format!("\"{}\"", asset.hash);
        for tag in [
            etag.clone(),
            format!("W/{etag}"),
            format!("\"other\", {etag}"),
            "*".into(),
        ] {
            let response = call(&assets::url("app.css"), Some(&tag)).await;
            assert_eq!(response.status(), StatusCode::NOT_MODIFIED, "{tag}");
            assert_eq!(header(&response, ETAG), etag);
            assert_eq!(header(&response, CACHE_CONTROL), IMMUTABLE);
            let bytes = to_bytes(response.into_body(), usize::MAX).await.expect("body");
            assert!(bytes.is_empty());
        }
        let response = call("/assets/app.css", Some("\"0000000000000000\"")).await;
        assert_eq!(response.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn an_unknown_asset_is_the_french_404_page() {
        for uri in [
            "/assets/nope.js",
            "/assets/images/nope.png",
            "/assets/../Cargo.toml",
        ] {
            let response = call(uri, None).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
            assert_eq!(header(&response, CONTENT_TYPE), "text/html; charset=utf-8");
            let bytes = to_bytes(response.into_body(), usize::MAX).await.expect("body");
            let page = String::from_utf8(bytes.to_vec()).expect("UTF-8");
            assert!(page.contains("<h1>Page introuvable</h1>"), "{uri}: {page}");
        }
        // A name that is not UTF-8 is a bad address, not axum's plain text.
        let response = call("/assets/%FF", None).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(header(&response, CONTENT_TYPE), "text/html; charset=utf-8");
    }

    #[tokio::test]
    async fn the_app_serves_assets_compressed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = aiguillage_store::Store::open(&dir.path().join("test.db"))
            .await
            .expect("store");
        let app = crate::router(crate::AppState::load(store).await.expect("index"));
        let request = Request::builder()
            .uri(assets::url("leaflet.js"))
            .header(axum::http::header::ACCEPT_ENCODING, "gzip")
            .body(Body::empty())
            .expect("request");
        let response = app.clone().oneshot(request).await.expect("infallible");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, CACHE_CONTROL), IMMUTABLE);
        assert_eq!(header(&response, axum::http::header::CONTENT_ENCODING), "gzip");
        let request = Request::builder()
            .uri("/assets/nope.js")
            .body(Body::empty())
            .expect("request");
        let response = app.oneshot(request).await.expect("infallible");
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(header(&response, CONTENT_TYPE), "text/html; charset=utf-8");
    }
}
