//! `aiguillage import --mapping` run as a coordinator would: a hub's own CSV through a mapping
//! file, problems located in the source file, bad mappings refused before anything is read,
//! and every committed mapping against its real file (from `../shared`, when present).

use std::path::Path;

use crate::support::{import_test_communes, repo, run, shared_data, stdout, temp_db};

const MAPPING: &str = r#"
[source]
label = "Hub test"
id_prefix = "test"
id_column = "REF"

[fields]
nom = "Structure"
pivot = { constant = "00000000000000" }
adresse = { concat = ["Num", "Voie"] }
code_postal = "CP"
commune = "Ville"
telephone = "Tél"
date_maj = { column = "MAJ", date = "%d/%m/%Y" }
services = { column = "Offre", split = "/", values = { "Démarches" = "Aide aux démarches administratives", "Wifi" = "Accès internet et matériel informatique" } }

[coordinates]
x = "X"
y = "Y"
crs = "EPSG:2154"

[hours]
text = "Horaires"
"#;

/// Line 2: a clean row; line 3: a French date that does not exist and an unknown service;
/// line 4: hours that are not hours.
const SOURCE: &str = "REF;Structure;Num;Voie;CP;Ville;Tél;MAJ;Offre;X;Y;Horaires
A1;Médiathèque;25;rue de Pontaniou;29200;Brest;02 98 00 11 22;12/03/2025;Démarches / Wifi;145870,5;6837690,2;du lundi au vendredi de 9h à 12h et de 14h à 17h
A2;CCAS;1;place de la Liberté;29200;Brest;02 98 00 11 23;31/02/2025;Jeux;146000;6837800;
A3;EPN;3;rue de Siam;29200;Brest;;01/01/2025;Wifi;146100;6837900;sur rendez-vous
";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_hub_file_imports_through_its_mapping() {
    let (dir, db) = temp_db();
    let mapping = write(dir.path(), "hub.toml", MAPPING);
    let source = write(dir.path(), "hub.csv", SOURCE);
    let output = run(&db, &["import", "--mapping", &mapping, &source]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.contains(
            &format!(
                "{source}:3: date_maj: « 31/02/2025 » (column MAJ) matches none of the date formats %d/%m/%Y"
            )
            .as_str()
        ),
        "{text}"
    );
    assert!(lines.contains(&format!("{source}:3: services: warning: « Jeux » (column Offre) is not in the mapping's values; left out").as_str()), "{text}");
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "{source}:4: horaires: warning: « sur rendez-vous » (column Horaires) not converted"
        ))),
        "{text}"
    );
    assert!(
        text.ends_with("imported 2, updated 0, unchanged 0, rejected 1, warnings 2\n"),
        "{text}"
    );

    // What was stored, exported in the standard.
    let export = run(&db, &["export", "--format", "json"]);
    let places: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let first = places
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "test-A1")
        .expect("test-A1");
    assert_eq!(first["adresse"], "25 rue de Pontaniou");
    assert_eq!(first["telephone"], "+33298001122");
    assert_eq!(first["date_maj"], "2025-03-12");
    assert_eq!(first["horaires"], "Mo-Fr 09:00-12:00,14:00-17:00");
    assert_eq!(
        first["services"],
        "Aide aux démarches administratives|Accès internet et matériel informatique"
    );
    assert_eq!(first["source"], "Hub test");
    let (lat, lon) = (
        first["latitude"].as_f64().unwrap(),
        first["longitude"].as_f64().unwrap(),
    );
    assert!(
        (48.3..48.5).contains(&lat) && (-4.6..-4.4).contains(&lon),
        "Brest: {lat} {lon}"
    );

    // Again: nothing changes (stable ids).
    let again = stdout(&run(&db, &["import", "--mapping", &mapping, &source]));
    assert!(
        again.ends_with("imported 0, updated 0, unchanged 2, rejected 1, warnings 2\n"),
        "{again}"
    );
}

#[test]
fn bad_mappings_are_refused_before_reading() {
    let (dir, db) = temp_db();
    let source = write(dir.path(), "hub.csv", SOURCE);
    for (mapping, says) in [
        (
            MAPPING.replace("services =", "servics ="),
            "fields.servics: not a field of the standard",
        ),
        (
            MAPPING.replace("%d/%m/%Y", "%d/%Q"),
            "fields.date_maj: « %d/%Q » is not a valid date format",
        ),
        (
            MAPPING.replace("EPSG:2154", "EPSG:27572"),
            "coordinates.crs: unknown coordinate system « EPSG:27572 »",
        ),
        (
            MAPPING.replace(
                "\"Wifi\" = \"Accès",
                "\"Wifi\" = \"Accès libre\", \"x\" = \"Accès",
            ),
            "fields.services: « Accès libre » is not a label of services",
        ),
        (
            MAPPING.replace("telephone = \"Tél\"", "telephone = 5"),
            "invalid type: integer `5`, expected a column name",
        ),
        (
            MAPPING.replace("split = \"/\"", "split = \"/\", extrct = \"x\""),
            "unknown field `extrct`, expected one of `column`",
        ),
        ("[source]\nlabel = 1".to_owned(), "invalid type"),
    ] {
        let path = write(dir.path(), "bad.toml", &mapping);
        let output = run(&db, &["import", "--mapping", &path, &source]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{says}: {stderr}");
        assert!(
            stderr.contains(&format!("{path}: ")) && stderr.contains(says),
            "{says}: {stderr}"
        );
        assert!(output.stdout.is_empty());
    }
    let missing = run(&db, &["import", "--mapping", "nowhere.toml", &source]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nowhere.toml: cannot read the mapping"));
    // Nothing was written by any of them.
    let export = run(&db, &["export", "--format", "json"]);
    assert_eq!(String::from_utf8_lossy(&export.stdout).trim(), "[]");
}

/// Every mapping of `mappings/` reads its hub's file with `validate` (a dry run).
#[test]
fn every_committed_mapping_reads_its_real_file() {
    let (_dir, db) = temp_db();
    for entry in std::fs::read_dir(repo().join("mappings")).unwrap() {
        let mapping = entry.unwrap().path();
        let name = mapping.file_stem().unwrap().to_str().unwrap().to_owned();
        let Some(source) = shared_data(&format!("sources/{name}.json")) else {
            return;
        };
        let output = run(
            &db,
            &[
                "validate",
                "--mapping",
                mapping.to_str().unwrap(),
                source.to_str().unwrap(),
            ],
        );
        let text = stdout(&output);
        assert!(matches!(output.status.code(), Some(0 | 1)), "{name}: {text}");
        let summary = text.lines().last().unwrap_or_default();
        assert!(summary.starts_with("imported "), "{name}: {summary}");
    }
}

/// Rows without coordinates: the commune's centre (from imported boundaries), or the address
/// through a BAN-compatible geocoder (a local stub here); both reported as approximate.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_without_coordinates_are_located_approximately() {
    use axum::{extract::Query, routing::get, Json, Router};
    use std::collections::HashMap;

    let (dir, db) = temp_db();
    import_test_communes(&db);
    let mapping = write(dir.path(), "hub.toml", MAPPING);
    let source = write(
        dir.path(),
        "hub.csv",
        "REF;Structure;Num;Voie;CP;Ville;Tél;MAJ;Offre;X;Y;Horaires
B1;CCAS;1;place de la Liberté;29200;Brest;;12/03/2025;;;;
B2;Mairie;1;place Saint-Herbot;29490;Guipavas;;12/03/2025;;;;
",
    );

    // Offline: the centres of the (square) test communes.
    let text = stdout(&run(&db, &["import", "--mapping", &mapping, &source]));
    assert!(text.contains(&format!("{source}:2: latitude: warning: no coordinates in the source: placed at the centre of Brest (29019); approximate")), "{text}");
    assert!(text.contains(&format!("{source}:3: latitude: warning: no coordinates in the source: placed at the centre of Guipavas (29075); approximate")), "{text}");
    let export = run(&db, &["export", "--format", "json"]);
    let places: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let b1 = places
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "test-B1")
        .unwrap();
    assert_eq!(
        (b1["latitude"].as_f64(), b1["longitude"].as_f64()),
        (Some(48.395), Some(-4.5))
    );

    // With a geocoder: its answer, when relevant enough.
    async fn search(Query(params): Query<HashMap<String, String>>) -> Json<serde_json::Value> {
        let q = params.get("q").cloned().unwrap_or_default();
        let features = if q.contains("Saint-Herbot") {
            vec![serde_json::json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [-4.4011, 48.4352]},
                "properties": {"label": "1 Place Saint-Herbot 29490 Guipavas", "score": 0.93, "type": "housenumber"}
            })]
        } else {
            Vec::new()
        };
        Json(serde_json::json!({"type": "FeatureCollection", "features": features}))
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new()
        .route("/search/", get(search))
        .route("/search", get(search));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let (db2, mapping2, source2) = (db.clone(), mapping.clone(), source.clone());
    let output = tokio::task::spawn_blocking(move || {
        run(
            &db2,
            &["import", "--mapping", &mapping2, "--geocoder-url", &url, &source2],
        )
    })
    .await
    .unwrap();
    let text = stdout(&output);
    assert!(text.contains(&format!("{source}:3: latitude: warning: no coordinates in the source: geocoded as « 1 Place Saint-Herbot 29490 Guipavas » (score 0.93); approximate")), "{text}");
    // Nothing found for the other: its commune's centre still.
    assert!(
        text.contains(&format!(
            "{source}:2: latitude: warning: no coordinates in the source: placed at the centre of Brest"
        )),
        "{text}"
    );
    assert!(
        text.ends_with("imported 0, updated 1, unchanged 1, rejected 0, warnings 2\n"),
        "{text}"
    );

    // The place pages say how each position was found.
    let db2 = db.clone();
    let server = tokio::task::spawn_blocking(move || crate::support::Server::start(&db2, &["--no-demo"]))
        .await
        .unwrap();
    let page = |id: &str| {
        let url = format!("{}/lieux/{id}", server.base_url);
        async move { reqwest::get(url).await.unwrap().text().await.unwrap() }
    };
    assert!(page("test-B1")
        .await
        .contains("Position approximative : centre de la commune de Brest."));
    assert!(page("test-B2")
        .await
        .contains("Position approximative : adresse géocodée (« 1 Place Saint-Herbot 29490 Guipavas »)."));

    // The source now gives B1's coordinates: a dry run forgets nothing, an import forgets
    // B1's approximation only.
    let source = write(
        dir.path(),
        "hub.csv",
        "REF;Structure;Num;Voie;CP;Ville;Tél;MAJ;Offre;X;Y;Horaires
B1;CCAS;1;place de la Liberté;29200;Brest;;12/03/2025;;146000;6837800;
B2;Mairie;1;place Saint-Herbot;29490;Guipavas;;12/03/2025;;;;
",
    );
    let approximate = || {
        let csv = stdout(&run(&db, &["quality", "--format", "csv"]));
        let mut ids: Vec<String> = csv
            .lines()
            .filter(|line| line.contains(",coordonnees_approximatives,"))
            .filter_map(|line| line.split(',').next().map(str::to_owned))
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(approximate(), ["test-B1", "test-B2"]);
    let output = run(&db, &["import", "--dry-run", "--mapping", &mapping, &source]);
    assert!(output.status.success(), "{}", stdout(&output));
    assert_eq!(approximate(), ["test-B1", "test-B2"]);
    let output = run(&db, &["import", "--mapping", &mapping, &source]);
    assert!(output.status.success(), "{}", stdout(&output));
    assert_eq!(approximate(), ["test-B2"]);
}
