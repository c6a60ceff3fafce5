//! Territories, population layers and coverage reports end to end: the real binary and the
//! real server on a random port, on hand-made fixtures (tests/fixtures/territory/README.md)
//! with the Brest demo places, and on the real Finistère communes when ../shared is there.

use std::path::Path;

use crate::support::{
    fixture, import_centre, import_test_communes, repo, run, shared_data, stdout, temp_db, Server,
};

/// A database with the demo places, the two test communes and the population points.
fn fixture_db(db: &Path) {
    let fixtures = fixture("territory");
    let demo = repo().join("data/demo/brest-metropole.csv");
    assert!(run(db, &["import", demo.to_str().unwrap()]).status.success());

    let output = import_test_communes(db);
    assert_eq!(output.status.code(), Some(1), "one feature is rejected");
    let text = stdout(&output);
    assert!(
        text.contains("communes.geojson:6: code: "),
        "rejection as FILE:LINE: field: reason, got:\n{text}"
    );
    assert!(
        text.contains("2 commune boundaries imported (2 new, 0 updated)"),
        "{text}"
    );

    import_centre(db);

    let population = fixtures.join("population.csv");
    let output = run(db, &["population", "import", population.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "one row is rejected");
    let text = stdout(&output);
    assert!(text.contains("population.csv:7: population: "), "{text}");
    assert!(text.contains("5 cells, 1199 residents, 1 rejected"), "{text}");
}

fn report_json(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["report", "--format", "json", "--date", "2026-11-23"];
    all.extend_from_slice(args);
    let output = run(db, &all);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout(&output)).expect("JSON report")
}

#[test]
fn an_epci_report_counts_the_residents_of_the_layer_exactly() {
    let (_dir, db) = temp_db();
    fixture_db(&db);
    let mut report = report_json(&db, &["--territory", "242900314"]);
    assert_eq!(report["territory"]["nom"], "Brest Métropole");
    assert_eq!(report["territory"]["level"], "epci");
    assert_eq!(report["population_source"]["kind"], "points");
    assert_eq!(
        report["population"], 200.0,
        "the point outside the communes is left out"
    );
    assert_eq!(report["population_covered"], 130.0);
    assert_eq!(report["coverage_ratio"], 0.65);
    assert_eq!(report["places"], 48);
    assert_eq!(report["white_zones"]["count"], 2);
    assert_eq!(report["white_zones"]["zones"][0]["population"], 50.0);
    assert_eq!(
        report["white_zones"]["zones"][0]["geometry"]["type"],
        "MultiPolygon"
    );
    let subs = report["subterritories"].as_array().unwrap();
    assert_eq!(subs.len(), 8, "the 8 communes of Brest Métropole");
    let brest = subs.iter().find(|s| s["territory"]["code"] == "29019").unwrap();
    assert_eq!(
        (brest["population"].as_f64(), brest["population_covered"].as_f64()),
        (Some(150.0), Some(100.0))
    );
    assert_eq!(brest["places"], 31);

    // The label names the layer's file and import day, which vary between runs.
    let label = report["population_source"]["label"].as_str().unwrap();
    assert!(
        label.starts_with("Population : points de population (")
            && label.contains("population.csv, importé le ")
    );
    report["population_source"]["label"] = "[layer]".into();
    insta::assert_json_snapshot!("epci_json", report);
    let csv = stdout(&run(
        &db,
        &[
            "report",
            "--territory",
            "242900314",
            "--format",
            "csv",
            "--date",
            "2026-11-23",
        ],
    ));
    insta::assert_snapshot!("epci_csv", csv);
    let geojson = stdout(&run(
        &db,
        &[
            "report",
            "--territory",
            "242900314",
            "--format",
            "geojson",
            "--date",
            "2026-11-23",
        ],
    ));
    let geojson: serde_json::Value = serde_json::from_str(&geojson).unwrap();
    assert_eq!(geojson["features"].as_array().unwrap().len(), 2);
}

#[test]
fn a_custom_territory_keeps_only_what_is_inside_it() {
    let (_dir, db) = temp_db();
    fixture_db(&db);
    let report = report_json(&db, &["--territory", "CB1"]);
    assert_eq!(report["territory"]["level"], "custom");
    assert_eq!(report["territory"]["nom"], "Centre de Brest");
    assert_eq!(
        (
            report["population"].as_f64(),
            report["population_covered"].as_f64()
        ),
        (Some(100.0), Some(100.0))
    );
    assert!(report["places"].as_u64().unwrap() > 0);
}

#[test]
fn a_report_shows_the_change_since_the_last_snapshot() {
    let (dir, db) = temp_db();
    fixture_db(&db);
    let output = run(
        &db,
        &[
            "report",
            "--territory",
            "242900314",
            "--save",
            "--date",
            "2026-01-05",
            "--format",
            "csv",
        ],
    );
    assert!(output.status.success());
    // A new place next to the uncovered residents of Brest.
    let new_place = dir.path().join("new.csv");
    let demo = std::fs::read_to_string(repo().join("data/demo/brest-metropole.csv")).unwrap();
    let mut lines = demo.lines();
    let header = lines.next().unwrap();
    let first = lines
        .next()
        .unwrap()
        .replacen("demo-brest-001", "nouveau-lieu", 1)
        .replace("48.38490,-4.49660", "48.37500,-4.55000");
    assert!(first.contains("48.37500"), "{first}");
    std::fs::write(&new_place, format!("{header}\n{first}\n")).unwrap();
    assert!(run(&db, &["import", new_place.to_str().unwrap()])
        .status
        .success());

    let report = report_json(&db, &["--territory", "242900314"]);
    assert_eq!(report["population_covered"], 180.0);
    let previous = &report["previous"];
    assert_eq!(previous["saved_on"], "2026-01-05");
    assert_eq!(previous["population_covered"], 130.0);
    assert_eq!(previous["places"], 48);
    let html = stdout(&run(
        &db,
        &["report", "--territory", "242900314", "--date", "2026-11-23"],
    ));
    assert!(
        html.contains("5 janvier 2026"),
        "the HTML report names the snapshot's day"
    );
}

#[test]
fn an_insee_grid_layer_is_used_for_its_cells() {
    use aiguillage_geo::grid::CellId;
    use aiguillage_geo::LatLon;
    let (dir, db) = temp_db();
    fixture_db(&db);
    // Two INSEE cells in the Brest square: at demo-brest-001, and 1.8 km from any place.
    let covered = CellId::containing(LatLon::new(48.3849, -4.4966)).insee_code();
    let far = CellId::containing(LatLon::new(48.3750, -4.5500)).insee_code();
    let grid = dir.path().join("carreaux.csv");
    std::fs::write(
        &grid,
        format!("Idcar_200m;Ind;Men\n{covered};12,5;5\n{far};7;3\nCRS3035RES200mN1E2;3;1\n"),
    )
    .unwrap();
    let output = run(&db, &["population", "import", grid.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("carreaux.csv:4: Idcar_200m: "), "{text}");

    // The grid is newer than the points: it is the layer used.
    let report = report_json(&db, &["--territory", "29019"]);
    assert_eq!(report["population_source"]["kind"], "grid");
    assert_eq!(
        (
            report["population"].as_f64(),
            report["population_covered"].as_f64()
        ),
        (Some(19.5), Some(12.5))
    );
    assert_eq!(report["white_zones"]["zones"][0]["cells"], 1);
}

#[test]
fn bad_report_arguments_are_clear_errors() {
    let (_dir, db) = temp_db();
    fixture_db(&db);
    for (args, message) in [
        (
            &["report", "--territory", "99999"][..],
            "no territory with code « 99999 »",
        ),
        (
            &["report", "--territory", "29", "--radius", "5"][..],
            "--radius must be between 50 and 50000 metres, got 5",
        ),
        (
            &["report", "--territory", "29", "--service", "Café"][..],
            "--service: unknown",
        ),
        (
            &["territories", "import", "missing.geojson", "--level", "commune"][..],
            "missing.geojson",
        ),
        (&["population", "import", "missing.csv"][..], "missing.csv"),
    ] {
        let output = run(&db, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

#[tokio::test]
async fn the_server_serves_territories_and_reports() {
    let (_dir, db) = temp_db();
    fixture_db(&db);
    let server = Server::start(&db, &[]);

    let (status, found) = server.get("/api/v1/territories?q=brest").await;
    assert_eq!(status, 200);
    let codes: Vec<&str> = found["territories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"29019") && codes.contains(&"242900314"),
        "{codes:?}"
    );
    let (_, custom) = server.get("/api/v1/territories?q=centre%20de%20brest").await;
    assert!(custom["territories"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["code"] == "CB1" && t["level"] == "custom"));

    let (status, report) = server
        .get("/api/v1/territories/242900314/coverage?radius_m=400")
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (
            report["population"].as_f64(),
            report["population_covered"].as_f64()
        ),
        (Some(200.0), Some(130.0))
    );

    let response = reqwest::get(format!(
        "{}/api/v1/territories/242900314/white-zones.geojson",
        server.base_url
    ))
    .await
    .unwrap();
    assert_eq!(response.headers()["content-type"], "application/geo+json");
    let zones: serde_json::Value = response.json().await.unwrap();
    assert_eq!(zones["features"].as_array().unwrap().len(), 2);

    let response = reqwest::get(format!("{}/territoires/242900314", server.base_url))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        !policy.contains("script-src") || !policy.contains("unsafe-inline' 'script"),
        "{policy}"
    );
    let page = response.text().await.unwrap();
    assert!(page.contains("Brest Métropole") && page.contains("<svg") && !page.contains("<script"));

    for (path, status, code) in [
        ("/api/v1/territories/99999/coverage", 404, "not_found"),
        (
            "/api/v1/territories/29019/coverage?radius_m=1",
            400,
            "invalid_parameter",
        ),
        (
            "/api/v1/territories/29019/coverage?services=Caf%C3%A9",
            400,
            "invalid_parameter",
        ),
        ("/api/v1/territories?limit=0", 400, "invalid_parameter"),
    ] {
        let (got, body) = server.get(path).await;
        assert_eq!(
            (got, body["error"]["code"].as_str()),
            (status, Some(code)),
            "{path}: {body}"
        );
    }
}

#[test]
fn finistere_report_on_real_boundaries_adds_up() {
    let Some(communes) = shared_data("geo/communes-29-finistere.geojson") else {
        return;
    };
    let (_dir, db) = temp_db();
    let demo = repo().join("data/demo/brest-metropole.csv");
    assert!(run(&db, &["import", demo.to_str().unwrap()]).status.success());
    let output = run(
        &db,
        &[
            "territories",
            "import",
            communes.to_str().unwrap(),
            "--level",
            "commune",
        ],
    );
    assert!(output.status.success(), "{}", stdout(&output));

    let report = report_json(&db, &["--territory", "29"]);
    assert_eq!(report["population_source"]["kind"], "uniform");
    assert_eq!(report["population_source"]["approximate"], true);
    let population = report["population"].as_f64().unwrap();
    let unlocated = report["population_source"]["population_unlocated"]
        .as_f64()
        .unwrap();
    let subs = report["subterritories"].as_array().unwrap();
    let sum = |key: &str| subs.iter().map(|s| s[key].as_f64().unwrap()).sum::<f64>();
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.max(1.0);
    assert!(
        close(sum("population"), population),
        "{} vs {population}",
        sum("population")
    );
    assert!(close(
        sum("population_covered"),
        report["population_covered"].as_f64().unwrap()
    ));
    assert_eq!(
        subs.iter().map(|s| s["places"].as_u64().unwrap()).sum::<u64>(),
        report["places"].as_u64().unwrap()
    );
    assert_eq!(report["places"], 48, "every demo place is in Finistère");
    // INSEE population of the département = located + unlocated residents.
    let insee: f64 = 933_455.0;
    assert!(close(population + unlocated, insee), "{population} + {unlocated}");
    let html = stdout(&run(
        &db,
        &["report", "--territory", "29", "--date", "2026-11-23"],
    ));
    assert!(html.contains("État des lieux — Finistère"));
}
