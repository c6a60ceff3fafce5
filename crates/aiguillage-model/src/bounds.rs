//! Plausibility of coordinates: France métropolitaine and the overseas territories.

/// A part of France with places of the standard, as a coarse bounding box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    /// Name for messages.
    pub name: &'static str,
    min_lat: f64,
    max_lat: f64,
    min_lon: f64,
    max_lon: f64,
}

impl Region {
    fn contains(&self, lat: f64, lon: f64) -> bool {
        (self.min_lat..=self.max_lat).contains(&lat) && (self.min_lon..=self.max_lon).contains(&lon)
    }
}

const fn region(name: &'static str, lat: (f64, f64), lon: (f64, f64)) -> Region {
    Region {
        name,
        min_lat: lat.0,
        max_lat: lat.1,
        min_lon: lon.0,
        max_lon: lon.1,
    }
}

/// Boxes generous by a few kilometres around each coast: they catch swapped or zeroed
/// coordinates and wrong hemispheres, not small geocoding errors.
const REGIONS: [Region; 9] = [
    region("France métropolitaine", (41.2, 51.2), (-5.3, 9.7)),
    region("Antilles", (14.3, 18.2), (-63.2, -60.7)),
    region("Guyane", (2.0, 6.0), (-54.7, -51.5)),
    region("La Réunion", (-21.5, -20.8), (55.1, 56.0)),
    region("Mayotte", (-13.1, -12.5), (44.9, 45.4)),
    region("Saint-Pierre-et-Miquelon", (46.7, 47.2), (-56.5, -56.0)),
    region("Nouvelle-Calédonie", (-23.0, -19.0), (163.5, 168.5)),
    region("Polynésie française", (-28.0, -7.0), (-155.0, -134.0)),
    region("Wallis-et-Futuna", (-14.5, -13.0), (-178.3, -176.0)),
];

/// The part of France whose box holds the point, if any.
///
/// ```
/// use aiguillage_model::plausible_region;
/// assert_eq!(plausible_region(48.39, -4.49).unwrap().name, "France métropolitaine");
/// assert_eq!(plausible_region(-21.0, 55.5).unwrap().name, "La Réunion");
/// assert!(plausible_region(-4.49, 48.39).is_none());
/// ```
pub fn plausible_region(lat: f64, lon: f64) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.contains(lat, lon))
}

/// The part of France a postcode belongs to: its overseas prefix (971 to 988), else
/// France métropolitaine (Corsica's 20 included).
///
/// ```
/// use aiguillage_model::postcode_region;
/// assert_eq!(postcode_region("97440").name, "La Réunion");
/// assert_eq!(postcode_region("20000").name, "France métropolitaine");
/// ```
pub fn postcode_region(code_postal: &str) -> &'static Region {
    let index = match code_postal.get(..3).unwrap_or_default() {
        // Guadeloupe, Martinique, Saint-Barthélemy, Saint-Martin.
        "971" | "972" | "977" | "978" => 1,
        "973" => 2,
        "974" => 3,
        "976" => 4,
        "975" => 5,
        "988" => 6,
        "987" => 7,
        "986" => 8,
        _ => 0,
    };
    &REGIONS[index]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overseas_capitals_are_plausible() {
        for (lat, lon) in [
            (16.24, -61.53),   // Pointe-à-Pitre
            (14.60, -61.07),   // Fort-de-France
            (4.93, -52.33),    // Cayenne
            (-12.78, 45.23),   // Mamoudzou
            (46.78, -56.17),   // Saint-Pierre
            (-22.27, 166.44),  // Nouméa
            (-17.53, -149.56), // Papeete
            (-13.28, -176.17), // Mata-Utu
            (41.92, 8.74),     // Ajaccio
        ] {
            assert!(plausible_region(lat, lon).is_some(), "{lat},{lon}");
        }
    }

    #[test]
    fn every_postcode_region_holds_its_capital() {
        for (code_postal, lat, lon) in [
            ("97110", 16.24, -61.53),
            ("97200", 14.60, -61.07),
            ("97300", 4.93, -52.33),
            ("97400", -20.88, 55.45),
            ("97600", -12.78, 45.23),
            ("97500", 46.78, -56.17),
            ("98800", -22.27, 166.44),
            ("98714", -17.53, -149.56),
            ("98600", -13.28, -176.17),
            ("20000", 41.92, 8.74),
            ("29200", 48.39, -4.49),
        ] {
            assert!(postcode_region(code_postal).contains(lat, lon), "{code_postal}");
        }
    }

    #[test]
    fn null_island_is_not() {
        assert!(plausible_region(0.0, 0.0).is_none());
    }
}
