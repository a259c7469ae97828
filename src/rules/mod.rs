//! The assessment rules: judgements on a scored claim's evidence graph.
//!
//! Each rule lives in its own file with a `RULE` constant carrying its code and documentation
//! ([`RuleMeta`]), its weight adjustment (`adjust`, compiled into the scorer's plans by
//! `engine`), its judgement on a verdict (`assess`) and its own tests. A rule never prints and
//! never picks its final severity: the policy's setting is applied where findings are made.
//! Adding a rule means adding its file and one line in [`ALL`]; `engine::registry` lists it with
//! the loader's codes and the validation checks, and its tests fail if a rule file is not
//! listed, if ids repeat, or if `docs/rules.md` is stale.

use crate::model::{Claim, Corpus};
use crate::score::{Context, Finding, Verdict};

pub mod admission_against_interest;
pub mod competing_answers;
pub mod denied;
pub mod hedged;
pub mod hedged_only;
pub mod no_evidence;
pub mod relay_only;
pub mod relayed;
pub mod self_serving;
pub mod silence;
pub mod single_origin;
pub mod stale_unconfirmed;

pub use crate::diag::{Family, RuleMeta};

/// An assessment rule: its code and documentation, and what it does to a claim.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Its code and documentation.
    pub meta: RuleMeta,
    /// How it changes an evidence item's weight, if it does.
    pub adjust: Option<AdjustFn>,
    /// What it finds about a scored claim, if it looks at claims.
    pub assess: Option<AssessFn>,
}

pub use crate::score::{Adjust, AdjustFn};

/// A rule's finding on one scored claim, if it fires: the message, worded through
/// [`ClaimView::say`] so that it costs nothing when only the rule id is wanted.
pub type AssessFn = fn(&ClaimView<'_>) -> Option<String>;

/// What an assessment rule sees of a scored claim.
#[derive(Debug, Clone, Copy)]
pub struct ClaimView<'a> {
    /// The whole corpus.
    pub corpus: &'a Corpus,
    /// The claim.
    pub claim: &'a Claim,
    /// Its verdict so far (status, items, origins).
    pub verdict: &'a Verdict,
    /// Policy and evaluation day.
    pub context: &'a Context<'a>,
    /// Whether findings' messages are wanted (else [`ClaimView::say`] returns an empty one).
    pub explain: bool,
}

impl ClaimView<'_> {
    /// A finding's message: `message()` when messages are wanted, else empty.
    pub fn say(&self, message: impl FnOnce() -> String) -> String {
        if self.explain {
            message()
        } else {
            String::new()
        }
    }

    /// The counted supporting items.
    pub fn support(&self) -> impl Iterator<Item = &crate::score::Item> {
        self.verdict.items.iter().filter(|i| i.supports())
    }

    /// The id of an item's source.
    pub fn source_id(&self, item: &crate::score::Item) -> &str {
        self.corpus.source(item.source).id.as_str()
    }
}

/// Runs every enabled assessment rule on a scored claim, at the policy's severities; with
/// `explain`, each finding carries its message in words.
pub fn assess_claim(
    corpus: &Corpus,
    verdict: &Verdict,
    context: &Context<'_>,
    explain: bool,
) -> Vec<Finding> {
    let view = ClaimView {
        corpus,
        claim: &corpus.claims[verdict.claim.get()],
        verdict,
        context,
        explain,
    };
    ALL.iter()
        .filter_map(|rule| {
            let severity = context
                .policy
                .severity(rule.meta.id, rule.meta.default_severity)?;
            let message = (rule.assess?)(&view)?;
            Some(Finding {
                rule: rule.meta.id,
                severity,
                message,
            })
        })
        .collect()
}

/// The weight-changing rules, in order, as the scorer receives them.
pub fn weight_rules() -> Vec<crate::score::WeightRule> {
    ALL.iter()
        .filter_map(|rule| {
            rule.adjust.map(|adjust| crate::score::WeightRule {
                id: rule.meta.id,
                adjust,
            })
        })
        .collect()
}

/// Sources' ids, deduplicated and joined for messages: `a`, `b`.
pub fn quoted_list<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut ids: Vec<&str> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every assessment rule, in the order `corroborate rules` lists them.
pub static ALL: &[&Rule] = &[
    &no_evidence::RULE,
    &single_origin::RULE,
    &self_serving::RULE,
    &admission_against_interest::RULE,
    &denied::RULE,
    &silence::RULE,
    &hedged::RULE,
    &hedged_only::RULE,
    &relayed::RULE,
    &relay_only::RULE,
    &stale_unconfirmed::RULE,
    &competing_answers::RULE,
];
