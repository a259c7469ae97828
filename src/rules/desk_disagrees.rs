//! `desk-disagrees`: The desk's own verdict differs from the computed one.

use crate::diag::Severity;
use crate::rules::{ClaimView, Family, Rule, RuleMeta};

/// The `desk-disagrees` rule.
pub const RULE: Rule = Rule {
    meta: RuleMeta {
        id: "desk-disagrees",
        family: Family::Assessment,
        summary: "The desk's own verdict (`[claim.desk]`) differs from the computed one.",
        rationale: "The desk may know what the corpus does not say, or the corpus may have moved since the desk decided; either way an editor must see both before the claim is published, and the difference says where to look.",
        default_severity: Severity::Info,
    },
    adjust: None,
    assess: Some(assess),
};

fn assess(view: &ClaimView<'_>) -> Option<String> {
    let desk = view.claim.desk.as_deref()?;
    let status = desk
        .status
        .as_ref()
        .map(|s| s.value)
        .filter(|&s| s != view.verdict.status);
    let credibility = desk
        .credibility
        .as_ref()
        .map(|c| c.value)
        .filter(|&c| c != view.verdict.credibility);
    if status.is_none() && credibility.is_none() {
        return None;
    }
    Some(view.say(|| {
        let mut parts = Vec::new();
        if let Some(status) = status {
            parts.push(format!(
                "the desk says {status}, the evidence {}",
                view.verdict.status
            ));
        }
        if let Some(credibility) = credibility {
            parts.push(format!(
                "the desk grades credibility {credibility}, the evidence {}",
                view.verdict.credibility
            ));
        }
        let by = desk
            .by
            .as_deref()
            .map(|by| format!(" ({by})"))
            .unwrap_or_default();
        format!("{}{by}", parts.join("; "))
    }))
}

#[cfg(test)]
mod tests {
    use crate::score::tests::fired;
    use rstest::rstest;

    #[rstest]
    #[case::no_desk("", false)]
    #[case::agrees("[claim.desk]\nstatus = \"unconfirmed\"\n", false)]
    #[case::other_status("[claim.desk]\nstatus = \"refuted\"\n", true)]
    #[case::other_credibility("[claim.desk]\ncredibility = 1\n", true)]
    #[case::who_only("[claim.desk]\nby = \"A. Editor\"\n", false)]
    fn fires_when_the_desk_differs(#[case] desk: &str, #[case] expected: bool) {
        let items = "[[claim.evidence]]\nsource = \"local-a\"\nstance = \"asserts\"\n";
        assert_eq!(fired(desk, items, "desk-disagrees"), expected);
    }
}
