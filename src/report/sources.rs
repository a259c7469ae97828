//! `corroborate sources`: each source's assigned grade, learned reliability and track record.

use crate::model::Corpus;
use crate::score::Verdict;

/// Renders the sources table.
pub fn render_table(_corpus: &Corpus, _verdicts: &[Verdict], _color: bool) -> String {
    todo!("sources table")
}

/// Renders the sources as JSON.
pub fn render_json(_corpus: &Corpus, _verdicts: &[Verdict]) -> String {
    todo!("sources json")
}
