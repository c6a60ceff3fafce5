//! One module per command.

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

use aiguillage_store::Store;
use anyhow::Context;

use crate::cli::{Cli, Command};

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::Generate(args) = &cli.command {
        // Needs no database.
        return generate::run(args);
    }
    let store = Store::open(&cli.db)
        .await
        .with_context(|| format!("opening the database {}", cli.db.display()))?;
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
        } => export::run(&store, format, output.as_deref(), include_closed).await?,
        Command::User { command } => user::run(&store, &command).await?,
        Command::Nearest(args) => nearest::run(&store, &args).await?,
        Command::Territories { command } => territories::run(&store, &command, &cli.db).await?,
        Command::Population { command } => population::run(&store, &command).await?,
        Command::Report(args) => report::run(&store, &args).await?,
        Command::Quality(args) => quality::run(&store, &args).await?,
        Command::Dedupe { dry_run, min_score } => dedupe::run(&store, dry_run, min_score).await?,
        Command::Generate(_) => unreachable!("handled above"),
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

/// Opens `path` for writing, or standard output.
fn output(path: Option<&std::path::Path>) -> anyhow::Result<Box<dyn std::io::Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
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
