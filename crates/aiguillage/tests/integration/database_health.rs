//! A damaged database is noticed: `/healthz` fails once the file is overwritten under a
//! running server, and `aiguillage check` says the file is damaged.

use std::path::Path;

use crate::support::{demo_database, run, stdout, temp_db, Server};

/// Writes `len` pseudo-random bytes (fixed seed) over `path` from `offset`.
fn scribble(path: &Path, offset: u64, len: usize) {
    use std::io::{Seek, SeekFrom, Write};
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("opening the database");
    file.seek(SeekFrom::Start(offset)).unwrap();
    file.write_all(&bytes).unwrap();
    file.sync_all().unwrap();
}

#[tokio::test]
async fn healthz_fails_once_the_database_is_damaged() {
    let (_dir, db) = temp_db();
    demo_database(&db).await;
    let server = Server::start(&db, &["--no-demo"]);
    let (status, body) = server.get("/healthz").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["places"], 48);

    scribble(&db, 0, 160 * 1024);
    let (status, body) = server.get("/healthz").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["code"], "unavailable", "{body}");
}

#[tokio::test]
async fn check_says_ok_or_what_is_damaged() {
    let (dir, db) = temp_db();
    demo_database(&db).await;
    let output = run(&db, &["check"]);
    assert!(output.status.success(), "{}", stdout(&output));
    assert_eq!(stdout(&output), "ok\n");

    // A header overwritten: not a database any more.
    let header = dir.path().join("header.db");
    std::fs::copy(&db, &header).unwrap();
    scribble(&header, 0, 160 * 1024);
    let output = run(&header, &["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("the database is damaged"),
        "{}",
        stdout(&output)
    );

    // Pages overwritten behind a sound header: quick_check finds them.
    let pages = dir.path().join("pages.db");
    std::fs::copy(&db, &pages).unwrap();
    scribble(&pages, 4096, 64 * 1024);
    let output = run(&pages, &["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("the database is damaged"),
        "{}",
        stdout(&output)
    );
    // The check wrote nothing: the original is untouched and still sound.
    assert!(run(&db, &["check"]).status.success());
}

#[test]
fn check_of_a_missing_file_is_an_error_not_a_new_database() {
    let (_dir, db) = temp_db();
    let output = run(&db, &["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!db.exists(), "check created the database");
}
