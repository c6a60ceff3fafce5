//! The map: the territory's outline, its sub-territories, the white zones and the places, as
//! inline SVG drawn on the server.
//!
//! Longitudes and latitudes are projected with an equirectangular projection whose
//! longitudes are scaled by the cosine of the mean latitude, which keeps shapes right at the
//! scale of a territory. Rings are simplified to a third of a pixel and rounded to 0.1 px so
//! the page stays small, and rings that end up flat are left out.

use aiguillage_coverage::CoverageReport;
use aiguillage_report::HtmlContext;
use geo::{Coord, LineString, MultiPolygon, Simplify};
use maud::{html, Markup};

use super::number::{count, distance, integer};

/// Largest width of the drawing, in px.
const MAX_WIDTH: f64 = 800.0;
/// Largest height of the drawing (scale bar included), in px.
const MAX_HEIGHT: f64 = 600.0;
/// Margin around the drawing, in px.
const PAD: f64 = 12.0;
/// Room under the drawing for the scale bar, in px.
const SCALE_BAR_ROOM: f64 = 30.0;
/// Smallest span drawn, in degrees of latitude (about 550 m), so one place is not a zoom to
/// infinity.
const MIN_SPAN_DEG: f64 = 0.005;
/// Length of a degree of latitude, in metres (mean Earth radius 6,371,008.8 m).
const METRES_PER_DEGREE: f64 = 111_195.08;
/// Lengths the scale bar may show, in metres.
const SCALE_LENGTHS: [f64; 13] = [
    50.0, 100.0, 200.0, 500.0, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5,
];
/// Tolerance of the simplification of rings, in px.
const SIMPLIFY_PX: f64 = 0.33;

/// Colours of the layers (fill or stroke), shared by the drawing and its legend.
pub(super) mod colour {
    /// Fill of the territory.
    pub const TERRITORY_FILL: &str = "#f1f4f8";
    /// Outline of the territory.
    pub const TERRITORY_STROKE: &str = "#1b1b1b";
    /// Outlines of the sub-territories.
    pub const SUBTERRITORY_STROKE: &str = "#6b7280";
    /// Fill of white zones (drawn at [`ZONE_OPACITY`]).
    pub const ZONE_FILL: &str = "#e8590c";
    /// Outline of white zones.
    pub const ZONE_STROKE: &str = "#9a3412";
    /// Opacity of the fill of white zones.
    pub const ZONE_OPACITY: &str = "0.55";
    /// Places.
    pub const PLACE: &str = "#0b57a4";
}

/// Longitude/latitude extent of what is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bounds {
    west: f64,
    east: f64,
    south: f64,
    north: f64,
}

/// Whether a point is a real longitude/latitude.
fn valid(lon: f64, lat: f64) -> bool {
    lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0
}

/// Adds a point to an extent, unless it is not a real longitude/latitude.
fn extend(bounds: Option<Bounds>, lon: f64, lat: f64) -> Option<Bounds> {
    if !valid(lon, lat) {
        return bounds;
    }
    Some(match bounds {
        None => Bounds {
            west: lon,
            east: lon,
            south: lat,
            north: lat,
        },
        Some(b) => Bounds {
            west: b.west.min(lon),
            east: b.east.max(lon),
            south: b.south.min(lat),
            north: b.north.max(lat),
        },
    })
}

/// Adds the exterior rings of a shape to an extent.
fn extend_shape(bounds: Option<Bounds>, shape: &MultiPolygon<f64>) -> Option<Bounds> {
    shape
        .iter()
        .flat_map(|polygon| polygon.exterior().coords())
        .fold(bounds, |b, c| extend(b, c.x, c.y))
}

/// `(low, high)` widened around its middle to at least `span`.
fn widen(low: f64, high: f64, span: f64) -> (f64, f64) {
    if high - low >= span {
        (low, high)
    } else {
        let middle = (low + high) / 2.0;
        (middle - span / 2.0, middle + span / 2.0)
    }
}

/// From longitude/latitude to the drawing's px.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Projection {
    west: f64,
    north: f64,
    /// Cosine of the mean latitude: px per degree of longitude / px per degree of latitude.
    kx: f64,
    /// px per degree of latitude.
    scale: f64,
    /// Width of the drawing, margins included.
    width: f64,
    /// Height of the drawing, margins and scale bar included.
    height: f64,
}

impl Projection {
    /// The projection fitting `bounds` into [`MAX_WIDTH`] × [`MAX_HEIGHT`], keeping its
    /// aspect.
    fn fit(bounds: Bounds) -> Projection {
        let mean_latitude = (bounds.south + bounds.north) / 2.0;
        // Bounds are real latitudes, so the cosine is ≥ 0; the floor only keeps the poles
        // finite.
        let kx = mean_latitude.to_radians().cos().max(0.05);
        let (west, east) = widen(bounds.west, bounds.east, MIN_SPAN_DEG / kx);
        let (south, north) = widen(bounds.south, bounds.north, MIN_SPAN_DEG);
        let width_deg = (east - west) * kx;
        let height_deg = north - south;
        let scale =
            ((MAX_WIDTH - 2.0 * PAD) / width_deg).min((MAX_HEIGHT - 2.0 * PAD - SCALE_BAR_ROOM) / height_deg);
        Projection {
            west,
            north,
            kx,
            scale,
            width: width_deg * scale + 2.0 * PAD,
            height: height_deg * scale + 2.0 * PAD + SCALE_BAR_ROOM,
        }
    }

    /// A point in px, `None` when it is not a real longitude/latitude.
    fn project(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        valid(lon, lat).then_some((
            PAD + (lon - self.west) * self.kx * self.scale,
            PAD + (self.north - lat) * self.scale,
        ))
    }

    /// The SVG path data of a shape (`evenodd` fill rule for holes), empty when every ring
    /// is degenerate.
    fn path_data(&self, shape: &MultiPolygon<f64>) -> String {
        let mut data = String::new();
        for polygon in shape {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                self.push_ring(&mut data, ring);
            }
        }
        data
    }

    /// Appends a ring to path data: projected, simplified, rounded to 0.1 px, without
    /// repeated points; left out when fewer than 3 points remain or they are aligned.
    fn push_ring(&self, data: &mut String, ring: &LineString<f64>) {
        let projected: LineString<f64> = ring
            .coords()
            .filter_map(|c| self.project(c.x, c.y))
            .map(|(x, y)| Coord { x, y })
            .collect();
        let mut points: Vec<(i64, i64)> = Vec::with_capacity(projected.0.len());
        for c in projected.simplify(SIMPLIFY_PX).coords() {
            // Finite and within a few million px: the conversion is exact.
            let point = ((c.x * 10.0).round() as i64, (c.y * 10.0).round() as i64);
            if points.last() != Some(&point) {
                points.push(point);
            }
        }
        if points.len() > 1 && points.first() == points.last() {
            points.pop();
        }
        if points.len() < 3 || twice_area(&points) == 0 {
            return;
        }
        for (i, (x, y)) in points.iter().enumerate() {
            data.push(if i == 0 { 'M' } else { 'L' });
            data.push_str(&tenths(*x));
            data.push(' ');
            data.push_str(&tenths(*y));
        }
        data.push('Z');
    }

    /// Metres per px on the ground.
    fn metres_per_px(&self) -> f64 {
        METRES_PER_DEGREE / self.scale
    }
}

/// Twice the signed area of a ring of points (shoelace), exact.
fn twice_area(points: &[(i64, i64)]) -> i128 {
    let n = points.len();
    (0..n)
        .map(|i| {
            let (x1, y1) = points[i];
            let (x2, y2) = points[(i + 1) % n];
            i128::from(x1) * i128::from(y2) - i128::from(x2) * i128::from(y1)
        })
        .sum()
}

/// A number of tenths written as a decimal number: `123` → `12.3`, `120` → `12`.
fn tenths(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let magnitude = value.unsigned_abs();
    match magnitude % 10 {
        0 => format!("{sign}{}", magnitude / 10),
        digit => format!("{sign}{}.{digit}", magnitude / 10),
    }
}

/// A px coordinate rounded to 0.1 px, for attributes.
pub(super) fn px(value: f64) -> String {
    if value.is_finite() {
        // Finite px values of a drawing are small: the conversion is exact.
        tenths((value * 10.0).round() as i64)
    } else {
        "0".to_owned()
    }
}

/// A sub-territory outline ready to draw.
struct Outline {
    label: String,
    data: String,
}

/// A white zone ready to draw.
struct Zone {
    label: String,
    data: String,
}

/// A place ready to draw.
struct Dot {
    nom: String,
    x: f64,
    y: f64,
}

/// The map figure, or a sentence when there is nothing to draw.
pub(super) fn map(report: &CoverageReport, context: &HtmlContext) -> Markup {
    let outlines = context.subterritory_outlines.iter().map(|(_, shape)| shape);
    let fitted = context
        .outline
        .as_ref()
        .and_then(|outline| outlines.clone().fold(extend_shape(None, outline), extend_shape));
    let bounds = fitted.or_else(|| {
        let mut bounds = outlines.fold(None, extend_shape);
        bounds = report
            .white_zones
            .iter()
            .flat_map(|w| &w.zones)
            .fold(bounds, |b, zone| extend_shape(b, &zone.geometry));
        context.places.iter().fold(bounds, |b, p| extend(b, p.lon, p.lat))
    });
    let Some(bounds) = bounds else {
        return html! {
            p.empty { "Ni contour, ni lieu, ni zone blanche à représenter : pas de carte pour ce territoire." }
        };
    };
    let projection = Projection::fit(bounds);

    let territory = context
        .outline
        .as_ref()
        .map(|outline| projection.path_data(outline))
        .filter(|data| !data.is_empty());
    let outlines: Vec<Outline> = context
        .subterritory_outlines
        .iter()
        .map(|(code, shape)| {
            let nom = report
                .subterritories
                .iter()
                .find(|sub| &sub.territory.code == code)
                .map(|sub| sub.territory.nom.as_str());
            Outline {
                label: match nom {
                    Some(nom) => format!("{nom} ({code})"),
                    None => code.clone(),
                },
                data: projection.path_data(shape),
            }
        })
        .filter(|outline| !outline.data.is_empty())
        .collect();
    let zones: Vec<Zone> = report
        .white_zones
        .iter()
        .flat_map(|w| &w.zones)
        .map(|zone| Zone {
            label: format!(
                "Zone blanche n° {} : {}",
                zone.rank,
                count_residents(zone.population)
            ),
            data: projection.path_data(&zone.geometry),
        })
        .filter(|zone| !zone.data.is_empty())
        .collect();
    let dots: Vec<Dot> = context
        .places
        .iter()
        .filter_map(|place| {
            let (x, y) = projection.project(place.lon, place.lat)?;
            let inside = (0.0..=projection.width).contains(&x) && (0.0..=projection.height).contains(&y);
            inside.then(|| Dot {
                nom: place.nom.clone(),
                x,
                y,
            })
        })
        .collect();

    let description = describe(report, territory.is_some(), &outlines, &zones, &dots);
    let (bar_metres, bar_px) = scale_bar(&projection);
    let bar_y = projection.height - PAD - 8.0;
    let not_located = report.quality.no_coordinates.len();
    html! {
        figure.map {
            svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="svg-carte-titre svg-carte-desc"
                viewBox={ "0 0 " (px(projection.width)) " " (px(projection.height)) }
                width=(px(projection.width)) height=(px(projection.height)) {
                title #svg-carte-titre { "Carte de " (report.territory.nom) }
                desc #svg-carte-desc { (description) }
                @if let Some(data) = &territory {
                    path d=(data) fill=(colour::TERRITORY_FILL) fill-rule="evenodd" stroke="none" {}
                }
                @for zone in &zones {
                    path d=(zone.data) fill=(colour::ZONE_FILL) fill-opacity=(colour::ZONE_OPACITY)
                        fill-rule="evenodd" stroke=(colour::ZONE_STROKE) stroke-width="1" {
                        title { (zone.label) }
                    }
                }
                @for outline in &outlines {
                    path d=(outline.data) fill="none" stroke=(colour::SUBTERRITORY_STROKE) stroke-width="0.75"
                        stroke-linejoin="round" {
                        title { (outline.label) }
                    }
                }
                @if let Some(data) = &territory {
                    path d=(data) fill="none" stroke=(colour::TERRITORY_STROKE) stroke-width="1.5"
                        stroke-linejoin="round" {}
                }
                @for dot in &dots {
                    circle cx=(px(dot.x)) cy=(px(dot.y)) r="3.5" fill=(colour::PLACE) stroke="#ffffff"
                        stroke-width="1" {
                        title { (dot.nom) }
                    }
                }
                g.scale-bar aria-hidden="true" {
                    path d={ "M" (px(PAD)) " " (px(bar_y - 5.0)) "v5h" (px(bar_px)) "v-5" }
                        fill="none" stroke=(colour::TERRITORY_STROKE) stroke-width="1.5" {}
                    text x=(px(PAD + bar_px + 6.0)) y=(px(bar_y + 1.0)) { (distance(bar_metres)) }
                }
            }
            figcaption {
                ul.legend {
                    @if territory.is_some() {
                        li { (swatch_area(colour::TERRITORY_FILL, "1", colour::TERRITORY_STROKE)) "Territoire" }
                    }
                    @if !outlines.is_empty() {
                        li { (swatch_line(colour::SUBTERRITORY_STROKE)) "Limites des sous-territoires" }
                    }
                    @if !zones.is_empty() {
                        li {
                            (swatch_area(colour::ZONE_FILL, colour::ZONE_OPACITY, colour::ZONE_STROKE))
                            "Zone blanche : habitants sans lieu à moins de " (distance(report.radius_m))
                        }
                    }
                    @if !dots.is_empty() {
                        li { (swatch_dot()) "Lieu de médiation numérique" }
                    }
                }
                @if let Some(w) = report.white_zones.as_ref().filter(|w| w.zones.len() < usize::try_from(w.count).unwrap_or(usize::MAX)) {
                    p.note {
                        "Seules les " (w.zones.len()) " zones blanches les plus peuplées sont \
                         dessinées, sur " (w.count) "."
                    }
                }
                @if not_located > 0 {
                    p.note {
                        (count(u32::try_from(not_located).unwrap_or(u32::MAX), "lieu", "lieux"))
                        " sans coordonnées " (if not_located > 1 { "ne sont pas représentés" } else { "n'est pas représenté" })
                        " (voir « Qualité des données »)."
                    }
                }
            }
        }
    }
}

/// `n habitants`, rounded.
fn count_residents(population: f64) -> String {
    let text = integer(population);
    if population.round().abs() > 1.0 {
        format!("{text}\u{A0}habitants")
    } else {
        format!("{text}\u{A0}habitant")
    }
}

/// The text alternative of the map: what is drawn.
fn describe(
    report: &CoverageReport,
    territory: bool,
    outlines: &[Outline],
    zones: &[Zone],
    dots: &[Dot],
) -> String {
    let mut parts = Vec::new();
    if territory {
        parts.push(format!("contour de {}", report.territory.nom));
    }
    if !outlines.is_empty() {
        parts.push(format!("limites de {} sous-territoires", outlines.len()));
    }
    if !zones.is_empty() {
        parts.push(format!(
            "{} en orange, où personne n'a de lieu à moins de {}",
            if zones.len() > 1 {
                format!("{} zones blanches", zones.len())
            } else {
                "1 zone blanche".to_owned()
            },
            distance(report.radius_m)
        ));
    }
    if !dots.is_empty() {
        parts.push(format!(
            "{} en bleu",
            count(u32::try_from(dots.len()).unwrap_or(u32::MAX), "lieu", "lieux")
        ));
    }
    let mut text = parts.join(", ");
    if let Some(first) = text.chars().next() {
        text.replace_range(..first.len_utf8(), &first.to_uppercase().collect::<String>());
    }
    text.push('.');
    text
}

/// The scale bar: a round length about a quarter of the map's width, and its length in px.
fn scale_bar(projection: &Projection) -> (f64, f64) {
    let metres_per_px = projection.metres_per_px();
    let target = (projection.width - 2.0 * PAD) / 4.0 * metres_per_px;
    let metres = SCALE_LENGTHS
        .iter()
        .copied()
        .rev()
        .find(|length| *length <= target)
        .unwrap_or(SCALE_LENGTHS[0]);
    (metres, metres / metres_per_px)
}

/// A legend swatch for an area.
fn swatch_area(fill: &str, opacity: &str, stroke: &str) -> Markup {
    html! {
        svg.swatch width="18" height="12" viewBox="0 0 18 12" aria-hidden="true" {
            rect x="1" y="1" width="16" height="10" fill=(fill) fill-opacity=(opacity) stroke=(stroke) {}
        }
    }
}

/// A legend swatch for a line.
fn swatch_line(stroke: &str) -> Markup {
    html! {
        svg.swatch width="18" height="12" viewBox="0 0 18 12" aria-hidden="true" {
            path d="M1 6h16" stroke=(stroke) stroke-width="1.5" {}
        }
    }
}

/// The legend swatch of places.
fn swatch_dot() -> Markup {
    html! {
        svg.swatch width="18" height="12" viewBox="0 0 18 12" aria-hidden="true" {
            circle cx="9" cy="6" r="4" fill=(colour::PLACE) stroke="#ffffff" stroke-width="1" {}
        }
    }
}

#[cfg(test)]
mod tests {
    use aiguillage_report::fixture::{context, empty_report, report, square};
    use aiguillage_report::MapPlace;
    use geo::polygon;

    use super::*;

    fn bounds(west: f64, east: f64, south: f64, north: f64) -> Bounds {
        Bounds {
            west,
            east,
            south,
            north,
        }
    }

    #[test]
    fn projection_keeps_the_aspect_and_fits_the_box() {
        // 0.2° of longitude at 45° N is as wide on the ground as 0.1414° of latitude.
        let p = Projection::fit(bounds(4.8, 5.0, 45.7, 45.8));
        assert!((p.width - MAX_WIDTH).abs() < 1e-9 || (p.height - MAX_HEIGHT).abs() < 1e-9);
        let ratio = (p.width - 2.0 * PAD) / (p.height - 2.0 * PAD - SCALE_BAR_ROOM);
        let expected = 0.2 * 45.75_f64.to_radians().cos() / 0.1;
        assert!((ratio - expected).abs() < 1e-9, "{ratio} vs {expected}");
        assert_eq!(p.project(4.8, 45.8), Some((PAD, PAD)));
        let (x, y) = p.project(5.0, 45.7).unwrap_or_default();
        assert!((x - (p.width - PAD)).abs() < 1e-9);
        assert!((y - (p.height - PAD - SCALE_BAR_ROOM)).abs() < 1e-9);
        assert_eq!(p.project(f64::NAN, 45.0), None);
        assert_eq!(p.project(4.9, 95.0), None);
    }

    #[test]
    fn a_single_point_gets_a_minimum_span() {
        let p = Projection::fit(bounds(4.85, 4.85, 45.75, 45.75));
        assert!(p.width.is_finite() && p.height.is_finite());
        let (x, y) = p.project(4.85, 45.75).unwrap_or_default();
        assert!((x - p.width / 2.0).abs() < 1e-6);
        assert!((y - (p.height - SCALE_BAR_ROOM) / 2.0).abs() < 1e-6);
    }

    #[test]
    fn rings_are_rounded_and_degenerate_ones_skipped() {
        let p = Projection::fit(bounds(0.0, 1.0, 0.0, 1.0));
        let data = p.path_data(&square(0.0, 0.0, 1.0));
        assert!(data.starts_with('M') && data.ends_with('Z'), "{data}");
        assert_eq!(data.matches('L').count(), 3, "{data}");
        assert!(data
            .split(['M', 'L', 'Z', ' '])
            .all(|n| n.split_once('.').is_none_or(|(_, d)| d.len() == 1)));
        let flat = MultiPolygon(vec![
            polygon![(x: 0.0, y: 0.0), (x: 0.5, y: 0.5), (x: 1.0, y: 1.0), (x: 0.0, y: 0.0)],
        ]);
        assert_eq!(p.path_data(&flat), "");
        let tiny = square(0.5, 0.5, 1e-7);
        assert_eq!(p.path_data(&tiny), "");
        assert_eq!(p.path_data(&MultiPolygon(vec![])), "");
    }

    #[test]
    fn tenths_are_written_compactly() {
        assert_eq!(tenths(123), "12.3");
        assert_eq!(tenths(120), "12");
        assert_eq!(tenths(0), "0");
        assert_eq!(tenths(-5), "-0.5");
        assert_eq!(tenths(-120), "-12");
        assert_eq!(px(f64::NAN), "0");
        assert_eq!(px(12.345), "12.3");
    }

    #[test]
    fn scale_bar_is_a_round_length() {
        let p = Projection::fit(bounds(4.8, 5.0, 45.7, 45.8));
        let (metres, length) = scale_bar(&p);
        assert!(SCALE_LENGTHS.contains(&metres));
        assert!(length > 0.0 && length <= (p.width - 2.0 * PAD) / 4.0 + 1e-9);
    }

    #[test]
    fn map_draws_every_layer() {
        let page = map(&report(), &context()).into_string();
        assert!(page.contains("<svg"), "{page}");
        // Territory (fill and stroke), sub-territories, zones, scale bar, legend line.
        assert_eq!(page.matches("<path").count(), 2 + 3 + 2 + 1 + 1, "{page}");
        assert_eq!(page.matches("<circle").count(), 5 + 1, "{page}");
        assert!(page.contains("Villeurbanne (69266)"));
        assert!(page.contains("Zone blanche n° 1 : 12\u{202F}840\u{A0}habitants"));
        assert!(page.contains("role=\"img\""));
        assert!(page.contains("<desc id=\"svg-carte-desc\">Contour de Métropole de Lyon"));
        assert!(page.contains("1\u{A0}lieu sans coordonnées n'est pas représenté"));
    }

    #[test]
    fn without_outline_the_map_fits_places_and_zones() {
        let mut context = context();
        context.outline = None;
        context.subterritory_outlines.clear();
        let page = map(&report(), &context).into_string();
        assert_eq!(page.matches("<path").count(), 2 + 1, "{page}");
        assert_eq!(page.matches("<circle").count(), 5 + 1, "{page}");
        assert!(!page.contains("Territoire</li>"));
    }

    #[test]
    fn places_outside_the_outline_are_not_drawn() {
        let mut context = context();
        context.places.push(MapPlace {
            id: "loin".to_owned(),
            nom: "Lieu à Marseille".to_owned(),
            lat: 43.3,
            lon: 5.37,
        });
        let page = map(&report(), &context).into_string();
        assert!(!page.contains("Lieu à Marseille"));
    }

    #[test]
    fn nothing_to_draw_is_a_sentence() {
        let page = map(&empty_report(), &HtmlContext::default()).into_string();
        assert!(!page.contains("<svg"));
        assert!(page.contains("pas de carte"));
    }
}
