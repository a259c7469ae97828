//! The order a report lists its selected claims in (`report --sort`), and the counts of a
//! selection a `--limit` cuts short. Ordering is selection: the formats honour the order they
//! are given.

use crate::model::{ClaimIx, Corpus};
use crate::score::{Outcome, Status, StatusCounts};

/// How to order the selected claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// By event (claims without one last), then claim id: the order the formats group claims
    /// in, each format keeping its own canonical layout (the default).
    #[default]
    Id,
    /// Worst first for an editor: refuted, contested, unconfirmed, corroborated, confirmed;
    /// ties by score ascending, then claim id.
    Status,
    /// Lowest score first; ties by claim id.
    Score,
}

impl Sort {
    /// Whether the formats must keep the order given rather than lay claims out their own
    /// way (grouped by event): every sort but [`Sort::Id`].
    pub fn is_given(self) -> bool {
        self != Sort::Id
    }
}

/// How bad a status is for an editor: 0 for refuted, the worst, up to 4 for confirmed. The
/// reverse of [`Status::ALL`], which runs from the best.
pub fn badness_rank(status: Status) -> usize {
    Status::ALL.len() - 1 - Status::ALL.iter().position(|s| *s == status).unwrap_or(0)
}

/// What a claim is ordered by.
#[derive(Debug, Clone, Copy)]
struct Key<'a> {
    status: Status,
    score: f64,
    event: Option<&'a str>,
    id: &'a str,
}

/// How two claims compare under `sort`. The order is total: scores compare by
/// [`f64::total_cmp`], so a NaN has its place rather than reordering at random.
fn compare(sort: Sort, a: &Key<'_>, b: &Key<'_>) -> std::cmp::Ordering {
    match sort {
        // Claims without an event come last, as every format writes them.
        Sort::Id => (a.event.is_none(), a.event, a.id).cmp(&(b.event.is_none(), b.event, b.id)),
        Sort::Status => badness_rank(a.status)
            .cmp(&badness_rank(b.status))
            .then_with(|| a.score.total_cmp(&b.score))
            .then_with(|| a.id.cmp(b.id)),
        Sort::Score => a.score.total_cmp(&b.score).then_with(|| a.id.cmp(b.id)),
    }
}

/// Orders `selected` (claims of `corpus`, with their `outcomes`) by `sort`. The sort is stable:
/// claims with equal keys (duplicate ids only) keep their selection order.
pub fn order(corpus: &Corpus, outcomes: &[Outcome], selected: &mut [ClaimIx], sort: Sort) {
    let key = |c: ClaimIx| {
        let claim = &corpus.claims[c.get()];
        Key {
            status: outcomes[c.get()].status,
            score: outcomes[c.get()].score,
            event: claim.event.as_ref().map(|e| e.id.value.as_str()),
            id: claim.id.value.as_str(),
        }
    };
    selected.sort_by(|&a, &b| compare(sort, &key(a), &key(b)));
}

/// The per-status counts of `selected`, from their `outcomes`: what a summary line says of a
/// whole selection when only its first claims are shown.
pub fn counts(outcomes: &[Outcome], selected: &[ClaimIx]) -> StatusCounts {
    StatusCounts::of(selected.iter().map(|c| outcomes[c.get()].status))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    /// Claims as (id, event, status, score).
    const CLAIMS: [(&str, Option<&str>, Status, f64); 7] = [
        ("b", Some("e1"), Status::Confirmed, 0.97),
        ("a", Some("e2"), Status::Refuted, 0.04),
        ("c", None, Status::Unconfirmed, 0.5),
        ("d", Some("e1"), Status::Refuted, 0.04),
        ("e", Some("e1"), Status::Contested, 0.5),
        ("f", None, Status::Refuted, 0.01),
        ("g", Some("e2"), Status::Corroborated, f64::NAN),
    ];

    fn sorted(sort: Sort) -> Vec<&'static str> {
        let mut keys: Vec<Key<'static>> = CLAIMS
            .iter()
            .map(|&(id, event, status, score)| Key {
                status,
                score,
                event,
                id,
            })
            .collect();
        keys.sort_by(|a, b| compare(sort, a, b));
        keys.into_iter().map(|k| k.id).collect()
    }

    #[rstest]
    // By event, claims without one last, then id.
    #[case::id(Sort::Id, &["b", "d", "e", "a", "g", "c", "f"])]
    // Refuted (f 0.01 before a and d, tied at 0.04 and so by id), contested, unconfirmed,
    // corroborated, confirmed.
    #[case::status(Sort::Status, &["f", "a", "d", "e", "c", "g", "b"])]
    // Ascending; the tie at 0.04 and the one at 0.5 by id; NaN (positive) after every number.
    #[case::score(Sort::Score, &["f", "a", "d", "c", "e", "b", "g"])]
    fn orders_with_ties(#[case] sort: Sort, #[case] expected: &[&str]) {
        assert_eq!(sorted(sort), expected);
    }

    #[rstest]
    #[case(Status::Refuted, 0)]
    #[case(Status::Contested, 1)]
    #[case(Status::Unconfirmed, 2)]
    #[case(Status::Corroborated, 3)]
    #[case(Status::Confirmed, 4)]
    fn worst_first(#[case] status: Status, #[case] rank: usize) {
        assert_eq!(badness_rank(status), rank);
    }
}
