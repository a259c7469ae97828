//! The rule registry: every check `corroborate` can report, validation and assessment alike.
//!
//! Each rule lives in its own file with a `RULE` constant carrying its stable id, summary,
//! rationale and default severity, and its own tests. Validation rules describe problems in the
//! files; the structural ones are emitted by the loader, which is the only code that sees TOML,
//! and the cross-entity ones have a `check` function here. Adding a rule means adding its file and
//! one line in [`REGISTRY`]; a test fails if a rule file is not registered, if ids repeat, or if
//! `docs/rules.md` is stale.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::{Claim, Corpus};
use crate::policy::Policy;
use crate::score::{Context, Finding, ItemFacts, Verdict};
use serde::Serialize;

pub mod admission_against_interest;
pub mod competing_answers;
pub mod denied;
pub mod duplicate_id;
pub mod evidence_before_event;
pub mod evidence_in_future;
pub mod favours_and_against;
pub mod hedged;
pub mod hedged_only;
pub mod invalid_id;
pub mod invalid_value;
pub mod missing_field;
pub mod no_evidence;
pub mod non_utf8;
pub mod relay_only;
pub mod relayed;
pub mod self_relay;
pub mod self_serving;
pub mod silence;
pub mod single_origin;
pub mod stale_unconfirmed;
pub mod toml_syntax;
pub mod unknown_actor;
pub mod unknown_event;
pub mod unknown_key;
pub mod unknown_source;
pub mod unreadable_file;
pub mod wrong_type;

/// Which graph a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// Problems in the files themselves.
    Validation,
    /// Judgements on the evidence graph of a claim.
    Assessment,
}

impl Family {
    /// The word used in listings.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Validation => "validation",
            Family::Assessment => "assessment",
        }
    }
}

/// A rule's identity and documentation.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    /// Stable kebab-case id; never renamed once released.
    pub id: &'static str,
    /// Validation or assessment.
    pub family: Family,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Why a fact-checker cares.
    pub rationale: &'static str,
    /// The severity it reports at unless the policy says otherwise.
    pub default_severity: Severity,
    /// How it changes an evidence item's weight, if it does.
    #[serde(skip)]
    pub adjust: Option<AdjustFn>,
    /// What it finds about a scored claim, if it looks at claims.
    #[serde(skip)]
    pub assess: Option<AssessFn>,
}

/// A change a rule makes to an evidence item's weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Adjust {
    /// Raise the weight to at least this, for this reason.
    Floor(f64, &'static str),
    /// Multiply the weight by this, for this reason.
    Scale(f64, &'static str),
}

/// A rule's weight adjustment for one item, if it applies.
pub type AdjustFn = fn(&ItemFacts, &Policy) -> Option<Adjust>;

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

/// Runs every enabled assessment rule on a scored claim.
pub fn assess_claim(
    corpus: &Corpus,
    claim: &Claim,
    verdict: &Verdict,
    context: &Context<'_>,
) -> Vec<Finding> {
    let view = ClaimView {
        corpus,
        claim,
        verdict,
        context,
        explain: false,
    };
    REGISTRY
        .iter()
        .filter_map(|rule| {
            let severity = context.policy.severity(rule.id, rule.default_severity)?;
            (rule.assess?)(&view)?;
            Some(Finding {
                rule: rule.id,
                severity,
            })
        })
        .collect()
}

/// The message of each of `verdict`'s findings, in order: what the rule found, in words.
pub fn messages(corpus: &Corpus, verdict: &Verdict, context: &Context<'_>) -> Vec<String> {
    let view = ClaimView {
        corpus,
        claim: &corpus.claims[verdict.claim.get()],
        verdict,
        context,
        explain: true,
    };
    verdict
        .findings
        .iter()
        .map(|finding| {
            REGISTRY
                .iter()
                .find(|rule| rule.id == finding.rule)
                .and_then(|rule| (rule.assess?)(&view))
                .unwrap_or_default()
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

impl Rule {
    /// A diagnostic of this rule at its default severity.
    pub fn diag(&self, message: impl Into<String>, primary: Label) -> Diagnostic {
        Diagnostic::new(self.id, self.default_severity, message, primary)
    }
}

/// Every rule, in the order `corroborate rules` lists them.
pub static REGISTRY: &[&Rule] = &[
    &toml_syntax::RULE,
    &non_utf8::RULE,
    &unreadable_file::RULE,
    &unknown_key::RULE,
    &wrong_type::RULE,
    &missing_field::RULE,
    &invalid_value::RULE,
    &invalid_id::RULE,
    &duplicate_id::RULE,
    &unknown_source::RULE,
    &unknown_actor::RULE,
    &unknown_event::RULE,
    &favours_and_against::RULE,
    &self_relay::RULE,
    &evidence_before_event::RULE,
    &evidence_in_future::RULE,
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

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    REGISTRY.iter().copied().find(|r| r.id == id)
}

/// Renders the registry as the Markdown page `docs/rules.md`.
pub fn markdown_docs() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from src/rules by `corroborate rules --format markdown`; do not edit. -->\n\n\
         | id | family | default severity | summary |\n|---|---|---|---|\n",
    );
    for rule in REGISTRY {
        out.push_str(&format!(
            "| [`{id}`](#{id}) | {} | {} | {} |\n",
            rule.family.as_str(),
            rule.default_severity,
            rule.summary,
            id = rule.id
        ));
    }
    for rule in REGISTRY {
        out.push_str(&format!(
            "\n## {}\n\n{}\n\n- family: {}\n- default severity: {}\n\n**Why it matters.** {}\n",
            rule.id,
            rule.summary,
            rule.family.as_str(),
            rule.default_severity,
            rule.rationale
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut seen = BTreeSet::new();
        for rule in REGISTRY {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            assert!(
                rule.id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "rule id {} is not kebab-case",
                rule.id
            );
            assert!(!rule.summary.is_empty() && !rule.rationale.is_empty());
        }
    }

    #[test]
    fn every_rule_file_is_registered() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("src/rules is readable")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rs") && n != "mod.rs")
            .collect();
        files.sort();
        for file in files {
            let id = file.trim_end_matches(".rs").replace('_', "-");
            assert!(
                find(&id).is_some(),
                "src/rules/{file} defines no registered rule `{id}`"
            );
        }
    }

    #[test]
    fn docs_are_fresh() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
        let expected = markdown_docs();
        if std::env::var_os("CORROBORATE_BLESS").is_some() {
            std::fs::write(&path, &expected).expect("docs/rules.md is writable");
        }
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            actual == expected,
            "docs/rules.md is stale: run `CORROBORATE_BLESS=1 cargo test docs_are_fresh` to regenerate it"
        );
    }
}
