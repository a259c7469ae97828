//! The policy: every threshold and weight the scoring uses, and per-rule severities.
//!
//! Defaults are documented here and in README.md; a corpus may override any of them in
//! `corroborate.toml` at its root (parsed and validated by [`crate::load::policy`]).

use crate::diag::Severity;
use crate::model::Reliability;
use std::collections::BTreeMap;

/// How a rule is configured: off, or on at a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    /// The rule does not run: no finding, no effect on weights.
    Off,
    /// The rule runs and reports at this severity.
    On(Severity),
}

/// Where source trust comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReliabilityMode {
    /// The desk's Admiralty grades only; nothing is learned and no copying is detected.
    Assigned,
    /// The track record, with the grade as a weak prior (one pseudo-observation).
    Learned,
    /// The track record with the grade as a prior worth `prior_strength` observations.
    Blended,
}

impl ReliabilityMode {
    /// The word used in the policy file.
    pub fn as_str(self) -> &'static str {
        match self {
            ReliabilityMode::Assigned => "assigned",
            ReliabilityMode::Learned => "learned",
            ReliabilityMode::Blended => "blended",
        }
    }
}

/// What learning does with sources suspected of copying one another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyMode {
    /// Suspected pairs are listed (`corroborate sources`, the JSON) and nothing else changes: an
    /// analyst confirms a suspicion by declaring a shared `origin`.
    Report,
    /// Suspected pairs are also merged into one origin and the estimate is rerun.
    Merge,
}

impl CopyMode {
    /// The word used in the policy file.
    pub fn as_str(self) -> &'static str {
        match self {
            CopyMode::Report => "report",
            CopyMode::Merge => "merge",
        }
    }
}

/// Scoring and status policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Trust given to each Admiralty reliability grade, in [0, 1).
    pub trust: [f64; 6],
    /// Prior probability of a claim with no evidence (the opinion base rate).
    pub base_rate: f64,
    /// Multiplier on hedged evidence ("aurait", "reportedly").
    pub hedged: f64,
    /// Multiplier on support from the party a claim favours (or its allies).
    pub self_serving: f64,
    /// Minimum weight of an admission against interest.
    pub admission: f64,
    /// Multiplier on evidence that reached the desk through a relay (`via`).
    pub relay: f64,
    /// Multiplier on `disputes` relative to `denies`.
    pub disputes: f64,
    /// Ceiling on any single item's weight (keeps every opinion fusible).
    pub max_weight: f64,
    /// Independent disinterested origins of grade B or better needed to confirm without an admission.
    pub confirm_min_origins: usize,
    /// Support and opposition masses at or above this are "credible".
    pub contest_threshold: f64,
    /// Opposition mass from independent origins at or above this, with weak support, refutes.
    pub refute_threshold: f64,
    /// A claim scoring at or below this is never `contested`: the model finds it very unlikely,
    /// so the status must not tell an editor the question is open.
    pub contest_min_score: f64,
    /// A claim scoring at or above this is never `contested`, and opposition no longer keeps it
    /// from being corroborated or confirmed.
    pub contest_max_score: f64,
    /// An origin's weight must reach this to count as a supporting or opposing origin.
    pub min_origin_weight: f64,
    /// Days after its event an unconfirmed claim is flagged `stale-unconfirmed`.
    pub stale_after_days: i64,
    /// Per-rule overrides by rule id.
    pub rules: BTreeMap<String, RuleSetting>,
    /// The `[publisher]` section (name, url, language) for published formats.
    pub publisher: BTreeMap<String, String>,
    /// Where trust comes from.
    pub reliability: ReliabilityMode,
    /// How many observations the desk grade is worth in `blended` mode (`F` is worth none).
    pub prior_strength: f64,
    /// How many observations an `F` ("cannot be judged") grade is worth as a prior.
    pub uninformed_strength: f64,
    /// The reliability an `F` ("cannot be judged") source starts learning from: an even chance
    /// of being right, not the `F` trust of the assigned mode (which is lower than a `D`'s).
    pub uninformed_prior: f64,
    /// Whether suspected copiers are only reported or also merged into one origin.
    pub copies: CopyMode,
    /// Most iterations of the reliability estimation.
    pub max_iterations: usize,
    /// The estimation stops when no source's reliability moves more than this.
    pub tolerance: f64,
    /// Probability of copying above which a pair is suspected (and merged in `merge` mode).
    pub copy_threshold: f64,
    /// Questions two sources must both answer before copying is considered.
    pub copy_min_shared: usize,
    /// Prior probability that a pair of sources copies.
    pub copy_prior: f64,
    /// How far the best answer's score must lead the next one's to be named `leading`. At 0 (the
    /// default) the top answer leads unless it is exactly tied.
    pub leading_margin: f64,
    /// The weight, as a fraction of a list's support, of the opposition it makes to a part it
    /// leaves out (a set question's partial list is incomplete, not contradictory).
    pub omission: f64,
    /// The factor for an item relayed through a source graded D, E or F (instead of `relay`).
    pub weak_relay: f64,
    /// The factor for an item resting on each basis, in [`crate::model::Basis::ALL`] order
    /// (witnessed, documented, analysis, opinion, hearsay); an item without one counts in full.
    pub basis: [f64; 5],
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            trust: [0.9, 0.75, 0.55, 0.35, 0.15, 0.25],
            base_rate: 0.3,
            hedged: 0.5,
            self_serving: 0.5,
            admission: 0.85,
            relay: 0.9,
            disputes: 0.5,
            max_weight: 0.95,
            confirm_min_origins: 3,
            contest_threshold: 0.3,
            refute_threshold: 0.5,
            contest_min_score: 0.3,
            contest_max_score: 0.7,
            min_origin_weight: 0.2,
            stale_after_days: 30,
            rules: BTreeMap::new(),
            publisher: BTreeMap::new(),
            reliability: ReliabilityMode::Blended,
            prior_strength: 5.0,
            uninformed_strength: 2.0,
            uninformed_prior: 0.5,
            copies: CopyMode::Report,
            max_iterations: 50,
            tolerance: 1e-4,
            copy_threshold: 0.9,
            copy_min_shared: 3,
            copy_prior: 0.1,
            leading_margin: 0.0,
            omission: 0.25,
            weak_relay: 0.6,
            basis: [1.0, 1.0, 0.8, 0.4, 0.6],
        }
    }
}

impl Policy {
    /// The factor for an item resting on `basis`.
    pub fn basis_factor(&self, basis: crate::model::Basis) -> f64 {
        let i = crate::model::Basis::ALL
            .iter()
            .position(|b| *b == basis)
            .unwrap_or(0);
        self.basis[i]
    }

    /// Trust in a source of this grade.
    pub fn trust(&self, grade: Reliability) -> f64 {
        self.trust[grade as usize]
    }

    /// The severity rule `id` reports at, or `None` when the policy switches it off.
    pub fn severity(&self, id: &str, default: Severity) -> Option<Severity> {
        match self.rules.get(id) {
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::On(severity)) => Some(*severity),
            None => Some(default),
        }
    }

    /// Whether rule `id` runs.
    pub fn enabled(&self, id: &str) -> bool {
        !matches!(self.rules.get(id), Some(RuleSetting::Off))
    }
}
