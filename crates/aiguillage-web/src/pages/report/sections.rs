//! The sections of the page made of figures and tables.

use std::collections::BTreeMap;

use aiguillage_coverage::{Change, CoverageReport, SubsetCoverage, SubterritoryFigures};
use aiguillage_report::{located_notice, HtmlContext};
use aiguillage_territory::Level;
use maud::{html, Markup};

use super::map::px;
use super::number::{
    area_km2, count, date, decimal, distance, integer, percent, signed, signed_count, signed_points, whole,
    MISSING, NBSP,
};
use super::place_href;

/// A figure that may be unknown: formatted, or [`MISSING`].
fn or_missing(value: Option<f64>, format: impl Fn(f64) -> String) -> String {
    or_missing_as(value, format, MISSING)
}

/// A figure that may be unknown: formatted, or `unknown`.
fn or_missing_as(value: Option<f64>, format: impl Fn(f64) -> String, unknown: &str) -> String {
    value.map(format).unwrap_or_else(|| unknown.to_owned())
}

/// The difference of two figures that may be unknown.
fn delta(new: Option<f64>, old: Option<f64>) -> Option<f64> {
    Some(new? - old?)
}

/// `n habitant(s)`, rounded.
fn residents(population: f64) -> String {
    let noun = if population.round().abs() > 1.0 {
        "habitants"
    } else {
        "habitant"
    };
    format!("{}{NBSP}{noun}", integer(population))
}

/// What is said of residents nobody could locate, in a headline box.
const NOT_LOCATED: &str = "inconnue";

/// The key figures, where they come from and when they were computed. When part of the
/// residents could not be located, the page says so first, and every box about residents
/// says which share it covers.
pub(super) fn key_figures(report: &CoverageReport) -> Markup {
    let radius = distance(report.radius_m);
    let source = &report.population_source;
    let share = report.population_located_share;
    let partial = share < 1.0;
    // « habitants localisés (27,3 % de la population) » where not everyone is located.
    let whose = |what: &str| {
        if partial && share > 0.0 {
            format!("{what} localisés ({} de la population)", percent(share))
        } else {
            what.to_owned()
        }
    };
    html! {
        @if let Some(notice) = located_notice(report) {
            div.notice.located role="note" {
                p { strong { (notice.summary) } }
                p { (notice.missing) }
                ul.commands {
                    @for command in &notice.commands {
                        li { code { (command) } }
                    }
                }
            }
        }
        dl.figures {
            div {
                dt { "Population" }
                dd {
                    (or_missing_as(report.population, integer, NOT_LOCATED))
                    small { (whose("habitants")) }
                }
            }
            div {
                dt { "Population couverte" }
                dd {
                    (or_missing_as(report.population_covered, integer, NOT_LOCATED))
                    small { (whose("habitants")) " ayant un lieu à moins de " (radius) }
                }
            }
            div {
                dt { "Taux de couverture" }
                dd {
                    (or_missing_as(report.coverage_ratio, percent, NOT_LOCATED))
                    small { "de la population" @if partial && share > 0.0 { " localisée" } }
                }
            }
            div {
                dt { "Rayon d'accès" }
                dd { (radius) small { "à vol d'oiseau" } }
            }
            div {
                dt { "Lieux" }
                dd { (whole(report.places)) small { "lieux de médiation numérique" } }
            }
            div {
                dt { "Lieux pour 10" (NBSP) "000 habitants" }
                dd { (or_missing(report.places_per_10k, |v| decimal(v, 1))) }
            }
            div {
                dt { "Distance moyenne" }
                dd { (or_missing(report.mean_distance_m, distance)) small { "jusqu'au lieu le plus proche" } }
            }
            div {
                dt { "Distance pour 90" (NBSP) "% des habitants" }
                dd {
                    (or_missing(report.p90_distance_m, distance))
                    small { "9 habitants sur 10 ont un lieu plus près" }
                }
            }
            div {
                dt { "Population en zone blanche" }
                @match &report.white_zones {
                    Some(zones) => dd {
                        (integer(zones.population))
                        small { (count(zones.count, "zone blanche", "zones blanches")) @if partial { " (population localisée)" } }
                    },
                    None => dd { (NOT_LOCATED) small { "aucun habitant localisé" } },
                }
            }
        }
        p { "Population : " (source.label) "." }
        @if source.approximate {
            p.notice role="note" {
                strong { "Approximation." }
                " Faute de carroyage, la population de chaque commune est répartie uniformément sur \
                 son territoire : les chiffres de couverture sont indicatifs et peuvent s'écarter \
                 sensiblement de la réalité, surtout dans les communes étendues ou peu denses."
            }
        }
        @if source.population_unlocated > 0.0 {
            p.notice role="note" {
                (residents(source.population_unlocated))
                " de communes dont le contour est inconnu n'ont pas pu être localisés : ils ne sont \
                 pas comptés dans la population ci-dessus."
            }
        }
        @if report.services.is_empty() {
            p { "Lieux retenus : tous, quels que soient leurs services." }
        } @else {
            p {
                "Lieux retenus : ceux qui proposent au moins un de ces services : "
                @for (i, service) in report.services.iter().enumerate() {
                    @if i > 0 { ", " }
                    "« " (service) " »"
                }
                "."
            }
        }
        p.meta { "Chiffres calculés le " (date(report.computed_on)) "." }
    }
}

/// The change since the previous snapshot, as a table.
pub(super) fn change(report: &CoverageReport, previous: &Change) -> Markup {
    let then = date(previous.saved_on);
    let now = date(report.computed_on);
    let places_delta = i64::from(report.places) - i64::from(previous.places);
    let now_in_white_zones = report.white_zones.as_ref().map(|w| w.population);
    let rows: [(&str, String, String, String); 5] = [
        (
            "Population",
            or_missing(previous.population, integer),
            or_missing(report.population, integer),
            or_missing(delta(report.population, previous.population), signed_residents),
        ),
        (
            "Population couverte",
            or_missing(previous.population_covered, integer),
            or_missing(report.population_covered, integer),
            or_missing(
                delta(report.population_covered, previous.population_covered),
                signed_residents,
            ),
        ),
        (
            "Taux de couverture",
            or_missing(previous.coverage_ratio, percent),
            or_missing(report.coverage_ratio, percent),
            or_missing(
                delta(report.coverage_ratio, previous.coverage_ratio),
                signed_points,
            ),
        ),
        (
            "Lieux",
            whole(previous.places),
            whole(report.places),
            signed_count(places_delta, "lieu", "lieux"),
        ),
        (
            "Population en zone blanche",
            or_missing(previous.white_zone_population, integer),
            or_missing(now_in_white_zones, integer),
            or_missing(
                delta(now_in_white_zones, previous.white_zone_population),
                signed_residents,
            ),
        ),
    ];
    html! {
        table {
            caption { "Évolution entre le " (then) " et le " (now) }
            thead {
                tr {
                    th scope="col" { "Indicateur" }
                    th.num scope="col" { (then) }
                    th.num scope="col" { (now) }
                    th.num scope="col" { "Évolution" }
                }
            }
            tbody {
                @for (label, old, new, delta) in &rows {
                    tr {
                        th scope="row" { (label) }
                        td.num { (old) }
                        td.num { (new) }
                        td.num { (delta) }
                    }
                }
            }
        }
        p.note { "« pt » : point de pourcentage." }
    }
}

/// A change of population: `+1 234 hab.`.
fn signed_residents(delta: f64) -> String {
    format!("{}{NBSP}hab.", signed(delta, 0))
}

/// Coverage by service, then by places open on Saturday or in the evening.
pub(super) fn services(report: &CoverageReport) -> Markup {
    let radius = distance(report.radius_m);
    let subsets: [(&str, &SubsetCoverage); 2] = [
        ("Ouverts le samedi", &report.hours.saturday),
        (
            "Ouverts après 18\u{A0}h en semaine",
            &report.hours.weekday_evening,
        ),
    ];
    html! {
        @if report.by_service.is_empty() {
            p.empty { "Aucun service renseigné pour les lieux du territoire." }
        } @else {
            table {
                caption { "Habitants ayant à moins de " (radius) " un lieu qui propose le service" }
                thead {
                    tr {
                        th scope="col" { "Service" }
                        th.num scope="col" { "Lieux" }
                        th.num scope="col" { "Habitants couverts" }
                        th.num scope="col" { "Part de la population" }
                    }
                }
                tbody {
                    @for service in &report.by_service {
                        tr {
                            th scope="row" { (service.service) }
                            td.num { (whole(service.places)) }
                            td.num { (or_missing(service.population_covered, integer)) }
                            td.num { (or_missing(service.coverage_ratio, percent)) (bar(service.coverage_ratio)) }
                        }
                    }
                }
            }
        }
        h3 { "Le samedi et en soirée" }
        table {
            caption { "Habitants ayant à moins de " (radius) " un lieu ouvert le samedi ou en soirée" }
            thead {
                tr {
                    th scope="col" { "Lieux" }
                    th.num scope="col" { "Nombre" }
                    th.num scope="col" { "Habitants couverts" }
                    th.num scope="col" { "Part de la population" }
                }
            }
            tbody {
                @for (label, subset) in &subsets {
                    tr {
                        th scope="row" { (label) }
                        td.num { (whole(subset.places)) }
                        td.num { (or_missing(subset.population_covered, integer)) }
                        td.num { (or_missing(subset.coverage_ratio, percent)) (bar(subset.coverage_ratio)) }
                    }
                }
            }
        }
    }
}

/// A small horizontal bar showing a share, hidden from screen readers (the figure is next to
/// it); none for an unknown share.
fn bar(ratio: Option<f64>) -> Markup {
    let Some(ratio) = ratio else {
        return html! {};
    };
    let share = if ratio.is_finite() {
        ratio.clamp(0.0, 1.0)
    } else {
        0.0
    };
    html! {
        svg.bar width="60" height="8" viewBox="0 0 60 8" aria-hidden="true" {
            rect width="60" height="8" fill="#e3e7ed" {}
            rect width=(px(60.0 * share)) height="8" fill="#0b57a4" {}
        }
    }
}

/// Counts by name, the largest first (ties by name).
fn by_count(counts: &BTreeMap<String, u32>) -> Vec<(&String, u32)> {
    let mut sorted: Vec<(&String, u32)> = counts.iter().map(|(name, n)| (name, *n)).collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    sorted
}

/// One table of counts.
fn count_table(caption: &str, heading: &str, counts: &BTreeMap<String, u32>) -> Markup {
    html! {
        @if counts.is_empty() {
            p.empty { "Aucun lieu renseigné." }
        } @else {
            table {
                caption { (caption) }
                thead {
                    tr {
                        th scope="col" { (heading) }
                        th.num scope="col" { "Lieux" }
                    }
                }
                tbody {
                    @for (name, n) in by_count(counts) {
                        tr {
                            th scope="row" { (name) }
                            td.num { (whole(n)) }
                        }
                    }
                }
            }
        }
    }
}

/// Places by typologie and by dispositif.
pub(super) fn kinds(report: &CoverageReport) -> Markup {
    html! {
        h3 { "Typologies" }
        (count_table("Lieux par typologie", "Typologie", &report.places_by_typologie))
        p.note { "Un lieu qui relève de plusieurs typologies est compté dans chacune." }
        h3 { "Dispositifs" }
        (count_table("Lieux par dispositif national", "Dispositif", &report.places_by_dispositif))
    }
}

/// The white zones: how many, how many residents, and the table of the largest.
pub(super) fn white_zones(report: &CoverageReport) -> Markup {
    let Some(zones) = &report.white_zones else {
        return html! {
            p.empty {
                "Zones blanches inconnues : aucun habitant du territoire n'a pu être localisé \
                 (voir « Chiffres clés »)."
            }
        };
    };
    let population = report.population.unwrap_or_default();
    let radius = distance(report.radius_m);
    let listed = zones.zones.len();
    let all_listed = u32::try_from(listed).is_ok_and(|n| n >= zones.count);
    html! {
        @if zones.count == 0 {
            @if population > 0.0 {
                p {
                    "Aucune zone blanche : chaque habitant"
                    @if report.population_located_share < 1.0 { " localisé" }
                    " a un lieu à moins de " (radius) "."
                }
            } @else {
                p.empty { "Aucune zone blanche." }
            }
        } @else {
            p {
                (count(zones.count, "zone blanche regroupe", "zones blanches regroupent")) " "
                (residents(zones.population))
                @if population > 0.0 {
                    ", soit " (percent(zones.population / population)) " de la population"
                    @if report.population_located_share < 1.0 { " localisée" }
                    ","
                }
                " sans aucun lieu à moins de " (radius) "."
            }
        }
        @if listed > 0 {
            table {
                caption {
                    @if all_listed {
                        "Zones blanches, de la plus peuplée à la moins peuplée"
                    } @else {
                        "Les " (listed) " zones blanches les plus peuplées"
                    }
                }
                thead {
                    tr {
                        th scope="col" { "Rang" }
                        th.num scope="col" { "Habitants" }
                        th.num scope="col" { "Carreaux de 200" (NBSP) "m" }
                        th.num scope="col" { "Surface" }
                        th.num scope="col" { "Distance moyenne au lieu le plus proche" }
                    }
                }
                tbody {
                    @for zone in &zones.zones {
                        tr {
                            th scope="row" { "n°" (NBSP) (zone.rank) }
                            td.num { (integer(zone.population)) }
                            td.num { (whole(zone.cells)) }
                            td.num { (area_km2(zone.area_km2)) }
                            td.num { (or_missing(zone.mean_distance_m, distance)) }
                        }
                    }
                }
            }
        }
    }
}

/// Communes without any place, in the report's order: the most populated first.
pub(super) fn communes_without_place(report: &CoverageReport) -> Markup {
    let communes = &report.communes_without_place;
    // INSEE populations: known whether or not residents could be located.
    let total: u64 = communes.iter().map(|c| c.insee_population).sum();
    let n = u32::try_from(communes.len()).unwrap_or(u32::MAX);
    let any_unlocated = communes.iter().any(|c| c.population.is_none());
    html! {
        @if communes.is_empty() {
            p { "Toutes les communes du territoire ont au moins un lieu." }
        } @else {
            p {
                (count(n, "commune", "communes")) " sans lieu, où vivent "
                (residents(total as f64)) " selon l'INSEE."
            }
            table {
                caption { "Communes sans lieu, de la plus peuplée à la moins peuplée" }
                thead {
                    tr {
                        th scope="col" { "Commune" }
                        th scope="col" { "Code INSEE" }
                        th.num scope="col" { "Habitants (INSEE)" }
                        th.num scope="col" { "Habitants localisés" }
                    }
                }
                tbody {
                    @for commune in communes {
                        tr {
                            th scope="row" { (commune.nom) }
                            td { (commune.code) }
                            td.num { (integer(commune.insee_population as f64)) }
                            td.num { (or_missing(commune.population, integer)) }
                        }
                    }
                }
            }
            @if any_unlocated {
                p.note { "« " (MISSING) " » : le contour de la commune est inconnu, ses habitants n'ont pas pu être localisés." }
            }
        }
    }
}

/// The heading of the sub-territories' section: `Détail par commune`.
pub(super) fn subterritories_title(subterritories: &[SubterritoryFigures]) -> String {
    match subterritories.first().map(|sub| sub.territory.level) {
        Some(level) if subterritories.iter().all(|sub| sub.territory.level == level) => match level {
            Level::Custom => "Détail par sous-territoire".to_owned(),
            level => format!("Détail par {}", level.label_fr()),
        },
        _ => "Détail par sous-territoire".to_owned(),
    }
}

/// The key figures of every sub-territory.
pub(super) fn subterritories(report: &CoverageReport) -> Markup {
    let partial = report
        .subterritories
        .iter()
        .any(|sub| sub.population_located_share < 1.0);
    html! {
        div.scroll {
            table {
                caption { "Chiffres clés par sous-territoire (rayon de " (distance(report.radius_m)) ")" }
                thead {
                    tr {
                        th scope="col" { "Territoire" }
                        th.num scope="col" { "Habitants" }
                        th.num scope="col" { "Habitants couverts" }
                        th.num scope="col" { "Taux de couverture" }
                        th.num scope="col" { "Lieux" }
                        th.num scope="col" { "Lieux pour 10" (NBSP) "000 habitants" }
                        th.num scope="col" { "Distance moyenne" }
                        th.num scope="col" { "Distance pour 90" (NBSP) "%" }
                        @if partial {
                            th.num scope="col" { "Population localisée" }
                        }
                    }
                }
                tbody {
                    @for sub in &report.subterritories {
                        tr {
                            th.nowrap scope="row" { (sub.territory.nom) " " span.code { "(" (sub.territory.code) ")" } }
                            td.num { (or_missing(sub.population, integer)) }
                            td.num { (or_missing(sub.population_covered, integer)) }
                            td.num { (or_missing(sub.coverage_ratio, percent)) (bar(sub.coverage_ratio)) }
                            td.num { (whole(sub.places)) }
                            td.num { (or_missing(sub.places_per_10k, |v| decimal(v, 1))) }
                            td.num { (or_missing(sub.mean_distance_m, distance)) }
                            td.num { (or_missing(sub.p90_distance_m, distance)) }
                            @if partial {
                                td.num { (percent(sub.population_located_share)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The data-quality problems: a summary, then one table per kind of problem.
pub(super) fn quality(report: &CoverageReport, context: &HtmlContext) -> Markup {
    let lists = report
        .quality
        .lists()
        .map(|(kind, issues)| (kind.title(), issues));
    html! {
        table.figures-table {
            caption { "Problèmes relevés dans les données des lieux" }
            thead {
                tr {
                    th scope="col" { "Problème" }
                    th.num scope="col" { "Lieux concernés" }
                }
            }
            tbody {
                @for (title, issues) in &lists {
                    tr {
                        th scope="row" { (title) }
                        td.num { (issues.len()) }
                    }
                }
            }
        }
        @for (title, issues) in &lists {
            h3 { (title) " (" (issues.len()) ")" }
            @if issues.is_empty() {
                p.empty { "Aucun lieu concerné." }
            } @else {
                table {
                    caption.visually-hidden { (title) }
                    thead {
                        tr {
                            th scope="col" { "Lieu" }
                            th scope="col" { "Commune" }
                            th scope="col" { "Détail" }
                        }
                    }
                    tbody {
                        @for issue in *issues {
                            tr {
                                th scope="row" {
                                    @if let Some(href) = place_href(context, &issue.id) {
                                        a href=(href) { (issue.nom) }
                                    } @else {
                                        (issue.nom)
                                    }
                                }
                                td { (issue.commune) }
                                td { (issue.detail) }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use aiguillage_report::fixture::{context, empty_report, report};

    use super::*;

    fn plain(markup: Markup) -> String {
        markup.into_string().replace(['\u{202F}', '\u{A0}'], " ")
    }

    #[test]
    fn key_figures_are_french() {
        let text = plain(key_figures(&report()));
        assert!(
            text.contains("<dd>252 301<small>habitants localisés (99,5 % de la population)</small></dd>"),
            "{text}"
        );
        assert!(text.contains("91,9 %"));
        assert!(text.contains("<dd>1,5 km<small>"));
        assert!(text.contains("<dd>1,7</dd>"), "{text}");
        assert!(text.contains("<dd>612 m<small>"));
        assert!(text.contains("<strong>Approximation.</strong>"));
        assert!(text.contains("1 204 habitants de communes dont le contour est inconnu"));
        assert!(text.contains("« Aide aux démarches administratives »"));
        assert!(text.contains("Chiffres calculés le 23 novembre 2026."));
    }

    #[test]
    fn unknown_figures_are_dashes() {
        let text = plain(key_figures(&empty_report()));
        assert!(text.contains("<dd>—</dd>"), "{text}");
        assert!(!text.contains("Approximation"));
        assert!(text.contains("Lieux retenus : tous"));
    }

    #[test]
    fn change_is_signed() {
        let report = report();
        let previous = report.previous.clone().expect("the fixture has a snapshot");
        let text = plain(change(&report, &previous));
        assert!(text.contains("Évolution entre le 12 mai 2026 et le 23 novembre 2026"));
        assert!(text.contains("<td class=\"num\">+1,2 pt</td>"), "{text}");
        assert!(text.contains("<td class=\"num\">\u{2212}3 lieux</td>"), "{text}");
        assert!(text.contains("<td class=\"num\">0 hab.</td>"), "{text}");
        assert!(text.contains("<td class=\"num\">+3 001 hab.</td>"), "{text}");
    }

    #[test]
    fn counts_are_sorted_largest_first() {
        let text = kinds(&report()).into_string();
        let bib = text.find(">BIB<").unwrap_or(usize::MAX);
        let tiers = text.find(">TIERS_LIEUX<").unwrap_or(usize::MAX);
        let mds = text.find(">MDS<").unwrap_or(usize::MAX);
        assert!(bib < tiers && tiers < mds, "{text}");
    }

    #[test]
    fn white_zones_are_summed_up_and_listed() {
        let text = plain(white_zones(&report()));
        assert!(
            text.contains("2 zones blanches regroupent 20 431 habitants, soit 8,1 % de la population"),
            "{text}"
        );
        assert!(
            text.contains("<th scope=\"row\">n° 1</th><td class=\"num\">12 840</td>"),
            "{text}"
        );
        assert!(text.contains("0,24 km²"));
        assert!(text.contains("<td class=\"num\">—</td>"));
        let empty = plain(white_zones(&empty_report()));
        assert!(empty.contains("Aucune zone blanche."));
        assert!(!empty.contains("<table"));
    }

    #[test]
    fn communes_without_place_keep_the_order_of_the_report() {
        let text = plain(communes_without_place(&report()));
        let feyzin = text.find("Feyzin").unwrap_or(usize::MAX);
        let fontaines = text.find("Fontaines-Saint-Martin").unwrap_or(usize::MAX);
        let poleymieux = text.find("Poleymieux").unwrap_or(usize::MAX);
        assert!(feyzin < fontaines && fontaines < poleymieux, "{text}");
        assert!(
            text.contains("3 communes sans lieu, où vivent 14 517 habitants selon l'INSEE."),
            "{text}"
        );
    }

    #[test]
    fn subterritories_are_named_by_level() {
        let report = report();
        assert_eq!(subterritories_title(&report.subterritories), "Détail par commune");
        assert_eq!(subterritories_title(&[]), "Détail par sous-territoire");
        let text = plain(subterritories(&report));
        assert!(
            text.contains("Vaulx-en-Velin <span class=\"code\">(69256)</span>"),
            "{text}"
        );
        assert!(text.contains("846 m"));
    }

    #[test]
    fn quality_links_places_when_served() {
        let report = report();
        let mut context = context();
        let text = quality(&report, &context).into_string();
        assert!(text.contains("<a href=\"/lieux/mednum-0012\">Espace numérique Grand Clément</a>"));
        assert!(text.contains("<h3>Mise à jour de plus de 12 mois (2)</h3>"));
        assert!(text.contains("<h3>Sans service (0)</h3>"));
        context.standalone = true;
        let text = quality(&report, &context).into_string();
        assert!(!text.contains("<a "));
    }
}
