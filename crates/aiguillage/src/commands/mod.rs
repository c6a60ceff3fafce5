//! One module per command.

mod check;
mod dedupe;
mod export;
mod generate;
mod import;
mod nearest;
mod population;
mod quality;
mod report;
mod serve;
pub(crate) mod territories;
mod user;

use std::fmt;
use std::process::ExitCode;

use aiguillage_store::{Store, StoreError};
use anyhow::Context;

use crate::cli::{Cli, Command};

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::Generate(args) = &cli.command {
        // Needs no database.
        return generate::run(args);
    }
    if let Command::Check = &cli.command {
        // Opens the file itself, read-only: a damaged file is its answer, not an error.
        return check::run(&cli.db).await;
    }
    // Commands that only read open the database read-only: they work on a read-only file or
    // folder, and never migrate it.
    let read_only = match &cli.command {
        Command::Export { .. } => true,
        Command::Serve(args) => args.read_only,
        _ => false,
    };
    let opened = if read_only {
        Store::open_read_only(&cli.db).await
    } else {
        Store::open(&cli.db).await
    };
    let store = match opened {
        Err(StoreError::ReadOnly) if matches!(cli.command, Command::Serve(_)) => {
            return Err(Refused(format!(
                "the database {} cannot be written: to serve it as it is, add --read-only",
                cli.db.display()
            ))
            .into())
        }
        opened => opened.with_context(|| format!("opening the database {}", cli.db.display()))?,
    };
    let code = match cli.command {
        Command::Serve(args) => serve::run(&store, &args).await?,
        Command::Import {
            input,
            source,
            strict,
            dry_run,
        } => import::run(&store, &input, import::Source::of(&source), strict, dry_run).await?,
        Command::Validate { input, source } => {
            import::run(&store, &input, import::Source::of(&source), false, true).await?
        }
        Command::Export {
            format,
            output,
            include_closed,
            spreadsheet_safe,
        } => {
            export::run(
                &store,
                format,
                output.as_deref(),
                include_closed,
                spreadsheet_safe,
            )
            .await?
        }
        Command::User { command } => user::run(&store, &command).await?,
        Command::Nearest(args) => nearest::run(&store, &args).await?,
        Command::Territories { command } => territories::run(&store, &command, &cli.db).await?,
        Command::Population { command } => population::run(&store, &command).await?,
        Command::Report(args) => report::run(&store, &args).await?,
        Command::Quality(args) => quality::run(&store, &args).await?,
        Command::Dedupe { dry_run, min_score } => dedupe::run(&store, dry_run, min_score).await?,
        Command::Generate(_) | Command::Check => unreachable!("handled above"),
    };
    store.close().await;
    Ok(code)
}

/// A command refused its input (a file it cannot read, an option out of range): `main` prints
/// the message as it is, which already names the file and line or the option, and exits with
/// code 2. Any other error is a failure of the tool, printed by `main` as `error: …`.
#[derive(Debug)]
pub struct Refused(pub String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// Where a command writes: a file (`-o FILE`) or standard output. A file is written to a
/// temporary file beside it, then synced and renamed over it by [`Output::finish`]: a failure
/// on the way (a full disk, an error of the command) leaves the file as it was, never
/// truncated or half written.
enum Output {
    File {
        target: std::path::PathBuf,
        temp: std::io::BufWriter<tempfile::NamedTempFile>,
    },
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
}

/// Opens `path` for writing, or standard output.
fn output(path: Option<&std::path::Path>) -> anyhow::Result<Output> {
    Ok(match path {
        Some(target) => {
            let dir = match target.parent() {
                Some(dir) if !dir.as_os_str().is_empty() => dir,
                _ => std::path::Path::new("."),
            };
            let temp = tempfile::Builder::new()
                .prefix(".aiguillage-")
                .tempfile_in(dir)
                .with_context(|| format!("creating {}", target.display()))?;
            Output::File {
                target: target.to_owned(),
                temp: std::io::BufWriter::new(temp),
            }
        }
        None => Output::Stdout(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

impl Output {
    /// Writes everything out; a file is synced then renamed over its target.
    fn finish(self) -> anyhow::Result<()> {
        match self {
            Output::File { target, temp } => {
                let name = || format!("writing {}", target.display());
                let temp = temp.into_inner().map_err(|e| e.into_error()).with_context(name)?;
                temp.as_file().sync_all().with_context(name)?;
                temp.persist(&target).map_err(|e| e.error).with_context(name)?;
                Ok(())
            }
            Output::Stdout(mut out) => Ok(std::io::Write::flush(&mut out)?),
        }
    }
}

impl std::io::Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::File { target, temp } => temp
                .write(buf)
                .map_err(|e| std::io::Error::new(e.kind(), format!("writing {}: {e}", target.display()))),
            Output::Stdout(out) => out.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::File { temp, .. } => temp.flush(),
            Output::Stdout(out) => out.flush(),
        }
    }
}

/// Parses label arguments of `flag`; an unknown label is an error listing the accepted ones.
fn labels<L: aiguillage_model::Label>(flag: &str, values: &[String]) -> anyhow::Result<Vec<L>> {
    values
        .iter()
        .map(|v| L::parse(v).map_err(|e| anyhow::anyhow!("{flag}: {}", e.listing_accepted())))
        .collect()
}

/// Prints the rejected rows (`FILE:LINE: field: reason`) then `summary` on standard output;
/// exit code 1 when something was rejected, as `import` does.
fn report_rejections(rejected: &[String], summary: &str) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    for line in rejected {
        writeln!(stdout, "{line}")?;
    }
    writeln!(stdout, "{summary}")?;
    Ok(if rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn an_output_replaces_its_file_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("export.csv");
        std::fs::write(&target, "the earlier good export").unwrap();
        let files = || std::fs::read_dir(dir.path()).unwrap().count();

        // A command failing half way drops its output: the earlier file stays whole.
        let mut out = output(Some(&target)).unwrap();
        out.write_all(b"half an exp").unwrap();
        drop(out);
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "the earlier good export"
        );
        assert_eq!(files(), 1, "no temporary file left behind");

        let mut out = output(Some(&target)).unwrap();
        out.write_all(b"the new export").unwrap();
        out.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "the new export");
        assert_eq!(files(), 1);
    }

    #[test]
    fn an_output_in_a_missing_folder_names_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("absent").join("export.csv");
        let Err(error) = output(Some(&target)) else {
            panic!("a missing folder is an error");
        };
        assert!(error.to_string().contains("export.csv"), "{error}");
    }
}
