//! `report --format csv`: one row per claim, or per evidence item with `--evidence`.

use super::Selection;
use crate::model::Corpus;

/// Renders the selected claims (or their evidence) as CSV.
pub fn render(_corpus: &Corpus, _selection: &Selection<'_>, _evidence: bool) -> String {
    todo!("csv report")
}
