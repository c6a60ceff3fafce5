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
    /// values are reported on `latitude`/`longitude` (and the row keeps no position).
    pub(crate) fn read(&self, cells: &Cells, problems: &mut Vec<Problem>) -> Option<(f64, f64)> {
        match self {
            Coordinates::Degrees { latitude, longitude } => {
                let lat = number(cells, latitude, "latitude", problems);
                let lon = number(cells, longitude, "longitude", problems);
                Some((lat?, lon?))
            }
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
                let easting = number(cells, x, "longitude", problems);
                let northing = number(cells, y, "latitude", problems);
                match crs.to_wgs84(easting?, northing?) {
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

/// The number in a cell, with a decimal point or a French decimal comma.
fn number(cells: &Cells, column: &str, field: &str, problems: &mut Vec<Problem>) -> Option<f64> {
    let text = cell(cells, column)?;
    let parsed = parse_number(text);
    if parsed.is_none() {
        problems.push(Problem::error(
            field,
            format!("« {text} » (column {column}) is not a number"),
        ));
    }
    parsed
}

/// `48.39`, `48,39` (a single comma and no point: a decimal comma) or ` 48.39 `.
///
/// ```
/// # use aiguillage_mapping::parse_number;
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

    #[test]
    fn numbers() {
        assert_eq!(parse_number(" 6692424,50691385 "), Some(6692424.50691385));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number(""), None);
    }
}
