//! Carrying out commands: load, judge, render, and map the outcome to an exit code.

use crate::cli::{
    CheckArgs, CheckFormat, Cli, ColorChoice, Command, ExplainArgs, ReportArgs, ReportFormat,
    RulesArgs, RulesFormat,
};
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
    /// A `--as-of` that is not a date.
    #[error("--as-of must be a date like 2025-07-14, not `{0}`")]
    BadAsOf(String),
    /// `explain` named a claim the corpus does not have.
    #[error("no claim `{id}` in the corpus{hint}")]
    UnknownClaim {
        /// The id asked for.
        id: String,
        /// A suggestion.
        hint: String,
    },
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
        Some(Command::Report(args)) => report(&args, cli.color),
        Some(Command::Explain(args)) => explain(&args),
        None => report(
            &ReportArgs {
                path: ".".into(),
                format: ReportFormat::Table,
                as_of: None,
                status: Vec::new(),
                event: Vec::new(),
                source: Vec::new(),
                fail_on: Vec::new(),
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

fn as_of(arg: Option<&str>) -> Result<Date, AppError> {
    match arg {
        Some(text) => {
            Date::parse_from_str(text, "%Y-%m-%d").map_err(|_| AppError::BadAsOf(text.to_owned()))
        }
        None => today(),
    }
}

/// Loads a corpus for scoring; a corpus with errors is shown and not scored.
fn load_for_scoring(
    path: &std::path::Path,
    color: ColorChoice,
) -> Result<Result<load::Loaded, Outcome>, AppError> {
    let loaded = load::load(path, &LoadOptions { today: today()? })?;
    let counts = Counts::of(&loaded.diagnostics);
    if counts.errors > 0 {
        let mut texts = Texts::new();
        let errors: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .cloned()
            .collect();
        let style = Style {
            color: use_color(color, std::io::stderr().is_terminal()),
            width: terminal_width(),
        };
        emit_err(&render::render_human(
            &loaded.corpus,
            &mut texts,
            &errors,
            style,
        ));
        emit_err(&format!(
            "{}\nthe corpus has errors and was not scored; fix them (`corroborate check`) and run again\n",
            render::summary_line(&loaded.corpus, counts)
        ));
        return Ok(Err(Outcome::Failed));
    }
    Ok(Ok(loaded))
}

fn report(args: &ReportArgs, color: ColorChoice) -> Result<Outcome, AppError> {
    let as_of = as_of(args.as_of.as_deref())?;
    let loaded = match load_for_scoring(&args.path, color)? {
        Ok(loaded) => loaded,
        Err(outcome) => return Ok(outcome),
    };
    let corpus = &loaded.corpus;
    let cx = crate::score::Context {
        policy: &loaded.policy,
        as_of,
    };
    let verdicts = crate::score::assess_all(corpus, &cx);
    let statuses: Vec<_> = args.status.iter().map(|s| s.status()).collect();
    let selected: Vec<&crate::score::Verdict> = verdicts
        .iter()
        .filter(|v| {
            let claim = &corpus.claims[v.claim.get()];
            (statuses.is_empty() || statuses.contains(&v.status))
                && (args.event.is_empty()
                    || claim
                        .event
                        .as_ref()
                        .is_some_and(|e| args.event.contains(&e.id.value)))
                && (args.source.is_empty()
                    || claim
                        .evidence
                        .iter()
                        .any(|e| args.source.contains(&e.source.id.value)))
        })
        .collect();
    let selection = crate::report::Selection {
        as_of,
        verdicts: selected,
    };
    let text = match args.format {
        ReportFormat::Json => crate::report::json::render(corpus, &selection),
        ReportFormat::Table => {
            let is_terminal = std::io::stdout().is_terminal();
            let style = crate::report::table::Style {
                color: use_color(color, is_terminal),
                width: u16::try_from(terminal_width()).unwrap_or(100),
            };
            crate::report::table::render(corpus, &selection, style)
        }
    };
    emit(&text)?;
    let gate: Vec<_> = args.fail_on.iter().map(|s| s.status()).collect();
    let failing: Vec<String> = selection
        .verdicts
        .iter()
        .filter(|v| corpus.claims[v.claim.get()].publish && gate.contains(&v.status))
        .map(|v| {
            format!(
                "{} ({})",
                corpus.claims[v.claim.get()].id.value,
                v.status.as_str()
            )
        })
        .collect();
    if failing.is_empty() {
        return Ok(Outcome::Success);
    }
    let mut sorted = failing;
    sorted.sort();
    emit_err(&format!(
        "publication gate failed: {} marked for publication {}: {}\n",
        render::plural(sorted.len(), "claim"),
        if sorted.len() == 1 {
            "has a failing status"
        } else {
            "have failing statuses"
        },
        sorted.join(", ")
    ));
    Ok(Outcome::Failed)
}

fn explain(args: &ExplainArgs) -> Result<Outcome, AppError> {
    let as_of = as_of(args.as_of.as_deref())?;
    let loaded = match load_for_scoring(&args.path, ColorChoice::Auto)? {
        Ok(loaded) => loaded,
        Err(outcome) => return Ok(outcome),
    };
    let corpus = &loaded.corpus;
    let Some(ix) = corpus.claim_by_id(&args.claim) else {
        let ids = || corpus.claims.iter().map(|c| c.id.as_str());
        let near = crate::diag::did_you_mean(&args.claim, ids()).or_else(|| {
            let mut prefixed: Vec<&str> = ids()
                .filter(|id| id.starts_with(args.claim.as_str()))
                .collect();
            prefixed.sort_unstable();
            prefixed.first().copied()
        });
        let hint = near
            .map(|near| format!("; did you mean `{near}`?"))
            .unwrap_or_else(|| "; `corroborate report` lists the claims".to_owned());
        return Err(AppError::UnknownClaim {
            id: args.claim.clone(),
            hint,
        });
    };
    let cx = crate::score::Context {
        policy: &loaded.policy,
        as_of,
    };
    let verdict = crate::score::assess(corpus, ix, &cx);
    emit(&crate::report::explain::render(corpus, &verdict, &cx))?;
    Ok(Outcome::Success)
}
