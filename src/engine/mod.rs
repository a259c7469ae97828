//! The project: load → validate → score (with plans compiled from the rules) → findings →
//! selection and the publication gate. Everything a command needs, as data; it never prints and
//! never reads the environment.
//!
//! The layers below know nothing of one another's catalogues: the loader gets the rule names a
//! policy may use from [`registry`], the scorer gets the weight rules as data ([`weight_rules`])
//! and this module runs the assessment rules on the verdicts the scorer returns.

mod order;
pub mod registry;

pub use order::{badness_rank, counts, order, Sort};

use crate::load::{self, LoadError, LoadOptions, Loaded, OnRead};
use crate::model::{Claim, ClaimIx, Corpus, Date};
use crate::policy::Policy;
use crate::rules;
use crate::score::{self, Context, Learned, Plans, Scorer};
use std::path::Path;

pub use crate::score::{
    Assessment, Derivation, Finding, Outcome, QuestionVerdict, Status, StatusCounts, Verdict,
};

/// The weight-changing rules, in order, as the scorer receives them.
pub fn weight_rules() -> Vec<score::WeightRule> {
    rules::weight_rules()
}

/// What loading needs: the day dates are checked against, and the catalogue of rule names.
pub fn load_options(today: Date) -> LoadOptions {
    LoadOptions {
        today,
        rules: registry::all(),
    }
}

/// The example corpus at the repository's root, loaded as of the day its tests are written for
/// (2025-07-20), and that day.
#[cfg(test)]
pub(crate) fn example_corpus() -> (crate::load::Loaded, Date) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let as_of = Date::from_ymd_opt(2025, 7, 20).expect("a date");
    let loaded = crate::load::load(root, &load_options(as_of)).expect("the example corpus loads");
    (loaded, as_of)
}

/// [`example_corpus`] as a project.
#[cfg(test)]
pub(crate) fn example_project() -> (Project, Date) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let as_of = Date::from_ymd_opt(2025, 7, 20).expect("a date");
    let project = Project::load(root, as_of).expect("the example corpus loads");
    (project, as_of)
}

/// A loaded corpus with its policy and the weight plans compiled under it.
#[derive(Debug)]
pub struct Project {
    /// The corpus, its diagnostics and its policy.
    pub loaded: Loaded,
    /// How evidence is weighed under the policy.
    pub plans: Plans,
}

impl Project {
    /// A project over a corpus already loaded.
    pub fn new(loaded: Loaded) -> Project {
        let plans = Plans::compile(&loaded.policy, &weight_rules());
        Project { loaded, plans }
    }

    /// Loads the corpus rooted at `root`, dates checked against `today`.
    pub fn load(root: &Path, today: Date) -> Result<Project, LoadError> {
        Ok(Project::new(load::load(root, &load_options(today))?))
    }

    /// Loads the files `found` of the corpus at `root` (from [`load::find_files`]), calling
    /// `on_read` for each file read.
    pub fn load_found(
        root: &Path,
        found: Vec<load::walk::Found>,
        today: Date,
        on_read: Option<OnRead<'_>>,
    ) -> Project {
        Project::new(load::load_found(root, found, &load_options(today), on_read))
    }

    /// [`Project::load_found`] with one document given in memory (see
    /// [`load::load_found_overlay`]).
    pub fn load_overlay(
        root: &Path,
        found: Vec<load::walk::Found>,
        overlay: load::Document,
        today: Date,
        on_read: Option<OnRead<'_>>,
    ) -> Project {
        Project::new(load::load_found_overlay(
            root,
            found,
            Some(overlay),
            &load_options(today),
            on_read,
        ))
    }

    /// The corpus.
    pub fn corpus(&self) -> &Corpus {
        &self.loaded.corpus
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.loaded.policy
    }

    /// Learns reliability, scores every claim and ranks competing answers, as of `as_of`.
    pub fn assess(&self, as_of: Date) -> Assessment {
        score::assess_corpus(self.corpus(), self.policy(), &self.plans, as_of)
    }

    /// Learns reliability alone (enough to judge a few claims).
    pub fn learn(&self, as_of: Date) -> Learned {
        score::reliability::learn(self.corpus(), self.policy(), &self.plans, as_of)
    }

    /// Whole verdicts, with findings, behind an assessment.
    pub fn judge<'a>(&'a self, assessment: &'a Assessment) -> Judge<'a> {
        Judge::new(self, &assessment.learned, assessment.as_of)
    }
}

/// Gives whole verdicts, the assessment rules' findings included.
pub struct Judge<'a> {
    scorer: Scorer<'a>,
}

impl<'a> Judge<'a> {
    /// Verdicts on `project`'s claims under `learned` reliability, as of `as_of`.
    pub fn new(project: &'a Project, learned: &'a Learned, as_of: Date) -> Judge<'a> {
        let cx = Context {
            policy: project.policy(),
            plans: &project.plans,
            as_of,
            learned: Some(learned),
        };
        Judge {
            scorer: Scorer::new(project.corpus(), cx),
        }
    }

    /// The context verdicts are computed under.
    pub fn context(&self) -> &Context<'a> {
        self.scorer.context()
    }

    /// The verdict on claim `ix`, with its findings.
    pub fn verdict(&self, ix: ClaimIx) -> Verdict {
        let mut verdict = self.scorer.verdict(ix);
        (verdict.findings, _) =
            rules::assess_claim(self.scorer.corpus(), &verdict, self.context(), false);
        verdict
    }

    /// The verdicts on `claims`, in that order, computed in parallel.
    pub fn verdicts(&self, claims: &[ClaimIx]) -> Vec<Verdict> {
        use rayon::prelude::*;
        claims
            .par_iter()
            .with_min_len(64)
            .map(|&ix| self.verdict(ix))
            .collect()
    }

    /// The derivation of `verdict` (one of this judge's): weighing steps, rule effects and its
    /// findings' messages in words.
    pub fn derive(&self, verdict: &Verdict) -> Derivation {
        let mut derivation = self.scorer.derive(verdict);
        (_, derivation.messages) =
            rules::assess_claim(self.scorer.corpus(), verdict, self.context(), true);
        derivation
    }

    /// The verdict on claim `ix` and its derivation.
    pub fn explained(&self, ix: ClaimIx) -> (Verdict, Derivation) {
        let verdict = self.verdict(ix);
        let derivation = self.derive(&verdict);
        (verdict, derivation)
    }
}

/// Which claims a report shows: all, or those matching every filter that is set.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only claims with one of these statuses.
    pub statuses: Vec<Status>,
    /// Only claims about one of these events.
    pub events: Vec<String>,
    /// Only claims with evidence from one of these sources.
    pub sources: Vec<String>,
}

/// A filter value that names nothing in the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// What it should name: `event` or `source`.
    pub what: &'static str,
    /// The value given.
    pub value: String,
    /// The nearest name the corpus has, if one is near.
    pub near: Option<String>,
}

impl Filter {
    /// The first event or source the filter names that the corpus does not have: a gate over a
    /// typo would select nothing and always pass.
    pub fn unknown(&self, corpus: &Corpus) -> Option<UnknownName> {
        let events: Vec<&str> = corpus.events.iter().map(|e| e.id.as_str()).collect();
        let sources: Vec<&str> = corpus.sources.iter().map(|s| s.id.as_str()).collect();
        unknown_among("event", &self.events, &events)
            .or_else(|| unknown_among("source", &self.sources, &sources))
    }
}

/// The first of `values` not among `known`, with the nearest known name.
fn unknown_among(what: &'static str, values: &[String], known: &[&str]) -> Option<UnknownName> {
    let value = values.iter().find(|v| !known.contains(&v.as_str()))?;
    Some(UnknownName {
        what,
        value: value.clone(),
        near: crate::util::text::did_you_mean(value, known.iter().copied()).map(str::to_owned),
    })
}

/// The claims of `corpus` that `filter` selects, in claim order, given their `outcomes`.
pub fn select(corpus: &Corpus, outcomes: &[Outcome], filter: &Filter) -> Vec<ClaimIx> {
    (0..corpus.claims.len())
        .filter(|&i| {
            let claim = &corpus.claims[i];
            (filter.statuses.is_empty() || filter.statuses.contains(&outcomes[i].status))
                && (filter.events.is_empty()
                    || claim
                        .event
                        .as_ref()
                        .is_some_and(|e| filter.events.iter().any(|x| x.as_str() == e.id.value)))
                && (filter.sources.is_empty()
                    || claim.evidence.iter().any(|e| {
                        filter
                            .sources
                            .iter()
                            .any(|x| x.as_str() == e.source.id.value)
                    }))
        })
        .map(|i| ClaimIx(i as u32))
        .collect()
}

/// Whether a claim with computed `status` fails the publication gate over `failing` (nothing
/// fails an empty gate). A claim marked `publish = true` fails when its status is one of
/// `failing`. A rating claim (`publish = "rating"`) with a desk status is published as that
/// rating, so it fails exactly when the computed status disagrees with the desk's: a debunk the
/// evidence refutes passes `--fail-on refuted`, one it leaves unconfirmed does not.
pub fn fails_gate(claim: &Claim, status: Status, failing: &[Status]) -> bool {
    if !claim.publish || failing.is_empty() {
        return false;
    }
    match rated(claim) {
        Some(desk) => status != desk,
        None => failing.contains(&status),
    }
}

/// The status a rating claim is published with: the desk's, when it gives one.
pub fn rated(claim: &Claim) -> Option<Status> {
    if !claim.rating {
        return None;
    }
    Some(claim.desk.as_deref()?.status.as_ref()?.value)
}

/// The publication gate: the selected claims that fail it ([`fails_gate`]), as `id (status)` or,
/// for a rating claim, `id (rated R by the desk, computed S)`, sorted.
pub fn gate(
    corpus: &Corpus,
    outcomes: &[Outcome],
    selected: &[ClaimIx],
    failing: &[Status],
) -> Vec<String> {
    let mut failed: Vec<String> = selected
        .iter()
        .map(|c| (&corpus.claims[c.get()], outcomes[c.get()].status))
        .filter(|(claim, status)| fails_gate(claim, *status, failing))
        .map(|(claim, status)| match rated(claim) {
            Some(desk) => format!(
                "{} (rated {desk} by the desk, computed {status})",
                claim.id.value
            ),
            None => format!("{} ({})", claim.id.value, status.as_str()),
        })
        .collect();
    failed.sort();
    failed
}

/// The claim id a user probably meant by `id`: the nearest by edit distance, else the first
/// that starts with it.
pub fn suggest_claim<'c>(corpus: &'c Corpus, id: &str) -> Option<&'c str> {
    let ids = || corpus.claims.iter().map(|c| c.id.as_str());
    crate::util::text::did_you_mean(id, ids()).or_else(|| {
        let mut prefixed: Vec<&str> = ids().filter(|c| c.starts_with(id)).collect();
        prefixed.sort_unstable();
        prefixed.first().copied()
    })
}
