//! `hedged`: Evidence uses conditional or second-hand wording and is discounted.

use crate::diag::Severity;
use crate::rules::{ClaimView, Family, Rule, RuleMeta};

/// The `hedged` rule.
pub const RULE: Rule = Rule {
    meta: RuleMeta {
        id: "hedged",
        family: Family::Assessment,
        summary: "Evidence uses conditional or second-hand wording and is discounted.",
        rationale: "\"Reportedly\" and the French conditional (\"aurait\") mark what the writer did not verify; such wording weighs less than a plain statement from the same source.",
        default_severity: Severity::Info,
    },
    adjust: Some(adjust),
    assess: Some(assess),
};

fn adjust(
    item: &crate::score::ItemFacts,
    policy: &crate::policy::Policy,
) -> Option<crate::rules::Adjust> {
    item.hedged
        .then_some(crate::rules::Adjust::Scale(policy.hedged, "hedged wording"))
}

fn assess(view: &ClaimView<'_>) -> Option<String> {
    let hedged = view
        .verdict
        .items
        .iter()
        .filter(|i| i.excluded.is_none() && view.claim.evidence[i.index].hedged)
        .count();
    (hedged > 0).then(|| {
        view.say(|| {
            format!(
                "{hedged} item(s) use hedged wording (weight ×{})",
                view.context.policy.hedged
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::score::tests::verdict;
    use rstest::rstest;

    /// SPEC §3 property 5: hedged evidence weighs less than plain evidence of the same source.
    #[rstest]
    #[case("rfi")]
    #[case("local-a")]
    #[case("fla-spokesman")]
    fn hedged_weighs_less(#[case] source: &str) {
        let plain = verdict(
            "",
            &format!("[[claim.evidence]]\nsource = \"{source}\"\nstance = \"asserts\"\n"),
        );
        let hedged = verdict(
            "",
            &format!(
                "[[claim.evidence]]\nsource = \"{source}\"\nstance = \"asserts\"\nhedged = true\n"
            ),
        );
        assert!(hedged.items[0].weight < plain.items[0].weight);
        assert!(hedged.score < plain.score);
    }
}
