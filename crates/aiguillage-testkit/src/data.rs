//! Where the tests' data lies.

use std::path::{Path, PathBuf};

/// The workspace's root folder.
pub fn repo() -> PathBuf {
    // This crate is crates/aiguillage-testkit of the workspace.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file of the hand-made test inputs, `tests/fixtures/` of the repository.
pub fn fixture(relative: &str) -> PathBuf {
    repo().join("tests/fixtures").join(relative)
}

/// A file or folder of the reference data, `../shared/data` beside the repository, or `None`
/// (with a message saying the test is skipped) when it is absent, as in a user's fresh clone.
///
/// # Panics
///
/// When it is absent and the `CI` environment variable is set: CI checks the repository out
/// beside the reference data, so a skipped test there would hide a failure.
pub fn shared_data(relative: &str) -> Option<PathBuf> {
    let path = repo().join("../shared/data").join(relative);
    if path.exists() {
        Some(path)
    } else if std::env::var_os("CI").is_some() {
        panic!(
            "{} is absent, and CI is set: the reference data must be beside the checkout",
            path.display()
        );
    } else {
        eprintln!(
            "SKIPPED: {} is absent (../shared/data is only beside CI checkouts)",
            path.display()
        );
        None
    }
}
