//! Evidence fusion and status: turning a claim's evidence into a verdict, with every step kept.
//!
//! Pure and deterministic. For each claim:
//! 1. every evidence item gets a weight: its source's trust (Admiralty grade → policy), then the
//!    adjustments of the rules that apply to it (admission floor, self-serving, hedged, relayed
//!    discounts, `disputes` at half a denial), capped below 1;
//! 2. items are grouped by independent origin ([`crate::model::Source::origin_key`]); within an
//!    origin only its strongest support and strongest opposition count, so repeating a claim
//!    through more voices of one origin adds nothing, and more support never lowers a score;
//! 3. origins are fused with subjective logic's cumulative fusion, in origin-id order;
//! 4. the status follows SPEC §3 from support and opposition masses and origin counts; the
//!    score is the fused opinion's probability; the Admiralty grade follows the status.

pub mod opinion;
pub mod reliability;

use crate::diag::Severity;
use crate::model::{Claim, ClaimIx, Corpus, Date, Reliability, SourceIx, Stance};
use crate::policy::Policy;
use crate::rules::{self, Adjust};
pub use opinion::Opinion;
use rayon::prelude::*;
pub use reliability::{CopyPair, Learned};
use serde::Serialize;
use std::collections::HashMap;

/// The verdict on a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Admission against interest with independent support, or enough reliable disinterested origins.
    Confirmed,
    /// Two or more independent origins, not all interested parties.
    Corroborated,
    /// Anything weaker.
    Unconfirmed,
    /// Credible support and credible opposition.
    Contested,
    /// Credible independent opposition dominates.
    Refuted,
}

impl Status {
    /// Every status, in the order reports list them.
    pub const ALL: [Status; 5] = [
        Status::Confirmed,
        Status::Corroborated,
        Status::Unconfirmed,
        Status::Contested,
        Status::Refuted,
    ];

    /// The word used in output and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Corroborated => "corroborated",
            Status::Unconfirmed => "unconfirmed",
            Status::Contested => "contested",
            Status::Refuted => "refuted",
        }
    }
}

/// Where a source stands relative to the parties a claim concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Interest {
    /// The source speaks for the actor the claim favours, or an ally of it.
    Favoured,
    /// The source speaks for the actor the claim is against, or an ally of it.
    Against,
    /// Neither.
    Neutral,
}

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

/// One change to an item's weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The rule that made it, if a rule did.
    pub rule: Option<&'static str>,
    /// What it is, in words.
    pub label: String,
    /// Weight before.
    pub before: f64,
    /// Weight after.
    pub after: f64,
}

/// An evidence item's weight and how it was reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// Index into the claim's evidence.
    pub index: usize,
    /// The source.
    #[serde(skip)]
    pub source: SourceIx,
    /// The origin it counts under.
    pub origin: String,
    /// Its stance.
    pub stance: Stance,
    /// The source's interest in the claim.
    pub interest: Interest,
    /// Trust from the source's grade.
    pub trust: f64,
    /// Adjustments, in order.
    pub steps: Vec<Step>,
    /// The final weight (0 when excluded).
    pub weight: f64,
    /// Why it does not count, if it does not.
    pub excluded: Option<Excluded>,
    /// For opposition derived from a competing answer: that answer; `index` then points into
    /// its evidence, and the item's own stance is the support it gave there.
    #[serde(skip)]
    pub competing: Option<ClaimIx>,
}

impl Item {
    /// Whether it counts as support.
    pub fn supports(&self) -> bool {
        self.excluded.is_none() && self.competing.is_none() && self.stance.supports()
    }

    /// Whether it counts as opposition.
    pub fn opposes(&self) -> bool {
        self.excluded.is_none() && (self.competing.is_some() || self.stance.opposes())
    }
}

/// One independent origin's contribution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OriginView {
    /// The origin id.
    pub id: String,
    /// Its sources that spoke on this claim, sorted by id.
    pub sources: Vec<String>,
    /// Its strongest support (0 if none).
    pub support: f64,
    /// Its strongest opposition (0 if none).
    pub opposition: f64,
    /// Its strongest opposition from sources not speaking for the party the claim harms.
    pub independent_opposition: f64,
    /// Whether its support comes from the party the claim favours.
    pub interested: bool,
    /// Whether its support is an admission against interest.
    pub admission: bool,
    /// The most reliable grade among its supporting sources.
    pub best_support_grade: Option<Reliability>,
    /// Its opinion: its strongest support fused with its strongest opposition.
    pub opinion: Opinion,
}

/// A rule that fired on a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule id.
    pub rule: &'static str,
    /// Its severity under the policy.
    pub severity: Severity,
    /// What it found, in words.
    pub message: String,
}

/// Everything decided about one claim, with the derivation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The claim.
    #[serde(skip)]
    pub claim: ClaimIx,
    /// Its status.
    pub status: Status,
    /// Admiralty information credibility, 1–6.
    pub credibility: u8,
    /// Reliability letter of the most reliable supporting origin (`F` when none).
    pub grade: Reliability,
    /// Probability the model gives the claim.
    pub score: f64,
    /// The fused opinion across origins.
    pub fused: Opinion,
    /// Fused support alone.
    pub support_mass: f64,
    /// Fused opposition alone.
    pub opposition_mass: f64,
    /// Fused opposition from origins other than the harmed party.
    pub independent_opposition_mass: f64,
    /// Origins whose support reaches the policy minimum.
    pub supporting_origins: usize,
    /// Origins whose opposition reaches the policy minimum.
    pub opposing_origins: usize,
    /// Why the status is what it is, in words.
    pub reason: String,
    /// Every evidence item, in the claim's order.
    pub items: Vec<Item>,
    /// Support for competing answers to the claim's question, counted as opposition (SPEC §3.7).
    pub competing: Vec<Item>,
    /// Origins, sorted by id.
    pub origins: Vec<OriginView>,
    /// Assessment rules that fired, in registry order.
    pub findings: Vec<Finding>,
}

impl Verdict {
    /// The Admiralty code, e.g. `B2`.
    pub fn code(&self) -> String {
        format!("{}{}", self.grade.as_str(), self.credibility)
    }
}

/// What scoring needs besides the corpus.
#[derive(Debug, Clone, Copy)]
pub struct Context<'p> {
    /// Thresholds and weights.
    pub policy: &'p Policy,
    /// Evaluate the corpus as it stood at the end of this day.
    pub as_of: Date,
    /// Learned trust and origins; `None` uses the desk's grades and declared origins.
    pub learned: Option<&'p Learned>,
}

impl<'p> Context<'p> {
    /// A context using the desk's grades.
    pub fn new(policy: &'p Policy, as_of: Date) -> Self {
        Context {
            policy,
            as_of,
            learned: None,
        }
    }
}

/// Claims by question id, for competing answers.
pub type QuestionIndex = HashMap<String, Vec<ClaimIx>>;

/// Indexes the claims that share a question.
pub fn question_index(corpus: &Corpus) -> QuestionIndex {
    let mut index: QuestionIndex = HashMap::new();
    for (i, claim) in corpus.claims.iter().enumerate() {
        if let Some(q) = &claim.question {
            index
                .entry(q.value.clone())
                .or_default()
                .push(ClaimIx(i as u32));
        }
    }
    index
}

/// The other answers to `ix`'s question, through `index` when given, else by scanning.
pub(crate) fn competitors_in(
    corpus: &Corpus,
    ix: ClaimIx,
    index: Option<&QuestionIndex>,
) -> Vec<ClaimIx> {
    let Some(q) = &corpus.claims[ix.get()].question else {
        return Vec::new();
    };
    match index {
        Some(index) => index.get(&q.value).map_or_else(Vec::new, |v| {
            v.iter().copied().filter(|c| *c != ix).collect()
        }),
        None => corpus
            .claims
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                *i != ix.get() && c.question.as_ref().is_some_and(|o| o.value == q.value)
            })
            .map(|(i, _)| ClaimIx(i as u32))
            .collect(),
    }
}

/// Why each of a claim's evidence items does not count, if it does not: later than `as_of`,
/// silence, a retraction, or support its source later retracted.
pub(crate) fn exclusions(claim: &Claim, as_of: Date) -> Vec<Option<Excluded>> {
    let date = |i: usize| claim.evidence[i].date.as_ref().map(|d| d.value);
    let mut out: Vec<Option<Excluded>> = claim
        .evidence
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if date(i).is_some_and(|d| d > as_of) {
                Some(Excluded::AfterAsOf)
            } else {
                match e.stance.value {
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
        if out[i].is_some() || !e.stance.value.supports() || e.source.target.is_none() {
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

/// How a source relates to the parties of a claim.
pub fn interest(corpus: &Corpus, claim: &Claim, source: SourceIx) -> Interest {
    let Some(actor) = corpus.source(source).actor.as_ref().and_then(|a| a.target) else {
        return Interest::Neutral;
    };
    let aligned = |party: Option<crate::model::ActorIx>| {
        party.is_some_and(|p| {
            p == actor
                || corpus
                    .actor(actor)
                    .allied
                    .iter()
                    .any(|r| r.target == Some(p))
                || corpus
                    .actor(p)
                    .allied
                    .iter()
                    .any(|r| r.target == Some(actor))
        })
    };
    if aligned(claim.favours.as_ref().and_then(|r| r.target)) {
        Interest::Favoured
    } else if aligned(claim.against.as_ref().and_then(|r| r.target)) {
        Interest::Against
    } else {
        Interest::Neutral
    }
}

/// Facts about one evidence item that weight adjustments look at.
#[derive(Debug, Clone, Copy)]
pub struct ItemFacts {
    /// Its stance.
    pub stance: Stance,
    /// Conditional wording.
    pub hedged: bool,
    /// Reached the desk through a relay.
    pub relayed: bool,
    /// The source's interest in the claim.
    pub interest: Interest,
}

/// Weighs evidence item `index` of claim `of` as it bears on claim `on` (the same claim, or a
/// competing answer whose support counts against `on`).
fn weigh(
    corpus: &Corpus,
    on: &Claim,
    of: ClaimIx,
    index: usize,
    cx: &Context<'_>,
    competing: bool,
) -> Option<Item> {
    let evidence = &corpus.claims[of.get()].evidence[index];
    let source_ix = evidence.source.target?;
    let source = corpus.source(source_ix);
    let policy = cx.policy;
    let stance = evidence.stance.value;
    let interest = interest(corpus, on, source_ix);
    let trust = cx.learned.map_or_else(
        || policy.trust(source.reliability.value),
        |l| l.trust[source_ix.get()],
    );
    let origin = cx.learned.map_or_else(
        || source.origin_key().to_owned(),
        |l| l.origin[source_ix.get()].clone(),
    );
    let mut weight = trust;
    let mut steps = Vec::new();
    // Support for a competing answer weighs here as a denial of this one.
    let effective = if competing { Stance::Denies } else { stance };
    let facts = ItemFacts {
        stance: effective,
        hedged: evidence.hedged,
        relayed: evidence.via.is_some(),
        interest,
    };
    if effective == Stance::Disputes {
        let after = weight * policy.disputes;
        steps.push(Step {
            rule: None,
            label: format!("disputes ×{}", policy.disputes),
            before: weight,
            after,
        });
        weight = after;
    }
    // Floors first, then discounts: a hedged admission is still hedged.
    let adjustments: Vec<(&'static str, Adjust)> = rules::REGISTRY
        .iter()
        .filter(|r| policy.enabled(r.id))
        .filter_map(|r| r.adjust.and_then(|f| f(&facts, policy)).map(|a| (r.id, a)))
        .collect();
    for pass in [true, false] {
        for (rule, adjust) in &adjustments {
            let (is_floor, after, label) = match *adjust {
                Adjust::Floor(floor, why) => {
                    (true, weight.max(floor), format!("{why}: at least {floor}"))
                }
                Adjust::Scale(factor, why) => (false, weight * factor, format!("{why} ×{factor}")),
            };
            if is_floor == pass {
                steps.push(Step {
                    rule: Some(rule),
                    label,
                    before: weight,
                    after,
                });
                weight = after;
            }
        }
    }
    if weight > policy.max_weight {
        let after = policy.max_weight;
        steps.push(Step {
            rule: None,
            label: format!("capped at {after}"),
            before: weight,
            after,
        });
        weight = after;
    }
    Some(Item {
        index,
        source: source_ix,
        origin,
        stance,
        interest,
        trust,
        steps,
        weight,
        excluded: None,
        competing: competing.then_some(of),
    })
}

/// Scores one claim (scanning the corpus for competing answers; batch callers use
/// [`assess_indexed`] with a prebuilt [`QuestionIndex`]).
pub fn assess(corpus: &Corpus, ix: ClaimIx, cx: &Context<'_>) -> Verdict {
    assess_indexed(corpus, ix, cx, None)
}

/// Scores one claim, finding competing answers through `index` when given.
pub fn assess_indexed(
    corpus: &Corpus,
    ix: ClaimIx,
    cx: &Context<'_>,
    index: Option<&QuestionIndex>,
) -> Verdict {
    let claim = &corpus.claims[ix.get()];
    let excluded = exclusions(claim, cx.as_of);
    let items: Vec<Item> = (0..claim.evidence.len())
        .filter_map(|i| {
            let mut item = weigh(corpus, claim, ix, i, cx, false)?;
            item.excluded = excluded[i];
            if item.excluded.is_some() {
                item.weight = 0.0;
            }
            Some(item)
        })
        .collect();
    let mut competing = Vec::new();
    for other in competitors_in(corpus, ix, index) {
        let other_claim = &corpus.claims[other.get()];
        for (i, ex) in exclusions(other_claim, cx.as_of).into_iter().enumerate() {
            if ex.is_none() && other_claim.evidence[i].stance.value.supports() {
                competing.extend(weigh(corpus, claim, other, i, cx, true));
            }
        }
    }

    conclude(corpus, ix, cx, items, competing)
}

/// The verdict on claim `ix` from its weighed items and the competing answers' support: origins,
/// masses, status, grade, findings.
fn conclude(
    corpus: &Corpus,
    ix: ClaimIx,
    cx: &Context<'_>,
    items: Vec<Item>,
    competing: Vec<Item>,
) -> Verdict {
    let claim = &corpus.claims[ix.get()];
    let policy = cx.policy;
    let origins = origins(corpus, &items, &competing);
    let sorted_support = || origins.iter().map(|o| Opinion::support(o.support));
    let fused = Opinion::fuse_all(origins.iter().map(|o| o.opinion));
    let support_mass = Opinion::fuse_all(sorted_support()).belief;
    let opposition_mass =
        Opinion::fuse_all(origins.iter().map(|o| Opinion::opposition(o.opposition))).disbelief;
    let independent_opposition_mass = Opinion::fuse_all(
        origins
            .iter()
            .map(|o| Opinion::opposition(o.independent_opposition)),
    )
    .disbelief;
    let counted = |w: f64| w >= policy.min_origin_weight && w > 0.0;
    let supporting_views = || origins.iter().filter(|o| counted(o.support));
    let supporting = supporting_views().count();
    let opposing_origins = origins.iter().filter(|o| counted(o.opposition)).count();
    let disinterested = supporting_views().filter(|o| !o.interested).count();
    let admission = supporting_views().any(|o| o.admission);
    let reliable_disinterested = supporting_views()
        .filter(|o| !o.interested)
        .filter(|o| o.best_support_grade.is_some_and(|g| g <= Reliability::B))
        .count();
    let credible_support = support_mass >= policy.contest_threshold;
    let credible_opposition = opposition_mass >= policy.contest_threshold;

    let (status, reason) = if independent_opposition_mass >= policy.refute_threshold
        && !credible_support
    {
        (
            Status::Refuted,
            format!(
                "independent opposition {independent_opposition_mass:.2} reaches the refutation threshold {} while support {support_mass:.2} stays below {}",
                policy.refute_threshold, policy.contest_threshold
            ),
        )
    } else if credible_support && credible_opposition {
        (
            Status::Contested,
            format!(
                "support {support_mass:.2} and opposition {opposition_mass:.2} both reach the contest threshold {}",
                policy.contest_threshold
            ),
        )
    } else if !credible_opposition && admission && supporting >= 2 {
        (
            Status::Confirmed,
            format!(
                "an admission against interest, with {} other independent supporting origin(s), and no credible opposition",
                supporting - 1
            ),
        )
    } else if !credible_opposition && reliable_disinterested >= policy.confirm_min_origins {
        (
            Status::Confirmed,
            format!(
                "{reliable_disinterested} independent disinterested origins of reliability B or better, and no credible opposition"
            ),
        )
    } else if !credible_opposition && supporting >= 2 && disinterested > 0 {
        (
            Status::Corroborated,
            format!(
                "{} independent supporting origins, {} of them disinterested; opposition {opposition_mass:.2} below {}",
                supporting,
                disinterested,
                policy.contest_threshold
            ),
        )
    } else {
        let why = if supporting == 0 {
            "no origin's support reaches the minimum weight".to_owned()
        } else if supporting == 1 {
            "a single independent origin supports it".to_owned()
        } else if disinterested == 0 {
            "only the favoured party and its allies support it".to_owned()
        } else {
            format!(
                "opposition {opposition_mass:.2} is credible but support {support_mass:.2} is not"
            )
        };
        (Status::Unconfirmed, why)
    };
    let score = fused.probability(policy.base_rate);
    let any_support = items.iter().chain(&competing).any(Item::supports);
    let credibility = match status {
        Status::Confirmed => 1,
        Status::Corroborated => 2,
        Status::Refuted => 5,
        Status::Unconfirmed if !any_support => 6,
        _ if score >= 0.5 => 3,
        _ => 4,
    };
    let grade = supporting_views()
        .filter_map(|o| o.best_support_grade)
        .min()
        .unwrap_or(Reliability::F);
    let mut verdict = Verdict {
        claim: ix,
        status,
        credibility,
        grade,
        score,
        fused,
        support_mass,
        opposition_mass,
        independent_opposition_mass,
        supporting_origins: supporting,
        opposing_origins,
        reason,
        items,
        competing,
        origins,
        findings: Vec::new(),
    };
    verdict.findings = rules::assess_claim(corpus, claim, &verdict, cx);
    verdict
}

fn origins(corpus: &Corpus, items: &[Item], competing: &[Item]) -> Vec<OriginView> {
    // Origins are few per claim: a small vector searched linearly, sorted by id at the end.
    let mut views: Vec<OriginView> = Vec::new();
    for item in items.iter().chain(competing) {
        let view = match views.iter().position(|v| v.id == item.origin) {
            Some(k) => &mut views[k],
            None => {
                views.push(OriginView {
                    id: item.origin.clone(),
                    sources: Vec::new(),
                    support: 0.0,
                    opposition: 0.0,
                    independent_opposition: 0.0,
                    interested: false,
                    admission: false,
                    best_support_grade: None,
                    opinion: Opinion::VACUOUS,
                });
                let last = views.len() - 1;
                &mut views[last]
            }
        };
        let source = corpus.source(item.source);
        if !view.sources.iter().any(|s| s == source.id.as_str()) {
            view.sources.push(source.id.value.clone());
        }
        if item.supports() {
            view.support = view.support.max(item.weight);
            view.interested |= item.interest == Interest::Favoured;
            view.admission |= item.interest == Interest::Against;
            let grade = source.reliability.value;
            view.best_support_grade = Some(view.best_support_grade.map_or(grade, |g| g.min(grade)));
        } else if item.opposes() {
            view.opposition = view.opposition.max(item.weight);
            if item.interest != Interest::Against {
                view.independent_opposition = view.independent_opposition.max(item.weight);
            }
        }
    }
    views.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    for view in &mut views {
        view.sources.sort();
        view.opinion = Opinion::support(view.support).fuse(Opinion::opposition(view.opposition));
    }
    views
}

/// What scoring every claim shares, computed once per corpus and context: each source's trust,
/// origin and actor, which actors are aligned, each weight plan with its step labels, and the
/// competing answers of each question.
struct Prepared<'a> {
    trust: Vec<f64>,
    origin: Vec<&'a str>,
    source_actor: Vec<Option<crate::model::ActorIx>>,
    /// Per actor, the sorted actors aligned with it (itself, its allies, and those allied to it).
    aligned: Vec<Vec<u32>>,
    /// Per item facts (see [`facts_index`]), the weight adjustments with their step labels.
    plans: Vec<Vec<(&'static str, Adjust, String)>>,
    disputes_label: String,
    cap_label: String,
    questions: crate::load::hash::FastMap<&'a str, Vec<ClaimIx>>,
}

/// The index of `facts` among the 72 possible.
fn facts_index(facts: &ItemFacts) -> usize {
    let stance = Stance::ALL
        .iter()
        .position(|s| *s == facts.stance)
        .unwrap_or(0);
    let interest = match facts.interest {
        Interest::Favoured => 0,
        Interest::Against => 1,
        Interest::Neutral => 2,
    };
    stance * 12 + usize::from(facts.hedged) * 6 + usize::from(facts.relayed) * 3 + interest
}

impl<'a> Prepared<'a> {
    fn new(corpus: &'a Corpus, cx: &Context<'a>) -> Self {
        let policy = cx.policy;
        let trust = match cx.learned {
            Some(l) => l.trust.clone(),
            None => corpus
                .sources
                .iter()
                .map(|s| policy.trust(s.reliability.value))
                .collect(),
        };
        let origin = match cx.learned {
            Some(l) => l.origin.iter().map(String::as_str).collect(),
            None => corpus.sources.iter().map(|s| s.origin_key()).collect(),
        };
        let source_actor = corpus
            .sources
            .iter()
            .map(|s| s.actor.as_ref().and_then(|a| a.target))
            .collect();
        let mut aligned: Vec<Vec<u32>> = (0..corpus.actors.len() as u32).map(|a| vec![a]).collect();
        for (a, actor) in corpus.actors.iter().enumerate() {
            for p in actor.allied.iter().filter_map(|r| r.target) {
                aligned[a].push(p.0);
                aligned[p.get()].push(a as u32);
            }
        }
        for list in &mut aligned {
            list.sort_unstable();
            list.dedup();
        }
        let enabled: Vec<&'static crate::rules::Rule> = rules::REGISTRY
            .iter()
            .copied()
            .filter(|r| policy.enabled(r.id))
            .collect();
        let mut plans = Vec::with_capacity(72);
        for &stance in Stance::ALL {
            for hedged in [false, true] {
                for relayed in [false, true] {
                    for interest in [Interest::Favoured, Interest::Against, Interest::Neutral] {
                        let facts = ItemFacts {
                            stance,
                            hedged,
                            relayed,
                            interest,
                        };
                        debug_assert_eq!(facts_index(&facts), plans.len());
                        let adjustments: Vec<(&'static str, Adjust, String)> = enabled
                            .iter()
                            .filter_map(|r| {
                                r.adjust.and_then(|f| f(&facts, policy)).map(|a| (r.id, a))
                            })
                            .map(|(id, a)| {
                                let label = match a {
                                    Adjust::Floor(floor, why) => format!("{why}: at least {floor}"),
                                    Adjust::Scale(factor, why) => format!("{why} ×{factor}"),
                                };
                                (id, a, label)
                            })
                            .collect();
                        plans.push(adjustments);
                    }
                }
            }
        }
        let mut questions: crate::load::hash::FastMap<&'a str, Vec<ClaimIx>> =
            crate::load::hash::map_with_capacity(1024);
        for (i, claim) in corpus.claims.iter().enumerate() {
            if let Some(q) = &claim.question {
                questions
                    .entry(q.value.as_str())
                    .or_default()
                    .push(ClaimIx(i as u32));
            }
        }
        Prepared {
            trust,
            origin,
            source_actor,
            aligned,
            plans,
            disputes_label: format!("disputes ×{}", policy.disputes),
            cap_label: format!("capped at {}", policy.max_weight),
            questions,
        }
    }

    /// [`interest`], from the prepared tables.
    fn interest(&self, claim: &Claim, source: SourceIx) -> Interest {
        let Some(actor) = self.source_actor[source.get()] else {
            return Interest::Neutral;
        };
        let aligned = |party: Option<&crate::model::Ref<crate::model::ActorIx>>| {
            party
                .and_then(|r| r.target)
                .is_some_and(|p| self.aligned[actor.get()].binary_search(&p.0).is_ok())
        };
        if aligned(claim.favours.as_ref()) {
            Interest::Favoured
        } else if aligned(claim.against.as_ref()) {
            Interest::Against
        } else {
            Interest::Neutral
        }
    }

    /// [`weigh`], from the prepared tables.
    fn weigh(
        &self,
        corpus: &Corpus,
        on: &Claim,
        of: ClaimIx,
        index: usize,
        cx: &Context<'_>,
        competing: bool,
    ) -> Option<Item> {
        let evidence = &corpus.claims[of.get()].evidence[index];
        let source_ix = evidence.source.target?;
        let policy = cx.policy;
        let stance = evidence.stance.value;
        let interest = self.interest(on, source_ix);
        let trust = self.trust[source_ix.get()];
        let mut weight = trust;
        let effective = if competing { Stance::Denies } else { stance };
        let facts = ItemFacts {
            stance: effective,
            hedged: evidence.hedged,
            relayed: evidence.via.is_some(),
            interest,
        };
        let adjustments = &self.plans[facts_index(&facts)];
        let mut steps = Vec::with_capacity(adjustments.len() + 2);
        if effective == Stance::Disputes {
            let after = weight * policy.disputes;
            steps.push(Step {
                rule: None,
                label: self.disputes_label.clone(),
                before: weight,
                after,
            });
            weight = after;
        }
        // Floors first, then discounts: a hedged admission is still hedged.
        for pass in [true, false] {
            for (rule, adjust, label) in adjustments {
                let (is_floor, after) = match *adjust {
                    Adjust::Floor(floor, _) => (true, weight.max(floor)),
                    Adjust::Scale(factor, _) => (false, weight * factor),
                };
                if is_floor == pass {
                    steps.push(Step {
                        rule: Some(rule),
                        label: label.clone(),
                        before: weight,
                        after,
                    });
                    weight = after;
                }
            }
        }
        if weight > policy.max_weight {
            let after = policy.max_weight;
            steps.push(Step {
                rule: None,
                label: self.cap_label.clone(),
                before: weight,
                after,
            });
            weight = after;
        }
        Some(Item {
            index,
            source: source_ix,
            origin: self.origin[source_ix.get()].to_owned(),
            stance,
            interest,
            trust,
            steps,
            weight,
            excluded: None,
            competing: competing.then_some(of),
        })
    }

    /// [`assess_indexed`], from the prepared tables.
    fn assess(&self, corpus: &Corpus, ix: ClaimIx, cx: &Context<'_>) -> Verdict {
        let claim = &corpus.claims[ix.get()];
        let excluded = exclusions(claim, cx.as_of);
        let mut items = Vec::with_capacity(claim.evidence.len());
        for (i, ex) in excluded.into_iter().enumerate() {
            if let Some(mut item) = self.weigh(corpus, claim, ix, i, cx, false) {
                item.excluded = ex;
                if item.excluded.is_some() {
                    item.weight = 0.0;
                }
                items.push(item);
            }
        }
        let mut competing = Vec::new();
        if let Some(answers) = claim
            .question
            .as_ref()
            .and_then(|q| self.questions.get(q.value.as_str()))
        {
            for &other in answers.iter().filter(|c| **c != ix) {
                let other_claim = &corpus.claims[other.get()];
                for (i, ex) in exclusions(other_claim, cx.as_of).into_iter().enumerate() {
                    if ex.is_none() && other_claim.evidence[i].stance.value.supports() {
                        competing.extend(self.weigh(corpus, claim, other, i, cx, true));
                    }
                }
            }
        }
        conclude(corpus, ix, cx, items, competing)
    }
}

/// Scores every claim, in parallel, returning verdicts in claim order.
///
/// Gives exactly what [`assess_indexed`] gives for each claim, through tables prepared once
/// (trust, origins, alignment, weight plans and their labels, competing answers).
pub fn assess_all(corpus: &Corpus, cx: &Context<'_>) -> Vec<Verdict> {
    let prepared = Prepared::new(corpus, cx);
    (0..corpus.claims.len())
        .into_par_iter()
        .with_min_len(64)
        .map(|i| prepared.assess(corpus, ClaimIx(i as u32), cx))
        .collect()
}

/// The answers to one question, ranked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionVerdict {
    /// The question id.
    pub id: String,
    /// Its answers, best first (score, then supporting origins, then id).
    #[serde(skip)]
    pub answers: Vec<ClaimIx>,
    /// The answer that leads clearly, if one does.
    #[serde(skip)]
    pub leading: Option<ClaimIx>,
}

/// Everything decided about a corpus: learned reliability, verdicts and questions.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// The evaluation day.
    pub as_of: Date,
    /// Reliability learned from the track record (the desk's grades in `assigned` mode).
    pub learned: Learned,
    /// One verdict per claim, in claim order.
    pub verdicts: Vec<Verdict>,
    /// Questions with their ranked answers, sorted by id.
    pub questions: Vec<QuestionVerdict>,
}

/// Learns source reliability, then scores every claim with it and ranks competing answers.
pub fn assess_corpus(corpus: &Corpus, policy: &Policy, as_of: Date) -> Assessment {
    let learned = reliability::learn(corpus, policy, as_of);
    let cx = Context {
        policy,
        as_of,
        learned: Some(&learned),
    };
    let verdicts = assess_all(corpus, &cx);
    let questions = rank_questions(corpus, &verdicts, policy);
    Assessment {
        as_of,
        learned,
        verdicts,
        questions,
    }
}

/// Ranks each question's answers and names the leading one when it leads by `leading_margin`.
pub fn rank_questions(
    corpus: &Corpus,
    verdicts: &[Verdict],
    policy: &Policy,
) -> Vec<QuestionVerdict> {
    let mut questions: Vec<QuestionVerdict> = question_index(corpus)
        .into_iter()
        .map(|(id, mut answers)| {
            answers.sort_by(|a, b| {
                let (va, vb) = (&verdicts[a.get()], &verdicts[b.get()]);
                vb.score
                    .total_cmp(&va.score)
                    .then(vb.supporting_origins.cmp(&va.supporting_origins))
                    .then_with(|| {
                        corpus.claims[a.get()]
                            .id
                            .value
                            .cmp(&corpus.claims[b.get()].id.value)
                    })
            });
            let leading = answers.first().copied().filter(|best| {
                let top = &verdicts[best.get()];
                let supported = top.items.iter().any(Item::supports);
                let clear = answers.get(1).is_none_or(|second| {
                    top.score - verdicts[second.get()].score >= policy.leading_margin
                });
                supported && clear
            });
            QuestionVerdict {
                id,
                answers,
                leading,
            }
        })
        .collect();
    questions.sort_by(|a, b| a.id.cmp(&b.id));
    questions
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::load::tests::load_str;
    use rstest::rstest;

    /// Actors and sources shared by the rule and scoring tests.
    pub(crate) const SOURCES: &str = r#"
[[actor]]
id = "fla"
opposes = ["fama"]
allied = ["jnim"]
[[actor]]
id = "jnim"
[[actor]]
id = "fama"
opposes = ["fla"]
[[source]]
id = "fla-spokesman"
kind = "party"
actor = "fla"
reliability = "C"
[[source]]
id = "fla-fighter"
kind = "party"
actor = "fla"
origin = "fla"
reliability = "D"
[[source]]
id = "jnim-channel"
kind = "party"
actor = "jnim"
reliability = "D"
[[source]]
id = "fama-communique"
kind = "official"
actor = "fama"
reliability = "C"
[[source]]
id = "rfi"
kind = "media"
reliability = "B"
[[source]]
id = "un"
kind = "intergovernmental"
reliability = "B"
[[source]]
id = "agency"
kind = "agency"
reliability = "B"
[[source]]
id = "local-a"
kind = "local"
reliability = "C"
[[source]]
id = "local-b"
kind = "local"
reliability = "C"
[[source]]
id = "blog"
kind = "social"
reliability = "E"
"#;

    /// The verdict on claim `c` (with extra `fields` and `evidence` TOML) as of `as_of`.
    pub(crate) fn verdict_as_of(as_of: &str, fields: &str, evidence: &str) -> Verdict {
        let claims = format!(
            "[event]\nid = \"e\"\ndate = 2025-07-14\n[[claim]]\nid = \"c\"\ntext = \"t\"\n{fields}{evidence}"
        );
        let loaded = load_str(SOURCES, &claims).0;
        assert!(
            loaded
                .diagnostics
                .iter()
                .all(|d| d.severity != Severity::Error),
            "test corpus has errors: {:?}",
            loaded.diagnostics
        );
        let policy = Policy::default();
        let as_of = Date::parse_from_str(as_of, "%Y-%m-%d").expect("test date");
        assess(&loaded.corpus, ClaimIx(0), &Context::new(&policy, as_of))
    }

    /// The verdict on claim `c` as of 2025-07-20.
    pub(crate) fn verdict(fields: &str, evidence: &str) -> Verdict {
        verdict_as_of("2025-07-20", fields, evidence)
    }

    /// Whether `rule` fired on claim `c` as of `as_of`.
    pub(crate) fn fired_as_of(as_of: &str, fields: &str, evidence: &str, rule: &str) -> bool {
        verdict_as_of(as_of, fields, evidence)
            .findings
            .iter()
            .any(|f| f.rule == rule)
    }

    /// Whether `rule` fired on claim `c` as of 2025-07-20.
    pub(crate) fn fired(fields: &str, evidence: &str, rule: &str) -> bool {
        fired_as_of("2025-07-20", fields, evidence, rule)
    }

    fn item(source: &str, stance: &str, extra: &str) -> String {
        format!("[[claim.evidence]]\nsource = \"{source}\"\nstance = \"{stance}\"\n{extra}")
    }

    /// SPEC §3 property 1: origins, not sources, count.
    #[rstest]
    #[case::two_sources_one_origin(&["fla-spokesman", "fla-fighter"], 1)]
    #[case::same_source_twice(&["rfi", "rfi"], 1)]
    #[case::two_origins(&["rfi", "local-a"], 2)]
    #[case::three_origins(&["rfi", "local-a", "local-b"], 3)]
    fn origins_not_sources_count(#[case] sources: &[&str], #[case] origins: usize) {
        let evidence: String = sources.iter().map(|s| item(s, "asserts", "")).collect();
        let v = verdict("", &evidence);
        assert_eq!(v.supporting_origins, origins);
        let once = verdict("", &item(sources[0], "asserts", ""));
        if origins == 1 {
            assert_eq!(v.score, once.score, "repeating one origin adds nothing");
        }
    }

    /// The status table of SPEC §3.
    #[rstest]
    #[case::nothing("", &[], Status::Unconfirmed)]
    #[case::one_origin("", &[("rfi", "asserts")], Status::Unconfirmed)]
    #[case::two_origins("", &[("rfi", "asserts"), ("local-a", "confirms")], Status::Corroborated)]
    #[case::three_reliable("", &[("rfi", "asserts"), ("un", "confirms"), ("agency", "confirms")], Status::Confirmed)]
    #[case::three_but_fair("", &[("rfi", "asserts"), ("local-a", "confirms"), ("local-b", "confirms")], Status::Corroborated)]
    #[case::contested("", &[("rfi", "asserts"), ("local-a", "confirms"), ("un", "denies")], Status::Contested)]
    #[case::refuted("", &[("blog", "asserts"), ("rfi", "denies"), ("un", "denies")], Status::Refuted)]
    #[case::party_denial_alone_never_refutes("against = \"fama\"\n", &[("blog", "asserts"), ("fama-communique", "denies")], Status::Unconfirmed)]
    #[case::only_weak("", &[("blog", "asserts")], Status::Unconfirmed)]
    fn statuses_follow_the_spec(
        #[case] fields: &str,
        #[case] items: &[(&str, &str)],
        #[case] expected: Status,
    ) {
        let evidence: String = items.iter().map(|(s, st)| item(s, st, "")).collect();
        let v = verdict(fields, &evidence);
        assert_eq!(
            v.status, expected,
            "{} (support {:.2}, opposition {:.2})",
            v.reason, v.support_mass, v.opposition_mass
        );
        assert!((0.0..=1.0).contains(&v.score));
        assert!((1..=6).contains(&v.credibility));
    }

    /// SPEC §3 property 6: a retraction withdraws the source's earlier support from its date on.
    #[rstest]
    #[case::before_retraction("2025-07-15", 2)]
    #[case::after_retraction("2025-07-17", 1)]
    fn retraction_withdraws_support_from_its_date(#[case] as_of: &str, #[case] origins: usize) {
        let evidence = [
            item("rfi", "asserts", "date = 2025-07-14\n"),
            item("local-a", "confirms", "date = 2025-07-14\n"),
            item("local-a", "retracts", "date = 2025-07-16\n"),
        ]
        .concat();
        let v = verdict_as_of(as_of, "", &evidence);
        assert_eq!(v.supporting_origins, origins);
    }

    /// `assess_all` (prepared tables, in parallel) gives exactly what scoring each claim on its
    /// own gives, bit for bit, with learned or assigned trust and with rules switched off.
    #[test]
    fn assess_all_is_assess_indexed_for_every_claim() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let as_of = Date::from_ymd_opt(2025, 7, 20).expect("a date");
        let options = crate::load::LoadOptions { today: as_of };
        let loaded = crate::load::load(root, &options).expect("the example corpus loads");
        let corpus = &loaded.corpus;
        let mut quiet = Policy::default();
        for rule in ["hedged", "relayed", "admission-against-interest"] {
            quiet
                .rules
                .insert(rule.to_owned(), crate::policy::RuleSetting::Off);
        }
        for policy in [loaded.policy.clone(), Policy::default(), quiet] {
            let learned = reliability::learn(corpus, &policy, as_of);
            for learned in [Some(&learned), None] {
                let cx = Context {
                    policy: &policy,
                    as_of,
                    learned,
                };
                let all = assess_all(corpus, &cx);
                let one: Vec<Verdict> = (0..corpus.claims.len())
                    .map(|i| assess_indexed(corpus, ClaimIx(i as u32), &cx, None))
                    .collect();
                assert_eq!(format!("{all:?}"), format!("{one:?}"));
            }
        }
    }

    /// SPEC §3 property 9: `--as-of` ignores later evidence.
    #[test]
    fn later_evidence_is_ignored() {
        let evidence = [
            item("rfi", "asserts", "date = 2025-07-14\n"),
            item("un", "denies", "date = 2025-07-18\n"),
        ]
        .concat();
        let early = verdict_as_of("2025-07-15", "", &evidence);
        let late = verdict_as_of("2025-07-18", "", &evidence);
        assert_eq!(early.opposing_origins, 0);
        assert_eq!(late.opposing_origins, 1);
        assert!(late.score < early.score);
        assert_eq!(early.items[1].excluded, Some(Excluded::AfterAsOf));
    }
}
