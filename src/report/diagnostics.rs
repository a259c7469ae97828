//! Diagnostics for people (miette-style snippets, or one line each) and for programs (JSON).

use crate::diag::{Counts, Diagnostic, Severity};
use crate::load::texts::{Position, Texts};
use crate::model::Corpus;
use crate::report::view::display_path;
use crate::report::{terminal_safe, terminal_safe_same_len};
use crate::util::text::plural;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceSpan, SpanContents,
};
use serde::Serialize;
use std::fmt;

/// A diagnostic bound to its file's text, in the shape miette renders.
#[derive(Debug)]
struct Snippet {
    message: String,
    code: &'static str,
    severity: Severity,
    help: Option<String>,
    source: Window,
    labels: Vec<LabeledSpan>,
    related: Vec<Snippet>,
}

/// The lines of a file around a diagnostic's labels, made terminal-safe, which is all miette
/// reads: handing it the whole file cost a copy and a scan from the top of the file for every
/// diagnostic, 20 s for ten thousand warnings in 50 KB files.
#[derive(Debug)]
struct Window {
    /// The file's name as shown.
    name: String,
    /// The lines shown, whole.
    text: String,
    /// The byte offset of `text` in the file.
    offset: usize,
    /// How many lines of the file come before `text`.
    lines_before: usize,
}

/// Lines of context a window keeps around its labels: more than the snippet renderer shows
/// (one), so it never runs short.
const WINDOW_CONTEXT: usize = 3;

impl Window {
    /// The window of `file` that covers `spans` (all in `file`) with [`WINDOW_CONTEXT`] lines
    /// either side.
    fn of(
        corpus: &Corpus,
        texts: &mut Texts,
        file: crate::model::FileId,
        spans: &[crate::model::Span],
    ) -> Window {
        let (mut first, mut last) = (usize::MAX, 0);
        for span in spans {
            let (start, end) = texts.range(corpus, *span);
            first = first.min(start.line);
            last = last.max(end.line);
        }
        let first = first.min(last).saturating_sub(WINDOW_CONTEXT).max(1);
        let start = texts.line_start(corpus, file, first);
        let end = texts.line_start(corpus, file, last + WINDOW_CONTEXT + 1);
        let whole = texts.text(corpus, file);
        let text = whole.get(start..end.max(start)).unwrap_or_default();
        Window {
            name: display_path(corpus, file),
            text: terminal_safe_same_len(text),
            offset: start,
            lines_before: first - 1,
        }
    }
}

impl miette::SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let local = SourceSpan::new(span.offset().saturating_sub(self.offset).into(), span.len());
        let inner =
            self.text
                .as_str()
                .read_span(&local, context_lines_before, context_lines_after)?;
        let (data, at) = (inner.data(), inner.span());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            SourceSpan::new((at.offset() + self.offset).into(), at.len()),
            inner.line() + self.lines_before,
            inner.column(),
            inner.line_count(),
        )))
    }
}

impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Snippet {}

impl miette::Diagnostic for Snippet {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

fn label(span: crate::model::Span, message: &str, primary: bool) -> LabeledSpan {
    let source_span = SourceSpan::new(
        (span.start as usize).into(),
        (span.end - span.start) as usize,
    );
    let text = Some(shown(message));
    if primary {
        LabeledSpan::new_primary_with_span(text, source_span)
    } else {
        LabeledSpan::new_with_span(text, source_span)
    }
}

fn snippet(corpus: &Corpus, texts: &mut Texts, d: &Diagnostic) -> Snippet {
    let file = d.primary.span.file;
    let here: Vec<crate::model::Span> = std::iter::once(&d.primary)
        .chain(&d.secondary)
        .filter(|l| l.span.file == file)
        .map(|l| l.span)
        .collect();
    let source = Window::of(corpus, texts, file, &here);
    let mut labels = vec![label(d.primary.span, &d.primary.message, true)];
    let mut related = Vec::new();
    for secondary in &d.secondary {
        if secondary.span.file == file {
            labels.push(label(secondary.span, &secondary.message, false));
        } else {
            let other = secondary.span.file;
            related.push(Snippet {
                message: shown(&secondary.message),
                code: d.code,
                severity: Severity::Info,
                help: None,
                source: Window::of(corpus, texts, other, &[secondary.span]),
                labels: vec![label(secondary.span, &secondary.message, true)],
                related: Vec::new(),
            });
        }
    }
    Snippet {
        message: shown(&d.message),
        code: d.code,
        severity: d.severity,
        help: d.help.as_deref().map(shown),
        source,
        labels,
        related,
    }
}

/// How to draw snippets.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Wrap to this many columns.
    pub width: usize,
}

/// Renders every diagnostic with its underlined snippet, as miette draws them.
pub fn render_human(
    corpus: &Corpus,
    texts: &mut Texts,
    diagnostics: &[Diagnostic],
    style: Style,
) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    by_file(texts, diagnostics, |texts, run, out| {
        for d in run {
            if let Some((line, len)) = long_line(corpus, texts, d) {
                compact(out, corpus, texts, d, line, len);
                continue;
            }
            let snippet = snippet(corpus, texts, d);
            // Writing into a String cannot fail.
            let _ = handler.render_report(out, &snippet);
            out.push('\n');
        }
    })
}

/// Below this many diagnostics, one thread renders them all.
const PARALLEL_FROM: usize = 64;

/// `render` run over `diagnostics` (sorted by file) a file at a time, in parallel when they are
/// many, each worker with its own cache of texts, and the results joined in order. A file's
/// text is read by the worker that renders its diagnostics and dropped with it, so memory holds
/// a few files rather than every file that has a warning.
fn by_file(
    texts: &mut Texts,
    diagnostics: &[Diagnostic],
    render: impl Fn(&mut Texts, &[Diagnostic], &mut String) + Sync,
) -> String {
    use rayon::prelude::*;
    let mut out = String::new();
    if diagnostics.len() < PARALLEL_FROM {
        render(texts, diagnostics, &mut out);
        return out;
    }
    let runs: Vec<&[Diagnostic]> = diagnostics
        .chunk_by(|a, b| a.primary.span.file == b.primary.span.file)
        .collect();
    let rendered: Vec<String> = runs
        .par_iter()
        .map(|run| {
            let mut texts = texts.fork();
            let mut out = String::new();
            render(&mut texts, run, &mut out);
            out
        })
        .collect();
    out.reserve(rendered.iter().map(String::len).sum());
    for part in rendered {
        out.push_str(&part);
    }
    out
}

/// Messages, labels and hints longer than this (in characters) are shown clipped: they quote
/// what the user wrote, which may be a 200,000-character id.
const MAX_TEXT: usize = 400;

/// `text`, terminal-safe, with its middle cut out when it is longer than [`MAX_TEXT`].
fn shown(text: &str) -> String {
    let safe = terminal_safe(text);
    let count = safe.chars().count();
    if count <= MAX_TEXT {
        return safe.into_owned();
    }
    let head: String = safe.chars().take(MAX_TEXT / 2).collect();
    let tail: String = safe.chars().skip(count - MAX_TEXT / 4).collect();
    format!(
        "{head}…({} characters)…{tail}",
        count - MAX_TEXT / 2 - MAX_TEXT / 4
    )
}

/// Lines longer than this (in characters) are not drawn in a snippet: a minified or generated
/// line of 200,000 characters would print that much per diagnostic (and past 65,535 columns the
/// snippet renderer cannot draw at all), so the diagnostic is shown without its snippet.
const MAX_SNIPPET_LINE: usize = 500;

/// The first line a snippet of `d` would draw (a labelled line or one beside it) that is longer
/// than [`MAX_SNIPPET_LINE`], with its length.
fn long_line(corpus: &Corpus, texts: &mut Texts, d: &Diagnostic) -> Option<(usize, usize)> {
    let file = d.primary.span.file;
    let spans = std::iter::once(&d.primary)
        .chain(&d.secondary)
        .filter(|l| l.span.file == file)
        .map(|l| l.span)
        .collect::<Vec<_>>();
    for span in spans {
        let (start, end) = texts.range(corpus, span);
        for line in start.line.saturating_sub(1).max(1)..=end.line + 1 {
            let len = texts.line_len(corpus, file, line);
            if len > MAX_SNIPPET_LINE {
                return Some((line, len));
            }
        }
    }
    None
}

/// `d` without its snippet: where it is, what it says and what to do.
fn compact(
    out: &mut String,
    corpus: &Corpus,
    texts: &mut Texts,
    d: &Diagnostic,
    line: usize,
    len: usize,
) {
    let at = texts.position(corpus, d.primary.span.file, d.primary.span.start);
    out.push_str(&format!(
        "{}[{}]: {}\n  --> {}:{}:{}\n  = note: line {line} is {len} characters long; the snippet is not shown\n",
        d.severity,
        d.code,
        shown(&d.message),
        display_path(corpus, d.primary.span.file),
        at.line,
        at.column,
    ));
    for label in std::iter::once(&d.primary).chain(&d.secondary) {
        let at = texts.position(corpus, label.span.file, label.span.start);
        out.push_str(&format!(
            "  = {}:{}:{}: {}\n",
            display_path(corpus, label.span.file),
            at.line,
            at.column,
            shown(&label.message)
        ));
    }
    if let Some(help) = &d.help {
        out.push_str(&format!("  = help: {}\n", shown(help)));
    }
    out.push('\n');
}

/// Renders one line per diagnostic: `file:line:col: severity[code]: message`.
pub fn render_short(corpus: &Corpus, texts: &mut Texts, diagnostics: &[Diagnostic]) -> String {
    by_file(texts, diagnostics, |texts, run, out| {
        for d in run {
            let at = texts.position(corpus, d.primary.span.file, d.primary.span.start);
            out.push_str(&format!(
                "{}:{}:{}: {}[{}]: {}\n",
                display_path(corpus, d.primary.span.file),
                at.line,
                at.column,
                d.severity,
                d.code,
                terminal_safe(&d.message).replace('\n', "\\n")
            ));
        }
    })
}

/// The one-line summary: `12 files, 17 claims, 14 sources: 0 errors, 2 warnings`.
pub fn summary_line(corpus: &Corpus, counts: Counts) -> String {
    let mut line = format!(
        "{}, {}, {}: {}, {}",
        plural(corpus.files.len(), "file"),
        plural(corpus.claims.len(), "claim"),
        plural(corpus.sources.len(), "source"),
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
    );
    if counts.infos > 0 {
        line.push_str(&format!(", {}", plural(counts.infos, "info")));
    }
    line
}

/// A place in a file, for machines.
#[derive(Debug, Serialize)]
pub struct JsonLocation {
    /// Path as shown to the user.
    pub file: String,
    /// Start line and column (1-based; columns in characters).
    pub start: Position,
    /// End line and column (exclusive).
    pub end: Position,
    /// Byte offsets in the file.
    pub bytes: [u32; 2],
    /// What the label says.
    pub message: String,
}

/// One diagnostic, for machines.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    /// Rule id.
    pub code: &'static str,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// Where.
    pub location: JsonLocation,
    /// Other places involved.
    pub related: Vec<JsonLocation>,
    /// What to do.
    pub help: Option<String>,
}

/// The `check --format json` document.
#[derive(Debug, Serialize)]
pub struct JsonCheck {
    /// Version of this document's shape.
    pub schema_version: u32,
    /// Counts.
    pub summary: JsonCheckSummary,
    /// Every diagnostic, sorted by file and position.
    pub diagnostics: Vec<JsonDiagnostic>,
}

/// Counts of files, entities and diagnostics.
#[derive(Debug, Serialize)]
pub struct JsonCheckSummary {
    /// Files read.
    pub files: usize,
    /// Claims loaded.
    pub claims: usize,
    /// Sources loaded.
    pub sources: usize,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

/// A diagnostic's place, resolved to lines and columns.
pub fn locate(corpus: &Corpus, texts: &mut Texts, label: &crate::diag::Label) -> JsonLocation {
    let (start, end) = texts.range(corpus, label.span);
    JsonLocation {
        file: crate::report::view::given_path(corpus, label.span.file),
        start,
        end,
        bytes: [label.span.start, label.span.end],
        message: label.message.clone(),
    }
}

/// Renders the `check --format json` document.
pub fn render_json(corpus: &Corpus, texts: &mut Texts, diagnostics: &[Diagnostic]) -> String {
    let counts = Counts::of(diagnostics);
    let doc = JsonCheck {
        schema_version: 1,
        summary: JsonCheckSummary {
            files: corpus.files.len(),
            claims: corpus.claims.len(),
            sources: corpus.sources.len(),
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
        },
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                code: d.code,
                severity: d.severity,
                message: d.message.clone(),
                location: locate(corpus, texts, &d.primary),
                related: d
                    .secondary
                    .iter()
                    .map(|l| locate(corpus, texts, l))
                    .collect(),
                help: d.help.clone(),
            })
            .collect(),
    };
    let mut text =
        crate::report::json_inert(serde_json::to_string_pretty(&doc).unwrap_or_default());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A snippet drawn from the lines around its labels is the snippet drawn from the whole file:
    /// at the first line, the last line, in the middle, across lines, and with a second label
    /// further down.
    #[test]
    fn a_window_draws_what_the_whole_file_draws() {
        let sources = crate::load::tests::SOURCES;
        let mut claims = String::from("oops = 1\n");
        for k in 0..30 {
            claims.push_str(&format!(
                "[[claim]]\nid = \"c{k}\"\ntext = \"claim {k}\"\n[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\n"
            ));
        }
        claims.push_str("[[claim]]\nid = \"c3\"\ntext = \"\"\"one\ntwo\"\"\"\nnope = 2");
        let out = crate::load::tests::load_str(sources, &claims);
        let corpus = &out.0.corpus;
        let diagnostics = &out.0.diagnostics;
        assert!(diagnostics.len() >= 3, "{diagnostics:?}");
        let mut texts = Texts::new();
        texts.insert(0, sources.to_owned());
        texts.insert(1, claims.clone());
        let style = Style {
            color: false,
            width: 100,
        };
        let windowed = render_human(corpus, &mut texts, diagnostics, style);
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .with_links(false)
            .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
        let whole = |texts: &mut Texts, file| Window {
            name: display_path(corpus, file),
            text: terminal_safe_same_len(texts.text(corpus, file)),
            offset: 0,
            lines_before: 0,
        };
        let mut reference = String::new();
        for d in diagnostics {
            let mut s = snippet(corpus, &mut texts, d);
            s.source = whole(&mut texts, d.primary.span.file);
            for (r, label) in s.related.iter_mut().zip(
                d.secondary
                    .iter()
                    .filter(|l| l.span.file != d.primary.span.file),
            ) {
                r.source = whole(&mut texts, label.span.file);
            }
            let _ = handler.render_report(&mut reference, &s);
            reference.push('\n');
        }
        assert_eq!(windowed, reference);
        assert!(
            windowed.contains("oops") && windowed.contains("nope"),
            "{windowed}"
        );
    }

    /// Many diagnostics over several files render in parallel, a file per worker, to exactly
    /// what rendering them one at a time gives, in the same order; in-memory texts (a file read
    /// from stdin) reach every worker.
    #[test]
    fn diagnostics_rendered_in_parallel_read_as_one_at_a_time() {
        let docs: Vec<crate::load::Document> = (0..6)
            .map(|f| {
                let mut text = String::new();
                for k in 0..20 {
                    text.push_str(&format!(
                        "[[claim]]\nid = \"f{f}-c{k}\"\ntext = \"claim {k}\"\nnope{k} = 1\n[[claim.evidence]]\nsource = \"nobody\"\nstance = \"asserts\"\n"
                    ));
                }
                crate::load::Document {
                    relative: format!("claims/f{f}.toml"),
                    path: format!("/nonexistent/claims/f{f}.toml").into(),
                    section: crate::load::Section::Claims,
                    bytes: Ok(text.into_bytes()),
                }
            })
            .collect();
        let texts_of: Vec<String> = docs
            .iter()
            .map(|d| String::from_utf8(d.bytes.clone().unwrap_or_default()).unwrap_or_default())
            .collect();
        let today = crate::model::Date::from_ymd_opt(2025, 12, 31).expect("valid date");
        let loaded = crate::load::load_documents(
            std::path::Path::new("."),
            rayon::iter::IntoParallelIterator::into_par_iter(docs),
            &crate::engine::load_options(today),
        );
        let diagnostics = &loaded.diagnostics;
        assert!(
            diagnostics.len() >= 2 * PARALLEL_FROM,
            "{}",
            diagnostics.len()
        );
        let mut texts = Texts::new();
        for (f, text) in texts_of.iter().enumerate() {
            texts.insert(f as u32, text.clone());
        }
        let style = Style {
            color: false,
            width: 80,
        };
        let corpus = &loaded.corpus;
        let together = render_human(corpus, &mut texts, diagnostics, style);
        let one_by_one: String = diagnostics
            .iter()
            .map(|d| render_human(corpus, &mut texts, std::slice::from_ref(d), style))
            .collect();
        assert_eq!(together, one_by_one);
        assert!(together.contains("nope19"), "{together}");
        let short: String = diagnostics
            .iter()
            .map(|d| render_short(corpus, &mut texts, std::slice::from_ref(d)))
            .collect();
        assert_eq!(render_short(corpus, &mut texts, diagnostics), short);
        assert!(short.contains("claims/f5.toml:"), "{short}");
    }
}
