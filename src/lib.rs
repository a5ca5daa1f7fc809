#![doc = include_str!("../README.md")]

pub mod answers;
pub mod apply;
pub mod cli;
pub mod commands;
pub mod context;
pub mod contract;
pub mod dependabot;
pub mod endpoint;
pub mod error;
pub mod generate;
pub mod git;
pub mod interrupt;
pub mod lock;
pub mod manifest;
pub mod plan;
pub mod prompt;
pub mod report;
pub mod spec;
pub mod template;

use std::ffi::OsString;

use clap::CommandFactory as _;

use cli::{Cli, Command, TemplatesCommand};
use error::UserError;

/// Runs msgen with the given arguments (the first is the program name).
///
/// # Errors
/// Every failure, for `main` to print once and map to an exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> anyhow::Result<()> {
    let cli = match Cli::parse_from_args(args) {
        Ok(cli) => cli,
        Err(error) if error.exit_code() == 0 => {
            let _ = error.print();
            return Ok(());
        }
        Err(error) => return Err(error.into()),
    };
    match cli.command {
        Command::New(args) => report::new(&commands::new::run(&args)?, args.json),
        Command::AddEndpoint(args) => {
            report::change(&commands::change::add_endpoint(&args)?, args.service.json);
        }
        Command::Sync(args) => report::change(&commands::change::sync(&args)?, args.service.json),
        Command::Check(args) => {
            let outcome = commands::check::run(&args)?;
            report::check(&outcome, args.service.json);
            if !outcome.findings.is_empty() {
                return Err(UserError::failure(format!(
                    "check found {} problem(s)",
                    outcome.findings.len()
                ))
                .hint("run `msgen sync` for stale or missing files; see each line for the others")
                .into());
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
        Command::Smoke(args) => {
            let outcome = commands::smoke::run(&args)?;
            report::smoke(&outcome, args.json);
            let failed = outcome.steps.iter().filter(|step| !step.ok).count();
            if failed > 0 {
                return Err(
                    UserError::failure(format!("smoke: {failed} step(s) failed"))
                        .hint("the failing services were kept; their folders are listed above")
                        .into(),
                );
            }
        }
        Command::Man => {
            let mut buffer = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut buffer)?;
            report::raw(&buffer);
        }
        Command::Completions { shell } => {
            let mut buffer = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "msgen", &mut buffer);
            report::raw(&buffer);
        }
    }
    Ok(())
}
