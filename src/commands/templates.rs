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
    /// The new folder.
    pub dir: std::path::PathBuf,
    /// Files written.
    pub files: usize,
}

/// Copies a template (files, `template.toml`) into a new folder.
///
/// # Errors
/// Usage errors when the template is unknown or the folder exists.
pub(crate) fn copy(name_or_path: &str, dir: &std::path::Path) -> anyhow::Result<Copied> {
    use crate::plan::{Owner, Plan, PlannedFile};
    let template = Template::load(name_or_path)?;
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
        template: template.origin.label(),
        dir: dir.to_path_buf(),
        files: count,
    })
}
