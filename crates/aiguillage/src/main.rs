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
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
