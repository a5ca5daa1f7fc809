#![allow(
    clippy::disallowed_methods,
    missing_docs,
    reason = "tests set up and tear down fixtures"
)]
#![allow(unreachable_pub, reason = "a test binary exports nothing")]
//! CLI tests: one binary, one module per command.

mod add_endpoint;
mod adversarial;
mod bounded;
mod consumers;
mod contract_import;
mod contract_job;
mod corpus;
mod declared_dependency;
mod dependency;
mod diff;
mod error_format;
mod errors;
mod examples;
mod git;
mod helpers;
mod lifecycle;
mod lock;
mod monorepo;
mod neutral_view;
mod new;
mod outputs;
mod params;
mod prompts;
mod schemas;
mod security;
mod sync_check;
mod system_endpoints;
mod template_git;
mod template_source;
mod templates;
