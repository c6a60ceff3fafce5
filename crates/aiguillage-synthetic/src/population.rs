//! Points spread like the population of France métropolitaine.

use crate::{round_coordinate, SplitMix64};

/// Share of points drawn around a city centre; the rest is uniform over the métropole box.
const CITY_SHARE: f64 = 0.7;

/// The métropole box: latitude 42.5–51.0, longitude −4.7–8.2.
const MIN_LAT: f64 = 42.5;
const MAX_LAT: f64 = 51.0;
const MIN_LON: f64 = -4.7;
const MAX_LON: f64 = 8.2;

/// City centres (name, latitude, longitude) weighted by the rough population of their urban
/// area, in thousands.
const CITIES: [(&str, f64, f64, f64); 42] = [
    ("Paris", 48.8566, 2.3522, 10_800.0),
    ("Lyon", 45.7640, 4.8357, 1_700.0),
    ("Marseille", 43.2965, 5.3698, 1_600.0),
    ("Lille", 50.6292, 3.0573, 1_050.0),
    ("Toulouse", 43.6047, 1.4442, 1_000.0),
    ("Bordeaux", 44.8378, -0.5792, 950.0),
    ("Nice", 43.7102, 7.2620, 950.0),
    ("Nantes", 47.2184, -1.5536, 650.0),
    ("Toulon", 43.1242, 5.9280, 580.0),
    ("Strasbourg", 48.5734, 7.7521, 480.0),
    ("Montpellier", 43.6108, 3.8767, 480.0),
    ("Rouen", 49.4432, 1.0999, 470.0),
    ("Grenoble", 45.1885, 5.7245, 450.0),
    ("Saint-Étienne", 45.4397, 4.3872, 375.0),
    ("Rennes", 48.1173, -1.6778, 360.0),
    ("Avignon", 43.9493, 4.8055, 340.0),
    ("Tours", 47.3941, 0.6848, 300.0),
    ("Bayonne", 43.4929, -1.4748, 300.0),
    ("Metz", 49.1193, 6.1757, 290.0),
    ("Nancy", 48.6921, 6.1844, 285.0),
    ("Orléans", 47.9030, 1.9093, 280.0),
    ("Clermont-Ferrand", 45.7772, 3.0870, 270.0),
    ("Caen", 49.1829, -0.3707, 270.0),
    ("Dijon", 47.3220, 5.0415, 250.0),
    ("Mulhouse", 47.7508, 7.3359, 250.0),
    ("Angers", 47.4784, -0.5632, 240.0),
    ("Le Havre", 49.4944, 0.1079, 235.0),
    ("Annecy", 45.8992, 6.1294, 230.0),
    ("Reims", 49.2583, 4.0317, 215.0),
    ("Brest", 48.3904, -4.4861, 210.0),
    ("Limoges", 45.8336, 1.2611, 210.0),
    ("Perpignan", 42.6887, 2.8948, 200.0),
    ("Nîmes", 43.8367, 4.3601, 200.0),
    ("Le Mans", 48.0061, 0.1996, 190.0),
    ("Besançon", 47.2378, 6.0241, 190.0),
    ("Amiens", 49.8941, 2.2958, 180.0),
    ("Pau", 43.2951, -0.3708, 160.0),
    ("Poitiers", 46.5802, 0.3404, 130.0),
    ("La Rochelle", 46.1603, -1.1511, 130.0),
    ("Valence", 44.9334, 4.8924, 130.0),
    ("Lorient", 47.7482, -3.3702, 120.0),
    ("Quimper", 47.9960, -4.1024, 90.0),
];

/// The standard deviation, in km, of the points around a city of `thousands` inhabitants.
fn sigma_km(thousands: f64) -> f64 {
    2.0 + 0.08 * thousands.sqrt()
}

/// Points spread like the population of France métropolitaine: dense cities, sparse
/// countryside.
///
/// 70 % of the points are Gaussian around one of 42 city centres, chosen with the weight of
/// its urban area's population, with a standard deviation of 2 km + 0.08 km × √(thousands of
/// inhabitants): about 10 km for Paris, 3 km for Brest. The other 30 % are uniform over the
/// box of France métropolitaine (latitude 42.5–51.0, longitude −4.7–8.2), sea and
/// neighbouring countries included. Coordinates are rounded to 1e-5 degree (about 1 m), the
/// usual precision of the standard's files.
///
/// An endless iterator of `(latitude, longitude)` in degrees, deterministic for a seed. The
/// proximity benchmark (`cargo bench -p aiguillage-bench --bench nearest`) puts its places at
/// the points of seed 42 and queries from the first 1,000 points of seed 4242.
///
/// ```
/// use aiguillage_synthetic::Population;
///
/// let points: Vec<(f64, f64)> = Population::new(4242).take(1_000).collect();
/// assert_eq!(points, Population::new(4242).take(1_000).collect::<Vec<_>>());
/// assert!(points.iter().all(|&(lat, lon)| aiguillage_model::plausible_region(lat, lon).is_some()));
/// ```
#[derive(Debug, Clone)]
pub struct Population {
    rng: SplitMix64,
    /// Running totals of the cities' weights, to pick one by binary search.
    cumulative: [f64; CITIES.len()],
}

impl Population {
    /// The points of `seed`.
    pub fn new(seed: u64) -> Self {
        let mut cumulative = [0.0; CITIES.len()];
        let mut sum = 0.0;
        for (total, city) in cumulative.iter_mut().zip(&CITIES) {
            sum += city.3;
            *total = sum;
        }
        Population {
            rng: SplitMix64::new(seed),
            cumulative,
        }
    }

    /// The next point, with the index in [`CITIES`] of the city it was drawn around (`None`
    /// for a point of the countryside).
    fn draw(&mut self) -> (Option<usize>, (f64, f64)) {
        if self.rng.unit() >= CITY_SHARE {
            let lat = MIN_LAT + self.rng.unit() * (MAX_LAT - MIN_LAT);
            let lon = MIN_LON + self.rng.unit() * (MAX_LON - MIN_LON);
            return (None, (round_coordinate(lat), round_coordinate(lon)));
        }
        let pick = self.rng.unit() * self.cumulative[CITIES.len() - 1];
        let i = self
            .cumulative
            .partition_point(|c| *c <= pick)
            .min(CITIES.len() - 1);
        let (_, lat, lon, thousands) = CITIES[i];
        let sigma_km = sigma_km(thousands);
        let (dy, dx) = self.gaussian_pair();
        let km_per_degree_lat = 111.2;
        let km_per_degree_lon = km_per_degree_lat * lat.to_radians().cos();
        let point = (
            round_coordinate(lat + dy * sigma_km / km_per_degree_lat),
            round_coordinate(lon + dx * sigma_km / km_per_degree_lon),
        );
        (Some(i), point)
    }

    /// Two independent standard normal values (Box–Muller).
    fn gaussian_pair(&mut self) -> (f64, f64) {
        let u1 = 1.0 - self.rng.unit(); // (0, 1]: ln is finite
        let u2 = self.rng.unit();
        let r = (-2.0 * u1.ln()).sqrt();
        let theta = std::f64::consts::TAU * u2;
        (r * theta.cos(), r * theta.sin())
    }
}

impl Iterator for Population {
    type Item = (f64, f64);

    fn next(&mut self) -> Option<(f64, f64)> {
        Some(self.draw().1)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (usize::MAX, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: usize = 100_000;

    /// Great-circle distance in km, good enough for a test (haversine).
    fn distance_km((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
        let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
        let a = ((p2 - p1) / 2.0).sin().powi(2)
            + p1.cos() * p2.cos() * ((lon2 - lon1).to_radians() / 2.0).sin().powi(2);
        2.0 * 6371.0 * a.sqrt().asin()
    }

    fn in_box((lat, lon): (f64, f64)) -> bool {
        (MIN_LAT..=MAX_LAT).contains(&lat) && (MIN_LON..=MAX_LON).contains(&lon)
    }

    #[test]
    fn deterministic_for_a_seed_and_different_across_seeds() {
        let a: Vec<_> = Population::new(42).take(1_000).collect();
        assert_eq!(a, Population::new(42).take(1_000).collect::<Vec<_>>());
        assert_ne!(a, Population::new(43).take(1_000).collect::<Vec<_>>());
    }

    /// The first points of the proximity benchmark's seeds, pinned: its recorded numbers
    /// compare only while the sequence stays bit for bit the same.
    #[test]
    fn the_benchmark_sequences_are_pinned() {
        let places: Vec<_> = Population::new(42).take(3).collect();
        let queries: Vec<_> = Population::new(4242).take(3).collect();
        assert_eq!(places, PINNED_PLACES);
        assert_eq!(queries, PINNED_QUERIES);
    }
    const PINNED_PLACES: [(f64, f64); 3] = [(43.85924, -1.10605), (48.89343, 2.63044), (45.38941, 3.27842)];
    const PINNED_QUERIES: [(f64, f64); 3] = [(45.54994, -0.0187), (48.87044, 1.9549), (48.73095, 0.78153)];

    #[test]
    fn every_point_is_in_the_box_or_near_its_city_and_rounded() {
        let mut population = Population::new(7);
        for _ in 0..N {
            let (city, point) = population.draw();
            match city {
                None => assert!(in_box(point), "{point:?}"),
                Some(i) => {
                    let (name, lat, lon, thousands) = CITIES[i];
                    // A 2-D Gaussian strays beyond 6 σ once in 66 million draws.
                    let d = distance_km(point, (lat, lon));
                    assert!(
                        d < 6.0 * sigma_km(thousands),
                        "{point:?} is {d:.1} km from {name}"
                    );
                }
            }
            for v in [point.0, point.1] {
                assert_eq!(round_coordinate(v), v, "{point:?} is rounded to 1e-5");
            }
        }
    }

    #[test]
    fn seven_points_in_ten_are_around_a_city_and_paris_has_the_most() {
        let mut population = Population::new(7);
        let mut per_city = [0usize; CITIES.len()];
        for _ in 0..N {
            if let (Some(i), _) = population.draw() {
                per_city[i] += 1;
            }
        }
        let share = per_city.iter().sum::<usize>() as f64 / N as f64;
        // σ of the share is √(0.7 × 0.3 / N) ≈ 0.0014.
        assert!((share - CITY_SHARE).abs() < 0.01, "{share}");
        let paris = per_city[0] as f64 / per_city.iter().sum::<usize>() as f64;
        let weight = CITIES[0].3 / CITIES.iter().map(|c| c.3).sum::<f64>();
        assert!((paris - weight).abs() < 0.01, "Paris: {paris} vs weight {weight}");
        assert!(per_city.iter().all(|&n| n > 0), "{per_city:?}");
    }
}
