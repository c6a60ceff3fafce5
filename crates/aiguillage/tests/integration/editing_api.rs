//! Contributive editing through the API, on the real server and database: every role and
//! scope on every write, revisions, validation, history, closures, exceptions, suggestions.

use std::path::Path;

use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

use crate::support::{run, stdout, temp_db, Server};

/// A place of Brest (29019) in the demo data, and one of Plougastel-Daoulas (29189).
const BREST: &str = "demo-brest-001";
const OTHER: &str = "demo-brest-002";

/// Creates the accounts of these tests and returns their bearer tokens: admin, the
/// coordinators of the Finistère and of the Morbihan, and the editor of `BREST`.
fn accounts(db: &Path) -> [(String, String); 4] {
    let add = |email: &str, role: &str, scope: &[&str]| {
        let mut args = vec!["user", "add", email, "--role", role];
        args.extend_from_slice(scope);
        let output = run(db, &args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            stdout(&output).contains("Mot de passe"),
            "a password is generated and shown once"
        );
        let output = run(db, &["user", "token", "create", email, "--name", "tests"]);
        assert!(output.status.success());
        (email.to_owned(), stdout(&output).trim().to_owned())
    };
    [
        add("admin@exemple.fr", "admin", &[]),
        add("coord@finistere.fr", "coordinator", &["--territory", "29"]),
        add("coord@morbihan.fr", "coordinator", &["--territory", "56"]),
        add("mediatheque@brest.fr", "editor", &["--place", BREST]),
    ]
}

struct Api {
    server: Server,
    client: Client,
}

impl Api {
    async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        if_match: Option<&str>,
    ) -> (StatusCode, Option<String>, Value) {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.server.base_url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(tag) = if_match {
            request = request.header("If-Match", tag);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let etag = response
            .headers()
            .get("etag")
            .map(|v| v.to_str().unwrap().to_owned());
        let text = response.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, etag, body)
    }

    async fn etag(&self, id: &str) -> String {
        let (status, etag, _) = self
            .send(Method::GET, &format!("/api/v1/places/{id}"), None, None, None)
            .await;
        assert_eq!(status, 200);
        etag.expect("a place has an ETag")
    }

    async fn nearest_ids(&self, query: &str) -> Vec<String> {
        let (_, body) = self
            .server
            .get(&format!(
                "/api/v1/places/nearest?lat=48.3849&lon=-4.4966&limit=100{query}"
            ))
            .await;
        body["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap().to_owned())
            .collect()
    }
}

async fn start() -> (tempfile::TempDir, Api, [(String, String); 4]) {
    let (dir, db) = temp_db();
    // The demo is loaded by the first start; accounts need the places to exist.
    drop(Server::start(&db, &[]));
    let tokens = accounts(&db);
    let api = Api {
        server: Server::start(&db, &[]),
        client: Client::new(),
    };
    (dir, api, tokens)
}

#[tokio::test]
async fn every_write_needs_credentials_and_stays_in_scope() {
    let (_dir, api, [admin, finistere, morbihan, editor]) = start().await;
    let rename = json!({"nom": "Médiathèque des Capucins (Brest)"});
    let path = format!("/api/v1/places/{BREST}");

    // Anonymous: 401 on every write, in JSON.
    let writes: Vec<(Method, String, Option<Value>)> = vec![
        (Method::POST, "/api/v1/places".into(), Some(json!({"id": "x"}))),
        (Method::PATCH, path.clone(), Some(rename.clone())),
        (
            Method::POST,
            format!("{path}/close"),
            Some(json!({"date": "2026-01-01"})),
        ),
        (Method::POST, format!("{path}/reopen"), None),
        (Method::POST, format!("{path}/confirm"), None),
        (
            Method::POST,
            format!("{path}/revert"),
            Some(json!({"version": 1})),
        ),
        (
            Method::POST,
            format!("{path}/exceptions"),
            Some(json!({"du": "2099-01-01", "au": "2099-01-02", "ferme": true})),
        ),
        (Method::DELETE, format!("{path}/exceptions/1"), None),
        (Method::GET, "/api/v1/suggestions".into(), None),
        (Method::POST, "/api/v1/suggestions/1/accept".into(), None),
        (
            Method::POST,
            "/api/v1/suggestions/1/reject".into(),
            Some(json!({"motif": "non"})),
        ),
    ];
    for (method, path, body) in &writes {
        let (status, _, error) = api
            .send(method.clone(), path, None, body.clone(), Some("*"))
            .await;
        assert_eq!(status, 401, "{method} {path}: {error}");
        assert_eq!(error["error"]["code"], "unauthorized", "{method} {path}");
        let (status, _, _) = api
            .send(method.clone(), path, Some("not-a-token"), body.clone(), Some("*"))
            .await;
        assert_eq!(status, 401, "{method} {path} with a bad token");
    }

    // Outside one's territory or places: 403, nothing written.
    let etag = api.etag(BREST).await;
    for (who, token) in [&morbihan, &editor] {
        let target = if who == &editor.0 { OTHER } else { BREST };
        let (status, _, error) = api
            .send(
                Method::PATCH,
                &format!("/api/v1/places/{target}"),
                Some(token),
                Some(rename.clone()),
                Some("*"),
            )
            .await;
        assert_eq!(status, 403, "{who}: {error}");
        assert_eq!(error["error"]["code"], "forbidden");
        for action in ["close", "confirm"] {
            let body = (action == "close").then(|| json!({"date": "2026-01-01"}));
            let (status, _, _) = api
                .send(
                    Method::POST,
                    &format!("/api/v1/places/{target}/{action}"),
                    Some(token),
                    body,
                    None,
                )
                .await;
            assert_eq!(status, 403, "{who} {action}");
        }
        let (status, _, _) = api
            .send(
                Method::POST,
                &format!("/api/v1/places/{target}/exceptions"),
                Some(token),
                Some(json!({"du": "2099-01-01", "au": "2099-01-02", "ferme": true})),
                None,
            )
            .await;
        assert_eq!(status, 403, "{who} exceptions");
    }
    assert_eq!(api.etag(BREST).await, etag, "refused writes change nothing");
    // An editor creates nothing (their places are named in their account), nor moderates.
    let mut new_place = json!({"id": "nouveau-lieu", "pivot": "00000000000000", "nom": "Espace numérique", "commune": "Brest", "code_postal": "29200", "code_insee": "29019", "adresse": "1 rue de Siam", "latitude": 48.39, "longitude": -4.48});
    let (status, _, _) = api
        .send(
            Method::POST,
            "/api/v1/places",
            Some(&editor.1),
            Some(new_place.clone()),
            None,
        )
        .await;
    assert_eq!(status, 403);
    let (status, _, _) = api
        .send(Method::GET, "/api/v1/suggestions", Some(&editor.1), None, None)
        .await;
    assert_eq!(status, 403);
    let (status, _, _) = api
        .send(
            Method::POST,
            "/api/v1/places",
            Some(&morbihan.1),
            Some(new_place.clone()),
            None,
        )
        .await;
    assert_eq!(status, 403, "a place of the Finistère is outside the Morbihan");

    // Inside: 2xx, for the editor, the coordinator and the admin.
    let (status, etag, place) = api
        .send(
            Method::PATCH,
            &path,
            Some(&editor.1),
            Some(rename.clone()),
            Some(&api.etag(BREST).await),
        )
        .await;
    assert_eq!(status, 200, "{place}");
    assert_eq!(place["properties"]["nom"], "Médiathèque des Capucins (Brest)");
    let etag = etag.unwrap();
    let (status, etag2, _) = api
        .send(
            Method::POST,
            &format!("{path}/confirm"),
            Some(&finistere.1),
            None,
            Some(&etag),
        )
        .await;
    assert_eq!(status, 200);
    assert_ne!(etag2.unwrap(), etag);
    let (status, location, created) = {
        let response = api
            .client
            .post(format!("{}/api/v1/places", api.server.base_url))
            .bearer_auth(&finistere.1)
            .json(&new_place)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        (status, location, response.json::<Value>().await.unwrap())
    };
    assert_eq!(status, 201, "{created}");
    assert_eq!(location.as_deref(), Some("/api/v1/places/nouveau-lieu"));
    assert!(
        api.nearest_ids("").await.contains(&"nouveau-lieu".to_owned()),
        "served at once"
    );
    let (status, _, error) = api
        .send(
            Method::POST,
            "/api/v1/places",
            Some(&admin.1),
            Some(new_place.clone()),
            None,
        )
        .await;
    assert_eq!(status, 409, "{error}");
    new_place["id"] = json!("autre-lieu");
    let (status, _, _) = api
        .send(
            Method::POST,
            "/api/v1/places",
            Some(&admin.1),
            Some(new_place),
            None,
        )
        .await;
    assert_eq!(status, 201);
    let (status, _, queue) = api
        .send(Method::GET, "/api/v1/suggestions", Some(&finistere.1), None, None)
        .await;
    assert_eq!((status, queue), (StatusCode::OK, json!([])));
}

#[tokio::test]
async fn revisions_guard_every_change() {
    let (_dir, api, [admin, ..]) = start().await;
    let path = format!("/api/v1/places/{BREST}");
    let token = Some(admin.1.as_str());
    let change = json!({"telephone": "+33298000000"});
    let (status, _, error) = api
        .send(Method::PATCH, &path, token, Some(change.clone()), None)
        .await;
    assert_eq!(status, 428, "{error}");
    assert_eq!(error["error"]["code"], "precondition_required");
    let first = api.etag(BREST).await;
    let (status, second, _) = api
        .send(Method::PATCH, &path, token, Some(change), Some(&first))
        .await;
    assert_eq!(status, 200);
    let (status, _, error) = api
        .send(
            Method::PATCH,
            &path,
            token,
            Some(json!({"telephone": "+33298111111"})),
            Some(&first),
        )
        .await;
    assert_eq!(status, 412, "{error}");
    assert_eq!(error["error"]["code"], "precondition_failed");
    assert_eq!(api.etag(BREST).await, second.unwrap());

    // Validation: 422 with one entry per field, the import's messages; nothing written.
    let etag = api.etag(BREST).await;
    let (status, _, error) = api
        .send(
            Method::PATCH,
            &path,
            token,
            Some(json!({"code_postal": "2920", "services": "Jardinage", "couleur": "rouge"})),
            Some(&etag),
        )
        .await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(error["error"]["code"], "invalid_values");
    let fields: Vec<&str> = error["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    for field in ["code_postal", "services", "couleur"] {
        assert!(fields.contains(&field), "{error}");
    }
    assert_eq!(api.etag(BREST).await, etag);
    // A body that is not JSON, or not declared as such.
    let response = api
        .client
        .patch(format!("{}{path}", api.server.base_url))
        .bearer_auth(&admin.1)
        .header("If-Match", &etag)
        .header("Content-Type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    let response = api
        .client
        .patch(format!("{}{path}", api.server.base_url))
        .bearer_auth(&admin.1)
        .header("If-Match", &etag)
        .header("Content-Type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn closures_leave_every_list_and_history_keeps_everything() {
    let (dir, api, [admin, finistere, ..]) = start().await;
    let token = Some(admin.1.as_str());
    assert!(api.nearest_ids("").await.contains(&BREST.to_owned()));
    let (status, _, _) = api
        .send(
            Method::POST,
            &format!("/api/v1/places/{BREST}/close"),
            token,
            Some(json!({"date": "2026-01-31", "motif": "Fin du dispositif"})),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        !api.nearest_ids("").await.contains(&BREST.to_owned()),
        "gone from nearest at once"
    );
    let (_, list) = api.server.get("/api/v1/places?limit=1000").await;
    assert!(!list.to_string().contains(BREST), "gone from the list");
    let (_, map) = api
        .server
        .get("/api/v1/places/map?bbox=-4.7,48.2,-4.2,48.6&zoom=18")
        .await;
    assert!(!map.to_string().contains(BREST), "gone from the map");
    let (status, one) = api.server.get(&format!("/api/v1/places/{BREST}")).await;
    assert_eq!(status, 200);
    assert_eq!(one["fermeture"]["date"], "2026-01-31");
    let db = dir.path().join("test.db");
    let export = stdout(&run(&db, &["export", "--format", "json"]));
    assert!(!export.contains(BREST));
    let export = stdout(&run(&db, &["export", "--format", "json", "--include-closed"]));
    assert!(export.contains(BREST));

    let (status, _, _) = api
        .send(
            Method::POST,
            &format!("/api/v1/places/{BREST}/reopen"),
            Some(&finistere.1),
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert!(api.nearest_ids("").await.contains(&BREST.to_owned()));
    let (_, history) = api.server.get(&format!("/api/v1/places/{BREST}/history")).await;
    let sources: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["import", "close", "edit"]);
    assert_eq!(history[1]["author"], "a…@exemple.fr", "addresses are masked");
    assert_eq!(history[0]["author"], "Import : brest-metropole.csv");

    // Revert to the imported version after an edit.
    let etag = api.etag(BREST).await;
    api.send(
        Method::PATCH,
        &format!("/api/v1/places/{BREST}"),
        token,
        Some(json!({"nom": "Autre nom"})),
        Some(&etag),
    )
    .await;
    let version = history[0]["id"].as_i64().unwrap();
    let (status, _, place) = api
        .send(
            Method::POST,
            &format!("/api/v1/places/{BREST}/revert"),
            token,
            Some(json!({"version": version})),
            None,
        )
        .await;
    assert_eq!(status, 200, "{place}");
    assert_eq!(place["properties"]["nom"], "Médiathèque des Capucins");
    let (_, history) = api.server.get(&format!("/api/v1/places/{BREST}/history")).await;
    assert_eq!(history.as_array().unwrap().last().unwrap()["source"], "revert");
}

#[tokio::test]
async fn exceptions_change_the_opening_status_on_their_days() {
    let (_dir, api, [admin, ..]) = start().await;
    // demo-brest-001 opens Tu,Th,Fr 12:00-19:00: Tuesday 5 January 2100 at 15:00 in Paris.
    let open_at = "&open_at=2100-01-05T15:00:00%2B01:00";
    assert!(api.nearest_ids(open_at).await.contains(&BREST.to_owned()));
    let (status, _, added) = api
        .send(
            Method::POST,
            &format!("/api/v1/places/{BREST}/exceptions"),
            Some(&admin.1),
            Some(json!({"du": "2100-01-04", "au": "2100-01-06", "ferme": true, "motif": "inventaire"})),
            None,
        )
        .await;
    assert_eq!(status, 201, "{added}");
    assert!(
        !api.nearest_ids(open_at).await.contains(&BREST.to_owned()),
        "closed on those days"
    );
    assert!(
        api.nearest_ids("&open_at=2100-01-07T15:00:00%2B01:00")
            .await
            .contains(&BREST.to_owned()),
        "open after"
    );
    let (_, listed) = api
        .server
        .get(&format!("/api/v1/places/{BREST}/exceptions"))
        .await;
    assert_eq!(listed[0]["motif"], "inventaire");
    let (status, _, error) = api
        .send(
            Method::POST,
            &format!("/api/v1/places/{BREST}/exceptions"),
            Some(&admin.1),
            Some(json!({"du": "2100-01-04", "au": "2100-01-01", "ferme": true})),
            None,
        )
        .await;
    assert_eq!(
        (status, error["error"]["problems"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("au"))
    );
    let n = added["id"].as_i64().unwrap();
    let (status, _, _) = api
        .send(
            Method::DELETE,
            &format!("/api/v1/places/{BREST}/exceptions/{n}"),
            Some(&admin.1),
            None,
            None,
        )
        .await;
    assert_eq!(status, 204);
    assert!(api.nearest_ids(open_at).await.contains(&BREST.to_owned()));
}

#[tokio::test]
async fn an_accepted_suggestion_is_served_and_in_history() {
    let (_dir, api, [_, finistere, morbihan, _]) = start().await;
    let (status, _, received) = api
        .send(
            Method::POST,
            &format!("/api/v1/places/{BREST}/suggestions"),
            None,
            Some(json!({"changes": {"telephone": "+33298445566"}, "commentaire": "Nouveau numéro"})),
            None,
        )
        .await;
    assert_eq!(status, 202, "{received}");
    let n = received["id"].as_i64().unwrap();
    let (status, _, error) = api
        .send(
            Method::POST,
            &format!("/api/v1/places/{BREST}/suggestions"),
            None,
            Some(json!({"changes": {"code_postal": "ABC"}})),
            None,
        )
        .await;
    assert_eq!(status, 422, "{error}");
    let (_, _, queue) = api
        .send(Method::GET, "/api/v1/suggestions", Some(&morbihan.1), None, None)
        .await;
    assert_eq!(queue, json!([]));
    let (status, _, _) = api
        .send(
            Method::POST,
            &format!("/api/v1/suggestions/{n}/accept"),
            Some(&morbihan.1),
            None,
            None,
        )
        .await;
    assert_eq!(status, 403);
    let (_, _, queue) = api
        .send(Method::GET, "/api/v1/suggestions", Some(&finistere.1), None, None)
        .await;
    assert_eq!(queue[0]["commentaire"], "Nouveau numéro");
    let (status, _, place) = api
        .send(
            Method::POST,
            &format!("/api/v1/suggestions/{n}/accept"),
            Some(&finistere.1),
            None,
            None,
        )
        .await;
    assert_eq!(status, 200, "{place}");
    let (_, nearest) = api
        .server
        .get("/api/v1/places/nearest?lat=48.3849&lon=-4.4966&limit=1")
        .await;
    assert_eq!(nearest["features"][0]["properties"]["telephone"], "+33298445566");
    let (_, history) = api.server.get(&format!("/api/v1/places/{BREST}/history")).await;
    assert_eq!(
        history.as_array().unwrap().last().unwrap()["source"],
        "suggestion"
    );
    let (status, _, _) = api
        .send(
            Method::POST,
            &format!("/api/v1/suggestions/{n}/reject"),
            Some(&finistere.1),
            Some(json!({"motif": "non"})),
            None,
        )
        .await;
    assert_eq!(status, 404, "already decided");
}

#[tokio::test]
async fn suggestions_are_limited_per_address() {
    let (_dir, api, _) = start().await;
    let mut statuses = Vec::new();
    for i in 0..22 {
        let (status, _, _) = api
            .send(
                Method::POST,
                &format!("/api/v1/places/{BREST}/suggestions"),
                None,
                Some(json!({"commentaire": format!("Remarque {i}")})),
                None,
            )
            .await;
        statuses.push(status.as_u16());
    }
    assert!(statuses[..20].iter().all(|s| *s == 202), "{statuses:?}");
    assert_eq!(statuses[21], 429);
}
