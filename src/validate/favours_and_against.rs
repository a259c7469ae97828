//! `favours-and-against`: a claim favours and is against the same actor.

use crate::diag::{Diagnostic, Label, Severity};
use crate::diag::{Family, RuleMeta};
use crate::model::Claim;
use crate::validate::{Check, Scope};

/// The `favours-and-against` rule.
pub const RULE: RuleMeta = RuleMeta {
    id: "favours-and-against",
    family: Family::Validation,
    summary: "A claim favours and is against the same actor.",
    rationale: "Self-interest and admission against interest are read from `favours` and `against`; naming one actor for both makes every piece of its evidence both self-serving and an admission.",
    default_severity: Severity::Error,
};

/// The check, for [`crate::validate::PER_CLAIM`].
pub const CHECK: Check = Check {
    rule: &RULE,
    check_claim,
};

/// Reports `claim` if its `favours` and `against` name the same actor.
pub fn check_claim(claim: &Claim, _: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(favours), Some(against)) = (&claim.favours, &claim.against) else {
        return;
    };
    if favours.id.value == against.id.value {
        out.push(
            RULE.diag(
                format!("claim `{}` both favours and is against `{}`", claim.id.value, favours.id.value),
                Label::new(against.id.span, "also named here"),
            )
            .with_secondary(Label::new(favours.id.span, "favoured here"))
            .with_help("a claim serves one party and harms another: check which actor each field should name"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::load::tests::load_str;

    #[test]
    fn same_actor_on_both_sides_is_reported() {
        let loaded = load_str(
            "[[actor]]\nid = \"a\"\n",
            "[[claim]]\nid = \"c\"\ntext = \"t\"\nfavours = \"a\"\nagainst = \"a\"\n",
        );
        assert_eq!(loaded.codes(), ["favours-and-against"]);
    }

    #[test]
    fn different_actors_are_fine() {
        let loaded = load_str(
            "[[actor]]\nid = \"a\"\n[[actor]]\nid = \"b\"\n",
            "[[claim]]\nid = \"c\"\ntext = \"t\"\nfavours = \"a\"\nagainst = \"b\"\n",
        );
        assert!(loaded.codes().is_empty());
    }
}
