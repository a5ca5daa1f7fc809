//! Comparing request bodies and responses: statuses, headers, media types and their schemas.

use std::collections::BTreeMap;

use yaml_serde::Value;

use super::change::{ChangeKind, Verdict};
use super::operation::{Side, is_required};
use super::walk::{At, Direction, Strictness, Walk};
use crate::yaml_view::entries;

impl<'a> Walk<'a> {
    pub(super) fn request_body(&mut self, old: &Side<'a>, new: &Side<'a>) {
        let old_body = old.op.get("requestBody").map(|b| b.follow(self.old_root).0);
        let new_body = new.op.get("requestBody").map(|b| b.follow(self.new_root).0);
        match (old_body, new_body) {
            (None, None) => {}
            (Some(body), None) => self.push(
                &body.pointer,
                ChangeKind::RequestBodyRemoved,
                Verdict::Compatible,
                "request body removed".to_owned(),
            ),
            (None, Some(body)) => {
                let (verdict, what) = if is_required(&body) {
                    (Verdict::Breaking, "required")
                } else {
                    (Verdict::Compatible, "optional")
                };
                self.push(
                    &body.pointer,
                    ChangeKind::RequestBodyAdded,
                    verdict,
                    format!("new {what} request body"),
                );
            }
            (Some(old_body), Some(new_body)) => {
                match (is_required(&old_body), is_required(&new_body)) {
                    (false, true) => self.push(
                        &new_body.key("required"),
                        ChangeKind::RequestBodyRequired,
                        Verdict::Breaking,
                        "request body is now required".to_owned(),
                    ),
                    (true, false) => self.push(
                        &new_body.key("required"),
                        ChangeKind::RequestBodyOptional,
                        Verdict::Compatible,
                        "request body is no longer required".to_owned(),
                    ),
                    _ => {}
                }
                self.content(&old_body, &new_body, Direction::Request);
            }
        }
    }

    pub(super) fn responses(&mut self, old: &Side<'a>, new: &Side<'a>) {
        let old_responses = responses(self.old_root, &old.op);
        let new_responses = responses(self.new_root, &new.op);
        for (status, old_response) in &old_responses {
            let success = status.starts_with('2');
            let Some(new_response) = new_responses.get(status) else {
                let (verdict, what) = if success {
                    (Verdict::Breaking, "success response")
                } else {
                    (Verdict::Compatible, "response")
                };
                self.push(
                    &old_response.pointer,
                    ChangeKind::ResponseRemoved,
                    verdict,
                    format!("{what} `{status}` removed"),
                );
                continue;
            };
            self.headers(old_response, new_response);
            self.content(old_response, new_response, Direction::Response);
        }
        for (status, new_response) in &new_responses {
            if !old_responses.contains_key(status) {
                self.push(
                    &new_response.pointer,
                    ChangeKind::ResponseAdded,
                    Verdict::Compatible,
                    format!("response `{status}` added"),
                );
            }
        }
    }

    fn headers(&mut self, old: &At<'a>, new: &At<'a>) {
        let old_headers = named(self.old_root, old.get("headers"));
        let new_headers = named(self.new_root, new.get("headers"));
        for (name, old_header) in &old_headers {
            match new_headers.get(name) {
                Some(new_header) => self.param_schema_in(old_header, new_header),
                None => self.push(
                    &old_header.pointer,
                    ChangeKind::HeaderRemoved,
                    Verdict::Breaking,
                    format!("response header `{name}` removed"),
                ),
            }
        }
        for (name, new_header) in &new_headers {
            if !old_headers.contains_key(name) {
                self.push(
                    &new_header.pointer,
                    ChangeKind::HeaderAdded,
                    Verdict::Compatible,
                    format!("response header `{name}` added"),
                );
            }
        }
    }

    fn param_schema_in(&mut self, old: &At<'a>, new: &At<'a>) {
        if let (Some(old_schema), Some(new_schema)) = (old.get("schema"), new.get("schema")) {
            self.schema(old_schema, new_schema, Direction::Response);
        }
    }

    /// The media types of a request body or response, and their schemas.
    fn content(&mut self, old: &At<'a>, new: &At<'a>, direction: Direction) {
        let old_media = named(self.old_root, old.get("content"));
        let new_media = named(self.new_root, new.get("content"));
        // A request media type gone means 415 for the clients that send it; a response
        // media type gone means clients that asked for it get something else. Either way,
        // a new media type is one more choice.
        let (removed, added) = (Verdict::Breaking, Verdict::Compatible);
        for (media, old_type) in &old_media {
            let Some(new_type) = new_media.get(media) else {
                self.push(
                    &old_type.pointer,
                    ChangeKind::MediaTypeRemoved,
                    removed,
                    format!("media type `{media}` removed"),
                );
                continue;
            };
            match (old_type.get("schema"), new_type.get("schema")) {
                (Some(old_schema), Some(new_schema)) => {
                    self.schema(old_schema, new_schema, direction);
                }
                (Some(_), None) => self.push(
                    &new_type.pointer,
                    ChangeKind::TypeChanged,
                    Strictness::Looser.verdict(direction),
                    format!("schema of `{media}` removed"),
                ),
                (None, Some(schema)) => self.push(
                    &schema.pointer,
                    ChangeKind::TypeChanged,
                    Strictness::Stricter.verdict(direction),
                    format!("schema of `{media}` added"),
                ),
                (None, None) => {}
            }
        }
        for (media, new_type) in &new_media {
            if !old_media.contains_key(media) {
                self.push(
                    &new_type.pointer,
                    ChangeKind::MediaTypeAdded,
                    added,
                    format!("media type `{media}` added"),
                );
            }
        }
    }
}

/// The responses of an operation by status (`200`, `default`), `$ref`s followed.
fn responses<'a>(root: &'a Value, op: &At<'a>) -> BTreeMap<String, At<'a>> {
    named(root, op.get("responses"))
}

/// The entries of a mapping (responses, headers, content) by key, `$ref`s followed.
fn named<'a>(root: &'a Value, map: Option<At<'a>>) -> BTreeMap<String, At<'a>> {
    let Some(map) = map else {
        return BTreeMap::new();
    };
    let Some(mapping) = map.value.as_mapping() else {
        return BTreeMap::new();
    };
    entries(mapping)
        .map(|(key, value)| {
            let at = At::new(value, map.key(&key)).follow(root).0;
            (key, at)
        })
        .collect()
}
