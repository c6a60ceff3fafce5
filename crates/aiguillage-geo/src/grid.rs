//! INSEE's 200 m grid: square cells of 200 m × 200 m in the ETRS89-LAEA projection
//! ([`crate::laea`], EPSG:3035), the grid on which INSEE publishes population counts
//! (Filosofi, « données carroyées »). Because the projection is equal-area, every cell
//! covers exactly 40,000 m² of ground.
//!
//! A cell is named by its row and column ([`CellId`]); this module finds the cells of an
//! area ([`cells_in`]), draws the outline of a set of cells ([`outline`]) and splits a set
//! into connected parts ([`components`]).
//!
//! ```
//! use aiguillage_geo::grid::CellId;
//! use aiguillage_geo::LatLon;
//! let cell = CellId::containing(LatLon::new(48.3904, -4.4861)); // Brest town hall
//! assert_eq!(cell.insee_code(), "CRS3035RES200mN2913600E3255600");
//! assert_eq!(CellId::parse_insee("crs3035res200mn2913600e3255600 "), Ok(cell));
//! ```

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use geo::{Coord, LineString, MultiPolygon, Polygon};

use crate::{laea, LatLon};

/// Side of a cell, in metres of the projection.
pub const CELL_M: f64 = 200.0;

/// Projected coordinates of points of the Earth stay within about 1.7e7 m (absolute
/// value); polygons with vertices beyond this bound (or not finite) are not areas on
/// the Earth and are skipped by [`cells_in`], which also keeps its index arithmetic far
/// from integer overflow.
const MAX_PROJECTED_M: f64 = 1e8;

/// One cell of the 200 m grid: its row (`north`) and column (`east`), which are the
/// EPSG:3035 coordinates of its lower-left corner divided by 200.
///
/// Cells order by row, then column (south to north, west to east).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellId {
    /// Row: northing of the lower-left corner / 200.
    pub north: i32,
    /// Column: easting of the lower-left corner / 200.
    pub east: i32,
}

/// Why a text is not an INSEE 200 m cell code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GridError {
    /// The text does not have the shape `CRS<epsg>RES<size>mN<northing>E<easting>`.
    #[error("not an INSEE grid cell code « {code} » (expected like CRS3035RES200mN2029800E4252400)")]
    Syntax {
        /// The text, trimmed.
        code: String,
    },
    /// A code of another coordinate reference system than EPSG:3035.
    #[error("cell code « {code} » is in EPSG:{crs}, expected EPSG:3035")]
    Crs {
        /// The text, trimmed.
        code: String,
        /// The EPSG code found.
        crs: String,
    },
    /// A code of another grid than the 200 m one (INSEE also publishes 1 km cells).
    #[error("cell code « {code} » is a cell of {resolution}, expected 200m")]
    Resolution {
        /// The text, trimmed.
        code: String,
        /// The cell size found, such as `1000m`.
        resolution: String,
    },
    /// A corner that is not on the 200 m grid.
    #[error("cell code « {code} »: its corner is not on the 200 m grid (N and E must be multiples of 200)")]
    OffGrid {
        /// The text, trimmed.
        code: String,
    },
    /// Coordinates too large for any cell.
    #[error("cell code « {code} »: coordinates out of range")]
    OutOfRange {
        /// The text, trimmed.
        code: String,
    },
}

impl CellId {
    /// The cell containing a point (a point on a cell's west or south side belongs to it).
    ///
    /// One projection. A point with non-finite coordinates gives the cell of row 0,
    /// column 0, which no point of the Earth is in.
    ///
    /// ```
    /// use aiguillage_geo::grid::CellId;
    /// use aiguillage_geo::LatLon;
    /// let cell = CellId::containing(LatLon::new(50.0, 5.0)); // E 3962799.45, N 2999718.85
    /// assert_eq!(cell, CellId { north: 14_998, east: 19_813 });
    /// ```
    pub fn containing(p: LatLon) -> CellId {
        let (x, y) = laea::project(p);
        // `as` saturates (and maps NaN to 0): no overflow whatever the input.
        CellId {
            north: (y / CELL_M).floor() as i32,
            east: (x / CELL_M).floor() as i32,
        }
    }

    /// The centre of the cell (one inverse projection).
    ///
    /// ```
    /// use aiguillage_geo::grid::CellId;
    /// let cell = CellId { north: 14_998, east: 19_813 };
    /// assert_eq!(CellId::containing(cell.centre()), cell);
    /// ```
    pub fn centre(&self) -> LatLon {
        grid_point(f64::from(self.east) + 0.5, f64::from(self.north) + 0.5)
    }

    /// The corners of the cell, counter-clockwise from the lower-left (south-west) one:
    /// south-west, south-east, north-east, north-west (four inverse projections).
    pub fn corners(&self) -> [LatLon; 4] {
        let (e, n) = (f64::from(self.east), f64::from(self.north));
        [
            grid_point(e, n),
            grid_point(e + 1.0, n),
            grid_point(e + 1.0, n + 1.0),
            grid_point(e, n + 1.0),
        ]
    }

    /// Parses an INSEE cell code such as `CRS3035RES200mN2029800E4252400`, where N and E
    /// are the EPSG:3035 coordinates of the lower-left corner in metres. Case and
    /// surrounding whitespace are ignored; codes of another projection or another cell
    /// size, and corners off the 200 m grid, are errors.
    ///
    /// ```
    /// use aiguillage_geo::grid::{CellId, GridError};
    /// let cell = CellId::parse_insee("CRS3035RES200mN2029800E4252400").unwrap();
    /// assert_eq!(cell, CellId { north: 10_149, east: 21_262 });
    /// assert!(matches!(
    ///     CellId::parse_insee("CRS3035RES1000mN2029000E4252000"),
    ///     Err(GridError::Resolution { .. })
    /// ));
    /// ```
    pub fn parse_insee(code: &str) -> Result<CellId, GridError> {
        let code = code.trim();
        let syntax = || GridError::Syntax {
            code: code.to_owned(),
        };
        let upper = code.to_ascii_uppercase();
        let rest = upper.strip_prefix("CRS").ok_or_else(syntax)?;
        let (crs, rest) = split_number(rest, false);
        let rest = rest.strip_prefix("RES").ok_or_else(syntax)?;
        let (size, rest) = split_number(rest, false);
        let (unit, rest) = if let Some(rest) = rest.strip_prefix("KM") {
            ("km", rest)
        } else {
            ("m", rest.strip_prefix('M').ok_or_else(syntax)?)
        };
        let rest = rest.strip_prefix('N').ok_or_else(syntax)?;
        let (north, rest) = split_number(rest, true);
        let rest = rest.strip_prefix('E').ok_or_else(syntax)?;
        let (east, rest) = split_number(rest, true);
        if [crs, size, north, east]
            .iter()
            .any(|n| n.trim_start_matches('-').is_empty())
            || !rest.is_empty()
        {
            return Err(syntax());
        }
        if crs != "3035" {
            return Err(GridError::Crs {
                code: code.to_owned(),
                crs: crs.to_owned(),
            });
        }
        if size != "200" || unit != "m" {
            return Err(GridError::Resolution {
                code: code.to_owned(),
                resolution: format!("{size}{unit}"),
            });
        }
        let index = |metres: &str| -> Result<i32, GridError> {
            let out_of_range = || GridError::OutOfRange {
                code: code.to_owned(),
            };
            let metres: i64 = metres.parse().map_err(|_| out_of_range())?;
            if metres % 200 != 0 {
                return Err(GridError::OffGrid {
                    code: code.to_owned(),
                });
            }
            i32::try_from(metres / 200).map_err(|_| out_of_range())
        };
        Ok(CellId {
            north: index(north)?,
            east: index(east)?,
        })
    }

    /// The INSEE code of the cell, the inverse of [`CellId::parse_insee`].
    ///
    /// ```
    /// use aiguillage_geo::grid::CellId;
    /// let cell = CellId { north: 10_149, east: 21_262 };
    /// assert_eq!(cell.insee_code(), "CRS3035RES200mN2029800E4252400");
    /// ```
    pub fn insee_code(&self) -> String {
        format!(
            "CRS3035RES200mN{}E{}",
            i64::from(self.north) * 200,
            i64::from(self.east) * 200
        )
    }

    /// The position of the cell along a Hilbert curve over the whole `i32 × i32` grid
    /// (columns as x, rows as y): consecutive keys are edge-adjacent cells, so sorting
    /// cells by this key keeps nearby cells together (better cache locality for queries
    /// made cell by cell). Keys are distinct for distinct cells. 32 iterations of a few
    /// integer operations.
    ///
    /// ```
    /// use aiguillage_geo::grid::CellId;
    /// let mut cells: Vec<CellId> = (0..4)
    ///     .flat_map(|north| (0..4).map(move |east| CellId { north, east }))
    ///     .collect();
    /// cells.sort_by_key(CellId::hilbert);
    /// // The curve walks the 4×4 block one edge-adjacent step at a time.
    /// assert!(cells
    ///     .windows(2)
    ///     .all(|w| (w[0].north - w[1].north).abs() + (w[0].east - w[1].east).abs() == 1));
    /// ```
    pub fn hilbert(&self) -> u64 {
        // From the most negative cell, over all 32 bits: (v - i32::MIN) as u32 flips the
        // sign bit, which maps i32 onto u32 in the same order.
        self.hilbert_from(
            CellId {
                north: i32::MIN,
                east: i32::MIN,
            },
            32,
        )
    }

    /// The key of the Hilbert curve over the `2^levels × 2^levels` square of cells whose
    /// south-west corner is `origin` (cells outside it wrap around). Sorting the cells of an
    /// area by their key from the area's corner, with just enough levels to span it, gives
    /// the same locality as [`CellId::hilbert`] in a third of the time for France (13
    /// levels instead of 32). `levels` is clamped to 1–32.
    ///
    /// ```
    /// use aiguillage_geo::grid::CellId;
    /// let origin = CellId { north: 100, east: 200 };
    /// let mut cells: Vec<CellId> = (100..104)
    ///     .flat_map(|north| (200..204).map(move |east| CellId { north, east }))
    ///     .collect();
    /// cells.sort_by_key(|c| c.hilbert_from(origin, 2));
    /// assert!(cells
    ///     .windows(2)
    ///     .all(|w| (w[0].north - w[1].north).abs() + (w[0].east - w[1].east).abs() == 1));
    /// ```
    pub fn hilbert_from(&self, origin: CellId, levels: u32) -> u64 {
        let levels = levels.clamp(1, 32);
        let mut x = self.east.wrapping_sub(origin.east) as u32;
        let mut y = self.north.wrapping_sub(origin.north) as u32;
        let mut key = 0u64;
        let mut s = 1u32 << (levels - 1);
        while s > 0 {
            let rx = u32::from(x & s != 0);
            let ry = u32::from(y & s != 0);
            key += u64::from(s) * u64::from(s) * u64::from((3 * rx) ^ ry);
            // Rotate the quadrant so that the curve inside it starts and ends where the
            // curve of the enclosing square passes.
            if ry == 0 {
                if rx == 1 {
                    x = !x;
                    y = !y;
                }
                std::mem::swap(&mut x, &mut y);
            }
            s >>= 1;
        }
        key
    }

    /// The four edge-adjacent cells: north, east, south, west. (At the extreme rows and
    /// columns of `i32`, far outside the Earth's image, indices saturate.)
    pub fn neighbours4(&self) -> [CellId; 4] {
        let (n, e) = (self.north, self.east);
        [
            CellId {
                north: n.saturating_add(1),
                east: e,
            },
            CellId {
                north: n,
                east: e.saturating_add(1),
            },
            CellId {
                north: n.saturating_sub(1),
                east: e,
            },
            CellId {
                north: n,
                east: e.saturating_sub(1),
            },
        ]
    }
}

/// The point at `(east, north)` in cell units of the projection.
fn grid_point(east: f64, north: f64) -> LatLon {
    laea::unproject(east * CELL_M, north * CELL_M)
}

/// Splits `text` after its leading ASCII digits (with an optional leading `-`).
fn split_number(text: &str, signed: bool) -> (&str, &str) {
    let sign = usize::from(signed && text.starts_with('-'));
    let end = text[sign..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(text.len(), |i| i + sign);
    text.split_at(end)
}

/// The cells whose centre lies inside `area` (lon/lat coordinates: x = longitude,
/// y = latitude; holes excluded), sorted by row then column, without duplicates.
///
/// The rings are projected once and scanned row by row: each row of cell centres is cut
/// by the polygon's edges (even-odd rule over all the rings of each polygon), and the
/// cells between crossings are emitted, so the cost is O(V log V + R·k log k + C log C)
/// for V vertices, R rows, k crossings per row and C cells (the last term sorts the cells
/// of several polygons together) — 10 to 20 ms for a département in release. Memory is 8 bytes per cell (a département of 7,000 km² has 175,000
/// cells); callers should check the area of untrusted polygons first.
///
/// Edges are straight lines in the projection (for boundaries with vertices every few
/// hundred metres, centimetres from straight lines in lon/lat). A centre exactly on an
/// edge belongs to the polygon on the edge's east side (or north side for an east–west
/// edge), so a centre on the border shared by two polygons is counted once. Polygons with
/// a vertex that cannot be projected (non-finite coordinates, or the antipode of the
/// projection's origin in the South Pacific) are skipped.
///
/// ```
/// use aiguillage_geo::grid::{self, CellId};
/// let block: Vec<CellId> = (0..3)
///     .flat_map(|north| (0..2).map(move |east| CellId { north: 12_000 + north, east: 18_000 + east }))
///     .collect();
/// assert_eq!(grid::cells_in(&grid::outline(&block)), block);
/// ```
pub fn cells_in(area: &MultiPolygon<f64>) -> Vec<CellId> {
    let mut cells = Vec::new();
    for polygon in area {
        scan_polygon(polygon, &mut cells);
    }
    // Polygons are scanned one after the other: merge their rows, and drop the cells of
    // overlapping polygons (an invalid multipolygon) counted twice.
    cells.sort_unstable();
    cells.dedup();
    cells
}

/// A polygon edge crossing rows `first..end` of cell centres.
#[derive(Clone, Copy)]
struct ScanEdge {
    first: i32,
    end: i32,
    /// The lower end point (lowest y, then lowest x), and dx/dy.
    x_low: f64,
    y_low: f64,
    dx_dy: f64,
}

impl ScanEdge {
    /// Built from the end points in a canonical order, so that an edge shared by two
    /// polygons gives bit-identical crossings in both.
    fn new(a: (f64, f64), b: (f64, f64)) -> Option<ScanEdge> {
        let (low, high) = if (a.1, a.0) <= (b.1, b.0) { (a, b) } else { (b, a) };
        // A centre row at y crosses the edge when y_low <= y < y_high (half-open, so a
        // ring crosses each row an even number of times, vertices included).
        let first = first_centre_at_or_above(low.1);
        let end = first_centre_at_or_above(high.1);
        (first < end).then(|| ScanEdge {
            first,
            end,
            x_low: low.0,
            y_low: low.1,
            dx_dy: (high.0 - low.0) / (high.1 - low.1),
        })
    }

    fn x_at(&self, y: f64) -> f64 {
        self.x_low + (y - self.y_low) * self.dx_dy
    }
}

/// The coordinate of the centre of cells of index `k` (row or column).
fn centre_coord(k: i32) -> f64 {
    (f64::from(k) + 0.5) * CELL_M
}

/// The smallest index whose cell centre is at or above `v` (|v| <= [`MAX_PROJECTED_M`]).
fn first_centre_at_or_above(v: f64) -> i32 {
    let mut k = (v / CELL_M - 0.5).ceil() as i32;
    // The division may round across an integer: settle on exact comparisons.
    while centre_coord(k) < v {
        k += 1;
    }
    while centre_coord(k - 1) >= v {
        k -= 1;
    }
    k
}

/// Appends the cells of one polygon, row by row.
fn scan_polygon(polygon: &Polygon<f64>, out: &mut Vec<CellId>) {
    let mut edges = Vec::new();
    for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
        let points: Vec<(f64, f64)> = ring
            .0
            .iter()
            .map(|c| laea::project(LatLon::new(c.y, c.x)))
            .collect();
        if points
            .iter()
            .any(|&(x, y)| !(x.abs() <= MAX_PROJECTED_M && y.abs() <= MAX_PROJECTED_M))
        {
            return;
        }
        // Rings of a `geo::Polygon` are closed; the wrap-around edge makes unclosed rings
        // (built by hand) closed too, and is empty otherwise.
        let next = points.iter().skip(1).chain(points.first());
        edges.extend(points.iter().zip(next).filter_map(|(&a, &b)| ScanEdge::new(a, b)));
    }
    edges.sort_unstable_by_key(|e| e.first);

    let mut active: Vec<ScanEdge> = Vec::new();
    let mut crossings: Vec<f64> = Vec::new();
    let mut next = 0;
    let Some(mut row) = edges.first().map(|e| e.first) else {
        return;
    };
    loop {
        active.retain(|e| e.end > row);
        if active.is_empty() {
            // Skip the rows between two parts of the polygon.
            match edges.get(next) {
                Some(e) => row = row.max(e.first),
                None => break,
            }
        }
        while let Some(e) = edges.get(next).filter(|e| e.first <= row) {
            active.push(*e);
            next += 1;
        }
        let y = centre_coord(row);
        crossings.clear();
        crossings.extend(active.iter().map(|e| e.x_at(y)));
        crossings.sort_unstable_by(f64::total_cmp);
        for pair in crossings.chunks_exact(2) {
            // Centres in [x_in, x_out): the west edge of a span is in, the east one out.
            let (from, to) = (
                first_centre_at_or_above(pair[0]),
                first_centre_at_or_above(pair[1]),
            );
            out.extend((from..to).map(|east| CellId { north: row, east }));
        }
        row += 1;
    }
}

/// A corner of cells, in cell units: (east, north). `i64` so that the corners of the
/// extreme cells of `i32` are representable.
type Vertex = (i64, i64);

/// One side of a member cell whose other side is not a member, directed so the member is
/// on its left (counter-clockwise around the member).
struct BoundaryEdge {
    from: Vertex,
    to: Vertex,
    /// Index of the member cell in the sorted, deduplicated cells.
    cell: usize,
}

impl BoundaryEdge {
    fn direction(&self) -> Vertex {
        (self.to.0 - self.from.0, self.to.1 - self.from.1)
    }
}

/// z of the cross product: positive for a left (counter-clockwise) turn from `a` to `b`.
fn turn(a: Vertex, b: Vertex) -> i64 {
    a.0 * b.1 - a.1 * b.0
}

/// The union of the cells' squares, as lon/lat polygons (duplicates in `cells` are
/// ignored; an empty slice gives an empty multipolygon).
///
/// One polygon per edge-connected group of cells: its exterior ring runs
/// counter-clockwise and its holes clockwise, with one vertex per corner (collinear
/// vertices are merged, so a rectangle of cells has four). Vertices are the unprojected
/// corners of the cells, identical in every ring they belong to. Where two cells touch
/// only at a corner, they belong to different rings that touch at that point, and a hole
/// touching its exterior (or another hole) at a corner is a separate ring: the result is
/// valid in the OGC sense (rings are simple).
///
/// Cost: a sort of the cells, then linear in their number, plus one inverse projection
/// per vertex (about 20 ms for the 170,000 cells of a département, in release).
///
/// ```
/// use aiguillage_geo::grid::{self, CellId};
/// // A 3×3 block without its centre: one square with a square hole.
/// let ring: Vec<CellId> = (0..3)
///     .flat_map(|north| (0..3).map(move |east| CellId { north, east }))
///     .filter(|c| (c.north, c.east) != (1, 1))
///     .collect();
/// let outline = grid::outline(&ring);
/// assert_eq!(outline.0.len(), 1);
/// assert_eq!(outline.0[0].exterior().0.len(), 5); // four corners, closed
/// assert_eq!(outline.0[0].interiors().len(), 1);
/// ```
pub fn outline(cells: &[CellId]) -> MultiPolygon<f64> {
    let mut cells = cells.to_vec();
    cells.sort_unstable();
    cells.dedup();
    // Neighbours by index: the cells are sorted by row then column, so the east one is the
    // next in the slice and the north ones are found by merging each row with the next.
    let north = north_neighbours(&cells);
    let mut south = vec![None; cells.len()];
    for (i, n) in north.iter().enumerate() {
        if let Some(n) = *n {
            south[n] = Some(i);
        }
    }
    let mut edges = Vec::new();
    for (i, c) in cells.iter().enumerate() {
        let (e, n) = (i64::from(c.east), i64::from(c.north));
        let east = cells.get(i + 1).is_some_and(|next| is_east_of(next, c));
        let west = i
            .checked_sub(1)
            .is_some_and(|previous| is_east_of(c, &cells[previous]));
        // The sides counter-clockwise (south side eastwards, east side northwards, north
        // side westwards, west side southwards), with whether the cell across is a member.
        let sides = [
            (south[i].is_some(), (e, n), (e + 1, n)),
            (east, (e + 1, n), (e + 1, n + 1)),
            (north[i].is_some(), (e + 1, n + 1), (e, n + 1)),
            (west, (e, n + 1), (e, n)),
        ];
        for (shared, from, to) in sides {
            if !shared {
                edges.push(BoundaryEdge { from, to, cell: i });
            }
        }
    }
    // Each boundary vertex has one or two outgoing edges (two where cells touch only at
    // that corner), and as many incoming ones.
    let mut outgoing: HashMap<Vertex, (usize, Option<usize>)> = HashMap::with_capacity(edges.len());
    for (i, edge) in edges.iter().enumerate() {
        match outgoing.entry(edge.from) {
            Entry::Vacant(slot) => {
                slot.insert((i, None));
            }
            Entry::Occupied(mut slot) => slot.get_mut().1 = Some(i),
        }
    }
    // Where two edges leave a vertex, take the left turn: it keeps following the same
    // cell, so cells touching only at a corner are not joined. This pairs incoming and
    // outgoing edges one to one, so following it from any edge comes back to that edge.
    let next = |i: usize| -> Option<usize> {
        let edge = &edges[i];
        match *outgoing.get(&edge.to)? {
            (only, None) => Some(only),
            (a, Some(b)) => Some(if turn(edge.direction(), edges[a].direction()) > 0 {
                a
            } else {
                b
            }),
        }
    };

    let groups = components(&cells);
    let mut group_of = vec![0; cells.len()];
    for (g, members) in groups.iter().enumerate() {
        for &i in members {
            group_of[i] = g;
        }
    }
    let mut exteriors: Vec<Option<LineString<f64>>> = vec![None; groups.len()];
    let mut holes: Vec<Vec<LineString<f64>>> = vec![Vec::new(); groups.len()];
    let mut emit = |ring: &[usize]| {
        let Some(&first) = ring.first() else {
            return;
        };
        let (coords, counter_clockwise) = ring_coords(ring, &edges);
        let group = group_of[edges[first].cell];
        if counter_clockwise {
            exteriors[group] = Some(coords);
        } else {
            holes[group].push(coords);
        }
    };

    let mut used = vec![false; edges.len()];
    let mut cycle = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut on_stack: HashMap<Vertex, usize> = HashMap::new();
    for start in 0..edges.len() {
        if used[start] {
            continue;
        }
        cycle.clear();
        let mut i = start;
        loop {
            used[i] = true;
            cycle.push(i);
            match next(i) {
                Some(n) if !used[n] => i = n,
                _ => break,
            }
        }
        // A cycle may pass twice through a corner (a hole touching the exterior, or two
        // holes touching, at a corner): split it there into simple rings.
        stack.clear();
        on_stack.clear();
        for &i in &cycle {
            let vertex = edges[i].from;
            if let Some(&p) = on_stack.get(&vertex) {
                for &j in &stack[p..] {
                    on_stack.remove(&edges[j].from);
                }
                emit(&stack[p..]);
                stack.truncate(p);
            }
            on_stack.insert(vertex, stack.len());
            stack.push(i);
        }
        emit(&stack);
    }

    MultiPolygon(
        exteriors
            .into_iter()
            .zip(holes)
            .filter_map(|(exterior, holes)| Some(Polygon::new(exterior?, holes)))
            .collect(),
    )
}

/// The lon/lat ring of a closed chain of boundary edges, starting at its lowest-leftmost
/// corner, without collinear vertices; and whether it runs counter-clockwise.
fn ring_coords(ring: &[usize], edges: &[BoundaryEdge]) -> (LineString<f64>, bool) {
    // Corners: vertices where the direction changes, with the turn taken there.
    let mut corners: Vec<(Vertex, i64)> = Vec::new();
    let mut previous = ring.last().map_or((0, 0), |&i| edges[i].direction());
    for &i in ring {
        let direction = edges[i].direction();
        if direction != previous {
            corners.push((edges[i].from, turn(previous, direction)));
        }
        previous = direction;
    }
    let start = corners
        .iter()
        .enumerate()
        .min_by_key(|(_, ((east, north), _))| (*north, *east))
        .map_or(0, |(i, _)| i);
    // The lowest-leftmost corner of a simple ring is convex: its turn gives the ring's
    // orientation.
    let counter_clockwise = corners.get(start).is_some_and(|&(_, t)| t > 0);
    let coords: Vec<Coord<f64>> = corners[start..]
        .iter()
        .chain(&corners[..start])
        .chain(corners.get(start))
        .map(|&((east, north), _)| {
            let p = grid_point(east as f64, north as f64);
            Coord { x: p.lon, y: p.lat }
        })
        .collect();
    (LineString(coords), counter_clockwise)
}

/// Groups of indices of `cells` connected through shared sides (4-connectivity): each
/// group sorted, groups in order of their first index. Equal cells are in the same group.
///
/// The cells are sorted (by row, then column) once; edge-adjacent cells are then found by
/// merging each row with the next, without hashing, and joined by union-find.
///
/// ```
/// use aiguillage_geo::grid::{self, CellId};
/// let cells = [
///     CellId { north: 0, east: 0 },
///     CellId { north: 5, east: 5 },
///     CellId { north: 0, east: 1 },
///     CellId { north: 1, east: 2 }, // touches (0, 1) only at a corner
/// ];
/// assert_eq!(grid::components(&cells), vec![vec![0, 2], vec![1], vec![3]]);
/// ```
pub fn components(cells: &[CellId]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_unstable_by_key(|&i| cells[i]);
    let sorted: Vec<CellId> = order.iter().map(|&i| cells[i]).collect();
    // Links between positions in `sorted`: equal or east-adjacent cells are consecutive,
    // north neighbours are in the next row.
    let along_rows = (1..sorted.len())
        .filter(|&i| sorted[i] == sorted[i - 1] || is_east_of(&sorted[i], &sorted[i - 1]))
        .map(|i| (i - 1, i));
    let north = north_neighbours(&sorted);
    let across_rows = north.iter().enumerate().filter_map(|(i, n)| Some((i, (*n)?)));
    group(
        cells.len(),
        along_rows.chain(across_rows).map(|(a, b)| (order[a], order[b])),
    )
}

/// Whether `a` is the cell just east of `b`.
fn is_east_of(a: &CellId, b: &CellId) -> bool {
    a.north == b.north && i64::from(a.east) == i64::from(b.east) + 1
}

/// For cells sorted by row then column, the index of each one's north neighbour (its first
/// copy) when it is in the slice, in one merge pass (the north neighbours of a row are
/// in the next row, in the same column order).
fn north_neighbours(cells: &[CellId]) -> Vec<Option<usize>> {
    let mut j = 0;
    cells
        .iter()
        .map(|c| {
            let target = CellId {
                north: c.north.checked_add(1)?,
                east: c.east,
            };
            while cells.get(j).is_some_and(|d| *d < target) {
                j += 1;
            }
            (cells.get(j) == Some(&target)).then_some(j)
        })
        .collect()
}

/// Groups of `0..n` joined by `links` (pairs of indices): each group sorted, groups in
/// order of their first index. Union-find: near-linear time.
fn group(n: usize, links: impl Iterator<Item = (usize, usize)>) -> Vec<Vec<usize>> {
    let mut sets = DisjointSets::new(n);
    for (a, b) in links {
        sets.union(a, b);
    }
    let mut group_of_root: Vec<Option<usize>> = vec![None; n];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..n {
        let root = sets.find(i);
        let group = *group_of_root[root].get_or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[group].push(i);
    }
    groups
}

/// Union-find with union by size and path halving.
struct DisjointSets {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        self.size[a] += self.size[b];
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use aiguillage_testkit::shared_data;
    use geo::{Validation, Winding};
    use proptest::prelude::*;

    use super::*;

    /// Origin of the hand-made shapes, in metres of the projection (central Brittany), on
    /// the grid so that centres are at offsets 100, 300, 500…
    const X0: f64 = 3_300_000.0;
    const Y0: f64 = 2_850_000.0;
    const ROW0: i32 = (Y0 / CELL_M) as i32;
    const COL0: i32 = (X0 / CELL_M) as i32;

    /// A lon/lat ring from projected offsets (metres) from (X0, Y0).
    fn ring(points: &[(f64, f64)]) -> LineString<f64> {
        points
            .iter()
            .map(|&(dx, dy)| {
                let p = laea::unproject(X0 + dx, Y0 + dy);
                Coord { x: p.lon, y: p.lat }
            })
            .collect()
    }

    fn rectangle(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<(f64, f64)> {
        vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    }

    fn polygon(exterior: &[(f64, f64)], holes: &[&[(f64, f64)]]) -> Polygon<f64> {
        Polygon::new(ring(exterior), holes.iter().map(|h| ring(h)).collect())
    }

    fn cell(north: i32, east: i32) -> CellId {
        CellId {
            north: ROW0 + north,
            east: COL0 + east,
        }
    }

    fn block(rows: std::ops::Range<i32>, cols: std::ops::Range<i32>) -> Vec<CellId> {
        rows.flat_map(|n| cols.clone().map(move |e| cell(n, e))).collect()
    }

    /// Signed area in m² of a lon/lat ring, computed in the projection.
    fn projected_area(ring: &LineString<f64>) -> f64 {
        // Relative to (X0, Y0): the shoelace on raw coordinates of millions of metres
        // loses millimetres.
        let xy: Vec<(f64, f64)> = ring
            .0
            .iter()
            .map(|c| laea::project(LatLon::new(c.y, c.x)))
            .map(|(x, y)| (x - X0, y - Y0))
            .collect();
        xy.windows(2)
            .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
            .sum::<f64>()
            / 2.0
    }

    /// Checks validity, orientations, and returns the area in m².
    fn checked_area(outline: &MultiPolygon<f64>) -> f64 {
        assert!(outline.is_valid(), "{:?}", outline.check_validation());
        let mut total = 0.0;
        for polygon in outline {
            assert!(polygon.exterior().is_ccw());
            assert!(projected_area(polygon.exterior()) > 0.0);
            total += projected_area(polygon.exterior());
            for hole in polygon.interiors() {
                assert!(hole.is_cw());
                total += projected_area(hole);
            }
        }
        total
    }

    #[test]
    fn containing_centre_and_corners_agree() {
        for p in [
            LatLon::new(48.3904, -4.4861),
            LatLon::new(41.9192, 8.7386),
            LatLon::new(-21.1151, 55.5364),
        ] {
            let c = CellId::containing(p);
            assert_eq!(CellId::containing(c.centre()), c);
            let corners = c.corners();
            // The south-west corner is in the cell, the others in its neighbours.
            assert_eq!(CellId::containing(corners[0]), c);
            let (x0, y0) = laea::project(corners[0]);
            let (x2, y2) = laea::project(corners[2]);
            assert!((x2 - x0 - CELL_M).abs() < 1e-4 && (y2 - y0 - CELL_M).abs() < 1e-4);
            assert_eq!(
                CellId::containing(corners[2]),
                CellId {
                    north: c.north + 1,
                    east: c.east + 1
                }
            );
        }
        assert_eq!(
            CellId::containing(LatLon::new(f64::NAN, 0.0)),
            CellId { north: 0, east: 0 }
        );
    }

    #[test]
    fn insee_codes_round_trip() {
        let cell = CellId::parse_insee("CRS3035RES200mN2029800E4252400").unwrap();
        assert_eq!(cell.insee_code(), "CRS3035RES200mN2029800E4252400");
        assert_eq!(
            CellId::parse_insee("\t crs3035res200mn2029800e4252400\r\n"),
            Ok(cell)
        );
        let far = CellId {
            north: -5,
            east: i32::MAX,
        };
        assert_eq!(CellId::parse_insee(&far.insee_code()), Ok(far));
    }

    #[test]
    fn insee_code_errors() {
        let err = |code: &str| CellId::parse_insee(code).unwrap_err().to_string();
        assert_eq!(
            err("CRS2154RES200mN6800000E300000"),
            "cell code « CRS2154RES200mN6800000E300000 » is in EPSG:2154, expected EPSG:3035"
        );
        assert_eq!(
            err("CRS3035RES1000mN2029000E4252000"),
            "cell code « CRS3035RES1000mN2029000E4252000 » is a cell of 1000m, expected 200m"
        );
        assert_eq!(
            err("CRS3035RES1kmN2029000E4252000"),
            "cell code « CRS3035RES1kmN2029000E4252000 » is a cell of 1km, expected 200m"
        );
        assert_eq!(
            err("CRS3035RES200mN2029850E4252400"),
            "cell code « CRS3035RES200mN2029850E4252400 »: its corner is not on the 200 m grid (N and E must be multiples of 200)"
        );
        assert_eq!(
            err("CRS3035RES200mN2029800E999999999999999999999999"),
            "cell code « CRS3035RES200mN2029800E999999999999999999999999 »: coordinates out of range"
        );
        assert_eq!(
            err("CRS3035RES200mN2029800E429496729600"),
            "cell code « CRS3035RES200mN2029800E429496729600 »: coordinates out of range"
        );
        for bad in [
            "",
            "hello",
            "CRS3035RES200mN2029800",
            "CRS3035RES200mN2029800E",
            "CRS3035RES200mN2029800E4252400x",
            "CRS3035RES200N2029800E4252400",
            "CRSRES200mN2029800E4252400",
            "CRS3035RES200mN-E4252400",
            "CRS3035RES200mN 2029800E4252400",
            "CRS3035RESmN2029800E4252400",
            "2029800;4252400",
        ] {
            assert_eq!(
                err(bad),
                format!(
                    "not an INSEE grid cell code « {} » (expected like CRS3035RES200mN2029800E4252400)",
                    bad.trim()
                )
            );
        }
    }

    #[test]
    fn hilbert_keys_walk_adjacent_cells() {
        // A 16 × 16 block aligned on 16 (the sign-bit offset keeps the alignment) is one
        // stretch of the curve.
        let mut cells: Vec<CellId> = (-16..0)
            .flat_map(|north| (32..48).map(move |east| CellId { north, east }))
            .collect();
        cells.sort_by_key(CellId::hilbert);
        for w in cells.windows(2) {
            assert_eq!(
                (w[0].north - w[1].north).abs() + (w[0].east - w[1].east).abs(),
                1,
                "{w:?}"
            );
        }
        let keys: Vec<u64> = cells.iter().map(CellId::hilbert).collect();
        assert_eq!(keys.last().unwrap() - keys[0], 255);
        let extremes = [i32::MIN, -1, 0, i32::MAX];
        let mut all: Vec<u64> = extremes
            .iter()
            .flat_map(|&north| extremes.iter().map(move |&east| CellId { north, east }.hilbert()))
            .collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 16);
        assert_eq!(
            CellId {
                north: i32::MIN,
                east: i32::MIN
            }
            .hilbert(),
            0
        );
    }

    #[test]
    fn neighbours() {
        let c = CellId { north: 3, east: 7 };
        assert_eq!(
            c.neighbours4(),
            [
                CellId { north: 4, east: 7 },
                CellId { north: 3, east: 8 },
                CellId { north: 2, east: 7 },
                CellId { north: 3, east: 6 },
            ]
        );
        let corner = CellId {
            north: i32::MAX,
            east: i32::MIN,
        };
        assert_eq!(corner.neighbours4()[0], corner);
        assert_eq!(corner.neighbours4()[3], corner);
    }

    #[test]
    fn cells_of_rectangles_and_l_shapes() {
        // Edges 10 m off the grid lines: centres at 100, 300… are well inside or outside.
        let area = MultiPolygon(vec![polygon(&rectangle(10.0, 10.0, 1010.0, 610.0), &[])]);
        assert_eq!(cells_in(&area), block(0..3, 0..5));
        // Counter-clockwise or clockwise, closed or not: same cells.
        let mut clockwise = rectangle(10.0, 10.0, 1010.0, 610.0);
        clockwise.reverse();
        clockwise.pop();
        let area = MultiPolygon(vec![polygon(&clockwise, &[])]);
        assert_eq!(cells_in(&area), block(0..3, 0..5));

        let l_shape = [
            (10.0, 10.0),
            (1210.0, 10.0),
            (1210.0, 410.0),
            (410.0, 410.0),
            (410.0, 1210.0),
            (10.0, 1210.0),
        ];
        let cells = cells_in(&MultiPolygon(vec![polygon(&l_shape, &[])]));
        let mut expected = block(0..2, 0..6);
        expected.extend(block(2..6, 0..2));
        assert_eq!(cells.len(), 12 + 8);
        assert_eq!(cells, expected);

        // Smaller than a cell and away from any centre: nothing.
        let tiny = MultiPolygon(vec![polygon(&rectangle(120.0, 120.0, 180.0, 180.0), &[])]);
        assert!(cells_in(&tiny).is_empty());
        assert!(cells_in(&MultiPolygon(vec![])).is_empty());
        // A triangle: centres (i + 0.5, j + 0.5) · 200 below the diagonal y < x.
        let triangle = [(0.0, 0.0), (2000.0, 0.0), (2000.0, 2000.0)];
        let cells = cells_in(&MultiPolygon(vec![polygon(&triangle, &[])]));
        // 45 below the diagonal, and the 10 on it: a centre on an edge belongs to the
        // polygon east of the edge.
        assert_eq!(cells.len(), 55, "{cells:?}");
    }

    #[test]
    fn holes_are_excluded() {
        let outer = rectangle(10.0, 10.0, 2010.0, 2010.0);
        let hole = rectangle(610.0, 610.0, 1410.0, 1410.0);
        let area = MultiPolygon(vec![polygon(&outer, &[&hole])]);
        let cells = cells_in(&area);
        assert_eq!(cells.len(), 100 - 16);
        assert!(!cells.contains(&cell(3, 3)) && !cells.contains(&cell(6, 6)));
        assert!(cells.contains(&cell(2, 3)) && cells.contains(&cell(7, 6)));
    }

    #[test]
    fn touching_polygons_count_shared_centres_once() {
        // The shared side x = 1100 runs through a column of centres.
        let west = polygon(&rectangle(50.0, 50.0, 1100.0, 650.0), &[]);
        let east = polygon(&rectangle(1100.0, 50.0, 2050.0, 650.0), &[]);
        let both = cells_in(&MultiPolygon(vec![west.clone(), east.clone()]));
        assert_eq!(both, block(0..3, 0..10));
        let apart = cells_in(&MultiPolygon(vec![west])).len() + cells_in(&MultiPolygon(vec![east])).len();
        assert_eq!(apart, 30);

        // Two triangles sharing the diagonal of a square, which runs through ten centres.
        let lower = polygon(&[(0.0, 0.0), (2000.0, 0.0), (2000.0, 2000.0)], &[]);
        let upper = polygon(&[(0.0, 0.0), (2000.0, 2000.0), (0.0, 2000.0)], &[]);
        let both = cells_in(&MultiPolygon(vec![lower.clone(), upper.clone()]));
        assert_eq!(both, block(0..10, 0..10));
        let apart = cells_in(&MultiPolygon(vec![lower])).len() + cells_in(&MultiPolygon(vec![upper])).len();
        assert_eq!(apart, 100);
    }

    #[test]
    fn outline_of_a_block_is_a_square() {
        let cells = block(0..10, 0..10);
        let outline = outline(&cells);
        assert_eq!(outline.0.len(), 1);
        let exterior = outline.0[0].exterior();
        assert_eq!(exterior.0.len(), 5);
        let sw = cell(0, 0).corners()[0];
        assert_eq!(exterior.0[0], Coord { x: sw.lon, y: sw.lat });
        assert!((checked_area(&outline) - 100.0 * 40_000.0).abs() < 1e-3);
        assert_eq!(cells_in(&outline), cells);
        // Duplicates and order do not matter.
        let mut shuffled = cells.clone();
        shuffled.reverse();
        shuffled.extend_from_slice(&cells[..7]);
        assert_eq!(super::outline(&shuffled), outline);
        assert!(super::outline(&[]).0.is_empty());
    }

    #[test]
    fn outline_of_a_checkerboard() {
        let cells: Vec<CellId> = block(0..4, 0..4)
            .into_iter()
            .filter(|c| (c.north + c.east) % 2 == 0)
            .collect();
        let outline = outline(&cells);
        assert_eq!(outline.0.len(), 8);
        assert!(outline
            .iter()
            .all(|p| p.exterior().0.len() == 5 && p.interiors().is_empty()));
        assert!((checked_area(&outline) - 8.0 * 40_000.0).abs() < 1e-3);
    }

    #[test]
    fn outline_of_two_diagonal_cells() {
        let outline = outline(&[cell(0, 0), cell(1, 1)]);
        assert_eq!(outline.0.len(), 2);
        assert_eq!(outline.0[0].exterior().0[2], outline.0[1].exterior().0[0]);
        assert!((checked_area(&outline) - 2.0 * 40_000.0).abs() < 1e-3);
    }

    #[test]
    fn outline_of_a_ring_has_a_hole() {
        let cells: Vec<CellId> = block(0..5, 0..5)
            .into_iter()
            .filter(|c| !(1..4).contains(&(c.north - ROW0)) || !(1..4).contains(&(c.east - COL0)))
            .collect();
        let outline = outline(&cells);
        assert_eq!(outline.0.len(), 1);
        assert_eq!(outline.0[0].exterior().0.len(), 5);
        assert_eq!(outline.0[0].interiors().len(), 1);
        assert_eq!(outline.0[0].interiors()[0].0.len(), 5);
        assert!((checked_area(&outline) - 16.0 * 40_000.0).abs() < 1e-3);
    }

    #[test]
    fn outline_pinches_are_separate_rings() {
        // A hole meeting the outside at a corner: the hole (1, 1) touches the outside
        // cell (0, 2)... through the corner (2, 2) of the grid.
        //   row 2: . X X
        //   row 1: X . X
        //   row 0: X X X   (and (2, 0) missing)
        let cells = vec![
            cell(0, 0),
            cell(0, 1),
            cell(0, 2),
            cell(1, 0),
            cell(1, 2),
            cell(2, 1),
            cell(2, 2),
        ];
        let outline = outline(&cells);
        assert_eq!(outline.0.len(), 1, "{outline:?}");
        assert_eq!(outline.0[0].interiors().len(), 1);
        assert!((checked_area(&outline) - 7.0 * 40_000.0).abs() < 1e-3);

        // Two holes touching at a corner inside a 4 × 4 block.
        let cells: Vec<CellId> = block(0..4, 0..4)
            .into_iter()
            .filter(|c| ![cell(1, 1), cell(2, 2)].contains(c))
            .collect();
        let outline = super::outline(&cells);
        assert_eq!(outline.0.len(), 1);
        assert_eq!(outline.0[0].interiors().len(), 2);
        assert!((checked_area(&outline) - 14.0 * 40_000.0).abs() < 1e-3);

        // An island in a lake in an island.
        let mut cells: Vec<CellId> = block(0..5, 0..5)
            .into_iter()
            .filter(|c| !(1..4).contains(&(c.north - ROW0)) || !(1..4).contains(&(c.east - COL0)))
            .collect();
        cells.push(cell(2, 2));
        let outline = super::outline(&cells);
        assert_eq!(outline.0.len(), 2);
        assert_eq!(outline.0[0].interiors().len(), 1);
        assert!((checked_area(&outline) - 17.0 * 40_000.0).abs() < 1e-3);
    }

    #[test]
    fn components_of_hand_made_sets() {
        assert!(components(&[]).is_empty());
        let cells = [
            cell(0, 0),
            cell(3, 3),
            cell(0, 1),
            cell(0, 0),
            cell(1, 1),
            cell(2, 2),
            cell(3, 2),
        ];
        assert_eq!(components(&cells), vec![vec![0, 2, 3, 4], vec![1, 5, 6]]);
    }

    /// The features of a GeoJSON file of `shared/data/geo`, as (code, multipolygon).
    fn load(name: &str) -> Option<Vec<(String, MultiPolygon<f64>)>> {
        let path = shared_data(&format!("geo/{name}"))?;
        let text = std::fs::read_to_string(path).unwrap();
        let collection: geojson::FeatureCollection = text.parse().unwrap();
        Some(
            collection
                .features
                .into_iter()
                .map(|f| {
                    let code = f.property("code").unwrap().as_str().unwrap().to_owned();
                    let geometry = geo::Geometry::<f64>::try_from(f.geometry.unwrap()).unwrap();
                    let area = match geometry {
                        geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
                        geo::Geometry::MultiPolygon(m) => m,
                        other => panic!("{code}: {other:?}"),
                    };
                    (code, area)
                })
                .collect(),
        )
    }

    fn area_m2(area: &MultiPolygon<f64>) -> f64 {
        area.iter()
            .map(|p| {
                projected_area(p.exterior()).abs()
                    - p.interiors().iter().map(|h| projected_area(h).abs()).sum::<f64>()
            })
            .sum()
    }

    #[test]
    fn cells_of_brest() {
        let Some(communes) = load("communes-29-finistere.geojson") else {
            return;
        };
        let (_, brest) = communes.iter().find(|(code, _)| code == "29019").unwrap();
        let cells = cells_in(brest);
        let (cells_m2, true_m2) = (cells.len() as f64 * 40_000.0, area_m2(brest));
        // Brest covers about 49.5 km².
        assert!((true_m2 / 1e6 - 49.5).abs() < 1.5, "{true_m2}");
        assert!((cells_m2 / true_m2 - 1.0).abs() < 0.02, "{cells_m2} vs {true_m2}");
        assert!(cells.windows(2).all(|w| w[0] < w[1]));
        // The town hall is in the commune.
        assert!(cells.contains(&CellId::containing(LatLon::new(48.3904, -4.4861))));
        // The outline of the cells covers them exactly.
        let outline = outline(&cells);
        assert!((checked_area(&outline) - cells_m2).abs() < 1e-3 * cells_m2 / 1e6);
        assert_eq!(cells_in(&outline), cells);
    }

    /// The result of `f` and its best time over three runs (the machine may be busy).
    fn timed<T>(f: impl Fn() -> T) -> (T, Duration) {
        let mut best = Duration::MAX;
        let mut result = None;
        for _ in 0..3 {
            let start = Instant::now();
            result = Some(f());
            best = best.min(start.elapsed());
        }
        (result.unwrap(), best)
    }

    #[test]
    fn cells_of_a_departement() {
        let Some(communes) = load("communes-29-finistere.geojson") else {
            return;
        };
        let all = MultiPolygon(communes.iter().flat_map(|(_, m)| m.0.clone()).collect());
        let (cells, elapsed) = timed(|| cells_in(&all));
        let per_commune: usize = communes.iter().map(|(_, m)| cells_in(m).len()).sum();
        let (cells_m2, true_m2) = (cells.len() as f64 * 40_000.0, area_m2(&all));
        println!(
            "cells_in: {} Finistère communes ({} vertices): {} cells in {:.1} ms \
             (sum over communes: {per_commune}; cells {:.0} km², polygons {:.0} km²)",
            communes.len(),
            all.iter().map(|p| p.exterior().0.len()).sum::<usize>(),
            cells.len(),
            elapsed.as_secs_f64() * 1e3,
            cells_m2 / 1e6,
            true_m2 / 1e6
        );
        assert!(cells.windows(2).all(|w| w[0] < w[1]));
        // The communes share their borders exactly: a centre on a border is counted in
        // one commune, and once in the union.
        assert_eq!(cells.len(), per_commune);
        assert!(
            (cells_m2 / true_m2 - 1.0).abs() < 0.001,
            "{cells_m2} vs {true_m2}"
        );

        let Some(departements) = load("departements.geojson") else {
            return;
        };
        let (_, finistere) = departements.iter().find(|(code, _)| code == "29").unwrap();
        let (cells, elapsed) = timed(|| cells_in(finistere));
        println!(
            "cells_in: Finistère département: {} cells in {:.1} ms",
            cells.len(),
            elapsed.as_secs_f64() * 1e3
        );
        let (cells_m2, true_m2) = (cells.len() as f64 * 40_000.0, area_m2(finistere));
        assert!((cells_m2 / true_m2 - 1.0).abs() < 0.01, "{cells_m2} vs {true_m2}");
        let (outline, elapsed) = timed(|| outline(&cells));
        println!(
            "outline: {} polygons in {:.1} ms",
            outline.0.len(),
            elapsed.as_secs_f64() * 1e3
        );
    }

    /// Components by flood fill, the obvious way.
    fn flood_fill(cells: &[CellId]) -> Vec<Vec<usize>> {
        let mut group: Vec<Option<usize>> = vec![None; cells.len()];
        let mut groups = Vec::new();
        for start in 0..cells.len() {
            if group[start].is_some() {
                continue;
            }
            let g = groups.len();
            let mut members = vec![];
            let mut todo = vec![start];
            group[start] = Some(g);
            while let Some(i) = todo.pop() {
                members.push(i);
                for j in 0..cells.len() {
                    let d = (cells[i].north - cells[j].north).abs() + (cells[i].east - cells[j].east).abs();
                    if d <= 1 && group[j].is_none() {
                        group[j] = Some(g);
                        todo.push(j);
                    }
                }
            }
            members.sort_unstable();
            groups.push(members);
        }
        groups
    }

    proptest! {
        #[test]
        fn outline_area_is_the_cells_area(set in proptest::collection::vec((0..8i32, 0..8i32), 0..40)) {
            let cells: Vec<CellId> = set.iter().map(|&(n, e)| cell(n, e)).collect();
            let mut unique = cells.clone();
            unique.sort_unstable();
            unique.dedup();
            let outline = outline(&cells);
            let area = checked_area(&outline);
            prop_assert!((area - unique.len() as f64 * 40_000.0).abs() < 1e-3, "{} {}", area, unique.len());
            prop_assert_eq!(outline.0.len(), components(&unique).len());
            prop_assert_eq!(cells_in(&outline), unique);
        }

        #[test]
        fn components_match_flood_fill(set in proptest::collection::vec((0..6i32, 0..6i32), 0..30)) {
            let cells: Vec<CellId> = set.iter().map(|&(n, e)| cell(n, e)).collect();
            prop_assert_eq!(components(&cells), flood_fill(&cells));
        }
    }
}
