//! `/territoires/{code}` and `aiguillage report --format html`: the coverage report of a
//! territory as one printable page, in French: key figures, change, map, charts and tables.
//!
//! The page is self-contained: its stylesheet (`report.css`) is inline, its map and charts are
//! SVG drawn on the server, and it has no script. Every text comes through `maud`, which
//! escapes it. It renders what `aiguillage-report` built: the [`CoverageReport`] and the
//! [`HtmlContext`] of its map.

mod chart;
mod map;
mod number;
mod sections;

use aiguillage_coverage::CoverageReport;
use aiguillage_report::HtmlContext;
use aiguillage_territory::Level;
use maud::{html, Markup};

use super::layout::{document, titled, Frame, Styles};
use number::{date, distance};

/// The Content-Security-Policy of the page: it holds its own style and no script, so nothing
/// else may load.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The address of a place's page, when places are linked: never in a standalone page.
fn place_href(context: &HtmlContext, id: &str) -> Option<String> {
    (!context.standalone).then(|| crate::paths::place_page(id))
}

/// One section of the page: its anchor, its heading and its content.
struct Section {
    id: &'static str,
    title: String,
    body: Markup,
}

/// The report as a complete HTML page (`<!DOCTYPE html>`, `lang="fr"`), with its stylesheet
/// inline and no script, printable on A4.
///
/// Sections: key figures, change since the previous snapshot (when there is one), map,
/// coverage by distance, by service, opening hours, kinds of places, white zones, communes
/// without place, sub-territories (when there are some) and data quality.
pub fn render(report: &CoverageReport, context: &HtmlContext) -> String {
    page(report, context).into_string()
}

/// The sections, in the page's order.
fn sections(report: &CoverageReport, context: &HtmlContext) -> Vec<Section> {
    let mut sections = vec![Section {
        id: "chiffres-cles",
        title: "Chiffres clés".to_owned(),
        body: sections::key_figures(report),
    }];
    if let Some(previous) = &report.previous {
        sections.push(Section {
            id: "evolution",
            title: format!("Évolution depuis le {}", date(previous.saved_on)),
            body: sections::change(report, previous),
        });
    }
    sections.extend([
        Section {
            id: "carte",
            title: "Carte".to_owned(),
            body: map::map(report, context),
        },
        Section {
            id: "distance",
            title: "Couverture selon la distance".to_owned(),
            body: chart::radius_chart(report),
        },
        Section {
            id: "services",
            title: "Couverture par service".to_owned(),
            body: sections::services(report),
        },
        Section {
            id: "horaires",
            title: "Horaires d'ouverture".to_owned(),
            body: html! {
                (chart::heatmap(&report.hours))
                (chart::hours_figures(&report.hours))
            },
        },
        Section {
            id: "types",
            title: "Types de lieux et dispositifs".to_owned(),
            body: sections::kinds(report),
        },
        Section {
            id: "zones-blanches",
            title: "Zones blanches".to_owned(),
            body: sections::white_zones(report),
        },
        Section {
            id: "communes-sans-lieu",
            title: "Communes sans lieu".to_owned(),
            body: sections::communes_without_place(report),
        },
    ]);
    if !report.subterritories.is_empty() {
        sections.push(Section {
            id: "sous-territoires",
            title: sections::subterritories_title(&report.subterritories),
            body: sections::subterritories(report),
        });
    }
    sections.push(Section {
        id: "qualite",
        title: "Qualité des données".to_owned(),
        body: sections::quality(report, context),
    });
    sections
}

/// The whole page.
fn page(report: &CoverageReport, context: &HtmlContext) -> Markup {
    let territory = &report.territory;
    let title = format!(
        "État des lieux — {} ({})",
        territory.nom,
        territory.level.label_fr()
    );
    let sections = sections(report, context);
    let body = html! {
        a.skip href="#contenu" { "Aller au contenu" }
        header.title {
            p.brand { "Aiguillage · Médiation numérique" }
            h1 { (title) }
            p.meta {
                (territory.level.label_fr()) " " (territory.code)
                " · lieux à moins de " (distance(report.radius_m))
                " · chiffres du " (date(report.computed_on))
            }
        }
        nav.toc aria-label="Sommaire" {
            h2 { "Sommaire" }
            ol {
                @for section in &sections {
                    li { a href={ "#" (section.id) } { (section.title) } }
                }
            }
        }
        main #contenu tabindex="-1" {
            @for section in &sections {
                section id=(section.id) aria-labelledby={ (section.id) "-titre" } {
                    h2 id={ (section.id) "-titre" } { (section.title) }
                    (section.body)
                }
            }
        }
        (footer(report, context))
    };
    document(
        &Frame {
            title: &titled(&title),
            stylesheets: &["report.css"],
            styles: Styles::Inline,
            scripts: &[],
            body_class: None,
        },
        body,
    )
}

/// Who made the page and where its data come from.
fn footer(report: &CoverageReport, context: &HtmlContext) -> Markup {
    let outlines = context.outline.is_some() || !context.subterritory_outlines.is_empty();
    html! {
        footer {
            p { "Rapport généré par Aiguillage le " (date(report.computed_on)) "." }
            p { "Sources :" }
            ul {
                li { "lieux : données au standard « Lieux de médiation numérique » ;" }
                li {
                    "communes, EPCI, départements, régions et populations légales : INSEE, via "
                    code { "@etalab/decoupage-administratif" } " ;"
                }
                li { "population de la carte et de la couverture : " (report.population_source.label) " ;" }
                @if outlines {
                    li {
                        "contours : IGN (ADMIN EXPRESS)"
                        @if report.territory.level == Level::Custom {
                            ", contour du territoire importé par son coordinateur"
                        }
                        " ;"
                    }
                }
                li { "distances à vol d'oiseau, calculées par Aiguillage." }
            }
            @if context.standalone {
                p { "Document autonome : il se lit et s'imprime sans connexion." }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use aiguillage_report::fixture::{context, empty_report, report, square, unlocated_report};
    use aiguillage_report::MapPlace;

    use super::*;
    use crate::assets;

    const XSS: &str = "<script>alert(1)</script>";

    #[test]
    fn the_page_has_every_section_in_order() {
        let page = render(&report(), &context());
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"fr\">"));
        assert!(page.contains("<title>État des lieux — Métropole de Lyon (EPCI) · Aiguillage</title>"));
        assert!(page.contains("<h1>État des lieux — Métropole de Lyon (EPCI)</h1>"));
        assert!(page.contains("<a class=\"skip\" href=\"#contenu\">Aller au contenu</a>"));
        assert!(page.contains("<main id=\"contenu\" tabindex=\"-1\">"));
        let headings = [
            "Chiffres clés",
            "Évolution depuis le 12 mai 2026",
            "Carte",
            "Couverture selon la distance",
            "Couverture par service",
            "Horaires d'ouverture",
            "Types de lieux et dispositifs",
            "Zones blanches",
            "Communes sans lieu",
            "Détail par commune",
            "Qualité des données",
        ];
        let main = page.split_once("<main").map(|(_, main)| main).unwrap_or_default();
        let mut from = 0;
        for heading in headings {
            let at = main[from..]
                .find(&format!("-titre\">{heading}</h2>"))
                .unwrap_or_else(|| panic!("no section « {heading} » after byte {from}"));
            from += at + 1;
        }
        assert!(page.contains("<footer>"));
        assert!(page.contains("@etalab/decoupage-administratif"));
        assert!(page.contains("IGN (ADMIN EXPRESS)"));
    }

    #[test]
    fn the_page_is_self_contained_without_script() {
        let page = render(&report(), &context());
        let lower = page.to_lowercase();
        assert!(!lower.contains("<script"));
        let handler = lower.match_indices(" on").any(|(at, _)| {
            let rest = &lower[at + 3..];
            let name_end = rest
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            name_end > 0 && rest[name_end..].starts_with('=')
        });
        assert!(!handler, "no event handler attribute");
        assert!(!lower.contains("<link"));
        assert!(!lower.contains("src="));
        assert!(!lower.contains("url("));
        assert_eq!(page.matches("<style>").count(), 1);
    }

    #[test]
    fn ids_are_unique_and_references_resolve() {
        let page = render(&report(), &context());
        let ids: Vec<&str> = page
            .split(" id=\"")
            .skip(1)
            .filter_map(|rest| rest.split_once('"').map(|(id, _)| id))
            .collect();
        let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        for rest in page.split("aria-labelledby=\"").skip(1) {
            let (references, _) = rest.split_once('"').unwrap_or_default();
            for reference in references.split(' ') {
                assert!(unique.contains(reference), "no element with id {reference}");
            }
        }
        for rest in page.split("href=\"#").skip(1) {
            let (anchor, _) = rest.split_once('"').unwrap_or_default();
            assert!(unique.contains(anchor), "no element with id {anchor}");
        }
    }

    #[test]
    fn tables_have_captions_and_scoped_headers() {
        let page = render(&report(), &context());
        let tables = page.matches("<table").count();
        assert!(tables >= 10, "{tables}");
        assert_eq!(page.matches("<caption").count(), tables);
        assert!(!page.contains("<th>"), "every header cell has a scope");
    }

    #[test]
    fn the_map_and_charts_are_inline_svg() {
        let page = render(&report(), &context());
        assert!(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"svg-carte-titre svg-carte-desc\""));
        assert!(page.contains("<title id=\"svg-carte-titre\">Carte de Métropole de Lyon</title>"));
        assert!(page.contains("<path d=\"M"));
        assert!(page.contains("aria-labelledby=\"svg-rayons-titre svg-rayons-desc\""));
        assert!(page.contains("aria-labelledby=\"svg-horaires-titre svg-horaires-desc\""));
    }

    #[test]
    fn names_are_escaped() {
        let mut report = report();
        report.territory.nom = XSS.to_owned();
        report.subterritories[0].territory.nom = XSS.to_owned();
        report.quality.stale_date_maj[0].nom = XSS.to_owned();
        report.quality.stale_date_maj[0].id = "\"><script>alert(1)</script>".to_owned();
        report.communes_without_place[0].nom = XSS.to_owned();
        report.services = vec![XSS.to_owned()];
        report.population_source.label = XSS.to_owned();
        report.places_by_typologie.insert(XSS.to_owned(), 1);
        let mut context = context();
        context.places[0].nom = XSS.to_owned();
        let page = render(&report, &context);
        assert!(!page.contains("<script"), "{page}");
        assert!(page.contains("<h1>État des lieux — &lt;script&gt;alert(1)&lt;/script&gt; (EPCI)</h1>"));
        assert!(page.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
        assert!(page.contains("href=\"/lieux/%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E\""));
    }

    #[test]
    fn an_empty_report_renders_without_nan_or_infinity() {
        let page = render(&empty_report(), &HtmlContext::default());
        assert!(!page.contains("NaN"));
        assert!(!page.contains("inf"));
        assert!(page.contains("<h1>État des lieux — Vide-sur-Rhône (commune)</h1>"));
        assert!(page.contains("pas de carte"));
        assert!(!page
            .contains("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"svg-carte"));
        assert!(!page.contains("sous-territoires"));
        assert!(!page.contains("Évolution"));
        // A single place is drawn on a map of a minimum size.
        let context = HtmlContext {
            places: vec![MapPlace {
                id: "1".to_owned(),
                nom: "Seul lieu".to_owned(),
                lat: 45.0,
                lon: 5.0,
            }],
            ..HtmlContext::default()
        };
        let page = render(&empty_report(), &context);
        assert!(page.contains("<title>Seul lieu</title>"));
        assert!(!page.contains("NaN") && !page.contains("inf"));
    }

    #[test]
    fn non_finite_figures_never_show() {
        let mut report = report();
        report.population = Some(f64::NAN);
        report.coverage_ratio = Some(f64::INFINITY);
        report.mean_distance_m = Some(f64::NAN);
        if let Some(zones) = report.white_zones.as_mut() {
            zones.zones[0].area_km2 = f64::NEG_INFINITY;
        }
        report.coverage_by_radius[2].coverage_ratio = f64::NAN;
        let mut context = context();
        context.places[0].lat = f64::NAN;
        context.outline = Some(square(f64::INFINITY, 45.0, 0.1));
        let page = render(&report, &context);
        assert!(!page.contains("NaN"));
        assert!(!page.contains("inf"));
    }

    #[test]
    fn unlocated_residents_are_said_first_and_never_zero() {
        let page = render(&unlocated_report(), &HtmlContext::default());
        let notice = page
            .find("Aucun habitant n'a pu être localisé")
            .expect("the notice is on the page");
        let figures = page.find("<dl class=\"figures\">").expect("the key figures");
        assert!(notice < figures, "the notice comes before the figures");
        assert!(page.contains("<code>aiguillage territories fetch --level commune --departement 29</code>"));
        let boxes = &page[figures
            ..page[figures..]
                .find("</dl>")
                .map_or(page.len(), |end| figures + end)];
        assert!(
            boxes.contains("<dd>inconnue<small>habitants</small></dd>"),
            "{boxes}"
        );
        assert!(!boxes.contains(">0<") && !boxes.contains("0,0"), "{boxes}");
        assert!(page.contains("Zones blanches inconnues"));
        assert!(!page.contains("Aucune zone blanche"));
        assert!(page.contains("où vivent 63"));

        let partial = render(&report(), &context());
        assert!(partial.contains("Population localisée : 99,5"));
        assert!(partial.contains("habitants localisés (99,5"), "{partial}");
    }

    #[test]
    fn standalone_pages_link_nothing() {
        let mut context = context();
        context.standalone = true;
        let page = render(&report(), &context);
        assert!(!page.contains("href=\"/"));
        assert!(page.contains("Document autonome"));
    }

    /// Writes the page of the fixture to `target/report-example.html`, to look at it:
    /// `cargo test -p aiguillage-web -- --ignored example_page`.
    #[test]
    #[ignore = "writes a file for a person to look at"]
    fn example_page_is_written() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target");
        if dir.is_dir() {
            let page = render(&report(), &context());
            std::fs::write(dir.join("report-example.html"), page).expect("the example page is written");
        }
    }

    #[test]
    fn the_stylesheet_is_self_contained() {
        let css = assets::get("report.css").expect("report.css is embedded").bytes;
        let css = std::str::from_utf8(css).expect("UTF-8");
        assert!(!css.contains("url("));
        assert!(!css.contains("@import"));
        assert!(!css.contains("</"));
        assert!(css.contains(
            "@media (max-width: 40rem) {
  .figures { grid-template-columns: repeat(2, 1fr); }
}
@page { size: A4"
        ));
        assert!(css.contains(":focus-visible"));
        assert!(!css.contains("inf"));
    }
}
