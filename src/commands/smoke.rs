//! `msgen smoke`: template CI. Generates each spec into its own folder, grows
//! it by one endpoint, proves `sync` is a no-op and `check` is clean, then runs
//! the template's verify commands inside it with one shared build cache.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::commands::change::{self, ChangeOptions};
use crate::commands::existing::ServiceOptions;
use crate::commands::new_options::NewOptions;
use crate::commands::{check, new};
use crate::endpoint::EndpointRequest;
use crate::error::UserError;
use crate::template::{DEFAULT_TEMPLATE, Template};

/// What `msgen smoke` takes.
#[derive(Debug, Clone)]
pub(crate) struct SmokeOptions {
    /// Spec files to generate; none means one service with the template's defaults.
    pub specs: Vec<PathBuf>,
    /// A built-in template name or a template folder; the default template when `None`.
    pub template: Option<String>,
    /// How many services to verify at once.
    pub jobs: usize,
    /// Keep every generated service (failed ones are always kept).
    pub keep: bool,
    /// Generate into this folder instead of a temporary one.
    pub output: Option<PathBuf>,
}

/// One step of one service.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StepResult {
    /// The spec (file stem) or service name.
    pub spec: String,
    /// What ran.
    pub step: String,
    /// Whether it passed.
    pub ok: bool,
    /// How long it took.
    pub seconds: f64,
    /// Output of a failed step.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub output: String,
}

/// The whole run.
#[derive(Debug, Serialize)]
pub(crate) struct SmokeOutcome {
    /// Every step that ran, in order per service.
    pub steps: Vec<StepResult>,
    /// Folders kept (failed services, or all with `--keep`).
    pub kept: Vec<PathBuf>,
}

/// What smoke calls after each step, from the thread that ran it.
pub(crate) type OnStep = dyn Fn(&StepResult) + Sync;

/// Runs `msgen smoke`, calling `on_step` after every step.
///
/// # Errors
/// Usage errors for bad specs or templates; a failure when any step fails.
pub(crate) fn run(args: &SmokeOptions, on_step: &OnStep) -> anyhow::Result<SmokeOutcome> {
    let template_spec = args
        .template
        .clone()
        .unwrap_or_else(|| DEFAULT_TEMPLATE.to_owned());
    let template = Template::load(&template_spec)?;
    let base = match &args.output {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|error| {
                UserError::usage(format!("cannot create `{}`: {error}", dir.display()))
            })?;
            dir.clone()
        }
        None => tempfile::Builder::new()
            .prefix("msgen-smoke-")
            .tempdir()?
            .keep(),
    };
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || std::env::temp_dir().join("msgen-smoke-target"),
        PathBuf::from,
    );
    let specs: Vec<Option<PathBuf>> = if args.specs.is_empty() {
        vec![None]
    } else {
        args.specs.iter().cloned().map(Some).collect()
    };
    let jobs = args.jobs.max(1);
    let queue = std::sync::Mutex::new(specs.into_iter());
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().ok().and_then(|mut queue| queue.next());
                    let Some(spec) = next else { break };
                    let outcome = smoke_one(
                        spec.as_deref(),
                        &template_spec,
                        &template,
                        &base,
                        &target_dir,
                        on_step,
                    );
                    if let Ok(mut results) = results.lock() {
                        results.push(outcome);
                    }
                }
            });
        }
    });
    let mut steps = Vec::new();
    let mut kept = Vec::new();
    for (dir, service_steps) in results.into_inner().unwrap_or_default() {
        let failed = service_steps.iter().any(|step| !step.ok);
        if failed || args.keep {
            kept.push(dir);
        } else {
            remove_generated(&dir);
        }
        steps.extend(service_steps);
    }
    if !args.keep && args.output.is_none() && kept.is_empty() {
        let _ = std::fs::remove_dir(&base);
    }
    Ok(SmokeOutcome { steps, kept })
}

fn smoke_one(
    spec: Option<&Path>,
    template_spec: &str,
    template: &Template,
    base: &Path,
    target_dir: &Path,
    on_step: &OnStep,
) -> (PathBuf, Vec<StepResult>) {
    let label = spec.and_then(Path::file_stem).map_or_else(
        || "smoke".to_owned(),
        |stem| stem.to_string_lossy().into_owned(),
    );
    let out = base.join(&label);
    let mut steps = Vec::new();
    let spinner = Spinner::new(&label);
    let mut record = |step: &str, started: Instant, result: Result<(), String>| -> bool {
        spinner.next(step);
        let result = StepResult {
            spec: label.clone(),
            step: step.to_owned(),
            ok: result.is_ok(),
            seconds: started.elapsed().as_secs_f64(),
            output: result.err().unwrap_or_default(),
        };
        spinner.suspend(|| on_step(&result));
        let ok = result.ok;
        steps.push(result);
        ok
    };

    let started = Instant::now();
    if let Err(error) = std::fs::create_dir_all(&out) {
        record(
            "generate",
            started,
            Err(format!("cannot create `{}`: {error}", out.display())),
        );
        return (out, steps);
    }
    let generated = new::run(&NewOptions {
        name: spec.is_none().then(|| "smoke".to_owned()),
        output: out.clone(),
        template: Some(template_spec.to_owned()),
        set: Vec::new(),
        from: spec.map(Path::to_path_buf),
        contract: None,
        no_input: true,
        dry_run: false,
        force: false,
        no_git: true,
        no_wait: false,
        template_version: None,
    });
    let service = match generated {
        Ok(outcome) => outcome.root,
        Err(error) => {
            record("generate", started, Err(format!("{error:#}")));
            return (out, steps);
        }
    };
    if !record("generate", started, Ok(())) {
        return (out, steps);
    }
    let checks: [(&str, ServiceCheck); 3] = [
        ("add-endpoint", add_probe),
        ("sync is a no-op", sync_is_noop),
        ("check is clean", check_is_clean),
    ];
    for (step, run) in checks {
        let started = Instant::now();
        if !record(step, started, run(&service)) {
            return (out, steps);
        }
    }

    for command in &template.manifest.verify {
        let started = Instant::now();
        if !record(command, started, run_verify(command, &service, target_dir)) {
            break;
        }
    }
    (out, steps)
}

/// One in-process step on a generated service.
type ServiceCheck = fn(&Path) -> Result<(), String>;

/// Apply a change to `service`; `dry_run` only plans it.
fn change_options(service: &Path, dry_run: bool) -> ChangeOptions {
    ChangeOptions {
        service: ServiceOptions {
            dir: Some(service.to_path_buf()),
            ..ServiceOptions::default()
        },
        dry_run,
        force: false,
    }
}

/// Grows the service by one endpoint with a path parameter, a query and a body.
fn add_probe(service: &Path) -> Result<(), String> {
    let probe = EndpointRequest {
        method: "GET".into(),
        path: "/smoke/probes/{probe_id}".into(),
        summary: Some("A probe added by msgen smoke".into()),
        params: vec!["probe_id:integer".into()],
        query: vec!["verbose:boolean?".into()],
        response: Some("SmokeProbe".into()),
        ..EndpointRequest::default()
    };
    change::add_endpoint(&probe, &change_options(service, false))
        .map(drop)
        .map_err(|error| format!("{error:#}"))
}

/// Right after a change, `sync` must have nothing left to do.
fn sync_is_noop(service: &Path) -> Result<(), String> {
    let outcome =
        change::sync(&change_options(service, true)).map_err(|error| format!("{error:#}"))?;
    if outcome.plan.is_noop() {
        Ok(())
    } else {
        Err(format!(
            "sync would change files:\n{}",
            outcome.plan.unified_diff()
        ))
    }
}

/// `check` must find nothing.
fn check_is_clean(service: &Path) -> Result<(), String> {
    let outcome = check::run(&ServiceOptions {
        dir: Some(service.to_path_buf()),
        ..ServiceOptions::default()
    })
    .map_err(|error| format!("{error:#}"))?;
    if outcome.findings.is_empty() {
        return Ok(());
    }
    Err(outcome
        .findings
        .iter()
        .map(|finding| format!("{}: {}", finding.path, finding.message))
        .collect::<Vec<_>>()
        .join("\n"))
}

fn run_verify(command: &str, dir: &Path, target_dir: &Path) -> Result<(), String> {
    let mut shell = if cfg!(windows) {
        let mut shell = Command::new("cmd");
        shell.args(["/C", command]);
        shell
    } else {
        let mut shell = Command::new("sh");
        shell.args(["-c", command]);
        shell
    };
    let output = shell
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_TERM_COLOR", "never")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|error| format!("could not start `{command}`: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{command}` exited with {}\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// A spinner naming the running service, shown only on a terminal
/// (indicatif hides itself when stderr is not one).
struct Spinner {
    bar: indicatif::ProgressBar,
    service: String,
}

impl Spinner {
    fn new(service: &str) -> Self {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message(format!("{service}: generating"));
        bar.enable_steady_tick(Duration::from_millis(120));
        Self {
            bar,
            service: service.to_owned(),
        }
    }

    fn next(&self, finished: &str) {
        self.bar
            .set_message(format!("{}: after {finished}", self.service));
    }

    fn suspend(&self, draw: impl FnOnce()) {
        self.bar.suspend(draw);
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// Removes a service folder smoke generated itself.
fn remove_generated(dir: &Path) {
    #[allow(
        clippy::disallowed_methods,
        reason = "smoke removes only the folders it generated"
    )]
    let _ = std::fs::remove_dir_all(dir);
}
