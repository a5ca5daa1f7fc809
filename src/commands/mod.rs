//! One module per command: orchestration only.

mod cargo_toml;
pub(crate) mod change;
pub(crate) mod check;
mod consumers;
mod contract_import;
pub(crate) mod dependency;
pub(crate) mod diff;
mod diff_source;
pub(crate) mod existing;
pub(crate) mod finding;
pub(crate) mod lifecycle;
pub(crate) mod man;
pub(crate) mod new;
pub(crate) mod new_options;
pub(crate) mod smoke;
pub(crate) mod team_files;
pub(crate) mod templates;
pub(crate) mod upgrade;
mod upgrade_files;
