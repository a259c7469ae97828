//! `corroborate archive hash FILE`: the lines of a `[[document]]` that record a capture.

use crate::cli::{ArchiveArgs, ArchiveCommand, ArchiveHashArgs};
use crate::world::{corpus_root, emit, AppError, Outcome};
use corroborate::load::schema::{DocumentKey, Keys};
use std::path::Path;

/// Runs `archive`.
pub fn run(args: &ArchiveArgs) -> Result<Outcome, AppError> {
    match &args.what {
        ArchiveCommand::Hash(a) => hash(a),
    }
}

/// Prints `sha256 = "…"`, and `file = "…"` when the capture is inside the corpus.
fn hash(args: &ArchiveHashArgs) -> Result<Outcome, AppError> {
    let path = &args.path;
    let unreadable = |source| AppError::Unreadable {
        path: path.clone(),
        source,
    };
    // Looked at before it is opened: opening a FIFO would wait for a writer forever.
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(AppError::NotAFile { path: path.clone() });
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    // And after: the path may have been swapped between the two looks.
    if !file.metadata().map_err(unreadable)?.is_file() {
        return Err(AppError::NotAFile { path: path.clone() });
    }
    let digest = corroborate::edit::archive::sha256_hex(file).map_err(unreadable)?;
    let mut out = String::new();
    push_line(&mut out, DocumentKey::Sha256.name(), &digest);
    if let Some(relative) = inside_corpus(args.corpus.as_deref(), path) {
        push_line(&mut out, DocumentKey::File.name(), &relative);
    }
    emit(&out)?;
    Ok(Outcome::Success)
}

/// `key = "value"`, the value quoted as TOML requires.
fn push_line(out: &mut String, key: &str, value: &str) {
    out.push_str(&corroborate::edit::line(
        key,
        &corroborate::edit::Field::Text(value.to_owned()),
    ));
}

/// `path` relative to the corpus root, `/`-separated, when it is inside a corpus.
fn inside_corpus(corpus: Option<&Path>, path: &Path) -> Option<String> {
    let root = corpus_root(corpus);
    let is_corpus = root.join(corroborate::load::POLICY_FILE).is_file()
        || root.join("claims").is_dir()
        || root.join("sources").is_dir();
    if !is_corpus {
        return None;
    }
    let root = std::fs::canonicalize(root).ok()?;
    let file = std::fs::canonicalize(path).ok()?;
    let relative = file.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect();
    Some(parts?.join("/"))
}
