//! `aiguillage generate`: synthetic places spread uniformly or like the population, and the
//! query points of the benchmarks.

use crate::support::{bin, run, stdout, temp_db};
use aiguillage_synthetic::Population;

/// Runs `aiguillage generate` with `args` and returns its standard output.
fn generate(args: &[&str]) -> String {
    let output = bin()
        .arg("generate")
        .args(args)
        .output()
        .expect("running aiguillage");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

/// The `(latitude, longitude)` of every place of a generated JSON file.
fn coordinates(json: &str) -> Vec<(f64, f64)> {
    let places: serde_json::Value = serde_json::from_str(json).expect("a JSON array");
    places
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|p| {
            let lat = p["latitude"].as_f64().expect("a latitude");
            let lon = p["longitude"].as_f64().expect("a longitude");
            (lat, lon)
        })
        .collect()
}

fn in_metropole(&(lat, lon): &(f64, f64)) -> bool {
    aiguillage_model::plausible_region(lat, lon).is_some_and(|r| r.name == "France métropolitaine")
}

/// Share of the points less than 25 km from the centre of Paris (flat approximation).
fn share_near_paris(points: &[(f64, f64)]) -> f64 {
    let near = points
        .iter()
        .filter(|(lat, lon)| {
            let dy = (lat - 48.8566) * 111.2;
            let dx = (lon - 2.3522) * 111.2 * 48.8566_f64.to_radians().cos();
            dx.hypot(dy) < 25.0
        })
        .count();
    near as f64 / points.len() as f64
}

#[test]
fn population_spread_is_in_france_clustered_and_imports_cleanly() {
    let args = ["--rows", "2000", "--seed", "42", "--spread", "population"];
    let points = coordinates(&generate(&[&args[..], &["--format", "json"]].concat()));
    assert_eq!(points.len(), 2000);
    assert!(
        points.iter().all(in_metropole),
        "every place is in France métropolitaine"
    );
    // A third of the population lives around Paris; a uniform spread puts hardly anyone there.
    let paris = share_near_paris(&points);
    assert!(paris > 0.15, "{paris} of the places near Paris");
    let uniform = coordinates(&generate(&["--rows", "2000", "--seed", "42", "--format", "json"]));
    assert!(share_near_paris(&uniform) < 0.02);

    let (dir, db) = temp_db();
    let file = dir.path().join("population.csv");
    generate(&[&args[..], &["-o", file.to_str().unwrap()]].concat());
    let output = run(&db, &["import", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "imported 2000, updated 0, unchanged 0, rejected 0, warnings 0\n"
    );
}

#[test]
fn points_are_the_places_coordinates_and_the_benchmark_queries() {
    let args = ["--rows", "1000", "--seed", "4242", "--spread", "population"];
    let text = generate(&[&args[..], &["--points"]].concat());
    let points: Vec<(f64, f64)> = text
        .lines()
        .map(|line| {
            let (lat, lon) = line.split_once(',').expect("lat,lon");
            (lat.parse().unwrap(), lon.parse().unwrap())
        })
        .collect();
    assert_eq!(points.len(), 1000);
    assert_eq!(
        points,
        coordinates(&generate(&[&args[..], &["--format", "json"]].concat()))
    );
    assert_eq!(points, Population::new(4242).take(1000).collect::<Vec<_>>());
    assert!(
        text.starts_with("45.54994,-0.0187\n"),
        "no header, shortest numbers"
    );
}

#[test]
fn uniform_is_the_default_and_points_take_no_format() {
    let uniform = generate(&["--rows", "50", "--spread", "uniform"]);
    assert_eq!(generate(&["--rows", "50"]), uniform);
    assert_ne!(generate(&["--rows", "50", "--spread", "population"]), uniform);

    let output = bin()
        .args(["generate", "--points", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = bin().args(["generate", "--spread", "cities"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("uniform or population"));
}

#[test]
fn a_number_of_rows_out_of_bounds_is_refused_at_once() {
    for rows in ["18446744073709551615", "100000000", "0", "many"] {
        let output = crate::support::bin()
            .args(["generate", "--rows", rows])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "--rows {rows}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("from 1 to 1000000"), "--rows {rows}: {stderr}");
        assert!(output.stdout.is_empty());
    }
}
