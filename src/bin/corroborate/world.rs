//! What the binary knows of the world: the day, the terminal, colour, where output goes, and how
//! a run ends.

use crate::cli::ColorChoice;
use crate::progress::Progress;
use corroborate::diag::{Counts, Severity};
use corroborate::engine::Project;
use corroborate::load::texts::Texts;
use corroborate::load::{self, LoadError};
use corroborate::model::Date;
use corroborate::report::diagnostics::{self as render, Style};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

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
    /// `--event` or `--source` names nothing in the corpus.
    #[error("no {what} `{value}` in the corpus{hint}")]
    UnknownName {
        /// `event` or `source`.
        what: &'static str,
        /// The value given.
        value: String,
        /// A suggestion.
        hint: String,
    },
    /// `--sort` or `--limit` with a format that lists every selected claim.
    #[error("--{flag} does not apply to --format {format}, which lists every selected claim")]
    NotListed {
        /// `sort` or `limit`.
        flag: &'static str,
        /// The format.
        format: String,
    },
    /// `--output` names one of the corpus's own files.
    #[error("refusing to write the report over {}, a file of the corpus itself", path.display())]
    OutputIsCorpus {
        /// The file.
        path: std::path::PathBuf,
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
    /// `check -` could not read stdin.
    #[error("cannot read stdin: {source}")]
    Stdin {
        /// Why.
        source: std::io::Error,
    },
    /// `--stdin-filename` names no place under the corpus's claims/ or sources/.
    #[error("--stdin-filename {} is not under the corpus's claims/ or sources/ folder", path.display())]
    BadStdinName {
        /// The name given.
        path: PathBuf,
    },
    /// An `import --force` into the corpus was cut off before it finished.
    #[error("an `import --force` into this corpus was cut off and left {}: the corpus may be missing claims/ or sources/; run the same `corroborate import` again to put it right", folder.display())]
    InterruptedImport {
        /// The importer's temporary folder, with its journal.
        folder: PathBuf,
    },
    /// `init` found files it would have to replace.
    #[error("{} already exists; `init` never replaces a file (remove it, or start in another folder)", path.display())]
    InitExists {
        /// The first file in the way.
        path: PathBuf,
    },
    /// `add` was asked to write where it must not (a link, a folder, a FIFO).
    #[error("refusing to write {}: {why}", path.display())]
    NotEditable {
        /// The path.
        path: PathBuf,
        /// Why not.
        why: &'static str,
    },
    /// A corpus file `add` would append to is not UTF-8 text.
    #[error("{} is not UTF-8 text; `add` appends only to a file the loader can read", path.display())]
    NotText {
        /// The file.
        path: PathBuf,
    },
    /// `add` cannot tell which file the new entry belongs in.
    #[error("no file to add the {what} to: {why}; give --file FILE")]
    NoDefaultFile {
        /// `claim` or `source`.
        what: &'static str,
        /// Why no file is the default.
        why: String,
    },
    /// `add --file` names a place the corpus would not read.
    #[error(transparent)]
    Edit(#[from] corroborate::edit::EditError),
    /// `archive hash` was given something that is not a regular file.
    #[error("{} is not a regular file: `archive hash` hashes a capture file", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// A file named on the command line cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `import` failed.
    #[error(transparent)]
    Import(#[from] corroborate::import::ImportError),
    /// Writing output failed.
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
}

/// What the global options say about the whole run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// `-q` given this many times.
    pub quiet: u8,
    /// `-v` given this many times.
    pub verbose: u8,
    /// `--config FILE`.
    pub config: Option<PathBuf>,
}

static SETTINGS: std::sync::OnceLock<Settings> = std::sync::OnceLock::new();

/// Records the global options; the first call wins.
pub fn set_settings(settings: Settings) {
    let _ = SETTINGS.set(settings);
}

/// The global options of this run.
pub fn settings() -> &'static Settings {
    SETTINGS.get_or_init(Settings::default)
}

/// Writes chatter (summaries, what was done) to stderr, unless `-q`.
pub fn note(text: &str) {
    if settings().quiet == 0 {
        emit_err(text);
    }
}

/// The corpus to work on: the folder given, else the nearest folder from here upward that holds
/// `corroborate.toml`, `claims/` or `sources/` (as ruff finds its configuration), going no
/// higher than the repository's root (a folder with `.git`). Relative, so that paths in messages
/// open from here. `.` when there is none, and loading says what is missing.
pub fn corpus_root(given: Option<&Path>) -> PathBuf {
    if let Some(path) = given {
        return path.to_path_buf();
    }
    let mut candidate = PathBuf::from(".");
    for _ in 0..64 {
        let is_corpus = candidate.join(load::POLICY_FILE).is_file()
            || candidate.join("claims").is_dir()
            || candidate.join("sources").is_dir();
        if is_corpus {
            return candidate;
        }
        let top = candidate.join(".git").exists()
            || std::fs::canonicalize(&candidate).map_or(true, |c| c.parent().is_none());
        if top {
            break;
        }
        candidate = if candidate == Path::new(".") {
            PathBuf::from("..")
        } else {
            candidate.join("..")
        };
    }
    PathBuf::from(".")
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

/// The evaluation day: `--as-of` if given, else today.
pub fn as_of(arg: Option<&str>) -> Result<Date, AppError> {
    match arg {
        Some(text) => {
            Date::parse_from_str(text, "%Y-%m-%d").map_err(|_| AppError::BadAsOf(text.to_owned()))
        }
        None => today(),
    }
}

/// Whether to colour a stream, given the user's choice and whether it is a terminal: `auto`
/// colours a terminal unless `NO_COLOR` is set or `TERM=dumb`.
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    colour_wanted(
        choice,
        is_terminal,
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var_os("TERM").as_deref(),
    )
}

/// [`use_color`], given `NO_COLOR` and `TERM`.
fn colour_wanted(
    choice: ColorChoice,
    is_terminal: bool,
    no_color: Option<&std::ffi::OsStr>,
    term: Option<&std::ffi::OsStr>,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal && no_color.is_none_or(|v| v.is_empty()) && term.is_none_or(|t| t != "dumb")
        }
    }
}

/// The width diagnostics are drawn at: `COLUMNS` when set (40 or more), else 100.
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(100)
}

/// The narrowest table drawn: the claim table fits every line down to this width.
const NARROWEST_TABLE: u16 = 20;

/// The width to draw tables at: `--width` if given, else `COLUMNS` when set (20 or more), else
/// the terminal's width when stdout is one, else 100 columns, so piped output is stable.
pub fn table_width(flag: Option<u16>) -> Option<u16> {
    if let Some(width) = flag {
        return Some(width.max(NARROWEST_TABLE));
    }
    if let Some(width) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
        .filter(|w| *w >= NARROWEST_TABLE)
    {
        return Some(width);
    }
    if std::io::stdout().is_terminal() {
        // comfy-table measures the terminal (colour on or off).
        if let Some(width) = comfy_table::Table::new().width() {
            return Some(width.max(NARROWEST_TABLE));
        }
    }
    Some(100)
}

/// Writes to stdout; a closed pipe (`corroborate … | head`) is not an error.
pub fn emit(text: &str) -> Result<(), AppError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Writes to stderr; nothing useful can be done if stderr is gone, and it must not panic.
pub fn emit_err(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Loads a corpus for scoring; a corpus with errors is shown and not scored.
pub fn load_for_scoring(
    path: &Path,
    color: ColorChoice,
) -> Result<Result<Project, Outcome>, AppError> {
    load_for_scoring_or(path, color, |_, _| Ok(()))
}

/// [`load_for_scoring`], calling `on_errors` with the project and its texts when it has errors
/// (after they are shown), e.g. to write them in the report's own format.
pub fn load_for_scoring_or(
    path: &Path,
    color: ColorChoice,
    on_errors: impl FnOnce(&Project, &mut Texts) -> Result<(), AppError>,
) -> Result<Result<Project, Outcome>, AppError> {
    let today = today()?;
    let found = load::find_files_with(path, settings().config.as_deref())?;
    let progress = Progress::new(found.len(), settings().quiet == 0);
    let on_read = |_: usize, _: &[u8]| progress.tick();
    let project = Project::load_found(path, found, today, Some(&on_read));
    progress.finish();
    let diagnostics = &project.loaded.diagnostics;
    let counts = Counts::of(diagnostics);
    if counts.errors > 0 {
        let mut texts = Texts::new();
        let errors: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        let style = Style {
            color: use_color(color, std::io::stderr().is_terminal()),
            width: terminal_width(),
        };
        let corpus = project.corpus();
        emit_err(&render::render_human(corpus, &mut texts, &errors, style));
        emit_err(&format!(
            "{}\nthe corpus has errors and was not scored; fix them (`corroborate check`) and run again\n",
            render::summary_line(corpus, counts)
        ));
        on_errors(&project, &mut texts)?;
        return Ok(Err(Outcome::Failed));
    }
    Ok(Ok(project))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn colour_is_for_terminals_that_want_it() {
        let auto = ColorChoice::Auto;
        assert!(colour_wanted(auto, true, None, Some(OsStr::new("xterm"))));
        assert!(!colour_wanted(auto, false, None, None));
        assert!(!colour_wanted(auto, true, Some(OsStr::new("1")), None));
        assert!(colour_wanted(auto, true, Some(OsStr::new("")), None));
        assert!(!colour_wanted(auto, true, None, Some(OsStr::new("dumb"))));
        assert!(colour_wanted(
            ColorChoice::Always,
            false,
            None,
            Some(OsStr::new("dumb"))
        ));
        assert!(!colour_wanted(ColorChoice::Never, true, None, None));
    }
}
