//! `msgen diff`: compare two versions of a contract and say whether the new one breaks
//! the clients of the old one.

use std::path::PathBuf;

use msgen_openapi::diff::{self, Change, Verdict};
use serde::Serialize;

use super::diff_source::Source;
use crate::error::UserError;

/// What `msgen diff` takes.
#[derive(Debug, Clone, Default)]
pub(crate) struct DiffOptions {
    /// The old side: a file, a service folder, `REV` or `REV:PATH`.
    pub old: Option<String>,
    /// The new side, spelled like `old`.
    pub new: Option<String>,
    /// Compare the service's contract with this revision of it (`REV` or `REV:PATH`).
    pub against: Option<String>,
    /// The service folder for `--against` and bare revisions.
    pub dir: Option<PathBuf>,
}

/// The result of a comparison.
#[derive(Debug, Serialize)]
pub(crate) struct DiffOutcome {
    /// Where the old contract came from.
    pub old: String,
    /// Where the new contract came from.
    pub new: String,
    /// `info.version` of the old contract.
    pub old_version: Option<String>,
    /// `info.version` of the new contract.
    pub new_version: Option<String>,
    /// Every change, ordered by pointer.
    pub changes: Vec<Change>,
    /// How many changes break existing clients.
    pub breaking: usize,
    /// How many do not.
    pub compatible: usize,
    /// Whether `info.version`'s major number went up, which accepts breaking changes.
    pub major_bump: bool,
    /// Whether the result should fail CI: breaking changes without a major bump.
    pub blocks: bool,
    /// With `--against REV`: the revision exists but holds no contract there, so the
    /// contract (the service) is new since then and nothing can break.
    pub old_absent: bool,
}

/// Runs `msgen diff`.
///
/// # Errors
/// Usage errors (exit 2) for a side that cannot be read or is not a contract.
pub(crate) fn run(options: &DiffOptions) -> anyhow::Result<DiffOutcome> {
    let dir = options.dir.as_deref();
    let (old, new) = match (&options.against, &options.old, &options.new) {
        (Some(revision), None, None) => (
            Source::revision_of_service(revision, dir)?,
            Source::current_service(dir),
        ),
        (None, Some(old), Some(new)) => (Source::parse(old, dir)?, Source::parse(new, dir)?),
        _ => {
            return Err(UserError::usage("give OLD and NEW, or `--against REV` alone")
                .hint("e.g. `msgen diff old.yaml openapi.yaml` or `msgen diff --against origin/main`")
                .into());
        }
    };
    if options.against.is_some()
        && let Some(old_label) = old.absent_at_revision()
    {
        let (new_label, _) = new.read()?;
        return Ok(DiffOutcome::new_contract(old_label, new_label));
    }
    // Reading is most of the work on large contracts; the two sides are independent.
    let (old_read, new_read) = std::thread::scope(|scope| {
        let old_job = scope.spawn(|| old.read());
        let new_read = new.read();
        let old_read = old_job
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (old_read, new_read)
    });
    let (old_label, old_tree) = old_read?;
    let (new_label, new_tree) = new_read?;
    let found = diff::diff(&old_tree, &new_tree);
    let breaking = found.breaking();
    Ok(DiffOutcome {
        old: old_label,
        new: new_label,
        breaking,
        compatible: found
            .changes
            .iter()
            .filter(|change| change.verdict == Verdict::Compatible)
            .count(),
        major_bump: found.major_bump(),
        blocks: found.blocks(),
        old_version: found.old_version,
        new_version: found.new_version,
        changes: found.changes,
        old_absent: false,
    })
}

impl DiffOutcome {
    /// A contract with no earlier version at `old`: no changes, nothing breaks.
    fn new_contract(old: String, new: String) -> Self {
        Self {
            old,
            new,
            old_version: None,
            new_version: None,
            changes: Vec::new(),
            breaking: 0,
            compatible: 0,
            major_bump: false,
            blocks: false,
            old_absent: true,
        }
    }
}

/// The error that fails the run when the new contract breaks clients unannounced.
#[must_use]
pub(crate) fn blocked(outcome: &DiffOutcome) -> UserError {
    let version = outcome.new_version.as_deref().unwrap_or("(none)");
    UserError::failure(format!(
        "{} breaking change(s), and info.version `{version}` keeps the old major number",
        outcome.breaking
    ))
    .hint("keep the old behaviour beside the new one, or raise the major number of info.version to announce the break")
}
