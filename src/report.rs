//! The only module that prints: human text (coloured on a terminal, plain
//! when piped or with `NO_COLOR`) or JSON with `--json`.

use std::io::{IsTerminal as _, Write as _};
use std::path::Path;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::commands::change::ChangeOutcome;
use crate::commands::check::CheckOutcome;
use crate::commands::dependency::DependencyOutcome;
use crate::commands::dependency::repin::PinChange;
use crate::commands::diff::DiffOutcome;
use crate::commands::lifecycle::LifecycleOutcome;
use crate::commands::new::NewOutcome;
use crate::commands::smoke::{SmokeOutcome, StepResult};
use crate::commands::templates::Copied;
use crate::commands::templates::{TemplateDetails, TemplateSummary};
use crate::commands::upgrade::UpgradeOutcome;
use crate::error::{ErrorKind, user_error};
use crate::git::GitOutcome;
use crate::plan::Action;
use msgen_openapi::diff::Verdict;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default().bold();
const GOOD: Style = AnsiColor::Green.on_default().bold();
const DIM: Style = Style::new().dimmed();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();

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
    let interrupted = user_error(error).is_some_and(|user| user.kind == ErrorKind::Interrupted);
    if interrupted && std::io::stderr().is_terminal() {
        // After `^C` (or a prompt), start a line of our own, with the cursor shown.
        err!("\x1b[?25h");
    }
    if let Some(user) = user_error(error).filter(|user| user.problems.len() > 1) {
        // One block per problem of a refused contract, then the count.
        let file = user.message.split(' ').next().unwrap_or_default();
        for problem in &user.problems {
            err!("{ERROR}error:{ERROR:#} {}", problem.located(file));
            if let Some(pointer) = &problem.pointer {
                err!("  at {pointer}");
            }
            if let Some(hint) = &problem.hint {
                err!("  {HINT}hint:{HINT:#} {hint}");
            }
        }
        if user.more > 0 {
            err!("… and {} more", user.more);
        }
    }
    let chain: Vec<String> = error.chain().map(ToString::to_string).collect();
    err!("{ERROR}error:{ERROR:#} {}", chain.join(": "));
    if let Some(hint) = user_error(error).and_then(|user| user.hint.as_deref()) {
        err!("{HINT}hint:{HINT:#} {hint}");
    }
}

/// An error as a JSON object on stdout, for `--json` runs (stderr still gets the text).
pub(crate) fn error_json(error: &anyhow::Error) {
    let (message, hint) = if let Some(clap_error) = error.downcast_ref::<clap::Error>() {
        let text = clap_error.render().to_string();
        let first = text.lines().next().unwrap_or_default();
        (
            first.strip_prefix("error: ").unwrap_or(first).to_owned(),
            None,
        )
    } else {
        let chain: Vec<String> = error.chain().map(ToString::to_string).collect();
        (
            chain.join(": "),
            user_error(error).and_then(|user| user.hint.clone()),
        )
    };
    let mut object = serde_json::json!({
        "message": message,
        "hint": hint,
        "exit_code": crate::error::exit_code(error),
    });
    // A refused contract: each problem, at its place.
    if let Some(user) = user_error(error).filter(|user| !user.problems.is_empty()) {
        object["findings"] = serde_json::json!(user.problems);
        object["more"] = serde_json::json!(user.more);
    }
    json(&serde_json::json!({ "error": object }));
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

/// What the service leaves out of its contract (`generate::Contexts::warnings`), as
/// `new`, `sync` and `add-endpoint` say it; `check` lists the same as notes.
fn warnings(warnings: &[String]) {
    for warning in warnings {
        err!("{WARNING}warning:{WARNING:#} {warning}");
    }
}

/// `msgen new`.
pub(crate) fn new(outcome: &NewOutcome, as_json: bool) {
    if as_json {
        return json(outcome);
    }
    warnings(&outcome.warnings);
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
    match &outcome.add_endpoint {
        Some(endpoint) => out!("  msgen add-endpoint {endpoint} -C {root}"),
        None => out!("  msgen add-endpoint METHOD PATH -C {root}"),
    }
}

/// `msgen add-endpoint` and `msgen sync`.
pub(crate) fn change(outcome: &ChangeOutcome, as_json: bool) {
    if as_json {
        return json(outcome);
    }
    orphan_warnings(outcome.orphans.as_deref().unwrap_or_default());
    warnings(&outcome.warnings);
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
        for schema in &operation.stub_schemas {
            out!(
                "  created schema `{schema}` in the contract as a placeholder (an object with a string `id`): give it its real properties in components.schemas, then run `msgen sync`"
            );
        }
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
        let verb = match file.action {
            Action::Create => "create",
            Action::Delete => "delete",
            Action::Update | Action::Keep => "update",
        };
        out!("  {verb:<6} {}", file.path);
    }
}

/// `msgen upgrade`.
pub(crate) fn upgrade(outcome: &UpgradeOutcome, as_json: bool) {
    if as_json {
        return json(outcome);
    }
    if outcome.dry_run {
        let diff = outcome.plan.unified_diff();
        if !diff.is_empty() {
            out!("{}", diff.trim_end());
        }
    } else if outcome.plan.is_noop() {
        out!(
            "Up to date: `{}` is at {} {}",
            display(&outcome.root),
            outcome.template,
            outcome.to
        );
    } else {
        out!(
            "{GOOD}Upgraded{GOOD:#} `{}` from {} {} to {}",
            display(&outcome.root),
            outcome.template,
            outcome.from,
            outcome.to
        );
        for file in outcome.plan.writes() {
            let verb = match file.action {
                Action::Create => "create",
                Action::Delete => "delete",
                Action::Update | Action::Keep if outcome.merged.contains(&file.path) => "merge",
                Action::Update | Action::Keep => "update",
            };
            out!("  {verb:<6} {}", file.path);
        }
    }
    for (name, value) in &outcome.new_answers {
        out!("  new variable `{name}` = {value}");
    }
    for path in &outcome.not_upgraded {
        out!("  {DIM}not upgraded: `{path}` lives at the work tree's root{DIM:#}");
    }
    for kept in &outcome.kept {
        out!(
            "  {WARNING}kept{WARNING:#}   {}: {}",
            kept.path,
            kept.reason
        );
    }
    for conflict in &outcome.conflicts {
        let lines = conflict
            .lines
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let at = if lines.is_empty() {
            String::new()
        } else {
            format!(" (line {lines})")
        };
        out!(
            "  {ERROR}conflict{ERROR:#} {}{at}: {}",
            conflict.path,
            conflict.reason
        );
    }
    if outcome.dry_run {
        out!("{DIM}dry run: nothing written{DIM:#}");
    }
}

/// `msgen add-dependency` and `msgen remove-dependency`.
pub(crate) fn dependency(outcome: &DependencyOutcome, as_json: bool) {
    if as_json {
        return json(outcome);
    }
    if outcome.dry_run {
        let diff = outcome.plan.unified_diff();
        if !diff.is_empty() {
            out!("{}", diff.trim_end());
        }
        if let Some(changes) = &outcome.changes {
            pin_changes(changes);
        }
        out!("{DIM}dry run: nothing written{DIM:#}");
        return;
    }
    if let Some(changes) = &outcome.changes {
        repinned(outcome, changes);
    } else if outcome.command == "add-dependency" {
        out!(
            "{GOOD}Added{GOOD:#} dependency `{}` ({} operations, contract pinned at `{}`): call it as `state.clients.{}`",
            outcome.name,
            outcome.operations.len(),
            outcome.contract,
            outcome.name.replace('-', "_")
        );
    } else {
        out!("{GOOD}Removed{GOOD:#} dependency `{}`", outcome.name);
    }
    for file in outcome.plan.writes() {
        let verb = match file.action {
            Action::Create => "create",
            Action::Delete => "delete",
            Action::Update | Action::Keep => "update",
        };
        out!("  {verb:<6} {}", file.path);
    }
}

/// `add-dependency --update`: the contract's changes, and a warning for those that
/// break a call of this service.
fn repinned(outcome: &DependencyOutcome, changes: &[PinChange]) {
    out!(
        "{GOOD}Updated{GOOD:#} dependency `{}` ({} operations, contract re-pinned at `{}`): {}",
        outcome.name,
        outcome.operations.len(),
        outcome.contract,
        match changes.len() {
            0 => "its contract is unchanged".to_owned(),
            1 => "1 change".to_owned(),
            n => format!("{n} changes"),
        }
    );
    pin_changes(changes);
}

/// Each change of a re-pinned contract (stdout), then a warning for those that break
/// a call of this service (stderr).
fn pin_changes(changes: &[PinChange]) {
    for change in changes {
        let operations = if change.operations.is_empty() {
            String::new()
        } else {
            format!(" ({})", change.operations.join(", "))
        };
        out!(
            "  {:<10} {} at {}{operations}",
            change.verdict,
            change.description,
            change.pointer
        );
    }
    let broken: Vec<&PinChange> = changes
        .iter()
        .filter(|change| !change.breaks.is_empty())
        .collect();
    if !broken.is_empty() {
        let mut ids: Vec<&str> = broken
            .iter()
            .flat_map(|change| change.breaks.iter().map(String::as_str))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        err!(
            "{WARNING}warning:{WARNING:#} {} of these changes break operations this service calls: `{}`",
            broken.len(),
            ids.join("`, `")
        );
        err!(
            "{HINT}hint:{HINT:#} `cargo build` shows the handlers whose calls no longer fit the regenerated client; the previous copy is in version control"
        );
    }
}

/// Handler and test files `sync` found without an operation (stderr).
fn orphan_warnings(orphans: &[String]) {
    for path in orphans {
        err!(
            "{WARNING}warning:{WARNING:#} `{path}` is orphaned: no operation of the contract uses it, so msgen no longer wires it into the build"
        );
    }
    if !orphans.is_empty() {
        err!(
            "{HINT}hint:{HINT:#} after renaming an operationId by hand, move your code into the new handler and delete the orphan (`msgen rename-endpoint OLD NEW` renames and moves in one step); after removing an operation by hand, delete it (`msgen remove-endpoint METHOD PATH` does both)"
        );
    }
}

/// `msgen remove-endpoint` and `msgen rename-endpoint`.
pub(crate) fn lifecycle(outcome: &LifecycleOutcome, as_json: bool) {
    if as_json {
        return json(outcome);
    }
    let operation = &outcome.operation;
    if outcome.dry_run {
        let diff = outcome.plan.unified_diff();
        if !diff.is_empty() {
            out!("{}", diff.trim_end());
        }
        out!("{DIM}dry run: nothing written{DIM:#}");
    } else {
        match &outcome.renamed_to {
            Some(new_id) => out!(
                "{GOOD}Renamed{GOOD:#} `{}` to `{new_id}` (`{} {}`)",
                operation.id,
                operation.method,
                operation.path
            ),
            None => out!(
                "{GOOD}Removed{GOOD:#} `{} {}` (`{}`) from the contract",
                operation.method,
                operation.path,
                operation.id
            ),
        }
        for moved in &outcome.moved {
            out!("  move   {} -> {}", moved.from, moved.to);
        }
        let moving = |path: &str| {
            outcome
                .moved
                .iter()
                .any(|moved| moved.from == path || moved.to == path)
        };
        for file in outcome.plan.writes().filter(|file| !moving(&file.path)) {
            let verb = match file.action {
                Action::Create => "create",
                Action::Delete => "delete",
                Action::Update | Action::Keep => "update",
            };
            out!("  {verb:<6} {}", file.path);
        }
    }
    let (keep, then) = if outcome.dry_run {
        ("would keep", "pass --force to remove it as well")
    } else {
        (
            "kept",
            "move what you still need elsewhere, then delete it; `msgen check` reports it until then",
        )
    };
    for path in &outcome.kept {
        err!(
            "{WARNING}warning:{WARNING:#} {keep} `{path}`: it holds changes of yours, and with its operation gone msgen no longer wires it into the build"
        );
    }
    if !outcome.kept.is_empty() {
        err!("{HINT}hint:{HINT:#} {then}");
    }
    if !outcome.mentions.is_empty() {
        err!(
            "{WARNING}warning:{WARNING:#} other files of yours name `{}`, which may call the old handler module: {}",
            operation.id,
            outcome.mentions.join(", ")
        );
    }
    for moved in outcome.moved.iter().filter(|moved| !moved.untouched) {
        if moved.check_lines.is_empty() {
            out!(
                "  `{}` holds changes of yours: moved as it is, with the lines msgen wrote renamed",
                moved.to
            );
        } else {
            let lines: Vec<String> = moved.check_lines.iter().map(ToString::to_string).collect();
            err!(
                "{WARNING}warning:{WARNING:#} `{}` holds changes of yours and still names `{}` on line {}: check them",
                moved.to,
                operation.id,
                lines.join(", ")
            );
        }
    }
}

/// `msgen check`.
pub(crate) fn check(outcome: &CheckOutcome, as_json: bool) {
    if as_json {
        return json(outcome);
    }
    for finding in &outcome.findings {
        match (finding.line, finding.column) {
            (Some(line), Some(column)) => out!(
                "{}:{line}:{column}: {} [{}]",
                finding.path,
                finding.message,
                finding.kind
            ),
            _ => out!("{}: {} [{}]", finding.path, finding.message, finding.kind),
        }
        if let Some(hint) = &finding.hint {
            out!("  {HINT}hint:{HINT:#} {hint}");
        }
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
    if outcome.old_absent {
        out!(
            "{GOOD}nothing to break{GOOD:#}: {} does not exist, so {} is a new contract",
            outcome.old,
            outcome.new
        );
        return;
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
        "{GOOD}Copied{GOOD:#} template `{}` to `{}` as template `{}` ({} files); use it with `msgen new NAME --template {}`",
        copied.template,
        display(&copied.dir),
        copied.name,
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

/// A git template is being fetched (stderr, so stdout stays the result).
pub(crate) fn fetching(url: &str) {
    err!("{DIM}fetching template repository `{url}`…{DIM:#}");
}

/// Something about the template the user should know, though the run goes on (stderr).
pub(crate) fn template_note(message: &str) {
    err!("{DIM}note{DIM:#}: {message}");
}

/// Raw text (completion scripts).
pub(crate) fn raw(bytes: &[u8]) {
    let _ = std::io::stdout().write_all(bytes);
}
