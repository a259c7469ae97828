//! Which evidence items do not count, and why: the one place exclusions are decided, for the
//! scorer and reliability learning alike.

use crate::model::{Claim, Date, SourceIx, Stance};
use serde::Serialize;

/// Why an item does not count towards the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "reason")]
pub enum Excluded {
    /// Dated after the `--as-of` day.
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
}

/// Why each of a claim's evidence items does not count, if it does not: later than `as_of`,
/// silence, a retraction, or support its source later retracted.
pub fn exclusions(claim: &Claim, as_of: Date) -> Vec<Option<Excluded>> {
    let mut out = Vec::with_capacity(claim.evidence.len());
    exclusions_into(claim, as_of, &mut out);
    out
}

/// [`exclusions`], written into `out` (cleared first), so a pass over many claims reuses one
/// buffer.
pub fn exclusions_into(claim: &Claim, as_of: Date, out: &mut Vec<Option<Excluded>>) {
    let date = |i: usize| claim.evidence[i].date.as_ref().map(|d| d.value);
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
}
