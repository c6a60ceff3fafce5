//! The one frame of every page: [`document`] writes `<!DOCTYPE html>`, `<html lang="fr">`,
//! the head (charset, viewport, generator, title, stylesheets) and the body with its scripts.
//!
//! Stylesheets and scripts are embedded assets ([`crate::assets`]), never text of the pages:
//! a page links them from `/assets/`, or, when it must be readable as one file, has the same
//! bytes copied into its `<style>` ([`Styles::Inline`]).

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::{assets, paths};

/// How a page's stylesheets reach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Styles {
    /// `<link>`ed from `/assets/` with their hash: browsers keep them, and a policy of
    /// `style-src 'self'` allows them.
    Linked,
    /// Copied into one `<style>` element, so the page is a single file that reads offline
    /// (the coverage report saved by `aiguillage report --format html`).
    Inline,
}

/// What a page puts in the frame.
#[derive(Debug)]
pub(super) struct Frame<'a> {
    /// The whole text of `<title>` (see [`titled`]).
    pub(super) title: &'a str,
    /// Embedded stylesheets, in cascade order.
    pub(super) stylesheets: &'a [&'a str],
    /// Whether they are linked or inline.
    pub(super) styles: Styles,
    /// Embedded scripts, loaded deferred at the end of `<body>` (never inline: the pages'
    /// Content-Security-Policy forbids inline scripts).
    pub(super) scripts: &'a [&'a str],
    /// Class of `<body>`, for page-specific styles.
    pub(super) body_class: Option<&'a str>,
}

/// `title` as the title of a page of the site: « Fiche d'orientation : X · Aiguillage ».
pub(super) fn titled(title: &str) -> String {
    format!("{title} · Aiguillage")
}

/// The complete page: the frame around `body`.
///
/// # Panics
///
/// If a stylesheet or script is not embedded, or an inline stylesheet is not UTF-8: names are
/// constants of the pages, and the tests render every page.
pub(super) fn document(frame: &Frame<'_>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="fr" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="Aiguillage";
                title { (frame.title) }
                @match frame.styles {
                    Styles::Linked => {
                        @for sheet in frame.stylesheets {
                            link rel="stylesheet" href=(assets::url(sheet));
                        }
                    }
                    // The embedded stylesheets are the only unescaped text of a page.
                    Styles::Inline => style { (PreEscaped(inline(frame.stylesheets))) },
                }
            }
            body class=[frame.body_class] {
                (body)
                @for script in frame.scripts {
                    script src=(assets::url(script)) defer {}
                }
            }
        }
    }
}

/// The bytes of the stylesheets `names`, one after the other.
fn inline(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| {
            let asset = assets::get(name).unwrap_or_else(|| panic!("no embedded asset is called {name:?}"));
            std::str::from_utf8(asset.bytes).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"))
        })
        .collect()
}

/// What a page of the site (search, place, fiche, error) adds to the frame: it comes with the
/// site's header, footer and stylesheet.
pub(super) struct Layout<'a> {
    /// The page's own title.
    pub(super) title: &'a str,
    /// Embedded stylesheets loaded before the site's (`app.css`).
    pub(super) styles: &'a [&'a str],
    /// Embedded scripts.
    pub(super) scripts: &'a [&'a str],
    /// Class of `<body>`, for page-specific styles.
    pub(super) body_class: &'a str,
}

impl Layout<'_> {
    /// The page: a skip link to `main#contenu`, the site header, `main`, the site footer.
    pub(super) fn render(&self, main: Markup) -> Markup {
        let stylesheets: Vec<&str> = self.styles.iter().copied().chain(["app.css"]).collect();
        let body = html! {
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
                // The inventory is written together: anyone may propose a place, structures
                // and coordinators sign in to keep theirs.
                p {
                    a href=(paths::PROPOSE_PLACE) { "Proposer un lieu" }
                    " · "
                    a href=(paths::DASHBOARD) { "Espace contributeurs" }
                }
            }
        };
        document(
            &Frame {
                title: &titled(self.title),
                stylesheets: &stylesheets,
                styles: Styles::Linked,
                scripts: self.scripts,
                body_class: Some(self.body_class),
            },
            body,
        )
    }
}

#[cfg(test)]
mod tests {
    use aiguillage_report::fixture;
    use chrono::NaiveDate;

    use crate::pages::{api_docs, error, fiche, home, place, report, MapSettings};
    use aiguillage_search::SearchForm;

    /// The head of every page, up to its title.
    const HEAD: &str = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
        <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
        <meta name=\"generator\" content=\"Aiguillage\"><title>";

    /// One page of each kind.
    fn every_kind_of_page() -> Vec<(&'static str, String)> {
        let place = aiguillage_synthetic::places(1, 7).remove(0);
        let map = MapSettings::default();
        let form = SearchForm::default();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
        let openapi = serde_json::json!({
            "openapi": "3.1.0",
            "info": { "title": "Aiguillage", "version": "0.1.0" },
            "paths": { "/healthz": { "get": { "operationId": "health", "summary": "Health" } } },
        });
        vec![
            (
                "home",
                home::render(&home::HomeView {
                    form: &form,
                    results: None,
                    map: &map,
                    addresses: false,
                    error: None,
                }),
            ),
            (
                "place",
                place::render(&place::PlaceView {
                    place: &place,
                    status: None,
                    hours: None,
                    today,
                    map: &map,
                    approximate: None,
                    editing: None,
                }),
            ),
            (
                "fiche",
                fiche::render(&fiche::FicheView {
                    place: &place,
                    hours: None,
                    page_url: "http://localhost/lieux/synthetic-000001",
                    today,
                    notices: None,
                }),
            ),
            (
                "error",
                error::render("Page introuvable", "Cette adresse ne mène à aucune page."),
            ),
            ("report", report::render(&fixture::report(), &fixture::context())),
            ("api docs", api_docs::render(&openapi)),
        ]
        .into_iter()
        .chain(contributive_pages(today))
        .collect()
    }

    /// One page of each kind of contributive editing.
    fn contributive_pages(today: NaiveDate) -> Vec<(&'static str, String)> {
        use crate::pages::contrib::{conflict, dashboard, edit, login, suggest, PlaceLink};
        let values = aiguillage_model::RawRecord::default();
        let link = PlaceLink {
            id: "lieu-1".to_owned(),
            nom: "Médiathèque".to_owned(),
        };
        vec![
            (
                "login",
                login::render(&login::LoginView {
                    csrf: "jeton".to_owned(),
                    next: "/espace".to_owned(),
                    email: String::new(),
                    error: None,
                }),
            ),
            (
                "dashboard",
                dashboard::render(&dashboard::DashboardView {
                    csrf: "jeton".to_owned(),
                    email: "a@exemple.fr".to_owned(),
                    role: dashboard::Role::Admin,
                    q: String::new(),
                    places: Vec::new(),
                    today,
                    suggestions: None,
                }),
            ),
            (
                "edit",
                edit::render(&edit::EditView {
                    csrf: "jeton".to_owned(),
                    values: &values,
                    errors: Vec::new(),
                    place: None,
                    today,
                }),
            ),
            (
                "conflict",
                conflict::render(&conflict::ConflictView {
                    csrf: "jeton".to_owned(),
                    place: link.clone(),
                    by: "b@exemple.fr".to_owned(),
                    at: chrono::DateTime::UNIX_EPOCH,
                    version: "2".to_owned(),
                    rows: Vec::new(),
                    yours: &values,
                }),
            ),
            (
                "suggest",
                suggest::render(&suggest::SuggestView {
                    csrf: "jeton".to_owned(),
                    place: None,
                    values: &values,
                    commentaire: String::new(),
                    courriel: String::new(),
                    errors: Vec::new(),
                }),
            ),
            ("thanks", suggest::thanks(Some(&link))),
        ]
    }

    #[test]
    fn every_page_goes_through_the_one_frame() {
        for (kind, page) in every_kind_of_page() {
            assert!(page.starts_with(HEAD), "{kind}: {page}");
            let (head, body) = page.split_once("</head>").unwrap_or_default();
            assert_eq!(head.matches("<title>").count(), 1, "{kind}");
            assert!(body.starts_with("<body"), "{kind}");
            assert!(body.ends_with("</body></html>"), "{kind}");
            assert_eq!(page.matches("<head>").count(), 1, "{kind}");
        }
    }

    #[test]
    fn stylesheets_are_embedded_assets_linked_or_inline() {
        for (kind, page) in every_kind_of_page() {
            let head = page
                .split_once("</head>")
                .map(|(head, _)| head)
                .unwrap_or_default();
            let linked = head.matches("<link rel=\"stylesheet\" href=\"/assets/").count();
            let inline = head.matches("<style>").count();
            match kind {
                // Self-contained: its one stylesheet is inline.
                "report" => assert_eq!((linked, inline), (0, 1), "{kind}: {head}"),
                _ => {
                    assert!(linked >= 1, "{kind}: {head}");
                    assert_eq!(inline, 0, "{kind}: {head}");
                    assert_eq!(head.matches("<link").count(), linked, "{kind}: {head}");
                }
            }
        }
    }

    #[test]
    fn site_pages_carry_the_site_frame_and_titles() {
        for (kind, page) in every_kind_of_page() {
            let site = page.contains("<header class=\"site\">");
            assert_eq!(
                site,
                !matches!(kind, "report" | "api docs"),
                "{kind}: only the pages of the site have its header"
            );
            if site {
                assert!(page.contains(" · Aiguillage</title>"), "{kind}");
                assert!(
                    page.contains(&format!("href=\"{}\"", crate::assets::url("app.css"))),
                    "{kind}"
                );
            }
        }
    }
}
