//! Population layers: where residents live, as counts on INSEE's 200 m grid or on points,
//! read from CSV files, or approximated by spreading a commune's population evenly over
//! its area.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use aiguillage_geo::grid::{self, CellId};
use aiguillage_geo::LatLon;
use aiguillage_model::{sniff_delimiter, LineCounter};
use geo::{InteriorPoint, MultiPolygon};

/// Residents at one place of a population layer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PopulationCell {
    /// Where they are counted: the centre of the cell for a grid layer, the point itself
    /// for a point layer.
    pub position: LatLon,
    /// Number of residents (positive; fractional for estimates).
    pub population: f64,
    /// The 200 m cell containing `position`.
    pub cell: CellId,
}

/// The format of a population file, detected from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerKind {
    /// INSEE's 200 m grid (Filosofi): columns `Idcar_200m` (cell code) and `Ind`
    /// (residents).
    Grid,
    /// Points: columns `lat` (or `latitude`), `lon` (or `longitude`, `lng`) and
    /// `population`.
    Points,
}

/// What [`read_population`] found in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct PopulationFile {
    /// The format of the file.
    pub kind: LayerKind,
    /// The rows with residents, in file order (rows with a population of 0 are left out).
    pub cells: Vec<PopulationCell>,
    /// One message per rejected row, `FILE:LINE: field: reason`, LINE being the row's
    /// physical line in the file (the header is line 1).
    pub rejected: Vec<String>,
}

/// Most residents one cell or point may hold: more than the most populated commune (Paris,
/// ~2.1 million), so a point per commune passes, while a typo or `1e308` cannot swamp every
/// figure of a report.
pub const MAX_POPULATION: f64 = 10_000_000.0;
const MAX_POPULATION_TEXT: &str = "10,000,000";

/// Why a population file could not be read at all (problems with single rows are not
/// errors: they are listed in [`PopulationFile::rejected`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PopulationError {
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Bytes that are not UTF-8.
    #[error("{file}:{line}: the file is not UTF-8 text (save it as « CSV UTF-8 »)")]
    NotUtf8 {
        /// The file, as named in messages.
        file: String,
        /// Line of the first invalid byte.
        line: u64,
    },
    /// A file without any line.
    #[error("{file}: the file is empty")]
    Empty {
        /// The file, as named in messages.
        file: String,
    },
    /// A header with neither the grid's nor the points' columns.
    #[error(
        "{file}:1: not a population layer: expected the columns Idcar_200m and Ind (INSEE \
         200 m grid) or lat, lon and population (points); the header has: {found}"
    )]
    Header {
        /// The file, as named in messages.
        file: String,
        /// The first columns of the header, comma-separated.
        found: String,
    },
    /// CSV that the reader cannot parse.
    #[error("{file}:{line}: unreadable CSV: {message}")]
    Csv {
        /// The file, as named in messages.
        file: String,
        /// Line of the problem.
        line: u64,
        /// What the reader says.
        message: String,
    },
}

/// Reads a population layer from a CSV file: either INSEE's 200 m grid (columns
/// `Idcar_200m` and `Ind`, others ignored) or points (columns `lat`/`latitude`,
/// `lon`/`longitude`/`lng` and `population`), detected from the header (case-insensitive).
///
/// The delimiter (`,`, `;` or tab) is the most frequent one in the header line; a UTF-8
/// byte-order mark, CRLF line ends, RFC 4180 quoting and decimal commas (`12,5`) are
/// accepted. A row is rejected, with a message in [`PopulationFile::rejected`], when a
/// value is missing, a cell code is not an INSEE 200 m code or repeats an earlier row's,
/// a population is not a finite number or is negative, or a latitude (longitude) is
/// outside [-90, 90] ([-180, 180]); the other rows are kept. Rows with a population of 0
/// are left out silently.
///
/// Fails when the file cannot be read, is not UTF-8, is empty, or its header matches
/// neither format. Cost: one pass over the file, plus one inverse projection per grid row.
///
/// ```
/// use aiguillage_territory::population::{read_population, LayerKind};
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("carreaux.csv");
/// std::fs::write(&path, "Idcar_200m;Ind\nCRS3035RES200mN2913600E3255600;42,5\nCRS3035RES200mN29136E3255600;3\n")?;
/// let file = read_population(&path)?;
/// assert_eq!(file.kind, LayerKind::Grid);
/// assert_eq!(file.cells[0].population, 42.5);
/// assert_eq!(file.cells[0].cell.insee_code(), "CRS3035RES200mN2913600E3255600");
/// assert_eq!(
///     file.rejected,
///     [format!(
///         "{}:3: Idcar_200m: cell code « CRS3035RES200mN29136E3255600 »: its corner is not on \
///          the 200 m grid (N and E must be multiples of 200)",
///         path.display()
///     )]
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_population(path: &Path) -> Result<PopulationFile, PopulationError> {
    let bytes = std::fs::read(path).map_err(|source| PopulationError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse_population(&bytes, &path.display().to_string())
}

/// [`read_population`] on bytes already in memory (an upload), `file` naming them in
/// messages.
///
/// ```
/// use aiguillage_territory::population::{parse_population, LayerKind};
/// let csv = "latitude,longitude,population\n48.39,-4.49,120\n48.40,-4.48,0\n95,-4.48,7\n";
/// let file = parse_population(csv.as_bytes(), "points.csv")?;
/// assert_eq!(file.kind, LayerKind::Points);
/// assert_eq!(file.cells.len(), 1);
/// assert_eq!(file.rejected, ["points.csv:4: latitude: « 95 » is outside [-90, 90]"]);
/// # Ok::<(), aiguillage_territory::population::PopulationError>(())
/// ```
pub fn parse_population(bytes: &[u8], file: &str) -> Result<PopulationFile, PopulationError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| PopulationError::NotUtf8 {
        file: file.to_owned(),
        line: LineCounter::new(bytes).line_at(e.valid_up_to() as u64),
    })?;
    if text.trim().is_empty() {
        return Err(PopulationError::Empty {
            file: file.to_owned(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    // The CSV reader's own line count is off after blank lines and with CRLF line ends.
    let mut lines = LineCounter::new(text);
    let csv_error = |e: csv::Error, lines: &mut LineCounter<'_>| PopulationError::Csv {
        file: file.to_owned(),
        line: e.position().map_or(1, |p| lines.line_of_text_at(p.byte())),
        message: e.to_string(),
    };
    let header = reader.headers().map_err(|e| csv_error(e, &mut lines))?.clone();
    let layout = Layout::detect(&header).ok_or_else(|| PopulationError::Header {
        file: file.to_owned(),
        found: header
            .iter()
            .take(8)
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(", "),
    })?;

    let mut out = PopulationFile {
        kind: layout.kind(),
        cells: Vec::new(),
        rejected: Vec::new(),
    };
    let mut first_line: HashMap<CellId, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(e, &mut lines))?;
        // Rows of empty cells (spreadsheets leave them below the data) are not rows.
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let line = lines.line_of_text_at(record.position().map_or(0, |p| p.byte()));
        let row = Row {
            header: &header,
            record: &record,
        };
        let result = match layout {
            Layout::Grid { code, ind } => grid_row(&row, code, ind, line, &mut first_line),
            Layout::Points { lat, lon, population } => point_row(&row, lat, lon, population),
        };
        match result {
            Ok(Some(cell)) => out.cells.push(cell),
            Ok(None) => {}
            Err((field, reason)) => out.rejected.push(format!("{file}:{line}: {field}: {reason}")),
        }
    }
    Ok(out)
}

/// Where the columns of each format are in the header.
#[derive(Clone, Copy)]
enum Layout {
    Grid {
        code: usize,
        ind: usize,
    },
    Points {
        lat: usize,
        lon: usize,
        population: usize,
    },
}

impl Layout {
    fn detect(header: &csv::StringRecord) -> Option<Layout> {
        let names: Vec<String> = header.iter().map(|name| name.trim().to_lowercase()).collect();
        let find = |accepted: &[&str]| names.iter().position(|n| accepted.contains(&n.as_str()));
        if let (Some(code), Some(ind)) = (find(&["idcar_200m"]), find(&["ind"])) {
            return Some(Layout::Grid { code, ind });
        }
        Some(Layout::Points {
            lat: find(&["lat", "latitude"])?,
            lon: find(&["lon", "longitude", "lng"])?,
            population: find(&["population"])?,
        })
    }

    fn kind(self) -> LayerKind {
        match self {
            Layout::Grid { .. } => LayerKind::Grid,
            Layout::Points { .. } => LayerKind::Points,
        }
    }
}

/// A row being read, with the header naming its fields in messages.
struct Row<'a> {
    header: &'a csv::StringRecord,
    record: &'a csv::StringRecord,
}

/// A rejected row: the column (as named in the header) and the reason.
type Rejection<'a> = (&'a str, String);

impl<'a> Row<'a> {
    fn name(&self, column: usize) -> &'a str {
        self.header.get(column).map_or("", str::trim)
    }

    /// The trimmed value of a column; missing (short row) or blank is an error.
    fn value(&self, column: usize) -> Result<&'a str, Rejection<'a>> {
        self.record
            .get(column)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| (self.name(column), "missing value".to_owned()))
    }

    fn number(&self, column: usize) -> Result<f64, Rejection<'a>> {
        let text = self.value(column)?;
        // A decimal comma (French spreadsheets), when there is no decimal point.
        let normalised = if text.contains('.') {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(text.replacen(',', ".", 1))
        };
        match normalised.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            Ok(_) => Err((self.name(column), format!("not a finite number « {text} »"))),
            Err(_) => Err((self.name(column), format!("not a number « {text} »"))),
        }
    }

    /// A population: a finite number, not negative, at most [`MAX_POPULATION`].
    fn population(&self, column: usize) -> Result<f64, Rejection<'a>> {
        let population = self.number(column)?;
        if population < 0.0 {
            return Err((
                self.name(column),
                format!("negative population « {} »", self.value(column)?),
            ));
        }
        if population > MAX_POPULATION {
            return Err((
                self.name(column),
                format!(
                    "population « {} » is above {MAX_POPULATION_TEXT}, more than any commune's",
                    self.value(column)?
                ),
            ));
        }
        Ok(population)
    }

    /// A coordinate within [-limit, limit].
    fn coordinate(&self, column: usize, limit: f64) -> Result<f64, Rejection<'a>> {
        let value = self.number(column)?;
        if value.abs() > limit {
            return Err((
                self.name(column),
                format!("« {} » is outside [-{limit}, {limit}]", self.value(column)?),
            ));
        }
        Ok(value)
    }
}

fn grid_row<'a>(
    row: &Row<'a>,
    code: usize,
    ind: usize,
    line: u64,
    first_line: &mut HashMap<CellId, u64>,
) -> Result<Option<PopulationCell>, Rejection<'a>> {
    let cell = CellId::parse_insee(row.value(code)?).map_err(|e| (row.name(code), e.to_string()))?;
    if let Some(first) = first_line.get(&cell) {
        return Err((row.name(code), format!("duplicate cell, first at line {first}")));
    }
    let population = row.population(ind)?;
    // Only a row that is read claims its cell: a later row for the same cell is then the
    // duplicate, not the one after a rejected row.
    first_line.insert(cell, line);
    Ok((population > 0.0).then(|| PopulationCell {
        position: cell.centre(),
        population,
        cell,
    }))
}

fn point_row<'a>(
    row: &Row<'a>,
    lat: usize,
    lon: usize,
    population: usize,
) -> Result<Option<PopulationCell>, Rejection<'a>> {
    let position = LatLon::new(row.coordinate(lat, 90.0)?, row.coordinate(lon, 180.0)?);
    let population = row.population(population)?;
    Ok((population > 0.0).then(|| PopulationCell {
        position,
        population,
        cell: CellId::containing(position),
    }))
}

/// Approximates where the residents of `area` live when no population layer was imported:
/// `population` is spread evenly over the 200 m cells whose centre is in `area`
/// ([`grid::cells_in`]), each cell getting `population / n`. This is only an
/// approximation: real populations cluster in towns, so coverage computed on it
/// over-weights empty land. When `area` holds no cell centre (a sliver smaller than a
/// cell), all of it goes to one cell at an interior point of the area, so no resident is
/// lost. A population that is not a positive finite number, or an empty area, gives no
/// cell.
///
/// Cost: that of [`grid::cells_in`] plus one inverse projection per cell (a few
/// milliseconds for a commune, tens for a département).
///
/// ```
/// use aiguillage_territory::population::spread_uniformly;
/// use geo::{polygon, MultiPolygon};
/// // About 1.5 km × 1.1 km around Brest town hall.
/// let area = MultiPolygon::new(vec![polygon![
///     (x: -4.50, y: 48.385), (x: -4.48, y: 48.385), (x: -4.48, y: 48.395), (x: -4.50, y: 48.395),
/// ]]);
/// let cells = spread_uniformly(&area, 1_000.0);
/// assert!(cells.len() > 30);
/// let total: f64 = cells.iter().map(|c| c.population).sum();
/// assert!((total - 1_000.0).abs() < 1e-9);
/// ```
pub fn spread_uniformly(area: &MultiPolygon<f64>, population: f64) -> Vec<PopulationCell> {
    if !(population.is_finite() && population > 0.0) {
        return Vec::new();
    }
    let cells = grid::cells_in(area);
    if cells.is_empty() {
        return area
            .interior_point()
            .map(|p| {
                let position = LatLon::new(p.y(), p.x());
                PopulationCell {
                    position,
                    population,
                    cell: CellId::containing(position),
                }
            })
            .into_iter()
            .collect();
    }
    let share = population / cells.len() as f64;
    cells
        .into_iter()
        .map(|cell| PopulationCell {
            position: cell.centre(),
            population: share,
            cell,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use aiguillage_testkit::shared_data;
    use geo::{Coord, LineString, Polygon};

    use super::*;

    /// Writes `content` into a file of a new temporary directory and reads it.
    fn read_text(content: &[u8]) -> (PopulationFile, String) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("population.csv");
        std::fs::write(&path, content).unwrap();
        let file = read_population(&path).unwrap();
        (file, path.display().to_string())
    }

    fn read_err(content: &[u8]) -> String {
        parse_population(content, "f.csv").unwrap_err().to_string()
    }

    const CELL_A: &str = "CRS3035RES200mN2913600E3255600";
    const CELL_B: &str = "CRS3035RES200mN2913800E3255600";

    #[test]
    fn insee_grid_with_semicolons_bom_crlf_and_decimal_commas() {
        let text = format!(
            "\u{feff}IdINSPIRE;Idcar_200m;I_est_200;Ind;Men\r\n\
             x1;{CELL_A};0;12,5;4\r\n\
             x2;{CELL_B};1;3;1\r\n"
        );
        let (file, _) = read_text(text.as_bytes());
        assert_eq!(file.kind, LayerKind::Grid);
        assert!(file.rejected.is_empty(), "{:?}", file.rejected);
        assert_eq!(file.cells.len(), 2);
        let a = CellId::parse_insee(CELL_A).unwrap();
        assert_eq!(
            file.cells[0],
            PopulationCell {
                position: a.centre(),
                population: 12.5,
                cell: a
            }
        );
        assert_eq!(file.cells[1].population, 3.0);
        assert_eq!(file.cells[1].cell.north, a.north + 1);
    }

    #[test]
    fn insee_grid_with_commas_quotes_and_tabs() {
        let text = format!("\"idcar_200m\",\"IND\"\n\"{CELL_A}\",\"7.25\"\n{CELL_B},\"1,5\"\n");
        let (file, _) = read_text(text.as_bytes());
        assert_eq!(file.kind, LayerKind::Grid);
        let populations: Vec<f64> = file.cells.iter().map(|c| c.population).collect();
        assert_eq!(populations, [7.25, 1.5]);

        let text = format!("Ind\tIdcar_200m\n4\t{CELL_A}\n");
        let (file, _) = read_text(text.as_bytes());
        assert_eq!(file.cells.len(), 1);
        assert_eq!(file.cells[0].population, 4.0);
    }

    #[test]
    fn points_with_every_column_spelling() {
        for header in [
            "lat,lon,population",
            "Latitude,Longitude,Population",
            "population,lng,lat",
        ] {
            let names: Vec<&str> = header.split(',').collect();
            let value = |name: &str| match name.to_lowercase().as_str() {
                "population" => "120",
                "lat" | "latitude" => "48.3904",
                _ => "-4.4861",
            };
            let row: Vec<&str> = names.iter().map(|n| value(n)).collect();
            let text = format!("{header}\n{}\n", row.join(","));
            let (file, _) = read_text(text.as_bytes());
            assert_eq!(file.kind, LayerKind::Points, "{header}");
            assert_eq!(file.cells.len(), 1, "{header}");
            let cell = file.cells[0];
            assert_eq!(cell.position, LatLon::new(48.3904, -4.4861));
            assert_eq!(cell.population, 120.0);
            assert_eq!(cell.cell.insee_code(), CELL_A);
        }
        // Semicolons and decimal commas, as a French spreadsheet exports them.
        let (file, _) = read_text(b"lat;lon;population\n48,3904;-4,4861;2,5\n");
        assert_eq!(file.cells[0].position, LatLon::new(48.3904, -4.4861));
        assert_eq!(file.cells[0].population, 2.5);
    }

    #[test]
    fn each_bad_row_is_rejected_with_its_line_and_field() {
        let text = format!(
            "Idcar_200m;Ind\n\
             {CELL_A};5\n\
             CRS2154RES200mN6800000E300000;1\n\
             nonsense;1\n\
             {CELL_B};abc\n\
             {CELL_B};-3\n\
             {CELL_B};inf\n\
             {CELL_B};NaN\n\
             {CELL_B};\n\
             {CELL_B}\n\
             \n\
             ;4\n\
             {CELL_A};2\n\
             {CELL_B};0\n\
             {CELL_B};9\n"
        );
        let (file, path) = read_text(text.as_bytes());
        assert_eq!(file.cells.len(), 1);
        assert_eq!(
            file.rejected,
            [
                format!("{path}:3: Idcar_200m: cell code « CRS2154RES200mN6800000E300000 » is in EPSG:2154, expected EPSG:3035"),
                format!("{path}:4: Idcar_200m: not an INSEE grid cell code « nonsense » (expected like CRS3035RES200mN2029800E4252400)"),
                format!("{path}:5: Ind: not a number « abc »"),
                format!("{path}:6: Ind: negative population « -3 »"),
                format!("{path}:7: Ind: not a finite number « inf »"),
                format!("{path}:8: Ind: not a finite number « NaN »"),
                format!("{path}:9: Ind: missing value"),
                format!("{path}:10: Ind: missing value"),
                format!("{path}:12: Idcar_200m: missing value"),
                format!("{path}:13: Idcar_200m: duplicate cell, first at line 2"),
                // Line 14 has no resident: left out silently, but it claims its cell.
                format!("{path}:15: Idcar_200m: duplicate cell, first at line 14"),
            ]
        );

        let text = "lat,lon,population\n\
                    91,0,1\n\
                    -90,180.5,1\n\
                    x,0,1\n\
                    45,0,-1\n\
                    45,1,1e308\n\
                    \"45\",\"-180\",\"0\"\n\
                    -90,-180,1\n";
        let (file, path) = read_text(text.as_bytes());
        assert_eq!(
            file.rejected,
            [
                format!("{path}:2: lat: « 91 » is outside [-90, 90]"),
                format!("{path}:3: lon: « 180.5 » is outside [-180, 180]"),
                format!("{path}:4: lat: not a number « x »"),
                format!("{path}:5: population: negative population « -1 »"),
                format!(
                    "{path}:6: population: population « 1e308 » is above 10,000,000, more than any commune's"
                ),
            ]
        );
        assert_eq!(file.cells.len(), 1);
        assert_eq!(file.cells[0].position, LatLon::new(-90.0, -180.0));
    }

    #[test]
    fn lines_are_physical_lines() {
        // A quoted field over two lines, and blank lines, before the bad row.
        let text = format!("note,Idcar_200m,Ind\r\n\"two\r\nlines\",{CELL_A},1\r\n\r\n\r\n,{CELL_B},x\r\n");
        let (file, path) = read_text(text.as_bytes());
        assert_eq!(file.cells.len(), 1);
        assert_eq!(file.rejected, [format!("{path}:6: Ind: not a number « x »")]);
    }

    #[test]
    fn empty_layers_and_unreadable_files() {
        let (file, _) = read_text(b"Idcar_200m,Ind\n");
        assert_eq!(
            (file.kind, file.cells.len(), file.rejected.len()),
            (LayerKind::Grid, 0, 0)
        );
        let (file, _) = read_text(b"\xEF\xBB\xBFlat;lon;population");
        assert_eq!((file.kind, file.cells.len()), (LayerKind::Points, 0));

        assert_eq!(read_err(b""), "f.csv: the file is empty");
        assert_eq!(read_err(b"\xEF\xBB\xBF\r\n"), "f.csv: the file is empty");
        assert_eq!(
            read_err(b"Idcar_200m,Ind\nCRS,1\n\xE9t\xE9,2\n"),
            "f.csv:3: the file is not UTF-8 text (save it as « CSV UTF-8 »)"
        );
        assert_eq!(
            read_err(b"code;nom;pop\n29019;Brest;139602\n"),
            "f.csv:1: not a population layer: expected the columns Idcar_200m and Ind (INSEE 200 m \
             grid) or lat, lon and population (points); the header has: code, nom, pop"
        );
        assert_eq!(
            read_err(b"lat,lon\n1,2\n"),
            "f.csv:1: not a population layer: expected the columns Idcar_200m and Ind (INSEE 200 m \
             grid) or lat, lon and population (points); the header has: lat, lon"
        );
        let missing = Path::new("/nonexistent/population.csv");
        let err = read_population(missing).unwrap_err();
        assert!(matches!(err, PopulationError::Io { .. }));
        assert!(
            err.to_string().starts_with("/nonexistent/population.csv: "),
            "{err}"
        );
    }

    fn total(cells: &[PopulationCell]) -> f64 {
        cells.iter().map(|c| c.population).sum()
    }

    #[test]
    fn spread_over_a_tiny_polygon_keeps_everyone() {
        // About 30 m × 30 m, between cell centres.
        let (lat, lon) = (48.3904, -4.4861);
        let ring: LineString<f64> = [(0.0, 0.0), (0.0004, 0.0), (0.0004, 0.0003), (0.0, 0.0003)]
            .iter()
            .map(|&(dx, dy)| Coord {
                x: lon + dx,
                y: lat + dy,
            })
            .collect();
        let area = MultiPolygon::new(vec![Polygon::new(ring, vec![])]);
        assert!(grid::cells_in(&area).is_empty());
        let cells = spread_uniformly(&area, 12.0);
        assert_eq!(cells.len(), 1);
        assert_eq!(cells[0].population, 12.0);
        assert_eq!(cells[0].cell, CellId::containing(LatLon::new(lat, lon)));
        assert!((cells[0].position.lat - lat).abs() < 0.0003);

        assert!(spread_uniformly(&area, 0.0).is_empty());
        assert!(spread_uniformly(&area, f64::NAN).is_empty());
        assert!(spread_uniformly(&MultiPolygon::new(vec![]), 10.0).is_empty());
    }

    #[test]
    fn spread_over_a_real_commune_sums_to_its_population() {
        let Some(path) = shared_data("geo/communes-29-finistere.geojson") else {
            return;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let collection: geojson::FeatureCollection = text.parse().unwrap();
        let brest = collection
            .features
            .into_iter()
            .find(|f| f.property("code").and_then(|c| c.as_str()) == Some("29019"))
            .unwrap();
        let area = match geo::Geometry::<f64>::try_from(brest.geometry.unwrap()).unwrap() {
            geo::Geometry::Polygon(p) => MultiPolygon::new(vec![p]),
            geo::Geometry::MultiPolygon(m) => m,
            other => panic!("{other:?}"),
        };
        let population = 139_602.0;
        let cells = spread_uniformly(&area, population);
        assert!(cells.len() > 1_000, "{}", cells.len());
        assert!((total(&cells) / population - 1.0).abs() < 1e-6);
        assert!(cells.iter().all(|c| c.population == cells[0].population));
        assert!(cells.iter().all(|c| CellId::containing(c.position) == c.cell));
    }
}
