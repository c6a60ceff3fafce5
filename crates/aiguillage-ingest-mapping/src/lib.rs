//! Declarative mappings from the hubs' own source files to the standard « Lieux de médiation
//! numérique »: a coordinator brings a new source in by writing a TOML file, not code.
//!
//! A [`Mapping`] says, for each standard field, which columns to read and how to transform
//! them (constants, concatenations, value tables, flag columns, date formats), where
//! coordinates are (degrees, one column with both, or projected such as Lambert-93) and
//! where hours are (OSM, free French text, per-day columns, morning/afternoon columns). It
//! turns each row of a source [`Table`] into the standard's raw fields, which the importer
//! then validates and stores like any standard file. The language is documented in
//! `docs/mappings.md`.
//!
//! ```
//! use aiguillage_ingest_read::{read_table, Format};
//! use aiguillage_ingest_mapping::Mapping;
//! use aiguillage_model::Field;
//!
//! let mapping = Mapping::from_toml(r#"
//!     [source]
//!     label = "Hub exemple"
//!     id_prefix = "exemple"
//!     [fields]
//!     nom = "NOM"
//!     adresse = { concat = ["N°", "RUE"] }
//!     typologie = { column = "TYPE", values = { "Médiathèque" = "BIB" } }
//!     [coordinates]
//!     point = "GEO"
//! "#).unwrap();
//! let source = r#"[{"NOM": "EPN", "N°": "2", "RUE": "rue Haute", "TYPE": "médiathèque", "GEO": "48.39, -4.48"}]"#;
//! let table = read_table(source.as_bytes(), Format::Json).unwrap();
//! let rows = mapping.apply(&table);
//! let record = rows.rows[0].record.as_ref().unwrap();
//! assert_eq!(record.get(Field::Adresse), Some("2 rue Haute"));
//! assert_eq!(record.get(Field::Typologie), Some("BIB"));
//! assert_eq!(record.get(Field::Latitude), Some("48.39"));
//! assert_eq!(record.get(Field::Source), Some("Hub exemple"));
//! assert!(record.get(Field::Id).unwrap().starts_with("exemple-"));
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod coordinates;
mod hours_rule;
mod id;
mod normalise;
mod rule;
mod spec;

use std::collections::{BTreeSet, HashMap};

use aiguillage_ingest_read::{LineProblem, Rows, SourceRow, Table, TableRow};
use aiguillage_model::{fold, without_control_characters, Field, Problem, RawRecord};

pub use coordinates::parse_number;
pub use id::{id_from_column, id_from_hash};
pub use normalise::{normalise_phone, normalise_website, phone_numbers, PhoneError};

use coordinates::Coordinates;
use hours_rule::{Hours, TextCache};
use rayon::prelude::*;
use rule::{cell, Rule};
use spec::{FieldSpec, MappingSpec};

/// A source row's non-blank cells by column name.
pub(crate) type Cells = HashMap<String, String>;

/// A mapping file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MappingError {
    /// Not TOML, or not the mapping language's shape.
    #[error("{0}")]
    Toml(#[from] toml::de::Error),
    /// A part of the mapping that cannot work, at a TOML path (`fields.services`).
    #[error("{at}: {reason}")]
    Invalid {
        /// Where in the file.
        at: String,
        /// What is wrong.
        reason: String,
    },
}

/// A loaded, checked mapping.
#[derive(Debug, Clone)]
pub struct Mapping {
    label: String,
    id_prefix: String,
    id_column: Option<String>,
    fields: Vec<(Field, Vec<Rule>)>,
    coordinates: Option<Coordinates>,
    hours: Option<Hours>,
    /// `[[skip]]`: column → folded values leaving a row out.
    skip: Vec<(String, Vec<String>)>,
}

impl Mapping {
    /// Reads and checks a mapping file's text: every mistake that would fail on each row
    /// (an unknown field, a rule with no origin, a bad date format) is refused here, once.
    pub fn from_toml(text: &str) -> Result<Mapping, MappingError> {
        let spec: MappingSpec = toml::from_str(text)?;
        let fields = spec
            .fields
            .iter()
            .map(|(name, field_spec)| field_rules(name, field_spec))
            .collect::<Result<Vec<_>, _>>()?;
        if spec.source.id_prefix.trim().is_empty() {
            return Err(MappingError::Invalid {
                at: "source.id_prefix".to_owned(),
                reason: "must not be empty".to_owned(),
            });
        }
        Ok(Mapping {
            label: spec.source.label,
            id_prefix: spec.source.id_prefix,
            id_column: spec.source.id_column,
            fields,
            coordinates: spec.coordinates.map(Coordinates::new).transpose()?,
            hours: spec.hours.map(Hours::new).transpose()?,
            skip: spec
                .skip
                .into_iter()
                .map(|s| (s.column, s.values.iter().map(|v| fold(v)).collect()))
                .collect(),
        })
    }

    /// Every column the mapping reads, to tell the coordinator which are not in a file.
    fn columns(&self) -> BTreeSet<&str> {
        let mut columns: BTreeSet<&str> = self.id_column.iter().map(String::as_str).collect();
        columns.extend(
            self.fields
                .iter()
                .flat_map(|(_, rules)| rules.iter().flat_map(Rule::columns)),
        );
        columns.extend(self.coordinates.iter().flat_map(Coordinates::columns));
        columns.extend(self.hours.iter().flat_map(Hours::columns));
        columns.extend(self.skip.iter().map(|(column, _)| column.as_str()));
        columns
    }

    /// The `source` label of the mapped places.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Maps every row of `table`; the columns the mapping names but the file lacks are
    /// reported once, on line 1.
    pub fn apply(&self, table: &Table) -> Rows {
        let present: BTreeSet<&str> = table.columns.iter().map(String::as_str).collect();
        let mut problems: Vec<LineProblem> = self
            .columns()
            .into_iter()
            .filter(|c| !present.contains(c))
            .map(|column| LineProblem {
                line: 1,
                problem: Problem::warning(column, absent_column(column, &table.columns)),
            })
            .collect();
        problems.extend(
            self.columns()
                .into_iter()
                .filter(|c| table.duplicate_columns.iter().any(|d| d == c))
                .map(|column| LineProblem {
                    line: 1,
                    problem: Problem::warning(
                        column,
                        format!("« {column} » names several columns of the file: the first is read"),
                    ),
                }),
        );
        let mut kept = Vec::with_capacity(table.rows.len());
        for row in &table.rows {
            match self.skipped_by(row) {
                Some(reason) => problems.push(LineProblem {
                    line: row.line,
                    problem: Problem::warning("row", format!("left out by the mapping: {reason}")),
                }),
                None => kept.push(row),
            }
        }
        // Rows are independent: mapped on every core, each with its cache of hour texts.
        let rows = kept
            .par_iter()
            .map_init(TextCache::new, |cache, row| self.map_row(row, cache))
            .collect();
        Rows {
            rows,
            problems,
            approximate: Vec::new(),
        }
    }

    /// Why `[[skip]]` leaves the row out (`AFFICHAGE is « INACTIF »`), if it does.
    fn skipped_by(&self, row: &TableRow) -> Option<String> {
        let cells = row.cells.as_ref().ok()?;
        self.skip.iter().find_map(|(column, values)| {
            let value = cell(cells, column)?;
            values
                .contains(&fold(value))
                .then(|| format!("{column} is « {value} »"))
        })
    }

    /// Maps one row into the standard's raw fields, with the problems met on the way.
    pub fn apply_row(&self, row: &TableRow) -> SourceRow {
        self.map_row(row, &mut TextCache::new())
    }

    fn map_row(&self, row: &TableRow, cache: &mut TextCache) -> SourceRow {
        let cells = match &row.cells {
            Ok(cells) => cells,
            Err(problem) => {
                return SourceRow {
                    line: row.line,
                    feature: None,
                    record: None,
                    problems: vec![problem.clone()],
                }
            }
        };
        let mut problems = Vec::new();
        let mut record = RawRecord::default();
        record.set(Field::Source, self.label.as_str());
        for (field, rules) in &self.fields {
            let mut values: Vec<String> = Vec::new();
            for rule in rules {
                // A single value is taken from the first rule giving one: the next rules are
                // fallbacks, not run (nor reporting) once it is found.
                if !values.is_empty() && !field.is_multi_valued() {
                    break;
                }
                for value in rule.values(cells, field.name(), &mut problems) {
                    if !values.contains(&value) {
                        values.push(value);
                    }
                }
            }
            match field {
                Field::Telephone => values = telephone(values, &mut problems),
                Field::SiteWeb => values = websites(values, &mut problems),
                _ => {}
            }
            let mut value = if field.is_multi_valued() {
                values.join("|")
            } else {
                values.into_iter().next().unwrap_or_default()
            };
            // Invisible bytes pasted into a hub's form (a U+0002 in a description) would
            // reject the whole place.
            if let Some(cleaned) = without_control_characters(*field, &value) {
                problems.push(Problem::warning(field.name(), "control characters removed"));
                value = cleaned;
            }
            if !value.is_empty() {
                record.set(*field, value);
            }
        }
        if let Some(coordinates) = &self.coordinates {
            if let Some((lat, lon)) = coordinates.read(cells, &mut problems) {
                record.set(Field::Latitude, lat.to_string());
                record.set(Field::Longitude, lon.to_string());
            }
        }
        if let Some(hours) = &self.hours {
            if let Some(osm) = hours.read(cells, cache, &mut problems) {
                record.set(Field::Horaires, osm);
            }
        }
        let id = match self.id_column.as_deref().and_then(|c| cell(cells, c)) {
            Some(value) => id_from_column(&self.id_prefix, value),
            None => id_from_hash(
                &self.id_prefix,
                record.get(Field::Nom).unwrap_or_default(),
                record.get(Field::Adresse).unwrap_or_default(),
                record
                    .get(Field::Commune)
                    .or(record.get(Field::CodePostal))
                    .unwrap_or_default(),
            ),
        };
        record.set(Field::Id, id);
        SourceRow {
            line: row.line,
            feature: None,
            record: Some(record),
            problems,
        }
    }
}

/// Why `column` is not read. Names match exactly, so a file column differing only in case,
/// accents or spaces (a double space in a header) is pointed out.
fn absent_column(column: &str, present: &[String]) -> String {
    let folded = fold(column);
    match present.iter().find(|c| fold(c) == folded) {
        Some(near) => format!(
            "column named in the mapping but absent from the file, which has « {near} » (names must match exactly, case and spaces included)"
        ),
        None => "column named in the mapping but absent from the file (a typo, or a source that changed?)".to_owned(),
    }
}

/// The standard field named `name` and its prepared rules, or why the mapping cannot fill it.
fn field_rules(name: &str, spec: &FieldSpec) -> Result<(Field, Vec<Rule>), MappingError> {
    let invalid = |reason: String| MappingError::Invalid {
        at: format!("fields.{name}"),
        reason,
    };
    let field = Field::from_name(name).ok_or_else(|| invalid("not a field of the standard".to_owned()))?;
    match field {
        Field::Id => {
            return Err(invalid(
                "ids come from `source.id_column` (else a hash), so that they stay stable".to_owned(),
            ))
        }
        Field::Latitude | Field::Longitude => {
            return Err(invalid(format!("{name} is read by the [coordinates] section")))
        }
        Field::Horaires => return Err(invalid(format!("{name} is read by the [hours] section"))),
        _ => {}
    }
    let rules = spec.rules();
    if rules.is_empty() {
        return Err(invalid(
            "an empty list of rules gives no value: give at least one".to_owned(),
        ));
    }
    let rules = rules
        .into_iter()
        .map(|rule| Rule::new(field, rule))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((field, rules))
}

/// The first telephone number, in the standard's form; the others are reported (the standard
/// holds one), and so is a number the standard cannot hold (left out, saying why).
fn telephone(values: Vec<String>, problems: &mut Vec<Problem>) -> Vec<String> {
    let field = Field::Telephone.name();
    let numbers: Vec<&str> = values.iter().flat_map(|v| phone_numbers(v)).collect();
    let Some(first) = numbers.first() else {
        return Vec::new();
    };
    if numbers.len() > 1 {
        problems.push(Problem::warning(
            field,
            format!(
                "« {} » holds several numbers: only « {first} » is kept",
                values.join(" | ")
            ),
        ));
    }
    match normalise_phone(first) {
        Ok(number) => vec![number],
        Err(reason) => {
            problems.push(Problem::warning(field, format!("« {first} » {reason}; left out")));
            Vec::new()
        }
    }
}

/// The web addresses with their scheme; what is not a web address is reported and left out.
fn websites(values: Vec<String>, problems: &mut Vec<Problem>) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split(['|', '\n']).map(str::trim).filter(|p| !p.is_empty()))
        .filter_map(|v| {
            let url = normalise_website(v);
            if url.is_none() {
                problems.push(Problem::warning(
                    Field::SiteWeb.name(),
                    format!("« {v} » is not a web address (http or https); left out"),
                ));
            }
            url
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aiguillage_ingest_read::{read_table, Format};

    const MAPPING: &str = r#"
        [source]
        label = "Test"
        id_prefix = "t"
        id_column = "ID"

        [fields]
        nom = "NOM"
        telephone = "TEL"
        code_postal = { column = "CP", default = "00000" }
        services = [
            { column = "SERV", split = ";", values = { "Démarches" = "Aide aux démarches administratives" } },
            { flags = [{ column = "WIFI", value = "Accès internet et matériel informatique" }] },
        ]

        [coordinates]
        x = "X"
        y = "Y"
        crs = "EPSG:2154"

        [hours]
        text = "H"
    "#;

    fn table(json: &str) -> Table {
        read_table(json.as_bytes(), Format::Json).unwrap()
    }

    #[test]
    fn a_column_named_twice_in_the_file_is_pointed_out() {
        let mapping = Mapping::from_toml(MAPPING).unwrap();
        let table = read_table(b"ID;NOM;NOM\n1;EPN;Mairie\n", Format::Csv).unwrap();
        let rows = mapping.apply(&table);
        let warning = rows.problems.iter().find(|p| p.problem.field == "NOM").unwrap();
        assert_eq!(
            warning.problem.message,
            "« NOM » names several columns of the file: the first is read"
        );
        let record = rows.rows[0].record.as_ref().unwrap();
        assert_eq!(record.get(Field::Nom), Some("EPN"));
    }

    #[test]
    fn a_row_through_every_kind_of_rule() {
        let mapping = Mapping::from_toml(MAPPING).unwrap();
        let rows = mapping.apply(&table(
            r#"[{"ID": "a 1", "NOM": "EPN", "TEL": "02 41 43 28 13", "SERV": "démarches;autre", "WIFI": "Oui",
                 "X": "475198,121680863", "Y": "6692424,50691385", "H": "mercredi 14h-18h"}]"#,
        ));
        let row = &rows.rows[0];
        let record = row.record.as_ref().unwrap();
        assert_eq!(record.get(Field::Id), Some("t-a-1"));
        assert_eq!(record.get(Field::Telephone), Some("+33241432813"));
        assert_eq!(record.get(Field::CodePostal), Some("00000"));
        assert_eq!(
            record.get(Field::Services),
            Some("Aide aux démarches administratives|Accès internet et matériel informatique")
        );
        assert_eq!(record.get(Field::Horaires), Some("We 14:00-18:00"));
        let lat: f64 = record.get(Field::Latitude).unwrap().parse().unwrap();
        let lon: f64 = record.get(Field::Longitude).unwrap().parse().unwrap();
        assert!(
            (47.0..47.6).contains(&lat) && (-0.3..0.2).contains(&lon),
            "{lat} {lon}"
        );
        assert_eq!(row.problems.len(), 1, "{:?}", row.problems);
        assert!(row.problems[0].message.contains("« autre »"));
        // Every named column but CP (whose default applies) is in the file.
        let missing: Vec<&str> = rows.problems.iter().map(|p| p.problem.field.as_str()).collect();
        assert_eq!(missing, ["CP"]);
    }

    #[test]
    fn a_column_written_otherwise_in_the_file_is_pointed_out() {
        let mapping = Mapping::from_toml(MAPPING).unwrap();
        let rows = mapping.apply(&table(r#"[{"NOM": "EPN", "cp": "29200", "S  E R V": "x"}]"#));
        let said = |column: &str| {
            rows.problems
                .iter()
                .find(|p| p.problem.field == column)
                .map(|p| p.problem.message.clone())
                .unwrap()
        };
        assert_eq!(
            said("CP"),
            "column named in the mapping but absent from the file, which has « cp » (names must match exactly, case and spaces included)"
        );
        assert!(said("SERV").contains("(a typo, or a source that changed?)"));
    }

    #[test]
    fn missing_columns_and_unconverted_hours_are_reported() {
        let mapping = Mapping::from_toml(MAPPING).unwrap();
        let rows = mapping.apply(&table(r#"[{"NOM": "EPN", "H": "sur rendez-vous"}]"#));
        let missing: Vec<&str> = rows.problems.iter().map(|p| p.problem.field.as_str()).collect();
        assert_eq!(missing, ["CP", "ID", "SERV", "TEL", "WIFI", "X", "Y"]);
        let row = &rows.rows[0];
        let record = row.record.as_ref().unwrap();
        assert_eq!(record.get(Field::Horaires), Some("sur rendez-vous"));
        assert!(row
            .problems
            .iter()
            .any(|p| p.field == "horaires" && p.message.contains("not converted")));
        // No id column in the row: a hash of name, address and commune.
        assert!(record.get(Field::Id).unwrap().starts_with("t-"));
    }

    #[test]
    fn control_characters_are_removed_with_a_warning() {
        let rows = Mapping::from_toml(MAPPING)
            .unwrap()
            .apply(&table(r#"[{"ID": "1", "NOM": "M\u0002édiathèque"}]"#));
        let row = &rows.rows[0];
        assert_eq!(row.record.as_ref().unwrap().get(Field::Nom), Some("Médiathèque"));
        assert_eq!(
            row.problems,
            [Problem::warning("nom", "control characters removed")]
        );
    }

    #[test]
    fn rows_can_be_left_out() {
        let text = format!("{MAPPING}\n[[skip]]\ncolumn = \"ETAT\"\nvalues = [\"Inactif\", \"fermé\"]\n");
        let mapping = Mapping::from_toml(&text).unwrap();
        let rows = mapping.apply(&table(
            r#"[{"ID": "1", "NOM": "A", "ETAT": "INACTIF"}, {"ID": "2", "NOM": "B", "ETAT": "ouvert"}, {"ID": "3", "NOM": "C", "ETAT": "Ferme"}]"#,
        ));
        let ids: Vec<&str> = rows
            .rows
            .iter()
            .filter_map(|r| r.record.as_ref()?.get(Field::Id))
            .collect();
        assert_eq!(ids, ["t-2"]);
        let skipped: Vec<String> = rows
            .problems
            .iter()
            .filter(|p| p.problem.field == "row")
            .map(|p| p.to_string())
            .collect();
        assert_eq!(
            skipped,
            [
                "1: row: warning: left out by the mapping: ETAT is « INACTIF »",
                "1: row: warning: left out by the mapping: ETAT is « Ferme »"
            ]
        );
    }

    #[test]
    fn mistakes_in_the_mapping_are_refused_once() {
        let cases = [
            ("[source]\nlabel = \"x\"\nid_prefix = \"x\"\n[fields]\nnon = \"A\"", "fields.non: not a field"),
            ("[source]\nlabel = \"x\"\nid_prefix = \"x\"\n[fields]\nid = \"A\"", "fields.id"),
            ("[source]\nlabel = \"x\"\nid_prefix = \"x\"\n[fields]\nlatitude = \"A\"", "[coordinates]"),
            ("[source]\nlabel = \"x\"\nid_prefix = \"\"", "source.id_prefix"),
            ("[source]\nlabel = \"x\"\nid_prefix = \"x\"\n[coordinates]\nx = \"A\"", "coordinates"),
            ("[source]\nlabel = \"x\"\nid_prefix = \"x\"\n[coordinates]\nx = \"A\"\ny = \"B\"\ncrs = \"EPSG:9\"", "unknown coordinate system"),
            ("[source]\nlabel = \"x\"\nid_prefix = \"x\"\n[hours]\ndays = { funday = [[\"a\", \"b\"]] }", "not a day"),
            ("[source]\nlabel = \"x\"\nid_prefix = \"x\"\nextra = 1", "unknown field"),
            ("[source]\nlabel = \"x\"\nid_prefix = \"x\"\n[fields]\nnom = []", "fields.nom: an empty list of rules"),
            ("not toml", "expected"),
        ];
        for (text, says) in cases {
            let error = Mapping::from_toml(text).unwrap_err().to_string();
            assert!(error.contains(says), "{text}: {error}");
        }
    }

    #[test]
    fn values_the_mapping_writes_are_checked_when_loading() {
        let cases = [
            (
                r#"services = { constant = "Bogus" }"#,
                "fields.services: « Bogus » is not a label of services (accepted: Aide aux démarches administratives | ",
            ),
            (
                r#"services = { constant = "aide aux demarches" }"#,
                "fields.services: « aide aux demarches » is not a label of services (did you mean « Aide aux démarches administratives »?)",
            ),
            (
                r#"services = { column = "S", values = { "a" = "Not a service" } }"#,
                "« Not a service » is not a label of services",
            ),
            (
                r#"itinerance = { column = "S", default = "itinerant" }"#,
                "did you mean « Itinérant »?",
            ),
            (
                r#"services = { flags = [{ column = "W", value = "Wifi" }] }"#,
                "« Wifi » is not a label of services",
            ),
            (
                r#"services = { flags = [{ column = "W", value = "Wifi" }], values = { "Jeux" = "Loisirs et créations numériques" } }"#,
                "fields.services: « Wifi » (column W) is not in the mapping's values",
            ),
            (
                r#"date_maj = { constant = "2024-01-01", date = "%d/%m/%Y" }"#,
                "fields.date_maj: « 2024-01-01 » (column constant) matches none of the date formats %d/%m/%Y",
            ),
            (
                r#"code_postal = { postcode_of = "C", departement = "999" }"#,
                "fields.code_postal: « 999 » is not a département code",
            ),
            (r#"code_postal = { column = "C", departement = "29" }"#, "`departement` only narrows `postcode_of`"),
            (r#"date_maj = { column = "D", date = [] }"#, "fields.date_maj: `date` needs at least one format"),
            (r#"nom = { column = "N", split = "" }"#, "fields.nom: `split` needs at least one character"),
            (r#"services = { flags = [] }"#, "fields.services: `flags` needs at least one flag column"),
            (
                r#"typologie = { column = "T", values = { "Médiathèque" = "BIB", "MEDIATHEQUE" = "EPN" } }"#,
                "`values` keys « MEDIATHEQUE » and « Médiathèque » are the same",
            ),
        ];
        for (rule, says) in cases {
            let text = format!("[source]\nlabel = \"x\"\nid_prefix = \"x\"\n[fields]\n{rule}\n");
            let error = Mapping::from_toml(&text).unwrap_err().to_string();
            assert!(error.contains(says), "{rule}: {error}");
        }
        // What can be checked passes: labels, mapped flag values, a département, a date.
        let text = r#"
            [source]
            label = "x"
            id_prefix = "x"
            [fields]
            services = { flags = [{ column = "W", value = "Wifi" }], values = { "wifi" = "Accès internet et matériel informatique" } }
            itinerance = { constant = "Fixe" }
            code_postal = { postcode_of = "C", departement = "2A" }
            date_maj = { constant = "01/02/2024", date = "%d/%m/%Y" }
        "#;
        Mapping::from_toml(text).unwrap();
    }
}
