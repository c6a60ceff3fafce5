//! `aiguillage dedupe`: find duplicate places and merge them (docs/dedupe.md).

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

use super::Refused;
use aiguillage_dedupe::{likely_duplicates, plan_merges, DuplicatePair, PlannedMerge, Reason};
use aiguillage_model::Place;
use aiguillage_store::{Merge, Store};
use anyhow::Context;

pub async fn run(store: &Store, dry_run: bool, min_score: f64) -> anyhow::Result<ExitCode> {
    if !(0.0..=1.0).contains(&min_score) {
        return Err(Refused(format!("--min-score: {min_score} is not between 0 and 1")).into());
    }
    let places: Vec<Place> = store
        .all()
        .await
        .context("reading the places")?
        .into_iter()
        .map(|stored| stored.place)
        .collect();
    let approximate = store
        .approximate_positions()
        .await
        .context("reading the approximate positions")?;
    let pairs: Vec<DuplicatePair> = likely_duplicates(&places, &approximate)
        .into_iter()
        .filter(|pair| pair.score >= min_score)
        .collect();
    let names: HashMap<&str, &str> = places.iter().map(|p| (p.id.as_str(), p.nom.as_str())).collect();
    // Written with `?` rather than println!, so that `| head` closing the pipe ends the
    // command quietly instead of panicking.
    let mut stdout = std::io::stdout().lock();
    for pair in &pairs {
        let name = |id: &str| names.get(id).copied().unwrap_or_default();
        writeln!(
            stdout,
            "{:.3}  {}  {}  {}  {} | {}",
            pair.score,
            pair.a,
            pair.b,
            pair.reason,
            name(&pair.a),
            name(&pair.b)
        )?;
    }
    let merged = if dry_run {
        0
    } else {
        let merges: Vec<Merge> = plan_merges(&places, &pairs).into_iter().map(to_store).collect();
        store
            .apply_merges(&merges)
            .await
            .context("merging failed; nothing was merged")?
    };
    writeln!(stdout, "pairs {}, merged {merged}", pairs.len())?;
    stdout.flush()?;
    if dry_run {
        eprintln!("dry run: nothing was merged");
    }
    Ok(ExitCode::SUCCESS)
}

/// The store's form of a planned merge.
fn to_store(merge: PlannedMerge) -> Merge {
    let (distance_m, name_similarity) = match merge.pair.reason {
        Reason::SamePivot => (None, None),
        Reason::Nearby {
            distance_m,
            name_similarity,
        } => (Some(distance_m), Some(name_similarity)),
    };
    Merge {
        reason: merge.pair.reason.kind().to_owned(),
        score: merge.pair.score,
        kept: merge.kept,
        merged_id: merge.merged_id,
        distance_m,
        name_similarity,
    }
}
