//! `hedged-only`: All support is hedged.

use crate::diag::Severity;
use crate::rules::{ClaimView, Family, Rule, RuleMeta};

/// The `hedged-only` rule.
pub const RULE: Rule = Rule {
    meta: RuleMeta {
        id: "hedged-only",
        family: Family::Assessment,
        summary: "All support is hedged.",
        rationale: "A claim nobody states plainly has not been verified by anyone who reported it.",
        default_severity: Severity::Info,
    },
    adjust: None,
    assess: Some(assess),
};

fn assess(view: &ClaimView<'_>) -> Option<String> {
    let mut support = view.support().peekable();
    support.peek()?;
    support
        .all(|i| view.claim.evidence[i.index].hedged)
        .then(|| {
            view.say(|| {
                "every supporting item is hedged (conditional or second-hand wording)".to_owned()
            })
        })
}

#[cfg(test)]
mod tests {
    use crate::score::tests::fired;
    use rstest::rstest;

    const HEDGED: &str =
        "[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\nhedged = true\n";
    const PLAIN: &str = "[[claim.evidence]]\nsource = \"local-a\"\nstance = \"confirms\"\n";

    #[rstest]
    #[case::all_hedged(&[HEDGED], true)]
    #[case::one_plain(&[HEDGED, PLAIN], false)]
    #[case::none(&[], false)]
    fn fires_when_nobody_says_it_plainly(#[case] items: &[&str], #[case] expected: bool) {
        assert_eq!(fired("", &items.concat(), "hedged-only"), expected);
    }
}
