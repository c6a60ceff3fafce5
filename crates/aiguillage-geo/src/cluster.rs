//! Aggregation of points for maps: the points falling in the same square cell of screen
//! pixels, at a zoom level of the Web Mercator projection, become one [`Cluster`].
//!
//! Cells are anchored at the corner of the world, not at the viewport: the same points give
//! the same clusters whatever part of them a map shows, so clusters do not jump while the
//! map is panned, and a cell of zoom *z* is exactly four cells of zoom *z* + 1 (zooming in
//! splits clusters, never regroups them).
//!
//! ```
//! use aiguillage_geo::{grid_clusters, LatLon};
//! let points = [
//!     LatLon::new(48.3904, -4.4861), // Brest
//!     LatLon::new(48.3849, -4.4966), // Brest
//!     LatLon::new(48.4508, -4.2492), // Landerneau, 18 km away
//! ];
//! // At zoom 6 (the whole of France on a screen), cells of 64 px are ~100 km wide.
//! let clusters = grid_clusters(points, 6, 64);
//! assert_eq!(clusters.len(), 1);
//! assert_eq!(clusters[0].count, 3);
//! // At zoom 10, 6 km cells: Brest and Landerneau part.
//! let clusters = grid_clusters(points, 10, 64);
//! assert_eq!(clusters.iter().map(|c| c.count).collect::<Vec<_>>(), [2, 1]);
//! assert_eq!(clusters[0].center.lat, (48.3904 + 48.3849) / 2.0);
//! ```

use std::cmp::Reverse;
use std::collections::HashMap;
use std::f64::consts::PI;

use crate::{BoundingBox, LatLon};

/// Side of a map tile, in pixels: the convention of OpenStreetMap tiles and Leaflet, under
/// which the whole world is `TILE_PX × 2^zoom` pixels wide at `zoom`.
pub const TILE_PX: u32 = 256;

/// Highest zoom level that [`grid_clusters`] distinguishes; higher levels are taken as this
/// one. At zoom 24 the world is 2³² pixels wide (a pixel is ~1 cm at the equator, far below
/// any geocoding), so a cell index always fits in a `u32`.
pub const MAX_ZOOM: u8 = 24;

/// Latitude beyond which Web Mercator is not drawn (the world map is then a square):
/// `atan(sinh(π))` in degrees. Points nearer the poles are counted in the edge cells.
const MAX_MERCATOR_LAT: f64 = 85.051_128_779_806_59;

/// Points gathered in one cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cluster {
    /// The mean position of its points (mean latitude, mean longitude): where a map draws it,
    /// nearer to where the points are than the cell's centre.
    pub center: LatLon,
    /// How many points it holds (at least 1).
    pub count: usize,
    /// The smallest rectangle holding its points: zooming a map to it shows them all.
    pub bbox: BoundingBox,
}

/// The points of `points` grouped by square cells of `cell_px` screen pixels at `zoom` (Web
/// Mercator, [`TILE_PX`]-pixel tiles), one [`Cluster`] per non-empty cell.
///
/// Clusters come by decreasing `count`, then by cell from north-west to south-east: the
/// order depends only on the points' positions, not on their order. Points with a
/// non-finite coordinate are skipped; coordinates beyond WGS84 ranges are clamped into them
/// (latitude ±90°, longitude ±180°), and points nearer the poles than Web Mercator's limit
/// (±85.05°) fall in the top or bottom row of cells. A `zoom` above [`MAX_ZOOM`] counts as
/// [`MAX_ZOOM`], and a `cell_px` of 0 as 1.
///
/// Cost: O(n) to group, O(c log c) to sort the `c` clusters.
///
/// ```
/// use aiguillage_geo::{grid_clusters, LatLon};
/// let paris = LatLon::new(48.8566, 2.3522);
/// let lyon = LatLon::new(45.7640, 4.8357);
/// // At zoom 0, a cell of 256 px is the whole world.
/// let world = grid_clusters([paris, lyon, lyon], 0, 256);
/// assert_eq!(world.len(), 1);
/// assert_eq!(world[0].count, 3);
/// assert_eq!(world[0].bbox.min_lat, lyon.lat);
/// assert_eq!(world[0].bbox.max_lat, paris.lat);
/// // At zoom 8, the largest cluster first.
/// let apart = grid_clusters([paris, lyon, lyon], 8, 64);
/// assert_eq!((apart[0].count, apart[0].center), (2, lyon));
/// assert_eq!((apart[1].count, apart[1].center), (1, paris));
/// ```
pub fn grid_clusters(points: impl IntoIterator<Item = LatLon>, zoom: u8, cell_px: u32) -> Vec<Cluster> {
    let grid = Grid::new(zoom, cell_px);
    let points: Vec<LatLon> = points.into_iter().filter_map(wgs84).collect();
    let rows = RowFinder::new(&grid, &points);
    let cells: Vec<(u32, u32)> = points
        .iter()
        .map(|p| (rows.row(p.lat), grid.col(p.lon)))
        .collect();
    let mut clusters = accumulate(&cells, &points);
    // Cells are distinct, so this order is total and depends only on the positions.
    clusters.sort_unstable_by_key(|(cell, sums)| (Reverse(sums.count), *cell));
    clusters.into_iter().map(|(_, sums)| sums.cluster()).collect()
}

/// How many cells of `cell_px` pixels at `zoom` (as in [`grid_clusters`]) the rectangle
/// `bbox` touches: at most this many clusters come from points inside it, whatever their
/// number. A map server lowers the zoom until this fits its budget. A rectangle with a
/// coordinate that is not a finite number spans no cell.
///
/// ```
/// use aiguillage_geo::{grid_cells_spanned, BoundingBox};
/// let france = BoundingBox { min_lon: -5.5, min_lat: 41.2, max_lon: 9.8, max_lat: 51.2 };
/// // A map of ~700 × 700 px: 11 × 11 cells of 64 px.
/// assert_eq!(grid_cells_spanned(france, 6, 64), 11 * 11);
/// assert_eq!(grid_cells_spanned(france, 5, 64), 6 * 6);
/// assert_eq!(grid_cells_spanned(france, 0, 256), 1);
/// ```
pub fn grid_cells_spanned(bbox: BoundingBox, zoom: u8, cell_px: u32) -> u64 {
    let grid = Grid::new(zoom, cell_px);
    let (Some(north_west), Some(south_east)) = (
        wgs84(LatLon::new(bbox.max_lat, bbox.min_lon)),
        wgs84(LatLon::new(bbox.min_lat, bbox.max_lon)),
    ) else {
        return 0;
    };
    let (top, left) = (grid.row(north_west.lat), grid.col(north_west.lon));
    let (bottom, right) = (grid.row(south_east.lat), grid.col(south_east.lon));
    // At most 2³² × 2³²: saturates at u64::MAX rather than overflow.
    (u64::from(bottom.saturating_sub(top)) + 1).saturating_mul(u64::from(right.saturating_sub(left)) + 1)
}

/// `point` clamped into WGS84 ranges, or `None` when a coordinate is not a number.
fn wgs84(point: LatLon) -> Option<LatLon> {
    (point.lat.is_finite() && point.lon.is_finite())
        .then(|| LatLon::new(point.lat.clamp(-90.0, 90.0), point.lon.clamp(-180.0, 180.0)))
}

/// Largest number of cells summed in a dense array rather than a hash map: a viewport of a
/// few thousand pixels spans a few hundred cells.
const MAX_DENSE_CELLS: u64 = 1 << 16;

/// The totals of each cell: `cells[i]` is the cell of `points[i]`, in any order.
fn accumulate(cells: &[(u32, u32)], points: &[LatLon]) -> Vec<((u32, u32), Sums)> {
    let (Some(top), Some(bottom)) = (cells.iter().map(|c| c.0).min(), cells.iter().map(|c| c.0).max()) else {
        return Vec::new();
    };
    let left = cells.iter().map(|c| c.1).min().unwrap_or(0);
    let right = cells.iter().map(|c| c.1).max().unwrap_or(0);
    let width = u64::from(right - left) + 1;
    let height = u64::from(bottom - top) + 1;
    if width.saturating_mul(height) <= MAX_DENSE_CELLS {
        // Points of a viewport: a dense array is several times faster than hashing.
        let width = width as usize;
        let mut dense = vec![Sums::EMPTY; width * height as usize];
        for (&(row, col), point) in cells.iter().zip(points) {
            dense[(row - top) as usize * width + (col - left) as usize].add(*point);
        }
        dense
            .into_iter()
            .enumerate()
            .filter(|(_, sums)| sums.count > 0)
            .map(|(i, sums)| ((top + (i / width) as u32, left + (i % width) as u32), sums))
            .collect()
    } else {
        let mut sparse: HashMap<(u32, u32), Sums> = HashMap::new();
        for (cell, point) in cells.iter().zip(points) {
            sparse.entry(*cell).or_insert(Sums::EMPTY).add(*point);
        }
        sparse.into_iter().collect()
    }
}

/// Square cells of screen pixels at a zoom level.
///
/// A column is where the point's x falls, x growing with the longitude. Rows are bounded by
/// parallels: the boundary between rows `k - 1` and `k` is the latitude whose Mercator y is
/// `k × cell_px` ([`Grid::boundary_lat`]), and a point on it belongs to row `k`. Rows are
/// defined by these latitudes, not by each point's y, so that a table of them (see
/// [`RowFinder`]) gives exactly the same rows as the direct computation.
#[derive(Debug, Clone, Copy)]
struct Grid {
    /// Width (and height) of the world, in pixels: an exact power of two.
    world_px: f64,
    cell_px: f64,
    /// Cells per row (and per column), the last one possibly partial: at most 2³².
    cells: u64,
}

impl Grid {
    fn new(zoom: u8, cell_px: u32) -> Grid {
        let world = u64::from(TILE_PX) << zoom.min(MAX_ZOOM);
        let cell_px = u64::from(cell_px.max(1));
        Grid {
            // Powers of two up to 2³² are exact in f64.
            world_px: world as f64,
            cell_px: cell_px as f64,
            cells: world.div_ceil(cell_px),
        }
    }

    /// The cell of a point within WGS84 ranges: its row (from the north) and column
    /// (eastwards from the antimeridian).
    #[cfg(test)]
    fn cell(&self, point: LatLon) -> (u32, u32) {
        (self.row(point.lat), self.col(point.lon))
    }

    /// The column of a longitude within −180..=180, 180° itself in the last column.
    fn col(&self, lon: f64) -> u32 {
        self.index((lon + 180.0) / 360.0 * self.world_px)
    }

    /// The cell index of a pixel coordinate, clamped to the grid.
    fn index(&self, px: f64) -> u32 {
        // `as` saturates (and maps NaN to 0), so the clamp cannot be fooled by rounding; the
        // last index is below 2³² (see MAX_ZOOM).
        let index = ((px / self.cell_px).floor() as u64).min(self.cells - 1);
        u32::try_from(index).unwrap_or(u32::MAX)
    }

    /// The row of a latitude within −90..=90: an estimate from its Mercator y, checked
    /// against the boundaries on either side (which it may miss by one through rounding).
    fn row(&self, lat: f64) -> u32 {
        let clamped = lat.clamp(-MAX_MERCATOR_LAT, MAX_MERCATOR_LAT).to_radians();
        // asinh(tan φ) = ln(tan φ + sec φ), the Mercator ordinate; it is ±π at the limits.
        let y = (1.0 - clamped.tan().asinh() / PI) / 2.0 * self.world_px;
        let mut k = u64::from(self.index(y.clamp(0.0, self.world_px)));
        while k + 1 < self.cells && lat <= self.boundary_lat(k + 1) {
            k += 1;
        }
        while k > 0 && lat > self.boundary_lat(k) {
            k -= 1;
        }
        u32::try_from(k).unwrap_or(u32::MAX)
    }

    /// The latitude of the top edge of row `k` (`0 < k < cells`), in degrees.
    fn boundary_lat(&self, k: u64) -> f64 {
        // k × cell_px is exact, and so is its ratio to the world at the next zoom level
        // (both doubled): a boundary of zoom z is exactly a boundary of zoom z + 1, so
        // zooming in splits cells without moving points between them.
        let y = k as f64 * self.cell_px / self.world_px;
        (PI * (1.0 - 2.0 * y)).sinh().atan().to_degrees()
    }
}

/// Largest table of row boundaries [`RowFinder`] builds: points spread over more rows than
/// this (a high zoom level, far from a viewport) are placed one by one.
const MAX_TABLE_ROWS: u64 = 4096;

/// Rows of many latitudes: a binary search in a table of the boundaries between the rows
/// the points span, instead of two to six transcendental functions per point
/// ([`Grid::row`]: ~90 ns at least, against a few for the search).
struct RowFinder<'g> {
    grid: &'g Grid,
    /// The first row whose top boundary is in the table.
    first: u64,
    /// Top boundaries of rows `first`, `first + 1`…, decreasing.
    boundaries: Vec<f64>,
}

impl<'g> RowFinder<'g> {
    fn new(grid: &'g Grid, points: &[LatLon]) -> RowFinder<'g> {
        let north = points.iter().map(|p| p.lat).fold(f64::NEG_INFINITY, f64::max);
        let south = points.iter().map(|p| p.lat).fold(f64::INFINITY, f64::min);
        let mut finder = RowFinder {
            grid,
            first: 1,
            boundaries: Vec::new(),
        };
        if points.is_empty() {
            return finder;
        }
        // Boundaries 1..cells exist; the points' rows need those from the top of the
        // northernmost row to the bottom of the southernmost.
        let first = u64::from(grid.row(north)).max(1);
        let last = (u64::from(grid.row(south)) + 1).min(grid.cells - 1);
        if first <= last && last - first < MAX_TABLE_ROWS {
            finder.first = first;
            finder.boundaries = (first..=last).map(|k| grid.boundary_lat(k)).collect();
        }
        finder
    }

    fn row(&self, lat: f64) -> u32 {
        // Boundaries at or north of the point: the point is in the row of the last of them.
        let above = self.boundaries.partition_point(|b| lat <= *b) as u64;
        let row = self.first + above - 1;
        let beyond_north = above == 0 && self.first > 1;
        let beyond_south = above == self.boundaries.len() as u64 && row + 1 < self.grid.cells;
        if beyond_north || beyond_south || (self.boundaries.is_empty() && self.grid.cells > 1) {
            self.grid.row(lat)
        } else {
            u32::try_from(row).unwrap_or(u32::MAX)
        }
    }
}

/// Running totals of the points of one cell.
#[derive(Debug, Clone, Copy)]
struct Sums {
    count: usize,
    lat: f64,
    lon: f64,
    bbox: BoundingBox,
}

impl Sums {
    /// No point yet: the bounding box is empty (its minimums above its maximums).
    const EMPTY: Sums = Sums {
        count: 0,
        lat: 0.0,
        lon: 0.0,
        bbox: BoundingBox {
            min_lon: f64::INFINITY,
            min_lat: f64::INFINITY,
            max_lon: f64::NEG_INFINITY,
            max_lat: f64::NEG_INFINITY,
        },
    };

    fn add(&mut self, point: LatLon) {
        self.count += 1;
        self.lat += point.lat;
        self.lon += point.lon;
        let b = &mut self.bbox;
        b.min_lon = b.min_lon.min(point.lon);
        b.min_lat = b.min_lat.min(point.lat);
        b.max_lon = b.max_lon.max(point.lon);
        b.max_lat = b.max_lat.max(point.lat);
    }

    /// The cluster of at least one point.
    fn cluster(&self) -> Cluster {
        let n = self.count as f64;
        // A mean of values within the bbox can round just outside it: keep it inside.
        let center = LatLon::new(
            (self.lat / n).clamp(self.bbox.min_lat, self.bbox.max_lat),
            (self.lon / n).clamp(self.bbox.min_lon, self.bbox.max_lon),
        );
        Cluster {
            center,
            count: self.count,
            bbox: self.bbox,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn inside(p: LatLon, b: &BoundingBox) -> bool {
        (b.min_lat..=b.max_lat).contains(&p.lat) && (b.min_lon..=b.max_lon).contains(&p.lon)
    }

    fn finite(c: &Cluster) -> bool {
        let b = c.bbox;
        [
            c.center.lat,
            c.center.lon,
            b.min_lat,
            b.min_lon,
            b.max_lat,
            b.max_lon,
        ]
        .iter()
        .all(|v| v.is_finite())
    }

    #[test]
    fn nothing_gives_no_cluster() {
        assert!(grid_clusters([], 10, 64).is_empty());
        assert!(grid_clusters([LatLon::new(f64::NAN, 0.0)], 10, 64).is_empty());
    }

    #[test]
    fn points_of_one_cell_merge_and_counts_sum_to_the_input() {
        // Brest town hall and a point ~300 m away: one cell of 64 px at zoom 12 (~2 km).
        let a = LatLon::new(48.3904, -4.4861);
        let b = LatLon::new(48.3930, -4.4830);
        let far = LatLon::new(43.2965, 5.3698); // Marseille
        let clusters = grid_clusters([a, far, b, a], 12, 64);
        assert_eq!(clusters.len(), 2);
        assert_eq!(clusters.iter().map(|c| c.count).sum::<usize>(), 4);
        let brest = clusters[0];
        assert_eq!(brest.count, 3);
        assert_eq!(
            brest.bbox,
            BoundingBox {
                min_lon: -4.4861,
                min_lat: 48.3904,
                max_lon: -4.4830,
                max_lat: 48.3930
            }
        );
        assert!((brest.center.lat - (2.0 * a.lat + b.lat) / 3.0).abs() < 1e-12);
        assert_eq!(clusters[1].center, far);
    }

    #[test]
    fn zooming_in_splits_clusters() {
        let points: Vec<LatLon> = (0..400)
            .map(|i| LatLon::new(42.5 + f64::from(i % 20) * 0.41, -4.7 + f64::from(i / 20) * 0.63))
            .collect();
        // At zoom 0, France straddles the meridian of Greenwich, a cell boundary.
        let mut previous = grid_clusters(points.iter().copied(), 0, 64);
        assert_eq!(previous.len(), 2);
        for zoom in 1..=12 {
            let clusters = grid_clusters(points.iter().copied(), zoom, 64);
            assert_eq!(clusters.iter().map(|c| c.count).sum::<usize>(), points.len());
            assert!(clusters.len() >= previous.len(), "zoom {zoom}");
            // Each cell of zoom z + 1 is a quarter of a cell of zoom z.
            for c in &clusters {
                let parent = previous.iter().find(|p| inside(c.center, &p.bbox));
                let parent = parent.unwrap_or_else(|| panic!("zoom {zoom}: {c:?} has no parent"));
                assert!(c.count <= parent.count);
                assert!(inside(LatLon::new(c.bbox.min_lat, c.bbox.min_lon), &parent.bbox));
                assert!(inside(LatLon::new(c.bbox.max_lat, c.bbox.max_lon), &parent.bbox));
            }
            previous = clusters;
        }
        assert_eq!(previous.len(), points.len(), "at zoom 12 every point is apart");
    }

    #[test]
    fn poles_antimeridian_and_wild_values_do_not_panic() {
        let points = [
            LatLon::new(90.0, 180.0),
            LatLon::new(-90.0, -180.0),
            LatLon::new(89.9, 179.9999),
            LatLon::new(-89.9, -179.9999),
            LatLon::new(1e300, -1e300),
            LatLon::new(f64::INFINITY, 0.0),
            LatLon::new(0.0, f64::NAN),
            LatLon::new(-0.0, 0.0),
        ];
        for zoom in [0, 1, 5, 20, MAX_ZOOM, u8::MAX] {
            for cell_px in [0, 1, 64, 256, u32::MAX] {
                let clusters = grid_clusters(points, zoom, cell_px);
                assert_eq!(
                    clusters.iter().map(|c| c.count).sum::<usize>(),
                    6,
                    "{zoom} {cell_px}"
                );
                for c in &clusters {
                    assert!(finite(c), "{c:?}");
                    assert!(inside(c.center, &c.bbox), "{c:?}");
                    assert!((-90.0..=90.0).contains(&c.bbox.min_lat) && c.bbox.max_lat <= 90.0);
                    assert!((-180.0..=180.0).contains(&c.bbox.min_lon) && c.bbox.max_lon <= 180.0);
                }
            }
        }
        // At zoom 1, four cells of 256 px: two pairs (north-east first, then south-west), then
        // (1e300, -1e300) clamped to (90, -180) in the north-west and (0, 0) in the south-east.
        let clusters = grid_clusters(points, 1, 256);
        let counts_and_corners: Vec<(usize, f64, f64)> = clusters
            .iter()
            .map(|c| (c.count, c.bbox.max_lat, c.bbox.max_lon))
            .collect();
        assert_eq!(
            counts_and_corners,
            [
                (2, 90.0, 180.0),
                (2, -89.9, -179.9999),
                (1, 90.0, -180.0),
                (1, 0.0, 0.0)
            ]
        );
    }

    #[test]
    fn a_whole_world_cell_at_the_highest_zoom() {
        // Cells of 1 px at zoom 24: 2³² of them per row, the last index is u32::MAX.
        let grid = Grid::new(MAX_ZOOM, 1);
        assert_eq!(grid.cells, 1 << 32);
        assert_eq!(grid.cell(LatLon::new(-90.0, 180.0)), (u32::MAX, u32::MAX));
        assert_eq!(grid.cell(LatLon::new(90.0, -180.0)), (0, 0));
    }

    /// `x` (not zero) moved by `ulps` units in the last place, away from zero when positive.
    fn nudge(x: f64, ulps: i64) -> f64 {
        f64::from_bits((x.to_bits() as i64 + ulps) as u64)
    }

    #[test]
    fn rows_from_the_table_are_the_direct_rows_even_on_boundaries() {
        for zoom in [0, 3, 6, 9, 14, 20] {
            for cell_px in [1, 64, 100] {
                let grid = Grid::new(zoom, cell_px);
                // Rows over France, and the boundaries around the tropics.
                let boundaries = [41.0, 51.5, 23.4, -23.4]
                    .map(|lat| u64::from(grid.row(lat)).clamp(1, grid.cells.max(2) - 1));
                let lats: Vec<f64> = boundaries
                    .iter()
                    .map(|k| grid.boundary_lat(*k))
                    .filter(|b| *b != 0.0)
                    .flat_map(|b| (-2..=2).map(move |ulps| nudge(b, ulps)))
                    .chain([90.0, -90.0, MAX_MERCATOR_LAT, -MAX_MERCATOR_LAT, 85.06, -85.06])
                    // The equator is a boundary from zoom 0.
                    .chain([0.0, -0.0, 5e-324, -5e-324])
                    .collect();
                let points: Vec<LatLon> = lats.iter().map(|lat| LatLon::new(*lat, 0.0)).collect();
                let finder = RowFinder::new(&grid, &points);
                for lat in lats {
                    let row = grid.row(lat);
                    assert_eq!(finder.row(lat), row, "zoom {zoom}, {cell_px} px, latitude {lat}");
                    if u64::from(row) > 0 {
                        assert!(lat <= grid.boundary_lat(u64::from(row)));
                    }
                    if u64::from(row) + 1 < grid.cells {
                        assert!(lat > grid.boundary_lat(u64::from(row) + 1));
                    }
                }
            }
        }
    }

    #[test]
    fn cells_spanned_bound_the_clusters() {
        let bbox = BoundingBox {
            min_lon: -5.2,
            min_lat: 47.6,
            max_lon: -3.3,
            max_lat: 48.8,
        };
        let points: Vec<LatLon> = (0..=40)
            .flat_map(|i| (0..=40).map(move |j| (i, j)))
            .map(|(i, j)| LatLon::new(47.6 + 1.2 * f64::from(i) / 40.0, -5.2 + 1.9 * f64::from(j) / 40.0))
            .collect();
        for zoom in 0..=12 {
            let spanned = grid_cells_spanned(bbox, zoom, 64);
            let clusters = grid_clusters(points.iter().copied(), zoom, 64).len() as u64;
            assert!(clusters <= spanned, "zoom {zoom}: {clusters} > {spanned}");
            // The corners are points: the first and last row and column are all occupied.
            if zoom <= 6 {
                assert_eq!(clusters, spanned, "zoom {zoom}");
            }
        }
        let nan = BoundingBox {
            min_lon: f64::NAN,
            ..bbox
        };
        assert_eq!(grid_cells_spanned(nan, 6, 64), 0);
        let world = BoundingBox {
            min_lon: -180.0,
            min_lat: -90.0,
            max_lon: 180.0,
            max_lat: 90.0,
        };
        assert_eq!(grid_cells_spanned(world, MAX_ZOOM, 1), u64::MAX);
        assert_eq!(grid_cells_spanned(world, 2, 64), 16 * 16);
    }

    /// The brute-force grouping: each point's cell computed on its own, points compared
    /// pairwise.
    fn brute_force(points: &[LatLon], zoom: u8, cell_px: u32) -> Vec<(usize, [f64; 4])> {
        let grid = Grid::new(zoom, cell_px);
        let points: Vec<LatLon> = points.iter().filter_map(|p| wgs84(*p)).collect();
        let mut groups: Vec<(usize, [f64; 4])> = Vec::new();
        for (i, p) in points.iter().enumerate() {
            let same: Vec<&LatLon> = points
                .iter()
                .filter(|q| grid.cell(**q) == grid.cell(*p))
                .collect();
            // Count each cell once, at its first point.
            if points.iter().position(|q| grid.cell(*q) == grid.cell(*p)) != Some(i) {
                continue;
            }
            let fold = |init: f64, f: fn(f64, f64) -> f64, get: fn(&LatLon) -> f64| {
                same.iter().map(|q| get(q)).fold(init, f)
            };
            groups.push((
                same.len(),
                [
                    fold(f64::INFINITY, f64::min, |q| q.lon),
                    fold(f64::INFINITY, f64::min, |q| q.lat),
                    fold(f64::NEG_INFINITY, f64::max, |q| q.lon),
                    fold(f64::NEG_INFINITY, f64::max, |q| q.lat),
                ],
            ));
        }
        groups.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        groups
    }

    fn position() -> impl Strategy<Value = LatLon> {
        // France-like most of the time, anywhere (poles, antimeridian) sometimes.
        prop_oneof![
            4 => (41.0..51.5f64, -5.5..10.0f64).prop_map(|(lat, lon)| LatLon::new(lat, lon)),
            1 => (-90.0..=90.0f64, -180.0..=180.0f64).prop_map(|(lat, lon)| LatLon::new(lat, lon)),
            1 => prop::sample::select(vec![90.0, -90.0, 180.0, -180.0, 0.0, 85.06, f64::NAN])
                .prop_flat_map(|v| prop_oneof![Just(LatLon::new(v, v / 2.0)), Just(LatLon::new(v / 2.0, v))]),
        ]
    }

    proptest! {
        #[test]
        fn clusters_are_the_brute_force_grouping(
            points in prop::collection::vec(position(), 0..120),
            zoom in 0u8..=20,
            cell_px in prop::sample::select(vec![1u32, 40, 64, 80, 256, 1000]),
        ) {
            let clusters = grid_clusters(points.iter().copied(), zoom, cell_px);
            let expected = brute_force(&points, zoom, cell_px);
            let mut actual: Vec<(usize, [f64; 4])> = clusters
                .iter()
                .map(|c| (c.count, [c.bbox.min_lon, c.bbox.min_lat, c.bbox.max_lon, c.bbox.max_lat]))
                .collect();
            // Largest first.
            prop_assert!(actual.windows(2).all(|w| w[0].0 >= w[1].0));
            actual.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
            prop_assert_eq!(actual, expected);
            for c in &clusters {
                prop_assert!(finite(c) && inside(c.center, &c.bbox), "{:?}", c);
            }
            // The order does not depend on the input's.
            let reversed: Vec<LatLon> = points.iter().rev().copied().collect();
            let again = grid_clusters(reversed, zoom, cell_px);
            let summary = |cs: &[Cluster]| cs.iter().map(|c| (c.count, c.bbox)).collect::<Vec<_>>();
            prop_assert_eq!(summary(&clusters), summary(&again));
        }
    }
}
