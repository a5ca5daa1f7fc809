//! What `msgen new` takes: plain values, from the command line or another caller.

use std::path::PathBuf;

/// The options of `msgen new`.
#[derive(Debug, Clone)]
pub(crate) struct NewOptions {
    /// The service name (may come from the spec file).
    pub name: Option<String>,
    /// Parent folder of the new service folder.
    pub output: PathBuf,
    /// A built-in template name or a template folder; the default template when `None`.
    pub template: Option<String>,
    /// `KEY=VALUE` answers to template variables.
    pub set: Vec<String>,
    /// A spec file with the name, answers, schemas and endpoints.
    pub from: Option<PathBuf>,
    /// An existing `OpenAPI` document to start from instead of the template's contract.
    pub contract: Option<PathBuf>,
    /// Never prompt.
    pub no_input: bool,
    /// Plan only, write nothing.
    pub dry_run: bool,
    /// Write into an existing non-empty folder.
    pub force: bool,
    /// Skip `git init` and the first commit.
    pub no_git: bool,
    /// With `force`, fail at once if another msgen run holds the folder.
    pub no_wait: bool,
    /// An earlier version of the template to generate with (hidden, for upgrade tests).
    pub template_version: Option<String>,
}
