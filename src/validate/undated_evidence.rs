//! `undated-evidence`: a claim has evidence without a date.

use crate::diag::{Diagnostic, Family, Label, RuleMeta, Severity};
use crate::model::Claim;
use crate::validate::{Check, Scope};

/// The `undated-evidence` rule.
pub const RULE: RuleMeta = RuleMeta {
    id: "undated-evidence",
    family: Family::Validation,
    summary: "A claim has dated evidence and evidence without a date.",
    rationale: "On a story that develops over days, `--as-of` replays what was known when; an undated item can only be taken as said on its event's day, which may be wrong, and revisions and retractions cannot be ordered against it. A corpus imported from data without dates can switch the rule off in its policy.",
    default_severity: Severity::Warning,
};

/// The check, for [`crate::validate::PER_CLAIM`].
pub const CHECK: Check = Check {
    rule: &RULE,
    check_claim,
};

/// Reports, once per claim, its undated evidence (pointing at the first undated item), when
/// some of its evidence is dated: there the desk follows the story by date, and an undated item
/// cannot be ordered against the others. A claim whose evidence is all undated (a corpus built
/// from data without dates) is not reported.
pub fn check_claim(claim: &Claim, _: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    if claim.evidence.iter().all(|e| e.date.is_none()) {
        return;
    }
    let mut undated = claim.evidence.iter().filter(|e| e.date.is_none());
    let Some(first) = undated.next() else { return };
    let others = undated.count();
    let message = match others {
        0 => format!("evidence on `{}` has no date", claim.id.as_str()),
        n => format!(
            "{} evidence items on `{}` have no date",
            n + 1,
            claim.id.as_str()
        ),
    };
    out.push(
        RULE.diag(message, Label::new(first.span, "no `date`"))
            .with_help("add `date = YYYY-MM-DD` (the day the source said it); until then it counts from its event's date"),
    );
}

#[cfg(test)]
mod tests {
    use crate::load::tests::{load_str, SOURCES};

    #[test]
    fn undated_items_are_flagged_once_per_claim() {
        let claims = "[[claim]]\nid = \"c\"\ntext = \"t\"\n\
            [[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\n\
            [[claim.evidence]]\nsource = \"fla-spokesman\"\nstance = \"confirms\"\n\
            [[claim.evidence]]\nsource = \"rfi\"\nstance = \"confirms\"\ndate = 2025-07-15\n\
            [[claim]]\nid = \"d\"\ntext = \"t\"\n\
            [[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\n\
            [[claim]]\nid = \"e\"\ntext = \"t\"\n\
            [[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\ndate = 2025-07-14\n";
        let loaded = load_str(SOURCES, claims);
        assert_eq!(loaded.codes(), ["undated-evidence"]);
        assert!(loaded.0.diagnostics[0]
            .message
            .contains("2 evidence items on `c`"));
    }
}
