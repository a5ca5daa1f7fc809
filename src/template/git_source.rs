//! Templates kept in a git repository: `git+URL@REF[#SUBDIR]`. `new` fetches the
//! repository into a cache and resolves `REF` to a commit, which `msgen.toml`
//! records; later commands read that exact commit from the cache, and fetch only
//! that commit when the cache lacks it. The template is read from git's objects
//! as data: no checkout, no hooks, no submodules, no symlinks.

use std::path::Path;

use crate::error::UserError;
use std::sync::OnceLock;

use crate::template::definition::version_tuple;
use crate::template::git_cache::{BRANCHES_AND_TAGS, Cache, Files, PINNED, is_object_id, short};

/// What a `--template` value starts with to name a git repository.
pub(crate) const PREFIX: &str = "git+";

/// The environment variable that, set to anything but `0` or empty, forbids msgen to
/// fetch: git templates come from the cache only.
pub(crate) const OFFLINE_ENV: &str = "MSGEN_OFFLINE";

/// What a run prints on stderr while it works with a git template; set once by the
/// entry point, which owns the output (this module is below the printer, so it
/// cannot call it). Unset: silent.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Progress {
    /// A repository is being fetched (its URL).
    pub fetching: fn(&str),
    /// Something the user should know though the run goes on.
    pub note: fn(&str),
}

static PROGRESS: OnceLock<Progress> = OnceLock::new();

/// Sets what a run prints while it fetches git templates.
pub(crate) fn on_progress(progress: Progress) {
    let _ = PROGRESS.set(progress);
}

fn fetching(url: &str) {
    if let Some(progress) = PROGRESS.get() {
        (progress.fetching)(url);
    }
}

fn note(message: &str) {
    if let Some(progress) = PROGRESS.get() {
        (progress.note)(message);
    }
}

fn offline() -> bool {
    std::env::var_os(OFFLINE_ENV).is_some_and(|value| !value.is_empty() && value != "0")
}

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
        let cache = self.refreshed()?;
        self.resolve_in(&cache)
    }

    /// The cache of the repository, with its branches and tags fetched (unless offline).
    fn refreshed(&self) -> anyhow::Result<Cache> {
        let cache = Cache::open(&self.url)?;
        if !offline() {
            fetching(&self.url);
            cache
                .fetch(&self.url, &BRANCHES_AND_TAGS)
                .map_err(|why| self.unreachable(&why))?;
        }
        Ok(cache)
    }

    /// The commit the reference names in `cache` (fetching a bare commit id the
    /// branches and tags do not hold), pinned, and the template's files there.
    fn resolve_in(&self, cache: &Cache) -> anyhow::Result<(String, Files)> {
        let mut commit = cache.resolve(&self.reference);
        if commit.is_none() && is_object_id(&self.reference) && !offline() {
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
        let files = self.template_files(cache, &commit)?;
        Ok((commit, files))
    }

    /// This source at the first of `tags` the repository has, with its commit and files;
    /// `None` when it has none of them.
    ///
    /// # Errors
    /// Usage errors for an unreachable repository or a tag without a template.
    pub(crate) fn fetch_tag(
        &self,
        tags: &[String],
    ) -> anyhow::Result<Option<(Self, String, Files)>> {
        let cache = self.refreshed()?;
        let Some(tag) = tags
            .iter()
            .find(|tag| cache.resolve(&format!("refs/tags/{tag}")).is_some())
        else {
            return Ok(None);
        };
        let tagged = Self {
            reference: tag.clone(),
            ..self.clone()
        };
        let (commit, files) = tagged.resolve_in(&cache)?;
        Ok(Some((tagged, commit, files)))
    }

    /// The newest release after `version`: the highest tag `X.Y.Z` or `vX.Y.Z` above
    /// it when the reference is a commit or such a tag (a pinned release), else the
    /// reference as it is now (a branch a team follows).
    ///
    /// # Errors
    /// Usage errors for an unreachable repository or an unknown reference.
    pub(crate) fn fetch_newest(&self, version: &str) -> anyhow::Result<(Self, String, Files)> {
        let cache = self.refreshed()?;
        let pinned = is_object_id(&self.reference) || release_of(&self.reference).is_some();
        let newest = if pinned {
            cache
                .tags()
                .into_iter()
                .filter_map(|tag| release_of(&tag).map(|release| (release, tag)))
                .filter(|(release, _)| *release > version_tuple(version))
                .max()
        } else {
            None
        };
        let source = match newest {
            Some((_, tag)) => Self {
                reference: tag,
                ..self.clone()
            },
            None => self.clone(),
        };
        let (commit, files) = source.resolve_in(&cache)?;
        Ok((source, commit, files))
    }

    /// The files at `commit` below the folder, which must hold `template.toml`.
    fn template_files(&self, cache: &Cache, commit: &str) -> anyhow::Result<Files> {
        let files = cache.files(commit, self.subdir.as_deref(), &self.label())?;
        if !files.iter().any(|(path, _)| path == "template.toml") {
            return Err(UserError::usage(format!(
                "commit `{}` of `{}` has no template.toml in {}",
                short(commit),
                self.url,
                self.subdir
                    .as_ref()
                    .map_or_else(|| "its top folder".to_owned(), |dir| format!("`{dir}`"))
            ))
            .hint("name the folder that holds template.toml after `#`, e.g. `git+URL@REF#templates/rust`")
            .into());
        }
        Ok(files)
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
        if !cache.has_commit(commit) && offline() {
            return Err(UserError::usage(format!(
                "commit `{commit}` of the template repository `{}` is not in the template cache, and {OFFLINE_ENV} forbids fetching it",
                self.url
            ))
            .hint(format!("run once without {OFFLINE_ENV}, or pass a template folder with --template"))
            .into());
        }
        if !cache.has_commit(commit) {
            fetching(&self.url);
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
            note(&format!(
                "`{}` of `{}` now names commit `{}`; this service keeps commit `{commit}`, which msgen.toml records",
                self.reference,
                self.url,
                short(&now)
            ));
        }
        self.template_files(&cache, commit)
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

/// The version a release tag names: `X.Y.Z` or `vX.Y.Z`.
fn release_of(tag: &str) -> Option<(u64, u64, u64)> {
    let version = tag.strip_prefix('v').unwrap_or(tag);
    let parts: Vec<&str> = version.split('.').collect();
    let numeric = parts.len() == 3
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    numeric.then(|| version_tuple(version))
}

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
    fn release_tags_are_three_numbers_with_an_optional_v() {
        assert_eq!(release_of("v2.0.10"), Some((2, 0, 10)));
        assert_eq!(release_of("1.2.3"), Some((1, 2, 3)));
        for tag in ["main", "v1.2", "v1.2.3-rc1", "1.2.3.4", "vv1.2.3", "1..3"] {
            assert_eq!(release_of(tag), None, "{tag}");
        }
    }

    #[test]
    fn object_ids_are_full_hex() {
        assert!(is_object_id(&"a".repeat(40)));
        assert!(!is_object_id("abc123"));
        assert!(!is_object_id(&"g".repeat(40)));
    }
}
