//! A static set of points asked "how far is the nearest one?" many times: the coverage of a
//! territory asks it for every populated cell.

use crate::distance::chord2_limit;
use crate::tree::{Point, SphereTree};
use crate::{haversine_m, Labels, LatLon};

/// The nearest point of a [`PointSet`] to a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NearestPoint {
    /// Index of the point in the slice given to [`PointSet::new`].
    pub index: u32,
    /// Great-circle distance in metres ([`haversine_m`]).
    pub distance_m: f64,
}

/// Points indexed for exact great-circle nearest-neighbour and "any within" queries.
///
/// Built on the same implicit k-d tree of unit vectors as [`crate::PlaceIndex`], without
/// labels. Queries made in spatial order (for example grid cells sorted along a Hilbert
/// curve) should pass the previous answer as a *hint*: the hinted point's distance bounds
/// the search from the start, so the tree walk stays in a few leaves.
///
/// ```
/// use aiguillage_geo::{LatLon, PointSet};
/// let places = [LatLon::new(48.3904, -4.4861), LatLon::new(48.3849, -4.4966)];
/// let set = PointSet::new(&places);
/// let nearest = set.nearest(LatLon::new(48.3850, -4.4960), None).unwrap();
/// assert_eq!(nearest.index, 1);
/// assert!(set.any_within(LatLon::new(48.3850, -4.4960), 100.0));
/// assert!(!set.any_within(LatLon::new(48.40, -4.40), 1_000.0));
/// ```
#[derive(Debug)]
pub struct PointSet {
    tree: SphereTree,
    positions: Vec<LatLon>,
}

impl PointSet {
    /// Indexes `points` (O(n log n)). Points beyond `u32::MAX` are ignored.
    pub fn new(points: &[LatLon]) -> Self {
        let positions: Vec<LatLon> = points.iter().take(u32::MAX as usize).copied().collect();
        let tree_points = positions
            .iter()
            .zip(0u32..)
            .map(|(p, place)| Point {
                xyz: p.unit_vector(),
                place,
            })
            .collect();
        let labels = vec![Labels::default(); positions.len()];
        PointSet {
            tree: SphereTree::new(tree_points, &labels),
            positions,
        }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// The nearest point to `from` (`None` only when the set is empty). `hint` is the index
    /// of a point likely to be near (the answer for a neighbouring query); any index is
    /// correct, a good one is faster.
    pub fn nearest(&self, from: LatLon, hint: Option<u32>) -> Option<NearestPoint> {
        let q = from.unit_vector();
        let limit2 = hint
            .and_then(|h| self.positions.get(h as usize))
            .map_or(f64::INFINITY, |p| {
                let v = p.unit_vector();
                // Slightly generous so the hinted point itself is found again.
                ((v[0] - q[0]).powi(2) + (v[1] - q[1]).powi(2) + (v[2] - q[2]).powi(2)) * (1.0 + 1e-9)
            });
        let found = self.tree.nearest_one(&q, limit2)?;
        Some(NearestPoint {
            index: found.place,
            distance_m: haversine_m(from, self.positions[found.place as usize]),
        })
    }

    /// Whether some point is within `radius_m` (great-circle) of `from`.
    pub fn any_within(&self, from: LatLon, radius_m: f64) -> bool {
        match self.tree.nearest_one(&from.unit_vector(), chord2_limit(radius_m)) {
            Some(found) => haversine_m(from, self.positions[found.place as usize]) <= radius_m,
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute_nearest(points: &[LatLon], from: LatLon) -> Option<f64> {
        points
            .iter()
            .map(|p| haversine_m(from, *p))
            .min_by(f64::total_cmp)
    }

    #[test]
    fn empty_set_has_no_nearest() {
        let set = PointSet::new(&[]);
        assert!(set.is_empty());
        assert_eq!(set.nearest(LatLon::new(48.0, -4.0), Some(3)), None);
        assert!(!set.any_within(LatLon::new(48.0, -4.0), 1e7));
    }

    #[test]
    fn radius_is_inclusive_on_the_haversine_distance() {
        let p = LatLon::new(48.39, -4.49);
        let q = LatLon::new(48.394, -4.49);
        let d = haversine_m(p, q);
        let set = PointSet::new(&[p]);
        assert!(set.any_within(q, d));
        assert!(!set.any_within(q, d - 1e-6));
    }

    proptest! {
        #[test]
        fn nearest_equals_brute_force_whatever_the_hint(
            points in prop::collection::vec((47.0f64..49.0, -5.0f64..-3.0), 1..300),
            queries in prop::collection::vec((46.5f64..49.5, -5.5f64..-2.5, any::<u32>()), 1..40),
        ) {
            let points: Vec<LatLon> = points.into_iter().map(|(a, o)| LatLon::new(a, o)).collect();
            let set = PointSet::new(&points);
            for (lat, lon, hint) in queries {
                let from = LatLon::new(lat, lon);
                let found = set.nearest(from, Some(hint % (points.len() as u32 + 2))).unwrap();
                prop_assert_eq!(Some(found.distance_m), brute_nearest(&points, from));
                let radius = found.distance_m;
                prop_assert!(set.any_within(from, radius));
                prop_assert_eq!(set.any_within(from, radius * 0.999_999), false);
            }
        }
    }
}
