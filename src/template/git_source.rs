//! Templates kept in a git repository: `git+URL@REF[#SUBDIR]`. `new` fetches the
//! repository into a cache and resolves `REF` to a commit, which `msgen.toml`
//! records; later commands read that exact commit from the cache, and fetch only
//! that commit when the cache lacks it. The template is read from git's objects
//! as data: no checkout, no hooks, no submodules, no symlinks.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::UserError;
use crate::template::source::{MAX_BYTES, MAX_DEPTH, MAX_FILES};

/// A template's files: path relative to the template's folder, contents.
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// What a `--template` value starts with to name a git repository.
pub(crate) const PREFIX: &str = "git+";

/// The environment variable naming msgen's cache folder (git templates live in its
/// `templates/` folder).
pub(crate) const CACHE_ENV: &str = "MSGEN_CACHE_DIR";

/// Whether a `--template` value (or a recorded source) names a git repository.
#[must_use]
pub(crate) fn is_git(spec: &str) -> bool {
    spec.starts_with(PREFIX)
}

/// A parsed `git+URL@REF[#SUBDIR]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GitSource {
    /// A URL git understands, or an absolute local path.
    pub url: String,
    /// A tag, branch or commit, as given.
    pub reference: String,
    /// The template's folder inside the repository, `/`-separated.
    pub subdir: Option<String>,
}

impl GitSource {
    /// Parses a `git+…` value; a local repository path is made absolute.
    ///
    /// # Errors
    /// A usage error naming the expected form.
    pub(crate) fn parse(spec: &str) -> Result<Self, UserError> {
        let malformed = |why: &str| {
            UserError::usage(format!("template source `{spec}` {why}"))
                .hint("write a git template as `git+URL@TAG-OR-COMMIT`, optionally followed by `#FOLDER`, e.g. `git+https://example.com/templates.git@v1#rust`")
        };
        let rest = spec.strip_prefix(PREFIX).unwrap_or(spec);
        let (rest, subdir) = match rest.rsplit_once('#') {
            Some((rest, subdir)) => (rest, Some(subdir)),
            None => (rest, None),
        };
        let Some((url, reference)) = rest.rsplit_once('@').filter(|(_, r)| !r.contains(':')) else {
            return Err(malformed("names no tag or commit after `@`"));
        };
        if url.is_empty() || url.starts_with('-') {
            return Err(malformed("names no repository"));
        }
        if url
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.contains('/'))
        {
            return Err(malformed("names no tag or commit after `@`"));
        }
        let bad_ref = reference.is_empty()
            || reference.starts_with(['-', '/'])
            || reference.contains("..")
            || reference
                .chars()
                .any(|c| c.is_whitespace() || c.is_control());
        if bad_ref {
            return Err(malformed(&format!(
                "has no valid tag or commit `{reference}`"
            )));
        }
        let subdir = match subdir.map(|dir| dir.trim_matches('/')) {
            None | Some("") => None,
            Some(dir)
                if dir.split('/').any(|part| matches!(part, "" | "." | ".."))
                    || dir.contains(['\\', ':']) =>
            {
                return Err(malformed(&format!(
                    "names the folder `{dir}`, which is not a plain path inside the repository"
                )));
            }
            Some(dir) => Some(dir.to_owned()),
        };
        Ok(Self {
            url: absolute_if_local(url),
            reference: reference.to_owned(),
            subdir,
        })
    }

    /// The `git+URL@REF[#SUBDIR]` form, as `msgen.toml` records it.
    #[must_use]
    pub(crate) fn label(&self) -> String {
        match &self.subdir {
            Some(dir) => format!("{PREFIX}{}@{}#{dir}", self.url, self.reference),
            None => format!("{PREFIX}{}@{}", self.url, self.reference),
        }
    }

    /// Fetches the repository's branches and tags into the cache and resolves the
    /// reference: the commit and the template's files there.
    ///
    /// # Errors
    /// Usage errors for an unreachable repository or an unknown reference.
    pub(crate) fn fetch_latest(&self) -> anyhow::Result<(String, Files)> {
        let cache = Cache::open(&self.url)?;
        crate::report::fetching(&self.url);
        cache
            .fetch(&self.url, &BRANCHES_AND_TAGS)
            .map_err(|why| self.unreachable(&why))?;
        let mut commit = cache.resolve(&self.reference);
        if commit.is_none() && is_object_id(&self.reference) {
            let pin = format!("{0}:{PINNED}{0}", self.reference);
            if cache.fetch(&self.url, &[pin.as_str()]).is_ok() {
                commit = cache.resolve(&self.reference);
            }
        }
        let commit = commit.ok_or_else(|| {
            UserError::usage(format!(
                "the template repository `{}` has no tag, branch or commit `{}`",
                self.url, self.reference
            ))
            .hint("name an existing tag or commit after `@` (`git ls-remote --tags URL` lists the tags)")
        })?;
        cache.pin(&commit)?;
        Ok((
            commit.clone(),
            cache.files(&commit, self.subdir.as_deref(), &self.label())?,
        ))
    }

    /// The template's files at `commit`, from the cache, fetching that commit only
    /// when the cache lacks it. Says so (a note) when the reference now names
    /// another commit: the recorded commit wins.
    ///
    /// # Errors
    /// Usage errors when the commit cannot be fetched.
    pub(crate) fn load_pinned(&self, commit: &str) -> anyhow::Result<Files> {
        if !is_object_id(commit) {
            return Err(UserError::usage(format!(
                "`{commit}` is not a commit id; msgen.toml records the full commit of a git template"
            ))
            .into());
        }
        let cache = Cache::open(&self.url)?;
        if !cache.has_commit(commit) {
            crate::report::fetching(&self.url);
            let pin = format!("{commit}:{PINNED}{commit}");
            let fetched = cache.fetch(&self.url, &[pin.as_str(), "+refs/tags/*:refs/tags/*"]);
            if fetched.is_err() || !cache.has_commit(commit) {
                // A server that refuses a fetch by commit id still serves its refs.
                cache
                    .fetch(&self.url, &BRANCHES_AND_TAGS)
                    .map_err(|why| self.unreachable(&why))?;
            }
            if !cache.has_commit(commit) {
                return Err(UserError::usage(format!(
                    "the template repository `{}` no longer holds commit `{commit}`",
                    self.url
                ))
                .hint("pass the template with --template, or restore the commit in the repository")
                .into());
            }
            cache.pin(commit)?;
        }
        if let Some(now) = cache.resolve(&self.reference).filter(|now| now != commit) {
            crate::report::template_note(&format!(
                "`{}` of `{}` now names commit `{}`; this service keeps commit `{commit}`, which msgen.toml records",
                self.reference,
                self.url,
                short(&now)
            ));
        }
        cache.files(commit, self.subdir.as_deref(), &self.label())
    }

    fn unreachable(&self, why: &str) -> anyhow::Error {
        UserError::usage(format!(
            "cannot fetch the template repository `{}`: {why}",
            self.url
        ))
        .hint("check the URL and your access to it (msgen asks for no password), or pass a template folder with --template")
        .into()
    }
}

/// Where fetched commits stay, so `gc` never drops one a service records.
const PINNED: &str = "refs/msgen/pinned/";
const BRANCHES_AND_TAGS: [&str; 2] = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"];

/// A path (not a URL, not `host:path`) made absolute, so the record works from any folder.
fn absolute_if_local(url: &str) -> String {
    let scp_like = url
        .find(':')
        .is_some_and(|colon| !url[..colon].contains('/') && colon > 1);
    if url.contains("://") || scp_like {
        return url.to_owned();
    }
    Path::new(url)
        .canonicalize()
        .map_or_else(|_| url.to_owned(), |path| path.display().to_string())
}

fn is_object_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|byte| byte.is_ascii_hexdigit())
}

fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

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
struct Cache {
    repo: PathBuf,
}

impl Cache {
    fn open(url: &str) -> anyhow::Result<Self> {
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
                .tempdir_in(&folder)?;
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

    fn fetch(&self, url: &str, refspecs: &[&str]) -> Result<(), String> {
        let mut args = vec![
            "fetch",
            "--quiet",
            "--no-tags",
            "--no-recurse-submodules",
            "--",
            url,
        ];
        args.extend_from_slice(refspecs);
        self.run(&args).map(drop)
    }

    fn resolve(&self, reference: &str) -> Option<String> {
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

    fn has_commit(&self, commit: &str) -> bool {
        self.resolve(commit).as_deref() == Some(commit)
    }

    fn pin(&self, commit: &str) -> anyhow::Result<()> {
        self.run(&["update-ref", &format!("{PINNED}{commit}"), commit])
            .map(drop)
            .map_err(|why| {
                anyhow::anyhow!("while recording commit `{commit}` in the template cache: {why}")
            })
    }

    /// Every file of the tree at `commit` (below `subdir`), read as data.
    fn files(&self, commit: &str, subdir: Option<&str>, label: &str) -> anyhow::Result<Files> {
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
    fn parses_url_reference_and_folder() {
        let source = GitSource::parse("git+https://example.com/t.git@v1.2#rust/axum").unwrap();
        assert_eq!(source.url, "https://example.com/t.git");
        assert_eq!(source.reference, "v1.2");
        assert_eq!(source.subdir.as_deref(), Some("rust/axum"));
        assert_eq!(
            source.label(),
            "git+https://example.com/t.git@v1.2#rust/axum"
        );
        let scp = GitSource::parse("git+git@example.com:org/t.git@release/1").unwrap();
        assert_eq!(scp.url, "git@example.com:org/t.git");
        assert_eq!(scp.reference, "release/1");
        assert_eq!(scp.subdir, None);
    }

    #[test]
    fn refuses_sources_without_a_reference_or_with_unsafe_parts() {
        for spec in [
            "git+https://example.com/t.git",
            "git+git@example.com:org/t.git",
            "git+https://example.com/t.git@",
            "git+-uhttps://x@v1",
            "git+https://example.com/t.git@--upload-pack=x",
            "git+https://example.com/t.git@v1#../up",
            "git+https://example.com/t.git@v1#/abs/../x",
            "git+https://example.com/t.git@a..b",
            "git+https://user@example.com/t.git",
        ] {
            assert!(GitSource::parse(spec).is_err(), "{spec}");
        }
    }

    #[test]
    fn object_ids_are_full_hex() {
        assert!(is_object_id(&"a".repeat(40)));
        assert!(!is_object_id("abc123"));
        assert!(!is_object_id(&"g".repeat(40)));
    }
}
