//! `basis`: Evidence rests on analysis, opinion or hearsay and is discounted.

use crate::diag::Severity;
use crate::rules::{ClaimView, Family, Rule, RuleMeta};

/// The `basis` rule.
pub const RULE: Rule = Rule {
    meta: RuleMeta {
        id: "basis",
        family: Family::Assessment,
        summary: "Evidence rests on analysis, opinion or hearsay (`basis`) and is discounted.",
        rationale: "A source is competent on what it saw or holds in its hands: an eyewitness who saw the blast is strong on the blast and weak on who fired. An opinion from a fairly reliable source must not, alone, keep a debunked claim from being refuted.",
        default_severity: Severity::Info,
    },
    adjust: Some(adjust),
    assess: Some(assess),
};

fn adjust(
    item: &crate::score::ItemFacts,
    policy: &crate::policy::Policy,
) -> Option<crate::rules::Adjust> {
    let basis = item.basis?;
    let factor = policy.basis_factor(basis);
    // A full-weight basis (witnessed, documented by default) is no step at all.
    (factor != 1.0).then_some(crate::rules::Adjust::Scale(factor, basis_label(basis)))
}

/// The step's words, per basis (static: a plan keeps them).
fn basis_label(basis: crate::model::Basis) -> &'static str {
    use crate::model::Basis;
    match basis {
        Basis::Witnessed => "witnessed",
        Basis::Documented => "documented",
        Basis::Analysis => "rests on analysis",
        Basis::Opinion => "rests on opinion",
        Basis::Hearsay => "rests on hearsay",
    }
}

fn assess(view: &ClaimView<'_>) -> Option<String> {
    let policy = view.context.policy;
    let mut discounted: Vec<String> = Vec::new();
    for item in view.verdict.items.iter().filter(|i| i.excluded.is_none()) {
        let Some(basis) = item.basis else { continue };
        let factor = policy.basis_factor(basis);
        if factor < 1.0 {
            discounted.push(format!("{} ({basis}, ×{factor})", view.source_id(item)));
        }
    }
    (!discounted.is_empty()).then(|| {
        view.say(|| {
            format!(
                "{} item(s) rest on less than what the source saw or holds: {}",
                discounted.len(),
                discounted.join(", ")
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::score::{tests::verdict, Status};
    use rstest::rstest;

    #[rstest]
    #[case::witnessed("witnessed", 1.0)]
    #[case::documented("documented", 1.0)]
    #[case::analysis("analysis", 0.8)]
    #[case::opinion("opinion", 0.4)]
    #[case::hearsay("hearsay", 0.6)]
    fn a_basis_weighs_by_the_policy(#[case] basis: &str, #[case] factor: f64) {
        let plain = verdict(
            "",
            "[[claim.evidence]]\nsource = \"local-a\"\nstance = \"asserts\"\n",
        );
        let based = verdict(
            "",
            &format!(
                "[[claim.evidence]]\nsource = \"local-a\"\nstance = \"asserts\"\nbasis = \"{basis}\"\n"
            ),
        );
        assert!((based.items[0].weight - plain.items[0].weight * factor).abs() < 1e-12);
    }

    /// One eyewitness's opinion on who fired does not keep a claim independent sources deny
    /// from being refuted.
    #[test]
    fn an_opinion_alone_does_not_hold_off_a_refutation() {
        let denials = "[[claim.evidence]]\nsource = \"rfi\"\nstance = \"denies\"\n\
            [[claim.evidence]]\nsource = \"un\"\nstance = \"denies\"\n";
        let with_opinion = |basis: &str| {
            verdict(
                "",
                &format!(
                    "{denials}[[claim.evidence]]\nsource = \"local-a\"\nstance = \"asserts\"\n{basis}"
                ),
            )
        };
        let threshold = crate::policy::Policy::default().contest_threshold;
        // Said plainly, the statement is credible support; as an opinion it is not, and the
        // denials refute the claim.
        assert!(with_opinion("").support_mass >= threshold);
        assert!(with_opinion("basis = \"opinion\"\n").support_mass < threshold);
        assert_eq!(
            with_opinion("basis = \"opinion\"\n").status,
            Status::Refuted
        );
    }
}
