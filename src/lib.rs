//! `corroborate`: a claim and source-reliability verifier.
//!
//! Data flows one way: files → [`load`] → [`model::Corpus`] → rules and scoring → reports → CLI.
//! The library does all the work; the binary only parses arguments and maps outcomes to exit codes.

pub mod diag;
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
