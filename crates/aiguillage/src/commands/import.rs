//! `aiguillage import` and `aiguillage validate`.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use aiguillage_geocoder::Geocoder;
use aiguillage_import::{import, import_rows, ImportError, ImportOptions};
use aiguillage_ingest_mapping::Mapping;
use aiguillage_ingest_positions::locate_missing;
use aiguillage_ingest_read::read_table;
use aiguillage_ingest_read::Format;
use aiguillage_store::Store;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use super::Refused;
use crate::cli::{Input, SourceArgs};

/// How a hub's own file is read: its mapping, and the geocoder for rows without coordinates.
pub struct Source<'a> {
    pub mapping: &'a Path,
    pub geocoder_url: Option<&'a str>,
}

impl<'a> Source<'a> {
    /// The source's reading, when the file is a hub's own (`--mapping` given).
    pub fn of(args: &'a SourceArgs) -> Option<Source<'a>> {
        Some(Source {
            mapping: args.mapping.as_deref()?,
            geocoder_url: args.geocoder_url.as_deref(),
        })
    }
}

pub async fn run(
    store: &Store,
    input: &Input,
    source: Option<Source<'_>>,
    strict: bool,
    dry_run: bool,
) -> anyhow::Result<ExitCode> {
    let name = input.file.display().to_string();
    let content = match std::fs::read(&input.file) {
        Ok(c) => c,
        Err(e) => {
            return Err(Refused(format!("{name}: cannot read the file: {e}")).into());
        }
    };
    let mapping = match source.as_ref().map(|s| load_mapping(s.mapping)).transpose() {
        Ok(mapping) => mapping,
        Err(message) => {
            return Err(Refused(message).into());
        }
    };
    let geocoder = match source
        .as_ref()
        .and_then(|s| s.geocoder_url)
        .map(Geocoder::new)
        .transpose()
    {
        Ok(geocoder) => geocoder,
        Err(e) => {
            return Err(Refused(format!("--geocoder-url: {e}")).into());
        }
    };
    let options = ImportOptions {
        format: input.format,
        strict,
        dry_run,
        ..ImportOptions::default()
    };
    let bar = progress_bar();
    let mut progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let result = match &mapping {
        None => import(store, &name, &content, &options, &mut progress).await,
        Some(mapping) => {
            let format = input
                .format
                .unwrap_or_else(|| Format::detect(&input.file, &content));
            match read_table(&content, format) {
                Ok(table) => {
                    let mut rows = mapping.apply(&table);
                    locate_missing(&mut rows, store, geocoder.as_ref()).await?;
                    import_rows(store, &name, rows, &options, &mut progress).await
                }
                Err(e) => Err(ImportError::Read(e)),
            }
        }
    };
    bar.finish_and_clear();
    let report = match result {
        Ok(report) => report,
        Err(ImportError::Read(e)) => {
            return Err(Refused(e.render(&name)).into());
        }
        Err(e) => return Err(e).context("import failed; nothing was written"),
    };
    // Written with `?` rather than println!, so that `| head` closing the pipe ends the
    // command quietly instead of panicking.
    let mut stdout = std::io::stdout().lock();
    for line in report.problem_lines() {
        writeln!(stdout, "{line}")?;
    }
    writeln!(stdout, "{}", report.summary())?;
    stdout.flush()?;
    if report.strict_refused {
        eprintln!("--strict: some rows are invalid, so nothing was imported");
    } else if report.dry_run {
        eprintln!("dry run: nothing was written");
    }
    Ok(if report.has_rejections() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The mapping file, or the message saying why it cannot be used (`FILE: at: reason`).
fn load_mapping(path: &Path) -> Result<Mapping, String> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read the mapping: {e}"))?;
    Mapping::from_toml(&text).map_err(|e| format!("{name}: {e}"))
}

/// A progress bar on an interactive terminal, nothing when output is piped.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} places ({eta})") {
        bar.set_style(style);
    }
    bar
}
