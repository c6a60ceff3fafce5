//! `[coordinates]`: reading positions however a source writes them.

use aiguillage_geo::Crs;
use aiguillage_model::Problem;

use crate::rule::cell;
use crate::spec::CoordinatesSpec;
use crate::{Cells, MappingError};

/// Where positions come from.
#[derive(Debug, Clone)]
pub(crate) enum Coordinates {
    Degrees { latitude: String, longitude: String },
    Point { column: String, lon_first: bool },
    Projected { x: String, y: String, crs: Crs },
}

impl Coordinates {
    pub(crate) fn new(spec: CoordinatesSpec) -> Result<Coordinates, MappingError> {
        let invalid = |reason: &str| MappingError::Invalid {
            at: "coordinates".to_owned(),
            reason: reason.to_owned(),
        };
        match spec {
            CoordinatesSpec {
                latitude: Some(latitude),
                longitude: Some(longitude),
                point: None,
                x: None,
                y: None,
                crs: None,
                order: None,
            } => Ok(Coordinates::Degrees { latitude, longitude }),
            CoordinatesSpec {
                point: Some(column),
                latitude: None,
                longitude: None,
                x: None,
                y: None,
                crs: None,
                order,
            } => {
                let lon_first = match order.as_deref().map(str::trim) {
                    None | Some("lat,lon") => false,
                    Some("lon,lat") => true,
                    Some(_) => return Err(invalid("`order` is \"lat,lon\" or \"lon,lat\"")),
                };
                Ok(Coordinates::Point { column, lon_first })
            }
            CoordinatesSpec {
                x: Some(x),
                y: Some(y),
                crs: Some(crs),
                latitude: None,
                longitude: None,
                point: None,
                order: None,
            } => {
                let crs = Crs::parse(&crs).ok_or_else(|| MappingError::Invalid {
                    at: "coordinates.crs".to_owned(),
                    reason: format!("unknown coordinate system « {crs} » (try \"EPSG:2154\")"),
                })?;
                Ok(Coordinates::Projected { x, y, crs })
            }
            _ => Err(invalid(
                "give `latitude` and `longitude`, or `point` (with an optional `order`), or `x`, `y` and `crs`",
            )),
        }
    }

    /// The columns read.
    pub(crate) fn columns(&self) -> Vec<&str> {
        match self {
            Coordinates::Degrees { latitude, longitude } => vec![latitude, longitude],
            Coordinates::Point { column, .. } => vec![column],
            Coordinates::Projected { x, y, .. } => vec![x, y],
        }
    }

    /// `(latitude, longitude)` in WGS84 degrees, `None` when the row has none; unreadable
    /// values, and one coordinate without the other, are errors on `latitude`/`longitude`
    /// (the row keeps no position), as the validator treats a standard row.
    pub(crate) fn read(&self, cells: &Cells, problems: &mut Vec<Problem>) -> Option<(f64, f64)> {
        match self {
            Coordinates::Degrees { latitude, longitude } => both(
                Axis::read(cells, latitude, "latitude", problems),
                Axis::read(cells, longitude, "longitude", problems),
                problems,
            ),
            Coordinates::Point { column, lon_first } => {
                let text = cell(cells, column)?;
                match point(text, *lon_first) {
                    Some(position) => Some(position),
                    None => {
                        problems.push(Problem::error(
                            "latitude",
                            format!("« {text} » (column {column}) is not a pair of coordinates"),
                        ));
                        None
                    }
                }
            }
            Coordinates::Projected { x, y, crs } => {
                let (easting, northing) = both(
                    Axis::read(cells, x, "longitude", problems),
                    Axis::read(cells, y, "latitude", problems),
                    problems,
                )?;
                match crs.to_wgs84(easting, northing) {
                    Ok(position) => Some((position.lat, position.lon)),
                    Err(e) => {
                        problems.push(Problem::error("latitude", format!("columns {x}/{y}: {e}")));
                        None
                    }
                }
            }
        }
    }
}

/// One coordinate of a row, as read from its column.
struct Axis<'m> {
    column: &'m str,
    /// The standard field it becomes (a projected x becomes the longitude).
    field: &'static str,
    /// `None` when the cell is empty, `Err` when it is not a number (already reported).
    value: Option<Result<f64, ()>>,
}

impl<'m> Axis<'m> {
    /// The number in `column`, with a decimal point or a French decimal comma; an
    /// unreadable one is reported on `field`.
    fn read(cells: &Cells, column: &'m str, field: &'static str, problems: &mut Vec<Problem>) -> Axis<'m> {
        let value = cell(cells, column).map(|text| {
            parse_number(text).ok_or_else(|| {
                problems.push(Problem::error(
                    field,
                    format!("« {text} » (column {column}) is not a number"),
                ));
            })
        });
        Axis { column, field, value }
    }
}

/// Both coordinates, or none. Half a position is an error on the missing one (the
/// validator's « latitude is given without longitude »), not silently dropped: the source
/// lost a cell and must be fixed.
fn both(first: Axis<'_>, second: Axis<'_>, problems: &mut Vec<Problem>) -> Option<(f64, f64)> {
    match (first.value, second.value) {
        (Some(Ok(a)), Some(Ok(b))) => Some((a, b)),
        (Some(Ok(_)), None) => {
            problems.push(without(&first, &second));
            None
        }
        (None, Some(Ok(_))) => {
            problems.push(without(&second, &first));
            None
        }
        // Nothing, or an unreadable value already reported.
        _ => None,
    }
}

/// The error of a position whose `missing` coordinate is empty.
fn without(given: &Axis<'_>, missing: &Axis<'_>) -> Problem {
    Problem::error(
        missing.field,
        format!(
            "{} is given without {} (column {} is empty)",
            given.field, missing.field, missing.column
        ),
    )
}

/// `48.39`, `48,39` (a single comma and no point: a decimal comma) or ` 48.39 `.
///
/// ```
/// # use aiguillage_ingest_mapping::parse_number;
/// assert_eq!(parse_number("475198,121680863"), Some(475198.121680863));
/// assert_eq!(parse_number("-4.48"), Some(-4.48));
/// assert_eq!(parse_number("1,000.5"), None);
/// ```
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let normalised = if !text.contains('.') && text.matches(',').count() == 1 {
        text.replace(',', ".")
    } else {
        text.to_owned()
    };
    normalised.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// `"48.39, -4.48"`, `"48.39 -4.48"` or `{'lon': -4.48, 'lat': 48.39}` (Python dict or JSON).
fn point(text: &str, lon_first: bool) -> Option<(f64, f64)> {
    if text.contains("lat") {
        let value = |key: &str| -> Option<f64> {
            let after = &text[text.find(key)? + key.len()..];
            let after = after.trim_start_matches(['\'', '"', ':', ' ']);
            let end = after
                .find(|c: char| {
                    !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')
                })
                .unwrap_or(after.len());
            after[..end].parse().ok()
        };
        // « lon » before « lat »: the key names are prefixes of nothing else here.
        return Some((value("lat")?, value("lon")?));
    }
    let numbers: Vec<f64> = text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<f64>().ok().filter(|n| n.is_finite()))
        .collect::<Option<Vec<_>>>()?;
    match numbers[..] {
        [a, b] if lon_first => Some((b, a)),
        [a, b] => Some((a, b)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points() {
        assert_eq!(point("42.35473, 9.04258", false), Some((42.35473, 9.04258)));
        assert_eq!(point("9.04258 42.35473", true), Some((42.35473, 9.04258)));
        assert_eq!(
            point("{'lon': 166.468099, 'lat': -22.233939}", false),
            Some((-22.233939, 166.468099))
        );
        assert_eq!(point("{\"lat\": 1.5, \"lon\": 2}", false), Some((1.5, 2.0)));
        assert_eq!(point("42.3", false), None);
        assert_eq!(point("a, b", false), None);
    }

    fn cells(pairs: &[(&str, &str)]) -> Cells {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn half_a_position_is_an_error_on_the_missing_coordinate() {
        let degrees = Coordinates::Degrees {
            latitude: "lat".into(),
            longitude: "lon".into(),
        };
        let mut problems = Vec::new();
        assert_eq!(
            degrees.read(&cells(&[("lat", "48.39"), ("lon", "")]), &mut problems),
            None
        );
        assert_eq!(
            problems,
            [Problem::error(
                "longitude",
                "latitude is given without longitude (column lon is empty)"
            )]
        );
        let projected = Coordinates::Projected {
            x: "X".into(),
            y: "Y".into(),
            crs: Crs::parse("EPSG:2154").unwrap(),
        };
        let mut problems = Vec::new();
        assert_eq!(projected.read(&cells(&[("X", "145870,5")]), &mut problems), None);
        assert_eq!(problems[0].field, "latitude");
        // No position at all is no problem; an unreadable one is reported once.
        let mut problems = Vec::new();
        assert_eq!(degrees.read(&cells(&[]), &mut problems), None);
        assert_eq!(degrees.read(&cells(&[("lat", "abc")]), &mut problems), None);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("is not a number"));
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number(" 6692424,50691385 "), Some(6692424.50691385));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number(""), None);
    }
}
