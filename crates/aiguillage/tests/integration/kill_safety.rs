//! An import killed mid-way leaves the database exactly as it was.

use std::time::{Duration, Instant};

use crate::support::{run, stdout, temp_db};

#[test]
fn killing_an_import_mid_way_changes_nothing() {
    let (dir, db) = temp_db();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();

    // A database with 1,000 places…
    let small = path("small.csv");
    crate::support::bin()
        .args(["generate", "--rows", "1000", "--seed", "1", "-o", &small])
        .status()
        .unwrap();
    run(&db, &["import", &small]);
    let before = stdout(&run(&db, &["export", "--format", "csv"]));

    // …then a 200,000-row import (other seed: every row new or changed), killed while it writes.
    let big = path("big.csv");
    crate::support::bin()
        .args(["generate", "--rows", "200000", "--seed", "2", "-o", &big])
        .status()
        .unwrap();
    let mut child = crate::support::bin()
        .arg("--db")
        .arg(&db)
        .args(["import", &big])
        .spawn()
        .unwrap();
    let wal = db.with_extension("db-wal");
    let start = Instant::now();
    // The transaction spills pages into the WAL as it writes: once it has grown, the import
    // is mid-way through its transaction.
    while std::fs::metadata(&wal).map_or(0, |m| m.len()) < 4 * 1024 * 1024 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import finished before it could be killed"
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the import never started writing"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed, not finished");

    let after = stdout(&run(&db, &["export", "--format", "csv"]));
    assert_eq!(after.lines().count(), 1001);
    assert!(
        after == before,
        "the database is exactly as before the killed import"
    );
}
