//! Charts as inline SVG: coverage by radius (bars) and opening hours (heat-map), each with
//! its data as a table for those who cannot see the drawing.

use std::ops::Range;

use aiguillage_coverage::{CoverageReport, HoursCoverage, RadiusCoverage};
use maud::{html, Markup};

use super::map::px;
use super::number::{count, date, distance, hours as duration, integer, percent, whole, NNBSP};

/// Days of the week, Monday first, as in `HoursCoverage::matrix`.
pub(super) const DAYS: [&str; 7] = [
    "Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche",
];

/// Size of the bar chart, in px.
const BAR_CHART_WIDTH: f64 = 640.0;
const BAR_CHART_HEIGHT: f64 = 280.0;
/// Margins of the bar chart's plot: left (axis labels), right, top (value labels), bottom
/// (radius labels).
const BAR_LEFT: f64 = 52.0;
const BAR_RIGHT: f64 = 12.0;
const BAR_TOP: f64 = 26.0;
const BAR_BOTTOM: f64 = 36.0;
/// Bars of the chart: the radius of the report, the others.
const BAR_SELECTED: &str = "#0b3d78";
const BAR_OTHER: &str = "#5b8cc8";
/// Grid lines.
const GRID: &str = "#c9ced6";

/// Size of a heat-map cell, in px.
const CELL_WIDTH: f64 = 28.0;
const CELL_HEIGHT: f64 = 22.0;
/// Room for the day names, the hour labels and the legend, in px.
const HEAT_LEFT: f64 = 100.0;
const HEAT_TOP: f64 = 20.0;
const HEAT_LEGEND: f64 = 40.0;
/// Colour of cells where no place is open.
const HEAT_ZERO: (u8, u8, u8) = (0xf2, 0xf2, 0xf2);
/// Colours of the fewest and of the most places open.
const HEAT_LOW: (u8, u8, u8) = (0xc6, 0xdb, 0xef);
const HEAT_HIGH: (u8, u8, u8) = (0x08, 0x30, 0x6b);

/// A share clamped to 0–1 (0 when it is not a number), for drawing.
fn share(ratio: f64) -> f64 {
    if ratio.is_finite() {
        ratio.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Whether a radius is the report's.
fn is_selected(point: &RadiusCoverage, radius_m: f64) -> bool {
    (point.radius_m - radius_m).abs() < 0.5
}

/// A percentage without decimals, for labels on the chart: `87 %`.
fn whole_percent(ratio: f64) -> String {
    format!("{}{NNBSP}%", integer(ratio * 100.0))
}

/// Bars of the share of the population covered at each radius, the report's radius darker,
/// and the figures as a table.
pub(super) fn radius_chart(report: &CoverageReport) -> Markup {
    let points = &report.coverage_by_radius;
    let Some((first, last)) = points.first().zip(points.last()) else {
        return html! { p.empty { "Pas de couverture calculée pour d'autres rayons." } };
    };
    let plot_width = BAR_CHART_WIDTH - BAR_LEFT - BAR_RIGHT;
    let plot_height = BAR_CHART_HEIGHT - BAR_TOP - BAR_BOTTOM;
    // At most a few dozen radii: the conversion is exact.
    let band = plot_width / points.len() as f64;
    let bar_width = (band * 0.6).min(64.0);
    let bottom = BAR_TOP + plot_height;
    let selected = points.iter().any(|p| is_selected(p, report.radius_m));
    html! {
        figure.chart {
            svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="svg-rayons-titre svg-rayons-desc"
                viewBox={ "0 0 " (px(BAR_CHART_WIDTH)) " " (px(BAR_CHART_HEIGHT)) }
                width=(px(BAR_CHART_WIDTH)) height=(px(BAR_CHART_HEIGHT)) {
                title #svg-rayons-titre { "Part de la population ayant un lieu à moins d'une distance donnée" }
                desc #svg-rayons-desc {
                    (percent(first.coverage_ratio)) " des habitants ont un lieu à moins de "
                    (distance(first.radius_m)) ", " (percent(last.coverage_ratio)) " à moins de "
                    (distance(last.radius_m)) "."
                }
                @for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
                    @let y = bottom - tick * plot_height;
                    line x1=(px(BAR_LEFT)) x2=(px(BAR_CHART_WIDTH - BAR_RIGHT)) y1=(px(y)) y2=(px(y))
                        stroke=(GRID) stroke-width="1" {}
                    text.axis x=(px(BAR_LEFT - 6.0)) y=(px(y + 4.0)) text-anchor="end" { (whole_percent(tick)) }
                }
                @for (i, point) in points.iter().enumerate() {
                    @let centre = BAR_LEFT + band * (i as f64 + 0.5);
                    @let height = share(point.coverage_ratio) * plot_height;
                    @let chosen = is_selected(point, report.radius_m);
                    rect x=(px(centre - bar_width / 2.0)) y=(px(bottom - height)) width=(px(bar_width))
                        height=(px(height)) fill=(if chosen { BAR_SELECTED } else { BAR_OTHER }) {
                        title { (distance(point.radius_m)) " : " (percent(point.coverage_ratio)) }
                    }
                    text.value x=(px(centre)) y=(px(bottom - height - 6.0)) text-anchor="middle" {
                        (whole_percent(point.coverage_ratio))
                    }
                    text.axis x=(px(centre)) y=(px(bottom + 18.0)) text-anchor="middle"
                        font-weight=[chosen.then_some("bold")] {
                        (distance(point.radius_m))
                    }
                }
            }
            @if selected {
                figcaption {
                    "En foncé, le rayon retenu pour ce rapport (" (distance(report.radius_m)) ")."
                }
            }
        }
        details {
            summary { "Données du graphique" }
            table {
                caption { "Population ayant un lieu à moins de chaque distance" }
                thead {
                    tr {
                        th scope="col" { "Distance" }
                        th.num scope="col" { "Habitants" }
                        th.num scope="col" { "Part de la population" }
                    }
                }
                tbody {
                    @for point in points {
                        tr {
                            th scope="row" { (distance(point.radius_m)) }
                            td.num { (integer(point.population_covered)) }
                            td.num { (percent(point.coverage_ratio)) }
                        }
                    }
                }
            }
        }
    }
}

/// Places open during hour `hour` of day `day`; 0 outside the matrix.
fn open_at(hours: &HoursCoverage, day: usize, hour: usize) -> u32 {
    hours
        .matrix
        .get(day)
        .and_then(|row| row.get(hour))
        .copied()
        .unwrap_or(0)
}

/// The hours shown: 6 h–22 h when no place is open outside them, else the whole day.
fn shown_hours(hours: &HoursCoverage) -> Range<usize> {
    let outside = (0..DAYS.len()).any(|day| (0..6).chain(22..24).any(|hour| open_at(hours, day, hour) > 0));
    if outside {
        0..24
    } else {
        6..22
    }
}

/// The colour of a cell: light grey for none, then from light to dark blue.
fn heat_colour(open: u32, most: u32) -> String {
    let (r, g, b) = if open == 0 || most == 0 {
        HEAT_ZERO
    } else {
        let t = f64::from(open) / f64::from(most);
        let mix = |low: u8, high: u8| -> u8 {
            // Between two u8 values: the conversion is exact.
            (f64::from(low) + (f64::from(high) - f64::from(low)) * t).round() as u8
        };
        (
            mix(HEAT_LOW.0, HEAT_HIGH.0),
            mix(HEAT_LOW.1, HEAT_HIGH.1),
            mix(HEAT_LOW.2, HEAT_HIGH.2),
        )
    };
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// `n lieux ouverts`.
fn open_places(n: u32) -> String {
    let text = count(n, "lieu", "lieux");
    if n > 1 {
        format!("{text} ouverts")
    } else {
        format!("{text} ouvert")
    }
}

/// The heat-map of places open by day and hour, with its legend and its table.
pub(super) fn heatmap(hours: &HoursCoverage) -> Markup {
    let most = (0..DAYS.len())
        .flat_map(|day| (0..24).map(move |hour| (day, hour)))
        .map(|(day, hour)| open_at(hours, day, hour))
        .max()
        .unwrap_or(0);
    if most == 0 {
        return html! {
            p.empty { "Aucun lieu ouvert pendant la semaine de référence, ou aucun horaire connu." }
        };
    }
    let range = shown_hours(hours);
    // At most 24 columns and 7 rows: the conversions are exact.
    let columns = range.len() as f64;
    let width = HEAT_LEFT + columns * CELL_WIDTH + 4.0;
    let grid_bottom = HEAT_TOP + DAYS.len() as f64 * CELL_HEIGHT;
    let height = grid_bottom + HEAT_LEGEND;
    let steps: Vec<u32> = {
        let mut steps: Vec<u32> = [0.0, 0.25, 0.5, 0.75, 1.0]
            .iter()
            .map(|t: &f64| {
                // Between 0 and `most`: the conversion is exact.
                (t * f64::from(most)).round() as u32
            })
            .collect();
        steps.dedup();
        steps
    };
    let legend_y = grid_bottom + 14.0;
    html! {
        figure.chart {
            svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="svg-horaires-titre svg-horaires-desc"
                viewBox={ "0 0 " (px(width)) " " (px(height)) } width=(px(width)) height=(px(height)) {
                title #svg-horaires-titre { "Lieux ouverts par jour et par heure" }
                desc #svg-horaires-desc {
                    "Une ligne par jour, une colonne par heure de " (range.start) "\u{A0}h à " (range.end)
                    "\u{A0}h ; plus la case est foncée, plus il y a de lieux ouverts (au plus " (whole(most)) ")."
                }
                @for hour in range.clone() {
                    @let x = HEAT_LEFT + (hour - range.start) as f64 * CELL_WIDTH + CELL_WIDTH / 2.0;
                    text.axis x=(px(x)) y=(px(HEAT_TOP - 6.0)) text-anchor="middle" { (hour) }
                }
                @for (day, name) in DAYS.iter().enumerate() {
                    @let y = HEAT_TOP + day as f64 * CELL_HEIGHT;
                    text.axis x=(px(HEAT_LEFT - 6.0)) y=(px(y + CELL_HEIGHT / 2.0 + 4.0)) text-anchor="end" { (name) }
                    @for hour in range.clone() {
                        @let open = open_at(hours, day, hour);
                        rect x=(px(HEAT_LEFT + (hour - range.start) as f64 * CELL_WIDTH)) y=(px(y))
                            width=(px(CELL_WIDTH)) height=(px(CELL_HEIGHT)) fill=(heat_colour(open, most))
                            stroke="#ffffff" stroke-width="1" {
                            title { (name) ", " (hour) "\u{A0}h – " (hour + 1) "\u{A0}h : " (open_places(open)) }
                        }
                    }
                }
                text.axis x=(px(HEAT_LEFT - 6.0)) y=(px(legend_y + 12.0)) text-anchor="end" { "Lieux ouverts" }
                @for (i, step) in steps.iter().enumerate() {
                    @let x = HEAT_LEFT + i as f64 * 2.0 * CELL_WIDTH;
                    rect x=(px(x)) y=(px(legend_y)) width=(px(CELL_WIDTH)) height="16"
                        fill=(heat_colour(*step, most)) stroke="#8a8f98" stroke-width="0.5" {}
                    text.axis x=(px(x + CELL_WIDTH + 4.0)) y=(px(legend_y + 12.0)) { (whole(*step)) }
                }
            }
            figcaption {
                "Colonnes : heures de la journée, de " (range.start) "\u{A0}h à " (range.end) "\u{A0}h. \
                 Chaque case compte les lieux ouverts pendant l'heure qui commence."
            }
        }
        details {
            summary { "Données du graphique" }
            div.scroll {
                table.compact {
                    caption { "Nombre de lieux ouverts, par jour et par heure" }
                    thead {
                        tr {
                            th scope="col" { "Jour" }
                            @for hour in range.clone() {
                                th.num scope="col" { (hour) "\u{A0}h" }
                            }
                        }
                    }
                    tbody {
                        @for (day, name) in DAYS.iter().enumerate() {
                            tr {
                                th scope="row" { (name) }
                                @for hour in range.clone() {
                                    td.num { (whole(open_at(hours, day, hour))) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Key figures of opening hours, as a table.
pub(super) fn hours_figures(hours: &HoursCoverage) -> Markup {
    let known = hours.places_with_hours.saturating_add(hours.places_without_hours);
    html! {
        table.figures-table {
            caption { "Horaires : chiffres clés (semaine du " (date(hours.week_of)) ")" }
            tbody {
                tr {
                    th scope="row" { "Lieux aux horaires connus" }
                    td.num { (whole(hours.places_with_hours)) @if known > 0 { " sur " (whole(known)) } }
                }
                tr {
                    th scope="row" { "Lieux sans horaires lisibles" }
                    td.num { (whole(hours.places_without_hours)) }
                }
                tr {
                    th scope="row" { "Heures d'ouverture cumulées (tous lieux)" }
                    td.num { (duration(hours.open_hours_per_week)) " par semaine" }
                }
                tr {
                    th scope="row" { "Heures où au moins un lieu est ouvert" }
                    td.num { (duration(hours.hours_with_a_place_open)) " sur 168" }
                }
                tr {
                    th scope="row" { "Lieux ouverts après 18\u{A0}h en semaine" }
                    td.num { (whole(hours.evening_places)) }
                }
                tr {
                    th scope="row" { "Lieux ouverts le samedi" }
                    td.num { (whole(hours.saturday_places)) }
                }
                tr {
                    th scope="row" { "Lieux ouverts le dimanche" }
                    td.num { (whole(hours.sunday_places)) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use aiguillage_report::fixture::{empty_report, report};

    use super::*;

    #[test]
    fn bars_follow_the_ratios() {
        let chart = radius_chart(&report()).into_string();
        assert_eq!(chart.matches("<rect").count(), 6, "{chart}");
        assert_eq!(chart.matches(BAR_SELECTED).count(), 1);
        assert!(chart.contains("En foncé, le rayon retenu pour ce rapport (1,5\u{A0}km)."));
        // 100 % fills the plot: from the top margin to the bottom axis.
        let full = BAR_CHART_HEIGHT - BAR_TOP - BAR_BOTTOM;
        assert!(chart.contains(&format!("y=\"{}\"", px(BAR_TOP))));
        assert!(chart.contains(&format!("height=\"{}\"", px(full))));
        assert!(chart.contains("<caption>Population ayant un lieu à moins de chaque distance</caption>"));
        assert!(chart.contains("<th scope=\"row\">400\u{A0}m</th>"));
    }

    #[test]
    fn bars_clamp_impossible_ratios() {
        let mut report = report();
        report.coverage_by_radius[0].coverage_ratio = f64::NAN;
        report.coverage_by_radius[1].coverage_ratio = 3.0;
        let chart = radius_chart(&report).into_string();
        assert!(!chart.contains("NaN"), "{chart}");
        assert!(!chart.contains("y=\"-"), "{chart}");
    }

    #[test]
    fn no_radius_is_a_sentence() {
        let mut report = empty_report();
        report.coverage_by_radius.clear();
        assert!(!radius_chart(&report).into_string().contains("<svg"));
    }

    #[test]
    fn heatmap_shows_daytime_when_nights_are_closed() {
        let hours = report().hours;
        assert_eq!(shown_hours(&hours), 6..22);
        let map = heatmap(&hours).into_string();
        // 7 rows of 16 hours, and the legend's steps.
        assert_eq!(map.matches("<rect").count(), 7 * 16 + 5, "{map}");
        assert!(map.contains("<title>Mardi, 18\u{A0}h – 19\u{A0}h : 1\u{A0}lieu ouvert</title>"));
        assert!(map.contains("<title>Vendredi, 9\u{A0}h – 10\u{A0}h : 12\u{A0}lieux ouverts</title>"));
        assert!(map.contains("<title>Dimanche, 10\u{A0}h – 11\u{A0}h : 0\u{A0}lieu ouvert</title>"));
        assert!(!map.contains(">5\u{A0}h<"));
    }

    #[test]
    fn heatmap_shows_the_whole_day_when_a_place_opens_at_night() {
        let mut hours = report().hours;
        hours.matrix[6][23] = 1;
        assert_eq!(shown_hours(&hours), 0..24);
        let map = heatmap(&hours).into_string();
        assert_eq!(map.matches("<rect").count(), 7 * 24 + 5);
    }

    #[test]
    fn heatmap_tolerates_a_short_matrix() {
        let mut hours = report().hours;
        hours.matrix.truncate(2);
        hours.matrix[1].truncate(3);
        let map = heatmap(&hours).into_string();
        assert!(map.contains("<title>Dimanche, 21\u{A0}h – 22\u{A0}h : 0\u{A0}lieu ouvert</title>"));
    }

    #[test]
    fn colours_darken_with_the_count() {
        assert_eq!(heat_colour(0, 10), "#f2f2f2");
        assert_eq!(heat_colour(10, 10), "#08306b");
        assert_eq!(heat_colour(0, 0), "#f2f2f2");
        assert_ne!(heat_colour(1, 10), heat_colour(5, 10));
    }

    #[test]
    fn closed_week_is_a_sentence() {
        let map = heatmap(&empty_report().hours).into_string();
        assert!(!map.contains("<svg"));
        assert!(map.contains("Aucun lieu ouvert"));
    }
}
