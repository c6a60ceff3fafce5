//! Property: every query of the index equals a brute-force scan of all places: same places,
//! same order (distance, then id), same distances.

use aiguillage_geo::{haversine_m, BoundingBox, Filter, LabelSet, LatLon, Match, PlaceIndex};
use aiguillage_model::{validate, Field, Label, Place, RawRecord, Service, ValidationContext};
use proptest::prelude::*;

fn place(id: usize, lat: f64, lon: f64, services: &[Service]) -> Place {
    let mut r = RawRecord::default();
    let labels: Vec<&str> = services.iter().map(|s| s.label()).collect();
    for (field, value) in [
        (Field::Id, format!("p{id:04}")),
        (Field::Pivot, "123456789".to_owned()),
        (Field::Nom, format!("Lieu {id}")),
        (Field::Commune, "Brest".to_owned()),
        (Field::CodePostal, "29200".to_owned()),
        (Field::Adresse, "rue".to_owned()),
        (Field::DateMaj, "2026-01-01".to_owned()),
        (Field::Latitude, lat.to_string()),
        (Field::Longitude, lon.to_string()),
        (Field::Services, labels.join("|")),
    ] {
        r.set(field, value);
    }
    validate(&r, &ValidationContext::today())
        .place
        .expect("valid test place")
}

/// Places clustered around Brest (many close neighbours and some exact duplicates of
/// position), with random services.
fn places() -> impl Strategy<Value = Vec<Place>> {
    let one = (
        48.30f64..48.50,
        -4.60f64..-4.30,
        proptest::sample::subsequence(Service::ALL.to_vec(), 0..=3),
        any::<bool>(),
    );
    proptest::collection::vec(one, 0..120).prop_map(|specs| {
        let mut previous = (48.39, -4.48);
        specs
            .into_iter()
            .enumerate()
            .map(|(i, (lat, lon, services, duplicate))| {
                let (lat, lon) = if duplicate { previous } else { (lat, lon) };
                previous = (lat, lon);
                place(i, lat, lon, &services)
            })
            .collect()
    })
}

/// Wanted services, and whether all of them are required.
fn wanted() -> impl Strategy<Value = (Vec<Service>, bool)> {
    (
        proptest::sample::subsequence(Service::ALL.to_vec(), 0..=2),
        any::<bool>(),
    )
}

fn filter_of((services, all): &(Vec<Service>, bool)) -> Filter {
    Filter {
        services: LabelSet::of(services),
        services_match: if *all { Match::All } else { Match::Any },
        ..Filter::default()
    }
}

/// The filter's meaning, written independently of its bit masks.
fn accepts((services, all): &(Vec<Service>, bool), place: &Place) -> bool {
    services.is_empty()
        || if *all {
            services.iter().all(|s| place.services.contains(s))
        } else {
            services.iter().any(|s| place.services.contains(s))
        }
}

fn brute_force<'a>(places: &'a [Place], from: LatLon, wanted: &(Vec<Service>, bool)) -> Vec<(&'a str, f64)> {
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
}

#[test]
fn places_without_coordinates_are_counted_not_returned() {
    let mut r = RawRecord::default();
    for (field, value) in [
        (Field::Id, "sans-coordonnees"),
        (Field::Pivot, "123456789"),
        (Field::Nom, "Lieu"),
        (Field::Commune, "Brest"),
        (Field::CodePostal, "29200"),
        (Field::Adresse, "rue"),
        (Field::DateMaj, "2026-01-01"),
    ] {
        r.set(field, value);
    }
    let nowhere = validate(&r, &ValidationContext::today()).place.unwrap();
    let index = PlaceIndex::new(vec![nowhere, place(1, 48.39, -4.48, &[])]);
    assert_eq!(index.stats().places, 2);
    assert_eq!(index.stats().without_coordinates, 1);
    let hits = index.nearest(LatLon::new(48.39, -4.48), 10, None, &Filter::default());
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].place.id, "p0001");
    assert_eq!(hits[0].distance_m, 0.0);
}
