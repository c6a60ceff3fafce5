//! The map endpoint over HTTP, on 20,000 generated places spread like the population:
//! clusters for the whole country, places for a neighbourhood, JSON errors for bad input.

use std::path::Path;

use crate::support::{bin, run, temp_db, Server};
use serde_json::Value;

/// France métropolitaine and Corsica.
const FRANCE: &str = "-5.5,41.2,9.8,51.2";
/// Central Brest: a few dozen of the generated places.
const BREST: [f64; 4] = [-4.52, 48.37, -4.45, 48.41];
/// Places generated: enough to need clusters, few enough to import quickly in a debug build.
const PLACES: usize = 20_000;

/// Generates the places into `db` (`aiguillage generate`, then `import`).
fn generate_into(db: &Path) {
    let csv = db.with_file_name("places.csv");
    let rows = PLACES.to_string();
    let output = bin()
        .args([
            "generate",
            "--rows",
            &rows,
            "--seed",
            "42",
            "--spread",
            "population",
            "--output",
        ])
        .arg(&csv)
        .output()
        .expect("running aiguillage generate");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = run(db, &["import", csv.to_str().expect("a UTF-8 path")]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// GET `path`: the status, the size of the body in bytes and the body as JSON.
async fn get(server: &Server, path: &str) -> (u16, usize, Value) {
    let response = reqwest::get(format!("{}{path}", server.base_url))
        .await
        .expect("GET");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a body");
    let body = serde_json::from_slice(&bytes).expect("a JSON body");
    (status, bytes.len(), body)
}

fn features(body: &Value) -> &Vec<Value> {
    body["features"].as_array().expect("a FeatureCollection")
}

fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|n| n.as_f64().expect("a number"))
        .collect()
}

/// Whether `[lon, lat]` is inside `[minLon, minLat, maxLon, maxLat]`.
fn inside(point: &[f64], bbox: &[f64]) -> bool {
    (bbox[0]..=bbox[2]).contains(&point[0]) && (bbox[1]..=bbox[3]).contains(&point[1])
}

/// Checks a clustered answer: counts sum to `numberMatched`, each cluster is at the mean of
/// places inside its box, inside the viewport. Returns the number of clusters.
fn check_clusters(body: &Value, viewport: &[f64]) -> usize {
    assert_eq!(body["type"], "FeatureCollection");
    assert_eq!(body["clustered"], true, "{}", body["numberMatched"]);
    let mut total = 0;
    let mut previous = u64::MAX;
    for f in features(body) {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let p = &f["properties"];
        assert_eq!(p["kind"], "cluster");
        let count = p["count"].as_u64().expect("a count");
        assert!(count >= 1 && count <= previous, "clusters come largest first");
        previous = count;
        total += count;
        let bbox = numbers(&p["bbox"]);
        assert_eq!(bbox.len(), 4);
        assert!(inside(&numbers(&f["geometry"]["coordinates"]), &bbox), "{f}");
        // Rounded outwards by at most 1e-6 degrees.
        let widened = [
            viewport[0] - 1e-6,
            viewport[1] - 1e-6,
            viewport[2] + 1e-6,
            viewport[3] + 1e-6,
        ];
        assert!(
            inside(&bbox[..2], &widened) && inside(&bbox[2..], &widened),
            "{f}"
        );
    }
    assert_eq!(Some(total), body["numberMatched"].as_u64());
    features(body).len()
}

#[tokio::test]
async fn clusters_for_the_country_places_for_a_neighbourhood() {
    let (_dir, db) = temp_db();
    generate_into(&db);
    let server = Server::start(&db, &["--no-demo"]);
    let france: Vec<f64> = FRANCE.split(',').map(|v| v.parse().unwrap()).collect();

    // The whole country: clusters, small.
    let (status, size, body) = get(&server, &format!("/api/v1/places/map?bbox={FRANCE}&zoom=6")).await;
    assert_eq!(status, 200, "{body}");
    assert!(size < 200_000, "{size} bytes");
    let matched = body["numberMatched"].as_u64().expect("numberMatched");
    assert!(
        matched as f64 > 0.99 * PLACES as f64,
        "{matched} of {PLACES} places in France"
    );
    let at_6 = check_clusters(&body, &france);
    assert!((10..=200).contains(&at_6), "{at_6} clusters");
    eprintln!("France at zoom 6: {matched} places in {at_6} clusters, {size} bytes");

    // Zooming in splits clusters; a filter keeps fewer places.
    let (_, _, at_7) = get(&server, &format!("/api/v1/places/map?bbox={FRANCE}&zoom=7")).await;
    assert!(check_clusters(&at_7, &france) > at_6);
    assert_eq!(at_7["numberMatched"], matched);
    let service = "services=Aide%20aux%20d%C3%A9marches%20administratives";
    let (status, _, filtered) = get(
        &server,
        &format!("/api/v1/places/map?bbox={FRANCE}&zoom=6&{service}"),
    )
    .await;
    assert_eq!(status, 200);
    check_clusters(&filtered, &france);
    let (_, listed) = server
        .get(&format!("/api/v1/places?bbox={FRANCE}&limit=1&{service}"))
        .await;
    assert_eq!(filtered["numberMatched"], listed["numberMatched"]);
    assert!(filtered["numberMatched"].as_u64() < Some(matched));

    // Far too many cells for the zoom (the world at zoom 20): still a bounded answer.
    let (status, size, world) = get(&server, "/api/v1/places/map?bbox=-180,-90,180,90&zoom=20").await;
    assert_eq!(status, 200);
    assert!(size < 200_000, "{size} bytes");
    assert!(check_clusters(&world, &[-180.0, -90.0, 180.0, 90.0]) <= 768);

    // A neighbourhood: the places themselves, with light properties.
    let brest = BREST.map(|v| v.to_string()).join(",");
    let (status, size, body) = get(&server, &format!("/api/v1/places/map?bbox={brest}&zoom=14")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["clustered"], false);
    let places = features(&body);
    assert!(
        !places.is_empty() && places.len() <= 500,
        "{} places",
        places.len()
    );
    assert_eq!(body["numberMatched"].as_u64(), Some(places.len() as u64));
    assert!(size < 200_000);
    for f in places {
        assert!(inside(&numbers(&f["geometry"]["coordinates"]), &BREST), "{f}");
        let p = f["properties"].as_object().expect("properties");
        let keys: Vec<&str> = p.keys().map(String::as_str).collect();
        assert_eq!(keys, ["kind", "id", "nom", "typologie", "open_now"]);
        assert_eq!(p["kind"], "place");
        assert_eq!(p["id"], f["id"]);
        assert!(p["nom"].is_string());
        assert!(p["typologie"].is_string() || p["typologie"].is_null());
        assert!(p["open_now"].is_boolean() || p["open_now"].is_null());
    }
    // The same places as the list's, in the same order (by id).
    let (_, listed) = server
        .get(&format!("/api/v1/places?bbox={brest}&limit=1000"))
        .await;
    let ids = |b: &Value| features(b).iter().map(|f| f["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&body), ids(&listed));
}

#[tokio::test]
async fn bad_parameters_are_400_naming_the_parameter() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &["--no-demo"]);
    let cases = [
        ("/api/v1/places/map?zoom=6", "bbox is required"),
        (
            "/api/v1/places/map?bbox=1,2,3&zoom=6",
            "bbox must be minLon,minLat,maxLon,maxLat",
        ),
        (
            "/api/v1/places/map?bbox=-4.3,48.3,-4.6,48.5&zoom=6",
            "minimums first",
        ),
        (
            "/api/v1/places/map?bbox=-4.6,95,-4.3,96&zoom=6",
            "latitudes from -90 to 90",
        ),
        ("/api/v1/places/map?bbox=-4.6,48.3,-4.3,48.5", "zoom is required"),
        (
            "/api/v1/places/map?bbox=-4.6,48.3,-4.3,48.5&zoom=21",
            "zoom must be an integer from 0 to 20, got « 21 »",
        ),
        (
            "/api/v1/places/map?bbox=-4.6,48.3,-4.3,48.5&zoom=-1",
            "zoom must be",
        ),
        (
            "/api/v1/places/map?bbox=-4.6,48.3,-4.3,48.5&zoom=6.5",
            "zoom must be",
        ),
        (
            "/api/v1/places/map?bbox=-4.6,48.3,-4.3,48.5&zoom=6&services=Cuisine",
            "services: unknown value « Cuisine »",
        ),
        (
            "/api/v1/places/map?bbox=-4.6,48.3,-4.3,48.5&zoom=6&open_now=maybe",
            "open_now must be true or false",
        ),
    ];
    for (path, message) in cases {
        let (status, body) = server.get(path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["error"]["code"], "invalid_parameter", "{path}");
        let actual = body["error"]["message"].as_str().expect("a message");
        assert!(actual.contains(message), "{path}: {actual}");
    }
    // An empty database: an empty view.
    let (status, body) = server
        .get("/api/v1/places/map?bbox=-4.6,48.3,-4.3,48.5&zoom=12")
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["numberMatched"], 0);
    assert_eq!(body["clustered"], false);
    assert!(features(&body).is_empty());
}
