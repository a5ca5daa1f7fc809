#![allow(
    clippy::disallowed_methods,
    missing_docs,
    reason = "tests set up and tear down fixtures"
)]
//! CLI tests: one binary, one module per command.

mod add_endpoint;
mod adversarial;
mod bounded;
mod errors;
mod examples;
mod helpers;
mod new;
mod outputs;
mod prompts;
mod sync_check;
mod templates;
