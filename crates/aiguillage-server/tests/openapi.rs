//! The OpenAPI document: valid OpenAPI 3.1, examples valid against their schemas, and in step
//! with the router (every documented operation is served and answers a documented status,
//! every documented query parameter is read by its handler).

use std::collections::HashSet;

use aiguillage_server::{openapi, router, AppState};
use aiguillage_store::Store;
use axum::body::{to_bytes, Body};
use axum::http::header::CONTENT_TYPE;
use axum::http::{Request, StatusCode};
use axum::Router;
use serde_json::Value;
use tower::ServiceExt;

fn document() -> Value {
    serde_json::to_value(openapi()).expect("the document is JSON")
}

/// Every operation of the document: method, path and the operation object.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            operations.push((method.to_uppercase(), path.clone(), operation.clone()));
        }
    }
    operations
}

/// `value`, or what its `$ref` points to.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"].as_str() {
        Some(reference) => doc
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("{reference} does not resolve")),
        None => value,
    }
}

/// A validator of `schema`, which may refer to the document's components.
fn validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = schema.clone();
    root["components"] = doc["components"].clone();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("invalid schema {schema}: {e}"))
}

/// Checks `instance` against `schema`.
fn check(doc: &Value, schema: &Value, instance: &Value) -> Result<(), String> {
    let errors: Vec<String> = validator(doc, schema)
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

#[test]
fn the_document_is_openapi_3_1() {
    let json = openapi().to_json().expect("serialises");
    let spec = oas3::from_json(&json).expect("an OpenAPI 3.1 document");
    let version = spec.validate_version().expect("a supported version");
    assert_eq!((version.major, version.minor), (3, 1), "{}", spec.openapi);
    assert!(spec.openapi.starts_with("3.1."));

    let mut ids = HashSet::new();
    for (path, method, operation) in spec.operations() {
        let id = operation.operation_id.clone().unwrap_or_default();
        assert!(
            ids.insert(id.clone()),
            "{method} {path}: operationId « {id} » is not unique"
        );
        assert!(operation.summary.is_some(), "{method} {path} has no summary");
        let parameters = operation.parameters(&spec).expect("parameters resolve");
        for parameter in parameters {
            assert!(
                parameter.description.is_some(),
                "{method} {path}: {} has no description",
                parameter.name
            );
        }
        let declared = operation.responses.as_ref().map_or(0, |r| r.len());
        assert!(declared > 0, "{method} {path} has no response");
        assert_eq!(
            operation.responses(&spec).len(),
            declared,
            "{method} {path}: every response reference resolves"
        );
    }
}

#[test]
fn every_schema_compiles_and_every_example_matches_its_schema() {
    let doc = document();
    for (name, schema) in doc["components"]["schemas"].as_object().expect("schemas") {
        validator(&doc, schema);
        if let Some(example) = schema.get("example") {
            check(&doc, schema, example).unwrap_or_else(|e| panic!("example of {name}: {e}"));
        }
    }
    let mut examples = 0;
    let responses = operations(&doc)
        .into_iter()
        .flat_map(|(method, path, operation)| {
            let responses: Vec<(String, Value)> = operation["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(status, r)| (format!("{method} {path} {status}"), resolve(&doc, r).clone()))
                .collect();
            responses
        });
    let shared = doc["components"]["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, r)| (name.clone(), r.clone()));
    for (what, response) in responses.chain(shared) {
        for media in response["content"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(_, m)| m)
        {
            for (name, example) in media["examples"].as_object().into_iter().flatten() {
                check(&doc, &media["schema"], &example["value"])
                    .unwrap_or_else(|e| panic!("{what}, example {name}: {e}"));
                examples += 1;
            }
        }
    }
    for (method, path, operation) in operations(&doc) {
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            if let Some(example) = parameter.get("example") {
                check(&doc, &parameter["schema"], example)
                    .unwrap_or_else(|e| panic!("{method} {path} {}: {e}", parameter["name"]));
                examples += 1;
            }
        }
    }
    assert!(examples >= 10, "the document has examples: {examples}");
}

/// The router over an empty database.
async fn app() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("test.db")).await.expect("store");
    let state = AppState::load(store).await.expect("index");
    (dir, router(state))
}

/// Answers `method uri` with its status, its JSON body (`None` when it is not JSON or empty)
/// and its body as text.
async fn call_text(app: &Router, method: &str, uri: &str) -> (StatusCode, Option<Value>, String) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::empty())
        .expect("request");
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let json = response.headers()[CONTENT_TYPE] == "application/json";
    let bytes = to_bytes(response.into_body(), usize::MAX).await.expect("body");
    let body = (json && !bytes.is_empty()).then(|| serde_json::from_slice(&bytes).expect("JSON body"));
    (status, body, String::from_utf8_lossy(&bytes).into_owned())
}

/// Answers `method uri` with its status and JSON body (`None` when it is not JSON or empty).
async fn call(app: &Router, method: &str, uri: &str) -> (StatusCode, Option<Value>) {
    let (status, body, _) = call_text(app, method, uri).await;
    (status, body)
}

/// The message of an error: JSON for the API, the French sentence of an HTML page.
fn error_message(body: Option<&Value>, text: &str) -> String {
    match body {
        Some(body) => body["error"]["message"].as_str().unwrap_or_default().to_owned(),
        None => text
            .split_once("Paramètre incorrect : ")
            .map(|(_, rest)| rest.split('<').next().unwrap_or_default().to_owned())
            .unwrap_or_default(),
    }
}

/// The operation's path with its parameters' examples, except `skip`, and `extra` appended.
fn uri(path: &str, operation: &Value, skip: &str, extra: &[(&str, &str)]) -> String {
    let mut path = path.to_owned();
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for parameter in operation["parameters"].as_array().into_iter().flatten() {
        let name = parameter["name"].as_str().expect("a name");
        let Some(example) = parameter.get("example").filter(|_| name != skip) else {
            assert!(
                parameter["required"] != true || name == skip,
                "required parameter {name} has no example"
            );
            continue;
        };
        let value = match example {
            Value::String(s) => s.clone(),
            Value::Array(items) => items
                .iter()
                .map(|v| v.as_str().expect("text"))
                .collect::<Vec<_>>()
                .join("|"),
            other => other.to_string(),
        };
        if parameter["in"] == "path" {
            path = path.replace(&format!("{{{name}}}"), &value);
        } else {
            query.append_pair(name, &value);
        }
    }
    for (name, value) in extra {
        query.append_pair(name, value);
    }
    format!("{path}?{}", query.finish())
}

/// The router over a database holding the place of the documented examples, with a history.
async fn app_with_place() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("test.db")).await.expect("store");
    let place = aiguillage_testkit::PlaceBuilder::new("demo-brest-001")
        .at(48.3849, -4.4966)
        .build();
    store
        .upsert(&[place], "demo.csv", aiguillage_store::WriteMode::Commit)
        .await
        .expect("upsert");
    let state = AppState::load(store).await.expect("index");
    (dir, router(state))
}

#[tokio::test]
async fn every_documented_operation_is_served_as_documented() {
    for (_dir, app) in [app().await, app_with_place().await] {
        served_as_documented(&app).await;
    }
}

/// Every operation of the document answers its example request with a documented status
/// and, for JSON, a body of the documented schema.
async fn served_as_documented(app: &Router) {
    let doc = document();
    for (method, path, operation) in operations(&doc) {
        // HEAD is answered wherever GET is; writes are sent without credentials or body.
        let head = method.eq_ignore_ascii_case("get").then_some("HEAD");
        for method in std::iter::once(method.as_str()).chain(head) {
            let uri = uri(&path, &operation, "", &[]);
            let (status, body) = call(app, method, &uri).await;
            let documented = &operation["responses"][status.as_str()];
            assert!(
                !documented.is_null(),
                "{method} {uri}: {status} is not documented"
            );
            let Some(body) = body else {
                continue;
            };
            let message = body["error"]["message"].as_str().unwrap_or_default();
            assert!(
                !message.starts_with("no such resource"),
                "{method} {uri} is not routed"
            );
            let schema = &resolve(&doc, documented)["content"]["application/json"]["schema"];
            check(&doc, schema, &body).unwrap_or_else(|e| panic!("{method} {uri}: {e}"));
        }
    }
}

/// A value that no constrained parameter accepts.
const INVALID: &str = "\u{1}";

#[tokio::test]
async fn every_documented_parameter_is_read() {
    let doc = document();
    let (_dir, app) = app().await;
    let mut checked = 0;
    for (method, path, operation) in operations(&doc) {
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            if parameter["in"] != "query" {
                continue;
            }
            let name = parameter["name"].as_str().expect("a name");
            let uri = uri(&path, &operation, name, &[(name, INVALID)]);
            let (status, body, text) = call_text(&app, &method, &uri).await;
            if status == StatusCode::BAD_REQUEST {
                let message = error_message(body.as_ref(), &text);
                let rest = message.strip_prefix(name).unwrap_or_default();
                assert!(
                    rest.starts_with(' ') || rest.starts_with(':'),
                    "{method} {uri}: the error names another parameter: {message}"
                );
                checked += 1;
            } else {
                // Only a free-text parameter may accept anything.
                let schema = &parameter["schema"];
                let item = if schema["type"] == "array" {
                    &schema["items"]
                } else {
                    schema
                };
                let free =
                    item["type"] == "string" && item.get("enum").is_none() && item.get("format").is_none();
                assert!(
                    free,
                    "{method} {uri}: {status}, but « {name} » is documented with constraints"
                );
                assert_eq!(status, StatusCode::OK, "{method} {uri}");
            }
        }
    }
    assert!(checked >= 20, "parameters checked: {checked}");
}

#[tokio::test]
async fn the_documentation_is_cached_for_an_hour() {
    let (_dir, app) = app().await;
    for uri in ["/api/openapi.json", "/api/docs", "/api/docs/style.css"] {
        let request = Request::builder().uri(uri).body(Body::empty()).expect("request");
        let response = app.clone().oneshot(request).await.expect("infallible");
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=3600",
            "{uri}"
        );
    }
}

#[tokio::test]
async fn every_answer_forbids_type_sniffing_and_keeps_its_address_to_the_site() {
    let (_dir, app) = app().await;
    for uri in [
        "/healthz",
        "/api/v1/places",
        "/api/v1/nothing",
        "/",
        "/lieux/inconnu",
        "/connexion",
    ] {
        let request = Request::builder().uri(uri).body(Body::empty()).expect("request");
        let response = app.clone().oneshot(request).await.expect("infallible");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff", "{uri}");
        assert_eq!(response.headers()["referrer-policy"], "same-origin", "{uri}");
    }
}
