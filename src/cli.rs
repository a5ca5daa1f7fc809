//! The command line, as clap derive definitions only: no logic here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands::change::ChangeOptions;
use crate::commands::diff::DiffOptions;
use crate::commands::existing::ServiceOptions;
use crate::commands::new_options::NewOptions;
use crate::commands::smoke::SmokeOptions;
use crate::commands::upgrade::UpgradeOptions;
use crate::endpoint::EndpointRequest;

/// Scaffold independent, production-ready microservices, then grow them from
/// their `OpenAPI` contract without touching what the team wrote.
#[derive(Debug, Parser)]
#[command(name = "msgen", version, about, max_term_width = 100)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Generate a new service folder from a template.
    New(NewArgs),
    /// Add an operation to the contract and generate its handler, test and wiring.
    AddEndpoint(AddEndpointArgs),
    /// Remove an operation from the contract, and its untouched handler and test.
    RemoveEndpoint(RemoveEndpointArgs),
    /// Rename an operation's operationId, moving its handler and test to the new name.
    RenameEndpoint(RenameEndpointArgs),
    /// Call another service: vendor its contract and generate a typed client for it.
    AddDependency(AddDependencyArgs),
    /// Stop calling another service: remove its client and vendored contract.
    RemoveDependency(RemoveDependencyArgs),
    /// Regenerate msgen-owned files after a hand edit of the contract.
    Sync(SyncArgs),
    /// Report drift between contract, routes, handlers and owned files (for CI).
    Check(CheckArgs),
    /// Bring the service to a newer template version by a three-way merge.
    Upgrade(UpgradeArgs),
    /// Compare two versions of a contract; fail on changes that break existing clients.
    Diff(DiffArgs),
    /// List or describe the available templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Generate services from spec files and run the template's verify commands (template CI).
    Smoke(SmokeArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(hide = true)]
    Man {
        /// A page msgen's page refers to, e.g. `msgen-new` (default: msgen's own).
        page: Option<String>,
    },
}

/// `msgen smoke`.
#[derive(Debug, Args)]
pub(crate) struct SmokeArgs {
    /// Spec files to generate (default: one service with the template's defaults).
    #[arg(value_name = "SPEC.toml")]
    pub specs: Vec<PathBuf>,
    /// A built-in template name, a template folder, or `git+URL@REF[#FOLDER]`.
    #[arg(short, long, value_name = "NAME|PATH")]
    pub template: Option<String>,
    /// How many services to verify at once.
    #[arg(short, long, default_value_t = 1, value_name = "N")]
    pub jobs: usize,
    /// Keep every generated service (failed ones are always kept).
    #[arg(long)]
    pub keep: bool,
    /// Generate into this folder instead of a temporary one.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Print a machine-readable summary.
    #[arg(long)]
    pub json: bool,
}

/// `msgen new`.
#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// The service name: lowercase kebab-case, e.g. `orders` (may come from --from).
    pub name: Option<String>,
    /// Parent folder of the new service folder.
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub output: PathBuf,
    /// A built-in template name, a template folder, or a git repository at a tag or
    /// commit: `git+URL@REF[#FOLDER]`.
    #[arg(short, long, value_name = "NAME|PATH")]
    pub template: Option<String>,
    /// Answer a template variable, e.g. `--set port=8081` (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// A spec file with the name, answers, schemas and endpoints.
    #[arg(long, value_name = "SPEC.toml")]
    pub from: Option<PathBuf>,
    /// Start from an existing OpenAPI 3.0/3.1 document (YAML or JSON), kept byte for byte
    /// as the service's contract; routes, models, handlers and tests are derived from it.
    #[arg(long, value_name = "PATH")]
    pub contract: Option<PathBuf>,
    /// Never prompt; fail listing missing values instead.
    #[arg(long)]
    pub no_input: bool,
    /// Print the files that would be written, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Generate with an earlier version of the template (for testing upgrades).
    #[arg(long, value_name = "VERSION", hide = true)]
    pub template_version: Option<String>,
    /// Write into an existing non-empty folder (never deletes or overwrites a file).
    #[arg(long)]
    pub force: bool,
    /// Do not run `git init` and make a first commit (never done inside an existing work tree).
    #[arg(long)]
    pub no_git: bool,
    /// With --force, fail at once if another msgen run holds the folder.
    #[arg(long)]
    pub no_wait: bool,
    /// Print a machine-readable summary.
    #[arg(long)]
    pub json: bool,
}

/// Options shared by commands that work on an existing service.
#[derive(Debug, Args)]
pub(crate) struct ServiceArgs {
    /// The service folder (default: the nearest folder upward holding msgen.toml).
    #[arg(short = 'C', value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// A built-in template name, a template folder, or `git+URL@REF[#FOLDER]`
    /// (default: the one msgen.toml records).
    #[arg(short, long, value_name = "NAME|PATH")]
    pub template: Option<String>,
    /// Fail at once if another msgen run holds the service, instead of waiting.
    #[arg(long)]
    pub no_wait: bool,
    /// Print machine-readable output.
    #[arg(long)]
    pub json: bool,
}

/// `msgen add-endpoint`.
#[derive(Debug, Args)]
pub(crate) struct AddEndpointArgs {
    /// The endpoint to add.
    #[command(flatten)]
    pub endpoint: EndpointRequest,
    /// Preview and overwrite options.
    #[command(flatten)]
    pub change: ChangeArgs,
    /// Where the service is, output format.
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// Options shared by commands that change an existing service.
#[derive(Debug, Args)]
pub(crate) struct ChangeArgs {
    /// Print the unified diff, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Regenerate msgen-owned files even if they were edited by hand.
    #[arg(long)]
    pub force: bool,
}

/// `msgen remove-endpoint`.
#[derive(Debug, Args)]
pub(crate) struct RemoveEndpointArgs {
    /// HTTP method of the operation: GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS.
    pub method: String,
    /// Route path of the operation, as in the contract, e.g. `/orders/{id}`.
    pub path: String,
    /// Print the unified diff, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Remove the handler and test even when they hold your changes, and regenerate
    /// msgen-owned files edited by hand.
    #[arg(long)]
    pub force: bool,
    /// Where the service is, output format.
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// `msgen rename-endpoint`.
#[derive(Debug, Args)]
pub(crate) struct RenameEndpointArgs {
    /// The operationId to rename.
    pub old_id: String,
    /// The new operationId: snake_case, not used by another operation.
    pub new_id: String,
    /// Preview and overwrite options.
    #[command(flatten)]
    pub change: ChangeArgs,
    /// Where the service is, output format.
    #[command(flatten)]
    pub service: ServiceArgs,
}

impl RemoveEndpointArgs {
    /// What `msgen remove-endpoint` takes.
    #[must_use]
    pub(crate) fn options(&self) -> ChangeOptions {
        ChangeOptions {
            service: self.service.options(),
            dry_run: self.dry_run,
            force: self.force,
        }
    }
}

/// `msgen sync`.
#[derive(Debug, Args)]
pub(crate) struct SyncArgs {
    /// Preview and overwrite options.
    #[command(flatten)]
    pub change: ChangeArgs,
    /// Where the service is, output format.
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// `msgen add-dependency`.
#[derive(Debug, Args)]
pub(crate) struct AddDependencyArgs {
    /// The provider's name, as the service calls it: `state.clients.NAME`.
    pub name: String,
    /// The provider's service folder, its OpenAPI file, or its msgen spec (.toml).
    #[arg(long, value_name = "PATH")]
    pub contract: PathBuf,
    /// Re-pin an existing dependency: replace its pinned contract, regenerate its client,
    /// and list what changed (warning about changes that break this service's calls).
    #[arg(long)]
    pub update: bool,
    /// Preview and overwrite options.
    #[command(flatten)]
    pub change: ChangeArgs,
    /// Where the service is, output format.
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// `msgen remove-dependency`.
#[derive(Debug, Args)]
pub(crate) struct RemoveDependencyArgs {
    /// The provider's name, as `add-dependency` was given it.
    pub name: String,
    /// Preview and overwrite options.
    #[command(flatten)]
    pub change: ChangeArgs,
    /// Where the service is, output format.
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// `msgen check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Where the service is, output format.
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// `msgen upgrade`.
#[derive(Debug, Args)]
pub(crate) struct UpgradeArgs {
    /// The template version to upgrade to (default: the newest: the built-in template of
    /// this msgen, a template folder as it is, a git source's reference as it is now).
    #[arg(long, value_name = "VERSION")]
    pub to: Option<String>,
    /// Print the unified diff, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Answer a template variable, e.g. one the new version adds (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Where the service is, output format.
    #[command(flatten)]
    pub service: ServiceArgs,
}

impl UpgradeArgs {
    /// What `msgen upgrade` takes.
    #[must_use]
    pub(crate) fn options(&self) -> UpgradeOptions {
        UpgradeOptions {
            service: self.service.options(),
            to: self.to.clone(),
            dry_run: self.dry_run,
            set: self.set.clone(),
        }
    }
}

/// `msgen diff`.
#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The old contract: a file, a service folder, `REV` (the service's contract at a git
    /// revision) or `REV:PATH`.
    #[arg(required_unless_present = "against", conflicts_with = "against")]
    pub old: Option<String>,
    /// The new contract, spelled like OLD.
    #[arg(required_unless_present = "against", conflicts_with = "against")]
    pub new: Option<String>,
    /// Compare the service's contract with its version at this git revision, e.g. `origin/main`.
    #[arg(long, value_name = "REV")]
    pub against: Option<String>,
    /// The service folder (default: the nearest folder upward holding msgen.toml).
    #[arg(short = 'C', value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Print machine-readable output.
    #[arg(long)]
    pub json: bool,
}

impl DiffArgs {
    /// What `msgen diff` takes.
    #[must_use]
    pub(crate) fn options(&self) -> DiffOptions {
        DiffOptions {
            old: self.old.clone(),
            new: self.new.clone(),
            against: self.against.clone(),
            dir: self.dir.clone(),
        }
    }
}

/// `msgen templates …`.
#[derive(Debug, Subcommand)]
pub(crate) enum TemplatesCommand {
    /// List the built-in templates.
    List {
        /// Print machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Copy a template into a folder, to start a custom template from it.
    Copy {
        /// A built-in template name, a template folder, or `git+URL@REF[#FOLDER]`.
        template: String,
        /// The new folder (must not exist).
        dir: PathBuf,
    },
    /// Show a template's variables and files.
    Show {
        /// A built-in template name, a template folder, or `git+URL@REF[#FOLDER]`.
        template: String,
        /// Print machine-readable output.
        #[arg(long)]
        json: bool,
    },
}

impl NewArgs {
    /// What `msgen new` takes.
    #[must_use]
    pub(crate) fn options(&self) -> NewOptions {
        NewOptions {
            name: self.name.clone(),
            output: self.output.clone(),
            template: self.template.clone(),
            set: self.set.clone(),
            from: self.from.clone(),
            contract: self.contract.clone(),
            no_input: self.no_input,
            dry_run: self.dry_run,
            force: self.force,
            no_git: self.no_git,
            no_wait: self.no_wait,
            template_version: self.template_version.clone(),
        }
    }
}

impl ServiceArgs {
    /// Which service a command works on.
    #[must_use]
    pub(crate) fn options(&self) -> ServiceOptions {
        ServiceOptions {
            dir: self.dir.clone(),
            template: self.template.clone(),
            no_wait: self.no_wait,
        }
    }
}

impl ChangeArgs {
    /// What a change command takes, for the service `service` names.
    #[must_use]
    pub(crate) fn options(&self, service: &ServiceArgs) -> ChangeOptions {
        ChangeOptions {
            service: service.options(),
            dry_run: self.dry_run,
            force: self.force,
        }
    }
}

impl SmokeArgs {
    /// What `msgen smoke` takes.
    #[must_use]
    pub(crate) fn options(&self) -> SmokeOptions {
        SmokeOptions {
            specs: self.specs.clone(),
            template: self.template.clone(),
            jobs: self.jobs,
            keep: self.keep,
            output: self.output.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory as _;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
