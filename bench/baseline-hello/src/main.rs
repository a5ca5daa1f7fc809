//! Bare axum hello-world used as the benchmark baseline.
//!
//! Listens on `$HOST:$PORT` (default 127.0.0.1:8080) and answers
//! `GET /` and `GET /healthz` with `ok`. Nothing else: no tracing, no
//! middleware, no graceful shutdown (the benchmark stops it with SIGTERM).

use axum::{Router, routing::get};

async fn ok() -> &'static str {
    "ok"
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let host = std::env::var("HOST").unwrap_or_else(|_| "127.0.0.1".to_owned());
    let port = std::env::var("PORT").unwrap_or_else(|_| "8080".to_owned());
    let app = Router::new().route("/", get(ok)).route("/healthz", get(ok));
    let listener = tokio::net::TcpListener::bind(format!("{host}:{port}")).await?;
    axum::serve(listener, app).await
}
