//! Why a verdict is what it is, as data: each item's weighing steps and how much each
//! weight-changing rule moved the score. `explain` and the HTML report word it; nothing above
//! this layer re-scores.

use super::{Plans, Scorer, Step, Verdict};

/// The derivation of one verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Derivation {
    /// Per item of [`Verdict::items`], the steps from trust to weight.
    pub steps: Vec<Vec<Step>>,
    /// Per item of [`Verdict::competing`], the steps from trust to weight.
    pub competing_steps: Vec<Vec<Step>>,
    /// For every rule that changed at least one item's weight (sorted by id): the score minus
    /// the score the claim would have with that rule switched off.
    pub effects: Vec<(&'static str, f64)>,
    /// What each of the verdict's findings found, in words, in the order of its findings
    /// (worded by the rules above this layer; empty until then).
    pub messages: Vec<String>,
    /// For an answer to a quantity question, the values the question's origins agree on.
    pub interval: Option<super::Interval>,
    /// For a list answer to a set question, every part the question's answers list, with its
    /// belief (see [`super::Scorer::part_beliefs`]); empty otherwise.
    pub parts: Vec<super::PartBelief>,
    /// The index in [`crate::model::Corpus::questions`] of the `[[question]]` entry of the
    /// question the claim answers, if it has one.
    pub question: Option<usize>,
}

impl Derivation {
    /// The message of the verdict's finding `i` (empty if it has none).
    pub fn message(&self, i: usize) -> &str {
        self.messages.get(i).map_or("", String::as_str)
    }

    /// How much `rule` moved the score, if it changed a weight.
    pub fn effect(&self, rule: &str) -> Option<f64> {
        self.effects
            .iter()
            .find(|(id, _)| *id == rule)
            .map(|(_, delta)| *delta)
    }
}

impl Scorer<'_> {
    /// The derivation of `verdict` (one of this scorer's).
    pub fn derive(&self, verdict: &Verdict) -> Derivation {
        let cx = self.context();
        let steps = |items: &[super::Item]| -> Vec<Vec<Step>> {
            items.iter().map(|item| item.steps(cx.plans)).collect()
        };
        let steps_of_items = steps(&verdict.items);
        let mut rules: Vec<&'static str> = steps_of_items
            .iter()
            .flatten()
            .filter_map(|step| step.rule)
            .collect();
        rules.sort_unstable();
        rules.dedup();
        let effects = rules
            .into_iter()
            .map(|rule| {
                // The same scorer, its items weighed as if the rule were off.
                let score = match self.what_if.iter().find(|(id, _)| *id == rule) {
                    Some((_, plans)) => {
                        let plans = plans.get_or_init(|| cx.plans.without(rule, cx.policy));
                        self.verdict_by(verdict.claim, plans).score
                    }
                    None => {
                        let plans: Plans = cx.plans.without(rule, cx.policy);
                        self.verdict_by(verdict.claim, &plans).score
                    }
                };
                (rule, verdict.score - score)
            })
            .collect();
        Derivation {
            steps: steps_of_items,
            competing_steps: steps(&verdict.competing),
            effects,
            messages: Vec::new(),
            interval: self
                .questions
                .of_claim(verdict.claim)
                .and_then(|q| self.interval(q)),
            parts: match self.corpus.claims[verdict.claim.get()]
                .value
                .as_deref()
                .map(|v| &v.value)
            {
                Some(crate::model::Value::Parts(_)) => self
                    .questions
                    .of_claim(verdict.claim)
                    .map(|q| self.part_beliefs(q))
                    .unwrap_or_default(),
                _ => Vec::new(),
            },
            question: self
                .questions
                .of_claim(verdict.claim)
                .and_then(|q| self.questions.declared_index(q)),
        }
    }
}
