//! The client against local stub geocoders: an axum server answering like api-adresse / addok
//! from fixtures, and raw TCP servers that misbehave (never answer, stall, flood).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aiguillage_geocoder::{Address, Geocoder, GeocoderError};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Modelled on api-adresse's answer to `/search/?q=8 bd du Port&limit=5`.
const SEARCH_FIXTURE: &str = include_str!("fixtures/search_8_bd_du_port.json");
/// Modelled on api-adresse's answer to `/reverse/?lat=48.3898&lon=-4.4861` (Brest).
const REVERSE_FIXTURE: &str = include_str!("fixtures/reverse_brest_liberte.json");

/// A request the stub received.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    params: HashMap<String, String>,
    user_agent: Option<String>,
}

/// Everything the stub received, in order.
#[derive(Default)]
struct Log(Mutex<Vec<Seen>>);

impl Log {
    fn record(&self, uri: &Uri, headers: &HeaderMap) -> HashMap<String, String> {
        let params: HashMap<String, String> =
            url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
                .into_owned()
                .collect();
        let user_agent = headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        self.0.lock().unwrap().push(Seen {
            path: uri.path().to_owned(),
            params: params.clone(),
            user_agent,
        });
        params
    }

    fn all(&self) -> Vec<Seen> {
        self.0.lock().unwrap().clone()
    }

    fn last(&self) -> Seen {
        self.all().pop().expect("the stub received no request")
    }
}

/// `/search/`: validates `q` like the public API, then answers the fixture cut to `limit`, echoing
/// the query as the real API does.
async fn search(State(log): State<Arc<Log>>, uri: Uri, headers: HeaderMap) -> Response {
    let params = log.record(&uri, &headers);
    let q = params.get("q").cloned().unwrap_or_default();
    if !(3..=200).contains(&q.chars().count()) {
        let message = "q must contain between 3 and 200 chars and start with a number or a letter";
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"code": 400, "message": message})),
        )
            .into_response();
    }
    let limit = params
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(5);
    let mut answer: Value = serde_json::from_str(SEARCH_FIXTURE).unwrap();
    answer["features"].as_array_mut().unwrap().truncate(limit);
    answer["query"] = json!(q);
    answer["limit"] = json!(limit);
    Json(answer).into_response()
}

/// `/reverse/`: the Brest fixture near Brest, no feature elsewhere (as in the sea).
async fn reverse(State(log): State<Arc<Log>>, uri: Uri, headers: HeaderMap) -> Response {
    let params = log.record(&uri, &headers);
    let lat: f64 = params.get("lat").and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
    let mut answer: Value = serde_json::from_str(REVERSE_FIXTURE).unwrap();
    if !(48.0..49.0).contains(&lat) {
        answer["features"] = json!([]);
    }
    Json(answer).into_response()
}

fn ban(log: Arc<Log>) -> Router {
    Router::new()
        .route("/search/", get(search))
        .route("/reverse/", get(reverse))
        .with_state(log)
}

async fn spawn(router: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

/// A stub BAN server at the root, with its request log.
async fn ban_stub() -> (Geocoder, Arc<Log>) {
    let log = Arc::new(Log::default());
    let addr = spawn(ban(log.clone())).await;
    (Geocoder::new(&format!("http://{addr}")).unwrap(), log)
}

/// A server that answers every request with a fixed route handler.
async fn fixed(answer: fn() -> Response) -> Geocoder {
    let router = Router::new()
        .route("/search/", get(move || async move { answer() }))
        .route("/reverse/", get(move || async move { answer() }));
    Geocoder::new(&format!("http://{}", spawn(router).await)).unwrap()
}

/// A raw TCP server that reads each request's head, writes `bytes`, then either keeps the
/// connection open without a word more (`hold`) or closes it.
async fn raw(bytes: Vec<u8>, hold: bool) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut head = Vec::new();
            let mut buffer = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buffer[..n]),
                }
            }
            let _ = socket.write_all(&bytes).await;
            if hold {
                held.push(socket);
            }
        }
    });
    addr
}

fn labels(addresses: &[Address]) -> Vec<&str> {
    addresses.iter().map(|a| a.label.as_str()).collect()
}

#[tokio::test]
async fn search_parses_the_answer_in_order() {
    let (geocoder, _) = ban_stub().await;
    let found = geocoder.search("8 bd du Port", 5).await.unwrap();
    assert_eq!(
        labels(&found),
        [
            "8 Boulevard du Port 80000 Amiens",
            "8 Boulevard du Port 95000 Cergy",
            "8 Boulevard du Port 56170 Quiberon",
            "Boulevard du Port 44380 Pornichet",
        ]
    );
    assert_eq!(
        found[0],
        Address {
            label: "8 Boulevard du Port 80000 Amiens".to_owned(),
            lat: 49.897443,
            lon: 2.290084,
            score: Some(0.7091790909090909),
            kind: Some("housenumber".to_owned()),
            postcode: Some("80000".to_owned()),
            citycode: Some("80021".to_owned()),
            city: Some("Amiens".to_owned()),
        }
    );
    assert_eq!(found[3].kind.as_deref(), Some("street"));
    assert_eq!((found[2].lat, found[2].lon), (47.484187, -3.119849));
}

#[tokio::test]
async fn search_sends_query_limit_and_user_agent() {
    let (geocoder, log) = ban_stub().await;
    let found = geocoder.search("  8 bd du Port\n", 2).await.unwrap();
    assert_eq!(found.len(), 2, "the stub honours the limit sent");
    let seen = log.last();
    assert_eq!(seen.path, "/search/");
    assert_eq!(seen.params["q"], "8 bd du Port");
    assert_eq!(seen.params["limit"], "2");
    assert_eq!(seen.params.len(), 2);
    assert_eq!(
        seen.user_agent.as_deref(),
        Some(concat!("aiguillage/", env!("CARGO_PKG_VERSION")))
    );

    // Limits are brought within 1..=20.
    assert_eq!(geocoder.search("8 bd du Port", 0).await.unwrap().len(), 1);
    assert_eq!(log.last().params["limit"], "1");
    geocoder.search("8 bd du Port", 1000).await.unwrap();
    assert_eq!(log.last().params["limit"], "20");

    // Cut at 200 characters, not bytes, and never inside a character.
    let long = format!("8 bd du Port {}", "é".repeat(300));
    geocoder.search(&long, 5).await.unwrap();
    let sent = &log.last().params["q"];
    assert_eq!(sent.chars().count(), 200);
    assert!(long.starts_with(sent.as_str()));

    // Characters that need escaping arrive intact.
    geocoder.search("1 rue d'Aix & Co #2 +33 100%", 5).await.unwrap();
    assert_eq!(log.last().params["q"], "1 rue d'Aix & Co #2 +33 100%");
}

#[tokio::test]
async fn base_url_variants_reach_the_same_endpoint() {
    let log = Arc::new(Log::default());
    let root = spawn(ban(log.clone())).await;
    let nested = spawn(Router::new().nest("/geocodage", ban(log.clone()))).await;
    for (base, normalised) in [
        (format!("http://{root}"), format!("http://{root}/")),
        (format!("http://{root}/"), format!("http://{root}/")),
        (format!("http://{root}/search"), format!("http://{root}/")),
        (format!("http://{root}/search/"), format!("http://{root}/")),
        (
            format!("http://{nested}/geocodage"),
            format!("http://{nested}/geocodage/"),
        ),
        (
            format!("http://{nested}/geocodage/search/"),
            format!("http://{nested}/geocodage/"),
        ),
    ] {
        let geocoder = Geocoder::new(&base).unwrap();
        assert_eq!(geocoder.base().as_str(), normalised);
        let found = geocoder.search("8 bd du Port", 1).await.unwrap();
        assert_eq!(labels(&found), ["8 Boulevard du Port 80000 Amiens"], "{base}");
        let found = geocoder.reverse(48.3898, -4.4861).await.unwrap();
        assert!(found.is_some(), "{base}");
    }
    let paths: Vec<String> = log.all().into_iter().map(|s| s.path).collect();
    assert_eq!(paths.len(), 12);
    assert!(
        paths
            .iter()
            .all(|p| p.ends_with("/search/") || p.ends_with("/reverse/")),
        "{paths:?}"
    );
}

#[tokio::test]
async fn invalid_base_urls_are_rejected() {
    for base in [
        "",
        "localhost:7878/search",
        "ftp://example.org/",
        "http://x/search?q=a",
        "http:///",
    ] {
        match Geocoder::new(base) {
            Err(GeocoderError::InvalidUrl(message)) => assert!(!message.is_empty()),
            other => panic!("{base:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn short_queries_send_no_request() {
    let (geocoder, log) = ban_stub().await;
    for query in ["", "   ", "\t\n", "ab", "  é  ", " 2 "] {
        assert_eq!(geocoder.search(query, 5).await.unwrap(), vec![], "{query:?}");
    }
    assert_eq!(log.all().len(), 0);
    // Three characters are enough, and are sent.
    assert_eq!(geocoder.search(" Ô a ", 5).await.unwrap().len(), 4);
    assert_eq!(log.all().len(), 1);
    assert_eq!(log.last().params["q"], "Ô a");
}

#[tokio::test]
async fn http_errors_are_statuses() {
    let geocoder =
        fixed(|| (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response()).await;
    let error = geocoder.search("8 bd du Port", 5).await.unwrap_err();
    assert_eq!(error, GeocoderError::Status(500));
    assert_eq!(
        error.to_string(),
        "geocoder answered with HTTP status 500 (Internal Server Error)"
    );
    assert_eq!(
        geocoder.reverse(48.39, -4.48).await.unwrap_err(),
        GeocoderError::Status(500)
    );

    let geocoder = fixed(|| (StatusCode::TOO_MANY_REQUESTS, "slow down").into_response()).await;
    assert_eq!(
        geocoder.search("8 bd du Port", 5).await.unwrap_err(),
        GeocoderError::Status(429)
    );

    // A base URL whose path the server does not serve.
    let (geocoder, _) = ban_stub().await;
    let wrong = Geocoder::new(&format!("{}adresse", geocoder.base())).unwrap();
    assert_eq!(
        wrong.search("8 bd du Port", 5).await.unwrap_err(),
        GeocoderError::Status(404)
    );
}

#[tokio::test]
async fn odd_answers_are_malformed() {
    let geocoder = fixed(|| "<html><body>Maintenance</body></html>".into_response()).await;
    let error = geocoder.search("8 bd du Port", 5).await.unwrap_err();
    assert!(
        matches!(&error, GeocoderError::Malformed(m) if m.starts_with("not JSON")),
        "{error}"
    );
    assert!(matches!(
        geocoder.reverse(48.39, -4.48).await,
        Err(GeocoderError::Malformed(_))
    ));

    let geocoder = fixed(|| "".into_response()).await;
    assert!(matches!(
        geocoder.search("8 bd du Port", 5).await,
        Err(GeocoderError::Malformed(_))
    ));

    let geocoder = fixed(|| Json(json!({"type": "FeatureCollection"})).into_response()).await;
    let error = geocoder.search("8 bd du Port", 5).await.unwrap_err();
    assert_eq!(
        error,
        GeocoderError::Malformed("no \"features\" member".to_owned())
    );

    let geocoder = fixed(|| Json(json!([1, 2, 3])).into_response()).await;
    assert!(matches!(
        geocoder.search("8 bd du Port", 5).await,
        Err(GeocoderError::Malformed(_))
    ));

    // Unusable features are skipped, the others kept.
    let geocoder = fixed(|| {
        Json(json!({"features": [
            {"geometry": {"type": "Point", "coordinates": [f64::MAX, 1.0]}, "properties": {"label": "far"}},
            {"geometry": {"type": "Polygon", "coordinates": []}, "properties": {"label": "area"}},
            {"geometry": {"type": "Point", "coordinates": [-4.48, 48.39]}, "properties": {"label": "Brest"}},
        ]}))
        .into_response()
    })
    .await;
    assert_eq!(
        labels(&geocoder.search("8 bd du Port", 5).await.unwrap()),
        ["Brest"]
    );
    assert_eq!(
        geocoder.reverse(48.39, -4.48).await.unwrap().unwrap().label,
        "Brest"
    );
}

#[tokio::test]
async fn oversized_answers_are_refused() {
    // With a Content-Length…
    let geocoder = fixed(|| " ".repeat(3 << 20).into_response()).await;
    let error = geocoder.search("8 bd du Port", 5).await.unwrap_err();
    assert!(
        matches!(&error, GeocoderError::Malformed(m) if m.contains("larger than")),
        "{error}"
    );

    // …and without one, the body running until the connection closes.
    let mut flood =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n".to_vec();
    flood.resize(flood.len() + (3 << 20), b' ');
    let geocoder = Geocoder::new(&format!("http://{}", raw(flood, false).await)).unwrap();
    let error = geocoder.search("8 bd du Port", 5).await.unwrap_err();
    assert!(
        matches!(&error, GeocoderError::Malformed(m) if m.contains("larger than")),
        "{error}"
    );
}

#[tokio::test]
async fn silent_server_is_unreachable_after_the_timeout() {
    let addr = raw(Vec::new(), true).await;
    let timeout = Duration::from_millis(300);
    let geocoder = Geocoder::new(&format!("http://{addr}"))
        .unwrap()
        .with_timeout(timeout);
    assert_eq!(geocoder.timeout(), timeout);
    let start = Instant::now();
    let error = geocoder.search("8 bd du Port", 5).await.unwrap_err();
    let elapsed = start.elapsed();
    let GeocoderError::Unreachable(message) = &error else {
        panic!("{error:?}")
    };
    assert!(message.contains("timed out"), "{message}");
    assert!(
        message.contains(&format!("GET http://{addr}/search/:")),
        "{message}"
    );
    assert!(
        !message.contains("Port"),
        "the query stays out of messages: {message}"
    );
    assert!(
        elapsed >= timeout && elapsed < Duration::from_secs(2),
        "{elapsed:?}"
    );

    let start = Instant::now();
    assert!(matches!(
        geocoder.reverse(48.39, -4.48).await,
        Err(GeocoderError::Unreachable(_))
    ));
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn stalled_body_is_unreachable_after_the_timeout() {
    let head =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"features\"";
    let addr = raw(head.to_vec(), true).await;
    let geocoder = Geocoder::new(&format!("http://{addr}"))
        .unwrap()
        .with_timeout(Duration::from_millis(300));
    let start = Instant::now();
    let error = geocoder.search("8 bd du Port", 5).await.unwrap_err();
    assert!(
        matches!(&error, GeocoderError::Unreachable(m) if m.contains("timed out")),
        "{error}"
    );
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn closed_port_is_unreachable() {
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let geocoder = Geocoder::new(&format!("http://{addr}/")).unwrap();
    let start = Instant::now();
    let error = geocoder.search("8 bd du Port", 5).await.unwrap_err();
    let GeocoderError::Unreachable(message) = &error else {
        panic!("{error:?}")
    };
    assert!(
        message.starts_with(&format!("GET http://{addr}/search/: ")),
        "{message}"
    );
    assert!(
        !message.contains("Port"),
        "the query stays out of messages: {message}"
    );
    assert!(error.to_string().starts_with("geocoder unreachable: GET"));
    assert!(start.elapsed() < Duration::from_secs(2));
    assert!(matches!(
        geocoder.reverse(48.39, -4.48).await,
        Err(GeocoderError::Unreachable(_))
    ));
}

#[tokio::test]
async fn reverse_finds_the_nearest_address() {
    let (geocoder, log) = ban_stub().await;
    let found = geocoder.reverse(48.3898, -4.4861).await.unwrap().unwrap();
    assert_eq!(
        found,
        Address {
            label: "Place de la Liberté 29200 Brest".to_owned(),
            lat: 48.389816,
            lon: -4.486076,
            score: Some(0.9999998846584727),
            kind: Some("street".to_owned()),
            postcode: Some("29200".to_owned()),
            citycode: Some("29019".to_owned()),
            city: Some("Brest".to_owned()),
        }
    );
    let seen = log.last();
    assert_eq!(seen.path, "/reverse/");
    assert_eq!(seen.params["lat"], "48.3898");
    assert_eq!(seen.params["lon"], "-4.4861");
    assert_eq!(seen.params["limit"], "1");

    // Nothing there.
    assert_eq!(geocoder.reverse(47.0, -6.0).await.unwrap(), None);
    assert_eq!(log.all().len(), 2);

    // Points off Earth give nothing, without a request.
    for (lat, lon) in [(f64::NAN, 0.0), (0.0, f64::INFINITY), (90.5, 0.0), (0.0, -180.5)] {
        assert_eq!(geocoder.reverse(lat, lon).await.unwrap(), None);
    }
    assert_eq!(log.all().len(), 2);
}
