//! The site's paths, built in one spot so a link and its route agree: the public pages of a
//! place, and the pages and form actions of contributive editing (accounts, edits,
//! suggestions). Ids are percent-encoded into one path segment.

use aiguillage_model::encode_path_segment;

/// The login page and its form's action (`POST`).
pub const LOGIN: &str = "/connexion";

/// The logout form's action (`POST`).
pub const LOGOUT: &str = "/deconnexion";

/// The signed-in user's dashboard: their places and the suggestions to moderate.
pub const DASHBOARD: &str = "/espace";

/// Choosing a new password: `/espace/mot-de-passe`.
pub const PASSWORD: &str = "/espace/mot-de-passe";

/// The form for a new place, and its action (`POST`).
pub const NEW_PLACE: &str = "/lieux/nouveau";

/// The public form proposing a new place, and its action (`POST`).
pub const PROPOSE_PLACE: &str = "/lieux/proposer";

/// The place page: `/lieux/{id}`, the id percent-encoded.
///
/// ```
/// assert_eq!(aiguillage_web::paths::place_page("a b/é"), "/lieux/a%20b%2F%C3%A9");
/// // Browsers resolve a `..` segment: it is encoded.
/// assert_eq!(aiguillage_web::paths::place_page(".."), "/lieux/%2E%2E");
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

/// The edit form of a place, and its action (`POST`): `/lieux/{id}/modifier`.
pub fn edit_place(id: &str) -> String {
    format!("/lieux/{}/modifier", encode_path_segment(id))
}

/// Confirming that a place's information is still right (`POST`): `/lieux/{id}/confirmer`.
pub fn confirm_place(id: &str) -> String {
    format!("/lieux/{}/confirmer", encode_path_segment(id))
}

/// Closing a place for good (`POST`): `/lieux/{id}/fermer`.
pub fn close_place(id: &str) -> String {
    format!("/lieux/{}/fermer", encode_path_segment(id))
}

/// Reopening a closed place (`POST`): `/lieux/{id}/rouvrir`.
pub fn reopen_place(id: &str) -> String {
    format!("/lieux/{}/rouvrir", encode_path_segment(id))
}

/// Adding a temporary closure or exceptional hours (`POST`): `/lieux/{id}/exceptions`.
pub fn exceptions(id: &str) -> String {
    format!("/lieux/{}/exceptions", encode_path_segment(id))
}

/// Deleting the exception `n` of a place (`POST`): `/lieux/{id}/exceptions/{n}/supprimer`.
pub fn delete_exception(id: &str, n: u64) -> String {
    format!("/lieux/{}/exceptions/{n}/supprimer", encode_path_segment(id))
}

/// The public form reporting an error on a place, and its action (`POST`):
/// `/lieux/{id}/signaler`.
pub fn report_place(id: &str) -> String {
    format!("/lieux/{}/signaler", encode_path_segment(id))
}

/// Accepting the public suggestion `n` (`POST`): `/espace/suggestions/{n}/accepter`.
pub fn accept_suggestion(n: u64) -> String {
    format!("{DASHBOARD}/suggestions/{n}/accepter")
}

/// Refusing the public suggestion `n` (`POST`, with a `motif`):
/// `/espace/suggestions/{n}/refuser`.
pub fn refuse_suggestion(n: u64) -> String {
    format!("{DASHBOARD}/suggestions/{n}/refuser")
}

/// The Atom feed of a territory's changes: `/territoires/{code}/modifications.atom`.
///
/// ```
/// assert_eq!(
///     aiguillage_web::paths::changes_feed("29019"),
///     "/territoires/29019/modifications.atom"
/// );
/// ```
pub fn changes_feed(code: &str) -> String {
    format!("/territoires/{}/modifications.atom", encode_path_segment(code))
}
