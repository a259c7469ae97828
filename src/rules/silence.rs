//! `silence`: A source declined to comment; silence is recorded but changes no score.

use crate::diag::Severity;
use crate::rules::{ClaimView, Family, Rule, RuleMeta};

/// The `silence` rule.
pub const RULE: Rule = Rule {
    meta: RuleMeta {
        id: "silence",
        family: Family::Assessment,
        summary: "A source declined to comment; silence is recorded but changes no score.",
        rationale: "Silence is not denial: an army that does not answer questions about its losses has neither confirmed nor refuted them, but an editor should know it was asked.",
        default_severity: Severity::Info,
    },
    adjust: None,
    assess: Some(assess),
};

fn assess(view: &ClaimView<'_>) -> Option<String> {
    let silent: Vec<&str> = view
        .verdict
        .items
        .iter()
        .filter(|i| i.excluded == Some(crate::score::Excluded::Silence))
        .map(|i| view.source_id(i))
        .collect();
    (!silent.is_empty())
        .then(|| view.say(|| format!("{} declined to comment", crate::rules::quoted_list(silent))))
}

#[cfg(test)]
mod tests {
    use crate::score::tests::{fired, verdict};

    const FLA: &str = "favours = \"fla\"\nagainst = \"fama\"\n";
    const CLAIM: &str = "[[claim.evidence]]\nsource = \"fla-spokesman\"\nstance = \"asserts\"\n";
    const SILENCE: &str =
        "[[claim.evidence]]\nsource = \"fama-communique\"\nstance = \"no-comment\"\n";

    /// SPEC §3 property 4: `no-comment` changes no score.
    #[test]
    fn silence_changes_nothing_but_is_recorded() {
        let without = verdict(FLA, CLAIM);
        let with = verdict(FLA, &[CLAIM, SILENCE].concat());
        assert_eq!(with.score, without.score);
        assert_eq!(with.status, without.status);
        assert!(fired(FLA, &[CLAIM, SILENCE].concat(), "silence"));
        assert!(!fired(FLA, CLAIM, "silence"));
    }
}
