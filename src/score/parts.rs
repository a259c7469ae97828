//! Set questions part by part: how credible each listed part is, and which list is most
//! likely the whole truth.
//!
//! A set answer lists parts and says they are among the truth ("the authors include Smith and
//! Jones"). Its claim is scored as a whole: a longer list implies a shorter one, so a shorter
//! list always scores at least as high, which says how far each list is *right as far as it
//! goes* but not which list is *complete*. This module looks at the parts themselves, as the
//! latent truth model does (Zhao et al., 2012): each origin that lists a part is evidence for it
//! at its weight, and each origin whose answer leaves the part out is weak evidence against it
//! (the policy's `omission` fraction of the evidence its weight stands for). A part's belief is the projected
//! probability of that fused opinion.
//!
//! Two things are built on it, with the same arithmetic:
//! - **ranking**: a set question's answers are ranked by how likely each list is to be exactly
//!   the truth, `Σ ln P(p)` over the parts it lists plus `Σ ln (1 − P(p))` over the parts it
//!   leaves out, so the leading answer is the most complete list whose parts are credible;
//! - **learning**: a source is credited on a set question with the mean, over the parts others
//!   spoke on, of how right it was about each part according to the *other* origins (the part's
//!   belief without its own origin for a part it lists, one minus it, at the omission fraction,
//!   for a part it leaves out).

use super::Opinion;
use crate::model::answers::part_key;
use crate::model::{ClaimIx, Corpus, QuestionKind, Value};

/// The parts of one set question's answers, numbered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PartTable {
    /// The answers that are lists, in the question's answer order.
    pub claims: Vec<ClaimIx>,
    /// Per answer of [`PartTable::claims`], the numbers of the parts it lists, sorted, each once.
    pub lists: Vec<Vec<u32>>,
    /// Per part number, the part as first written (in answer order).
    pub texts: Vec<String>,
}

impl PartTable {
    /// The parts of question `q`'s answers, if it is a `set` question with at least one answer
    /// that lists parts. Parts that differ only in spacing or letter case are one part.
    pub fn of(corpus: &Corpus, questions: &super::Questions, q: u32) -> Option<PartTable> {
        if questions.kind(corpus, q).0 != QuestionKind::Set {
            return None;
        }
        let mut keys: crate::util::hash::FastMap<String, u32> = Default::default();
        let mut table = PartTable {
            claims: Vec::new(),
            lists: Vec::new(),
            texts: Vec::new(),
        };
        for &answer in questions.answers(q) {
            let Some(Value::Parts(parts)) = corpus.claims[answer.get()]
                .value
                .as_deref()
                .map(|v| &v.value)
            else {
                continue;
            };
            let mut list: Vec<u32> = parts
                .iter()
                .map(|part| {
                    let next = keys.len() as u32;
                    *keys.entry(part_key(part)).or_insert_with(|| {
                        table.texts.push(part.to_string());
                        next
                    })
                })
                .collect();
            list.sort_unstable();
            list.dedup();
            table.claims.push(answer);
            table.lists.push(list);
        }
        (!table.claims.is_empty()).then_some(table)
    }

    /// How many distinct parts the answers list between them.
    pub fn len(&self) -> usize {
        self.texts.len()
    }
}

/// One origin's word on a set question: it supports answer `answer` (an index into
/// [`PartTable::claims`]) at `weight`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Say {
    /// The origin it counts under (its number; equal numbers, same origin).
    pub origin: u32,
    /// The weight of its support.
    pub weight: f64,
    /// The answer it supports.
    pub answer: usize,
}

/// Each origin's opinion on each part, and the part's opinion fused over every origin and
/// without each one.
#[derive(Debug, Clone)]
pub(crate) struct PartOpinions {
    /// The origins, in increasing number.
    pub origins: Vec<u32>,
    /// `listed[o * parts + p]`: whether origin `o` (by place in `origins`) lists part `p`.
    pub listed: Vec<bool>,
    /// `fused[p]`: part `p`'s opinion over every origin.
    pub fused: Vec<Opinion>,
    /// `without[o * parts + p]`: part `p`'s opinion over every origin but `o`.
    pub without: Vec<Opinion>,
    /// How many parts there are.
    pub parts: usize,
}

/// The opinion of every origin of `says` on every part of `table`.
///
/// An origin lists a part when any answer it supports lists it, at the strongest such weight;
/// otherwise it leaves the part out, with `omission` times the evidence of the strongest weight
/// it gives any answer. Origins are fused in increasing number, so the result does not depend on the order
/// of `says`.
pub(crate) fn opinions(table: &PartTable, says: &[Say], omission: f64) -> PartOpinions {
    let parts = table.len();
    let mut sorted: Vec<Say> = says.iter().copied().filter(|s| s.weight > 0.0).collect();
    sorted.sort_by(|a, b| a.origin.cmp(&b.origin).then(a.answer.cmp(&b.answer)));
    let mut origins: Vec<u32> = sorted.iter().map(|s| s.origin).collect();
    origins.dedup();
    let n = origins.len();
    let mut listed = vec![false; n * parts];
    let mut opinion = vec![Opinion::VACUOUS; n * parts];
    let mut k = 0;
    for (o, &origin) in origins.iter().enumerate() {
        let mut lists = vec![0.0f64; parts];
        let mut strongest = 0.0f64;
        while k < sorted.len() && sorted[k].origin == origin {
            let say = sorted[k];
            strongest = strongest.max(say.weight);
            for &p in table.lists.get(say.answer).into_iter().flatten() {
                lists[p as usize] = lists[p as usize].max(say.weight);
            }
            k += 1;
        }
        for (p, &weight) in lists.iter().enumerate() {
            let at = o * parts + p;
            if weight > 0.0 {
                listed[at] = true;
                opinion[at] = Opinion::support(weight);
            } else {
                opinion[at] = Opinion::opposition(fraction_of_evidence(strongest, omission));
            }
        }
    }
    // Fused without origin `o`: the origins before it, then those after it (prefix and suffix
    // folds), so leaving each one out costs one fusion per part.
    let mut prefix = vec![Opinion::VACUOUS; (n + 1) * parts];
    for o in 0..n {
        for p in 0..parts {
            prefix[(o + 1) * parts + p] = prefix[o * parts + p].fuse(opinion[o * parts + p]);
        }
    }
    let mut suffix = vec![Opinion::VACUOUS; (n + 1) * parts];
    for o in (0..n).rev() {
        for p in 0..parts {
            suffix[o * parts + p] = opinion[o * parts + p].fuse(suffix[(o + 1) * parts + p]);
        }
    }
    let mut without = vec![Opinion::VACUOUS; n * parts];
    for o in 0..n {
        for p in 0..parts {
            without[o * parts + p] = prefix[o * parts + p].fuse(suffix[(o + 1) * parts + p]);
        }
    }
    PartOpinions {
        fused: prefix[n * parts..].to_vec(),
        origins,
        listed,
        without,
        parts,
    }
}

/// The weight whose evidence is `fraction` of the evidence of weight `weight`.
///
/// A weight `w` stands for `w / (1 − w)` units of evidence (the odds cumulative fusion adds), so
/// a quarter of a weight of 0.9 is not a quarter of its evidence but a thirty-first of it. An
/// omission is "a quarter as strong as a listing", so the fraction is taken of the evidence;
/// taken of the weight, one trusted source adding a name outweighed a dozen as trusted that
/// left it out.
fn fraction_of_evidence(weight: f64, fraction: f64) -> f64 {
    if weight >= 1.0 {
        return weight;
    }
    let scaled = fraction * weight;
    scaled / (1.0 - weight + scaled)
}

impl PartOpinions {
    /// Part `p`'s belief: the projected probability of its fused opinion.
    pub fn belief(&self, p: usize, base_rate: f64) -> f64 {
        self.fused[p].probability(base_rate)
    }

    /// How right origin `origin` was about the parts, according to the other origins: the mean,
    /// over the parts any other origin spoke on, of the other origins' belief in a part it lists
    /// (`b + a·u`) and their disbelief in a part it leaves out (`d + (1 − a)·u`), the latter
    /// counted at `omission` (leaving a part out is weaker than listing one). `None` when no
    /// other origin spoke on any part, or the origin said nothing here.
    pub fn credit(&self, origin: u32, base_rate: f64, omission: f64) -> Option<f64> {
        let o = self.origins.binary_search(&origin).ok()?;
        let (mut sum, mut weight) = (0.0, 0.0);
        for p in 0..self.parts {
            let others = self.without[o * self.parts + p];
            if others.belief + others.disbelief <= 1e-12 {
                continue;
            }
            if self.listed[o * self.parts + p] {
                sum += others.belief + base_rate * others.uncertainty;
                weight += 1.0;
            } else {
                sum += omission * (others.disbelief + (1.0 - base_rate) * others.uncertainty);
                weight += omission;
            }
        }
        (weight > 0.0).then(|| sum / weight)
    }

    /// How likely list `list` (sorted part numbers) is to be exactly the truth, as a
    /// log-probability: each part's belief for a part it lists, its complement for one it
    /// leaves out, the parts taken as independent.
    pub fn list_likelihood(&self, list: &[u32], base_rate: f64) -> f64 {
        const EDGE: f64 = 1e-12;
        (0..self.parts)
            .map(|p| {
                let belief = self.belief(p, base_rate).clamp(EDGE, 1.0 - EDGE);
                if list.binary_search(&(p as u32)).is_ok() {
                    belief.ln()
                } else {
                    (1.0 - belief).ln()
                }
            })
            .sum()
    }

    /// Every part of `table` with its belief and counts, most credible first (then in the
    /// order first written).
    pub fn beliefs(&self, table: &PartTable, base_rate: f64) -> Vec<PartBelief> {
        let mut beliefs: Vec<(usize, PartBelief)> = (0..table.len())
            .map(|p| {
                let (listed, omitted) = self.counts(p);
                (
                    p,
                    PartBelief {
                        part: table.texts[p].clone(),
                        probability: self.belief(p, base_rate),
                        listed,
                        omitted,
                    },
                )
            })
            .collect();
        beliefs
            .sort_by(|(pa, a), (pb, b)| b.probability.total_cmp(&a.probability).then(pa.cmp(pb)));
        beliefs.into_iter().map(|(_, b)| b).collect()
    }

    /// Each list answer of `table` with how likely it is to be exactly the truth
    /// ([`PartOpinions::list_likelihood`]).
    pub fn likelihoods(&self, table: &PartTable, base_rate: f64) -> Vec<(ClaimIx, f64)> {
        table
            .claims
            .iter()
            .zip(&table.lists)
            .map(|(&c, list)| (c, self.list_likelihood(list, base_rate)))
            .collect()
    }

    /// How many origins list part `p`, and how many leave it out.
    pub fn counts(&self, p: usize) -> (usize, usize) {
        let listed = (0..self.origins.len())
            .filter(|o| self.listed[o * self.parts + p])
            .count();
        (listed, self.origins.len() - listed)
    }
}

/// A part of a set question's answers, as judged.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PartBelief {
    /// The part as first written.
    pub part: String,
    /// Its belief: the projected probability that it is among the truth.
    pub probability: f64,
    /// How many independent origins list it.
    pub listed: usize,
    /// How many independent origins answered the question without it.
    pub omitted: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(lists: &[&[u32]], parts: usize) -> PartTable {
        PartTable {
            claims: (0..lists.len() as u32).map(ClaimIx).collect(),
            lists: lists.iter().map(|l| l.to_vec()).collect(),
            texts: (0..parts).map(|p| format!("part {p}")).collect(),
        }
    }

    fn say(origin: u32, weight: f64, answer: usize) -> Say {
        Say {
            origin,
            weight,
            answer,
        }
    }

    /// Two full lists and three partial ones: the missing parts stay credible, so the full list
    /// is the likeliest whole truth, while the partial one is not opposed by it.
    #[test]
    fn the_most_complete_credible_list_is_likeliest() {
        let t = table(&[&[0, 1, 2], &[0]], 3);
        let says = [
            say(0, 0.6, 0),
            say(1, 0.6, 0),
            say(2, 0.6, 1),
            say(3, 0.6, 1),
            say(4, 0.6, 1),
        ];
        let o = opinions(&t, &says, 0.25);
        let full = o.list_likelihood(&t.lists[0], 0.3);
        let partial = o.list_likelihood(&t.lists[1], 0.3);
        assert!(full > partial, "{full} {partial}");
        assert!(o.belief(0, 0.3) > o.belief(1, 0.3));
        assert_eq!(o.counts(1), (2, 3));
    }

    /// A part only one origin adds, against seven as strong that leave it out, is not credible.
    #[test]
    fn a_lone_extra_part_is_not_credible() {
        let t = table(&[&[0, 1], &[0]], 2);
        let mut says = vec![say(0, 0.5, 0)];
        says.extend((1..8).map(|o| say(o, 0.5, 1)));
        let o = opinions(&t, &says, 0.25);
        assert!(o.belief(1, 0.3) < 0.5);
        assert!(o.list_likelihood(&t.lists[1], 0.3) > o.list_likelihood(&t.lists[0], 0.3));
    }

    /// Three lists, four words from three origins (origin 1 supports two lists).
    fn three_lists() -> (PartTable, [Say; 4]) {
        let t = table(&[&[0, 1], &[0], &[1, 2]], 3);
        let says = [
            say(4, 0.7, 0),
            say(1, 0.5, 1),
            say(9, 0.8, 2),
            say(1, 0.4, 2),
        ];
        (t, says)
    }

    /// Leaving an origin out equals fusing the others alone, and a source is credited on the
    /// parts others spoke on.
    #[test]
    fn leaving_an_origin_out_is_fusing_the_rest() {
        let (t, says) = three_lists();
        let all = opinions(&t, &says, 0.25);
        let rest = opinions(&t, &[says[0], says[1], says[3]], 0.25);
        let o = all.origins.binary_search(&9).expect("origin 9");
        for p in 0..3 {
            let a = all.without[o * 3 + p];
            let b = rest.fused[p];
            assert!((a.belief - b.belief).abs() < 1e-12, "{a:?} {b:?}");
            assert!((a.disbelief - b.disbelief).abs() < 1e-12, "{a:?} {b:?}");
        }
        let credit = all.credit(9, 0.3, 0.25).expect("others spoke");
        assert!(credit > 0.0 && credit < 1.0);
        assert_eq!(all.credit(77, 0.3, 0.25), None);
    }

    /// An omission is a fraction of a listing's evidence: one listing against four omissions of
    /// the same weight is evidence for and against in equal measure, whatever the weight.
    #[rstest::rstest]
    fn an_omission_is_a_fraction_of_the_evidence(#[values(0.3, 0.6, 0.9, 0.95)] w: f64) {
        let odds = |w: f64| w / (1.0 - w);
        let weaker = fraction_of_evidence(w, 0.25);
        assert!(
            (odds(weaker) - 0.25 * odds(w)).abs() < 1e-12,
            "{w} {weaker}"
        );
        let t = table(&[&[0, 1], &[0]], 2);
        let mut says = vec![say(0, w, 0)];
        says.extend((1..5).map(|o| say(o, w, 1)));
        let o = opinions(&t, &says, 0.25);
        let part = o.fused[1];
        assert!((part.belief - part.disbelief).abs() < 1e-9, "{part:?}");
    }

    /// The order the words come in changes nothing.
    #[test]
    fn the_order_of_the_says_does_not_matter() {
        let (t, says) = three_lists();
        let mut reversed = says;
        reversed.reverse();
        let (a, b) = (opinions(&t, &says, 0.25), opinions(&t, &reversed, 0.25));
        assert_eq!(a.fused, b.fused);
        assert_eq!(a.without, b.without);
    }
}
