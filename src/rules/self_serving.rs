//! `self-serving`: Support comes only from the party the claim favours, or its allies; their support is discounted.

use crate::diag::Severity;
use crate::rules::{ClaimView, Family, Rule, RuleMeta};

/// The `self-serving` rule.
pub const RULE: Rule = Rule {
    meta: RuleMeta {
        id: "self-serving",
        family: Family::Assessment,
        summary: "Support comes only from the party the claim favours, or its allies; their support is discounted.",
        rationale: "A party's claims in its own favour (losses inflicted, victories won) are what it would say whether true or not; they cannot corroborate themselves.",
        default_severity: Severity::Warning,
    },
    adjust: Some(adjust),
    assess: Some(assess),
};

fn adjust(
    item: &crate::score::ItemFacts,
    policy: &crate::policy::Policy,
) -> Option<crate::rules::Adjust> {
    (item.stance.supports() && item.interest == crate::score::Interest::Favoured).then_some(
        crate::rules::Adjust::Scale(policy.self_serving, "self-serving support"),
    )
}

fn assess(view: &ClaimView<'_>) -> Option<String> {
    let favours = view.claim.favours.as_ref()?;
    let supporting: Vec<_> = view
        .verdict
        .origins
        .iter()
        .filter(|o| o.support > 0.0)
        .collect();
    if supporting.is_empty() || supporting.iter().any(|o| !o.interested) {
        return None;
    }
    Some(view.say(|| format!("supported only by `{}` and its allies", favours.id.value)))
}

#[cfg(test)]
mod tests {
    use crate::score::tests::{fired, verdict};
    use crate::score::Status;
    use rstest::rstest;

    const FAVOURS: &str = "favours = \"fla\"\nagainst = \"fama\"\n";
    const FLA: &str = "[[claim.evidence]]\nsource = \"fla-spokesman\"\nstance = \"asserts\"\n";
    const JNIM: &str = "[[claim.evidence]]\nsource = \"jnim-channel\"\nstance = \"confirms\"\n";
    const RFI: &str = "[[claim.evidence]]\nsource = \"rfi\"\nstance = \"confirms\"\n";

    #[rstest]
    #[case::party_alone(&[FLA], true)]
    #[case::party_and_ally(&[FLA, JNIM], true)]
    #[case::with_independent(&[FLA, RFI], false)]
    fn fires_only_without_independent_support(#[case] items: &[&str], #[case] expected: bool) {
        assert_eq!(fired(FAVOURS, &items.concat(), "self-serving"), expected);
    }

    /// SPEC §3 property 2: however many interested voices, never corroborated or confirmed.
    #[rstest]
    #[case(1)]
    #[case(4)]
    fn interested_support_alone_is_never_corroborated(#[case] copies: usize) {
        let items = [FLA, JNIM].concat().repeat(copies);
        let v = verdict(FAVOURS, &items);
        assert_eq!(v.status, Status::Unconfirmed);
        let plain = verdict("", FLA);
        assert!(
            v.items[0].weight < plain.items[0].weight,
            "self-serving support is discounted"
        );
    }
}
