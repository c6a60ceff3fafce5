//! Small pieces of French wording shared by the pages.

/// The background map: a tile URL template (`{z}/{x}/{y}`, optionally `{s}`) and the
/// attribution its licence requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapSettings {
    /// Tile URL template, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`.
    pub tile_url: String,
    /// Attribution shown on the map (plain text).
    pub attribution: String,
}

impl Default for MapSettings {
    fn default() -> Self {
        MapSettings {
            tile_url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".to_owned(),
            attribution: "© les contributeurs d'OpenStreetMap".to_owned(),
        }
    }
}

impl MapSettings {
    /// The origin tiles are loaded from, as a CSP source: `https://tile.openstreetmap.org`, or
    /// `https://*.tile.example.org` for a `{s}` subdomain template; `None` for a relative URL.
    pub fn tile_source(&self) -> Option<String> {
        let (scheme, rest) = self.tile_url.split_once("://")?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if !matches!(scheme, "http" | "https") || host.is_empty() {
            return None;
        }
        let host = match host.split_once('.') {
            // A subdomain placeholder (`{s}`) or any other template in the first label.
            Some((first, domain)) if first.contains('{') => format!("*.{domain}"),
            _ => host.to_owned(),
        };
        // Only characters of a host and port: nothing that could end the directive.
        host.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '*' | '[' | ']'))
            .then(|| format!("{scheme}://{host}"))
    }
}

/// The Content-Security-Policy of the pages: scripts, styles and requests to this site only
/// (inline styles are allowed for Leaflet's positioning; no inline script), images from this
/// site and the tile server.
///
/// ```
/// use aiguillage_web::pages::{content_security_policy, MapSettings};
/// let policy = content_security_policy(&MapSettings::default());
/// assert!(policy.contains("script-src 'self';"));
/// assert!(policy.contains("img-src 'self' data: https://tile.openstreetmap.org;"));
/// ```
pub fn content_security_policy(map: &MapSettings) -> String {
    let tiles = map.tile_source().map(|s| format!(" {s}")).unwrap_or_default();
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:{tiles}; \
         connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// A distance as people say it: "350 m", "1,2 km", "12 km".
///
/// ```
/// assert_eq!(aiguillage_web::pages::distance(347.0), "350 m");
/// assert_eq!(aiguillage_web::pages::distance(1_234.0), "1,2 km");
/// assert_eq!(aiguillage_web::pages::distance(12_345.0), "12 km");
/// ```
pub fn distance(metres: f64) -> String {
    if !metres.is_finite() || metres < 0.0 {
        return String::new();
    }
    if metres < 995.0 {
        // Tens of metres: finer is beyond the precision of a geocoded address.
        let rounded = ((metres / 10.0).round() * 10.0) as u64;
        return format!("{} m", rounded.max(10));
    }
    let km = metres / 1000.0;
    if km < 9.95 {
        format!("{:.1} km", km).replace('.', ",")
    } else {
        format!("{} km", km.round() as u64)
    }
}

/// The French name of a `typologie` code of the data·inclusion vocabulary that the standard
/// refers to; other codes are shown as written.
pub(crate) fn typologie(code: &str) -> &str {
    match code {
        "ASSO" => "Association",
        "BIB" => "Bibliothèque, médiathèque",
        "CAF" => "Caisse d'allocations familiales",
        "CCAS" => "Centre communal d'action sociale",
        "CIAS" => "Centre intercommunal d'action sociale",
        "CS" => "Centre social",
        "CD" | "DEPT" => "Département",
        "EPCI" | "CC" => "Intercommunalité",
        "FS" | "MSAP" => "France Services",
        "MDS" => "Maison départementale des solidarités",
        "MJC" => "Maison des jeunes et de la culture",
        "ML" => "Mission locale",
        "MQ" => "Maison de quartier",
        "MUNI" | "COMMUNE" => "Mairie",
        "PE" | "FT" => "France Travail",
        "PIJ_BIJ" => "Point information jeunesse",
        "PIMMS" => "Point d'information médiation multi-services",
        "MSA" => "Mutualité sociale agricole",
        "TIERS_LIEUX" => "Tiers-lieu",
        "UDAF" => "Union départementale des associations familiales",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance(0.0), "10 m");
        assert_eq!(distance(994.0), "990 m");
        assert_eq!(distance(996.0), "1,0 km");
        assert_eq!(distance(9_949.0), "9,9 km");
        assert_eq!(distance(f64::NAN), "");
    }

    #[test]
    fn telephones() {
        use aiguillage_model::written_as_in_france as telephone;
        assert_eq!(telephone("+33298721554"), "02 98 72 15 54");
        assert_eq!(telephone("+590590123456"), "+590590123456");
    }

    #[test]
    fn tile_sources() {
        let source = |url: &str| {
            MapSettings {
                tile_url: url.to_owned(),
                attribution: String::new(),
            }
            .tile_source()
        };
        assert_eq!(
            source("https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png").as_deref(),
            Some("https://*.tile.openstreetmap.fr")
        );
        assert_eq!(
            source("http://localhost:8081/{z}/{x}/{y}.png").as_deref(),
            Some("http://localhost:8081")
        );
        assert_eq!(source("/tuiles/{z}/{x}/{y}.png"), None);
        assert_eq!(source("https://a.org;script-src *; x/{z}"), None);
        assert_eq!(source("javascript://x/{z}"), None);
    }

    #[test]
    fn typologies() {
        assert_eq!(typologie("BIB"), "Bibliothèque, médiathèque");
        assert_eq!(typologie("XYZ"), "XYZ");
    }
}
