//! Value rules, checked and prepared once when the mapping is loaded, then applied to every row.

use std::collections::{HashMap, HashSet};

use aiguillage_model::{fold, Problem};
use chrono::{NaiveDate, NaiveDateTime};

use crate::spec::{FlagSpec, Unmapped, ValueSpec};
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
    /// Checks `spec`, the rule of `field` in the mapping file.
    pub(crate) fn new(field: &str, spec: ValueSpec) -> Result<Rule, MappingError> {
        let invalid = |reason: String| MappingError::Invalid {
            at: format!("fields.{field}"),
            reason,
        };
        let origins = [
            spec.column.is_some(),
            spec.constant.is_some(),
            spec.concat.is_some(),
            spec.flags.is_some(),
            spec.postcode_of.is_some(),
        ];
        if origins.iter().filter(|set| **set).count() != 1 {
            return Err(invalid(
                "give exactly one of `column`, `constant`, `concat`, `flags` and `postcode_of`".to_owned(),
            ));
        }
        let origin = if let Some(column) = spec.column {
            Origin::Column(column)
        } else if let Some(constant) = spec.constant {
            Origin::Constant(constant)
        } else if let Some(columns) = spec.concat {
            if columns.is_empty() {
                return Err(invalid("`concat` needs at least one column".to_owned()));
            }
            Origin::Concat {
                columns,
                separator: spec.separator.unwrap_or_else(|| " ".to_owned()),
            }
        } else if let Some(column) = spec.postcode_of {
            Origin::PostcodeOf {
                column,
                departement: spec.departement,
            }
        } else {
            Origin::Flags(
                spec.flags
                    .unwrap_or_default()
                    .into_iter()
                    .map(Flag::new)
                    .collect(),
            )
        };
        let extract = spec
            .extract
            .map(|pattern| regex::Regex::new(&pattern))
            .transpose()
            .map_err(|e| invalid(format!("`extract` is not a valid regular expression: {e}")))?;
        let dates = spec.date.map(|d| d.to_vec()).unwrap_or_default();
        for format in &dates {
            // A format chrono cannot use would fail on every row: say so once, now.
            if chrono::format::StrftimeItems::new(format).parse().is_err() {
                return Err(invalid(format!("« {format} » is not a valid date format")));
            }
        }
        let table = spec.values.map(|values| {
            values
                .into_iter()
                .map(|(from, to)| (fold(&from), to.to_vec()))
                .collect()
        });
        Ok(Rule {
            origin,
            extract,
            split: spec.split.map(|s| s.chars().collect()).unwrap_or_default(),
            table,
            unmapped: spec.unmapped.unwrap_or_default(),
            dates,
            default: spec.default,
        })
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
            let value = match &self.extract {
                None => value,
                Some(pattern) => match pattern.captures(&value) {
                    Some(found) => found
                        .get(1)
                        .or_else(|| found.get(0))
                        .map_or_else(String::new, |m| m.as_str().to_owned()),
                    None => continue,
                },
            };
            for part in self.parts(&value) {
                self.map(part, column, field, problems, &mut out);
            }
        }
        if out.is_empty() {
            out.extend(self.default.clone());
        }
        out
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
                    Some(date) => out.push(date.format("%Y-%m-%d").to_string()),
                    None => problems.push(Problem::error(
                        field,
                        format!(
                            "« {value} » (column {column}) matches none of the date formats {}",
                            self.dates.join(", ")
                        ),
                    )),
                }
            }
        }
    }
}

impl Flag {
    fn new(spec: FlagSpec) -> Flag {
        let when = match spec.when {
            Some(values) => values.iter().map(|v| fold(v)).collect(),
            None => YES.iter().map(|v| (*v).to_owned()).collect(),
        };
        Flag {
            column: spec.column,
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

/// A date written in one of `formats`, with or without a time after it.
fn parse_date(value: &str, formats: &[String]) -> Option<NaiveDate> {
    formats.iter().find_map(|format| {
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::OneOrMany;

    fn cells(pairs: &[(&str, &str)]) -> Cells {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn values(spec: ValueSpec, row: &[(&str, &str)]) -> (Vec<String>, Vec<Problem>) {
        let rule = Rule::new("f", spec).unwrap();
        let mut problems = Vec::new();
        (rule.values(&cells(row), "f", &mut problems), problems)
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
        assert!(Rule::new("f", bad).is_err());
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
                ]
                .into(),
            ),
            ..ValueSpec::default()
        };
        let (out, problems) = values(spec, &[("S", "MEDIATHEQUE; Ignoré ;autre")]);
        assert_eq!(out, ["BIB"]);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "f: warning: « autre » (column S) is not in the mapping's values; left out"
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
    fn bad_rules_are_refused_when_loading() {
        assert!(Rule::new("f", ValueSpec::default()).is_err());
        let two = ValueSpec {
            column: Some("A".into()),
            constant: Some("b".into()),
            ..ValueSpec::default()
        };
        assert!(Rule::new("f", two).is_err());
        let bad_date = ValueSpec {
            column: Some("A".into()),
            date: Some(OneOrMany::One("%Q".into())),
            ..ValueSpec::default()
        };
        assert!(Rule::new("f", bad_date).is_err());
    }
}
