//! Which evidence items do not count, and why: the one place exclusions are decided, for the
//! scorer and reliability learning alike.

use crate::model::{Claim, Date, SourceIx, Stance};
use serde::Serialize;

/// Why an item does not count towards the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "reason")]
pub enum Excluded {
    /// Dated after the `--as-of` day (an undated item counts from its event's date).
    AfterAsOf,
    /// Its source later retracted it.
    Retracted {
        /// The day of the retraction (`None`: an undated retraction).
        on: Option<Date>,
    },
    /// `no-comment`: silence is not denial.
    Silence,
    /// The retraction itself, which only withdraws earlier support.
    Retraction,
    /// Its source gave another answer to the same question with `revises`, on that day
    /// (`None`: an undated revision), and so withdrew this one.
    Revised {
        /// The day of the revision.
        on: Option<Date>,
    },
}

/// The revisions among the answers to one question: who revised, when, and on which answer.
/// Support a source gave to any other answer of the question, dated on or before its revision
/// (or undated), is withdrawn from the revision's day on.
#[derive(Debug, Default, Clone)]
pub struct Revisions {
    /// (source, day, answer), sorted by source then latest day first (undated last).
    list: Vec<(SourceIx, Option<Date>, u32)>,
}

impl Revisions {
    /// The counted `revises` items of `answers` (each with its id and its exclusions as of the
    /// day scored): one that is itself after the as-of day revises nothing yet.
    pub fn of<'c>(
        answers: impl Iterator<Item = (u32, &'c Claim, &'c [Option<Excluded>])>,
    ) -> Revisions {
        let mut list = Vec::new();
        for (answer, claim, excluded) in answers {
            for (e, ex) in claim.evidence.iter().zip(excluded) {
                if e.stance != Stance::Revises || *ex == Some(Excluded::AfterAsOf) {
                    continue;
                }
                if let Some(source) = e.source.target {
                    list.push((source, e.date.as_ref().map(|d| d.value), answer));
                }
            }
        }
        list.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| latest_first(a.1, b.1)));
        Revisions { list }
    }

    /// Whether there are none (the common case: nothing more to do).
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The revision that withdraws support from `source`, dated `day`, on answer `answer`: the
    /// latest revision by that source on another answer dated on or after `day` (any, for an
    /// undated item; an undated revision reaches every earlier item).
    fn withdrawing(
        &self,
        source: SourceIx,
        day: Option<Date>,
        answer: u32,
    ) -> Option<Option<Date>> {
        let first = self.list.partition_point(|r| r.0 < source);
        let end = self.list.partition_point(|r| r.0 <= source);
        self.list[first..end]
            .iter()
            .filter(|r| r.2 != answer)
            .find(|r| match (r.1, day) {
                (Some(on), Some(day)) => on >= day,
                _ => true,
            })
            .map(|r| r.1)
    }

    /// Marks in `out` (the exclusions of `claim`, answer `answer`) the support its sources
    /// withdrew by revising.
    pub fn apply(&self, answer: u32, claim: &Claim, out: &mut [Option<Excluded>]) {
        if self.list.is_empty() {
            return;
        }
        for (e, ex) in claim.evidence.iter().zip(out.iter_mut()) {
            if ex.is_some() || !e.stance.supports() {
                continue;
            }
            let Some(source) = e.source.target else {
                continue;
            };
            if let Some(on) = self.withdrawing(source, e.date.as_ref().map(|d| d.value), answer) {
                *ex = Some(Excluded::Revised { on });
            }
        }
    }
}

/// Why each of a claim's evidence items does not count, if it does not: later than `as_of`,
/// silence, a retraction, or support its source later retracted. An undated item is taken to
/// be from `event_date` (the claim's event's date), so a report as of a day before the event
/// does not count it; with no event date it always counts.
pub fn exclusions(claim: &Claim, as_of: Date, event_date: Option<Date>) -> Vec<Option<Excluded>> {
    let mut out = Vec::with_capacity(claim.evidence.len());
    exclusions_into(claim, as_of, event_date, &mut out);
    out
}

/// The date of `claim`'s event, if it has one: what an undated item of it is dated from.
pub fn event_date(corpus: &crate::model::Corpus, claim: &Claim) -> Option<Date> {
    let event = claim.event.as_ref()?.target?;
    corpus.event(event).date.as_ref().map(|d| d.value)
}

/// [`exclusions`], written into `out` (cleared first), so a pass over many claims reuses one
/// buffer.
pub fn exclusions_into(
    claim: &Claim,
    as_of: Date,
    event_date: Option<Date>,
    out: &mut Vec<Option<Excluded>>,
) {
    let date = |i: usize| {
        claim.evidence[i]
            .date
            .as_ref()
            .map(|d| d.value)
            .or(event_date)
    };
    out.clear();
    out.extend(claim.evidence.iter().enumerate().map(|(i, e)| {
        if date(i).is_some_and(|d| d > as_of) {
            Some(Excluded::AfterAsOf)
        } else {
            match e.stance {
                Stance::NoComment => Some(Excluded::Silence),
                Stance::Retracts => Some(Excluded::Retraction),
                _ => None,
            }
        }
    }));
    // Most claims have no retraction that counts: nothing more to decide.
    if !out.contains(&Some(Excluded::Retraction)) {
        return;
    }
    mark_retracted(claim, out);
}

/// Days in the order withdrawals are searched: the latest first, undated ones last.
fn latest_first(a: Option<Date>, b: Option<Date>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// One retraction: its source, its date (`None`: undated) and its place among the evidence.
#[derive(Debug, Clone, Copy)]
struct Retraction {
    source: SourceIx,
    on: Option<Date>,
    at: usize,
}

/// Marks the support that a later (or undated) retraction by the same source withdraws; where
/// several do, the last one in the claim's order names the day. Retractions are grouped by
/// source and, within a source, sorted by date, so each item is settled by a binary search: a
/// claim that mixes many assertions and retractions costs n log n, not n².
fn mark_retracted(claim: &Claim, out: &mut [Option<Excluded>]) {
    let mut retractions: Vec<Retraction> = claim
        .evidence
        .iter()
        .enumerate()
        .filter(|(i, _)| out[*i] == Some(Excluded::Retraction))
        .filter_map(|(at, e)| {
            let source = e.source.target?;
            let on = e.date.as_ref().map(|d| d.value);
            Some(Retraction { source, on, at })
        })
        .collect();
    // By source, then latest date first (undated ones last), so within a source the retractions
    // dated on or after a day are a prefix.
    retractions.sort_unstable_by(|a, b| {
        a.source
            .cmp(&b.source)
            .then_with(|| latest_first(a.on, b.on))
            .then(a.at.cmp(&b.at))
    });
    // Per position in `retractions`, the retraction placed last in the claim among the dated
    // ones of its source up to it.
    let mut last_dated: Vec<usize> = Vec::with_capacity(retractions.len());
    for k in 0..retractions.len() {
        let same = k > 0 && retractions[k - 1].source == retractions[k].source;
        let best = match (same, retractions[k].on) {
            (true, Some(_)) => {
                let prev = last_dated[k - 1];
                if retractions[prev].at > retractions[k].at {
                    prev
                } else {
                    k
                }
            }
            (true, None) => last_dated[k - 1],
            (false, _) => k,
        };
        last_dated.push(best);
    }
    for (i, e) in claim.evidence.iter().enumerate() {
        if out[i].is_some() || !e.stance.supports() {
            continue;
        }
        let Some(source) = e.source.target else {
            continue;
        };
        let first = retractions.partition_point(|r| r.source < source);
        let end = retractions.partition_point(|r| r.source <= source);
        let group = &retractions[first..end];
        if group.is_empty() {
            continue;
        }
        let dated = group.partition_point(|r| r.on.is_some());
        // The dated retractions that withdraw this item: all of them for an undated item, those
        // dated on or after its day otherwise.
        let reach = match e.date.as_ref().map(|d| d.value) {
            None => dated,
            Some(day) => group[..dated].partition_point(|r| r.on.is_some_and(|on| on >= day)),
        };
        let from_dated = (reach > 0).then(|| last_dated[first + reach - 1]);
        let from_undated = group[dated..].iter().map(|r| r.at).max();
        let winner = match (from_dated.map(|k| retractions[k]), from_undated) {
            (Some(r), Some(at)) if at > r.at => Some(None),
            (Some(r), _) => Some(r.on),
            (None, Some(_)) => Some(None),
            (None, None) => None,
        };
        if let Some(on) = winner {
            out[i] = Some(Excluded::Retracted { on });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::tests::load_str;
    use proptest::prelude::*;

    /// The first definition: every supporting item against every retraction, the last match
    /// winning. Quadratic, and the reference the fast one is held to.
    fn reference(claim: &Claim, as_of: Date) -> Vec<Option<Excluded>> {
        let date = |i: usize| claim.evidence[i].date.as_ref().map(|d| d.value);
        let mut out: Vec<Option<Excluded>> = claim
            .evidence
            .iter()
            .enumerate()
            .map(|(i, e)| {
                if date(i).is_some_and(|d| d > as_of) {
                    Some(Excluded::AfterAsOf)
                } else {
                    match e.stance {
                        Stance::NoComment => Some(Excluded::Silence),
                        Stance::Retracts => Some(Excluded::Retraction),
                        _ => None,
                    }
                }
            })
            .collect();
        let retractions: Vec<(Option<SourceIx>, Option<Date>)> = (0..claim.evidence.len())
            .filter(|i| out[*i] == Some(Excluded::Retraction))
            .map(|i| (claim.evidence[i].source.target, date(i)))
            .collect();
        for (i, e) in claim.evidence.iter().enumerate() {
            if out[i].is_some() || !e.stance.supports() || e.source.target.is_none() {
                continue;
            }
            for (source, on) in &retractions {
                let earlier = match (date(i), on) {
                    (Some(d), Some(r)) => d <= *r,
                    _ => true,
                };
                if *source == e.source.target && earlier {
                    out[i] = Some(Excluded::Retracted { on: *on });
                }
            }
        }
        out
    }

    const SOURCES: &[&str] = &["rfi", "fla-spokesman", "nobody"];
    const STANCES: &[&str] = &["asserts", "confirms", "retracts", "denies", "no-comment"];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Exclusions are the reference's on any mix of sources, stances and dates (some
        /// undated, some after the evaluation day).
        #[test]
        fn exclusions_are_the_reference_s(
            items in prop::collection::vec((0..3usize, 0..5usize, prop::option::of(10..20u32)), 0..24)
        ) {
            let evidence: String = items
                .iter()
                .map(|(s, st, d)| {
                    let date = d.map(|d| format!("date = 2025-07-{d}\n")).unwrap_or_default();
                    format!(
                        "[[claim.evidence]]\nsource = \"{}\"\nstance = \"{}\"\n{date}",
                        SOURCES[*s], STANCES[*st]
                    )
                })
                .collect();
            let claims = format!("[[claim]]\nid = \"c\"\ntext = \"t\"\n{evidence}");
            let loaded = load_str(crate::load::tests::SOURCES, &claims).0;
            let claim = &loaded.corpus.claims[0];
            let as_of = Date::from_ymd_opt(2025, 7, 17).expect("a date");
            prop_assert_eq!(exclusions(claim, as_of, None), reference(claim, as_of));
        }
    }
}
