//! The rows of a file, before validation.

use aiguillage_model::{ApproximatePosition, LineCounter, Problem, RawRecord};

use crate::{csv, json, Format, LineProblem, ReadError};

/// One row of a file, not yet validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    /// 1-based line where the row starts.
    pub line: u64,
    /// The 1-based index of the GeoJSON Feature the row comes from: a minified file holds
    /// every feature on line 1, so the import names the feature in each of its problems.
    pub feature: Option<u64>,
    /// The standard fields found in the row; `None` when the row cannot be mapped onto
    /// fields at all (wrong number of CSV columns, a JSON value that is not an object).
    pub record: Option<RawRecord>,
    /// Problems of the row's shape (wrong column count, non-text values…): errors here
    /// reject the row whatever its fields say.
    pub problems: Vec<Problem>,
}

/// The rows of a file, and problems about the file as a whole (unknown columns…).
#[derive(Debug, Clone, Default)]
pub struct Rows {
    /// Rows in file order.
    pub rows: Vec<SourceRow>,
    /// Problems not tied to one row.
    pub problems: Vec<LineProblem>,
    /// Positions that are not the source's (geocoded, or a commune's centre, by
    /// `aiguillage-ingest-positions`): stored with the places, as approximate, in the same transaction.
    pub approximate: Vec<ApproximatePosition>,
}

/// Reads `content` in `format`.
pub fn read(content: &[u8], format: Format) -> Result<Rows, ReadError> {
    let text = utf8(content)?;
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    match format {
        Format::Csv => csv::read(text),
        Format::Json => json::read_array(text),
        Format::GeoJson => json::read_feature_collection(text),
    }
}

/// The text without its byte-order mark, or the line of the first invalid byte.
pub(crate) fn utf8(content: &[u8]) -> Result<&str, ReadError> {
    let content = content.strip_prefix(b"\xef\xbb\xbf").unwrap_or(content);
    std::str::from_utf8(content).map_err(|e| ReadError::NotUtf8 {
        line: LineCounter::new(content).line_at(e.valid_up_to() as u64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_its_line() {
        let err = read(b"id,nom\n1,M\xe9diath\xe8que\n", Format::Csv).unwrap_err();
        assert!(matches!(err, ReadError::NotUtf8 { line: 2 }), "{err:?}");
    }

    #[test]
    fn empty_files_are_unreadable() {
        assert!(matches!(
            read(b"\xef\xbb\xbf \n", Format::Csv),
            Err(ReadError::Empty)
        ));
    }
}
