//! `relayed`: Evidence reached the desk through a relay (`via`); it is slightly discounted and adds no origin.

use crate::diag::Severity;
use crate::rules::{ClaimView, Family, Rule, RuleMeta};

/// The `relayed` rule.
pub const RULE: Rule = Rule {
    meta: RuleMeta {
        id: "relayed",
        family: Family::Assessment,
        summary: "Evidence reached the desk through a relay (`via`); it is slightly discounted and adds no origin.",
        rationale: "A relay repeats; it does not witness. Each retelling can lose or add detail, and the relay's own reach makes one voice look like several.",
        default_severity: Severity::Info,
    },
    adjust: Some(adjust),
    assess: Some(assess),
};

fn adjust(
    item: &crate::score::ItemFacts,
    policy: &crate::policy::Policy,
) -> Option<crate::rules::Adjust> {
    item.relayed
        .then_some(crate::rules::Adjust::Scale(policy.relay, "relayed"))
}

fn assess(view: &ClaimView<'_>) -> Option<String> {
    let relayed = view
        .verdict
        .items
        .iter()
        .filter(|i| i.excluded.is_none() && view.claim.evidence[i.index].via.is_some())
        .count();
    (relayed > 0).then(|| {
        view.say(|| {
            format!(
                "{relayed} item(s) reached the desk through a relay (weight ×{})",
                view.context.policy.relay
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::score::tests::verdict;

    /// SPEC §3 property 1: a relay adds no origin.
    #[test]
    fn a_relay_adds_no_origin() {
        let direct = verdict(
            "",
            "[[claim.evidence]]\nsource = \"local-a\"\nstance = \"asserts\"\n",
        );
        let relayed = verdict(
            "",
            "[[claim.evidence]]\nsource = \"local-a\"\nstance = \"asserts\"\nvia = \"rfi\"\n\
             [[claim.evidence]]\nsource = \"local-a\"\nstance = \"asserts\"\nvia = \"un\"\n",
        );
        assert_eq!(direct.supporting_origins, 1);
        assert_eq!(relayed.supporting_origins, 1);
        assert!(relayed.score <= direct.score);
    }
}
