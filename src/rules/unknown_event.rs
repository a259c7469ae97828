//! `unknown-event`: A claim names an event that no file defines.

use crate::diag::Severity;
use crate::rules::{Family, Rule};

/// The `unknown-event` rule.
pub const RULE: Rule = Rule {
    id: "unknown-event",
    family: Family::Validation,
    summary: "A claim names an event that no file defines.",
    rationale: "Claims are grouped, dated and filtered by event; an unknown event detaches the claim from its date.",
    default_severity: Severity::Error,
    adjust: None,
    assess: None,
};
