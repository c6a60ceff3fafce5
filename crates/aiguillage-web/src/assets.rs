//! Static assets embedded at build time and served under `/assets/`.
//!
//! Leaflet 1.9.4 and Leaflet.markercluster 1.5.3 come from `web/vendor` (copied from the npm
//! packages pinned by `web/package-lock.json` by `scripts/update-web-deps.sh`), the pages' own
//! script and style from `web/src`; `build.rs` lists them. Leaflet's images are under
//! `images/`, where `leaflet.css` looks for them.
//!
//! Each asset carries a hash of its content: pages link to [`url()`], which adds it as a query,
//! so the server can let browsers cache the file for a year and a new build is fetched anew.

/// A file served under `/assets/`.
#[derive(Debug)]
pub struct Asset {
    /// Its name under `/assets/`, e.g. `leaflet.js` or `images/layers.png`.
    pub name: &'static str,
    /// The `Content-Type` to serve it with, e.g. `text/css; charset=utf-8`.
    pub content_type: &'static str,
    /// Its content.
    pub bytes: &'static [u8],
    /// The first 16 hex digits of the SHA-256 of its content.
    pub hash: &'static str,
}

/// Every asset, sorted by name (`build.rs` writes them in that order).
static ASSETS: &[Asset] = &include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The asset called `name` (without the `/assets/` prefix), if it is embedded.
pub fn get(name: &str) -> Option<&'static Asset> {
    ASSETS
        .binary_search_by(|asset| asset.name.cmp(name))
        .ok()
        .map(|i| &ASSETS[i])
}

/// Every embedded asset, sorted by name.
pub fn all() -> &'static [Asset] {
    ASSETS
}

/// The URL of an embedded asset with its content hash as a cache-busting query:
/// `/assets/leaflet.js?v=0123456789abcdef`.
///
/// # Panics
///
/// If `name` is not embedded: names are compile-time constants of the pages, and a unit test
/// checks every name the pages use.
pub fn url(name: &str) -> String {
    match get(name) {
        Some(asset) => format!("/assets/{}?v={}", asset.name, asset.hash),
        None => panic!("no embedded asset is called {name:?}"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// What the pages and Leaflet's stylesheet load.
    const EXPECTED: [&str; 13] = [
        "leaflet.js",
        "leaflet.css",
        "images/marker-icon.png",
        "images/marker-icon-2x.png",
        "images/marker-shadow.png",
        "images/layers.png",
        "images/layers-2x.png",
        "leaflet.markercluster.js",
        "MarkerCluster.css",
        "MarkerCluster.Default.css",
        "app.js",
        "app.css",
        "place.js",
    ];

    #[test]
    fn every_expected_asset_is_embedded() {
        for name in EXPECTED {
            let asset = get(name).unwrap_or_else(|| panic!("{name} is not embedded"));
            assert_eq!(asset.name, name);
            assert!(!asset.bytes.is_empty(), "{name} is empty");
            assert_eq!(asset.hash.len(), 16, "{name}");
            assert!(asset
                .hash
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        }
        assert!(all().len() >= EXPECTED.len());
        assert!(
            all().windows(2).all(|w| w[0].name < w[1].name),
            "sorted, without duplicates"
        );
        assert!(get("missing.js").is_none());
        assert!(get("").is_none());
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(
            get("leaflet.js").unwrap().content_type,
            "text/javascript; charset=utf-8"
        );
        assert_eq!(get("app.css").unwrap().content_type, "text/css; charset=utf-8");
        assert_eq!(get("images/layers.png").unwrap().content_type, "image/png");
        assert!(get("images/layers.png").unwrap().bytes.starts_with(b"\x89PNG"));
        for asset in all() {
            let extension = asset.name.rsplit_once('.').map(|(_, e)| e);
            let expected = match extension {
                Some("js") => "text/javascript; charset=utf-8",
                Some("css") => "text/css; charset=utf-8",
                Some("png") => "image/png",
                Some("svg") => "image/svg+xml",
                _ => panic!("{} has an unexpected type", asset.name),
            };
            assert_eq!(asset.content_type, expected, "{}", asset.name);
        }
    }

    #[test]
    fn leaflet_css_finds_its_images() {
        let css = std::str::from_utf8(get("leaflet.css").unwrap().bytes).unwrap();
        for image in ["layers.png", "layers-2x.png", "marker-icon.png"] {
            assert!(css.contains(&format!("images/{image}")), "{image}");
        }
    }

    #[test]
    fn hashes_differ() {
        let hashes: HashSet<&str> = all().iter().map(|a| a.hash).collect();
        assert_eq!(hashes.len(), all().len());
    }

    #[test]
    fn urls_carry_the_hash() {
        let asset = get("leaflet.js").unwrap();
        assert_eq!(url("leaflet.js"), format!("/assets/leaflet.js?v={}", asset.hash));
        let image = url("images/marker-icon.png");
        assert!(image.starts_with("/assets/images/marker-icon.png?v="), "{image}");
        assert_eq!(image.len(), "/assets/images/marker-icon.png?v=".len() + 16);
    }

    #[test]
    #[should_panic(expected = "no embedded asset")]
    fn url_of_an_unknown_asset_panics() {
        url("nope.js");
    }
}
