//! `aiguillage check`.

use std::path::Path;
use std::process::ExitCode;

use aiguillage_store::Store;
use anyhow::Context;

/// At most this many of quick_check's lines are printed: the first ones say enough.
const SHOWN: usize = 20;

pub async fn run(db: &Path) -> anyhow::Result<ExitCode> {
    let problems = Store::quick_check(db)
        .await
        .with_context(|| format!("checking the database {}", db.display()))?;
    if problems.is_empty() {
        println!("ok");
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}: the database is damaged ({} problem(s) found by SQLite's quick_check); restore it from a backup",
        db.display(),
        problems.len()
    );
    for problem in problems.iter().take(SHOWN) {
        println!("  {problem}");
    }
    if problems.len() > SHOWN {
        println!("  … and {} more", problems.len() - SHOWN);
    }
    Ok(ExitCode::from(1))
}
