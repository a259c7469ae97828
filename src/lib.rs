//! `corroborate`: a claim and source-reliability verifier.
//!
//! The library is layered; imports point down only, and `tests/layers.rs` holds that:
//!
//! ```text
//!  9  bin/corroborate   clap, environment, terminal, progress, cache, exit codes (not in the library)
//!  8  report            formats over one report::format::Doc; view, wire (the JSON contract)
//!  7  engine            Project: load → plans from the rules → assess → findings → select, gate
//!  6  rules   import    assessment rules, one file each │ CSV → corpus
//!     edit              `corroborate add`: one entry appended to a corpus file
//!  5  score             weigh, exclude, conclude, scorer, reliability, explain (derivations)
//!  4  load    validate  disk + TOML → Corpus │ per-claim checks run inside the link pass
//!  3  policy            configuration data and defaults
//!  2  diag              Diagnostic, Severity, Label, RuleMeta; where policy severities apply
//!  1  util    model     hashing, words, timing marks │ the corpus types
//! ```
//!
//! The library does all the work and never reads the environment; the binary parses arguments,
//! reads the world and maps outcomes to exit codes.

pub mod diag;
pub mod edit;
pub mod engine;
pub mod import;
pub mod load;
pub mod model;
pub mod policy;
pub mod report;
pub mod rules;
pub mod score;
pub mod util;
pub mod validate;
