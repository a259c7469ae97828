//! The parse floor: how fast can a corpus's files be read and parsed at all?
//!
//! ```text
//! toml_floor DIR [--threads N] [--events]
//! cargo bench --bench toml_floor -- DIR [--threads N] [--events]
//! ```
//!
//! Reads every `.toml` file under `DIR/claims` and `DIR/sources` (recursively) and parses each into
//! a `toml::Table` (or, with `--events`, only through `toml_parser`'s lexer and event parser, every
//! key and scalar decoded, no tree), on a rayon pool of `N` threads (default: every core), then
//! prints `files=… bytes=… seconds=…`. It does nothing more (no conversion, no linking, no checks), so
//! it is the floor the loader (`corroborate check DIR`) is compared to; `scripts/bench-load.sh`
//! runs both. The time covers finding, reading and parsing the files.
//!
//! Without `DIR` (as under a bare `cargo bench`), it generates a 10,000-claim corpus into a
//! temporary folder with `examples/gen_corpus.rs` and measures that.

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
pub mod gen;

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

const USAGE: &str = "usage: toml_floor DIR [--threads N] [--events]";

/// Every `.toml` file under `dir`, recursively (hidden entries skipped, like the loader).
fn find(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = std::fs::metadata(&path)?;
        if kind.is_dir() {
            find(&path, out)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// How far each file is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Floor {
    /// Parsed into a `toml::Table` (a tree, as the loader's general route builds).
    Table,
    /// Run through `toml_parser`'s lexer and event parser, every scalar decoded: spans for every
    /// token, no tree. What a loader over events cannot go below.
    Events,
}

/// Lexes `text`, parses it into events and decodes every key and scalar; returns how many events
/// there were, or the first error.
pub fn events(text: &str) -> Result<usize, String> {
    use toml_parser::parser::{EventReceiver, RecursionGuard};
    use toml_parser::{ErrorSink, ParseError, Source, Span};
    struct Count<'s> {
        source: Source<'s>,
        events: usize,
        /// Bytes decoded (kept, so the decoding is not optimised away).
        decoded: usize,
    }
    impl Count<'_> {
        /// Decodes the key or scalar at `span` (written with `kind`), counting its bytes.
        fn decode(
            &mut self,
            span: Span,
            kind: Option<toml_parser::decoder::Encoding>,
            error: &mut dyn ErrorSink,
            key: bool,
        ) {
            self.events += 1;
            if let Some(text) = self.source.input().get(span.start()..span.end()) {
                let raw = toml_parser::Raw::new_unchecked(text, kind, span);
                let mut out = std::borrow::Cow::Borrowed("");
                if key {
                    raw.decode_key(&mut out, error);
                } else {
                    let _ = raw.decode_scalar(&mut out, error);
                }
                self.decoded += out.len();
            }
        }
    }
    impl EventReceiver for Count<'_> {
        fn simple_key(
            &mut self,
            span: Span,
            kind: Option<toml_parser::decoder::Encoding>,
            error: &mut dyn ErrorSink,
        ) {
            self.decode(span, kind, error, true);
        }
        fn scalar(
            &mut self,
            span: Span,
            kind: Option<toml_parser::decoder::Encoding>,
            error: &mut dyn ErrorSink,
        ) {
            self.decode(span, kind, error, false);
        }
        fn std_table_open(&mut self, _: Span, _: &mut dyn ErrorSink) {
            self.events += 1;
        }
        fn array_table_open(&mut self, _: Span, _: &mut dyn ErrorSink) {
            self.events += 1;
        }
    }
    struct Errors(Option<String>);
    impl ErrorSink for Errors {
        fn report_error(&mut self, error: ParseError) {
            self.0.get_or_insert_with(|| error.description().to_owned());
        }
    }
    let source = Source::new(text);
    let tokens = source.lex().into_vec();
    let mut count = Count {
        source,
        events: 0,
        decoded: 0,
    };
    let mut errors = Errors(None);
    let mut guard = RecursionGuard::new(&mut count, 128);
    toml_parser::parser::parse_document(&tokens, &mut guard, &mut errors);
    std::hint::black_box(&count.decoded);
    match errors.0 {
        Some(e) => Err(e),
        None => Ok(count.events),
    }
}

/// Reads and parses every file on the current rayon pool; returns (files, bytes).
pub fn floor(root: &Path) -> (usize, u64) {
    floor_of(root, Floor::Table)
}

/// Reads every file on the current rayon pool and takes it as far as `how`; returns
/// (files, bytes).
pub fn floor_of(root: &Path, how: Floor) -> (usize, u64) {
    let mut paths = Vec::new();
    for section in ["sources", "claims"] {
        let dir = root.join(section);
        if dir.is_dir() {
            if let Err(e) = find(&dir, &mut paths) {
                fail(&format!("cannot list {}: {e}", dir.display()));
            }
        }
    }
    paths.sort();
    let bytes = paths
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())));
            match how {
                Floor::Table => match text.parse::<toml::Table>() {
                    Ok(table) => drop(std::hint::black_box(table)),
                    Err(e) => fail(&format!("{}: {e}", path.display())),
                },
                Floor::Events => match events(&text) {
                    Ok(n) => drop(std::hint::black_box(n)),
                    Err(e) => fail(&format!("{}: {e}", path.display())),
                },
            }
            text.len() as u64
        })
        .sum();
    (paths.len(), bytes)
}

fn main() {
    let mut dir = None;
    let mut threads = None;
    let mut how = Floor::Table;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--threads" => {
                threads = match args.next().and_then(|n| n.parse::<usize>().ok()) {
                    Some(n) if n > 0 => Some(n),
                    _ => fail("--threads needs a positive number"),
                }
            }
            "--events" => how = Floor::Events,
            // `cargo bench` passes `--bench` to every bench target.
            "--bench" => {}
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            _ if arg.starts_with('-') => fail(&format!("unknown option {arg}")),
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => fail(&format!("unexpected argument {arg}")),
        }
    }
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        builder = builder.num_threads(n);
    }
    let pool = builder
        .build()
        .unwrap_or_else(|e| fail(&format!("cannot start threads: {e}")));

    let _temp;
    let dir = match dir {
        Some(dir) => dir,
        None => {
            let temp = tempfile::tempdir()
                .unwrap_or_else(|e| fail(&format!("cannot make a temp dir: {e}")));
            let stats = gen::generate(temp.path(), 10_000, 1)
                .unwrap_or_else(|e| fail(&format!("cannot generate a corpus: {e}")));
            eprintln!(
                "toml_floor: no DIR given; generated {} claims ({} bytes) in {}",
                stats.claims,
                stats.bytes,
                temp.path().display()
            );
            let path = temp.path().to_path_buf();
            _temp = temp;
            path
        }
    };

    let start = Instant::now();
    let (files, bytes) = pool.install(|| floor_of(&dir, how));
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "files={files} bytes={bytes} seconds={seconds:.4} threads={} floor={}",
        pool.current_num_threads(),
        match how {
            Floor::Table => "table",
            Floor::Events => "events",
        }
    );
}

fn fail(message: &str) -> ! {
    eprintln!("toml_floor: {message}\n{USAGE}");
    std::process::exit(2)
}
