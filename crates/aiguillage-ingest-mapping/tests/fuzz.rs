//! Fuzz target of the source mappings: the mappings of `mappings/`, mutated
//! (`aiguillage_testkit::fuzz`), are loaded or refused with a located error, and a loaded
//! mapping maps its hub's real rows (`../shared/data/sources`), their cells mutated, without
//! panicking, each row kept on its own line.

use std::collections::HashMap;

use aiguillage_ingest_mapping::{Mapping, MappingError};
use aiguillage_ingest_read::{read_table, Format, Table, TableRow};
use aiguillage_testkit::{fuzz, repo, shared_data};
use proptest::prelude::*;
use proptest::sample::Index;

/// Rows of each hub kept as the base of mutated rows: enough for variety, few enough that a
/// case stays cheap.
const ROWS_PER_HUB: usize = 20;

/// A hub: its mapping's text and some rows of its file (none when `../shared` is absent).
struct Hub {
    mapping: String,
    rows: Vec<HashMap<String, String>>,
}

fn hubs() -> Vec<Hub> {
    let mut names: Vec<_> = std::fs::read_dir(repo().join("mappings"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
            let rows = shared_data(&format!("sources/{name}.json"))
                .map(|source| {
                    let table = read_table(&std::fs::read(source).unwrap(), Format::Json).unwrap();
                    table
                        .rows
                        .into_iter()
                        .filter_map(|row| row.cells.ok())
                        .take(ROWS_PER_HUB)
                        .collect()
                })
                .unwrap_or_default();
            Hub {
                mapping: std::fs::read_to_string(&path).unwrap(),
                rows,
            }
        })
        .collect()
}

/// A hub's mapping text, as written or mutated, and one of its rows with up to four cells
/// replaced by mutated cell values.
fn mapping_and_row() -> impl Strategy<Value = (String, HashMap<String, String>)> {
    let hubs = std::sync::Arc::new(hubs());
    (0..hubs.len()).prop_flat_map(move |i| {
        let hub = &hubs[i];
        let texts = prop_oneof![
            Just(hub.mapping.clone()),
            fuzz::mutated_text(vec![hub.mapping.clone().into_bytes()]),
        ];
        let base_rows = if hub.rows.is_empty() {
            vec![HashMap::new()]
        } else {
            hub.rows.clone()
        };
        let mut values: Vec<Vec<u8>> = base_rows
            .iter()
            .flat_map(|row| row.values().map(|v| v.clone().into_bytes()))
            .collect();
        values.push(b"9h-12h".to_vec());
        let edits = proptest::collection::vec((any::<Index>(), fuzz::mutated_text(values)), 0..4);
        let rows = (proptest::sample::select(base_rows), edits).prop_map(|(mut row, edits)| {
            let mut columns: Vec<String> = row.keys().cloned().collect();
            columns.sort();
            for (column, value) in edits {
                match columns.is_empty() {
                    true => row.insert("nom".to_owned(), value),
                    false => row.insert(columns[column.index(columns.len())].clone(), value),
                };
            }
            row
        });
        (texts, rows)
    })
}

proptest! {
    #![proptest_config(fuzz::cases(800))]

    #[test]
    fn mutated_mappings_and_rows_are_mapped_or_refused(case in mapping_and_row()) {
        let (text, cells) = case;
        match Mapping::from_toml(&text) {
            Ok(mapping) => {
                let row = TableRow { line: 7, cells: Ok(cells) };
                let mapped = mapping.apply_row(&row);
                prop_assert_eq!(mapped.line, 7);
                let mut columns: Vec<String> = row.cells.as_ref().unwrap().keys().cloned().collect();
                columns.sort();
                let table = Table { columns, duplicate_columns: Vec::new(), rows: vec![row] };
                let rows = mapping.apply(&table);
                prop_assert!(rows.rows.iter().all(|r| r.line == 7));
                prop_assert!(rows.problems.iter().all(|p| p.line == 1 || p.line == 7));
            }
            Err(MappingError::Toml(e)) => prop_assert!(e.span().is_some(), "unlocated TOML error: {}", e),
            Err(MappingError::Invalid { at, reason }) => {
                prop_assert!(!at.is_empty() && !reason.is_empty(), "unlocated: {}: {}", at, reason);
            }
            Err(e) => panic!("a new kind of mapping error, to locate: {e}"),
        }
    }
}
