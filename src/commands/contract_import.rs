//! `msgen new --contract PATH`: the team's own OpenAPI document, read and checked before
//! anything is rendered, so a refusal writes nothing.

use std::path::Path;

use msgen_openapi::{Contract, ContractError};

use crate::error::UserError;

/// An existing contract to start a service from: its bytes, kept exactly as read, and
/// the checked document.
#[derive(Debug)]
pub(crate) struct ImportedContract {
    /// The file's bytes; the service's contract file gets them unchanged.
    pub text: String,
    /// The parsed, checked contract.
    pub contract: Contract,
    /// The path as the team gave it, to name the file in problems.
    pub shown: String,
}

const HINT: &str = "give an OpenAPI 3.0.x or 3.1.x document, in YAML or JSON \
                    (convert Swagger 2.0 first, for example with swagger2openapi)";

impl ImportedContract {
    /// Reads and checks `path`. JSON is read as it is: every JSON document is YAML.
    ///
    /// # Errors
    /// A usage error (exit 2) when the file cannot be read, is not an `OpenAPI` 3.0/3.1
    /// document, or holds something msgen refuses in a contract.
    pub(crate) fn read(path: &Path) -> Result<Self, UserError> {
        let shown = path.display();
        let bytes = std::fs::read(path).map_err(|error| {
            UserError::usage(format!("cannot read the contract `{shown}`: {error}"))
                .hint("check the path given to --contract")
        })?;
        let contract = Contract::parse_bytes(&bytes).map_err(|error| match error {
            ContractError::NotUtf8 { .. }
            | ContractError::Syntax { .. }
            | ContractError::TooDeep { .. }
            | ContractError::Swagger2
            | ContractError::UnsupportedVersion { .. } => UserError::usage(format!(
                "`{shown}` is not an OpenAPI 3.0 or 3.1 document: {}",
                error.to_string().replace("openapi.yaml", "the file")
            ))
            .hint(HINT),
            ContractError::Invalid { ref pointer, .. } if pointer.is_empty() => UserError::usage(
                format!("`{shown}` is not an OpenAPI 3.0 or 3.1 document: it is not a mapping"),
            )
            .hint(HINT),
            other => crate::error::contract_refused(
                &shown.to_string(),
                &String::from_utf8_lossy(&bytes),
                &msgen_rust::RustError::Contract(other),
            ),
        })?;
        Ok(Self {
            text: contract.text().to_owned(),
            contract,
            shown: shown.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &[u8]) -> Result<ImportedContract, UserError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("api.json");
        std::fs::write(&path, text).unwrap();
        ImportedContract::read(&path)
    }

    #[test]
    fn keeps_yaml_and_json_bytes_as_they_are() {
        let yaml = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses: {'200': {description: ok}}\n";
        assert_eq!(read(yaml.as_bytes()).unwrap().text, yaml);
        let json = r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
        assert_eq!(read(json.as_bytes()).unwrap().text, json);
        // Minified, and indented with tabs (which YAML forbids in block indentation).
        let minified = r#"{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"operationId":"getA","responses":{"200":{"description":"ok"}}}}}}"#;
        assert_eq!(read(minified.as_bytes()).unwrap().text, minified);
        let tabs = "{\n\t\"openapi\": \"3.0.3\",\n\t\"info\": {\n\t\t\"title\": \"t\",\n\t\t\"version\": \"1\"\n\t},\n\t\"paths\": {}\n}";
        assert_eq!(read(tabs.as_bytes()).unwrap().text, tabs);
    }

    #[test]
    fn refuses_what_is_not_openapi_3() {
        for (text, says) in [
            (&b"swagger: '2.0'\npaths: {}\n"[..], "Swagger 2.0"),
            (b"name: orders\n", "version `<missing>`"),
            (b"[1, 2]", "not a mapping"),
            (b"openapi: 3.0.0\npaths: {\n", "the file:"),
            (b"\xff\xfe", "not valid UTF-8"),
        ] {
            let error = read(text).unwrap_err();
            assert!(
                error
                    .message
                    .contains("is not an OpenAPI 3.0 or 3.1 document"),
                "{}",
                error.message
            );
            assert!(error.message.contains(says), "{says}: {}", error.message);
            assert!(error.hint.is_some());
        }
        let missing = ImportedContract::read(Path::new("/nonexistent/api.yaml")).unwrap_err();
        assert!(
            missing
                .message
                .starts_with("cannot read the contract `/nonexistent/api.yaml`")
        );
    }
}
