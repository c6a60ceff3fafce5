//! Source files in a hub's own shape (its own column names), as rows of named text cells:
//! what a mapping reads. JSON arrays of objects and CSV files with a header line.

use std::collections::{HashMap, HashSet};

use aiguillage_model::{LineCounter, Problem};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::csv::{csv_error, open};
use crate::json::json_error;
use crate::rows::utf8;
use crate::{Format, ReadError};

/// The rows of a source file, in file order.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Every column name, in the order first seen.
    pub columns: Vec<String>,
    /// Names that a CSV header gives to several columns: cells are read from the first.
    pub duplicate_columns: Vec<String>,
    /// The rows.
    pub rows: Vec<TableRow>,
}

/// One row of a source file.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// 1-based line where the row starts.
    pub line: u64,
    /// Non-blank cells by column name, or why the row has no cells (a JSON item that is not
    /// an object, a CSV line with the wrong number of cells).
    pub cells: Result<HashMap<String, String>, Problem>,
}

/// Reads a source file in `format` (JSON or CSV; GeoJSON sources are read by `import`
/// without a mapping).
///
/// ```
/// use aiguillage_ingest_read::{read_table, Format};
/// let table = read_table(b"[\n{\"NOM\": \"EPN\", \"X\": 1.5},\n{\"NOM\": \"CCAS\"}\n]", Format::Json).unwrap();
/// assert_eq!(table.columns, ["NOM", "X"]);
/// assert_eq!(table.rows[1].line, 3);
/// assert_eq!(table.rows[0].cells.as_ref().unwrap()["X"], "1.5");
/// ```
pub fn read_table(content: &[u8], format: Format) -> Result<Table, ReadError> {
    let text = utf8(content)?;
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    match format {
        Format::Json => json_table(text),
        Format::Csv => csv_table(text),
        Format::GeoJson => Err(ReadError::Json {
            line: 1,
            message: "a mapping reads a JSON array of objects or a CSV file, not one JSON object \
                      or GeoJSON"
                .to_owned(),
        }),
    }
}

fn json_table(text: &str) -> Result<Table, ReadError> {
    let items: Vec<&RawValue> =
        serde_json::from_str(text).map_err(|e| json_error(&e, "expected an array of objects"))?;
    let mut lines = LineCounter::new(text);
    let mut table = Table::default();
    let mut known = HashSet::new();
    for item in items {
        let line = lines.line_of_slice(item.get());
        let cells = match serde_json::from_str::<Map<String, Value>>(item.get()) {
            Ok(object) => Ok(object
                .into_iter()
                .filter_map(|(key, value)| {
                    if known.insert(key.clone()) {
                        table.columns.push(key.clone());
                    }
                    Some((key, cell_text(value)?))
                })
                .collect()),
            // An object that serde cannot hold (a number beyond f64, `1e400`) says why.
            Err(e) if item.get().starts_with('{') => {
                Err(Problem::error("row", format!("unreadable object: {e}")))
            }
            Err(_) => Err(Problem::error("row", "expected a JSON object")),
        };
        table.rows.push(TableRow { line, cells });
    }
    Ok(table)
}

/// A JSON value as a cell's text: strings trimmed, numbers and booleans as written, lists
/// joined with `|` (the standard's multi-value separator), objects as JSON; `None` when
/// blank or null.
fn cell_text(value: Value) -> Option<String> {
    let text = match value {
        Value::Null => return None,
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => items
            .into_iter()
            .filter_map(cell_text)
            .collect::<Vec<_>>()
            .join("|"),
        object @ Value::Object(_) => object.to_string(),
    };
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

fn csv_table(text: &str) -> Result<Table, ReadError> {
    let (mut reader, mut lines) = open(text);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(e, &mut lines))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    // A name given twice can only be read once: the first column of that name.
    let mut seen = HashSet::new();
    let first: Vec<bool> = header.iter().map(|name| seen.insert(name.as_str())).collect();
    let mut reported = HashSet::new();
    let duplicate_columns: Vec<String> = header
        .iter()
        .zip(&first)
        .filter(|(name, first)| !**first && reported.insert(name.as_str()))
        .map(|(name, _)| name.clone())
        .collect();
    let mut table = Table {
        columns: header
            .iter()
            .zip(&first)
            .filter(|(_, f)| **f)
            .map(|(n, _)| n.clone())
            .collect(),
        duplicate_columns,
        rows: Vec::new(),
    };
    for result in reader.records() {
        let record = result.map_err(|e| csv_error(e, &mut lines))?;
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let line = lines.line_of_text_at(record.position().map_or(0, |p| p.byte()));
        let cells = if record.len() == header.len() {
            Ok(header
                .iter()
                .zip(record.iter())
                .zip(&first)
                .filter(|((_, value), first)| **first && !value.trim().is_empty())
                .map(|((name, value), _)| (name.clone(), value.trim().to_owned()))
                .collect())
        } else {
            Err(Problem::error(
                "row",
                format!("{} cells where the header has {}", record.len(), header.len()),
            ))
        };
        table.rows.push(TableRow { line, cells });
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cells_are_texts() {
        let text = r#"[{"a": " x ", "b": null, "c": "", "d": [1, "y"], "e": true, "f": {"lat": 1}}, 3]"#;
        let table = read_table(text.as_bytes(), Format::Json).unwrap();
        let cells = table.rows[0].cells.as_ref().unwrap();
        assert_eq!(cells["a"], "x");
        assert!(!cells.contains_key("b") && !cells.contains_key("c"));
        assert_eq!(cells["d"], "1|y");
        assert_eq!(cells["e"], "true");
        assert_eq!(cells["f"], r#"{"lat":1}"#);
        assert!(table.rows[1].cells.is_err());
    }

    #[test]
    fn csv_rows_carry_their_line() {
        let text = "NOM;CP\nEPN;29200\n\n\"Deux\nlignes\";29000\nseul\n";
        let table = read_table(text.as_bytes(), Format::Csv).unwrap();
        assert_eq!(table.columns, ["NOM", "CP"]);
        let lines: Vec<u64> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 6]);
        assert_eq!(table.rows[1].cells.as_ref().unwrap()["NOM"], "Deux\nlignes");
        assert!(table.rows[2].cells.is_err());
    }

    #[test]
    fn bad_files_are_errors() {
        assert!(matches!(
            read_table(b"{", Format::Json),
            Err(ReadError::Json { .. })
        ));
        assert!(matches!(read_table(b" ", Format::Csv), Err(ReadError::Empty)));
    }

    #[test]
    fn a_name_given_to_two_columns_is_read_from_the_first() {
        let table = read_table(b"nom;x;nom;x;nom\nA;1;B;2;C\n", Format::Csv).unwrap();
        assert_eq!(table.columns, ["nom", "x"]);
        assert_eq!(table.duplicate_columns, ["nom", "x"]);
        assert_eq!(table.rows[0].cells.as_ref().unwrap()["nom"], "A");
    }

    #[test]
    fn an_unreadable_item_says_why() {
        let table = read_table(b"[{\"lat\": 1e400}, 5]", Format::Json).unwrap();
        let problem = |i: usize| table.rows[i].cells.clone().unwrap_err().message;
        assert!(
            problem(0).starts_with("unreadable object: number out of range"),
            "{}",
            problem(0)
        );
        assert_eq!(problem(1), "expected a JSON object");
    }
}
