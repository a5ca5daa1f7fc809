//! The only module that writes to disk. A new service is written into a
//! staging folder beside the target and renamed into place in one step;
//! changes to an existing service are all staged as synced temp files, then
//! renamed into place (and removals done), with the originals kept in memory to roll back on any
//! error or interrupt. Either way the user sees the old state or the new one.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::error::UserError;
use crate::interrupt;
use crate::manifest;
use crate::plan::{Action, Owner, Plan, PlannedFile};

const STAGING_PREFIX: &str = ".msgen-staging-";

/// Writes a brand-new service: create the folders above it that are missing,
/// stage everything, then one rename onto a target that is absent or an empty folder.
///
/// # Errors
/// Any I/O error or interrupt; the target is then as it was, the staging
/// folder is gone, and so are the folders above it that were created.
pub(crate) fn create_tree(plan: &Plan) -> anyhow::Result<()> {
    let _critical = interrupt::Critical::enter();
    let mut journal = Journal::default();
    journal.create_dirs(&parent_of(&plan.root))?;
    let outcome = stage_and_rename(plan);
    if outcome.is_err() {
        journal.roll_back();
    }
    outcome
}

fn stage_and_rename(plan: &Plan) -> anyhow::Result<()> {
    let target = &plan.root;
    let parent = parent_of(target);
    remove_stale_staging(&parent);
    let staging = tempfile::Builder::new()
        .prefix(&format!("{STAGING_PREFIX}{}-", std::process::id()))
        .tempdir_in(&parent)
        .with_context(|| format!("while creating a staging folder in `{}`", parent.display()))?;
    set_dir_mode(staging.path())?;
    for (index, file) in plan.writes().enumerate() {
        fault::maybe_pause(index);
        interrupt::check()?;
        fault::maybe_fail(index)?;
        let path = staging.path().join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)
                .with_context(|| format!("while creating `{}`", dir.display()))?;
        }
        // No fsync per file: the rename below is what makes the tree appear
        // whole or not at all, against errors and signals alike.
        fs::write(&path, &file.contents)
            .with_context(|| format!("while writing `{}`", file.path))?;
    }
    interrupt::check()?;
    fs::rename(staging.path(), target).map_err(|error| {
        anyhow::Error::from(
            UserError::failure(format!(
                "could not move the new service into `{}`: {error}",
                target.display()
            ))
            .hint("the folder was created or filled by someone else meanwhile; choose another --output"),
        )
    })?;
    // The folder now lives at `target`; the staging guard must not remove it.
    let _ = staging.keep();
    sync_dir(&parent);
    Ok(())
}

/// Writes the plan's creates, updates and removals into an existing service,
/// all or nothing: on error every touched file is restored.
///
/// # Errors
/// A failure when a file changed on disk since planning, any I/O error, or an
/// interrupt; every file is then as it was.
pub(crate) fn write_files(plan: &Plan) -> anyhow::Result<()> {
    let _critical = interrupt::Critical::enter();
    let mut journal = Journal::default();
    let outcome = write_all(plan, &mut journal);
    if outcome.is_err() {
        journal.roll_back();
    }
    outcome
}

fn write_all(plan: &Plan, journal: &mut Journal) -> anyhow::Result<()> {
    // Stage every file first (checked, written and fsynced beside its target), so the
    // renames that follow leave the shortest possible window with a mixed tree.
    let mut staged = Vec::new();
    for file in plan.writes() {
        interrupt::check()?;
        let path = plan.root.join(&file.path);
        let current = fs::read(&path).ok();
        if current != file.old {
            return Err(UserError::failure(format!(
                "`{}` changed on disk while msgen was working; nothing was written",
                file.path
            ))
            .hint("run the command again")
            .into());
        }
        let durable = must_survive_power_loss(file);
        if file.action == Action::Delete {
            staged.push((file, path, None, durable));
            continue;
        }
        if let Some(dir) = path.parent() {
            journal.create_dirs(dir)?;
        }
        let temp = stage(&path, &file.contents, durable)
            .with_context(|| format!("while writing `{}`", file.path))?;
        staged.push((file, path, Some(temp), durable));
    }
    let mut dirs: Vec<PathBuf> = Vec::new();
    for (index, (file, path, temp, durable)) in staged.into_iter().enumerate() {
        fault::maybe_pause(index);
        interrupt::check()?;
        fault::maybe_fail(index)?;
        if let Some(temp) = temp {
            temp.persist(&path)
                .map_err(|error| anyhow::Error::from(error.error))
                .with_context(|| format!("while writing `{}`", file.path))?;
        } else {
            fs::remove_file(&path).with_context(|| format!("while removing `{}`", file.path))?;
        }
        journal.files.push((path.clone(), file.old.clone()));
        let dir = parent_of(&path);
        if durable && !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    // One fsync per folder makes all its durable renames durable.
    for dir in &dirs {
        sync_dir(dir);
    }
    interrupt::check()?;
    Ok(())
}

/// What `write_files` did so far, to undo it.
#[derive(Default)]
struct Journal {
    files: Vec<(PathBuf, Option<Vec<u8>>)>,
    dirs: Vec<PathBuf>,
}

impl Journal {
    fn create_dirs(&mut self, dir: &Path) -> anyhow::Result<()> {
        let mut missing = Vec::new();
        let mut cursor = Some(dir);
        while let Some(path) = cursor {
            // `a/b` relative to the working folder ends in ``, which is there.
            if path.as_os_str().is_empty() || path.exists() {
                break;
            }
            missing.push(path.to_path_buf());
            cursor = path.parent();
        }
        for path in missing.into_iter().rev() {
            fs::create_dir(&path)
                .with_context(|| format!("while creating `{}`", path.display()))?;
            self.dirs.push(path);
        }
        Ok(())
    }

    fn roll_back(self) {
        for (path, old) in self.files.into_iter().rev() {
            let _ = match old {
                Some(bytes) => write_atomic(&path, &bytes),
                None => fs::remove_file(&path).map_err(anyhow::Error::from),
            };
        }
        for dir in self.dirs.into_iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

/// Whether a power cut right after the write may cost something msgen cannot make
/// again: content the team wrote (an existing user-owned file, such as the contract) or
/// `msgen.toml` (answers and hashes). Owned files and new handler stubs and tests derive
/// from the contract, and `msgen sync` remakes them, so they skip the fsyncs (most of
/// the time an `add-endpoint` takes). Against crashes and signals every file is safe
/// either way: it is renamed into place whole.
fn must_survive_power_loss(file: &PlannedFile) -> bool {
    (file.owner == Owner::User && file.old.is_some()) || file.path == manifest::FILE_NAME
}

/// Replaces `path` through a synced temp file in the same folder and a rename,
/// keeping an existing file's permissions.
fn write_atomic(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    stage(path, contents, true)?
        .persist(path)
        .map_err(|error| error.error)?;
    sync_dir(&parent_of(path));
    Ok(())
}

/// `contents` in a temp file beside `path` (synced when `durable`), with `path`'s
/// permissions when it exists; the temp file is removed if it is dropped instead of
/// persisted.
fn stage(path: &Path, contents: &[u8], durable: bool) -> anyhow::Result<tempfile::NamedTempFile> {
    let mut temp = tempfile::Builder::new()
        .prefix(".msgen-tmp-")
        .tempfile_in(parent_of(path))?;
    temp.write_all(contents)?;
    if durable {
        temp.as_file().sync_all()?;
    }
    let permissions = match fs::metadata(path) {
        Ok(metadata) => metadata.permissions(),
        Err(_) => default_file_permissions(temp.as_file()),
    };
    temp.as_file().set_permissions(permissions)?;
    Ok(temp)
}

#[cfg(unix)]
fn default_file_permissions(_file: &fs::File) -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt as _;
    fs::Permissions::from_mode(0o644)
}

#[cfg(not(unix))]
fn default_file_permissions(file: &fs::File) -> fs::Permissions {
    file.metadata()
        .map(|metadata| metadata.permissions())
        .unwrap_or_else(|_| fs::Permissions::from(std::fs::Permissions::from_mode(0o644)))
}

#[cfg(unix)]
fn set_dir_mode(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn set_dir_mode(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

fn sync_dir(dir: &Path) {
    // Best effort: not every platform can open a folder to fsync it.
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Removes staging folders left by msgen processes that no longer run.
fn remove_stale_staging(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name
            .to_str()
            .and_then(|name| name.strip_prefix(STAGING_PREFIX))
        else {
            continue;
        };
        let owner_alive = rest
            .split('-')
            .next()
            .and_then(|pid| pid.parse::<u32>().ok())
            .is_some_and(process_alive);
        if !owner_alive {
            #[allow(
                clippy::disallowed_methods,
                reason = "removes msgen's own stale staging only"
            )]
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        // Without /proc, keep it: a live writer's staging must survive.
        true
    }
}

/// A test-only fault injector: debug builds fail the N-th write when
/// `MSGEN_FAULT_AFTER_WRITES=N` is set, and pause two seconds before it with
/// `MSGEN_PAUSE_AT_WRITE=N` (so a test can send a signal mid-write).
mod fault {
    use crate::error::UserError;

    fn configured(variable: &str) -> Option<usize> {
        std::env::var(variable)
            .ok()
            .and_then(|value| value.parse::<usize>().ok())
    }

    pub(super) fn maybe_pause(index: usize) {
        if cfg!(debug_assertions) && configured("MSGEN_PAUSE_AT_WRITE") == Some(index) {
            std::thread::sleep(std::time::Duration::from_secs(2));
        }
    }

    pub(super) fn maybe_fail(index: usize) -> Result<(), UserError> {
        if cfg!(debug_assertions) {
            let limit = std::env::var("MSGEN_FAULT_AFTER_WRITES")
                .ok()
                .and_then(|value| value.parse::<usize>().ok());
            if limit == Some(index) {
                return Err(UserError::failure(format!(
                    "injected fault after {index} writes"
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Owner, PlannedFile};

    fn plan(root: &Path, files: Vec<PlannedFile>) -> Plan {
        Plan::new(root.to_path_buf(), files)
    }

    #[test]
    fn only_what_msgen_cannot_remake_is_fsynced() {
        let contract =
            PlannedFile::replace("openapi.yaml", b"a".to_vec(), b"b".to_vec(), Owner::User);
        let record = PlannedFile::replace("msgen.toml", b"a".to_vec(), b"b".to_vec(), Owner::Msgen);
        let owned =
            PlannedFile::replace("src/routes.rs", b"a".to_vec(), b"b".to_vec(), Owner::Msgen);
        let stub = PlannedFile::create("src/handlers/x.rs", b"b".to_vec(), Owner::User);
        assert!(must_survive_power_loss(&contract));
        assert!(must_survive_power_loss(&record));
        assert!(!must_survive_power_loss(&owned));
        assert!(!must_survive_power_loss(&stub));
    }

    #[test]
    fn creates_the_tree_and_leaves_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("svc");
        create_tree(&plan(
            &target,
            vec![PlannedFile::create("a/b.txt", b"hi".to_vec(), Owner::User)],
        ))
        .unwrap();
        assert_eq!(fs::read(target.join("a/b.txt")).unwrap(), b"hi");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn creates_missing_parents_and_removes_them_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/b/svc");
        create_tree(&plan(
            &target,
            vec![PlannedFile::create("x", b"1".to_vec(), Owner::User)],
        ))
        .unwrap();
        assert_eq!(fs::read(target.join("x")).unwrap(), b"1");
        // `x` is a file, so `x/y` cannot be written: the run fails after the parents exist.
        let target = dir.path().join("c/d/svc");
        let failing = plan(
            &target,
            vec![
                PlannedFile::create("x", b"1".to_vec(), Owner::User),
                PlannedFile::create("x/y", b"2".to_vec(), Owner::User),
            ],
        );
        assert!(create_tree(&failing).is_err());
        assert!(!dir.path().join("c").exists());
    }

    #[test]
    fn cleans_staging_left_by_a_dead_process() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(format!("{STAGING_PREFIX}999999999-abc"));
        fs::create_dir(&stale).unwrap();
        create_tree(&plan(
            &dir.path().join("svc"),
            vec![PlannedFile::create("x", vec![], Owner::User)],
        ))
        .unwrap();
        assert!(!stale.exists());
    }

    #[test]
    fn a_failure_after_a_removal_puts_the_file_back() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("gone.rs"), "team code").unwrap();
        // A non-empty folder where a file goes: the last rename fails.
        fs::create_dir_all(dir.path().join("z.txt/inside")).unwrap();
        let files = vec![
            PlannedFile::delete("gone.rs", b"team code".to_vec(), Owner::User),
            PlannedFile::create("moved.rs", b"team code".to_vec(), Owner::User),
            PlannedFile::create("z.txt", b"new".to_vec(), Owner::Msgen),
        ];
        assert!(write_files(&plan(dir.path(), files.clone())).is_err());
        assert_eq!(
            fs::read_to_string(dir.path().join("gone.rs")).unwrap(),
            "team code"
        );
        assert!(!dir.path().join("moved.rs").exists());
        fs::remove_dir(dir.path().join("z.txt/inside")).unwrap();
        fs::remove_dir(dir.path().join("z.txt")).unwrap();
        write_files(&plan(dir.path(), files)).unwrap();
        assert!(!dir.path().join("gone.rs").exists());
        assert_eq!(
            fs::read_to_string(dir.path().join("moved.rs")).unwrap(),
            "team code"
        );
    }

    #[test]
    fn refuses_a_file_changed_since_planning_and_restores_earlier_writes() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "old a").unwrap();
        fs::write(dir.path().join("b.txt"), "changed").unwrap();
        let files = vec![
            PlannedFile::replace("a.txt", b"old a".to_vec(), b"new a".to_vec(), Owner::Msgen),
            PlannedFile::create("a/new.txt", b"n".to_vec(), Owner::User),
            PlannedFile::replace("b.txt", b"old b".to_vec(), b"new b".to_vec(), Owner::Msgen),
        ];
        let error = write_files(&plan(dir.path(), files)).unwrap_err();
        assert!(error.to_string().contains("changed on disk"));
        assert_eq!(
            fs::read_to_string(dir.path().join("a.txt")).unwrap(),
            "old a"
        );
        assert!(!dir.path().join("a").exists());
        assert_eq!(
            fs::read_to_string(dir.path().join("b.txt")).unwrap(),
            "changed"
        );
    }
}
