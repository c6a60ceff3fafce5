//! Errors of the crate.

use std::path::PathBuf;

/// What can go wrong when building territories or reading their boundaries.
///
/// Problems with single features of a boundary file are not errors: they are listed in
/// [`BoundaryFile::rejected`](crate::BoundaryFile::rejected) and the other features are kept.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TerritoryError {
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A boundary file is not JSON, or not a GeoJSON FeatureCollection.
    #[error("{}:{line}: {message}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Administrative tables given to [`Admin::from_tables`](crate::Admin::from_tables) are
    /// inconsistent (duplicate code, reference to a missing territory…).
    #[error("invalid administrative tables: {0}")]
    Tables(String),
    /// A geometry given as GeoJSON text (a stored boundary) is not a (Multi)Polygon.
    #[error("boundary {level} {code} is unreadable: {reason}")]
    Geometry {
        /// Level of the territory.
        level: String,
        /// Code of the territory.
        code: String,
        /// Why.
        reason: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_line() {
        let e = TerritoryError::Json {
            path: "a/b.geojson".into(),
            line: 3,
            message: "expected a GeoJSON FeatureCollection".into(),
        };
        assert_eq!(
            e.to_string(),
            "a/b.geojson:3: expected a GeoJSON FeatureCollection"
        );
        let e = TerritoryError::Io {
            path: "missing.geojson".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not found"),
        };
        assert_eq!(e.to_string(), "missing.geojson: not found");
        assert!(std::error::Error::source(&e).is_some());
    }
}
