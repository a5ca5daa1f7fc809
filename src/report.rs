//! The only module that prints: human text (coloured on a terminal, plain
//! when piped or with `NO_COLOR`) or JSON with `--json`.

use std::io::Write as _;
use std::path::Path;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::commands::change::ChangeOutcome;
use crate::commands::check::CheckOutcome;
use crate::commands::diff::DiffOutcome;
use crate::commands::new::NewOutcome;
use crate::commands::smoke::{SmokeOutcome, StepResult};
use crate::commands::templates::Copied;
use crate::commands::templates::{TemplateDetails, TemplateSummary};
use crate::error::user_error;
use crate::git::GitOutcome;
use crate::plan::Action;
use msgen_openapi::diff::Verdict;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default().bold();
const GOOD: Style = AnsiColor::Green.on_default().bold();
const DIM: Style = Style::new().dimmed();

macro_rules! out {
    ($($arg:tt)*) => {{
        let _ = writeln!(anstream::stdout(), $($arg)*);
    }};
}

macro_rules! err {
    ($($arg:tt)*) => {{
        let _ = writeln!(anstream::stderr(), $($arg)*);
    }};
}

/// Prints an error as `error: <sentence>` and, when known, `hint: <way out>`.
pub fn error(error: &anyhow::Error) {
    if let Some(clap_error) = error.downcast_ref::<clap::Error>() {
        let _ = clap_error.print();
        return;
    }
    let chain: Vec<String> = error.chain().map(ToString::to_string).collect();
    err!("{ERROR}error:{ERROR:#} {}", chain.join(": "));
    if let Some(hint) = user_error(error).and_then(|user| user.hint.as_deref()) {
        err!("{HINT}hint:{HINT:#} {hint}");
    }
}

fn json(value: &impl Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => out!("{text}"),
        Err(error) => err!("error: could not encode JSON output: {error}"),
    }
}

fn display(path: &Path) -> String {
    path.strip_prefix("./")
        .unwrap_or(path)
        .display()
        .to_string()
}

/// `msgen new`.
pub(crate) fn new(outcome: &NewOutcome, as_json: bool) {
    if as_json {
        return json(outcome);
    }
    let root = display(&outcome.root);
    let count = outcome
        .plan
        .files
        .iter()
        .filter(|file| file.action != Action::Keep)
        .count();
    if outcome.dry_run {
        out!("{}", outcome.plan.file_list().trim_end());
        if let Some(plan) = &outcome.repo_root {
            out!(
                "at the root of the git work tree `{}`:",
                display(&plan.root)
            );
            out!("{}", plan.file_list().trim_end());
        }
        out!("{DIM}dry run: {count} files for `{root}`, nothing written{DIM:#}");
        return;
    }
    out!(
        "{GOOD}Created{GOOD:#} service `{}` in `{root}` from template `{}` ({count} files)",
        outcome.name,
        outcome.template
    );
    for path in &outcome.kept {
        out!(
            "  kept existing `{path}` (msgen would write it differently; compare with `msgen new --dry-run`)"
        );
    }
    if let Some(plan) = &outcome.repo_root {
        for file in plan.writes() {
            let verb = if file.action == Action::Create {
                "created"
            } else {
                "added this service to"
            };
            out!(
                "  {verb} `{}` at the root of the git work tree `{}`, where the forge reads it",
                file.path,
                display(&plan.root)
            );
        }
    }
    for path in &outcome.repo_kept {
        out!(
            "  kept existing `{path}` at the root of the git work tree: add this service's part by hand (see `msgen new --dry-run`)"
        );
    }
    match &outcome.git {
        GitOutcome::Initialized => out!("  git: initialized with a first commit"),
        GitOutcome::Skipped(note) | GitOutcome::Failed(note) => out!("  {DIM}git: {note}{DIM:#}"),
    }
    out!("\nNext:");
    for step in &outcome.next_steps {
        out!("  cd {root} && {step}");
    }
    out!("  msgen add-endpoint GET /{} -C {root}", outcome.name);
}

/// `msgen add-endpoint` and `msgen sync`.
pub(crate) fn change(outcome: &ChangeOutcome, as_json: bool) {
    if as_json {
        return json(outcome);
    }
    if outcome.dry_run {
        let diff = outcome.plan.unified_diff();
        if !diff.is_empty() {
            out!("{}", diff.trim_end());
        }
        out!("{DIM}dry run: nothing written{DIM:#}");
        return;
    }
    if let Some(operation) = &outcome.operation {
        out!(
            "{GOOD}Added{GOOD:#} `{} {}` as `{}`",
            operation.method,
            operation.path,
            operation.id
        );
    } else if outcome.plan.is_noop() {
        out!(
            "Up to date: nothing to change in `{}`",
            display(&outcome.root)
        );
    } else {
        out!(
            "{GOOD}Synced{GOOD:#} `{}` with its contract",
            display(&outcome.root)
        );
    }
    for file in outcome.plan.writes() {
        let verb = if file.action == Action::Create {
            "create"
        } else {
            "update"
        };
        out!("  {verb:<6} {}", file.path);
    }
}

/// `msgen check`.
pub(crate) fn check(outcome: &CheckOutcome, as_json: bool) {
    if as_json {
        return json(outcome);
    }
    for finding in &outcome.findings {
        out!("{}: {} [{}]", finding.path, finding.message, finding.kind);
    }
    for note in &outcome.notes {
        out!("{DIM}note{DIM:#}: {}: {}", note.path, note.message);
    }
    if outcome.findings.is_empty() {
        out!(
            "{GOOD}ok{GOOD:#}: `{}` matches its contract ({} operations)",
            display(&outcome.root),
            outcome.operations
        );
    }
}

/// `msgen diff`: one line per change, then a summary.
pub(crate) fn diff(outcome: &DiffOutcome, as_json: bool) {
    if as_json {
        return json(outcome);
    }
    for change in &outcome.changes {
        let verdict = match change.verdict {
            Verdict::Breaking => format!("{ERROR}breaking{ERROR:#}  "),
            Verdict::Compatible => format!("{GOOD}compatible{GOOD:#}"),
        };
        let operations = if change.operations.is_empty() {
            String::new()
        } else {
            format!("  {DIM}({}){DIM:#}", change.operations.join(", "))
        };
        out!(
            "{verdict}  {}  {}{operations}",
            change.pointer,
            change.description
        );
    }
    let versions = match (&outcome.old_version, &outcome.new_version) {
        (Some(old), Some(new)) if old != new => format!(", info.version {old} → {new}"),
        _ => String::new(),
    };
    if outcome.changes.is_empty() {
        out!(
            "{GOOD}no changes{GOOD:#} between {} and {}{versions}",
            outcome.old,
            outcome.new
        );
        return;
    }
    out!(
        "{} change(s): {} breaking, {} compatible{versions}",
        outcome.changes.len(),
        outcome.breaking,
        outcome.compatible
    );
    if outcome.breaking > 0 && outcome.major_bump {
        out!(
            "{GOOD}accepted{GOOD:#}: the breaking changes come with a new major version of info.version"
        );
    }
}

/// `msgen templates list`.
pub(crate) fn template_list(templates: &[TemplateSummary], as_json: bool) {
    if as_json {
        return json(&templates);
    }
    for template in templates {
        out!(
            "{:<12} {:<8} {}",
            template.name,
            template.version,
            template.description
        );
    }
}

/// `msgen templates show`.
pub(crate) fn template_details(details: &TemplateDetails, as_json: bool) {
    if as_json {
        return json(details);
    }
    let summary = &details.summary;
    out!(
        "{} {} ({})\n{}\n\nvariables:",
        summary.name,
        summary.version,
        details.source,
        summary.description
    );
    for variable in &details.variables {
        let default = variable.default.as_deref().unwrap_or("(required)");
        out!(
            "  {:<14} {:<8} default {default}",
            variable.name,
            variable.kind
        );
        if let Some(help) = &variable.help {
            out!("  {:<14} {help}", "");
        }
    }
    out!("\nfiles:");
    for file in &details.files {
        let owned = details
            .owned
            .iter()
            .any(|owned| file.strip_suffix(".hbs").unwrap_or(file) == owned);
        out!("  {file}{}", if owned { "  (msgen-owned)" } else { "" });
    }
    out!("\nper operation:");
    for file in &details.operation_files {
        out!("  {file}");
    }
}

/// `msgen templates copy`.
pub(crate) fn template_copied(copied: &Copied) {
    out!(
        "{GOOD}Copied{GOOD:#} template `{}` to `{}` ({} files); use it with `msgen new NAME --template {}`",
        copied.template,
        display(&copied.dir),
        copied.files,
        display(&copied.dir)
    );
}

/// A duration in seconds, for the smoke table.
fn seconds(duration: f64) -> String {
    format!("{duration:.1}s")
}

/// One finished smoke step, as it happens (stderr, so stdout stays the table).
pub(crate) fn smoke_step(step: &StepResult) {
    let verdict = if step.ok {
        format!("{GOOD}ok{GOOD:#}  ")
    } else {
        format!("{ERROR}FAIL{ERROR:#}")
    };
    err!(
        "{verdict} {:<12} {:<44} {:>7}",
        step.spec,
        step.step,
        seconds(step.seconds)
    );
}

/// The smoke summary table, then the output of each failed step.
pub(crate) fn smoke(outcome: &SmokeOutcome, as_json: bool) {
    if as_json {
        return json(outcome);
    }
    out!(
        "{:<12} {:<44} {:<7} {:>7}",
        "spec",
        "step",
        "verdict",
        "time"
    );
    for step in &outcome.steps {
        let verdict = if step.ok { "ok" } else { "FAIL" };
        out!(
            "{:<12} {:<44} {verdict:<7} {:>7}",
            step.spec,
            step.step,
            seconds(step.seconds)
        );
    }
    for step in outcome.steps.iter().filter(|step| !step.ok) {
        out!(
            "\n--- {} / {} failed:\n{}",
            step.spec,
            step.step,
            step.output.trim_end()
        );
    }
    for dir in &outcome.kept {
        out!("kept: {}", display(dir));
    }
}

/// Another msgen run holds the service's lock (stderr, so stdout stays the result).
pub(crate) fn waiting(root: &Path) {
    err!(
        "{DIM}waiting for another msgen run on this service (`{}`)…{DIM:#}",
        display(root)
    );
}

/// Raw text (completion scripts).
pub(crate) fn raw(bytes: &[u8]) {
    let _ = std::io::stdout().write_all(bytes);
}
