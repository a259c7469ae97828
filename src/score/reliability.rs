//! Source reliability from the track record (SPEC §7), and detection of sources that copy.
//!
//! The desk's Admiralty grade is a prior; the corpus is evidence about every source. The
//! estimate is a fixed point in the family of truth-discovery methods (TruthFinder, Accu):
//!
//! 1. Each claim's opinion is fused from its origins exactly as the scorer does (same weights,
//!    same origin grouping, competing answers as opposition), from the current trust.
//! 2. A source is credited, for each claim it spoke on, with how right it was **according to the
//!    other origins**: `b / (b + d)` of the opinion fused without its own origin, weighted by how
//!    much those others know (`b + d = 1 − u`). Leaving its own origin out keeps a source from
//!    vouching for itself: a claim nobody else spoke on teaches nothing about its source.
//! 3. Its reliability is the Bayesian average of those credits with the desk grade as a prior
//!    worth `prior_strength` observations. An `F` source ("cannot be judged") has an
//!    uninformed prior worth only `uninformed_strength` observations (Laplace's rule of
//!    succession): its record soon decides, but one claim never sends it to 0 or 1.
//!
//! Steps 1–3 repeat until no reliability moves more than `tolerance`, at most `max_iterations`
//! times. Copy detection then compares every pair of sources that answered the same questions:
//! after Dong, Berti-Equille and Srivastava (2009), sharing a *false* answer is strong evidence
//! of copying, sharing a true one weak, differing evidence against. Pairs above `copy_threshold`
//! that share at least one false answer are merged into one origin, and the estimate is rerun.

use super::{Context, ItemFacts, Opinion};
use crate::model::{ClaimIx, Corpus, SourceIx, Stance};
use crate::policy::{Policy, ReliabilityMode};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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
    /// Questions or claims both spoke on.
    pub shared: usize,
    /// Of those, how many they answered the same way.
    pub same: usize,
    /// Of the same answers, how many are probably false.
    pub same_false: usize,
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
    /// Suspected copier pairs, sorted.
    pub copies: Vec<CopyPair>,
    /// Iterations run in the final round.
    pub iterations: usize,
    /// Whether the final round converged within the tolerance.
    pub converged: bool,
}

/// One vote in the compact graph: a source's support or opposition on a claim.
#[derive(Debug, Clone, Copy)]
struct Vote {
    source: u32,
    support: bool,
    /// Whether the source spoke on this claim itself (not through a competing answer).
    own: bool,
    /// Weight before trust: `disputes` factor.
    pre: f64,
    /// Floor after `pre` (admission against interest), 0 if none.
    floor: f64,
    /// Product of the discounts after the floor.
    post: f64,
}

impl Vote {
    fn weight(&self, trust: f64, max_weight: f64) -> f64 {
        ((trust * self.pre).max(self.floor) * self.post).min(max_weight)
    }
}

/// The votes of one claim, plus the question item it belongs to (for copy detection).
struct ClaimVotes {
    votes: Vec<Vote>,
}

/// Weight plan of one evidence item without its trust: (pre, floor, post).
pub(crate) fn plan(policy: &Policy, facts: &ItemFacts) -> (f64, f64, f64) {
    let pre = if facts.stance == Stance::Disputes { policy.disputes } else { 1.0 };
    let mut floor = 0.0f64;
    let mut post = 1.0;
    for rule in crate::rules::REGISTRY.iter().filter(|r| policy.enabled(r.id)) {
        match rule.adjust.and_then(|f| f(facts, policy)) {
            Some(crate::rules::Adjust::Floor(f, _)) => floor = floor.max(f),
            Some(crate::rules::Adjust::Scale(f, _)) => post *= f,
            None => {}
        }
    }
    (pre, floor, post)
}

fn build_graph(corpus: &Corpus, cx: &Context<'_>) -> Vec<ClaimVotes> {
    let index = super::question_index(corpus);
    (0..corpus.claims.len())
        .into_par_iter()
        .map(|i| {
            let claim = &corpus.claims[i];
            let mut votes = Vec::new();
            let mut push = |counted: &[super::Counted], own: bool, opposing_all: bool| {
                for c in counted {
                    let evidence = &corpus.claims[c.claim.get()].evidence[c.index];
                    let Some(source) = evidence.source.target else { continue };
                    let support = c.stance.supports() && !opposing_all;
                    let stance = if opposing_all { Stance::Denies } else { c.stance };
                    let facts = ItemFacts {
                        stance,
                        hedged: evidence.hedged,
                        relayed: evidence.via.is_some(),
                        interest: super::interest(corpus, claim, source),
                    };
                    let (pre, floor, post) = plan(cx.policy, &facts);
                    votes.push(Vote { source: source.0, support, own, pre, floor, post });
                }
            };
            push(&super::counted(corpus, ClaimIx(i as u32), cx), true, false);
            for other in super::competitors_in(corpus, ClaimIx(i as u32), Some(&index)) {
                let counted: Vec<_> = super::counted(corpus, other, cx).into_iter().filter(|c| c.stance.supports()).collect();
                push(&counted, false, true);
            }
            ClaimVotes { votes }
        })
        .collect()
}

/// Fuses a claim's votes by origin, optionally leaving one origin out.
fn fuse(votes: &[Vote], trust: &[f64], origin: &[u32], max_weight: f64, without: Option<u32>) -> Opinion {
    // Origins are few per claim: a small sorted vector beats a map.
    let mut by_origin: Vec<(u32, f64, f64)> = Vec::with_capacity(votes.len());
    for v in votes {
        let o = origin[v.source as usize];
        if Some(o) == without {
            continue;
        }
        let w = v.weight(trust[v.source as usize], max_weight);
        match by_origin.iter_mut().find(|(id, _, _)| *id == o) {
            Some(entry) => {
                if v.support {
                    entry.1 = entry.1.max(w);
                } else {
                    entry.2 = entry.2.max(w);
                }
            }
            None => by_origin.push(if v.support { (o, w, 0.0) } else { (o, 0.0, w) }),
        }
    }
    by_origin.sort_by_key(|(o, _, _)| *o);
    Opinion::fuse_all(by_origin.iter().map(|(_, s, d)| Opinion::support(*s).fuse(Opinion::opposition(*d))))
}

/// Origin ids numbered in sorted key order, so results do not depend on source order.
fn number_origins(keys: &[String]) -> Vec<u32> {
    let mut sorted: Vec<&str> = keys.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let ids: HashMap<&str, u32> = sorted.iter().enumerate().map(|(i, k)| (*k, i as u32)).collect();
    keys.iter().map(|k| ids[k.as_str()]).collect()
}

struct Round {
    trust: Vec<f64>,
    estimated: Vec<f64>,
    evidence: Vec<f64>,
    iterations: usize,
    converged: bool,
}

fn estimate(graph: &[ClaimVotes], prior: &[f64], strength: &[f64], origin: &[u32], policy: &Policy) -> Round {
    let n = prior.len();
    let mut trust = prior.to_vec();
    let mut estimated = prior.to_vec();
    let mut evidence = vec![0.0; n];
    let mut iterations = 0;
    let mut converged = false;
    while iterations < policy.max_iterations {
        iterations += 1;
        let (credit, weight) = graph
            .par_iter()
            .fold(
                || (vec![0.0f64; n], vec![0.0f64; n]),
                |(mut credit, mut weight), claim| {
                    for v in claim.votes.iter().filter(|v| v.own) {
                        let own = origin[v.source as usize];
                        let others = fuse(&claim.votes, &trust, origin, policy.max_weight, Some(own));
                        let known = others.belief + others.disbelief;
                        if known <= 1e-12 {
                            continue;
                        }
                        let truth = others.belief / known;
                        let right = if v.support { truth } else { 1.0 - truth };
                        credit[v.source as usize] += known * right;
                        weight[v.source as usize] += known;
                    }
                    (credit, weight)
                },
            )
            .reduce(
                || (vec![0.0; n], vec![0.0; n]),
                |(mut c1, mut w1), (c2, w2)| {
                    for i in 0..n {
                        c1[i] += c2[i];
                        w1[i] += w2[i];
                    }
                    (c1, w1)
                },
            );
        let mut delta = 0.0f64;
        for s in 0..n {
            estimated[s] = if weight[s] > 0.0 { credit[s] / weight[s] } else { prior[s] };
            evidence[s] = weight[s];
            let next = ((strength[s] * prior[s] + credit[s]) / (strength[s] + weight[s]).max(1e-12))
                .clamp(0.01, policy.max_weight);
            let next = if strength[s] + weight[s] <= 1e-12 { prior[s] } else { next };
            delta = delta.max((next - trust[s]).abs());
            trust[s] = next;
        }
        if delta <= policy.tolerance {
            converged = true;
            break;
        }
    }
    Round { trust, estimated, evidence, iterations, converged }
}

/// One answer per (item, source): the item is a question, or the claim itself for claims
/// without one; the value is the claim answered (or its negation for opposition).
fn answers(corpus: &Corpus, cx: &Context<'_>) -> HashMap<String, Vec<(u32, String)>> {
    let mut items: HashMap<String, Vec<(u32, String)>> = HashMap::new();
    for (i, claim) in corpus.claims.iter().enumerate() {
        let item = match &claim.question {
            Some(q) => format!("q:{}", q.value),
            None => format!("c:{}", claim.id.value),
        };
        for c in super::counted(corpus, ClaimIx(i as u32), cx) {
            let Some(source) = claim.evidence[c.index].source.target else { continue };
            let value = if c.stance.supports() { claim.id.value.clone() } else { format!("!{}", claim.id.value) };
            items.entry(item.clone()).or_default().push((source.0, value));
        }
    }
    for answers in items.values_mut() {
        answers.sort();
        answers.dedup_by_key(|(s, _)| *s);
    }
    items
}

fn detect_copies(corpus: &Corpus, cx: &Context<'_>, graph: &[ClaimVotes], round: &Round, origin: &[u32]) -> Vec<CopyPair> {
    let policy = cx.policy;
    // Whether each answer (claim or its negation) is probably true, from the fused opinion.
    let mut truth: HashMap<String, bool> = HashMap::new();
    for (i, claim) in corpus.claims.iter().enumerate() {
        let o = fuse(&graph[i].votes, &round.trust, origin, policy.max_weight, None);
        let p = if o.belief + o.disbelief > 0.0 { o.belief / (o.belief + o.disbelief) } else { 0.5 };
        truth.insert(claim.id.value.clone(), p >= 0.5);
        truth.insert(format!("!{}", claim.id.value), p < 0.5);
    }
    #[derive(Default)]
    struct Stats {
        shared: usize,
        same_true: usize,
        same_false: usize,
    }
    let mut pairs: BTreeMap<(u32, u32), Stats> = BTreeMap::new();
    for answers in answers(corpus, cx).values() {
        if answers.len() > 64 {
            continue; // a crowd is not a copying pair; skip quadratic blow-up
        }
        for (i, (a, va)) in answers.iter().enumerate() {
            for (b, vb) in &answers[i + 1..] {
                let stats = pairs.entry(((*a).min(*b), (*a).max(*b))).or_default();
                stats.shared += 1;
                if va == vb {
                    if truth.get(va).copied().unwrap_or(true) {
                        stats.same_true += 1;
                    } else {
                        stats.same_false += 1;
                    }
                }
            }
        }
    }
    let mut copies = Vec::new();
    for ((a, b), stats) in pairs {
        if stats.shared < policy.copy_min_shared || stats.same_false == 0 {
            continue;
        }
        let (ra, rb) = (round.estimated[a as usize].clamp(0.05, 0.95), round.estimated[b as usize].clamp(0.05, 0.95));
        let true_indep = ra * rb;
        let false_indep = (1.0 - ra) * (1.0 - rb) / FALSE_VALUES;
        let differ_indep = (1.0 - true_indep - false_indep).max(1e-9);
        let true_copy = ra * COPY_RATE + true_indep * (1.0 - COPY_RATE);
        let false_copy = (1.0 - ra) * COPY_RATE + false_indep * (1.0 - COPY_RATE);
        let differ_copy = differ_indep * (1.0 - COPY_RATE);
        let differ = stats.shared - stats.same_true - stats.same_false;
        let llr = stats.same_true as f64 * (true_copy / true_indep).ln()
            + stats.same_false as f64 * (false_copy / false_indep).ln()
            + differ as f64 * (differ_copy / differ_indep).ln();
        let odds = policy.copy_prior / (1.0 - policy.copy_prior) * llr.min(700.0).exp();
        let probability = odds / (1.0 + odds);
        if probability >= policy.copy_threshold {
            copies.push(CopyPair {
                a: SourceIx(a),
                b: SourceIx(b),
                shared: stats.shared,
                same: stats.same_true + stats.same_false,
                same_false: stats.same_false,
                probability,
            });
        }
    }
    copies
}

/// Learns every source's reliability from the corpus, detecting copiers.
pub fn learn(corpus: &Corpus, policy: &Policy, as_of: crate::model::Date) -> Learned {
    let base = Context { policy, as_of, learned: None };
    let n = corpus.sources.len();
    let prior: Vec<f64> = corpus.sources.iter().map(|s| policy.trust(s.reliability.value)).collect();
    let declared: Vec<String> = corpus.sources.iter().map(|s| s.origin_key().to_owned()).collect();
    if policy.reliability == ReliabilityMode::Assigned {
        return Learned {
            trust: prior.clone(),
            estimated: prior,
            evidence: vec![0.0; n],
            origin: declared,
            copies: Vec::new(),
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
    let graph = build_graph(corpus, &base);
    let origin = number_origins(&declared);
    let first = estimate(&graph, &prior, &strength, &origin, policy);
    let copies = detect_copies(corpus, &base, &graph, &first, &origin);
    if copies.is_empty() {
        return Learned {
            trust: first.trust,
            estimated: first.estimated,
            evidence: first.evidence,
            origin: declared,
            copies,
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
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for (s, key) in declared.iter().enumerate() {
        let first = *by_key.entry(key.as_str()).or_insert(s);
        let (ra, rb) = (find(&mut parent, first), find(&mut parent, s));
        parent[rb] = ra;
    }
    for pair in &copies {
        let (ra, rb) = (find(&mut parent, pair.a.get()), find(&mut parent, pair.b.get()));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut members: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (s, key) in declared.iter().enumerate() {
        members.entry(find(&mut parent, s)).or_default().push(key);
    }
    let merged: Vec<String> = (0..n)
        .map(|s| {
            let group = &members[&find(&mut parent, s)];
            let mut keys: Vec<&str> = group.clone();
            keys.sort_unstable();
            keys.dedup();
            keys.join("+")
        })
        .collect();
    let origin = number_origins(&merged);
    let second = estimate(&graph, &prior, &strength, &origin, policy);
    Learned {
        trust: second.trust,
        estimated: second.estimated,
        evidence: second.evidence,
        origin: merged,
        copies,
        iterations: second.iterations,
        converged: second.converged,
    }
}

