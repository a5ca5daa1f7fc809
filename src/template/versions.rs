//! A template at a given version, from the same source: a built-in template from the
//! versions msgen keeps, a template folder in a git work tree from its tags, a git
//! repository from its tags. `msgen upgrade` renders the old one as the merge base.

use std::path::Path;

use super::git_source::GitSource;
use super::{Origin, Template, history};
use crate::error::UserError;
use crate::git::{git_command, work_tree_root};

/// The tags that may name `version`: `VERSION` and `vVERSION`.
fn tag_names(version: &str) -> [String; 2] {
    [version.to_owned(), format!("v{version}")]
}

/// `template`'s source at `version`. `template` is the one loaded now: for a git
/// source, at the commit `msgen.toml` records, which is exact for that version.
///
/// # Errors
/// A usage error when the source holds no such version.
pub(crate) fn at_version(template: &Template, version: &str) -> anyhow::Result<Template> {
    let found = match &template.origin {
        Origin::Builtin(name) => history::builtin_at(name, version)?,
        Origin::Dir(folder) => folder_at(template, folder, version)?,
        Origin::Git { .. } if template.manifest.version == version => template.clone(),
        Origin::Git { source, .. } => git_tag(source, version)?,
    };
    if found.manifest.version != version {
        return Err(UserError::usage(format!(
            "template `{}` at the tag of version `{version}` says `version = \"{}\"`",
            template.origin.label(),
            found.manifest.version
        ))
        .hint("tag each version of the template at the commit whose template.toml has that version")
        .into());
    }
    Ok(found)
}

/// The newest version of `template`'s source: the built-in template in this msgen,
/// a folder as it is now, a git source's newest release tag (or its branch as it is now).
///
/// # Errors
/// Usage errors when the source cannot be loaded.
pub(crate) fn latest(template: &Template) -> anyhow::Result<Template> {
    match &template.origin {
        Origin::Builtin(name) => Template::load(name),
        Origin::Dir(folder) => Template::load_dir(folder),
        Origin::Git { source, .. } => {
            let source = GitSource::parse(source)?;
            let (source, commit, files) = source.fetch_newest(&template.manifest.version)?;
            Template::from_files(
                Origin::Git {
                    source: source.label(),
                    commit,
                },
                &files,
            )
        }
    }
}

/// A template folder at `version`: the tag `VERSION` or `vVERSION` of its work tree,
/// else the folder itself when it has that version.
fn folder_at(template: &Template, folder: &Path, version: &str) -> anyhow::Result<Template> {
    let tagged = work_tree_root(folder).and_then(|top| {
        let inside = folder
            .strip_prefix(&top)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        tag_names(version)
            .into_iter()
            .find_map(|tag| tag_commit(&top, &tag))
            .map(|commit| (top.clone(), inside, commit))
    });
    if let Some((top, inside, commit)) = tagged {
        let files = files_at(&top, &commit, &inside)?;
        return Template::from_files(Origin::Dir(folder.to_path_buf()), &files);
    }
    if template.manifest.version == version {
        return Ok(template.clone());
    }
    Err(UserError::usage(format!(
        "the template folder `{}` has no tag `{version}` or `v{version}`",
        folder.display()
    ))
    .hint("tag each released version of the template in its git repository (`git tag vVERSION`), or pass the template with --template")
    .into())
}

fn tag_commit(top: &Path, tag: &str) -> Option<String> {
    let output = git_command(top)
        .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
        .arg(format!("refs/tags/{tag}^{{commit}}"))
        .output()
        .ok()?;
    let commit = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    (output.status.success() && !commit.is_empty()).then_some(commit)
}

/// Every file below `inside` at `commit`: (path relative to `inside`, bytes), sorted.
fn files_at(top: &Path, commit: &str, inside: &str) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let tree = if inside.is_empty() {
        format!("{commit}^{{tree}}")
    } else {
        format!("{commit}:{inside}")
    };
    let run = |args: &[&str]| -> anyhow::Result<Vec<u8>> {
        let output = git_command(top).args(args).output()?;
        if !output.status.success() {
            return Err(UserError::usage(format!(
                "cannot read `{tree}` in `{}`: {}",
                top.display(),
                String::from_utf8_lossy(&output.stderr).trim()
            ))
            .into());
        }
        Ok(output.stdout)
    };
    let listing = run(&[
        "ls-tree",
        "-r",
        "-z",
        "--name-only",
        "--end-of-options",
        &tree,
    ])?;
    let mut files = Vec::new();
    for path in listing
        .split(|byte| *byte == 0)
        .filter(|path| !path.is_empty())
    {
        let path = String::from_utf8_lossy(path).into_owned();
        if files.len() >= super::source::MAX_FILES {
            return Err(
                UserError::usage(format!("`{tree}` holds too many files for a template")).into(),
            );
        }
        let blob = if inside.is_empty() {
            format!("{commit}:{path}")
        } else {
            format!("{commit}:{inside}/{path}")
        };
        let bytes = run(&["cat-file", "blob", &blob])?;
        files.push((path, bytes));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// A git source at the tag of `version`.
fn git_tag(source: &str, version: &str) -> anyhow::Result<Template> {
    let source = GitSource::parse(source)?;
    let Some((tagged, commit, files)) = source.fetch_tag(&tag_names(version))? else {
        return Err(UserError::usage(format!(
            "the template repository `{}` has no tag `{version}` or `v{version}`",
            source.url
        ))
        .hint("name a released version of the template with --to (`git ls-remote --tags URL` lists the tags)")
        .into());
    };
    Template::from_files(
        Origin::Git {
            source: tagged.label(),
            commit,
        },
        &files,
    )
}
