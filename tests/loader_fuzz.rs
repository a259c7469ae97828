//! Property tests of the loader and the diagnostic renderers, called as a library on in-memory
//! documents: whatever the bytes, loading never panics, every diagnostic points inside its file,
//! and every renderer copes with what the loader reports.

use corroborate::diag::Diagnostic;
use corroborate::load::texts::Texts;
use corroborate::load::{load_documents, Document, LoadOptions, Loaded, Section};
use corroborate::model::{Date, Span};
use corroborate::report::diagnostics::{render_human, render_json, render_short, Style};
use proptest::prelude::*;
use rayon::prelude::*;
use std::path::Path;

// ---- loading and checking -------------------------------------------------------------------

/// Loads `(section, bytes)` documents as `sources/N.toml` / `claims/N.toml`, as of 2025-12-31.
fn load(files: &[(Section, Vec<u8>)]) -> Loaded {
    let docs: Vec<Document> = files
        .iter()
        .enumerate()
        .map(|(i, (section, bytes))| {
            let folder = match section {
                Section::Sources => "sources",
                _ => "claims",
            };
            let relative = format!("{folder}/{i}.toml");
            Document {
                path: relative.clone().into(),
                relative,
                section: *section,
                bytes: Ok(bytes.clone()),
            }
        })
        .collect();
    let today = Date::from_ymd_opt(2025, 12, 31).expect("a date");
    load_documents(Path::new("."), docs.into_par_iter(), &LoadOptions { today })
}

/// Texts serving the in-memory files, decoded as the renderer would decode them from disk.
fn texts(files: &[(Section, Vec<u8>)]) -> Texts {
    let mut texts = Texts::new();
    for (i, (_, bytes)) in files.iter().enumerate() {
        let id = u32::try_from(i).expect("few files");
        texts.insert(id, String::from_utf8_lossy(bytes).into_owned());
    }
    texts
}

/// Every span of `d`, primary first.
fn spans(d: &Diagnostic) -> impl Iterator<Item = Span> + '_ {
    std::iter::once(d.primary.span).chain(d.secondary.iter().map(|l| l.span))
}

/// The checks every load must pass: spans inside their file and on character boundaries,
/// positions inside the text, diagnostics sorted, every renderer working.
fn check_loaded(files: &[(Section, Vec<u8>)]) -> Result<(), TestCaseError> {
    let loaded = load(files);
    let corpus = &loaded.corpus;
    prop_assert_eq!(corpus.files.len(), files.len());
    let mut texts = texts(files);

    for d in &loaded.diagnostics {
        prop_assert!(!d.message.is_empty(), "{:?}", d);
        for span in spans(d) {
            let (_, bytes) = files
                .get(span.file as usize)
                .ok_or_else(|| TestCaseError::fail(format!("no file {}: {d:?}", span.file)))?;
            prop_assert!(span.start <= span.end, "{:?}", d);
            prop_assert!(span.end as usize <= bytes.len(), "{:?} past the end", d);
            if let Ok(text) = std::str::from_utf8(bytes) {
                prop_assert!(text.is_char_boundary(span.start as usize), "{:?}", d);
                prop_assert!(text.is_char_boundary(span.end as usize), "{:?}", d);
            }
            let text = String::from_utf8_lossy(bytes).into_owned();
            let lines: Vec<&str> = text.split('\n').collect();
            let (start, end) = texts.range(corpus, span);
            for at in [start, end] {
                prop_assert!(at.line >= 1 && at.line <= lines.len(), "{:?} {:?}", at, d);
                let width = lines[at.line - 1].chars().count();
                prop_assert!(at.column >= 1 && at.column <= width + 1, "{:?} {:?}", at, d);
            }
            prop_assert!(start <= end, "{:?} {:?} {:?}", start, end, d);
        }
    }
    let keys: Vec<_> = loaded.diagnostics.iter().map(|d| d.sort_key()).collect();
    prop_assert!(keys.windows(2).all(|w| w[0] <= w[1]), "diagnostics are sorted");

    check_rendering(&loaded, &mut texts)
}

/// Every renderer over `loaded` must work and agree with the diagnostics.
fn check_rendering(loaded: &Loaded, texts: &mut Texts) -> Result<(), TestCaseError> {
    let corpus = &loaded.corpus;
    let diagnostics = &loaded.diagnostics;

    let json: serde_json::Value = serde_json::from_str(&render_json(corpus, texts, diagnostics))
        .map_err(|e| TestCaseError::fail(format!("render_json is not JSON: {e}")))?;
    let listed = json["diagnostics"].as_array().map_or(0, Vec::len);
    prop_assert_eq!(listed, diagnostics.len());
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == corroborate::diag::Severity::Error)
        .count();
    prop_assert_eq!(json["summary"]["errors"].as_u64(), Some(errors as u64));
    prop_assert_eq!(
        json["summary"]["files"].as_u64(),
        Some(corpus.files.len() as u64)
    );

    let short = render_short(corpus, texts, diagnostics);
    prop_assert_eq!(short.lines().count(), diagnostics.len());
    prop_assert!(!short.contains('\u{1b}'), "raw ESC in short output");

    for (color, width) in [(false, 100), (true, 40)] {
        let human = render_human(corpus, texts, diagnostics, Style { color, width });
        for d in diagnostics {
            prop_assert!(human.contains(d.code), "{} missing from\n{}", d.code, human);
        }
        if !color {
            prop_assert!(!human.contains('\u{1b}'), "raw ESC in uncoloured output");
        }
    }
    Ok(())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

// ---- arbitrary bytes ------------------------------------------------------------------------

/// Bytes that are sometimes random, sometimes TOML-looking text cut at a random point.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        (document(), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(text, cut, byte)| {
            // A TOML document truncated, with one byte changed: near-valid input.
            let mut bytes = text.into_bytes();
            if !bytes.is_empty() {
                let i = cut.index(bytes.len());
                bytes[i] = byte;
                bytes.truncate(cut.index(bytes.len() + 1).max(i));
            }
            bytes
        }),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_as_a_claims_file(claims in bytes()) {
        check_loaded(&[(Section::Sources, SOURCES.as_bytes().to_vec()), (Section::Claims, claims)])?;
    }

    #[test]
    fn arbitrary_bytes_as_a_sources_file(sources in bytes()) {
        check_loaded(&[(Section::Sources, sources), (Section::Claims, CLAIMS.as_bytes().to_vec())])?;
    }
}

// ---- TOML documents over the format's keys --------------------------------------------------

const SOURCES: &str = "[[actor]]\nid = \"fla\"\n[[actor]]\nid = \"fama\"\nopposes = [\"fla\"]\n\
[[source]]\nid = \"rfi\"\nkind = \"media\"\nreliability = \"B\"\n\
[[source]]\nid = \"fla-spokesman\"\nkind = \"party\"\nactor = \"fla\"\n";

const CLAIMS: &str = "[event]\nid = \"e\"\ndate = 2025-07-14\n[[claim]]\nid = \"c\"\ntext = \"t\"\n\
favours = \"fla\"\n[[claim.evidence]]\nsource = \"fla-spokesman\"\nstance = \"asserts\"\nvia = \"rfi\"\ndate = 2025-07-14\n";

/// Every key of the format, plus near misses.
const KEYS: &[&str] = &[
    "id", "name", "kind", "actor", "origin", "reliability", "url", "opposes", "allied", "title",
    "date", "place", "text", "favours", "against", "event", "question", "publish", "evidence",
    "source", "stance", "via", "hedged", "quote", "lang", "claim", "txt", "stnace", "publsh",
    "Id", "reliabilty",
];

/// Headers of the format, misplaced ones and wrong shapes.
const HEADERS: &[&str] = &[
    "[[claim]]",
    "[[claim]]",
    "[[claim.evidence]]",
    "[[claim.evidence]]",
    "[event]",
    "[[actor]]",
    "[[source]]",
    "[[source]]",
    "[claim]",
    "[claim.evidence]",
    "[[event]]",
    "[source]",
    "[[claim.evidence.extra]]",
    "[other]",
];

/// Words the format accepts somewhere, and near misses.
const WORDS: &[&str] = &[
    "asserts", "confirms", "denies", "disputes", "retracts", "no-comment", "assert", "party",
    "official", "media", "agency", "ngo", "intergovernmental", "local", "eyewitness", "document",
    "social", "newspaper", "A", "B", "C", "D", "E", "F", "b", "G", "fla", "fama", "rfi",
    "fla-spokesman", "e", "c", "alkit-ambush", "Fla", "rfx", "true", "2025-07-14",
];

/// A TOML basic string holding `s`, escaping what must be escaped.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A date, sometimes out of range (a syntax error) or far in the future.
fn date() -> impl Strategy<Value = String> {
    (1990..2060i32, 0..14u32, 0..33u32, 0..4u8).prop_map(|(y, m, d, shape)| {
        let date = format!("{y:04}-{m:02}-{d:02}");
        match shape {
            0 => date,
            1 => format!("{date}T09:30:00Z"),
            2 => format!("{date}T23:59:59-05:00"),
            _ => format!("{date} 09:30:00"),
        }
    })
}

/// A TOML value as text: strings (ids, words, anything), numbers, booleans, dates, times,
/// arrays and inline tables, nested.
fn value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => prop::sample::select(WORDS).prop_map(quoted),
        2 => "[a-z0-9._-]{0,10}".prop_map(|s| quoted(&s)),
        2 => any::<String>().prop_map(|s| quoted(&s)),
        1 => "[^\"\\\\\n]{0,8}".prop_map(|s| format!("'{}'", s.replace('\'', ""))),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => "-?[0-9]{1,3}\\.[0-9]{1,3}|inf|nan",
        2 => any::<bool>().prop_map(|b| b.to_string()),
        3 => date(),
        1 => date().prop_map(|d| quoted(&d)),
        1 => Just("09:30:00".to_owned()),
        1 => "[^\n]{0,6}",
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec((key(), inner), 0..3).prop_map(|kv| {
                let pairs: Vec<String> = kv.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", pairs.join(", "))
            }),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(KEYS).prop_map(str::to_owned),
        1 => "[a-z_]{1,8}",
        1 => any::<String>().prop_map(|s| quoted(&s)),
    ]
}

/// A TOML document: top-level pairs, then tables with headers of the format, each holding
/// `key = value` lines (keys unique within a table, so most documents parse).
fn document() -> impl Strategy<Value = String> {
    let pairs = || prop::collection::btree_map(key(), value(), 0..6);
    let table = (prop::sample::select(HEADERS), pairs());
    (pairs(), prop::collection::vec(table, 0..6), any::<bool>()).prop_map(
        |(top, tables, crlf)| {
            let mut text = String::new();
            for (k, v) in &top {
                text.push_str(&format!("{k} = {v}\n"));
            }
            for (header, body) in &tables {
                text.push_str(header);
                text.push('\n');
                for (k, v) in body {
                    text.push_str(&format!("{k} = {v}\n"));
                }
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            text
        },
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_documents_as_claims_and_sources(
        claims in document(),
        more_claims in document(),
        sources in document(),
    ) {
        check_loaded(&[
            (Section::Sources, SOURCES.as_bytes().to_vec()),
            (Section::Sources, sources.into_bytes()),
            (Section::Claims, claims.into_bytes()),
            (Section::Claims, more_claims.into_bytes()),
        ])?;
    }

    #[test]
    fn generated_documents_load_the_same_every_time(claims in document(), sources in document()) {
        let files = [
            (Section::Sources, sources.into_bytes()),
            (Section::Claims, claims.into_bytes()),
        ];
        let first = load(&files).diagnostics;
        let second = load(&files).diagnostics;
        prop_assert_eq!(first, second);
    }
}

// ---- rendering edge cases -------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Claim text with any characters (control, bidi, wide, combining) next to an error, at any
    /// width: the renderers must not panic and must not let control characters through.
    #[test]
    fn rendering_copes_with_any_text_at_any_width(
        text in any::<String>(),
        stance in any::<String>(),
        width in 1usize..200,
        color in any::<bool>(),
    ) {
        let claims = format!(
            "[[claim]]\nid = {}\ntext = {}\n[[claim.evidence]]\nsource = \"rfi\"\nstance = {}\n",
            quoted(&text), quoted(&text), quoted(&stance),
        );
        let files = [
            (Section::Sources, SOURCES.as_bytes().to_vec()),
            (Section::Claims, claims.into_bytes()),
        ];
        let loaded = load(&files);
        let mut texts = texts(&files);
        let human = render_human(&loaded.corpus, &mut texts, &loaded.diagnostics, Style { color, width });
        let short = render_short(&loaded.corpus, &mut texts, &loaded.diagnostics);
        for out in [&human, &short] {
            // Colour codes are ESC '[' digits 'm'; anything else from the user would be a hazard.
            let stripped = strip_sgr(out);
            prop_assert!(
                !stripped.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
                "control character in output:\n{:?}", stripped
            );
            prop_assert!(
                !stripped.chars().any(is_bidi),
                "bidi control in output:\n{:?}", stripped
            );
        }
        let _ = render_json(&loaded.corpus, &mut texts, &loaded.diagnostics);
        check_loaded(&files)?;
    }
}

/// Characters that reorder what a terminal shows.
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// `text` without ANSI colour sequences (`ESC [ digits/; m`).
fn strip_sgr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            let mut seq = String::new();
            for n in chars.by_ref() {
                seq.push(n);
                if n.is_ascii_alphabetic() {
                    break;
                }
            }
            if seq.ends_with('m') && seq[1..seq.len() - 1].chars().all(|c| c.is_ascii_digit() || c == ';') {
                continue;
            }
            out.push(c);
            out.push_str(&seq);
        } else {
            out.push(c);
        }
    }
    out
}
