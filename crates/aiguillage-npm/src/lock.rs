//! What `web/package-lock.json` locks, and whether `node_modules` holds it.

use std::fs;
use std::path::Path;

use serde_json::Value;

/// One installed package of the lock file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LockedPackage {
    /// Its folder relative to `web/`, as keyed in the lock: `node_modules/leaflet`, or
    /// `node_modules/a/node_modules/b` for a nested copy.
    pub(crate) path: String,
    /// The locked version; `None` for a link (a workspace folder), which has none.
    pub(crate) version: Option<String>,
    /// npm skips an optional package that does not fit the platform (`os`, `cpu`), so its
    /// absence is no reason to reinstall.
    pub(crate) optional: bool,
}

/// The packages of `lock` (a `package-lock.json` of lockfileVersion 2 or later): its
/// `packages` entries under `node_modules/`. The root entry (`""`) is the project itself.
pub(crate) fn locked_packages(lock: &Path) -> Result<Vec<LockedPackage>, String> {
    let text = fs::read_to_string(lock).map_err(|e| format!("cannot read {} ({e})", lock.display()))?;
    let json: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", lock.display()))?;
    let packages = json.get("packages").and_then(Value::as_object).ok_or_else(|| {
        format!(
            "{} has no `packages` (it needs lockfileVersion 2 or later: run `npm install` in its folder)",
            lock.display()
        )
    })?;
    let mut locked = Vec::new();
    for (key, entry) in packages {
        if !key.starts_with("node_modules/") {
            continue;
        }
        let flag = |name: &str| entry.get(name).and_then(Value::as_bool) == Some(true);
        let version = match entry.get("version") {
            Some(Value::String(v)) => Some(v.clone()),
            None if flag("link") => None,
            _ => return Err(format!("{}: {key} has no version", lock.display())),
        };
        locked.push(LockedPackage {
            path: key.clone(),
            version,
            optional: flag("optional"),
        });
    }
    Ok(locked)
}

/// What is wrong with the packages installed under `web`, one line each; empty when every
/// locked package is there at its locked version.
pub(crate) fn problems(web: &Path, locked: &[LockedPackage]) -> Vec<String> {
    let mut problems = Vec::new();
    for package in locked {
        let dir = web.join(&package.path);
        let installed = installed_version(&dir.join("package.json"));
        match (&package.version, installed) {
            (None, _) if dir.exists() => {}
            (_, None) if package.optional => {}
            (_, None) => problems.push(format!("{} is missing", package.path)),
            (Some(want), Some(have)) if *want != have => {
                problems.push(format!("{} is at {have}, not {want}", package.path));
            }
            _ => {}
        }
    }
    problems
}

/// The `version` of a `package.json`, if it can be read.
fn installed_version(package_json: &Path) -> Option<String> {
    let text = fs::read_to_string(package_json).ok()?;
    let json: Value = serde_json::from_str(&text).ok()?;
    json.get("version")?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"{
      "name": "web", "lockfileVersion": 3, "requires": true,
      "packages": {
        "": { "name": "web", "dependencies": { "leaflet": "1.9.4" } },
        "node_modules/leaflet": { "version": "1.9.4" },
        "node_modules/@scope/pkg": { "version": "2.0.0", "dev": true },
        "node_modules/a/node_modules/b": { "version": "0.1.0" },
        "node_modules/fsevents": { "version": "2.3.3", "optional": true, "os": ["darwin"] },
        "node_modules/local": { "resolved": "packages/local", "link": true },
        "packages/local": { "version": "0.0.1" }
      }
    }"#;

    fn install(web: &Path, path: &str, version: &str) {
        let dir = web.join(path);
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("package.json"),
            format!(r#"{{"name": "x", "version": "{version}"}}"#),
        )
        .unwrap();
    }

    fn web() -> (tempfile::TempDir, Vec<LockedPackage>) {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("package-lock.json"), LOCK).unwrap();
        let locked = locked_packages(&dir.path().join("package-lock.json")).unwrap();
        (dir, locked)
    }

    #[test]
    fn reads_the_packages_under_node_modules() {
        let (_dir, locked) = web();
        let paths: Vec<&str> = locked.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "node_modules/leaflet",
                "node_modules/@scope/pkg",
                "node_modules/a/node_modules/b",
                "node_modules/fsevents",
                "node_modules/local"
            ]
        );
        assert_eq!(locked[0].version.as_deref(), Some("1.9.4"));
        assert!(locked[3].optional && !locked[0].optional);
        assert_eq!(locked[4].version, None);
    }

    #[test]
    fn all_installed_is_no_problem() {
        let (dir, locked) = web();
        install(dir.path(), "node_modules/leaflet", "1.9.4");
        install(dir.path(), "node_modules/@scope/pkg", "2.0.0");
        install(dir.path(), "node_modules/a/node_modules/b", "0.1.0");
        fs::create_dir_all(dir.path().join("node_modules/local")).unwrap();
        assert_eq!(problems(dir.path(), &locked), Vec::<String>::new());
        // An optional package that is installed must be at its version, too.
        install(dir.path(), "node_modules/fsevents", "2.3.2");
        assert_eq!(
            problems(dir.path(), &locked),
            ["node_modules/fsevents is at 2.3.2, not 2.3.3"]
        );
    }

    #[test]
    fn missing_and_other_versions_are_problems() {
        let (dir, locked) = web();
        assert_eq!(problems(dir.path(), &locked).len(), 4);
        install(dir.path(), "node_modules/leaflet", "1.9.3");
        install(dir.path(), "node_modules/@scope/pkg", "2.0.0");
        fs::create_dir_all(dir.path().join("node_modules/local")).unwrap();
        // A package.json that cannot be read counts as missing.
        fs::create_dir_all(dir.path().join("node_modules/a/node_modules/b")).unwrap();
        fs::write(dir.path().join("node_modules/a/node_modules/b/package.json"), "{").unwrap();
        assert_eq!(
            problems(dir.path(), &locked),
            [
                "node_modules/leaflet is at 1.9.3, not 1.9.4",
                "node_modules/a/node_modules/b is missing"
            ]
        );
    }

    #[test]
    fn bad_lock_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("package-lock.json");
        assert!(locked_packages(&lock).unwrap_err().starts_with("cannot read"));
        fs::write(&lock, r#"{"lockfileVersion": 1, "dependencies": {}}"#).unwrap();
        assert!(locked_packages(&lock).unwrap_err().contains("lockfileVersion 2"));
        fs::write(&lock, r#"{"packages": {"node_modules/x": {}}}"#).unwrap();
        assert!(locked_packages(&lock)
            .unwrap_err()
            .contains("node_modules/x has no version"));
        fs::write(&lock, "not json").unwrap();
        assert!(locked_packages(&lock).is_err());
    }
}
