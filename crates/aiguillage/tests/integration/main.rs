//! Integration tests of the `aiguillage` binary: the real CLI, and the real server on a random
//! port against a temporary database.
//!
//! One test crate rather than one per file: each integration-test crate is linked on its own,
//! and fourteen links of the whole server made CI's `target/` outgrow its disk.

mod support;

mod api;
mod architecture;
mod browser;
mod connections;
mod coverage_report;
mod coverage_truth;
mod database_health;
mod dedupe_cli;
mod demo_serve;
mod editing_api;
mod editing_pages;
mod generate_cli;
mod import_cli;
mod kill_safety;
mod map_api;
mod mapping_cli;
mod nearest_api;
mod nearest_cli;
mod openapi;
mod quality_cli;
mod read_only;
mod search_api;
mod search_page;
mod territories_fetch;
