//! One msgen at a time per service: an advisory lock taken before a command reads
//! the service and held until it has written. Commands that change a service take
//! it exclusively; `check` and previews share it, so they never see a change half
//! renamed into place.
//!
//! The lock file lives in the temporary folder, named after a hash of the service's
//! canonical path, so the service itself gains no file: git, `check` and the
//! template's `.gitignore` never see it. The operating system releases the lock
//! when the process ends, however it ends.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::Context as _;

use crate::error::UserError;
use crate::manifest;

/// Says that a run waits for another one; set once by the entry point, which owns the
/// output (this module is below the printer, so it cannot call it). Unset: silent.
static WAITING_NOTE: OnceLock<fn(&Path)> = OnceLock::new();

/// Sets what a run prints while it waits for the lock.
pub(crate) fn on_wait(note: fn(&Path)) {
    let _ = WAITING_NOTE.set(note);
}

/// How a command uses the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reads only: any number at once, none while a writer holds the lock.
    Shared,
    /// Writes: alone.
    Exclusive,
}

/// Whether a command queues behind another run or gives up at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Wait (after a one-line note on stderr).
    Yes,
    /// Fail at once (`--no-wait`).
    No,
}

impl Wait {
    /// `Wait::No` for `--no-wait`.
    #[must_use]
    pub fn unless(no_wait: bool) -> Self {
        if no_wait { Self::No } else { Self::Yes }
    }
}

/// A held lock; released when dropped or when the process ends.
#[derive(Debug)]
#[must_use = "the lock is released when the guard is dropped"]
pub struct ServiceLock {
    _file: Option<File>,
}

/// How often to take the lock again when the lock file was replaced meanwhile.
const ATTEMPTS: usize = 8;

impl ServiceLock {
    /// Locks the service at `root` (an existing folder).
    ///
    /// # Errors
    /// A failure when another run holds the lock and `wait` is [`Wait::No`], or when
    /// the lock file cannot be opened.
    pub fn acquire(root: &Path, access: Access, wait: Wait) -> anyhow::Result<Self> {
        let path = lock_path(root)?;
        let mut noted = false;
        for _ in 0..ATTEMPTS {
            let file = match open(&path) {
                Ok(file) => file,
                // A reader on a machine without a writable temporary folder (a locked-down
                // CI image) still reads: at worst it sees a change half made.
                Err(_) if access == Access::Shared => return Ok(Self { _file: None }),
                Err(error) => return Err(error),
            };
            match try_lock(&file, access) {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if wait == Wait::No {
                        return Err(UserError::failure(format!(
                            "another msgen run is working on `{}`",
                            root.display()
                        ))
                        .hint("wait for it to finish, or run again without --no-wait")
                        .into());
                    }
                    if !noted {
                        if let Some(note) = WAITING_NOTE.get() {
                            note(root);
                        }
                        noted = true;
                    }
                    lock(&file, access)
                        .with_context(|| format!("while locking `{}`", path.display()))?;
                }
                Err(TryLockError::Error(error)) => {
                    return Err(error)
                        .with_context(|| format!("while locking `{}`", path.display()));
                }
            }
            if still_named(&file, &path) {
                return Ok(Self { _file: Some(file) });
            }
        }
        Err(UserError::failure(format!(
            "could not lock `{}`: its lock file `{}` keeps being replaced",
            root.display(),
            path.display()
        ))
        .hint("stop whatever removes files from the temporary folder, then run again")
        .into())
    }
}

/// `<temp>/msgen-<hash of the canonical service path>.lock`.
fn lock_path(root: &Path) -> anyhow::Result<PathBuf> {
    let canonical = root
        .canonicalize()
        .with_context(|| format!("while resolving `{}`", root.display()))?;
    let digest = manifest::hash(canonical.as_os_str().as_encoded_bytes());
    let short = digest.trim_start_matches("sha256:").get(..24).unwrap_or("");
    Ok(std::env::temp_dir().join(format!("msgen-{short}.lock")))
}

/// Opens (creating) the lock file; read-only when it belongs to another user, which
/// still locks.
fn open(path: &Path) -> anyhow::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .or_else(|_| File::open(path))
        .map_err(|error| {
            UserError::failure(format!(
                "cannot open the lock file `{}`: {error}",
                path.display()
            ))
            .hint("set TMPDIR to a writable folder")
            .into()
        })
}

fn try_lock(file: &File, access: Access) -> Result<(), TryLockError> {
    match access {
        Access::Shared => file.try_lock_shared(),
        Access::Exclusive => file.try_lock(),
    }
}

fn lock(file: &File, access: Access) -> std::io::Result<()> {
    match access {
        Access::Shared => file.lock_shared(),
        Access::Exclusive => file.lock(),
    }
}

/// Whether `path` still names the locked file: a lock on a file that was deleted
/// (a temp-folder cleaner) or replaced meanwhile protects nothing.
#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_named(_file: &File, path: &Path) -> bool {
    // Elsewhere an open file cannot be deleted or replaced.
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusive_excludes_and_shared_shares() {
        let dir = tempfile::tempdir().unwrap();
        let held = ServiceLock::acquire(dir.path(), Access::Exclusive, Wait::No).unwrap();
        let error = ServiceLock::acquire(dir.path(), Access::Shared, Wait::No).unwrap_err();
        assert!(error.to_string().contains("another msgen run"));
        drop(held);
        let first = ServiceLock::acquire(dir.path(), Access::Shared, Wait::No).unwrap();
        let second = ServiceLock::acquire(dir.path(), Access::Shared, Wait::No).unwrap();
        assert!(ServiceLock::acquire(dir.path(), Access::Exclusive, Wait::No).is_err());
        drop((first, second));
        let _held = ServiceLock::acquire(dir.path(), Access::Exclusive, Wait::No).unwrap();
    }

    #[test]
    fn one_path_names_one_lock() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        let direct = lock_path(&dir.path().join("a")).unwrap();
        let roundabout = lock_path(&dir.path().join("a/../a")).unwrap();
        assert_eq!(direct, roundabout);
        assert_ne!(direct, lock_path(dir.path()).unwrap());
    }
}
