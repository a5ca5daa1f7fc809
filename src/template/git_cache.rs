//! The cache of git templates: one bare repository per URL, fetched into with the
//! system `git` and read as data (`ls-tree`, `cat-file`), never checked out.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::error::UserError;
use crate::template::source::{MAX_BYTES, MAX_DEPTH, MAX_FILES};

/// A template's files: path relative to the template's folder, contents.
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// The environment variable naming msgen's cache folder (git templates live in its
/// `templates/` folder).
pub(crate) const CACHE_ENV: &str = "MSGEN_CACHE_DIR";

/// Whether `text` is a full commit id (SHA-1 or SHA-256, in hex).
#[must_use]
pub(crate) fn is_object_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// The first 12 characters of a commit id, for messages.
#[must_use]
pub(crate) fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

/// Where fetched commits stay, so `gc` never drops one a service records.
pub(crate) const PINNED: &str = "refs/msgen/pinned/";
/// Every branch and tag of a template repository, as the cache keeps them.
pub(crate) const BRANCHES_AND_TAGS: [&str; 2] =
    ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];

/// msgen's cache folder: `$MSGEN_CACHE_DIR`, else the platform's user cache.
fn cache_root() -> Result<PathBuf, UserError> {
    let from = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
    };
    from(CACHE_ENV)
        .or_else(|| from("XDG_CACHE_HOME").map(|dir| dir.join("msgen")))
        .or_else(|| from("LOCALAPPDATA").map(|dir| dir.join("msgen")))
        .or_else(|| from("HOME").map(|dir| dir.join(".cache/msgen")))
        .ok_or_else(|| {
            UserError::usage("there is no cache folder for git templates")
                .hint(format!("set {CACHE_ENV} to an absolute folder"))
        })
}

/// One bare repository per template URL under the cache.
pub(crate) struct Cache {
    repo: PathBuf,
}

impl Cache {
    pub(crate) fn open(url: &str) -> anyhow::Result<Self> {
        let folder = cache_root()?.join("templates");
        let key = &crate::manifest::hash(url.as_bytes())["sha256:".len()..][..16];
        let repo = folder.join(format!("{key}.git"));
        if !repo.join("HEAD").is_file() {
            std::fs::create_dir_all(&folder).map_err(|error| {
                UserError::failure(format!("cannot create `{}`: {error}", folder.display()))
                    .hint(format!("set {CACHE_ENV} to a folder msgen may write"))
            })?;
            // Made aside and renamed into place, so a second run never sees half of it.
            let staging = tempfile::Builder::new()
                .prefix(".new-")
                .tempdir_in(&folder)
                .map_err(|error| {
                    UserError::failure(format!(
                        "cannot write the template cache `{}`: {error}",
                        folder.display()
                    ))
                    .hint(format!("set {CACHE_ENV} to a folder msgen may write"))
                })?;
            let cache = Self {
                repo: staging.path().to_path_buf(),
            };
            cache
                .run(&["init", "--quiet", "--bare"])
                .map_err(|why| git_missing(&why))?;
            if std::fs::rename(staging.path(), &repo).is_err() && !repo.join("HEAD").is_file() {
                return Err(UserError::failure(format!(
                    "cannot create the template cache `{}`",
                    repo.display()
                ))
                .into());
            }
        }
        Ok(Self { repo })
    }

    fn command(&self) -> Command {
        let mut command = crate::git::git_command(&self.repo);
        command
            .env("GIT_TERMINAL_PROMPT", "0")
            .arg("--git-dir=.")
            .args(["-c", "gc.auto=0", "-c", "maintenance.auto=false"])
            .args([
                "-c",
                "protocol.ext.allow=never",
                "-c",
                "core.autocrlf=false",
            ]);
        command
    }

    /// Runs git in the cache; its last line of stderr on failure.
    fn run(&self, args: &[&str]) -> Result<Vec<u8>, String> {
        let output = self
            .command()
            .args(args)
            .output()
            .map_err(|error| format!("cannot run git: {error}"))?;
        if output.status.success() {
            return Ok(output.stdout);
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let reason = stderr
            .lines()
            .find_map(|line| line.strip_prefix("fatal: "))
            .or_else(|| stderr.lines().rev().find(|line| !line.trim().is_empty()))
            .map_or("git failed", str::trim);
        Err(reason.to_owned())
    }

    /// Fetches `refspecs` from `url`, one run at a time per cache repository: two
    /// runs updating the same refs at once would fail on git's ref locks.
    pub(crate) fn fetch(&self, url: &str, refspecs: &[&str]) -> Result<(), String> {
        let lock_path = self.repo.with_extension("lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .and_then(|file| file.lock().map(|()| file))
            .map_err(|error| format!("cannot lock `{}`: {error}", lock_path.display()))?;
        let mut args = vec![
            "fetch",
            "--quiet",
            "--no-tags",
            "--no-recurse-submodules",
            "--",
            url,
        ];
        args.extend_from_slice(refspecs);
        let fetched = self.run(&args).map(drop);
        drop(lock);
        fetched
    }

    pub(crate) fn resolve(&self, reference: &str) -> Option<String> {
        let spec = format!("{reference}^{{commit}}");
        let out = self
            .run(&[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ])
            .ok()?;
        Some(String::from_utf8_lossy(&out).trim().to_owned()).filter(|id| is_object_id(id))
    }

    /// The names of the tags fetched into the cache.
    pub(crate) fn tags(&self) -> Vec<String> {
        self.run(&["for-each-ref", "--format=%(refname:strip=2)", "refs/tags"])
            .map(|out| {
                String::from_utf8_lossy(&out)
                    .lines()
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(crate) fn has_commit(&self, commit: &str) -> bool {
        self.resolve(commit).as_deref() == Some(commit)
    }

    pub(crate) fn pin(&self, commit: &str) -> anyhow::Result<()> {
        self.run(&["update-ref", &format!("{PINNED}{commit}"), commit])
            .map(drop)
            .map_err(|why| {
                anyhow::anyhow!("while recording commit `{commit}` in the template cache: {why}")
            })
    }

    /// Every file of the tree at `commit` (below `subdir`), read as data.
    pub(crate) fn files(
        &self,
        commit: &str,
        subdir: Option<&str>,
        label: &str,
    ) -> anyhow::Result<Files> {
        let tree = match subdir {
            Some(dir) => format!("{commit}:{dir}"),
            None => format!("{commit}^{{tree}}"),
        };
        let listing = self
            .run(&["ls-tree", "-r", "-z", "--long", "--end-of-options", &tree])
            .map_err(|_| {
                UserError::usage(format!(
                    "commit `{}` of template `{label}` has no folder `{}`",
                    short(commit),
                    subdir.unwrap_or(".")
                ))
                .hint("name the template's folder after `#`, or leave `#…` out when template.toml is at the top")
            })?;
        let entries = tree_entries(&listing, label)?;
        let ids: Vec<&str> = entries.iter().map(|(_, id)| id.as_str()).collect();
        let blobs = self.blobs(&ids)?;
        Ok(entries
            .into_iter()
            .map(|(path, _)| path)
            .zip(blobs)
            .collect())
    }

    /// The contents of `ids`, in order, through one `git cat-file --batch`.
    fn blobs(&self, ids: &[&str]) -> anyhow::Result<Vec<Vec<u8>>> {
        let mut child = self
            .command()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let input: String = ids.iter().flat_map(|id| [*id, "\n"]).collect();
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| anyhow::anyhow!("no stdin"))?;
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let mut reader = BufReader::new(
            child
                .stdout
                .take()
                .ok_or_else(|| anyhow::anyhow!("no stdout"))?,
        );
        let mut blobs = Vec::with_capacity(ids.len());
        for id in ids {
            let mut header = String::new();
            reader.read_line(&mut header)?;
            let size: usize = header
                .split_whitespace()
                .nth(2)
                .and_then(|size| size.parse().ok())
                .ok_or_else(|| anyhow::anyhow!("git cat-file gave no object `{id}`"))?;
            let mut bytes = vec![0; size + 1];
            reader.read_exact(&mut bytes)?;
            bytes.pop();
            blobs.push(bytes);
        }
        let _ = writer.join();
        child.wait()?;
        Ok(blobs)
    }
}

/// `(path, object id)` of each file in `ls-tree -r -z --long` output; symlinks,
/// submodules and oversized trees refused, as for a template folder.
fn tree_entries(listing: &[u8], label: &str) -> anyhow::Result<Vec<(String, String)>> {
    let mut entries = Vec::new();
    let mut total = 0_u64;
    for record in listing
        .split(|byte| *byte == 0)
        .filter(|record| !record.is_empty())
    {
        let record = String::from_utf8(record.to_vec()).map_err(|_| {
            UserError::usage(format!(
                "template `{label}` has a path that is not valid UTF-8"
            ))
        })?;
        let (meta, path) = record
            .split_once('\t')
            .ok_or_else(|| anyhow::anyhow!("unexpected `git ls-tree` line `{record}`"))?;
        let fields: Vec<&str> = meta.split_whitespace().collect();
        let [mode, _, id, size] = fields[..] else {
            anyhow::bail!("unexpected `git ls-tree` line `{record}`");
        };
        if mode == "120000" || mode == "160000" {
            return Err(UserError::usage(format!(
                "template file `{path}` of `{label}` is a {}; templates may not contain links",
                if mode == "120000" {
                    "symlink"
                } else {
                    "submodule"
                }
            ))
            .hint("commit a copy of the file it points to instead")
            .into());
        }
        total += size.parse::<u64>().unwrap_or(0);
        if entries.len() >= MAX_FILES || total > MAX_BYTES || path.matches('/').count() >= MAX_DEPTH
        {
            return Err(UserError::usage(format!(
                "template `{label}` holds more than {MAX_FILES} files or {MAX_BYTES} bytes, or nests deeper than {MAX_DEPTH} folders"
            ))
            .hint("templates are small text trees; move large assets out of the template")
            .into());
        }
        entries.push((path.to_owned(), id.to_owned()));
    }
    Ok(entries)
}

fn git_missing(why: &str) -> UserError {
    UserError::usage(format!("git templates need git: {why}"))
        .hint("install git, or pass a template folder with --template")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_submodules_in_a_template_tree_are_refused() {
        let id = "a".repeat(40);
        let file = format!("100644 blob {id}      12\ttemplate.toml\0");
        assert_eq!(
            tree_entries(file.as_bytes(), "t").unwrap(),
            vec![("template.toml".to_owned(), id.clone())]
        );
        for mode in ["120000 blob", "160000 commit"] {
            let listing = format!("{file}{mode} {id}       -\tfiles/x\0");
            let error = tree_entries(listing.as_bytes(), "t").unwrap_err();
            assert!(
                error.to_string().contains("may not contain links"),
                "{error}"
            );
        }
    }
}
