//! The pages of contributive editing on the real server: signing in (CSRF, the same answer
//! for an unknown address and a wrong password, the throttle), writes through forms, and
//! hostile text in every field staying inert on every page.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::support::{bin, run, stdout, temp_db, Server};

const PASSWORD: &str = "un mot de passe assez long";

/// Creates an account with a known password.
fn add_user(db: &Path, email: &str, role: &str, scope: &[&str]) {
    let mut child = bin()
        .arg("--db")
        .arg(db)
        .args(["user", "add", email, "--role", role, "--password-stdin"])
        .args(scope)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert!(
        !stdout(&output).contains("Mot de passe"),
        "a password given is not printed"
    );
}

/// A browser without a cookie jar: cookies are carried by hand, so each test says which.
struct Browser {
    client: Client,
    base: String,
    cookies: Vec<(String, String)>,
}

impl Browser {
    fn new(server: &Server) -> Browser {
        Browser {
            client: Client::builder().redirect(Policy::none()).build().unwrap(),
            base: server.base_url.clone(),
            cookies: Vec::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&mut self, response: &reqwest::Response) {
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap();
            assert!(
                text.contains("HttpOnly") && text.contains("SameSite=Lax"),
                "{text}"
            );
            let (pair, _) = text.split_once(';').unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(k, _)| k != name);
            if !value.is_empty() {
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
    }

    async fn get(&mut self, path: &str) -> (StatusCode, String, Option<String>) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.keep_cookies(&response);
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        (status, response.text().await.unwrap(), location)
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> (StatusCode, String, Option<String>) {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        self.keep_cookies(&response);
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        (status, response.text().await.unwrap(), location)
    }

    /// The value of the hidden `csrf` input of a page.
    fn csrf(page: &str) -> String {
        let at = page.find("name=\"csrf\" value=\"").expect("a csrf input") + "name=\"csrf\" value=\"".len();
        page[at..at + page[at..].find('"').unwrap()].to_owned()
    }

    async fn sign_in(&mut self, email: &str, password: &str) -> (StatusCode, String, Option<String>) {
        let (_, page, _) = self.get("/connexion").await;
        let csrf = Self::csrf(&page);
        self.post(
            "/connexion",
            &[
                ("csrf", &csrf),
                ("email", email),
                ("password", password),
                ("next", "/espace"),
            ],
        )
        .await
    }
}

async fn start() -> (tempfile::TempDir, std::path::PathBuf, Server) {
    let (dir, db) = temp_db();
    drop(Server::start(&db, &[]));
    add_user(&db, "coord@finistere.fr", "coordinator", &["--territory", "29"]);
    let server = Server::start(&db, &[]);
    (dir, db, server)
}

#[tokio::test]
async fn signing_in_is_protected_and_says_nothing_of_accounts() {
    let (_dir, _db, server) = start().await;
    let mut browser = Browser::new(&server);
    // Signed out, the dashboard sends to the sign-in page, which comes back to it.
    let (status, _, location) = browser.get("/espace").await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/connexion?next=%2Fespace"));

    // A form without its CSRF token is refused.
    let (status, _, _) = browser
        .post(
            "/connexion",
            &[("email", "coord@finistere.fr"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(status, 403);

    // The same answer for an unknown address and a wrong password.
    let (unknown_status, unknown, _) = browser.sign_in("personne@nulle-part.fr", PASSWORD).await;
    let (wrong_status, wrong, _) = browser
        .sign_in("coord@finistere.fr", "pas le bon mot de passe")
        .await;
    assert_eq!(
        (unknown_status, wrong_status),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    let message = |page: &str| {
        page.split("role=\"alert\"")
            .nth(1)
            .map(|s| s[..s.find("</").unwrap_or(0)].to_owned())
    };
    assert_eq!(message(&unknown), message(&wrong));
    assert!(message(&wrong).is_some(), "{wrong}");

    // Signed in: a session cookie and the dashboard.
    let (status, _, location) = browser.sign_in("coord@finistere.fr", PASSWORD).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/espace"));
    assert!(browser.cookies.iter().any(|(k, _)| k == "aiguillage_session"));
    let (status, page, _) = browser.get("/espace").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("coord@finistere.fr") && page.contains("Médiathèque des Capucins"),
        "{page}"
    );

    // The API takes the session too, but a write must carry the session's CSRF token.
    let csrf = Browser::csrf(&page);
    let patch = |token: Option<&str>| {
        let mut request = browser
            .client
            .patch(format!("{}/api/v1/places/demo-brest-001", browser.base))
            .header("cookie", browser.cookie_header())
            .header("If-Match", "*")
            .json(&json!({"telephone": "+33298000001"}));
        if let Some(token) = token {
            request = request.header("X-CSRF-Token", token);
        }
        request.send()
    };
    assert_eq!(patch(None).await.unwrap().status(), 403);
    assert_eq!(patch(Some("faux")).await.unwrap().status(), 403);
    assert_eq!(patch(Some(&csrf)).await.unwrap().status(), 200);

    // Signing out needs the session's token, then ends the session.
    let (status, _, _) = browser.post("/deconnexion", &[("csrf", "faux")]).await;
    assert_eq!(status, 403);
    browser.post("/deconnexion", &[("csrf", &csrf)]).await;
    let (status, _, _) = browser.get("/espace").await;
    assert_eq!(status, 303);
}

#[tokio::test]
async fn sign_in_attempts_are_throttled_per_account() {
    let (_dir, _db, server) = start().await;
    let mut browser = Browser::new(&server);
    for _ in 0..5 {
        let (status, _, _) = browser
            .sign_in("coord@finistere.fr", "mauvais mot de passe")
            .await;
        assert_eq!(status, 401);
    }
    // Even the right password is refused for a while.
    let (status, page, _) = browser.sign_in("coord@finistere.fr", PASSWORD).await;
    assert_eq!(status, 429, "{page}");
}

#[tokio::test]
async fn forms_write_through_the_same_path_as_the_api() {
    let (_dir, _db, server) = start().await;
    let mut browser = Browser::new(&server);
    browser.sign_in("coord@finistere.fr", PASSWORD).await;
    let (status, page, _) = browser.get("/lieux/demo-brest-001/modifier").await;
    assert_eq!(status, 200);
    let csrf = Browser::csrf(&page);
    let version = {
        let at = page.find("name=\"version\" value=\"").unwrap() + "name=\"version\" value=\"".len();
        page[at..at + page[at..].find('"').unwrap()].to_owned()
    };
    let (_, place) = server.get("/api/v1/places/demo-brest-001").await;
    let mut form: Vec<(String, String)> = place["properties"]
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(k, v)| match v {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) if s.contains('|') => None,
            v => Some((k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned))),
        })
        .collect();
    for multi in [
        "services",
        "publics_specifiquement_adresses",
        "frais_a_charge",
        "modalites_acces",
        "modalites_accompagnement",
        "dispositif_programmes_nationaux",
        "prise_en_charge_specifique",
        "itinerance",
        "formations_labels",
        "courriels",
        "typologie",
    ] {
        if let Some(values) = place["properties"][multi].as_str() {
            form.retain(|(k, _)| k != multi);
            form.extend(values.split('|').map(|v| (multi.to_owned(), v.to_owned())));
        }
    }
    let with = |extra: &[(&str, &str)]| {
        let mut f: Vec<(String, String)> = form
            .iter()
            .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
            .cloned()
            .collect();
        f.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        f
    };
    let send = |f: Vec<(String, String)>| f;
    // An error: the page again, 422, the field's message.
    let bad = send(with(&[
        ("csrf", &csrf),
        ("version", &version),
        ("code_postal", "2920"),
    ]));
    let pairs: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, page, _) = browser.post("/lieux/demo-brest-001/modifier", &pairs).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("code_postal"), "the error names the field");
    // Fixed: saved, and served at once.
    let good = send(with(&[
        ("csrf", &csrf),
        ("version", &version),
        ("nom", "Médiathèque des Capucins (rénovée)"),
    ]));
    let pairs: Vec<(&str, &str)> = good.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, page, location) = browser.post("/lieux/demo-brest-001/modifier", &pairs).await;
    assert_eq!(status, 303, "{page}");
    assert_eq!(location.as_deref(), Some("/lieux/demo-brest-001"));
    let (_, nearest) = server
        .get("/api/v1/places/nearest?lat=48.3849&lon=-4.4966&limit=1")
        .await;
    assert_eq!(
        nearest["features"][0]["properties"]["nom"],
        "Médiathèque des Capucins (rénovée)"
    );
    let (_, history) = server.get("/api/v1/places/demo-brest-001/history").await;
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["source"], "edit");
    assert_eq!(
        last["changes"][0],
        json!({"field": "nom", "before": "Médiathèque des Capucins", "after": "Médiathèque des Capucins (rénovée)"})
    );
    // Saving the form dates the information today: the place is no longer « à vérifier ».
    assert_eq!(last["changes"][1]["field"], "date_maj");
    // The same version again is now stale: the conflict page.
    let (status, page, _) = browser.post("/lieux/demo-brest-001/modifier", &pairs).await;
    assert_eq!(status, 412, "{page}");

    // The atom feed of the territory lists the change.
    let (status, feed, _) = browser.get("/territoires/29/modifications.atom").await;
    assert_eq!(status, 200);
    assert!(feed.starts_with("<?xml") && feed.contains("rénovée"), "{feed}");
}

#[tokio::test]
async fn hostile_text_stays_inert_on_every_page() {
    let (dir, db, server) = start().await;
    let script = "<script>alert(1)</script>";
    let sql = "'); DROP TABLE places; --";
    let hostile = format!("{script} {sql} \" onmouseover=\"alert(2)");
    let token = stdout(&run(&db, &["user", "token", "create", "coord@finistere.fr"]))
        .trim()
        .to_owned();
    let place = json!({
        "id": "hostile", "pivot": "00000000000000", "nom": hostile, "commune": "Brest", "code_postal": "29200",
        "code_insee": "29019", "adresse": hostile, "complement_adresse": hostile, "latitude": 48.39, "longitude": -4.48,
        "presentation_resume": hostile, "presentation_detail": hostile, "horaires": hostile, "structure_parente": hostile,
        "source": hostile, "autres_formations_labels": hostile
    });
    let client = Client::new();
    let response = client
        .post(format!("{}/api/v1/places", server.base_url))
        .bearer_auth(&token)
        .json(&place)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    let response = client
        .post(format!("{}/api/v1/places/hostile/suggestions", server.base_url))
        .json(&json!({"changes": {"nom": format!("{hostile} bis")}, "commentaire": hostile}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);

    let mut browser = Browser::new(&server);
    browser.sign_in("coord@finistere.fr", PASSWORD).await;
    for path in [
        "/lieux/hostile",
        "/lieux/hostile/fiche",
        "/lieux/hostile/modifier",
        "/lieux/hostile/signaler",
        "/espace",
        "/espace?q=%3Cscript%3E",
        "/?q=hostile",
        "/territoires/29/modifications.atom",
    ] {
        let (status, page, _) = browser.get(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(!page.contains("<script>alert"), "{path} echoes a script");
        assert!(
            !page.contains("\" onmouseover=\""),
            "{path} lets an attribute out"
        );
    }
    // The SQL text is stored as text: the table is still there and holds it.
    let (_, stored) = server.get("/api/v1/places/hostile").await;
    assert_eq!(stored["properties"]["nom"], hostile);
    drop(dir);
}

#[tokio::test]
async fn a_generated_password_serves_one_sign_in() {
    let (_dir, db, server) = start().await;
    let output = run(
        &db,
        &[
            "user",
            "add",
            "structure@brest.fr",
            "--role",
            "editor",
            "--place",
            "demo-brest-001",
        ],
    );
    let printed = stdout(&output);
    let generated = printed
        .lines()
        .find(|l| l.contains("usage unique"))
        .unwrap()
        .rsplit(" : ")
        .next()
        .unwrap()
        .trim()
        .to_owned();
    let mut browser = Browser::new(&server);
    let (status, _, _) = browser.sign_in("structure@brest.fr", &generated).await;
    assert_eq!(status, 303);
    // Every page for signed-in people leads to choosing a password first.
    for path in ["/espace", "/lieux/demo-brest-001/modifier"] {
        let (status, _, location) = browser.get(path).await;
        assert_eq!(
            (status, location.as_deref()),
            (StatusCode::SEE_OTHER, Some("/espace/mot-de-passe")),
            "{path}"
        );
    }
    let (status, page, _) = browser.get("/espace/mot-de-passe").await;
    assert_eq!(status, 200);
    let csrf = Browser::csrf(&page);
    let (status, _, _) = browser
        .post(
            "/espace/mot-de-passe",
            &[
                ("csrf", &csrf),
                ("current", &generated),
                ("password", "trop court"),
                ("confirmation", "trop court"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    let (status, _, _) = browser
        .post(
            "/espace/mot-de-passe",
            &[
                ("csrf", &csrf),
                ("current", &generated),
                ("password", PASSWORD),
                ("confirmation", "autre chose encore"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    let (status, _, location) = browser
        .post(
            "/espace/mot-de-passe",
            &[
                ("csrf", &csrf),
                ("current", &generated),
                ("password", PASSWORD),
                ("confirmation", PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_deref()),
        (StatusCode::SEE_OTHER, Some("/espace"))
    );
    let (status, page, _) = browser.get("/espace").await;
    assert_eq!(status, 200, "{page}");
    // The generated password no longer works; the chosen one does.
    let mut other = Browser::new(&server);
    assert_eq!(other.sign_in("structure@brest.fr", &generated).await.0, 401);
    assert_eq!(other.sign_in("structure@brest.fr", PASSWORD).await.0, 303);
}
