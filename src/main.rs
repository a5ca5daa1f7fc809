//! The `msgen` binary: parse, run, print the error once, exit 0/1/2.

use std::process::ExitCode;

fn main() -> ExitCode {
    msgen::install_interrupt_handler();
    match msgen::run(std::env::args_os()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            msgen::print_error(&error);
            ExitCode::from(msgen::exit_code(&error))
        }
    }
}
