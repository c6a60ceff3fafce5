//! Importing a file into the store: read, validate, upsert in one transaction.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use aiguillage_ingest_read::{read, Format, LineProblem, Rows, SourceRow};
use aiguillage_model::{
    merge_values, ApproximatePosition, Field, Place, Problem, Severity, ValidationContext, Validator,
};
use aiguillage_store::{Store, Upsert, UpsertCounts, WriteMode};
use rayon::prelude::*;

use crate::ImportError;

/// How to import.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    /// The format; detected from the file name and content when `None`.
    pub format: Option<Format>,
    /// Reject the whole file when any row is invalid.
    pub strict: bool,
    /// Validate and count, but write nothing.
    pub dry_run: bool,
    /// Validation context (today's date).
    pub context: ValidationContext,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            format: None,
            strict: false,
            dry_run: false,
            context: ValidationContext::today(),
        }
    }
}

/// Most problems an [`ImportReport`] lists: a file of 600,000 junk rows held 1.15 GB of problem
/// texts. Beyond them problems are only counted, by field and severity.
pub const LISTED_PROBLEMS: usize = 1_000;

/// What an import did, and the problems it found: the first [`LISTED_PROBLEMS`] in full, every
/// one counted.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The file name as given (used in problem lines).
    pub file: String,
    /// The first [`LISTED_PROBLEMS`] problems, by line.
    pub problems: Vec<LineProblem>,
    /// The problems not listed in `problems`, counted by field and severity.
    pub unlisted: BTreeMap<(String, Severity), usize>,
    /// What was (or, in a dry run, would be) written.
    pub counts: UpsertCounts,
    /// Rows not imported.
    pub rejected: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// `--strict` refused the file because some rows were invalid.
    pub strict_refused: bool,
    /// Nothing was written on purpose.
    pub dry_run: bool,
}

impl ImportReport {
    /// One `FILE:LINE: field: reason` line per listed problem, then, when some were not
    /// listed, `FILE: … and N more problems: field: K errors, …`.
    pub fn problem_lines(&self) -> impl Iterator<Item = String> + '_ {
        let listed = self.problems.iter().map(|p| p.render(&self.file));
        listed.chain(self.unlisted_line())
    }

    fn unlisted_line(&self) -> Option<String> {
        let total: usize = self.unlisted.values().sum();
        if total == 0 {
            return None;
        }
        let counts: Vec<String> = self
            .unlisted
            .iter()
            .map(|((field, severity), n)| {
                let kind = match severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                format!(
                    "{field}: {} {kind}{}",
                    thousands(*n),
                    if *n == 1 { "" } else { "s" }
                )
            })
            .collect();
        Some(format!(
            "{}: … and {} more problems, not listed ({})",
            self.file,
            thousands(total),
            counts.join(", ")
        ))
    }

    /// `imported N, updated M, unchanged U, rejected K, warnings W`.
    pub fn summary(&self) -> String {
        format!(
            "imported {}, updated {}, unchanged {}, rejected {}, warnings {}",
            self.counts.imported, self.counts.updated, self.counts.unchanged, self.rejected, self.warnings
        )
    }

    /// Whether any row was rejected (exit code 1).
    pub fn has_rejections(&self) -> bool {
        self.rejected > 0
    }
}

/// `n` with its thousands separated by commas: `598,999`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Rows validated while the previous batch is written.
const BATCH_ROWS: usize = 4096;

/// Imports `content`, named `file` in reports, into `store`.
///
/// Accepted rows are upserted by `id` in a single transaction: all of them are stored, or
/// (on any database error, a crash or a kill) none. Validation of each batch of rows runs
/// on every core while the previous batch is written. `progress(done, total)` follows the
/// rows.
pub async fn import(
    store: &Store,
    file: &str,
    content: &[u8],
    options: &ImportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport, ImportError> {
    let format = options
        .format
        .unwrap_or_else(|| Format::detect(Path::new(file), content));
    let started = Instant::now();
    let rows = read(content, format)?;
    tracing::debug!(rows = rows.rows.len(), elapsed = ?started.elapsed(), "read {file}");
    import_rows(store, file, rows, options, progress).await
}

/// Validates and stores rows already read (from a standard file, or a source file through a
/// mapping), exactly as [`import`] does; `options.format` is not used.
pub async fn import_rows(
    store: &Store,
    file: &str,
    rows: Rows,
    options: &ImportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport, ImportError> {
    let started = Instant::now();
    let mut outcome = Outcome {
        problems: Problems::default(),
        rejected: 0,
        first_line_of_id: HashMap::new(),
    };
    for problem in rows.problems {
        outcome.problems.push(problem);
    }
    let total = rows.rows.len();
    let approximate = rows.approximate;
    let rows = Arc::new(rows.rows);
    let validator = Validator::new(options.context);
    let batches = total.div_ceil(BATCH_ROWS);
    let validate_batch = |i: usize| {
        let (rows, validator) = (Arc::clone(&rows), validator.clone());
        tokio::task::spawn_blocking(move || {
            let batch = &rows[i * BATCH_ROWS..((i + 1) * BATCH_ROWS).min(rows.len())];
            batch
                .par_iter()
                .map(|row| check_row(&validator, row))
                .collect::<Vec<_>>()
        })
    };

    let mut upsert = store.begin_upsert(file).await?;
    let mut next = (batches > 0).then(|| validate_batch(0));
    let mut done = 0;
    for i in 0..batches {
        let Some(validating) = next.take() else { break };
        let checked = validating
            .await
            .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
        next = (i + 1 < batches).then(|| validate_batch(i + 1));
        done += checked.len();
        let accepted: Vec<Place> = outcome
            .record(checked)
            .into_iter()
            .map(|place| with_absorbed_values(&upsert, place))
            .collect();
        upsert.add(&accepted).await?;
        progress(done, total);
    }
    // Rejected rows' places, if stored before, keep the position they had.
    let approximate: Vec<ApproximatePosition> = approximate
        .into_iter()
        .filter(|p| outcome.first_line_of_id.contains_key(&p.place_id))
        .collect();
    upsert.mark_approximate(&approximate).await?;
    let warnings = outcome.problems.warnings;
    let strict_refused = options.strict && outcome.rejected > 0;
    let mode = if options.dry_run || strict_refused {
        WriteMode::DryRun
    } else {
        WriteMode::Commit
    };
    let mut counts = upsert.finish(mode, outcome.rejected, warnings).await?;
    let mut rejected = outcome.rejected;
    if strict_refused {
        rejected = total;
        counts = UpsertCounts::default();
    }
    tracing::debug!(elapsed = ?started.elapsed(), "stored {file}");
    Ok(ImportReport {
        file: file.to_owned(),
        problems: outcome.problems.listed,
        unlisted: outcome.problems.unlisted,
        counts,
        rejected,
        warnings,
        strict_refused,
        dry_run: options.dry_run,
    })
}

/// A place that `dedupe` kept gets, where its source leaves a field blank, the value the places
/// merged into it brought, as the merge did: re-importing its source does not undo the merge.
fn with_absorbed_values(upsert: &Upsert, place: Place) -> Place {
    upsert
        .absorbed_by(&place.id)
        .iter()
        .fold(place, |kept, absorbed| merge_values(&kept, absorbed))
}

/// The problems found so far: the first [`LISTED_PROBLEMS`], and counts of the others.
#[derive(Default)]
struct Problems {
    listed: Vec<LineProblem>,
    unlisted: BTreeMap<(String, Severity), usize>,
    warnings: usize,
}

impl Problems {
    fn push(&mut self, problem: LineProblem) {
        if problem.problem.severity == Severity::Warning {
            self.warnings += 1;
        }
        if self.listed.len() < LISTED_PROBLEMS {
            self.listed.push(problem);
        } else {
            let Problem { field, severity, .. } = problem.problem;
            *self.unlisted.entry((field, severity)).or_default() += 1;
        }
    }
}

/// What the validated rows said so far.
struct Outcome {
    problems: Problems,
    rejected: usize,
    /// Where each accepted id was first seen: a later row with the same id is rejected.
    first_line_of_id: HashMap<String, u64>,
}

impl Outcome {
    /// Records a batch of validated rows (in file order) and returns its accepted places.
    fn record(&mut self, checked: Vec<CheckedRow>) -> Vec<Place> {
        let mut accepted = Vec::with_capacity(checked.len());
        for (line, mut problems, mut place, feature) in checked {
            if let Some(p) = &place {
                if let Some(first) = self.first_line_of_id.get(&p.id) {
                    problems.push(Problem::error(
                        Field::Id.name(),
                        format!("« {} » is already used at line {first}", p.id),
                    ));
                    place = None;
                } else {
                    self.first_line_of_id.insert(p.id.clone(), line);
                }
            }
            match place {
                Some(p) => accepted.push(p),
                None => self.rejected += 1,
            }
            for mut problem in problems {
                // A minified GeoJSON file holds every feature on line 1.
                if let Some(n) = feature {
                    problem.message = format!("feature {n}: {}", problem.message);
                }
                self.problems.push(LineProblem { line, problem });
            }
        }
        accepted
    }
}

/// A row after validation: its line, its problems, its place unless rejected, and its
/// GeoJSON feature's index.
type CheckedRow = (u64, Vec<Problem>, Option<Place>, Option<u64>);

fn check_row(validator: &Validator, row: &SourceRow) -> CheckedRow {
    let mut problems = row.problems.clone();
    let place = row.record.as_ref().and_then(|record| {
        let validation = validator.validate(record);
        // A field the reading already reported (a mapping's hours text it could not
        // convert, a date in none of its formats) is not reported again by the validator in
        // other words, unless the validator finds it worse.
        let new: Vec<Problem> = validation
            .problems
            .into_iter()
            .filter(|p| {
                !row.problems
                    .iter()
                    .any(|known| known.field == p.field && known.severity >= p.severity)
            })
            .collect();
        problems.extend(new);
        validation.place
    });
    let rejected = problems.iter().any(|p| p.severity == Severity::Error);
    (row.line, problems, place.filter(|_| !rejected), row.feature)
}

#[cfg(test)]
mod tests {
    use aiguillage_model::RawRecord;

    use super::*;

    fn row(horaires: &str, date_maj: Option<&str>, problems: Vec<Problem>) -> SourceRow {
        let mut record = RawRecord::default();
        for (field, value) in [
            (Field::Id, "a"),
            (Field::Pivot, "21290019700015"),
            (Field::Nom, "Médiathèque"),
            (Field::Commune, "Brest"),
            (Field::CodePostal, "29200"),
            (Field::Adresse, "2 rue Frézier"),
            (Field::Horaires, horaires),
        ] {
            record.set(field, value);
        }
        if let Some(date) = date_maj {
            record.set(Field::DateMaj, date);
        }
        SourceRow {
            line: 2,
            feature: None,
            record: Some(record),
            problems,
        }
    }

    fn fields(checked: &CheckedRow) -> Vec<(&str, Severity)> {
        checked.1.iter().map(|p| (p.field.as_str(), p.severity)).collect()
    }

    #[tokio::test]
    async fn problems_beyond_the_listed_ones_are_only_counted() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("test.db")).await.unwrap();
        // 200,000 one-column junk rows (each missing every required column), one valid row.
        let mut csv = String::from("id,pivot,nom,commune,code_postal,adresse,date_maj\n");
        csv.push_str("a,21290019700015,Médiathèque,Brest,29200,2 rue Frézier,2026-01-02\n");
        for i in 0..200_000 {
            csv.push_str(&format!("junk{i}\n"));
        }
        let report = import(
            &store,
            "junk.csv",
            csv.as_bytes(),
            &ImportOptions::default(),
            &mut |_, _| {},
        )
        .await
        .unwrap();
        assert_eq!(report.problems.len(), LISTED_PROBLEMS);
        assert_eq!(
            (report.rejected, report.counts.imported, report.warnings),
            (200_000, 1, 0)
        );
        let unlisted: usize = report.unlisted.values().sum();
        assert_eq!(unlisted + LISTED_PROBLEMS, 200_000, "one problem a junk row");
        let lines: Vec<String> = report.problem_lines().collect();
        assert_eq!(lines.len(), LISTED_PROBLEMS + 1);
        assert_eq!(
            lines[LISTED_PROBLEMS],
            "junk.csv: … and 199,000 more problems, not listed (row: 199,000 errors)"
        );
        assert_eq!(
            report.summary(),
            "imported 1, updated 0, unchanged 0, rejected 200000, warnings 0"
        );
    }

    #[tokio::test]
    async fn composed_and_decomposed_spellings_are_one_place_and_huge_ids_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("test.db")).await.unwrap();
        let huge = "x".repeat(1 << 20);
        let csv = format!(
            "id,pivot,nom,commune,code_postal,adresse,date_maj\n\
             médiathèque,21290019700015,Médiathèque,Brest,29200,2 rue Frézier,2026-01-02\n\
             me\u{301}diathe\u{300}que,21290019700015,Me\u{301}diathe\u{300}que,Brest,29200,2 rue Frézier,2026-01-02\n\
             {huge},21290019700015,Médiathèque,Brest,29200,2 rue Frézier,2026-01-02\n"
        );
        let report = import(
            &store,
            "l.csv",
            csv.as_bytes(),
            &ImportOptions::default(),
            &mut |_, _| {},
        )
        .await
        .unwrap();
        let lines: Vec<String> = report.problem_lines().collect();
        assert_eq!(
            lines,
            [
                "l.csv:3: id: « médiathèque » is already used at line 2",
                "l.csv:4: id: 1048576 bytes long, at most 200 allowed"
            ]
        );
        assert_eq!((report.counts.imported, report.rejected), (1, 2));
    }

    #[tokio::test]
    async fn every_problem_of_a_feature_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("test.db")).await.unwrap();
        let feature = |id: &str, lon: f64| {
            format!(
                r#"{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{lon},48.39]}},"properties":{{"id":"{id}","pivot":"21290019700015","nom":"M","commune":"Brest","code_postal":"29200","adresse":"1 rue","date_maj":"2026-01-02","latitude":48.39,"longitude":-4.48}}}}"#
            )
        };
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{},{},{}]}}"#,
            feature("a", -4.48),
            feature("a", -4.48),
            feature("b", -4.6)
        );
        let report = import(
            &store,
            "l.geojson",
            text.as_bytes(),
            &ImportOptions::default(),
            &mut |_, _| {},
        )
        .await
        .unwrap();
        let lines: Vec<String> = report.problem_lines().collect();
        assert_eq!(
            lines,
            [
                "l.geojson:1: id: feature 2: « a » is already used at line 1",
                "l.geojson:1: geometry: feature 3: the Point [-4.6, 48.39] contradicts the properties \
                 latitude 48.39, longitude -4.48 (more than 0.000001 degrees apart)"
            ]
        );
    }

    #[test]
    fn thousands_are_separated() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (598_999, "598,999"),
            (1_234_567, "1,234,567"),
        ];
        for (n, text) in cases {
            assert_eq!(thousands(n), text);
        }
    }

    #[test]
    fn a_field_the_reading_reported_is_not_reported_twice() {
        let validator = Validator::new(ValidationContext::today());
        let hours = Problem::warning("horaires", "« le matin » not converted; kept as text");
        let checked = check_row(&validator, &row("le matin", Some("2026-01-02"), vec![hours]));
        assert_eq!(fields(&checked), [("horaires", Severity::Warning)]);
        assert!(checked.2.is_some());

        let date = Problem::error("date_maj", "« 31/02/2025 » matches none of the date formats");
        let checked = check_row(&validator, &row("Mo 09:00-12:00", None, vec![date]));
        assert_eq!(fields(&checked), [("date_maj", Severity::Error)]);
        assert!(checked.2.is_none());
    }

    #[test]
    fn a_worse_problem_on_the_same_field_is_still_reported() {
        let validator = Validator::new(ValidationContext::today());
        let note = Problem::warning("date_maj", "taken from the file's export date");
        let checked = check_row(&validator, &row("Mo 09:00-12:00", None, vec![note]));
        assert_eq!(
            fields(&checked),
            [("date_maj", Severity::Warning), ("date_maj", Severity::Error)]
        );
        assert!(checked.2.is_none());
    }
}
