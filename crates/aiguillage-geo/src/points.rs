//! A static set of points asked "how far is the nearest one?" many times: the coverage of a
//! territory asks it for every populated cell.

use crate::distance::{chord2_for_distance, chord2_limit};
use crate::tree::{Point, SphereTree};
use crate::{haversine_m, Labels, LatLon};

/// Rounding allowance on a chord computed from unit vectors (each coordinate difference is
/// within ~2.2e-16): certificates are trusted only beyond a few times that.
const CHORD_MARGIN: f64 = 1e-14;

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
/// labels. Many queries in spatial order (grid cells sorted along a Hilbert curve) go
/// through a [`NearestCursor`], which skips the tree for most of them.
///
/// ```
/// use aiguillage_geo::{LatLon, PointSet};
/// let places = [LatLon::new(48.3904, -4.4861), LatLon::new(48.3849, -4.4966)];
/// let set = PointSet::new(&places);
/// let nearest = set.nearest(LatLon::new(48.3850, -4.4960)).unwrap();
/// assert_eq!(nearest.index, 1);
/// assert!(set.any_within(LatLon::new(48.3850, -4.4960), 100.0));
/// assert!(!set.any_within(LatLon::new(48.40, -4.40), 1_000.0));
/// ```
#[derive(Debug)]
pub struct PointSet {
    tree: SphereTree,
    positions: Vec<LatLon>,
    /// Unit vectors of the points, by index.
    xyz: Vec<[f64; 3]>,
}

impl PointSet {
    /// Indexes `points` (O(n log n)). Points beyond `u32::MAX` are ignored.
    pub fn new(points: &[LatLon]) -> Self {
        let positions: Vec<LatLon> = points.iter().take(u32::MAX as usize).copied().collect();
        let xyz: Vec<[f64; 3]> = positions.iter().map(|p| p.unit_vector()).collect();
        let tree_points = xyz
            .iter()
            .zip(0u32..)
            .map(|(xyz, place)| Point { xyz: *xyz, place })
            .collect();
        let labels = vec![Labels::default(); positions.len()];
        PointSet {
            tree: SphereTree::new(tree_points, &labels),
            positions,
            xyz,
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

    /// The nearest point to `from` (`None` only when the set is empty).
    pub fn nearest(&self, from: LatLon) -> Option<NearestPoint> {
        let found = self.tree.nearest_one(&from.unit_vector(), f64::INFINITY)?;
        Some(self.answer(from, found.place))
    }

    /// Whether some point is within `radius_m` (great-circle) of `from`.
    pub fn any_within(&self, from: LatLon, radius_m: f64) -> bool {
        match self.tree.nearest_one(&from.unit_vector(), chord2_limit(radius_m)) {
            // Found within the chord limit, which is generous by rounding: decide on the
            // haversine distance, as the radius queries of `PlaceIndex` do.
            Some(found) => haversine_m(from, self.positions[found.place as usize]) <= radius_m,
            None => false,
        }
    }

    /// Calls `found` with the index of every point within `radius_m` (great-circle) of
    /// `from`, in no particular order.
    ///
    /// ```
    /// use aiguillage_geo::{LatLon, PointSet};
    /// let places = [LatLon::new(48.3904, -4.4861), LatLon::new(48.3849, -4.4966)];
    /// let set = PointSet::new(&places);
    /// let mut near = Vec::new();
    /// set.for_each_within(LatLon::new(48.3850, -4.4960), 100.0, |i| near.push(i));
    /// assert_eq!(near, vec![1]);
    /// ```
    pub fn for_each_within(&self, from: LatLon, radius_m: f64, mut found: impl FnMut(u32)) {
        for candidate in self
            .tree
            .within(&from.unit_vector(), chord2_limit(radius_m), None, |_| true)
        {
            // The chord limit is generous by rounding: decide on the haversine distance.
            if haversine_m(from, self.positions[candidate.place as usize]) <= radius_m {
                found(candidate.place);
            }
        }
    }

    /// The position of the point `index` (as given to [`PointSet::new`]).
    pub fn position(&self, index: u32) -> LatLon {
        self.positions[index as usize]
    }

    /// A cursor for many nearest-point queries made in spatial order.
    pub fn cursor(&self) -> NearestCursor<'_> {
        NearestCursor {
            set: self,
            anchor: [0.0; 3],
            nearest: None,
            first_chord: f64::INFINITY,
            second_chord: f64::NEG_INFINITY,
        }
    }

    fn answer(&self, from: LatLon, index: u32) -> NearestPoint {
        NearestPoint {
            index,
            distance_m: haversine_m(from, self.positions[index as usize]),
        }
    }
}

/// Nearest-point queries for a sequence of nearby locations, most of them answered without
/// searching the tree.
///
/// At an *anchor* location the tree gives the two nearest points, `b` at chord `c1` and the
/// second at chord `c2`. For a later location `q` at chord `m` from the anchor, every point
/// other than `b` is at least `c2 - m` from `q` (triangle inequality, chords being Euclidean
/// distances in 3-D). So while `|q - b| < c2 - m`, `b` is still the nearest: a few
/// multiplications instead of a tree walk. When the certificate fails, `q` becomes the new
/// anchor. Answers are exactly those of [`PointSet::nearest`] (up to ties); how many queries
/// skip the tree depends on how close consecutive locations are.
///
/// ```
/// use aiguillage_geo::{LatLon, PointSet};
/// let places = [LatLon::new(48.3904, -4.4861), LatLon::new(48.3849, -4.4966)];
/// let set = PointSet::new(&places);
/// let mut cursor = set.cursor();
/// for i in 0..10 {
///     let here = LatLon::new(48.3850 + f64::from(i) * 1e-4, -4.4960);
///     assert_eq!(cursor.nearest(here), set.nearest(here));
/// }
/// ```
#[derive(Debug, Clone)]
pub struct NearestCursor<'a> {
    set: &'a PointSet,
    /// Unit vector of the last location searched in the tree.
    anchor: [f64; 3],
    /// The nearest point of the anchor.
    nearest: Option<u32>,
    /// Chord from the anchor to its nearest point.
    first_chord: f64,
    /// Chord from the anchor to its second-nearest point (infinite with one point).
    second_chord: f64,
}

impl NearestCursor<'_> {
    /// The nearest point to `from` (`None` only when the set is empty).
    pub fn nearest(&mut self, from: LatLon) -> Option<NearestPoint> {
        let q = from.unit_vector();
        if let Some(b) = self.nearest {
            let to_b = chord(&self.set.xyz[b as usize], &q);
            let moved = chord(&self.anchor, &q);
            if to_b + CHORD_MARGIN < self.second_chord - moved {
                return Some(self.set.answer(from, b));
            }
        }
        let found = self.set.tree.nearest(&q, 2, f64::INFINITY, None, |_| true);
        let first = found.first()?;
        self.anchor = q;
        self.nearest = Some(first.place);
        self.first_chord = first.chord2.sqrt();
        self.second_chord = found.get(1).map_or(f64::INFINITY, |second| second.chord2.sqrt());
        Some(self.set.answer(from, first.place))
    }
}

impl NearestCursor<'_> {
    /// Whether some point is within `radius_m` of `from` (the answer of
    /// [`PointSet::any_within`]). Most answers need no distance at all: the anchor's nearest
    /// point close enough proves "yes", and the anchor's nearest distance minus the distance
    /// moved beyond the radius proves "no"; otherwise the exact nearest distance decides.
    pub fn within(&mut self, from: LatLon, radius_m: f64) -> bool {
        if let Some(b) = self.nearest {
            let q = from.unit_vector();
            let radius = chord2_for_distance(radius_m).sqrt();
            if chord(&self.set.xyz[b as usize], &q) + CHORD_MARGIN < radius {
                return true;
            }
            if self.first_chord - chord(&self.anchor, &q) > radius + CHORD_MARGIN {
                return false;
            }
        }
        self.nearest(from).is_some_and(|n| n.distance_m <= radius_m)
    }
}

/// Euclidean distance between two unit vectors.
fn chord(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
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
        assert_eq!(set.nearest(LatLon::new(48.0, -4.0)), None);
        assert_eq!(set.cursor().nearest(LatLon::new(48.0, -4.0)), None);
        assert!(!set.any_within(LatLon::new(48.0, -4.0), 1e7));
    }

    #[test]
    fn one_point_is_always_the_nearest() {
        let set = PointSet::new(&[LatLon::new(48.0, -4.0)]);
        let mut cursor = set.cursor();
        for i in 0..5 {
            let found = cursor.nearest(LatLon::new(47.0 + f64::from(i), -3.0)).unwrap();
            assert_eq!(found.index, 0);
        }
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
        fn nearest_equals_brute_force(
            points in prop::collection::vec((47.0f64..49.0, -5.0f64..-3.0), 1..300),
            start in (46.5f64..49.5, -5.5f64..-2.5),
            steps in prop::collection::vec((-0.05f64..0.05, -0.05f64..0.05), 1..60),
        ) {
            let points: Vec<LatLon> = points.into_iter().map(|(a, o)| LatLon::new(a, o)).collect();
            let set = PointSet::new(&points);
            let mut cursor = set.cursor();
            // A walk of small steps, as cells in Hilbert order, and the same without cursor.
            let mut from = LatLon::new(start.0, start.1);
            for (dlat, dlon) in steps {
                from = LatLon::new(from.lat + dlat, from.lon + dlon);
                let brute = brute_nearest(&points, from);
                let found = set.nearest(from).unwrap();
                prop_assert_eq!(Some(found.distance_m), brute);
                prop_assert_eq!(Some(cursor.nearest(from).unwrap().distance_m), brute);
                for radius in [100.0, 2_000.0, 20_000.0] {
                    prop_assert_eq!(cursor.within(from, radius), set.any_within(from, radius));
                }
                prop_assert!(set.any_within(from, found.distance_m));
                prop_assert!(!set.any_within(from, found.distance_m * 0.999_999));
            }
        }
    }
}
