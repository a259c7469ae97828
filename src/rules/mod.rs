//! The rule registry: every check `corroborate` can report, validation and assessment alike.
//!
//! Each rule lives in its own file with a `RULE` constant carrying its stable id, summary,
//! rationale and default severity, and its own tests. Validation rules describe problems in the
//! files; the structural ones are emitted by the loader, which is the only code that sees TOML,
//! and the cross-entity ones have a `check` function here. Adding a rule means adding its file and
//! one line in [`REGISTRY`]; a test fails if a rule file is not registered, if ids repeat, or if
//! `docs/rules.md` is stale.

use crate::diag::{Diagnostic, Label, Severity};
use serde::Serialize;

pub mod duplicate_id;
pub mod evidence_before_event;
pub mod evidence_in_future;
pub mod favours_and_against;
pub mod invalid_id;
pub mod invalid_value;
pub mod missing_field;
pub mod non_utf8;
pub mod self_relay;
pub mod toml_syntax;
pub mod unknown_actor;
pub mod unknown_event;
pub mod unknown_key;
pub mod unknown_source;
pub mod unreadable_file;
pub mod wrong_type;

/// Which graph a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// Problems in the files themselves.
    Validation,
    /// Judgements on the evidence graph of a claim.
    Assessment,
}

impl Family {
    /// The word used in listings.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Validation => "validation",
            Family::Assessment => "assessment",
        }
    }
}

/// A rule's identity and documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Stable kebab-case id; never renamed once released.
    pub id: &'static str,
    /// Validation or assessment.
    pub family: Family,
    /// One line: what it finds.
    pub summary: &'static str,
    /// Why a fact-checker cares.
    pub rationale: &'static str,
    /// The severity it reports at unless the policy says otherwise.
    pub default_severity: Severity,
}

impl Rule {
    /// A diagnostic of this rule at its default severity.
    pub fn diag(&self, message: impl Into<String>, primary: Label) -> Diagnostic {
        Diagnostic::new(self.id, self.default_severity, message, primary)
    }
}

/// Every rule, in the order `corroborate rules` lists them.
pub static REGISTRY: &[&Rule] = &[
    &toml_syntax::RULE,
    &non_utf8::RULE,
    &unreadable_file::RULE,
    &unknown_key::RULE,
    &wrong_type::RULE,
    &missing_field::RULE,
    &invalid_value::RULE,
    &invalid_id::RULE,
    &duplicate_id::RULE,
    &unknown_source::RULE,
    &unknown_actor::RULE,
    &unknown_event::RULE,
    &favours_and_against::RULE,
    &self_relay::RULE,
    &evidence_before_event::RULE,
    &evidence_in_future::RULE,
];

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    REGISTRY.iter().copied().find(|r| r.id == id)
}

/// Renders the registry as the Markdown page `docs/rules.md`.
pub fn markdown_docs() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from src/rules by `corroborate rules --format markdown`; do not edit. -->\n\n\
         | id | family | default severity | summary |\n|---|---|---|---|\n",
    );
    for rule in REGISTRY {
        out.push_str(&format!(
            "| [`{id}`](#{id}) | {} | {} | {} |\n",
            rule.family.as_str(),
            rule.default_severity,
            rule.summary,
            id = rule.id
        ));
    }
    for rule in REGISTRY {
        out.push_str(&format!(
            "\n## {}\n\n{}\n\n- family: {}\n- default severity: {}\n\n**Why it matters.** {}\n",
            rule.id,
            rule.summary,
            rule.family.as_str(),
            rule.default_severity,
            rule.rationale
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut seen = BTreeSet::new();
        for rule in REGISTRY {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            assert!(
                rule.id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "rule id {} is not kebab-case",
                rule.id
            );
            assert!(!rule.summary.is_empty() && !rule.rationale.is_empty());
        }
    }

    #[test]
    fn every_rule_file_is_registered() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("src/rules is readable")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rs") && n != "mod.rs")
            .collect();
        files.sort();
        for file in files {
            let id = file.trim_end_matches(".rs").replace('_', "-");
            assert!(
                find(&id).is_some(),
                "src/rules/{file} defines no registered rule `{id}`"
            );
        }
    }

    #[test]
    fn docs_are_fresh() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
        let expected = markdown_docs();
        if std::env::var_os("CORROBORATE_BLESS").is_some() {
            std::fs::write(&path, &expected).expect("docs/rules.md is writable");
        }
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            actual == expected,
            "docs/rules.md is stale: run `CORROBORATE_BLESS=1 cargo test docs_are_fresh` to regenerate it"
        );
    }
}
