//! Build-time helper: installs the npm packages locked in `web/package-lock.json`.
//!
//! Several build scripts read files from `web/node_modules` (INSEE tables, Leaflet). Cargo
//! runs build scripts in parallel, and two `npm ci` in one folder at once delete each other's
//! files, so every build script goes through [`install`]: it holds an exclusive file lock
//! while it checks the installed packages against the lock file and, only if one is missing
//! or at another version, runs `npm ci`. The first script installs; the others wait, then
//! find everything in place.
//!
//! ```no_run
//! // build.rs
//! let web = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web");
//! let node_modules = aiguillage_npm::install(&web).unwrap_or_else(|e| panic!("{e}"));
//! println!("cargo:rerun-if-changed={}", node_modules.join("leaflet/dist/leaflet.js").display());
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod guard;
mod lock;
mod npm;

use std::path::{Path, PathBuf};

use lock::{locked_packages, problems};

/// Name of the lock file, in `web/`: not in `node_modules`, which `npm ci` deletes while
/// another build script may be waiting on the lock.
const LOCK_FILE: &str = ".npm-install.lock";

/// Makes sure every package of `web/package-lock.json` is installed at its locked version in
/// `web/node_modules`, running `npm ci` otherwise, and returns `web/node_modules`.
///
/// Meant for build scripts: it prints `cargo:rerun-if-changed` for `web/package.json` and
/// `web/package-lock.json`. Callers print their own `rerun-if-changed` for the installed files
/// they read, so that deleting `node_modules` reruns them (and installs again).
///
/// The error is a message for the person building: what failed and how to fix it (install
/// Node.js and npm, or repair the lock file).
pub fn install(web: &Path) -> Result<PathBuf, String> {
    // A canonical path makes messages readable (callers often pass `crate/../../web`).
    let web = web
        .canonicalize()
        .map_err(|e| format!("cannot open {} ({e})", web.display()))?;
    let lock_path = web.join("package-lock.json");
    println!("cargo:rerun-if-changed={}", lock_path.display());
    println!("cargo:rerun-if-changed={}", web.join("package.json").display());
    let locked = locked_packages(&lock_path)?;

    let _guard = guard::lock(&web.join(LOCK_FILE))?;
    if !problems(&web, &locked).is_empty() {
        npm::ci(&web)?;
        let left = problems(&web, &locked);
        if !left.is_empty() {
            return Err(format!(
                "`npm ci` in {} did not install what {} locks:\n  {}",
                web.display(),
                lock_path.display(),
                left.join("\n  ")
            ));
        }
    }
    Ok(web.join("node_modules"))
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn installed_packages_need_no_npm() {
        let dir = tempfile::tempdir().unwrap();
        let web = dir.path();
        fs::write(
            web.join("package-lock.json"),
            r#"{"lockfileVersion": 3, "packages": {"": {}, "node_modules/leaflet": {"version": "1.9.4"}}}"#,
        )
        .unwrap();
        fs::create_dir_all(web.join("node_modules/leaflet")).unwrap();
        fs::write(
            web.join("node_modules/leaflet/package.json"),
            r#"{"version": "1.9.4"}"#,
        )
        .unwrap();
        let node_modules = install(web).unwrap();
        assert_eq!(node_modules, web.canonicalize().unwrap().join("node_modules"));
        assert!(web.join(LOCK_FILE).exists());
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = install(&dir.path().join("web")).unwrap_err();
        assert!(err.starts_with("cannot open"), "{err}");
    }
}
