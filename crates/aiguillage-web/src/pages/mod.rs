//! The pages, each a function from what it shows to its HTML.
//!
//! They share one layout: `lang="fr"`, a skip link to `main#contenu`, the site header, and
//! only the page's own stylesheets and scripts from `/assets/` (no inline script: the server's
//! Content-Security-Policy forbids them).

pub mod error;
pub mod fiche;
mod format;
pub mod home;
pub mod place;
mod qr;

use maud::{html, Markup, DOCTYPE};

pub use format::{content_security_policy, distance, MapSettings};

use crate::assets;

/// What a page adds to the shared layout.
struct Layout<'a> {
    title: &'a str,
    /// Embedded assets loaded in `<head>` (stylesheets) or at the end of `<body>` (scripts).
    styles: &'a [&'a str],
    scripts: &'a [&'a str],
    /// Class of `<body>`, for page-specific styles.
    body_class: &'a str,
}

impl Layout<'_> {
    fn render(&self, main: Markup) -> Markup {
        html! {
            (DOCTYPE)
            html lang="fr" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.title) " · Aiguillage" }
                    @for style in self.styles {
                        link rel="stylesheet" href=(assets::url(style));
                    }
                    link rel="stylesheet" href=(assets::url("app.css"));
                }
                body class=(self.body_class) {
                    a.skip href="#contenu" { "Aller au contenu" }
                    header.site {
                        a.brand href="/" { "Aiguillage" }
                        span.tagline { "Trouver de l'aide pour le numérique près de chez soi" }
                    }
                    main #contenu tabindex="-1" { (main) }
                    footer.site {
                        p {
                            "Données ouvertes au format « Lieux de médiation numérique ». "
                            a href="/api/docs" { "API" }
                        }
                    }
                    @for script in self.scripts {
                        script src=(assets::url(script)) defer {}
                    }
                }
            }
        }
    }
}
