//! Helpers shared by the integration tests: the real binary, temporary databases, and a
//! server started on a random port; the test data folders come from `aiguillage_testkit`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

pub use aiguillage_testkit::{fixture, repo, shared_data};

/// The `aiguillage` binary built for these tests.
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aiguillage"));
    cmd.env_remove("AIGUILLAGE_DB").env("AIGUILLAGE_LOG", "warn");
    cmd
}

/// Runs the binary against `db` with `args`.
pub fn run(db: &Path, args: &[&str]) -> Output {
    bin()
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("running aiguillage")
}

/// Imports the two square test communes of `tests/fixtures/territory/communes.geojson` (Brest
/// and Guipavas) as commune boundaries. The fixture also holds one feature rejected on
/// purpose, so the command exits with 1; the output is returned for tests of that.
pub fn import_test_communes(db: &Path) -> Output {
    let communes = fixture("territory/communes.geojson");
    let output = run(
        db,
        &[
            "territories",
            "import",
            communes.to_str().expect("a UTF-8 path"),
            "--level",
            "commune",
        ],
    );
    assert!(
        stdout(&output).contains("2 commune boundaries imported"),
        "{}",
        stdout(&output)
    );
    output
}

/// Imports the custom territory `CB1` « Centre de Brest » of
/// `tests/fixtures/territory/centre.geojson` (code in `id`, name in `name`).
pub fn import_centre(db: &Path) {
    let centre = fixture("territory/centre.geojson");
    let output = run(
        db,
        &[
            "territories",
            "import",
            centre.to_str().expect("a UTF-8 path"),
            "--level",
            "custom",
            "--code-field",
            "id",
            "--name-field",
            "name",
        ],
    );
    assert!(output.status.success(), "{}", stdout(&output));
}

/// Imports the demo places into `db`, then moves its write-ahead log into the file, so that
/// the file alone is the whole database (to copy or damage it). A command's exit usually
/// does that, but not when two of its connections close at once.
pub async fn demo_database(db: &Path) {
    use sqlx::Connection;

    let demo = repo().join("data/demo/brest-metropole.csv");
    let output = run(db, &["import", demo.to_str().expect("a UTF-8 path")]);
    assert!(output.status.success(), "{}", stdout(&output));
    let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .expect("opening the database");
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut connection)
        .await
        .expect("checkpoint");
    connection.close().await.expect("closing the database");
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// A fresh temporary directory holding `test.db`.
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("test.db");
    (dir, db)
}

/// A running `aiguillage serve`, killed on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
}

impl Server {
    /// Starts the server on a random port against `db`, with `extra` arguments.
    pub fn start(db: &Path, extra: &[&str]) -> Server {
        let mut child = bin()
            .arg("--db")
            .arg(db)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting the server");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("reading the listening line");
        let base_url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_owned();
        Server { child, base_url }
    }

    /// GET `path`, returning the status and the JSON body.
    pub async fn get(&self, path: &str) -> (u16, serde_json::Value) {
        let response = reqwest::get(format!("{}{path}", self.base_url))
            .await
            .expect("GET");
        let status = response.status().as_u16();
        let body = response.json().await.expect("JSON body");
        (status, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The ids of the places a search page lists, in order.
pub fn listed(html: &str) -> Vec<String> {
    html.match_indices("<li class=\"lieu\" data-id=\"")
        .map(|(at, needle)| {
            let rest = &html[at + needle.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
}
