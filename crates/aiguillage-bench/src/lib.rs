//! The benchmarks of Aiguillage, in one crate above every other so that they may use any of
//! them (`cargo bench -p aiguillage-bench --bench NAME`; results in `docs/benchmarks.md`):
//!
//! - `nearest`: proximity queries over 100,000 population-like places;
//! - `clusters`: the places of a map viewport grouped into clusters;
//! - `coverage`: the coverage figures of synthetic territories
//!   ([`aiguillage_synthetic::scenario`]), measured by [`coverage::figures`];
//! - `import`: 50,000 generated standard rows into a fresh SQLite database;
//! - `mapped_import`: 50,000 generated rows of a hub-like source through a mapping.
//!
//! The example `coverage_data` writes the coverage bench's data as CSV and times the
//! computation on it, for `bench/postgis-coverage.sh`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod coverage;
