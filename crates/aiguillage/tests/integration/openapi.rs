//! The OpenAPI document and the documentation page served by the real binary, checked
//! against its real answers on the demo data of Brest métropole.

use crate::support::{temp_db, Server};
use serde_json::Value;

/// Fetches `/api/openapi.json`.
async fn document(server: &Server) -> Value {
    let response = reqwest::get(format!("{}/api/openapi.json", server.base_url))
        .await
        .expect("GET /api/openapi.json");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let doc: Value = response.json().await.expect("JSON");
    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1.")),
        "{}",
        doc["openapi"]
    );
    doc
}

/// `value`, or what its `$ref` points to.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    value["$ref"]
        .as_str()
        .and_then(|reference| doc.pointer(reference.trim_start_matches('#')))
        .unwrap_or(value)
}

/// Checks `body` against the schema documented for `status` of `GET template`.
fn check(doc: &Value, template: &str, status: u16, body: &Value) {
    let response = &doc["paths"][template]["get"]["responses"][status.to_string()];
    assert!(!response.is_null(), "GET {template}: {status} is not documented");
    let mut schema = resolve(doc, response)["content"]["application/json"]["schema"].clone();
    schema["components"] = doc["components"].clone();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "GET {template} ({status}): {}",
        errors.join("; ")
    );
}

#[tokio::test]
async fn the_nearest_example_is_the_real_answer() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);
    let doc = document(&server).await;
    let operation = &doc["paths"]["/api/v1/places/nearest"]["get"];
    let query: Vec<(String, String)> = operation["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter_map(|p| {
            let value = match p.get("example")? {
                Value::String(s) => s.clone(),
                Value::Array(labels) => labels
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("|"),
                other => other.to_string(),
            };
            Some((p["name"].as_str()?.to_owned(), value))
        })
        .collect();
    let names: Vec<&str> = query.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["lat", "lon", "limit", "services", "open_at"]);
    let answer: Value = reqwest::Client::new()
        .get(format!("{}/api/v1/places/nearest", server.base_url))
        .query(&query)
        .send()
        .await
        .expect("GET")
        .json()
        .await
        .expect("JSON");
    let example = &operation["responses"]["200"]["content"]["application/json"]["examples"]["brest"]["value"];
    assert_eq!(
        &answer, example,
        "the documented example is stale: replace crates/aiguillage-server/src/openapi/examples/nearest-brest.json \
         with the answer"
    );
}

#[tokio::test]
async fn real_answers_match_the_documented_schemas() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);
    let doc = document(&server).await;
    let brest = "lat=48.3904&lon=-4.4861";
    let cases = [
        ("/healthz", "/healthz".to_owned(), 200),
        ("/api/v1/places", "/api/v1/places?limit=1000".to_owned(), 200),
        (
            "/api/v1/places",
            "/api/v1/places?open_at=2026-12-25T10:00:00%2B01:00".to_owned(),
            200,
        ),
        ("/api/v1/places", "/api/v1/places?bbox=1,2,3".to_owned(), 400),
        (
            "/api/v1/places/nearest",
            format!("/api/v1/places/nearest?{brest}&limit=100"),
            200,
        ),
        (
            "/api/v1/places/nearest",
            format!("/api/v1/places/nearest?{brest}&publics=seniors"),
            400,
        ),
        (
            "/api/v1/places/{id}",
            "/api/v1/places/demo-brest-001".to_owned(),
            200,
        ),
        ("/api/v1/places/{id}", "/api/v1/places/inconnu".to_owned(), 404),
        ("/api/v1/search", "/api/v1/search?q=Brest".to_owned(), 200),
        (
            "/api/v1/search",
            "/api/v1/search?q=m%C3%A9diath%C3%A8que".to_owned(),
            200,
        ),
        ("/api/v1/search", "/api/v1/search?q=brst".to_owned(), 200),
        ("/api/v1/search", "/api/v1/search?q=Paris".to_owned(), 200),
        ("/api/v1/search", "/api/v1/search".to_owned(), 400),
    ];
    for (template, uri, expected) in cases {
        let (status, body) = server.get(&uri).await;
        assert_eq!(status, expected, "{uri}: {body}");
        check(&doc, template, status, &body);
    }
}

#[tokio::test]
async fn the_error_examples_are_real_answers() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &["--no-demo"]);
    let doc = document(&server).await;
    let client = reqwest::Client::new();
    let mut replayed = 0;
    for (name, response) in doc["components"]["responses"]
        .as_object()
        .expect("shared responses")
    {
        for example in response["content"]["application/json"]["examples"]
            .as_object()
            .expect("examples")
            .values()
        {
            // The summary is the request, when it can be replayed (`METHOD /path?query`).
            let summary = example["summary"].as_str().expect("a summary");
            let [method, uri] = summary.split_whitespace().collect::<Vec<_>>()[..] else {
                continue;
            };
            let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
            let answer = client
                .request(method, format!("{}{uri}", server.base_url))
                .send()
                .await
                .expect("request");
            let body: Value = answer.json().await.expect("JSON");
            assert_eq!(&body, &example["value"], "{name}: {summary}");
            replayed += 1;
        }
    }
    assert_eq!(replayed, 3, "400, 404 and 405 are replayed; 500 cannot be");
}

#[tokio::test]
async fn the_documentation_page_shows_every_operation() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &["--no-demo"]);
    let doc = document(&server).await;
    let response = reqwest::get(format!("{}/api/docs", server.base_url))
        .await
        .expect("GET /api/docs");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/html; charset=utf-8");
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .expect("ASCII");
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    let page = response.text().await.expect("text");
    assert!(page.starts_with("<!DOCTYPE html><html lang=\"fr\">"));
    assert!(!page.contains("<script"), "no script, so a strict CSP holds");
    assert!(page.contains(r#"href="/api/openapi.json""#));
    assert!(page.contains("48.3904"), "the example request is shown");
    for (path, item) in doc["paths"].as_object().expect("paths") {
        assert!(
            page.contains(&format!("<code>{path}</code>")),
            "{path} is missing"
        );
        for operation in item.as_object().expect("operations").values() {
            let id = operation["operationId"].as_str().expect("an operationId");
            assert!(page.contains(&format!("id=\"{id}\"")), "{id} is missing");
        }
    }

    let style = reqwest::get(format!("{}/api/docs/style.css", server.base_url))
        .await
        .expect("GET");
    assert_eq!(style.status(), 200);
    assert_eq!(style.headers()["content-type"], "text/css; charset=utf-8");
}
