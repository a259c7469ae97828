//! `admission-against-interest`: A source of the party the claim harms (or its ally) supports it.

use crate::diag::Severity;
use crate::rules::{ClaimView, Family, Rule, RuleMeta};

/// The `admission-against-interest` rule.
pub const RULE: Rule = Rule {
    meta: RuleMeta {
        id: "admission-against-interest",
        family: Family::Assessment,
        summary: "A source of the party the claim harms (or its ally) supports it.",
        rationale: "Parties do not volunteer what hurts them: an army acknowledging its own losses is the strongest support a claim can have.",
        default_severity: Severity::Info,
    },
    adjust: Some(adjust),
    assess: Some(assess),
};

fn adjust(
    item: &crate::score::ItemFacts,
    policy: &crate::policy::Policy,
) -> Option<crate::rules::Adjust> {
    (item.stance.supports() && item.interest == crate::score::Interest::Against).then_some(
        crate::rules::Adjust::Floor(policy.admission, "admission against interest"),
    )
}

fn assess(view: &ClaimView<'_>) -> Option<String> {
    let against = view.claim.against.as_ref()?;
    let admitting: Vec<&str> = view
        .support()
        .filter(|i| i.interest == crate::score::Interest::Against)
        .map(|i| view.source_id(i))
        .collect();
    if admitting.is_empty() {
        return None;
    }
    Some(view.say(|| {
        format!(
            "{} speak(s) for `{}`, the party this claim harms, and support(s) it",
            crate::rules::quoted_list(admitting),
            against.id.value
        )
    }))
}

#[cfg(test)]
mod tests {
    use crate::score::tests::verdict;
    use crate::score::Status;
    use rstest::rstest;

    const AGAINST: &str = "favours = \"fla\"\nagainst = \"fama\"\n";
    const FLA: &str = "[[claim.evidence]]\nsource = \"fla-spokesman\"\nstance = \"asserts\"\n";
    const FAMA: &str = "[[claim.evidence]]\nsource = \"fama-communique\"\nstance = \"confirms\"\n";
    const RFI_DENIES: &str = "[[claim.evidence]]\nsource = \"rfi\"\nstance = \"denies\"\n";
    const LOCAL_DENIES: &str = "[[claim.evidence]]\nsource = \"local-a\"\nstance = \"denies\"\n";

    /// SPEC §3 property 3: an admission with one other origin and no credible opposition confirms.
    #[rstest]
    #[case::admission_and_claimant(&[FLA, FAMA], Status::Confirmed)]
    #[case::admission_alone(&[FAMA], Status::Unconfirmed)]
    #[case::claimant_alone(&[FLA], Status::Unconfirmed)]
    #[case::credible_opposition(&[FLA, FAMA, RFI_DENIES, LOCAL_DENIES], Status::Contested)]
    fn admission_confirms_with_one_other_origin(#[case] items: &[&str], #[case] expected: Status) {
        let v = verdict(AGAINST, &items.concat());
        assert_eq!(v.status, expected, "{}", v.reason);
    }

    #[test]
    fn admission_outweighs_the_source_grade() {
        let v = verdict(AGAINST, FAMA);
        let plain = verdict("", FAMA);
        assert!(v.items[0].weight > plain.items[0].weight);
        assert!(v
            .findings
            .iter()
            .any(|f| f.rule == "admission-against-interest"));
    }
}
