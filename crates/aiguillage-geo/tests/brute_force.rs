//! Property: every query of the index equals a brute-force scan of all places: same places,
//! same order (distance, then id), same distances.

use aiguillage_geo::{haversine_m, BoundingBox, Filter, LabelSet, LatLon, Match, PlaceIndex};
use aiguillage_model::{Field, Label, Place, Public, Service};
use aiguillage_testkit::PlaceBuilder;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use proptest::prelude::*;

/// The fields the test places share.
const COMMON: [(Field, &str); 3] = [
    (Field::Pivot, "123456789"),
    (Field::Adresse, "rue"),
    (Field::DateMaj, "2026-01-01"),
];

fn place(id: usize, lat: f64, lon: f64, services: &[Service], publics: &[Public], horaires: &str) -> Place {
    let labels: Vec<&str> = services.iter().map(|s| s.label()).collect();
    let publics: Vec<&str> = publics.iter().map(|p| p.label()).collect();
    PlaceBuilder::new(format!("p{id:04}"))
        .nom(format!("Lieu {id}"))
        .fields(&COMMON)
        .at(lat, lon)
        .field(Field::Services, labels.join("|"))
        .field(Field::PublicsSpecifiquementAdresses, publics.join("|"))
        .field(Field::Horaires, horaires)
        .build()
}

/// Opening hours: known, unknown (blank) and unparsable (unknown too).
const HOURS: [&str; 5] = [
    "",
    "Mo-Fr 09:00-12:00",
    "Sa 10:00-18:00",
    "24/7",
    "le mardi matin",
];

/// Places clustered around Brest (many close neighbours and some exact duplicates of
/// position), with random services and publics.
fn places() -> impl Strategy<Value = Vec<Place>> {
    let one = (
        48.30f64..48.50,
        -4.60f64..-4.30,
        proptest::sample::subsequence(Service::ALL.to_vec(), 0..=3),
        proptest::sample::subsequence(Public::ALL.to_vec(), 0..=1),
        proptest::sample::select(HOURS.to_vec()),
        any::<bool>(),
    );
    proptest::collection::vec(one, 0..400).prop_map(|specs| {
        let mut previous = (48.39, -4.48);
        specs
            .into_iter()
            .enumerate()
            .map(|(i, (lat, lon, services, publics, horaires, duplicate))| {
                let (lat, lon) = if duplicate { previous } else { (lat, lon) };
                previous = (lat, lon);
                place(i, lat, lon, &services, &publics, horaires)
            })
            .collect()
    })
}

/// What a query asks for: services (all of them, or any), publics (any), open at an instant.
#[derive(Debug, Clone)]
struct Wanted {
    services: Vec<Service>,
    all_services: bool,
    publics: Vec<Public>,
    open_at: Option<DateTime<Utc>>,
}

fn wanted() -> impl Strategy<Value = Wanted> {
    (
        proptest::sample::subsequence(Service::ALL.to_vec(), 0..=2),
        any::<bool>(),
        proptest::sample::subsequence(Public::ALL.to_vec(), 0..=1),
        // Hours of the week of Monday 2026-11-23, in UTC.
        proptest::option::weighted(0.3, 0i64..7 * 24),
    )
        .prop_map(|(services, all_services, publics, hour)| Wanted {
            services,
            all_services,
            publics,
            open_at: hour.map(|h| Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap() + TimeDelta::hours(h)),
        })
}

fn filter_of(wanted: &Wanted) -> Filter {
    Filter {
        services: LabelSet::of(&wanted.services),
        services_match: if wanted.all_services {
            Match::All
        } else {
            Match::Any
        },
        publics: LabelSet::of(&wanted.publics),
        open_at: wanted.open_at,
        ..Filter::default()
    }
}

/// The filter's meaning, written independently of its bit masks.
fn accepts(wanted: &Wanted, place: &Place) -> bool {
    let services = wanted.services.is_empty()
        || if wanted.all_services {
            wanted.services.iter().all(|s| place.services.contains(s))
        } else {
            wanted.services.iter().any(|s| place.services.contains(s))
        };
    let publics = wanted.publics.is_empty()
        || wanted
            .publics
            .iter()
            .any(|p| place.publics_specifiquement_adresses.contains(p));
    let open = wanted
        .open_at
        .is_none_or(|at| place.status_at(at).is_some_and(|s| s.open));
    services && publics && open
}

fn brute_force<'a>(places: &'a [Place], from: LatLon, wanted: &Wanted) -> Vec<(&'a str, f64)> {
    let mut hits: Vec<(&str, f64)> = places
        .iter()
        .filter(|p| accepts(wanted, p))
        .map(|p| {
            let (lat, lon) = p.coordinates().expect("test places have coordinates");
            (p.id.as_str(), haversine_m(from, LatLon::new(lat, lon)))
        })
        .collect();
    hits.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(b.0)));
    hits
}

fn point() -> impl Strategy<Value = LatLon> {
    (48.28f64..48.52, -4.62f64..-4.28).prop_map(|(lat, lon)| LatLon::new(lat, lon))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn nearest_k_equals_brute_force(places in places(), from in point(), k in 0usize..15, wanted in wanted(), radius in proptest::option::of(0.0f64..20_000.0)) {
        let index = PlaceIndex::new(places.clone());
        let expected: Vec<(&str, f64)> = brute_force(&places, from, &wanted)
            .into_iter()
            .filter(|(_, d)| radius.is_none_or(|r| *d <= r))
            .take(k)
            .collect();
        let actual: Vec<(&str, f64)> = index
            .nearest(from, k, radius, &filter_of(&wanted))
            .iter()
            .map(|h| (h.place.id.as_str(), h.distance_m))
            .collect();
        prop_assert_eq!(actual, expected);
    }

    #[test]
    fn within_radius_equals_brute_force(places in places(), from in point(), radius in 0.0f64..20_000.0, wanted in wanted()) {
        let index = PlaceIndex::new(places.clone());
        let expected: Vec<(&str, f64)> = brute_force(&places, from, &wanted)
            .into_iter()
            .filter(|(_, d)| *d <= radius)
            .collect();
        let actual: Vec<(&str, f64)> = index
            .within(from, radius, &filter_of(&wanted))
            .iter()
            .map(|h| (h.place.id.as_str(), h.distance_m))
            .collect();
        prop_assert_eq!(actual, expected);
    }

    #[test]
    fn bbox_equals_brute_force(places in places(), a in point(), b in point(), wanted in wanted()) {
        let index = PlaceIndex::new(places.clone());
        let bbox = BoundingBox {
            min_lon: a.lon.min(b.lon),
            min_lat: a.lat.min(b.lat),
            max_lon: a.lon.max(b.lon),
            max_lat: a.lat.max(b.lat),
        };
        let mut expected: Vec<&str> = places
            .iter()
            .filter(|p| accepts(&wanted, p))
            .filter(|p| {
                let (lat, lon) = p.coordinates().expect("coordinates");
                (bbox.min_lat..=bbox.max_lat).contains(&lat) && (bbox.min_lon..=bbox.max_lon).contains(&lon)
            })
            .map(|p| p.id.as_str())
            .collect();
        expected.sort();
        let actual: Vec<&str> = index.in_bbox(bbox, &filter_of(&wanted)).iter().map(|p| p.id.as_str()).collect();
        prop_assert_eq!(actual, expected);
    }

    #[test]
    fn matching_where_equals_brute_force(places in places(), wanted in wanted(), digit in 0u8..10) {
        let index = PlaceIndex::new(places.clone());
        // A predicate on the place itself, as a name search is: ids ending with `digit`.
        let ends = |p: &Place| p.id.ends_with(char::from(b'0' + digit));
        let expected: Vec<&str> = places
            .iter()
            .filter(|p| accepts(&wanted, p) && ends(p))
            .map(|p| p.id.as_str())
            .collect();
        let actual: Vec<&str> = index
            .matching_where(&filter_of(&wanted), ends)
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        prop_assert_eq!(actual, expected);
    }
}

#[test]
fn places_without_coordinates_are_counted_not_returned() {
    let nowhere = PlaceBuilder::new("sans-coordonnees")
        .nom("Lieu")
        .fields(&COMMON)
        .build();
    let index = PlaceIndex::new(vec![nowhere, place(1, 48.39, -4.48, &[], &[], "")]);
    assert_eq!(index.stats().places, 2);
    assert_eq!(index.stats().without_coordinates, 1);
    let hits = index.nearest(LatLon::new(48.39, -4.48), 10, None, &Filter::default());
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].place.id, "p0001");
    assert_eq!(hits[0].distance_m, 0.0);
}
