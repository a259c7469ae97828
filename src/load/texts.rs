//! The corpus files' text, read again on demand to show diagnostics.
//!
//! The loader does not keep file contents: a large corpus would otherwise sit in memory twice.
//! Diagnostics are rare, so the few files they point into are read back when they are rendered.

use crate::model::{Corpus, FileId, Span};
use std::collections::HashMap;

/// A line and column, both 1-based; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// File texts by id, each read at most once.
#[derive(Debug, Default)]
pub struct Texts {
    cache: HashMap<FileId, (String, Vec<usize>)>,
    overrides: HashMap<FileId, String>,
}

impl Texts {
    /// An empty cache.
    pub fn new() -> Self {
        Texts::default()
    }

    /// Serves `text` for `file` instead of reading it (for in-memory corpora).
    pub fn insert(&mut self, file: FileId, text: String) {
        self.overrides.insert(file, text);
    }

    /// An empty cache serving the same in-memory texts, for a worker of its own: diagnostics
    /// are rendered a file at a time in parallel, each worker reading only its files' texts.
    pub fn fork(&self) -> Texts {
        Texts {
            cache: HashMap::new(),
            overrides: self.overrides.clone(),
        }
    }

    fn entry(&mut self, corpus: &Corpus, file: FileId) -> &(String, Vec<usize>) {
        let overrides = &self.overrides;
        self.cache.entry(file).or_insert_with(|| {
            let text = overrides.get(&file).cloned().unwrap_or_else(|| {
                corpus
                    .files
                    .get(file as usize)
                    .filter(|f| readable(corpus, &f.path, &f.relative))
                    .and_then(|f| std::fs::read(&f.path).ok())
                    .map(decode)
                    .unwrap_or_default()
            });
            let mut starts = vec![0];
            // A one-byte pattern is searched with memchr, far faster than a byte loop.
            starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
            (text, starts)
        })
    }

    /// The text of `file` (lossily decoded; empty if it cannot be read any more).
    pub fn text(&mut self, corpus: &Corpus, file: FileId) -> &str {
        &self.entry(corpus, file).0
    }

    /// The line and column of byte `offset` in `file`.
    pub fn position(&mut self, corpus: &Corpus, file: FileId, offset: u32) -> Position {
        let (text, starts) = self.entry(corpus, file);
        let offset = (offset as usize).min(text.len());
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let start = starts[line - 1];
        let prefix = text.get(start..offset).map_or(offset - start, |p| {
            p.trim_start_matches('\u{feff}').chars().count()
        });
        Position {
            line,
            column: prefix + 1,
        }
    }

    /// The length of line `line` (1-based) of `file`, in characters, without its line end; 0 past
    /// the end.
    pub fn line_len(&mut self, corpus: &Corpus, file: FileId, line: usize) -> usize {
        let (text, starts) = self.entry(corpus, file);
        let Some(&start) = line.checked_sub(1).and_then(|i| starts.get(i)) else {
            return 0;
        };
        let end = starts.get(line).map_or(text.len(), |&next| next - 1);
        text.get(start..end)
            .map_or(0, |l| l.trim_end_matches('\r').chars().count())
    }

    /// The byte offset where line `line` (1-based) of `file` starts; the text's length past the
    /// last line.
    pub fn line_start(&mut self, corpus: &Corpus, file: FileId, line: usize) -> usize {
        let (text, starts) = self.entry(corpus, file);
        line.checked_sub(1)
            .and_then(|i| starts.get(i))
            .copied()
            .unwrap_or(text.len())
    }

    /// The start and end positions of `span`.
    pub fn range(&mut self, corpus: &Corpus, span: Span) -> (Position, Position) {
        (
            self.position(corpus, span.file, span.start),
            self.position(corpus, span.file, span.end),
        )
    }
}

/// `bytes` as text, invalid UTF-8 replaced: the whole-buffer check is much faster than the
/// lossy decoder, and the files the loader accepted are valid.
fn decode(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes)
        .unwrap_or_else(|invalid| String::from_utf8_lossy(invalid.as_bytes()).into_owned())
}

/// Whether `path` may be read to show a snippet: a regular file inside the corpus folder, as
/// the loader reads (a FIFO would block, and a link out of the corpus must not be printed).
fn readable(corpus: &Corpus, path: &std::path::Path, relative: &str) -> bool {
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    // A file named outside the corpus on purpose (`--config`) is labelled by its absolute path:
    // the loader read it, so its text may be shown.
    let named = std::path::Path::new(relative).is_absolute();
    let inside = named
        || match (
            std::fs::canonicalize(path),
            std::fs::canonicalize(&corpus.root),
        ) {
            (Ok(file), Ok(root)) => file.starts_with(root),
            _ => false,
        };
    regular && inside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let corpus = Corpus::default();
        let mut texts = Texts::new();
        texts.insert(0, "a = 1\nquote = \"é x\"\n".into());
        assert_eq!(
            texts.position(&corpus, 0, 0),
            Position { line: 1, column: 1 }
        );
        assert_eq!(
            texts.position(&corpus, 0, 6),
            Position { line: 2, column: 1 }
        );
        // `x` follows a two-byte `é`: byte 17 is the 11th character of line 2.
        assert_eq!(
            texts.position(&corpus, 0, 17),
            Position {
                line: 2,
                column: 11
            }
        );
    }
}
