//! Coverage reports never show a false zero: a custom territory is an area whether or not
//! commune boundaries exist, a territory whose residents cannot be located says so (figures
//! `null`, what to import), a partly located one says which share its figures cover; heavy
//! reports are bounded (503 + Retry-After) and identical ones computed once.

use std::path::Path;

use crate::support::{fixture, import_centre, import_test_communes, repo, run, stdout, temp_db, Server};

/// The demo places, the custom territory « Centre de Brest » and the resident points of
/// `tests/fixtures/territory`, without any commune boundary.
fn places_area_and_points(db: &Path) {
    let fixtures = fixture("territory");
    let demo = repo().join("data/demo/brest-metropole.csv");
    assert!(run(db, &["import", demo.to_str().unwrap()]).status.success());
    import_centre(db);
    let population = fixtures.join("population.csv");
    run(db, &["population", "import", population.to_str().unwrap()]);
}

fn report(db: &Path, territory: &str) -> serde_json::Value {
    let args = [
        "report",
        "--format",
        "json",
        "--date",
        "2026-11-23",
        "--territory",
        territory,
    ];
    let output = run(db, &args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("a JSON report")
}

/// The figures of a report that must not depend on commune boundaries.
fn figures(report: &serde_json::Value) -> Vec<serde_json::Value> {
    [
        "population_located_share",
        "population",
        "population_covered",
        "coverage_ratio",
        "places",
        "mean_distance_m",
        "p90_distance_m",
    ]
    .iter()
    .map(|k| report[k].clone())
    .chain([report["white_zones"]["population"].clone()])
    .collect()
}

#[test]
fn a_custom_area_counts_its_residents_with_or_without_commune_boundaries() {
    let (_dir, db) = temp_db();
    places_area_and_points(&db);
    let alone = report(&db, "CB1");
    // One point of 100 residents is inside the box, at a demo place.
    assert_eq!(alone["population_located_share"], 1.0);
    assert_eq!(alone["population"], 100.0);
    assert_eq!(alone["population_covered"], 100.0);
    assert_eq!(alone["coverage_ratio"], 1.0);
    assert_eq!(alone["mean_distance_m"], 0.0);
    assert!(alone["places"].as_u64().unwrap() > 0, "{alone}");
    assert!(alone["population_source"]["missing"].is_null());
    assert_eq!(alone["subterritories"].as_array().map(Vec::len), Some(0));

    import_test_communes(&db);
    let with_communes = report(&db, "CB1");
    assert_eq!(figures(&with_communes), figures(&alone));
    // Its sub-territories are now the communes it meets.
    assert_eq!(with_communes["subterritories"][0]["territory"]["code"], "29019");
}

#[test]
fn nothing_located_is_null_with_the_command_to_import() {
    let (_dir, db) = temp_db();
    let demo = repo().join("data/demo/brest-metropole.csv");
    assert!(run(&db, &["import", demo.to_str().unwrap()]).status.success());
    let finistere = report(&db, "29");
    assert_eq!(finistere["population_located_share"], 0.0);
    for figure in [
        "population",
        "population_covered",
        "coverage_ratio",
        "mean_distance_m",
        "p90_distance_m",
        "white_zones",
    ] {
        assert!(finistere[figure].is_null(), "{figure}: {}", finistere[figure]);
    }
    assert_eq!(finistere["places"], 48, "places are counted all the same");
    let missing = &finistere["population_source"]["missing"];
    assert_eq!(
        missing["commands"][0],
        "aiguillage territories fetch --level commune --departement 29"
    );
    assert!(missing["what"].as_str().unwrap().starts_with("les contours de "));
    // Every commune without a place says its INSEE population, and that none is located.
    let quimper = finistere["communes_without_place"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "29232")
        .expect("Quimper has no demo place");
    assert!(quimper["population"].is_null());
    assert!(quimper["insee_population"].as_u64().unwrap() > 60_000);

    // The CSV says it before its header.
    let output = run(
        &db,
        &[
            "report",
            "--format",
            "csv",
            "--date",
            "2026-11-23",
            "--territory",
            "29",
        ],
    );
    let csv = stdout(&output);
    assert!(csv.starts_with("# Aucun habitant n'a pu être localisé"), "{csv}");
}

#[test]
fn a_partly_located_territory_gives_its_share_and_figures_over_it() {
    let (_dir, db) = temp_db();
    let demo = repo().join("data/demo/brest-metropole.csv");
    assert!(run(&db, &["import", demo.to_str().unwrap()]).status.success());
    // Two of the 8 communes of Brest métropole have a boundary (test squares).
    import_test_communes(&db);
    let epci = report(&db, "242900314");
    let share = epci["population_located_share"].as_f64().unwrap();
    assert!(
        share > 0.5 && share < 1.0,
        "Brest and Guipavas hold most residents: {share}"
    );
    let subs = epci["subterritories"].as_array().unwrap();
    let located: f64 = subs.iter().filter_map(|s| s["population"].as_f64()).sum();
    let population = epci["population"].as_f64().unwrap();
    assert!((population - located).abs() < 1e-6, "{population} vs {located}");
    assert_eq!(
        subs.iter().filter(|s| s["population"].is_null()).count(),
        6,
        "the 6 communes without a boundary are unknown, not 0"
    );
    assert!(epci["population_source"]["missing"]["commands"][0]
        .as_str()
        .unwrap()
        .ends_with("--departement 29"));
}

#[tokio::test]
async fn the_demo_is_truthful_out_of_the_box() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);
    // Hand-checked: INSEE municipal populations (the embedded table), spread evenly over each
    // commune's cells, add up to them exactly.
    let (_, brest) = server.get("/api/v1/territories/29019/coverage").await;
    assert_eq!(brest["population_located_share"], 1.0);
    assert_eq!(brest["population"].as_f64().map(f64::round), Some(142_346.0));
    assert!(brest["population_covered"].as_f64().unwrap() > 0.0);
    let (_, epci) = server.get("/api/v1/territories/242900314/coverage").await;
    assert_eq!(epci["population_located_share"], 1.0);
    let communes: f64 = epci["subterritories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["population"].as_f64().unwrap())
        .sum();
    assert_eq!(
        epci["population"].as_f64().map(f64::round),
        Some(communes.round())
    );
    assert_eq!(epci["places"], 48);

    let (_, finistere) = server.get("/api/v1/territories/29/coverage").await;
    let share = finistere["population_located_share"].as_f64().unwrap();
    let located = finistere["population"].as_f64().unwrap();
    assert!((located - epci["population"].as_f64().unwrap()).abs() < 1.0);
    let expected = located
        / (located
            + finistere["population_source"]["population_unlocated"]
                .as_f64()
                .unwrap());
    assert!((share - expected).abs() < 1e-9, "{share} vs {expected}");

    let page = reqwest::get(format!("{}/territoires/29", server.base_url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let notice = page.find("Population localisée : ").expect("the share is said");
    let boxes = page.find("<dl class=\"figures\">").expect("the headline boxes");
    assert!(notice < boxes, "said before the figures");
    assert!(page.contains("habitants localisés ("), "and in the boxes");
}

#[tokio::test]
async fn heavy_reports_are_bounded_and_identical_ones_shared() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &["--heavy-concurrency", "1", "--heavy-queue", "0"]);
    let client = reqwest::Client::new();
    let get = |path: String| {
        let client = client.clone();
        let url = format!("{}{path}", server.base_url);
        tokio::spawn(async move {
            let response = client.get(url).send().await.expect("GET");
            let status = response.status().as_u16();
            let retry = response
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_owned());
            let body: serde_json::Value = response.json().await.expect("JSON");
            (status, retry, body)
        })
    };
    // The same report asked 6 times at once: computed once, answered to all.
    let same: Vec<_> = (0..6)
        .map(|_| get("/api/v1/territories/29/coverage?radius_m=700".to_owned()))
        .collect();
    for answer in same {
        let (status, _, body) = answer.await.unwrap();
        assert_eq!(status, 200, "{body}");
    }
    // Different reports at once, one turn and no queue: some wait for nobody and are told
    // when to come back.
    let different: Vec<_> = (0..8)
        .map(|i| {
            get(format!(
                "/api/v1/territories/29/coverage?radius_m={}",
                1_000 + 100 * i
            ))
        })
        .collect();
    let mut busy = 0;
    for answer in different {
        let (status, retry, body) = answer.await.unwrap();
        if status == 503 {
            busy += 1;
            assert_eq!(body["error"]["code"], "unavailable");
            assert_eq!(retry.as_deref(), Some("5"));
        } else {
            assert_eq!(status, 200, "{body}");
        }
    }
    assert!(busy > 0, "8 reports at once on one turn without a queue");
    let (status, _) = server.get("/healthz").await;
    assert_eq!(status, 200, "cheap routes are not queued");
}
