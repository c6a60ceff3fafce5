//! Value rules, checked and prepared once when the mapping is loaded, then applied to every row.

use std::collections::{BTreeMap, HashMap, HashSet};

use aiguillage_model::{fold, Field, Problem};
use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::spec::{FlagSpec, OneOrMany, Unmapped, ValueSpec};
use crate::{Cells, MappingError};

/// Cells read as « yes » by a flag without its own `when` list (folded).
const YES: [&str; 7] = ["oui", "true", "1", "x", "yes", "vrai", "o"];

/// Where a rule's values come from.
#[derive(Debug, Clone)]
enum Origin {
    Column(String),
    Constant(String),
    Concat {
        columns: Vec<String>,
        separator: String,
    },
    Flags(Vec<Flag>),
    PostcodeOf {
        column: String,
        departement: Option<String>,
    },
}

impl Origin {
    /// The one origin `spec` gives.
    fn new(spec: &ValueSpec) -> Result<Origin, String> {
        let origins = [
            spec.column.is_some(),
            spec.constant.is_some(),
            spec.concat.is_some(),
            spec.flags.is_some(),
            spec.postcode_of.is_some(),
        ];
        if origins.iter().filter(|set| **set).count() != 1 {
            return Err(
                "give exactly one of `column`, `constant`, `concat`, `flags` and `postcode_of`".to_owned(),
            );
        }
        if spec.departement.is_some() && spec.postcode_of.is_none() {
            return Err("`departement` only narrows `postcode_of`".to_owned());
        }
        if let Some(column) = &spec.column {
            Ok(Origin::Column(column.clone()))
        } else if let Some(constant) = &spec.constant {
            Ok(Origin::Constant(constant.clone()))
        } else if let Some(columns) = &spec.concat {
            if columns.is_empty() {
                return Err("`concat` needs at least one column".to_owned());
            }
            Ok(Origin::Concat {
                columns: columns.clone(),
                separator: spec.separator.clone().unwrap_or_else(|| " ".to_owned()),
            })
        } else if let Some(column) = &spec.postcode_of {
            Ok(Origin::PostcodeOf {
                column: column.clone(),
                departement: spec.departement.as_deref().map(departement).transpose()?,
            })
        } else {
            match spec.flags.as_deref().unwrap_or_default() {
                [] => Err("`flags` needs at least one flag column".to_owned()),
                flags => Ok(Origin::Flags(flags.iter().map(Flag::new).collect())),
            }
        }
    }
}

/// A département code of the INSEE tables (`"33"`, `"2A"`, `"974"`).
fn departement(code: &str) -> Result<String, String> {
    let code = code.trim();
    aiguillage_territory::Admin::embedded()
        .departement(code)
        .map(|d| d.code.clone())
        .ok_or_else(|| {
            format!("« {code} » is not a département code of the INSEE tables (\"33\", \"2A\", \"974\")")
        })
}

/// The `date` formats, each one chrono can use.
fn date_formats(date: Option<&OneOrMany>) -> Result<Vec<String>, String> {
    let Some(date) = date else {
        return Ok(Vec::new());
    };
    let formats = date.to_vec();
    if formats.is_empty() {
        return Err("`date` needs at least one format".to_owned());
    }
    match formats
        .iter()
        .find(|format| chrono::format::StrftimeItems::new(format).parse().is_err())
    {
        Some(format) => Err(format!("« {format} » is not a valid date format")),
        None => Ok(formats),
    }
}

/// The value table by folded source value. Two keys that fold alike would make one of them
/// silently lost, so they are refused.
fn value_table(values: &BTreeMap<String, OneOrMany>) -> Result<HashMap<String, Vec<String>>, String> {
    let mut table: HashMap<String, (&str, Vec<String>)> = HashMap::with_capacity(values.len());
    for (from, to) in values {
        if let Some((other, _)) = table.insert(fold(from), (from, to.to_vec())) {
            return Err(format!(
                "`values` keys « {other} » and « {from} » are the same once case, accents and punctuation are ignored"
            ));
        }
    }
    Ok(table.into_iter().map(|(key, (_, to))| (key, to)).collect())
}

/// Whether `field` can hold `value`: one of its labels for an enumerated field, anything for
/// the others (the validator checks those per row).
fn check_label(field: Field, value: &str) -> Result<(), String> {
    aiguillage_model::check_label(field, value).map_err(|unknown| {
        let hint = match unknown.suggestion {
            Some(label) => format!("did you mean « {label} »?"),
            None => format!("accepted: {}", unknown.accepted.join(" | ")),
        };
        format!("« {} » is not a label of {field} ({hint})", unknown.value)
    })
}

#[derive(Debug, Clone)]
struct Flag {
    column: String,
    values: Vec<String>,
    /// Folded cell values that set the flag.
    when: HashSet<String>,
}

/// A prepared value rule.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    origin: Origin,
    extract: Option<regex::Regex>,
    split: Vec<char>,
    /// Folded source value → standard values.
    table: Option<HashMap<String, Vec<String>>>,
    unmapped: Unmapped,
    dates: Vec<String>,
    default: Option<String>,
}

impl Rule {
    /// Checks `spec`, a rule of `field` in the mapping file. Whatever would fail on every
    /// row is refused here: an origin missing or given twice, empty lists, a bad regular
    /// expression or date format, an unknown département, and values the mapping writes
    /// itself (constants, flag values, value-table targets, default) that `field` cannot hold.
    pub(crate) fn new(field: Field, spec: ValueSpec) -> Result<Rule, MappingError> {
        let invalid = |reason: String| MappingError::Invalid {
            at: format!("fields.{field}"),
            reason,
        };
        let extract = spec
            .extract
            .as_deref()
            .map(regex::Regex::new)
            .transpose()
            .map_err(|e| invalid(format!("`extract` is not a valid regular expression: {e}")))?;
        let split: Vec<char> = match spec.split.as_deref() {
            Some("") => {
                return Err(invalid(
                    "`split` needs at least one character to cut at".to_owned(),
                ))
            }
            split => split.map(|s| s.chars().collect()).unwrap_or_default(),
        };
        let dates = date_formats(spec.date.as_ref()).map_err(invalid)?;
        let table = spec
            .values
            .as_ref()
            .map(value_table)
            .transpose()
            .map_err(invalid)?;
        let rule = Rule {
            origin: Origin::new(&spec).map_err(invalid)?,
            extract,
            split,
            table,
            unmapped: spec.unmapped.unwrap_or_default(),
            dates,
            default: spec.default,
        };
        rule.check_written_values(field).map_err(invalid)?;
        Ok(rule)
    }

    /// Runs the values the mapping writes itself through the rule, as a row would: one that
    /// gives a problem, or that is not among `field`'s labels, would do so on every row.
    fn check_written_values(&self, field: Field) -> Result<(), String> {
        let mut problems = Vec::new();
        let mut out: Vec<String> = self.default.iter().cloned().collect();
        out.extend(
            self.table
                .iter()
                .flat_map(|table| table.values().flatten().cloned()),
        );
        for (value, column) in self.written_origin_values() {
            self.transform(value, column, field.name(), &mut problems, &mut out);
        }
        if let Some(problem) = problems.first() {
            return Err(problem.message.clone());
        }
        out.iter().try_for_each(|value| check_label(field, value))
    }

    /// The values the origin gives whatever the row: a constant, the flags' values.
    fn written_origin_values(&self) -> Vec<(String, &str)> {
        match &self.origin {
            Origin::Constant(value) => vec![(value.clone(), "constant")],
            Origin::Flags(flags) => flags
                .iter()
                .flat_map(|flag| flag.values.iter().map(|v| (v.clone(), flag.column.as_str())))
                .collect(),
            Origin::Column(_) | Origin::Concat { .. } | Origin::PostcodeOf { .. } => Vec::new(),
        }
    }

    /// The columns the rule reads.
    pub(crate) fn columns(&self) -> Vec<&str> {
        match &self.origin {
            Origin::Column(column) | Origin::PostcodeOf { column, .. } => vec![column],
            Origin::Constant(_) => Vec::new(),
            Origin::Concat { columns, .. } => columns.iter().map(String::as_str).collect(),
            Origin::Flags(flags) => flags.iter().map(|f| f.column.as_str()).collect(),
        }
    }

    /// The rule's values in `cells`, reporting on `field` what it could not map.
    pub(crate) fn values(&self, cells: &Cells, field: &str, problems: &mut Vec<Problem>) -> Vec<String> {
        let raw: Vec<(String, &str)> = match &self.origin {
            Origin::Column(column) => cell(cells, column)
                .map(|v| vec![(v.to_owned(), column.as_str())])
                .unwrap_or_default(),
            Origin::Constant(value) => vec![(value.clone(), "constant")],
            Origin::Concat { columns, separator } => {
                let parts: Vec<&str> = columns.iter().filter_map(|c| cell(cells, c)).collect();
                if parts.is_empty() {
                    Vec::new()
                } else {
                    vec![(parts.join(separator), "concat")]
                }
            }
            Origin::Flags(flags) => flags
                .iter()
                .filter(|flag| cell(cells, &flag.column).is_some_and(|v| flag.when.contains(&fold(v))))
                .flat_map(|flag| flag.values.iter().map(|v| (v.clone(), flag.column.as_str())))
                .collect(),
            Origin::PostcodeOf { column, departement } => cell(cells, column)
                .and_then(|commune| postcode_of(commune, departement.as_deref(), field, problems))
                .map(|postcode| vec![(postcode, column.as_str())])
                .unwrap_or_default(),
        };
        let mut out = Vec::new();
        for (value, column) in raw {
            self.transform(value, column, field, problems, &mut out);
        }
        if out.is_empty() {
            out.extend(self.default.clone());
        }
        out
    }

    /// One value of the origin through `extract`, `split`, `values` and `date`, into `out`.
    fn transform(
        &self,
        value: String,
        column: &str,
        field: &str,
        problems: &mut Vec<Problem>,
        out: &mut Vec<String>,
    ) {
        let value = match &self.extract {
            None => value,
            Some(pattern) => match pattern.captures(&value) {
                Some(found) => found
                    .get(1)
                    .or_else(|| found.get(0))
                    .map_or_else(String::new, |m| m.as_str().to_owned()),
                None => return,
            },
        };
        for part in self.parts(&value) {
            self.map(part, column, field, problems, out);
        }
    }

    /// The value cut at the split characters, each part trimmed, blanks left out.
    fn parts<'v>(&self, value: &'v str) -> Vec<&'v str> {
        if self.split.is_empty() {
            return vec![value.trim()];
        }
        value
            .split(|c| self.split.contains(&c))
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    }

    /// Maps one part through the value table, then the date formats.
    fn map(&self, part: &str, column: &str, field: &str, problems: &mut Vec<Problem>, out: &mut Vec<String>) {
        let mapped: Vec<String> = match &self.table {
            None => vec![part.to_owned()],
            Some(table) => match table.get(&fold(part)) {
                Some(values) => values.clone(),
                None => match self.unmapped {
                    Unmapped::Keep => vec![part.to_owned()],
                    Unmapped::Drop => Vec::new(),
                    Unmapped::Report => {
                        problems.push(Problem::warning(
                            field,
                            format!("« {part} » (column {column}) is not in the mapping's values; left out"),
                        ));
                        Vec::new()
                    }
                },
            },
        };
        for value in mapped {
            if self.dates.is_empty() {
                out.push(value);
            } else {
                match parse_date(&value, &self.dates) {
                    Ok(date) => out.push(date.format("%Y-%m-%d").to_string()),
                    Err(reason) => problems.push(Problem::error(
                        field,
                        format!("« {value} » (column {column}) {reason}"),
                    )),
                }
            }
        }
    }
}

impl Flag {
    fn new(spec: &FlagSpec) -> Flag {
        let when = match &spec.when {
            Some(values) => values.iter().map(|v| fold(v)).collect(),
            None => YES.iter().map(|v| (*v).to_owned()).collect(),
        };
        Flag {
            column: spec.column.clone(),
            values: spec.value.to_vec(),
            when,
        }
    }
}

/// The postcode of the commune named `name` (in `departement`), when there is exactly one
/// such commune and it has exactly one postcode; otherwise the reason is reported.
fn postcode_of(
    name: &str,
    departement: Option<&str>,
    field: &str,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let wanted = fold(name);
    // The index finds the few communes of that name (CEDEX and `St` aside); the exact folded
    // name decides among them.
    let communes: Vec<&aiguillage_territory::Commune> = aiguillage_territory::Admin::embedded()
        .communes_named(name)
        .into_iter()
        .filter(|c| departement.is_none_or(|d| c.departement == d) && fold(&c.nom) == wanted)
        .collect();
    let reason = match communes[..] {
        [commune] => match &commune.codes_postaux[..] {
            [postcode] => return Some(postcode.clone()),
            several => format!(
                "commune « {name} » has several postcodes ({}): the source must give it",
                several.join(", ")
            ),
        },
        [] => format!(
            "no commune « {name} » in the INSEE tables{}",
            in_departement(departement)
        ),
        _ => format!(
            "several communes are named « {name} »{}",
            in_departement(departement)
        ),
    };
    problems.push(Problem::warning(field, reason));
    None
}

fn in_departement(departement: Option<&str>) -> String {
    departement
        .map(|d| format!(" (département {d})"))
        .unwrap_or_default()
}

/// A non-blank cell. Exports often write `None`, `null` or `-` for an empty cell.
pub(crate) fn cell<'c>(cells: &'c Cells, column: &str) -> Option<&'c str> {
    cells
        .get(column)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty() && !matches!(*v, "None" | "null" | "NULL" | "-" | "nan"))
}

/// Years before this are a misreading, not a place's update: `%Y` reads the `24` of
/// `1/2/24` as the year 24.
const FIRST_YEAR: i32 = 1900;

/// A date written in one of `formats`, with or without a time after it; else why not.
fn parse_date(value: &str, formats: &[String]) -> Result<NaiveDate, String> {
    let mut early = None;
    for format in formats {
        match parse_date_as(value, format) {
            Some(date) if date.year() >= FIRST_YEAR => return Ok(date),
            Some(date) => early = early.or(Some((date, format))),
            None => {}
        }
    }
    Err(match early {
        Some((date, format)) => format!(
            "reads as the year {:04} with {format}: a two-digit year is written %y, not %Y",
            date.year()
        ),
        None => format!("matches none of the date formats {}", formats.join(", ")),
    })
}

/// A date written as `format`, with or without a time after it.
fn parse_date_as(value: &str, format: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, format)
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(value, format)
                .ok()
                .map(|t| t.date())
        })
        .or_else(|| {
            // « 2022-09-26 19:00:45 » with a date-only format: read the date part.
            let (date, _) = value.split_once([' ', 'T'])?;
            NaiveDate::parse_from_str(date, format).ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(pairs: &[(&str, &str)]) -> Cells {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn values(spec: ValueSpec, row: &[(&str, &str)]) -> (Vec<String>, Vec<Problem>) {
        let rule = Rule::new(Field::Nom, spec).unwrap();
        let mut problems = Vec::new();
        (rule.values(&cells(row), "nom", &mut problems), problems)
    }

    #[test]
    fn columns_constants_and_concatenations() {
        let column = ValueSpec {
            column: Some("A".into()),
            ..ValueSpec::default()
        };
        assert_eq!(values(column.clone(), &[("A", " x ")]).0, ["x"]);
        assert!(values(column.clone(), &[("A", "None")]).0.is_empty());
        let with_default = ValueSpec {
            default: Some("d".into()),
            ..column
        };
        assert_eq!(values(with_default, &[]).0, ["d"]);
        let concat = ValueSpec {
            concat: Some(vec!["N°".into(), "RUE".into()]),
            ..ValueSpec::default()
        };
        assert_eq!(
            values(concat.clone(), &[("N°", "20"), ("RUE", "rue Armand")]).0,
            ["20 rue Armand"]
        );
        assert_eq!(values(concat, &[("RUE", "rue Armand")]).0, ["rue Armand"]);
    }

    #[test]
    fn parts_of_a_cell() {
        let postcode = ValueSpec {
            column: Some("A".into()),
            extract: Some(r"\b(\d{5})\b".into()),
            ..ValueSpec::default()
        };
        assert_eq!(
            values(
                postcode.clone(),
                &[("A", "7 Bis rue Max Linder - 33500 LIBOURNE")]
            )
            .0,
            ["33500"]
        );
        assert!(values(postcode, &[("A", "sans code")]).0.is_empty());
        let street = ValueSpec {
            column: Some("A".into()),
            extract: Some(r"^(.*?)\s*-?\s*\d{5}".into()),
            ..ValueSpec::default()
        };
        assert_eq!(
            values(street, &[("A", "7 Bis rue Max Linder - 33500 LIBOURNE")]).0,
            ["7 Bis rue Max Linder"]
        );
        let bad = ValueSpec {
            column: Some("A".into()),
            extract: Some("(".into()),
            ..ValueSpec::default()
        };
        assert!(Rule::new(Field::Nom, bad).is_err());
    }

    #[test]
    fn value_tables_fold_and_report() {
        let spec = ValueSpec {
            column: Some("S".into()),
            split: Some(";".into()),
            values: Some(
                [
                    ("Médiathèque".to_owned(), OneOrMany::One("BIB".into())),
                    ("ignoré".to_owned(), OneOrMany::Many(vec![])),
                    (
                        "Être parent à l’ère numérique".to_owned(),
                        OneOrMany::One("PARENT".into()),
                    ),
                ]
                .into(),
            ),
            ..ValueSpec::default()
        };
        // Keys match without case, accents, nor apostrophe style (’ or ').
        let (out, problems) = values(
            spec,
            &[("S", "MEDIATHEQUE; Ignoré ;autre; etre parent a l'ere  numerique")],
        );
        assert_eq!(out, ["BIB", "PARENT"]);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "nom: warning: « autre » (column S) is not in the mapping's values; left out"
        );
    }

    #[test]
    fn flags() {
        let spec = ValueSpec {
            flags: Some(vec![
                FlagSpec {
                    column: "PBC_Senior".into(),
                    value: OneOrMany::One("Seniors".into()),
                    when: Some(vec!["OUI".into(), "Seniors".into()]),
                },
                FlagSpec {
                    column: "WIFI".into(),
                    value: OneOrMany::One("Accès internet et matériel informatique".into()),
                    when: None,
                },
            ]),
            ..ValueSpec::default()
        };
        assert_eq!(
            values(spec.clone(), &[("PBC_Senior", "seniors"), ("WIFI", "non")]).0,
            ["Seniors"]
        );
        assert_eq!(
            values(spec, &[("WIFI", "X")]).0,
            ["Accès internet et matériel informatique"]
        );
    }

    #[test]
    fn postcodes_of_communes() {
        let spec = ValueSpec {
            postcode_of: Some("C".into()),
            departement: Some("33".into()),
            ..ValueSpec::default()
        };
        assert_eq!(values(spec.clone(), &[("C", "Martignas-sur-Jalle")]).0, ["33127"]);
        let (out, problems) = values(spec.clone(), &[("C", "Bordeaux")]);
        assert!(out.is_empty());
        assert!(problems[0].message.contains("several postcodes"), "{problems:?}");
        let (_, problems) = values(spec, &[("C", "Brest")]);
        assert!(problems[0]
            .message
            .contains("no commune « Brest » in the INSEE tables (département 33)"));
    }

    #[test]
    fn dates() {
        let spec = ValueSpec {
            column: Some("D".into()),
            date: Some(OneOrMany::Many(vec!["%d/%m/%Y".into(), "%Y/%m/%d".into()])),
            ..ValueSpec::default()
        };
        assert_eq!(values(spec.clone(), &[("D", "19/02/2020")]).0, ["2020-02-19"]);
        assert_eq!(
            values(spec.clone(), &[("D", "2020/06/30 14:16:50.898")]).0,
            ["2020-06-30"]
        );
        let (out, problems) = values(spec, &[("D", "hier")]);
        assert!(out.is_empty());
        assert!(problems[0]
            .to_string()
            .contains("matches none of the date formats %d/%m/%Y, %Y/%m/%d"));
    }

    #[test]
    fn two_digit_years_are_not_read_as_the_first_century() {
        let year_in_full = ValueSpec {
            column: Some("D".into()),
            date: Some(OneOrMany::One("%d/%m/%Y".into())),
            ..ValueSpec::default()
        };
        let (out, problems) = values(year_in_full.clone(), &[("D", "1/2/24")]);
        assert!(out.is_empty());
        assert_eq!(
            problems[0].to_string(),
            "nom: « 1/2/24 » (column D) reads as the year 0024 with %d/%m/%Y: a two-digit year is written %y, not %Y"
        );
        // A later format can read it.
        let either = ValueSpec {
            date: Some(OneOrMany::Many(vec!["%d/%m/%Y".into(), "%d/%m/%y".into()])),
            ..year_in_full
        };
        assert_eq!(values(either.clone(), &[("D", "1/2/24")]).0, ["2024-02-01"]);
        assert_eq!(values(either, &[("D", "01/02/2024")]).0, ["2024-02-01"]);
    }

    #[test]
    fn bad_rules_are_refused_when_loading() {
        assert!(Rule::new(Field::Nom, ValueSpec::default()).is_err());
        let two = ValueSpec {
            column: Some("A".into()),
            constant: Some("b".into()),
            ..ValueSpec::default()
        };
        assert!(Rule::new(Field::Nom, two).is_err());
        let bad_date = ValueSpec {
            column: Some("A".into()),
            date: Some(OneOrMany::One("%Q".into())),
            ..ValueSpec::default()
        };
        assert!(Rule::new(Field::Nom, bad_date).is_err());
    }
}
