//! The exclusive lock that lets one build script at a time check and install packages.

use std::fs::{File, TryLockError};
use std::io::ErrorKind;
use std::path::Path;

/// Holds the lock until dropped (closing the file releases it).
pub(crate) struct Guard {
    _file: File,
}

/// Opens (creating it if needed) and locks `path`, waiting for another holder to finish.
///
/// On a file system without locks, it goes on unlocked with a warning: a clash between two
/// build scripts is unlikely, and failing the build there would help nobody.
pub(crate) fn lock(path: &Path) -> Result<Guard, String> {
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| format!("cannot open the lock file {} ({e})", path.display()))?;
    match file.try_lock() {
        Ok(()) => return Ok(Guard { _file: file }),
        Err(TryLockError::WouldBlock) => {
            // Seen in the build log when `cargo build -vv` shows why a build script waited.
            println!("aiguillage-npm: waiting for another build script to install npm packages");
        }
        Err(TryLockError::Error(e)) => return unlocked(file, path, &e),
    }
    match file.lock() {
        Ok(()) => Ok(Guard { _file: file }),
        Err(e) => unlocked(file, path, &e),
    }
}

fn unlocked(file: File, path: &Path, error: &std::io::Error) -> Result<Guard, String> {
    if error.kind() == ErrorKind::Unsupported {
        println!(
            "cargo:warning=cannot lock {} ({error}); installing npm packages without a lock",
            path.display()
        );
        return Ok(Guard { _file: file });
    }
    Err(format!("cannot lock {} ({error})", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.lock");
        let first = lock(&path).unwrap();
        let other = File::options().write(true).open(&path).unwrap();
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        drop(first);
        other.try_lock().unwrap();
    }
}
