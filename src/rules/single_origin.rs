//! `single-origin`: All support comes from one independent origin.

use crate::diag::Severity;
use crate::rules::{ClaimView, Family, Rule, RuleMeta};

/// The `single-origin` rule.
pub const RULE: Rule = Rule {
    meta: RuleMeta {
        id: "single-origin",
        family: Family::Assessment,
        summary: "All support comes from one independent origin.",
        rationale: "However many outlets repeat it, a claim with one origin rests on one party's word: it cannot be corroborated until someone else independently says it.",
        default_severity: Severity::Info,
    },
    adjust: None,
    assess: Some(assess),
};

fn assess(view: &ClaimView<'_>) -> Option<String> {
    if view.verdict.supporting_origins != 1 {
        return None;
    }
    let origin = view
        .verdict
        .origins
        .iter()
        .find(|o| o.support >= view.context.policy.min_origin_weight)?;
    Some(view.say(|| {
        format!(
            "all support comes from one origin, `{}` ({})",
            view.context.origin(view.corpus, origin.source),
            crate::rules::quoted_list(view.verdict.origin_sources(view.corpus, origin))
        )
    }))
}

#[cfg(test)]
mod tests {
    use crate::score::tests::fired;
    use rstest::rstest;

    const FLA: &str = "[[claim.evidence]]\nsource = \"fla-spokesman\"\nstance = \"asserts\"\n";
    const FLA_FIGHTER: &str =
        "[[claim.evidence]]\nsource = \"fla-fighter\"\nstance = \"confirms\"\n";
    const RFI: &str = "[[claim.evidence]]\nsource = \"rfi\"\nstance = \"confirms\"\n";

    #[rstest]
    #[case::one_source(&[FLA], true)]
    #[case::two_sources_one_origin(&[FLA, FLA_FIGHTER], true)]
    #[case::two_origins(&[FLA, RFI], false)]
    #[case::none(&[], false)]
    fn counts_origins_not_sources(#[case] items: &[&str], #[case] expected: bool) {
        assert_eq!(fired("", &items.concat(), "single-origin"), expected);
    }
}
