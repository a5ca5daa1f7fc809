//! One module per command: orchestration only.

pub mod change;
pub mod check;
pub mod existing;
pub mod new;
pub mod new_options;
pub mod smoke;
pub mod templates;
