//! `relay-only`: All support reached the desk through relays; no supporting source was heard directly.

use crate::diag::Severity;
use crate::rules::{ClaimView, Family, Rule, RuleMeta};

/// The `relay-only` rule.
pub const RULE: Rule = Rule {
    meta: RuleMeta {
        id: "relay-only",
        family: Family::Assessment,
        summary: "All support reached the desk through relays; no supporting source was heard directly.",
        rationale: "When every voice comes second-hand, the desk has checked what a relay said, not what the source said.",
        default_severity: Severity::Info,
    },
    adjust: None,
    assess: Some(assess),
};

fn assess(view: &ClaimView<'_>) -> Option<String> {
    let mut support = view.support().peekable();
    support.peek()?;
    let mut relays = Vec::new();
    for item in support {
        let via = view.claim.evidence[item.index].relay()?;
        relays.push(via.id.as_str());
    }
    Some(view.say(|| {
        format!(
            "all support was relayed by {}",
            crate::rules::quoted_list(relays)
        )
    }))
}

#[cfg(test)]
mod tests {
    use crate::score::tests::fired;
    use rstest::rstest;

    const RELAYED: &str =
        "[[claim.evidence]]\nsource = \"local-a\"\nstance = \"asserts\"\nvia = \"rfi\"\n";
    const DIRECT: &str = "[[claim.evidence]]\nsource = \"local-b\"\nstance = \"confirms\"\n";

    #[rstest]
    #[case::all_relayed(&[RELAYED], true)]
    #[case::one_direct(&[RELAYED, DIRECT], false)]
    #[case::none(&[], false)]
    fn fires_when_every_supporter_is_second_hand(#[case] items: &[&str], #[case] expected: bool) {
        assert_eq!(fired("", &items.concat(), "relay-only"), expected);
    }
}
