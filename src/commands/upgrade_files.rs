//! What `msgen upgrade` does with each file: the base (the old version rendered with
//! the recorded answers), the new version and the file on disk decide it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::manifest;
use crate::merge::{self, Merged};
use crate::plan::{Owner, PlannedFile};

/// One version's rendering of a service: path → (contents, owner).
pub(crate) type Rendering = BTreeMap<String, (Vec<u8>, Owner)>;

/// A file the upgrade could not finish by itself.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Listed {
    /// Path in the service.
    pub path: String,
    /// Why it is listed, and what to do.
    pub reason: String,
    /// 1-based lines where conflict blocks start (empty for kept files).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<usize>,
}

/// Every file's fate.
#[derive(Debug, Default)]
pub(crate) struct Decisions {
    /// The files to write, replace, remove or keep.
    pub files: Vec<PlannedFile>,
    /// Files written with conflict markers (or with the team's edits in a file msgen now owns).
    pub conflicts: Vec<Listed>,
    /// Files the new version dropped but the team changed: kept.
    pub kept: Vec<Listed>,
    /// Files merged cleanly with the team's changes.
    pub merged: Vec<String>,
}

/// What the upgrade reads about the service besides the two renderings.
pub(crate) struct Inputs<'a> {
    /// The file on disk, by path (`None`: missing).
    pub disk: &'a dyn Fn(&str) -> Option<Vec<u8>>,
    /// `msgen.toml`'s hashes of the files msgen owned.
    pub owned_hashes: &'a BTreeMap<String, String>,
    /// How conflict markers name the new version, e.g. `rust-axum 0.2.0`.
    pub label: &'a str,
}

/// Decides every file either version renders.
#[must_use]
pub(crate) fn decide(base: &Rendering, target: &Rendering, inputs: &Inputs<'_>) -> Decisions {
    let mut out = Decisions::default();
    let paths: BTreeSet<&String> = base.keys().chain(target.keys()).collect();
    for path in paths {
        let disk = (inputs.disk)(path);
        match (base.get(path), target.get(path), disk) {
            (_, _, None)
                if base.contains_key(path)
                    && target
                        .get(path)
                        .is_some_and(|(_, owner)| *owner == Owner::User) =>
            {
                // The team removed a file of theirs: it stays removed.
            }
            (_, Some((new, owner)), None) => {
                out.files
                    .push(PlannedFile::create(path.clone(), new.clone(), *owner));
            }
            (Some(_), None, None) | (None, None, _) => {}
            (Some((old, old_owner)), None, Some(disk)) => {
                dropped(&mut out, path, old, *old_owner, disk, inputs);
            }
            (old, Some((new, owner)), Some(disk)) => {
                let old = old.map(|(bytes, owner)| (bytes.as_slice(), *owner));
                kept_by_both(&mut out, path, old, (new, *owner), disk, inputs);
            }
        }
    }
    out
}

/// A file the new version no longer has: removed when the team never changed it.
fn dropped(
    out: &mut Decisions,
    path: &str,
    old: &[u8],
    owner: Owner,
    disk: Vec<u8>,
    inputs: &Inputs<'_>,
) {
    let untouched = disk == old
        || inputs
            .owned_hashes
            .get(path)
            .is_some_and(|hash| *hash == manifest::hash(&disk));
    if untouched {
        out.files.push(PlannedFile::delete(path, disk, owner));
    } else {
        out.kept.push(Listed {
            path: path.to_owned(),
            reason: "the new version no longer has this file; kept because it holds your changes (delete it when they are no longer needed)".into(),
            lines: Vec::new(),
        });
    }
}

/// A file the new version has and the service holds.
fn kept_by_both(
    out: &mut Decisions,
    path: &str,
    old: Option<(&[u8], Owner)>,
    (new, owner): (&Vec<u8>, Owner),
    disk: Vec<u8>,
    inputs: &Inputs<'_>,
) {
    let was_owned = old.is_some_and(|(_, owner)| owner == Owner::Msgen)
        || inputs.owned_hashes.contains_key(path);
    let untouched = old.is_some_and(|(bytes, _)| bytes == disk.as_slice())
        || inputs
            .owned_hashes
            .get(path)
            .is_some_and(|hash| *hash == manifest::hash(&disk));
    let unchanged_by_template =
        old.is_some_and(|(bytes, old_owner)| bytes == new.as_slice() && old_owner == owner);
    if unchanged_by_template && owner == Owner::User {
        out.files
            .push(PlannedFile::replace(path, disk.clone(), disk, owner));
        return;
    }
    if untouched || disk == *new || (owner == Owner::Msgen && was_owned) {
        out.files
            .push(PlannedFile::replace(path, disk, new.clone(), owner));
        return;
    }
    let Some((base, _)) = old else {
        // Nothing to merge from: the team made this file before the template had it (a
        // `Cargo.lock` cargo wrote, say). Theirs stays; markers around the whole file
        // would only break it.
        out.kept.push(Listed {
            path: path.to_owned(),
            reason: format!(
                "{} adds this file and you have your own: yours is kept; compare it with the template's",
                inputs.label
            ),
            lines: Vec::new(),
        });
        return;
    };
    let merged = merge::three_way(base, &disk, new, inputs.label);
    let (contents, clean) = match merged {
        Merged::Clean(contents) => (contents, true),
        Merged::Conflicts(contents) => (contents, false),
    };
    let lines = merge::conflict_lines(&contents);
    if owner == Owner::Msgen {
        // A team file that msgen owns from this version on: its changes are kept in the
        // file, but they belong in a team file, and `msgen check` says so until then.
        out.conflicts.push(Listed {
            path: path.to_owned(),
            reason: format!(
                "msgen owns this file from {} on; your changes are {} here: move them into a team file (src/layers.rs for middleware), then run `msgen sync --force`",
                inputs.label,
                if clean { "merged" } else { "marked" }
            ),
            lines,
        });
    } else if !clean {
        out.conflicts.push(Listed {
            path: path.to_owned(),
            reason: "you and the new version changed the same lines: resolve the marked blocks"
                .into(),
            lines,
        });
    } else {
        out.merged.push(path.to_owned());
    }
    out.files
        .push(PlannedFile::replace(path, disk, contents, owner));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Action;

    fn rendering(files: &[(&str, &str, Owner)]) -> Rendering {
        files
            .iter()
            .map(|(path, text, owner)| ((*path).to_owned(), (text.as_bytes().to_vec(), *owner)))
            .collect()
    }

    #[test]
    fn each_kind_of_file_gets_its_fate() {
        let base = rendering(&[
            ("same.rs", "a\n", Owner::User),
            ("edited.rs", "a\nb\nc\nd\n", Owner::User),
            ("clash.rs", "a\nb\n", Owner::User),
            ("gone.rs", "x\n", Owner::User),
            ("gone-edited.rs", "x\n", Owner::User),
            ("owned.rs", "o\n", Owner::Msgen),
            ("deleted-by-team.rs", "d\n", Owner::User),
        ]);
        let target = rendering(&[
            ("same.rs", "a2\n", Owner::User),
            ("edited.rs", "a\nb\nc\nD\n", Owner::User),
            ("clash.rs", "a\nB\n", Owner::User),
            ("owned.rs", "o2\n", Owner::Msgen),
            ("added.rs", "n\n", Owner::User),
            ("deleted-by-team.rs", "d2\n", Owner::User),
            ("Cargo.lock", "template's\n", Owner::User),
        ]);
        let disk: BTreeMap<&str, &str> = [
            ("same.rs", "a\n"),
            ("edited.rs", "A\nb\nc\nd\n"),
            ("clash.rs", "a\nteam\n"),
            ("gone.rs", "x\n"),
            ("gone-edited.rs", "x\nmine\n"),
            ("owned.rs", "o\n"),
            ("Cargo.lock", "cargo's\n"),
        ]
        .into();
        let read = |path: &str| disk.get(path).map(|text| text.as_bytes().to_vec());
        let owned = [("owned.rs".to_owned(), manifest::hash(b"o\n"))].into();
        let decided = decide(
            &base,
            &target,
            &Inputs {
                disk: &read,
                owned_hashes: &owned,
                label: "t 2",
            },
        );
        let fate: BTreeMap<&str, (Action, String)> = decided
            .files
            .iter()
            .map(|file| {
                let text = String::from_utf8_lossy(&file.contents).into_owned();
                (file.path.as_str(), (file.action, text))
            })
            .collect();
        assert_eq!(fate["same.rs"], (Action::Update, "a2\n".into()));
        assert_eq!(fate["edited.rs"], (Action::Update, "A\nb\nc\nD\n".into()));
        assert!(
            fate["clash.rs"]
                .1
                .contains("<<<<<<< yours\nteam\n=======\nB\n>>>>>>> t 2\n")
        );
        assert_eq!(fate["gone.rs"].0, Action::Delete);
        assert!(!fate.contains_key("gone-edited.rs"));
        assert_eq!(fate["owned.rs"], (Action::Update, "o2\n".into()));
        assert_eq!(fate["added.rs"], (Action::Create, "n\n".into()));
        assert!(!fate.contains_key("deleted-by-team.rs"));
        assert_eq!(decided.merged, ["edited.rs"]);
        assert_eq!(decided.conflicts.len(), 1);
        assert_eq!(decided.conflicts[0].path, "clash.rs");
        let kept: Vec<&str> = decided
            .kept
            .iter()
            .map(|listed| listed.path.as_str())
            .collect();
        assert_eq!(kept, ["Cargo.lock", "gone-edited.rs"]);
        assert!(!fate.contains_key("Cargo.lock"));
    }

    #[test]
    fn a_team_file_msgen_now_owns_keeps_the_team_changes_and_is_listed() {
        let base = rendering(&[("src/server.rs", "a\nb\nc\n", Owner::User)]);
        let target = rendering(&[("src/server.rs", "a\nb\nC\n", Owner::Msgen)]);
        let read = |_: &str| Some(b"A\nb\nc\n".to_vec());
        let decided = decide(
            &base,
            &target,
            &Inputs {
                disk: &read,
                owned_hashes: &BTreeMap::new(),
                label: "t 2",
            },
        );
        assert_eq!(decided.files[0].contents, b"A\nb\nC\n");
        assert!(decided.conflicts[0].reason.contains("msgen owns this file"));
    }
}
