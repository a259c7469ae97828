//! `report --format junit`: one testcase per publishable claim.

use super::Selection;
use crate::model::Corpus;
use crate::score::Status;

/// Renders JUnit XML; a testcase fails when its status is in `fail_on`.
pub fn render(_corpus: &Corpus, _selection: &Selection<'_>, _fail_on: &[Status]) -> String {
    todo!("junit report")
}
