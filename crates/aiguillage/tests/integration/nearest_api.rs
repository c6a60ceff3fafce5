//! Proximity queries over HTTP, on the demo data of Brest métropole.

use std::time::{Duration, Instant};

use crate::support::{fixture, run, temp_db, Server};
use serde_json::Value;

/// Place de la Liberté, Brest.
const BREST: &str = "lat=48.3904&lon=-4.4861";

fn features(body: &Value) -> &Vec<Value> {
    body["features"].as_array().expect("a FeatureCollection")
}

#[tokio::test]
async fn nearest_places_are_sorted_by_distance_with_status() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);
    let (status, body) = server
        .get(&format!("/api/v1/places/nearest?{BREST}&limit=5"))
        .await;
    assert_eq!(status, 200, "{body}");
    let hits = features(&body);
    assert_eq!(hits.len(), 5);
    let distances: Vec<u64> = hits
        .iter()
        .map(|f| f["properties"]["distance_m"].as_u64().unwrap())
        .collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{distances:?}");
    assert!(distances[0] < 2_000, "the demo has places in central Brest");
    for f in hits {
        let p = &f["properties"];
        assert!(p["open_now"].is_boolean() || p["open_now"].is_null());
        if p["horaires"].is_null() {
            assert!(p["open_now"].is_null(), "unknown hours are never open or closed");
        }
        assert_eq!(
            p.as_object().unwrap().len(),
            35,
            "32 standard fields + distance_m, open_now, next_change"
        );
    }

    let (_, within) = server
        .get(&format!("/api/v1/places/nearest?{BREST}&limit=100&radius_m=1000"))
        .await;
    assert!(features(&within)
        .iter()
        .all(|f| f["properties"]["distance_m"].as_u64().unwrap() <= 1000));
}

#[tokio::test]
async fn filters_and_opening_hours() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);
    let service = "Aide aux démarches administratives";
    let (status, body) = server
        .get(&format!(
            "/api/v1/places/nearest?{BREST}&limit=100&services={}",
            urlencode(service)
        ))
        .await;
    assert_eq!(status, 200);
    assert!(!features(&body).is_empty());
    for f in features(&body) {
        let services = f["properties"]["services"].as_str().unwrap();
        assert!(services.split('|').any(|s| s == service), "{services}");
    }

    // Christmas Day 2026, 10:00 in Brest: only places whose hours say so are open.
    let christmas = urlencode("2026-12-25T10:00:00+01:00");
    let (status, open) = server
        .get(&format!(
            "/api/v1/places/nearest?{BREST}&limit=100&open_at={christmas}"
        ))
        .await;
    assert_eq!(status, 200);
    for f in features(&open) {
        let p = &f["properties"];
        assert_eq!(p["open_now"], true, "{}", p["nom"]);
        assert!(
            !p["horaires"].as_str().unwrap().contains("PH off"),
            "{}",
            p["horaires"]
        );
    }
    // A Tuesday morning: many more are open.
    let tuesday = urlencode("2026-12-01T10:00:00+01:00");
    let (_, open_tuesday) = server
        .get(&format!(
            "/api/v1/places/nearest?{BREST}&limit=100&open_at={tuesday}"
        ))
        .await;
    assert!(features(&open_tuesday).len() > features(&open).len());
    for f in features(&open_tuesday) {
        let next = f["properties"]["next_change"].as_str().unwrap();
        assert!(
            next.starts_with("2026-12-01T") && next.ends_with("+01:00"),
            "closes later that day: {next}"
        );
    }
}

#[tokio::test]
async fn bounding_boxes_for_the_map() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);
    let (status, all) = server
        .get("/api/v1/places?bbox=-4.7,48.3,-4.3,48.5&limit=1000")
        .await;
    assert_eq!(status, 200);
    let (_, centre) = server.get("/api/v1/places?bbox=-4.50,48.38,-4.47,48.40").await;
    let n = features(&centre).len();
    assert!(n > 0 && n < features(&all).len());
    for f in features(&centre) {
        let c = &f["geometry"]["coordinates"];
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!((-4.50..=-4.47).contains(&lon) && (48.38..=48.40).contains(&lat));
    }
    assert_eq!(centre["numberMatched"], n);
}

#[tokio::test]
async fn bad_parameters_are_400_naming_the_parameter() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);
    let cases = [
        ("/api/v1/places/nearest?lon=-4.48", "lat is required"),
        ("/api/v1/places/nearest?lat=48.39", "lon is required"),
        ("/api/v1/places/nearest?lat=abc&lon=-4.48", "lat must be a number"),
        (
            "/api/v1/places/nearest?lat=95&lon=-4.48",
            "lat must be a number from -90 to 90",
        ),
        ("/api/v1/places/nearest?lat=NaN&lon=-4.48", "lat must be"),
        ("/api/v1/places/nearest?lat=48.39&lon=200", "lon must be"),
        (
            "/api/v1/places/nearest?lat=48.39&lon=-4.48&limit=0",
            "limit must be an integer from 1 to 100",
        ),
        ("/api/v1/places/nearest?lat=48.39&lon=-4.48&limit=101", "limit"),
        (
            "/api/v1/places/nearest?lat=48.39&lon=-4.48&radius_m=-1",
            "radius_m must be a number from 0 to 100000",
        ),
        (
            "/api/v1/places/nearest?lat=48.39&lon=-4.48&radius_m=100001",
            "radius_m",
        ),
        (
            "/api/v1/places/nearest?lat=48.39&lon=-4.48&services=Cuisine",
            "services: unknown value « Cuisine »; accepted values: Aide aux démarches administratives | ",
        ),
        (
            "/api/v1/places/nearest?lat=48.39&lon=-4.48&publics=seniors",
            "publics: unknown value « seniors » (did you mean « Seniors »?)",
        ),
        (
            "/api/v1/places/nearest?lat=48.39&lon=-4.48&frais=gratis",
            "frais: unknown value",
        ),
        (
            "/api/v1/places/nearest?lat=48.39&lon=-4.48&itinerance=bus",
            "itinerance: unknown value",
        ),
        (
            "/api/v1/places/nearest?lat=48.39&lon=-4.48&services_match=some",
            "services_match must be any or all",
        ),
        (
            "/api/v1/places/nearest?lat=48.39&lon=-4.48&open_at=demain",
            "open_at must be an RFC 3339 date-time",
        ),
        (
            "/api/v1/places/nearest?lat=48.39&lon=-4.48&open_now=maybe",
            "open_now must be true or false",
        ),
        (
            "/api/v1/places/nearest?lat=48.39&lon=-4.48&open_now=true&open_at=2026-12-01T10:00:00Z",
            "cannot be combined",
        ),
        (
            "/api/v1/places?bbox=1,2,3",
            "bbox must be minLon,minLat,maxLon,maxLat",
        ),
        ("/api/v1/places?bbox=-4.3,48.3,-4.6,48.5", "minimums first"),
    ];
    for (path, message) in cases {
        let (status, body) = server.get(path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["error"]["code"], "invalid_parameter", "{path}");
        let actual = body["error"]["message"].as_str().unwrap();
        assert!(actual.contains(message), "{path}: {actual}");
    }
}

#[tokio::test]
async fn an_import_while_serving_is_picked_up() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &["--no-demo"]);
    let (_, before) = server.get(&format!("/api/v1/places/nearest?{BREST}")).await;
    assert!(features(&before).is_empty());

    let fixture = fixture("bad-rows.csv");
    run(&db, &["import", fixture.to_str().unwrap()]);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, after) = server
            .get(&format!("/api/v1/places/nearest?{BREST}&limit=100"))
            .await;
        if !features(&after).is_empty() {
            // fx-31 has swapped coordinates (in the Indian Ocean): still indexed, far away.
            assert_eq!(features(&after).len(), 5);
            break;
        }
        assert!(Instant::now() < deadline, "the server never reloaded its index");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
