//! `GET /api/v1/search` on the demo data of Brest métropole: what the text means, the places
//! nearest first, the same answers as the search page, and errors naming the parameter.

use crate::support::{listed, temp_db, Server};
use serde_json::{json, Value};

/// The ids of the answer's places, in order.
fn ids(body: &Value) -> Vec<String> {
    places(body)
        .iter()
        .map(|p| p["id"].as_str().expect("an id").to_owned())
        .collect()
}

fn places(body: &Value) -> &Vec<Value> {
    body["places"].as_array().expect("places")
}

/// The ids listed by the search page at `query`.
async fn page_ids(server: &Server, query: &str) -> Vec<String> {
    let response = reqwest::get(format!("{}/?{query}", server.base_url))
        .await
        .expect("GET");
    assert_eq!(response.status(), 200, "/?{query}");
    listed(&response.text().await.expect("a body"))
}

#[tokio::test]
async fn a_commune_gives_its_places_nearest_first() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);

    for q in ["Brest", "brest", "29200", "29%20200"] {
        let (status, body) = server.get(&format!("/api/v1/search?q={q}")).await;
        assert_eq!(status, 200, "{q}: {body}");
        assert_eq!(body["heading"], "Lieux près de Brest", "{q}");
        assert_eq!(body["territory"], json!({"code": "29019", "nom": "Brest"}), "{q}");
        assert_eq!(body["message"], Value::Null, "{q}");
        let origin = &body["origin"];
        let (lat, lon) = (origin["lat"].as_f64().unwrap(), origin["lon"].as_f64().unwrap());
        assert!(
            (48.3..48.5).contains(&lat) && (-4.6..-4.3).contains(&lon),
            "{q}: {origin}"
        );
        let bbox: Vec<f64> = body["bbox"]
            .as_array()
            .expect("a box around the commune's places")
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert!(
            bbox[0] <= lon && lon <= bbox[2] && bbox[1] <= lat && lat <= bbox[3],
            "{bbox:?}"
        );
        assert!(body["at"].as_str().is_some(), "{q}");

        // The 20 nearest places of the demo, as the nearest endpoint finds them.
        assert_eq!(places(&body).len(), 20, "{q}");
        let (_, nearest) = server
            .get(&format!("/api/v1/places/nearest?lat={lat}&lon={lon}&limit=20"))
            .await;
        let features = nearest["features"].as_array().expect("features");
        for (place, feature) in places(&body).iter().zip(features) {
            let properties = &feature["properties"];
            assert_eq!(place["id"], properties["id"], "{q}");
            assert_eq!(place["nom"], properties["nom"], "{q}");
            assert_eq!(place["distance_m"], properties["distance_m"], "{q}");
            assert_eq!(place["time_zone"], "Europe/Paris", "{q}");
            assert!(place["open_now"].is_boolean() || place["open_now"].is_null());
            if place["open_now"].is_null() {
                assert_eq!(place["next_change"], Value::Null, "{q}");
            }
        }
        let distances: Vec<u64> = places(&body)
            .iter()
            .map(|p| p["distance_m"].as_u64().expect("whole metres"))
            .collect();
        assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{q}: {distances:?}");

        // The page lists the same places.
        assert_eq!(ids(&body), page_ids(&server, &format!("q={q}")).await, "{q}");
    }

    // Other answers lead to communes and to places that exist.
    let (_, body) = server.get("/api/v1/search?q=Brest").await;
    for other in body["others"].as_array().expect("others") {
        assert!(other["label"].as_str().is_some_and(|l| !l.is_empty()), "{other}");
        match other["kind"].as_str() {
            Some("commune") => assert!(other["code"].as_str().is_some(), "{other}"),
            Some("place") => {
                let id = other["id"].as_str().expect("an id");
                let (status, _) = server.get(&format!("/api/v1/places/{id}")).await;
                assert_eq!(status, 200, "{other}");
            }
            _ => panic!("{other}"),
        }
    }
}

#[tokio::test]
async fn names_misspellings_points_and_filters_are_read_as_on_the_page() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);

    // A place name: the places by name, without distances.
    let (status, body) = server.get("/api/v1/search?q=m%C3%A9diath%C3%A8que").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["heading"], "Lieux dont le nom contient « médiathèque »");
    assert_eq!(body["origin"], Value::Null);
    let names: Vec<&str> = places(&body)
        .iter()
        .map(|p| p["nom"].as_str().expect("a name"))
        .collect();
    assert!(names.len() >= 5, "{names:?}");
    assert!(
        names
            .iter()
            .all(|n| aiguillage_model::fold(n).contains("mediatheque")),
        "{names:?}"
    );
    assert!(places(&body).iter().all(|p| p["distance_m"].is_null()));
    assert_eq!(ids(&body), page_ids(&server, "q=m%C3%A9diath%C3%A8que").await);

    // A misspelt commune: the nearest commune's places, and why.
    let (_, body) = server.get("/api/v1/search?q=brst").await;
    assert_eq!(body["heading"], "Lieux près de Brest");
    assert_eq!(
        body["message"],
        "Aucune commune ne s'appelle « brst » : voici les lieux près de Brest."
    );
    assert_eq!(places(&body).len(), 20);
    assert!(body["others"]
        .as_array()
        .expect("others")
        .iter()
        .all(|o| o["kind"] == "commune"));

    // A point wins over the text.
    let (_, body) = server.get("/api/v1/search?q=Reims&lat=48.39&lon=-4.49").await;
    assert_eq!(body["heading"], "Lieux près du point choisi");
    assert_eq!(body["origin"], json!({"lat": 48.39, "lon": -4.49}));
    assert_eq!(places(&body).len(), 20);
    let (_, body) = server.get("/api/v1/search?lat=48.39&lon=-4.49").await;
    assert_eq!(ids(&body), page_ids(&server, "lat=48.39&lon=-4.49").await);

    // The filters of the page's form, with the API's names.
    let service = "Parentalit%C3%A9+et+%C3%A9ducation+avec+le+num%C3%A9rique";
    for (api, page) in [
        (format!("services={service}"), format!("services={service}")),
        ("publics=Seniors".to_owned(), "publics=Seniors".to_owned()),
        ("free=true".to_owned(), "gratuit=1".to_owned()),
        ("open_on_saturdays=1".to_owned(), "samedi=1".to_owned()),
    ] {
        let (status, body) = server.get(&format!("/api/v1/search?q=Brest&{api}")).await;
        assert_eq!(status, 200, "{api}: {body}");
        let filtered = ids(&body);
        assert!(!filtered.is_empty(), "{api}");
        assert_eq!(
            filtered,
            page_ids(&server, &format!("q=Brest&{page}")).await,
            "{api}"
        );
    }
}

#[tokio::test]
async fn bad_requests_name_the_parameter() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &["--no-demo"]);
    for (query, message) in [
        ("", "q is required"),
        ("?q=", "q is required"),
        ("?q=%20%20", "q is required"),
        ("?q=Brest&lat=48.4", "lon is required"),
        ("?lon=-4.4", "lat is required"),
        (
            "?q=Brest&lat=91&lon=0",
            "lat must be a number from -90 to 90, got « 91 »",
        ),
        (
            "?q=Brest&open_now=oui",
            "open_now must be true or false (or 1 or 0, in any case), got « oui »",
        ),
    ] {
        let (status, body) = server.get(&format!("/api/v1/search{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(
            body,
            json!({"error": {"code": "invalid_parameter", "message": message}}),
            "{query}"
        );
    }
    let (status, body) = server.get("/api/v1/search?q=Brest&services=foo").await;
    assert_eq!(status, 400);
    let message = body["error"]["message"].as_str().expect("a message");
    assert!(
        message.starts_with("services: unknown value « foo »; accepted values: "),
        "{message}"
    );
}
