//! The error tables of a contract's operations, each written once: many
//! operations answer errors alike (one `default` error body for the whole
//! contract is common), so `routes.rs` names each distinct table and every
//! operation refers to it by name.

use std::collections::HashMap;

use serde_json::{Value, json};

/// Names each distinct error field list (`FIELDS_1`, …) and error-responses table
/// (`RESPONSES_1`, …) of `operations`, numbered in order of first use, and records
/// the names in each operation's `errors` (`name`) and error bodies (`fields_name`).
/// Returns `{fields: [{name, fields}], responses: [{name, input_status, bodies}]}`
/// for the template.
pub(crate) fn name_error_tables(operations: &mut [Value]) -> Value {
    let mut fields = Named::new("FIELDS");
    let mut responses = Named::new("RESPONSES");
    for operation in operations {
        let Some(errors) = operation.get_mut("errors") else {
            continue;
        };
        if let Some(bodies) = errors.get_mut("bodies").and_then(Value::as_array_mut) {
            for body in bodies {
                let name = fields.name(&body["fields"]);
                body["fields_name"] = Value::String(name);
            }
        }
        let name = responses.name(errors);
        errors["name"] = Value::String(name);
    }
    let fields: Vec<Value> = fields
        .values
        .into_iter()
        .map(|(name, fields)| json!({ "name": name, "fields": fields }))
        .collect();
    let responses: Vec<Value> = responses
        .values
        .into_iter()
        .map(|(name, mut table)| {
            table["name"] = Value::String(name);
            table
        })
        .collect();
    json!({ "fields": fields, "responses": responses })
}

/// Distinct values, each with its numbered name (`PREFIX_1`, … in order of first use).
struct Named {
    prefix: &'static str,
    by_text: HashMap<String, String>,
    values: Vec<(String, Value)>,
}

impl Named {
    fn new(prefix: &'static str) -> Self {
        Self {
            prefix,
            by_text: HashMap::new(),
            values: Vec::new(),
        }
    }

    /// The name of `value`, given it the first time it is seen.
    fn name(&mut self, value: &Value) -> String {
        self.by_text
            .entry(value.to_string())
            .or_insert_with(|| {
                let name = format!("{}_{}", self.prefix, self.values.len() + 1);
                self.values.push((name.clone(), value.clone()));
                name
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(fields: &Value, input_status: u16) -> Value {
        json!({
            "id": "op",
            "errors": {
                "input_status": input_status,
                "bodies": [{ "status": "default", "media_type": "application/json", "fields": fields }],
            },
        })
    }

    #[test]
    fn alike_tables_share_one_name_and_different_ones_get_the_next() {
        let code_message = json!([{ "path": ["code"], "fill": "status" }]);
        let detail = json!([{ "path": ["detail"], "fill": "detail" }]);
        let mut operations = vec![
            operation(&code_message, 0),
            operation(&code_message, 0),
            operation(&code_message, 400),
            operation(&detail, 0),
            json!({ "id": "without an error view" }),
        ];
        let tables = name_error_tables(&mut operations);
        let names: Vec<&str> = operations[..4]
            .iter()
            .map(|op| op["errors"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["RESPONSES_1", "RESPONSES_1", "RESPONSES_2", "RESPONSES_3"]
        );
        let fields: Vec<&str> = operations[..4]
            .iter()
            .map(|op| op["errors"]["bodies"][0]["fields_name"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["FIELDS_1", "FIELDS_1", "FIELDS_1", "FIELDS_2"]);
        assert_eq!(tables["fields"].as_array().unwrap().len(), 2);
        assert_eq!(tables["fields"][1]["fields"], detail);
        let responses = tables["responses"].as_array().unwrap();
        assert_eq!(responses.len(), 3);
        assert_eq!(responses[1]["name"], "RESPONSES_2");
        assert_eq!(responses[1]["input_status"], 400);
        assert_eq!(responses[1]["bodies"][0]["fields_name"], "FIELDS_1");
        assert!(operations[4].get("errors").is_none());
    }
}
