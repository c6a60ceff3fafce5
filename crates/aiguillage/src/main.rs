//! `aiguillage`: the command-line entry point. Parses arguments, opens the store, and hands
//! over to one command; errors are rendered once, here: input a command refused
//! ([`commands::Refused`]) as its message, any other failure as `error: …`, both with exit
//! code 2.
#![forbid(unsafe_code)]

mod cli;
mod commands;
mod demo;

use std::process::ExitCode;

use clap::Parser;

// Imports and index builds allocate many small strings; mimalloc is markedly faster than
// the system allocator at that (measured in docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            // sqlx warns about every statement over 1 s, which a full export is by design.
            tracing_subscriber::EnvFilter::try_from_env("AIGUILLAGE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=error")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match commands::run(cli).await {
        Ok(code) => code,
        // `aiguillage export | head` closing the pipe early is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if e.is::<commands::Refused>() => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {}", describe(&e));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes in one line, each said once: a layer whose message already
/// includes its cause's (`database error: {0}`) does not have the cause repeated after it, as
/// `{:#}` would, once per layer.
fn describe(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let message = cause.to_string();
        if text.contains(&message) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&message);
    }
    text
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl std::fmt::Display for Layer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            // Like thiserror's `#[error("…: {0}")]` over a `#[from]` source.
            match &self.1 {
                Some(inner) => write!(f, "{}: {inner}", self.0),
                None => f.write_str(self.0),
            }
        }
    }

    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|l| l as _)
        }
    }

    #[test]
    fn each_cause_is_said_once() {
        let sqlite = Layer("(code: 1) table places already exists", None);
        let sqlx = Layer("error returned from database", Some(Box::new(sqlite)));
        let store = Layer("database migration failed", Some(Box::new(sqlx)));
        let error = anyhow::Error::new(store).context("opening the database t.db");
        assert_eq!(
            describe(&error),
            "opening the database t.db: database migration failed: error returned from database: \
             (code: 1) table places already exists"
        );
    }
}
