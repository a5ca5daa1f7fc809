#![doc = include_str!("../README.md")]

mod answers;
mod apply;
mod cli;
mod client_files;
mod commands;
mod dependabot;
mod endpoint;
mod error;
mod error_tables;
mod generate;
mod git;
mod interrupt;
// Public only so the CLI tests can hold a service's lock the way another run would.
#[doc(hidden)]
pub mod lock;
mod manifest;
mod merge;
mod plan;
mod prompt;
mod report;
mod service_name;
mod spec;
mod template;

pub use error::exit_code;
pub use interrupt::install as install_interrupt_handler;
pub use report::error as print_error;

use std::ffi::OsString;

use clap::{CommandFactory as _, Parser as _};

use cli::{Cli, Command, TemplatesCommand};
use error::UserError;

/// Runs msgen with the given arguments (the first is the program name). With
/// `--json`, a failure is also printed as a JSON object on stdout.
///
/// # Errors
/// Every failure, for `main` to print once and map to an exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> anyhow::Result<()> {
    let args: Vec<OsString> = args.into_iter().collect();
    let json = args
        .iter()
        .skip(1)
        .take_while(|arg| *arg != "--")
        .any(|arg| arg == "--json");
    let result = dispatch(args);
    if let Err(error) = &result
        && json
        && !error::user_error(error).is_some_and(|user| user.in_output)
    {
        report::error_json(error);
    }
    result
}

fn dispatch(args: Vec<OsString>) -> anyhow::Result<()> {
    lock::on_wait(report::waiting);
    template::git_source::on_progress(template::git_source::Progress {
        fetching: report::fetching,
        note: report::template_note,
    });
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) if error.exit_code() == 0 => {
            let _ = error.print();
            return Ok(());
        }
        Err(error) => return Err(error.into()),
    };
    match cli.command {
        Command::New(args) => report::new(&commands::new::run(&args.options())?, args.json),
        Command::AddEndpoint(args) => {
            let options = args.change.options(&args.service);
            let outcome = commands::change::add_endpoint(&args.endpoint, &options)?;
            report::change(&outcome, args.service.json);
        }
        Command::RemoveEndpoint(args) => {
            let outcome =
                commands::lifecycle::remove_endpoint(&args.method, &args.path, &args.options())?;
            report::lifecycle(&outcome, args.service.json);
        }
        Command::RenameEndpoint(args) => {
            let options = args.change.options(&args.service);
            let outcome =
                commands::lifecycle::rename_endpoint(&args.old_id, &args.new_id, &options)?;
            report::lifecycle(&outcome, args.service.json);
        }
        Command::AddDependency(args) => dependency(&args.change, &args.service, |options| {
            commands::dependency::add(&args.name, &args.contract, args.update, options)
        })?,
        Command::RemoveDependency(args) => dependency(&args.change, &args.service, |options| {
            commands::dependency::remove(&args.name, options)
        })?,
        Command::Sync(args) => {
            let outcome = commands::change::sync(&args.change.options(&args.service))?;
            report::change(&outcome, args.service.json);
        }
        Command::Check(args) => check(&args)?,
        Command::Upgrade(args) => {
            let outcome = commands::upgrade::run(&args.options())?;
            report::upgrade(&outcome, args.service.json);
            if !outcome.conflicts.is_empty() {
                return Err(commands::upgrade::conflicts_error(&outcome).into());
            }
        }
        Command::Diff(args) => {
            let outcome = commands::diff::run(&args.options())?;
            report::diff(&outcome, args.json);
            if outcome.blocks {
                return Err(commands::diff::blocked(&outcome).in_output().into());
            }
        }
        Command::Templates(TemplatesCommand::List { json }) => {
            report::template_list(&commands::templates::list()?, json);
        }
        Command::Templates(TemplatesCommand::Show { template, json }) => {
            report::template_details(&commands::templates::show(&template)?, json);
        }
        Command::Templates(TemplatesCommand::Copy { template, dir }) => {
            report::template_copied(&commands::templates::copy(&template, &dir)?);
        }
        Command::Smoke(args) => smoke(&args)?,
        Command::Man { page } => {
            report::raw(&commands::man::render(Cli::command(), page.as_deref())?);
        }
        Command::Completions { shell } => {
            let mut buffer = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "msgen", &mut buffer);
            report::raw(&buffer);
        }
    }
    Ok(())
}

/// `msgen check`: run, report, and fail when it found anything.
fn check(args: &cli::CheckArgs) -> anyhow::Result<()> {
    let outcome = commands::check::run(&args.service.options())?;
    report::check(&outcome, args.service.json);
    if outcome.findings.is_empty() {
        return Ok(());
    }
    let contract_refused = outcome.findings.iter().any(|f| f.kind == "contract");
    Err(
        UserError::failure(format!("check found {} problem(s)", outcome.findings.len()))
            .hint(if contract_refused {
                "fix the contract as its line says, then run `msgen check` again"
            } else {
                "run `msgen sync` for stale or missing files; see each line for the others"
            })
            .in_output()
            .into(),
    )
}

/// `msgen smoke`: run, report, and fail when a step failed.
fn smoke(args: &cli::SmokeArgs) -> anyhow::Result<()> {
    let outcome = commands::smoke::run(&args.options(), &report::smoke_step)?;
    report::smoke(&outcome, args.json);
    let failed = outcome.steps.iter().filter(|step| !step.ok).count();
    if failed == 0 {
        return Ok(());
    }
    Err(
        UserError::failure(format!("smoke: {failed} step(s) failed"))
            .hint("the failing services were kept; their folders are listed above")
            .in_output()
            .into(),
    )
}

/// `msgen add-dependency` and `msgen remove-dependency`: run, then report.
fn dependency(
    change: &cli::ChangeArgs,
    service: &cli::ServiceArgs,
    run: impl FnOnce(
        &commands::change::ChangeOptions,
    ) -> anyhow::Result<commands::dependency::DependencyOutcome>,
) -> anyhow::Result<()> {
    let outcome = run(&change.options(service))?;
    report::dependency(&outcome, service.json);
    Ok(())
}
