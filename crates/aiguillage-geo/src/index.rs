//! The in-memory index of places: a k-d tree on the unit sphere for proximity, an R-tree of
//! longitude/latitude for bounding boxes, both bulk-built, and an overlay of the places
//! changed since, scanned by every query.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::Arc;

use aiguillage_model::{Label, Place, Service};
use rstar::primitives::GeomWithData;
use rstar::{Envelope, RTree, AABB};

use crate::distance::chord2_limit;
use crate::tree::{dist2, Found, Point, SphereTree};
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

/// An index of places, immutable: build it with [`PlaceIndex::new`], share it (behind an
/// `Arc`) with readers, and derive the next snapshot with [`PlaceIndex::with_changes`].
///
/// A snapshot is a bulk-built base, shared by every snapshot derived from it, and an overlay
/// of the places changed, added or removed since: the base's trees are never updated (an
/// update would cost as much as a rebuild for the implicit k-d trees), so a changed place
/// hides its base version and is searched by brute force in the overlay. Every query answers
/// as an index built by `new` from the current places would.
#[derive(Debug)]
pub struct PlaceIndex<P = Place> {
    base: Arc<Base<P>>,
    overlay: Overlay<P>,
}

/// The bulk-built part of an index.
#[derive(Debug)]
struct Base<P> {
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
    /// Place indices ordered by id, then by index: finds a place by id in O(log n) without
    /// a second copy of the ids.
    by_id: Vec<u32>,
}

/// What changed since the base was built: small, so queries scan it.
#[derive(Debug)]
struct Overlay<P> {
    /// Base places hidden (changed or removed), by increasing index.
    hidden: Vec<u32>,
    /// Of which without coordinates, for [`PlaceIndex::stats`].
    hidden_without_coordinates: usize,
    /// The current version of every changed or added place, by id (each id once).
    places: Vec<Changed<P>>,
    /// The unit vectors of the located ones, with their index in `places`: a proximity query
    /// scans these, 32 bytes a place instead of a hundred.
    points: Vec<Point>,
}

/// A changed or added place, with what the base keeps for its places. The place is behind
/// an `Arc` so that the next snapshot shares it.
#[derive(Debug)]
struct Changed<P> {
    place: Arc<P>,
    labels: Labels,
    /// The position and its unit vector, computed once for every snapshot.
    position: Option<(LatLon, [f64; 3])>,
}

impl<P: Indexable> Changed<P> {
    fn new(place: P) -> Self {
        Changed {
            labels: place.labels(),
            position: place.position().map(|p| (p, p.unit_vector())),
            place: Arc::new(place),
        }
    }

    fn id(&self) -> &str {
        self.place.id()
    }
}

// Not derived: the derive would require `P: Clone`, and only the `Arc` is cloned.
impl<P> Clone for Changed<P> {
    fn clone(&self) -> Self {
        Changed {
            place: Arc::clone(&self.place),
            labels: self.labels,
            position: self.position,
        }
    }
}

impl<P: Indexable> PlaceIndex<P> {
    /// Indexes `places` (bulk-loaded: O(n log n)).
    pub fn new(places: Vec<P>) -> Self {
        PlaceIndex {
            base: Arc::new(Base::new(places)),
            overlay: Overlay::new(Vec::new(), 0, Vec::new()),
        }
    }

    /// A new snapshot: this one with the places of `changed` added, each replacing the place
    /// of the same id if there is one, and the places of ids in `removed` gone. Of several
    /// places of one id in `changed`, the last is kept; an id both changed and removed is
    /// removed; removing an id the index does not hold does nothing.
    ///
    /// Cost: O(c log c + (c + r) log n) for `c` changed places and `r` removed ids, plus a
    /// copy of the overlay's lists (pointers and indices, not places) with an insertion per
    /// change: O(overlay) for one change. `self` is left as it was, and shares its base with
    /// the new snapshot. Each query scans the overlay, so rebuild the index with
    /// [`PlaceIndex::new`] once [`PlaceIndex::overlay_len`] passes a few thousand.
    pub fn with_changes(&self, changed: Vec<P>, removed: &[&str]) -> PlaceIndex<P> {
        let mut removed = removed.to_vec();
        removed.sort_unstable();
        removed.dedup();
        let mut fresh: Vec<Changed<P>> = changed.into_iter().rev().map(Changed::new).collect();
        // Reversed, then a stable sort: the last change of an id comes first, and dedup keeps it.
        fresh.sort_by(|a, b| a.id().cmp(b.id()));
        fresh.dedup_by(|earlier, kept| earlier.id() == kept.id());
        fresh.retain(|c| removed.binary_search(&c.id()).is_err());
        let cleared = |id: &str| {
            removed.binary_search(&id).is_ok() || fresh.binary_search_by(|c| c.id().cmp(id)).is_ok()
        };

        let mut hidden = self.overlay.hidden.clone();
        let mut hidden_without_coordinates = self.overlay.hidden_without_coordinates;
        for id in fresh.iter().map(Changed::id).chain(removed.iter().copied()) {
            for i in self.base.indices_of(id) {
                if let Err(at) = hidden.binary_search(&i) {
                    hidden.insert(at, i);
                    if self.base.places[i as usize].position().is_none() {
                        hidden_without_coordinates += 1;
                    }
                }
            }
        }

        let kept = self.overlay.places.iter().filter(|c| !cleared(c.id()));
        PlaceIndex {
            base: Arc::clone(&self.base),
            overlay: Overlay::new(hidden, hidden_without_coordinates, merge_by_id(kept, &fresh)),
        }
    }

    /// The size of the overlay: the places it holds (changed or added since
    /// [`PlaceIndex::new`]) plus the base places it hides (changed or removed), so a change of
    /// a base place counts twice. Queries scan the overlay: this says when rebuilding with
    /// `new` is due (see [`PlaceIndex::with_changes`]).
    pub fn overlay_len(&self) -> usize {
        self.overlay.places.len() + self.overlay.hidden.len()
    }

    /// Counts of indexed places.
    pub fn stats(&self) -> IndexStats {
        let overlay = &self.overlay;
        IndexStats {
            places: self.base.places.len() - overlay.hidden.len() + overlay.places.len(),
            without_coordinates: self.base.without_coordinates - overlay.hidden_without_coordinates
                + overlay.places.iter().filter(|c| c.position.is_none()).count(),
        }
    }

    /// Every indexed place: those given to [`PlaceIndex::new`] in their order, with the
    /// changed and added ones merged in by id (each just before the first following place of
    /// a greater id). When the places given to `new` were in id order, as the server loads
    /// them, every place stays in id order.
    pub fn places(&self) -> impl Iterator<Item = &P> {
        self.entries().map(|(_, place)| place)
    }

    /// The place of this `id`, if indexed (the first of several with the same id given to
    /// [`PlaceIndex::new`]). Cost: O(log n + log overlay).
    pub fn get(&self, id: &str) -> Option<&P> {
        match self.base.indices_of(id).next() {
            Some(i) if self.overlay.shows(i) => Some(&self.base.places[i as usize]),
            _ => self.overlay.get(id).map(|c| c.place.as_ref()),
        }
    }

    /// The `k` places nearest to `from` that pass `filter`, within `radius_m` when given,
    /// ordered by distance then id.
    ///
    /// Cost: O(log n) to reach the first candidate, then the subtrees near `from` that may
    /// hold a place passing the filter's labels; a selective filter on other criteria
    /// (typologie, opening hours) examines more places. Plus a scan of the overlay.
    pub fn nearest(&self, from: LatLon, k: usize, radius_m: Option<f64>, filter: &Filter) -> Vec<Hit<'_, P>> {
        // Slightly generous: the exact radius is applied on the reported distance below.
        let limit2 = radius_m.map_or(f64::INFINITY, chord2_limit);
        let q = from.unit_vector();
        let base = &self.base;
        let (tree, rest) = base.tree_for(filter);
        // Hidden places are refused as the tree meets them, so the k found are all shown.
        let found = tree.nearest(&q, k, limit2, base.label_test(&rest), |i| {
            self.overlay.shows(i) && filter.admits_details(&base.places[i as usize])
        });
        // An overlay place farther than the k-th of the base cannot be among the k nearest.
        let bound = match k.checked_sub(1).map(|last| found.get(last)) {
            None => return Vec::new(),
            Some(Some(kth)) => kth.chord2,
            Some(None) => limit2,
        };
        let mut hits: Vec<Hit<'_, P>> = found
            .into_iter()
            .map(|found| base.hit(found, from))
            .chain(self.overlay.near(from, q, bound, filter))
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
        let q = from.unit_vector();
        let base = &self.base;
        let (tree, rest) = base.tree_for(filter);
        let mut hits: Vec<Hit<'_, P>> = tree
            .within(&q, limit2, base.label_test(&rest), |i| {
                self.overlay.shows(i) && filter.admits_details(&base.places[i as usize])
            })
            .into_iter()
            .map(|found| base.hit(found, from))
            .chain(self.overlay.near(from, q, limit2, filter))
            .filter(|h| h.distance_m <= radius_m)
            .collect();
        sort(&mut hits);
        hits
    }

    /// Every place that passes `filter`, located or not, in the order of
    /// [`PlaceIndex::places`].
    pub fn matching(&self, filter: &Filter) -> Vec<&P> {
        self.matching_where(filter, |_| true)
    }

    /// Every place for which `wanted` holds and that passes `filter`, in the order of
    /// [`PlaceIndex::places`]. `wanted` is tested first: a cheap test there (a name) spares
    /// most places the filter's opening-hours evaluation.
    pub fn matching_where(&self, filter: &Filter, wanted: impl Fn(&P) -> bool) -> Vec<&P> {
        self.entries()
            .filter(|(labels, place)| wanted(place) && filter.accepts(labels, *place))
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
        let base = &self.base;
        let overlay = self.overlay.places.iter().filter(|c| {
            c.position
                .is_some_and(|(p, _)| envelope.contains_point(&[p.lon, p.lat]))
                && filter.accepts(&c.labels, c.place.as_ref())
        });
        base.plane
            .locate_in_envelope(&envelope)
            .map(|entry| entry.data)
            .filter(|i| self.overlay.shows(*i) && base.filter_accepts(*i as usize, filter))
            .map(|i| &base.places[i as usize])
            .chain(overlay.map(|c| c.place.as_ref()))
            .collect()
    }

    /// Every place with its labels, in the order of [`PlaceIndex::places`].
    fn entries(&self) -> Entries<'_, P> {
        Entries {
            places: &self.base.places,
            labels: &self.base.labels,
            next: 0,
            hidden: &self.overlay.hidden,
            overlay: &self.overlay.places,
        }
    }
}

impl<P: Indexable> Base<P> {
    fn new(places: Vec<P>) -> Self {
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
        let mut by_id: Vec<u32> = (0..places.len()).filter_map(|i| u32::try_from(i).ok()).collect();
        // Stable, so places of one id stay in index order; places loaded in id order (the
        // server's) are sorted in one pass.
        by_id.sort_by(|a, b| places[*a as usize].id().cmp(places[*b as usize].id()));
        Base {
            places,
            labels,
            positions,
            sphere,
            by_service,
            plane,
            without_coordinates,
            by_id,
        }
    }

    /// Indices of the places of this `id`, in increasing order.
    fn indices_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = u32> + 'a {
        let start = self.by_id.partition_point(|i| self.places[*i as usize].id() < id);
        self.by_id[start..]
            .iter()
            .copied()
            .take_while(move |i| self.places[*i as usize].id() == id)
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

impl<P: Indexable> Overlay<P> {
    fn new(hidden: Vec<u32>, hidden_without_coordinates: usize, places: Vec<Changed<P>>) -> Self {
        let points = places
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                Some(Point {
                    xyz: c.position?.1,
                    place: u32::try_from(i).ok()?,
                })
            })
            .collect();
        Overlay {
            hidden,
            hidden_without_coordinates,
            places,
            points,
        }
    }

    /// Whether the base place at index `i` is shown (neither changed nor removed).
    fn shows(&self, i: u32) -> bool {
        self.hidden.is_empty() || self.hidden.binary_search(&i).is_err()
    }

    fn get(&self, id: &str) -> Option<&Changed<P>> {
        let at = self.places.binary_search_by(|c| c.id().cmp(id)).ok()?;
        Some(&self.places[at])
    }

    /// The hits among the overlay's places within squared chord `limit2` of `q` (the unit
    /// vector of `from`) that pass `filter`, tested as the tree tests its points.
    fn near<'a, 'f>(
        &'a self,
        from: LatLon,
        q: [f64; 3],
        limit2: f64,
        filter: &'f Filter,
    ) -> impl Iterator<Item = Hit<'a, P>> + use<'a, 'f, P> {
        self.points
            .iter()
            .filter(move |p| dist2(&p.xyz, &q) <= limit2)
            .filter_map(move |p| {
                let c = &self.places[p.place as usize];
                let (position, _) = c.position?;
                filter.accepts(&c.labels, c.place.as_ref()).then(|| Hit {
                    place: c.place.as_ref(),
                    distance_m: haversine_m(from, position),
                })
            })
    }
}

/// `kept` and `fresh`, both ordered by id and without an id in common, as one list by id.
fn merge_by_id<'a, P: Indexable + 'a>(
    kept: impl Iterator<Item = &'a Changed<P>>,
    fresh: &[Changed<P>],
) -> Vec<Changed<P>> {
    let mut merged = Vec::with_capacity(kept.size_hint().1.unwrap_or(0) + fresh.len());
    let mut fresh = fresh.iter().peekable();
    for old in kept {
        while let Some(new) = fresh.next_if(|new| new.id() < old.id()) {
            merged.push(new.clone());
        }
        merged.push(old.clone());
    }
    merged.extend(fresh.cloned());
    merged
}

/// The iterator of [`PlaceIndex::entries`]: the base's places not hidden, merged by id with
/// the overlay's.
struct Entries<'a, P> {
    places: &'a [P],
    labels: &'a [Labels],
    /// The next base place.
    next: usize,
    /// The hidden base places not passed yet, by increasing index.
    hidden: &'a [u32],
    /// The overlay's places not returned yet, by id.
    overlay: &'a [Changed<P>],
}

impl<'a, P: Indexable> Iterator for Entries<'a, P> {
    type Item = (&'a Labels, &'a P);

    fn next(&mut self) -> Option<Self::Item> {
        while let Some((first, rest)) = self.hidden.split_first() {
            if *first as usize != self.next {
                break;
            }
            self.next += 1;
            self.hidden = rest;
        }
        let base = self.places.get(self.next);
        match (base, self.overlay.split_first()) {
            (Some(place), Some((changed, rest))) if changed.id() < place.id() => {
                self.overlay = rest;
                Some((&changed.labels, changed.place.as_ref()))
            }
            (Some(place), _) => {
                let labels = &self.labels[self.next];
                self.next += 1;
                Some((labels, place))
            }
            (None, Some((changed, rest))) => {
                self.overlay = rest;
                Some((&changed.labels, changed.place.as_ref()))
            }
            (None, None) => None,
        }
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use aiguillage_model::{Field, Public};
    use aiguillage_testkit::PlaceBuilder;
    use chrono::{DateTime, TimeDelta, TimeZone, Utc};
    use proptest::prelude::*;

    use super::*;
    use crate::{LabelSet, Match};

    /// The fields the test places share.
    const COMMON: [(Field, &str); 3] = [
        (Field::Pivot, "123456789"),
        (Field::Adresse, "rue"),
        (Field::DateMaj, "2026-01-01"),
    ];

    /// Opening hours: known, unknown (blank) and unparsable (unknown too).
    const HOURS: [&str; 4] = ["", "Mo-Fr 09:00-12:00", "24/7", "le mardi matin"];

    /// Ids are drawn from `0..IDS`: few enough that changes often hit a place of the base,
    /// a place already changed, a removed one or a new one.
    const IDS: usize = 60;

    /// What a test place is made of, so that a change can keep part of it.
    #[derive(Debug, Clone)]
    struct Spec {
        at: Option<(f64, f64)>,
        services: Vec<Service>,
        publics: Vec<Public>,
        horaires: &'static str,
    }

    fn place(id: usize, spec: &Spec) -> Place {
        let services: Vec<&str> = spec.services.iter().map(|s| s.label()).collect();
        let publics: Vec<&str> = spec.publics.iter().map(|p| p.label()).collect();
        let builder = PlaceBuilder::new(format!("p{id:03}"))
            .nom(format!("Lieu {id}"))
            .fields(&COMMON)
            .field(Field::Services, services.join("|"))
            .field(Field::PublicsSpecifiquementAdresses, publics.join("|"))
            .field(Field::Horaires, spec.horaires);
        match spec.at {
            Some((lat, lon)) => builder.at(lat, lon).build(),
            None => builder.build(),
        }
    }

    /// Around Brest, on a coarse grid so that places share positions and equal distances
    /// (ordered by id) are common.
    fn position() -> impl Strategy<Value = Option<(f64, f64)>> {
        proptest::option::weighted(0.9, (0u8..8, 0u8..8))
            .prop_map(|at| at.map(|(y, x)| (48.30 + f64::from(y) * 0.025, -4.60 + f64::from(x) * 0.04)))
    }

    fn services() -> impl Strategy<Value = Vec<Service>> {
        proptest::sample::subsequence(Service::ALL[..4].to_vec(), 0..=2)
    }

    fn publics() -> impl Strategy<Value = Vec<Public>> {
        proptest::sample::subsequence(Public::ALL[..2].to_vec(), 0..=1)
    }

    fn spec() -> impl Strategy<Value = Spec> {
        (
            position(),
            services(),
            publics(),
            proptest::sample::select(HOURS.to_vec()),
        )
            .prop_map(|(at, services, publics, horaires)| Spec {
                at,
                services,
                publics,
                horaires,
            })
    }

    /// One change of a batch given to `with_changes`.
    #[derive(Debug, Clone)]
    enum Step {
        /// The place (if there is one) elsewhere, or nowhere, with the same labels.
        Move(usize, Option<(f64, f64)>),
        /// The place (if there is one) with other labels, at the same position.
        Relabel(usize, Vec<Service>, Vec<Public>),
        /// A place of this id, added or replacing.
        Put(usize, Spec),
        Remove(usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0..IDS, position()).prop_map(|(id, at)| Step::Move(id, at)),
            (0..IDS, services(), publics()).prop_map(|(id, s, p)| Step::Relabel(id, s, p)),
            (0..IDS, spec()).prop_map(|(id, spec)| Step::Put(id, spec)),
            (0..IDS).prop_map(Step::Remove),
        ]
    }

    /// What a query asks for.
    #[derive(Debug, Clone)]
    struct Query {
        from: (f64, f64),
        k: usize,
        radius: Option<f64>,
        filter: Filter,
        corner: (f64, f64),
    }

    fn query() -> impl Strategy<Value = Query> {
        let filter = (
            proptest::sample::subsequence(Service::ALL[..4].to_vec(), 0..=2),
            any::<bool>(),
            publics(),
            // Hours of the week of Monday 2026-11-23, in UTC.
            proptest::option::weighted(0.2, 0i64..7 * 24),
        )
            .prop_map(|(services, all, publics, hour)| Filter {
                services: LabelSet::of(&services),
                services_match: if all { Match::All } else { Match::Any },
                publics: LabelSet::of(&publics),
                open_at: hour.map(|h| monday() + TimeDelta::hours(h)),
                ..Filter::default()
            });
        let point = (48.28f64..48.52, -4.62f64..-4.28);
        (
            point.clone(),
            0usize..12,
            proptest::option::of(0.0f64..15_000.0),
            filter,
            point,
        )
            .prop_map(|(from, k, radius, filter, corner)| Query {
                from,
                k,
                radius,
                filter,
                corner,
            })
    }

    fn monday() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap()
    }

    fn ids<'a>(places: impl IntoIterator<Item = &'a Place>) -> Vec<&'a str> {
        places.into_iter().map(|p| p.id.as_str()).collect()
    }

    fn hits<'a>(hits: &[Hit<'a, Place>]) -> Vec<(&'a Place, f64)> {
        hits.iter().map(|h| (h.place, h.distance_m)).collect()
    }

    /// Every query of `live` answers as `fresh` does.
    fn assert_same(live: &PlaceIndex, fresh: &PlaceIndex, queries: &[Query]) -> Result<(), TestCaseError> {
        prop_assert_eq!(live.stats(), fresh.stats());
        prop_assert_eq!(ids(live.places()), ids(fresh.places()));
        for id in 0..IDS {
            let id = format!("p{id:03}");
            prop_assert_eq!(live.get(&id), fresh.get(&id));
        }
        for q in queries {
            let from = LatLon::new(q.from.0, q.from.1);
            let f = &q.filter;
            prop_assert_eq!(
                hits(&live.nearest(from, q.k, q.radius, f)),
                hits(&fresh.nearest(from, q.k, q.radius, f))
            );
            prop_assert_eq!(
                hits(&live.nearest(from, q.k, None, f)),
                hits(&fresh.nearest(from, q.k, None, f))
            );
            let radius = q.radius.unwrap_or(5_000.0);
            prop_assert_eq!(
                hits(&live.within(from, radius, f)),
                hits(&fresh.within(from, radius, f))
            );
            let bbox = BoundingBox {
                min_lon: q.from.1.min(q.corner.1),
                min_lat: q.from.0.min(q.corner.0),
                max_lon: q.from.1.max(q.corner.1),
                max_lat: q.from.0.max(q.corner.0),
            };
            prop_assert_eq!(live.in_bbox(bbox, f), fresh.in_bbox(bbox, f));
            let mut unordered = ids(live.in_bbox_unordered(bbox, f));
            unordered.sort_unstable();
            prop_assert_eq!(unordered, ids(fresh.in_bbox(bbox, f)));
            prop_assert_eq!(live.matching(f), fresh.matching(f));
            let odd = |p: &Place| p.id.ends_with(['1', '3', '5', '7', '9']);
            prop_assert_eq!(live.matching_where(f, odd), fresh.matching_where(f, odd));
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// An index changed batch by batch answers as one built from scratch from the
        /// resulting places (given in id order, as the base's were).
        #[test]
        fn changes_answer_as_a_rebuild(
            base in proptest::collection::btree_map(0..IDS, spec(), 0..IDS),
            batches in proptest::collection::vec(proptest::collection::vec(step(), 1..5), 1..8),
            queries in proptest::collection::vec(query(), 3),
        ) {
            let mut current: BTreeMap<usize, Spec> = base;
            let mut live = PlaceIndex::new(current.iter().map(|(id, spec)| place(*id, spec)).collect());
            for batch in batches {
                let mut changed = Vec::new();
                let mut removed = Vec::new();
                for step in batch {
                    // Moves and relabels start from the place as this batch left it.
                    let latest = |id: usize, changed: &[(usize, Spec)]| {
                        changed.iter().rev().find(|(c, _)| *c == id).map(|(_, s)| s.clone())
                            .or_else(|| current.get(&id).cloned())
                    };
                    match step {
                        Step::Move(id, at) => if let Some(spec) = latest(id, &changed) {
                            changed.push((id, Spec { at, ..spec }));
                        },
                        Step::Relabel(id, services, publics) => if let Some(spec) = latest(id, &changed) {
                            changed.push((id, Spec { services, publics, ..spec }));
                        },
                        Step::Put(id, spec) => changed.push((id, spec)),
                        Step::Remove(id) => removed.push(format!("p{id:03}")),
                    }
                }
                // The documented meaning: the last change of an id wins, a removal beats a change.
                for (id, spec) in &changed {
                    current.insert(*id, spec.clone());
                }
                for id in &removed {
                    current.remove(&id[1..].parse::<usize>().unwrap());
                }
                let removed: Vec<&str> = removed.iter().map(String::as_str).collect();
                let before = live.stats();
                let next = live.with_changes(changed.iter().map(|(id, spec)| place(*id, spec)).collect(), &removed);
                // The previous snapshot is left as it was.
                prop_assert_eq!(live.stats(), before);
                live = next;
                let fresh = PlaceIndex::new(current.iter().map(|(id, spec)| place(*id, spec)).collect());
                assert_same(&live, &fresh, &queries)?;
            }
        }
    }

    fn at(id: &str, lat: f64, lon: f64) -> Place {
        PlaceBuilder::new(id).nom(id).fields(&COMMON).at(lat, lon).build()
    }

    fn nowhere(id: &str) -> Place {
        PlaceBuilder::new(id).nom(id).fields(&COMMON).build()
    }

    const BREST: LatLon = LatLon::new(48.3904, -4.4861);
    const QUIMPER: LatLon = LatLon::new(47.9960, -4.1024);

    fn around(point: LatLon) -> BoundingBox {
        BoundingBox {
            min_lon: point.lon - 0.01,
            min_lat: point.lat - 0.01,
            max_lon: point.lon + 0.01,
            max_lat: point.lat + 0.01,
        }
    }

    fn nearest_ids(index: &PlaceIndex, from: LatLon, radius_m: Option<f64>) -> Vec<&str> {
        let hits = index.nearest(from, 10, radius_m, &Filter::default());
        hits.iter().map(|h| h.place.id.as_str()).collect()
    }

    #[test]
    fn a_moved_place_is_found_at_its_new_position_only() {
        let index = PlaceIndex::new(vec![at("a", BREST.lat, BREST.lon), at("b", 48.40, -4.49)]);
        let moved = index.with_changes(vec![at("a", QUIMPER.lat, QUIMPER.lon)], &[]);
        let all = Filter::default();

        assert_eq!(nearest_ids(&moved, BREST, Some(5_000.0)), ["b"]);
        assert_eq!(nearest_ids(&moved, QUIMPER, Some(5_000.0)), ["a"]);
        assert_eq!(moved.nearest(QUIMPER, 1, None, &all)[0].distance_m, 0.0);
        assert_eq!(
            ids(moved.within(BREST, 5_000.0, &all).iter().map(|h| h.place)),
            ["b"]
        );
        assert_eq!(
            ids(moved.within(QUIMPER, 5_000.0, &all).iter().map(|h| h.place)),
            ["a"]
        );
        assert_eq!(ids(moved.in_bbox(around(BREST), &all)), ["b"]);
        assert_eq!(ids(moved.in_bbox(around(QUIMPER), &all)), ["a"]);
        assert_eq!(
            moved.get("a").and_then(Place::coordinates),
            Some((QUIMPER.lat, QUIMPER.lon))
        );
        assert_eq!(moved.stats(), index.stats());
        // The snapshot it was derived from still has the place where it was.
        assert_eq!(nearest_ids(&index, BREST, Some(5_000.0)), ["a", "b"]);
        assert_eq!(nearest_ids(&index, QUIMPER, Some(5_000.0)), Vec::<&str>::new());
    }

    #[test]
    fn a_removed_place_is_gone_from_every_query() {
        let index = PlaceIndex::new(vec![at("a", BREST.lat, BREST.lon), at("b", 48.40, -4.49)]);
        // Changed first, so that the removal also hides a place of the overlay.
        let index = index
            .with_changes(vec![at("a", 48.391, -4.487)], &[])
            .with_changes(vec![], &["a"]);
        let all = Filter::default();

        assert_eq!(nearest_ids(&index, BREST, None), ["b"]);
        assert_eq!(
            ids(index.within(BREST, 50_000.0, &all).iter().map(|h| h.place)),
            ["b"]
        );
        assert_eq!(ids(index.in_bbox(around(BREST), &all)), ["b"]);
        assert_eq!(ids(index.in_bbox_unordered(around(BREST), &all)), ["b"]);
        assert_eq!(ids(index.matching(&all)), ["b"]);
        assert_eq!(ids(index.places()), ["b"]);
        assert_eq!(index.get("a"), None);
        assert_eq!(index.stats().places, 1);

        // Added again, it is back.
        let index = index.with_changes(vec![at("a", BREST.lat, BREST.lon)], &[]);
        assert_eq!(nearest_ids(&index, BREST, None), ["a", "b"]);
    }

    #[test]
    fn stats_count_the_overlay() {
        let index = PlaceIndex::new(vec![at("a", BREST.lat, BREST.lon), nowhere("b"), nowhere("c")]);
        let stats = |places, without_coordinates| IndexStats {
            places,
            without_coordinates,
        };
        assert_eq!(index.stats(), stats(3, 2));
        assert_eq!(index.overlay_len(), 0);

        // `b` located, `d` added without coordinates, `c` removed.
        let changed = index.with_changes(vec![at("b", QUIMPER.lat, QUIMPER.lon), nowhere("d")], &["c"]);
        assert_eq!(changed.stats(), stats(3, 1));
        // `b` and `d` held, `b` and `c` hidden.
        assert_eq!(changed.overlay_len(), 4);

        // `a` loses its coordinates; removing an id the index does not hold does nothing.
        let changed = changed.with_changes(vec![nowhere("a")], &["z"]);
        assert_eq!(changed.stats(), stats(3, 2));
        assert_eq!(nearest_ids(&changed, BREST, None), ["b"]);
    }

    #[test]
    fn within_one_call_the_last_change_wins_and_a_removal_beats_a_change() {
        let index = PlaceIndex::new(vec![at("a", BREST.lat, BREST.lon)]);
        let index = index.with_changes(
            vec![
                at("b", BREST.lat, BREST.lon),
                at("a", QUIMPER.lat, QUIMPER.lon),
                at("b", QUIMPER.lat, QUIMPER.lon),
            ],
            &["a"],
        );
        assert_eq!(ids(index.places()), ["b"]);
        assert_eq!(
            index.get("b").and_then(Place::coordinates),
            Some((QUIMPER.lat, QUIMPER.lon))
        );
    }

    #[test]
    fn changed_places_are_merged_into_the_base_order_by_id() {
        let index = PlaceIndex::new(vec![nowhere("c"), nowhere("a"), nowhere("e")]);
        let index = index.with_changes(vec![nowhere("d"), nowhere("b"), nowhere("a")], &[]);
        // `b` before `c`, the first place of a greater id; `a` changed is placed as an
        // addition; `d` before `e`.
        assert_eq!(ids(index.places()), ["a", "b", "c", "d", "e"]);
        assert_eq!(ids(index.matching(&Filter::default())), ["a", "b", "c", "d", "e"]);
        let index = PlaceIndex::new(vec![nowhere("c"), nowhere("a")]).with_changes(vec![nowhere("b")], &[]);
        assert_eq!(ids(index.places()), ["b", "c", "a"]);
    }

    #[test]
    fn the_index_can_be_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<PlaceIndex>();
    }
}
