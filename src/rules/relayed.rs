//! `relayed`: Evidence reached the desk through a relay (`via`); it is discounted, more so
//! through a weakly graded relay, and adds no origin.

use crate::diag::Severity;
use crate::rules::{ClaimView, Family, Rule, RuleMeta};

/// The `relayed` rule.
pub const RULE: Rule = Rule {
    meta: RuleMeta {
        id: "relayed",
        family: Family::Assessment,
        summary: "Evidence reached the desk through a relay (`via`); it is discounted, more so through a relay graded D or below, and adds no origin.",
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
    match (item.relayed, item.weak_relay) {
        (false, _) => None,
        (true, false) => Some(crate::rules::Adjust::Scale(policy.relay, "relayed")),
        (true, true) => Some(crate::rules::Adjust::Scale(
            policy.weak_relay,
            "relayed by a source graded D or below",
        )),
    }
}

fn assess(view: &ClaimView<'_>) -> Option<String> {
    let counted = || {
        view.verdict
            .items
            .iter()
            .filter(|i| i.excluded.is_none() && view.claim.evidence[i.index].via.is_some())
    };
    let relayed = counted().count();
    let weak = counted().filter(|i| i.weak_relay).count();
    (relayed > 0).then(|| {
        view.say(|| {
            let policy = view.context.policy;
            let mut message = format!(
                "{relayed} item(s) reached the desk through a relay (weight ×{})",
                policy.relay
            );
            if weak > 0 {
                message.push_str(&format!(
                    ", {weak} of them through a relay graded D or below (×{})",
                    policy.weak_relay
                ));
            }
            message
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

    /// An item that reached the desk only through an E-graded outlet weighs less than one a B
    /// agency relayed; a chain is as weak as its weakest relay.
    #[rstest::rstest]
    #[case::through_a_b_agency("\"agency\"", false)]
    #[case::through_an_e_blog("\"blog\"", true)]
    #[case::a_chain_with_a_blog_in_it("[\"blog\", \"agency\"]", true)]
    #[case::a_chain_of_b_sources("[\"un\", \"agency\"]", false)]
    fn a_relays_grade_matters(#[case] via: &str, #[case] weak: bool) {
        let v = verdict(
            "",
            &format!(
                "[[claim.evidence]]\nsource = \"local-a\"\nstance = \"asserts\"\nvia = {via}\n"
            ),
        );
        let policy = crate::policy::Policy::default();
        let trust = policy.trust(crate::model::Reliability::C);
        let factor = if weak {
            policy.weak_relay
        } else {
            policy.relay
        };
        assert_eq!(v.items[0].weak_relay, weak);
        assert!(
            (v.items[0].weight - trust * factor).abs() < 1e-12,
            "{}",
            v.items[0].weight
        );
    }
}
