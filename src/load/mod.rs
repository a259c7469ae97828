//! TOML files to a linked [`Corpus`], with a [`Diagnostic`] for every problem in every file.
//!
//! The only code that reads a corpus. Problems in the user's files are diagnostics, never `Err`:
//! loading carries on past them so a single run reports everything. `Err` ([`LoadError`]) is kept
//! for a corpus that cannot be read at all.
//!
//! The pipeline: [`walk`] finds the files in a fixed order; each file is read, parsed and
//! converted on its own (in parallel, a batch at a time, joined back in file order) by the fast
//! route for clean files in the plain subset of TOML, else by the general one ([`convert`]), both
//! filling the keys [`schema`] declares; [`link`] merges the entities, reports duplicate ids and
//! resolves references, running the checks of `crate::validate` on each claim as it is
//! resolved; the policy's severities are applied last, once (`crate::diag::apply_severities`).
//! The loader's own codes are in [`diags`]; the names of every rule a policy may set arrive in
//! [`LoadOptions::rules`], since the rules live above this layer.

pub mod captures;
pub mod convert;
pub mod diags;
mod fast;
pub mod json_schema;
pub mod link;
pub mod policy;
pub mod schema;
pub mod texts;
pub mod walk;

pub use convert::Section;

use crate::diag::{self, Diagnostic, Label};
use crate::model::{Corpus, CorpusFile, Date, FileId, Span};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// A corpus that could not be read at all (as opposed to one with problems in it).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The path does not exist or cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The path is a file, not a corpus folder.
    #[error("{} is not a folder", .0.display())]
    NotADirectory(PathBuf),
    /// The folder holds no `claims/` or `sources/` TOML files.
    #[error(
        "no corpus in {}: expected TOML files under claims/ and sources/\n\n\
         A corpus is a folder like this:\n\
         \x20 sources/actors.toml    [[actor]] id, name, opposes, allied\n\
         \x20 sources/sources.toml   [[source]] id, name, kind, actor, origin, reliability\n\
         \x20 claims/ambush.toml     [event] id, date; [[claim]] id, text, with [[claim.evidence]] source, stance, date\n\
         \x20 corroborate.toml       optional policy\n\n\
         Run `corroborate check PATH` on such a folder, or see README.md for the format.",
        .0.display()
    )]
    NoCorpus(PathBuf),
}

/// The policy file's name, at the corpus root.
pub const POLICY_FILE: &str = "corroborate.toml";

/// What loading needs besides the files.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// The day evidence dates are checked against (`evidence-in-future`).
    pub today: Date,
    /// Every rule a policy file may name (`[rules]`): the catalogue arrives as data, since the
    /// loader sits below the rules.
    pub rules: &'static [&'static crate::diag::RuleMeta],
}

/// A loaded corpus and everything found wrong with it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The corpus, with every entity that could be read.
    pub corpus: Corpus,
    /// Every problem found, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The policy: `corroborate.toml` over the defaults.
    pub policy: crate::policy::Policy,
    /// The documents' captures that were checked: the check cache hashes them again.
    pub captures: Vec<captures::Capture>,
}

/// One file's contents, as handed to the parser.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the corpus root.
    pub relative: String,
    /// Path on disk (informational for in-memory documents).
    pub path: PathBuf,
    /// Which section it belongs to.
    pub section: Section,
    /// The raw bytes, or why they could not be read.
    pub bytes: Result<Vec<u8>, String>,
}

/// Every file of the corpus rooted at `root`, in load order: the policy file first (when there
/// is one), then `sources/` and `claims/` as [`walk::find`] lists them.
pub fn find_files(root: &Path) -> Result<Vec<walk::Found>, LoadError> {
    find_files_with(root, None)
}

/// [`find_files`], with the policy read from `policy` instead of `ROOT/corroborate.toml` when
/// one is given (`--config`); a policy named that way must exist.
pub fn find_files_with(root: &Path, policy: Option<&Path>) -> Result<Vec<walk::Found>, LoadError> {
    let found = walk::find(root)?;
    with_policy(root, found, policy)
}

/// `found` with the policy file put first: `policy`, or `ROOT/corroborate.toml` if it exists.
pub fn with_policy(
    root: &Path,
    mut found: Vec<walk::Found>,
    policy: Option<&Path>,
) -> Result<Vec<walk::Found>, LoadError> {
    let unreadable = |path: &Path, source| LoadError::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    let (policy_path, relative, inside) = match policy {
        Some(path) => {
            // The user named it: it need not be inside the corpus, but it must be there.
            std::fs::symlink_metadata(path).map_err(|e| unreadable(path, e))?;
            let canonical = std::fs::canonicalize(path).map_err(|e| unreadable(path, e))?;
            let folder = canonical
                .parent()
                .map_or_else(|| canonical.clone(), Path::to_path_buf);
            (path.to_path_buf(), relative_label(root, &canonical), folder)
        }
        None => {
            let path = root.join(POLICY_FILE);
            // A policy file that is there but cannot be read as one (a folder, a FIFO, a
            // dangling link) is said, not silently replaced by the defaults.
            if std::fs::symlink_metadata(&path).is_err() {
                return Ok(found);
            }
            let inside = std::fs::canonicalize(root).map_err(|e| unreadable(root, e))?;
            (path, POLICY_FILE.to_owned(), inside)
        }
    };
    let skip = walk::skip_reason(&policy_path, &inside);
    found.insert(
        0,
        walk::Found {
            path: policy_path,
            relative,
            section: Section::Policy,
            skip,
        },
    );
    Ok(found)
}

/// How a file outside the usual place is named in messages: relative to the corpus root when it
/// is under it, else by its absolute path.
fn relative_label(root: &Path, canonical: &Path) -> String {
    std::fs::canonicalize(root)
        .ok()
        .and_then(|root| canonical.strip_prefix(root).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| canonical.to_path_buf())
        .to_string_lossy()
        .replace('\\', "/")
}

/// Loads the corpus rooted at `root`.
pub fn load(root: &Path, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let found = find_files(root)?;
    Ok(load_found(root, found, options, None))
}

/// Called with each file's index in load order and its bytes, as soon as it is read (from any
/// thread, in any order): a progress bar counts files, the cache hashes them.
pub type OnRead<'a> = &'a (dyn Fn(usize, &[u8]) + Sync);

/// Loads the files `found` (from [`find_files`]), calling `on_read` for each file read.
pub fn load_found(
    root: &Path,
    found: Vec<walk::Found>,
    options: &LoadOptions,
    on_read: Option<OnRead<'_>>,
) -> Loaded {
    load_found_overlay(root, found, None, options, on_read)
}

/// [`load_found`] with one document given in memory (`check -` reads it from stdin): it takes
/// the place of the found file with the same relative path, or is loaded after the others.
pub fn load_found_overlay(
    root: &Path,
    mut found: Vec<walk::Found>,
    overlay: Option<Document>,
    options: &LoadOptions,
    on_read: Option<OnRead<'_>>,
) -> Loaded {
    let overlay_at =
        overlay.as_ref().map(
            |doc| match found.iter().position(|f| f.relative == doc.relative) {
                Some(at) => {
                    found[at].skip = None;
                    at
                }
                None => {
                    found.push(walk::Found {
                        path: doc.path.clone(),
                        relative: doc.relative.clone(),
                        section: doc.section,
                        skip: None,
                    });
                    found.len() - 1
                }
            },
        );
    let overlay = std::sync::Mutex::new(overlay);
    let mut merger = Merger::new(root, found.len());
    // Files are read and parsed in parallel a batch at a time, and each batch is appended to the
    // corpus while the next one is parsed: only two batches of parsed files are ever held besides
    // the corpus (holding them all doubled the corpus's claims in memory while they were merged).
    let parse_batch = |first: usize, batch: Vec<walk::Found>| -> Vec<Parsed> {
        batch
            .into_par_iter()
            .enumerate()
            .map(|(k, f)| {
                let i = first + k;
                if Some(i) == overlay_at {
                    if let Some(doc) = overlay.lock().ok().and_then(|mut o| o.take()) {
                        return parse_file(i, options.rules, doc);
                    }
                }
                if let Some(why) = &f.skip {
                    return skipped(i, &f, why);
                }
                let bytes = std::fs::read(&f.path).map_err(|e| e.to_string());
                if let (Some(on_read), Ok(bytes)) = (on_read, &bytes) {
                    on_read(i, bytes);
                }
                parse_file(
                    i,
                    options.rules,
                    Document {
                        relative: f.relative,
                        path: f.path,
                        section: f.section,
                        bytes,
                    },
                )
            })
            .collect()
    };
    let mut rest = found;
    let mut first = 0;
    let mut pending: Vec<Parsed> = Vec::new();
    while !rest.is_empty() {
        let later = rest.split_off(rest.len().min(FILES_PER_BATCH));
        let count = rest.len();
        let (parsed, ()) = rayon::join(
            || parse_batch(first, rest),
            || merger.append(std::mem::take(&mut pending)),
        );
        pending = parsed;
        first += count;
        rest = later;
    }
    merger.append(pending);
    crate::util::timing::mark("parsed");
    merger.finish(options)
}

/// Files parsed in parallel per batch: enough to keep both cores busy, few enough that a batch
/// is small beside the corpus.
const FILES_PER_BATCH: usize = 256;

/// Loads documents already in hand (in the order given), e.g. from memory in tests.
pub fn load_documents(
    root: &Path,
    documents: impl IndexedParallelIterator<Item = Document>,
    options: &LoadOptions,
) -> Loaded {
    let parsed: Vec<Parsed> = documents
        .enumerate()
        .map(|(i, doc)| parse_file(i, options.rules, doc))
        .collect();
    let mut merger = Merger::new(root, parsed.len());
    merger.append(parsed);
    merger.finish(options)
}

/// One file, parsed and converted.
type Parsed = (CorpusFile, convert::FileEntities, Vec<Diagnostic>);

/// Parses and converts the `i`th document of the corpus; its bytes are dropped here.
fn parse_file(i: usize, rules: &[&crate::diag::RuleMeta], doc: Document) -> Parsed {
    let file = FileId::try_from(i).unwrap_or(FileId::MAX);
    let len = doc.bytes.as_ref().map_or(0, |b| b.len() as u64);
    let (entities, diags) = parse_document(file, &doc, rules);
    (
        CorpusFile {
            relative: doc.relative,
            path: doc.path,
            len,
        },
        entities,
        diags,
    )
}

/// The `i`th file of the corpus, not read for `why`: a warning at its start.
fn skipped(i: usize, found: &walk::Found, why: &walk::Skip) -> Parsed {
    let file = FileId::try_from(i).unwrap_or(FileId::MAX);
    let name = &found.relative;
    let (message, help) = match why {
        walk::Skip::OutsideCorpus(target) => (
            format!(
                "{name} links to {}, outside the corpus folder: not read",
                target.display()
            ),
            "copy the file into the corpus if it belongs to it",
        ),
        walk::Skip::Dangling => (
            format!("{name} is a symbolic link to nothing: not read"),
            "remove the link or point it at a file of the corpus",
        ),
        walk::Skip::NotAFile => (
            format!("{name} is not a regular file: not read"),
            "a corpus file is a plain TOML file",
        ),
        walk::Skip::Extension => (
            format!("{name} is not named `.toml`: not read"),
            "rename it to end in `.toml` (lower case) to have it read",
        ),
    };
    let help = if found.section == Section::Policy {
        format!("{help}; until then the default policy applies")
    } else {
        help.to_owned()
    };
    let label = Label::new(Span::new(file, 0..0), "not read");
    (
        CorpusFile {
            relative: found.relative.clone(),
            path: found.path.clone(),
            len: 0,
        },
        convert::FileEntities::default(),
        vec![diags::SKIPPED_FILE.diag(message, label).with_help(help)],
    )
}

/// The corpus as parsed files are appended to it, in load order.
struct Merger {
    corpus: Corpus,
    /// Top-level `[[evidence]]` items, attached to their claims once every claim is in.
    loose_evidence: Vec<(
        crate::model::Located<crate::model::Text>,
        crate::model::Evidence,
    )>,
    diagnostics: Vec<Diagnostic>,
    policy: crate::policy::Policy,
}

impl Merger {
    fn new(root: &Path, files: usize) -> Self {
        Merger {
            corpus: Corpus {
                root: root.to_path_buf(),
                files: Vec::with_capacity(files),
                ..Corpus::default()
            },
            loose_evidence: Vec::new(),
            diagnostics: Vec::new(),
            policy: crate::policy::Policy::default(),
        }
    }

    /// Appends the next files, in order.
    fn append(&mut self, parsed: Vec<Parsed>) {
        for (file, mut entities, diags) in parsed {
            self.corpus.files.push(file);
            if let Some(p) = entities.policy.take() {
                self.policy = p;
            }
            self.loose_evidence.append(&mut entities.loose_evidence);
            link::append(&mut self.corpus, entities);
            self.diagnostics.extend(diags);
        }
    }

    /// Drops repeated ids, resolves references and runs the cross-entity checks.
    fn finish(self, options: &LoadOptions) -> Loaded {
        let Merger {
            mut corpus,
            loose_evidence,
            mut diagnostics,
            policy,
        } = self;
        link::dedup_all(&mut corpus, &mut diagnostics);
        link::attach_evidence(&mut corpus, loose_evidence, &mut diagnostics);
        crate::util::timing::mark("deduplicated");
        let today = options.today;
        // The cross-entity checks that look at one claim at a time run as each is resolved.
        link::resolve(
            &mut corpus,
            &mut diagnostics,
            |claim, events, documents, out| {
                let scope = crate::validate::Scope {
                    events,
                    documents,
                    today,
                };
                crate::validate::check_claim(claim, &scope, out);
            },
        );
        let captures = captures::check(&corpus, &mut diagnostics);
        crate::validate::check_actors(&corpus.actors, &mut diagnostics);
        crate::validate::check_claims(&corpus.claims, &corpus.questions, &mut diagnostics);
        diag::apply_severities(&mut diagnostics, |code, default| {
            policy.severity(code, default)
        });
        diag::sort(&mut diagnostics);
        Loaded {
            corpus,
            diagnostics,
            policy,
            captures,
        }
    }
}

/// Reads, parses and converts one document.
fn parse_document(
    file: FileId,
    doc: &Document,
    rules: &[&crate::diag::RuleMeta],
) -> (convert::FileEntities, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let empty = convert::FileEntities::default();
    let bytes = match &doc.bytes {
        Ok(bytes) => bytes,
        Err(why) => {
            let label = Label::new(Span::new(file, 0..0), "cannot be read");
            diags.push(
                diags::UNREADABLE_FILE.diag(format!("cannot read {}: {why}", doc.relative), label),
            );
            return (empty, diags);
        }
    };
    if u32::try_from(bytes.len()).is_err() {
        let label = Label::new(Span::new(file, 0..0), "too large");
        diags.push(
            diags::UNREADABLE_FILE.diag(format!("{} is larger than 4 GiB", doc.relative), label),
        );
        return (empty, diags);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.valid_up_to();
            let byte = bytes.get(at).copied().unwrap_or(0);
            diags.push(
                diags::NON_UTF8
                    .diag(
                        format!(
                            "{} is not valid UTF-8: byte 0x{byte:02X} at byte offset {at}",
                            doc.relative
                        ),
                        Label::new(Span::new(file, at..at), "invalid UTF-8 here"),
                    )
                    .with_help("save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)"),
            );
            return (empty, diags);
        }
    };
    if let Some(entities) = fast::convert(file, doc.section, text) {
        return (entities, diags);
    }
    let (root, errors) = toml::de::DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        diags.extend(syntax_diagnostics(file, text, &errors));
        // What follows a syntax error is the parser's guess; checking it would report problems
        // the user did not write.
        return (empty, diags);
    }
    let entities = convert::convert(file, doc.section, root.get_ref(), &mut diags, rules);
    (entities, diags)
}

/// How deep `toml` reads: more nested arrays and inline tables, or a dotted key of more parts,
/// is a syntax error. The parser's own limit, which it does not export; the tests below notice
/// if an upgrade moves it.
const TOML_DEPTH: usize = 80;

/// The `toml-syntax` diagnostics of `errors`, the parser's errors on `text` (file `file`).
///
/// Each problem is reported once: an array left open at every one of 80 levels is one problem
/// at one place, not 80 identical lines. A key nested too deep comes from the parser without a
/// position; it is located here, at the first part beyond the limit, rather than shown at 1:1.
fn syntax_diagnostics(file: FileId, text: &str, errors: &[toml::de::Error]) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for error in errors {
        let message = error.message().trim();
        let too_deep = message.contains("recursion");
        let span = match error.span() {
            Some(span) => span,
            None if too_deep => deep_key(text).unwrap_or(0..0),
            None => 0..0,
        };
        let (message, label) = if !too_deep {
            (format!("invalid TOML: {message}"), message.to_owned())
        } else if error.span().is_none() {
            (
                format!(
                    "invalid TOML: a key nested too deep (more than {TOML_DEPTH} dotted parts)"
                ),
                "nested too deep here".to_owned(),
            )
        } else {
            (
                format!(
                    "invalid TOML: arrays or inline tables nested too deep (more than {TOML_DEPTH} levels)"
                ),
                "nested too deep here".to_owned(),
            )
        };
        if seen.insert((span.clone(), message.clone())) {
            out.push(diags::TOML_SYNTAX.diag(message, Label::new(Span::new(file, span), label)));
        }
    }
    out
}

/// Where the first key of more than [`TOML_DEPTH`] dotted parts (in a header, before `=`, in an
/// inline table) goes too deep: its first part beyond the limit. Read with `toml`'s own lexer and
/// event parser, so quoted parts, comments and strings are taken exactly as `toml` takes them;
/// the recursion guard keeps it from descending into nesting it does not need.
fn deep_key(text: &str) -> Option<std::ops::Range<usize>> {
    use toml_parser::parser::{EventReceiver, RecursionGuard};
    use toml_parser::{decoder::Encoding, ErrorSink};

    /// Counts the parts of the key being read; anything but a part, a dot or a blank ends it.
    #[derive(Default)]
    struct Keys {
        parts: usize,
        found: Option<std::ops::Range<usize>>,
    }
    impl Keys {
        fn end(&mut self) {
            self.parts = 0;
        }
    }
    impl EventReceiver for Keys {
        fn simple_key(
            &mut self,
            span: toml_parser::Span,
            _: Option<Encoding>,
            _: &mut dyn ErrorSink,
        ) {
            self.parts += 1;
            if self.parts == TOML_DEPTH + 1 && self.found.is_none() {
                self.found = Some(span.start()..span.end());
            }
        }
        fn std_table_open(&mut self, _: toml_parser::Span, _: &mut dyn ErrorSink) {
            self.end();
        }
        fn std_table_close(&mut self, _: toml_parser::Span, _: &mut dyn ErrorSink) {
            self.end();
        }
        fn array_table_open(&mut self, _: toml_parser::Span, _: &mut dyn ErrorSink) {
            self.end();
        }
        fn array_table_close(&mut self, _: toml_parser::Span, _: &mut dyn ErrorSink) {
            self.end();
        }
        fn inline_table_open(&mut self, _: toml_parser::Span, _: &mut dyn ErrorSink) -> bool {
            self.end();
            true
        }
        fn inline_table_close(&mut self, _: toml_parser::Span, _: &mut dyn ErrorSink) {
            self.end();
        }
        fn array_open(&mut self, _: toml_parser::Span, _: &mut dyn ErrorSink) -> bool {
            self.end();
            true
        }
        fn array_close(&mut self, _: toml_parser::Span, _: &mut dyn ErrorSink) {
            self.end();
        }
        fn key_val_sep(&mut self, _: toml_parser::Span, _: &mut dyn ErrorSink) {
            self.end();
        }
        fn scalar(&mut self, _: toml_parser::Span, _: Option<Encoding>, _: &mut dyn ErrorSink) {
            self.end();
        }
        fn value_sep(&mut self, _: toml_parser::Span, _: &mut dyn ErrorSink) {
            self.end();
        }
        fn comment(&mut self, _: toml_parser::Span, _: &mut dyn ErrorSink) {
            self.end();
        }
        fn newline(&mut self, _: toml_parser::Span, _: &mut dyn ErrorSink) {
            self.end();
        }
        fn error(&mut self, _: toml_parser::Span, _: &mut dyn ErrorSink) {
            self.end();
        }
    }

    let source = toml_parser::Source::new(text);
    let tokens = source.lex().into_vec();
    let mut keys = Keys::default();
    let limit = u32::try_from(TOML_DEPTH).unwrap_or(u32::MAX);
    let mut guarded = RecursionGuard::new(&mut keys, limit);
    toml_parser::parser::parse_document(&tokens, &mut guarded, &mut ());
    keys.found
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Loading from disk a batch of files at a time gives exactly what loading every file at
    /// once gives: the same corpus, file ids and diagnostics, across batch boundaries too (a
    /// claim id repeated in the first and the last file keeps the first).
    #[test]
    fn batched_loading_is_loading_at_once() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        std::fs::create_dir_all(root.join("sources")).expect("sources/");
        std::fs::create_dir_all(root.join("claims")).expect("claims/");
        std::fs::write(root.join("sources/s.toml"), SOURCES).expect("written");
        let files = FILES_PER_BATCH * 2 + 7;
        for n in 0..files {
            let id = if n == files - 1 { 0 } else { n };
            let source = if n == FILES_PER_BATCH { "rfx" } else { "rfi" };
            let text = format!(
                "[[claim]]\nid = \"c{id}\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"{source}\"\nstance = \"asserts\"\n"
            );
            std::fs::write(root.join(format!("claims/f{n:04}.toml")), text).expect("written");
        }
        let options = crate::engine::load_options(
            crate::model::Date::from_ymd_opt(2025, 12, 31).expect("a date"),
        );
        let batched = load(root, &options).expect("loads");
        let documents: Vec<Document> = find_files(root)
            .expect("found")
            .into_iter()
            .map(|f| Document {
                bytes: std::fs::read(&f.path).map_err(|e| e.to_string()),
                relative: f.relative,
                path: f.path,
                section: f.section,
            })
            .collect();
        let at_once = load_documents(root, documents.into_par_iter(), &options);
        assert_eq!(batched.corpus, at_once.corpus);
        assert_eq!(batched.diagnostics, at_once.diagnostics);
        assert_eq!(batched.corpus.files.len(), files + 1);
        assert_eq!(
            batched.corpus.claims.len(),
            files - 1,
            "the repeated id is dropped"
        );
        let codes: Vec<&str> = batched.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["unknown-source", "duplicate-id"], "in file order");
    }

    /// A small sources file the rule tests share.
    pub(crate) const SOURCES: &str = "\
[[actor]]
id = \"fla\"
[[actor]]
id = \"fama\"
[[source]]
id = \"rfi\"
kind = \"media\"
reliability = \"B\"
[[source]]
id = \"fla-spokesman\"
kind = \"party\"
actor = \"fla\"
";

    /// The result of loading one sources file and one claims file from memory.
    pub(crate) struct Outcome(pub(crate) Loaded);

    impl Outcome {
        /// The codes of the diagnostics, in output order.
        pub(crate) fn codes(&self) -> Vec<&'static str> {
            self.0.diagnostics.iter().map(|d| d.code).collect()
        }
    }

    /// Loads `sources` (as sources/s.toml) and `claims` (as claims/c.toml), checked as of 2025-12-31.
    pub(crate) fn load_str(sources: &str, claims: &str) -> Outcome {
        let docs = vec![
            Document {
                relative: "sources/s.toml".into(),
                path: "sources/s.toml".into(),
                section: Section::Sources,
                bytes: Ok(sources.as_bytes().to_vec()),
            },
            Document {
                relative: "claims/c.toml".into(),
                path: "claims/c.toml".into(),
                section: Section::Claims,
                bytes: Ok(claims.as_bytes().to_vec()),
            },
        ];
        let today = Date::from_ymd_opt(2025, 12, 31).expect("valid date");
        Outcome(load_documents(
            Path::new("."),
            docs.into_par_iter(),
            &crate::engine::load_options(today),
        ))
    }

    #[test]
    fn a_clean_corpus_links_every_reference() {
        let out = load_str(
            SOURCES,
            "[event]\nid = \"e\"\ndate = 2025-07-14\n[[claim]]\nid = \"c\"\ntext = \"t\"\nfavours = \"fla\"\n\
             [[claim.evidence]]\nsource = \"fla-spokesman\"\nstance = \"asserts\"\nvia = \"rfi\"\ndate = 2025-07-14\n",
        );
        assert!(out.codes().is_empty(), "{:?}", out.0.diagnostics);
        let corpus = &out.0.corpus;
        let claim = &corpus.claims[0];
        assert_eq!(
            claim.event.as_ref().and_then(|e| e.target).map(|e| e.0),
            Some(0)
        );
        assert!(claim.favours.as_ref().and_then(|f| f.target).is_some());
        assert!(claim.evidence[0].source.target.is_some());
        assert!(claim.evidence[0].relay().and_then(|v| v.target).is_some());
        assert_eq!(corpus.sources[1].origin_key(), "fla");
    }

    const DOCUMENT: &str = "[[document]]\nid = \"rfi-1\"\nsource = \"rfi\"\ndate = 2025-07-15\nurl = \"https://rfi.example/1\"\n";

    /// An item citing a document takes its source and date; one that names the source it
    /// relays keeps its own, and an earlier date for what was said before the report.
    #[test]
    fn evidence_takes_its_documents_source_and_date() {
        let claims = "[[claim]]\nid = \"c\"\ntext = \"t\"\n\
            [[claim.evidence]]\ndocument = \"rfi-1\"\nstance = \"asserts\"\n\
            [[claim.evidence]]\nsource = \"fla-spokesman\"\nvia = \"rfi\"\ndocument = \"rfi-1\"\ndate = 2025-07-14\nstance = \"asserts\"\n";
        let out = load_str(&format!("{SOURCES}{DOCUMENT}"), claims);
        assert!(out.codes().is_empty(), "{:?}", out.0.diagnostics);
        let corpus = &out.0.corpus;
        let [own, relayed] = &corpus.claims[0].evidence[..] else {
            panic!("two items");
        };
        assert_eq!(own.source.id.as_str(), "rfi");
        assert!(own.source.target.is_some());
        assert_eq!(
            own.date.as_ref().map(|d| d.value.to_string()).as_deref(),
            Some("2025-07-15")
        );
        assert_eq!(own.url(corpus), Some("https://rfi.example/1"));
        assert_eq!(relayed.source.id.as_str(), "fla-spokesman");
        assert_eq!(
            relayed
                .date
                .as_ref()
                .map(|d| d.value.to_string())
                .as_deref(),
            Some("2025-07-14")
        );
        assert_eq!(relayed.document().map(|d| d.0), Some(0));
    }

    /// A source the document neither published nor relays, a date after publication, an unknown
    /// document: each is reported at the evidence's own words.
    #[test]
    fn evidence_that_contradicts_its_document_is_an_error() {
        let claims = "[[claim]]\nid = \"c\"\ntext = \"t\"\n\
            [[claim.evidence]]\nsource = \"fla-spokesman\"\ndocument = \"rfi-1\"\nstance = \"asserts\"\n\
            [[claim.evidence]]\ndocument = \"rfi-1\"\ndate = 2025-07-16\nstance = \"asserts\"\n\
            [[claim.evidence]]\ndocument = \"rfi-2\"\nsource = \"rfi\"\ndate = 2025-07-15\nstance = \"asserts\"\n";
        let out = load_str(&format!("{SOURCES}{DOCUMENT}"), claims);
        assert_eq!(
            out.codes(),
            ["document-conflict", "document-conflict", "unknown-document"]
        );
        let at = |i: usize| {
            let span = out.0.diagnostics[i].primary.span;
            &claims[span.start as usize..span.end as usize]
        };
        assert_eq!(at(0), "\"fla-spokesman\"");
        assert_eq!(at(1), "2025-07-16");
        assert_eq!(at(2), "\"rfi-2\"");
        assert!(out.0.diagnostics[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("via = \"rfi\""));
        assert_eq!(
            out.0.diagnostics[2].help.as_deref(),
            Some("did you mean `rfi-1`?")
        );
    }

    /// Top-level `[[evidence]]` tables join the claims they name, after their own items; an
    /// unknown claim gets a did-you-mean.
    #[test]
    fn evidence_that_names_its_claim_joins_it() {
        let claims = "[[claim]]\nid = \"alkit.x\"\ntext = \"t\"\n\
            [[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\n\
            [[evidence]]\nclaim = \"alkit.x\"\nsource = \"fla-spokesman\"\nstance = \"denies\"\n\
            [[evidence]]\nclaim = \"alkit.y\"\nsource = \"rfi\"\nstance = \"denies\"\n";
        let out = load_str(SOURCES, claims);
        assert_eq!(out.codes(), ["unknown-claim"]);
        assert_eq!(
            out.0.diagnostics[0].help.as_deref(),
            Some("did you mean `alkit.x`?")
        );
        let evidence = &out.0.corpus.claims[0].evidence;
        assert_eq!(evidence.len(), 2);
        assert_eq!(evidence[1].source.id.as_str(), "fla-spokesman");
        assert!(evidence[1].source.target.is_some());
    }

    /// The desk's verdict and a rating are read; a credibility out of range is located.
    #[test]
    fn the_desks_verdict_is_read() {
        let claims = "[[claim]]\nid = \"c\"\ntext = \"t\"\npublish = \"rating\"\n\
            [claim.desk]\nstatus = \"refuted\"\ncredibility = 5\nby = \"A. Editor\"\ndate = 2025-07-20\nreason = \"r\"\n\
            [[claim]]\nid = \"d\"\ntext = \"t\"\n[claim.desk]\nstatus = \"refutd\"\ncredibility = 7\n";
        let out = load_str(SOURCES, claims);
        assert_eq!(out.codes(), ["invalid-value", "invalid-value"]);
        assert_eq!(
            out.0.diagnostics[0].help.as_deref(),
            Some("did you mean `refuted`? accepted: confirmed, corroborated, unconfirmed, contested, refuted")
        );
        let claim = &out.0.corpus.claims[0];
        assert!(claim.publish && claim.rating);
        let desk = claim.desk.as_deref().expect("a desk verdict");
        assert_eq!(
            desk.status.as_ref().map(|s| s.value),
            Some(crate::model::Status::Refuted)
        );
        assert_eq!(desk.credibility.as_ref().map(|c| c.value), Some(5));
        assert_eq!(desk.by.as_deref(), Some("A. Editor"));
    }

    /// A capture's path stays inside the corpus, and its digest is 64 hex digits.
    #[test]
    fn a_documents_capture_is_checked_as_written() {
        let sources = format!("{SOURCES}[[document]]\nid = \"a\"\nfile = \"../secret\"\nsha256 = \"{}\"\n[[document]]\nid = \"b\"\nfile = \"sources/b.pdf\"\n[[document]]\nid = \"c\"\nsha256 = \"xyz\"\n", "0".repeat(64));
        let out = load_str(&sources, "");
        // `b`'s capture is not there either (the corpus root is the crate's folder).
        assert_eq!(
            out.codes(),
            [
                "invalid-value",
                "missing-capture",
                "missing-field",
                "invalid-value"
            ]
        );
    }

    /// Every relay of a chain is resolved, and an unknown one is reported at its own id.
    #[test]
    fn a_relay_chain_is_resolved_link_by_link() {
        let claims = "[[claim]]\nid = \"c\"\ntext = \"t\"\n\
            [[claim.evidence]]\nsource = \"fla-spokesman\"\nstance = \"asserts\"\nvia = [\"rfi\", \"afp\"]\n\
            [[claim]]\nid = \"d\"\ntext = \"t\"\n\
            [[claim.evidence]]\nsource = \"fla-spokesman\"\nstance = \"asserts\"\nvia = []\n";
        let loaded = load_str(SOURCES, claims);
        assert_eq!(loaded.codes(), ["unknown-source", "invalid-value"]);
        let d = &loaded.0.diagnostics[0];
        let span = d.primary.span;
        assert_eq!(&claims[span.start as usize..span.end as usize], "\"afp\"");
        let chain = loaded.0.corpus.claims[0].evidence[0]
            .via
            .as_deref()
            .expect("a chain");
        assert_eq!(chain.chain(), "rfi → afp");
        assert!(chain.0[0].target.is_some());
        assert_eq!(chain.desk().map(|r| r.id.as_str()), Some("afp"));
    }

    #[test]
    fn every_problem_in_a_file_is_reported() {
        let out = load_str(
            SOURCES,
            "[[claim]]\nid = \"Bad Id\"\ntxt = \"t\"\n[[claim]]\nid = \"ok\"\ntext = 3\n[[claim.evidence]]\nsource = \"nobody\"\nstance = \"assert\"\n",
        );
        let mut codes = out.codes();
        codes.sort_unstable();
        assert_eq!(
            codes,
            [
                "invalid-id",
                "invalid-value",
                "missing-field",
                "unknown-key",
                "unknown-source",
                "wrong-type"
            ]
        );
    }

    /// The schema's required flags are the loader's: an entry without a required key is
    /// reported as `missing-field`, and one without any other key is not.
    #[test]
    fn required_keys_are_the_schema_s() {
        use super::schema::{ActorKey, ClaimKey, EventKey, EvidenceKey, Keys, SourceKey};
        fn check<K: Keys>(sources: bool, entry: &str) {
            for key in K::ALL {
                let line = format!("{} = ", key.name());
                if !entry.lines().any(|l| l.starts_with(&line)) {
                    continue;
                }
                let without: String = entry
                    .lines()
                    .filter(|l| !l.starts_with(&line))
                    .map(|l| format!("{l}\n"))
                    .collect();
                let out = if sources {
                    load_str(&format!("{SOURCES}{without}"), "")
                } else {
                    load_str(SOURCES, &without)
                };
                // Evidence needs a source or a document to take one from; these entries cite
                // no document.
                let required = key.required()
                    || (K::WHAT == EvidenceKey::WHAT && key.name() == EvidenceKey::Source.name());
                assert_eq!(
                    out.codes().contains(&"missing-field"),
                    required,
                    "{} without `{}`: {:?}",
                    K::WHAT,
                    key.name(),
                    out.codes()
                );
            }
        }
        check::<ActorKey>(
            true,
            "[[actor]]\nid = \"x\"\nname = \"X\"\nopposes = [\"fla\"]\nallied = [\"fama\"]\n",
        );
        check::<SourceKey>(true, "[[source]]\nid = \"s\"\nname = \"S\"\nkind = \"media\"\nactor = \"fla\"\norigin = \"o\"\nreliability = \"B\"\nurl = \"https://example.org\"\n");
        check::<EventKey>(
            false,
            "[event]\nid = \"e\"\ntitle = \"T\"\ndate = 2025-07-14\nplace = \"P\"\n",
        );
        check::<ClaimKey>(false, "[[claim]]\nid = \"c\"\ntext = \"t\"\nfavours = \"fla\"\nagainst = \"fama\"\nquestion = \"q\"\npublish = true\n");
        check::<EvidenceKey>(false, "[[claim]]\nid = \"c\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\ndate = 2025-07-14\nvia = \"fla-spokesman\"\nhedged = true\nquote = \"q\"\nlang = \"fr\"\n");
    }

    /// `TOML_DEPTH` is the parser's limit: a key of that many parts and that many nested arrays
    /// read; one more does not, and is located (the key at its part beyond the limit).
    #[test]
    fn toml_depth_is_the_parsers_limit() {
        let parse = |text: &str| toml::de::DeTable::parse_recoverable(text).1;
        let key = |n: usize| vec!["k"; n].join(".");
        assert!(parse(&format!("{} = 1\n", key(TOML_DEPTH))).is_empty());
        let text = format!("{} = 1\n", key(TOML_DEPTH + 1));
        let errors = parse(&text);
        assert!(!errors.is_empty());
        let at = 2 * TOML_DEPTH;
        assert_eq!(deep_key(&text), Some(at..at + 1));
        let diags = syntax_diagnostics(3, &text, &errors);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].primary.span, Span::new(3, at..at + 1));
        let arrays = |n: usize| format!("a = {}{}\n", "[".repeat(n), "]".repeat(n));
        assert!(parse(&arrays(TOML_DEPTH)).is_empty());
        assert!(!parse(&arrays(TOML_DEPTH + 1)).is_empty());
    }

    /// Quoted parts, comments and strings holding dots are read as TOML reads them.
    #[test]
    fn a_deep_key_is_found_among_strings_and_comments() {
        let mut text = String::from("a = \"k.k.k.k\" # k.k.k\n[t]\n");
        let parts: Vec<String> = (0..=TOML_DEPTH)
            .map(|i| {
                if i % 2 == 0 {
                    format!("\"p.{i}\"")
                } else {
                    format!("p{i}")
                }
            })
            .collect();
        let start = text.len();
        text.push_str(&parts.join(" . "));
        text.push_str(" = 1\n");
        let at = start
            + parts[..TOML_DEPTH]
                .iter()
                .map(|p| p.len() + 3)
                .sum::<usize>();
        let end = at + parts[TOML_DEPTH].len();
        assert_eq!(deep_key(&text), Some(at..end));
        assert_eq!(deep_key("a = [[[[1]]]]\nb.c = 2\n"), None);
    }
}
