//! The `corroborate` binary: the world outside the library. Arguments (clap), environment
//! variables, the terminal's width and colour, progress bars, the `check` cache, output files and
//! exit codes live here, one file per subcommand; the library never reads the environment.

mod add;
mod archive;
mod cache;
mod check;
mod cli;
mod diff;
mod explain;
mod generate;
mod import;
mod init;
mod output;
mod progress;
mod report;
mod rules;
mod sources;
mod world;

use clap::Parser;
use corroborate::report::terminal_safe;
use std::process::ExitCode;
use world::{AppError, Outcome};

fn main() -> ExitCode {
    progress::started();
    // clap's own `exit` panics when stderr is closed; print its message ourselves.
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // It quotes the arguments given, which may hold control characters.
            let text = terminal_safe(&error.render().to_string()).into_owned();
            if error.use_stderr() {
                world::emit_err(&text);
            } else {
                let _ = world::emit(&text);
            }
            return ExitCode::from(if error.use_stderr() {
                Outcome::Usage.code()
            } else {
                Outcome::Success.code()
            });
        }
    };
    world::set_settings(world::Settings {
        quiet: cli.quiet,
        verbose: cli.verbose,
        config: cli.config.clone(),
    });
    if std::env::var_os("CORROBORATE_TIMINGS").is_some() || cli.verbose >= 2 {
        corroborate::util::timing::enable(|seconds, phase| {
            world::emit_err(&format!("timing {seconds:>8.3} s  {phase}\n"));
        });
    }
    match run(cli) {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(error) => {
            // Errors quote what the user gave (ids, dates, paths): never raw to the terminal.
            world::emit_err(&format!("error: {}\n", terminal_safe(&error.to_string())));
            ExitCode::from(Outcome::Usage.code())
        }
    }
}

/// Runs the parsed command line.
fn run(cli: cli::Cli) -> Result<Outcome, AppError> {
    use cli::Command;
    match cli.command {
        Some(Command::Check(args)) => check::run(&args, cli.color),
        Some(Command::Rules(args)) => rules::run(&args),
        Some(Command::Report(args)) => report::run(&args, cli.color),
        Some(Command::Explain(args)) => explain::run(&args),
        Some(Command::Sources(args)) => sources::run(&args, cli.color),
        Some(Command::Import(args)) => import::run(&args),
        Some(Command::Diff(args)) => diff::run(&args, cli.color),
        Some(Command::Add(args)) => add::run(&args, cli.color),
        Some(Command::Archive(args)) => archive::run(&args),
        Some(Command::Init(args)) => init::run(&args),
        Some(Command::Schema(args)) => generate::schema(&args),
        Some(Command::Completions(args)) => generate::completions(&args),
        Some(Command::Man) => generate::man(),
        None => report::run(&cli::ReportArgs::defaults(), cli.color),
    }
}
