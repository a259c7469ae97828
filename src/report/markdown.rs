//! `report --format markdown`: GitHub-flavoured Markdown, a table per event plus a summary.

use super::Selection;
use crate::model::Corpus;

/// Renders the selected claims as Markdown.
pub fn render(_corpus: &Corpus, _selection: &Selection<'_>) -> String {
    todo!("markdown report")
}
