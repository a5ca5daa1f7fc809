//! From (template, name, answers, contract) to file contents: the one place
//! that decides what a service's files should hold. `new`, `add-endpoint`,
//! `sync` and `check` all derive files here, so they can never disagree.

use std::collections::BTreeSet;

use handlebars::Context;
use serde::Serialize;
use serde_json::{Value, json};

use crate::answers::Answers;
use crate::error::UserError;
use crate::plan::Owner;
use crate::service_name::ServiceName;
use crate::template::definition::Models;
use crate::template::render::Renderer;
use crate::template::{Template, TemplateFile};
use msgen_openapi::Contract;
use msgen_openapi::view::ContractView;
use msgen_rust::{RustError, RustView};

/// One rendered file.
#[derive(Debug, Clone)]
pub(crate) struct Rendered {
    /// Target path inside the service.
    pub path: String,
    /// Contents, when they were asked for.
    pub contents: Option<Vec<u8>>,
    /// msgen-owned or user-owned.
    pub owner: Owner,
}

/// Everything a service's files are derived from.
pub(crate) struct Service<'a> {
    pub template: &'a Template,
    pub name: &'a ServiceName,
    pub answers: &'a Answers,
    /// The service folder from the root of the git work tree holding it, `/`-separated;
    /// empty when the service is alone in its repository (or in none).
    pub repo_path: String,
    /// The providers this service has clients of (see `client_files::context`).
    pub dependencies: Vec<Value>,
    renderer: Renderer,
}

#[derive(Serialize)]
struct RootContext<'a> {
    msgen: Value,
    template: Value,
    repo: Value,
    name: &'a ServiceName,
    vars: &'a Answers,
    /// The language-neutral view, for every template that reads it (see
    /// [`Template::reads_contract_view`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    contract: Option<&'a ContractView>,
    /// The path of the first `servers` URL (`/v1`), `""` for none; also in the view,
    /// here for templates that read only their language's view.
    base_path: &'a str,
    /// The Rust operations for a template with `models = "rust"`, else the neutral ones.
    operations: &'a [Value],
    /// The providers this service has clients of.
    dependencies: &'a [Value],
    /// Only for a template with `models = "rust"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    rust_models: Option<&'a str>,
}

/// The render contexts of one contract: the full one for skeleton files,
/// and a small one per operation (no operation list, so rendering N
/// operation files costs O(N), not O(N²)).
pub(crate) struct Contexts {
    full: Context,
    light: serde_json::Map<String, Value>,
    /// The contract's operations as templates see them, in document order.
    pub operations: Vec<Value>,
    /// What the generated code leaves out of the contract, one sentence each (a request
    /// media type answered 415): said, never silent.
    pub warnings: Vec<String>,
}

impl Contexts {
    fn for_operation(&self, operation: &Value) -> Context {
        let mut light = self.light.clone();
        light.insert("operation".to_owned(), operation.clone());
        Context::from(Value::Object(light))
    }
}

/// A warning for each request media type the contract lists and the service answers 415.
fn unread_media(operations: &[msgen_rust::Operation]) -> Vec<String> {
    let mut warnings = Vec::new();
    for operation in operations {
        let Some(request) = &operation.request else {
            continue;
        };
        let name = if operation.operation_id.is_empty() {
            format!("{} {}", operation.method_upper, operation.path)
        } else {
            operation.operation_id.clone()
        };
        let read = if request.also_form {
            "`application/json` and `application/x-www-form-urlencoded`".to_owned()
        } else {
            format!("`{}`", request.media_type)
        };
        for media in &request.unread_media {
            warnings.push(format!(
                "operation `{name}` lists a request body of `{media}`, which msgen does not read: the service answers it 415 and reads {read}"
            ));
        }
    }
    warnings
}

fn to_values<T: Serialize>(items: &[T]) -> Vec<Value> {
    items
        .iter()
        .map(|item| {
            serde_json::to_value(item)
                .unwrap_or_else(|error| unreachable!("operations serialize: {error}"))
        })
        .collect()
}

impl<'a> Service<'a> {
    #[must_use]
    pub(crate) fn new(template: &'a Template, name: &'a ServiceName, answers: &'a Answers) -> Self {
        Self {
            template,
            name,
            answers,
            repo_path: String::new(),
            dependencies: Vec::new(),
            renderer: Renderer::new(),
        }
    }

    /// The same service, with clients of `dependencies`.
    #[must_use]
    pub(crate) fn with_dependencies(mut self, dependencies: Vec<Value>) -> Self {
        self.dependencies = dependencies;
        self
    }

    /// The same service, inside a work tree at `repo_path` (see [`Service::repo_path`]).
    #[must_use]
    pub(crate) fn in_repo(mut self, repo_path: &str) -> Self {
        repo_path.clone_into(&mut self.repo_path);
        self
    }

    fn rust(&self) -> bool {
        self.template.manifest.models == Some(Models::Rust)
    }

    fn context(
        &self,
        contract: Option<&ContractView>,
        base_path: &str,
        operations: &[Value],
        rust_models: Option<&str>,
    ) -> Value {
        let root = RootContext {
            msgen: json!({ "version": env!("CARGO_PKG_VERSION") }),
            template: json!({
                "name": self.template.manifest.name,
                "version": self.template.manifest.version,
            }),
            repo: json!({ "path": self.repo_path }),
            name: self.name,
            vars: self.answers,
            contract,
            base_path,
            operations,
            dependencies: &self.dependencies,
            rust_models,
        };
        serde_json::to_value(root)
            .unwrap_or_else(|error| unreachable!("render context serializes: {error}"))
    }

    fn origin(&self, folder: &str, file: &TemplateFile) -> String {
        format!("{}/{folder}/{}", self.template.origin.label(), file.path)
    }

    /// The contract as the skeleton starts it, before any endpoint is added.
    ///
    /// # Errors
    /// Render errors of the contract template.
    pub(crate) fn base_contract(&self) -> Result<String, UserError> {
        let contract = &self.template.manifest.contract;
        let file = self.template.file_for(contract).ok_or_else(|| {
            UserError::usage(format!("the template has no contract file `{contract}`"))
        })?;
        let rust_models = self.rust().then_some("");
        let context =
            Context::from(self.context(Some(&ContractView::default()), "", &[], rust_models));
        let bytes = self
            .renderer
            .contents(&self.origin("files", file), file, &context)?;
        String::from_utf8(bytes)
            .map_err(|_| UserError::usage(format!("the rendered `{contract}` is not UTF-8")))
    }

    /// Parses a contract and derives the render contexts from it.
    ///
    /// # Errors
    /// Contract errors (exit 2).
    pub(crate) fn contexts_for(&self, contract: &Contract) -> Result<Contexts, UserError> {
        self.contexts_named(contract, &self.template.manifest.contract)
    }

    /// [`Service::contexts_for`], naming the contract `file` in its problems (the path the
    /// team gave `new --contract`).
    ///
    /// # Errors
    /// Contract errors (exit 2).
    pub(crate) fn contexts_named(
        &self,
        contract: &Contract,
        file: &str,
    ) -> Result<Contexts, UserError> {
        let refused =
            |error: RustError| crate::error::contract_refused(file, contract.text(), &error);
        let base_path = msgen_openapi::servers::base_path(contract.root())
            .map_err(|error| refused(RustError::Contract(error)))?;
        let mut warnings = Vec::new();
        let (view, mut operations, models) = if self.rust() {
            // Independent reads of the same contract: the models on one core, the
            // operations and the neutral view on the other.
            let wants_view = self.template.reads_contract_view();
            let (operations, models, view) = std::thread::scope(|scope| {
                let models = scope.spawn(|| contract.rust_models());
                let operations = RustView::operations(contract);
                let view = wants_view.then(|| contract.view()).transpose();
                let models = models
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (operations, models, view)
            });
            // Every problem of the three reads, each once.
            let (operations, models, view) = match (operations, models, view) {
                (Ok(operations), Ok(models), Ok(view)) => (operations, models, view),
                (operations, models, view) => {
                    let errors = [
                        operations.err(),
                        models.err(),
                        view.err().map(RustError::Contract),
                    ];
                    let error = RustError::collect(errors.into_iter().flatten().collect())
                        .err()
                        .unwrap_or_else(|| unreachable!("one of the reads failed"));
                    return Err(refused(error));
                }
            };
            warnings = unread_media(&operations);
            (view, to_values(&operations), Some(models))
        } else {
            let view = contract
                .view()
                .map_err(|error| refused(RustError::Contract(error)))?;
            let operations = to_values(&view.operations);
            (Some(view), operations, None)
        };
        let error_tables = crate::error_tables::name_error_tables(&mut operations);
        let Value::Object(mut light) = self.context(None, &base_path, &[], models.as_deref())
        else {
            unreachable!("the root context is an object")
        };
        light.remove("operations");
        light.remove("rust_models");
        let mut full = self.context(view.as_ref(), &base_path, &operations, models.as_deref());
        // Small and cheap: templates that read only their language's view guard routes with it.
        full["security_schemes"] =
            serde_json::to_value(msgen_openapi::view::security_schemes(contract.root()))
                .unwrap_or_default();
        // A request that matches no route answers errors as every operation does, if alike.
        full["unmatched_errors"] = serde_json::to_value(
            msgen_openapi::error_format::shared(contract.root()).unwrap_or_default(),
        )
        .unwrap_or_default();
        full["error_tables"] = error_tables;
        let full = Context::from(full);
        Ok(Contexts {
            full,
            light,
            operations,
            warnings,
        })
    }

    /// Skeleton files (the contract excluded: the caller owns its text).
    /// Every path is rendered; contents only where `wanted(path, owner)`.
    ///
    /// # Errors
    /// Render errors, unsafe paths, two files rendering to one path.
    pub(crate) fn skeleton(
        &self,
        contexts: &Contexts,
        wanted: &dyn Fn(&str, Owner) -> bool,
    ) -> Result<Vec<Rendered>, UserError> {
        let mut out = Vec::new();
        for file in &self.template.files {
            if !self.is_enabled(&file.path) {
                continue;
            }
            let origin = self.origin("files", file);
            let path = self.renderer.target_path(&origin, file, &contexts.full)?;
            if path == self.template.manifest.contract {
                continue;
            }
            let owner = self.owner_of(&path);
            let body = if wanted(&path, owner) {
                Some(self.renderer.contents(&origin, file, &contexts.full)?)
            } else {
                None
            };
            out.push(Rendered {
                path,
                contents: body,
                owner,
            });
        }
        check_unique(&out)?;
        Ok(out)
    }

    /// The per-operation files of every non-system operation. Every path is
    /// rendered; contents only where `wanted(path)`.
    ///
    /// # Errors
    /// Render errors and unsafe paths.
    pub(crate) fn operation_files(
        &self,
        contexts: &Contexts,
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<Rendered>, UserError> {
        let mut out = Vec::new();
        let origins: Vec<String> = self
            .template
            .operation_files
            .iter()
            .map(|file| self.origin("operation", file))
            .collect();
        // Simple paths are looked up in the operation's JSON, and an operation's own
        // context is built only when needed.
        for operation in &contexts.operations {
            if operation.get("system").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            let lookup = |name: &str| {
                let mut parts = name.split('.');
                let first = parts.next()?;
                let start = match first {
                    "operation" => operation,
                    _ => contexts.light.get(first)?,
                };
                parts.try_fold(start, |value, part| value.get(part))
            };
            let mut scoped = None;
            for (file, origin) in self.template.operation_files.iter().zip(&origins) {
                let origin = origin.as_str();
                let path = if let Some(path) = Renderer::simple_target_path(origin, file, lookup) {
                    path?
                } else {
                    let scoped = scoped.get_or_insert_with(|| contexts.for_operation(operation));
                    self.renderer.target_path(origin, file, scoped)?
                };
                let body = if wanted(&path) {
                    let scoped = scoped.get_or_insert_with(|| contexts.for_operation(operation));
                    Some(self.renderer.contents(origin, file, scoped)?)
                } else {
                    None
                };
                out.push(Rendered {
                    path,
                    contents: body,
                    owner: Owner::User,
                });
            }
        }
        check_unique(&out)?;
        Ok(out)
    }

    /// Where a skeleton file goes at the work-tree root instead of the service
    /// folder: only inside a work tree, and only for the template's `root-files`.
    ///
    /// # Errors
    /// Render errors and unsafe paths.
    pub(crate) fn root_path(
        &self,
        contexts: &Contexts,
        path: &str,
    ) -> Result<Option<String>, UserError> {
        if self.repo_path.is_empty() {
            return Ok(None);
        }
        let Some(target) = self.template.manifest.root_files.get(path) else {
            return Ok(None);
        };
        let origin = format!(
            "{}/template.toml [root-files] {path}",
            self.template.origin.label()
        );
        let rendered = self.renderer.render_text(&origin, target, &contexts.full)?;
        crate::template::render::check_target(&origin, &rendered)?;
        Ok(Some(rendered))
    }

    fn owner_of(&self, path: &str) -> Owner {
        if self
            .template
            .manifest
            .owned
            .iter()
            .any(|owned| owned == path)
        {
            Owner::Msgen
        } else {
            Owner::User
        }
    }

    fn is_enabled(&self, template_path: &str) -> bool {
        self.template
            .manifest
            .conditional
            .iter()
            .all(|(variable, conditional)| {
                let on = self
                    .answers
                    .get(variable)
                    .and_then(toml::Value::as_bool)
                    .unwrap_or(false);
                on || !conditional
                    .files
                    .iter()
                    .any(|prefix| template_path.starts_with(prefix.as_str()))
            })
    }
}

fn check_unique(files: &[Rendered]) -> Result<(), UserError> {
    let mut seen = BTreeSet::new();
    for file in files {
        // Case-folded, so the tree also checks out on case-insensitive disks.
        if !seen.insert(file.path.to_ascii_lowercase()) {
            return Err(UserError::usage(format!(
                "two template files render to `{}` (paths may differ only in case)",
                file.path
            ))
            .hint("rename one of them in the template"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Template;
    use msgen_openapi::{HttpMethod, NewOperation, ParamType, QueryParam, insert_operation};

    const UNION: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      operationId: list_pets
      responses:
        '200':
          description: pets
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
components:
  schemas:
    Pet:
      oneOf: [{type: string}, {type: integer}]
";

    fn contexts(template: &str, contract: &str) -> Result<Contexts, UserError> {
        contexts_of(&Template::load(template).unwrap(), contract)
    }

    fn contexts_of(template: &Template, contract: &str) -> Result<Contexts, UserError> {
        let name = ServiceName::parse("pets", &[]).unwrap();
        let answers = crate::answers::resolve(
            &template.manifest.variables,
            &crate::answers::AnswerSources::default(),
            &mut |_, _| Ok(None),
        )
        .unwrap();
        Service::new(template, &name, &answers).contexts_for(&Contract::parse(contract).unwrap())
    }

    /// Without `models = "rust"`, a union is just a schema in the neutral view; the Rust
    /// keys are absent, so a template naming them fails in strict mode.
    #[test]
    fn only_templates_asking_for_rust_get_rust() {
        let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/python-http");
        let neutral = contexts(fixture, UNION).unwrap();
        let data = neutral.full.data();
        assert_eq!(data["contract"]["schemas"][0]["kind"], "oneOf");
        assert_eq!(data["operations"][0]["response"]["schema"], "Pet");
        assert!(data.get("rust_models").is_none());
        assert!(data["operations"][0].get("path_extractor").is_none());
        assert!(neutral.light.get("contract").is_none());

        let refused = UNION.replace(
            "oneOf: [{type: string}, {type: integer}]",
            "not: {type: string}",
        );
        let error = contexts("rust-axum", &refused)
            .err()
            .expect("Rust refuses `not`");
        assert!(error.message.contains("`not`"), "{}", error.message);
        let union = contexts("rust-axum", UNION).unwrap();
        let models = union.full.data()["rust_models"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(models.contains("json::one_of!(Pet, true {"), "{models}");
        let rust = contexts(
            "rust-axum",
            &UNION.replace("oneOf: [{type: string}, {type: integer}]", "type: string"),
        )
        .unwrap();
        let data = rust.full.data();
        assert!(data["rust_models"].as_str().is_some());
        assert_eq!(
            data["operations"][0]["response"]["rust_type"],
            "Vec<models::Pet>"
        );
        // rust-axum reads only its Rust view, so the neutral one is not built for it...
        assert!(data.get("contract").is_none());
        // ...until one of its files names it.
        let mut template = Template::load("rust-axum").unwrap();
        template.files.push(crate::template::TemplateFile {
            path: "TAGS.md.hbs".into(),
            bytes: b"{{#each contract.operations}}{{id}}{{/each}}".to_vec(),
        });
        let typed = UNION.replace("oneOf: [{type: string}, {type: integer}]", "type: string");
        let rust = contexts_of(&template, &typed).unwrap();
        assert_eq!(
            rust.full.data()["contract"]["operations"][0]["id"],
            "list_pets"
        );
    }

    /// Every built-in template file renders the same packed (fast path) and
    /// unpacked, with a context holding operations of every shape.
    #[test]
    fn packed_rendering_matches_plain_rendering() {
        for name in crate::template::embedded::names() {
            let template = Template::load(&name).unwrap();
            let service_name = ServiceName::parse("order-service", &[]).unwrap();
            let answers = crate::answers::resolve(
                &template.manifest.variables,
                &crate::answers::AnswerSources::default(),
                &mut |_, _| Ok(None),
            )
            .unwrap();
            let service = Service::new(&template, &service_name, &answers);
            let mut text = service.base_contract().unwrap();
            for (method, path, request, response) in [
                (HttpMethod::Get, "/orders", None, Some("Order[]")),
                (HttpMethod::Post, "/orders", Some("Order"), Some("Order")),
                (HttpMethod::Delete, "/orders/{id}/lines/{line}", None, None),
            ] {
                let operation = NewOperation {
                    method,
                    path: path.into(),
                    operation_id: None,
                    summary: None,
                    params: Vec::new(),
                    query: vec![QueryParam {
                        name: "limit".into(),
                        kind: ParamType::Integer,
                        required: false,
                    }],
                    request: request.map(str::to_owned),
                    response: response.map(str::to_owned),
                    status: None,
                };
                text = insert_operation(&text, &operation).unwrap().0;
            }
            let contract = Contract::parse(&text).unwrap();
            let contexts = service.contexts_for(&contract).unwrap();
            let reference = Renderer::new();
            let mut compared = 0;
            for file in template.files.iter().chain(&template.operation_files) {
                let Ok(source) = std::str::from_utf8(&file.bytes) else {
                    continue;
                };
                if !file.path.ends_with(".hbs") {
                    continue;
                }
                let mut scoped = contexts.full.data().clone();
                scoped["operation"] = contexts.operations[contexts.operations.len() - 1].clone();
                let scoped = Context::from(scoped);
                let packed = service
                    .renderer
                    .render_text(&file.path, source, &scoped)
                    .unwrap();
                let plain = reference.render_unpacked(source, &scoped).unwrap();
                assert_eq!(packed, plain, "{name}: {}", file.path);
                compared += 1;
            }
            assert!(compared > 5, "{name}: only {compared} files compared");
        }
    }
}
