//! `msgen man [PAGE]`: msgen's man page, or one of the pages it refers to
//! (`msgen-new`, `msgen-templates-list`, …): one page per visible subcommand.

use clap::Command;

use crate::error::UserError;

/// The roff text of `page` (`new` or `msgen-new`; msgen's own page when `None`).
///
/// # Errors
/// A usage error naming the pages when `page` is none of them; a failure if rendering fails.
pub(crate) fn render(mut root: Command, page: Option<&str>) -> anyhow::Result<Vec<u8>> {
    // Built, so the pages list what `--help` lists (the `help` subcommand included).
    root.build();
    let prefix = root.get_name().to_owned();
    let command = match page {
        None => root,
        Some(page) => {
            let wanted = if page.starts_with(&format!("{prefix}-")) {
                page.to_owned()
            } else {
                format!("{prefix}-{page}")
            };
            let pages = pages(&root, &prefix);
            let names: Vec<&str> = pages.iter().map(|(name, _)| name.as_str()).collect();
            let hint = format!("the pages are {}", names.join(", "));
            pages
                .into_iter()
                .find(|(name, _)| *name == wanted)
                .map(|(_, command)| command)
                .ok_or_else(|| {
                    UserError::usage(format!("msgen has no man page `{page}`")).hint(hint)
                })?
        }
    };
    let mut buffer = Vec::new();
    clap_mangen::Man::new(command).render(&mut buffer)?;
    Ok(buffer)
}

/// Every visible subcommand, nested ones too, as `(page name, command)`.
fn pages(parent: &Command, prefix: &str) -> Vec<(String, Command)> {
    let mut out = Vec::new();
    for sub in parent.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        let name = format!("{prefix}-{}", sub.get_name());
        // clap takes a `'static` name (without its `string` feature); a handful of short
        // strings, once per `msgen man` run.
        let title: &'static str = name.clone().leak();
        if sub.get_name() == "help" {
            // `help`'s subcommands mirror the others: its page says what it does, no more.
            let about = sub.get_about().cloned().unwrap_or_default();
            out.push((name, Command::new(title).about(about)));
        } else {
            out.push((name.clone(), sub.clone().name(title)));
            out.extend(pages(sub, &name));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli() -> Command {
        Command::new("msgen")
            .subcommand(Command::new("new").about("Generate"))
            .subcommand(Command::new("templates").subcommand(Command::new("list")))
            .subcommand(Command::new("man").hide(true))
    }

    /// Every page reachable from msgen's own through references (`msgen\-x(1)`); each renders.
    fn referred(cli: &dyn Fn() -> Command) -> Vec<String> {
        let mut seen = vec!["msgen".to_owned()];
        let mut queue = vec![None];
        while let Some(page) = queue.pop() {
            let text = String::from_utf8(render(cli(), page.as_deref()).unwrap()).unwrap();
            for reference in text.split_whitespace().filter(|w| w.ends_with("(1)")) {
                let name = reference.trim_end_matches("(1)").replace("\\-", "-");
                if !seen.contains(&name) {
                    seen.push(name.clone());
                    queue.push(Some(name));
                }
            }
        }
        seen.sort();
        seen
    }

    #[test]
    fn every_page_referred_to_exists() {
        assert_eq!(
            referred(&cli),
            [
                "msgen",
                "msgen-help",
                "msgen-new",
                "msgen-templates",
                "msgen-templates-help",
                "msgen-templates-list"
            ]
        );
        let error = render(cli(), Some("man")).unwrap_err();
        assert!(error.to_string().contains("no man page `man`"));
    }

    #[test]
    fn msgen_has_a_page_for_each_subcommand() {
        use clap::CommandFactory as _;
        let pages = referred(&crate::cli::Cli::command);
        for page in ["msgen-new", "msgen-remove-endpoint", "msgen-templates-copy"] {
            assert!(pages.iter().any(|p| p == page), "{page}: {pages:?}");
        }
    }
}
