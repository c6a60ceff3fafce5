//! Command-line arguments.

use std::net::SocketAddr;
use std::path::PathBuf;

use aiguillage_import::Format;
use clap::{Args, Parser, Subcommand};

/// Aiguillage: where to get help with digital life, territory by territory.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    /// SQLite database file (created if missing).
    #[arg(long, global = true, env = "AIGUILLAGE_DB", default_value = "aiguillage.db")]
    pub db: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (loads the Brest demo data into an empty database).
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Do not load the demo data into an empty database.
        #[arg(long)]
        no_demo: bool,
    },
    /// Import a file of the standard (CSV, JSON or GeoJSON), upserting places by id.
    Import {
        #[command(flatten)]
        input: Input,
        /// Reject the whole file if any row is invalid.
        #[arg(long)]
        strict: bool,
        /// Validate and count, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Check a file against the standard without importing it (= import --dry-run).
    Validate {
        #[command(flatten)]
        input: Input,
    },
    /// Export every place in a format of the standard.
    Export {
        /// Output format.
        #[arg(long, default_value = "csv")]
        format: Format,
        /// Output file (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Write a synthetic standard file (valid, varied places spread over France), for load tests.
    Generate {
        /// Number of places.
        #[arg(long, default_value_t = 10_000)]
        rows: usize,
        /// Seed of the pseudo-random generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output format.
        #[arg(long, default_value = "csv")]
        format: Format,
        /// Output file (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct Input {
    /// The file to read.
    pub file: PathBuf,
    /// Its format (default: from the extension, else the content).
    #[arg(long)]
    pub format: Option<Format>,
}
