//! The `corroborate` binary: parse arguments, run, exit with the outcome's code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    if std::env::var_os("CORROBORATE_TIMINGS").is_some() {
        corroborate::util::timing::enable(|seconds, phase| {
            eprintln!("timing {seconds:>8.3} s  {phase}");
        });
    }
    let cli = corroborate::cli::Cli::parse();
    match corroborate::app::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(corroborate::app::Outcome::Usage.code())
        }
    }
}
