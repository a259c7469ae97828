//! `unknown-actor`: A source, actor or claim names an actor that no file defines.

use crate::diag::Severity;
use crate::rules::{Family, Rule};

/// The `unknown-actor` rule.
pub const RULE: Rule = Rule {
    id: "unknown-actor",
    family: Family::Validation,
    summary: "A source, actor or claim names an actor that no file defines.",
    rationale: "Self-interest and admissions against interest are judged through actors; a misspelt actor hides them.",
    default_severity: Severity::Error,
    adjust: None,
    assess: None,
};
