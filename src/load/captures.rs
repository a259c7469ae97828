//! The desk's captures: every `[[document]]` whose `file` names a capture is checked against its
//! `sha256`, so a report, screenshot or PDF changed after it was recorded fails `check`.
//!
//! A capture is read only inside the corpus folder and only if it is a regular file: a corpus
//! arrives in a pull request, and must not make `check` hash files of the machine it runs on or
//! block on a FIFO. Captures are hashed in parallel, a buffer at a time (a capture may be a large
//! PDF or video).

use super::diags;
use super::walk::skip_reason;
use crate::diag::{Diagnostic, Label};
use crate::model::{Corpus, Document};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// A capture as `check` found it: what the cache must hash again to trust an earlier answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    /// Its path relative to the corpus root, as the document writes it.
    pub relative: String,
    /// The SHA-256 of its bytes, or `None` when it could not be read.
    pub digest: Option<[u8; 32]>,
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// The SHA-256 of everything `reader` yields.
pub fn sha256_of(mut reader: impl Read) -> std::io::Result<[u8; 32]> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return Ok(hasher.finalize().into()),
            Ok(n) => hasher.update(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Why a capture could not be hashed.
enum Unreadable {
    /// A link out of the corpus, a link to nothing, or not a regular file.
    Refused(&'static str),
    /// Missing or unreadable.
    Io(std::io::Error),
}

/// The SHA-256 of the capture at `relative` under `root` (`inside` is `root` made canonical).
fn hash_capture(root: &Path, inside: &Path, relative: &str) -> Result<[u8; 32], Unreadable> {
    let path = root.join(relative);
    if std::fs::symlink_metadata(&path).is_err() {
        return Err(Unreadable::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no such file",
        )));
    }
    match skip_reason(&path, inside) {
        Some(super::walk::Skip::OutsideCorpus(_)) => {
            return Err(Unreadable::Refused("a link to outside the corpus"))
        }
        Some(super::walk::Skip::Dangling) => return Err(Unreadable::Refused("a link to nothing")),
        Some(_) => return Err(Unreadable::Refused("not a regular file")),
        None => {}
    }
    // The canonical path must also stay inside: a linked folder on the way could lead out.
    match std::fs::canonicalize(&path) {
        Ok(target) if target.starts_with(inside) => {}
        Ok(_) => return Err(Unreadable::Refused("a path that leads outside the corpus")),
        Err(e) => return Err(Unreadable::Io(e)),
    }
    let file = std::fs::File::open(&path).map_err(Unreadable::Io)?;
    sha256_of(file).map_err(Unreadable::Io)
}

/// The SHA-256 of the capture at `relative` under the corpus `root`, read as [`check`] reads
/// it; `None` when it is missing, refused or unreadable.
pub fn digest_at(root: &Path, relative: &str) -> Option<[u8; 32]> {
    let inside = std::fs::canonicalize(root).ok()?;
    hash_capture(root, &inside, relative).ok()
}

/// Checks every document's capture against its digest, reporting a missing, refused or changed
/// capture at the document's own words; returns every capture looked at.
pub fn check(corpus: &Corpus, diags: &mut Vec<Diagnostic>) -> Vec<Capture> {
    let with_capture: Vec<&Document> = corpus
        .documents
        .iter()
        .filter(|d| d.file.is_some())
        .collect();
    if with_capture.is_empty() {
        return Vec::new();
    }
    let inside = std::fs::canonicalize(&corpus.root).unwrap_or_else(|_| corpus.root.clone());
    let results: Vec<(Capture, Option<Diagnostic>)> = with_capture
        .par_iter()
        .filter_map(|document| {
            let file = document.file.as_ref()?;
            let relative = file.value.to_string();
            let hashed = hash_capture(&corpus.root, &inside, &relative);
            let digest = hashed.as_ref().ok().copied();
            let problem = match hashed {
                Err(Unreadable::Refused(why)) => Some(
                    diags::MISSING_CAPTURE
                        .diag(
                            format!("capture `{relative}` of document `{}` is not read: {why}", document.id.value),
                            Label::new(file.span, why),
                        )
                        .with_help("keep the capture as a regular file inside the corpus folder"),
                ),
                Err(Unreadable::Io(e)) => Some(
                    diags::MISSING_CAPTURE
                        .diag(
                            format!("capture `{relative}` of document `{}` cannot be read: {e}", document.id.value),
                            Label::new(file.span, "no readable file here"),
                        )
                        .with_help("put the captured file at this path, relative to the corpus root, or correct `file`"),
                ),
                Ok(found) => document.sha256.as_ref().and_then(|recorded| {
                    let found_hex = hex(&found);
                    (!recorded.value.eq_ignore_ascii_case(&found_hex)).then(|| {
                        diags::CAPTURE_MISMATCH
                            .diag(
                                format!(
                                    "capture `{relative}` of document `{}` does not match its sha256: recorded {}, the file has {found_hex}",
                                    document.id.value, recorded.value
                                ),
                                Label::new(recorded.span, "the recorded digest"),
                            )
                            .with_secondary(Label::new(file.span, "the capture"))
                            .with_help(format!(
                                "if the capture was replaced on purpose, record its digest again (`corroborate archive hash {relative}`); otherwise restore the captured file"
                            ))
                    })
                }),
            };
            Some((Capture { relative, digest }, problem))
        })
        .collect();
    let mut captures = Vec::with_capacity(results.len());
    for (capture, problem) in results {
        diags.extend(problem);
        captures.push(capture);
    }
    captures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_the_standard_ones() {
        let empty = sha256_of(&b""[..]).expect("in memory");
        assert_eq!(
            hex(&empty),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let abc = sha256_of(&b"abc"[..]).expect("in memory");
        assert_eq!(
            hex(&abc),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
