//! Synthetic standard places, for load tests, benchmarks and trying the tool at scale.
//!
//! Deterministic for a given seed, valid against the standard, and varied (every
//! enumeration, optional fields present or not, several hour patterns). Places are spread
//! over France métropolitaine uniformly or like the population ([`Spread`]). The coverage
//! benchmark's territories, populated 200 m cells and the positions of places, are drawn by
//! [`scenario`].
//!
//! The one generator of the project: `aiguillage generate`, the benchmarks and the tests use it.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod population;
pub mod scenario;

use std::fmt;
use std::str::FromStr;

use aiguillage_model::{
    Dispositif, Frais, Horaires, Itinerance, Label, ModaliteAcces, ModaliteAccompagnement, Place, Public,
    Service,
};
use chrono::NaiveDate;

pub use population::Population;

/// A small, fast, seeded pseudo-random generator (SplitMix64): reproducible data without a
/// dependency.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An integer in `[0, n)`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A few distinct values of `all` (at least one when `at_least_one`).
    fn some<L: Label>(&mut self, at_least_one: bool) -> Vec<L> {
        let mut out: Vec<L> = L::ALL.iter().copied().filter(|_| self.below(4) == 0).collect();
        if out.is_empty() && at_least_one {
            out.push(L::ALL[self.below(L::ALL.len())]);
        }
        out
    }
}

/// Opening hours are composed from these parts: 640 distinct patterns, the order of
/// magnitude of distinct `horaires` texts in a large real data set.
const DAYS: [&str; 8] = [
    "Mo-Fr", "Mo-Sa", "Tu-Sa", "Mo,We,Fr", "Tu,Th", "We", "Mo-Th", "Sa",
];
const MORNINGS: [&str; 4] = ["08:30-12:00", "09:00-12:00", "09:00-12:30", "10:00-12:00"];
const AFTERNOONS: [&str; 5] = [",13:30-17:00", ",14:00-17:00", ",14:00-18:00", ",13:30-18:30", ""];
const EXTRAS: [&str; 4] = ["", "; Sa 09:00-12:00", "; PH off", "; We 14:00-18:00"];

fn hours(rng: &mut SplitMix64) -> String {
    format!(
        "{} {}{}{}",
        DAYS[rng.below(DAYS.len())],
        MORNINGS[rng.below(MORNINGS.len())],
        AFTERNOONS[rng.below(AFTERNOONS.len())],
        EXTRAS[rng.below(EXTRAS.len())]
    )
}

const KINDS: [&str; 6] = [
    "Médiathèque",
    "Mairie",
    "France Services",
    "Centre social",
    "Association",
    "CCAS",
];

/// How [`places_spread`] spreads places over France métropolitaine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Spread {
    /// Uniform over latitude 42.5–51.0, longitude −4.5–7.5: simple, but many places fall in
    /// the sea or in neighbouring countries, and few are close together.
    #[default]
    Uniform,
    /// Like the population: dense cities, sparse countryside (see [`Population`]).
    Population,
}

impl Spread {
    /// Every spread.
    pub const ALL: [Spread; 2] = [Spread::Uniform, Spread::Population];

    /// The name of the spread, as [`FromStr`] reads it.
    pub fn name(self) -> &'static str {
        match self {
            Spread::Uniform => "uniform",
            Spread::Population => "population",
        }
    }
}

impl FromStr for Spread {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Spread::ALL
            .into_iter()
            .find(|spread| spread.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown spread « {s} » (uniform or population)"))
    }
}

impl fmt::Display for Spread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `n` places with ids `synthetic-000001`…, spread uniformly over France métropolitaine
/// ([`Spread::Uniform`]).
pub fn places(n: usize, seed: u64) -> Vec<Place> {
    places_spread(n, seed, Spread::Uniform)
}

/// `n` places with ids `synthetic-000001`…, spread over France métropolitaine by `spread`.
///
/// Only the coordinates depend on `spread`: every other field is the same as in
/// [`places`]`(n, seed)`. With [`Spread::Population`], the coordinates are the first `n`
/// points of [`Population::new`]`(seed)`. A larger `n` extends the list: its first places
/// are those of any smaller `n`.
///
/// ```
/// use aiguillage_synthetic::{self as synthetic, Population, Spread};
///
/// let places = synthetic::places_spread(100, 42, Spread::Population);
/// let points: Vec<_> = places.iter().filter_map(|p| p.coordinates()).collect();
/// assert_eq!(points, Population::new(42).take(100).collect::<Vec<_>>());
/// assert_eq!(places[7].nom, synthetic::places(100, 42)[7].nom);
/// ```
pub fn places_spread(n: usize, seed: u64, spread: Spread) -> Vec<Place> {
    place_stream(seed, spread).take(n).collect()
}

/// The places of [`places_spread`], made one at a time and without end: `aiguillage
/// generate` writes a million of them without holding them.
///
/// ```
/// use aiguillage_synthetic::{self as synthetic, Spread};
///
/// let first: Vec<_> = synthetic::place_stream(42, Spread::Uniform).take(10).collect();
/// assert_eq!(first, synthetic::places(10, 42));
/// ```
pub fn place_stream(seed: u64, spread: Spread) -> impl Iterator<Item = Place> {
    let mut rng = SplitMix64::new(seed);
    let mut population = (spread == Spread::Population).then(|| Population::new(seed));
    (1..).map(move |i| {
        // The uniform coordinates are drawn either way, so the other fields stay the same.
        let mut place = place(i, &mut rng);
        if let Some((lat, lon)) = population.as_mut().and_then(Iterator::next) {
            place.latitude = Some(lat);
            place.longitude = Some(lon);
        }
        place
    })
}

/// `v` rounded to 1e-5 degree (about 1 m), the usual precision of the standard's files.
fn round_coordinate(v: f64) -> f64 {
    (v * 1e5).round() / 1e5
}

fn place(i: usize, rng: &mut SplitMix64) -> Place {
    let departement = 1 + rng.below(95);
    let departement = if departement == 20 { 29 } else { departement };
    let commune = format!("Commune {:03}", rng.below(600));
    let kind = KINDS[rng.below(KINDS.len())];
    Place {
        id: format!("synthetic-{i:06}"),
        pivot: format!("{:014}", rng.next_u64() % 100_000_000_000_000),
        nom: format!("{kind} {commune} n°{i}"),
        commune,
        code_postal: format!("{departement:02}{:03}", rng.below(1000)),
        code_insee: Some(format!("{departement:02}{:03}", rng.below(1000))),
        adresse: format!("{} rue de la République", 1 + rng.below(200)),
        complement_adresse: (rng.below(5) == 0).then(|| "Rez-de-chaussée".to_owned()),
        latitude: Some(round_coordinate(42.5 + rng.unit() * 8.5)),
        longitude: Some(round_coordinate(-4.5 + rng.unit() * 12.0)),
        typologie: vec![["BIB", "MUNI", "FS", "CS", "ASSO", "CCAS"][rng.below(6)].to_owned()],
        telephone: Some(format!("+332{:08}", rng.below(100_000_000))),
        courriels: vec![format!("contact{i}@exemple.fr")],
        site_web: (rng.below(2) == 0)
            .then(|| format!("https://exemple.fr/lieux/{i}"))
            .into_iter()
            .collect(),
        horaires: (rng.below(10) > 0).then(|| Horaires::parse(&hours(rng))),
        presentation_resume: Some(format!(
            "{kind} : accompagnement au numérique pour tous les publics."
        )),
        presentation_detail: None,
        source: Some("synthetic".to_owned()),
        itinerance: vec![if rng.below(20) == 0 {
            Itinerance::Itinerant
        } else {
            Itinerance::Fixe
        }],
        structure_parente: None,
        date_maj: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
            + chrono::Days::new(rng.below(600) as u64),
        services: rng.some::<Service>(true),
        publics_specifiquement_adresses: rng.some::<Public>(false),
        prise_en_charge_specifique: Vec::new(),
        frais_a_charge: vec![Frais::ALL[rng.below(3)]],
        dispositif_programmes_nationaux: rng.some::<Dispositif>(false),
        formations_labels: Vec::new(),
        autres_formations_labels: None,
        modalites_acces: rng.some::<ModaliteAcces>(true),
        modalites_accompagnement: rng.some::<ModaliteAccompagnement>(true),
        fiche_acces_libre: None,
        prise_rdv: (rng.below(3) == 0).then(|| "https://www.rdv-solidarites.fr/".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aiguillage_model::{validate, Field, RawRecord, ValidationContext};

    #[test]
    fn synthetic_places_are_valid_and_deterministic() {
        let ctx = ValidationContext::today();
        for spread in Spread::ALL {
            let places = places_spread(500, 7, spread);
            assert_eq!(places, places_spread(500, 7, spread));
            for p in &places {
                let mut raw = RawRecord::default();
                for (field, value) in Field::ALL.iter().zip(p.standard_values()) {
                    raw.set(*field, value);
                }
                let v = validate(&raw, &ctx);
                assert!(v.problems.is_empty(), "{spread}: {}: {:?}", p.id, v.problems);
                assert_eq!(v.place.as_ref(), Some(p));
            }
        }
        assert_eq!(places(500, 7), places_spread(500, 7, Spread::Uniform));
    }

    #[test]
    fn the_spread_moves_places_and_changes_nothing_else() {
        let uniform = places(300, 3);
        let population = places_spread(300, 3, Spread::Population);
        let points: Vec<_> = Population::new(3).take(300).collect();
        for ((u, p), point) in uniform.iter().zip(&population).zip(points) {
            assert_eq!(p.coordinates(), Some(point));
            let moved = Place {
                latitude: u.latitude,
                longitude: u.longitude,
                ..p.clone()
            };
            assert_eq!(&moved, u);
        }
        // A longer run starts with the same places.
        assert_eq!(places_spread(1_000, 3, Spread::Population)[..300], population[..]);
    }

    #[test]
    fn spreads_parse_from_their_names() {
        for spread in Spread::ALL {
            assert_eq!(spread.to_string().parse::<Spread>(), Ok(spread));
        }
        assert_eq!("Population".parse::<Spread>(), Ok(Spread::Population));
        assert!("gaussian"
            .parse::<Spread>()
            .unwrap_err()
            .contains("uniform or population"));
    }
}
