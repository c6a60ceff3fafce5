//! The real server on a random port, against a temporary database.

use crate::support::{repo, run, temp_db, Server};

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
    let fixture = repo().join("tests/fixtures/bad-rows.csv");
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
        ("/nowhere", 404, "not_found", "/nowhere"),
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
