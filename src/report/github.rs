//! `check --format github`: GitHub Actions workflow commands.

use crate::diag::Diagnostic;
use crate::load::texts::Texts;
use crate::model::Corpus;

/// Renders diagnostics as `::error file=…` workflow commands.
pub fn render(_corpus: &Corpus, _texts: &mut Texts, _diagnostics: &[Diagnostic]) -> String {
    todo!("github annotations")
}
