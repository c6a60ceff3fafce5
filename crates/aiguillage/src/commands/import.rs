//! `aiguillage import` and `aiguillage validate`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use aiguillage_import::{import, ImportError, ImportOptions};
use aiguillage_store::Store;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::Input;

pub async fn run(store: &Store, input: &Input, strict: bool, dry_run: bool) -> anyhow::Result<ExitCode> {
    let name = input.file.display().to_string();
    let content = match std::fs::read(&input.file) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{name}: cannot read the file: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let options = ImportOptions {
        format: input.format,
        strict,
        dry_run,
        ..ImportOptions::default()
    };
    let bar = progress_bar();
    let result = import(store, &name, &content, &options, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })
    .await;
    bar.finish_and_clear();
    let report = match result {
        Ok(report) => report,
        Err(ImportError::Read(e)) => {
            eprintln!("{}", e.render(&name));
            return Ok(ExitCode::from(2));
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
