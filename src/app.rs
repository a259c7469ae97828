//! Carrying out commands: load, judge, render, and map the outcome to an exit code.

use crate::cli::{CheckArgs, CheckFormat, Cli, ColorChoice, Command, RulesArgs, RulesFormat};
use crate::diag::Counts;
use crate::load::texts::Texts;
use crate::load::{self, LoadError, LoadOptions};
use crate::model::Date;
use crate::report::diagnostics::{self as render, Style};
use crate::rules;
use std::io::{IsTerminal, Write};

/// How a run ended, as the process exit code says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: success.
    Success,
    /// 1: the corpus failed a check or a `--fail-on` gate.
    Failed,
    /// 2: usage error, unreadable or invalid input.
    Usage,
}

impl Outcome {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Failed => 1,
            Outcome::Usage => 2,
        }
    }
}

/// A run that could not do its job.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The corpus could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// `CORROBORATE_TODAY` is not a date.
    #[error("CORROBORATE_TODAY must be a date like 2025-07-14, not `{0}`")]
    BadToday(String),
    /// Writing output failed.
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
}

/// The day used for "in the future" checks: `CORROBORATE_TODAY` if set, else the local date.
pub fn today() -> Result<Date, AppError> {
    match std::env::var("CORROBORATE_TODAY") {
        Ok(text) if !text.is_empty() => {
            Date::parse_from_str(&text, "%Y-%m-%d").map_err(|_| AppError::BadToday(text))
        }
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// Whether to colour a stream, given the user's choice and whether it is a terminal.
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Outcome, AppError> {
    match cli.command {
        Some(Command::Check(args)) => check(&args, cli.color),
        Some(Command::Rules(args)) => list_rules(&args),
        None => check(
            &CheckArgs {
                path: ".".into(),
                format: CheckFormat::Human,
            },
            cli.color,
        ),
    }
}

/// Writes to stdout; a closed pipe (`corroborate … | head`) is not an error.
fn emit(text: &str) -> Result<(), AppError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn emit_err(text: &str) {
    // Nothing useful can be done if stderr is gone.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

fn check(args: &CheckArgs, color: ColorChoice) -> Result<Outcome, AppError> {
    let options = LoadOptions { today: today()? };
    let loaded = load::load(&args.path, &options)?;
    let mut texts = Texts::new();
    let counts = Counts::of(&loaded.diagnostics);
    let corpus = &loaded.corpus;
    match args.format {
        CheckFormat::Json => emit(&render::render_json(
            corpus,
            &mut texts,
            &loaded.diagnostics,
        ))?,
        CheckFormat::Human | CheckFormat::Short => {
            let body = if args.format == CheckFormat::Short {
                render::render_short(corpus, &mut texts, &loaded.diagnostics)
            } else {
                let style = Style {
                    color: use_color(color, std::io::stderr().is_terminal()),
                    width: terminal_width(),
                };
                render::render_human(corpus, &mut texts, &loaded.diagnostics, style)
            };
            emit_err(&body);
            emit_err(&format!("{}\n", render::summary_line(corpus, counts)));
        }
    }
    Ok(if counts.errors > 0 {
        Outcome::Failed
    } else {
        Outcome::Success
    })
}

fn list_rules(args: &RulesArgs) -> Result<Outcome, AppError> {
    let text = match args.format {
        RulesFormat::Markdown => rules::markdown_docs(),
        RulesFormat::Json => {
            let mut text = serde_json::to_string_pretty(rules::REGISTRY).unwrap_or_default();
            text.push('\n');
            text
        }
        RulesFormat::Table => {
            let mut table = comfy_table::Table::new();
            table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
            table.set_header(["id", "family", "severity", "summary"]);
            for rule in rules::REGISTRY {
                table.add_row([
                    rule.id,
                    rule.family.as_str(),
                    rule.default_severity.as_str(),
                    rule.summary,
                ]);
            }
            format!("{table}\n")
        }
    };
    emit(&text)?;
    Ok(Outcome::Success)
}
