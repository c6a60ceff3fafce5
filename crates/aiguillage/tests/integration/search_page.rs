//! The search page over HTTP, with the Brest demo places: how the search box's text is read
//! (commune, postcode, address through a stub BAN geocoder or offline, place name, misspelt
//! commune), filters on name results, empty answers, bad input and escaping.

use std::net::SocketAddr;

use crate::support::{temp_db, Server};
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

/// The ids of the listed places, in order.
fn listed(html: &str) -> Vec<String> {
    html.match_indices("<li class=\"lieu\" data-id=\"")
        .map(|(at, needle)| {
            let rest = &html[at + needle.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
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
