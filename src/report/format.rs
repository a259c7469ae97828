//! One signature for every claim report: a [`Format`] writes a [`Doc`].
//!
//! The binary builds one `Doc` (the corpus, the selected claims, the assessment, a judge that
//! hands out verdicts, and the options the user set) and asks the format named on the command
//! line to write it. A format takes the verdicts it needs from the judge a batch at a time
//! ([`Doc::stream`], [`stream`]), so the verdicts of a million claims are never all in memory,
//! nor is the output; what a format says before its rows (counts, a header) comes from the
//! assessment's outcomes, which hold every status already. Adding a format means adding its file
//! and one line in [`FORMATS`].

use super::view::Summary;
use super::Selection;
use crate::engine::Judge;
use crate::model::{ClaimIx, Corpus};
use crate::policy::Policy;
use crate::score::{Assessment, Status, Verdict};
use rayon::prelude::*;
use std::borrow::Cow;
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
    /// Every selected claim's verdict, in claim order, computed in parallel. All at once: a
    /// format that can should [`Doc::stream`] them instead.
    pub fn verdicts(&self) -> Vec<Verdict> {
        self.judge.verdicts(self.claims)
    }

    /// Renders the verdicts on `claims` with `render` and hands the results to `write` in the
    /// order of `claims`, a batch at a time: see [`stream`]. Each verdict comes from the judge
    /// and lives only while it renders.
    pub fn stream<T: Send>(
        &self,
        claims: &[ClaimIx],
        render: &(dyn Fn(&Verdict) -> T + Sync),
        write: &mut (dyn FnMut(T) -> std::io::Result<()> + Send),
    ) -> std::io::Result<()> {
        stream(
            claims,
            &|ix| Cow::Owned(self.judge.verdict(ix)),
            render,
            write,
        )
    }

    /// The status of claim `ix`, as the assessment's outcomes hold it: what a format counts
    /// before it has computed any verdict (a verdict's status is its outcome's).
    pub fn status(&self, ix: ClaimIx) -> Status {
        self.assessment.outcomes[ix.get()].status
    }

    /// The selected claims' statuses, counted.
    pub fn shown(&self) -> Summary {
        Summary::of(self.claims.iter().map(|&c| self.status(c)))
    }

    /// The selected claims sorted by claim id (stable: duplicate ids keep selection order), as
    /// [`super::view::by_claim_id`] sorts their verdicts.
    pub fn by_claim_id(&self) -> Vec<ClaimIx> {
        let corpus = self.corpus;
        let claims = self.claims;
        crate::util::sort::indices_by_str(claims.len(), |i| {
            corpus.claims[claims[i].get()].id.as_str()
        })
        .into_iter()
        .map(|i| claims[i as usize])
        .collect()
    }

    /// The selected claims in the order to list them: as given when the listing says so, else by
    /// claim id (as [`super::view::listed`] orders verdicts).
    pub fn listed(&self) -> Vec<ClaimIx> {
        if self.options.listing.given_order {
            self.claims.to_vec()
        } else {
            self.by_claim_id()
        }
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

/// Gives the whole verdict on a claim: computed (owned) or one already held (borrowed).
pub type VerdictOf<'v> = dyn Fn(ClaimIx) -> Cow<'v, Verdict> + Sync + 'v;

/// How many claims [`stream`] renders at a time: enough to keep every core busy, few enough
/// that two batches of output (the one written, the one rendering) stay a few megabytes.
const BATCH: usize = 2048;

/// The bytes a claim took in the last batch a writer rendered: each task's text is made that
/// large (and an eighth) at once, instead of doubling as it fills and being copied again.
pub(crate) struct BytesPerClaim(std::sync::atomic::AtomicUsize);

impl BytesPerClaim {
    /// A guess of `bytes` per claim until a batch has been measured.
    pub(crate) fn new(bytes: usize) -> Self {
        BytesPerClaim(std::sync::atomic::AtomicUsize::new(bytes))
    }

    /// The room to make for `claims` claims.
    pub(crate) fn room(&self, claims: usize) -> usize {
        let guess = self.0.load(std::sync::atomic::Ordering::Relaxed);
        claims * (guess + guess / 8)
    }

    /// Records that `claims` claims took `bytes`.
    pub(crate) fn record(&self, bytes: usize, claims: usize) {
        self.0.store(
            bytes / claims.max(1) + 1,
            std::sync::atomic::Ordering::Relaxed,
        );
    }
}

/// How many claims one parallel task renders: a verdict takes microseconds, so a task per claim
/// would cost more in scheduling than it renders.
const PER_TASK: usize = 64;

/// Renders the verdict on each of `claims` (taken from `verdict`) with `render`, in parallel a
/// batch at a time, and hands each result to `write` in the order of `claims`, on one thread.
///
/// While one batch renders, the previous one is written, so at most two batches of verdicts'
/// output are in memory and the writing overlaps the rendering. Within a batch, claims are
/// rendered in corpus order (an id or event order jumps about the corpus, and in a corpus far
/// larger than the caches, reading each claim where the previous one ended is much cheaper) and
/// written in the order given. Stops at the first error `write` returns.
pub fn stream<T: Send>(
    claims: &[ClaimIx],
    verdict: &VerdictOf<'_>,
    render: &(dyn Fn(&Verdict) -> T + Sync),
    write: &mut (dyn FnMut(T) -> std::io::Result<()> + Send),
) -> std::io::Result<()> {
    let render_batch = |batch: &[ClaimIx]| -> Vec<T> {
        // (claim, place in the batch), in corpus order.
        let mut by_corpus: Vec<(ClaimIx, usize)> =
            batch.iter().enumerate().map(|(k, &c)| (c, k)).collect();
        by_corpus.sort_unstable();
        let rendered: Vec<(usize, T)> = by_corpus
            .par_chunks(PER_TASK)
            .flat_map_iter(|chunk| chunk.iter().map(|&(c, k)| (k, render(&verdict(c)))))
            .collect();
        let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(batch.len()).collect();
        for (k, t) in rendered {
            slots[k] = Some(t);
        }
        slots.into_iter().flatten().collect()
    };
    let mut pending: Vec<T> = Vec::new();
    for batch in claims.chunks(BATCH) {
        let (rendered, written) = rayon::join(
            || render_batch(batch),
            || pending.drain(..).try_for_each(&mut *write),
        );
        written?;
        pending = rendered;
    }
    pending.into_iter().try_for_each(write)
}

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
