//! One signature for every claim report: a [`Format`] writes a [`Doc`].
//!
//! The binary builds one `Doc` (the corpus, the selected claims, the assessment, a judge that
//! hands out verdicts, and the options the user set) and asks the format named on the command
//! line to write it. A format takes the verdicts it needs from the judge: the JSON a batch at a
//! time as it streams, the others all at once. Adding a format means adding its file and one line
//! in [`FORMATS`].

use super::Selection;
use crate::engine::Judge;
use crate::model::{ClaimIx, Corpus};
use crate::policy::Policy;
use crate::score::{Assessment, Status, Verdict};
use std::io::Write;

/// What the user asked of the output, beyond the format.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Colour statuses (the terminal table).
    pub color: bool,
    /// Width to draw at (`None`: as wide as the content needs; the terminal table).
    pub width: Option<u16>,
    /// One row per evidence item instead of per claim (CSV).
    pub evidence_rows: bool,
    /// Statuses that fail a publishable claim (JUnit).
    pub gate: Vec<Status>,
    /// The order the claims come in and whether they are all of the selection (`--sort`,
    /// `--limit`).
    pub listing: super::view::Listing,
}

/// Everything a claim report may show.
pub struct Doc<'a> {
    /// The corpus.
    pub corpus: &'a Corpus,
    /// Its policy (ClaimReview's publisher).
    pub policy: &'a Policy,
    /// The assessment the verdicts come from.
    pub assessment: &'a Assessment,
    /// The selected claims: in claim order, or in the order to list them when
    /// [`Options::listing`] says it is given.
    pub claims: &'a [ClaimIx],
    /// Hands out whole verdicts on the selected claims.
    pub judge: &'a Judge<'a>,
    /// What the user asked for.
    pub options: &'a Options,
}

impl Doc<'_> {
    /// Every selected claim's verdict, in claim order, computed in parallel.
    pub fn verdicts(&self) -> Vec<Verdict> {
        self.judge.verdicts(self.claims)
    }

    /// The selection of `verdicts` (those of [`Doc::verdicts`]).
    pub fn selection<'v>(&self, verdicts: &'v [Verdict]) -> Selection<'v>
    where
        Self: 'v,
    {
        Selection {
            as_of: self.assessment.as_of,
            verdicts: verdicts.iter().collect(),
            assessment: Some(self.assessment),
            listing: self.options.listing,
        }
    }
}

/// A claim report format.
pub trait Format: Sync {
    /// Its name on the command line (`--format NAME`).
    fn name(&self) -> &'static str;
    /// One line for `--help`.
    fn summary(&self) -> &'static str;
    /// Writes `doc` to `out`.
    fn write(&self, doc: &Doc<'_>, out: &mut (dyn Write + Send)) -> std::io::Result<()>;
    /// Whether it honours `--sort` and `--limit`. A ClaimReview feed and a JUnit record are
    /// read by machines that need every selected claim, so those formats refuse them.
    fn lists(&self) -> bool {
        true
    }
}

/// Every claim report format, the default (the terminal table) first.
pub static FORMATS: &[&dyn Format] = &[
    &super::table::TABLE,
    &super::json::JSON,
    &super::markdown::MARKDOWN,
    &super::csv::CSV,
    &super::html::HTML,
    &super::claimreview::CLAIMREVIEW,
    &super::junit::JUNIT,
];

/// The format named `name`.
pub fn find(name: &str) -> Option<&'static dyn Format> {
    FORMATS.iter().copied().find(|f| f.name() == name)
}

/// Declares a format that renders a whole string from the selection: `render(doc, selection,
/// verdicts)` gives the text.
macro_rules! whole_format {
    ($(#[$doc:meta])* $konst:ident, $ty:ident, $name:literal, $summary:literal, |$d:ident, $sel:ident, $verdicts:ident| $body:expr) => {
        $(#[$doc])*
        pub struct $ty;

        $(#[$doc])*
        pub static $konst: $ty = $ty;

        impl $crate::report::format::Format for $ty {
            fn name(&self) -> &'static str {
                $name
            }
            fn summary(&self) -> &'static str {
                $summary
            }
            fn write(
                &self,
                $d: &$crate::report::format::Doc<'_>,
                out: &mut (dyn std::io::Write + Send),
            ) -> std::io::Result<()> {
                let $verdicts = $d.verdicts();
                let $sel = $d.selection(&$verdicts);
                let text: String = $body;
                out.write_all(text.as_bytes())
            }
        }
    };
}
pub(crate) use whole_format;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = FORMATS.iter().map(|f| f.name()).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(n, names.len());
        assert!(find("json").is_some() && find("nope").is_none());
    }
}
