//! Carrying out commands: load, judge, render, and map the outcome to an exit code.

use crate::cli::{
    CheckArgs, CheckFormat, Cli, ColorChoice, Command, DiffArgs, ExplainArgs, ImportArgs,
    ReportArgs, ReportFormat, RulesArgs, RulesFormat, SourcesArgs, SourcesFormat,
};
use crate::diag::Counts;
use crate::load::progress::Progress;
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
    /// Writing `--output` failed.
    #[error("cannot write {}: {source}", path.display())]
    Output {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `diff` was given something that is neither a corpus folder nor a JSON report.
    #[error("{}: {why}", path.display())]
    BadReport {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// `import` failed.
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
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
        Some(Command::Sources(args)) => sources(&args, cli.color),
        Some(Command::Import(args)) => import(&args),
        Some(Command::Diff(args)) => diff(&args, cli.color),
        None => report(
            &ReportArgs {
                path: ".".into(),
                format: ReportFormat::Table,
                as_of: None,
                status: Vec::new(),
                event: Vec::new(),
                source: Vec::new(),
                fail_on: Vec::new(),
                evidence: false,
                output: None,
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
    let today = today()?;
    let color = use_color(color, std::io::stderr().is_terminal());
    let width = terminal_width();
    let found = load::find_files(&args.path)?;
    // Everything the output depends on besides the files and the binary (see `crate::cache`):
    // paths print as given, SARIF resolves the root.
    let resolved = std::fs::canonicalize(&args.path)
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let options = format!(
        "check\n{:?}\n{color}\n{width}\n{}\n{resolved}",
        args.format,
        args.path.display()
    );
    let probe = crate::cache::Probe::new(&args.path, &found, today.to_string(), options);
    if let Some(entry) = probe.as_ref().and_then(|p| p.lookup()) {
        emit(&entry.stdout)?;
        emit_err(&entry.stderr);
        return Ok(match entry.code {
            0 => Outcome::Success,
            1 => Outcome::Failed,
            _ => Outcome::Usage,
        });
    }
    // Hashes of the files as loaded, to store the result only if they are those of the key.
    let seen: Vec<std::sync::atomic::AtomicU64> = (0..found.len())
        .map(|_| std::sync::atomic::AtomicU64::new(0))
        .collect();
    let read: Vec<std::sync::atomic::AtomicBool> = (0..found.len())
        .map(|_| std::sync::atomic::AtomicBool::new(false))
        .collect();
    let progress = Progress::new(found.len(), true);
    let on_read = |i: usize, bytes: &[u8]| {
        progress.tick();
        if probe.is_some() {
            seen[i].store(
                crate::cache::xxh64(bytes, 0),
                std::sync::atomic::Ordering::Relaxed,
            );
            read[i].store(true, std::sync::atomic::Ordering::Relaxed);
        }
    };
    let loaded = load::load_found(&args.path, found, &LoadOptions { today }, Some(&on_read));
    progress.finish();
    let mut texts = Texts::new();
    let counts = Counts::of(&loaded.diagnostics);
    let corpus = &loaded.corpus;
    let (stdout, stderr) = match args.format {
        CheckFormat::Json => (
            render::render_json(corpus, &mut texts, &loaded.diagnostics),
            String::new(),
        ),
        CheckFormat::Sarif => (
            crate::report::sarif::render(corpus, &mut texts, &loaded.diagnostics),
            String::new(),
        ),
        CheckFormat::Github => (
            crate::report::github::render(corpus, &mut texts, &loaded.diagnostics),
            String::new(),
        ),
        CheckFormat::Human | CheckFormat::Short => {
            let mut body = if args.format == CheckFormat::Short {
                render::render_short(corpus, &mut texts, &loaded.diagnostics)
            } else {
                let style = Style { color, width };
                render::render_human(corpus, &mut texts, &loaded.diagnostics, style)
            };
            body.push_str(&format!("{}\n", render::summary_line(corpus, counts)));
            (String::new(), body)
        }
    };
    let outcome = if counts.errors > 0 {
        Outcome::Failed
    } else {
        Outcome::Success
    };
    if let Some(probe) = &probe {
        let seen: Vec<Option<u64>> = seen
            .iter()
            .zip(&read)
            .map(|(h, r)| {
                r.load(std::sync::atomic::Ordering::Relaxed)
                    .then(|| h.load(std::sync::atomic::Ordering::Relaxed))
            })
            .collect();
        let entry = crate::cache::Entry {
            stdout,
            stderr,
            code: outcome.code(),
        };
        probe.store(&seen, &entry);
        emit(&entry.stdout)?;
        emit_err(&entry.stderr);
    } else {
        emit(&stdout)?;
        emit_err(&stderr);
    }
    // Freeing a large corpus (millions of small allocations) takes a noticeable share of a run
    // that is about to end: a background thread does it, and the process's exit ends that thread.
    if loaded.corpus.claims.len() > 20_000 {
        let _ = std::thread::Builder::new().spawn(move || drop(loaded));
    }
    Ok(outcome)
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
    let options = LoadOptions { today: today()? };
    let found = load::find_files(path)?;
    let progress = Progress::new(found.len(), true);
    let on_read = |_: usize, _: &[u8]| progress.tick();
    let loaded = load::load_found(path, found, &options, Some(&on_read));
    progress.finish();
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
    crate::util::timing::mark("start");
    let loaded = match load_for_scoring(&args.path, color)? {
        Ok(loaded) => loaded,
        Err(outcome) => return Ok(outcome),
    };
    let corpus = &loaded.corpus;
    crate::util::timing::mark("loaded");
    let assessment = crate::score::assess_corpus(corpus, &loaded.policy, as_of);
    let statuses: Vec<_> = args.status.iter().map(|s| s.status()).collect();
    let selected: Vec<crate::model::ClaimIx> = (0..corpus.claims.len())
        .filter(|&i| {
            let claim = &corpus.claims[i];
            (statuses.is_empty() || statuses.contains(&assessment.outcomes[i].status))
                && (args.event.is_empty()
                    || claim
                        .event
                        .as_ref()
                        .is_some_and(|e| args.event.iter().any(|x| x.as_str() == e.id.value)))
                && (args.source.is_empty()
                    || claim
                        .evidence
                        .iter()
                        .any(|e| args.source.iter().any(|x| x.as_str() == e.source.id.value)))
        })
        .map(|i| crate::model::ClaimIx(i as u32))
        .collect();
    let scorer = assessment.scorer(corpus, &loaded.policy);
    // Whole verdicts for the formats that take them; the JSON scores them a batch at a time.
    let verdicts = match args.format {
        ReportFormat::Json => Vec::new(),
        _ => scorer.verdicts(&selected),
    };
    let selection = crate::report::Selection {
        as_of,
        verdicts: verdicts.iter().collect(),
        assessment: Some(&assessment),
    };
    let gate: Vec<_> = args.fail_on.iter().map(|s| s.status()).collect();
    let text = match args.format {
        // The JSON of a large corpus is the biggest output: stream it rather than build it.
        ReportFormat::Json => {
            write_output(args.output.as_deref(), |out| {
                crate::report::json::write_scored(corpus, &selected, &assessment, &scorer, out)
            })?;
            None
        }
        ReportFormat::Markdown => Some(crate::report::markdown::render(corpus, &selection)),
        ReportFormat::Csv => Some(crate::report::csv::render(
            corpus,
            &selection,
            args.evidence,
        )),
        ReportFormat::Html => Some(crate::report::html::render(
            corpus,
            &selection,
            scorer.context(),
        )),
        ReportFormat::Claimreview => Some(crate::report::claimreview::render(
            corpus,
            &selection,
            &loaded.policy,
        )),
        ReportFormat::Junit => Some(crate::report::junit::render(corpus, &selection, &gate)),
        ReportFormat::Table => {
            let is_terminal = std::io::stdout().is_terminal();
            let style = crate::report::table::Style {
                color: use_color(color, is_terminal),
                width: crate::report::table::width(),
            };
            Some(crate::report::table::render(corpus, &selection, style))
        }
    };
    crate::util::timing::mark("written");
    if let Some(text) = text {
        match &args.output {
            Some(path) => write_atomic(path, &text)?,
            None => emit(&text)?,
        }
    }
    let failing: Vec<String> = selected
        .iter()
        .map(|c| (&corpus.claims[c.get()], assessment.outcomes[c.get()].status))
        .filter(|(claim, status)| claim.publish && gate.contains(status))
        .map(|(claim, status)| format!("{} ({})", claim.id.value, status.as_str()))
        .collect();
    // Freeing a large assessment takes a noticeable share of a run; the output is written, so
    // hand it to a thread the process does not wait for.
    drop((selection, scorer));
    std::thread::spawn(move || drop((verdicts, assessment, loaded)));
    if failing.is_empty() {
        return Ok(Outcome::Success);
    }
    let mut sorted = failing;
    sorted.sort();
    emit_err(&format!(
        "publication gate failed: {} marked for publication {}: {}\n",
        crate::util::text::plural(sorted.len(), "claim"),
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
        let near = crate::util::text::did_you_mean(&args.claim, ids()).or_else(|| {
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
    // One claim's derivation needs the learned reliability, not every claim's outcome.
    let learned = crate::score::reliability::learn(corpus, &loaded.policy, as_of);
    let scorer = crate::score::Scorer::new(
        corpus,
        crate::score::Context {
            policy: &loaded.policy,
            as_of,
            learned: Some(&learned),
        },
    );
    let verdict = scorer.verdict(ix);
    emit(&crate::report::explain::render(
        corpus,
        &verdict,
        scorer.context(),
    ))?;
    Ok(Outcome::Success)
}

/// Writes `text` to `path` through a temporary file in the same folder and a rename, so a reader
/// never sees a half-written report and an interrupted run leaves the old file intact.
pub fn write_atomic(path: &std::path::Path, text: &str) -> Result<(), AppError> {
    write_output(Some(path), |out| out.write_all(text.as_bytes()))
}

/// Runs `write` on a buffered writer to `path` (atomically: a temporary file in the same
/// folder, renamed over it once complete) or, without a path, to stdout, where a closed pipe
/// (`| head`) is not an error.
fn write_output(
    path: Option<&std::path::Path>,
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<(), AppError> {
    const BUFFER: usize = 1 << 20;
    let Some(path) = path else {
        let mut out = std::io::BufWriter::with_capacity(BUFFER, std::io::stdout());
        return match write(&mut out).and_then(|()| out.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
            _ => Ok(()),
        };
    };
    let fail = |source| AppError::Output {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&temp)
        .and_then(|file| {
            let mut out = std::io::BufWriter::with_capacity(BUFFER, file);
            write(&mut out)?;
            out.flush()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(fail)
}

fn sources(args: &SourcesArgs, color: ColorChoice) -> Result<Outcome, AppError> {
    let as_of = as_of(args.as_of.as_deref())?;
    let loaded = match load_for_scoring(&args.path, color)? {
        Ok(loaded) => loaded,
        Err(outcome) => return Ok(outcome),
    };
    let assessment = crate::score::assess_corpus(&loaded.corpus, &loaded.policy, as_of);
    let text = match args.format {
        SourcesFormat::Json => crate::report::sources::render_json(&loaded.corpus, &assessment),
        SourcesFormat::Table => {
            let color = use_color(color, std::io::stdout().is_terminal());
            crate::report::sources::render_table(&loaded.corpus, &assessment, color)
        }
    };
    emit(&text)?;
    Ok(Outcome::Success)
}

fn import(args: &ImportArgs) -> Result<Outcome, AppError> {
    let options = crate::import::ImportOptions {
        force: args.force,
        source_col: args.source_col.clone(),
        question_col: args.question_col.clone(),
        answer_col: args.answer_col.clone(),
        progress: std::io::stderr().is_terminal(),
    };
    let summary = crate::import::import(&args.file, &args.out, &options)?;
    emit_err(&format!("{summary}\n"));
    Ok(Outcome::Success)
}

/// One side of a `diff`: a corpus folder, scored, or a saved JSON report.
fn diff_side(
    path: &std::path::Path,
    as_of: Date,
    color: ColorChoice,
) -> Result<Result<crate::report::diff::Snapshot, Outcome>, AppError> {
    if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|source| {
            AppError::Load(LoadError::Unreadable {
                path: path.to_path_buf(),
                source,
            })
        })?;
        return crate::report::diff::Snapshot::from_report_json(&text)
            .map(Ok)
            .map_err(|why| AppError::BadReport {
                path: path.to_path_buf(),
                why,
            });
    }
    let loaded = match load_for_scoring(path, color)? {
        Ok(loaded) => loaded,
        Err(outcome) => return Ok(Err(outcome)),
    };
    let assessment = crate::score::assess_corpus(&loaded.corpus, &loaded.policy, as_of);
    Ok(Ok(crate::report::diff::Snapshot::from_outcomes(
        &loaded.corpus,
        &assessment.outcomes,
    )))
}

fn diff(args: &DiffArgs, color: ColorChoice) -> Result<Outcome, AppError> {
    let as_of = as_of(args.as_of.as_deref())?;
    let old = match diff_side(&args.old, as_of, color)? {
        Ok(s) => s,
        Err(outcome) => return Ok(outcome),
    };
    let new = match diff_side(&args.new, as_of, color)? {
        Ok(s) => s,
        Err(outcome) => return Ok(outcome),
    };
    let changes = crate::report::diff::compare(&old, &new);
    let text = match args.format {
        SourcesFormat::Json => crate::report::diff::render_json(&changes),
        SourcesFormat::Table => crate::report::diff::render_table(&changes),
    };
    emit(&text)?;
    Ok(Outcome::Success)
}
