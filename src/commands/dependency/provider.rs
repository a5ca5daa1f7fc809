//! Where a provider's contract comes from: its service folder, its OpenAPI file, or
//! the msgen spec it is generated from (whose contract is built in memory, exactly as
//! `msgen new --from SPEC` would write it).

use std::path::{Path, PathBuf};

use crate::answers::{self, AnswerSources};
use crate::commands::existing::ExistingService;
use crate::commands::new::grow_contract;
use crate::error::UserError;
use crate::generate::Service;
use crate::service_name::ServiceName;
use crate::spec::Spec;
use crate::template::{DEFAULT_TEMPLATE, Template};

/// The provider's contract at `path`: the absolute path to record, and the text.
///
/// # Errors
/// Usage errors for a path that is none of the three, or a spec msgen cannot build.
pub(crate) fn read(path: &Path) -> anyhow::Result<(PathBuf, String)> {
    let absolute = path.canonicalize().map_err(|error| {
        UserError::usage(format!("cannot open `{}`: {error}", path.display()))
            .hint("the contract is the provider's service folder, its OpenAPI file or its msgen spec (.toml)")
    })?;
    if absolute.is_dir() {
        let provider = ExistingService::find(Some(&absolute)).map_err(|_| {
            UserError::usage(format!(
                "`{}` is a folder but not a service made by msgen (no msgen.toml)",
                path.display()
            ))
            .hint("give the provider's OpenAPI file instead: PATH/openapi.yaml")
        })?;
        return Ok((provider.root.clone(), provider.contract_text));
    }
    if is_spec(&absolute) {
        let text = spec_contract(&absolute)?;
        return Ok((absolute, text));
    }
    let text = std::fs::read_to_string(&absolute).map_err(|error| {
        UserError::usage(format!("cannot read `{}`: {error}", path.display()))
            .hint("the contract is the provider's service folder, its OpenAPI file or its msgen spec (.toml)")
    })?;
    Ok((absolute, text))
}

/// Whether `path` names a msgen spec rather than a contract.
#[must_use]
pub(crate) fn is_spec(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension == "toml")
}

/// The contract `msgen new --from SPEC --no-input` gives: the template's base
/// contract with the spec's schemas and endpoints. The spec's own dependencies do
/// not change its contract and are not read (so two specs may depend on each other).
///
/// # Errors
/// Usage errors for an unreadable spec, a missing name, or answers the template refuses.
pub(crate) fn spec_contract(path: &Path) -> anyhow::Result<String> {
    let spec = Spec::read(path)?;
    let template = Template::load(spec.template.as_deref().unwrap_or(DEFAULT_TEMPLATE))?;
    let raw = spec.name.clone().ok_or_else(|| {
        UserError::usage(format!(
            "the spec `{}` names no service, so msgen cannot build its contract",
            path.display()
        ))
        .hint("add `name = \"…\"` at the top of that spec")
    })?;
    let name = ServiceName::parse(&raw, &template.manifest.reserved_names)?;
    let sources = AnswerSources {
        recorded: spec.answers.clone(),
        set: Vec::new(),
        order: answers::declared_order(&template.manifest_text),
    };
    let answers = answers::resolve(&template.manifest.variables, &sources, &mut |_, _| Ok(None))?;
    let service = Service::new(&template, &name, &answers);
    let contract = grow_contract(service.base_contract()?, &spec)?;
    Ok(contract.text().to_owned())
}
