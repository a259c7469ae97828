//! `evidence-in-future`: evidence dated after today.

use crate::diag::{Diagnostic, Label, Severity};
use crate::diag::{Family, RuleMeta};
use crate::model::Claim;
use crate::validate::{Check, Scope};

/// The `evidence-in-future` rule.
pub const RULE: RuleMeta = RuleMeta {
    id: "evidence-in-future",
    family: Family::Validation,
    summary: "Evidence is dated after today.",
    rationale: "A date in the future is a typo (2052 for 2025); left alone it would hide the evidence from every `--as-of` report until that day.",
    default_severity: Severity::Warning,
};

/// The check, for [`crate::validate::PER_CLAIM`].
pub const CHECK: Check = Check {
    rule: &RULE,
    check_claim,
};

/// Reports the evidence of `claim` dated after `today`.
pub fn check_claim(claim: &Claim, scope: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for evidence in &claim.evidence {
        let Some(date) = &evidence.date else { continue };
        if date.value > scope.today {
            out.push(
                RULE.diag(
                    format!("evidence dated {} is in the future (today is {})", date.value, scope.today),
                    Label::new(date.span, "after today"),
                )
                .with_help("check the year; set CORROBORATE_TODAY=YYYY-MM-DD to check a corpus as of another day"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::load::tests::{load_str, SOURCES};

    #[test]
    fn future_evidence_is_flagged_and_today_is_not() {
        let claims = "[[claim]]\nid = \"c\"\ntext = \"t\"\n\
            [[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\ndate = 2026-01-01\n\
            [[claim.evidence]]\nsource = \"rfi\"\nstance = \"confirms\"\ndate = 2025-12-31\n";
        // load_str checks as of 2025-12-31.
        let loaded = load_str(SOURCES, claims);
        assert_eq!(loaded.codes(), ["evidence-in-future"]);
    }
}
