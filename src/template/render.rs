//! Rendering: strings in, strings out. Strict handlebars, no HTML escaping,
//! rendered paths checked to stay inside the service.

use std::cell::RefCell;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderErrorReason,
};
use serde_json::Value as Json;

use super::TemplateFile;
use super::{helpers, pack};
use crate::error::UserError;

/// A handlebars registry configured the msgen way. Each template is
/// compiled once per process, however often it renders (per-operation files
/// render once per operation).
pub(crate) struct Renderer {
    registry: RefCell<Handlebars<'static>>,
    chunks: RefCell<HashMap<String, Arc<Vec<String>>>>,
}

fn raw_chunk(
    helper: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    let index = helper
        .param(0)
        .and_then(|param| param.value().as_u64())
        .ok_or(RenderErrorReason::ParamNotFoundForIndex(pack::HELPER, 0))?;
    out.write(&pack::chunk(usize::try_from(index).unwrap_or(usize::MAX)))?;
    Ok(())
}

impl Default for Renderer {
    fn default() -> Self {
        Self::new()
    }
}

impl Renderer {
    /// Strict mode, no escaping, msgen's helpers; no helper touches files or runs commands.
    #[must_use]
    pub(crate) fn new() -> Self {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(handlebars::no_escape);
        helpers::register(&mut registry);
        registry.register_helper(pack::HELPER, Box::new(raw_chunk));
        Self {
            registry: RefCell::new(registry),
            chunks: RefCell::new(HashMap::new()),
        }
    }

    /// Compiles `text` under the name `origin` unless already compiled.
    fn compile(
        &self,
        origin: &str,
        text: &str,
    ) -> Result<Arc<Vec<String>>, handlebars::RenderError> {
        if let Some(chunks) = self.chunks.borrow().get(origin) {
            return Ok(Arc::clone(chunks));
        }
        let (packed, chunks) = pack::pack(text);
        self.registry
            .borrow_mut()
            .register_template_string(origin, packed)
            .map_err(|error| {
                handlebars::RenderError::from(RenderErrorReason::TemplateError(error))
            })?;
        let chunks = Arc::new(chunks);
        self.chunks
            .borrow_mut()
            .insert(origin.to_owned(), Arc::clone(&chunks));
        Ok(chunks)
    }

    /// Renders one text template; `origin` names it in errors.
    ///
    /// # Errors
    /// A usage error naming the template file, line and column.
    pub(crate) fn render_text(
        &self,
        origin: &str,
        text: &str,
        context: &Context,
    ) -> Result<String, UserError> {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let chunks = self.compile(origin, text)?;
            pack::set_current(chunks);
            self.registry.borrow().render_with_context(origin, context)
        }));
        match outcome {
            Ok(Ok(rendered)) => Ok(rendered),
            Ok(Err(error)) => {
                let described = describe(&error);
                let hint = if [
                    "github.",
                    "secrets.",
                    "env.",
                    "matrix.",
                    "inputs.",
                    "steps.",
                    "needs.",
                    "vars.GITHUB",
                ]
                .iter()
                .any(|prefix| described.contains(&format!("\"{prefix}")))
                {
                    "GitHub Actions expressions must be escaped in .hbs files: write `$\\{{ github.sha }}`"
                } else {
                    "fix the template; every variable it uses must exist in the render context (docs/templates.md)"
                };
                Err(UserError::usage(format!(
                    "template file `{origin}` failed to render: {described}"
                ))
                .hint(hint))
            }
            Err(_) => Err(UserError::failure(format!(
                "the template engine panicked on `{origin}`; this is a bug in msgen or handlebars"
            ))),
        }
    }

    /// Renders without packing or caching: the reference the packed
    /// rendering is tested against.
    ///
    /// # Errors
    /// Any handlebars error.
    #[cfg(test)]
    pub(crate) fn render_unpacked(
        &self,
        text: &str,
        context: &Context,
    ) -> Result<String, handlebars::RenderError> {
        self.registry.borrow().render_template(text, context.data())
    }

    /// The path a template file renders to: variables filled in, `.hbs`
    /// dropped, checked to stay inside the service.
    ///
    /// # Errors
    /// A usage error for render failures and unsafe target paths.
    pub(crate) fn target_path(
        &self,
        origin: &str,
        file: &TemplateFile,
        context: &Context,
    ) -> Result<String, UserError> {
        let rendered = if file.path.contains("{{") {
            self.render_text(&format!("{origin} (path)"), &file.path, context)?
        } else {
            file.path.clone()
        };
        finish_target(origin, &rendered)
    }

    /// [`Renderer::target_path`] for a path template of plain text and `{{a.b}}`
    /// lookups only, with `lookup` answering them: rendered without handlebars, since
    /// per-operation paths render once per operation. `None` when the template has
    /// anything else or a lookup is not a string; the caller then renders it.
    ///
    /// # Errors
    /// As [`Renderer::target_path`], for unsafe target paths.
    pub(crate) fn simple_target_path<'v>(
        origin: &str,
        file: &TemplateFile,
        lookup: impl Fn(&str) -> Option<&'v Json>,
    ) -> Option<Result<String, UserError>> {
        if file.path.contains('\\') {
            return None;
        }
        let mut rendered = String::with_capacity(file.path.len() + 16);
        let mut rest = file.path.as_str();
        while let Some(open) = rest.find("{{") {
            rendered.push_str(&rest[..open]);
            let after = &rest[open + 2..];
            let close = after.find("}}")?;
            let name = &after[..close];
            let simple = !name.is_empty()
                && name.split('.').all(|part| {
                    part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                        && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                });
            if !simple {
                return None;
            }
            rendered.push_str(lookup(name)?.as_str()?);
            rest = &after[close + 2..];
        }
        if rest.contains("}}") {
            return None;
        }
        rendered.push_str(rest);
        Some(finish_target(origin, &rendered))
    }

    /// The contents of a template file: `.hbs` files are rendered, others
    /// copied byte for byte.
    ///
    /// # Errors
    /// A usage error for render failures and non-UTF-8 templates.
    pub(crate) fn contents(
        &self,
        origin: &str,
        file: &TemplateFile,
        context: &Context,
    ) -> Result<Vec<u8>, UserError> {
        if !file.path.ends_with(".hbs") {
            return Ok(file.bytes.clone());
        }
        let text = std::str::from_utf8(&file.bytes)
            .map_err(|_| UserError::usage(format!("template file `{origin}` is not UTF-8")))?;
        Ok(self.render_text(origin, text, context)?.into_bytes())
    }

    /// Renders a template file to (target path, contents).
    ///
    /// # Errors
    /// As [`Renderer::target_path`] and [`Renderer::contents`].
    #[cfg(test)]
    pub(crate) fn render_file(
        &self,
        origin: &str,
        file: &TemplateFile,
        context: &Context,
    ) -> Result<(String, Vec<u8>), UserError> {
        Ok((
            self.target_path(origin, file, context)?,
            self.contents(origin, file, context)?,
        ))
    }
}

fn describe(error: &handlebars::RenderError) -> String {
    let mut text = error.to_string();
    if let Some(line) = error.line_no
        && !text.contains("line")
    {
        text = format!(
            "{text} (line {line}, column {})",
            error.column_no.unwrap_or(0)
        );
    }
    crate::error::one_line(&text)
}

/// A rendered path with `.hbs` dropped, checked to stay inside the service.
fn finish_target(origin: &str, rendered: &str) -> Result<String, UserError> {
    let target = rendered.strip_suffix(".hbs").unwrap_or(rendered).to_owned();
    check_target(origin, &target)?;
    Ok(target)
}

/// Refuses a rendered path that could escape the service or hit `.git/`.
///
/// # Errors
/// A usage error naming the template file and the offending path.
pub(crate) fn check_target(origin: &str, target: &str) -> Result<(), UserError> {
    let fail = |why: &str| {
        Err(UserError::usage(format!(
            "template file `{origin}` renders to `{}`, which {why}",
            target.escape_debug()
        ))
        .hint("template paths must stay inside the service folder"))
    };
    if target.is_empty() {
        return fail("is empty");
    }
    if target.starts_with('/') || target.contains('\\') || target.contains(':') {
        return fail("is absolute or not a portable relative path");
    }
    for segment in target.split('/') {
        if segment.is_empty() {
            return fail("has an empty path segment");
        }
        if segment == ".." || segment == "." {
            return fail("contains `..` or `.`");
        }
        if segment.chars().any(char::is_control) {
            return fail("contains a control character");
        }
    }
    if target == ".git" || target.starts_with(".git/") {
        return fail("targets `.git/`");
    }
    if target == "msgen.toml" {
        return fail("is msgen's own manifest");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn context(value: Value) -> Context {
        Context::from(value)
    }

    fn file(path: &str, text: &str) -> TemplateFile {
        TemplateFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn renders_without_html_escaping_and_keeps_values_literal() {
        let (path, bytes) = Renderer::new()
            .render_file(
                "t",
                &file("a.rs.hbs", "{{v}}"),
                &context(json!({ "v": "<T> & {{x}}" })),
            )
            .unwrap();
        assert_eq!(path, "a.rs");
        assert_eq!(String::from_utf8(bytes).unwrap(), "<T> & {{x}}");
    }

    #[test]
    fn packed_runs_around_whitespace_control_render_as_plain_text_does() {
        let run = "\n  [[package]]\n  name = \"long enough to be packed\"\n  version = \"1.0.0\"\n";
        let data = json!({"x": true, "no": false, "y": "Y"});
        for text in [
            format!("{{{{#if x}}}}a{{{{/if~}}}}\n{run}\n{{{{y}}}}\n"),
            format!("{{{{#if no}}}}a{{{{/if~}}}}\n{run}{{{{y}}}}"),
            format!("{{{{#if x}}}}{{{{y}}}}{{{{else~}}}}\n{run}{{{{/if}}}}\n"),
            format!("{{{{y~}}}}  \n\n{run}\n  {{{{~y}}}}\n"),
            format!("{{{{y~}}}} more\n{run}\n"),
            format!("{{{{!-- note --~}}}}\n{run}\n"),
            format!("{{{{#if x}}}}\n{{{{/if~}}}}\n{run}\n{{{{#if x}}}}{{{{y}}}}{{{{/if}}}}\n"),
            format!(
                "{{{{#*inline \"p\"~}}}}\nP\n{{{{/inline~}}}}\n{run}\n\n\
                 {{{{#if (eq y \"Y\")}}}}{{{{> p}}}}{{{{/if~}}}}\n{run}\n\n\
                 {{{{#if (eq y \"Z\")}}}}{{{{> p}}}}{{{{/if~}}}}\n{run}\n"
            ),
        ] {
            let renderer = Renderer::new();
            let packed = renderer
                .render_text("t.hbs", &text, &context(data.clone()))
                .unwrap();
            let plain = renderer
                .render_unpacked(&text, &context(data.clone()))
                .unwrap();
            assert_eq!(packed, plain, "{text:?}");
        }
    }

    #[test]
    fn copies_non_hbs_files_verbatim() {
        let raw = "${{ github.sha }} {{not_rendered}}";
        let (_, bytes) = Renderer::new()
            .render_file("t", &file("ci.yml", raw), &context(json!({})))
            .unwrap();
        assert_eq!(bytes, raw.as_bytes());
    }

    #[test]
    fn escaped_actions_expressions_survive() {
        let (_, bytes) = Renderer::new()
            .render_file(
                "t",
                &file("ci.yml.hbs", "sha: $\\{{ github.sha }}"),
                &context(json!({})),
            )
            .unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "sha: ${{ github.sha }}");
    }

    #[test]
    fn strict_mode_names_file_and_variable() {
        let error = Renderer::new()
            .render_file(
                "files/README.md.hbs",
                &file("README.md.hbs", "x\n{{missing}}"),
                &context(json!({})),
            )
            .unwrap_err();
        assert!(
            error.message.contains("files/README.md.hbs"),
            "{}",
            error.message
        );
        assert!(error.message.contains("missing"), "{}", error.message);
    }

    #[test]
    fn refuses_paths_that_escape() {
        for (path, value) in [
            ("{{v}}/x.hbs", ".."),
            ("{{v}}.hbs", ""),
            ("{{v}}", "/etc/passwd"),
            ("{{v}}/hooks/pre-commit", ".git"),
            ("a//b", ""),
        ] {
            let result =
                Renderer::new().render_file("t", &file(path, "x"), &context(json!({ "v": value })));
            assert!(result.is_err(), "{path} with {value:?} was accepted");
        }
    }

    #[test]
    fn simple_paths_render_as_handlebars_does() {
        let data = json!({"operation": {"module": "get_order", "n": 3}, "name": "orders"});
        let renderer = Renderer::new();
        let lookup = |name: &str| {
            name.split('.')
                .try_fold(&data, |value: &Value, part| value.get(part))
        };
        for path in [
            "src/handlers/{{operation.module}}.rs.hbs",
            "tests/{{name}}_{{operation.module}}.rs",
            "plain/file.rs",
        ] {
            let fast = Renderer::simple_target_path(path, &file(path, ""), lookup)
                .unwrap()
                .unwrap();
            // Compiled templates are cached by origin, so each path gets its own.
            let slow = renderer
                .target_path(path, &file(path, ""), &context(data.clone()))
                .unwrap();
            assert_eq!(fast, slow, "{path}");
        }
        for path in [
            "{{operation.n}}.rs",
            "{{snakeCase name}}.rs",
            "{{{name}}}.rs",
            "{{~name}}.rs",
            "\\{{name}}.rs",
            "{{missing}}.rs",
        ] {
            assert!(
                Renderer::simple_target_path("t", &file(path, ""), lookup).is_none(),
                "{path}"
            );
        }
        let escape = Renderer::simple_target_path("t", &file("../{{name}}", ""), lookup).unwrap();
        assert!(escape.is_err());
    }
}
