//! `toml-syntax`: A file is not valid TOML.

use crate::diag::Severity;
use crate::rules::{Family, Rule};

/// The `toml-syntax` rule.
pub const RULE: Rule = Rule {
    id: "toml-syntax",
    family: Family::Validation,
    summary: "A file is not valid TOML.",
    rationale: "Nothing in a file that does not parse can be checked or scored; every syntax error is reported so all can be fixed in one pass.",
    default_severity: Severity::Error,
    adjust: None,
    assess: None,
};
