//! `self-relay`: evidence names its own source as the relay that carried it.

use crate::diag::{Diagnostic, Label, Severity};
use crate::diag::{Family, RuleMeta};
use crate::model::Claim;
use crate::validate::{Check, Scope};

/// The `self-relay` rule.
pub const RULE: RuleMeta = RuleMeta {
    id: "self-relay",
    family: Family::Validation,
    summary: "Evidence says a source relayed its own statement (`via` equals `source`).",
    rationale: "`via` records who carried someone else's words to the desk; a source relaying itself is a slip that hides who really spoke.",
    default_severity: Severity::Error,
};

/// The check, for [`crate::validate::PER_CLAIM`].
pub const CHECK: Check = Check {
    rule: &RULE,
    check_claim,
};

/// Reports the evidence of `claim` whose `via` is its own `source`.
pub fn check_claim(claim: &Claim, _: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for evidence in &claim.evidence {
        for via in evidence.via.iter().flat_map(|v| v.iter()) {
            if via.id.value == evidence.source.id.value {
                out.push(
                RULE.diag(
                    format!("source `{}` relays itself", via.id.value),
                    Label::new(via.id.span, "the relay is the source itself"),
                )
                .with_secondary(Label::new(evidence.source.id.span, "source named here"))
                .with_help("drop `via` if the source spoke directly, or name the outlet that carried its words"),
            );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::tests::{load_str, SOURCES};

    #[test]
    fn a_source_relaying_itself_is_reported() {
        let loaded = load_str(
            SOURCES,
            "[[claim]]\nid = \"c\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\nvia = \"rfi\"\n",
        );
        assert_eq!(loaded.codes(), ["self-relay"]);
    }

    #[test]
    fn a_real_relay_is_fine() {
        let loaded = load_str(
            SOURCES,
            "[[claim]]\nid = \"c\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"fla-spokesman\"\nstance = \"asserts\"\nvia = \"rfi\"\n",
        );
        assert!(loaded.codes().is_empty());
    }
}
