//! `aiguillage nearest` on the demo data.

use crate::support::{repo, run, stdout, temp_db};

fn demo_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = temp_db();
    let demo = repo().join("data/demo/brest-metropole.csv");
    assert!(run(&db, &["import", demo.to_str().unwrap()]).status.success());
    (dir, db)
}

/// `aiguillage nearest` from Place de la Liberté, Brest, with `extra` arguments.
fn nearest_from_brest(db: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["nearest", "--lat", "48.3904", "--lon", "-4.4861"];
    args.extend(extra);
    run(db, &args)
}

#[test]
fn a_readable_table_sorted_by_distance() {
    let (_dir, db) = demo_db();
    let output = nearest_from_brest(&db, &["--limit", "5", "--open-at", "2026-12-01T10:00:00+01:00"]);
    assert!(output.status.success());
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert!(lines[0].starts_with("Distance  Ouverture"), "{text}");
    assert!(lines[1..].iter().all(|l| l.contains("29200 Brest")), "{text}");
    assert!(
        lines[1..].iter().all(|l| l.contains("ouvert, ferme à ")),
        "Tuesday 10:00: {text}"
    );
}

#[test]
fn json_output_and_filters() {
    let (_dir, db) = demo_db();
    let output = nearest_from_brest(
        &db,
        &[
            "--limit",
            "3",
            "--radius",
            "3000",
            "--service",
            "Aide aux démarches administratives",
            "--json",
        ],
    );
    assert!(output.status.success());
    let body: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let features = body["features"].as_array().unwrap();
    assert_eq!(features.len(), 3);
    let mut previous = 0;
    for f in features {
        let p = &f["properties"];
        let d = p["distance_m"].as_u64().unwrap();
        assert!(d >= previous && d <= 3000);
        previous = d;
        assert!(p["services"]
            .as_str()
            .unwrap()
            .contains("Aide aux démarches administratives"));
    }
}

#[test]
fn bad_arguments_exit_2_with_a_reason() {
    let (_dir, db) = demo_db();
    for (args, reason) in [
        (vec!["--lat", "95", "--lon", "0"], "--lat must be from -90 to 90"),
        (
            vec!["--lat", "48", "--lon", "-4", "--limit", "0"],
            "--limit must be from 1 to 100",
        ),
        (
            vec!["--lat", "48", "--lon", "-4", "--radius", "200000"],
            "--radius must be from 0 to 100000",
        ),
        (
            vec!["--lat", "48", "--lon", "-4", "--service", "aide"],
            "did you mean « Aide aux démarches administratives »?",
        ),
        (
            vec!["--lat", "48", "--lon", "-4", "--open-at", "demain"],
            "not an RFC 3339 date-time",
        ),
        (
            vec!["--lat", "48", "--lon", "-4", "--open-at", "1899-06-01T10:00:00Z"],
            "from 1900-01-02 to 9999-12-30",
        ),
    ] {
        let mut full = vec!["nearest"];
        full.extend(args);
        let output = run(&db, &full);
        assert_eq!(output.status.code(), Some(2), "{full:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(reason), "{full:?}: {stderr}");
    }
}
