//! The OpenAPI 3.1 document of the API.
//!
//! It is generated from the code: every route is registered with its `#[utoipa::path]`
//! annotation (see [`crate::routes`]), so a route cannot be served without being documented.
//! Query parameters are documented beside their parsing, with the building blocks of
//! [`params`]; the GeoJSON schemas come from the standard's fields ([`geojson`]).

pub(crate) mod bodies;
pub(crate) mod examples;
pub(crate) mod geojson;
pub(crate) mod params;
pub(crate) mod responses;

use utoipa::openapi::OpenApi;

use bodies::SecuritySchemes;
use responses::ErrorResponses;

/// The document's parts that no route carries: its description, tags and error responses.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Aiguillage",
        description = include_str!("description.md"),
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    tags(
        (name = "places", description = "Places of the standard « Lieux de médiation numérique », as GeoJSON."),
        (name = "editing", description = "Writing places: edits, closures, exceptional hours, history, public suggestions and their moderation. Writes need a bearer token or a session (see the security schemes), and stay within the caller's territories or places."),
        (name = "territories", description = "Territories and their coverage reports (état des lieux)."),
        (name = "system", description = "The server's health."),
        (name = "documentation", description = "This document, and its HTML rendering."),
    ),
    modifiers(&ErrorResponses, &SecuritySchemes),
)]
pub(crate) struct ApiDoc;

/// The OpenAPI 3.1 document of every route that [`crate::router`] serves.
///
/// ```
/// let document = aiguillage_server::openapi();
/// assert!(document.paths.paths.contains_key("/api/v1/places/nearest"));
/// ```
pub fn document() -> OpenApi {
    crate::routes::api().into_openapi()
}
