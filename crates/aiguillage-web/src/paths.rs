//! The site's paths to one place, built in one spot so a link and its route agree.

use aiguillage_model::encode_path_segment;

/// The place page: `/lieux/{id}`, the id percent-encoded.
///
/// ```
/// assert_eq!(aiguillage_web::paths::place_page("a b/é"), "/lieux/a%20b%2F%C3%A9");
/// ```
pub fn place_page(id: &str) -> String {
    format!("/lieux/{}", encode_path_segment(id))
}

/// The place's fiche d'orientation: `/lieux/{id}/fiche`.
pub fn fiche(id: &str) -> String {
    format!("/lieux/{}/fiche", encode_path_segment(id))
}

/// The place's open data in the API: `/api/v1/places/{id}`.
pub fn place_data(id: &str) -> String {
    format!("/api/v1/places/{}", encode_path_segment(id))
}
