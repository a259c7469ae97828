//! Evidence fusion and status: turning a claim's evidence into a verdict whose every step can be shown.
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

pub mod exclude;
pub mod explain;
pub mod opinion;
pub(crate) mod parts;
pub mod questions;
pub mod reliability;
pub mod weigh;

use crate::diag::Severity;
pub use crate::model::Status;
use crate::model::{Claim, ClaimIx, Corpus, Date, Relation, Reliability, SourceIx, Stance};
use crate::policy::Policy;
pub use exclude::{exclusions, Excluded, Revisions};
pub use explain::Derivation;
pub use opinion::Opinion;
pub use parts::PartBelief;
pub use questions::Questions;
use rayon::prelude::*;
pub use reliability::{CopyPair, Learned};
use serde::Serialize;
pub use weigh::{
    all_facts, Adjust, AdjustFn, ItemFacts, Plan, PlanIx, Plans, Step, StepKind, WeightRule,
};

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

/// An evidence item's weight and what it was reached from.
///
/// The steps from trust to weight are not stored (a corpus has millions of items); [`Item::steps`]
/// replays them on demand through the same code that computed the weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Index into the claim's evidence.
    pub index: usize,
    /// The source.
    pub source: SourceIx,
    /// The origin it counts under, as the rank of its id among the corpus's origin ids: equal
    /// ranks, same origin ([`Context::origin`] gives the id).
    pub origin: u32,
    /// Its stance.
    pub stance: Stance,
    /// The source's interest in the claim.
    pub interest: Interest,
    /// The interest its weight was computed with: [`Item::interest`], or for opposition
    /// derived from a competing answer, the source's interest in that answer.
    pub weighed_interest: Interest,
    /// Conditional wording.
    pub hedged: bool,
    /// Reached the desk through a relay.
    pub relayed: bool,
    /// A relay of its chain is graded D or below.
    pub weak_relay: bool,
    /// What the statement rests on, if the desk says.
    pub basis: Option<crate::model::Basis>,
    /// Trust from the source's grade.
    pub trust: f64,
    /// The source's grade.
    pub grade: Reliability,
    /// The final weight (0 when excluded).
    pub weight: f64,
    /// Why it does not count, if it does not.
    pub excluded: Option<Excluded>,
    /// For an item given on another answer (see [`Item::bearing`]): that answer; `index` then
    /// points into its evidence, and the item's stance is the one it has there.
    pub competing: Option<ClaimIx>,
    /// How it bears on the claim: given on it, or carried over from a related answer.
    pub bearing: Bearing,
}

/// How an evidence item bears on the claim it is counted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bearing {
    /// Given on the claim itself.
    Own,
    /// Support for an answer that implies the claim (or is the same answer): support.
    Implied,
    /// Support for an answer that excludes the claim: opposition.
    Rival,
    /// Support for a list that leaves out parts the claim lists: weak opposition.
    Omitted,
    /// Opposition to an answer the claim implies (or to the same answer): opposition.
    Undercut,
}

impl Bearing {
    /// How an item with `stance` on an answer standing to the claim as `relation` bears on the
    /// claim, if it does: support carries down inclusion, opposition up it; support for a
    /// disjoint answer opposes; overlap is neutral.
    pub fn of(relation: Relation, stance: Stance) -> Option<Bearing> {
        match relation {
            _ if !stance.supports() && !stance.opposes() => None,
            Relation::Same if stance.supports() => Some(Bearing::Implied),
            Relation::Same => Some(Bearing::Undercut),
            Relation::Implies => stance.supports().then_some(Bearing::Implied),
            Relation::ImpliedBy => stance.opposes().then_some(Bearing::Undercut),
            Relation::Excludes => stance.supports().then_some(Bearing::Rival),
            Relation::Omits => stance.supports().then_some(Bearing::Omitted),
            Relation::Overlaps => None,
        }
    }

    /// Whether an item with `stance` bearing so counts as support (else, when it counts at all,
    /// as opposition).
    pub fn supports(self, stance: Stance) -> bool {
        match self {
            Bearing::Own => stance.supports(),
            Bearing::Implied => true,
            Bearing::Rival | Bearing::Omitted | Bearing::Undercut => false,
        }
    }

    /// What it is called in reports: `own`, `implied`, `rival`, `omitted`, `undercut`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bearing::Own => "own",
            Bearing::Implied => "implied",
            Bearing::Rival => "rival",
            Bearing::Omitted => "omitted",
            Bearing::Undercut => "undercut",
        }
    }
}

impl Item {
    /// Whether it counts as support.
    pub fn supports(&self) -> bool {
        self.excluded.is_none() && self.bearing.supports(self.stance)
    }

    /// Whether it counts as opposition.
    pub fn opposes(&self) -> bool {
        self.excluded.is_none()
            && match self.bearing {
                Bearing::Own => self.stance.opposes(),
                Bearing::Implied => false,
                Bearing::Rival | Bearing::Omitted | Bearing::Undercut => true,
            }
    }

    /// What weight adjustments look at: an item carried over from another answer weighs as it
    /// did on that answer (a list's omissions at the policy's fraction of it).
    pub fn facts(&self) -> ItemFacts {
        ItemFacts::new(
            self.stance,
            self.hedged,
            self.relayed,
            self.weighed_interest,
        )
        .omitted(self.bearing == Bearing::Omitted)
        .weak_relay(self.weak_relay)
        .basis(self.basis)
    }

    /// The adjustments from trust to weight under `plans`, in order (before any exclusion
    /// zeroed it): the plan the weight was computed by, replayed.
    pub fn steps(&self, plans: &Plans) -> Vec<Step> {
        let mut steps = Vec::new();
        plans
            .of(&self.facts())
            .walk(self.trust, |step| steps.push(step));
        steps
    }
}

/// One independent origin's contribution.
#[derive(Debug, Clone, PartialEq)]
pub struct OriginView {
    /// The origin, as the rank of its id among the corpus's origin ids (see [`Item::origin`]).
    pub rank: u32,
    /// Its first source on this claim ([`Context::origin`] of it is the origin's id).
    pub source: SourceIx,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    /// The rule id.
    pub rule: &'static str,
    /// Its severity under the policy.
    pub severity: Severity,
}

/// Why a status is what it is; `Display` words it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    /// Independent opposition reached the refutation threshold and support stayed low.
    Refuted {
        /// Fused independent opposition.
        opposition: f64,
        /// The policy's refutation threshold.
        refute_threshold: f64,
        /// Fused support.
        support: f64,
        /// The policy's contest threshold.
        contest_threshold: f64,
    },
    /// Support and opposition both reached the contest threshold.
    Contested {
        /// Fused support.
        support: f64,
        /// Fused opposition.
        opposition: f64,
        /// The policy's contest threshold.
        contest_threshold: f64,
    },
    /// An admission against interest with independent support.
    Admission {
        /// Other supporting origins.
        others: usize,
    },
    /// Enough reliable disinterested origins.
    Reliable {
        /// How many.
        origins: usize,
    },
    /// Two or more origins, some disinterested.
    Corroborated {
        /// Supporting origins.
        supporting: usize,
        /// How many of them are disinterested.
        disinterested: usize,
        /// Fused opposition.
        opposition: f64,
        /// The policy's contest threshold.
        contest_threshold: f64,
    },
    /// No origin's support reaches the minimum weight.
    NoSupport,
    /// One origin supports it.
    SingleOrigin,
    /// Only the favoured party and its allies support it.
    OnlyInterested,
    /// Credible opposition without credible support.
    OppositionOnly {
        /// Fused opposition.
        opposition: f64,
        /// Fused support.
        support: f64,
    },
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Reason::Refuted {
                opposition,
                refute_threshold,
                support,
                contest_threshold,
            } => write!(
                f,
                "independent opposition {opposition:.2} reaches the refutation threshold {refute_threshold} while support {support:.2} stays below {contest_threshold}"
            ),
            Reason::Contested {
                support,
                opposition,
                contest_threshold,
            } => write!(
                f,
                "support {support:.2} and opposition {opposition:.2} both reach the contest threshold {contest_threshold}"
            ),
            Reason::Admission { others } => write!(
                f,
                "an admission against interest, with {others} other independent supporting origin(s), and no credible opposition"
            ),
            Reason::Reliable { origins } => write!(
                f,
                "{origins} independent disinterested origins of reliability B or better, and no credible opposition"
            ),
            Reason::Corroborated {
                supporting,
                disinterested,
                opposition,
                contest_threshold,
            } => write!(
                f,
                "{supporting} independent supporting origins, {disinterested} of them disinterested; opposition {opposition:.2} below {contest_threshold}"
            ),
            Reason::NoSupport => f.write_str("no origin's support reaches the minimum weight"),
            Reason::SingleOrigin => f.write_str("a single independent origin supports it"),
            Reason::OnlyInterested => {
                f.write_str("only the favoured party and its allies support it")
            }
            Reason::OppositionOnly {
                opposition,
                support,
            } => write!(
                f,
                "opposition {opposition:.2} is credible but support {support:.2} is not"
            ),
        }
    }
}

/// What selecting, counting, ranking and gating need of a claim's verdict: kept for every claim
/// of an assessment, where whole verdicts are recomputed only when a report shows them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// Its status.
    pub status: Status,
    /// Admiralty information credibility, 1–6.
    pub credibility: u8,
    /// Reliability letter of the most reliable supporting origin (`F` when none).
    pub grade: Reliability,
    /// Probability the model gives the claim.
    pub score: f64,
    /// Origins whose support reaches the policy minimum.
    pub supporting_origins: usize,
    /// Origins whose opposition reaches the policy minimum.
    pub opposing_origins: usize,
    /// Whether any evidence item counts as support.
    pub supported: bool,
}

impl Outcome {
    /// The Admiralty code, e.g. `B2`.
    pub fn code(&self) -> String {
        format!("{}{}", self.grade.as_str(), self.credibility)
    }
}

/// Everything decided about one claim, with the derivation.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The claim.
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
    /// Why the status is what it is.
    pub reason: Reason,
    /// Every evidence item, in the claim's order.
    pub items: Vec<Item>,
    /// Items carried over from related answers ([`Item::bearing`]): support for answers that
    /// imply the claim, support for rival answers as opposition (SPEC §3.7), and so on.
    pub competing: Vec<Item>,
    /// Origins, sorted by id.
    pub origins: Vec<OriginView>,
    /// Assessment rules that fired, in registry order (filled by `engine`: scoring leaves it
    /// empty).
    pub findings: Vec<Finding>,
}

impl Verdict {
    /// The Admiralty code, e.g. `B2`.
    pub fn code(&self) -> String {
        self.outcome().code()
    }

    /// The part of the verdict every claim of an assessment keeps.
    pub fn outcome(&self) -> Outcome {
        Outcome {
            status: self.status,
            credibility: self.credibility,
            grade: self.grade,
            score: self.score,
            supporting_origins: self.supporting_origins,
            opposing_origins: self.opposing_origins,
            supported: self.items.iter().any(Item::supports),
        }
    }

    /// The ids of the sources that spoke under `origin` on this claim (its own evidence and
    /// competing answers'), sorted and deduplicated.
    pub fn origin_sources<'c>(&self, corpus: &'c Corpus, origin: &OriginView) -> Vec<&'c str> {
        let mut ids: Vec<&str> = self
            .items
            .iter()
            .chain(&self.competing)
            .filter(|i| i.origin == origin.rank)
            .map(|i| corpus.source(i.source).id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// What scoring needs besides the corpus.
#[derive(Debug, Clone, Copy)]
pub struct Context<'p> {
    /// Thresholds and weights.
    pub policy: &'p Policy,
    /// How evidence is weighed: the weight rules' plans, compiled under `policy`.
    pub plans: &'p Plans,
    /// Evaluate the corpus as it stood at the end of this day.
    pub as_of: Date,
    /// Learned trust and origins; `None` uses the desk's grades and declared origins.
    pub learned: Option<&'p Learned>,
}

impl<'p> Context<'p> {
    /// The id of the origin `source` counts under: learned (copiers merged), else declared.
    pub fn origin<'a>(&'a self, corpus: &'a Corpus, source: SourceIx) -> &'a str {
        match self.learned {
            Some(learned) => &learned.origin[source.get()],
            None => corpus.source(source).origin_key(),
        }
    }

    /// A context using the desk's grades.
    pub fn new(policy: &'p Policy, plans: &'p Plans, as_of: Date) -> Self {
        Context {
            policy,
            plans,
            as_of,
            learned: None,
        }
    }
}

/// Which actor each source speaks for, and which actors are aligned: all that [`Interest`]
/// depends on, in two compact tables.
///
/// Reading a source's and its actor's full records for every evidence item touched tens of
/// megabytes at random in a large corpus; these tables are a few hundred kilobytes.
pub(crate) struct Parties {
    /// Per source, the actor it speaks for ([`NO_ACTOR`] if none).
    actor: Vec<u32>,
    /// Per actor, the sorted actors aligned with it (itself, its allies, and those allied to it).
    aligned: Vec<Vec<u32>>,
}

impl Parties {
    /// The tables of `corpus`.
    pub(crate) fn new(corpus: &Corpus) -> Parties {
        let actor = corpus
            .sources
            .iter()
            .map(|source| {
                source
                    .actor
                    .as_ref()
                    .and_then(|a| a.target)
                    .map_or(NO_ACTOR, |a| a.0)
            })
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
        Parties { actor, aligned }
    }

    /// Per actor, the bloc it belongs to: actors joined by `allied`, directly or through
    /// others, are one bloc; an actor allied with nobody is in none (`None`). An ally's word is
    /// not independent (SPEC §2), so a bloc's sources count as one origin.
    pub(crate) fn blocs(corpus: &Corpus) -> Vec<Option<u32>> {
        let n = corpus.actors.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(parent: &mut [usize], mut a: usize) -> usize {
            while parent[a] != a {
                parent[a] = parent[parent[a]];
                a = parent[a];
            }
            a
        }
        let mut joined = vec![false; n];
        for (a, actor) in corpus.actors.iter().enumerate() {
            for p in actor.allied.iter().filter_map(|r| r.target) {
                if p.get() == a {
                    continue;
                }
                let (x, y) = (root(&mut parent, a), root(&mut parent, p.get()));
                parent[x.max(y)] = x.min(y);
                joined[a] = true;
                joined[p.get()] = true;
            }
        }
        (0..n)
            .map(|a| joined[a].then(|| root(&mut parent, a) as u32))
            .collect()
    }

    /// The actor source `source` speaks for ([`NO_ACTOR`] if none).
    pub(crate) fn actor_of(&self, source: SourceIx) -> u32 {
        self.actor[source.get()]
    }

    /// How a source speaking for `actor` ([`NO_ACTOR`] if none) relates to the parties of
    /// `claim`: it is favoured if the claim favours it or an ally, else against if the claim is
    /// against it or an ally.
    pub(crate) fn interest(&self, claim: &Claim, actor: u32) -> Interest {
        let Some(aligned) = self.aligned.get(actor as usize) else {
            return Interest::Neutral;
        };
        let is_aligned = |party: Option<&crate::model::Ref<crate::model::ActorIx>>| {
            party
                .and_then(|r| r.target)
                .is_some_and(|p| aligned.binary_search(&p.0).is_ok())
        };
        if is_aligned(claim.favours.as_deref()) {
            Interest::Favoured
        } else if is_aligned(claim.against.as_deref()) {
            Interest::Against
        } else {
            Interest::Neutral
        }
    }
}

/// Scores the claims of one corpus under one context, from tables computed once: each source's
/// trust, origin and actor, which actors are aligned, the weight adjustments for each of the 72
/// possible [`ItemFacts`], and the answers to each question.
///
/// Every verdict, of one claim or of all, is computed here, so `explain` shows exactly what
/// `report` counted.
pub struct Scorer<'a> {
    corpus: &'a Corpus,
    cx: Context<'a>,
    /// Per source, what weighing one of its items reads (one cache line, not three).
    sources: Vec<SourceFacts>,
    /// Which actors the sources speak for, and which are aligned.
    parties: Parties,
    /// The claims that answer each question (the learned reliability's, when there is one).
    questions: std::borrow::Cow<'a, Questions>,
    /// Per weight rule of the context's plans, the plans without it, compiled the first time a
    /// derivation asks (a report of many derivations would otherwise compile them per claim).
    what_if: Vec<(&'static str, std::sync::OnceLock<Plans>)>,
    /// Per question, its parts' beliefs, computed the first time a derivation asks: every answer
    /// of a set question shows them, and they come from every answer's verdict, so a report of
    /// each answer's derivation computed them once per answer, answers × answers verdicts.
    part_memo: std::sync::OnceLock<Vec<std::sync::OnceLock<Vec<PartBelief>>>>,
}

/// What the scorer knows of one source.
#[derive(Debug, Clone, Copy)]
struct SourceFacts {
    trust: f64,
    /// Its origin's rank among the origin ids.
    origin: u32,
    /// The actor it speaks for ([`NO_ACTOR`] if none).
    actor: u32,
    /// Its grade.
    grade: Reliability,
}

/// [`SourceFacts::actor`] of a source that speaks for no actor.
const NO_ACTOR: u32 = u32::MAX;

impl<'a> Scorer<'a> {
    /// Prepares the tables for `corpus` under `cx`.
    pub fn new(corpus: &'a Corpus, cx: Context<'a>) -> Self {
        let policy = cx.policy;
        // Origins are compared and sorted by rank, never by their (string) ids.
        let ranks: Vec<u32> = match cx.learned {
            Some(learned) => learned.origin_rank.clone(),
            None => {
                let names: Vec<&str> = corpus.sources.iter().map(|s| s.origin_key()).collect();
                reliability::number_origins(&names)
            }
        };
        let parties = Parties::new(corpus);
        // A bloc of allied actors counts as one origin, numbered after every origin.
        let blocs = Parties::blocs(corpus);
        let first_bloc = ranks.iter().max().map_or(0, |r| r + 1);
        let sources = corpus
            .sources
            .iter()
            .zip(ranks)
            .enumerate()
            .map(|(s, (source, rank))| {
                let actor = parties.actor_of(SourceIx(s as u32));
                let bloc = blocs.get(actor as usize).copied().flatten();
                SourceFacts {
                    trust: cx
                        .learned
                        .map_or_else(|| policy.trust(source.reliability.value), |l| l.trust[s]),
                    origin: bloc.map_or(rank, |b| first_bloc + b),
                    actor,
                    grade: source.reliability.value,
                }
            })
            .collect();
        let questions = match cx.learned {
            Some(learned) => std::borrow::Cow::Borrowed(&learned.questions),
            None => std::borrow::Cow::Owned(Questions::of(corpus)),
        };
        let what_if = cx
            .plans
            .rule_ids()
            .map(|id| (id, std::sync::OnceLock::new()))
            .collect();
        Scorer {
            corpus,
            cx,
            sources,
            parties,
            questions,
            what_if,
            part_memo: std::sync::OnceLock::new(),
        }
    }

    /// The context it scores under.
    pub fn context(&self) -> &Context<'a> {
        &self.cx
    }

    /// The corpus it scores.
    pub fn corpus(&self) -> &'a Corpus {
        self.corpus
    }

    /// Weighs evidence item `index` of claim `of` as it bears on claim `on` (the same claim, or
    /// a competing answer whose support counts against `on`) by `plans`.
    fn weigh(
        &self,
        plans: &Plans,
        on: &Claim,
        of: ClaimIx,
        index: usize,
        bearing: Bearing,
    ) -> Option<Item> {
        let competing = bearing != Bearing::Own;
        let evidence = &self.corpus.claims[of.get()].evidence[index];
        let source = evidence.source.target?;
        let stance = evidence.stance;
        let facts_of_source = self.sources[source.get()];
        let interest = self.parties.interest(on, facts_of_source.actor);
        let weighed_interest = if competing {
            self.parties
                .interest(&self.corpus.claims[of.get()], facts_of_source.actor)
        } else {
            interest
        };
        let trust = facts_of_source.trust;
        let facts =
            ItemFacts::of_evidence(evidence, weighed_interest, |s| self.sources[s.get()].grade)
                .omitted(bearing == Bearing::Omitted);
        let weight = plans.of(&facts).weight(trust);
        Some(Item {
            index,
            source,
            origin: facts_of_source.origin,
            stance,
            interest,
            weighed_interest,
            hedged: facts.hedged,
            relayed: facts.relayed,
            weak_relay: facts.weak_relay,
            basis: facts.basis,
            trust,
            grade: facts_of_source.grade,
            weight,
            excluded: None,
            competing: competing.then_some(of),
            bearing,
        })
    }

    /// The verdict on claim `ix`, without findings (the assessment rules run above this layer,
    /// in `engine`, on what it returns).
    pub fn verdict(&self, ix: ClaimIx) -> Verdict {
        self.verdict_by(ix, self.cx.plans)
    }

    /// [`Scorer::verdict`], with the items weighed by `plans` instead of the context's (what
    /// `explain`'s what-if effects need, without rebuilding the per-source tables).
    pub(crate) fn verdict_by(&self, ix: ClaimIx, plans: &Plans) -> Verdict {
        let corpus = self.corpus;
        let claim = &corpus.claims[ix.get()];
        let as_of = self.cx.as_of;
        let related = self.questions.related(corpus, ix);
        let mut own = exclusions(claim, as_of, exclude::event_date(corpus, claim));
        let mut others: Vec<(ClaimIx, Relation, Vec<Option<Excluded>>)> = related
            .into_iter()
            .filter(|(_, relation)| *relation != Relation::Overlaps)
            .map(|(other, relation)| {
                (
                    other,
                    relation,
                    exclude::exclusions(
                        &corpus.claims[other.get()],
                        as_of,
                        exclude::event_date(corpus, &corpus.claims[other.get()]),
                    ),
                )
            })
            .collect();
        // A source that revised its answer to the question withdrew its earlier ones.
        let question = self.questions.of_claim(ix);
        let sibling = |c: ClaimIx| question.is_some() && self.questions.of_claim(c) == question;
        let revisions = Revisions::of(
            std::iter::once((ix.0, claim, own.as_slice())).chain(
                others
                    .iter()
                    .filter(|(c, _, _)| sibling(*c))
                    .map(|(c, _, ex)| (c.0, &corpus.claims[c.get()], ex.as_slice())),
            ),
        );
        if !revisions.is_empty() {
            revisions.apply(ix.0, claim, &mut own);
            for (other, _, excluded) in others.iter_mut().filter(|(c, _, _)| sibling(*c)) {
                revisions.apply(other.0, &corpus.claims[other.get()], excluded);
            }
        }
        let mut items = Vec::with_capacity(claim.evidence.len());
        for (i, excluded) in own.into_iter().enumerate() {
            if let Some(mut item) = self.weigh(plans, claim, ix, i, Bearing::Own) {
                item.excluded = excluded;
                if excluded.is_some() {
                    item.weight = 0.0;
                }
                items.push(item);
            }
        }
        let mut competing = Vec::new();
        for (other, relation, excluded) in others {
            let other_claim = &corpus.claims[other.get()];
            for (i, excluded) in excluded.into_iter().enumerate() {
                if excluded.is_some() {
                    continue;
                }
                let stance = other_claim.evidence[i].stance;
                if let Some(bearing) = Bearing::of(relation, stance) {
                    competing.extend(self.weigh(plans, claim, other, i, bearing));
                }
            }
        }
        conclude(ix, &self.cx, items, competing)
    }

    /// The parts of set question `q`'s answers with the opinion of every origin on each (see
    /// [`parts`]), or `None` if `q` is not a set question with a list among its answers.
    ///
    /// An origin's word is its strongest own supporting item on each answer it supports, as
    /// counted in that answer's verdict.
    pub(crate) fn part_opinions(&self, q: u32) -> Option<(parts::PartTable, parts::PartOpinions)> {
        let table = parts::PartTable::of(self.corpus, &self.questions, q)?;
        let mut says = Vec::new();
        for (answer, &claim) in table.claims.iter().enumerate() {
            let verdict = self.verdict(claim);
            says.extend(
                verdict
                    .items
                    .iter()
                    .filter(|i| i.bearing == Bearing::Own && i.supports() && i.weight > 0.0)
                    .map(|i| parts::Say {
                        origin: i.origin,
                        weight: i.weight,
                        answer,
                    }),
            );
        }
        let opinions = parts::opinions(&table, &says, self.cx.policy.omission);
        Some((table, opinions))
    }

    /// The parts of set question `q`'s answers, each with its belief and how many origins list
    /// it and leave it out, most credible first (then in the order first written); empty if
    /// `q` is not a set question.
    pub fn part_beliefs(&self, q: u32) -> Vec<PartBelief> {
        let compute = || {
            self.part_opinions(q)
                .map(|(table, opinions)| opinions.beliefs(&table, self.cx.policy.base_rate))
                .unwrap_or_default()
        };
        let memo = self.part_memo.get_or_init(|| {
            (0..self.questions.len())
                .map(|_| std::sync::OnceLock::new())
                .collect()
        });
        match memo.get(q as usize) {
            Some(slot) => slot.get_or_init(compute).clone(),
            None => compute(),
        }
    }

    /// The values the independent origins agree on for question `q`, if it is a quantity
    /// question with counted support for an answer that has a value.
    ///
    /// Each origin stands for the values every answer it supports allows (the intersection of
    /// its answers, counting only its own items that reach `min_origin_weight`, on answers not
    /// refuted). Ranges and bounds are constraints: the origins agree on their intersection,
    /// widened by the question's tolerance where they only just miss, provided every single
    /// figure falls inside it. Single figures alone agree when they are within the tolerance
    /// of one another. Otherwise the range is the span from the lowest answer to the highest,
    /// marked as not agreed.
    pub fn interval(&self, q: u32) -> Option<Interval> {
        let corpus = self.corpus;
        let (kind, tolerance) = self.questions.kind(corpus, q);
        if kind != crate::model::QuestionKind::Quantity {
            return None;
        }
        let min_weight = self.cx.policy.min_origin_weight;
        // Per origin: the values all its answers allow, and the span of its answers.
        let mut origins: Vec<(u32, Range, Range)> = Vec::new();
        for &answer in self.questions.answers(q) {
            let claim = &corpus.claims[answer.get()];
            let Some(bounds) = claim.value.as_deref().and_then(|v| v.value.bounds()) else {
                continue;
            };
            let verdict = self.verdict(answer);
            if verdict.status == Status::Refuted {
                continue;
            }
            for item in verdict
                .items
                .iter()
                .filter(|i| i.supports() && i.weight >= min_weight && i.weight > 0.0)
            {
                match origins.iter_mut().find(|(o, _, _)| *o == item.origin) {
                    Some((_, shared, span)) => {
                        *shared = (shared.0.max(bounds.0), shared.1.min(bounds.1));
                        *span = (span.0.min(bounds.0), span.1.max(bounds.1));
                    }
                    None => origins.push((item.origin, bounds, bounds)),
                }
            }
        }
        if origins.is_empty() {
            return None;
        }
        let within = |lo: f64, hi: f64| {
            lo <= hi
                || tolerance.is_some_and(|t| {
                    lo.is_finite() && hi.is_finite() && lo - hi <= t.between(lo, hi)
                })
        };
        // An origin whose own answers share no value stands for their span.
        let ranges: Vec<(f64, f64)> = origins
            .iter()
            .map(|&(_, shared, span)| {
                if within(shared.0, shared.1) {
                    shared
                } else {
                    span
                }
            })
            .collect();
        let hull = |rs: &mut dyn Iterator<Item = (f64, f64)>| {
            rs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| {
                (lo.min(r.0), hi.max(r.1))
            })
        };
        // Ranges and bounds constrain; single figures are estimates, which agree when they fall
        // inside what the constraints allow (or, with no constraint, within the tolerance of
        // one another).
        let (points, bounds): (Vec<Range>, Vec<Range>) = ranges.iter().partition(|r| r.0 == r.1);
        let all = hull(&mut ranges.iter().copied());
        let (min, max, agreed) = if bounds.is_empty() {
            let (lo, hi) = hull(&mut points.iter().copied());
            (lo, hi, within(hi, lo))
        } else {
            let lo = bounds.iter().map(|r| r.0).fold(f64::NEG_INFINITY, f64::max);
            let hi = bounds.iter().map(|r| r.1).fold(f64::INFINITY, f64::min);
            let inside = |p: f64| within(lo.min(hi), p) && within(p, lo.max(hi));
            if within(lo, hi) && points.iter().all(|p| inside(p.0)) {
                (lo.min(hi), lo.max(hi), true)
            } else {
                (all.0, all.1, false)
            }
        };
        Some(Interval {
            min: min.is_finite().then_some(min),
            max: max.is_finite().then_some(max),
            agreed,
            origins: origins.len(),
        })
    }

    /// The verdicts on `claims`, in that order, computed in parallel.
    pub fn verdicts(&self, claims: &[ClaimIx]) -> Vec<Verdict> {
        claims
            .par_iter()
            .with_min_len(64)
            .map(|&ix| self.verdict(ix))
            .collect()
    }

    /// Every claim's [`Outcome`], in claim order, and per source the claims it supported by
    /// status; whole verdicts are computed and dropped, findings not at all.
    pub fn outcomes(&self) -> (Vec<Outcome>, Vec<StatusCounts>) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let records: Vec<[AtomicUsize; 5]> = (0..self.corpus.sources.len())
            .map(|_| Default::default())
            .collect();
        let outcomes = (0..self.corpus.claims.len())
            .into_par_iter()
            .with_min_len(64)
            .map(|i| {
                let verdict = self.verdict(ClaimIx(i as u32));
                let slot = verdict.status.index();
                let mut supported: Vec<SourceIx> = verdict
                    .items
                    .iter()
                    .filter(|item| item.supports())
                    .map(|item| item.source)
                    .collect();
                supported.sort_unstable();
                supported.dedup();
                for source in supported {
                    records[source.get()][slot].fetch_add(1, Ordering::Relaxed);
                }
                verdict.outcome()
            })
            .collect();
        let records = records
            .into_iter()
            .map(|counts| StatusCounts::from_slots(counts.map(AtomicUsize::into_inner)))
            .collect();
        (outcomes, records)
    }
}

/// The verdict on claim `ix` from its weighed items and the competing answers' support: origins,
/// masses, status, grade (findings are left empty).
fn conclude(ix: ClaimIx, cx: &Context<'_>, items: Vec<Item>, competing: Vec<Item>) -> Verdict {
    let policy = cx.policy;
    let origins = origins(&items, &competing);
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
    let score = fused.probability(policy.base_rate);
    // Status and score must not tell an editor opposite things: outside the band where the
    // model is unsure, a claim is never contested, and near-certain support is not held back by
    // opposition the fused opinion outweighs.
    let settled_true = score >= policy.contest_max_score;
    let settled_false = score <= policy.contest_min_score;
    let credible_support = support_mass >= policy.contest_threshold && !settled_false;
    let credible_opposition = opposition_mass >= policy.contest_threshold && !settled_true;
    // Confirmation is for claims nobody credibly opposes: opposition the fused opinion
    // outweighs still keeps a claim at corroborated.
    let opposed = opposition_mass >= policy.contest_threshold;

    let (status, reason) =
        if independent_opposition_mass >= policy.refute_threshold && !credible_support {
            (
                Status::Refuted,
                Reason::Refuted {
                    opposition: independent_opposition_mass,
                    refute_threshold: policy.refute_threshold,
                    support: support_mass,
                    contest_threshold: policy.contest_threshold,
                },
            )
        } else if credible_support && credible_opposition {
            (
                Status::Contested,
                Reason::Contested {
                    support: support_mass,
                    opposition: opposition_mass,
                    contest_threshold: policy.contest_threshold,
                },
            )
        } else if !opposed && admission && supporting >= 2 {
            (
                Status::Confirmed,
                Reason::Admission {
                    others: supporting - 1,
                },
            )
        } else if !opposed && reliable_disinterested >= policy.confirm_min_origins {
            (
                Status::Confirmed,
                Reason::Reliable {
                    origins: reliable_disinterested,
                },
            )
        } else if !credible_opposition && supporting >= 2 && disinterested > 0 {
            (
                Status::Corroborated,
                Reason::Corroborated {
                    supporting,
                    disinterested,
                    opposition: opposition_mass,
                    contest_threshold: policy.contest_threshold,
                },
            )
        } else {
            let reason = if supporting == 0 {
                Reason::NoSupport
            } else if supporting == 1 {
                Reason::SingleOrigin
            } else if disinterested == 0 {
                Reason::OnlyInterested
            } else {
                Reason::OppositionOnly {
                    opposition: opposition_mass,
                    support: support_mass,
                }
            };
            (Status::Unconfirmed, reason)
        };
    let any_support = items.iter().chain(&competing).any(Item::supports);
    let credibility = match status {
        Status::Confirmed => 1,
        Status::Corroborated => 2,
        Status::Refuted => 5,
        Status::Unconfirmed if !any_support => 6,
        _ if score >= 0.5 => 3,
        _ => 4,
    };
    // The desk's grade of the best supporting source, even one whose weight falls under
    // `min_origin_weight`: the letter grades the source, the number the claim.
    let grade = origins
        .iter()
        .filter(|o| o.support > 0.0)
        .filter_map(|o| o.best_support_grade)
        .min()
        .unwrap_or(Reliability::F);
    Verdict {
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
    }
}

fn origins(items: &[Item], competing: &[Item]) -> Vec<OriginView> {
    // Origins are few per claim: a small vector searched linearly, sorted by id at the end.
    let mut views: Vec<OriginView> = Vec::new();
    for item in items.iter().chain(competing) {
        let view = match views.iter().position(|v| v.rank == item.origin) {
            Some(k) => &mut views[k],
            None => {
                views.push(OriginView {
                    rank: item.origin,
                    source: item.source,
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
        if item.supports() {
            view.support = view.support.max(item.weight);
            view.interested |= item.interest == Interest::Favoured;
            view.admission |= item.interest == Interest::Against;
            let grade = item.grade;
            view.best_support_grade = Some(view.best_support_grade.map_or(grade, |g| g.min(grade)));
        } else if item.opposes() {
            view.opposition = view.opposition.max(item.weight);
            if item.interest != Interest::Against {
                view.independent_opposition = view.independent_opposition.max(item.weight);
            }
        }
    }
    views.sort_unstable_by_key(|v| v.rank);
    for view in &mut views {
        // An origin never contests itself: one that both supports and opposes (a source
        // asserting two rival answers, two allies saying opposite things) counts for its
        // stronger side only, and for neither when they weigh the same.
        let (support, opposition) = (view.support, view.opposition);
        if support > 0.0 && opposition > 0.0 {
            if support <= opposition {
                view.support = 0.0;
                view.interested = false;
                view.admission = false;
                view.best_support_grade = None;
            }
            if opposition <= support {
                view.opposition = 0.0;
                view.independent_opposition = 0.0;
            }
        }
        view.opinion = Opinion::support(view.support).fuse(Opinion::opposition(view.opposition));
    }
    views
}

/// Scores one claim.
pub fn assess(corpus: &Corpus, ix: ClaimIx, cx: &Context<'_>) -> Verdict {
    Scorer::new(corpus, *cx).verdict(ix)
}

/// Scores every claim, in parallel, returning verdicts in claim order.
pub fn assess_all(corpus: &Corpus, cx: &Context<'_>) -> Vec<Verdict> {
    let all: Vec<ClaimIx> = (0..corpus.claims.len() as u32).map(ClaimIx).collect();
    Scorer::new(corpus, *cx).verdicts(&all)
}

/// Claims per status.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    /// Confirmed claims.
    pub confirmed: usize,
    /// Corroborated claims.
    pub corroborated: usize,
    /// Unconfirmed claims.
    pub unconfirmed: usize,
    /// Contested claims.
    pub contested: usize,
    /// Refuted claims.
    pub refuted: usize,
}

impl StatusCounts {
    /// Counts `statuses`.
    pub fn of(statuses: impl Iterator<Item = Status>) -> Self {
        let mut counts = StatusCounts::default();
        for status in statuses {
            counts.add(status);
        }
        counts
    }

    /// From counts in [`Status::ALL`] order.
    fn from_slots([confirmed, corroborated, unconfirmed, contested, refuted]: [usize; 5]) -> Self {
        StatusCounts {
            confirmed,
            corroborated,
            unconfirmed,
            contested,
            refuted,
        }
    }

    /// Counts one more claim with `status`.
    pub fn add(&mut self, status: Status) {
        *match status {
            Status::Confirmed => &mut self.confirmed,
            Status::Corroborated => &mut self.corroborated,
            Status::Unconfirmed => &mut self.unconfirmed,
            Status::Contested => &mut self.contested,
            Status::Refuted => &mut self.refuted,
        } += 1;
    }

    /// The count for one status.
    pub fn get(&self, status: Status) -> usize {
        match status {
            Status::Confirmed => self.confirmed,
            Status::Corroborated => self.corroborated,
            Status::Unconfirmed => self.unconfirmed,
            Status::Contested => self.contested,
            Status::Refuted => self.refuted,
        }
    }
}

/// A range of values, `(min, max)`, infinite where unbounded.
type Range = (f64, f64);

/// The range of values the independent origins agree on, for a quantity question.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// The lowest value (`None`: unbounded below).
    pub min: Option<f64>,
    /// The highest value (`None`: unbounded above).
    pub max: Option<f64>,
    /// Whether every counted origin's answer allows the whole range (within the question's
    /// tolerance). When they share no value, the range runs from the lowest answer to the
    /// highest, and this is false.
    pub agreed: bool,
    /// The independent origins whose answers it is drawn from.
    pub origins: usize,
}

/// The answers to one question, ranked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionVerdict {
    /// The question id.
    pub id: String,
    /// Its number in the assessment's [`Questions`].
    #[serde(skip)]
    pub number: u32,
    /// How its answers relate.
    pub kind: crate::model::QuestionKind,
    /// For a quantity question, the values its origins agree on (none when no answer with a
    /// value has counted support).
    pub interval: Option<Interval>,
    /// Its answers, best first (score, then supporting origins, then id).
    #[serde(skip)]
    pub answers: Vec<ClaimIx>,
    /// The top answer, unless it is exactly tied with another (or, with a `leading_margin`
    /// above 0, leads the next by less), or no answer is supported.
    #[serde(skip)]
    pub leading: Option<ClaimIx>,
    /// When the top answers are exactly tied (the same score and supporting origins, so only
    /// their ids order them), those answers, best first by id; otherwise empty.
    #[serde(skip)]
    pub tied: Vec<ClaimIx>,
    /// For a set question, the parts its answers list, most credible first; empty otherwise.
    pub parts: Vec<PartBelief>,
}

/// Everything decided about a corpus: learned reliability, each claim's outcome, sources'
/// records and ranked questions. Whole verdicts come from [`Assessment::scorer`] when needed.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// The evaluation day.
    pub as_of: Date,
    /// Reliability learned from the track record (the desk's grades in `assigned` mode).
    pub learned: Learned,
    /// One outcome per claim, in claim order.
    pub outcomes: Vec<Outcome>,
    /// Per source, the claims it supported, by the status they ended with.
    pub records: Vec<StatusCounts>,
    /// Questions with their ranked answers, sorted by id.
    pub questions: Vec<QuestionVerdict>,
}

impl Assessment {
    /// A scorer giving the whole verdicts behind [`Assessment::outcomes`].
    pub fn scorer<'a>(
        &'a self,
        corpus: &'a Corpus,
        policy: &'a Policy,
        plans: &'a Plans,
    ) -> Scorer<'a> {
        Scorer::new(
            corpus,
            Context {
                policy,
                plans,
                as_of: self.as_of,
                learned: Some(&self.learned),
            },
        )
    }
}

/// Learns source reliability, then scores every claim with it and ranks competing answers.
pub fn assess_corpus(corpus: &Corpus, policy: &Policy, plans: &Plans, as_of: Date) -> Assessment {
    let learned = reliability::learn(corpus, policy, plans, as_of);
    let cx = Context {
        policy,
        plans,
        as_of,
        learned: Some(&learned),
    };
    crate::util::timing::mark("learned");
    let scorer = Scorer::new(corpus, cx);
    let (outcomes, records) = scorer.outcomes();
    crate::util::timing::mark("scored");
    let mut questions = rank_questions(corpus, &learned.questions, &outcomes, policy);
    questions
        .par_iter_mut()
        .for_each(|question| match question.kind {
            crate::model::QuestionKind::Quantity => {
                question.interval = scorer.interval(question.number);
            }
            crate::model::QuestionKind::Set => {
                // One verdict per answer feeds both the ranking and the parts shown.
                if let Some((table, opinions)) = scorer.part_opinions(question.number) {
                    let likelihoods = opinions.likelihoods(&table, policy.base_rate);
                    rank_lists(question, &likelihoods, &outcomes);
                    question.parts = opinions.beliefs(&table, policy.base_rate);
                }
            }
            crate::model::QuestionKind::Choice => {}
        });
    crate::util::timing::mark("ranked");
    Assessment {
        as_of,
        learned,
        outcomes,
        records,
        questions,
    }
}

/// Scores closer than this are tied: equal evidence fused in a different origin order can differ
/// in the last bits, which is not a difference between the answers.
const TIE_TOLERANCE: f64 = 1e-9;

/// Ranks each question's answers and names the top one `leading` unless it is exactly tied
/// (or leads by less than a positive `leading_margin`).
///
/// An exact tie is the only honest reason to abstain by default: on compressed scores a margin
/// withheld answers the ranking had right more often than wrong.
pub fn rank_questions(
    corpus: &Corpus,
    questions: &Questions,
    outcomes: &[Outcome],
    policy: &Policy,
) -> Vec<QuestionVerdict> {
    let mut ranked: Vec<QuestionVerdict> = (0..questions.len() as u32)
        .into_par_iter()
        .map(|q| {
            let id = questions.id(corpus, q);
            let mut answers = questions.answers(q).to_vec();
            answers.sort_by(|a, b| {
                let (oa, ob) = (&outcomes[a.get()], &outcomes[b.get()]);
                ob.score
                    .total_cmp(&oa.score)
                    .then(ob.supporting_origins.cmp(&oa.supporting_origins))
                    .then_with(|| {
                        corpus.claims[a.get()]
                            .id
                            .value
                            .cmp(&corpus.claims[b.get()].id.value)
                    })
            });
            let tied = tied_at_top(&answers, |top, c| {
                let (top, o) = (&outcomes[top.get()], &outcomes[c.get()]);
                // Within rounding noise: the same evidence fused in another order.
                (o.score - top.score).abs() <= TIE_TOLERANCE
                    && o.supporting_origins == top.supporting_origins
            });
            let leading = answers.first().copied().filter(|best| {
                let top = &outcomes[best.get()];
                let clear = answers.get(1).is_none_or(|second| {
                    policy.leading_margin <= 0.0
                        || top.score - outcomes[second.get()].score >= policy.leading_margin
                });
                top.supported && tied.is_empty() && clear
            });
            QuestionVerdict {
                id: id.to_owned(),
                number: q,
                kind: questions.kind(corpus, q).0,
                interval: None,
                answers,
                leading,
                tied,
                parts: Vec::new(),
            }
        })
        .collect();
    ranked.par_sort_unstable_by(|a, b| a.id.cmp(&b.id));
    ranked
}

/// The ranked `answers` that are level with the first (`level(first, answer)`), when there are
/// at least two; otherwise none.
fn tied_at_top(answers: &[ClaimIx], level: impl Fn(ClaimIx, ClaimIx) -> bool) -> Vec<ClaimIx> {
    let Some(&top) = answers.first() else {
        return Vec::new();
    };
    let tied: Vec<ClaimIx> = answers
        .iter()
        .copied()
        .take_while(|&c| level(top, c))
        .collect();
    if tied.len() > 1 {
        tied
    } else {
        Vec::new()
    }
}

/// Ranks a set question's answers by how likely each list is to be exactly the truth
/// (`likelihoods`, from the parts' beliefs), then as [`rank_questions`] does; answers that are
/// not lists come after every list. The top list leads unless another is tied with it on
/// likelihood, score and supporting origins.
///
/// Scores alone cannot rank lists: a longer list implies a shorter one, so the shortest always
/// scores highest, though it is the least complete.
fn rank_lists(
    question: &mut QuestionVerdict,
    likelihoods: &[(ClaimIx, f64)],
    outcomes: &[Outcome],
) {
    if likelihoods.is_empty() {
        return;
    }
    let mut sorted: Vec<(ClaimIx, f64)> = likelihoods.to_vec();
    sorted.sort_unstable_by_key(|(c, _)| *c);
    let likelihood = |c: ClaimIx| {
        sorted
            .binary_search_by_key(&c, |(l, _)| *l)
            .map_or(f64::NEG_INFINITY, |k| sorted[k].1)
    };
    // Stable: the order `rank_questions` gave breaks ties on likelihood.
    let mut keyed: Vec<(f64, ClaimIx)> = question
        .answers
        .iter()
        .map(|&c| (likelihood(c), c))
        .collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0));
    question.answers = keyed.into_iter().map(|(_, c)| c).collect();
    let level = |a: ClaimIx, b: ClaimIx| {
        let (oa, ob) = (&outcomes[a.get()], &outcomes[b.get()]);
        (likelihood(a) - likelihood(b)).abs() <= TIE_TOLERANCE
            && (oa.score - ob.score).abs() <= TIE_TOLERANCE
            && oa.supporting_origins == ob.supporting_origins
    };
    question.tied = tied_at_top(&question.answers, level);
    question.leading = question.answers.first().copied().filter(|best| {
        outcomes[best.get()].supported && question.tied.is_empty() && likelihood(*best).is_finite()
    });
}

#[cfg(test)]
mod answer_tests;

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

    #[rstest]
    #[case::own_party("favours = \"fla\"", "fla-spokesman", Interest::Favoured)]
    #[case::ally_of_the_party("favours = \"fla\"", "jnim-channel", Interest::Favoured)]
    #[case::party_of_an_ally("favours = \"jnim\"", "fla-spokesman", Interest::Favoured)]
    #[case::against_it(
        "favours = \"fla\"\nagainst = \"fama\"",
        "fama-communique",
        Interest::Against
    )]
    #[case::opponent_not_named("favours = \"fla\"", "fama-communique", Interest::Neutral)]
    #[case::no_actor("favours = \"fla\"\nagainst = \"fama\"", "rfi", Interest::Neutral)]
    #[case::no_parties("", "fla-spokesman", Interest::Neutral)]
    fn parties_give_each_source_its_interest(
        #[case] fields: &str,
        #[case] source: &str,
        #[case] expected: Interest,
    ) {
        let claims = format!("[[claim]]\nid = \"c\"\ntext = \"t\"\n{fields}\n");
        let corpus = load_str(SOURCES, &claims).0.corpus;
        let parties = Parties::new(&corpus);
        let ix = corpus
            .sources
            .iter()
            .position(|s| s.id.as_str() == source)
            .expect("test source");
        let actor = parties.actor_of(SourceIx(ix as u32));
        assert_eq!(parties.interest(&corpus.claims[0], actor), expected);
    }

    /// `claims` loaded over [`SOURCES`], which must hold no error.
    pub(crate) fn load_clean(claims: &str) -> crate::load::Loaded {
        let loaded = load_str(SOURCES, claims).0;
        assert!(
            loaded
                .diagnostics
                .iter()
                .all(|d| d.severity != Severity::Error),
            "test corpus has errors: {:?}",
            loaded.diagnostics
        );
        loaded
    }

    /// The verdict on claim `c` (with extra `fields` and `evidence` TOML) as of `as_of`.
    pub(crate) fn verdict_as_of(as_of: &str, fields: &str, evidence: &str) -> Verdict {
        explained_as_of(as_of, fields, evidence).0
    }

    /// [`verdict_as_of`], with its findings' messages.
    pub(crate) fn explained_as_of(
        as_of: &str,
        fields: &str,
        evidence: &str,
    ) -> (Verdict, Vec<String>) {
        let claims = format!(
            "[event]\nid = \"e\"\ndate = 2025-07-14\n[[claim]]\nid = \"c\"\ntext = \"t\"\n{fields}{evidence}"
        );
        let loaded = load_clean(&claims);
        let policy = Policy::default();
        let plans = plans_for(&policy);
        let as_of = Date::parse_from_str(as_of, "%Y-%m-%d").expect("test date");
        let cx = Context::new(&policy, &plans, as_of);
        let mut verdict = assess(&loaded.corpus, ClaimIx(0), &cx);
        let messages;
        (verdict.findings, messages) =
            crate::rules::assess_claim(&loaded.corpus, &verdict, &cx, true);
        (verdict, messages)
    }

    /// The real weight rules' plans under `policy`.
    pub(crate) fn plans_for(policy: &Policy) -> Plans {
        Plans::compile(policy, &crate::engine::weight_rules())
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

    /// `assess_all` (in parallel) gives exactly what scoring each claim on its own gives, bit
    /// for bit, with learned or assigned trust and with rules switched off; and an assessment's
    /// outcomes are those verdicts' outcomes.
    #[test]
    fn assess_all_is_assess_for_every_claim() {
        let (loaded, as_of) = crate::engine::example_corpus();
        let corpus = &loaded.corpus;
        let mut quiet = Policy::default();
        for rule in ["hedged", "relayed", "admission-against-interest"] {
            quiet
                .rules
                .insert(rule.to_owned(), crate::policy::RuleSetting::Off);
        }
        for policy in [loaded.policy.clone(), Policy::default(), quiet] {
            let plans = plans_for(&policy);
            let learned = reliability::learn(corpus, &policy, &plans, as_of);
            for learned in [Some(&learned), None] {
                let cx = Context {
                    policy: &policy,
                    plans: &plans,
                    as_of,
                    learned,
                };
                let all = assess_all(corpus, &cx);
                let one: Vec<Verdict> = (0..corpus.claims.len())
                    .map(|i| assess(corpus, ClaimIx(i as u32), &cx))
                    .collect();
                assert_eq!(format!("{all:?}"), format!("{one:?}"));
            }
            let assessment = assess_corpus(corpus, &policy, &plans, as_of);
            let scorer = assessment.scorer(corpus, &policy, &plans);
            for (i, outcome) in assessment.outcomes.iter().enumerate() {
                assert_eq!(*outcome, scorer.verdict(ClaimIx(i as u32)).outcome());
            }
        }
    }

    /// The steps `explain` shows replay exactly to the weight that was counted, starting from
    /// the item's trust, each step starting where the previous one ended.
    #[test]
    fn steps_replay_to_the_counted_weight() {
        let (loaded, as_of) = crate::engine::example_corpus();
        let policy = &loaded.policy;
        let plans = plans_for(policy);
        let verdicts = assess_all(&loaded.corpus, &Context::new(policy, &plans, as_of));
        let mut stepped = 0;
        for item in verdicts
            .iter()
            .flat_map(|v| v.items.iter().chain(&v.competing))
        {
            let steps = item.steps(&plans);
            let mut weight = item.trust;
            for step in &steps {
                assert_eq!(step.before, weight);
                assert!(!step.label().is_empty());
                weight = step.after;
            }
            stepped += steps.len();
            if item.excluded.is_none() {
                assert_eq!(weight, item.weight, "{item:?}");
            } else {
                assert_eq!(item.weight, 0.0);
            }
        }
        assert!(stepped > 0, "the example corpus has adjusted items");
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

    /// Every claim's verdict in a corpus of `claims` (TOML, after an event `e`) over
    /// [`SOURCES`], by id, as of 2025-07-20, under the default policy.
    pub(crate) fn verdicts_of(claims: &str) -> Vec<(String, Verdict)> {
        let loaded = load_clean(&format!("[event]\nid = \"e\"\ndate = 2025-07-14\n{claims}"));
        let policy = Policy::default();
        let plans = plans_for(&policy);
        let as_of = Date::from_ymd_opt(2025, 7, 20).expect("test date");
        let cx = Context::new(&policy, &plans, as_of);
        assess_all(&loaded.corpus, &cx)
            .into_iter()
            .map(|v| (loaded.corpus.claims[v.claim.get()].id.value.to_string(), v))
            .collect()
    }

    fn answer(id: &str, fields: &str, evidence: &[(&str, &str)]) -> String {
        let mut t = format!("[[claim]]\nid = \"{id}\"\ntext = \"t\"\nquestion = \"q\"\n{fields}\n");
        for (source, stance) in evidence {
            t.push_str(&format!(
                "[[claim.evidence]]\nsource = \"{source}\"\nstance = \"{stance}\"\ndate = 2025-07-15\n"
            ));
        }
        t
    }

    /// Opposition derived from a rival answer weighs what the assertion weighed where it was
    /// made: a party's self-serving figure is discounted against its rivals too.
    #[test]
    fn rival_opposition_carries_the_assertions_discount() {
        let claims = answer("low", "favours = \"fama\"", &[("rfi", "asserts")])
            + &answer("high", "favours = \"fla\"", &[("fla-spokesman", "asserts")]);
        let verdicts = verdicts_of(&claims);
        let (low, high) = (&verdicts[0].1, &verdicts[1].1);
        let asserted = high.items[0].weight;
        let derived = low.competing[0].weight;
        assert_eq!(derived, asserted, "the same weight on both sides");
        let trust = Policy::default().trust(Reliability::C);
        assert!(
            derived < trust * 0.6,
            "{derived}: the self-serving discount applies to the opposition too"
        );
        assert_eq!(low.competing[0].weighed_interest, Interest::Favoured);
    }

    /// An origin never contests itself: a source asserting two rival answers counts for
    /// neither against the other, and allies saying opposite things are one voice.
    #[rstest]
    #[case::one_source_two_answers(&[("rfi", "asserts"), ("fla-spokesman", "asserts")], &[("fla-spokesman", "asserts")])]
    #[case::allies_disagree(&[("rfi", "asserts"), ("fla-spokesman", "asserts")], &[("jnim-channel", "asserts"), ("fla-fighter", "asserts")])]
    fn an_origin_never_contests_itself(
        #[case] first: &[(&str, &str)],
        #[case] second: &[(&str, &str)],
    ) {
        let claims = answer("a", "", first) + &answer("b", "", second);
        let verdicts = verdicts_of(&claims);
        let a = &verdicts[0].1;
        for origin in &a.origins {
            assert!(
                origin.support == 0.0 || origin.opposition == 0.0,
                "an origin both supports and opposes: {origin:?}"
            );
        }
        assert_ne!(a.status, Status::Contested, "{:?}", a.reason);
    }

    /// Allied actors are one bloc: their sources count as one origin.
    #[test]
    fn allies_count_as_one_origin() {
        let v = verdict(
            "",
            "[[claim.evidence]]\nsource = \"fla-spokesman\"\nstance = \"asserts\"\n\
             [[claim.evidence]]\nsource = \"jnim-channel\"\nstance = \"confirms\"\n",
        );
        assert_eq!(v.supporting_origins, 1, "{:?}", v.origins);
        assert_eq!(v.status, Status::Unconfirmed);
    }

    /// Status and score agree: near-certain support is not `contested` by a weaker denial, and
    /// a claim the model finds very unlikely is not `contested` by weak support.
    #[rstest]
    #[case::strong_support_one_denial(&[("rfi", "asserts"), ("agency", "confirms"), ("un", "confirms"), ("local-a", "confirms"), ("local-b", "confirms"), ("fama-communique", "denies")])]
    #[case::strong_denial_some_support(&[("blog", "asserts"), ("local-a", "confirms"), ("rfi", "denies"), ("un", "denies"), ("agency", "denies")])]
    fn no_contest_where_the_model_is_sure(#[case] evidence: &[(&str, &str)]) {
        let mut text = String::new();
        for (source, stance) in evidence {
            text.push_str(&format!(
                "[[claim.evidence]]\nsource = \"{source}\"\nstance = \"{stance}\"\n"
            ));
        }
        let v = verdict("", &text);
        let policy = Policy::default();
        assert!(
            v.score <= policy.contest_min_score || v.score >= policy.contest_max_score,
            "the case must sit at a bound: {}",
            v.score
        );
        assert_ne!(v.status, Status::Contested, "score {}", v.score);
    }

    /// The letter grades the best supporting source, even one too weak to count as an origin.
    #[test]
    fn the_letter_is_the_best_supporting_grade_even_under_the_minimum_weight() {
        let v = verdict(
            "favours = \"fla\"\n",
            "[[claim.evidence]]\nsource = \"fla-fighter\"\nstance = \"asserts\"\nhedged = true\nvia = \"rfi\"\n",
        );
        assert_eq!(v.supporting_origins, 0, "{:?}", v.origins);
        assert_eq!(v.grade, Reliability::D);
    }

    /// Two answers of the `wounded` question from the ministry: 314 first, then 342 with
    /// `stance` on `second` (each `None` undated), with an agency reporting 314 too.
    fn revised(first: Option<u32>, second: Option<u32>, stance: &str, as_of: u32) -> Vec<Verdict> {
        let day = |d: Option<u32>| d.map_or(String::new(), |d| format!("date = 2025-07-{d:02}\n"));
        let claims = format!(
            "[[claim]]\nid = \"w314\"\ntext = \"t\"\nquestion = \"wounded\"\n\
             [[claim.evidence]]\nsource = \"fama-communique\"\nstance = \"asserts\"\n{}\
             [[claim.evidence]]\nsource = \"agency\"\nstance = \"asserts\"\ndate = 2025-07-15\n\
             [[claim]]\nid = \"w342\"\ntext = \"t\"\nquestion = \"wounded\"\n\
             [[claim.evidence]]\nsource = \"fama-communique\"\nstance = \"{stance}\"\n{}",
            day(first),
            day(second)
        );
        let text = format!("[event]\nid = \"e\"\ndate = 2025-07-14\n{claims}");
        let loaded = load_str(SOURCES, &text).0;
        let policy = Policy::default();
        let plans = plans_for(&policy);
        let as_of = Date::from_ymd_opt(2025, 7, as_of).expect("test date");
        let cx = Context::new(&policy, &plans, as_of);
        assess_all(&loaded.corpus, &cx)
    }

    /// A revised figure withdraws the source's earlier one from the revision's day: its old
    /// answer no longer counts for itself nor against the new one.
    #[test]
    fn a_revision_withdraws_the_earlier_answer_from_its_day() {
        let after = revised(Some(15), Some(17), "revises", 20);
        let (old, new) = (&after[0], &after[1]);
        assert_eq!(
            old.items[0].excluded,
            Some(Excluded::Revised {
                on: Date::from_ymd_opt(2025, 7, 17)
            })
        );
        assert!(
            new.competing
                .iter()
                .all(|c| c.source != old.items[0].source),
            "the ministry's own old figure does not oppose its new one: {:?}",
            new.competing
        );
        assert_eq!(
            new.opposing_origins, 1,
            "the agency's 314 still opposes 342"
        );
        // Before the revision's day, both figures stand as they were.
        let before = revised(Some(15), Some(17), "revises", 16);
        assert_eq!(before[0].items[0].excluded, None);
        // `asserts` instead of `revises` withdraws nothing: the origin counts for neither.
        let asserted = revised(Some(15), Some(17), "asserts", 20);
        assert_eq!(asserted[0].items[0].excluded, None);
    }

    /// `revises` never raises a source's support for its older answer, whatever the days, the
    /// undated items and the as-of day.
    #[test]
    fn a_revision_never_raises_support_for_the_older_answer() {
        let days = [None, Some(15), Some(16), Some(17)];
        let support = |v: &Verdict, source: SourceIx| {
            v.origins
                .iter()
                .filter(|o| o.source == source)
                .map(|o| o.support)
                .sum::<f64>()
        };
        for first in days {
            for second in days {
                for as_of in 15..=18 {
                    let with = revised(first, second, "revises", as_of);
                    let without = revised(first, second, "no-comment", as_of);
                    let ministry = with[0].items[0].source;
                    assert!(
                        support(&with[0], ministry) <= support(&without[0], ministry),
                        "{first:?} {second:?} as of {as_of}"
                    );
                    assert!(with[0].score <= without[0].score + 1e-12);
                }
            }
        }
    }
}
