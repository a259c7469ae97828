//! `evidence-before-event`: evidence dated before the event it speaks about.

use crate::diag::{Diagnostic, Label, Severity};
use crate::diag::{Family, RuleMeta};
use crate::model::Claim;
use crate::validate::{Check, Scope};

/// The `evidence-before-event` rule.
pub const RULE: RuleMeta = RuleMeta {
    id: "evidence-before-event",
    family: Family::Validation,
    summary: "Evidence is dated before the event its claim is about.",
    rationale: "Nobody reports an ambush before it happens: either the evidence date or the event date is a typo, and `--as-of` would misplace the evidence in time.",
    default_severity: Severity::Warning,
};

/// The check, for [`crate::validate::PER_CLAIM`].
pub const CHECK: Check = Check {
    rule: &RULE,
    check_claim,
};

/// Reports the evidence of `claim` dated before its event (one of `events`).
pub fn check_claim(claim: &Claim, scope: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    let Some(event) = claim
        .event
        .as_ref()
        .and_then(|e| e.target)
        .and_then(|ix| scope.events.get(ix.get()))
    else {
        return;
    };
    let Some(event_date) = &event.date else {
        return;
    };
    for evidence in &claim.evidence {
        let Some(date) = &evidence.date else { continue };
        if date.value < event_date.value {
            out.push(
                RULE.diag(
                    format!(
                        "evidence dated {} is before its event `{}` ({})",
                        date.value, event.id.value, event_date.value
                    ),
                    Label::new(date.span, "evidence date"),
                )
                .with_secondary(Label::new(event_date.span, "event date"))
                .with_help("check both dates; background facts belong to an event of their own"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::tests::{load_str, SOURCES};

    fn corpus_with_evidence_on(date: &str) -> Vec<&'static str> {
        let claims = format!(
            "[event]\nid = \"e\"\ndate = 2025-07-14\n[[claim]]\nid = \"c\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\ndate = {date}\n"
        );
        load_str(SOURCES, &claims).codes()
    }

    #[test]
    fn earlier_evidence_is_flagged() {
        assert_eq!(
            corpus_with_evidence_on("2025-07-13"),
            ["evidence-before-event"]
        );
    }

    #[test]
    fn same_day_and_later_are_fine() {
        assert!(corpus_with_evidence_on("2025-07-14").is_empty());
        assert!(corpus_with_evidence_on("2025-07-15T08:00:00Z").is_empty());
    }
}
