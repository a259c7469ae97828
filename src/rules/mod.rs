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
pub mod basis;
pub mod competing_answers;
pub mod denied;
pub mod desk_disagrees;
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

/// Runs every enabled assessment rule on a scored claim, at the policy's severities: the
/// findings and, with `explain`, their messages in words (else no messages).
pub fn assess_claim(
    corpus: &Corpus,
    verdict: &Verdict,
    context: &Context<'_>,
    explain: bool,
) -> (Vec<Finding>, Vec<String>) {
    let view = ClaimView {
        corpus,
        claim: &corpus.claims[verdict.claim.get()],
        verdict,
        context,
        explain,
    };
    let mut findings = Vec::new();
    let mut messages = Vec::new();
    for rule in ALL {
        let Some(severity) = context
            .policy
            .severity(rule.meta.id, rule.meta.default_severity)
        else {
            continue;
        };
        let Some(message) = rule.assess.and_then(|assess| assess(&view)) else {
            continue;
        };
        findings.push(Finding {
            rule: rule.meta.id,
            severity,
        });
        if explain {
            messages.push(message);
        }
    }
    (findings, messages)
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
    &basis::RULE,
    &hedged_only::RULE,
    &relayed::RULE,
    &relay_only::RULE,
    &stale_unconfirmed::RULE,
    &competing_answers::RULE,
    &desk_disagrees::RULE,
];

#[cfg(test)]
mod messages {
    //! Each assessment rule's message, on a fixture where it fires: one small snapshot per rule
    //! (under `src/rules/snapshots/`), so a change of wording shows in review.

    use crate::score::Context;
    use rstest::rstest;

    fn item(source: &str, stance: &str, extra: &str) -> String {
        format!("[[claim.evidence]]\nsource = \"{source}\"\nstance = \"{stance}\"\n{extra}")
    }

    #[rstest]
    #[case::no_evidence("no-evidence", "", vec![])]
    #[case::single_origin("single-origin", "", vec![item("rfi", "asserts", "")])]
    #[case::self_serving("self-serving", "favours = \"fla\"\n", vec![item("fla-spokesman", "asserts", "")])]
    #[case::admission_against_interest(
        "admission-against-interest",
        "favours = \"fama\"\nagainst = \"fla\"\n",
        vec![item("fla-spokesman", "confirms", ""), item("rfi", "asserts", "")]
    )]
    #[case::denied("denied", "", vec![item("rfi", "asserts", ""), item("un", "denies", ""), item("local-a", "disputes", "")])]
    #[case::silence("silence", "", vec![item("rfi", "asserts", ""), item("fama-communique", "no-comment", "")])]
    #[case::hedged("hedged", "", vec![item("rfi", "asserts", "hedged = true\n"), item("un", "confirms", "")])]
    #[case::basis("basis", "", vec![item("rfi", "asserts", "basis = \"opinion\"\n"), item("un", "confirms", "basis = \"witnessed\"\n")])]
    #[case::hedged_only("hedged-only", "", vec![item("rfi", "asserts", "hedged = true\n")])]
    #[case::relayed("relayed", "", vec![item("fla-spokesman", "asserts", "via = \"rfi\"\n"), item("local-a", "confirms", "via = [\"blog\", \"rfi\"]\n"), item("un", "confirms", "")])]
    #[case::relay_only("relay-only", "", vec![item("fla-spokesman", "asserts", "via = \"rfi\"\n")])]
    #[case::stale_unconfirmed("stale-unconfirmed", "", vec![item("rfi", "asserts", "")])]
    #[case::desk_disagrees("desk-disagrees", "[claim.desk]\nstatus = \"refuted\"\ncredibility = 5\nby = \"A. Editor\"\n", vec![item("rfi", "asserts", "")])]
    fn message(#[case] rule: &str, #[case] fields: &str, #[case] items: Vec<String>) {
        let (v, v_messages) =
            crate::score::tests::explained_as_of("2026-01-31", fields, &items.concat());
        let at = v
            .findings
            .iter()
            .position(|f| f.rule == rule)
            .unwrap_or_else(|| panic!("`{rule}` does not fire: {:?}", v.findings));
        let finding = v.findings[at];
        let message = &v_messages[at];
        insta::assert_snapshot!(
            rule,
            format!("{}[{}]: {}", finding.severity, finding.rule, message)
        );
    }

    /// `competing-answers` needs a second answer to the claim's question.
    #[test]
    fn competing_answers_message() {
        let claims = "[[claim]]\nid = \"four\"\ntext = \"4\"\nquestion = \"q\"\n\
            [[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\n\
            [[claim]]\nid = \"two\"\ntext = \"2\"\nquestion = \"q\"\n\
            [[claim.evidence]]\nsource = \"un\"\nstance = \"asserts\"\n";
        let loaded = crate::load::tests::load_str(crate::score::tests::SOURCES, claims).0;
        let policy = crate::policy::Policy::default();
        let plans = crate::score::tests::plans_for(&policy);
        let as_of = crate::model::Date::from_ymd_opt(2025, 7, 20).expect("a date");
        let cx = Context::new(&policy, &plans, as_of);
        let verdict = crate::score::assess(&loaded.corpus, crate::model::ClaimIx(0), &cx);
        let (findings, messages) = super::assess_claim(&loaded.corpus, &verdict, &cx, true);
        let at = findings
            .iter()
            .position(|f| f.rule == "competing-answers")
            .expect("competing-answers fires");
        let (finding, message) = (findings[at], &messages[at]);
        insta::assert_snapshot!(
            "competing-answers",
            format!("{}[{}]: {}", finding.severity, finding.rule, message)
        );
    }

    /// Every assessment rule has its message snapshot.
    #[test]
    fn every_rule_has_a_message_snapshot() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/snapshots");
        for rule in super::ALL {
            let file = dir.join(format!(
                "corroborate__rules__messages__{}.snap",
                rule.meta.id
            ));
            assert!(file.is_file(), "no message snapshot for `{}`", rule.meta.id);
        }
    }
}
