//! An error page for people (the API answers errors in JSON).

use maud::html;

use super::Layout;

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
