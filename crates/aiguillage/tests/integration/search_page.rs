//! The search page over HTTP, with the Brest demo places: how the search box's text is read
//! (commune, postcode, address through a stub BAN geocoder or offline, place name, misspelt
//! commune), filters on name results, empty answers, bad input and escaping.

use std::net::SocketAddr;

use crate::support::{listed, temp_db, Server};
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

/// A BAN-compatible `/search/` stub: « rue de Siam » is found in Brest, « panne » makes it fail
/// (HTTP 500), anything else finds nothing.
async fn geocoder(Query(params): Query<std::collections::HashMap<String, String>>) -> Response {
    let q = params.get("q").cloned().unwrap_or_default().to_lowercase();
    if q.contains("panne") {
        return (StatusCode::INTERNAL_SERVER_ERROR, "boom").into_response();
    }
    let features = if q.contains("siam") {
        vec![json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [-4.4893, 48.3872]},
            "properties": {
                "label": "8 Rue de Siam 29200 Brest", "score": 0.96, "housenumber": "8",
                "name": "8 Rue de Siam", "postcode": "29200", "citycode": "29019",
                "city": "Brest", "type": "housenumber"
            }
        })]
    } else {
        Vec::new()
    };
    Json(json!({"type": "FeatureCollection", "version": "draft", "features": features})).into_response()
}

/// Starts the stub geocoder on a random port.
async fn start_geocoder() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = Router::new()
        .route("/search/", get(geocoder))
        .route("/search", get(geocoder));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    address
}

/// GET `path` as a page: status and HTML.
async fn page(server: &Server, path: &str) -> (u16, String) {
    let response = reqwest::get(format!("{}{path}", server.base_url))
        .await
        .expect("GET");
    (response.status().as_u16(), response.text().await.expect("a body"))
}

/// The distances shown, in metres.
fn distances(html: &str) -> Vec<f64> {
    html.match_indices("<span class=\"distance\">")
        .filter_map(|(at, needle)| {
            let rest = &html[at + needle.len()..];
            let text = rest[..rest.find('<')?].replace(['\u{a0}', '\u{202f}', ' '], "");
            let (number, factor) = match text.strip_suffix("km") {
                Some(km) => (km, 1000.0),
                None => (text.strip_suffix('m')?, 1.0),
            };
            Some(number.replace(',', ".").parse::<f64>().ok()? * factor)
        })
        .collect()
}

#[tokio::test]
async fn the_search_box_reads_communes_addresses_names_and_typos() {
    let (_dir, db) = temp_db();
    let stub = start_geocoder().await;
    let geocoder_url = format!("http://{stub}");
    let server = Server::start(&db, &["--geocoder-url", &geocoder_url]);

    // A commune by name, in any case, and by postcode.
    for q in ["Brest", "brest", "29200"] {
        let (status, html) = page(&server, &format!("/?q={q}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Lieux près de Brest"), "{q}: {html}");
        assert_eq!(listed(&html).len(), 20, "{q}");
        let d = distances(&html);
        assert!(d.windows(2).all(|w| w[0] <= w[1]), "{q}: {d:?}");
        assert!(html.contains("href=\"/territoires/29019\""), "{q}");
    }

    // An address through the geocoder: distances from the rue de Siam.
    let (_, html) = page(&server, "/?q=8+rue+de+Siam+Brest").await;
    assert!(
        html.contains("Adresse trouvée : 8 Rue de Siam 29200 Brest."),
        "{html}"
    );
    assert!(html.contains("data-lat=\"48.3872\""), "{html}");
    assert!(distances(&html)[0] < 1500.0, "{html}");

    // The geocoder fails, or finds nothing: the address's commune, offline.
    let (status, html) = page(&server, "/?q=12+rue+en+panne+29490+Guipavas").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Adresse introuvable : voici les lieux près de Guipavas."),
        "{html}"
    );
    assert!(html.contains("Médiathèque de Guipavas"));
    let (_, html) = page(&server, "/?q=3+impasse+inconnue,+Le+Relecq-Kerhuon").await;
    assert!(
        html.contains("voici les lieux près de Le Relecq-Kerhuon."),
        "{html}"
    );

    // A place name, then the same with a filter: only places passing it.
    let (_, all) = page(&server, "/?q=m%C3%A9diath%C3%A8que").await;
    assert!(all.contains("Lieux dont le nom contient « médiathèque »"));
    let every = listed(&all);
    assert!(every.len() >= 5, "{every:?}");
    let service = "Parentalit%C3%A9+et+%C3%A9ducation+avec+le+num%C3%A9rique";
    let (_, some) = page(&server, &format!("/?q=m%C3%A9diath%C3%A8que&services={service}")).await;
    let filtered = listed(&some);
    assert!(
        !filtered.is_empty() && filtered.len() < every.len(),
        "{filtered:?} of {every:?}"
    );
    for id in &filtered {
        let (_, place) = server.get(&format!("/api/v1/places/{id}")).await;
        let services = place["properties"]["services"].as_str().unwrap_or_default();
        assert!(
            services.contains("Parentalité et éducation avec le numérique"),
            "{id}: {services}"
        );
    }

    // A misspelt commune.
    let (_, html) = page(&server, "/?q=brst").await;
    assert!(
        html.contains("Aucune commune ne s&#39;appelle « brst » : voici les lieux près de Brest.")
            || html.contains("Aucune commune ne s'appelle « brst » : voici les lieux près de Brest."),
        "{html}"
    );
    assert_eq!(listed(&html).len(), 20);

    // A commune with no place and no boundary: one message, no contradicting second one.
    let (_, html) = page(&server, "/?q=Paris").await;
    assert!(
        html.contains("Aucun lieu n&#39;est encore recensé à Paris")
            || html.contains("Aucun lieu n'est encore recensé à Paris"),
        "{html}"
    );
    assert!(!html.contains("class=\"aucun\""), "{html}");

    // Nothing at all.
    let (status, html) = page(&server, "/?q=xqzwkj").await;
    assert_eq!(status, 200);
    assert!(html.contains("Rien trouvé pour « xqzwkj »"));
}

#[tokio::test]
async fn bad_input_gets_a_french_message_and_escaped_text() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);

    for (query, says) in [
        ("lat=abc&lon=-4.48", "latitude"),
        ("lat=91&lon=0", "latitude"),
        ("lat=48.4", "longitude"),
        ("services=Inexistant", "Inexistant"),
    ] {
        let (status, html) = page(&server, &format!("/?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert!(html.contains("Recherche impossible"), "{query}: {html}");
        assert!(html.contains(says), "{query}: {html}");
    }

    let (status, html) = page(&server, "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert_eq!(status, 200);
    assert!(!html.contains("<script>alert(1)</script>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");

    // The result section alone, for the page's script.
    let (status, html) = page(&server, "/?q=Brest&partiel=resultats").await;
    assert_eq!(status, 200);
    assert!(
        html.trim_start().starts_with("<section id=\"resultats\""),
        "{html}"
    );
    assert_eq!(listed(&html).len(), 20);

    // Without a geocoder, an address still finds its commune.
    let (_, html) = page(&server, "/?q=8+rue+de+Siam+Brest").await;
    assert!(
        html.contains("Les adresses ne sont pas localisées sur ce site : voici les lieux près de Brest."),
        "{html}"
    );
}

/// Every place of the database, through the API.
async fn all_places(server: &Server) -> Vec<(String, String)> {
    let (status, body) = server.get("/api/v1/places?limit=1000").await;
    assert_eq!(status, 200);
    body["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            let id = f["properties"]["id"].as_str().expect("an id").to_owned();
            let nom = f["properties"]["nom"].as_str().expect("a name").to_owned();
            (id, nom)
        })
        .collect()
}

/// `text` as maud escapes it in an element's text.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The place page and the fiche of every place: the demo places, and the standard's own
/// example (from `../shared`, when present), with all its optional fields.
#[tokio::test]
async fn every_place_has_a_page_and_a_fiche() {
    let (_dir, db) = temp_db();
    if let Some(example) = crate::support::shared_data("standard/exemple-valide.csv") {
        let output = crate::support::run(&db, &["import", example.to_str().expect("a UTF-8 path")]);
        assert!(output.status.success(), "{}", crate::support::stdout(&output));
        let demo = crate::support::repo().join("data/demo/brest-metropole.csv");
        let output = crate::support::run(&db, &["import", demo.to_str().expect("a UTF-8 path")]);
        assert!(output.status.success(), "{}", crate::support::stdout(&output));
    }
    let server = Server::start(&db, &["--public-url", "https://aiguillage.example.org/"]);
    let places = all_places(&server).await;
    assert!(places.len() >= 48, "{}", places.len());
    for (id, nom) in &places {
        let path = aiguillage_model::encode_path_segment(id);
        let (status, html) = page(&server, &format!("/lieux/{path}")).await;
        assert_eq!(status, 200, "/lieux/{id}");
        assert!(
            html.contains(&format!("<h1>{}</h1>", escaped(nom))),
            "/lieux/{id}: {html}"
        );
        assert!(html.contains("Mis à jour le"), "/lieux/{id}");
        let (status, html) = page(&server, &format!("/lieux/{path}/fiche")).await;
        assert_eq!(status, 200, "/lieux/{id}/fiche");
        assert!(html.contains("<svg class=\"qr\""), "/lieux/{id}/fiche");
        assert!(
            html.contains(&format!("https://aiguillage.example.org/lieux/{path}")),
            "/lieux/{id}/fiche: {html}"
        );
    }
    let (status, html) = page(&server, "/lieux/inexistant").await;
    assert_eq!(status, 404);
    assert!(html.contains("Lieu introuvable"));
}

/// Sends `method path` and returns the status, the content type and the body.
async fn send(server: &Server, method: reqwest::Method, path: &str) -> (u16, String, String) {
    let response = reqwest::Client::new()
        .request(method, format!("{}{path}", server.base_url))
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    (status, content_type, response.text().await.expect("a body"))
}

/// Asserts that `path` answers `status` with a French error page titled `title`.
async fn assert_error_page(
    server: &Server,
    method: reqwest::Method,
    path: &str,
    status: u16,
    title: &str,
) -> String {
    let (actual, content_type, html) = send(server, method.clone(), path).await;
    assert_eq!(actual, status, "{method} {path}: {html}");
    assert_eq!(content_type, "text/html; charset=utf-8", "{method} {path}");
    assert!(
        html.starts_with("<!DOCTYPE html><html lang=\"fr\">"),
        "{method} {path}: {html}"
    );
    assert!(
        html.contains(&format!("<h1>{title}</h1>")),
        "{method} {path}: {html}"
    );
    assert!(html.contains("Retour à la recherche"), "{method} {path}");
    html
}

/// Outside `/api/`, errors are French pages in the layout of « Lieu introuvable »,
/// whatever the path, method or encoding.
#[tokio::test]
async fn every_error_outside_the_api_is_a_french_page() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);
    use reqwest::Method;

    for path in [
        "/nope",
        "/lieux",
        "/lieux/",
        "/lieux/a/b",
        "/lieux/demo-brest-001/",
        "/lieux/demo-brest-001/autre",
        "/territoires",
        "/territoires/",
        "/robots.txt",
        "/favicon.ico",
        "/assets/nope.js",
    ] {
        assert_error_page(&server, Method::GET, path, 404, "Page introuvable").await;
    }
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        for path in ["/", "/lieux/demo-brest-001", "/territoires/29019"] {
            assert_error_page(&server, method.clone(), path, 405, "Action impossible").await;
        }
    }
    assert_error_page(&server, Method::GET, "/lieux/nope", 404, "Lieu introuvable").await;

    // Path segments that are not UTF-8 once decoded: a bad address, not axum's plain text.
    for path in [
        "/lieux/%FF",
        "/lieux/%FF/fiche",
        "/territoires/%FF",
        "/assets/%FF",
    ] {
        assert_error_page(&server, Method::GET, path, 400, "Adresse incorrecte").await;
    }

    // The report page speaks French too.
    let html = assert_error_page(
        &server,
        Method::GET,
        "/territoires/99999",
        404,
        "Territoire introuvable",
    )
    .await;
    assert!(
        html.contains("Aucun territoire n&#39;a le code « 99999 »")
            || html.contains("Aucun territoire n'a le code « 99999 »"),
        "{html}"
    );
    let html = assert_error_page(
        &server,
        Method::GET,
        "/territoires/29019?radius_m=abc",
        400,
        "Adresse incorrecte",
    )
    .await;
    assert!(
        html.contains("radius_m doit être un nombre de 50 à 50000, pas « abc »"),
        "{html}"
    );
    let html = assert_error_page(
        &server,
        Method::GET,
        "/territoires/29019?services=foo",
        400,
        "Adresse incorrecte",
    )
    .await;
    assert!(
        html.contains("services : valeur inconnue « foo » ; valeurs acceptées : "),
        "{html}"
    );
    assert!(!html.contains("unknown") && !html.contains("accepted"), "{html}");

    // A 60 KB id is not repeated back.
    let long = "x".repeat(60_000);
    let (status, _, html) = send(&server, Method::GET, &format!("/lieux/{long}")).await;
    assert_eq!(status, 404);
    assert!(html.len() < 5_000, "{}", html.len());
}

#[tokio::test]
async fn filter_errors_are_in_french_in_the_page_and_in_the_section() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);

    for (name, value) in [
        ("services", "foo"),
        ("publics", "foo"),
        ("prise_en_charge", "foo"),
    ] {
        for partial in ["", "&partiel=resultats"] {
            let query = format!("/?q=brest&{name}={value}{partial}");
            let (status, html) = page(&server, &query).await;
            assert_eq!(status, 400, "{query}");
            assert!(
                html.contains(
                    "Recherche impossible : filtre inconnu : valeur inconnue « foo » ; valeurs acceptées : "
                ),
                "{query}: {html}"
            );
            assert!(!html.contains("unknown") && !html.contains("accepted"), "{query}");
        }
    }
    // The section the script swaps in says why, as the page without script does.
    for query in ["services=foo", "lat=abc&lon=1"] {
        let (status, html) = page(&server, &format!("/?q=brest&partiel=resultats&{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert!(
            html.trim_start().starts_with("<section id=\"resultats\""),
            "{query}: {html}"
        );
        assert!(
            html.contains("<p class=\"erreur\" role=\"alert\">Recherche impossible : "),
            "{query}: {html}"
        );
    }
}

/// The names of the listed places, in order.
fn listed_names(html: &str) -> Vec<String> {
    html.match_indices("class=\"lieu-nom\" href=\"")
        .map(|(at, needle)| {
            let rest = &html[at + needle.len()..];
            let rest = &rest[rest.find('>').unwrap() + 1..];
            rest[..rest.find('<').unwrap()].to_owned()
        })
        .collect()
}

#[tokio::test]
async fn the_search_box_reads_what_people_type() {
    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);

    // A postcode with a space (or a no-break space), a commune with its postcode or twice.
    let (_, reference) = page(&server, "/?q=29200").await;
    for q in [
        "29%20200",
        "29%C2%A0200",
        "Brest%2029200",
        "Brest%20Brest",
        "29200%20Brest",
    ] {
        let (status, html) = page(&server, &format!("/?q={q}")).await;
        assert_eq!(status, 200, "{q}");
        assert!(html.contains("Lieux près de Brest"), "{q}: {html}");
        assert!(!html.contains("ne sont pas localisées"), "{q}: {html}");
        assert_eq!(listed(&html), listed(&reference), "{q}");
    }
    for q in ["29%20200", "29%C2%A0200"] {
        let (status, body) = server.get(&format!("/api/v1/territories?q={q}")).await;
        assert_eq!(status, 200, "{q}");
        assert_eq!(body["territories"][0]["code"], "29019", "{q}: {body}");
    }

    // A point wins over the text, and the heading says so.
    let (_, html) = page(&server, "/?q=Reims&lat=48.39&lon=-4.49").await;
    assert!(html.contains("Lieux près du point choisi"), "{html}");
    assert!(!html.contains("Reims »</h2>"), "{html}");

    // Names are listed as people read them: case and accents aside.
    let (_, html) = page(&server, "/?q=Mediatheque").await;
    let names = listed_names(&html);
    assert!(names.len() >= 10, "{names:?}");
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| aiguillage_model::fold(n));
    assert_eq!(names, sorted);
    let at = |name: &str| {
        names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("{name}: {names:?}"))
    };
    assert!(at("Médiathèque de Bellevue") < at("Médiathèque Europe"));

    // Boxes take only the values they send; labels may be joined with `|` as in the API.
    let (_, plain) = page(&server, "/?q=Brest").await;
    for query in ["ouvert=demain", "ouvert=1", "gratuit=oui", "samedi=x"] {
        let (status, html) = page(&server, &format!("/?q=Brest&{query}")).await;
        assert_eq!(status, 200, "{query}");
        assert_eq!(listed(&html), listed(&plain), "{query}");
        assert!(!html.contains("checked"), "{query}");
    }
    let one = "Aide+aux+d%C3%A9marches+administratives";
    let other = "Parentalit%C3%A9+et+%C3%A9ducation+avec+le+num%C3%A9rique";
    let (_, repeated) = page(&server, &format!("/?q=Brest&services={one}&services={other}")).await;
    let (status, piped) = page(&server, &format!("/?q=Brest&services={one}%7C{other}")).await;
    assert_eq!(status, 200);
    assert_eq!(listed(&piped), listed(&repeated));
    assert_ne!(listed(&piped), listed(&plain));
}

/// Without `--public-url`, the fiche prints the request's `Host` only when it names the
/// server's address: a forged one gives way to the listening address.
#[test]
fn the_fiche_prints_no_forged_host() {
    use std::io::{Read, Write};

    let (_dir, db) = temp_db();
    let server = Server::start(&db, &[]);
    let address = server.base_url.strip_prefix("http://").expect("an http URL");
    let port = address.rsplit(':').next().expect("a port");
    let fiche = |host: &str| {
        let mut stream = std::net::TcpStream::connect(address).expect("connecting");
        write!(
            stream,
            "GET /lieux/demo-brest-001/fiche HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("a response");
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        response
    };
    let forged = fiche("evil.example");
    assert!(!forged.contains("evil.example"), "{forged}");
    assert!(
        forged.contains(&format!("http://{address}/lieux/demo-brest-001")),
        "{forged}"
    );
    let local = fiche(&format!("localhost:{port}"));
    assert!(
        local.contains(&format!("http://localhost:{port}/lieux/demo-brest-001")),
        "{local}"
    );
}
