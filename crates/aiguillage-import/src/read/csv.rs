//! CSV: UTF-8, `,` `;` or tab delimiter sniffed from the header, RFC 4180 quoting.

use aiguillage_model::{Field, Problem, RawRecord};

use super::{Rows, SourceRow};
use crate::{LineProblem, ReadError};

pub(super) fn read(text: &str) -> Result<Rows, ReadError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(csv_error)?.clone();

    let mut out = Rows::default();
    let mut columns: Vec<Option<Field>> = Vec::with_capacity(header.len());
    for name in header.iter() {
        let field = Field::from_name(name);
        let problem = match field {
            Some(f) if columns.contains(&Some(f)) => Some(Problem::warning(
                f.name(),
                "duplicate column; only the first one is read",
            )),
            Some(_) => None,
            None if name.trim().is_empty() => None,
            None => Some(Problem::warning(
                name.trim(),
                "unknown column, ignored (not a field of the standard)",
            )),
        };
        if let Some(problem) = problem {
            out.problems.push(LineProblem { line: 1, problem });
            columns.push(None);
        } else {
            columns.push(field);
        }
    }
    let missing: Vec<&str> = Field::ALL
        .into_iter()
        .filter(|f| f.is_required() && !columns.contains(&Some(*f)))
        .map(Field::name)
        .collect();
    if !missing.is_empty() {
        return Err(ReadError::MissingColumns {
            missing: missing.join(", "),
            hint: format!(
                " (the header has: {}; is this a file of the standard « Lieux de médiation numérique »?)",
                header.iter().take(8).collect::<Vec<_>>().join(", ")
            ),
        });
    }

    for result in reader.records() {
        let record = result.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line());
        let row = if record.len() == header.len() {
            let mut fields = RawRecord::default();
            for (value, field) in record.iter().zip(&columns) {
                if let Some(field) = field {
                    fields.set(*field, value);
                }
            }
            SourceRow {
                line,
                record: Some(fields),
                problems: Vec::new(),
            }
        } else {
            // A short or long row is misaligned: its fields cannot be trusted.
            SourceRow {
                line,
                record: None,
                problems: vec![Problem::error(
                    "row",
                    format!("{} columns where the header has {}", record.len(), header.len()),
                )],
            }
        };
        out.rows.push(row);
    }
    Ok(out)
}

/// The delimiter used in the header line: the most frequent of `,`, `;` and tab outside
/// quotes (French spreadsheets export `;`).
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                    c.1 += 1;
                }
            }
            _ => {}
        }
    }
    counts.iter().max_by_key(|(_, n)| *n).map_or(b',', |(d, _)| *d)
}

fn csv_error(e: ::csv::Error) -> ReadError {
    let line = e.position().map_or(0, |p| p.line());
    ReadError::Csv {
        line,
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,pivot,nom,commune,code_postal,adresse,date_maj";

    #[test]
    fn sniffs_semicolons_and_ignores_quoted_commas() {
        assert_eq!(sniff_delimiter("\"a,b,c\";d;e\n1,2,3"), b';');
        assert_eq!(sniff_delimiter("a,b;c,d"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
    }

    #[test]
    fn rows_carry_their_starting_line() {
        let text = format!("{HEADER}\n1,123456789,\"Nom\nsur deux lignes\",Brest,29200,rue,2026-01-01\n2,123456789,B,Brest,29200,rue,2026-01-01\n");
        let rows = read(&text).unwrap();
        assert_eq!(rows.rows.len(), 2);
        assert_eq!(rows.rows[0].line, 2);
        assert_eq!(rows.rows[1].line, 4);
        assert_eq!(
            rows.rows[0].record.as_ref().unwrap().get(Field::Nom),
            Some("Nom\nsur deux lignes")
        );
    }

    #[test]
    fn semicolon_files_with_unknown_columns() {
        let text = "ID;pivot;nom;commune;code_postal;adresse;date_maj;remarque\n1;123456789;A;Brest;29200;rue;2026-01-01;x\n";
        let rows = read(text).unwrap();
        assert_eq!(rows.rows[0].record.as_ref().unwrap().get(Field::Id), Some("1"));
        assert_eq!(rows.problems.len(), 1);
        assert_eq!(
            rows.problems[0].to_string(),
            "1: remarque: warning: unknown column, ignored (not a field of the standard)"
        );
    }

    #[test]
    fn short_rows_are_flagged() {
        let rows = read(&format!("{HEADER}\n1,123456789,A\n")).unwrap();
        assert_eq!(
            rows.rows[0].problems[0].message,
            "3 columns where the header has 7"
        );
    }

    #[test]
    fn missing_required_columns_make_the_file_unreadable() {
        let err = read("nom,adresse\nA,rue\n").unwrap_err();
        assert!(
            err.to_string()
                .contains("id, pivot, commune, code_postal, date_maj"),
            "{err}"
        );
    }
}
