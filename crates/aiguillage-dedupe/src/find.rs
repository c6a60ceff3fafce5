//! Finding pairs of places that are probably the same.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::fmt;

use aiguillage_geo::{haversine_m, LatLon, EARTH_RADIUS_M};
use aiguillage_model::{is_known_pivot, ApproximatePosition, Itinerance, Place, PositionMethod};
use rstar::primitives::GeomWithData;
use rstar::RTree;

use crate::name::{name_similarity, name_tokens};

/// Places at most this far apart (metres) may be the same place. Places at one address are
/// 0.4 to 22 m apart in the Angers and Maine-et-Loire files; 50 m also allows for a geocoding
/// to the street rather than the door, while neighbouring buildings with similar names are
/// rare at that distance.
pub const MAX_DISTANCE_M: f64 = 50.0;

/// Names at least this similar ([`name_similarity`]) designate the same place. Measured on
/// the 46 pairs of places within 50 m in the Angers and Maine-et-Loire files: the two real
/// duplicates score 1.0 (« Maison de Quartier - Le Trois-Mâts » and the same with
/// « (ENumEA) »; « CIAS » and « Centre Intercommunal d'Action Sociale » of the Vallées du
/// Haut-Anjou), while different structures sharing a building score at most 0.67 (« Cité
/// des associations (IREPS) » / « (OXYGEM) »), then 0.60, 0.50 and 0 for 38 of them (a
/// « CCAS » and the « Mairie » of one commune). 0.85 sits in that gap, and still accepts a
/// misspelt word in a name of three.
pub const NAME_THRESHOLD: f64 = 0.85;

/// Score of a same-pivot pair whose names are not similar: a commune or an association
/// often gives its one SIRET to all its places (14 places of Aix-en-Provence share the
/// city's), so the same pivot alone does not make the same place.
pub const SHARED_PIVOT_SCORE: f64 = 0.5;

/// Default minimum score of the pairs to merge: every [`Reason::Nearby`] pair (at least
/// 0.765) and same-pivot pairs with similar names, not a shared pivot alone.
pub const DEFAULT_MIN_SCORE: f64 = 0.75;

/// The candidate radius of the spatial index, a little wider than [`MAX_DISTANCE_M`] so that
/// rounding in the chord computation never loses a pair; the exact distance decides.
const SEARCH_RADIUS_M: f64 = MAX_DISTANCE_M * 1.01 + 1.0;

/// Two places that are probably the same.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicatePair {
    /// Id of one place: the smaller of the two ids.
    pub a: String,
    /// Id of the other place.
    pub b: String,
    /// How sure it is, from 0 to 1.
    pub score: f64,
    /// Why they are paired.
    pub reason: Reason,
}

/// Why two places are paired.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    /// They have the same SIRET or RNA number (`pivot`), not the unknown all-zero one.
    /// Scored `0.5 + 0.5 × name similarity` when the names are similar, else
    /// [`SHARED_PIVOT_SCORE`].
    SamePivot,
    /// They are within [`MAX_DISTANCE_M`] of each other with names at least
    /// [`NAME_THRESHOLD`] similar. Scored `name_similarity × (1 − 0.1 × distance_m / 50)`.
    Nearby {
        /// Great-circle distance, metres.
        distance_m: f64,
        /// [`name_similarity`] of their names.
        name_similarity: f64,
    },
}

impl Reason {
    /// A short name of the kind of reason: `same-pivot` or `nearby`.
    pub fn kind(&self) -> &'static str {
        match self {
            Reason::SamePivot => "same-pivot",
            Reason::Nearby { .. } => "nearby",
        }
    }
}

impl fmt::Display for Reason {
    /// `same-pivot`, or `nearby 12.3 m, name 0.95`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::SamePivot => f.write_str("same-pivot"),
            Reason::Nearby {
                distance_m,
                name_similarity,
            } => write!(f, "nearby {distance_m:.1} m, name {name_similarity:.2}"),
        }
    }
}

/// Every pair of places that are probably the same, by score (highest first), then ids.
/// Each pair is given once, with `a` the smaller id; places with the same id are never
/// paired. Candidates come from the pivots (grouped) and from an R-tree of the coordinates,
/// never from comparing every place with every other.
///
/// ```
/// use aiguillage_dedupe::{find_duplicates, Reason};
/// # use aiguillage_model::Field;
/// # use aiguillage_testkit::PlaceBuilder;
/// # fn place(id: &str, nom: &str, lat: f64, lon: f64) -> aiguillage_model::Place {
/// #     PlaceBuilder::new(id).nom(nom).at(lat, lon).fields(&[(Field::Commune, "Angers"),
/// #         (Field::CodePostal, "49000"), (Field::Adresse, "49 rue Toussaint"), (Field::DateMaj, "2026-01-01")]).build()
/// # }
/// let places = [
///     place("hub-1", "Médiathèque Toussaint", 47.4717, -0.5560),
///     place("ville-7", "MEDIATHEQUE TOUSSAINT", 47.4718, -0.5561),
///     place("ville-8", "Mairie", 47.4718, -0.5561),
/// ];
/// let pairs = find_duplicates(&places);
/// assert_eq!(pairs.len(), 1);
/// assert_eq!((pairs[0].a.as_str(), pairs[0].b.as_str()), ("hub-1", "ville-7"));
/// let Reason::Nearby { distance_m, name_similarity } = pairs[0].reason else { panic!() };
/// assert_eq!((distance_m.round(), name_similarity), (13.0, 1.0));
/// ```
pub fn find_duplicates<P: Borrow<Place>>(places: &[P]) -> Vec<DuplicatePair> {
    duplicates_by(places, Place::coordinates)
}

/// [`find_duplicates`], the positions of the places that the import put at their commune's
/// centre aside (`approximate`): a commune's centre, put there because the source gave no
/// position, is no evidence that two places are in the same building, so such places are
/// paired by pivot only. These are the pairs `aiguillage dedupe` lists and the quality
/// checks report.
pub fn likely_duplicates<P: Borrow<Place>>(
    places: &[P],
    approximate: &[ApproximatePosition],
) -> Vec<DuplicatePair> {
    let unlocated: HashSet<&str> = approximate
        .iter()
        .filter(|p| p.method == PositionMethod::CommuneCentre)
        .map(|p| p.place_id.as_str())
        .collect();
    duplicates_by(places, |p| {
        if unlocated.contains(p.id.as_str()) {
            None
        } else {
            p.coordinates()
        }
    })
}

/// The pairs of `places`, each at its `position` (none: paired by pivot only).
fn duplicates_by<P: Borrow<Place>>(
    places: &[P],
    position: impl Fn(&Place) -> Option<(f64, f64)>,
) -> Vec<DuplicatePair> {
    let places: Vec<&Place> = places.iter().map(Borrow::borrow).collect();
    let positions: Vec<Option<(f64, f64)>> = places.iter().map(|p| position(p)).collect();
    let names: Vec<Vec<String>> = places.iter().map(|p| name_tokens(&p.nom, &p.commune)).collect();
    let mut candidates: HashSet<(usize, usize)> = HashSet::new();

    let mut by_pivot: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, place) in places.iter().enumerate() {
        if is_known_pivot(&place.pivot) {
            by_pivot.entry(&place.pivot).or_default().push(i);
        }
    }
    for group in by_pivot.values() {
        for (n, &i) in group.iter().enumerate() {
            candidates.extend(group[n + 1..].iter().map(|&j| (i, j)));
        }
    }

    let points: Vec<GeomWithData<[f64; 3], usize>> = positions
        .iter()
        .enumerate()
        .filter_map(|(i, at)| Some(GeomWithData::new(unit_vector((*at)?), i)))
        .collect();
    let search_chord2 = chord2(SEARCH_RADIUS_M);
    let tree = RTree::bulk_load(points);
    for point in tree.iter() {
        for near in tree.locate_within_distance(*point.geom(), search_chord2) {
            if point.data < near.data {
                candidates.insert((point.data, near.data));
            }
        }
    }

    ranked(candidates.into_iter().filter_map(|(i, j)| {
        pair(
            (places[i], positions[i], &names[i]),
            (places[j], positions[j], &names[j]),
        )
    }))
}

/// A place with its position (as paired) and its [`name_tokens`].
type Candidate<'a> = (&'a Place, Option<(f64, f64)>, &'a [String]);

/// The pair of `p` and `q`, if they are probably the same.
fn pair((p, p_at, p_name): Candidate<'_>, (q, q_at, q_name): Candidate<'_>) -> Option<DuplicatePair> {
    if p.id == q.id {
        return None;
    }
    let similarity = name_similarity(p_name, q_name);
    // A bus or itinerant desk and the fixed office it comes from share a name, a pivot and
    // often a car park, but not their hours or their address: two places.
    let similar = similarity >= NAME_THRESHOLD && is_mobile(p, p_name) == is_mobile(q, q_name);
    let (score, reason) = if p.pivot == q.pivot && is_known_pivot(&p.pivot) {
        let score = if similar {
            0.5 + 0.5 * similarity
        } else {
            SHARED_PIVOT_SCORE
        };
        (score, Reason::SamePivot)
    } else {
        let (a, b) = (p_at?, q_at?);
        let distance_m = haversine_m(LatLon::new(a.0, a.1), LatLon::new(b.0, b.1));
        if distance_m > MAX_DISTANCE_M || !similar {
            return None;
        }
        // Farther is less sure, but within 50 m the name says more than the distance.
        let score = similarity * (1.0 - 0.1 * distance_m / MAX_DISTANCE_M);
        (
            score,
            Reason::Nearby {
                distance_m,
                name_similarity: similarity,
            },
        )
    };
    let (a, b) = if p.id < q.id { (p, q) } else { (q, p) };
    Some(DuplicatePair {
        a: a.id.clone(),
        b: b.id.clone(),
        score,
        reason,
    })
}

/// Whether the place moves: its `itinerance` says so, or its name (« Itinérance France
/// Services… », « Bus numérique… »).
fn is_mobile(place: &Place, name: &[String]) -> bool {
    const MOBILE_WORDS: [&str; 6] = ["itinerance", "itinerant", "itinerante", "bus", "mobile", "camion"];
    place.itinerance.contains(&Itinerance::Itinerant)
        || name.iter().any(|w| MOBILE_WORDS.contains(&w.as_str()))
}

/// Pairs by score (highest first) then ids, each pair of ids once (its best score).
fn ranked(pairs: impl Iterator<Item = DuplicatePair>) -> Vec<DuplicatePair> {
    let mut pairs: Vec<DuplicatePair> = pairs.collect();
    pairs.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| x.a.cmp(&y.a))
            .then_with(|| x.b.cmp(&y.b))
    });
    let mut seen = HashSet::new();
    pairs.retain(|p| seen.insert((p.a.clone(), p.b.clone())));
    pairs
}

/// The point on the unit sphere: the chord between two such points grows with their
/// great-circle distance, so a Euclidean R-tree finds neighbours anywhere, poles and
/// antimeridian included.
fn unit_vector((lat, lon): (f64, f64)) -> [f64; 3] {
    let (lat, lon) = (lat.to_radians(), lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// Squared chord on the unit sphere of a great-circle distance in metres.
fn chord2(metres: f64) -> f64 {
    let chord = 2.0 * (metres / EARTH_RADIUS_M / 2.0).sin();
    chord * chord
}

#[cfg(test)]
mod tests {
    use super::*;
    use aiguillage_model::Field;
    use aiguillage_testkit::PlaceBuilder;
    use proptest::prelude::*;

    fn place(id: &str, pivot: &str, nom: &str, at: Option<(f64, f64)>) -> Place {
        let builder = PlaceBuilder::new(id).nom(nom).fields(&[
            (Field::Pivot, pivot),
            (Field::Commune, "Angers"),
            (Field::CodePostal, "49000"),
            (Field::Adresse, "1 rue de la Gare"),
            (Field::DateMaj, "2026-01-01"),
        ]);
        match at {
            Some((lat, lon)) => builder.at(lat, lon),
            None => builder,
        }
        .build()
    }

    const ZERO: &str = "00000000000000";
    /// About 1 m of latitude, in degrees.
    const METRE: f64 = 1.0 / 111_195.0;

    #[test]
    fn same_known_pivot_pairs_and_zero_pivots_do_not() {
        let places = [
            place("a", "21490007800012", "Médiathèque", None),
            place("b", "21490007800012", "Mediatheque", None),
            place("c", "21490007800012", "Mairie", None),
            place("d", ZERO, "Mairie", None),
            place("e", ZERO, "Mairie", None),
            place("f", "000000000", "Mairie", None),
            place("g", "000000000", "Mairie", None),
        ];
        let pairs = find_duplicates(&places);
        let summary: Vec<(&str, &str, f64)> = pairs
            .iter()
            .map(|p| (p.a.as_str(), p.b.as_str(), p.score))
            .collect();
        assert_eq!(summary, [("a", "b", 1.0), ("a", "c", 0.5), ("b", "c", 0.5)]);
        assert!(pairs.iter().all(|p| p.reason == Reason::SamePivot));
    }

    #[test]
    fn nearby_pairs_need_similar_names_within_50_m() {
        let here = (47.47, -0.55);
        let north = |m: f64| Some((here.0 + m * METRE, here.1));
        let places = [
            place("a", ZERO, "Médiathèque X", Some(here)),
            place("b", ZERO, "Mediatheque X", north(20.0)),
            place("c", ZERO, "Mairie", north(10.0)),
            place("d", ZERO, "Médiathèque X", north(120.0)),
            place("e", ZERO, "Médiathèque X", None),
        ];
        let pairs = find_duplicates(&places);
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        let p = &pairs[0];
        assert_eq!((p.a.as_str(), p.b.as_str()), ("a", "b"));
        let Reason::Nearby {
            distance_m,
            name_similarity,
        } = p.reason
        else {
            panic!("{p:?}")
        };
        assert!((distance_m - 20.0).abs() < 0.1, "{distance_m}");
        assert_eq!(name_similarity, 1.0);
        assert!((p.score - 0.96).abs() < 1e-3, "{}", p.score);
        assert_eq!(p.reason.to_string(), "nearby 20.0 m, name 1.00");
    }

    #[test]
    fn an_itinerant_desk_is_not_the_office_it_comes_from() {
        let here = Some((41.67, 8.90));
        let places = [
            place("fixe", ZERO, "France Services Propriano-Sartène", here),
            place("bus", ZERO, "Itinérance France Services Propriano Sartène", here),
        ];
        assert!(find_duplicates(&places).is_empty());
        let mut itinerant = places[0].clone();
        itinerant.id = "itinerant".into();
        itinerant.itinerance = vec![Itinerance::Itinerant];
        assert!(find_duplicates(&[places[0].clone(), itinerant]).is_empty());
        // Two listings of the same bus are still one.
        let mut again = places[1].clone();
        again.id = "bus-2".into();
        assert_eq!(find_duplicates(&[places[1].clone(), again]).len(), 1);
    }

    #[test]
    fn a_place_is_never_its_own_duplicate() {
        let here = Some((47.47, -0.55));
        let places = [
            place("a", "21490007800012", "Mairie", here),
            place("a", "21490007800012", "Mairie", here),
        ];
        assert!(find_duplicates(&places).is_empty());
    }

    #[test]
    fn neighbours_across_the_antimeridian_are_found() {
        let places = [
            place("a", ZERO, "Mairie", Some((-16.0, 179.99995))),
            place("b", ZERO, "Mairie", Some((-16.0, -179.99995))),
        ];
        assert_eq!(find_duplicates(&places).len(), 1);
    }

    /// Every pair by comparing every place with every other: the reference.
    fn brute_force(places: &[Place]) -> Vec<DuplicatePair> {
        let names: Vec<Vec<String>> = places.iter().map(|p| name_tokens(&p.nom, &p.commune)).collect();
        let mut pairs = Vec::new();
        for i in 0..places.len() {
            for j in i + 1..places.len() {
                pairs.extend(pair(
                    (&places[i], places[i].coordinates(), &names[i]),
                    (&places[j], places[j].coordinates(), &names[j]),
                ));
            }
        }
        ranked(pairs.into_iter())
    }

    const NAMES: &[&str] = &[
        "Médiathèque X",
        "Mediatheque X",
        "Médiathèque",
        "Médiathèque Toussaint d'Angers",
        "CCAS",
        "Centre Communal d'Action Sociale",
        "Mairie",
        "Maison de Quartier - Nord",
        "Maison de Quartier - Sud",
    ];
    const PIVOTS: &[&str] = &[ZERO, "000000000", "21490007800012", "W491000123"];

    fn arbitrary_place() -> impl Strategy<Value = (usize, usize, Option<(f64, f64)>)> {
        // Within about 200 m of one point, so that many places are within 50 m.
        let at = proptest::option::weighted(0.8, (0.0..0.002f64, 0.0..0.003f64));
        (0..NAMES.len(), 0..PIVOTS.len(), at)
    }

    proptest! {
        #[test]
        fn the_index_finds_what_brute_force_finds(
            specs in proptest::collection::vec(arbitrary_place(), 0..40),
        ) {
            let places: Vec<Place> = specs
                .iter()
                .enumerate()
                .map(|(i, (name, pivot, at))| {
                    let at = at.map(|(dlat, dlon)| (47.47 + dlat, -0.55 + dlon));
                    place(&format!("p{i:02}"), PIVOTS[*pivot], NAMES[*name], at)
                })
                .collect();
            let pairs = find_duplicates(&places);
            prop_assert_eq!(&pairs, &brute_force(&places));
            for p in &pairs {
                prop_assert!(p.a < p.b);
                prop_assert!((0.0..=1.0).contains(&p.score));
            }
        }
    }
}
