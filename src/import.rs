//! `corroborate import`: tabular claims (CSV) in, a corpus out.
//!
//! # Input
//!
//! A CSV file with a header row. Required columns: `source`, `question` and `answer` (other
//! headers can be named with [`ImportOptions`]); optional columns: `date` (`2025-07-14`, or an
//! RFC 3339 date-time), `stance` (default `asserts`), `reliability` (Admiralty `A`–`F`, a
//! property of the source: omitted means the format's default, `F`) and `kind` (a source kind,
//! default `document`). Headers are matched exactly, else ignoring case and surrounding blanks.
//! Any other column is ignored and named in the summary, so a misspelt optional column is seen.
//!
//! Each row is one evidence item: `source` says `answer` to `question`, with its `stance`.
//! Sources and questions are identified by their exact text, as are answers within a question;
//! each distinct (question, answer) pair is one claim whose `text` is the answer verbatim.
//!
//! # Output
//!
//! `sources/sources.toml` (every source, in order of first appearance) and `claims/NNNN.toml`
//! (about [`CLAIMS_PER_FILE`] claims each; the answers to one question always share a file).
//! Ids come from the text by [`slugify`]: lowercase ASCII letters and digits (common Latin
//! accents folded), every other run of characters one `-`, at most [`MAX_SLUG`] characters; a
//! name whose slug is taken gets `-2`, `-3`, … in order of first appearance in the file, so the
//! ids are collision-free and the same input always gives byte-identical files. Source names are
//! kept as `name`; a question's text is kept in a `# question = "…"` comment above its claims
//! (the format has no question entity); a claim's id is `<question-id>.<answer-slug>`.
//!
//! # Safety
//!
//! The whole file is read and checked before anything is written: every malformed row is
//! collected and reported with its line number ([`ImportError::Rows`]), and nothing is written.
//! An existing corpus (`claims/` or `sources/` in the output folder) is refused unless
//! [`ImportOptions::force`]. The new corpus is written into a hidden temporary folder inside the
//! output folder, then renamed into place; with `force` the old `claims/` and `sources/` are moved
//! aside only once the new ones are complete, and deleted last. Other files in the output folder
//! (`corroborate.toml`, a README, …) are never touched.

use crate::load::schema::{ClaimKey, ClaimsFile, EvidenceKey, Keys, SourceKey, SourcesFile};
use crate::model::{Reliability, SourceKind, Stance};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, SecondsFormat};
use rayon::prelude::*;
use std::fmt::{self, Write as _};
use std::hash::Hasher;
use std::io;
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
    /// Distinct (question, answer) pairs: claims.
    pub claims: usize,
    /// TOML files written (claims files and the sources file).
    pub files: usize,
    /// The corpus folder.
    pub out: PathBuf,
    /// Whether an existing `claims/` and `sources/` were replaced (`--force`).
    pub replaced: bool,
    /// Headers of the CSV that were not used.
    pub ignored_columns: Vec<String>,
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
        if !self.ignored_columns.is_empty() {
            let names: Vec<String> = self
                .ignored_columns
                .iter()
                .map(|c| format!("{c:?}"))
                .collect();
            write!(f, "\nnote: ignored columns: {}", names.join(", "))?;
        }
        Ok(())
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
    let existing = check_out(out)?;
    if existing && !options.force {
        return Err(ImportError::Exists {
            out: out.to_path_buf(),
        });
    }
    let table = read(csv, options)?;
    let files = write(&table, csv, out, options)?;
    Ok(ImportSummary {
        rows: table.evidence.len(),
        sources: table.sources.len(),
        questions: table.questions.len(),
        claims: table.claims.len(),
        files,
        out: out.to_path_buf(),
        replaced: existing,
        ignored_columns: table.ignored,
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

struct EvidenceRec {
    claim: u32,
    source: u32,
    stance: Stance,
    date: RowDate,
}

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
    /// In row order.
    evidence: Vec<EvidenceRec>,
    /// Date-times, normalised, as written in TOML.
    datetimes: Vec<String>,
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
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(file);
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
    let columns = columns(path, headers, options)?;
    let used = [
        Some(columns.source),
        Some(columns.question),
        Some(columns.answer),
        columns.date,
        columns.stance,
        columns.reliability,
        columns.kind,
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
        evidence: Vec::new(),
        datetimes: Vec::new(),
        ignored,
    };
    let mut rows = 0usize;
    let mut record = csv::ByteRecord::new();
    let width = columns.headers.len();

    while reader.read_byte_record(&mut record).map_err(csv_error)? {
        rows += 1;
        let line = record.position().map_or(0, |p| p.line());
        if rows.is_multiple_of(16_384) {
            tell(
                &options.progress,
                Step::ReadTo(record.position().map_or(0, |p| p.byte())),
            );
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
        let (c, _) = table.claims.intern(q, answer);
        table.evidence.push(EvidenceRec {
            claim: c,
            source: s,
            stance,
            date,
        });
    }
    tell(&options.progress, Step::Done);

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

/// An id made from `text`: lowercase ASCII letters and digits, common Latin accents folded
/// (`é` → `e`, `ß` → `ss`), every run of other characters one `-`, no leading or trailing `-`,
/// at most `max` characters (cut at a `-` boundary when one is near). May be empty.
pub fn slugify(text: &str, max: usize) -> String {
    let mut out = String::new();
    slugify_into(&mut out, text, max);
    out
}

/// [`slugify`] into `out` (cleared first), reusing its allocation.
fn slugify_into(out: &mut String, text: &str, max: usize) {
    out.clear();
    let mut gap = false;
    for c in text.chars() {
        if out.len() > max {
            break;
        }
        let folded = if c.is_ascii_alphanumeric() {
            None
        } else if let Some(folded) = fold(c) {
            Some(folded)
        } else {
            gap = true;
            continue;
        };
        if gap && !out.is_empty() {
            out.push('-');
        }
        gap = false;
        match folded {
            None => out.push(c.to_ascii_lowercase()),
            Some(f) => out.push_str(f),
        }
    }
    if out.len() > max {
        out.truncate(max);
    }
    while out.ends_with('-') {
        out.pop();
    }
}

/// The ASCII spelling of a common accented Latin letter.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à'..='å' | 'À'..='Å' | 'ā' | 'Ā' | 'ă' | 'Ă' | 'ą' | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' | 'ć' | 'Ć' | 'č' | 'Č' => "c",
        'ď' | 'Ď' | 'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'è'..='ë' | 'È'..='Ë' | 'ē' | 'Ē' | 'ė' | 'Ė' | 'ę' | 'Ę' | 'ě' | 'Ě' => "e",
        'ğ' | 'Ğ' => "g",
        'ì'..='ï' | 'Ì'..='Ï' | 'ī' | 'Ī' | 'į' | 'Į' | 'ı' | 'İ' => "i",
        'ł' | 'Ł' => "l",
        'ñ' | 'Ñ' | 'ń' | 'Ń' | 'ň' | 'Ň' => "n",
        'ò'..='ö' | 'Ò'..='Ö' | 'ø' | 'Ø' | 'ō' | 'Ō' | 'ő' | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ř' | 'Ř' => "r",
        'ś' | 'Ś' | 'š' | 'Š' | 'ş' | 'Ş' | 'ș' | 'Ș' => "s",
        'ß' => "ss",
        'ť' | 'Ť' | 'ţ' | 'Ţ' | 'ț' | 'Ț' => "t",
        'þ' | 'Þ' => "th",
        'ù'..='ü' | 'Ù'..='Ü' | 'ū' | 'Ū' | 'ů' | 'Ů' | 'ű' | 'Ű' => "u",
        'ý' | 'Ý' | 'ÿ' | 'Ÿ' => "y",
        'ź' | 'Ź' | 'ż' | 'Ż' | 'ž' | 'Ž' => "z",
        _ => return None,
    })
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
                    levenshtein(&wanted, &lower)
                };
            (distance, c)
        })
        // A suggestion must keep something of what was typed: `G` is not a typo of `A`.
        .filter(|(d, _)| *d <= limit && *d < wanted.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
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
    origin: String,
    source_ids: IdAllocator,
    question_ids: IdAllocator,
    /// The part of each claim's id after `<question-id>.`.
    claim_slugs: IdAllocator,
    /// Claims of each question: `claim_order[claim_starts[q]..claim_starts[q + 1]]`.
    claim_starts: Vec<u32>,
    claim_order: Vec<u32>,
    /// Evidence of each claim, in row order.
    evidence_starts: Vec<u32>,
    evidence_order: Vec<u32>,
}

impl<'t> Layout<'t> {
    fn new(table: &'t Table, origin: String) -> Self {
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
        let mut claim_slugs = IdAllocator::default();
        for c in 0..table.claims.len() {
            let c = index(c);
            claim_slugs.allocate(table.claims.tags[c as usize], table.claims.get(c), "a");
        }
        let (claim_starts, claim_order) =
            group_by(table.questions.len(), table.claims.tags.iter().copied());
        let (evidence_starts, evidence_order) =
            group_by(table.claims.len(), table.evidence.iter().map(|e| e.claim));
        Layout {
            table,
            origin,
            source_ids,
            question_ids,
            claim_slugs,
            claim_starts,
            claim_order,
            evidence_starts,
            evidence_order,
        }
    }

    fn claims_of(&self, q: usize) -> &[u32] {
        &self.claim_order[self.claim_starts[q] as usize..self.claim_starts[q + 1] as usize]
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
            count += self.claims_of(q).len();
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
            out.push_str("\n# question = ");
            push_toml_string(&mut out, table.questions.get(index(q)));
            out.push('\n');
            let qid = self.question_ids.get(index(q));
            for &c in self.claims_of(q) {
                push_header(&mut out, ClaimsFile::Claim.name());
                push_key_id(
                    &mut out,
                    ClaimKey::Id.name(),
                    &[qid, ".", self.claim_slugs.get(c)],
                );
                push_key_string(&mut out, ClaimKey::Text.name(), table.claims.get(c));
                push_key_id(&mut out, ClaimKey::Question.name(), &[qid]);
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
                }
            }
        }
        out
    }
}

/// Writes the corpus; returns how many files were written.
fn write(
    table: &Table,
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
    let layout = Layout::new(table, origin);
    let chunks = layout.chunks();
    let digits = chunks.len().to_string().len().max(4);

    let created = !out.exists();
    std::fs::create_dir_all(out).map_err(write_error(out))?;
    let tmp = out.join(format!(".corroborate-import-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(write_error(&tmp))?;
    }
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
        std::fs::write(&sources_path, layout.render_sources())
            .map_err(write_error(&sources_path))?;
        tell(&options.progress, Step::Wrote);

        chunks.par_iter().enumerate().try_for_each(|(n, range)| {
            let text = layout.render_claims(range.clone());
            let path = staged
                .join("claims")
                .join(format!("{:0digits$}.toml", n + 1));
            std::fs::write(&path, text).map_err(write_error(&path))?;
            tell(&options.progress, Step::Wrote);
            Ok::<(), ImportError>(())
        })?;
        tell(&options.progress, Step::Done);
        install(&tmp, out, options.force)
    })();
    // Best effort: the corpus is in place either way, and the walker skips hidden folders.
    let _ = std::fs::remove_dir_all(&tmp);
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

/// Moves `tmp/new/{claims,sources}` into `out`, the old ones (if any) aside into `tmp/old` first;
/// on failure, puts the old ones back.
fn install(tmp: &Path, out: &Path, force: bool) -> Result<(), ImportError> {
    let old = tmp.join("old");
    std::fs::create_dir_all(&old).map_err(|source| ImportError::Write {
        path: old.clone(),
        source,
    })?;
    let mut moved_aside = Vec::new();
    let mut installed = Vec::new();
    let result = (|| {
        for section in SECTIONS {
            let target = out.join(section);
            if std::fs::symlink_metadata(&target).is_ok() {
                if !force {
                    // Another process wrote a corpus here while this one was reading.
                    return Err(ImportError::Exists {
                        out: out.to_path_buf(),
                    });
                }
                std::fs::rename(&target, old.join(section)).map_err(|source| {
                    ImportError::Write {
                        path: target.clone(),
                        source,
                    }
                })?;
                moved_aside.push(section);
            }
        }
        for section in SECTIONS {
            let target = out.join(section);
            std::fs::rename(tmp.join("new").join(section), &target).map_err(|source| {
                ImportError::Write {
                    path: target.clone(),
                    source,
                }
            })?;
            installed.push(section);
        }
        Ok(())
    })();
    if result.is_err() {
        for section in installed {
            let _ = std::fs::rename(out.join(section), tmp.join("new").join(section));
        }
        for section in moved_aside {
            let _ = std::fs::rename(old.join(section), out.join(section));
        }
    }
    result
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
        assert_eq!(slugify("東京", MAX_SLUG), "");
        assert_eq!(slugify("abcdef", 3), "abc");
        assert_eq!(slugify("ab cdef", 3), "ab");
        let long = "word ".repeat(40);
        let slug = slugify(&long, MAX_SLUG);
        assert!(slug.len() <= MAX_SLUG && !slug.ends_with('-'), "{slug}");
        let mut ids = IdAllocator::default();
        for text in ["Foo Bar", "é", "a\u{0}b", "ß", &long, "--", "", "東京"] {
            let id = ids.allocate(0, text, "s");
            assert!(
                crate::model::is_valid_id(ids.get(id)),
                "{text:?} → {:?}",
                ids.get(id)
            );
        }
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
            let id = many.allocate(0, &"東".repeat(1 + i % 3), "s");
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
}
