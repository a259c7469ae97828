//! Source reliability from the track record (SPEC §7), and detection of sources that copy.
//!
//! The desk's Admiralty grade is a prior; the corpus is evidence about every source. The
//! estimate is a fixed point in the family of truth-discovery methods (TruthFinder, Accu):
//!
//! 1. Each claim's opinion is fused from its origins as the scorer fuses it: weights from the
//!    same compiled plans ([`super::weigh::Plan::weight`], bit for bit), exclusions from the same
//!    function, the same origin grouping, competing answers as opposition; from the current trust.
//! 2. A source is credited, for each claim it spoke on, with how right it was **according to the
//!    other origins**: the projected probability of the opinion fused without its own origin
//!    (`b + a·u` for support, `d + (1 − a)·u` for opposition, `a` the base rate), at weight 1.
//!    Leaving its own origin out keeps a source from vouching for itself; a claim nobody else
//!    touched credits the source's prior, so unverifiable claims neither lift a source that
//!    speaks mostly alone nor sink it (for a graded source they reinforce the desk's grade).
//!    On a set question a source is credited once, part by part (the `parts` module): a list is
//!    right about the parts it lists and the ones it leaves out, not as a whole.
//! 3. Its reliability is the Bayesian average of those credits with the desk grade as a prior
//!    worth `prior_strength` observations. An `F` source ("cannot be judged") starts from
//!    `uninformed_prior` (an even chance, not the `F` trust of the assigned mode) worth only
//!    `uninformed_strength` observations: its record soon decides, but one claim never sends it
//!    to 0 or 1.
//!
//! Steps 1–3 repeat until no reliability moves more than `tolerance`, at most `max_iterations`
//! times. Copy detection then compares every pair of sources that answered the same questions,
//! after Dong, Berti-Equille and Srivastava (2009): sharing a *false* answer is strong evidence
//! of copying, differing evidence against, and sharing a true answer weighs nothing (being right
//! together is what independent sources do). An answer is judged by the sources **other than the
//! pair**, and one nobody else gave is not counted at all. Pairs above `copy_threshold` that
//! share at least one false answer are reported; with `copies = "merge"` they are also merged
//! into one origin and the estimate is rerun.

use super::{Context, ItemFacts, Opinion, PlanIx, Plans};
use crate::model::{Corpus, SourceIx};
use crate::policy::{CopyMode, Policy, ReliabilityMode};
use rayon::prelude::*;
use serde::Serialize;

/// Copy rate assumed for a copier (share of its answers taken from the other).
const COPY_RATE: f64 = 0.8;
/// Number of false answers a question is assumed to admit (Accu's `n`).
const FALSE_VALUES: f64 = 10.0;

/// A pair of sources suspected of copying one another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CopyPair {
    /// The first source (lower index).
    #[serde(skip)]
    pub a: SourceIx,
    /// The second source.
    #[serde(skip)]
    pub b: SourceIx,
    /// Questions or claims both answered that the rest of the corpus can judge (a shared answer
    /// nobody else gave is not counted).
    pub shared: usize,
    /// Of those, how many they answered the same way (`same_true + same_false`).
    pub same: usize,
    /// Same answers the other sources hold true.
    pub same_true: usize,
    /// Same answers the other sources reject.
    pub same_false: usize,
    /// Items they answered differently.
    pub differ: usize,
    /// Posterior probability that one copies the other.
    pub probability: f64,
}

/// The learned reliability of every source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Learned {
    /// Trust the scorer uses, per source (by policy mode: assigned, learned or blended).
    pub trust: Vec<f64>,
    /// The track-record estimate per source (what `sources` shows as learned).
    pub estimated: Vec<f64>,
    /// How much evidence about each source the corpus holds (weighted claim count).
    pub evidence: Vec<f64>,
    /// Origin key per source after merging suspected copiers.
    pub origin: Vec<String>,
    /// Per source, the rank of its origin among the sorted origin keys (equal ranks, same
    /// origin), so scoring compares numbers, not strings.
    #[serde(skip)]
    pub origin_rank: Vec<u32>,
    /// The claims that answer each question, shared with scoring.
    #[serde(skip)]
    pub questions: super::Questions,
    /// Suspected copier pairs, sorted.
    pub copies: Vec<CopyPair>,
    /// Whether the suspected copiers were merged into one origin each (`copies = "merge"`); by
    /// default they are only reported.
    pub merged: bool,
    /// Iterations run in the final round.
    pub iterations: usize,
    /// Whether the final round converged within the tolerance.
    pub converged: bool,
}

/// One vote in the compact graph: a source's support or opposition on a claim.
#[derive(Debug, Clone, Copy)]
struct Vote {
    source: u32,
    /// Its weight plan in [`Graph::plans`].
    plan: PlanIx,
    support: bool,
    /// Whether the source spoke on this claim itself (not through a competing answer).
    own: bool,
}

/// Every claim's votes, flat: claim `i`'s are `votes[starts[i]..starts[i + 1]]`.
struct Graph {
    votes: Vec<Vote>,
    starts: Vec<u32>,
    /// How each vote is weighed: the scorer's plans.
    plans: Plans,
    /// The set questions whose answers are lists, part by part: their sources are credited
    /// per part ([`set_credits`]), not per answer.
    sets: Vec<super::parts::PartTable>,
    /// Per claim, whether it is a list answer of one of [`Graph::sets`].
    per_part: Vec<bool>,
}

impl Graph {
    fn claim(&self, i: usize) -> &[Vote] {
        &self.votes[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }
}

/// Claims per parallel task in the graph passes.
const CLAIMS_PER_TASK: usize = 1024;

/// The evidence items of `claim` that count as of `as_of` (see [`super::exclusions`]), as
/// indices into its evidence, written into `out`; `excluded` is scratch space.
fn counted_into(
    claim: &crate::model::Claim,
    as_of: crate::model::Date,
    event_date: Option<crate::model::Date>,
    excluded: &mut Vec<Option<super::Excluded>>,
    out: &mut Vec<usize>,
) {
    super::exclude::exclusions_into(claim, as_of, event_date, excluded);
    out.clear();
    out.extend(
        excluded
            .iter()
            .enumerate()
            .filter(|(i, ex)| ex.is_none() && claim.evidence[*i].source.target.is_some())
            .map(|(i, _)| i),
    );
}

fn build_graph(corpus: &Corpus, cx: &Context<'_>, questions: &super::Questions) -> Graph {
    let as_of = cx.as_of;
    let parties = super::Parties::new(corpus);
    let chunks: Vec<(Vec<Vote>, Vec<u32>)> = (0..corpus.claims.len())
        .collect::<Vec<usize>>()
        .par_chunks(CLAIMS_PER_TASK)
        .map(|chunk| {
            let mut votes = Vec::with_capacity(chunk.len() * 6);
            let mut lens = Vec::with_capacity(chunk.len());
            let mut counted = Vec::new();
            let mut excluded = Vec::new();
            for &i in chunk {
                let claim = &corpus.claims[i];
                let before = votes.len();
                // `bearing` is how the items of `of` bear on claim `i`: its own, or carried
                // over from a related answer as the scorer carries them.
                let mut push = |of: &crate::model::Claim, items: &[usize], relation| {
                    for &k in items {
                        let evidence = &of.evidence[k];
                        let Some(source) = evidence.source.target else {
                            continue;
                        };
                        let stance = evidence.stance;
                        let bearing = match relation {
                            None => super::Bearing::Own,
                            Some(relation) => match super::Bearing::of(relation, stance) {
                                Some(bearing) => bearing,
                                None => continue,
                            },
                        };
                        // Weighed as it was given, on the claim it was given on.
                        let facts = ItemFacts::of_evidence(
                            evidence,
                            parties.interest(of, parties.actor_of(source)),
                            |s| corpus.source(s).reliability.value,
                        )
                        .omitted(bearing == super::Bearing::Omitted);
                        let support = bearing.supports(stance);
                        votes.push(Vote {
                            source: source.0,
                            plan: facts.index(),
                            support,
                            own: bearing == super::Bearing::Own,
                        });
                    }
                };
                let me = crate::model::ClaimIx(i as u32);
                let related = questions.related(corpus, me);
                if related.is_empty() {
                    let when = super::exclude::event_date(corpus, claim);
                    counted_into(claim, as_of, when, &mut excluded, &mut counted);
                    push(claim, &counted, None);
                } else {
                    // Revisions reach across the answers of a question: settle every answer's
                    // exclusions first, as the scorer does.
                    let question = questions.of_claim(me);
                    let sibling = |c: crate::model::ClaimIx| {
                        question.is_some() && questions.of_claim(c) == question
                    };
                    let mut all: Vec<(
                        u32,
                        Option<crate::model::Relation>,
                        Vec<Option<super::Excluded>>,
                    )> = std::iter::once((me, None))
                        .chain(
                            related
                                .iter()
                                .filter(|(_, r)| *r != crate::model::Relation::Overlaps)
                                .map(|&(c, r)| (c, Some(r))),
                        )
                        .map(|(c, r)| {
                            let of = &corpus.claims[c.get()];
                            let when = super::exclude::event_date(corpus, of);
                            (c.0, r, super::exclusions(of, as_of, when))
                        })
                        .collect();
                    let revisions = super::exclude::Revisions::of(
                        all.iter()
                            .filter(|(c, _, _)| sibling(crate::model::ClaimIx(*c)))
                            .map(|(c, _, ex)| (*c, &corpus.claims[*c as usize], ex.as_slice())),
                    );
                    if !revisions.is_empty() {
                        for (c, _, ex) in &mut all {
                            if sibling(crate::model::ClaimIx(*c)) {
                                revisions.apply(*c, &corpus.claims[*c as usize], ex);
                            }
                        }
                    }
                    for (c, relation, ex) in &all {
                        let of = &corpus.claims[*c as usize];
                        counted.clear();
                        counted.extend(
                            ex.iter()
                                .enumerate()
                                .filter(|(k, e)| {
                                    e.is_none() && of.evidence[*k].source.target.is_some()
                                })
                                .map(|(k, _)| k),
                        );
                        push(of, &counted, *relation);
                    }
                }
                lens.push((votes.len() - before) as u32);
            }
            (votes, lens)
        })
        .collect();
    let total = chunks.iter().map(|(v, _)| v.len()).sum();
    let mut votes = Vec::with_capacity(total);
    let mut starts = Vec::with_capacity(corpus.claims.len() + 1);
    starts.push(0u32);
    for (chunk_votes, lens) in chunks {
        votes.extend(chunk_votes);
        for len in lens {
            let last = *starts.last().unwrap_or(&0);
            starts.push(last + len);
        }
    }
    let sets: Vec<super::parts::PartTable> = (0..questions.len() as u32)
        .into_par_iter()
        .filter_map(|q| super::parts::PartTable::of(corpus, questions, q))
        .collect();
    let mut per_part = vec![false; corpus.claims.len()];
    for table in &sets {
        for c in &table.claims {
            per_part[c.get()] = true;
        }
    }
    Graph {
        votes,
        starts,
        plans: cx.plans.clone(),
        sets,
        per_part,
    }
}

/// Where each vote's origin sits among its claim's origins, for one origin numbering: claim
/// `i`'s origins are `origins[starts[i]..starts[i + 1]]`, sorted, and vote `v` belongs to the
/// `slot[v]`-th of them.
struct Slots {
    slot: Vec<u32>,
    origins: Vec<u32>,
    starts: Vec<u32>,
}

impl Slots {
    fn new(graph: &Graph, origin: &[u32]) -> Slots {
        let parts: Vec<(Vec<u32>, Vec<u32>, Vec<u32>)> = (0..graph.len())
            .collect::<Vec<usize>>()
            .par_chunks(CLAIMS_PER_TASK)
            .map(|chunk| {
                let mut slot = Vec::new();
                let mut origins = Vec::new();
                let mut lens = Vec::with_capacity(chunk.len());
                let mut mine: Vec<u32> = Vec::new();
                for &i in chunk {
                    let votes = graph.claim(i);
                    mine.clear();
                    mine.extend(votes.iter().map(|v| origin[v.source as usize]));
                    mine.sort_unstable();
                    mine.dedup();
                    for v in votes {
                        let o = origin[v.source as usize];
                        slot.push(mine.partition_point(|m| *m < o) as u32);
                    }
                    origins.extend_from_slice(&mine);
                    lens.push(mine.len() as u32);
                }
                (slot, origins, lens)
            })
            .collect();
        let mut out = Slots {
            slot: Vec::with_capacity(graph.votes.len()),
            origins: Vec::new(),
            starts: Vec::with_capacity(graph.len() + 1),
        };
        out.starts.push(0);
        for (slot, origins, lens) in parts {
            out.slot.extend(slot);
            out.origins.extend(origins);
            for len in lens {
                let last = *out.starts.last().unwrap_or(&0);
                out.starts.push(last + len);
            }
        }
        out
    }

    fn claim(&self, i: usize) -> &[u32] {
        &self.origins[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

/// Each origin's strongest support and opposition on claim `i`, in origin order, into `masses`.
fn origin_masses(
    graph: &Graph,
    slots: &Slots,
    i: usize,
    trust: &[f64],
    masses: &mut Vec<(f64, f64)>,
) {
    masses.clear();
    masses.resize(slots.claim(i).len(), (0.0, 0.0));
    let first = graph.starts[i] as usize;
    for (k, v) in graph.claim(i).iter().enumerate() {
        let w = graph.plans.get(v.plan).weight(trust[v.source as usize]);
        let m = &mut masses[slots.slot[first + k] as usize];
        if v.support {
            m.0 = m.0.max(w);
        } else {
            m.1 = m.1.max(w);
        }
    }
}

/// Origin ids numbered in sorted key order, so results do not depend on source order.
pub(crate) fn number_origins<K: AsRef<str> + Sync>(keys: &[K]) -> Vec<u32> {
    let key = |i: u32| keys[i as usize].as_ref();
    let mut order: Vec<u32> = (0..keys.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| key(a).cmp(key(b)));
    let mut ranks = vec![0u32; keys.len()];
    let mut rank = 0;
    for (k, &i) in order.iter().enumerate() {
        if k > 0 && key(order[k - 1]) != key(i) {
            rank += 1;
        }
        ranks[i as usize] = rank;
    }
    ranks
}

struct Round {
    trust: Vec<f64>,
    estimated: Vec<f64>,
    evidence: Vec<f64>,
    iterations: usize,
    converged: bool,
}

/// Tasks of [`CLAIMS_PER_TASK`] claims whose credits are held at once: the credits of a whole
/// large corpus would take hundreds of megabytes.
const TASKS_PER_BATCH: usize = 16;

/// Each own vote's credit (how right it was according to the other origins) for the claims of
/// tasks `tasks` (of [`CLAIMS_PER_TASK`] claims each), in claim order, written into `parts`, one
/// per task (reused from one batch to the next).
///
/// Every claim counts once, at weight 1: the credit is the projected probability of the other
/// origins' fused opinion that the vote is right (`b + a·u` for support, `d + (1 − a)·u` for
/// opposition, `a` the base rate), so what the others do not know is neither a reward nor a
/// penalty in full. A claim nobody else touched credits the source's own prior: it says nothing
/// about the source, and leaving it out (as before) let a source that speaks mostly alone
/// reach the trust cap from its few corroborated claims and outvote careful sources together.
fn credits(
    graph: &Graph,
    slots: &Slots,
    trust: &[f64],
    prior: &[f64],
    base_rate: f64,
    tasks: std::ops::Range<usize>,
    parts: &mut Vec<Vec<(u32, u64)>>,
) {
    parts.resize_with(tasks.len(), Vec::new);
    parts.par_iter_mut().zip(tasks).for_each(|(out, k)| {
        let chunk = k * CLAIMS_PER_TASK..((k + 1) * CLAIMS_PER_TASK).min(graph.len());
        out.clear();
        let mut masses = Vec::new();
        let mut opinions: Vec<Opinion> = Vec::new();
        let mut prefix: Vec<Opinion> = Vec::new();
        // The opinion without one origin, for each origin slot already asked about.
        let mut others: Vec<Option<Opinion>> = Vec::new();
        for i in chunk {
            let votes = graph.claim(i);
            if !votes.iter().any(|v| v.own) {
                continue;
            }
            origin_masses(graph, slots, i, trust, &mut masses);
            // Leaving origin `j` out fuses, in origin order, the origins before it (a shared
            // prefix) then those after it: the same operations, in the same order, as fusing
            // the list without it.
            opinions.clear();
            opinions.extend(
                masses
                    .iter()
                    .map(|(s, d)| Opinion::support(*s).fuse(Opinion::opposition(*d))),
            );
            prefix.clear();
            prefix.push(Opinion::VACUOUS);
            for (j, o) in opinions.iter().enumerate() {
                let next = prefix[j].fuse(*o);
                prefix.push(next);
            }
            others.clear();
            others.resize(masses.len(), None);
            let first = graph.starts[i] as usize;
            let per_part = graph.per_part[i];
            for (k, v) in votes
                .iter()
                .enumerate()
                .filter(|(_, v)| v.own && !(per_part && v.support))
            {
                let own = slots.slot[first + k] as usize;
                let opinion = *others[own].get_or_insert_with(|| {
                    opinions[own + 1..]
                        .iter()
                        .fold(prefix[own], |acc, o| acc.fuse(*o))
                });
                let known = opinion.belief + opinion.disbelief;
                let right = if known <= 1e-12 {
                    prior[v.source as usize]
                } else if v.support {
                    opinion.belief + base_rate * opinion.uncertainty
                } else {
                    opinion.disbelief + (1.0 - base_rate) * opinion.uncertainty
                };
                out.push((v.source, to_fixed(right)));
            }
        }
    });
}

/// Each source's credit on each set question, part by part (see [`super::parts`]): the mean,
/// over the parts the other origins spoke on, of how right it was about each according to them;
/// its prior when they spoke on none. One credit per source and question, at weight 1, like a
/// claim: a list is one answer, however many parts it has.
fn set_credits(
    graph: &Graph,
    origin: &[u32],
    trust: &[f64],
    prior: &[f64],
    policy: &Policy,
) -> Vec<(u32, u64)> {
    graph
        .sets
        .par_iter()
        .flat_map_iter(|table| {
            let mut says = Vec::new();
            let mut sources: Vec<u32> = Vec::new();
            for (answer, claim) in table.claims.iter().enumerate() {
                for v in graph
                    .claim(claim.get())
                    .iter()
                    .filter(|v| v.own && v.support)
                {
                    let s = v.source as usize;
                    says.push(super::parts::Say {
                        origin: origin[s],
                        weight: graph.plans.get(v.plan).weight(trust[s]),
                        answer,
                    });
                    sources.push(v.source);
                }
            }
            sources.sort_unstable();
            sources.dedup();
            let opinions = super::parts::opinions(table, &says, policy.omission);
            sources
                .into_iter()
                .map(|s| {
                    let credit = opinions
                        .credit(origin[s as usize], policy.base_rate, policy.omission)
                        .unwrap_or(prior[s as usize]);
                    (s, to_fixed(credit))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Credits are summed as fixed-point integers: an integer sum does not depend on the order its
/// terms come in, so the estimate is the same bit for bit whatever the order of the files and
/// entries (SPEC §3 property 10) or the number of threads. 2⁻⁵² is far below any precision the
/// estimate needs.
const FIXED_ONE: f64 = (1u64 << 52) as f64;

fn to_fixed(credit: f64) -> u64 {
    (credit.clamp(0.0, 1.0) * FIXED_ONE).round() as u64
}

fn estimate(
    graph: &Graph,
    prior: &[f64],
    strength: &[f64],
    origin: &[u32],
    policy: &Policy,
) -> Round {
    let n = prior.len();
    let slots = Slots::new(graph, origin);
    let mut trust = prior.to_vec();
    let mut estimated = prior.to_vec();
    let mut evidence = vec![0.0; n];
    let mut iterations = 0;
    let mut converged = false;
    let mut credit_sum = vec![0u128; n];
    let mut count = vec![0u64; n];
    let (mut parts, mut next_parts) = (Vec::new(), Vec::new());
    let tasks = graph.len().div_ceil(CLAIMS_PER_TASK);
    let batch = |first: usize| first..(first + TASKS_PER_BATCH).min(tasks);
    while iterations < policy.max_iterations {
        iterations += 1;
        credit_sum.iter_mut().for_each(|c| *c = 0);
        count.iter_mut().for_each(|w| *w = 0);
        // One batch is summed while the next is computed.
        let sum = |parts: &[Vec<(u32, u64)>], credit: &mut [u128], count: &mut [u64]| {
            for part in parts {
                for &(source, c) in part {
                    credit[source as usize] += u128::from(c);
                    count[source as usize] += 1;
                }
            }
        };
        let credit_of = |batch: std::ops::Range<usize>, trust: &[f64], parts: &mut Vec<_>| {
            credits(graph, &slots, trust, prior, policy.base_rate, batch, parts)
        };
        credit_of(batch(0), &trust, &mut parts);
        for first in (TASKS_PER_BATCH..tasks).step_by(TASKS_PER_BATCH) {
            rayon::join(
                || credit_of(batch(first), &trust, &mut next_parts),
                || sum(&parts, &mut credit_sum, &mut count),
            );
            std::mem::swap(&mut parts, &mut next_parts);
        }
        sum(&parts, &mut credit_sum, &mut count);
        if !graph.sets.is_empty() {
            let sets = set_credits(graph, origin, &trust, prior, policy);
            sum(std::slice::from_ref(&sets), &mut credit_sum, &mut count);
        }
        let mut delta = 0.0f64;
        for s in 0..n {
            // Every credited claim weighs 1.
            let credit = credit_sum[s] as f64 / FIXED_ONE;
            let weight = count[s] as f64;
            estimated[s] = if weight > 0.0 {
                credit / weight
            } else {
                prior[s]
            };
            evidence[s] = weight;
            let next = ((strength[s] * prior[s] + credit) / (strength[s] + weight).max(1e-12))
                // Not `clamp`, which panics on a policy whose cap is below the floor (the loader
                // refuses one, but a policy may be built in code).
                .max(0.01)
                .min(policy.max_weight);
            let next = if strength[s] + weight <= 1e-12 {
                prior[s]
            } else {
                next
            };
            delta = delta.max((next - trust[s]).abs());
            trust[s] = next;
        }
        if delta <= policy.tolerance {
            converged = true;
            break;
        }
    }
    Round {
        trust,
        estimated,
        evidence,
        iterations,
        converged,
    }
}

/// One answer: source `source` answered `item` (a question, or a claim without one) with claim
/// `claim`, or with its negation when `negated`.
#[derive(Debug, Clone, Copy)]
struct Answer {
    item: u32,
    source: u32,
    negated: bool,
    claim: u32,
}

/// One answer per (item, source), grouped by item: the item is a question, or the claim itself
/// for claims without one; the value is the claim answered (or its negation for opposition).
/// Where a source gave several answers to one item, the first in value order counts (values
/// written `!id` for negations sort before every id).
///
/// A claim's answers are its own votes in the graph: the evidence that counts, from sources that
/// exist.
fn answers(corpus: &Corpus, graph: &Graph, questions: &super::Questions) -> Vec<Answer> {
    let n_questions = questions.len() as u32;
    let mut all: Vec<Answer> = (0..graph.len())
        .collect::<Vec<usize>>()
        .par_chunks(CLAIMS_PER_TASK)
        .flat_map_iter(|chunk| {
            let mut out = Vec::with_capacity(chunk.len() * 4);
            for &i in chunk {
                let claim = i as u32;
                let item = questions
                    .of_claim(crate::model::ClaimIx(claim))
                    .unwrap_or(n_questions + claim);
                for vote in graph.claim(i).iter().filter(|v| v.own) {
                    out.push(Answer {
                        item,
                        source: vote.source,
                        negated: !vote.support,
                        claim,
                    });
                }
            }
            out
        })
        .collect();
    let id = |a: &Answer| corpus.claims[a.claim as usize].id.value.as_str();
    all.par_sort_unstable_by(|a, b| {
        (a.item, a.source, !a.negated)
            .cmp(&(b.item, b.source, !b.negated))
            .then_with(|| id(a).cmp(id(b)))
    });
    all.dedup_by(|later, first| later.item == first.item && later.source == first.source);
    all
}

/// Whether the answer `a` and `b` both gave (their vote on `claim`, support unless `negated`)
/// is true, judged by the sources **other than the pair**: `None` when those others know
/// nothing about it (an answer nobody else gave carries no evidence), are split evenly, or
/// reject it only for the pair's own voices to carry it.
///
/// Leaving the pair out keeps two sources from making their own shared answer look right. But
/// among few sources, leaving out two of the majority can leave the minority ahead: an answer
/// counts as false only when the others reject it *and* the whole corpus does, so two honest
/// sources are not suspected for being right against a copying pair.
fn truth_without_pair(
    graph: &Graph,
    trust: &[f64],
    origin: &[u32],
    claim: usize,
    negated: bool,
    pair: (u32, u32),
    cached: &mut ClaimMasses,
) -> Option<bool> {
    let (oa, ob) = (origin[pair.0 as usize], origin[pair.1 as usize]);
    let masses = cached.of(graph, trust, origin, claim);
    let fused = |without_pair: bool| {
        Opinion::fuse_all(
            masses
                .iter()
                .filter(|(o, _, _)| !without_pair || (*o != oa && *o != ob))
                .map(|(_, s, d)| Opinion::support(*s).fuse(Opinion::opposition(*d))),
        )
    };
    let others = fused(true);
    if others.belief + others.disbelief <= 1e-12 || others.belief == others.disbelief {
        return None;
    }
    // Whether the claim is true by the others, and so whether the pair's answer is right.
    let right = (others.belief > others.disbelief) != negated;
    if right {
        return Some(true);
    }
    let all = fused(false);
    let right_overall = (all.belief > all.disbelief) != negated;
    (!right_overall).then_some(false)
}

/// Each origin's strongest support and opposition on one claim, in origin order as the scorer
/// fuses them, kept for the claim last asked about: a group's pairs are compared one source
/// against each of the others in turn, so most comparisons ask about the claim the previous one
/// did, and gathering its votes again was most of the work.
struct ClaimMasses {
    claim: usize,
    masses: Vec<(u32, f64, f64)>,
}

impl ClaimMasses {
    fn new() -> Self {
        ClaimMasses {
            claim: usize::MAX,
            masses: Vec::new(),
        }
    }

    fn of(
        &mut self,
        graph: &Graph,
        trust: &[f64],
        origin: &[u32],
        claim: usize,
    ) -> &[(u32, f64, f64)] {
        if self.claim != claim {
            self.claim = claim;
            gather_masses(graph, trust, origin, claim, &mut self.masses);
        }
        &self.masses
    }
}

/// [`ClaimMasses`] of `claim`, into `masses`.
fn gather_masses(
    graph: &Graph,
    trust: &[f64],
    origin: &[u32],
    claim: usize,
    masses: &mut Vec<(u32, f64, f64)>,
) {
    masses.clear();
    for v in graph.claim(claim) {
        let o = origin[v.source as usize];
        let w = graph.plans.get(v.plan).weight(trust[v.source as usize]);
        let at = masses.partition_point(|m| m.0 < o);
        if masses.get(at).is_none_or(|m| m.0 != o) {
            masses.insert(at, (o, 0.0, 0.0));
        }
        let m = &mut masses[at];
        if v.support {
            m.1 = m.1.max(w);
        } else {
            m.2 = m.2.max(w);
        }
    }
}

/// What a pair of sources shares, over the items both answered that the rest of the corpus can
/// judge.
#[derive(Default, Clone, Copy)]
struct Shared {
    same_true: usize,
    same_false: usize,
    differ: usize,
}

/// One comparison of two sources' answers in eight bytes: the pair (each below 2³¹) in the
/// high bits, the kind (below 4) in the low two, so sorting them sorts by pair. Copy detection
/// holds one per pair and shared item, millions on a large corpus.
fn pack_comparison((a, b): (u32, u32), kind: u64) -> u64 {
    (u64::from(a) << 33) | (u64::from(b) << 2) | (kind & 3)
}

/// The pair of a [`pack_comparison`].
fn comparison_pair(packed: u64) -> (u32, u32) {
    ((packed >> 33) as u32, ((packed >> 2) & 0x7fff_ffff) as u32)
}

fn detect_copies(
    corpus: &Corpus,
    cx: &Context<'_>,
    graph: &Graph,
    questions: &super::Questions,
    round: &Round,
    origin: &[u32],
) -> Vec<CopyPair> {
    let policy = cx.policy;
    let trust = &round.trust;
    let all = answers(corpus, graph, questions);
    // Items small enough to compare pairwise (a crowd is not a copying pair; skip quadratic
    // blow-up).
    let groups: Vec<&[Answer]> = all
        .chunk_by(|a, b| a.item == b.item)
        .filter(|g| g.len() <= 64)
        .collect();
    let pair = |a: &Answer, b: &Answer| (a.source.min(b.source), a.source.max(b.source));
    // How one pair's answers to one item compare: `None` when they gave the same answer and
    // nobody else can judge it, or when they already share an origin (declared as one, so not
    // a suspicion to report).
    #[derive(Clone, Copy, PartialEq)]
    #[repr(u64)]
    enum Kind {
        SameTrue,
        SameFalse,
        Differ,
    }
    // Source numbers need 31 bits to pack a comparison: a corpus of 2³¹ sources (far beyond
    // any memory) is not compared at all.
    if corpus.sources.len() >= 1 << 31 {
        return Vec::new();
    }
    let pack = |pair: (u32, u32), kind: Kind| pack_comparison(pair, kind as u64);
    let compare = |a: &Answer, b: &Answer, masses: &mut ClaimMasses| -> Option<Kind> {
        if origin[a.source as usize] == origin[b.source as usize] {
            return None;
        }
        if a.claim != b.claim || a.negated != b.negated {
            return Some(Kind::Differ);
        }
        let truth = truth_without_pair(
            graph,
            trust,
            origin,
            a.claim as usize,
            a.negated,
            pair(a, b),
            masses,
        )?;
        Some(if truth {
            Kind::SameTrue
        } else {
            Kind::SameFalse
        })
    };
    // Every comparison once, with its pair: judging an answer true or false (the others'
    // opinion without the pair) is most of the work, and a second pass to count what the
    // suspected pairs share would judge each again.
    let mut compared: Vec<u64> = groups
        .par_iter()
        .flat_map_iter(|group| {
            let mut found = Vec::new();
            let mut masses = ClaimMasses::new();
            for (i, a) in group.iter().enumerate() {
                for b in &group[i + 1..] {
                    if let Some(kind) = compare(a, b, &mut masses) {
                        found.push(pack(pair(a, b), kind));
                    }
                }
            }
            found
        })
        .collect();
    compared.par_sort_unstable();
    // Per pair, in pair order, what it shares; only pairs sharing a false answer can be copiers.
    let (candidates, stats): (Vec<(u32, u32)>, Vec<Shared>) = compared
        .chunk_by(|x, y| x >> 2 == y >> 2)
        .filter_map(|run| {
            let mut shared = Shared::default();
            for packed in run {
                match packed & 3 {
                    k if k == Kind::SameTrue as u64 => shared.same_true += 1,
                    k if k == Kind::SameFalse as u64 => shared.same_false += 1,
                    _ => shared.differ += 1,
                }
            }
            (shared.same_false > 0).then_some((comparison_pair(run[0]), shared))
        })
        .unzip();
    drop(compared);
    let mut copies = Vec::new();
    for ((a, b), stats) in candidates.into_iter().zip(stats) {
        let shared = stats.same_true + stats.same_false + stats.differ;
        if shared < policy.copy_min_shared || stats.same_false == 0 {
            continue;
        }
        let (ra, rb) = (
            round.estimated[a as usize].clamp(0.05, 0.95),
            round.estimated[b as usize].clamp(0.05, 0.95),
        );
        // Dong, Berti-Equille and Srivastava (2009), with one change: a shared *true* answer
        // weighs nothing. Their likelihood ratio for it, c/r + 1 − c, exceeds 1 at any accuracy,
        // so sources that are simply right together looked like copiers; being right is what
        // independent sources do.
        let false_indep = (1.0 - ra) * (1.0 - rb) / FALSE_VALUES;
        let differ_indep = (1.0 - ra * rb - false_indep).max(1e-9);
        let false_copy = (1.0 - ra) * COPY_RATE + false_indep * (1.0 - COPY_RATE);
        let differ_copy = differ_indep * (1.0 - COPY_RATE);
        let llr = stats.same_false as f64 * (false_copy / false_indep).ln()
            + stats.differ as f64 * (differ_copy / differ_indep).ln();
        let odds = policy.copy_prior / (1.0 - policy.copy_prior) * llr.min(700.0).exp();
        let probability = odds / (1.0 + odds);
        if probability >= policy.copy_threshold {
            copies.push(CopyPair {
                a: SourceIx(a),
                b: SourceIx(b),
                shared,
                same: stats.same_true + stats.same_false,
                same_true: stats.same_true,
                same_false: stats.same_false,
                differ: stats.differ,
                probability,
            });
        }
    }
    copies
}

/// Learns every source's reliability from the corpus, detecting copiers.
pub fn learn(
    corpus: &Corpus,
    policy: &Policy,
    plans: &Plans,
    as_of: crate::model::Date,
) -> Learned {
    let base = Context::new(policy, plans, as_of);
    let n = corpus.sources.len();
    let prior: Vec<f64> = corpus
        .sources
        .iter()
        .map(|s| policy.trust(s.reliability.value))
        .collect();
    // What learning starts from: the grade's trust, except that a source nobody has graded
    // starts at an even chance of being right. The `F` trust of the assigned mode is lower than
    // a `D`'s, which would make every ungraded source a presumed liar until its record says
    // otherwise.
    let learning_prior: Vec<f64> = corpus
        .sources
        .iter()
        .zip(&prior)
        .map(|(s, p)| match s.reliability.value {
            crate::model::Reliability::F => policy.uninformed_prior,
            _ => *p,
        })
        .collect();
    let declared: Vec<String> = corpus
        .sources
        .iter()
        .map(|s| s.origin_key().to_owned())
        .collect();
    let questions = super::Questions::of(corpus);
    if policy.reliability == ReliabilityMode::Assigned {
        return Learned {
            trust: prior.clone(),
            estimated: prior,
            evidence: vec![0.0; n],
            origin_rank: number_origins(&declared),
            origin: declared,
            questions,
            copies: Vec::new(),
            merged: false,
            iterations: 0,
            converged: true,
        };
    }
    let strength: Vec<f64> = corpus
        .sources
        .iter()
        .map(|s| match (s.reliability.value, policy.reliability) {
            (crate::model::Reliability::F, _) => policy.uninformed_strength,
            (_, ReliabilityMode::Learned) => 1.0,
            _ => policy.prior_strength,
        })
        .collect();
    crate::util::timing::mark("questions numbered");
    let graph = build_graph(corpus, &base, &questions);
    crate::util::timing::mark("graph built");
    let origin = number_origins(&declared);
    let first = estimate(&graph, &learning_prior, &strength, &origin, policy);
    crate::util::timing::mark("first estimate");
    let copies = detect_copies(corpus, &base, &graph, &questions, &first, &origin);
    crate::util::timing::mark("copies detected");
    if copies.is_empty() || policy.copies == CopyMode::Report {
        return Learned {
            trust: first.trust,
            estimated: first.estimated,
            evidence: first.evidence,
            origin: declared,
            origin_rank: origin,
            questions,
            copies,
            merged: false,
            iterations: first.iterations,
            converged: first.converged,
        };
    }
    // Merge copiers' origins (union-find over origin keys); declared groupings are never split.
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut by_key: crate::util::hash::FastMap<&str, usize> =
        crate::util::hash::map_with_capacity(n);
    for (s, key) in declared.iter().enumerate() {
        let first = *by_key.entry(key.as_str()).or_insert(s);
        let (ra, rb) = (find(&mut parent, first), find(&mut parent, s));
        parent[rb] = ra;
    }
    for pair in &copies {
        let (ra, rb) = (
            find(&mut parent, pair.a.get()),
            find(&mut parent, pair.b.get()),
        );
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    // Each group's name is its members' distinct declared keys, sorted and joined: made once
    // per group, not once per member.
    let roots: Vec<usize> = (0..n).map(|s| find(&mut parent, s)).collect();
    let mut members: Vec<Vec<&str>> = vec![Vec::new(); n];
    for (s, key) in declared.iter().enumerate() {
        members[roots[s]].push(key);
    }
    let names: Vec<String> = members
        .into_par_iter()
        .map(|mut keys| {
            keys.sort_unstable();
            keys.dedup();
            keys.join("+")
        })
        .collect();
    let merged: Vec<String> = roots.iter().map(|&root| names[root].clone()).collect();
    let origin = number_origins(&merged);
    crate::util::timing::mark("origins merged");
    let second = estimate(&graph, &learning_prior, &strength, &origin, policy);
    Learned {
        trust: second.trust,
        estimated: second.estimated,
        evidence: second.evidence,
        origin: merged,
        origin_rank: origin,
        questions,
        copies,
        merged: true,
        iterations: second.iterations,
        converged: second.converged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Packed comparisons keep their pair and kind at the extremes, and sort by pair first.
    #[test]
    fn comparisons_pack_and_sort_by_pair() {
        let top = (1u32 << 31) - 1;
        for pair in [(0, 0), (0, top), (top, 0), (top, top), (12_345, 678_910)] {
            for kind in 0..3 {
                let packed = pack_comparison(pair, kind);
                assert_eq!(comparison_pair(packed), pair);
                assert_eq!(packed & 3, kind);
            }
        }
        assert!(pack_comparison((1, 0), 0) > pack_comparison((0, top), 2));
        assert!(pack_comparison((5, 7), 0) > pack_comparison((5, 6), 2));
    }

    /// The estimate is summed in claim order, so it is the same bit for bit on any number of
    /// threads (SPEC §3 property 10).
    #[test]
    fn learning_does_not_depend_on_the_number_of_threads() {
        let (loaded, as_of) = crate::engine::example_corpus();
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a pool");
            let plans = crate::score::tests::plans_for(&loaded.policy);
            pool.install(|| format!("{:?}", learn(&loaded.corpus, &loaded.policy, &plans, as_of)))
        };
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(3));
    }

    /// A policy whose cap is below the learned-trust floor (built in code; the loader refuses
    /// it) does not panic: trust stays within the cap.
    #[test]
    fn a_cap_below_the_floor_does_not_panic() {
        let (loaded, as_of) = crate::engine::example_corpus();
        let policy = Policy {
            max_weight: 0.005,
            ..Policy::default()
        };
        let plans = crate::score::tests::plans_for(&policy);
        let learned = learn(&loaded.corpus, &policy, &plans, as_of);
        assert!(
            learned.trust.iter().all(|t| *t <= 0.005),
            "{:?}",
            learned.trust
        );
    }
}
