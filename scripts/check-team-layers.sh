#!/usr/bin/env bash
# Prove that a team can extend a generated service's plumbing from the file it
# owns, src/layers.rs: in a copy of SERVICE_DIR, enable tower-http features the
# way a team would, add tower-http's TimeoutLayer, CorsLayer and
# CompressionLayer and an axum::middleware::from_fn auth check there, plus a
# test of what they do behind msgen's middleware, then run
#   cargo clippy --all-targets -- -D warnings
#   cargo test
# The copy is removed afterwards; SERVICE_DIR is not changed.
#
#   scripts/check-team-layers.sh SERVICE_DIR
#
# Honours CARGO_TARGET_DIR (share the smoke's to reuse its compiled crates).
# Enabling features updates the copy's Cargo.lock, so cargo may fetch crates.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -f "$1/Cargo.toml" ]; then echo "usage: $0 SERVICE_DIR" >&2; exit 2; fi
SVC="$(cd "$1" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/team-layers.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
COPY="$WORK/$(basename "$SVC")"
mkdir -p "$COPY"
tar -C "$SVC" --exclude=./target --exclude=./.git -cf - . | tar -C "$COPY" -xf -
cd "$COPY"

python3 - <<'PY'
import re
text = open("Cargo.toml", encoding="utf-8").read()
line = re.search(r'^tower-http = \{.*features = \[([^\]]*)\].*$', text, re.M)
if not line:
    raise SystemExit("Cargo.toml: no tower-http dependency with features")
features = {f.strip().strip('"') for f in line.group(1).split(",") if f.strip()}
features |= {"compression-gzip", "cors", "timeout"}
listed = ", ".join(f'"{f}"' for f in sorted(features))
text = text.replace(line.group(1), listed, 1)
open("Cargo.toml", "w", encoding="utf-8").write(text)
PY

cat >src/layers.rs <<'EOF'
//! The service's own routes and middleware.

use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::compression::CompressionLayer;
use tower_http::cors::CorsLayer;
use tower_http::timeout::TimeoutLayer;

use crate::state::AppState;

/// The service's own layers and routes around the contract's routes.
pub fn layers(router: Router<AppState>, _state: &AppState) -> Router<AppState> {
    router
        .layer(axum::middleware::from_fn(auth))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::GATEWAY_TIMEOUT,
            Duration::from_secs(5),
        ))
        .layer(CompressionLayer::new())
        .layer(CorsLayer::permissive())
}

/// Refuses a request whose `Authorization` header is not a bearer token.
async fn auth(request: Request, next: Next) -> Response {
    match request.headers().get(header::AUTHORIZATION) {
        Some(value) if !value.as_bytes().starts_with(b"Bearer ") => {
            StatusCode::UNAUTHORIZED.into_response()
        }
        _ => next.run(request).await,
    }
}
EOF

cat >tests/team_layers.rs <<'EOF'
//! The team's layers run inside msgen's middleware.
#![allow(clippy::unwrap_used)]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

use SERVICE_CRATE::{AppState, app};

#[tokio::test]
async fn the_auth_check_answers_a_problem_with_a_request_id() {
    let request = Request::get("/healthz")
        .header(header::AUTHORIZATION, "Basic eDp5")
        .body(Body::empty())
        .unwrap();
    let response = app(AppState::default()).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
    assert!(response.headers().contains_key("x-request-id"));
}

#[tokio::test]
async fn cors_and_compression_apply() {
    let request = Request::get("/openapi.yaml")
        .header(header::ORIGIN, "https://example.com")
        .header(header::ACCEPT_ENCODING, "gzip")
        .header(header::AUTHORIZATION, "Bearer token")
        .body(Body::empty())
        .unwrap();
    let response = app(AppState::default()).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response
            .headers()
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    );
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
}
EOF
crate="$(python3 -c 'import tomllib; print(tomllib.load(open("Cargo.toml","rb"))["package"]["name"].replace("-","_"))')"
sed -i "s/SERVICE_CRATE/$crate/" tests/team_layers.rs

echo "team-layers: cargo clippy --all-targets -- -D warnings ($(basename "$SVC"))"
cargo clippy --quiet --all-targets -- -D warnings
echo "team-layers: cargo test"
cargo test --quiet
echo "team-layers: ok"
