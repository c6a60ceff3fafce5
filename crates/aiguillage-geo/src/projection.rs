//! Projected coordinates → WGS84: the coordinate reference systems in which French
//! sources publish places (Lambert-93 for the mainland and Corsica, UTM for the overseas
//! départements, Lambert New Caledonia, Web Mercator from web-map exports).
//!
//! The projections are those of PROJ, through its pure-Rust port `proj4rs`. No datum shift
//! is applied: RGF93, RGR92, RGAF09, RGFG95, RGM04 and RGNC91-93 are all realisations of
//! the ITRS, and the EPSG transformations from each of them to WGS84 are null ones (what
//! PROJ applies too), so the geographic coordinates of the projection *are* the WGS84
//! ones, within the metre that separates the frames.
//!
//! ```
//! use aiguillage_geo::Crs;
//! // The Panthéon, Paris, in Lambert-93.
//! let crs = Crs::parse("EPSG:2154").unwrap();
//! let p = crs.to_wgs84(652_011.88, 6_860_882.57).unwrap();
//! assert_eq!(((p.lat * 1e4).round(), (p.lon * 1e4).round()), (488_462.0, 23_461.0));
//! assert!(crs.to_wgs84(f64::NAN, 6_860_882.57).is_err());
//! ```

use std::fmt;
use std::sync::LazyLock;

use proj4rs::proj::Proj;

use crate::{BoundingBox, LatLon};

/// A coordinate reference system a source may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crs {
    /// WGS 84 geographic coordinates (EPSG:4326), x = longitude, y = latitude, degrees.
    Wgs84,
    /// RGF93 / Lambert-93 (EPSG:2154): mainland France and Corsica.
    Lambert93,
    /// WGS 84 / Pseudo-Mercator (EPSG:3857), the projection of web maps.
    WebMercator,
    /// RGR92 / UTM zone 40S (EPSG:2975): La Réunion.
    Utm40S,
    /// RGAF09 / UTM zone 20N (EPSG:5490, and its predecessor RRAF 1991, EPSG:4559, which
    /// has the same projection): Guadeloupe, Martinique, Saint-Barthélemy, Saint-Martin.
    Utm20N,
    /// RGFG95 / UTM zone 22N (EPSG:2972): Guyane.
    Utm22N,
    /// RGM04 / UTM zone 38S (EPSG:4471): Mayotte.
    Utm38S,
    /// RGNC91-93 / Lambert New Caledonia (EPSG:3163).
    NouvelleCaledonieLambert,
}

/// Half the equatorial circumference of the Web Mercator sphere, in metres: the largest
/// |x| of EPSG:3857. The inverse projection would silently wrap a larger x round the
/// globe, so such an x is rejected before projecting.
const WEB_MERCATOR_MAX_X: f64 = std::f64::consts::PI * 6_378_137.0;

/// The WGS84 geographic CRS every projection is inverted to.
static WGS84: LazyLock<Proj> = LazyLock::new(|| proj("+proj=longlat +datum=WGS84 +no_defs"));

// One projection per CRS, built on first use and then shared: parsing a definition costs
// far more than converting a point, and an import converts every row.
//
// The definitions are PROJ's (`projinfo EPSG:nnnn -o PROJ`). They name an ellipsoid but no
// datum, which tells proj4rs not to shift datums (see the module documentation).
static LAMBERT93: LazyLock<Proj> = LazyLock::new(|| {
    proj(
        "+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 \
         +ellps=GRS80 +units=m +no_defs",
    )
});
static WEB_MERCATOR: LazyLock<Proj> = LazyLock::new(|| {
    proj("+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +no_defs")
});
static UTM40S: LazyLock<Proj> =
    LazyLock::new(|| proj("+proj=utm +zone=40 +south +ellps=GRS80 +units=m +no_defs"));
static UTM20N: LazyLock<Proj> = LazyLock::new(|| proj("+proj=utm +zone=20 +ellps=GRS80 +units=m +no_defs"));
static UTM22N: LazyLock<Proj> = LazyLock::new(|| proj("+proj=utm +zone=22 +ellps=GRS80 +units=m +no_defs"));
static UTM38S: LazyLock<Proj> =
    LazyLock::new(|| proj("+proj=utm +zone=38 +south +ellps=GRS80 +units=m +no_defs"));
static NC_LAMBERT: LazyLock<Proj> = LazyLock::new(|| {
    proj(
        "+proj=lcc +lat_0=-21.5 +lon_0=166 +lat_1=-20.6666666666667 +lat_2=-22.3333333333333 \
         +x_0=400000 +y_0=300000 +ellps=GRS80 +units=m +no_defs",
    )
});

/// Builds a projection from one of the constant definitions above; every test that
/// converts a point of the CRS checks that its definition parses.
fn proj(definition: &str) -> Proj {
    Proj::from_proj_string(definition)
        .unwrap_or_else(|e| panic!("invalid PROJ definition {definition:?}: {e}"))
}

impl Crs {
    /// Every supported CRS.
    pub const ALL: [Crs; 8] = [
        Crs::Wgs84,
        Crs::Lambert93,
        Crs::WebMercator,
        Crs::Utm40S,
        Crs::Utm20N,
        Crs::Utm22N,
        Crs::Utm38S,
        Crs::NouvelleCaledonieLambert,
    ];

    /// The CRS named by `s`: an EPSG code ("EPSG:2154", "epsg:2154", "2154",
    /// "urn:ogc:def:crs:EPSG::2154") or a usual name ("lambert93", "Lambert-93",
    /// "RGF93 / Lambert-93", "wgs84", "CRS84", "Pseudo-Mercator", "UTM 40S"…), case and
    /// punctuation ignored; `None` if unknown.
    ///
    /// ```
    /// use aiguillage_geo::Crs;
    /// assert_eq!(Crs::parse("EPSG:2154"), Some(Crs::Lambert93));
    /// assert_eq!(Crs::parse(" Lambert-93 "), Some(Crs::Lambert93));
    /// assert_eq!(Crs::parse("4326"), Some(Crs::Wgs84));
    /// assert_eq!(Crs::parse("RGR92 / UTM zone 40S"), Some(Crs::Utm40S));
    /// assert_eq!(Crs::parse("EPSG:27572"), None); // Lambert II étendu: not supported
    /// ```
    pub fn parse(s: &str) -> Option<Crs> {
        let lower = s.trim().to_ascii_lowercase();
        let code = lower.strip_prefix("urn:ogc:def:crs:").unwrap_or(&lower);
        let code = code
            .strip_prefix("epsg:")
            .map_or(code, |c| c.trim_start_matches(':'));
        if let Ok(code) = code.trim().parse::<u32>() {
            return Crs::from_epsg(code);
        }
        // Names are compared on their letters and digits only, so that "Lambert-93",
        // "Lambert 93" and "RGF93 / Lambert-93" all match.
        let key: String = lower.chars().filter(char::is_ascii_alphanumeric).collect();
        Some(match key.as_str() {
            "wgs84" | "crs84" | "ogccrs84" | "urnogcdefcrsogc13crs84" => Crs::Wgs84,
            "lambert93" | "l93" | "rgf93lambert93" | "rgf93v1lambert93" => Crs::Lambert93,
            "webmercator" | "pseudomercator" | "wgs84pseudomercator" => Crs::WebMercator,
            "utm40s" | "utmzone40s" | "rgr92utm40s" | "rgr92utmzone40s" => Crs::Utm40S,
            "utm20n" | "utmzone20n" | "rgaf09utm20n" | "rgaf09utmzone20n" | "rraf1991utmzone20n" => {
                Crs::Utm20N
            }
            "utm22n" | "utmzone22n" | "rgfg95utm22n" | "rgfg95utmzone22n" => Crs::Utm22N,
            "utm38s" | "utmzone38s" | "rgm04utm38s" | "rgm04utmzone38s" => Crs::Utm38S,
            "lambertnc"
            | "lambertnewcaledonia"
            | "rgnc9193lambertnewcaledonia"
            | "nouvellecaledonielambert" => Crs::NouvelleCaledonieLambert,
            _ => return None,
        })
    }

    /// The CRS of an EPSG code; `None` if unsupported. Besides the codes [`Crs::epsg`]
    /// returns, this accepts EPSG:4559 (RRAF 1991 / UTM 20N, the same projection as
    /// RGAF09's) and 900913 and 3785, the obsolete codes of Web Mercator that some GIS
    /// exports still write.
    pub fn from_epsg(code: u32) -> Option<Crs> {
        Some(match code {
            4326 => Crs::Wgs84,
            2154 => Crs::Lambert93,
            3857 | 900_913 | 3785 => Crs::WebMercator,
            2975 => Crs::Utm40S,
            5490 | 4559 => Crs::Utm20N,
            2972 => Crs::Utm22N,
            4471 => Crs::Utm38S,
            3163 => Crs::NouvelleCaledonieLambert,
            _ => return None,
        })
    }

    /// The EPSG code (for Antilles UTM 20N, the current RGAF09 one, 5490).
    pub fn epsg(self) -> u32 {
        match self {
            Crs::Wgs84 => 4326,
            Crs::Lambert93 => 2154,
            Crs::WebMercator => 3857,
            Crs::Utm40S => 2975,
            Crs::Utm20N => 5490,
            Crs::Utm22N => 2972,
            Crs::Utm38S => 4471,
            Crs::NouvelleCaledonieLambert => 3163,
        }
    }

    /// The EPSG name of the CRS.
    pub fn name(self) -> &'static str {
        match self {
            Crs::Wgs84 => "WGS 84",
            Crs::Lambert93 => "RGF93 / Lambert-93",
            Crs::WebMercator => "WGS 84 / Pseudo-Mercator",
            Crs::Utm40S => "RGR92 / UTM zone 40S",
            Crs::Utm20N => "RGAF09 / UTM zone 20N",
            Crs::Utm22N => "RGFG95 / UTM zone 22N",
            Crs::Utm38S => "RGM04 / UTM zone 38S",
            Crs::NouvelleCaledonieLambert => "RGNC91-93 / Lambert New Caledonia",
        }
    }

    /// The area of use of the CRS, as the EPSG registry bounds it (onshore and offshore):
    /// [`Crs::to_wgs84`] rejects the points outside, which are almost always the sign of a
    /// source in another CRS than declared, of swapped x and y, or of kilometres.
    pub fn area_of_use(self) -> BoundingBox {
        let (min_lon, min_lat, max_lon, max_lat) = match self {
            Crs::Wgs84 => (-180.0, -90.0, 180.0, 90.0),
            Crs::Lambert93 => (-9.86, 41.15, 10.38, 51.56),
            Crs::WebMercator => (-180.0, -85.06, 180.0, 85.06),
            Crs::Utm40S => (54.0, -24.72, 58.24, -18.28),
            Crs::Utm20N => (-63.66, 14.08, -60.0, 18.31),
            Crs::Utm22N => (-54.0, 2.17, -49.45, 8.88),
            Crs::Utm38S => (43.68, -14.49, 46.7, -11.33),
            Crs::NouvelleCaledonieLambert => (163.54, -22.73, 168.19, -19.5),
        };
        BoundingBox {
            min_lon,
            min_lat,
            max_lon,
            max_lat,
        }
    }

    /// The WGS84 point of `(x, y)` = (easting, northing) in metres (for [`Crs::Wgs84`],
    /// x = longitude and y = latitude in degrees).
    ///
    /// A NaN or infinite coordinate gives [`ProjectionError::NonFinite`]; a point outside
    /// [`Crs::area_of_use`], or one the projection cannot invert,
    /// [`ProjectionError::OutsideArea`]. It never panics. A conversion costs well under a
    /// microsecond in an optimised build once the CRS's first conversion has built its
    /// projection.
    ///
    /// ```
    /// use aiguillage_geo::{Crs, ProjectionError};
    /// // Saint-Denis, La Réunion.
    /// let p = Crs::Utm40S.to_wgs84(338_568.32, 7_690_475.44).unwrap();
    /// assert!((p.lat + 20.8789).abs() < 1e-6 && (p.lon - 55.4481).abs() < 1e-6);
    /// // Lambert-93 coordinates in kilometres land far off France.
    /// assert!(matches!(
    ///     Crs::Lambert93.to_wgs84(652.0, 6_860.9),
    ///     Err(ProjectionError::OutsideArea { .. })
    /// ));
    /// ```
    pub fn to_wgs84(self, x: f64, y: f64) -> Result<LatLon, ProjectionError> {
        if !x.is_finite() || !y.is_finite() {
            return Err(ProjectionError::NonFinite { crs: self, x, y });
        }
        let outside = ProjectionError::OutsideArea { crs: self, x, y };
        let projection = match self {
            Crs::Wgs84 => None,
            Crs::Lambert93 => Some(&*LAMBERT93),
            Crs::WebMercator if x.abs() > WEB_MERCATOR_MAX_X => return Err(outside),
            Crs::WebMercator => Some(&*WEB_MERCATOR),
            Crs::Utm40S => Some(&*UTM40S),
            Crs::Utm20N => Some(&*UTM20N),
            Crs::Utm22N => Some(&*UTM22N),
            Crs::Utm38S => Some(&*UTM38S),
            Crs::NouvelleCaledonieLambert => Some(&*NC_LAMBERT),
        };
        let p = match projection {
            None => LatLon::new(y, x),
            Some(projection) => {
                let mut point = (x, y);
                // proj4rs fails on points off the projection's domain (beyond the pole of
                // a conic, say): those are outside the area of use too.
                proj4rs::transform::transform(projection, &WGS84, &mut point).map_err(|_| outside.clone())?;
                LatLon::new(point.1.to_degrees(), point.0.to_degrees())
            }
        };
        let area = self.area_of_use();
        // Written so that a NaN result fails the test.
        let inside =
            (area.min_lat..=area.max_lat).contains(&p.lat) && (area.min_lon..=area.max_lon).contains(&p.lon);
        if inside {
            Ok(p)
        } else {
            Err(outside)
        }
    }
}

impl fmt::Display for Crs {
    /// The EPSG name and code, as in "RGF93 / Lambert-93 (EPSG:2154)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (EPSG:{})", self.name(), self.epsg())
    }
}

/// Why coordinates could not be converted to WGS84.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ProjectionError {
    /// A coordinate is NaN or infinite.
    #[error("{crs}: coordinates must be finite numbers, got x = {x}, y = {y}")]
    NonFinite {
        /// The CRS the coordinates were given in.
        crs: Crs,
        /// Easting (longitude for WGS84).
        x: f64,
        /// Northing (latitude for WGS84).
        y: f64,
    },
    /// The point falls outside the CRS's area of use ([`Crs::area_of_use`]).
    #[error(
        "{crs}: x = {x}, y = {y} is outside its area of use \
         (latitude {} to {}, longitude {} to {})",
        .crs.area_of_use().min_lat,
        .crs.area_of_use().max_lat,
        .crs.area_of_use().min_lon,
        .crs.area_of_use().max_lon
    )]
    OutsideArea {
        /// The CRS the coordinates were given in.
        crs: Crs,
        /// Easting (longitude for WGS84).
        x: f64,
        /// Northing (latitude for WGS84).
        y: f64,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (CRS, place, x, y, expected lat, expected lon). The x/y are the forward projection
    /// of the place's coordinates rounded to the centimetre, and the expected WGS84 is
    /// their inverse, both computed with PROJ 9.5.1 through pyproj 3.7.2
    /// (`Transformer.from_crs(epsg, 4326, always_xy=True)`, which applies the null EPSG
    /// transformations of these frames to WGS84).
    const REFERENCE: [(Crs, &str, f64, f64, f64, f64); 13] = [
        (
            Crs::Lambert93,
            "Panthéon, Paris",
            652011.88,
            6860882.57,
            48.846200040,
            2.346099977,
        ),
        (
            Crs::Lambert93,
            "Notre-Dame de Paris",
            652296.94,
            6861631.91,
            48.852959992,
            2.349900047,
        ),
        (
            Crs::Lambert93,
            "Brest",
            146632.98,
            6836262.33,
            48.390400031,
            -4.486099984,
        ),
        (
            Crs::Lambert93,
            "Strasbourg cathedral",
            1050218.18,
            6841826.45,
            48.581800011,
            7.750900028,
        ),
        (
            Crs::Lambert93,
            "Ajaccio",
            1176667.56,
            6108273.28,
            41.919199970,
            8.738599980,
        ),
        (
            Crs::WebMercator,
            "Paris",
            261845.71,
            6250564.35,
            48.856600003,
            2.352200034,
        ),
        (
            Crs::WebMercator,
            "Nouméa",
            18530019.80,
            -2544670.69,
            -22.275800024,
            166.458000014,
        ),
        (
            Crs::Utm40S,
            "Saint-Denis, La Réunion",
            338568.32,
            7690475.44,
            -20.878899970,
            55.448100048,
        ),
        (
            Crs::Utm20N,
            "Pointe-à-Pitre",
            656770.90,
            1796166.18,
            16.241100037,
            -61.533099975,
        ),
        (
            Crs::Utm20N,
            "Fort-de-France",
            709096.32,
            1616759.73,
            14.616099971,
            -61.058799962,
        ),
        (
            Crs::Utm22N,
            "Cayenne",
            352980.20,
            545868.92,
            4.937199978,
            -52.326000042,
        ),
        (
            Crs::Utm38S,
            "Mamoudzou",
            524735.37,
            8587115.81,
            -12.780600014,
            45.227899956,
        ),
        (
            Crs::NouvelleCaledonieLambert,
            "Nouméa",
            447201.34,
            214033.90,
            -22.275799994,
            166.458000010,
        ),
    ];

    #[test]
    fn matches_proj_on_reference_points() {
        let mut worst = 0.0_f64;
        for (crs, place, x, y, lat, lon) in REFERENCE {
            let p = crs.to_wgs84(x, y).unwrap_or_else(|e| panic!("{place}: {e}"));
            let error = (p.lat - lat).abs().max((p.lon - lon).abs());
            assert!(error < 1e-6, "{place} in {crs}: {p:?}, off by {error:e}°");
            worst = worst.max(error);
        }
        // The expected values carry nine decimals, so rounding alone leaves 5e-10°: proj4rs
        // reproduces PROJ to that, far below the 1e-6° asked.
        assert!(worst < 1e-8, "worst error {worst:e}°");
    }

    #[test]
    fn every_crs_has_a_reference_point_or_is_wgs84() {
        for crs in Crs::ALL {
            assert!(crs == Crs::Wgs84 || REFERENCE.iter().any(|r| r.0 == crs), "{crs}");
        }
    }

    /// The first row of the Maine-et-Loire source (Allonnes, 49650), whose x/y are
    /// Lambert-93 with comma decimals "475198,121680863" / "6692424,50691385".
    #[test]
    fn maine_et_loire_first_row_lands_in_allonnes() {
        let p = Crs::Lambert93
            .to_wgs84(475_198.121_680_863, 6_692_424.506_913_85)
            .unwrap();
        // PROJ 9.5.1 via pyproj gives 47.294016025, 0.024660206.
        let expected = LatLon::new(47.294_016_025, 0.024_660_206);
        assert!(crate::haversine_m(p, expected) < 1_000.0, "{p:?}");
        assert!((p.lat - expected.lat).abs() < 1e-6 && (p.lon - expected.lon).abs() < 1e-6);
    }

    #[test]
    fn wgs84_is_taken_as_lon_lat() {
        assert_eq!(
            Crs::Wgs84.to_wgs84(-4.4861, 48.3904),
            Ok(LatLon::new(48.3904, -4.4861))
        );
        assert!(Crs::Wgs84.to_wgs84(48.3904, -94.4861).is_err());
        assert!(Crs::Wgs84.to_wgs84(180.5, 0.0).is_err());
    }

    #[test]
    fn non_finite_input_is_an_error() {
        for crs in Crs::ALL {
            for (x, y) in [
                (f64::NAN, 0.0),
                (0.0, f64::NAN),
                (f64::INFINITY, 6_600_000.0),
                (700_000.0, f64::NEG_INFINITY),
            ] {
                assert!(
                    matches!(crs.to_wgs84(x, y), Err(ProjectionError::NonFinite { .. })),
                    "{crs} {x} {y}"
                );
            }
        }
    }

    #[test]
    fn out_of_area_input_is_an_error() {
        let cases = [
            // Kilometres instead of metres.
            (Crs::Lambert93, 652.0, 6_860.9),
            // Swapped x and y.
            (Crs::Lambert93, 6_860_882.57, 652_011.88),
            // Lambert II étendu (EPSG:27572) coordinates of Paris taken for Lambert-93:
            // 5.2 million metres too far south, in the Sahara.
            (Crs::Lambert93, 600_000.0, 2_430_000.0),
            // Mainland Lambert-93 given as La Réunion UTM.
            (Crs::Utm40S, 652_011.88, 6_860_882.57),
            (Crs::Utm20N, 0.0, 0.0),
            (Crs::Utm22N, 352_980.20, -545_868.92),
            (Crs::Utm38S, 1e12, 1e12),
            (Crs::NouvelleCaledonieLambert, 652_011.88, 6_860_882.57),
            // Beyond the antimeridian of the Web Mercator plane, and beyond 85.06°N.
            (Crs::WebMercator, 2.1e7, 0.0),
            (Crs::WebMercator, 0.0, 2.1e7),
            (Crs::Wgs84, 0.0, 90.5),
        ];
        for (crs, x, y) in cases {
            assert_eq!(
                crs.to_wgs84(x, y),
                Err(ProjectionError::OutsideArea { crs, x, y }),
                "{crs} {x} {y}"
            );
        }
    }

    #[test]
    fn error_messages_name_the_crs_and_the_numbers() {
        let e = Crs::Lambert93.to_wgs84(652.0, 6_860.9).unwrap_err();
        assert_eq!(
            e.to_string(),
            "RGF93 / Lambert-93 (EPSG:2154): x = 652, y = 6860.9 is outside its area of use \
             (latitude 41.15 to 51.56, longitude -9.86 to 10.38)"
        );
        let e = Crs::Utm40S.to_wgs84(f64::NAN, 1.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "RGR92 / UTM zone 40S (EPSG:2975): coordinates must be finite numbers, got x = NaN, y = 1"
        );
    }

    #[test]
    fn parses_codes_and_names() {
        for crs in Crs::ALL {
            let code = crs.epsg();
            assert_eq!(Crs::from_epsg(code), Some(crs));
            for s in [
                format!("EPSG:{code}"),
                format!("epsg:{code}"),
                format!("{code}"),
                format!(" EPSG::{code} "),
                format!("urn:ogc:def:crs:EPSG::{code}"),
                crs.name().to_owned(),
                crs.name().to_uppercase(),
                crs.to_string().replace(&format!(" (EPSG:{code})"), ""),
            ] {
                assert_eq!(Crs::parse(&s), Some(crs), "{s:?}");
            }
        }
        for (s, crs) in [
            ("lambert93", Crs::Lambert93),
            ("Lambert-93", Crs::Lambert93),
            ("Lambert 93", Crs::Lambert93),
            ("wgs84", Crs::Wgs84),
            ("WGS 84", Crs::Wgs84),
            ("urn:ogc:def:crs:OGC:1.3:CRS84", Crs::Wgs84),
            ("EPSG:4559", Crs::Utm20N),
            ("900913", Crs::WebMercator),
            ("Pseudo-Mercator", Crs::WebMercator),
            ("UTM 22N", Crs::Utm22N),
            ("Lambert New Caledonia", Crs::NouvelleCaledonieLambert),
        ] {
            assert_eq!(Crs::parse(s), Some(crs), "{s:?}");
        }
        for s in [
            "",
            "EPSG:",
            "EPSG:27572",
            "lambert",
            "2154.0",
            "-2154",
            "EPSG:99999999999",
        ] {
            assert_eq!(Crs::parse(s), None, "{s:?}");
        }
    }

    /// A rough speed check, not run by default: `cargo test --release -p aiguillage-geo
    /// projection::tests::time_50_000 -- --ignored --nocapture`.
    #[test]
    #[ignore = "prints a timing; run by hand"]
    fn time_50_000() {
        let start = std::time::Instant::now();
        let mut sum = 0.0;
        for i in 0..50_000 {
            let d = f64::from(i);
            let p = Crs::Lambert93
                .to_wgs84(300_000.0 + d * 10.0, 6_300_000.0 + d * 5.0)
                .unwrap();
            sum += p.lat;
        }
        let elapsed = start.elapsed();
        println!("50,000 Lambert-93 conversions: {elapsed:?} (checksum {sum})");
    }

    proptest! {
        #[test]
        fn finite_input_never_panics(
            crs in prop::sample::select(Crs::ALL.to_vec()),
            x in prop::num::f64::NORMAL | prop::num::f64::ZERO | prop::num::f64::SUBNORMAL,
            y in prop::num::f64::NORMAL | prop::num::f64::ZERO | prop::num::f64::SUBNORMAL,
        ) {
            if let Ok(p) = crs.to_wgs84(x, y) {
                let area = crs.area_of_use();
                prop_assert!(p.lat >= area.min_lat && p.lat <= area.max_lat);
                prop_assert!(p.lon >= area.min_lon && p.lon <= area.max_lon);
            }
        }

        #[test]
        fn plausible_metres_never_panic(
            crs in prop::sample::select(Crs::ALL.to_vec()),
            x in -3e7..3e7_f64,
            y in -3e7..3e7_f64,
        ) {
            let _ = crs.to_wgs84(x, y);
        }
    }
}
