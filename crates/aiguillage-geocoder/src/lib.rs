//! Client of a BAN-compatible geocoder: the public French address API
//! (`https://api-adresse.data.gouv.fr`, also served at `https://data.geopf.fr/geocodage`) or a
//! self-hosted [addok](https://addok.readthedocs.io).
//!
//! Both expose `GET {base}/search/?q=…&limit=…` and `GET {base}/reverse/?lat=…&lon=…`, answering a
//! GeoJSON `FeatureCollection` whose features carry a `Point` (`[lon, lat]`) and properties such as
//! `label`, `score`, `type`, `postcode`, `citycode` and `city`. This crate turns those answers into
//! [`Address`]es and every failure into a [`GeocoderError`]: it never panics, whatever the input
//! or the server's answer.
//!
//! Requests are bounded: 2 s to connect and 5 s in all by default ([`Geocoder::with_timeout`]
//! changes the total), and answers larger than 2 MiB are refused.
//!
//! ```no_run
//! use aiguillage_geocoder::{Geocoder, GeocoderError};
//!
//! async fn demo() -> Result<(), GeocoderError> {
//!     let geocoder = Geocoder::new("https://api-adresse.data.gouv.fr")?;
//!     for address in geocoder.search("8 boulevard du Port Amiens", 5).await? {
//!         println!("{} ({}, {}), score {:?}", address.label, address.lat, address.lon, address.score);
//!     }
//!     if let Some(address) = geocoder.reverse(48.3904, -4.4861).await? {
//!         println!("nearest address: {}", address.label);
//!     }
//!     Ok(())
//! }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod parse;

use std::time::Duration;

use serde::Serialize;
use url::Url;

/// Time allowed to open the TCP (and TLS) connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// Default time allowed for a whole request, from connecting to the last byte of the answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// Queries shorter than this (in characters, once trimmed) are not sent: the public API rejects
/// them with HTTP 400.
pub const MIN_QUERY_CHARS: usize = 3;
/// Queries are cut to this many characters, the most the public API accepts.
pub const MAX_QUERY_CHARS: usize = 200;
/// The largest `limit` sent; smaller values are raised to 1.
pub const MAX_LIMIT: usize = 20;
/// The largest answer read. A page of [`MAX_LIMIT`] results is a few tens of kilobytes; the cap
/// keeps a broken or hostile server from making us buffer gigabytes.
pub const MAX_ANSWER_BYTES: usize = 2 * 1024 * 1024;

/// Longest total timeout accepted by [`Geocoder::with_timeout`]; longer ones are shortened to it
/// so that no deadline computation can overflow.
const MAX_TIMEOUT: Duration = Duration::from_secs(3600);

const USER_AGENT: &str = concat!("aiguillage/", env!("CARGO_PKG_VERSION"));

/// An address found by the geocoder. Serialises with these field names (`kind`, not BAN's `type`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Address {
    /// Full label, such as `8 Boulevard du Port 80000 Amiens`.
    pub label: String,
    /// Latitude in degrees (WGS 84), within −90..=90.
    pub lat: f64,
    /// Longitude in degrees (WGS 84), within −180..=180.
    pub lon: f64,
    /// Relevance between 0 and 1 given by the geocoder, when it gives one (reverse answers may not).
    pub score: Option<f64>,
    /// The BAN `type`: `housenumber`, `street`, `locality` or `municipality`.
    pub kind: Option<String>,
    /// Postcode, such as `29200`.
    pub postcode: Option<String>,
    /// INSEE code of the commune, such as `29019`.
    pub citycode: Option<String>,
    /// Name of the commune, such as `Brest`.
    pub city: Option<String>,
}

/// Why a geocoder request failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GeocoderError {
    /// The base URL given to [`Geocoder::new`] is unusable; the text says which URL and why.
    #[error("invalid geocoder base URL {0}")]
    InvalidUrl(String),
    /// No answer was obtained: connection refused, DNS failure, TLS failure or timeout. The text
    /// names the endpoint (never the query, which may be someone's address) and the cause.
    #[error("geocoder unreachable: {0}")]
    Unreachable(String),
    /// The geocoder answered with this HTTP status instead of success.
    #[error("geocoder answered with HTTP status {0}{reason}", reason = status_reason(*.0))]
    Status(u16),
    /// The answer is not a GeoJSON feature collection this crate can read; the text says why.
    #[error("geocoder answer is malformed: {0}")]
    Malformed(String),
}

/// ` (Not Found)` for a status with a standard reason phrase, nothing otherwise.
fn status_reason(code: u16) -> String {
    reqwest::StatusCode::from_u16(code)
        .ok()
        .and_then(|status| status.canonical_reason())
        .map(|reason| format!(" ({reason})"))
        .unwrap_or_default()
}

/// A client of one BAN-compatible geocoder. Cloning is cheap and clones share connections.
#[derive(Debug, Clone)]
pub struct Geocoder {
    client: reqwest::Client,
    base: Url,
    timeout: Duration,
}

impl Geocoder {
    /// A client of the geocoder at `base`, such as `https://api-adresse.data.gouv.fr` or
    /// `http://localhost:7878` (with or without a trailing slash or `/search`).
    ///
    /// Only `http` and `https` URLs with a host and without query or fragment are accepted. No
    /// request is made here.
    pub fn new(base: &str) -> Result<Geocoder, GeocoderError> {
        let base = normalise_base(base)?;
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            // Only fails when the TLS backend cannot be set up, which leaves no way to reach it.
            .map_err(|e| GeocoderError::Unreachable(format!("cannot set up the HTTP client: {e}")))?;
        Ok(Geocoder {
            client,
            base,
            timeout: DEFAULT_TIMEOUT,
        })
    }

    /// The same client with another total timeout per request (default [`DEFAULT_TIMEOUT`];
    /// at most one hour). Connecting is still limited to [`CONNECT_TIMEOUT`] when that is shorter.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Geocoder {
        self.timeout = timeout.min(MAX_TIMEOUT);
        self
    }

    /// The total timeout per request.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The base URL as given, normalised: without a trailing `/search` and ending with `/`, such
    /// as `https://api-adresse.data.gouv.fr/`.
    pub fn base(&self) -> &Url {
        &self.base
    }

    /// Addresses matching `query`, best first, as ordered by the geocoder.
    ///
    /// The query is trimmed and cut to [`MAX_QUERY_CHARS`] characters; one shorter than
    /// [`MIN_QUERY_CHARS`] gives `Ok(vec![])` without any request. `limit` is brought within
    /// `1..=`[`MAX_LIMIT`]. Features without a usable point and label are left out.
    pub async fn search(&self, query: &str, limit: usize) -> Result<Vec<Address>, GeocoderError> {
        let Some(query) = prepare_query(query) else {
            return Ok(Vec::new());
        };
        let limit = limit.clamp(1, MAX_LIMIT);
        let mut url = self.endpoint("search/")?;
        url.query_pairs_mut()
            .append_pair("q", query)
            .append_pair("limit", &limit.to_string());
        let answer = self.get_json(url).await?;
        parse::addresses(&answer)
    }

    /// The address nearest to the point, if the geocoder knows one.
    ///
    /// A point with a non-finite or out-of-range coordinate gives `Ok(None)` without any request.
    pub async fn reverse(&self, lat: f64, lon: f64) -> Result<Option<Address>, GeocoderError> {
        if !parse::valid_lat_lon(lat, lon) {
            return Ok(None);
        }
        let mut url = self.endpoint("reverse/")?;
        // `f64`'s `Display` is the shortest exact decimal, never in exponent notation.
        url.query_pairs_mut()
            .append_pair("lat", &lat.to_string())
            .append_pair("lon", &lon.to_string())
            .append_pair("limit", "1");
        let answer = self.get_json(url).await?;
        Ok(parse::addresses(&answer)?.into_iter().next())
    }

    fn endpoint(&self, path: &str) -> Result<Url, GeocoderError> {
        self.base
            .join(path)
            .map_err(|e| GeocoderError::InvalidUrl(format!("{}: cannot append {path:?}: {e}", self.base)))
    }

    /// GETs `url` and parses its answer as JSON, bounded in time and size.
    async fn get_json(&self, url: Url) -> Result<serde_json::Value, GeocoderError> {
        // Errors name the endpoint without the query string: the query may be a person's address
        // and error messages end up in logs.
        let mut endpoint = url.clone();
        endpoint.set_query(None);
        let unreachable = |e: reqwest::Error| GeocoderError::Unreachable(self.describe(&endpoint, e));

        let mut response = self
            .client
            .get(url)
            .timeout(self.timeout)
            .send()
            .await
            .map_err(unreachable)?;
        let status = response.status();
        if !status.is_success() {
            return Err(GeocoderError::Status(status.as_u16()));
        }
        if let Some(length) = response.content_length() {
            if length > MAX_ANSWER_BYTES as u64 {
                return Err(too_large());
            }
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
            if body.len().saturating_add(chunk.len()) > MAX_ANSWER_BYTES {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        serde_json::from_slice(&body).map_err(|e| GeocoderError::Malformed(format!("not JSON: {e}")))
    }

    /// `GET <endpoint>: <cause>`, the cause being the chain of underlying errors.
    fn describe(&self, endpoint: &Url, error: reqwest::Error) -> String {
        if error.is_timeout() {
            return format!(
                "GET {endpoint}: timed out (limits: {CONNECT_TIMEOUT:?} to connect, {:?} in all)",
                self.timeout
            );
        }
        // reqwest's own message repeats the full URL, query included: keep only its causes.
        let error = error.without_url();
        let mut causes = vec![error.to_string()];
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            let text = cause.to_string();
            if causes.last() != Some(&text) {
                causes.push(text);
            }
            source = cause.source();
        }
        format!("GET {endpoint}: {}", causes.join(": "))
    }
}

fn too_large() -> GeocoderError {
    GeocoderError::Malformed(format!("answer larger than {MAX_ANSWER_BYTES} bytes"))
}

/// Checks and normalises a base URL: http(s), with a host, no query or fragment, any trailing
/// `/search` segment removed, ending with `/` so that `join("search/")` appends to it.
fn normalise_base(base: &str) -> Result<Url, GeocoderError> {
    let given = base.trim();
    let invalid = |reason: &str| GeocoderError::InvalidUrl(format!("{given:?}: {reason}"));
    // Without this, `localhost:7878` would parse as scheme `localhost` and get a puzzling message.
    if !given.contains("://") {
        return Err(invalid(
            "expected an absolute URL such as https://api-adresse.data.gouv.fr",
        ));
    }
    let mut url = Url::parse(given).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(&format!(
            "scheme {:?} is not http or https",
            url.scheme()
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("no host"));
    }
    // Rejected rather than dropped: silently losing part of the URL would hide a mistake.
    if url.query().is_some() {
        return Err(invalid("a base URL cannot have a query string"));
    }
    if url.fragment().is_some() {
        return Err(invalid("a base URL cannot have a fragment"));
    }
    let path = url.path().trim_end_matches('/');
    let path = match path.rsplit_once('/') {
        Some((parent, "search")) => parent,
        _ => path,
    };
    let path = format!("{}/", path.trim_end_matches('/'));
    url.set_path(&path);
    Ok(url)
}

/// The query as sent, or `None` when it is too short to be worth a request.
fn prepare_query(query: &str) -> Option<&str> {
    let query = query.trim();
    let query = match query.char_indices().nth(MAX_QUERY_CHARS) {
        Some((end, _)) => query[..end].trim_end(),
        None => query,
    };
    (query.chars().count() >= MIN_QUERY_CHARS).then_some(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_are_normalised() {
        for (given, expected) in [
            (
                "https://api-adresse.data.gouv.fr",
                "https://api-adresse.data.gouv.fr/",
            ),
            (
                "https://api-adresse.data.gouv.fr/",
                "https://api-adresse.data.gouv.fr/",
            ),
            (
                "https://api-adresse.data.gouv.fr/search",
                "https://api-adresse.data.gouv.fr/",
            ),
            (
                "  https://api-adresse.data.gouv.fr/search/ ",
                "https://api-adresse.data.gouv.fr/",
            ),
            (
                "https://data.geopf.fr/geocodage/search",
                "https://data.geopf.fr/geocodage/",
            ),
            (
                "https://data.geopf.fr/geocodage",
                "https://data.geopf.fr/geocodage/",
            ),
            ("http://localhost:7878//search//", "http://localhost:7878/"),
            (
                "http://localhost:7878/research",
                "http://localhost:7878/research/",
            ),
        ] {
            assert_eq!(normalise_base(given).unwrap().as_str(), expected, "{given}");
        }
    }

    #[test]
    fn bad_bases_are_rejected() {
        for given in [
            "",
            "   ",
            "api-adresse.data.gouv.fr",
            "ftp://example.org",
            "file:///tmp",
            "http://",
            "http://x/?q=a",
            "http://x/#f",
            "mailto:a@b.fr",
        ] {
            let error = normalise_base(given).unwrap_err();
            assert!(matches!(error, GeocoderError::InvalidUrl(_)), "{given}: {error}");
        }
    }

    #[test]
    fn queries_are_trimmed_and_cut() {
        assert_eq!(prepare_query(""), None);
        assert_eq!(prepare_query(" \t\n "), None);
        assert_eq!(prepare_query(" ab "), None);
        assert_eq!(prepare_query(" é ô "), Some("é ô"));
        assert_eq!(prepare_query("  8 bd du Port "), Some("8 bd du Port"));
        let long = "é".repeat(250);
        assert_eq!(
            prepare_query(&long).map(|q| q.chars().count()),
            Some(MAX_QUERY_CHARS)
        );
        // Cutting can leave trailing spaces, which are trimmed, and so a too short query.
        let spaced = format!("ab{}cd", " ".repeat(MAX_QUERY_CHARS));
        assert_eq!(prepare_query(&spaced), None);
    }

    #[test]
    fn status_messages_have_reasons() {
        assert_eq!(
            GeocoderError::Status(500).to_string(),
            "geocoder answered with HTTP status 500 (Internal Server Error)"
        );
        assert_eq!(
            GeocoderError::Status(599).to_string(),
            "geocoder answered with HTTP status 599"
        );
    }
}
