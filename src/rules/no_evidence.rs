//! `no-evidence`: A claim has no evidence that counts (none at all, or only silence, retractions or later items).

use crate::diag::Severity;
use crate::rules::{ClaimView, Family, Rule, RuleMeta};

/// The `no-evidence` rule.
pub const RULE: Rule = Rule {
    meta: RuleMeta {
        id: "no-evidence",
        family: Family::Assessment,
        summary: "A claim has no evidence that counts (none at all, or only silence, retractions or later items).",
        rationale: "A claim on the desk with nothing behind it is an assertion by the desk itself; it must not reach print unexamined.",
        default_severity: Severity::Warning,
    },
    adjust: None,
    assess: Some(assess),
};

fn assess(view: &ClaimView<'_>) -> Option<String> {
    let counted = view
        .verdict
        .items
        .iter()
        .filter(|i| i.excluded.is_none())
        .count();
    (counted == 0).then(|| {
        view.say(|| {
            if view.claim.evidence.is_empty() {
                "no evidence is recorded for this claim".to_owned()
            } else {
                format!(
                    "none of its {} evidence item(s) counts as of {}",
                    view.claim.evidence.len(),
                    view.context.as_of
                )
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::score::tests::fired;
    use rstest::rstest;

    #[rstest]
    #[case::no_items("", true)]
    #[case::only_silence(
        "[[claim.evidence]]\nsource = \"fama-communique\"\nstance = \"no-comment\"\n",
        true
    )]
    #[case::after_as_of(
        "[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\ndate = 2025-08-01\n",
        true
    )]
    #[case::one_item("[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\n", false)]
    fn fires_when_nothing_counts(#[case] evidence: &str, #[case] expected: bool) {
        assert_eq!(fired("", evidence, "no-evidence"), expected);
    }
}
