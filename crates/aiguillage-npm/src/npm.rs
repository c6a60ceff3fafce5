//! Running `npm ci`.

use std::path::Path;
use std::process::Command;

/// What to do when npm is missing or fails.
const HELP: &str = "Node.js with npm is needed to build Aiguillage: install it (https://nodejs.org, \
    or `apt install nodejs npm`) and build again";

/// Runs `npm ci` in `web`: a clean install of exactly what the lock file says.
pub(crate) fn ci(web: &Path) -> Result<(), String> {
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    println!("aiguillage-npm: running `{npm} ci` in {}", web.display());
    let output = Command::new(npm)
        // `--include=dev`: the check covers every locked package, dev ones (browser tests)
        // too, so an `omit=dev` npm setting must not leave them out and rerun `npm ci` on
        // every build.
        .args(["ci", "--no-audit", "--no-fund", "--include=dev", "--prefix"])
        .arg(web)
        .output()
        .map_err(|e| {
            format!(
                "cannot run `{npm} ci` to install the npm packages of {} ({e}). {HELP}",
                web.display()
            )
        })?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "`{npm} ci --prefix {}` failed ({}):\n{}{}\n{HELP}; if it is installed, check the network \
         (the packages come from the npm registry) and that web/package-lock.json matches web/package.json",
        web.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    ))
}
