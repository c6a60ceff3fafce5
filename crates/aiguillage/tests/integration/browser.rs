//! End to end in a real browser: the real server, with the Brest demo places, the test
//! communes and a place whose name is a script (`tests/fixtures/xss-place.csv`), driven in
//! headless Chromium by `web/tests/e2e.mjs` (the public pages) and `web/tests/contrib.mjs`
//! (contributive editing, with an account made by the CLI), with playwright-core and axe-core
//! from `web/node_modules`. Each script gets its own database and server: the second changes
//! places the first reads. Building installs no npm package: `npm ci` in `web/` does, and
//! `.ci/run` runs it.
//!
//! Skips with a `SKIPPED:` message when Chromium, Node.js or playwright-core is missing,
//! except when the `CI` environment variable is set: CI must run it.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::support::{bin, fixture, import_test_communes, repo, run, stdout, temp_db, Server};

/// A whole browser run, after which node (and its Chromium) is killed.
const TIMEOUT: Duration = Duration::from_secs(180);

/// The id of the place of `tests/fixtures/xss-place.csv`.
const XSS_ID: &str = "xss-1";

/// The account `web/tests/contrib.mjs` signs in with: a coordinator of the Finistère (29),
/// which holds every demo place and the XSS place.
const COORDINATOR: &str = "coordination@finistere.test";
/// Its password, given to the CLI on standard input as an administrator would.
const PASSWORD: &str = "mot de passe des tests 29";

/// Says what is missing: a skip on a developer's machine, a failure in CI.
fn missing(what: &str) {
    let message = format!("SKIPPED: {what}");
    if std::env::var_os("CI").is_some() {
        panic!("{message} (CI is set: the browser tests must run there)");
    }
    eprintln!("{message}");
}

/// `name` looked up in `PATH`.
fn in_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|file| file.is_file())
}

/// Chromium: `$CHROMIUM`, `/usr/bin/chromium`, or `chromium` / `chromium-browser` in `PATH`.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let debian = PathBuf::from("/usr/bin/chromium");
    if debian.is_file() {
        return Some(debian);
    }
    in_path("chromium").or_else(|| in_path("chromium-browser"))
}

/// `node`, when it runs.
fn node() -> Option<OsString> {
    let node = OsString::from("node");
    let ok = Command::new(&node)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    ok.then_some(node)
}

/// The test database: demo places, the two test communes' boundaries and the XSS place.
fn prepare_db(db: &Path) {
    let demo = repo().join("data/demo/brest-metropole.csv");
    let output = run(db, &["import", demo.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stdout(&output));

    let xss = fixture("xss-place.csv");
    let output = run(db, &["import", "--strict", xss.to_str().unwrap()]);
    let text = stdout(&output);
    assert!(
        output.status.success() && text.contains("imported 1,") && text.contains("warnings 0"),
        "the XSS fixture must import cleanly:\n{text}"
    );

    // Boundaries for the map and the report (the fixture holds one rejected feature: exit 1).
    import_test_communes(db);
}

/// Copies `from` line by line to the test's output, returning everything read.
fn echo(from: impl Read + Send + 'static, to_stderr: bool) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            if to_stderr {
                eprintln!("{line}");
            } else {
                println!("{line}");
            }
            all.push_str(&line);
            all.push('\n');
        }
        all
    })
}

/// Creates the account [`COORDINATOR`] with [`PASSWORD`], read from standard input.
fn add_coordinator(db: &Path) {
    let mut child = bin()
        .arg("--db")
        .arg(db)
        .args(["user", "add", COORDINATOR, "--role", "coordinator"])
        .args(["--territory", "29", "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting aiguillage user add");
    writeln!(child.stdin.take().expect("piped stdin"), "{PASSWORD}").expect("writing the password");
    let output = child.wait_with_output().expect("running aiguillage user add");
    assert!(
        output.status.success() && !stdout(&output).contains(PASSWORD),
        "user add:\n{}{}",
        stdout(&output),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Chromium and node, when they and web/node_modules' packages are there; `None` after
/// saying what is missing.
fn browser_tools() -> Option<(PathBuf, OsString)> {
    let Some(chromium) = chromium() else {
        missing("Chromium is not installed ($CHROMIUM, /usr/bin/chromium, chromium-browser)");
        return None;
    };
    let Some(node) = node() else {
        missing("node (Node.js) is not in PATH");
        return None;
    };
    let modules = repo().join("web/node_modules");
    for package in ["playwright-core", "axe-core"] {
        if !modules.join(package).join("package.json").is_file() {
            missing(&format!(
                "{} is missing (run npm ci in web/)",
                modules.join(package).display()
            ));
            return None;
        }
    }
    Some((chromium, node))
}

/// Runs `node web/tests/{script}` with `args` against `server`, echoing its output; panics
/// with its summary unless every check passed, or when it outlives [`TIMEOUT`].
fn run_script(script: &str, server: &Server, args: &[&str], (chromium, node): &(PathBuf, OsString)) {
    // CARGO_TARGET_TMPDIR is <target>/tmp.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .to_path_buf();
    let out = target.join("screenshots");
    println!("screenshots go to {}", out.display());

    let seconds = TIMEOUT.as_secs() - 10;
    let mut child = Command::new(node)
        .arg(repo().join("web/tests").join(script))
        .args(["--base", &server.base_url])
        .arg("--out")
        .arg(&out)
        .args(["--timeout", &seconds.to_string()])
        .args(args)
        .env("CHROMIUM", chromium)
        .current_dir(repo())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("starting node web/tests/{script}: {e}"));
    let out_reader = echo(child.stdout.take().expect("piped stdout"), false);
    let err_reader = echo(child.stderr.take().expect("piped stderr"), true);

    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for node") {
            break Some(status);
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(100));
    };
    let output = out_reader.join().unwrap_or_default();
    let errors = err_reader.join().unwrap_or_default();

    let Some(status) = status else {
        panic!(
            "web/tests/{script} was still running after {} s; killed",
            TIMEOUT.as_secs()
        );
    };
    assert!(
        status.success(),
        "web/tests/{script} failed ({status}); screenshots in {}\n{}{}",
        out.display(),
        // The summary: the whole output is echoed above.
        output.rfind("e2e: ").map_or(output.as_str(), |at| &output[at..]),
        if errors.is_empty() {
            String::new()
        } else {
            format!("\nstandard error:\n{errors}")
        }
    );
    println!(
        "web/tests/{script} passed in {:.1} s; screenshots in {}",
        started.elapsed().as_secs_f64(),
        out.display()
    );
}

#[test]
fn pages_work_in_headless_chromium() {
    let Some(tools) = browser_tools() else { return };
    let (_dir, db) = temp_db();
    prepare_db(&db);
    let server = Server::start(&db, &["--no-demo"]);
    run_script("e2e.mjs", &server, &["--xss-id", XSS_ID], &tools);
}

#[test]
fn contributive_editing_works_in_headless_chromium() {
    let Some(tools) = browser_tools() else { return };
    let (_dir, db) = temp_db();
    prepare_db(&db);
    add_coordinator(&db);
    let server = Server::start(&db, &["--no-demo"]);
    run_script(
        "contrib.mjs",
        &server,
        &["--xss-id", XSS_ID, "--email", COORDINATOR, "--password", PASSWORD],
        &tools,
    );
}
