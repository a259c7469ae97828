//! `unknown-source`: Evidence names a source (or a `via` relay) that no file defines.

use crate::diag::Severity;
use crate::rules::{Family, Rule};

/// The `unknown-source` rule.
pub const RULE: Rule = Rule {
    id: "unknown-source",
    family: Family::Validation,
    summary: "Evidence names a source (or a `via` relay) that no file defines.",
    rationale:
        "Evidence from an unknown source has no reliability and no origin, so it cannot be weighed.",
    default_severity: Severity::Error,
    adjust: None,
    assess: None,
};
