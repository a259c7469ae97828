//! `wrong-type`: A value has the wrong TOML type.

use crate::diag::Severity;
use crate::rules::{Family, Rule};

/// The `wrong-type` rule.
pub const RULE: Rule = Rule {
    id: "wrong-type",
    family: Family::Validation,
    summary: "A value has the wrong TOML type.",
    rationale: "A quoted date or a string where a boolean belongs means the desk wrote something other than what the tool would read.",
    default_severity: Severity::Error,
    adjust: None,
    assess: None,
};
