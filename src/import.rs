//! `corroborate import`: tabular claims (CSV) in, a corpus out.
//!
//! # Input
//!
//! A CSV file with a header row. Required columns: `source`, `question` and `answer` (other
//! headers can be named with [`ImportOptions`]); optional columns: `date` (`2025-07-14`, or an
//! RFC 3339 date-time), `stance` (default `asserts`), `reliability` (Admiralty `A`–`F`, a
//! property of the source: omitted means the format's default, `F`) and `kind` (a source kind,
//! default `document`), `url` (where the row's words can be read, the evidence's `url`) and
//! `quote` (the source's own words, the evidence's `quote`). Headers are matched exactly, else
//! ignoring case and surrounding blanks.
//! Any other column is ignored and named in the summary, so a misspelt optional column is seen.
//!
//! Each row is one evidence item: `source` says `answer` to `question`, with its `stance`.
//! Sources and questions are identified by their exact text, as are answers within a question;
//! each distinct (question, answer) pair is one claim whose `text` is the answer verbatim.
//!
//! Every question is written as a `[[question]]` entry with its text and a kind
//! ([`ImportOptions::kind`], decided per question by [`kinds`] under `auto`): `quantity` and
//! `set` answers get a `value` read from their text. Answers of one question with the same value
//! written differently (`1,200` and `1200`; `Smith; Jones` and `Jones; Smith`) are one claim,
//! whose text is the wording first seen; the rows that wrote it otherwise keep their wording as
//! the evidence's `quote` (unless the row has a `quote` of its own, which is the source's words
//! and wins). No tolerance is written: the CSV does not say how close two figures
//! must be to be one, so distinct values stay distinct answers.
//!
//! # Output
//!
//! `sources/sources.toml` (every source, in order of first appearance) and `claims/NNNN.toml`
//! (about [`CLAIMS_PER_FILE`] claims each; the answers to one question always share a file).
//! Ids come from the text by [`slugify`]: lowercase ASCII letters and digits (letters of other
//! scripts spelt in ASCII: `РИА Новости` → `ria-novosti`), every other run of characters one
//! `-`, at most [`MAX_SLUG`] characters; a name with nothing to spell gets `s`, `q` or `a`; a
//! name whose slug is taken gets `-2`, `-3`, … in order of first appearance in the file, so the
//! ids are collision-free and the same input always gives byte-identical files. Source names are
//! kept as `name`; a question's id is made from its text, which its `[[question]]` entry keeps;
//! a claim's id is `<question-id>.<answer-slug>`.
//!
//! # Safety
//!
//! The whole file is read and checked before anything is written: every malformed row is
//! collected and reported with its line number ([`ImportError::Rows`]), and nothing is written.
//! So is an answer that a forced kind does not fit ([`ImportError::AnswerKind`]).
//! A quote that never closes is an error ([`ImportError::UnclosedQuote`]): the CSV reader would
//! otherwise take the rest of the file as one field. An existing corpus (`claims/` or
//! `sources/` in the output folder) is refused unless [`ImportOptions::force`]. Other files in
//! the output folder (`corroborate.toml`, a README, …) are never touched.
//!
//! The new corpus is written into a hidden temporary folder inside the output folder,
//! `.corroborate-import-<PID>/`, marked as the importer's by a file in it, and synced to disk.
//! Installing it takes up to four renames (the old `claims/` and `sources/` aside, the new ones
//! in); a journal written and synced before the first says which, so that a crash between them
//! can be undone: the next import into the folder ([`reclaim`]) puts the old sections back, or,
//! once the journal records the install as complete, deletes them. The same pass removes the
//! temporary folders of imports that died before installing. Only folders carrying the marker,
//! whose process is gone, are touched. [`interrupted_import`] tells whether a folder holds an
//! install that was cut off.

pub mod kinds;

pub use kinds::ImportKind;

use crate::load::schema::{
    ClaimKey, ClaimsFile, EvidenceKey, Keys, QuestionKey, SourceKey, SourcesFile,
};
use crate::model::{QuestionKind, Reliability, SourceKind, Stance};
use crate::util::text::edit_distance;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, SecondsFormat};
use kinds::Answer;
use rayon::prelude::*;
use std::fmt::{self, Write as _};
use std::hash::Hasher;
use std::io::{self, Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

/// How to read the CSV.
#[derive(Clone)]
pub struct ImportOptions {
    /// Replace an existing corpus.
    pub force: bool,
    /// Header of the source column.
    pub source_col: String,
    /// Header of the question column.
    pub question_col: String,
    /// Header of the answer column.
    pub answer_col: String,
    /// The kind given to the questions: decided per question (`auto`), or forced.
    pub kind: ImportKind,
    /// Told how the import advances (the binary draws a progress bar from it).
    pub progress: Option<Progress>,
}

impl std::fmt::Debug for ImportOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportOptions")
            .field("force", &self.force)
            .field("source_col", &self.source_col)
            .field("question_col", &self.question_col)
            .field("answer_col", &self.answer_col)
            .field("kind", &self.kind)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// How an import advances, as told to [`ImportOptions::progress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// Reading the CSV file `name` of `bytes` bytes begins.
    Reading {
        /// The file's name.
        name: &'a str,
        /// Its size.
        bytes: u64,
    },
    /// Reading has got this far, in bytes.
    ReadTo(u64),
    /// Writing `files` files begins.
    Writing {
        /// How many.
        files: u64,
    },
    /// One more file is written.
    Wrote,
    /// The phase under way is over.
    Done,
}

/// Receives each [`Step`] of an import.
pub type Progress = std::sync::Arc<dyn Fn(Step<'_>) + Send + Sync>;

/// Tells `progress` of `step`, when there is one to tell.
fn tell(progress: &Option<Progress>, step: Step<'_>) {
    if let Some(progress) = progress {
        progress(step);
    }
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            force: false,
            source_col: "source".to_owned(),
            question_col: "question".to_owned(),
            answer_col: "answer".to_owned(),
            kind: ImportKind::Auto,
            progress: None,
        }
    }
}

/// Claims per file under `claims/`, roughly: a file is closed once it holds at least this many.
pub const CLAIMS_PER_FILE: usize = 1000;

/// The longest slug taken from a name, before any `-2` collision suffix.
pub const MAX_SLUG: usize = 48;

/// The most malformed rows an error lists one by one (all are counted).
pub const MAX_REPORTED: usize = 20;

/// The source kind given when the CSV has no `kind` column (or leaves it empty).
///
/// `kind` is required by the format but the importer knows nothing about a source except that
/// its statements were recorded in a table: a document. Kind is descriptive only (it does not
/// enter the score), so a neutral, honest default is preferred to a guess such as `media`; a
/// `kind` column overrides it.
pub const DEFAULT_KIND: SourceKind = SourceKind::Document;

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Data rows imported (one evidence item each).
    pub rows: usize,
    /// Distinct sources.
    pub sources: usize,
    /// Distinct questions.
    pub questions: usize,
    /// Claims: distinct (question, answer) pairs, answers with the same value written
    /// differently counted once.
    pub claims: usize,
    /// Answers merged into a claim with the same value ([`ImportSummary::claims`] leaves them out).
    pub merged: usize,
    /// Questions of each kind: choice, set, quantity.
    pub kinds: [usize; 3],
    /// The `--kind` asked for.
    pub kind: ImportKind,
    /// TOML files written (claims files and the sources file).
    pub files: usize,
    /// The corpus folder.
    pub out: PathBuf,
    /// Whether an existing `claims/` and `sources/` were replaced (`--force`).
    pub replaced: bool,
    /// Headers of the CSV that were not used.
    pub ignored_columns: Vec<String>,
    /// Leftovers of earlier imports into the folder that were dealt with first ([`reclaim`]).
    pub reclaimed: Vec<Reclaimed>,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "imported {} {}: {} {}, {} {}, {} {} into {} ({} {}{})",
            thousands(self.rows),
            plural(self.rows, "row", "rows"),
            thousands(self.sources),
            plural(self.sources, "source", "sources"),
            thousands(self.questions),
            plural(self.questions, "question", "questions"),
            thousands(self.claims),
            plural(self.claims, "claim", "claims"),
            self.out.display(),
            thousands(self.files),
            plural(self.files, "file", "files"),
            if self.replaced {
                "; the previous claims/ and sources/ were replaced"
            } else {
                ""
            },
        )?;
        let [choice, set, quantity] = self.kinds;
        write!(
            f,
            "\nnote: --kind {}: {} choice, {} set, {} quantity",
            self.kind.as_str(),
            thousands(choice),
            thousands(set),
            thousands(quantity)
        )?;
        if self.merged > 0 {
            write!(
                f,
                "; {} {} the same value as another answer, written differently, and {} merged \
                 into it (the rows keep their wording as `quote`)",
                thousands(self.merged),
                plural(self.merged, "answer has", "answers have"),
                plural(self.merged, "was", "were"),
            )?;
        }
        if !self.ignored_columns.is_empty() {
            let names: Vec<String> = self
                .ignored_columns
                .iter()
                .map(|c| format!("{c:?}"))
                .collect();
            write!(f, "\nnote: ignored columns: {}", names.join(", "))?;
        }
        for r in &self.reclaimed {
            write!(f, "\nnote: {r}")?;
        }
        Ok(())
    }
}

/// A leftover of an earlier import into the output folder, and what [`reclaim`] did with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reclaimed {
    /// The temporary folder (`.corroborate-import-<PID>/`); it is gone now.
    pub path: PathBuf,
    /// What was done.
    pub outcome: Reclaim,
}

/// What [`reclaim`] did with a leftover temporary folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reclaim {
    /// The import died before installing anything: its folder was deleted.
    Removed,
    /// A `--force` install was cut off: the previous `claims/` and `sources/` were put back (and
    /// whatever of the new corpus had been installed taken out).
    PutBack,
    /// A first install (nothing to replace) was cut off: what it had installed was taken out.
    Undone,
    /// The install had completed; only the previous sections, kept aside, remained to delete.
    Finished,
}

impl fmt::Display for Reclaimed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.outcome {
            Reclaim::Removed => "removed the temporary folder of an import that did not finish",
            Reclaim::PutBack => {
                "put back the claims/ and sources/ of an interrupted --force import"
            }
            Reclaim::Undone => {
                "undid an interrupted import: removed the claims/ and sources/ it had begun to \
                 install"
            }
            Reclaim::Finished => "finished the clean-up of an import that had installed its corpus",
        };
        write!(f, "reclaimed {}: {what}", self.path.display())
    }
}

/// A required column the header lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingColumn {
    /// The header looked for.
    pub name: String,
    /// The option that names this column (`--source-col`, …).
    pub flag: &'static str,
    /// A header of the file that is probably the one meant.
    pub suggestion: Option<String>,
}

/// One malformed row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// The line of the CSV file where the row starts (1-based; the header is line 1).
    pub line: u64,
    /// What is wrong with it.
    pub fault: RowFault,
}

/// What is wrong with a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowFault {
    /// The row has a different number of fields than the header.
    FieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in the row.
        found: usize,
    },
    /// A required field is empty or blank.
    Empty {
        /// The column's header.
        column: String,
    },
    /// A field is not valid UTF-8.
    NotUtf8 {
        /// The column's header.
        column: String,
    },
    /// A field of a closed vocabulary (stance, reliability, kind) or a date does not parse.
    InvalidValue {
        /// The column's header.
        column: String,
        /// The value found.
        value: String,
        /// What is accepted.
        accepted: String,
        /// The accepted value probably meant.
        suggestion: Option<String>,
    },
    /// A source-level value (reliability, kind) differs from the one given on an earlier row.
    Conflicting {
        /// The column's header.
        column: String,
        /// The source's name.
        source: String,
        /// The value given earlier.
        first: String,
        /// The line it was given on.
        first_line: u64,
        /// The value on this row.
        found: String,
    },
}

impl fmt::Display for RowFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowFault::FieldCount { expected, found } => {
                write!(
                    f,
                    "expected {expected} fields (as in the header), found {found}"
                )
            }
            RowFault::Empty { column } => write!(f, "`{column}` is empty"),
            RowFault::NotUtf8 { column } => write!(f, "`{column}` is not valid UTF-8"),
            RowFault::InvalidValue {
                column,
                value,
                accepted,
                suggestion,
            } => {
                write!(
                    f,
                    "`{column}` = {:?} is not accepted; expected {accepted}",
                    clip(value)
                )?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
            RowFault::Conflicting {
                column,
                source,
                first,
                first_line,
                found,
            } => write!(
                f,
                "`{column}` = {found:?} for source {:?}, which line {first_line} gave as {first:?}",
                clip(source)
            ),
        }
    }
}

/// Why an import failed. Nothing is written when an import fails.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The CSV file cannot be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A quoted field opens and never closes. CSV readers take such a field to the end of the
    /// file, rows and all, so it is refused rather than imported as one long value.
    #[error(
        "{}:{line}:{column}: the quote that opens this field is never closed, so the field \
         runs to the end of the file{}; nothing was written\n\
         help: close the quote, or double it (\"\") where it is part of the text",
        path.display(),
        swallowed(*lines_after)
    )]
    UnclosedQuote {
        /// The file.
        path: PathBuf,
        /// The line of the opening quote (1-based).
        line: u64,
        /// Its column, in characters (1-based).
        column: u64,
        /// How many lines after it the field takes in.
        lines_after: u64,
    },
    /// The CSV cannot be parsed at all at some point.
    #[error("{}:{line}: cannot parse CSV: {why}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
        /// What the parser said.
        why: String,
    },
    /// The header lacks required columns.
    #[error("{}", missing_message(path, missing, found))]
    MissingColumns {
        /// The file.
        path: PathBuf,
        /// Each missing column.
        missing: Vec<MissingColumn>,
        /// The headers found.
        found: Vec<String>,
    },
    /// Two columns of the header have the name of a column the import uses.
    #[error(
        "{}:1: the header names column `{name}` twice (columns {first} and {second}); rename one",
        path.display()
    )]
    DuplicateColumn {
        /// The file.
        path: PathBuf,
        /// The header.
        name: String,
        /// 1-based position of its first occurrence.
        first: usize,
        /// 1-based position of the second.
        second: usize,
    },
    /// One column was named for two roles.
    #[error("{}: column {name:?} was named by both {first} and {second}", path.display())]
    SameColumn {
        /// The file.
        path: PathBuf,
        /// The header.
        name: String,
        /// One option.
        first: &'static str,
        /// The other.
        second: &'static str,
    },
    /// An answer does not fit the kind forced with `--kind`.
    #[error(
        "{}:{line}:{column}: `{header}` = {:?} {why}, and --kind {} requires every answer to \
         be one; nothing was written\n\
         help: correct the answer, or import with --kind auto, which keeps such questions choices",
        path.display(),
        clip(answer),
        kind.as_str()
    )]
    AnswerKind {
        /// The file.
        path: PathBuf,
        /// The line where the answer is (1-based).
        line: u64,
        /// Its column, in characters (1-based): where its field starts.
        column: u64,
        /// The answer column's header.
        header: String,
        /// The answer.
        answer: String,
        /// The kind forced.
        kind: ImportKind,
        /// What is wrong.
        why: String,
    },
    /// The file has a header and no data rows.
    #[error("{}: no rows after the header; nothing to import", path.display())]
    NoRows {
        /// The file.
        path: PathBuf,
    },
    /// Some rows are malformed; all were checked, nothing was written.
    #[error("{}", rows_message(path, problems, *total, *rows))]
    Rows {
        /// The file.
        path: PathBuf,
        /// The first [`MAX_REPORTED`] problems, in file order.
        problems: Vec<RowProblem>,
        /// How many problems there are in all.
        total: usize,
        /// How many data rows the file has.
        rows: usize,
    },
    /// The output folder already holds a corpus.
    #[error(
        "{} already holds a corpus (claims/ or sources/); nothing was written\n\
         help: pass --force to replace its claims/ and sources/ (other files there are kept), or choose another --out",
        out.display()
    )]
    Exists {
        /// The output folder.
        out: PathBuf,
    },
    /// The output path exists and is not a folder.
    #[error("{} is not a folder; --out names the corpus folder to write", .0.display())]
    NotADirectory(PathBuf),
    /// Writing the corpus failed; the output folder was left as it was.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The path written.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A leftover of an interrupted install cannot be put right safely (its journal cannot be
    /// read, or the folder does not match it); it was left as it is and nothing was written.
    #[error(
        "{}: cannot recover an interrupted import: {why}; it was left as it is and nothing was \
         written\n\
         help: its old/ holds the previous claims/ and sources/, its new/ the imported ones; \
         move back the ones to keep by hand, then delete the folder",
        path.display()
    )]
    Interrupted {
        /// The temporary folder.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// Installing failed, and so did putting the previous corpus back.
    #[error(
        "{cause}\nand the previous claims/ and sources/ could not be put back: {why}\n\
         help: they are kept in {}; the next import into {} puts them back",
        tmp.display(),
        out.display()
    )]
    RollbackFailed {
        /// The output folder.
        out: PathBuf,
        /// The temporary folder holding the journal and the sections.
        tmp: PathBuf,
        /// Why the install failed.
        cause: Box<ImportError>,
        /// Why the roll-back failed.
        why: String,
    },
}

/// `, taking in the N lines after it`, or nothing.
fn swallowed(lines: u64) -> String {
    match lines {
        0 => String::new(),
        1 => ", taking in the line after it".to_owned(),
        n => format!(
            ", taking in the {} lines after it",
            thousands(usize::try_from(n).unwrap_or(usize::MAX))
        ),
    }
}

fn missing_message(path: &Path, missing: &[MissingColumn], found: &[String]) -> String {
    let mut text = String::new();
    let names: Vec<String> = missing.iter().map(|m| format!("`{}`", m.name)).collect();
    let names = match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    let _ = write!(
        text,
        "{}:1: the header has no column {names}",
        path.display()
    );
    let found: Vec<String> = found.iter().map(|h| format!("{h:?}")).collect();
    let _ = write!(text, "\n  the header has: {}", found.join(", "));
    for m in missing {
        match &m.suggestion {
            Some(s) => {
                let _ = write!(
                    text,
                    "\nhelp: did you mean {s:?}? pass {} {}",
                    m.flag,
                    shell_word(s)
                );
            }
            None => {
                let _ = write!(
                    text,
                    "\nhelp: name the column that holds the {} with {} HEADER",
                    m.flag.trim_start_matches("--").trim_end_matches("-col"),
                    m.flag
                );
            }
        }
    }
    text
}

fn rows_message(path: &Path, problems: &[RowProblem], total: usize, rows: usize) -> String {
    let mut text = format!(
        "{}: {} {} in {} data {}; nothing was written",
        path.display(),
        thousands(total),
        plural(total, "problem", "problems"),
        thousands(rows),
        plural(rows, "row", "rows"),
    );
    for p in problems {
        let _ = write!(text, "\n  {}:{}: {}", path.display(), p.line, p.fault);
    }
    if total > problems.len() {
        let _ = write!(text, "\n  … and {} more", thousands(total - problems.len()));
    }
    text
}

/// Imports `csv` into a corpus at `out`.
pub fn import(
    csv: &Path,
    out: &Path,
    options: &ImportOptions,
) -> Result<ImportSummary, ImportError> {
    // First, so that an install cut off earlier is whole again before `out` is judged.
    let reclaimed = reclaim(out)?;
    let existing = check_out(out)?;
    if existing && !options.force {
        return Err(ImportError::Exists {
            out: out.to_path_buf(),
        });
    }
    let table = read(csv, options)?;
    let plan = plan(&table, options.kind)
        .map_err(|misfit| misfit_error(csv, &table, misfit, options.kind))?;
    let files = write(&table, &plan, csv, out, options)?;
    let mut kinds = [0; 3];
    for kind in &plan.kinds {
        kinds[match kind {
            QuestionKind::Choice => 0,
            QuestionKind::Set => 1,
            QuestionKind::Quantity => 2,
        }] += 1;
    }
    Ok(ImportSummary {
        rows: table.evidence.len(),
        sources: table.sources.len(),
        questions: table.questions.len(),
        claims: table.claims.len() - plan.merged,
        merged: plan.merged,
        kinds,
        kind: options.kind,
        files,
        out: out.to_path_buf(),
        replaced: existing,
        ignored_columns: table.ignored,
        reclaimed,
    })
}

/// Whether `out` already holds `claims/` or `sources/`; an error when it is not a folder.
fn check_out(out: &Path) -> Result<bool, ImportError> {
    match std::fs::metadata(out) {
        Ok(meta) if !meta.is_dir() => return Err(ImportError::NotADirectory(out.to_path_buf())),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(source) => {
            return Err(ImportError::Read {
                path: out.to_path_buf(),
                source,
            })
        }
    }
    Ok(SECTIONS
        .iter()
        .any(|s| std::fs::symlink_metadata(out.join(s)).is_ok()))
}

const SECTIONS: [&str; 2] = ["claims", "sources"];

// ---------------------------------------------------------------------------------------------
// Reading

// The importer's maps use the loader's FxHash; their iteration order is never used, so
// determinism does not depend on it.
use crate::util::hash::{FastMap as FxMap, FxHasher as Fx};

/// Which field holds what.
#[derive(Debug)]
struct Columns {
    headers: Vec<String>,
    source: usize,
    question: usize,
    answer: usize,
    date: Option<usize>,
    stance: Option<usize>,
    reliability: Option<usize>,
    kind: Option<usize>,
    url: Option<usize>,
    quote: Option<usize>,
}

/// Distinct strings (each with a `u32` tag, e.g. the question an answer belongs to), numbered in
/// order of first appearance and stored once, back to back, in one arena. A compact hash → index
/// table with collision chains finds them; lookups compare the actual text, so the result is
/// exact. (One allocation per table instead of several per string keeps a million rows fast.)
#[derive(Default)]
struct Distinct {
    arena: String,
    /// End of each string in `arena`; it starts where the previous one ends.
    ends: Vec<usize>,
    tags: Vec<u32>,
    /// Hash of (tag, text) → the latest index with that hash.
    table: FxMap<u64, u32>,
    /// For each index, the previous index with the same hash, or `NONE`.
    chain: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl Distinct {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, ix: u32) -> &str {
        let ix = ix as usize;
        let start = if ix == 0 { 0 } else { self.ends[ix - 1] };
        &self.arena[start..self.ends[ix]]
    }

    fn hash(tag: u32, text: &str) -> u64 {
        let mut h = Fx::default();
        h.write_u32(tag);
        h.write(text.as_bytes());
        h.finish()
    }

    fn find_hashed(&self, hash: u64, tag: u32, text: &str) -> Option<u32> {
        let mut ix = *self.table.get(&hash)?;
        while ix != NONE {
            if self.tags[ix as usize] == tag && self.get(ix) == text {
                return Some(ix);
            }
            ix = self.chain[ix as usize];
        }
        None
    }

    fn find(&self, tag: u32, text: &str) -> Option<u32> {
        self.find_hashed(Self::hash(tag, text), tag, text)
    }

    /// The index of (`tag`, `text`), and whether it was added now.
    fn intern(&mut self, tag: u32, text: &str) -> (u32, bool) {
        let hash = Self::hash(tag, text);
        if let Some(ix) = self.find_hashed(hash, tag, text) {
            return (ix, false);
        }
        let ix = index(self.len());
        self.arena.push_str(text);
        self.ends.push(self.arena.len());
        self.tags.push(tag);
        self.chain.push(self.table.insert(hash, ix).unwrap_or(NONE));
        (ix, true)
    }
}

/// Hands out ids made from names: the slug, else `slug-2`, `slug-3`, … (the first one free, in
/// request order). Ids are distinct per tag; the `n`th id handed out has index `n`.
#[derive(Default)]
struct IdAllocator {
    ids: Distinct,
    /// Slugs found taken, with the next suffix to try for each: `-2`, `-3`, … below it are all taken,
    /// so a thousand names with one slug cost a thousand lookups, not half a million.
    bases: Distinct,
    next_suffix: Vec<u64>,
    slug: String,
    candidate: String,
}

impl IdAllocator {
    fn allocate(&mut self, tag: u32, name: &str, empty: &str) -> u32 {
        slugify_into(&mut self.slug, name, MAX_SLUG);
        if self.slug.is_empty() {
            self.slug.push_str(empty);
        }
        if self.ids.find(tag, &self.slug).is_none() {
            return self.ids.intern(tag, &self.slug).0;
        }
        let (base, new) = self.bases.intern(tag, &self.slug);
        if new {
            self.next_suffix.push(2);
        }
        let mut n = self.next_suffix[base as usize];
        loop {
            self.candidate.clear();
            let _ = write!(self.candidate, "{}-{n}", self.slug);
            n += 1;
            if self.ids.find(tag, &self.candidate).is_none() {
                self.next_suffix[base as usize] = n;
                return self.ids.intern(tag, &self.candidate).0;
            }
        }
    }

    fn get(&self, ix: u32) -> &str {
        self.ids.get(ix)
    }
}

/// A source-level value given on some row, with the row's line.
type Given<T> = Option<(T, u64)>;

/// An evidence item's date, as it will be written.
#[derive(Clone, Copy)]
enum RowDate {
    None,
    Date(NaiveDate),
    /// An index into [`Table::datetimes`].
    DateTime(u32),
}

/// Where an answer is first given, to point at it.
#[derive(Clone, Copy)]
struct FirstSeen {
    /// The line of its row (1-based).
    line: u64,
    /// The byte where its row starts.
    byte: u64,
    /// The column of its field in characters (1-based), as if the fields before it were written
    /// unquoted: exact for most files, and all that is known of a stream, which cannot be read
    /// again ([`answer_column`] reads a file again for the exact one).
    column: u64,
}

struct EvidenceRec {
    claim: u32,
    source: u32,
    stance: Stance,
    date: RowDate,
    /// Its `url` in [`Table::texts`] (tag [`URL`]), or [`NONE`].
    url: u32,
    /// Its `quote` in [`Table::texts`] (tag [`QUOTE`]), or [`NONE`].
    quote: u32,
}

/// The tag of a row's `url` in [`Table::texts`].
const URL: u32 = 0;
/// The tag of a row's `quote` in [`Table::texts`].
const QUOTE: u32 = 1;

/// The checked contents of the CSV.
struct Table {
    /// Source names.
    sources: Distinct,
    reliability: Vec<Given<Reliability>>,
    kinds: Vec<Given<SourceKind>>,
    /// Question texts.
    questions: Distinct,
    /// Answers, tagged with their question.
    claims: Distinct,
    /// Where each answer is first given.
    claim_first: Vec<FirstSeen>,
    /// The answer column's header and position (0-based).
    answer_column: (String, usize),
    /// In row order.
    evidence: Vec<EvidenceRec>,
    /// Date-times, normalised, as written in TOML.
    datetimes: Vec<String>,
    /// The rows' urls and quotes, stored once each (a url shared by many rows is one string).
    texts: Distinct,
    ignored: Vec<String>,
}

/// Row problems: the first [`MAX_REPORTED`] kept, all counted.
#[derive(Default)]
struct Problems {
    list: Vec<RowProblem>,
    total: usize,
}

impl Problems {
    fn push(&mut self, line: u64, fault: RowFault) {
        self.total += 1;
        if self.list.len() < MAX_REPORTED {
            self.list.push(RowProblem { line, fault });
        }
    }
}

/// Records a source-level value, or a conflict with the one given before.
fn give<T: Copy + PartialEq + fmt::Display>(
    slot: &mut Given<T>,
    value: Option<T>,
    line: u64,
    column: &str,
    source: &str,
    problems: &mut Problems,
) {
    let Some(value) = value else { return };
    match *slot {
        None => *slot = Some((value, line)),
        Some((first, first_line)) if first != value => problems.push(
            line,
            RowFault::Conflicting {
                column: column.to_owned(),
                source: source.to_owned(),
                first: first.to_string(),
                first_line,
                found: value.to_string(),
            },
        ),
        Some(_) => {}
    }
}

fn read(path: &Path, options: &ImportOptions) -> Result<Table, ImportError> {
    let read_error = |source: io::Error| ImportError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let meta = file.metadata().ok();
    let len = meta.as_ref().map_or(0, |m| m.len());
    // A file can be read again from its last record to see whether a quote is left open there;
    // a stream (a pipe) cannot, so its quoting is followed as it goes by.
    let input = if meta.is_some_and(|m| m.is_file()) {
        Input::File(file)
    } else {
        Input::Stream(file, QuoteScan::new(1, true))
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(input);
    let csv_error = |e: csv::Error| {
        let line = e.position().map_or(0, |p| p.line());
        match e.into_kind() {
            csv::ErrorKind::Io(source) => ImportError::Read {
                path: path.to_path_buf(),
                source,
            },
            other => ImportError::Csv {
                path: path.to_path_buf(),
                line,
                why: format!("{other:?}"),
            },
        }
    };
    let headers: Vec<String> = reader
        .byte_headers()
        .map_err(csv_error)?
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    let columns = match columns(path, headers, options) {
        Ok(columns) => columns,
        Err(e) => {
            // A header whose quote never closes holds the whole file: that, not the columns it
            // seems to lack, is what to say.
            let mut rest = csv::ByteRecord::new();
            if matches!(reader.read_byte_record(&mut rest), Ok(false)) {
                check_quotes(path, &mut reader, 0, 1)?;
            }
            return Err(e);
        }
    };
    let used = [
        Some(columns.source),
        Some(columns.question),
        Some(columns.answer),
        columns.date,
        columns.stance,
        columns.reliability,
        columns.kind,
        columns.url,
        columns.quote,
    ];
    let ignored = columns
        .headers
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(&Some(*i)))
        .map(|(_, h)| h.clone())
        .collect();
    let header = |ix: Option<usize>| columns.headers[ix.unwrap_or(0)].clone();

    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tell(
        &options.progress,
        Step::Reading {
            name: &name,
            bytes: len,
        },
    );

    let mut problems = Problems::default();
    let mut table = Table {
        sources: Distinct::default(),
        reliability: Vec::new(),
        kinds: Vec::new(),
        questions: Distinct::default(),
        claims: Distinct::default(),
        claim_first: Vec::new(),
        answer_column: (columns.headers[columns.answer].clone(), columns.answer),
        evidence: Vec::new(),
        datetimes: Vec::new(),
        texts: Distinct::default(),
        ignored,
    };
    let mut rows = 0usize;
    let mut record = csv::ByteRecord::new();
    let width = columns.headers.len();
    // Where the last record read starts (byte, line): the header's until a row is read.
    let mut last = (0, 1);

    while reader.read_byte_record(&mut record).map_err(csv_error)? {
        rows += 1;
        let (line, byte) = record.position().map_or((0, 0), |p| (p.line(), p.byte()));
        last = (byte, line);
        if rows.is_multiple_of(16_384) {
            tell(&options.progress, Step::ReadTo(byte));
        }
        if record.len() != width {
            problems.push(
                line,
                RowFault::FieldCount {
                    expected: width,
                    found: record.len(),
                },
            );
            continue;
        }
        let before = problems.total;
        let text = |ix: usize, problems: &mut Problems| -> Option<&str> {
            match std::str::from_utf8(&record[ix]) {
                Ok(text) => Some(text),
                Err(_) => {
                    problems.push(
                        line,
                        RowFault::NotUtf8 {
                            column: columns.headers[ix].clone(),
                        },
                    );
                    None
                }
            }
        };
        let required = |ix: usize, problems: &mut Problems| -> Option<&str> {
            let value = text(ix, problems)?;
            if value.trim().is_empty() {
                problems.push(
                    line,
                    RowFault::Empty {
                        column: columns.headers[ix].clone(),
                    },
                );
                return None;
            }
            Some(value)
        };
        let optional = |ix: Option<usize>, problems: &mut Problems| -> Option<&str> {
            let value = text(ix?, problems)?.trim();
            (!value.is_empty()).then_some(value)
        };
        let source = required(columns.source, &mut problems);
        let question = required(columns.question, &mut problems);
        let answer = required(columns.answer, &mut problems);

        let vocabulary = |ix: Option<usize>,
                          problems: &mut Problems,
                          words: &[&'static str]|
         -> Option<&'static str> {
            let value = optional(ix, problems)?;
            match words.iter().find(|w| w.eq_ignore_ascii_case(value)) {
                Some(w) => Some(*w),
                None => {
                    problems.push(
                        line,
                        RowFault::InvalidValue {
                            column: header(ix),
                            value: value.to_owned(),
                            accepted: format!("one of {}", words.join(", ")),
                            suggestion: closest(value, words.iter().copied()).map(str::to_owned),
                        },
                    );
                    None
                }
            }
        };
        let stance = vocabulary(columns.stance, &mut problems, &Stance::words())
            .and_then(Stance::parse)
            .unwrap_or(Stance::Asserts);
        let reliability = vocabulary(columns.reliability, &mut problems, &Reliability::words())
            .and_then(Reliability::parse);
        let kind = vocabulary(columns.kind, &mut problems, &SourceKind::words())
            .and_then(SourceKind::parse);
        let date = match optional(columns.date, &mut problems) {
            None => RowDate::None,
            Some(t) => match row_date(t) {
                Some(Ok(d)) => RowDate::Date(d),
                Some(Err(datetime)) => {
                    table.datetimes.push(datetime);
                    RowDate::DateTime(index(table.datetimes.len() - 1))
                }
                None => {
                    problems.push(
                        line,
                        RowFault::InvalidValue {
                            column: header(columns.date),
                            value: t.to_owned(),
                            accepted: "a date such as 2025-07-14 or a date-time such as \
                                       2025-07-14T09:30:00Z"
                                .to_owned(),
                            suggestion: None,
                        },
                    );
                    RowDate::None
                }
            },
        };
        let url = optional(columns.url, &mut problems);
        // A quote keeps its inner blanks and line breaks; only a blank cell is no quote.
        let quote = match columns.quote {
            Some(ix) => text(ix, &mut problems).filter(|q| !q.trim().is_empty()),
            None => None,
        };
        let (Some(source), Some(question), Some(answer)) = (source, question, answer) else {
            continue;
        };
        if problems.total > before {
            continue;
        }

        let (s, new) = table.sources.intern(0, source);
        if new {
            table.reliability.push(None);
            table.kinds.push(None);
        }
        let s_ix = s as usize;
        give(
            &mut table.reliability[s_ix],
            reliability,
            line,
            &header(columns.reliability),
            source,
            &mut problems,
        );
        give(
            &mut table.kinds[s_ix],
            kind,
            line,
            &header(columns.kind),
            source,
            &mut problems,
        );
        let (q, _) = table.questions.intern(0, question);
        let (c, new) = table.claims.intern(q, answer);
        if new {
            let before: usize = (0..columns.answer)
                .map(|i| record[i].iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1)
                .sum();
            table.claim_first.push(FirstSeen {
                line,
                byte,
                column: before as u64 + 1,
            });
        }
        let url = url.map_or(NONE, |u| table.texts.intern(URL, u).0);
        let quote = quote.map_or(NONE, |q| table.texts.intern(QUOTE, q).0);
        table.evidence.push(EvidenceRec {
            claim: c,
            source: s,
            stance,
            date,
            url,
            quote,
        });
    }
    tell(&options.progress, Step::Done);
    // Before the row problems: an unclosed quote explains them (a short last row, …).
    check_quotes(path, &mut reader, last.0, last.1)?;

    if problems.total > 0 {
        return Err(ImportError::Rows {
            path: path.to_path_buf(),
            problems: problems.list,
            total: problems.total,
            rows,
        });
    }
    if rows == 0 {
        return Err(ImportError::NoRows {
            path: path.to_path_buf(),
        });
    }
    Ok(table)
}

/// The CSV being read, as [`read`] opened it.
enum Input {
    /// A regular file: [`check_quotes`] re-reads its last record.
    File(std::fs::File),
    /// Anything else (a pipe, a terminal): its quoting is followed as it is read.
    Stream(std::fs::File, QuoteScan),
}

impl io::Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Input::File(file) => file.read(buf),
            Input::Stream(file, scan) => {
                let n = file.read(buf)?;
                scan.feed(&buf[..n]);
                Ok(n)
            }
        }
    }
}

/// Fails with [`ImportError::UnclosedQuote`] when the CSV ended inside a quoted field; `byte`
/// and `line` are where the last record read starts. Call it once the reader is at the end.
fn check_quotes(
    path: &Path,
    reader: &mut csv::Reader<Input>,
    byte: u64,
    line: u64,
) -> Result<(), ImportError> {
    let scan = match reader.get_mut() {
        Input::Stream(_, scan) => scan.clone(),
        Input::File(file) => {
            // Only the last record can hold such a quote, since its field runs to the end of the
            // file: re-reading it costs one line for a sound file, and the rows are not slowed.
            let mut scan = QuoteScan::new(line, byte == 0);
            let mut tail = || -> io::Result<()> {
                file.seek(io::SeekFrom::Start(byte))?;
                let mut buf = vec![0u8; 1 << 16];
                loop {
                    let n = file.read(&mut buf)?;
                    if n == 0 {
                        return Ok(());
                    }
                    scan.feed(&buf[..n]);
                }
            };
            tail().map_err(|source| ImportError::Read {
                path: path.to_path_buf(),
                source,
            })?;
            scan
        }
    };
    match scan.unclosed() {
        None => Ok(()),
        Some((line, column, lines_after)) => Err(ImportError::UnclosedQuote {
            path: path.to_path_buf(),
            line,
            column,
            lines_after,
        }),
    }
}

/// Where CSV parsing is, for [`QuoteScan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// Before a record (line endings here are blank lines, skipped).
    Record,
    /// Before a field.
    Field,
    /// In a field that did not open with a quote: a quote in it is text.
    Unquoted,
    /// In a quoted field.
    Quoted,
    /// Just after a quote in a quoted field: it closes the field, or with another quote is one.
    QuoteInQuoted,
}

/// Follows CSV quoting as the `csv` crate's reader does with [`read`]'s settings (`,` between
/// fields, `"` quoting, `""` a quote inside quotes, CR, LF or CRLF ending a record, a UTF-8
/// byte-order mark skipped at the start), to find a quote still open at the end: the reader
/// ends such a field at the end of the input without a word.
#[derive(Debug, Clone)]
struct QuoteScan {
    state: Scan,
    /// The line and column (in characters, 1-based) of the next byte.
    line: u64,
    column: u64,
    /// Where the quoted field under way opened.
    open: (u64, u64),
    /// The line of the last byte that was not a line ending.
    last_line: u64,
    /// Whether the next bytes are the first of the file, where a byte-order mark is skipped.
    bom: bool,
}

impl QuoteScan {
    /// A scan from the start of a record on `line`; `file_start` when that is the file's start.
    fn new(line: u64, file_start: bool) -> Self {
        QuoteScan {
            state: Scan::Record,
            line,
            column: 1,
            open: (line, 1),
            last_line: line,
            bom: file_start,
        }
    }

    fn feed(&mut self, mut bytes: &[u8]) {
        // As the reader does: only a mark wholly in the first buffer is skipped.
        if std::mem::take(&mut self.bom) {
            if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
                bytes = rest;
            }
        }
        for &b in bytes {
            let (line, column) = (self.line, self.column);
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else {
                if b & 0xC0 != 0x80 {
                    self.column += 1;
                }
                if b != b'\r' {
                    self.last_line = line;
                }
            }
            self.state = match (self.state, b) {
                (Scan::Quoted, b'"') => Scan::QuoteInQuoted,
                (Scan::Quoted, _) => Scan::Quoted,
                (Scan::Record | Scan::Field, b'"') => {
                    self.open = (line, column);
                    Scan::Quoted
                }
                (Scan::QuoteInQuoted, b'"') => Scan::Quoted,
                (_, b',') => Scan::Field,
                (_, b'\r' | b'\n') => Scan::Record,
                _ => Scan::Unquoted,
            };
        }
    }

    /// The line and column of a quote still open, and how many lines after it the field took in.
    fn unclosed(&self) -> Option<(u64, u64, u64)> {
        (self.state == Scan::Quoted).then(|| {
            (
                self.open.0,
                self.open.1,
                self.last_line.saturating_sub(self.open.0),
            )
        })
    }
}

/// An index into one of the tables; more than 4 billion entries is beyond any CSV we read.
fn index(len: usize) -> u32 {
    u32::try_from(len).expect("fewer than 2^32 entries")
}

/// Finds the columns in the header.
fn columns(
    path: &Path,
    headers: Vec<String>,
    options: &ImportOptions,
) -> Result<Columns, ImportError> {
    let find = |name: &str| -> Result<Option<usize>, ImportError> {
        let exact: Vec<usize> = (0..headers.len()).filter(|&i| headers[i] == name).collect();
        let matches = if exact.is_empty() {
            let wanted = name.trim().to_lowercase();
            (0..headers.len())
                .filter(|&i| headers[i].trim().to_lowercase() == wanted)
                .collect()
        } else {
            exact
        };
        match matches.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            [first, second, ..] => Err(ImportError::DuplicateColumn {
                path: path.to_path_buf(),
                name: name.to_owned(),
                first: first + 1,
                second: second + 1,
            }),
        }
    };
    let required = [
        (&options.source_col, "--source-col"),
        (&options.question_col, "--question-col"),
        (&options.answer_col, "--answer-col"),
    ];
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for (name, flag) in required {
        match find(name)? {
            Some(ix) => found.push(ix),
            None => missing.push(MissingColumn {
                name: name.clone(),
                flag,
                suggestion: closest(name, headers.iter().map(String::as_str)).map(str::to_owned),
            }),
        }
    }
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns {
            path: path.to_path_buf(),
            missing,
            found: headers,
        });
    }
    let (source, question, answer) = (found[0], found[1], found[2]);
    for (a, b) in [(0, 1), (0, 2), (1, 2)] {
        if found[a] == found[b] {
            return Err(ImportError::SameColumn {
                path: path.to_path_buf(),
                name: headers[found[a]].clone(),
                first: required[a].1,
                second: required[b].1,
            });
        }
    }
    // An optional column is only taken when it is not already one of the required ones.
    let optional = |name: &str| -> Result<Option<usize>, ImportError> {
        Ok(find(name)?.filter(|ix| ![source, question, answer].contains(ix)))
    };
    Ok(Columns {
        date: optional("date")?,
        stance: optional("stance")?,
        reliability: optional("reliability")?,
        kind: optional("kind")?,
        url: optional("url")?,
        quote: optional("quote")?,
        headers,
        source,
        question,
        answer,
    })
}

/// A row's date: `Ok` a calendar date, `Err` a date-time as written in TOML; `None` when
/// `text` is neither.
///
/// Accepts `YYYY-MM-DD`, RFC 3339 date-times (`2025-07-14T09:30:00Z`, `…+02:00`) and local
/// date-times (`2025-07-14T09:30:00` or with a space); date-times are normalised.
fn row_date(text: &str) -> Option<Result<NaiveDate, String>> {
    let text = text.trim();
    let in_range = |year: i32| (0..=9999).contains(&year);
    // The common case, `YYYY-MM-DD`, without the general parser.
    if let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *text.as_bytes() {
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if digits.iter().all(u8::is_ascii_digit) {
            let n = |ds: &[u8]| ds.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
            let year = i32::try_from(n(&digits[..4])).unwrap_or(0);
            return NaiveDate::from_ymd_opt(year, n(&digits[4..6]), n(&digits[6..])).map(Ok);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return in_range(d.year()).then_some(Ok(d));
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return in_range(dt.year()).then(|| Err(dt.to_rfc3339_opts(SecondsFormat::AutoSi, true)));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(text, format) {
            return in_range(dt.year()).then(|| Err(dt.format("%Y-%m-%dT%H:%M:%S%.f").to_string()));
        }
    }
    None
}

/// `date` as a TOML local date.
fn push_date(out: &mut String, date: NaiveDate) {
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}",
        date.year(),
        date.month(),
        date.day()
    );
}

/// An id made from `text`: lowercase ASCII letters and digits, letters of any script spelt in
/// ASCII by [`deunicode`] (`é` → `e`, `ß` → `ss`, `РИА Новости` → `ria-novosti`, `東京` →
/// `dong-jing`), every run of other characters one `-`, no leading or trailing `-`, at most
/// `max` characters (cut at a `-` boundary when one is near). Empty when nothing in `text` has
/// an ASCII spelling (`🙂`); the caller then falls back to a fixed id.
pub fn slugify(text: &str, max: usize) -> String {
    let mut out = String::new();
    slugify_into(&mut out, text, max);
    out
}

/// [`slugify`] into `out` (cleared first), reusing its allocation.
fn slugify_into(out: &mut String, text: &str, max: usize) {
    /// Appends one ASCII byte of a spelling: a letter or digit, or else a word gap.
    fn spell(out: &mut String, gap: &mut bool, b: u8) {
        if b.is_ascii_alphanumeric() {
            if *gap && !out.is_empty() {
                out.push('-');
            }
            *gap = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else {
            *gap = true;
        }
    }
    out.clear();
    let mut gap = false;
    for c in text.chars() {
        if out.len() > max {
            break;
        }
        if c.is_ascii() {
            spell(out, &mut gap, c as u8);
            continue;
        }
        let spelt = deunicode::deunicode_char(c);
        if c.is_alphanumeric() {
            // Letters and digits keep their sound (`Р` → `R`); a spelling with spaces in it
            // (`東` → `Dong `) ends a word, so ideographs read as syllables.
            for b in spelt.unwrap_or(" ").bytes() {
                spell(out, &mut gap, b);
            }
        } else if spelt != Some("") {
            // Symbols and punctuation (`🙂`, `€`, `—`) separate words, as ASCII ones do; a
            // character spelt as nothing (a combining accent, a virama, a byte-order mark)
            // belongs to the letter before it and must not split the word.
            gap = true;
        }
    }
    if out.len() > max {
        out.truncate(max);
    }
    while out.ends_with('-') {
        out.pop();
    }
}

/// The candidate closest to `wanted` (case-insensitively), if it is close enough to be a typo.
fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = wanted.trim().to_lowercase();
    let limit = wanted.chars().count().div_ceil(3).clamp(1, 3);
    candidates
        .map(|c| {
            let lower = c.trim().to_lowercase();
            let distance =
                if lower.starts_with(&wanted) || wanted.starts_with(&lower) && !lower.is_empty() {
                    0
                } else {
                    edit_distance(&wanted, &lower)
                };
            (distance, c)
        })
        // A suggestion must keep something of what was typed: `G` is not a typo of `A`.
        .filter(|(d, _)| *d <= limit && *d < wanted.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

// ---------------------------------------------------------------------------------------------
// Kinds and values

/// What each question is and what each answer is written as.
struct Plan {
    /// Each question's kind.
    kinds: Vec<QuestionKind>,
    /// Each question's unit.
    units: Vec<Option<String>>,
    /// Each answer's value.
    values: Vec<Answer>,
    /// For each answer, the answer it is written as: itself, or the first answer of its question
    /// with the same value.
    canon: Vec<u32>,
    /// Answers written as another.
    merged: usize,
}

/// An answer a forced kind does not fit.
struct PlanMisfit {
    /// The answer (a claim of the table).
    claim: u32,
    /// What is wrong.
    why: String,
}

/// Decides every question's kind and every answer's value; under a forced kind, the first
/// answer in file order that does not fit it is the error.
fn plan(table: &Table, kind: ImportKind) -> Result<Plan, PlanMisfit> {
    let questions = table.questions.len();
    let (starts, order) = group_by(questions, table.claims.tags.iter().copied());
    let of = |q: usize| &order[starts[q] as usize..starts[q + 1] as usize];
    let decisions: Vec<Result<kinds::Decision, PlanMisfit>> = (0..questions)
        .into_par_iter()
        .map(|q| {
            let claims = of(q);
            let answers: Vec<&str> = claims.iter().map(|&c| table.claims.get(c)).collect();
            kinds::decide(&answers, kind).map_err(|m| PlanMisfit {
                claim: claims[m.answer],
                why: m.why,
            })
        })
        .collect();
    let mut misfit: Option<PlanMisfit> = None;
    let mut plan = Plan {
        kinds: Vec::with_capacity(questions),
        units: Vec::with_capacity(questions),
        values: vec![Answer::Choice; table.claims.len()],
        canon: (0..index(table.claims.len())).collect(),
        merged: 0,
    };
    let mut same: FxMap<String, u32> = FxMap::default();
    for (q, decision) in decisions.into_iter().enumerate() {
        let decision = match decision {
            Ok(decision) => decision,
            Err(m) => {
                let line = |m: &PlanMisfit| table.claim_first[m.claim as usize].line;
                if misfit.as_ref().is_none_or(|first| line(&m) < line(first)) {
                    misfit = Some(m);
                }
                plan.kinds.push(QuestionKind::Choice);
                plan.units.push(None);
                continue;
            }
        };
        same.clear();
        for (&c, value) in of(q).iter().zip(decision.answers) {
            if let Some(key) = kinds::same_answer_key(&value) {
                match same.get(&key) {
                    Some(&first) => {
                        plan.canon[c as usize] = first;
                        plan.merged += 1;
                    }
                    None => {
                        same.insert(key, c);
                    }
                }
            }
            plan.values[c as usize] = value;
        }
        plan.kinds.push(decision.kind);
        plan.units.push(decision.unit);
    }
    match misfit {
        Some(m) => Err(m),
        None => Ok(plan),
    }
}

/// The error for an answer a forced kind does not fit, pointing at its field.
fn misfit_error(path: &Path, table: &Table, misfit: PlanMisfit, kind: ImportKind) -> ImportError {
    let first = table.claim_first[misfit.claim as usize];
    let (line, column) =
        answer_column(path, first, table.answer_column.1).unwrap_or((first.line, first.column));
    ImportError::AnswerKind {
        path: path.to_path_buf(),
        line,
        column,
        header: table.answer_column.0.clone(),
        answer: table.claims.get(misfit.claim).to_owned(),
        kind,
        why: misfit.why,
    }
}

/// Where field `field` (0-based) of the row `first` starts, as (line, column in characters),
/// read again from the file; `None` when `path` is not a regular file (a stream cannot be read
/// again) or cannot be read.
fn answer_column(path: &Path, first: FirstSeen, field: usize) -> Option<(u64, u64)> {
    let mut file = std::fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    file.seek(io::SeekFrom::Start(first.byte)).ok()?;
    let (mut line, mut column) = (first.line, 1u64);
    let (mut at, mut quoted) = (0usize, false);
    if field == 0 {
        return Some((line, column));
    }
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        for &b in &buf[..n] {
            // A doubled quote inside quotes toggles twice: out and back in, as it should.
            match b {
                b'"' => quoted = !quoted,
                b',' if !quoted => at += 1,
                b'\r' | b'\n' if !quoted => return None,
                _ => {}
            }
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if b & 0xC0 != 0x80 {
                column += 1;
            }
            if at == field {
                return Some((line, column));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Appends `text` as a TOML basic string (quoted, escaped): `"` and `\` escaped, control
/// characters as `\n`, `\t`, … or `\uXXXX`. Everything else, all of Unicode, is written as is.
pub fn push_toml_string(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut start = 0;
    // Every byte that needs escaping is ASCII, so scanning bytes never splits a character.
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\t' => "\\t",
            b'\r' => "\\r",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f | 0x7f => "",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04X}", b);
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// A `[[table]]` header on its own line, after a blank one.
fn push_header(out: &mut String, table: &str) {
    out.push_str("\n[[");
    out.push_str(table);
    out.push_str("]]\n");
}

/// `key = "value"` where `value` is an id (written as is: ids need no escapes).
fn push_key_id(out: &mut String, key: &str, parts: &[&str]) {
    out.push_str(key);
    out.push_str(" = \"");
    for part in parts {
        out.push_str(part);
    }
    out.push_str("\"\n");
}

fn push_key_string(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    push_toml_string(out, value);
    out.push('\n');
}

/// Stable counting sort: for each key in `0..keys`, the positions of `items` with that key, in
/// their order. Returns `(starts, order)`: key `k`'s positions are `order[starts[k]..starts[k + 1]]`.
fn group_by(keys: usize, items: impl Iterator<Item = u32> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut starts = vec![0u32; keys + 1];
    let mut count = 0usize;
    for k in items.clone() {
        starts[k as usize + 1] += 1;
        count += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut order = vec![0u32; count];
    let mut next = starts.clone();
    for (i, k) in items.enumerate() {
        order[next[k as usize] as usize] = index(i);
        next[k as usize] += 1;
    }
    (starts, order)
}

/// Everything rendering needs: the table, its ids and groupings.
struct Layout<'t> {
    table: &'t Table,
    plan: &'t Plan,
    origin: String,
    source_ids: IdAllocator,
    question_ids: IdAllocator,
    /// The part of each claim's id after `<question-id>.`, for the claims written.
    claim_slugs: IdAllocator,
    /// Each claim's index in `claim_slugs` (`NONE` for an answer merged into another).
    slug_of: Vec<u32>,
    /// Claims of each question: `claim_order[claim_starts[q]..claim_starts[q + 1]]`.
    claim_starts: Vec<u32>,
    claim_order: Vec<u32>,
    /// Evidence of each claim written (its merged answers' too), in row order.
    evidence_starts: Vec<u32>,
    evidence_order: Vec<u32>,
}

impl<'t> Layout<'t> {
    fn new(table: &'t Table, plan: &'t Plan, origin: String) -> Self {
        // Ids in order of first appearance, so collisions resolve the same way every time.
        let mut source_ids = IdAllocator::default();
        for s in 0..table.sources.len() {
            source_ids.allocate(0, table.sources.get(index(s)), "s");
        }
        let mut question_ids = IdAllocator::default();
        for q in 0..table.questions.len() {
            question_ids.allocate(0, table.questions.get(index(q)), "q");
        }
        // Claim ids are `<question-id>.<answer-slug>`: question ids hold no `.`, so answer slugs
        // need only be distinct within their question (the tag).
        // Only the claims written take slugs, so a merged answer leaves no gap in the suffixes.
        let mut claim_slugs = IdAllocator::default();
        let slug_of: Vec<u32> = (0..table.claims.len())
            .map(|c| {
                if plan.canon[c] as usize != c {
                    return NONE;
                }
                claim_slugs.allocate(table.claims.tags[c], table.claims.get(index(c)), "a")
            })
            .collect();
        let (claim_starts, claim_order) =
            group_by(table.questions.len(), table.claims.tags.iter().copied());
        let (evidence_starts, evidence_order) = group_by(
            table.claims.len(),
            table.evidence.iter().map(|e| plan.canon[e.claim as usize]),
        );
        Layout {
            table,
            plan,
            origin,
            source_ids,
            question_ids,
            claim_slugs,
            slug_of,
            claim_starts,
            claim_order,
            evidence_starts,
            evidence_order,
        }
    }

    /// The claims written for question `q`: its answers but those merged into another.
    fn claims_of(&self, q: usize) -> impl Iterator<Item = u32> + '_ {
        self.claim_order[self.claim_starts[q] as usize..self.claim_starts[q + 1] as usize]
            .iter()
            .copied()
            .filter(|&c| self.plan.canon[c as usize] == c)
    }

    fn evidence_of(&self, c: u32) -> &[u32] {
        let c = c as usize;
        &self.evidence_order[self.evidence_starts[c] as usize..self.evidence_starts[c + 1] as usize]
    }

    /// Questions per claims file: whole questions until a file holds [`CLAIMS_PER_FILE`] claims.
    fn chunks(&self) -> Vec<std::ops::Range<usize>> {
        let questions = self.table.questions.len();
        let mut chunks = Vec::new();
        let mut start = 0;
        let mut count = 0;
        for q in 0..questions {
            count += self.claims_of(q).count();
            if count >= CLAIMS_PER_FILE {
                chunks.push(start..q + 1);
                start = q + 1;
                count = 0;
            }
        }
        if start < questions {
            chunks.push(start..questions);
        }
        chunks
    }

    fn render_sources(&self) -> String {
        let table = self.table;
        let mut out =
            String::with_capacity(table.sources.arena.len() * 2 + table.sources.len() * 60);
        out.push_str("# Sources imported by `corroborate import` from ");
        out.push_str(&comment_safe(&self.origin));
        out.push_str(
            ".\n# Ids are made from the names; `name` keeps each name as written in the file.\n",
        );
        for s in 0..table.sources.len() {
            let s = index(s);
            push_header(&mut out, SourcesFile::Source.name());
            push_key_id(&mut out, SourceKey::Id.name(), &[self.source_ids.get(s)]);
            push_key_string(&mut out, SourceKey::Name.name(), table.sources.get(s));
            let kind = table.kinds[s as usize].map_or(DEFAULT_KIND, |(k, _)| k);
            push_key_string(&mut out, SourceKey::Kind.name(), kind.as_str());
            if let Some((r, _)) = table.reliability[s as usize] {
                push_key_string(&mut out, SourceKey::Reliability.name(), r.as_str());
            }
        }
        out
    }

    fn render_claims(&self, questions: std::ops::Range<usize>) -> String {
        let table = self.table;
        let mut out = String::with_capacity(CLAIMS_PER_FILE * 256);
        out.push_str("# Claims imported by `corroborate import` from ");
        out.push_str(&comment_safe(&self.origin));
        out.push_str(
            ".\n# Each claim is one answer to a question; each evidence item is one row.\n",
        );
        for q in questions {
            let qid = self.question_ids.get(index(q));
            push_header(&mut out, ClaimsFile::Question.name());
            push_key_id(&mut out, QuestionKey::Id.name(), &[qid]);
            push_key_string(
                &mut out,
                QuestionKey::Text.name(),
                table.questions.get(index(q)),
            );
            push_key_id(
                &mut out,
                QuestionKey::Kind.name(),
                &[self.plan.kinds[q].as_str()],
            );
            if let Some(unit) = &self.plan.units[q] {
                push_key_string(&mut out, QuestionKey::Unit.name(), unit);
            }
            for c in self.claims_of(q) {
                push_header(&mut out, ClaimsFile::Claim.name());
                push_key_id(
                    &mut out,
                    ClaimKey::Id.name(),
                    &[qid, ".", self.claim_slugs.get(self.slug_of[c as usize])],
                );
                push_key_string(&mut out, ClaimKey::Text.name(), table.claims.get(c));
                push_key_id(&mut out, ClaimKey::Question.name(), &[qid]);
                push_value(&mut out, &self.plan.values[c as usize]);
                for &e in self.evidence_of(c) {
                    let e = &table.evidence[e as usize];
                    out.push_str("\n[[");
                    out.push_str(ClaimsFile::Claim.name());
                    out.push('.');
                    out.push_str(ClaimKey::Evidence.name());
                    out.push_str("]]\n");
                    push_key_id(
                        &mut out,
                        EvidenceKey::Source.name(),
                        &[self.source_ids.get(e.source)],
                    );
                    push_key_id(&mut out, EvidenceKey::Stance.name(), &[e.stance.as_str()]);
                    match e.date {
                        RowDate::None => {}
                        RowDate::Date(d) => {
                            out.push_str(EvidenceKey::Date.name());
                            out.push_str(" = ");
                            push_date(&mut out, d);
                            out.push('\n');
                        }
                        RowDate::DateTime(i) => {
                            out.push_str(EvidenceKey::Date.name());
                            out.push_str(" = ");
                            out.push_str(&table.datetimes[i as usize]);
                            out.push('\n');
                        }
                    }
                    if e.url != NONE {
                        push_key_string(&mut out, EvidenceKey::Url.name(), table.texts.get(e.url));
                    }
                    if e.quote != NONE {
                        // The source's own words, from the row's `quote` column.
                        push_key_string(
                            &mut out,
                            EvidenceKey::Quote.name(),
                            table.texts.get(e.quote),
                        );
                    } else if e.claim != c {
                        // Merged into an answer with the same value: the row's own wording.
                        push_key_string(
                            &mut out,
                            EvidenceKey::Quote.name(),
                            table.claims.get(e.claim),
                        );
                    }
                }
            }
        }
        out
    }
}

/// `value = …` for an answer with a value; nothing for a choice.
fn push_value(out: &mut String, answer: &Answer) {
    match answer {
        Answer::Choice => {}
        Answer::Quantity(figure) => {
            out.push_str(ClaimKey::Value.name());
            out.push_str(" = ");
            out.push_str(&figure.literal);
            out.push('\n');
        }
        Answer::Set(parts) => {
            out.push_str(ClaimKey::Value.name());
            out.push_str(" = [");
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_toml_string(out, part);
            }
            out.push_str("]\n");
        }
    }
}

/// Writes the corpus; returns how many files were written.
fn write(
    table: &Table,
    plan: &Plan,
    csv: &Path,
    out: &Path,
    options: &ImportOptions,
) -> Result<usize, ImportError> {
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source: io::Error| ImportError::Write { path, source }
    };
    let origin = csv
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let layout = Layout::new(table, plan, origin);
    let chunks = layout.chunks();
    let digits = chunks.len().to_string().len().max(4);

    let created = !out.exists();
    std::fs::create_dir_all(out).map_err(write_error(out))?;
    let staging = match Staging::create(out) {
        Ok(staging) => staging,
        Err(e) => {
            if created {
                let _ = std::fs::remove_dir(out);
            }
            return Err(e);
        }
    };
    let tmp = staging.path.as_path();
    let staged = tmp.join("new");
    let result = (|| {
        for section in SECTIONS {
            let dir = staged.join(section);
            std::fs::create_dir_all(&dir).map_err(write_error(&dir))?;
        }
        tell(
            &options.progress,
            Step::Writing {
                files: chunks.len() as u64 + 1,
            },
        );

        let sources_path = staged.join("sources").join("sources.toml");
        write_durably(&sources_path, layout.render_sources().as_bytes())?;
        tell(&options.progress, Step::Wrote);

        chunks.par_iter().enumerate().try_for_each(|(n, range)| {
            let text = layout.render_claims(range.clone());
            let path = staged
                .join("claims")
                .join(format!("{:0digits$}.toml", n + 1));
            write_durably(&path, text.as_bytes())?;
            tell(&options.progress, Step::Wrote);
            Ok::<(), ImportError>(())
        })?;
        // The journal promises a complete new corpus: its names must be on disk before it.
        for section in SECTIONS {
            sync_dir(&staged.join(section));
        }
        sync_dir(&staged);
        tell(&options.progress, Step::Done);
        install(tmp, out, options.force)
    })();
    // With a journal left, the folder may hold the previous corpus (putting it back failed):
    // only recovery may delete it then. Otherwise deleting is best effort: the corpus is in place
    // either way, the walker skips hidden folders, and the next import reclaims it.
    if result.is_ok() || !exists(&tmp.join(JOURNAL_FILE)) {
        let _ = std::fs::remove_dir_all(tmp);
    }
    drop(staging);
    match result {
        Ok(()) => Ok(chunks.len() + 1),
        Err(e) => {
            if created {
                let _ = std::fs::remove_dir(out);
            }
            Err(e)
        }
    }
}

/// Writes `bytes` to a new file at `path` and waits until they are on disk.
fn write_durably(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    let write = || -> io::Result<()> {
        let mut file = std::fs::File::create(path)?;
        file.write_all(bytes)?;
        file.sync_data()
    };
    write().map_err(|source| ImportError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Makes the entries of folder `dir` (files created, renamed, removed) durable. Best effort: not
/// every platform or file system can sync a folder, and the data itself is synced apart.
fn sync_dir(dir: &Path) {
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// Whether anything is at `path`, a symbolic link included (and not followed).
fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Moves `tmp/new/{claims,sources}` into `out`, the old ones (if any) aside into `tmp/old` first,
/// under a journal ([`Journal`]) so that a crash at any point can be undone; on failure, puts the
/// old ones back itself.
fn install(tmp: &Path, out: &Path, force: bool) -> Result<(), ImportError> {
    install_steps(tmp, out, force, Stop::Never).map(|_| ())
}

/// Where [`install_steps`] stops short: never, in an import; tests make it die before a step as
/// a killed process would, or fail at one as a full disk would. Each rename is one step, writing
/// the commit the last.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(not(test), allow(dead_code))]
enum Stop {
    Never,
    Crash(usize),
    Fail(usize),
}

impl Stop {
    /// What happens instead of step `n` (0-based) towards `path`; `None`: the step is taken.
    fn at(self, n: usize, path: &Path) -> Option<Result<bool, ImportError>> {
        match self {
            Stop::Crash(k) if n >= k => Some(Ok(false)),
            Stop::Fail(k) if n >= k => Some(Err(ImportError::Write {
                path: path.to_path_buf(),
                source: io::Error::other("failure injected by a test"),
            })),
            _ => None,
        }
    }
}

/// [`install`], stopping where `stop` says; returns whether it ran to the end.
fn install_steps(tmp: &Path, out: &Path, force: bool, stop: Stop) -> Result<bool, ImportError> {
    let aside: Vec<&'static str> = SECTIONS
        .into_iter()
        .filter(|s| exists(&out.join(s)))
        .collect();
    if !aside.is_empty() && !force {
        // Another process wrote a corpus here while this one was reading.
        return Err(ImportError::Exists {
            out: out.to_path_buf(),
        });
    }
    let old = tmp.join("old");
    std::fs::create_dir(&old).map_err(|source| ImportError::Write {
        path: old.clone(),
        source,
    })?;
    let journal = Journal {
        aside,
        committed: false,
    };
    journal.write(tmp)?;

    let mut steps = 0;
    let mut run = || -> Result<bool, ImportError> {
        let mut step = |from: PathBuf, to: PathBuf| -> Result<bool, ImportError> {
            if let Some(stopped) = stop.at(steps, &to) {
                return stopped;
            }
            steps += 1;
            std::fs::rename(&from, &to)
                .map_err(|source| ImportError::Write { path: to, source })?;
            Ok(true)
        };
        for section in &journal.aside {
            if !step(out.join(section), old.join(section))? {
                return Ok(false);
            }
        }
        for section in SECTIONS {
            if !step(tmp.join("new").join(section), out.join(section))? {
                return Ok(false);
            }
        }
        // The renames must be on disk before the commit that says they are done.
        sync_dir(out);
        sync_dir(&old);
        if let Some(stopped) = stop.at(steps, &tmp.join(JOURNAL_FILE)) {
            return stopped;
        }
        Journal::commit(tmp)?;
        Ok(true)
    };
    match run() {
        Ok(done) => Ok(done),
        Err(cause) => match roll_back(tmp, out, &journal) {
            Ok(_) => {
                // Whole again: the folder no longer holds anything to recover.
                let _ = std::fs::remove_file(tmp.join(JOURNAL_FILE));
                Err(cause)
            }
            Err(why) => Err(ImportError::RollbackFailed {
                out: out.to_path_buf(),
                tmp: tmp.to_path_buf(),
                cause: Box::new(cause),
                why,
            }),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Leftovers: temporary folders of imports that died, and installs cut off midway

/// How the temporary folders are named: this, then the process id.
const TEMP_PREFIX: &str = ".corroborate-import-";

/// The file that marks a temporary folder as the importer's: no folder without it is touched.
const MARKER_FILE: &str = "corroborate-import.marker";

/// What the marker of process `pid`'s folder says.
fn marker_text(pid: u32) -> String {
    format!("corroborate import temporary folder, process {pid}\n")
}

/// The install journal, in the temporary folder.
const JOURNAL_FILE: &str = "journal";

/// The first line of a journal, with its format's version.
const JOURNAL_MAGIC: &str = "corroborate import journal 1";

/// What an install does, written before it moves anything: which sections of the output folder
/// go aside into `old/` (the ones that exist), then that both new ones are installed from `new/`,
/// and, appended once every rename is done, `commit`.
///
/// The journal does not log each rename: renames are atomic, every section is in exactly one
/// place at any time and the order is fixed (all asides before any install), so where the
/// sections are tells how far the install got ([`roll_back`]). What the journal adds is which
/// sections were there before, and whether the install had completed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Journal {
    /// Sections moved (or to be moved) aside.
    aside: Vec<&'static str>,
    /// Every rename was done.
    committed: bool,
}

impl Journal {
    fn text(&self) -> String {
        let mut text = format!("{JOURNAL_MAGIC}\n");
        for section in &self.aside {
            let _ = writeln!(text, "aside {section}");
        }
        for section in SECTIONS {
            let _ = writeln!(text, "install {section}");
        }
        if self.committed {
            text.push_str("commit\n");
        }
        text
    }

    /// Writes the journal into `tmp`, durably and whole (a torn journal is never read: it is
    /// written aside and renamed into place).
    fn write(&self, tmp: &Path) -> Result<(), ImportError> {
        let partial = tmp.join("journal.partial");
        write_durably(&partial, self.text().as_bytes())?;
        let path = tmp.join(JOURNAL_FILE);
        std::fs::rename(&partial, &path).map_err(|source| ImportError::Write { path, source })?;
        sync_dir(tmp);
        Ok(())
    }

    /// Records in `tmp`'s journal that the install is complete.
    fn commit(tmp: &Path) -> Result<(), ImportError> {
        let path = tmp.join(JOURNAL_FILE);
        let append = || -> io::Result<()> {
            let mut file = std::fs::OpenOptions::new().append(true).open(&path)?;
            file.write_all(b"commit\n")?;
            file.sync_data()
        };
        append().map_err(|source| ImportError::Write { path, source })
    }

    /// The journal in folder `dir`: `None` when there is none, `Err` (why) when it cannot be read
    /// or is not one this version writes.
    fn read(dir: &Path) -> Result<Option<Journal>, String> {
        let path = dir.join(JOURNAL_FILE);
        match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read its journal: {e}")),
            Ok(meta) if !meta.is_file() || meta.len() > 4096 => {
                return Err("its journal is not one the importer writes".to_owned())
            }
            Ok(_) => {}
        }
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("cannot read its journal: {e}"))?;
        let mut lines = text.lines();
        if lines.next() != Some(JOURNAL_MAGIC) {
            return Err("its journal is not one this version can read".to_owned());
        }
        let section = |name: &str| SECTIONS.into_iter().find(|s| *s == name);
        let mut journal = Journal {
            aside: Vec::new(),
            committed: false,
        };
        let mut installs = Vec::new();
        for line in lines {
            let ok = match line.split_once(' ') {
                _ if journal.committed => false,
                None => {
                    journal.committed = line == "commit";
                    journal.committed
                }
                Some(("aside", name)) => match section(name) {
                    Some(s) if installs.is_empty() && !journal.aside.contains(&s) => {
                        journal.aside.push(s);
                        true
                    }
                    _ => false,
                },
                Some(("install", name)) => match section(name) {
                    Some(s) => {
                        installs.push(s);
                        true
                    }
                    None => false,
                },
                Some(_) => false,
            };
            if !ok {
                return Err(format!(
                    "its journal has a line this version does not expect: {:?}",
                    clip(line)
                ));
            }
        }
        if installs != SECTIONS {
            return Err("its journal does not list the sections installed".to_owned());
        }
        Ok(Some(journal))
    }
}

/// Puts the output folder back as it was before the install of `journal` began: the new
/// sections that were installed go back into `tmp/new`, the old ones that went aside come back
/// from `tmp/old`. Returns whether anything was moved; `Err` says why it cannot be done, and
/// then nothing was moved.
///
/// What to move is read from where each section is now, not from how far the install got, so
/// this also carries on from a roll-back that was itself cut off.
fn roll_back(tmp: &Path, out: &Path, journal: &Journal) -> Result<bool, String> {
    let (new, old) = (tmp.join("new"), tmp.join("old"));
    let mut moves = Vec::new();
    for section in SECTIONS {
        let (staged, kept, current) = (new.join(section), old.join(section), out.join(section));
        let aside = journal.aside.contains(&section);
        let (in_new, in_old, in_out) = (exists(&staged), exists(&kept), exists(&current));
        if !in_new {
            // The journal is written once the new corpus is complete, so a section missing from
            // new/ was installed, and every aside came before it.
            if !in_out {
                return Err(format!(
                    "the new {section}/ is neither in {} nor in {}",
                    new.display(),
                    out.display()
                ));
            }
            if aside && !in_old {
                return Err(format!(
                    "the previous {section}/ is missing from {}",
                    old.display()
                ));
            }
            moves.push((current.clone(), staged));
            if aside {
                moves.push((kept, current));
            }
        } else if aside {
            match (in_old, in_out) {
                (true, false) => moves.push((kept, current)),
                // Not moved aside yet.
                (false, true) => {}
                (false, false) => {
                    return Err(format!(
                        "the previous {section}/ is neither in {} nor in {}",
                        out.display(),
                        old.display()
                    ))
                }
                (true, true) => {
                    return Err(format!(
                        "both {} and {} exist",
                        current.display(),
                        kept.display()
                    ))
                }
            }
        }
    }
    // Every check is made before the first move, so a folder that does not match its journal
    // is left exactly as it was found.
    for (from, to) in &moves {
        std::fs::rename(from, to)
            .map_err(|e| format!("cannot move {} to {}: {e}", from.display(), to.display()))?;
    }
    if !moves.is_empty() {
        sync_dir(out);
    }
    Ok(!moves.is_empty())
}

/// This process's temporary folders in use (canonical paths): they carry this process's id, so
/// [`reclaim`] in another thread must be told they are not leftovers.
static ACTIVE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn active() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // The list stays sound if a holder panicked: each push or removal is one step.
    ACTIVE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The temporary folder of this import, listed in [`ACTIVE`] while it lives.
struct Staging {
    path: PathBuf,
    key: PathBuf,
}

impl Staging {
    /// Makes `out/.corroborate-import-<PID>/` with its marker.
    fn create(out: &Path) -> Result<Staging, ImportError> {
        let pid = std::process::id();
        let path = out.join(format!("{TEMP_PREFIX}{pid}"));
        // `create_dir`, not `create_dir_all`: a folder of that name left now is another import
        // of this process at work, or not the importer's at all, and is never written into.
        std::fs::create_dir(&path).map_err(|source| ImportError::Write {
            path: path.clone(),
            source,
        })?;
        let key = canonical(&path);
        active().push(key.clone());
        let staging = Staging { path, key };
        if let Err(e) = write_durably(&staging.path.join(MARKER_FILE), marker_text(pid).as_bytes())
        {
            // Made just now and empty: without its marker no later import would ever delete it.
            let _ = std::fs::remove_dir_all(&staging.path);
            return Err(e);
        }
        sync_dir(out);
        Ok(staging)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let mut active = active();
        if let Some(i) = active.iter().position(|p| *p == self.key) {
            active.swap_remove(i);
        }
    }
}

/// The importer's temporary folders in `out` (with the process id in each name), in name order:
/// real folders, never symbolic links, that carry the marker for their process id.
fn leftovers(out: &Path) -> Vec<(PathBuf, u32)> {
    let Ok(entries) = std::fs::read_dir(out) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMP_PREFIX))
            .filter(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|digits| digits.parse::<u32>().ok())
        else {
            continue;
        };
        let path = entry.path();
        let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if is_dir && marked(&path, pid) {
            found.push((path, pid));
        }
    }
    found.sort();
    found
}

/// Whether `dir` holds the marker of process `pid`'s temporary folder.
fn marked(dir: &Path, pid: u32) -> bool {
    let marker = dir.join(MARKER_FILE);
    let small_file = std::fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file() && m.len() < 256);
    small_file && std::fs::read_to_string(&marker).is_ok_and(|text| text == marker_text(pid))
}

/// Whether process `pid` is running, where that can be told: on Linux, from `/proc`.
fn process_alive(pid: u32) -> Option<bool> {
    #[cfg(target_os = "linux")]
    if Path::new("/proc/self").exists() {
        return Some(Path::new("/proc").join(pid.to_string()).exists());
    }
    let _ = pid;
    None
}

/// Whether the import that made folder `dir` (process `pid`) is known to be running.
fn running(dir: &Path, pid: u32) -> bool {
    if pid == std::process::id() {
        // Its own id: a folder of this process in use, or one from before a reboot.
        return active().contains(&canonical(dir));
    }
    process_alive(pid) == Some(true)
}

/// Whether the import that made folder `dir` (process `pid`) is gone. Where processes cannot be
/// looked up, a folder untouched for an hour is taken as abandoned.
fn owner_gone(dir: &Path, pid: u32) -> bool {
    if running(dir, pid) {
        return false;
    }
    if pid == std::process::id() || process_alive(pid).is_some() {
        return true;
    }
    std::fs::symlink_metadata(dir)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age >= std::time::Duration::from_secs(3600))
}

/// Deals with the leftovers of earlier imports into `out`, as [`import`] does before anything
/// else: the importer's temporary folders (`.corroborate-import-<PID>/`, with the marker it
/// writes in each) whose process is gone. A folder without a journal is deleted; one whose
/// install was cut off has the previous `claims/` and `sources/` put back first, and one whose
/// install completed has only the previous sections, kept aside, deleted. Nothing else is
/// touched: not a folder without the marker, not a symbolic link, not a folder of a running
/// import.
///
/// Returns what was done, in name order. A journal that cannot be read, or a folder that does
/// not match its journal, is [`ImportError::Interrupted`], and that folder is left as it is.
pub fn reclaim(out: &Path) -> Result<Vec<Reclaimed>, ImportError> {
    let mut done = Vec::new();
    for (dir, pid) in leftovers(out) {
        if !owner_gone(&dir, pid) {
            continue;
        }
        let interrupted = |why: String| ImportError::Interrupted {
            path: dir.clone(),
            why,
        };
        let outcome = match Journal::read(&dir).map_err(interrupted)? {
            None => Reclaim::Removed,
            Some(journal) if journal.committed => {
                for section in SECTIONS {
                    if !exists(&out.join(section)) {
                        return Err(interrupted(format!(
                            "its journal records a complete install, but {} is missing",
                            out.join(section).display()
                        )));
                    }
                }
                Reclaim::Finished
            }
            Some(journal) => match roll_back(&dir, out, &journal).map_err(interrupted)? {
                false => Reclaim::Removed,
                true if journal.aside.is_empty() => Reclaim::Undone,
                true => Reclaim::PutBack,
            },
        };
        std::fs::remove_dir_all(&dir).map_err(|source| ImportError::Write {
            path: dir.clone(),
            source,
        })?;
        done.push(Reclaimed { path: dir, outcome });
    }
    Ok(done)
}

/// The temporary folder of an import into `root` whose install was cut off, if there is one
/// (the first in name order): a folder that `corroborate import` made (it carries the marker)
/// holding a journal that does not record the install as complete, or that cannot be read, and
/// whose process is not running. Until the next `corroborate import` into `root` puts things
/// right ([`reclaim`]), `root`'s `claims/` or `sources/` may be missing, or be one import's
/// claims with another's sources.
///
/// Whether a process runs is known on Linux only; elsewhere a journal counts whatever its age,
/// since an install takes a moment and a journal seen is almost surely one that was cut off.
pub fn interrupted_import(root: &Path) -> Option<PathBuf> {
    leftovers(root)
        .into_iter()
        .find(|(dir, pid)| {
            !running(dir, *pid)
                && !matches!(
                    Journal::read(dir),
                    Ok(None
                        | Some(Journal {
                            committed: true,
                            ..
                        }))
                )
        })
        .map(|(dir, _)| dir)
}

/// `text` with control characters replaced, safe inside a TOML comment.
fn comment_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// A value quoted for a POSIX shell when it needs it.
fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
    {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// `value` cut to a readable length for messages.
fn clip(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_owned()
    } else {
        let mut cut: String = value.chars().take(MAX).collect();
        cut.push('…');
        cut
    }
}

/// `n` with thousands separators: `49,955`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml::de::{DeTable, DeValue};

    fn round_trip(text: &str) -> String {
        let mut doc = String::new();
        push_key_string(&mut doc, "text", text);
        let (table, errors) = DeTable::parse_recoverable(&doc);
        assert!(errors.is_empty(), "{doc:?}: {errors:?}");
        match table.get_ref().get("text").map(|v| v.get_ref()) {
            Some(DeValue::String(s)) => s.to_string(),
            other => panic!("not a string: {other:?}"),
        }
    }

    #[test]
    fn toml_strings_round_trip() {
        let cases = [
            "",
            "plain",
            "quote \" and backslash \\ and \\\" both",
            "line\nbreak\r\nand\ttab",
            "controls \u{0}\u{1}\u{8}\u{b}\u{c}\u{1b}\u{1f}\u{7f} end",
            "unicode: Tinzaouatène — 東京 🙂 \u{feff} \u{2028}",
            "trailing backslash \\",
            "'''\"\"\"",
        ];
        for case in cases {
            assert_eq!(round_trip(case), case);
        }
        for c in (0u32..0x300).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            assert_eq!(round_trip(&s), s, "char U+{:04X}", c as u32);
        }
    }

    #[test]
    fn slugs_are_valid_ids() {
        assert_eq!(slugify("Foo Bar", MAX_SLUG), "foo-bar");
        assert_eq!(slugify("FOO_BAR!", MAX_SLUG), "foo-bar");
        assert_eq!(slugify("  --x--  ", MAX_SLUG), "x");
        assert_eq!(slugify("Tinzaouatène", MAX_SLUG), "tinzaouatene");
        assert_eq!(slugify("Straße Œuvre", MAX_SLUG), "strasse-oeuvre");
        assert_eq!(slugify("0 (68.162.248.83)", MAX_SLUG), "0-68-162-248-83");
        assert_eq!(slugify("東京", MAX_SLUG), "dong-jing");
        assert_eq!(slugify("🙂 — €", MAX_SLUG), "");
        assert_eq!(slugify("abcdef", 3), "abc");
        assert_eq!(slugify("ab cdef", 3), "ab");
        let long = "word ".repeat(40);
        let slug = slugify(&long, MAX_SLUG);
        assert!(slug.len() <= MAX_SLUG && !slug.ends_with('-'), "{slug}");
        let mut ids = IdAllocator::default();
        for text in [
            "Foo Bar",
            "é",
            "a\u{0}b",
            "ß",
            &long,
            "--",
            "",
            "東京",
            "🙂",
            "½ ²",
            "РИА Новости",
            "ﷺ",
            &"東".repeat(100),
        ] {
            let id = ids.allocate(0, text, "s");
            assert!(
                crate::model::is_valid_id(ids.get(id)),
                "{text:?} → {:?}",
                ids.get(id)
            );
        }
    }

    #[test]
    fn slugs_spell_other_scripts() {
        let cases = [
            ("РИА Новости", "ria-novosti"),
            ("الجزيرة", "ljzyr"),
            ("Ελληνικά νέα", "ellenika-nea"),
            ("東京新聞", "dong-jing-xin-wen"),
            ("서울", "seoul"),
            ("नमस्ते", "nmste"),
            // A combining accent is part of its letter, not a word break.
            ("Tinzaoue\u{301}ne", "tinzaouene"),
            ("\u{feff}AFP", "afp"),
            // Symbols separate words as ASCII punctuation does; they are not spelt out.
            ("Price 5€ 🙂 up", "price-5-up"),
            ("Q&A — part ½", "q-a-part-1-2"),
        ];
        for (text, slug) in cases {
            assert_eq!(slugify(text, MAX_SLUG), slug, "{text:?}");
        }
        // The Latin letters the importer folded before it transliterated keep their spelling,
        // so re-importing a file gives the ids it gave.
        let folded = [
            ("àáâãäåÀÁÂÃÄÅāĀăĂąĄ", "a"),
            ("æÆ", "ae"),
            ("çÇćĆčČ", "c"),
            ("ďĎđĐðÐ", "d"),
            ("èéêëÈÉÊËēĒėĖęĘěĚ", "e"),
            ("ğĞ", "g"),
            ("ìíîïÌÍÎÏīĪįĮıİ", "i"),
            ("łŁ", "l"),
            ("ñÑńŃňŇ", "n"),
            ("òóôõöÒÓÔÕÖøØōŌőŐ", "o"),
            ("œŒ", "oe"),
            ("řŘ", "r"),
            ("śŚšŠşŞșȘ", "s"),
            ("ß", "ss"),
            ("ťŤţŢțȚ", "t"),
            ("þÞ", "th"),
            ("ùúûüÙÚÛÜūŪůŮűŰ", "u"),
            ("ýÝÿŸ", "y"),
            ("źŹżŻžŽ", "z"),
        ];
        for (letters, spelling) in folded {
            for c in letters.chars() {
                assert_eq!(slugify(&c.to_string(), MAX_SLUG), spelling, "{c}");
            }
        }
        // Spellings longer than their letter still respect the limit.
        let slug = slugify(&"東".repeat(40), MAX_SLUG);
        assert!(slug.len() <= MAX_SLUG && !slug.ends_with('-'), "{slug}");
    }

    #[test]
    fn colliding_ids_get_suffixes_in_order() {
        let mut ids = IdAllocator::default();
        let names = [
            "Foo Bar",
            "foo-bar",
            "FOO_BAR!",
            "foo bar 2",
            "Foo Bar",
            "!!",
            "?",
        ];
        let got: Vec<String> = names
            .iter()
            .map(|n| {
                let id = ids.allocate(0, n, "s");
                ids.get(id).to_owned()
            })
            .collect();
        // (the importer allocates once per distinct name; a repeat gets a fresh id here)
        assert_eq!(
            got,
            [
                "foo-bar",
                "foo-bar-2",
                "foo-bar-3",
                "foo-bar-2-2",
                "foo-bar-4",
                "s",
                "s-2"
            ]
        );
        // Many names with one slug: each gets the next suffix without rescanning.
        let mut many = IdAllocator::default();
        for i in 0..20_000 {
            let id = many.allocate(0, &"🙂".repeat(1 + i % 3), "s");
            let want = if i == 0 {
                "s".to_owned()
            } else {
                format!("s-{}", i + 1)
            };
            assert_eq!(many.get(id), want);
        }
        // Tags are separate namespaces (claims: one per question).
        let a = ids.allocate(1, "Foo Bar", "a");
        assert_eq!(ids.get(a), "foo-bar");
    }

    #[test]
    fn distinct_strings_are_exact() {
        let mut d = Distinct::default();
        assert_eq!(d.intern(0, "a"), (0, true));
        assert_eq!(d.intern(0, "b"), (1, true));
        assert_eq!(d.intern(1, "a"), (2, true));
        assert_eq!(d.intern(0, "a"), (0, false));
        assert_eq!(d.intern(0, "a "), (3, true));
        assert_eq!(d.find(1, "a"), Some(2));
        assert_eq!(d.find(2, "a"), None);
        assert_eq!(
            (d.get(0), d.get(1), d.get(2), d.get(3)),
            ("a", "b", "a", "a ")
        );
        // Colliding hashes still resolve by text: force every entry into one chain.
        let mut d = Distinct::default();
        for i in 0..100u32 {
            let ix = index(d.len());
            d.arena.push_str(&i.to_string());
            d.ends.push(d.arena.len());
            d.tags.push(0);
            d.chain.push(d.table.insert(42, ix).unwrap_or(NONE));
        }
        for i in 0..100u32 {
            assert_eq!(d.find_hashed(42, 0, &i.to_string()), Some(i));
        }
        assert_eq!(d.find_hashed(42, 0, "100"), None);
    }

    #[test]
    fn dates_are_normalised_or_refused() {
        let date = |t: &str| match row_date(t) {
            Some(Ok(d)) => {
                let mut out = String::new();
                push_date(&mut out, d);
                Some(out)
            }
            Some(Err(datetime)) => Some(datetime),
            None => None,
        };
        assert_eq!(date("2025-07-14").as_deref(), Some("2025-07-14"));
        assert_eq!(date(" 2025-7-4 ").as_deref(), Some("2025-07-04"));
        assert_eq!(date("0099-01-02").as_deref(), Some("0099-01-02"));
        let same = [
            "2025-07-14T09:30:00Z",
            "2025-07-14T09:30:00+02:00",
            "2025-07-14T09:30:00.500Z",
            "2025-07-14T09:30:00",
        ];
        for t in same {
            assert_eq!(date(t).as_deref(), Some(t));
        }
        assert_eq!(
            date("2025-07-14 09:30:00").as_deref(),
            Some("2025-07-14T09:30:00")
        );
        let bad = [
            "null",
            "14/07/2025",
            "2025-13-01",
            "2025-02-30",
            "tomorrow",
            "12025-01-01",
        ];
        for t in bad {
            assert_eq!(date(t), None, "{t}");
        }
        for t in ["2025-07-14", "0099-01-02"].iter().chain(&same) {
            let doc = format!("date = {}\n", date(t).unwrap());
            assert!(DeTable::parse_recoverable(&doc).1.is_empty(), "{doc}");
        }
    }

    #[test]
    fn suggestions_catch_typos_only() {
        let words = Stance::words();
        assert_eq!(closest("assert", words.iter().copied()), Some("asserts"));
        assert_eq!(closest("deny", words.iter().copied()), None);
        assert_eq!(closest("denys", words.iter().copied()), Some("denies"));
        assert_eq!(closest("zzz", words.iter().copied()), None);
        let grades = Reliability::words();
        assert_eq!(closest("G", grades.iter().copied()), None);
        assert_eq!(closest("b", grades.iter().copied()), Some("B"));
        let headers = ["Source", "Question", "Answr"];
        assert_eq!(closest("answer", headers.iter().copied()), Some("Answr"));
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(49_955), "49,955");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    /// Scans `text` whole, and split at every byte (as reads of any size would split it): both
    /// must agree.
    fn scan(text: &str) -> Option<(u64, u64, u64)> {
        let mut whole = QuoteScan::new(1, true);
        whole.feed(text.as_bytes());
        let bytes = text.as_bytes();
        for cut in 1..bytes.len() {
            let mut split = QuoteScan::new(1, true);
            // The byte-order mark is only skipped when the first read holds it all, as the
            // reader does; keep it whole here.
            let cut = if bytes.starts_with(b"\xef\xbb\xbf") {
                cut.max(3)
            } else {
                cut
            };
            split.feed(&bytes[..cut]);
            split.feed(&bytes[cut..]);
            assert_eq!(split.unclosed(), whole.unclosed(), "{text:?} cut at {cut}");
        }
        whole.unclosed()
    }

    #[test]
    fn quotes_left_open_are_found_where_they_open() {
        let closed = [
            "",
            "a,b,c\n",
            "a,\"b\",c",
            "a,\"multi\nline\",c\n",
            "a,\"x \"\"y\"\"\"\n",
            "5\" screen,q,a\n",
            "a,b\"c,d\n",
            "\"\"\n",
            "a,\"\"\"\"\r\n\r\n",
            "\u{feff}\"a\",b\n",
            "a,\"b\"c\"d,e\n",
        ];
        for text in closed {
            assert_eq!(scan(text), None, "{text:?}");
        }
        assert_eq!(scan("a,\"b\nc,d\ne,f\n"), Some((1, 3, 2)));
        assert_eq!(scan("a,b\nc,\"d"), Some((2, 3, 0)));
        assert_eq!(scan("\"a\"\"\n"), Some((1, 1, 0)));
        assert_eq!(scan("a\r\n\"b\r\nc"), Some((2, 1, 1)));
        // Columns count characters; a byte-order mark is not one.
        assert_eq!(scan("\u{feff}é,\"x"), Some((1, 3, 0)));
        assert_eq!(scan("東京,\"x"), Some((1, 4, 0)));
        // A later quote opens a second field, which is the one reported when it stays open.
        assert_eq!(scan("\"a\",\"b\n\n\nc"), Some((1, 5, 3)));
        // A quote at the start of a record after CR alone (a terminator too).
        assert_eq!(scan("a\r\"b"), Some((1, 3, 0)));
    }

    #[test]
    fn the_scan_agrees_with_the_csv_reader_on_every_short_input() {
        // The csv reader says nothing of an open quote, but shows it: after `\n",z`, a field
        // still open takes in the line ending, is closed by the quote and leaves `z` as the last
        // field; anywhere else the line ending ends the record and the quote opens a field that
        // takes in `,z`. Checked on every string of up to 6 of the bytes that matter.
        let alphabet = [b'a', b'"', b',', b'\n', b'\r'];
        let mut text = Vec::new();
        let mut record = csv::ByteRecord::new();
        for len in 0..=6u32 {
            for mut n in 0..5usize.pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(alphabet[n % 5]);
                    n /= 5;
                }
                let mut scan = QuoteScan::new(1, true);
                scan.feed(&text);
                text.extend_from_slice(b"\n\",z");
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(text.as_slice());
                let mut last_field = Vec::new();
                while reader.read_byte_record(&mut record).unwrap_or(false) {
                    last_field = record.iter().next_back().unwrap_or_default().to_vec();
                }
                assert_eq!(
                    scan.unclosed().is_some(),
                    last_field == b"z",
                    "{:?}",
                    String::from_utf8_lossy(&text[..text.len() - 4])
                );
            }
        }
    }

    /// An output folder holding a corpus whose files say `what`.
    fn corpus(dir: &Path, what: &str) {
        for section in SECTIONS {
            std::fs::create_dir_all(dir.join(section)).unwrap();
            std::fs::write(
                dir.join(section).join("0001.toml"),
                format!("{what} {section}"),
            )
            .unwrap();
        }
    }

    /// What the output folder's corpus says (`None` for a section that is missing).
    fn corpus_of(dir: &Path) -> [Option<String>; 2] {
        SECTIONS.map(|section| std::fs::read_to_string(dir.join(section).join("0001.toml")).ok())
    }

    /// A temporary folder as `write` leaves it before installing: marker and staged corpus.
    fn staged(out: &Path) -> PathBuf {
        let pid = std::process::id();
        let tmp = out.join(format!("{TEMP_PREFIX}{pid}"));
        corpus(&tmp.join("new"), "new");
        std::fs::write(tmp.join(MARKER_FILE), marker_text(pid)).unwrap();
        tmp
    }

    fn whole(what: &str) -> [Option<String>; 2] {
        SECTIONS.map(|section| Some(format!("{what} {section}")))
    }

    #[test]
    fn an_install_killed_at_any_step_is_put_right_by_the_next_import() {
        for replacing in [true, false] {
            let renames = if replacing { 4 } else { 2 };
            // Each rename, then the commit, then nothing left to do.
            for limit in 0..=renames + 1 {
                let dir = tempfile::TempDir::new().unwrap();
                let out = dir.path();
                if replacing {
                    corpus(out, "old");
                }
                std::fs::write(out.join("corroborate.toml"), "# policy").unwrap();
                let tmp = staged(out);
                let done = install_steps(&tmp, out, true, Stop::Crash(limit)).unwrap();
                assert_eq!(done, limit > renames, "limit {limit}");
                let journal = Journal::read(&tmp).unwrap().unwrap();
                assert_eq!(journal.committed, done);
                assert_eq!(
                    interrupted_import(out).is_some(),
                    !done,
                    "limit {limit}, replacing {replacing}"
                );

                let reclaimed = reclaim(out).unwrap();
                let expected = match (done, replacing, limit) {
                    (true, _, _) => Reclaim::Finished,
                    (false, _, 0) => Reclaim::Removed,
                    (false, true, _) => Reclaim::PutBack,
                    (false, false, _) => Reclaim::Undone,
                };
                assert_eq!(
                    reclaimed,
                    [Reclaimed {
                        path: tmp.clone(),
                        outcome: expected
                    }],
                    "limit {limit}, replacing {replacing}"
                );
                let now = corpus_of(out);
                if done {
                    assert_eq!(now, whole("new"));
                } else if replacing {
                    assert_eq!(now, whole("old"), "limit {limit}");
                } else {
                    assert_eq!(now, [None, None], "limit {limit}");
                }
                assert!(!tmp.exists());
                assert_eq!(interrupted_import(out), None);
                assert_eq!(
                    std::fs::read_to_string(out.join("corroborate.toml")).unwrap(),
                    "# policy"
                );
                assert_eq!(reclaim(out).unwrap(), []);
            }
        }
    }

    #[test]
    fn a_roll_back_cut_off_itself_carries_on() {
        let dir = tempfile::TempDir::new().unwrap();
        let out = dir.path();
        corpus(out, "old");
        let tmp = staged(out);
        // Everything renamed but not committed, then the roll-back got as far as taking the new
        // claims out again before it too was killed.
        install_steps(&tmp, out, true, Stop::Crash(4)).unwrap();
        std::fs::rename(out.join("claims"), tmp.join("new/claims")).unwrap();
        assert_eq!(reclaim(out).unwrap()[0].outcome, Reclaim::PutBack);
        assert_eq!(corpus_of(out), whole("old"));
    }

    #[test]
    fn a_failed_install_puts_the_old_corpus_back_at_once() {
        // At each rename and at the commit, with a corpus to replace and without.
        for replacing in [true, false] {
            let steps = if replacing { 5 } else { 3 };
            for at in 0..steps {
                let dir = tempfile::TempDir::new().unwrap();
                let out = dir.path();
                if replacing {
                    corpus(out, "old");
                }
                let tmp = staged(out);
                let err = install_steps(&tmp, out, true, Stop::Fail(at)).unwrap_err();
                assert!(
                    err.to_string().contains("failure injected by a test"),
                    "{err}"
                );
                let expected = if replacing {
                    whole("old")
                } else {
                    [None, None]
                };
                assert_eq!(corpus_of(out), expected, "at {at}");
                assert_eq!(corpus_of(&tmp.join("new")), whole("new"), "at {at}");
                // Nothing left to recover: the journal is gone, the folder may be deleted.
                assert!(!tmp.join(JOURNAL_FILE).exists());
                assert_eq!(interrupted_import(out), None);
            }
        }
    }

    #[test]
    fn a_folder_that_does_not_match_its_journal_is_left_as_found() {
        let dir = tempfile::TempDir::new().unwrap();
        let out = dir.path();
        corpus(out, "old");
        let tmp = staged(out);
        install_steps(&tmp, out, true, Stop::Crash(1)).unwrap();
        // Someone took the claims set aside.
        std::fs::remove_dir_all(tmp.join("old/claims")).unwrap();
        let err = reclaim(out).unwrap_err();
        assert!(
            err.to_string().contains(
                "cannot recover an interrupted import: the previous claims/ is neither in"
            ),
            "{err}"
        );
        assert!(tmp.join(JOURNAL_FILE).exists());
        assert!(tmp.join("new/claims").exists());
        assert!(out.join("sources").exists());
        assert_eq!(interrupted_import(out), Some(tmp.clone()));

        // A journal this version does not write is not acted on either.
        std::fs::write(
            tmp.join(JOURNAL_FILE),
            "corroborate import journal 1\nmove claims\n",
        )
        .unwrap();
        let err = reclaim(out).unwrap_err();
        assert!(err.to_string().contains("\"move claims\""), "{err}");
        assert_eq!(interrupted_import(out), Some(tmp));
    }

    #[test]
    fn a_folder_in_use_by_this_process_is_not_a_leftover() {
        let dir = tempfile::TempDir::new().unwrap();
        let out = dir.path();
        let staging = Staging::create(out).unwrap();
        corpus(&staging.path.join("new"), "new");
        std::fs::write(
            staging.path.join(JOURNAL_FILE),
            Journal {
                aside: vec![],
                committed: false,
            }
            .text(),
        )
        .unwrap();
        assert_eq!(reclaim(out).unwrap(), []);
        assert_eq!(interrupted_import(out), None);
        assert!(staging.path.is_dir());
        // A second import of this process into the same folder is refused, not mixed in.
        assert!(Staging::create(out).is_err());
        let path = staging.path.clone();
        drop(staging);
        // Once no import of this process uses it, it is a leftover like any other.
        assert_eq!(interrupted_import(out), Some(path.clone()));
        assert_eq!(reclaim(out).unwrap()[0].outcome, Reclaim::Removed);
        assert!(!path.exists());
    }
}
