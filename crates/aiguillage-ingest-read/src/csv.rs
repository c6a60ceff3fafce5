//! CSV: UTF-8, `,` `;` or tab delimiter sniffed from the header, RFC 4180 quoting.

use aiguillage_model::{sniff_delimiter, Field, LineCounter, Problem, RawRecord};

use crate::rows::{Rows, SourceRow};
use crate::{LineProblem, ReadError};

pub(super) fn read(text: &str) -> Result<Rows, ReadError> {
    // Spreadsheets exported "for Excel" start with a `sep=;` line naming the delimiter.
    let (mut reader, mut lines) = open(text);
    // The header's line: 2 after an Excel `sep=` line.
    let header_line = lines.line_at(0);
    let header = reader.headers().map_err(|e| csv_error(e, &mut lines))?.clone();

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
            out.problems.push(LineProblem {
                line: header_line,
                problem,
            });
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
        let record = result.map_err(|e| csv_error(e, &mut lines))?;
        // Rows of empty cells (spreadsheets leave them below the data) are not places.
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let line = lines.line_of_text_at(record.position().map_or(0, |p| p.byte()));
        let row = if record.len() == header.len() {
            let mut fields = RawRecord::default();
            for (value, field) in record.iter().zip(&columns) {
                if let Some(field) = field {
                    fields.set(*field, value);
                }
            }
            SourceRow {
                line,
                feature: None,
                record: Some(fields),
                problems: Vec::new(),
            }
        } else {
            // A short or long row is misaligned: its fields cannot be trusted.
            SourceRow {
                line,
                feature: None,
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

/// A reader of `text` with its delimiter (from an Excel `sep=` first line, else sniffed),
/// and the counter of the lines where its records start.
pub(super) fn open(text: &str) -> (::csv::Reader<&[u8]>, LineCounter<'_>) {
    let (body, skipped_lines, delimiter) = match excel_separator(text) {
        Some((delimiter, rest)) => (rest, 1, delimiter),
        None => (text, 0, sniff_delimiter(text)),
    };
    let reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(body.as_bytes());
    // The CSV reader's own line count is off after blank lines and with CRLF endings.
    (reader, LineCounter::from_line(body, 1 + skipped_lines))
}

/// The delimiter named by a leading `sep=X` line, and the text after that line.
fn excel_separator(text: &str) -> Option<(u8, &str)> {
    let (first, rest) = text.split_once('\n')?;
    match first.trim_end_matches('\r').strip_prefix("sep=")?.as_bytes() {
        [d] => Some((*d, rest)),
        _ => None,
    }
}

pub(super) fn csv_error(e: ::csv::Error, lines: &mut LineCounter<'_>) -> ReadError {
    let line = e.position().map_or(0, |p| lines.line_of_text_at(p.byte()));
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
    fn lines_are_right_with_crlf_blank_lines_and_empty_rows() {
        let text = format!("{HEADER}\r\n1,123456789,A,Brest,29200,rue,2026-01-01\r\n\r\n,,,,,,\r\n2,123456789,\"B\r\nbis\",Brest,29200,rue,2026-01-01\r\n3,1,C\r\n");
        let rows = read(&text).unwrap();
        let lines: Vec<u64> = rows.rows.iter().map(|r| r.line).collect();
        assert_eq!(
            lines,
            vec![2, 5, 7],
            "the blank line and the row of empty cells are skipped"
        );
    }

    #[test]
    fn excel_sep_line_names_the_delimiter() {
        let text = format!(
            "sep=;\n{}\nx;y\n1;123456789;A;Brest;29200;rue;2026-01-01;ok\n",
            HEADER.replace(',', ";") + ";remarque"
        );
        let rows = read(&text).unwrap();
        assert_eq!(rows.problems[0].line, 2, "the header is line 2");
        assert_eq!(rows.rows[0].line, 3);
        assert_eq!(rows.rows[1].line, 4);
        assert_eq!(rows.rows[1].record.as_ref().unwrap().get(Field::Nom), Some("A"));
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
