//! `denied`: An origin denies or disputes the claim.

use crate::diag::Severity;
use crate::rules::{ClaimView, Family, Rule, RuleMeta};

/// The `denied` rule.
pub const RULE: Rule = Rule {
    meta: RuleMeta {
        id: "denied",
        family: Family::Assessment,
        summary: "An origin denies or disputes the claim.",
        rationale: "A denial is information: who denies, and whether they have an interest in denying, is what an editor must weigh before publishing.",
        default_severity: Severity::Info,
    },
    adjust: None,
    assess: Some(assess),
};

fn assess(view: &ClaimView<'_>) -> Option<String> {
    let mut deniers = Vec::new();
    let mut disputers = Vec::new();
    for item in view.verdict.items.iter().filter(|i| i.opposes()) {
        let list = if item.stance == crate::model::Stance::Denies {
            &mut deniers
        } else {
            &mut disputers
        };
        list.push(view.source_id(item));
    }
    match (deniers.is_empty(), disputers.is_empty()) {
        (true, true) => None,
        (false, true) => {
            Some(view.say(|| format!("denied by {}", crate::rules::quoted_list(deniers))))
        }
        (true, false) => {
            Some(view.say(|| format!("disputed by {}", crate::rules::quoted_list(disputers))))
        }
        (false, false) => Some(view.say(|| {
            format!(
                "denied by {}; disputed by {}",
                crate::rules::quoted_list(deniers),
                crate::rules::quoted_list(disputers)
            )
        })),
    }
}

#[cfg(test)]
mod tests {
    use crate::score::tests::{fired, verdict};
    use rstest::rstest;

    #[rstest]
    #[case::denial("denies", true)]
    #[case::dispute("disputes", true)]
    #[case::silence("no-comment", false)]
    #[case::support("confirms", false)]
    fn fires_on_opposition_only(#[case] stance: &str, #[case] expected: bool) {
        let items = format!("[[claim.evidence]]\nsource = \"local-a\"\nstance = \"{stance}\"\n");
        assert_eq!(fired("", &items, "denied"), expected);
    }

    #[test]
    fn a_dispute_weighs_less_than_a_denial() {
        let deny = verdict(
            "",
            "[[claim.evidence]]\nsource = \"local-a\"\nstance = \"denies\"\n",
        );
        let dispute = verdict(
            "",
            "[[claim.evidence]]\nsource = \"local-a\"\nstance = \"disputes\"\n",
        );
        assert!(dispute.score > deny.score);
    }
}
