//! The catalogue of every code `corroborate` can report: the loader's, the validation checks' and
//! the assessment rules', in the order `corroborate rules`, docs/rules.md and SARIF list them.
//!
//! Each code is declared once where it is found (`load::diags`, `validate/`, `rules/`), each list
//! beside its codes; this joins the three, and the listing, the Markdown page and SARIF's rule
//! table are generated from it, and the policy's `[rules]` names checked against it.

use crate::diag::RuleMeta;
use crate::load::diags;
use crate::{rules, validate};
use std::sync::LazyLock;

/// Every code, in listing order: the loader's ([`diags::ALL`]), the validation checks'
/// ([`validate::PER_CLAIM`], [`validate::ACTORS`], [`validate::CLAIMS`]), the assessment rules' ([`rules::ALL`]). Each list lives with its
/// codes, so adding a rule never touches this file.
pub static REGISTRY: LazyLock<Vec<&'static RuleMeta>> = LazyLock::new(|| {
    diags::ALL
        .iter()
        .copied()
        .chain(validate::PER_CLAIM.iter().map(|check| check.rule))
        .chain(validate::ACTORS.iter().map(|check| check.rule))
        .chain(validate::CLAIMS.iter().map(|check| check.rule))
        .chain(rules::ALL.iter().map(|rule| &rule.meta))
        .collect()
});

/// [`REGISTRY`] as a slice that lives as long as the program (what the loader takes).
pub fn all() -> &'static [&'static RuleMeta] {
    LazyLock::force(&REGISTRY).as_slice()
}

/// The code with this id.
pub fn find(id: &str) -> Option<&'static RuleMeta> {
    all().iter().copied().find(|r| r.id == id)
}

/// Renders the catalogue as the Markdown page `docs/rules.md`.
pub fn markdown_docs() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from src/rules by `corroborate rules --format markdown`; do not edit. -->\n\n\
         | id | family | default severity | summary |\n|---|---|---|---|\n",
    );
    for rule in all() {
        out.push_str(&format!(
            "| [`{id}`](#{id}) | {} | {} | {} |\n",
            rule.family.as_str(),
            rule.default_severity,
            rule.summary,
            id = rule.id
        ));
    }
    for rule in all() {
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
        for rule in all() {
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

    /// Every file of `src/rules` is an assessment rule listed in [`rules::ALL`] and here, and
    /// every rule of [`rules::ALL`] is listed here.
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
        assert_eq!(files.len(), rules::ALL.len(), "{files:?}");
        for file in files {
            let id = file.trim_end_matches(".rs").replace('_', "-");
            assert!(
                rules::ALL.iter().any(|r| r.meta.id == id),
                "src/rules/{file} defines no rule `{id}` listed in rules::ALL"
            );
            assert!(find(&id).is_some(), "rule `{id}` is not in the registry");
        }
        for check in validate::PER_CLAIM {
            assert!(find(check.rule.id).is_some(), "check `{}`", check.rule.id);
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
