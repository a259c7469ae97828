//! `diff OLD NEW`: claims whose status or grade changed between two corpora or two JSON reports.

use crate::model::Corpus;
use crate::score::Verdict;

/// The verdicts of one side of a diff, by claim id.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {}

/// One claim that changed.
#[derive(Debug, Clone)]
pub struct Change {}

impl Snapshot {
    /// Reads a `report --format json` document.
    pub fn from_report_json(_text: &str) -> Result<Self, String> {
        todo!("diff from json")
    }

    /// Takes the verdicts of a scored corpus.
    pub fn from_verdicts(_corpus: &Corpus, _verdicts: &[Verdict]) -> Self {
        todo!("diff from verdicts")
    }
}

/// The claims added, removed, or whose status or grade changed.
pub fn compare(_old: &Snapshot, _new: &Snapshot) -> Vec<Change> {
    todo!("diff compare")
}

/// Renders changes as a table.
pub fn render_table(_changes: &[Change]) -> String {
    todo!("diff table")
}

/// Renders changes as JSON.
pub fn render_json(_changes: &[Change]) -> String {
    todo!("diff json")
}
