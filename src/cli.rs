//! The command line, as clap derive definitions only: no logic here.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Scaffold independent, production-ready microservices, then grow them from
/// their `OpenAPI` contract without touching what the team wrote.
#[derive(Debug, Parser)]
#[command(name = "msgen", version, about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate a new service folder from a template.
    New(NewArgs),
    /// Add an operation to the contract and generate its handler, test and wiring.
    AddEndpoint(AddEndpointArgs),
    /// Regenerate msgen-owned files after a hand edit of the contract.
    Sync(SyncArgs),
    /// Report drift between contract, routes, handlers and owned files (for CI).
    Check(CheckArgs),
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
    Man,
}

/// `msgen smoke`.
#[derive(Debug, Args)]
pub struct SmokeArgs {
    /// Spec files to generate (default: one service with the template's defaults).
    #[arg(value_name = "SPEC.toml")]
    pub specs: Vec<PathBuf>,
    /// A built-in template name or a template folder.
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
pub struct NewArgs {
    /// The service name: lowercase kebab-case, e.g. `orders` (may come from --from).
    pub name: Option<String>,
    /// Parent folder of the new service folder.
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub output: PathBuf,
    /// A built-in template name or a template folder.
    #[arg(short, long, value_name = "NAME|PATH")]
    pub template: Option<String>,
    /// Answer a template variable, e.g. `--set port=8081` (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// A spec file with the name, answers, schemas and endpoints.
    #[arg(long, value_name = "SPEC.toml")]
    pub from: Option<PathBuf>,
    /// Never prompt; fail listing missing values instead.
    #[arg(long)]
    pub no_input: bool,
    /// Print the files that would be written, write nothing.
    #[arg(long)]
    pub dry_run: bool,
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
pub struct ServiceArgs {
    /// The service folder (default: the nearest folder upward holding msgen.toml).
    #[arg(short = 'C', value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// A built-in template name or a template folder (default: the one msgen.toml records).
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
pub struct AddEndpointArgs {
    /// HTTP method: GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS.
    pub method: String,
    /// Route path in OpenAPI/axum syntax, e.g. `/orders/{id}/cancel`.
    pub path: String,
    /// The operationId (default: derived, e.g. `POST /orders` → `create_order`).
    #[arg(long, value_name = "OPERATION_ID")]
    pub name: Option<String>,
    /// One-line summary of the operation.
    #[arg(long)]
    pub summary: Option<String>,
    /// Type of a path parameter, e.g. `id:integer` (default string; repeatable).
    #[arg(long = "param", value_name = "NAME:TYPE")]
    pub params: Vec<String>,
    /// A query parameter, e.g. `limit:integer?` (`?` = optional; repeatable).
    #[arg(long = "query", value_name = "NAME:TYPE")]
    pub query: Vec<String>,
    /// Request body schema in components.schemas (created as a stub if missing).
    #[arg(long, value_name = "SCHEMA")]
    pub request: Option<String>,
    /// Response body schema; suffix `[]` for a list, e.g. `Order[]`.
    #[arg(long, value_name = "SCHEMA")]
    pub response: Option<String>,
    /// Success status code (default 200, 201 for POST).
    #[arg(long, value_name = "CODE")]
    pub status: Option<u16>,
    /// Preview and overwrite options.
    #[command(flatten)]
    pub change: ChangeArgs,
    /// Where the service is, output format.
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// Options shared by commands that change an existing service.
#[derive(Debug, Args)]
pub struct ChangeArgs {
    /// Print the unified diff, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Regenerate msgen-owned files even if they were edited by hand.
    #[arg(long)]
    pub force: bool,
}

/// `msgen sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Preview and overwrite options.
    #[command(flatten)]
    pub change: ChangeArgs,
    /// Where the service is, output format.
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// `msgen check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Where the service is, output format.
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// `msgen templates …`.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List the built-in templates.
    List {
        /// Print machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Copy a template into a folder, to start a custom template from it.
    Copy {
        /// A built-in template name or a template folder.
        template: String,
        /// The new folder (must not exist).
        dir: PathBuf,
    },
    /// Show a template's variables and files.
    Show {
        /// A built-in template name or a template folder.
        template: String,
        /// Print machine-readable output.
        #[arg(long)]
        json: bool,
    },
}

impl Cli {
    /// Parses arguments; `--help` and `--version` come back as clap errors
    /// whose exit code is 0.
    ///
    /// # Errors
    /// clap's usage errors (exit 2).
    pub fn parse_from_args(args: impl IntoIterator<Item = OsString>) -> Result<Self, clap::Error> {
        Self::try_parse_from(args)
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
