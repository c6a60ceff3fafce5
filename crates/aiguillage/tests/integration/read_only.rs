//! Read-only databases: `export` and `serve --read-only` read a database whose file or
//! folder cannot be written, and a command that needs to write says so in one sentence.
//!
//! Run as root, chmod restricts nothing: these tests then say so and pass.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::support::{demo_database, repo, run, stdout, temp_db, Server};

/// A folder made read-only (with the files in it) for the test's length, writable again on
/// drop so that the temporary folder can be deleted.
struct ReadOnlyFolder(PathBuf);

impl ReadOnlyFolder {
    fn new(folder: &Path) -> ReadOnlyFolder {
        for entry in std::fs::read_dir(folder).unwrap() {
            set_mode(&entry.unwrap().path(), 0o444);
        }
        set_mode(folder, 0o555);
        ReadOnlyFolder(folder.to_owned())
    }

    /// Whether chmod restricts this process: root writes anyway.
    fn restricts(&self) -> bool {
        let probe = self.0.join("probe");
        if std::fs::write(&probe, "").is_ok() {
            let _ = std::fs::remove_file(probe);
            eprintln!("skipped: chmod restricts nothing for this user (root?)");
            return false;
        }
        true
    }
}

impl Drop for ReadOnlyFolder {
    fn drop(&mut self) {
        set_mode(&self.0, 0o755);
    }
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn a_read_only_database_is_exported_and_served() {
    let (dir, db) = temp_db();
    demo_database(&db).await;
    let folder = dir.path().join("ro");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("places.db");
    std::fs::copy(dir.path().join("test.db"), &db).unwrap();
    let read_only = ReadOnlyFolder::new(&folder);
    if !read_only.restricts() {
        return;
    }

    let output = run(&db, &["export"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output).lines().count(), 49, "a header and 48 places");

    let demo = repo().join("data/demo/brest-metropole.csv");
    let output = run(&db, &["import", demo.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("read-only"), "{message}");
    assert!(!message.contains("attempt to write"), "{message}");

    // Without --read-only, serve says what to add (and does not start).
    let mut serve = crate::support::bin()
        .arg("--db")
        .arg(&db)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while serve.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(30) {
            serve.kill().unwrap();
            panic!("serve started on a read-only database");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let output = serve.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("add --read-only"), "{}", stderr(&output));

    let server = Server::start(&db, &["--read-only"]);
    let (status, health) = server.get("/healthz").await;
    assert_eq!((status, &health["places"]), (200, &48.into()), "{health}");
    let client = reqwest::Client::new();
    let write = client
        .post(format!("{}/api/v1/places", server.base_url))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(write.status().as_u16(), 503);
    let body: serde_json::Value = write.json().await.unwrap();
    assert_eq!(body["error"]["code"], "read_only", "{body}");
    let form = client
        .post(format!("{}/connexion", server.base_url))
        .form(&[("email", "a@b.fr"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status().as_u16(), 503);
    assert!(form.text().await.unwrap().contains("lecture seule"));
}

#[test]
fn a_database_in_wal_mode_is_read_from_a_read_only_folder() {
    let (dir, db) = temp_db();
    // A server holding the database open keeps its write-ahead log: copies made meanwhile
    // have transactions in their `-wal` file.
    let server = Server::start(&db, &[]);
    let wal = |db: &Path| PathBuf::from(format!("{}-wal", db.display()));
    let shm = |db: &Path| PathBuf::from(format!("{}-shm", db.display()));
    assert!(
        std::fs::metadata(wal(&db)).unwrap().len() > 0,
        "the demo is in the log"
    );
    let copy = |name: &str, with_index: bool| {
        let folder = dir.path().join(name);
        std::fs::create_dir(&folder).unwrap();
        let target = folder.join("places.db");
        std::fs::copy(&db, &target).unwrap();
        std::fs::copy(wal(&db), wal(&target)).unwrap();
        if with_index {
            std::fs::copy(shm(&db), shm(&target)).unwrap();
        }
        (ReadOnlyFolder::new(&folder), target)
    };
    let (whole, whole_db) = copy("whole", true);
    let (_no_index, no_index_db) = copy("no-index", false);
    drop(server);
    if !whole.restricts() {
        return;
    }
    let output = run(&whole_db, &["export"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output).lines().count(),
        49,
        "the places in the log are read"
    );

    let output = run(&no_index_db, &["export"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("-shm") && message.contains("read-only folder"),
        "{message}"
    );
}
