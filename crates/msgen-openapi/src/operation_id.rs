//! Default `operationId`s from a method and a path.

use heck::ToSnakeCase;

use super::names::{check_snake_ident, singular_snake};
use super::route::{HttpMethod, Segment, segments};

/// A conventional `snake_case` `operationId` for a method and path.
///
/// `GET /orders` → `list_orders`, `POST /orders` → `create_order`, `GET /orders/{id}` → `get_order`,
/// `PUT` → `replace_order`, `PATCH` → `update_order`, `DELETE` → `delete_order`,
/// `POST /orders/{id}/cancel` → `cancel_order`, `GET /orders/{id}/lines` → `list_order_lines`.
/// The result is a valid snake_case identifier for any path that passes
/// [`super::validate_route_path`].
#[must_use]
pub fn default_operation_id(method: HttpMethod, path: &str) -> String {
    let segs = segments(path, false).unwrap_or_default();
    let mut parents = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        if let (Segment::Literal(lit), Some(next)) = (seg, segs.get(i + 1))
            && next.param().is_some()
        {
            parents.push(singular_snake(&lit.to_snake_case()));
        }
    }
    let last = match segs.last() {
        Some(Segment::Literal(lit)) => Some(lit.to_snake_case()),
        _ => None,
    };
    let id = match last {
        None => {
            let noun = if parents.is_empty() {
                "root".to_owned()
            } else {
                parents.join("_")
            };
            let verb = match method {
                HttpMethod::Get => "get",
                HttpMethod::Post => "create",
                HttpMethod::Put => "replace",
                HttpMethod::Patch => "update",
                HttpMethod::Delete => "delete",
                HttpMethod::Head => "head",
                HttpMethod::Options => "options",
            };
            format!("{verb}_{noun}")
        }
        Some(last) => named_last(method, &parents, &last),
    };
    finish_id(&id, method)
}

fn named_last(method: HttpMethod, parents: &[String], last: &str) -> String {
    let one = singular_snake(last);
    let plural = one != last;
    let join = |noun: &str| {
        parents
            .iter()
            .map(String::as_str)
            .chain([noun])
            .collect::<Vec<_>>()
            .join("_")
    };
    match method {
        HttpMethod::Get if plural => format!("list_{}", join(last)),
        HttpMethod::Get => format!("get_{}", join(last)),
        HttpMethod::Post if plural => format!("create_{}", join(&one)),
        HttpMethod::Post if !parents.is_empty() => format!("{last}_{}", parents.join("_")),
        HttpMethod::Post => last.to_owned(),
        HttpMethod::Put => format!("replace_{}", join(last)),
        HttpMethod::Patch => format!("update_{}", join(last)),
        HttpMethod::Delete => format!("delete_{}", join(last)),
        HttpMethod::Head => format!("head_{}", join(last)),
        HttpMethod::Options => format!("options_{}", join(last)),
    }
}

fn finish_id(id: &str, method: HttpMethod) -> String {
    let mut id: String = id.to_snake_case();
    while id.contains("__") {
        id = id.replace("__", "_");
    }
    let id = id.trim_matches('_').to_owned();
    if check_snake_ident(&id).is_ok() {
        id
    } else {
        let fixed = format!(
            "{}_{}",
            method.as_str(),
            id.trim_start_matches(|c: char| !c.is_ascii_alphanumeric())
        );
        let fixed = fixed.trim_end_matches('_').to_owned();
        if check_snake_ident(&fixed).is_ok() {
            fixed
        } else {
            method.as_str().to_owned() + "_op"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ids_follow_rest_conventions() {
        use HttpMethod::{Delete, Get, Patch, Post, Put};
        for (method, path, id) in [
            (Get, "/orders", "list_orders"),
            (Post, "/orders", "create_order"),
            (Get, "/orders/{id}", "get_order"),
            (Put, "/orders/{id}", "replace_order"),
            (Patch, "/orders/{id}", "update_order"),
            (Delete, "/orders/{id}", "delete_order"),
            (Post, "/orders/{id}/cancel", "cancel_order"),
            (Get, "/orders/{id}/lines", "list_order_lines"),
            (Get, "/orders/{id}/lines/{line}", "get_order_line"),
            (Get, "/categories", "list_categories"),
            (Post, "/addresses", "create_address"),
            (Get, "/api/v1/order-items", "list_order_items"),
            (Get, "/healthz", "get_healthz"),
            (Get, "/", "get_root"),
            (Post, "/match", "post_match"),
            (Get, "/2fa", "get_2fa"),
            (Get, "/Accounts/{Sid}.json", "get_account"),
            (
                Delete,
                "/Accounts/{AccountSid}/Calls/{Sid}.json",
                "delete_account_call",
            ),
        ] {
            let got = default_operation_id(method, path);
            assert_eq!(got, id, "{method} {path}");
            assert!(check_snake_ident(&got).is_ok(), "{got}");
        }
    }
}
