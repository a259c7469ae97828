//! Command-line arguments. Parsing only: each subcommand's file carries it out.

use clap::{Parser, Subcommand, ValueEnum};
use corroborate::model::{Basis, Reliability, SourceKind, Stance};
use std::path::PathBuf;

/// What `--help` says after the options: the environment, the exit codes and a few examples.
pub const AFTER_HELP: &str = "\
Environment:
  CORROBORATE_TODAY=YYYY-MM-DD   the day evidence dates are checked against (default: today)
  COLUMNS                        the width of tables and diagnostics
  NO_COLOR                       no colour under --color auto (TERM=dumb too)
  CORROBORATE_NO_CACHE=1         like check --no-cache
  CORROBORATE_CACHE_DIR=DIR      like check --cache-dir DIR
  CORROBORATE_CACHE_DEBUG=1      say why check answered from the cache or not (also -v)
  CORROBORATE_TIMINGS=1          print each phase's end on stderr (also -vv)

Exit codes:
  0  success
  1  the corpus has errors (check), or a --fail-on gate failed (report)
  2  usage error, or input that cannot be read

Examples:
  corroborate                              the claim table of the corpus here (or above)
  corroborate check --format github        annotations for a CI job
  corroborate report --fail-on refuted     fail CI if a claim marked publish = true is refuted
  corroborate explain alkit.helicopter-hit  how one verdict was reached
  corroborate add evidence alkit.convoy-attacked --source rfi --stance confirms --date 2025-07-15
                                           append evidence, refused unless check would pass
  corroborate init my-story                start a new corpus";

/// Claim and source-reliability verifier: loads claims/ and sources/ TOML files, weighs each
/// claim's evidence by independent origin and reports a status, an Admiralty grade and a score.
#[derive(Debug, Parser)]
#[command(name = "corroborate", version, about, long_about = None, after_help = AFTER_HELP)]
pub struct Cli {
    /// When to use colour (NO_COLOR is respected under `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Say less: -q drops summaries and progress bars, -qq everything but errors.
    #[arg(short, long, action = clap::ArgAction::Count, global = true, conflicts_with = "verbose")]
    pub quiet: u8,

    /// Say more: -v explains cache decisions, -vv also prints each phase's timing.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Read the policy from FILE instead of the corpus's corroborate.toml.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// What to do (default: `report` on the corpus here or above).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate and lint a corpus: every problem, with file:line:col, on stderr.
    Check(CheckArgs),
    /// Score every claim: status, Admiralty code, score, origins and rules fired.
    Report(ReportArgs),
    /// Show how one claim's verdict was reached, step by step.
    Explain(ExplainArgs),
    /// List sources: assigned grade, learned reliability, track record, suspected copiers.
    Sources(SourcesArgs),
    /// Turn a CSV of (source, question, answer) rows into a corpus.
    Import(ImportArgs),
    /// List claims whose verdict changed between two corpora or two JSON reports, and why.
    Diff(DiffArgs),
    /// List the rules: id, family, default severity, summary.
    Rules(RulesArgs),
    /// Append one entry to a corpus file: evidence, a claim or a source. Nothing is written
    /// unless the corpus with it passes `check`; the file's bytes are kept, the entry appended.
    Add(AddArgs),
    /// Document captures: `archive hash FILE` prints the `sha256` line of a `[[document]]`.
    Archive(ArchiveArgs),
    /// Start a corpus: a commented example of claims, sources and policy, with JSON Schemas.
    Init(InitArgs),
    /// Print the JSON Schema of a claims, sources or policy file (for taplo / Even Better TOML).
    Schema(SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `corroborate man > corroborate.1`.
    Man,
}

/// The corpus folder when none is given: the help every corpus command shares.
const CORPUS_HELP: &str = "The corpus folder (holding claims/ and sources/; default: the nearest folder, here or above, holding corroborate.toml, claims/ or sources/)";

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to start the corpus in (made if missing; files already there are never
    /// replaced).
    #[arg(default_value = ".")]
    pub path: PathBuf,
}

/// Arguments of `schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which file's schema.
    #[arg(value_enum)]
    pub file: SchemaFileArg,
}

/// A file of the format, on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFileArg {
    /// A file under claims/.
    Claims,
    /// A file under sources/.
    Sources,
    /// corroborate.toml.
    Policy,
}

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The corpus folder (holding claims/ and sources/; default: the nearest folder, here or
    /// above, holding corroborate.toml, claims/ or sources/), or `-` to check one claims file
    /// read from stdin against the corpus here or above.
    pub path: Option<PathBuf>,

    /// With `check -`: the file stdin stands for, as diagnostics name it (default:
    /// claims/<stdin>.toml); it replaces that file of the corpus if there is one.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Output format: `human` snippets on stderr, `short` one line each on stderr, or `json` on stdout.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// Check without reading or writing the result cache.
    #[arg(long)]
    pub no_cache: bool,

    /// Keep the result cache in DIR (default: CORROBORATE_CACHE_DIR, else the platform's cache
    /// folder, e.g. ~/.cache/corroborate). Never inside the corpus unless you say so.
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Underlined snippets, for people.
    Human,
    /// `file:line:col: severity[code]: message`, for editors and grep.
    Short,
    /// JSON on stdout, for machines.
    Json,
    /// SARIF 2.1.0 on stdout, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands on stdout (`::error file=…`).
    Github,
}

/// A claim status, on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    /// Confirmed.
    Confirmed,
    /// Corroborated.
    Corroborated,
    /// Unconfirmed.
    Unconfirmed,
    /// Contested.
    Contested,
    /// Refuted.
    Refuted,
}

impl StatusArg {
    /// The engine's status.
    pub fn status(self) -> corroborate::engine::Status {
        use corroborate::engine::Status;
        match self {
            StatusArg::Confirmed => Status::Confirmed,
            StatusArg::Corroborated => Status::Corroborated,
            StatusArg::Unconfirmed => Status::Unconfirmed,
            StatusArg::Contested => Status::Contested,
            StatusArg::Refuted => Status::Refuted,
        }
    }
}

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    #[arg(help = CORPUS_HELP)]
    pub path: Option<PathBuf>,

    /// Output format.
    #[arg(long, default_value = "table", value_parser = report_formats())]
    pub format: String,

    /// Evaluate the corpus as it stood at the end of this day (YYYY-MM-DD); later evidence is ignored.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Only claims with this status (repeatable).
    #[arg(long, value_enum)]
    pub status: Vec<StatusArg>,

    /// Only claims about this event (repeatable).
    #[arg(long, value_name = "EVENT")]
    pub event: Vec<String>,

    /// Only claims with evidence from this source (repeatable).
    #[arg(long, value_name = "SOURCE")]
    pub source: Vec<String>,

    /// Exit 1 if any claim marked `publish = true` has this status (repeatable): a CI gate.
    #[arg(long, value_enum, value_name = "STATUS")]
    pub fail_on: Vec<StatusArg>,

    /// With --format csv: one row per evidence item instead of per claim.
    #[arg(long)]
    pub evidence: bool,

    /// With the table: draw it this many columns wide (default: COLUMNS, else the terminal's
    /// width, else 100).
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<u16>,

    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Order of the claims: `id` (default) groups them by event, then claim id; `status` lists
    /// the worst first for an editor (refuted, contested, unconfirmed, corroborated, confirmed;
    /// ties by score ascending, then id); `score` the lowest score first (ties by id). With
    /// `status` or `score` claims are not grouped by event: the table and Markdown name each
    /// claim's event on its row. Not with --format claimreview or junit.
    #[arg(long, value_enum, default_value_t = SortArg::Id)]
    pub sort: SortArg,

    /// Only the first N claims after --sort (N ≥ 1), with table, markdown, csv, html and json.
    /// The summary still counts every selected claim and says how many are shown; the JSON's
    /// `summary` counts them all and its `claims` holds the first N. The publication gate
    /// (--fail-on) still checks every selected claim. Not with --format claimreview or junit,
    /// which list every selected claim.
    #[arg(long, value_name = "N", value_parser = claim_count, allow_hyphen_values = true)]
    pub limit: Option<usize>,
}

/// A `--limit`: a whole number of claims, at least one. Zero would print a report of nothing
/// and a negative number means nothing, so both are refused with words rather than clap's range.
fn claim_count(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("a report of no claims shows nothing; give 1 or more".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err("expected a whole number of claims, 1 or more".to_owned()),
    }
}

/// The order of `report`, on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Lowest score first.
    Score,
    /// Worst status first.
    Status,
    /// By event, then claim id.
    Id,
}

impl SortArg {
    /// The engine's order.
    pub fn sort(self) -> corroborate::engine::Sort {
        use corroborate::engine::Sort;
        match self {
            SortArg::Score => Sort::Score,
            SortArg::Status => Sort::Status,
            SortArg::Id => Sort::Id,
        }
    }
}

impl ReportArgs {
    /// `report` with every option at its default: what a bare `corroborate` runs.
    pub fn defaults() -> ReportArgs {
        ReportArgs {
            path: None,
            format: "table".to_owned(),
            as_of: None,
            status: Vec::new(),
            event: Vec::new(),
            source: Vec::new(),
            fail_on: Vec::new(),
            evidence: false,
            width: None,
            output: None,
            sort: SortArg::Id,
            limit: None,
        }
    }
}

/// Arguments of `sources`.
#[derive(Debug, clap::Args)]
pub struct SourcesArgs {
    #[arg(help = CORPUS_HELP)]
    pub path: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = SourcesFormat::Table)]
    pub format: SourcesFormat,

    /// Evaluate the corpus as it stood at the end of this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// Output formats of `sources`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourcesFormat {
    /// A table for the terminal.
    Table,
    /// JSON.
    Json,
}

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The CSV file (header row required).
    pub file: PathBuf,

    /// The corpus folder to write (claims/ and sources/ inside it).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Replace an existing corpus in DIR.
    #[arg(long)]
    pub force: bool,

    /// Header of the source column.
    #[arg(long, default_value = "source", value_name = "HEADER")]
    pub source_col: String,

    /// Header of the question column.
    #[arg(long, default_value = "question", value_name = "HEADER")]
    pub question_col: String,

    /// Header of the answer column.
    #[arg(long, default_value = "answer", value_name = "HEADER")]
    pub answer_col: String,

    /// The questions' kind: `auto` decides per question (all answers numbers: quantity; lists
    /// split by `;` or `|`: set; otherwise choice); a forced kind fails on the first answer
    /// that does not fit it.
    #[arg(long, value_enum, default_value_t = ImportKindArg::Auto)]
    pub kind: ImportKindArg,
}

/// `import --kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportKindArg {
    /// Per question, from its answers.
    Auto,
    /// Every question a choice: answers without values.
    Choice,
    /// Every question a set: answers are lists of parts.
    Set,
    /// Every question a quantity: every answer must be a number.
    Quantity,
}

impl From<ImportKindArg> for corroborate::import::ImportKind {
    fn from(kind: ImportKindArg) -> Self {
        use corroborate::import::ImportKind;
        match kind {
            ImportKindArg::Auto => ImportKind::Auto,
            ImportKindArg::Choice => ImportKind::Choice,
            ImportKindArg::Set => ImportKind::Set,
            ImportKindArg::Quantity => ImportKind::Quantity,
        }
    }
}

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The earlier corpus folder, or a `report --format json` file.
    pub old: PathBuf,

    /// The later corpus folder, or a `report --format json` file.
    pub new: PathBuf,

    /// Evaluate corpus folders as of this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = SourcesFormat::Table)]
    pub format: SourcesFormat,

    /// Also list the claims whose evidence or origins' weights changed without a change of
    /// verdict (else they are only counted).
    #[arg(long)]
    pub all: bool,
}

/// The names of the claim report formats, with their summaries, for `--format`.
fn report_formats() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        corroborate::report::format::FORMATS
            .iter()
            .map(|f| clap::builder::PossibleValue::new(f.name()).help(f.summary())),
    )
}

/// Arguments of `explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The claim id.
    pub claim: String,

    #[arg(help = CORPUS_HELP)]
    pub path: Option<PathBuf>,

    /// Evaluate the corpus as it stood at the end of this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// Arguments of `rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
}

/// Output formats of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// A table for the terminal.
    Table,
    /// JSON.
    Json,
    /// The Markdown page `docs/rules.md`.
    Markdown,
}

/// `WHAT: a, b, c`: the help of an option taking a word of the format, its words listed from
/// the model's own vocabulary (never typed twice). Checked by the loader, not by clap, so a typo
/// gets the loader's did-you-mean.
fn one_of(what: &str, words: &[&str]) -> String {
    format!("{what}: {}", words.join(", "))
}

/// Arguments of `add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// What to add.
    #[command(subcommand)]
    pub what: AddCommand,
}

/// What `add` appends.
#[derive(Debug, Subcommand)]
pub enum AddCommand {
    /// Append an evidence item to a claim: to the claim's own file (`[[claim.evidence]]` when the
    /// claim is the file's last table, else `[[evidence]]` with `claim = ID`), or with --file to
    /// any file under claims/ (made if missing), e.g. the day's new file of the story.
    Evidence(AddEvidenceArgs),
    /// Append a `[[claim]]` to the claims file whose `[event]` is --event, or to --file.
    Claim(AddClaimArgs),
    /// Append a `[[source]]` to --file, else to sources/sources.toml, else to the corpus's only
    /// sources file.
    Source(AddSourceArgs),
}

/// What every `add` takes: where the corpus is, and which file to write.
#[derive(Debug, clap::Args)]
pub struct AddTarget {
    /// The corpus folder (default: the nearest folder, here or above, holding corroborate.toml,
    /// claims/ or sources/).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,

    /// The file to append to (from here), under the corpus's claims/ (sources/ for a source);
    /// made if missing. Never a link, a folder or anything but a regular file.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
}

/// Arguments of `add evidence`.
#[derive(Debug, clap::Args)]
pub struct AddEvidenceArgs {
    /// The claim it bears on.
    pub claim: String,

    /// Who said it (may be left out with --document: the item takes the document's source).
    #[arg(long, value_name = "SOURCE", required_unless_present = "document")]
    pub source: Option<String>,

    #[arg(long, value_name = "STANCE", help = one_of("What they said of the claim", &Stance::words()))]
    pub stance: String,

    /// The day the source said it (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// The words, in the original language.
    #[arg(long, value_name = "TEXT")]
    pub quote: Option<String>,

    /// Where it was published.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// Where an archive keeps it.
    #[arg(long, value_name = "URL")]
    pub archive_url: Option<String>,

    /// The `[[document]]` it was read in.
    #[arg(long, value_name = "ID")]
    pub document: Option<String>,

    /// A relay that carried it to the desk (repeatable: nearest the source first).
    #[arg(long, value_name = "SOURCE")]
    pub via: Vec<String>,

    #[arg(long, value_name = "BASIS", help = one_of("What it rests on", &Basis::words()))]
    pub basis: Option<String>,

    /// Conditional or second-hand wording ("aurait").
    #[arg(long)]
    pub hedged: bool,

    /// The quote's language.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,

    #[command(flatten)]
    pub target: AddTarget,
}

/// Arguments of `add claim`.
#[derive(Debug, clap::Args)]
pub struct AddClaimArgs {
    /// Its id.
    pub id: String,

    /// What it says.
    #[arg(long, value_name = "TEXT")]
    pub text: String,

    /// The question it answers.
    #[arg(long, value_name = "ID")]
    pub question: Option<String>,

    /// The actor it favours.
    #[arg(long, value_name = "ACTOR")]
    pub favours: Option<String>,

    /// The actor it harms.
    #[arg(long, value_name = "ACTOR")]
    pub against: Option<String>,

    /// Its event; without --file, the claim goes to the file whose `[event]` this is.
    #[arg(long, value_name = "EVENT")]
    pub event: Option<String>,

    /// Mark it `publish = true`.
    #[arg(long)]
    pub publish: bool,

    #[command(flatten)]
    pub target: AddTarget,
}

/// Arguments of `add source`.
#[derive(Debug, clap::Args)]
pub struct AddSourceArgs {
    /// Its id.
    pub id: String,

    #[arg(long, value_name = "KIND", help = one_of("What kind of source it is", &SourceKind::words()))]
    pub kind: String,

    /// Its display name.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    #[arg(long, value_name = "GRADE", help = one_of("The desk's Admiralty grade", &Reliability::words()))]
    pub reliability: Option<String>,

    /// The actor it speaks for.
    #[arg(long, value_name = "ACTOR")]
    pub actor: Option<String>,

    /// Its declared common origin.
    #[arg(long, value_name = "ORIGIN")]
    pub origin: Option<String>,

    /// Its home page.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    #[command(flatten)]
    pub target: AddTarget,
}

/// Arguments of `archive`.
#[derive(Debug, clap::Args)]
pub struct ArchiveArgs {
    /// What to do.
    #[command(subcommand)]
    pub what: ArchiveCommand,
}

/// What `archive` does.
#[derive(Debug, Subcommand)]
pub enum ArchiveCommand {
    /// Print `sha256 = "…"` for a capture (and `file = "…"` when it is inside the corpus), to
    /// paste into its `[[document]]`.
    Hash(ArchiveHashArgs),
}

/// Arguments of `archive hash`.
#[derive(Debug, clap::Args)]
pub struct ArchiveHashArgs {
    /// The capture: a regular file.
    pub path: PathBuf,

    /// The corpus folder `file = …` is relative to (default: the nearest folder, here or above,
    /// holding corroborate.toml, claims/ or sources/).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
}
