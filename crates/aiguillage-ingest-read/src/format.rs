//! File formats.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// A file format of the standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// CSV with a header of standard field names; `,` or `;` delimited.
    Csv,
    /// A JSON array of standard objects.
    Json,
    /// A GeoJSON FeatureCollection of Points with standard properties.
    GeoJson,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 3] = [Format::Csv, Format::Json, Format::GeoJson];

    /// The format of a file: from its extension when it names one, else from its content
    /// (a JSON object is taken as GeoJSON, a JSON array as JSON, anything else as CSV).
    ///
    /// ```
    /// use aiguillage_ingest_read::Format;
    /// use std::path::Path;
    /// assert_eq!(Format::detect(Path::new("lieux.geojson"), b"{}"), Format::GeoJson);
    /// assert_eq!(Format::detect(Path::new("export"), b"\xef\xbb\xbf [ ]"), Format::Json);
    /// assert_eq!(Format::detect(Path::new("export.txt"), b"id;nom"), Format::Csv);
    /// ```
    pub fn detect(path: &Path, content: &[u8]) -> Format {
        let by_extension = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(|e| e.parse::<Format>().ok());
        let first = content
            .strip_prefix(b"\xef\xbb\xbf")
            .unwrap_or(content)
            .iter()
            .find(|b| !b.is_ascii_whitespace());
        match (by_extension, first) {
            // `.json` files holding a FeatureCollection are common.
            (Some(Format::Json), Some(b'{')) => Format::GeoJson,
            (Some(f), _) => f,
            (None, Some(b'[')) => Format::Json,
            (None, Some(b'{')) => Format::GeoJson,
            (None, _) => Format::Csv,
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::GeoJson => "geojson",
        }
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "csv" | "tsv" | "txt" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            "geojson" => Ok(Format::GeoJson),
            other => Err(format!("unknown format « {other} » (csv, json or geojson)")),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}
