//! Fuzz target of the file readers: no input, however malformed, makes reading or validation
//! panic. Every file is either unreadable with a located `ReadError` (a line, unless the file
//! is empty) or a list of rows on real lines, each accepted or rejected. The inputs are the
//! repository's fixtures and the reference files, mutated (`aiguillage_testkit::fuzz`), and
//! generated files of each format.

use aiguillage_ingest_read::{read, read_table, Format, ReadError};
use aiguillage_model::{ValidationContext, Validator};
use aiguillage_testkit::{fixture, fuzz, shared_data};
use proptest::prelude::*;

/// A GeoJSON file of one place, as the standard's GeoJSON export writes it.
const GEOJSON_PLACE: &str = r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
  "geometry": {"type": "Point", "coordinates": [-4.4861, 48.3904]},
  "properties": {"id": "mairie", "nom": "Mairie de Brest", "commune": "Brest",
    "code_postal": "29200", "adresse": "2 rue Frézier", "date_maj": "2024-01-02",
    "horaires": "Mo-Fr 09:00-12:00", "services": "Aide aux démarches administratives"}}]}"#;

/// Bytes that look like a file of the given format, then mangled.
fn file_like() -> impl Strategy<Value = Vec<u8>> {
    let header = "id;pivot;nom;commune;code_postal;adresse;date_maj;latitude;longitude;horaires;services\n";
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        "[ -~àéèÉ;,|\"\n\r\t{}\\[\\]:0-9]{0,400}"
            .prop_map(move |body| format!("{header}{body}").into_bytes()),
        "[ -~àé;,|\"\n\r{}\\[\\]:0-9]{0,300}"
            .prop_map(|body| format!("[{{\"id\": \"a\", {body}").into_bytes()),
        "[ -~\"\n{}\\[\\]:,0-9]{0,300}"
            .prop_map(
                |body| format!("{{\"type\": \"FeatureCollection\", \"features\": [{body}").into_bytes()
            ),
    ]
}

/// The fixtures and small reference files of every format.
fn corpus() -> Vec<Vec<u8>> {
    let mut corpus = fuzz::corpus([
        fixture("bad-rows.csv"),
        fixture("xss-place.csv"),
        fixture("territory/communes.geojson"),
    ]);
    corpus.extend(fuzz::corpus(
        ["standard/exemple-valide.csv", "sources/etapes-numerique.json"]
            .into_iter()
            .filter_map(shared_data),
    ));
    corpus.push(GEOJSON_PLACE.as_bytes().to_vec());
    corpus
}

/// Reads `content` in every format, validates what is read, and checks that errors and rows
/// are located.
fn read_everything(content: &[u8]) {
    let validator = Validator::new(ValidationContext::today());
    // A row or problem can start on the line after a final line break, no further.
    let last_line = content.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    for format in Format::ALL {
        match read(content, format) {
            Ok(rows) => {
                for row in rows.rows {
                    assert!(
                        (1..=last_line).contains(&row.line),
                        "{format:?}: row on line {}",
                        row.line
                    );
                    if let Some(record) = row.record {
                        let _ = validator.validate(&record);
                    }
                }
                for problem in rows.problems {
                    assert!(
                        (1..=last_line).contains(&problem.line),
                        "{format:?}: problem on line {}",
                        problem.line
                    );
                }
            }
            Err(e) => assert_located(&e, content),
        }
        match read_table(content, format) {
            Ok(table) => {
                for row in table.rows {
                    assert!(
                        (1..=last_line).contains(&row.line),
                        "{format:?}: table row on line {}",
                        row.line
                    );
                }
            }
            Err(e) => assert_located(&e, content),
        }
    }
}

fn assert_located(error: &ReadError, content: &[u8]) {
    match error.line() {
        Some(line) => assert!(line >= 1, "{error}: line 0"),
        None => assert!(
            content.iter().all(u8::is_ascii_whitespace) || content.starts_with(b"\xEF\xBB\xBF"),
            "{error}: no line, but the file is not empty"
        ),
    }
}

proptest! {
    #![proptest_config(fuzz::cases(2000))]

    #[test]
    fn mutated_fixtures_are_read_or_refused_on_a_line(content in fuzz::mutated(corpus())) {
        read_everything(&content);
    }

    #[test]
    fn generated_files_are_read_or_refused_on_a_line(content in file_like()) {
        read_everything(&content);
    }
}
