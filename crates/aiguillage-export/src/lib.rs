//! Writing places in the standard's formats (CSV, JSON, GeoJSON): all 32 fields, in schema
//! order, losslessly (a file written here and imported again is `unchanged` for every row).
//! `aiguillage export` writes files with [`write()`]; the API renders each place with [`feature`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::borrow::Borrow;
use std::io::Write;

use aiguillage_model::{spreadsheet_safe, Field, Place};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

pub use aiguillage_ingest_read::Format;

/// How CSV cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cells {
    /// As the standard's values are: the interchange format, read back unchanged.
    #[default]
    Lossless,
    /// For a spreadsheet: a text it would run as a formula gets a leading `'`
    /// ([`aiguillage_model::spreadsheet_safe`]); re-imported, such a value differs.
    SpreadsheetSafe,
}

/// Writes `places` to `out` in `format`, losslessly.
///
/// Places are written as they come: an iterator producing them (`aiguillage generate`) is
/// never collected, so memory does not grow with their number.
pub fn write(
    format: Format,
    places: impl IntoIterator<Item = impl Borrow<Place>>,
    out: impl Write,
) -> std::io::Result<()> {
    write_cells(format, places, out, Cells::Lossless)
}

/// Writes `places` to `out` in `format`, CSV cells as `cells` says (JSON is never read as
/// formulas: `cells` applies to CSV only).
pub fn write_cells(
    format: Format,
    places: impl IntoIterator<Item = impl Borrow<Place>>,
    mut out: impl Write,
    cells: Cells,
) -> std::io::Result<()> {
    let places = places.into_iter();
    match format {
        Format::Csv => csv(places, out, cells),
        Format::Json => {
            let objects = places.map(|p| Value::Object(p.borrow().to_json()));
            pretty_array(&mut out, objects, 0)?;
            out.write_all(b"\n")
        }
        Format::GeoJson => {
            out.write_all(b"{\n  \"type\": \"FeatureCollection\",\n  \"features\": ")?;
            pretty_array(&mut out, places.map(|p| feature(p.borrow())), 1)?;
            out.write_all(b"\n}\n")
        }
    }
}

/// Writes `items` one at a time as `serde_json::to_writer_pretty` writes their array at
/// nesting `depth`: the same bytes, without holding the array.
fn pretty_array(
    out: &mut impl Write,
    items: impl Iterator<Item = Value>,
    depth: usize,
) -> std::io::Result<()> {
    const INDENT: &str = "  ";
    let inner = INDENT.repeat(depth + 1);
    let mut item_text = Vec::new();
    let mut empty = true;
    out.write_all(b"[")?;
    for item in items {
        out.write_all(if empty { b"\n" } else { b",\n" })?;
        empty = false;
        item_text.clear();
        serde_json::to_writer_pretty(&mut item_text, &item)?;
        // JSON strings escape their line breaks: every line break is the formatter's.
        for (i, line) in item_text.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(inner.as_bytes())?;
            out.write_all(line)?;
        }
    }
    if !empty {
        out.write_all(b"\n")?;
        out.write_all(INDENT.repeat(depth).as_bytes())?;
    }
    out.write_all(b"]")
}

/// CSV: UTF-8 without BOM, `,` delimiter, quotes only where needed, the 32 standard columns.
fn csv(
    places: impl Iterator<Item = impl Borrow<Place>>,
    out: impl Write,
    cells: Cells,
) -> std::io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer
        .write_record(Field::ALL.iter().map(|f| f.name()))
        .map_err(io_error)?;
    for place in places {
        let values = place.borrow().standard_values();
        match cells {
            Cells::Lossless => writer.write_record(values.iter().map(|v| v.as_bytes())),
            Cells::SpreadsheetSafe => {
                writer.write_record(values.iter().map(|v| spreadsheet_safe(v).into_owned()))
            }
        }
        .map_err(io_error)?;
    }
    writer.flush()
}

/// The I/O error inside a CSV error, kept as is so that callers can tell a closed pipe.
fn io_error(e: ::csv::Error) -> std::io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// The GeoJSON Feature of a place: a Point (or a null geometry when it has no
/// coordinates) with the standard object as properties.
pub fn feature(place: &Place) -> Value {
    let geometry = match place.coordinates() {
        Some((lat, lon)) => json!({ "type": "Point", "coordinates": [lon, lat] }),
        None => Value::Null,
    };
    json!({
        "type": "Feature",
        "id": place.id,
        "geometry": geometry,
        "properties": place.to_json(),
    })
}

/// The GeoJSON Feature of a place answering a query: after the 32 standard fields,
/// `distance_m` (whole metres, when given), then `open_now` and `next_change` at `at`
/// (`null` when the hours are unknown).
pub fn feature_at(place: &Place, at: DateTime<Utc>, distance_m: Option<f64>) -> Value {
    let mut feature = feature(place);
    let status = place.status_at(at);
    let properties = &mut feature["properties"];
    if let Some(d) = distance_m {
        // Whole metres: finer is beyond the precision of any geocoding.
        properties["distance_m"] = json!(d.round() as u64);
    }
    properties["open_now"] = json!(status.map(|s| s.open));
    properties["next_change"] = json!(status
        .and_then(|s| s.next_change)
        .map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true)));
    feature
}

/// A FeatureCollection of the given features.
pub fn feature_collection(features: Vec<Value>) -> Value {
    json!({ "type": "FeatureCollection", "features": features })
}
