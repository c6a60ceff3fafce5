//! The in-memory index of places: a k-d tree on the unit sphere for proximity, an R-tree of
//! longitude/latitude for bounding boxes.

use std::borrow::Cow;
use std::cmp::Ordering;

use aiguillage_model::{Label, Place, Service};
use rstar::primitives::GeomWithData;
use rstar::{RTree, AABB};

use crate::distance::chord2_limit;
use crate::tree::{Found, Point, SphereTree};
use crate::{haversine_m, Filter, Indexable, Labels, LatLon};

/// Most places one nearest query returns (the API's and the CLI's `limit`).
pub const MAX_NEAREST: usize = 100;

/// Largest search radius of a proximity query, in metres.
pub const MAX_RADIUS_M: f64 = 100_000.0;

/// A place found by a query, with its distance from the query point.
#[derive(Debug, Clone, Copy)]
pub struct Hit<'a, P = Place> {
    /// The place.
    pub place: &'a P,
    /// Great-circle distance in metres (0 for bounding-box queries).
    pub distance_m: f64,
}

/// A longitude/latitude rectangle (no antimeridian crossing: `min_lon ≤ max_lon`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    /// West edge, degrees.
    pub min_lon: f64,
    /// South edge, degrees.
    pub min_lat: f64,
    /// East edge, degrees.
    pub max_lon: f64,
    /// North edge, degrees.
    pub max_lat: f64,
}

impl BoundingBox {
    /// Whether the two rectangles share a point (edges included).
    pub fn intersects(&self, other: &BoundingBox) -> bool {
        self.min_lon <= other.max_lon
            && other.min_lon <= self.max_lon
            && self.min_lat <= other.max_lat
            && other.min_lat <= self.max_lat
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &BoundingBox) -> BoundingBox {
        BoundingBox {
            min_lon: self.min_lon.min(other.min_lon),
            min_lat: self.min_lat.min(other.min_lat),
            max_lon: self.max_lon.max(other.max_lon),
            max_lat: self.max_lat.max(other.max_lat),
        }
    }
}

/// Counts about the indexed places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexStats {
    /// Places in the index.
    pub places: usize,
    /// Of which without coordinates: never returned by spatial queries.
    pub without_coordinates: usize,
}

/// An immutable index of places: build it once, share it (behind an `Arc`) with readers,
/// and build a new one to change it.
#[derive(Debug)]
pub struct PlaceIndex<P = Place> {
    places: Vec<P>,
    /// By place: its labels, and its position (`0, 0` for places without one, which no
    /// tree holds).
    labels: Vec<Labels>,
    positions: Vec<LatLon>,
    /// Places with coordinates as points on the unit sphere (chord order = great-circle
    /// order), for proximity queries.
    sphere: SphereTree,
    /// The same, one tree per service (in `Service::ALL` order) with only the places
    /// offering it: a query requiring a service searches its tree and never meets the
    /// places without it.
    by_service: Vec<SphereTree>,
    /// The same places as longitude/latitude, for bounding boxes.
    plane: RTree<GeomWithData<[f64; 2], u32>>,
    without_coordinates: usize,
}

impl<P: Indexable> PlaceIndex<P> {
    /// Indexes `places` (bulk-loaded: O(n log n)).
    pub fn new(places: Vec<P>) -> Self {
        let labels: Vec<Labels> = places.iter().map(Indexable::labels).collect();
        let located: Vec<(u32, LatLon)> = places
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some((u32::try_from(i).ok()?, p.position()?)))
            .collect();
        let points = |keep: &dyn Fn(&Labels) -> bool| {
            located
                .iter()
                .filter(|(i, _)| keep(&labels[*i as usize]))
                .map(|(i, p)| Point {
                    xyz: p.unit_vector(),
                    place: *i,
                })
                .collect()
        };
        let sphere = SphereTree::new(points(&|_| true), &labels);
        let by_service = (0..Service::ALL.len())
            .map(|s| SphereTree::new(points(&|l| l.services.contains_position(s)), &labels))
            .collect();
        let mut positions = vec![LatLon::new(0.0, 0.0); places.len()];
        for (i, p) in &located {
            positions[*i as usize] = *p;
        }
        let plane = RTree::bulk_load(
            located
                .iter()
                .map(|(i, p)| GeomWithData::new([p.lon, p.lat], *i))
                .collect(),
        );
        let without_coordinates = places.len() - located.len();
        PlaceIndex {
            places,
            labels,
            positions,
            sphere,
            by_service,
            plane,
            without_coordinates,
        }
    }

    /// Counts of indexed places.
    pub fn stats(&self) -> IndexStats {
        IndexStats {
            places: self.places.len(),
            without_coordinates: self.without_coordinates,
        }
    }

    /// Every indexed place, in the order given to [`PlaceIndex::new`].
    pub fn places(&self) -> &[P] {
        &self.places
    }

    /// The `k` places nearest to `from` that pass `filter`, within `radius_m` when given,
    /// ordered by distance then id.
    ///
    /// Cost: O(log n) to reach the first candidate, then the subtrees near `from` that may
    /// hold a place passing the filter's labels; a selective filter on other criteria
    /// (typologie, opening hours) examines more places.
    pub fn nearest(&self, from: LatLon, k: usize, radius_m: Option<f64>, filter: &Filter) -> Vec<Hit<'_, P>> {
        // Slightly generous: the exact radius is applied on the reported distance below.
        let limit2 = radius_m.map_or(f64::INFINITY, chord2_limit);
        let (tree, rest) = self.tree_for(filter);
        let mut hits: Vec<Hit<'_, P>> = tree
            .nearest(&from.unit_vector(), k, limit2, self.label_test(&rest), |i| {
                filter.admits_details(&self.places[i as usize])
            })
            .into_iter()
            .map(|found| self.hit(found, from))
            .collect();
        if let Some(radius) = radius_m {
            // The chord bound is exact up to rounding: apply the radius on the reported distance.
            hits.retain(|h| h.distance_m <= radius);
        }
        sort(&mut hits);
        hits.truncate(k);
        hits
    }

    /// Every place within `radius_m` of `from` that passes `filter`, by distance then id.
    pub fn within(&self, from: LatLon, radius_m: f64, filter: &Filter) -> Vec<Hit<'_, P>> {
        let limit2 = chord2_limit(radius_m);
        let (tree, rest) = self.tree_for(filter);
        let mut hits: Vec<Hit<'_, P>> = tree
            .within(&from.unit_vector(), limit2, self.label_test(&rest), |i| {
                filter.admits_details(&self.places[i as usize])
            })
            .into_iter()
            .map(|found| self.hit(found, from))
            .filter(|h| h.distance_m <= radius_m)
            .collect();
        sort(&mut hits);
        hits
    }

    /// Every place that passes `filter`, located or not, in the order given to
    /// [`PlaceIndex::new`].
    pub fn matching(&self, filter: &Filter) -> Vec<&P> {
        self.matching_where(filter, |_| true)
    }

    /// Every place for which `wanted` holds and that passes `filter`, in the order given to
    /// [`PlaceIndex::new`]. `wanted` is tested first: a cheap test there (a name) spares most
    /// places the filter's opening-hours evaluation.
    pub fn matching_where(&self, filter: &Filter, wanted: impl Fn(&P) -> bool) -> Vec<&P> {
        self.places
            .iter()
            .enumerate()
            .filter(|(i, place)| wanted(place) && self.filter_accepts(*i, filter))
            .map(|(_, place)| place)
            .collect()
    }

    /// Every place inside `bbox` (edges included) that passes `filter`, ordered by id.
    pub fn in_bbox(&self, bbox: BoundingBox, filter: &Filter) -> Vec<&P> {
        let mut places = self.in_bbox_unordered(bbox, filter);
        places.sort_by(|a, b| a.id().cmp(b.id()));
        places
    }

    /// [`PlaceIndex::in_bbox`] in no particular order: for counting or clustering, where
    /// ordering 100,000 ids would take most of the time.
    pub fn in_bbox_unordered(&self, bbox: BoundingBox, filter: &Filter) -> Vec<&P> {
        let envelope = AABB::from_corners([bbox.min_lon, bbox.min_lat], [bbox.max_lon, bbox.max_lat]);
        self.plane
            .locate_in_envelope(&envelope)
            .map(|entry| entry.data as usize)
            .filter(|i| self.filter_accepts(*i, filter))
            .map(|i| &self.places[i])
            .collect()
    }

    fn filter_accepts(&self, i: usize, filter: &Filter) -> bool {
        filter.accepts(&self.labels[i], &self.places[i])
    }

    fn hit(&self, found: Found, from: LatLon) -> Hit<'_, P> {
        let i = found.place as usize;
        Hit {
            place: &self.places[i],
            distance_m: haversine_m(from, self.positions[i]),
        }
    }

    /// The smallest tree holding every place that can pass `filter`, and what remains of
    /// the filter to test on its places.
    fn tree_for<'f>(&self, filter: &'f Filter) -> (&SphereTree, Cow<'f, Filter>) {
        match filter.split_service() {
            Some((service, rest)) => match self.by_service.get(service) {
                Some(tree) if tree.len() < self.sphere.len() => (tree, Cow::Owned(rest)),
                _ => (&self.sphere, Cow::Borrowed(filter)),
            },
            None => (&self.sphere, Cow::Borrowed(filter)),
        }
    }

    /// The label test for a tree search, `None` when the filter tests no label.
    fn label_test<'a>(&'a self, filter: &'a Filter) -> Option<(&'a Filter, &'a [Labels])> {
        filter.tests_labels().then_some((filter, self.labels.as_slice()))
    }
}

fn sort<P: Indexable>(hits: &mut [Hit<'_, P>]) {
    hits.sort_by(|a, b| {
        a.distance_m
            .partial_cmp(&b.distance_m)
            .unwrap_or(Ordering::Equal)
            .then_with(|| a.place.id().cmp(b.place.id()))
    });
}
