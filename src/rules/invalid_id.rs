//! `invalid-id`: An id uses characters other than lowercase letters, digits, '-', '_' and '.'.

use crate::diag::Severity;
use crate::rules::{Family, Rule};

/// The `invalid-id` rule.
pub const RULE: Rule = Rule {
    id: "invalid-id",
    family: Family::Validation,
    summary: "An id uses characters other than lowercase letters, digits, '-', '_' and '.'.",
    rationale: "Ids are cited in reports, URLs and CI annotations; a stable, plain alphabet keeps them portable.",
    default_severity: Severity::Error,
    adjust: None,
    assess: None,
};
