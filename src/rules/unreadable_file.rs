//! `unreadable-file`: A corpus file could not be read.

use crate::diag::Severity;
use crate::rules::{Family, Rule};

/// The `unreadable-file` rule.
pub const RULE: Rule = Rule {
    id: "unreadable-file",
    family: Family::Validation,
    summary: "A corpus file could not be read.",
    rationale: "A claim file that cannot be read is evidence the report silently lacks.",
    default_severity: Severity::Error,
    adjust: None,
    assess: None,
};
