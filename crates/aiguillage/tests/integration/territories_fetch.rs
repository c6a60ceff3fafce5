//! `aiguillage territories fetch` against a stub HTTP server on a random port (no network):
//! a download is imported as `territories import` imports the same file, `--departement`
//! keeps the communes asked for, `--from FILE` works offline, and a server that is down,
//! answers an error or sends too much is refused with its URL, changing nothing.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Output;

use crate::support::{fixture, run, shared_data, stdout, temp_db, Server};

/// What the stub answers on a path.
enum Answer {
    /// 200 with a `Content-Length`.
    Body(Vec<u8>),
    /// 200 without a length, the end marked by closing the connection, as a server
    /// streaming a file of unknown size does.
    Streamed(Vec<u8>),
}

/// A stub HTTP/1.1 server on 127.0.0.1, answering the paths of `routes` and 404 to any other;
/// returns its `http://127.0.0.1:PORT`. It serves one connection at a time in a thread of its
/// own until the test process ends. Plain `std::net`: the binary under test is the client.
fn stub(routes: Vec<(&'static str, Answer)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding the stub");
    let base = format!("http://{}", listener.local_addr().expect("stub address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            // A client giving up mid-answer (a refused large download) is no stub failure.
            let _ = answer(stream, &routes);
        }
    });
    base
}

fn answer(mut stream: TcpStream, routes: &[(&str, Answer)]) -> std::io::Result<()> {
    let mut request = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    request.read_line(&mut request_line)?;
    // The headers, read to the blank line so that closing leaves nothing unread.
    loop {
        let mut header = String::new();
        if request.read_line(&mut header)? == 0 || header == "\r\n" {
            break;
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or_default();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/geo+json\r\nConnection: close\r\n";
    match routes.iter().find(|(p, _)| *p == path) {
        Some((_, Answer::Body(body))) => {
            write!(stream, "{head}Content-Length: {}\r\n\r\n", body.len())?;
            stream.write_all(body)?;
        }
        Some((_, Answer::Streamed(body))) => {
            write!(stream, "{head}\r\n")?;
            stream.write_all(body)?;
        }
        None => write!(
            stream,
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\
             Connection: close\r\n\r\nnot found"
        )?,
    }
    stream.flush()
}

/// The two square test communes and one feature without a code (rejected).
fn test_communes() -> Vec<u8> {
    std::fs::read(fixture("territory/communes.geojson")).expect("the fixture")
}

/// `aiguillage territories fetch ARGS` against `db`.
fn fetch(db: &Path, args: &[&str]) -> Output {
    let mut all = vec!["territories", "fetch"];
    all.extend_from_slice(args);
    run(db, &all)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The files a download left beside the database: none, whatever happened.
fn leftovers(db: &Path) -> Vec<String> {
    std::fs::read_dir(db.parent().expect("db in a folder"))
        .expect("listing the db folder")
        .map(|e| {
            e.expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.starts_with(".aiguillage-fetch-"))
        .collect()
}

#[tokio::test]
async fn a_download_is_imported_as_import_would() {
    let base = stub(vec![("/communes.geojson", Answer::Body(test_communes()))]);
    let url = format!("{base}/communes.geojson");
    let (_dir, db) = temp_db();

    let output = fetch(&db, &["--from", &url]);
    let text = stdout(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "one feature is rejected: {text}{}",
        stderr(&output)
    );
    assert_eq!(
        text,
        format!(
            "{url}:6: code: missing or blank\n\
             {url}: 2 commune boundaries imported (2 new, 0 updated), 0 former codes reconciled, 1 rejected\n"
        )
    );
    assert_eq!(leftovers(&db), Vec::<String>::new(), "the download is deleted");

    let server = Server::start(&db, &["--no-demo"]);
    let (status, brest) = server.get("/api/v1/territories/29019/boundary.geojson").await;
    assert_eq!(status, 200, "{brest}");
    assert_eq!(
        brest["geometry"]["coordinates"][0][0][0],
        serde_json::json!([-4.56, 48.37]),
        "the served square"
    );
    let (status, guipavas) = server.get("/api/v1/territories/29075/boundary.geojson").await;
    assert_eq!(status, 200, "{guipavas}");
}

#[test]
fn departement_keeps_only_the_communes_of_those_departements() {
    let square = |lon: f64, lat: f64| {
        format!(
            r#"{{"type": "Polygon", "coordinates": [[[{lon}, {lat}], [{}, {lat}], [{}, {}], [{lon}, {lat}]]]}}"#,
            lon + 0.1,
            lon + 0.1,
            lat + 0.1
        )
    };
    let feature = |code: &str, geometry: &str| {
        format!(r#"{{"type": "Feature", "properties": {{"code": "{code}"}}, "geometry": {geometry}}}"#)
    };
    // One feature a line, the first on line 2: Brest, Guipavas without geometry, Vannes,
    // Ajaccio, Saint-Denis (La Réunion), and a code unknown to INSEE in the Morbihan.
    let features = [
        feature("29019", &square(-4.5, 48.4)),
        feature("29075", "null"),
        feature("56260", &square(-2.8, 47.6)),
        feature("2A004", &square(8.7, 41.9)),
        feature("97411", &square(55.4, -20.9)),
        feature("56999", &square(-3.0, 47.7)),
    ];
    let collection = format!(
        "{{\"type\": \"FeatureCollection\", \"features\": [\n{}\n]}}\n",
        features.join(",\n")
    );
    let base = stub(vec![("/france.geojson", Answer::Body(collection.into_bytes()))]);
    let url = format!("{base}/france.geojson");
    let (_dir, db) = temp_db();

    // Codes are INSEE's, in any case; a rejection outside them is not reported.
    let output = fetch(&db, &["--from", &url, "--departement", "56,2a"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "{url}:7: code: unknown commune code « 56999 » (neither a current commune nor a former code of one)\n\
             {url}: 2 commune boundaries imported (2 new, 0 updated), 0 former codes reconciled, 1 rejected, \
             3 of other départements than 56, 2A skipped\n"
        )
    );

    let output = fetch(&db, &["--from", &url, "--departement", "974"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(": 1 commune boundaries imported (1 new, 0 updated), 0 former codes reconciled, 0 rejected, 5 of other départements than 974 skipped"),
        "{}",
        stdout(&output)
    );

    // Without the option, everything: Vannes, Ajaccio and Saint-Denis were stored already.
    let output = fetch(&db, &["--from", &url]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains(
            ": 4 commune boundaries imported (1 new, 3 updated), 0 former codes reconciled, 2 rejected\n"
        ),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_wrong_departement_or_level_is_refused_before_downloading() {
    let (_dir, db) = temp_db();
    // A closed port: an attempt to download would fail with another message.
    let nowhere = format!("{}/communes.geojson", closed_port());
    for (args, message) in [
        (
            vec!["--departement", "29,20"],
            "--departement: unknown département « 20 » (INSEE codes such as 29, 2A, 971)",
        ),
        (
            vec!["--departement", "29", "--level", "epci"],
            "--departement selects communes: it cannot be used with --level epci",
        ),
    ] {
        let mut all = vec!["--from", nowhere.as_str()];
        all.extend(args);
        let output = fetch(&db, &all);
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(stderr(&output).trim(), message);
    }
    let output = fetch(&db, &["--level", "custom"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output).trim(),
        "--level custom has no official file: give one with --from URL_OR_FILE"
    );
    let output = fetch(&db, &["--from", "ftp://example.invalid/communes.geojson"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("only http and https URLs are downloaded"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn from_a_file_reads_offline_as_import_does() {
    let file = fixture("territory/communes.geojson");
    let file = file.to_str().expect("a UTF-8 path");
    let (_dir, fetched) = temp_db();
    let (_dir2, imported) = temp_db();
    let by_fetch = fetch(&fetched, &["--from", file]);
    let by_import = run(&imported, &["territories", "import", file, "--level", "commune"]);
    assert_eq!(by_fetch.status.code(), by_import.status.code());
    assert_eq!(stdout(&by_fetch), stdout(&by_import));

    let output = fetch(&fetched, &["--from", "/nonexistent/communes.geojson"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("/nonexistent/communes.geojson: "),
        "{}",
        stderr(&output)
    );
}

/// The real communes of two départements in one file, as a national file holds them:
/// `--departement 29` imports what `import` of the Finistère file alone does.
#[test]
fn departement_of_a_larger_file_matches_the_import_of_its_own_file() {
    let (Some(finistere), Some(morbihan)) = (
        shared_data("geo/communes-29-finistere.geojson"),
        shared_data("geo/communes-56-morbihan.geojson"),
    ) else {
        return;
    };
    let read = |path: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(path).expect("shared file")).expect("GeoJSON")
    };
    let mut both = read(&morbihan);
    let finistere_features = read(&finistere)["features"].as_array().expect("features").clone();
    both["features"]
        .as_array_mut()
        .expect("features")
        .extend(finistere_features);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bretagne-ouest.geojson");
    std::fs::write(&path, both.to_string()).expect("writing the merged file");

    let (_dir, fetched) = temp_db();
    let (_dir2, imported) = temp_db();
    let by_fetch = fetch(
        &fetched,
        &["--from", path.to_str().unwrap(), "--departement", "29"],
    );
    let by_import = run(
        &imported,
        &[
            "territories",
            "import",
            finistere.to_str().unwrap(),
            "--level",
            "commune",
        ],
    );
    assert_eq!(by_fetch.status.code(), by_import.status.code());
    // The counts of the last line, after the file's name; fetch adds what it skipped.
    let counts = |output: &Output| {
        let text = stdout(output);
        let last = text.lines().last().expect("a summary").to_owned();
        let (_, counts) = last.split_once(": ").expect("NAME: counts");
        counts.to_owned()
    };
    let morbihan_count = read(&morbihan)["features"].as_array().unwrap().len();
    assert_eq!(
        counts(&by_fetch),
        format!(
            "{}, {morbihan_count} of other départements than 29 skipped",
            counts(&by_import)
        )
    );
}

/// `http://127.0.0.1:PORT` where nothing listens (a port just freed).
fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding");
    let address = listener.local_addr().expect("address");
    drop(listener);
    format!("http://{address}")
}

#[test]
fn an_unreachable_server_is_refused_with_its_url_and_changes_nothing() {
    let (_dir, db) = temp_db();
    let file = fixture("territory/communes.geojson");
    let file = file.to_str().unwrap();
    fetch(&db, &["--from", file]);

    let url = format!("{}/communes.geojson", closed_port());
    let output = fetch(&db, &["--from", &url]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    let message = stderr(&output);
    assert!(
        message.starts_with(&format!("cannot download {url}: ")),
        "{message}"
    );
    assert!(
        message.to_lowercase().contains("connect"),
        "the cause is given: {message}"
    );
    assert_eq!(leftovers(&db), Vec::<String>::new());

    // Still the two communes, neither removed nor added.
    let output = fetch(&db, &["--from", file]);
    assert!(stdout(&output).contains("2 commune boundaries imported (0 new, 2 updated)"));
}

#[test]
fn an_http_error_or_a_file_that_is_not_geojson_is_refused() {
    let mut gzip = vec![0x1f, 0x8b, 0x08, 0x00];
    gzip.extend_from_slice(&[0; 16]);
    let base = stub(vec![
        ("/communes.geojson.gz", Answer::Body(gzip)),
        (
            "/page.html",
            Answer::Body(b"<!doctype html><p>Jeu de donnees</p>".to_vec()),
        ),
    ]);
    let (_dir, db) = temp_db();

    let url = format!("{base}/moved.geojson");
    let output = fetch(&db, &["--from", &url]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output).trim(),
        format!("cannot download {url}: the server answered HTTP 404 Not Found")
    );

    let url = format!("{base}/communes.geojson.gz");
    let output = fetch(&db, &["--from", &url]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(&format!("{url}: the file is gzip-compressed: decompress it")),
        "{}",
        stderr(&output)
    );

    let url = format!("{base}/page.html");
    let output = fetch(&db, &["--from", &url]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(&format!("{url}:1: expected a GeoJSON FeatureCollection")),
        "{}",
        stderr(&output)
    );
    assert_eq!(leftovers(&db), Vec::<String>::new());
}

#[test]
fn a_download_larger_than_max_mb_is_refused_announced_or_not() {
    // 1.5 MB of valid GeoJSON: the test communes and spaces.
    let mut big = test_communes();
    big.extend(std::iter::repeat_n(b' ', 1_500_000));
    let base = stub(vec![
        ("/announced.geojson", Answer::Body(big.clone())),
        ("/streamed.geojson", Answer::Streamed(big)),
    ]);
    let (_dir, db) = temp_db();
    for path in ["/announced.geojson", "/streamed.geojson"] {
        let url = format!("{base}{path}");
        let output = fetch(&db, &["--from", &url, "--max-mb", "1"]);
        assert_eq!(output.status.code(), Some(2), "{path}");
        assert_eq!(
            stderr(&output).trim(),
            format!("cannot download {url}: larger than 1 MB (raise --max-mb if the file is right)")
        );
        assert_eq!(leftovers(&db), Vec::<String>::new(), "{path}");

        // The limit is the only problem.
        let output = fetch(&db, &["--from", &url, "--max-mb", "2"]);
        assert!(
            stdout(&output).contains(": 2 commune boundaries imported"),
            "{path}: {}{}",
            stdout(&output),
            stderr(&output)
        );
    }
}
