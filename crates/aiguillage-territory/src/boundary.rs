//! Boundaries of territories, imported from GeoJSON.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use aiguillage_geo::{BoundingBox, LatLon};
use aiguillage_model::LineCounter;
use geo::{BoundingRect, Coord, Intersects, LineString, MultiPolygon, Polygon};
use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::{Admin, Level, TerritoryError, TerritoryRef};

/// The outline of one territory.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary {
    /// Code of the territory: the current INSEE code or SIREN at an administrative level,
    /// the file's code for a custom territory.
    pub code: String,
    /// Name: the official one at an administrative level, the file's for a custom
    /// territory.
    pub nom: String,
    /// Level of the territory.
    pub level: Level,
    /// Outline, longitude/latitude degrees (WGS84). Polygons of merged communes are kept
    /// side by side, not dissolved.
    pub geometry: MultiPolygon<f64>,
}

impl Boundary {
    /// The boundary of territory `code` from its geometry as GeoJSON text (as the store keeps
    /// it): a `Polygon` or a `MultiPolygon`.
    pub fn from_geometry_text(
        code: &str,
        nom: &str,
        level: Level,
        geometry: &str,
    ) -> Result<Boundary, TerritoryError> {
        let bad = |reason: String| TerritoryError::Geometry {
            level: level.as_str().to_owned(),
            code: code.to_owned(),
            reason,
        };
        let geometry: geojson::Geometry = geometry.parse().map_err(|e: geojson::Error| bad(e.to_string()))?;
        let geometry: geo::Geometry<f64> = geometry
            .try_into()
            .map_err(|e: geojson::Error| bad(e.to_string()))?;
        let geometry = match geometry {
            geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
            geo::Geometry::MultiPolygon(m) => m,
            _ => return Err(bad("not a Polygon or MultiPolygon".to_owned())),
        };
        Ok(Boundary {
            code: code.to_owned(),
            nom: nom.to_owned(),
            level,
            geometry,
        })
    }

    /// The smallest longitude/latitude rectangle holding the outline; `None` if it has no
    /// polygon. Linear in the number of vertices.
    pub fn bbox(&self) -> Option<BoundingBox> {
        self.geometry.bounding_rect().map(|r| BoundingBox {
            min_lon: r.min().x,
            min_lat: r.min().y,
            max_lon: r.max().x,
            max_lat: r.max().y,
        })
    }

    /// Whether the point is inside the outline or on its edge (so that a point on the
    /// border of two communes belongs to both). Linear in the number of vertices; use a
    /// [`Locator`](crate::Locator) for many points and boundaries.
    ///
    /// ```
    /// use aiguillage_geo::LatLon;
    /// use aiguillage_territory::{Boundary, Level};
    /// use geo::{polygon, MultiPolygon};
    /// let square = Boundary {
    ///     code: "x".into(),
    ///     nom: "Carré".into(),
    ///     level: Level::Custom,
    ///     geometry: MultiPolygon::new(vec![polygon![
    ///         (x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0),
    ///     ]]),
    /// };
    /// assert!(square.contains(LatLon::new(0.5, 0.5)));
    /// assert!(square.contains(LatLon::new(1.0, 0.5)));
    /// assert!(!square.contains(LatLon::new(1.5, 0.5)));
    /// ```
    pub fn contains(&self, point: LatLon) -> bool {
        self.geometry.intersects(&Coord {
            x: point.lon,
            y: point.lat,
        })
    }

    /// The reference to this territory.
    pub fn territory(&self) -> TerritoryRef {
        TerritoryRef {
            code: self.code.clone(),
            nom: self.nom.clone(),
            level: self.level,
        }
    }
}

/// A territory made of members without a boundary of their own, such as an EPCI or a
/// département from its communes: their polygons side by side (no dissolve, so inner
/// borders remain, which point location does not mind). Linear in the number of vertices.
pub fn union_of(code: &str, nom: &str, level: Level, members: &[&Boundary]) -> Boundary {
    Boundary {
        code: code.to_owned(),
        nom: nom.to_owned(),
        level,
        geometry: MultiPolygon::new(
            members
                .iter()
                .flat_map(|m| m.geometry.0.iter().cloned())
                .collect(),
        ),
    }
}

/// What [`read_boundaries`] found in a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoundaryFile {
    /// One boundary per territory, in the order of their first feature in the file.
    pub boundaries: Vec<Boundary>,
    /// Commune codes of the file that are former codes, with the current commune they were
    /// attached to (`(file code, current code)`), in file order.
    pub reconciled: Vec<(String, String)>,
    /// One message per rejected feature, `FILE:LINE: field: reason`, LINE being the line
    /// where the feature starts.
    pub rejected: Vec<String>,
}

/// Reads a GeoJSON FeatureCollection of Polygon and MultiPolygon features, each the outline
/// of one territory at `level`, with its code in property `code_field` and, for custom
/// territories, its name in `name_field`.
///
/// At an administrative level the code must be known to `admin` and the name is the
/// official one. At level `commune`, a former code (from a file of an earlier year) is
/// attached to the commune that absorbed it, and the polygons of several features ending
/// at the same current commune are put together (listed in
/// [`BoundaryFile::reconciled`]). A code given as a JSON number loses no leading zero:
/// it is padded to 5 digits (commune) or 2 (département, région).
///
/// A feature is rejected, with a message in [`BoundaryFile::rejected`], when its code is
/// missing or blank, its geometry is missing or not a (Multi)Polygon, a position is not a
/// WGS84 longitude/latitude (projected data), a ring has fewer than 4 positions, its code
/// is unknown at an administrative level, or its code repeats an earlier feature's at a
/// level other than commune. The others are kept.
///
/// Fails when the file cannot be read or is not a GeoJSON FeatureCollection. Cost: one
/// parse of the file, linear in its size.
///
/// ```no_run
/// use std::path::Path;
/// use aiguillage_territory::{read_boundaries, Admin, Level};
/// let file = read_boundaries(
///     Path::new("communes-29.geojson"), Level::Commune, "code", "nom", Admin::embedded(),
/// )?;
/// for message in &file.rejected {
///     eprintln!("{message}");
/// }
/// # Ok::<(), aiguillage_territory::TerritoryError>(())
/// ```
pub fn read_boundaries(
    path: &Path,
    level: Level,
    code_field: &str,
    name_field: &str,
    admin: &Admin,
) -> Result<BoundaryFile, TerritoryError> {
    let text = std::fs::read_to_string(path).map_err(|source| TerritoryError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse_boundaries(
        &text,
        &path.display().to_string(),
        level,
        code_field,
        name_field,
        admin,
    )
}

/// [`read_boundaries`] on text already in memory (an upload), `source` naming it in
/// messages.
///
/// ```
/// use aiguillage_territory::{parse_boundaries, Admin, Level};
/// let text = r#"{"type": "FeatureCollection", "features": [
///   {"type": "Feature", "properties": {"code": "49181"},
///    "geometry": {"type": "Polygon", "coordinates": [[[0, 47], [1, 47], [1, 48], [0, 47]]]}},
///   {"type": "Feature", "properties": {"code": ""}, "geometry": null}
/// ]}"#;
/// let file = parse_boundaries(text, "upload.geojson", Level::Commune, "code", "nom", Admin::embedded())?;
/// assert_eq!(file.boundaries[0].nom, "Tuffalun");
/// assert_eq!(file.reconciled, [("49181".to_owned(), "49003".to_owned())]);
/// assert_eq!(file.rejected, ["upload.geojson:4: code: missing or blank"]);
/// # Ok::<(), aiguillage_territory::TerritoryError>(())
/// ```
pub fn parse_boundaries(
    text: &str,
    source: &str,
    level: Level,
    code_field: &str,
    name_field: &str,
    admin: &Admin,
) -> Result<BoundaryFile, TerritoryError> {
    parse_boundaries_where(text, source, level, code_field, name_field, admin, |_| true)
}

/// [`parse_boundaries`] keeping only the features whose code `keep` accepts: the code as the
/// file gives it (trimmed, padded when given as a number, possibly a former commune code).
/// The other features are skipped before their geometry is read, neither kept nor rejected,
/// so that an extract of a national file (`territories fetch --departement`) reports only the
/// problems of the territories it asked for. Features without a usable code are still
/// rejected, since nothing tells where they belong. Messages give the lines of the file.
///
/// ```
/// use aiguillage_territory::{parse_boundaries_where, Admin, Level};
/// let square = r#"{"type": "Polygon", "coordinates": [[[0, 47], [1, 47], [1, 48], [0, 47]]]}"#;
/// let text = format!(r#"{{"type": "FeatureCollection", "features": [
///   {{"type": "Feature", "properties": {{"code": "29019"}}, "geometry": {square}}},
///   {{"type": "Feature", "properties": {{"code": "56260"}}, "geometry": null}}
/// ]}}"#);
/// let file = parse_boundaries_where(
///     &text, "france.geojson", Level::Commune, "code", "nom", Admin::embedded(),
///     |code| code.starts_with("29"),
/// )?;
/// assert_eq!(file.boundaries.len(), 1);
/// assert_eq!(file.boundaries[0].nom, "Brest");
/// assert!(file.rejected.is_empty(), "the Morbihan feature is skipped, not rejected");
/// # Ok::<(), aiguillage_territory::TerritoryError>(())
/// ```
pub fn parse_boundaries_where(
    text: &str,
    source: &str,
    level: Level,
    code_field: &str,
    name_field: &str,
    admin: &Admin,
    mut keep: impl FnMut(&str) -> bool,
) -> Result<BoundaryFile, TerritoryError> {
    let json_error = |line: usize, message: String| TerritoryError::Json {
        path: source.into(),
        line,
        message,
    };
    let collection: Collection = serde_json::from_str(text).map_err(|e| {
        json_error(
            e.line().max(1),
            format!("expected a GeoJSON FeatureCollection ({e})"),
        )
    })?;
    if collection.kind != "FeatureCollection" {
        return Err(json_error(
            1,
            format!(
                "expected a GeoJSON FeatureCollection, found type « {} »",
                collection.kind
            ),
        ));
    }
    let mut reader = Reader {
        file: BoundaryFile::default(),
        first_line: HashMap::new(),
        lines: LineCounter::new(text),
        level,
        code_field,
        name_field,
        admin,
    };
    for feature in collection.features {
        let line = reader.lines.line_of_slice(feature.get());
        if let Err((field, reason)) = reader.feature(line, feature, &mut keep) {
            reader
                .file
                .rejected
                .push(format!("{source}:{line}: {field}: {reason}"));
        }
    }
    Ok(reader.file)
}

#[derive(Deserialize)]
struct Collection<'a> {
    #[serde(rename = "type")]
    kind: String,
    #[serde(borrow)]
    features: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct Feature<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(borrow)]
    geometry: Option<&'a RawValue>,
    properties: Option<Map<String, Value>>,
}

#[derive(Deserialize)]
struct Geometry<'a> {
    #[serde(rename = "type")]
    kind: String,
    #[serde(borrow)]
    coordinates: Option<&'a RawValue>,
}

/// A GeoJSON position: longitude, latitude, and any further ordinate (ignored).
#[derive(Debug, Clone, Copy)]
struct Position {
    lon: f64,
    lat: f64,
}

impl<'de> Deserialize<'de> for Position {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PositionVisitor;

        impl<'de> Visitor<'de> for PositionVisitor {
            type Value = Position;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a position [longitude, latitude]")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Position, A::Error> {
                let lon = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let lat = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Position { lon, lat })
            }
        }

        deserializer.deserialize_seq(PositionVisitor)
    }
}

/// Why a feature is rejected: the field (`feature`, `geometry` or the code field) and
/// the reason.
type Rejection<'a> = (&'a str, String);

struct Reader<'a> {
    file: BoundaryFile,
    /// Index in `file.boundaries` and line of the first feature of each code.
    first_line: HashMap<String, (usize, u64)>,
    /// Lines of the features, which come in file order.
    lines: LineCounter<'a>,
    level: Level,
    code_field: &'a str,
    name_field: &'a str,
    admin: &'a Admin,
}

impl<'a> Reader<'a> {
    fn feature(
        &mut self,
        line: u64,
        raw: &RawValue,
        keep: &mut impl FnMut(&str) -> bool,
    ) -> Result<(), Rejection<'a>> {
        let feature = serde_json::from_str::<Feature>(raw.get())
            .ok()
            .filter(|f| f.kind.as_deref() == Some("Feature"))
            .ok_or_else(|| ("feature", "expected a GeoJSON Feature".to_owned()))?;
        let properties = feature.properties.unwrap_or_default();
        let code = self.code(properties.get(self.code_field))?;
        if !keep(&code) {
            return Ok(());
        }
        let geometry = polygons(feature.geometry)?;
        let (code, nom) = self.name(code, properties.get(self.name_field))?;
        match self.first_line.get(&code) {
            Some(&(index, _)) if self.level == Level::Commune => {
                self.file.boundaries[index].geometry.0.extend(geometry.0);
            }
            Some(&(_, first)) => {
                return Err((
                    self.code_field,
                    format!("duplicate code « {code} », first at line {first}"),
                ))
            }
            None => {
                self.first_line
                    .insert(code.clone(), (self.file.boundaries.len(), line));
                self.file.boundaries.push(Boundary {
                    code,
                    nom,
                    level: self.level,
                    geometry,
                });
            }
        }
        Ok(())
    }

    /// The code in the file, as a string.
    fn code(&self, value: Option<&Value>) -> Result<String, Rejection<'a>> {
        let field = self.code_field;
        let width = match self.level {
            Level::Commune => 5,
            Level::Departement | Level::Region => 2,
            Level::Epci | Level::Custom => 0,
        };
        let code = match value {
            Some(Value::String(s)) => s.trim().to_owned(),
            Some(Value::Number(n)) => match n.as_u64() {
                Some(n) => format!("{n:0width$}"),
                None => n.to_string(),
            },
            None | Some(Value::Null) => String::new(),
            Some(_) => return Err((field, "expected a string or a number".to_owned())),
        };
        if code.is_empty() {
            return Err((field, "missing or blank".to_owned()));
        }
        Ok(code)
    }

    /// The current code and the name of the territory.
    fn name(&mut self, code: String, name: Option<&Value>) -> Result<(String, String), Rejection<'a>> {
        let upper = code.to_ascii_uppercase();
        let found = match self.level {
            Level::Commune => self.admin.current_commune(&upper).map(|c| (&c.code, &c.nom)),
            Level::Epci => self.admin.epci(&upper).map(|e| (&e.code, &e.nom)),
            Level::Departement => self.admin.departement(&upper).map(|d| (&d.code, &d.nom)),
            Level::Region => self.admin.region(&upper).map(|r| (&r.code, &r.nom)),
            Level::Custom => {
                let nom = match name {
                    Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => code.clone(),
                };
                return Ok((code, nom));
            }
        };
        let Some((current, nom)) = found else {
            let hint = if self.level == Level::Commune {
                " (neither a current commune nor a former code of one)"
            } else {
                ""
            };
            return Err((
                self.code_field,
                format!("unknown {} code « {code} »{hint}", self.level),
            ));
        };
        if *current != upper {
            self.file.reconciled.push((code, current.clone()));
        }
        Ok((current.clone(), nom.clone()))
    }
}

/// The polygons of a geometry, checked.
fn polygons(geometry: Option<&RawValue>) -> Result<MultiPolygon<f64>, Rejection<'static>> {
    let field = "geometry";
    let geometry = geometry.ok_or_else(|| (field, "missing".to_owned()))?;
    let geometry = serde_json::from_str::<Geometry>(geometry.get())
        .map_err(|_| (field, "expected a GeoJSON geometry object".to_owned()))?;
    let coordinates = geometry.coordinates.map_or("null", RawValue::get);
    let invalid = |e: serde_json::Error| {
        // The position in the error is relative to the coordinates, not the file.
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or_default();
        (field, format!("invalid {} coordinates: {message}", geometry.kind))
    };
    let (multi, polygons) = match geometry.kind.as_str() {
        "Polygon" => (
            false,
            vec![serde_json::from_str::<Vec<Vec<Position>>>(coordinates).map_err(invalid)?],
        ),
        "MultiPolygon" => (
            true,
            serde_json::from_str::<Vec<Vec<Vec<Position>>>>(coordinates).map_err(invalid)?,
        ),
        other => {
            return Err((
                field,
                format!("expected a Polygon or MultiPolygon, found {other}"),
            ))
        }
    };
    if polygons.is_empty() {
        return Err((field, "MultiPolygon without any polygon".to_owned()));
    }
    let mut out = Vec::with_capacity(polygons.len());
    for (p, rings) in polygons.into_iter().enumerate() {
        let polygon = if multi {
            format!("polygon {}", p + 1)
        } else {
            "Polygon".to_owned()
        };
        let rings = rings.into_iter().enumerate().map(|(r, ring)| {
            if ring.len() < 4 {
                return Err((
                    field,
                    format!(
                        "{polygon}, ring {} has {} positions, at least 4 are needed",
                        r + 1,
                        ring.len()
                    ),
                ));
            }
            if let Some(p) = ring
                .iter()
                .find(|p| !(-180.0..=180.0).contains(&p.lon) || !(-90.0..=90.0).contains(&p.lat))
            {
                return Err((
                    field,
                    format!(
                        "position [{}, {}] is not a WGS84 longitude/latitude: the file is \
                         probably in a projected system (such as Lambert-93); reproject it \
                         to WGS84 (EPSG:4326)",
                        p.lon, p.lat
                    ),
                ));
            }
            Ok(LineString::from(
                ring.into_iter()
                    .map(|p| Coord { x: p.lon, y: p.lat })
                    .collect::<Vec<_>>(),
            ))
        });
        let mut rings = rings.collect::<Result<Vec<_>, _>>()?.into_iter();
        let Some(exterior) = rings.next() else {
            return Err((field, format!("{polygon} has no ring")));
        };
        out.push(Polygon::new(exterior, rings.collect()));
    }
    Ok(MultiPolygon::new(out))
}

#[cfg(test)]
mod tests {
    use aiguillage_testkit::shared_data;

    use super::*;
    use crate::admin::tests::small;

    const SQUARE: &str = r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}"#;

    fn feature(properties: &str, geometry: &str) -> String {
        format!(r#"{{"type": "Feature", "properties": {properties}, "geometry": {geometry}}}"#)
    }

    /// A collection with one feature a line, the first on line 2.
    fn collection(features: &[String]) -> String {
        format!(
            "{{\"type\": \"FeatureCollection\", \"features\": [\n{}\n]}}",
            features.join(",\n")
        )
    }

    fn read(level: Level, features: &[String]) -> BoundaryFile {
        parse_boundaries(&collection(features), "f.geojson", level, "code", "nom", &small()).unwrap()
    }

    fn rejected(level: Level, properties: &str, geometry: &str) -> String {
        let file = read(level, &[feature(properties, geometry)]);
        assert!(file.boundaries.is_empty());
        assert_eq!(file.rejected.len(), 1);
        file.rejected[0].clone()
    }

    #[test]
    fn every_rejection_has_its_message() {
        let commune = |properties: &str, geometry: &str| rejected(Level::Commune, properties, geometry);
        let code = r#"{"code": "29019"}"#;
        assert_eq!(commune("{}", SQUARE), "f.geojson:2: code: missing or blank");
        assert_eq!(commune("null", SQUARE), "f.geojson:2: code: missing or blank");
        assert_eq!(
            commune(r#"{"code": " "}"#, SQUARE),
            "f.geojson:2: code: missing or blank"
        );
        assert_eq!(
            commune(r#"{"code": null}"#, SQUARE),
            "f.geojson:2: code: missing or blank"
        );
        assert_eq!(
            commune(r#"{"code": true}"#, SQUARE),
            "f.geojson:2: code: expected a string or a number"
        );
        assert_eq!(commune(code, "null"), "f.geojson:2: geometry: missing");
        assert_eq!(
            commune(code, "[]"),
            "f.geojson:2: geometry: expected a GeoJSON geometry object"
        );
        assert_eq!(
            commune(code, r#"{"type": "Point", "coordinates": [0, 0]}"#),
            "f.geojson:2: geometry: expected a Polygon or MultiPolygon, found Point"
        );
        assert_eq!(
            commune(
                code,
                r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, "a"]]]}"#
            ),
            "f.geojson:2: geometry: invalid Polygon coordinates: invalid type: string \"a\", expected f64"
        );
        assert_eq!(
            commune(code, r#"{"type": "Polygon", "coordinates": [[[0], [1, 1]]]}"#),
            "f.geojson:2: geometry: invalid Polygon coordinates: invalid length 1, expected a position [longitude, latitude]"
        );
        assert_eq!(
            commune(code, r#"{"type": "Polygon"}"#),
            "f.geojson:2: geometry: invalid Polygon coordinates: invalid type: null, expected a sequence"
        );
        assert_eq!(
            commune(code, r#"{"type": "Polygon", "coordinates": []}"#),
            "f.geojson:2: geometry: Polygon has no ring"
        );
        assert_eq!(
            commune(code, r#"{"type": "MultiPolygon", "coordinates": []}"#),
            "f.geojson:2: geometry: MultiPolygon without any polygon"
        );
        assert_eq!(
            commune(
                code,
                r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}"#
            ),
            "f.geojson:2: geometry: Polygon, ring 1 has 3 positions, at least 4 are needed"
        );
        assert_eq!(
            commune(
                code,
                r#"{"type": "MultiPolygon", "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 0]]],
                    [[[0, 0], [1, 0], [1, 1], [0, 0]], [[0, 0], [1, 0], [0, 0]]]]}"#
            ),
            "f.geojson:2: geometry: polygon 2, ring 2 has 3 positions, at least 4 are needed"
        );
        assert_eq!(
            commune(
                code,
                r#"{"type": "Polygon", "coordinates": [[[145000.5, 6836000], [146000, 6836000], [146000, 6837000], [145000.5, 6836000]]]}"#
            ),
            "f.geojson:2: geometry: position [145000.5, 6836000] is not a WGS84 longitude/latitude: \
             the file is probably in a projected system (such as Lambert-93); reproject it to WGS84 (EPSG:4326)"
        );
        assert_eq!(
            commune(r#"{"code": "99999"}"#, SQUARE),
            "f.geojson:2: code: unknown commune code « 99999 » (neither a current commune nor a former code of one)"
        );
        assert_eq!(
            rejected(Level::Departement, r#"{"code": "99"}"#, SQUARE),
            "f.geojson:2: code: unknown departement code « 99 »"
        );
        assert_eq!(
            rejected(Level::Epci, r#"{"code": 200000172}"#, SQUARE),
            "f.geojson:2: code: unknown epci code « 200000172 »"
        );
        assert_eq!(
            rejected(Level::Region, r#"{"code": "52"}"#, SQUARE),
            "f.geojson:2: code: unknown region code « 52 »"
        );
        let file = read(
            Level::Commune,
            &["[1]".to_owned(), r#"{"type": "Polygon"}"#.to_owned()],
        );
        assert_eq!(
            file.rejected,
            [
                "f.geojson:2: feature: expected a GeoJSON Feature",
                "f.geojson:3: feature: expected a GeoJSON Feature"
            ]
        );
    }

    #[test]
    fn duplicates_are_rejected_except_merged_communes() {
        let features = [
            feature(r#"{"code": "29", "nom": "Nord"}"#, SQUARE),
            feature(r#"{"code": "35"}"#, SQUARE),
            feature(r#"{"code": "29", "nom": "Sud"}"#, SQUARE),
        ];
        let file = read(Level::Departement, &features);
        assert_eq!(file.boundaries.len(), 2);
        assert_eq!(file.boundaries[0].nom, "Finistère");
        assert_eq!(
            file.rejected,
            ["f.geojson:4: code: duplicate code « 29 », first at line 2"]
        );
        let file = read(Level::Custom, &features);
        let names: Vec<_> = file
            .boundaries
            .iter()
            .map(|b| (b.code.as_str(), b.nom.as_str()))
            .collect();
        assert_eq!(names, [("29", "Nord"), ("35", "35")]);
        assert_eq!(
            file.rejected,
            ["f.geojson:4: code: duplicate code « 29 », first at line 2"]
        );
        assert!(file.reconciled.is_empty());

        let file = read(
            Level::Commune,
            &[
                feature(r#"{"code": "29096", "nom": "Lambézellec"}"#, SQUARE),
                feature(r#"{"code": "29232"}"#, SQUARE),
                feature(
                    r#"{"code": 29019}"#,
                    r#"{"type": "MultiPolygon", "coordinates": [[[[2, 2], [3, 2], [3, 3], [2, 2]]]]}"#,
                ),
            ],
        );
        assert!(file.rejected.is_empty(), "{:?}", file.rejected);
        assert_eq!(file.reconciled, [("29096".to_owned(), "29019".to_owned())]);
        let brest = &file.boundaries[0];
        assert_eq!(
            (brest.code.as_str(), brest.nom.as_str(), brest.level),
            ("29019", "Brest", Level::Commune)
        );
        assert_eq!(brest.geometry.0.len(), 2);
        assert!(brest.contains(LatLon::new(0.5, 0.5)) && brest.contains(LatLon::new(2.2, 2.5)));
        assert_eq!(
            brest.bbox(),
            Some(BoundingBox {
                min_lon: 0.0,
                min_lat: 0.0,
                max_lon: 3.0,
                max_lat: 3.0
            })
        );
        assert_eq!(file.boundaries[1].code, "29232");
    }

    #[test]
    fn lines_are_found_in_pretty_printed_files() {
        let text = "{\n  \"type\": \"FeatureCollection\",\n  \"features\": [\n    {\n      \"type\": \"Feature\",\n      \
                    \"properties\": {\"code\": \"35238\"},\n      \"geometry\": null\n    },\n\n    {\"type\": \"Feature\", \
                    \"properties\": {}, \"geometry\": null}, {\"type\": \"Feature\", \"properties\": {\"code\": \"x\\ny\"}}\n  ]\n}\n";
        let file = parse_boundaries(text, "p.geojson", Level::Custom, "code", "nom", &small()).unwrap();
        assert_eq!(
            file.rejected,
            [
                "p.geojson:4: geometry: missing",
                "p.geojson:10: code: missing or blank",
                "p.geojson:10: geometry: missing"
            ]
        );
    }

    #[test]
    fn numeric_codes_keep_their_leading_zero() {
        let text = collection(&[
            feature(r#"{"code": 1}"#, SQUARE),
            feature(r#"{"code": 1001}"#, SQUARE),
        ]);
        let admin = Admin::embedded();
        let file = parse_boundaries(&text, "f", Level::Departement, "code", "nom", admin).unwrap();
        assert_eq!(file.boundaries[0].nom, "Ain");
        assert_eq!(file.rejected, ["f:3: code: unknown departement code « 1001 »"]);
        let file = parse_boundaries(&text, "f", Level::Commune, "code", "nom", admin).unwrap();
        assert_eq!(file.boundaries[0].nom, "L'Abergement-Clémenciat");
        let text = collection(&[feature(r#"{"code": "2a004"}"#, SQUARE)]);
        let file = parse_boundaries(&text, "f", Level::Commune, "code", "nom", admin).unwrap();
        assert_eq!(
            (file.boundaries[0].code.as_str(), file.boundaries[0].nom.as_str()),
            ("2A004", "Ajaccio")
        );
        assert!(file.reconciled.is_empty());
    }

    #[test]
    fn files_that_are_not_feature_collections_fail() {
        let admin = small();
        let parse = |text: &str| {
            parse_boundaries(text, "f.geojson", Level::Custom, "code", "nom", &admin)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            parse("\n{\"type\": \"Feature\", \"features\": []}"),
            "f.geojson:1: expected a GeoJSON FeatureCollection, found type « Feature »"
        );
        assert_eq!(
            parse("{\"type\": \"FeatureCollection\"}"),
            "f.geojson:1: expected a GeoJSON FeatureCollection (missing field `features` at line 1 column 29)"
        );
        assert_eq!(
            parse("{\"type\": \"FeatureCollection\",\n \"features\": [}"),
            "f.geojson:2: expected a GeoJSON FeatureCollection (expected value at line 2 column 15)"
        );
        let missing = Path::new("/nonexistent/f.geojson");
        let err = read_boundaries(missing, Level::Custom, "code", "nom", &admin).unwrap_err();
        assert!(
            matches!(err, TerritoryError::Io { ref path, .. } if path == missing),
            "{err}"
        );
    }

    #[test]
    fn reads_files_and_unites_members() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("quartiers.geojson");
        let other = r#"{"type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 0]]]}"#;
        std::fs::write(
            &path,
            collection(&[
                feature(r#"{"id": "A", "label": "Centre"}"#, SQUARE),
                feature(r#"{"code": "C"}"#, SQUARE),
                feature(r#"{"id": "B"}"#, other),
                feature(r#"{"id": "A"}"#, other),
            ]),
        )
        .unwrap();
        let file = read_boundaries(&path, Level::Custom, "id", "label", &small()).unwrap();
        let source = path.display();
        assert_eq!(
            file.rejected,
            [
                format!("{source}:3: id: missing or blank"),
                format!("{source}:5: id: duplicate code « A », first at line 2"),
            ]
        );
        let members: Vec<&Boundary> = file.boundaries.iter().collect();
        let union = union_of("AB", "Ville", Level::Custom, &members);
        assert_eq!(union.geometry.0.len(), 2);
        assert_eq!(
            union.territory(),
            TerritoryRef {
                code: "AB".into(),
                nom: "Ville".into(),
                level: Level::Custom
            }
        );
        assert!(union.contains(LatLon::new(0.1, 1.5)));
        assert!(!union.contains(LatLon::new(0.9, 1.5)));
        assert_eq!(union_of("x", "x", Level::Custom, &[]).bbox(), None);
    }

    #[test]
    fn reconciles_the_2018_communes_of_maine_et_loire() {
        let Some(path) = shared_data("geo/communes-49-maine-et-loire.geojson") else {
            return;
        };
        let admin = Admin::embedded();
        let file = read_boundaries(&path, Level::Commune, "code", "nom", admin).unwrap();
        assert!(file.rejected.is_empty(), "{:?}", file.rejected);
        // 183 features of 2018, of which 8 former codes.
        assert_eq!(file.reconciled.len(), 8);
        assert_eq!(file.boundaries.len(), 176);
        assert_eq!(
            file.boundaries.iter().map(|b| b.geometry.0.len()).sum::<usize>(),
            184
        );
        for b in &file.boundaries {
            let commune = admin.commune(&b.code).unwrap();
            assert_eq!((commune.departement.as_str(), &commune.nom), ("49", &b.nom));
        }
        for (old, current) in &file.reconciled {
            assert!(admin.commune(old).is_none());
            assert!(admin.commune(current).unwrap().anciens_codes.contains(old));
        }
    }

    #[test]
    fn reads_finistere_and_the_departements() {
        let (Some(communes), Some(departements)) = (
            shared_data("geo/communes-29-finistere.geojson"),
            shared_data("geo/departements.geojson"),
        ) else {
            return;
        };
        let admin = Admin::embedded();
        let file = read_boundaries(&communes, Level::Commune, "code", "nom", admin).unwrap();
        assert!(file.rejected.is_empty(), "{:?}", file.rejected);
        assert_eq!(file.reconciled.len(), 2);
        assert_eq!(file.boundaries.len(), 277);
        let brest = file.boundaries.iter().find(|b| b.code == "29019").unwrap();
        assert_eq!(brest.nom, "Brest");
        assert!(brest.contains(LatLon::new(48.3904, -4.4861)));
        let bbox = brest.bbox().unwrap();
        assert!(bbox.min_lon > -4.8 && bbox.max_lon < -4.3 && bbox.min_lat > 48.3 && bbox.max_lat < 48.5);

        let file = read_boundaries(&departements, Level::Departement, "code", "nom", admin).unwrap();
        assert!(file.rejected.is_empty(), "{:?}", file.rejected);
        assert!(file.reconciled.is_empty());
        assert_eq!(file.boundaries.len(), 96);
        let finistere = file.boundaries.iter().find(|b| b.code == "29").unwrap();
        assert_eq!(
            (finistere.nom.as_str(), finistere.level),
            ("Finistère", Level::Departement)
        );
        assert!(finistere.contains(LatLon::new(48.3904, -4.4861)));
    }
}
