//! Distances from every resident location to the nearest place, and "is a place within the
//! radius" tests, computed for many locations at once.
//!
//! Why it is fast: locations are visited in the order of a Hilbert curve over the 200 m
//! grid, so consecutive queries are a few hundred metres apart and usually share their
//! nearest place. A [`NearestCursor`](aiguillage_geo::NearestCursor) proves that cheaply
//! (a triangle inequality on the two nearest places of an earlier location) and searches the
//! tree only when it cannot: for about a quarter to a half of the cells. The Hilbert order
//! also keeps the tree's nodes in cache when it is searched. The ordered locations are split
//! into chunks processed in parallel (rayon), each with its own cursor.

use aiguillage_geo::grid::CellId;
use aiguillage_geo::{haversine_m, LatLon, PointSet};
use aiguillage_territory::population::PopulationCell;
use rayon::prelude::*;

/// Locations per parallel task: large enough that the hint chain stays warm, small enough
/// to balance two to a few dozen cores.
const CHUNK: usize = 2_048;

/// Resident locations in a query-friendly order.
#[derive(Debug, Clone, Default)]
pub struct Locations {
    /// Positions, in Hilbert order.
    positions: Vec<LatLon>,
    /// `order[i]`: the caller's index of `positions[i]`.
    order: Vec<u32>,
}

impl Locations {
    /// The locations of `cells`, ordered along the Hilbert curve of the smallest square of
    /// 200 m cells holding them all.
    pub fn of(cells: &[PopulationCell]) -> Self {
        let (mut south_west, mut north_east) = (
            CellId {
                north: i32::MAX,
                east: i32::MAX,
            },
            CellId {
                north: i32::MIN,
                east: i32::MIN,
            },
        );
        for c in cells {
            south_west = CellId {
                north: south_west.north.min(c.cell.north),
                east: south_west.east.min(c.cell.east),
            };
            north_east = CellId {
                north: north_east.north.max(c.cell.north),
                east: north_east.east.max(c.cell.east),
            };
        }
        let span = (i64::from(north_east.north) - i64::from(south_west.north))
            .max(i64::from(north_east.east) - i64::from(south_west.east))
            .max(1) as u64;
        let levels = 64 - span.leading_zeros();
        let keys: Vec<u64> = cells
            .par_iter()
            .map(|c| c.cell.hilbert_from(south_west, levels))
            .collect();
        let positions: Vec<LatLon> = cells.par_iter().map(|c| c.position).collect();
        Locations::new(&positions, &keys)
    }

    /// Orders `positions` by `keys` (a space-filling-curve key per position, e.g.
    /// [`aiguillage_geo::grid::CellId::hilbert`]).
    pub fn new(positions: &[LatLon], keys: &[u64]) -> Self {
        // Sorting (key, index) pairs reads contiguous memory; sorting indices compared
        // through `keys[i]` costs a random read per comparison (2× slower for France).
        let mut pairs: Vec<(u64, u32)> = keys.iter().copied().zip(0..positions.len() as u32).collect();
        pairs.par_sort_unstable();
        Locations {
            positions: pairs.par_iter().map(|&(_, i)| positions[i as usize]).collect(),
            order: pairs.into_iter().map(|(_, i)| i).collect(),
        }
    }

    /// Number of locations.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Great-circle distance in metres from each location to the nearest point of `places`,
    /// by the caller's index; `f64::INFINITY` everywhere when `places` is empty.
    pub fn nearest_distances(&self, places: &PointSet) -> Vec<f64> {
        let mut sorted = vec![f64::INFINITY; self.len()];
        if !places.is_empty() {
            sorted
                .par_chunks_mut(CHUNK)
                .zip(self.positions.par_chunks(CHUNK))
                .for_each(|(out, positions)| {
                    let mut cursor = places.cursor();
                    for (d, p) in out.iter_mut().zip(positions) {
                        if let Some(found) = cursor.nearest(*p) {
                            *d = found.distance_m;
                        }
                    }
                });
        }
        self.unsort(sorted)
    }

    /// Whether each location has a point of `places` within `radius_m`, by the caller's index.
    pub fn within(&self, places: &PointSet, radius_m: f64) -> Vec<bool> {
        let mut sorted = vec![false; self.len()];
        if !places.is_empty() {
            sorted
                .par_chunks_mut(CHUNK)
                .zip(self.positions.par_chunks(CHUNK))
                .for_each(|(out, positions)| {
                    // The cursor answers most cells without computing a distance.
                    let mut cursor = places.cursor();
                    for (covered, p) in out.iter_mut().zip(positions) {
                        *covered = cursor.within(*p, radius_m);
                    }
                });
        }
        self.unsort(sorted)
    }

    /// For each location where `among` is true (by the caller's index), the union (bitwise
    /// or) of the `masks` of the points of `places` within `radius_m`; 0 elsewhere. One pass
    /// answers as many "is a place of this kind within reach" questions as the masks have
    /// bits (one per service, open on Saturday…); `among` spares the locations no point
    /// reaches.
    pub fn masks_within(&self, places: &PointSet, masks: &[u32], radius_m: f64, among: &[bool]) -> Vec<u32> {
        // Consecutive locations are close: the places within `radius_m + slack` of an anchor
        // hold every place within `radius_m` of a location up to `slack` from the anchor
        // (triangle inequality; a metre more for rounding), so most locations test a handful
        // of candidates instead of searching the tree.
        let slack = (radius_m / 2.0).max(200.0);
        let mut sorted = vec![0; self.len()];
        if !places.is_empty() {
            sorted
                .par_chunks_mut(CHUNK)
                .zip(self.positions.par_chunks(CHUNK))
                .zip(self.order.par_chunks(CHUNK))
                .for_each(|((out, positions), order)| {
                    let mut anchor: Option<LatLon> = None;
                    let mut candidates: Vec<u32> = Vec::new();
                    for ((union, p), &i) in out.iter_mut().zip(positions).zip(order) {
                        if !among[i as usize] {
                            continue;
                        }
                        if anchor.is_none_or(|a| haversine_m(a, *p) > slack) {
                            candidates.clear();
                            places.for_each_within(*p, radius_m + slack + 1.0, |c| candidates.push(c));
                            anchor = Some(*p);
                        }
                        for &c in &candidates {
                            if haversine_m(*p, places.position(c)) <= radius_m {
                                *union |= masks[c as usize];
                            }
                        }
                    }
                });
        }
        self.unsort(sorted)
    }

    fn unsort<T: Copy + Default + Send>(&self, sorted: Vec<T>) -> Vec<T> {
        let mut out = vec![T::default(); sorted.len()];
        for (value, &i) in sorted.into_iter().zip(&self.order) {
            out[i as usize] = value;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn distances_and_reach_equal_brute_force(
            places in prop::collection::vec((47.0f64..48.0, -4.0f64..-3.0), 0..60),
            cells in prop::collection::vec((47.0f64..48.0, -4.0f64..-3.0, any::<u64>()), 0..300),
            radius in 100.0f64..20_000.0,
        ) {
            let places: Vec<LatLon> = places.into_iter().map(|(a, o)| LatLon::new(a, o)).collect();
            let positions: Vec<LatLon> = cells.iter().map(|(a, o, _)| LatLon::new(*a, *o)).collect();
            let keys: Vec<u64> = cells.iter().map(|c| c.2).collect();
            let set = PointSet::new(&places);
            let locations = Locations::new(&positions, &keys);
            let distances = locations.nearest_distances(&set);
            let within = locations.within(&set, radius);
            let among: Vec<bool> = keys.iter().map(|k| k % 2 == 0).collect();
            // Point i has bit i % 3.
            let masks: Vec<u32> = (0..places.len()).map(|i| 1 << (i % 3)).collect();
            let unions = locations.masks_within(&set, &masks, radius, &among);
            for (i, p) in positions.iter().enumerate() {
                let brute = places.iter().map(|q| haversine_m(*p, *q)).fold(f64::INFINITY, f64::min);
                prop_assert_eq!(distances[i], brute);
                prop_assert_eq!(within[i], brute <= radius);
                let brute_union = places
                    .iter()
                    .enumerate()
                    .filter(|(_, q)| among[i] && haversine_m(*p, **q) <= radius)
                    .fold(0, |union, (j, _)| union | masks[j]);
                prop_assert_eq!(unions[i], brute_union);
            }
        }
    }
}
