//! `non-utf8`: A file is not valid UTF-8 text.

use crate::diag::Severity;
use crate::rules::{Family, Rule};

/// The `non-utf8` rule.
pub const RULE: Rule = Rule {
    id: "non-utf8",
    family: Family::Validation,
    summary: "A file is not valid UTF-8 text.",
    rationale: "Quotes in the original language must survive byte for byte; a file in another encoding would silently corrupt them.",
    default_severity: Severity::Error,
    adjust: None,
    assess: None,
};
