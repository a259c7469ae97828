//! `duplicate-id`: Two entities of one kind share an id.

use crate::diag::Severity;
use crate::rules::{Family, Rule};

/// The `duplicate-id` rule.
pub const RULE: Rule = Rule {
    id: "duplicate-id",
    family: Family::Validation,
    summary: "Two entities of one kind share an id.",
    rationale: "A report citing `alkit.helicopter` must mean one claim; with two, evidence would attach to whichever was read first.",
    default_severity: Severity::Error,
    adjust: None,
    assess: None,
};
