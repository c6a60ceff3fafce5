//! The real server on a random port, against a temporary database.

use crate::support::{fixture, repo, run, temp_db, Server};

#[tokio::test]
async fn an_empty_database_serves_the_demo_data() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);

    let (status, health) = server.get("/healthz").await;
    assert_eq!(status, 200);
    assert_eq!(health["status"], "ok");
    let demo = health["places"].as_u64().unwrap();
    assert!(demo >= 40, "demo data loaded: {demo}");

    let (status, page) = server.get("/api/v1/places?limit=10&offset=5").await;
    assert_eq!(status, 200);
    assert_eq!(page["type"], "FeatureCollection");
    assert_eq!(page["numberMatched"], demo);
    assert_eq!(page["numberReturned"], 10);
    let feature = &page["features"][0];
    assert_eq!(feature["id"], "demo-brest-006");
    assert_eq!(feature["geometry"]["type"], "Point");
    assert_eq!(feature["properties"]["source"], "demo");
    let keys: Vec<&String> = feature["properties"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys.len(),
        34,
        "the 32 standard fields, then open_now and next_change"
    );
    assert_eq!(keys[0], "id");
    assert_eq!(keys[31], "prise_rdv");
    assert_eq!(keys[32], "open_now");
    assert_eq!(keys[33], "next_change");
    let lon = feature["geometry"]["coordinates"][0].as_f64().unwrap();
    assert_eq!(feature["properties"]["longitude"].as_f64(), Some(lon));

    let (status, last) = server.get(&format!("/api/v1/places?offset={}", demo - 1)).await;
    assert_eq!(status, 200);
    assert_eq!(last["numberReturned"], 1);

    let (status, one) = server.get("/api/v1/places/demo-brest-001").await;
    assert_eq!(status, 200);
    assert_eq!(one["type"], "Feature");
    assert_eq!(one["properties"]["commune"], "Brest");
}

#[tokio::test]
async fn imported_places_are_served_and_the_demo_is_not_added() {
    let (_dir, db) = temp_db();
    let fixture = fixture("bad-rows.csv");
    run(&db, &["import", fixture.to_str().unwrap()]);
    let server = Server::start(&db, &[]);

    let (_, page) = server.get("/api/v1/places").await;
    assert_eq!(
        page["numberMatched"], 5,
        "a database with places gets no demo data"
    );
    let (status, place) = server.get("/api/v1/places/fx-30").await;
    assert_eq!(status, 200);
    assert_eq!(
        place["properties"]["horaires"],
        "du lundi au vendredi de 9h à 12h"
    );
    let (_, swapped) = server.get("/api/v1/places/fx-31").await;
    assert_eq!(
        swapped["geometry"]["coordinates"][1], -4.4861,
        "coordinates are served as given"
    );
}

#[tokio::test]
async fn bad_requests_get_json_errors() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &["--no-demo"]);
    let cases = [
        ("/api/v1/places?limit=0", 400, "invalid_parameter", "limit"),
        ("/api/v1/places?limit=1001", 400, "invalid_parameter", "limit"),
        ("/api/v1/places?limit=abc", 400, "invalid_parameter", "limit"),
        ("/api/v1/places?offset=-1", 400, "invalid_parameter", "offset"),
        ("/api/v1/places?offset=1e3", 400, "invalid_parameter", "offset"),
        ("/api/v1/places?limit=%FF", 400, "invalid_parameter", "limit"),
        ("/api/v1/places/absent", 404, "not_found", "« absent »"),
        ("/api/v1/places/%3Cscript%3E", 404, "not_found", "« <script> »"),
        ("/api/v1/nowhere", 404, "not_found", "/api/v1/nowhere"),
        ("/api/v1/places/%FF", 400, "invalid_parameter", "id must be UTF-8"),
        (
            "/api/v1/territories/%FF/coverage",
            400,
            "invalid_parameter",
            "code must be UTF-8",
        ),
        (
            "/api/v1/territories/%FF/boundary.geojson",
            400,
            "invalid_parameter",
            "code",
        ),
        (
            "/api/v1/places?open_now=yes",
            400,
            "invalid_parameter",
            "open_now",
        ),
        (
            "/api/v1/places?open_at=1899-06-01T10:00:00Z",
            400,
            "invalid_parameter",
            "from 1900-01-02 to 9999-12-30",
        ),
    ];
    for (path, status, code, mention) in cases {
        let (actual, body) = server.get(path).await;
        assert_eq!(actual, status, "{path}: {body}");
        assert_eq!(body["error"]["code"], code, "{path}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(mention), "{path}: {message}");
    }
    let client = reqwest::Client::new();
    let response = client
        .get(format!("{}/api/v1/places", server.base_url))
        .header("Origin", "https://carto.example.org")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "*",
        "public data: CORS open"
    );
    assert_eq!(response.headers()["cache-control"], "public, max-age=60");
    let health = client
        .get(format!("{}/healthz", server.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(health.headers()["cache-control"], "no-store");

    let response = client
        .delete(format!("{}/api/v1/places", server.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
}

#[tokio::test]
async fn booleans_take_any_case_and_open_at_its_supported_range() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);
    let (_, reference) = server.get("/api/v1/places?open_now=true").await;
    for value in ["TRUE", "True", "1"] {
        let (status, body) = server.get(&format!("/api/v1/places?open_now={value}")).await;
        assert_eq!(status, 200, "{value}: {body}");
        assert_eq!(body["numberMatched"], reference["numberMatched"], "{value}");
    }
    let (_, all) = server.get("/api/v1/places").await;
    for value in ["FALSE", "0"] {
        let (status, body) = server.get(&format!("/api/v1/places?open_now={value}")).await;
        assert_eq!(status, 200, "{value}");
        assert_eq!(body["numberMatched"], all["numberMatched"], "{value}");
    }
    // The first instant whose hours can be evaluated everywhere finds the places open then.
    let (status, body) = server.get("/api/v1/places?open_at=1900-01-02T12:00:00Z").await;
    assert_eq!(status, 200, "{body}");
}

/// A huge value sent is not repeated back whole, whatever the message.
#[tokio::test]
async fn echoed_values_are_cut() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &["--no-demo"]);
    let long = "x".repeat(60_000);
    for path in [
        format!("/api/v1/places/{long}"),
        format!("/api/v1/places?limit={long}"),
        format!("/api/v1/places/nearest?lat={long}&lon=0"),
        format!("/api/v1/places?services={long}"),
        format!("/api/v1/places?bbox={long}"),
        format!("/api/v1/territories/{long}/coverage"),
        format!("/api/v1/{long}"),
    ] {
        let (status, body) = server.get(&path).await;
        assert!(status == 400 || status == 404, "{status}: {body}");
        let message = body["error"]["message"].as_str().expect("a message");
        assert!(message.len() < 2_000, "{}…", &message[..200]);
        // The path of an unknown route is cut with its `/api/v1/` prefix.
        assert!(message.contains(&format!("{}…", "x".repeat(90))), "{message}");
    }
}

/// CORS is for the API: a preflight elsewhere gets no CORS headers.
#[tokio::test]
async fn cors_preflight_is_answered_on_the_api_only() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &["--no-demo"]);
    let client = reqwest::Client::new();
    let preflight = |path: &str| {
        client
            .request(reqwest::Method::OPTIONS, format!("{}{path}", server.base_url))
            .header("Origin", "https://carto.example.org")
            .header("Access-Control-Request-Method", "GET")
            .send()
    };
    let response = preflight("/api/v1/places").await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    // The territory page is documented beside the API, but it is a page: no CORS.
    let page = client
        .get(format!("{}/territoires/29019", server.base_url))
        .header("Origin", "https://carto.example.org")
        .send()
        .await
        .unwrap();
    assert!(
        page.headers().get("access-control-allow-origin").is_none(),
        "{:?}",
        page.headers()
    );
    for path in ["/nope", "/", "/lieux/x", "/territoires/29019"] {
        let response = preflight(path).await.unwrap();
        assert!(
            response.status().is_client_error(),
            "{path}: {}",
            response.status()
        );
        assert!(
            !response.headers().contains_key("access-control-allow-origin"),
            "{path}"
        );
    }
}

/// The custom territories' URLs are percent-encoded, and lead to their reports.
#[tokio::test]
async fn territory_urls_are_percent_encoded() {
    let (dir, db) = temp_db();
    let file = dir.path().join("custom.geojson");
    let square = |code: &str, nom: &str| {
        serde_json::json!({
            "type": "Feature",
            "properties": {"code": code, "nom": nom},
            "geometry": {"type": "Polygon", "coordinates": [[
                [-4.50, 48.38], [-4.48, 48.38], [-4.48, 48.40], [-4.50, 48.40], [-4.50, 48.38]
            ]]}
        })
    };
    let collection = serde_json::json!({
        "type": "FeatureCollection",
        "features": [square("a/b c", "Quartier barré"), square("q<s>", "Quartier chevrons")]
    });
    std::fs::write(&file, collection.to_string()).unwrap();
    let output = run(
        &db,
        &[
            "territories",
            "import",
            file.to_str().unwrap(),
            "--level",
            "custom",
        ],
    );
    assert!(output.status.success(), "{}", crate::support::stdout(&output));
    let server = Server::start(&db, &[]);

    let (status, body) = server.get("/api/v1/territories?q=Quartier").await;
    assert_eq!(status, 200, "{body}");
    let urls: Vec<(String, String)> = body["territories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["coverage_url"].as_str().unwrap().to_owned(),
                t["report_url"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for expected in [
        (
            "/api/v1/territories/custom:a%2Fb%20c/coverage",
            "/territoires/custom:a%2Fb%20c",
        ),
        (
            "/api/v1/territories/custom:q%3Cs%3E/coverage",
            "/territoires/custom:q%3Cs%3E",
        ),
    ] {
        assert!(
            urls.iter().any(|(c, r)| (c.as_str(), r.as_str()) == expected),
            "{expected:?} in {urls:?}"
        );
    }
    let (status, report) = server.get("/api/v1/territories/custom:a%2Fb%20c/coverage").await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["territory"]["code"], "a/b c");
}

/// The captured examples of docs/api.md (`$ curl -s URL` and the JSON line under it) are
/// the server's real answers on the demo data.
#[tokio::test]
async fn the_documented_captured_examples_are_real_answers() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);
    let doc = std::fs::read_to_string(repo().join("docs/api.md")).unwrap();
    let lines: Vec<&str> = doc.lines().collect();
    let mut replayed = 0;
    for pair in lines.windows(2) {
        let Some(url) = pair[0].strip_prefix("$ curl -s ") else {
            continue;
        };
        if url.contains(['|', ' ']) || !pair[1].starts_with('{') {
            continue;
        }
        let path = url
            .trim_matches('\'')
            .strip_prefix("http://127.0.0.1:8080")
            .expect("a documented URL");
        let (_, answer) = server.get(path).await;
        let documented: serde_json::Value = serde_json::from_str(pair[1]).expect("documented JSON");
        assert_eq!(answer, documented, "docs/api.md: {url}");
        replayed += 1;
    }
    assert!(replayed >= 4, "examples replayed: {replayed}");
}
