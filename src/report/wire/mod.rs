//! The documented, versioned JSON contract, apart from the domain types and from the writer that
//! streams it ([`super::json`]), and how the contract names what the domain types number.

pub mod types;

use crate::model::Corpus;
use crate::score::{OriginView, Verdict};

/// The name of origin `view` of `verdict` in the contract: the distinct origin ids (learned
/// ones, `learned`, when the report carries the assessment, else declared) of the sources that
/// spoke under it on the claim, sorted and joined by `+`.
///
/// An origin is usually one id. A bloc of allied actors counts as one origin, though, and its
/// members keep their own ids: naming it by its first source would name it after whichever
/// item the files happen to list first, and the same corpus in another file order would give
/// another report.
pub fn origin_name(
    corpus: &Corpus,
    learned: Option<&[String]>,
    verdict: &Verdict,
    view: &OriginView,
) -> String {
    let id = |source: crate::model::SourceIx| match learned {
        Some(origins) => origins[source.get()].as_str(),
        None => corpus.source(source).origin_key(),
    };
    let mut ids: Vec<&str> = verdict
        .items
        .iter()
        .chain(&verdict.competing)
        .filter(|i| i.origin == view.rank)
        .map(|i| id(i.source))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        // Every view is made from at least one item; its first source names it otherwise.
        return id(view.source).to_owned();
    }
    ids.join("+")
}
