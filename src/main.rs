//! The `msgen` binary: parse, run, print the error once, exit 0/1/2.

use std::process::ExitCode;

fn main() -> ExitCode {
    msgen::interrupt::install();
    match msgen::run(std::env::args_os()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            msgen::report::error(&error);
            ExitCode::from(msgen::error::exit_code(&error))
        }
    }
}
