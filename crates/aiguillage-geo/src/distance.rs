//! Great-circle distance on the mean Earth sphere.

/// Mean Earth radius (IUGG R₁ = (2a + b) / 3), in metres. The haversine on this sphere is
/// within 0.5 % of the WGS84 ellipsoidal (geodesic) distance anywhere, far below the
/// precision of a place's geocoding, and it is what PostGIS `geography` uses with
/// `use_spheroid = false`.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A WGS84 point in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
}

impl LatLon {
    /// A point.
    pub const fn new(lat: f64, lon: f64) -> Self {
        LatLon { lat, lon }
    }

    /// The point on the unit sphere, as Cartesian coordinates. The straight-line (chord)
    /// distance between two such points grows with their great-circle distance, so an
    /// tree over them answers nearest-neighbour queries in exact great-circle order.
    pub(crate) fn unit_vector(self) -> [f64; 3] {
        let (lat, lon) = (self.lat.to_radians(), self.lon.to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    }
}

/// Great-circle distance in metres (haversine formula on [`EARTH_RADIUS_M`]).
///
/// ```
/// use aiguillage_geo::{haversine_m, LatLon};
/// let brest = LatLon::new(48.3904, -4.4861);
/// let quimper = LatLon::new(47.9960, -4.1024);
/// assert_eq!((haversine_m(brest, quimper) / 1000.0).round(), 52.0);
/// ```
pub fn haversine_m(a: LatLon, b: LatLon) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Squared chord length on the unit sphere for a great-circle distance in metres.
pub(crate) fn chord2_for_distance(metres: f64) -> f64 {
    let angle = (metres / EARTH_RADIUS_M).min(std::f64::consts::PI);
    let chord = 2.0 * (angle / 2.0).sin();
    chord * chord
}

/// A squared-chord search limit sure to include every point within `metres`: the chord of
/// two unit vectors is computed within ~4e-16 (each coordinate difference is within
/// ~2.2e-16), so the limit is widened by 1e-15 in chord space; callers then compare the
/// exact haversine distance with `metres`.
pub(crate) fn chord2_limit(metres: f64) -> f64 {
    (chord2_for_distance(metres).sqrt() + 1e-15).powi(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_distances() {
        let paris = LatLon::new(48.8566, 2.3522);
        let brest = LatLon::new(48.3904, -4.4861);
        assert_eq!((haversine_m(paris, brest) / 1000.0).round(), 505.0);
        assert_eq!(haversine_m(brest, brest), 0.0);
        // One degree of latitude on the mean sphere.
        let d = haversine_m(LatLon::new(0.0, 0.0), LatLon::new(1.0, 0.0));
        assert!((d - 111_195.08).abs() < 0.01, "{d}");
        // Antipodes.
        let d = haversine_m(LatLon::new(0.0, 0.0), LatLon::new(0.0, 180.0));
        assert!((d - std::f64::consts::PI * EARTH_RADIUS_M).abs() < 1e-6);
    }

    #[test]
    fn chord_matches_distance() {
        let a = LatLon::new(48.39, -4.48);
        let b = LatLon::new(48.40, -4.47);
        let (u, v) = (a.unit_vector(), b.unit_vector());
        let chord2: f64 = (0..3).map(|i| (u[i] - v[i]).powi(2)).sum();
        assert!((chord2 - chord2_for_distance(haversine_m(a, b))).abs() < 1e-15);
    }
}
