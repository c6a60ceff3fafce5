//! ETRS89-LAEA Europe (EPSG:3035): the Lambert Azimuthal Equal-Area projection of the
//! GRS80 ellipsoid centred on 52°N 10°E, in which INSEE publishes its 200 m population grid.
//!
//! The formulas are the ellipsoidal ones of IOGP Guidance Note 7-2 §3.1.7.1 (they agree
//! with PROJ to the tenth of a millimetre). The projection is equal-area: areas measured
//! in projected metres are true areas on the ellipsoid, which is what makes square cells
//! of a fixed size in this plane a fair population grid.
//!
//! ```
//! use aiguillage_geo::{laea, LatLon};
//! let (x, y) = laea::project(LatLon::new(50.0, 5.0));
//! assert_eq!(((x * 100.0).round(), (y * 100.0).round()), (396_279_945.0, 299_971_885.0));
//! let back = laea::unproject(x, y);
//! assert!((back.lat - 50.0).abs() < 1e-9 && (back.lon - 5.0).abs() < 1e-9);
//! ```

use std::f64::consts::FRAC_PI_2;
use std::sync::LazyLock;

use crate::LatLon;

/// Semi-major axis of GRS80, metres.
const A: f64 = 6_378_137.0;
/// Inverse flattening of GRS80.
const INVERSE_FLATTENING: f64 = 298.257_222_101;
/// Latitude of the natural origin, degrees.
const LAT_ORIGIN: f64 = 52.0;
/// Longitude of the natural origin, degrees.
const LON_ORIGIN: f64 = 10.0;
/// False easting, metres.
pub const FALSE_EASTING: f64 = 4_321_000.0;
/// False northing, metres.
pub const FALSE_NORTHING: f64 = 3_210_000.0;

/// The constants of the projection that depend only on the ellipsoid and the origin,
/// computed once (they need logarithms and square roots, which are not `const`).
struct Params {
    /// First eccentricity e and its square.
    e: f64,
    e2: f64,
    /// q at the pole (qP).
    qp: f64,
    /// sin and cos of the authalic latitude of the origin, β₀.
    sin_b0: f64,
    cos_b0: f64,
    /// Radius of the authalic sphere, Rq.
    rq: f64,
    /// D, the factor that makes the scale true in every direction at the origin.
    d: f64,
    /// Coefficients of sin 2β', sin 4β' and sin 6β' in the authalic → geodetic series.
    series: [f64; 3],
}

static PARAMS: LazyLock<Params> = LazyLock::new(|| {
    let f = 1.0 / INVERSE_FLATTENING;
    let e2 = f * (2.0 - f);
    let e = e2.sqrt();
    let qp = q(1.0, e, e2);
    let phi0 = LAT_ORIGIN.to_radians();
    let b0 = (q(phi0.sin(), e, e2) / qp).asin();
    let rq = A * (qp / 2.0).sqrt();
    let d = A * phi0.cos() / (1.0 - e2 * phi0.sin().powi(2)).sqrt() / (rq * b0.cos());
    let (e4, e6) = (e2 * e2, e2 * e2 * e2);
    Params {
        e,
        e2,
        qp,
        sin_b0: b0.sin(),
        cos_b0: b0.cos(),
        rq,
        d,
        series: [
            e2 / 3.0 + 31.0 * e4 / 180.0 + 517.0 * e6 / 5040.0,
            23.0 * e4 / 360.0 + 251.0 * e6 / 3780.0,
            761.0 * e6 / 45360.0,
        ],
    }
});

/// The function q of the authalic latitude, from sin φ:
/// (1 − e²) [sin φ / (1 − e² sin² φ) + artanh(e sin φ) / e].
fn q(sin_phi: f64, e: f64, e2: f64) -> f64 {
    (1.0 - e2) * (sin_phi / (1.0 - e2 * sin_phi * sin_phi) + (e * sin_phi).atanh() / e)
}

/// Projects a WGS84 point (ETRS89 and WGS84 agree within a metre, far below a 200 m cell)
/// to EPSG:3035, returning `(easting x, northing y)` in metres.
///
/// A dozen floating-point operations and four transcendental functions. Every point of
/// the Earth has a finite image within about 12,800 km of the origin except the antipode
/// of the origin (52°S 170°W, in the South Pacific), whose image is not finite; non-finite
/// input gives non-finite output.
///
/// ```
/// use aiguillage_geo::{laea, LatLon};
/// let (x, y) = laea::project(LatLon::new(48.3904, -4.4861)); // Brest
/// assert_eq!((x.round(), y.round()), (3_255_601.0, 2_913_656.0));
/// ```
pub fn project(p: LatLon) -> (f64, f64) {
    let k = &*PARAMS;
    let sin_phi = p.lat.to_radians().sin();
    // |q| may exceed qP by a rounding error at the poles.
    let sin_b = (q(sin_phi, k.e, k.e2) / k.qp).clamp(-1.0, 1.0);
    let cos_b = (1.0 - sin_b * sin_b).sqrt();
    let (sin_dl, cos_dl) = (p.lon - LON_ORIGIN).to_radians().sin_cos();
    let b = k.rq * (2.0 / (1.0 + k.sin_b0 * sin_b + k.cos_b0 * cos_b * cos_dl)).sqrt();
    let x = FALSE_EASTING + b * k.d * cos_b * sin_dl;
    let y = FALSE_NORTHING + (b / k.d) * (k.cos_b0 * sin_b - k.sin_b0 * cos_b * cos_dl);
    (x, y)
}

/// The WGS84 point of EPSG:3035 coordinates `(x, y)` in metres: the inverse of
/// [`project`], to better than 1e-9 degree (0.1 mm) over France, overseas territories
/// included.
///
/// The authalic latitude is converted back to the geodetic latitude with the series of
/// the Guidance Note (within 2 mm), then polished by one Newton step on q(φ), which
/// brings the round trip well below 1e-9 degree. Coordinates farther from the origin than
/// the image of the antipode (2·Rq ≈ 12,743 km, which no point of the Earth projects to)
/// are taken on that circle. Longitudes are returned in [-180, 180].
///
/// ```
/// use aiguillage_geo::laea;
/// // The lower-left corner of an INSEE 200 m cell in Corsica.
/// let p = laea::unproject(4_252_400.0, 2_029_800.0);
/// assert_eq!(((p.lat * 1e6).round(), (p.lon * 1e6).round()), (41_365_796.0, 9_183_439.0));
/// ```
pub fn unproject(x: f64, y: f64) -> LatLon {
    let k = &*PARAMS;
    let (dx, dy) = (x - FALSE_EASTING, y - FALSE_NORTHING);
    let rho = ((dx / k.d).powi(2) + (k.d * dy).powi(2)).sqrt();
    if rho == 0.0 {
        return LatLon::new(LAT_ORIGIN, LON_ORIGIN);
    }
    let c = 2.0 * (rho / (2.0 * k.rq)).min(1.0).asin();
    let (sin_c, cos_c) = c.sin_cos();
    let b = (cos_c * k.sin_b0 + k.d * dy * sin_c * k.cos_b0 / rho)
        .clamp(-1.0, 1.0)
        .asin();
    let [c2, c4, c6] = k.series;
    let mut phi = b + c2 * (2.0 * b).sin() + c4 * (4.0 * b).sin() + c6 * (6.0 * b).sin();
    // One Newton step on q(φ) = qP sin β' (Snyder, Map Projections, eq. 3-16): the series
    // stops at e⁶ and leaves up to 1.5e-8 degree (2 mm) over France, more than the 1e-9
    // degree a round trip must keep.
    if phi.abs() < FRAC_PI_2 {
        let sin_phi = phi.sin();
        let w = 1.0 - k.e2 * sin_phi * sin_phi;
        let target = k.qp * b.sin();
        phi += w * w / (2.0 * (1.0 - k.e2) * phi.cos()) * (target - q(sin_phi, k.e, k.e2));
    }
    let lambda = (dx * sin_c).atan2(k.d * rho * k.cos_b0 * cos_c - k.d * k.d * dy * k.sin_b0 * sin_c);
    let mut lon = LON_ORIGIN + lambda.to_degrees();
    if lon > 180.0 {
        lon -= 360.0;
    } else if lon < -180.0 {
        lon += 360.0;
    }
    LatLon::new(phi.to_degrees().clamp(-90.0, 90.0), lon)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference values computed with PROJ (`cs2cs EPSG:4326 EPSG:3035`); the first one is
    /// the worked example of IOGP Guidance Note 7-2.
    const REFERENCE: [(f64, f64, f64, f64); 6] = [
        (50.0, 5.0, 3962799.4510, 2999718.8532),
        (48.3904, -4.4861, 3255601.0458, 2913655.9396), // Brest
        (41.9192, 8.7386, 4215979.5434, 2091532.7828),  // Ajaccio
        (51.0890, 2.5450, 3799714.6761, 3135253.7581),  // Dunkerque
        (-21.1151, 55.5364, 9991444.3235, -3048451.6776), // Saint-Denis, La Réunion
        (16.2650, -61.5510, -2601332.3698, 2702300.8958), // Guadeloupe
    ];

    #[test]
    fn matches_the_guidance_note_and_proj() {
        for (lat, lon, x, y) in REFERENCE {
            let (px, py) = project(LatLon::new(lat, lon));
            assert!(
                (px - x).abs() < 1e-4 && (py - y).abs() < 1e-4,
                "{lat} {lon}: {px} {py}"
            );
            let back = unproject(x, y);
            assert!((back.lat - lat).abs() < 1e-9, "{lat} {lon}: {back:?}");
            assert!((back.lon - lon).abs() < 1e-9, "{lat} {lon}: {back:?}");
        }
    }

    #[test]
    fn origin_and_poles() {
        let (x, y) = project(LatLon::new(52.0, 10.0));
        assert!((x - FALSE_EASTING).abs() < 1e-6 && (y - FALSE_NORTHING).abs() < 1e-6);
        assert_eq!(unproject(FALSE_EASTING, FALSE_NORTHING), LatLon::new(52.0, 10.0));
        let (x, y) = project(LatLon::new(90.0, 10.0));
        assert!((x - FALSE_EASTING).abs() < 1e-6 && y > FALSE_NORTHING);
        assert!((unproject(x, y).lat - 90.0).abs() < 1e-9);
        let south = project(LatLon::new(-60.0, 10.0));
        assert!((unproject(south.0, south.1).lat + 60.0).abs() < 1e-9);
    }

    fn assert_round_trip(lat: f64, lon: f64) {
        let (x, y) = project(LatLon::new(lat, lon));
        let back = unproject(x, y);
        assert!(
            (back.lat - lat).abs() < 1e-9 && (back.lon - lon).abs() < 1e-9,
            "{lat} {lon} -> {back:?}"
        );
    }

    #[test]
    fn round_trips_over_mainland_france_and_corsica() {
        // A 0.05° lattice over 41.3°N–51.1°N, 5.2°W–9.6°E covers Corsica and the mainland.
        for i in 0..=196 {
            for j in 0..=296 {
                assert_round_trip(41.3 + f64::from(i) * 0.05, -5.2 + f64::from(j) * 0.05);
            }
        }
    }

    #[test]
    fn round_trips_overseas() {
        for (lat0, lon0) in [
            (-21.4, 55.2),  // La Réunion
            (15.8, -61.9),  // Guadeloupe
            (14.4, -61.2),  // Martinique
            (3.5, -54.5),   // Guyane
            (-12.8, 45.0),  // Mayotte
            (-22.3, 166.4), // Nouvelle-Calédonie
        ] {
            for i in 0..=20 {
                for j in 0..=20 {
                    assert_round_trip(lat0 + f64::from(i) * 0.05, lon0 + f64::from(j) * 0.05);
                }
            }
        }
    }

    #[test]
    fn equal_area() {
        // A 0.01° × 0.01° quadrangle at 48°N: its ellipsoidal area (closed form on GRS80,
        // a²/2 · Δλ · Δq) equals the shoelace area of its projected corners, up to the curvature of its
        // sides (well below 1e-6 relative at this size).
        let (lat, lon, d) = (48.0_f64, -3.0_f64, 0.01_f64);
        let corners = [(lat, lon), (lat, lon + d), (lat + d, lon + d), (lat + d, lon)];
        let xy: Vec<(f64, f64)> = corners
            .iter()
            .map(|&(la, lo)| project(LatLon::new(la, lo)))
            .collect();
        let shoelace: f64 = (0..4)
            .map(|i| {
                let (a, b) = (xy[i], xy[(i + 1) % 4]);
                a.0 * b.1 - b.0 * a.1
            })
            .sum::<f64>()
            / 2.0;
        let k = &*PARAMS;
        let band = |phi: f64| q(phi.to_radians().sin(), k.e, k.e2);
        let exact = A * A / 2.0 * (band(lat + d) - band(lat)) * d.to_radians();
        assert!((shoelace / exact - 1.0).abs() < 1e-6, "{shoelace} {exact}");
    }
}
