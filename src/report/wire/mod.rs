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
    let mut ids = Vec::new();
    origin_ids(corpus, learned, verdict, view, &mut ids);
    ids.join("+")
}

/// The ids [`origin_name`] joins, sorted and distinct, into `ids` (cleared first): for a writer
/// that writes them without making the name.
pub fn origin_ids<'a>(
    corpus: &'a Corpus,
    learned: Option<&'a [String]>,
    verdict: &Verdict,
    view: &OriginView,
    ids: &mut Vec<&'a str>,
) {
    let id = |source: crate::model::SourceIx| match learned {
        Some(origins) => origins[source.get()].as_str(),
        None => corpus.source(source).origin_key(),
    };
    ids.clear();
    ids.extend(
        verdict
            .items
            .iter()
            .chain(&verdict.competing)
            .filter(|i| i.origin == view.rank)
            .map(|i| id(i.source)),
    );
    if ids.len() > 1 {
        ids.sort_unstable();
        ids.dedup();
    }
    if ids.is_empty() {
        // Every view is made from at least one item; its first source names it otherwise.
        ids.push(id(view.source));
    }
}
