//! `unknown-key`: A table has a key the format does not define.

use crate::diag::Severity;
use crate::rules::{Family, Rule};

/// The `unknown-key` rule.
pub const RULE: Rule = Rule {
    id: "unknown-key",
    family: Family::Validation,
    summary: "A table has a key the format does not define.",
    rationale: "A misspelt key (`hedgd = true`) would otherwise be ignored and change a verdict without anyone noticing.",
    default_severity: Severity::Error,
    adjust: None,
    assess: None,
};
