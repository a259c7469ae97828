//! `report --format html`: one self-contained page with sorting, filtering and derivations.

use super::Selection;
use crate::model::Corpus;
use crate::score::Context;

/// Renders the selected claims as a self-contained HTML page.
pub fn render(_corpus: &Corpus, _selection: &Selection<'_>, _cx: &Context<'_>) -> String {
    todo!("html report")
}
