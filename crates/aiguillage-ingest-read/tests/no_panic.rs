//! Property: no input, however malformed, makes reading or validation panic. Every file is
//! either unreadable (a `ReadError`) or a list of rows each accepted or rejected.

use aiguillage_ingest_read::{read, Format};
use aiguillage_model::{ValidationContext, Validator};
use proptest::prelude::*;

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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn reading_and_validating_never_panics(content in file_like()) {
        let validator = Validator::new(ValidationContext::today());
        for format in Format::ALL {
            if let Ok(rows) = read(&content, format) {
                for row in rows.rows {
                    if let Some(record) = row.record {
                        let _ = validator.validate(&record);
                    }
                }
            }
        }
    }
}
