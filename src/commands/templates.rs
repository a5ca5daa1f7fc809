//! `msgen templates list|show`.

use serde::Serialize;

use crate::template::{Template, embedded};

/// One template, for listings.
#[derive(Debug, Serialize)]
pub(crate) struct TemplateSummary {
    pub name: String,
    pub version: String,
    pub description: String,
}

/// A template's details.
#[derive(Debug, Serialize)]
pub(crate) struct TemplateDetails {
    /// Name, version, description.
    #[serde(flatten)]
    pub summary: TemplateSummary,
    /// Where it came from.
    pub source: String,
    /// Variables: name, type, default, help.
    pub variables: Vec<VariableSummary>,
    /// Skeleton files (template paths).
    pub files: Vec<String>,
    /// Per-operation files.
    pub operation_files: Vec<String>,
    /// msgen-owned files.
    pub owned: Vec<String>,
}

/// One variable, for `show`.
#[derive(Debug, Serialize)]
pub(crate) struct VariableSummary {
    pub name: String,
    /// `string`, `integer`, `boolean` or `choice`.
    pub kind: String,
    /// The default, as TOML text.
    pub default: Option<String>,
    pub help: Option<String>,
}

fn summary(template: &Template) -> TemplateSummary {
    TemplateSummary {
        name: template.manifest.name.clone(),
        version: template.manifest.version.clone(),
        description: template.manifest.description.clone(),
    }
}

/// Every built-in template.
///
/// # Errors
/// Only if a built-in template is broken (a bug).
pub(crate) fn list() -> anyhow::Result<Vec<TemplateSummary>> {
    let mut names = embedded::names();
    names.extend(
        crate::template::local_names()
            .into_iter()
            .filter(|name| !names.contains(name))
            .collect::<Vec<_>>(),
    );
    names
        .iter()
        .map(|name| Ok(summary(&Template::load(name)?)))
        .collect()
}

/// One template's details.
///
/// # Errors
/// Usage errors for unknown or malformed templates.
pub(crate) fn show(name_or_path: &str) -> anyhow::Result<TemplateDetails> {
    let template = Template::load(name_or_path)?;
    let variables = template
        .manifest
        .variables
        .iter()
        .map(|(name, variable)| VariableSummary {
            name: name.clone(),
            kind: format!("{:?}", variable.kind).to_lowercase(),
            default: variable.default.as_ref().map(ToString::to_string),
            help: variable.help.clone(),
        })
        .collect();
    Ok(TemplateDetails {
        summary: summary(&template),
        source: template.origin.label(),
        variables,
        files: template
            .files
            .iter()
            .map(|file| file.path.clone())
            .collect(),
        operation_files: template
            .operation_files
            .iter()
            .map(|file| file.path.clone())
            .collect(),
        owned: template.manifest.owned.clone(),
    })
}

/// Where `templates copy` wrote.
#[derive(Debug, Serialize)]
pub(crate) struct Copied {
    /// The template copied.
    pub template: String,
    /// The copy's own name (its `template.toml` `name`): the new folder's name.
    pub name: String,
    /// The new folder.
    pub dir: std::path::PathBuf,
    /// Files written.
    pub files: usize,
}

/// Copies a template (files, `template.toml`) into a new folder, named after the
/// folder, so services made from the copy record a name of their own.
///
/// # Errors
/// Usage errors when the template is unknown or the folder exists.
pub(crate) fn copy(name_or_path: &str, dir: &std::path::Path) -> anyhow::Result<Copied> {
    use crate::plan::{Owner, Plan, PlannedFile};
    let mut template = Template::load(name_or_path)?;
    let name = dir
        .file_name()
        .and_then(|name| name.to_str())
        .filter(|name| !name.is_empty() && !name.chars().any(char::is_control))
        .map_or_else(|| template.manifest.name.clone(), str::to_owned);
    template.manifest_text = renamed_manifest(&template.manifest_text, &name)?;
    if std::fs::symlink_metadata(dir).is_ok() {
        return Err(
            crate::error::UserError::usage(format!("`{}` already exists", dir.display()))
                .hint("choose a new folder name")
                .into(),
        );
    }
    let files: Vec<PlannedFile> = template
        .all_files()
        .into_iter()
        .map(|(path, bytes)| PlannedFile::create(path, bytes, Owner::User))
        .collect();
    let count = files.len();
    crate::apply::create_tree(&Plan::new(dir.to_path_buf(), files))?;
    Ok(Copied {
        name,
        template: template.origin.label(),
        dir: dir.to_path_buf(),
        files: count,
    })
}

/// `template.toml` text with its top-level `name` line set to `name`; every other line kept.
fn renamed_manifest(text: &str, name: &str) -> anyhow::Result<String> {
    let mut out = String::with_capacity(text.len() + name.len());
    let mut done = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let is_name = trimmed
            .strip_prefix("name")
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if trimmed.starts_with('[') {
            done = true;
        }
        if !done && is_name {
            let ending = &line[line.trim_end_matches(['\n', '\r']).len()..];
            out.push_str("name = ");
            out.push_str(&toml::Value::String(name.to_owned()).to_string());
            out.push_str(ending);
            done = true;
        } else {
            out.push_str(line);
        }
    }
    let table: toml::Table = toml::from_str(&out)
        .map_err(|error| anyhow::anyhow!("bug in msgen: renaming the template copy: {error}"))?;
    if table.get("name").and_then(toml::Value::as_str) != Some(name) {
        anyhow::bail!("bug in msgen: the template copy's `template.toml` has no top-level `name`");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_gets_the_new_name_and_keeps_every_other_line() {
        let text =
            "# ours\nname = \"rust-axum\"   \nversion = \"1\"\n[variables.name]\nname = \"x\"\n";
        assert_eq!(
            renamed_manifest(text, "our-axum").unwrap(),
            "# ours\nname = \"our-axum\"\nversion = \"1\"\n[variables.name]\nname = \"x\"\n"
        );
        assert!(renamed_manifest("[a]\nname = \"x\"\n", "y").is_err());
    }
}
