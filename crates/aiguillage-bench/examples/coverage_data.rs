//! Writes the data of the coverage benchmark (`benches/coverage.rs`) as CSV files, and times
//! the in-process coverage computation on them, for `bench/postgis-coverage.sh`.
//!
//! ```text
//! coverage_data [--scenario departement|france] [--dir DIR]
//!     writes DIR/cells.csv (lat,lon,population: the cell centres) and DIR/places.csv
//!     (lat,lon), from the one generator of synthetic data (aiguillage_synthetic::scenario)
//! coverage_data --time [--dir DIR] [--radius METRES] [--runs N] [--threads N]
//!     reads those files and computes, N times (default 20), the residents within the radius
//!     (default 400 m) and the population-weighted mean and p90 distance to the nearest
//!     place; prints the median and minimum times, per step too, and a parseable line:
//!     RESULT cells=… places=… radius_m=… population=… covered=… mean_m=… p90_m=…
//!            threads=… runs=… median_ms=… min_ms=… keys_ms=… sort_ms=… index_ms=…
//!            nearest_ms=… covered_ms=… stats_ms=…
//!     (the per-step figures are medians; the figures are printed exactly, shortest
//!     round-trip decimals).
//! ```
//!
//! The timed computation starts from the cells in memory (parsing the files and finding
//! each position's cell are not timed): Hilbert keys, the sort of the locations along the
//! curve, the index of the places, the nearest-place distances, the covered sum and the
//! weighted mean and p90: everything `aiguillage_coverage::compute` does for these figures.
//!
//! Run with `cargo run --release -p aiguillage-bench --example coverage_data -- --help`.

use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use aiguillage_bench::coverage::{describe, figures, Phases};
use aiguillage_geo::grid::CellId;
use aiguillage_geo::LatLon;
use aiguillage_synthetic::scenario::{Scenario, DEPARTEMENT};
use aiguillage_territory::population::PopulationCell;

// The same allocator as the binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: coverage_data [--scenario departement|france] [--dir DIR]
       coverage_data --time [--dir DIR] [--radius METRES] [--runs N] [--threads N]
Writes DIR/cells.csv and DIR/places.csv (default DIR: target/bench/data/coverage-SCENARIO),
or, with --time, times the coverage computation on them and prints a RESULT line.";

/// The command line.
struct Args {
    scenario: Scenario,
    dir: Option<PathBuf>,
    time: bool,
    radius_m: f64,
    runs: usize,
    threads: Option<usize>,
}

fn parse_args() -> Result<Option<Args>, Box<dyn Error>> {
    let mut args = Args {
        scenario: DEPARTEMENT,
        dir: None,
        time: false,
        radius_m: 400.0,
        runs: 20,
        threads: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--scenario" => {
                let name = value()?;
                args.scenario = Scenario::by_name(&name)
                    .ok_or_else(|| format!("unknown scenario « {name} » (departement or france)"))?;
            }
            "--dir" => args.dir = Some(PathBuf::from(value()?)),
            "--time" => args.time = true,
            "--radius" => args.radius_m = value()?.parse()?,
            "--runs" => args.runs = value()?.parse::<usize>()?.max(1),
            "--threads" => args.threads = Some(value()?.parse()?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(None);
            }
            other => return Err(format!("unknown argument « {other} »\n{USAGE}").into()),
        }
    }
    Ok(Some(args))
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("coverage_data: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let Some(args) = parse_args()? else {
        return Ok(());
    };
    let dir = args.dir.clone().unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/bench/data")
            .join(format!("coverage-{}", args.scenario.name))
    });
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()?;
    }
    if args.time {
        time(&dir, &args)
    } else {
        write(&dir, &args)
    }
}

/// Generates the scenario and writes its CSV files.
fn write(dir: &Path, args: &Args) -> Result<(), Box<dyn Error>> {
    let start = Instant::now();
    let territory = args.scenario.generate();
    let generated = start.elapsed();
    let figures = figures(
        &territory.cells,
        &territory.places,
        args.radius_m,
        &mut Phases::default(),
    );
    eprintln!(
        "{}",
        describe(&territory, &args.scenario, args.radius_m, &figures)
    );
    fs::create_dir_all(dir)?;
    let mut cells = BufWriter::new(fs::File::create(dir.join("cells.csv"))?);
    writeln!(cells, "lat,lon,population")?;
    for c in &territory.cells {
        // `{}` prints the shortest decimal that reads back as the same f64: every reader
        // (this program, PostgreSQL) sees exactly the generated values.
        writeln!(cells, "{},{},{}", c.position.lat, c.position.lon, c.population)?;
    }
    cells.flush()?;
    let mut places = BufWriter::new(fs::File::create(dir.join("places.csv"))?);
    writeln!(places, "lat,lon")?;
    for p in &territory.places {
        writeln!(places, "{},{}", p.lat, p.lon)?;
    }
    places.flush()?;
    eprintln!(
        "generated in {:.2} s; wrote {} and {}",
        generated.as_secs_f64(),
        dir.join("cells.csv").display(),
        dir.join("places.csv").display()
    );
    Ok(())
}

/// The rows of a headed CSV file of numbers, each with `columns` values.
fn read_numbers(path: &Path, columns: usize) -> Result<Vec<Vec<f64>>, Box<dyn Error>> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, line)| !line.is_empty())
        .map(|(n, line)| {
            let values = line
                .split(',')
                .map(str::parse::<f64>)
                .collect::<Result<Vec<f64>, _>>()
                .map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
            if values.len() != columns {
                return Err(format!("{}:{}: expected {columns} values", path.display(), n + 1).into());
            }
            Ok(values)
        })
        .collect()
}

/// Reads the CSV files and times the computation.
fn time(dir: &Path, args: &Args) -> Result<(), Box<dyn Error>> {
    let cells: Vec<PopulationCell> = read_numbers(&dir.join("cells.csv"), 3)?
        .into_iter()
        .map(|v| {
            let position = LatLon::new(v[0], v[1]);
            PopulationCell {
                position,
                population: v[2],
                cell: CellId::containing(position),
            }
        })
        .collect();
    let places: Vec<LatLon> = read_numbers(&dir.join("places.csv"), 2)?
        .into_iter()
        .map(|v| LatLon::new(v[0], v[1]))
        .collect();

    let mut totals = Vec::with_capacity(args.runs);
    let mut phases = Vec::with_capacity(args.runs);
    let mut result = None;
    for _ in 0..args.runs {
        let mut phase = Phases::default();
        let start = Instant::now();
        let figures = figures(&cells, &places, args.radius_m, &mut phase);
        totals.push(start.elapsed());
        phases.push(phase);
        if result.is_some_and(|r| r != figures) {
            return Err("the figures changed between runs".into());
        }
        result = Some(figures);
    }
    let figures = result.ok_or("no run")?;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let median = |mut v: Vec<Duration>| {
        v.sort_unstable();
        ms(v[v.len() / 2])
    };
    let mut line = format!(
        "RESULT cells={} places={} radius_m={} population={} covered={} mean_m={} p90_m={} threads={} runs={} \
         median_ms={:.3} min_ms={:.3}",
        cells.len(),
        places.len(),
        args.radius_m,
        figures.population,
        figures.covered,
        figures.mean_m.unwrap_or(f64::NAN),
        figures.p90_m.unwrap_or(f64::NAN),
        rayon::current_num_threads(),
        args.runs,
        median(totals.clone()),
        totals.iter().copied().min().map_or(f64::NAN, ms),
    );
    for (i, name) in Phases::NAMES.iter().enumerate() {
        write!(
            line,
            " {name}_ms={:.3}",
            median(phases.iter().map(|p| p.durations()[i]).collect())
        )?;
    }
    eprintln!(
        "{} cells, {} places from {}; {} runs on {} threads",
        cells.len(),
        places.len(),
        dir.display(),
        args.runs,
        rayon::current_num_threads()
    );
    println!("{line}");
    Ok(())
}
