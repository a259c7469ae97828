//! `report --format claimreview`: schema.org ClaimReview JSON-LD.

use super::Selection;
use crate::model::Corpus;
use crate::policy::Policy;

/// Renders the selected claims as ClaimReview JSON-LD.
pub fn render(_corpus: &Corpus, _selection: &Selection<'_>, _policy: &Policy) -> String {
    todo!("claimreview report")
}
