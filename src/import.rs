//! `corroborate import`: tabular claims (CSV) in, a corpus out.

use std::fmt;
use std::path::Path;

/// How to read the CSV.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Replace an existing corpus.
    pub force: bool,
    /// Header of the source column.
    pub source_col: String,
    /// Header of the question column.
    pub question_col: String,
    /// Header of the answer column.
    pub answer_col: String,
    /// Show a progress bar on stderr.
    pub progress: bool,
}

/// What an import wrote.
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("imported")
    }
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Placeholder until the importer lands.
    #[error("import is not implemented yet")]
    NotYet,
}

/// Imports `csv` into a corpus at `out`.
pub fn import(_csv: &Path, _out: &Path, _options: &ImportOptions) -> Result<ImportSummary, ImportError> {
    todo!("import")
}
