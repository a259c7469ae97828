//! `missing-field`: A required field is missing.

use crate::diag::Severity;
use crate::rules::{Family, Rule};

/// The `missing-field` rule.
pub const RULE: Rule = Rule {
    id: "missing-field",
    family: Family::Validation,
    summary: "A required field is missing.",
    rationale: "A claim without text or evidence without a source cannot be weighed or cited.",
    default_severity: Severity::Error,
    adjust: None,
    assess: None,
};
