//! The dependencies a spec declares (`[dependencies.NAME] contract = PATH`): `msgen new
//! --from SPEC` vendors each contract and generates its client in the same write as
//! the rest of the service, as `msgen add-dependency` would afterwards.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{dependency_name, operation_ids, provider};
use crate::client_files::Dependency;
use crate::error::UserError;
use crate::manifest::{self, VendoredContract};
use crate::plan::{Owner, PlannedFile};
use crate::service_name::ServiceName;
use crate::spec::Spec;
use crate::template::Template;

/// One declared dependency, read.
pub(crate) struct Declared {
    /// The provider's name.
    pub name: ServiceName,
    /// Where the vendored copy goes in the service (`contracts/payments.yaml`).
    pub contract: String,
    /// The provider's contract as declared, absolute.
    pub provider: PathBuf,
    /// The contract's text.
    pub text: String,
    /// The provider's operations the client calls.
    pub calls: Vec<String>,
}

/// Reads every dependency `spec` declares, in name order.
///
/// # Errors
/// Usage errors for a bad name or a contract msgen cannot read or make a client of.
pub(crate) fn read(spec: &Spec) -> anyhow::Result<Vec<Declared>> {
    let mut out = Vec::new();
    for (raw, dependency) in &spec.dependencies {
        let name = dependency_name(raw)?;
        let (provider, text) = provider::read(&dependency.contract)?;
        let calls = operation_ids(&name, &text)?;
        out.push(Declared {
            contract: format!("contracts/{}.yaml", name.kebab),
            name,
            provider,
            text,
            calls,
        });
    }
    Ok(out)
}

/// Refuses `declared` dependencies when `template` cannot generate clients (it has
/// no `client/` folder, as rust-axum before 0.2.0).
///
/// # Errors
/// A usage error naming the template.
pub(crate) fn supported(template: &Template, declared: &[Declared]) -> Result<(), UserError> {
    if declared.is_empty() || !template.client_files.is_empty() {
        return Ok(());
    }
    Err(UserError::usage(format!(
        "the spec declares dependencies, but template `{}` {} cannot generate clients of other services",
        template.manifest.name, template.manifest.version
    ))
    .hint("use a template version with a `client/` folder, or remove [dependencies] from the spec and run `msgen add-dependency` later"))
}

/// What the client generation needs of each.
#[must_use]
pub(crate) fn clients(declared: &[Declared]) -> Vec<Dependency<'_>> {
    declared
        .iter()
        .map(|dependency| Dependency {
            name: dependency.name.clone(),
            contract_path: &dependency.contract,
            text: &dependency.text,
        })
        .collect()
}

/// The `[vendored]` records of `msgen.toml` for a service at `root` (absolute).
#[must_use]
pub(crate) fn records(declared: &[Declared], root: &Path) -> BTreeMap<String, VendoredContract> {
    declared
        .iter()
        .map(|dependency| {
            let provider = crate::template::relative_path(&dependency.provider, root)
                .unwrap_or_else(|| dependency.provider.display().to_string());
            let record = VendoredContract {
                contract: dependency.contract.clone(),
                provider,
                calls: dependency.calls.clone(),
                hash: Some(manifest::hash(dependency.text.as_bytes())),
                client: true,
            };
            (dependency.name.kebab.clone(), record)
        })
        .collect()
}

/// The vendored copies, the team's like the service's own contract.
#[must_use]
pub(crate) fn copies(declared: &[Declared]) -> Vec<PlannedFile> {
    declared
        .iter()
        .map(|dependency| {
            PlannedFile::create(
                dependency.contract.clone(),
                dependency.text.clone().into_bytes(),
                Owner::User,
            )
        })
        .collect()
}
