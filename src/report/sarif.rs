//! `check --format sarif`: SARIF 2.1.0 for GitHub code scanning.

use crate::diag::Diagnostic;
use crate::load::texts::Texts;
use crate::model::Corpus;

/// Renders diagnostics as a SARIF 2.1.0 log.
pub fn render(_corpus: &Corpus, _texts: &mut Texts, _diagnostics: &[Diagnostic]) -> String {
    todo!("sarif")
}
