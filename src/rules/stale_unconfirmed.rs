//! `stale-unconfirmed`: A claim is still unconfirmed long after its event (policy `stale_after_days`).

use crate::diag::Severity;
use crate::rules::{ClaimView, Family, Rule, RuleMeta};

/// The `stale-unconfirmed` rule.
pub const RULE: Rule = Rule {
    meta: RuleMeta {
        id: "stale-unconfirmed",
        family: Family::Assessment,
        summary: "A claim is still unconfirmed long after its event (policy `stale_after_days`).",
        rationale: "Claims that nobody has corroborated weeks later are unlikely to be; they should be dropped or reworded rather than linger in copy.",
        default_severity: Severity::Warning,
    },
    adjust: None,
    assess: Some(assess),
};

fn assess(view: &ClaimView<'_>) -> Option<String> {
    if view.verdict.status != crate::score::Status::Unconfirmed {
        return None;
    }
    let event = view.corpus.event(view.claim.event.as_ref()?.target?);
    let date = event.date.as_ref()?.value;
    let days = (view.context.as_of - date).num_days();
    (days > view.context.policy.stale_after_days).then(|| {
        view.say(|| {
            format!(
                "still unconfirmed {days} days after `{}` ({date}); the policy allows {}",
                event.id.value, view.context.policy.stale_after_days
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::score::tests::fired_as_of;
    use rstest::rstest;

    const ONE: &str = "[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\n";

    #[rstest]
    #[case::fresh("2025-07-20", false)]
    #[case::on_the_limit("2025-08-13", false)]
    #[case::stale("2025-08-14", true)]
    fn fires_after_the_policy_delay(#[case] as_of: &str, #[case] expected: bool) {
        assert_eq!(fired_as_of(as_of, "", ONE, "stale-unconfirmed"), expected);
    }
}
