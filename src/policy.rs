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
    /// An origin's weight must reach this to count as a supporting or opposing origin.
    pub min_origin_weight: f64,
    /// Days after its event an unconfirmed claim is flagged `stale-unconfirmed`.
    pub stale_after_days: i64,
    /// Per-rule overrides by rule id.
    pub rules: BTreeMap<String, RuleSetting>,
    /// The `[publisher]` section (name, url, language) for published formats.
    pub publisher: BTreeMap<String, String>,
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
            min_origin_weight: 0.2,
            stale_after_days: 30,
            rules: BTreeMap::new(),
            publisher: BTreeMap::new(),
        }
    }
}

impl Policy {
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
