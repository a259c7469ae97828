//! Command-line arguments. Parsing only: [`crate::app`] carries the commands out.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Claim and source-reliability verifier: loads claims/ and sources/ TOML files, weighs each
/// claim's evidence by independent origin and reports a status, an Admiralty grade and a score.
#[derive(Debug, Parser)]
#[command(name = "corroborate", version, about, long_about = None)]
pub struct Cli {
    /// When to use colour (NO_COLOR is respected under `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// What to do (default: `report` on the current folder).
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
    /// List the rules: id, family, default severity, summary.
    Rules(RulesArgs),
}

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The corpus folder (holding claims/ and sources/).
    #[arg(default_value = ".")]
    pub path: PathBuf,

    /// Output format: `human` snippets on stderr, `short` one line each on stderr, or `json` on stdout.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
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
