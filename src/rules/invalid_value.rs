//! `invalid-value`: A value is not one of the accepted words or is not a valid date.

use crate::diag::Severity;
use crate::rules::{Family, Rule};

/// The `invalid-value` rule.
pub const RULE: Rule = Rule {
    id: "invalid-value",
    family: Family::Validation,
    summary: "A value is not one of the accepted words or is not a valid date.",
    rationale: "Stances, kinds and reliability grades drive the scoring; an unknown word has no defined weight.",
    default_severity: Severity::Error,
    adjust: None,
    assess: None,
};
