//! Findings about the user's files: what is wrong, how badly, and where.
//!
//! A [`Diagnostic`] is plain data. It names a stable rule id (its `code`), a [`Severity`], a
//! message, the [`Span`]s it concerns and an optional hint. Rendering it (miette-style snippets,
//! JSON, SARIF, …) is the report layer's job; the code that finds a problem never prints.

use crate::model::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Probably a mistake; `check` still exits 0.
    Warning,
    /// The corpus is wrong; `check` exits 1.
    Error,
}

impl Severity {
    /// The word used in output and in the policy file.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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

/// A rule's identity and documentation: what every layer that reports a code declares once,
/// and what the catalogue (`engine::registry`) lists for docs, SARIF and the policy's names.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleMeta {
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

impl RuleMeta {
    /// A diagnostic of this rule at its default severity (the policy's override comes later,
    /// once, in [`apply_severities`]).
    pub fn diag(&self, message: impl Into<String>, primary: Label) -> Diagnostic {
        Diagnostic::new(self.id, self.default_severity, message, primary)
    }
}

/// Applies the user's severities to diagnostics reported at their rules' defaults: `setting`
/// gives, for a code and its default, the severity to report at, or `None` to drop it. Errors
/// stay errors whatever the setting, because a corpus that was not read as written must never be
/// scored. The one place a severity other than a rule's default is decided.
pub fn apply_severities(
    diagnostics: &mut Vec<Diagnostic>,
    setting: impl Fn(&str, Severity) -> Option<Severity>,
) {
    diagnostics.retain_mut(|d| {
        if d.severity == Severity::Error {
            return true;
        }
        match setting(d.code, d.severity) {
            Some(severity) => {
                d.severity = severity;
                true
            }
            None => false,
        }
    });
}

/// A span with a short note on what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The text concerned.
    pub span: Span,
    /// What to say under it.
    pub message: String,
}

impl Label {
    /// A label on `span` saying `message`.
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Label {
            span,
            message: message.into(),
        }
    }
}

/// One problem found in the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable rule id, e.g. `unknown-key`.
    pub code: &'static str,
    /// How bad it is (after policy overrides).
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// Where it is: the text to underline.
    pub primary: Label,
    /// Other places that explain it (e.g. the first definition of a duplicate id).
    pub secondary: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with code, severity, message and the primary label.
    pub fn new(
        code: &'static str,
        severity: Severity,
        message: impl Into<String>,
        primary: Label,
    ) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            primary,
            secondary: Vec::new(),
            help: None,
        }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, label: Label) -> Self {
        self.secondary.push(label);
        self
    }

    /// The ordering key that makes output deterministic: file, position, then code and text.
    pub fn sort_key(&self) -> (Span, &'static str, &str) {
        (self.primary.span, self.code, self.message.as_str())
    }
}

/// Sorts diagnostics by file, position and code, the order every output uses.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Counts per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of infos.
    pub infos: usize,
}

impl Counts {
    /// Counts the severities of `diagnostics`.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut counts = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }
}
