//! The house rules of the workspace, read from `cargo metadata` so they cannot drift:
//!
//! - every crate sits in one layer of the table of `docs/architecture.md`, and depends only on
//!   crates of its own layer or of lower ones, dev- and build-dependencies included;
//! - the dependencies between crates form no cycle, dev-dependencies included;
//! - the README's repository layout lists every crate, and no other;
//! - the workspace's `rust-version` is the real minimum: no dependency needs a newer Rust.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use aiguillage_testkit::repo;
use serde_json::Value;

/// `cargo metadata` of the workspace, as JSON. `full` resolves every dependency (for their
/// `rust-version`), for this machine's platform only: from what the build already fetched
/// when it can, else from the registry (a dependency the build never compiled, such as an
/// inactive optional one, may not be on disk yet).
fn metadata(full: bool) -> Value {
    let run = |offline: bool| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let mut command = Command::new(cargo);
        command
            .current_dir(repo())
            .args(["metadata", "--format-version", "1"]);
        if offline {
            command.arg("--offline");
        }
        if full {
            command.args(["--filter-platform", &host_triple()]);
        } else {
            command.arg("--no-deps");
        }
        command.output().expect("running cargo metadata")
    };
    let mut output = run(true);
    if !output.status.success() && full {
        output = run(false);
    }
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("cargo metadata writes JSON")
}

fn host_triple() -> String {
    let output = Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("running rustc -vV");
    let text = String::from_utf8(output.stdout).expect("rustc -vV writes UTF-8");
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_owned()
}

/// Every workspace crate → the names of the workspace crates it depends on (any kind).
fn workspace_graph(metadata: &Value) -> BTreeMap<String, BTreeSet<String>> {
    let packages = metadata["packages"].as_array().expect("packages");
    let names: BTreeSet<String> = packages
        .iter()
        .map(|p| p["name"].as_str().expect("name").to_owned())
        .collect();
    packages
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .expect("dependencies")
                .iter()
                .map(|d| d["name"].as_str().expect("dependency name").to_owned())
                .filter(|d| names.contains(d))
                .collect();
            (p["name"].as_str().expect("name").to_owned(), deps)
        })
        .collect()
}

/// The layer table of `docs/architecture.md`: rows `| N name | `crate` | job |`.
fn layers() -> BTreeMap<String, (u32, String)> {
    let path = repo().join("docs/architecture.md");
    let text = std::fs::read_to_string(&path).expect("reading docs/architecture.md");
    let mut layers = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // ["", "N name", "`crate`", "job", ""]
        if cells.len() < 4 || !cells[2].starts_with("`aiguillage") {
            continue;
        }
        let (number, name) = cells[1]
            .split_once(' ')
            .unwrap_or_else(|| panic!("layer cell « {} » is not « N name »", cells[1]));
        let number: u32 = number
            .parse()
            .unwrap_or_else(|_| panic!("layer cell « {} » does not start with a number", cells[1]));
        let krate = cells[2].trim_matches('`').to_owned();
        let previous = layers.insert(krate.clone(), (number, name.to_owned()));
        assert!(
            previous.is_none(),
            "{krate} is listed twice in docs/architecture.md"
        );
    }
    assert!(!layers.is_empty(), "docs/architecture.md has no layer table");
    layers
}

#[test]
fn every_crate_has_a_layer_and_depends_only_downwards() {
    let graph = workspace_graph(&metadata(false));
    let layers = layers();
    let crates: BTreeSet<&String> = graph.keys().collect();
    let documented: BTreeSet<&String> = layers.keys().collect();
    assert_eq!(
        crates, documented,
        "the layer table of docs/architecture.md must list exactly the workspace's crates"
    );
    let mut wrong = Vec::new();
    for (krate, deps) in &graph {
        let (layer, name) = &layers[krate];
        for dep in deps {
            let (dep_layer, dep_name) = &layers[dep];
            if dep_layer > layer {
                wrong.push(format!(
                    "{krate} (layer {layer} {name}) depends on {dep} (layer {dep_layer} {dep_name})"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "dependencies on higher layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn crate_dependencies_form_no_cycle() {
    let graph = workspace_graph(&metadata(false));
    // Depth-first search; a crate met again while on the path closes a cycle.
    fn visit<'g>(
        krate: &'g str,
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'g str>,
        done: &mut BTreeSet<&'g str>,
    ) -> Option<Vec<&'g str>> {
        if let Some(start) = path.iter().position(|c| *c == krate) {
            let mut cycle = path[start..].to_vec();
            cycle.push(krate);
            return Some(cycle);
        }
        if !done.insert(krate) {
            return None;
        }
        path.push(krate);
        for dep in &graph[krate] {
            if let Some(cycle) = visit(dep, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for krate in graph.keys() {
        if let Some(cycle) = visit(krate, &graph, &mut Vec::new(), &mut done) {
            panic!("dependency cycle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn readme_lists_every_crate() {
    let graph = workspace_graph(&metadata(false));
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("reading README.md");
    // Lines of the repository layout: `  aiguillage-xxx/   what it does`.
    let listed: BTreeSet<String> = readme
        .lines()
        .filter_map(|line| line.strip_prefix("  "))
        .filter_map(|line| line.split_once('/'))
        .map(|(name, _)| name)
        .filter(|name| name.starts_with("aiguillage") && !name.contains(' '))
        .map(str::to_owned)
        .collect();
    let crates: BTreeSet<String> = graph.into_keys().collect();
    assert_eq!(
        listed, crates,
        "the README's repository layout must list exactly the workspace's crates"
    );
}

#[test]
fn rust_version_is_the_real_minimum() {
    let metadata = metadata(true);
    // "1.88" and "1.88.0" are the same version.
    let parse = |v: &str| -> Vec<u32> {
        let mut parts: Vec<u32> = v.split('.').map(|n| n.parse().expect("version number")).collect();
        parts.resize(3, 0);
        parts
    };
    let packages = metadata["packages"].as_array().expect("packages");
    let members: BTreeSet<&str> = metadata["workspace_members"]
        .as_array()
        .expect("workspace_members")
        .iter()
        .map(|m| m.as_str().expect("member id"))
        .collect();
    let mut declared = BTreeSet::new();
    let mut needed: Option<(Vec<u32>, String)> = None;
    for package in packages {
        let Some(version) = package["rust_version"].as_str() else {
            continue;
        };
        let name = package["name"].as_str().expect("name");
        if members.contains(package["id"].as_str().expect("id")) {
            declared.insert(version.to_owned());
        } else if needed.as_ref().is_none_or(|(v, _)| parse(version) > *v) {
            needed = Some((parse(version), format!("{name} needs {version}")));
        }
    }
    assert_eq!(
        declared.len(),
        1,
        "every crate takes the workspace's rust-version: {declared:?}"
    );
    let declared = parse(declared.first().expect("one rust-version"));
    if let Some((needed, which)) = needed {
        assert!(
            declared >= needed,
            "the workspace's rust-version is below what a dependency needs ({which})"
        );
    }
}
