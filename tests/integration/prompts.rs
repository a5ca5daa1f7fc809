//! Prompts on a real pseudo-terminal (through util-linux `script`): asked for
//! a missing required value on a terminal, never with `--no-input`.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::helpers::{Workspace, msgen};

/// Runs `msgen ARGS` under a pseudo-terminal, typing `input`; `None` when
/// `script` is not installed.
fn on_terminal(dir: &Path, args: &str, input: &str) -> Option<(i32, String)> {
    let binary = assert_cmd::cargo::cargo_bin!("msgen");
    let mut child = Command::new("script")
        .args(["-qec", &format!("{} {args}", binary.display()), "/dev/null"])
        .current_dir(dir)
        .env_remove("CI")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut stdin = child.stdin.take()?;
    stdin.write_all(input.as_bytes()).ok()?;
    // Keep the terminal open until msgen exits: at end of input `script` hangs up,
    // which could end msgen before it finishes the line it is writing.
    let mut stdout = child.stdout.take()?;
    let reader = std::thread::spawn(move || {
        let mut screen = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout, &mut screen);
        screen
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().ok()? {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            break child.wait().ok()?;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    drop(stdin);
    let screen = reader.join().ok()?;
    Some((
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&screen).into_owned(),
    ))
}

fn template_with_required_owner(workspace: &Workspace) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    msgen(workspace.path())
        .args(["templates", "copy"])
        .arg(fixture)
        .arg("tpl")
        .assert()
        .success();
    let manifest = workspace.path().join("tpl/template.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(manifest, text + "\n[variables.owner]\ntype = \"string\"\nrequired = true\nprompt = \"Owning team\"\n").unwrap();
}

#[test]
fn prompts_for_a_missing_required_value_on_a_terminal() {
    let workspace = Workspace::new();
    template_with_required_owner(&workspace);
    let Some((code, screen)) = on_terminal(
        workspace.path(),
        "new demo --no-git --template tpl",
        "shop\r",
    ) else {
        return;
    };
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Owning team"), "{screen}");
    let manifest = std::fs::read_to_string(workspace.path().join("demo/msgen.toml")).unwrap();
    assert!(manifest.contains("owner = \"shop\""), "{manifest}");
}

#[test]
fn no_input_never_prompts_even_on_a_terminal() {
    let workspace = Workspace::new();
    template_with_required_owner(&workspace);
    let Some((code, screen)) = on_terminal(
        workspace.path(),
        "new demo --no-git --no-input --template tpl",
        "shop\r",
    ) else {
        return;
    };
    assert_eq!(code, 2, "{screen}");
    assert!(
        screen.contains("missing required values: `owner`"),
        "{screen}"
    );
    assert!(!workspace.path().join("demo").exists());
}

#[test]
fn asks_for_a_missing_name_and_an_invalid_answer_again() {
    let workspace = Workspace::new();
    template_with_required_owner(&workspace);
    let manifest = workspace.path().join("tpl/template.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(manifest, text + "pattern = \"^[a-z]+$\"\n").unwrap();
    let Some((code, screen)) = on_terminal(
        workspace.path(),
        "new --no-git --template tpl",
        "My_Svc\rdemo\rBad1\rshop\r",
    ) else {
        return;
    };
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("Service name"), "{screen}");
    assert!(screen.contains("is not lowercase kebab-case"), "{screen}");
    assert!(screen.contains("does not match"), "{screen}");
    let manifest = std::fs::read_to_string(workspace.path().join("demo/msgen.toml")).unwrap();
    assert!(manifest.contains("owner = \"shop\""), "{manifest}");
}

#[test]
fn ctrl_c_at_a_prompt_exits_130_on_a_clean_line() {
    let workspace = Workspace::new();
    template_with_required_owner(&workspace);
    let Some((code, screen)) = on_terminal(
        workspace.path(),
        "new demo --no-git --template tpl",
        "\u{3}",
    ) else {
        return;
    };
    assert_eq!(code, 130, "{screen}");
    // Ctrl-C reaches the prompt (which reports it) or, under load before the prompt
    // reads the terminal, the signal handler (which only ends the line): a clean line
    // either way.
    assert!(screen.is_empty() || screen.ends_with('\n'), "{screen:?}");
    if let Some(error) = screen.find("error:") {
        assert!(screen[..error].ends_with('\n'), "{screen:?}");
        assert!(
            screen[error..].starts_with("error: interrupted; nothing was changed"),
            "{screen:?}"
        );
    }
    assert!(!workspace.path().join("demo").exists());
}

#[test]
fn prompts_come_in_the_order_the_template_declares() {
    let workspace = Workspace::new();
    template_with_required_owner(&workspace);
    let manifest = workspace.path().join("tpl/template.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let extra =
        "\n[variables.area]\ntype = \"string\"\nrequired = true\nprompt = \"Business area\"\n";
    std::fs::write(manifest, text + extra).unwrap();
    let Some((code, screen)) = on_terminal(
        workspace.path(),
        "new demo --no-git --template tpl",
        "shop\rsales\r",
    ) else {
        return;
    };
    assert_eq!(code, 0, "{screen}");
    let owner = screen.find("Owning team").unwrap();
    let area = screen.find("Business area").unwrap();
    assert!(owner < area, "{screen}");
    let manifest = std::fs::read_to_string(workspace.path().join("demo/msgen.toml")).unwrap();
    assert!(manifest.contains("area = \"sales\""), "{manifest}");
    assert!(manifest.contains("owner = \"shop\""), "{manifest}");
}
