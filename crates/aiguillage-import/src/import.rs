//! Importing a file into the store: read, validate, upsert in one transaction.

use std::collections::HashMap;
use std::path::Path;

use aiguillage_model::{Field, Place, Problem, Severity, ValidationContext, Validator};
use aiguillage_store::{ImportLog, Store, UpsertCounts, WriteMode};

use crate::read::{read, SourceRow};
use crate::{Format, ImportError, LineProblem};

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

/// What an import did, and every problem it found.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The file name as given (used in problem lines).
    pub file: String,
    /// Every problem, by line.
    pub problems: Vec<LineProblem>,
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
    /// One `FILE:LINE: field: reason` line per problem.
    pub fn problem_lines(&self) -> impl Iterator<Item = String> + '_ {
        self.problems.iter().map(|p| p.render(&self.file))
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

/// Imports `content`, named `file` in reports, into `store`.
///
/// Accepted rows are upserted by `id` in a single transaction: all of them are stored, or
/// (on any database error, a crash or a kill) none. `progress(done, total)` follows the
/// database phase.
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
    let rows = read(content, format)?;
    let mut problems = rows.problems;
    let mut places: Vec<Place> = Vec::with_capacity(rows.rows.len());
    let mut first_line_of_id: HashMap<String, u64> = HashMap::new();
    let mut rejected = 0;

    for (line, mut row_problems, mut place) in check_rows(&rows.rows, options.context) {
        if let Some(p) = &place {
            if let Some(first) = first_line_of_id.get(&p.id) {
                row_problems.push(Problem::error(
                    Field::Id.name(),
                    format!("« {} » is already used at line {first}", p.id),
                ));
                place = None;
            } else {
                first_line_of_id.insert(p.id.clone(), line);
            }
        }
        match place {
            Some(p) => places.push(p),
            None => rejected += 1,
        }
        problems.extend(
            row_problems
                .into_iter()
                .map(|problem| LineProblem { line, problem }),
        );
    }
    let warnings = problems
        .iter()
        .filter(|p| p.problem.severity == Severity::Warning)
        .count();

    let strict_refused = options.strict && rejected > 0;
    let counts = if strict_refused {
        rejected += places.len();
        UpsertCounts::default()
    } else {
        let mode = if options.dry_run {
            WriteMode::DryRun
        } else {
            WriteMode::Commit
        };
        let total = places.len();
        store
            .upsert(&places, file, mode, &mut |done| progress(done, total))
            .await?
    };
    if !options.dry_run && !strict_refused {
        store
            .log_import(
                file,
                ImportLog {
                    counts,
                    rejected,
                    warnings,
                },
            )
            .await?;
    }
    Ok(ImportReport {
        file: file.to_owned(),
        problems,
        counts,
        rejected,
        warnings,
        strict_refused,
        dry_run: options.dry_run,
    })
}

/// A row after validation: its line, its problems, and its place unless rejected.
type CheckedRow = (u64, Vec<Problem>, Option<Place>);

/// Validates rows on every core (validation is CPU-bound: opening-hours parsing dominates),
/// keeping file order.
fn check_rows(rows: &[SourceRow], context: ValidationContext) -> Vec<CheckedRow> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let chunk = rows.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = rows
            .chunks(chunk)
            .map(|chunk| {
                scope.spawn(move || {
                    let mut validator = Validator::new(context);
                    chunk
                        .iter()
                        .map(|row| check_row(&mut validator, row))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}

fn check_row(validator: &mut Validator, row: &SourceRow) -> CheckedRow {
    let mut problems = row.problems.clone();
    let place = row.record.as_ref().and_then(|record| {
        let validation = validator.validate(record);
        problems.extend(validation.problems);
        validation.place
    });
    let rejected = problems.iter().any(|p| p.severity == Severity::Error);
    (row.line, problems, place.filter(|_| !rejected))
}
