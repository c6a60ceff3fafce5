//! Which boundary a point falls in.

use aiguillage_geo::LatLon;
use geo::{BoundingRect, Coord, Intersects};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;

use crate::Boundary;

/// The bounding rectangle of one polygon, with the indices of its boundary and of the
/// polygon in the boundary's geometry.
type Entry = GeomWithData<Rectangle<[f64; 2]>, (usize, usize)>;

/// Finds the boundary containing a point: an R-tree of the bounding rectangles of every
/// polygon, then an exact point-in-polygon test on the few candidates.
///
/// ```
/// use aiguillage_geo::LatLon;
/// use aiguillage_territory::{Boundary, Level, Locator};
/// use geo::{polygon, MultiPolygon};
/// let square = |code: &str, x: f64| Boundary {
///     code: code.into(),
///     nom: code.into(),
///     level: Level::Custom,
///     geometry: MultiPolygon::new(vec![polygon![
///         (x: x, y: 0.0), (x: x + 1.0, y: 0.0), (x: x + 1.0, y: 1.0), (x: x, y: 1.0),
///     ]]),
/// };
/// let boundaries = [square("west", 0.0), square("east", 1.0)];
/// let locator = Locator::new(&boundaries);
/// assert_eq!(locator.locate(LatLon::new(0.5, 1.5)).unwrap().code, "east");
/// assert_eq!(locator.locate_index(LatLon::new(0.5, 0.5)), Some(0));
/// assert!(locator.locate(LatLon::new(2.0, 0.5)).is_none());
/// ```
#[derive(Debug)]
pub struct Locator<'a> {
    boundaries: &'a [Boundary],
    tree: RTree<Entry>,
}

impl<'a> Locator<'a> {
    /// Indexes the boundaries (bulk load, `O(p log p)` for `p` polygons). Their order
    /// decides between overlapping boundaries: the first wins.
    pub fn new(boundaries: &'a [Boundary]) -> Self {
        let entries = boundaries
            .iter()
            .enumerate()
            .flat_map(|(b, boundary)| {
                boundary
                    .geometry
                    .0
                    .iter()
                    .enumerate()
                    .filter_map(move |(p, polygon)| {
                        let rect = polygon.bounding_rect()?;
                        let (min, max) = (rect.min(), rect.max());
                        Some(Entry::new(
                            Rectangle::from_corners([min.x, min.y], [max.x, max.y]),
                            (b, p),
                        ))
                    })
            })
            .collect();
        Locator {
            boundaries,
            tree: RTree::bulk_load(entries),
        }
    }

    /// The boundaries indexed.
    pub fn boundaries(&self) -> &'a [Boundary] {
        self.boundaries
    }

    /// The first boundary (in the order given to [`Locator::new`]) containing the point,
    /// edges included. Cost: a tree descent, then a point-in-polygon test, linear in
    /// vertices, for each polygon whose rectangle holds the point.
    pub fn locate(&self, point: LatLon) -> Option<&'a Boundary> {
        self.locate_index(point).map(|i| &self.boundaries[i])
    }

    /// Like [`locate`](Self::locate), the index of the boundary in the slice indexed, to
    /// accumulate values per boundary.
    pub fn locate_index(&self, point: LatLon) -> Option<usize> {
        let coord = Coord {
            x: point.lon,
            y: point.lat,
        };
        let mut found: Option<usize> = None;
        for entry in self.tree.locate_all_at_point(&[coord.x, coord.y]) {
            let (b, p) = entry.data;
            if found.is_some_and(|f| f <= b) {
                continue;
            }
            if self.boundaries[b].geometry.0[p].intersects(&coord) {
                found = Some(b);
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use aiguillage_testkit::shared_data;
    use geo::{polygon, MultiPolygon};

    use super::*;
    use crate::{read_boundaries, Admin, Level};

    fn square(code: &str, x: f64, y: f64, size: f64) -> Boundary {
        Boundary {
            code: code.into(),
            nom: code.into(),
            level: Level::Custom,
            geometry: MultiPolygon::new(vec![polygon![
                (x: x, y: y), (x: x + size, y: y), (x: x + size, y: y + size), (x: x, y: y + size),
            ]]),
        }
    }

    #[test]
    fn first_boundary_wins_and_holes_are_holes() {
        let mut ring = square("ring", 0.0, 0.0, 4.0);
        ring.geometry.0[0].interiors_push(vec![(1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0), (1.0, 1.0)]);
        let boundaries = [
            square("small", 5.0, 5.0, 1.0),
            ring,
            square("big", 0.0, 0.0, 10.0),
            square("other", 0.5, 0.5, 0.2),
        ];
        let locator = Locator::new(&boundaries);
        let at = |lat, lon| locator.locate(LatLon::new(lat, lon)).map(|b| b.code.as_str());
        assert_eq!(at(5.5, 5.5), Some("small"));
        assert_eq!(at(0.5, 0.5), Some("ring"));
        assert_eq!(at(2.0, 2.0), Some("big"));
        assert_eq!(at(0.0, 4.0), Some("ring"));
        assert_eq!(at(11.0, 2.0), None);
        assert_eq!(at(f64::NAN, 2.0), None);
        assert_eq!(locator.boundaries().len(), 4);
        assert!(Locator::new(&[]).locate(LatLon::new(0.0, 0.0)).is_none());
    }

    #[test]
    fn empty_geometries_are_skipped() {
        let boundaries = [
            crate::union_of("none", "none", Level::Custom, &[]),
            square("a", 0.0, 0.0, 1.0),
        ];
        assert_eq!(
            Locator::new(&boundaries).locate_index(LatLon::new(0.5, 0.5)),
            Some(1)
        );
    }

    /// Times 200,000 lookups against the communes of Finistère (run with
    /// `cargo test --release -p aiguillage-territory -- --ignored --nocapture`).
    #[test]
    #[ignore = "timing, run in release"]
    fn locates_200_000_points_quickly() {
        let Some(path) = shared_data("geo/communes-29-finistere.geojson") else {
            return;
        };
        let file = read_boundaries(&path, Level::Commune, "code", "nom", Admin::embedded()).unwrap();
        let start = Instant::now();
        let locator = Locator::new(&file.boundaries);
        let built = start.elapsed();
        // A deterministic grid over the département's bounding box.
        let (n, (lat0, lat1), (lon0, lon1)) = (447, (47.7, 48.8), (-5.2, -3.3));
        let points: Vec<LatLon> = (0..n * n)
            .map(|i| {
                LatLon::new(
                    lat0 + (lat1 - lat0) * (i / n) as f64 / n as f64,
                    lon0 + (lon1 - lon0) * (i % n) as f64 / n as f64,
                )
            })
            .collect();
        let start = Instant::now();
        let found = points.iter().filter(|&&p| locator.locate(p).is_some()).count();
        let elapsed = start.elapsed();
        println!(
            "{} boundaries indexed in {built:?}; {} lookups in {elapsed:?}, {found} inside a commune",
            file.boundaries.len(),
            points.len()
        );
        assert!(found > points.len() / 4);
    }
}
