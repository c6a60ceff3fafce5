//! An error page for people (the API answers errors in JSON).

use maud::html;

use super::Layout;

/// The Content-Security-Policy of an error page: it loads its stylesheet and nothing else
/// (no script, no map), so it needs no tile server and can be answered without settings.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A page saying what went wrong, with a way back to the search.
pub fn render(title: &str, message: &str) -> String {
    let main = html! {
        h1 { (title) }
        p { (message) }
        p { a href="/" { "Retour à la recherche" } }
    };
    Layout {
        title,
        styles: &[],
        scripts: &[],
        body_class: "erreur-page",
    }
    .render(main)
    .into_string()
}
