//! Property tests of the loader and the diagnostic renderers, called as a library on in-memory
//! documents: whatever the bytes, loading never panics, every diagnostic points inside its file,
//! and every renderer copes with what the loader reports.

use corroborate::diag::Diagnostic;
use corroborate::load::schema::{
    ActorKey, ClaimKey, ClaimsFile, EventKey, EvidenceKey, Keys, Kind, SourceKey, SourcesFile,
};
use corroborate::load::texts::Texts;
use corroborate::load::{load_documents, Document, Loaded, Section};
use corroborate::model::{Date, Span};
use corroborate::report::diagnostics::{render_human, render_json, render_short, Style};
use proptest::prelude::*;
use rayon::prelude::*;
use std::path::Path;
use std::sync::LazyLock;

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
    load_documents(
        Path::new("."),
        docs.into_par_iter(),
        &corroborate::engine::load_options(today),
    )
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
    prop_assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "diagnostics are sorted"
    );

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

/// The keys of table `K` written as `key = value` (arrays of tables are written as headers).
fn keys_of<K: Keys>() -> Vec<&'static str> {
    K::ALL
        .iter()
        .filter(|k| !matches!(k.kind(), Kind::Tables | Kind::Table))
        .map(|k| k.name())
        .collect()
}

/// The keys an entry of `K` usually has: its required ones and `also`.
fn usual<K: Keys>(also: &[K]) -> Vec<&'static str> {
    K::ALL
        .iter()
        .filter(|k| k.required() || also.contains(k))
        .map(|k| k.name())
        .collect()
}

static ACTOR_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(keys_of::<ActorKey>);
static SOURCE_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(keys_of::<SourceKey>);
static EVENT_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(keys_of::<EventKey>);
static CLAIM_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(keys_of::<ClaimKey>);
static EVIDENCE_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(keys_of::<EvidenceKey>);

/// Near misses of the format's keys.
const NEAR_MISSES: &[&str] = &["txt", "stnace", "publsh", "Id", "reliabilty"];

/// Every key of the format (top-level ones included), plus near misses.
static KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut keys: Vec<&'static str> = [
        ClaimsFile::names(),
        SourcesFile::names(),
        ActorKey::names(),
        SourceKey::names(),
        EventKey::names(),
        ClaimKey::names(),
        EvidenceKey::names(),
    ]
    .concat();
    keys.sort_unstable();
    keys.dedup();
    keys.extend_from_slice(NEAR_MISSES);
    keys
});

/// The kind of value `key` holds in any entry (top-level tables aside), if it is a key.
fn kind_of(key: &str) -> Option<Kind> {
    let entry = |kind: Option<Kind>| kind.filter(|k| !matches!(k, Kind::Table | Kind::Tables));
    entry(ActorKey::parse(key).map(Keys::kind))
        .or_else(|| entry(SourceKey::parse(key).map(Keys::kind)))
        .or_else(|| entry(EventKey::parse(key).map(Keys::kind)))
        .or_else(|| entry(ClaimKey::parse(key).map(Keys::kind)))
        .or_else(|| entry(EvidenceKey::parse(key).map(Keys::kind)))
}

/// Ids: those the shared files define, near misses and invalid ones.
const IDS: &[&str] = &[
    "fla",
    "fama",
    "rfi",
    "fla-spokesman",
    "e",
    "c",
    "d",
    "x",
    "alkit.ambush",
    "Fla",
    "rfx",
    "two words",
    "",
    "é",
];
const STANCES: &[&str] = &[
    "asserts",
    "confirms",
    "denies",
    "disputes",
    "retracts",
    "no-comment",
    "assert",
    "Asserts",
];
const KINDS: &[&str] = &[
    "party",
    "official",
    "media",
    "agency",
    "ngo",
    "intergovernmental",
    "local",
    "eyewitness",
    "document",
    "social",
    "newspaper",
];
const GRADES: &[&str] = &["A", "B", "C", "D", "E", "F", "b", "G", "A+"];

/// Headers in any order, misplaced ones and wrong shapes (for the unstructured documents).
const HEADERS: &[&str] = &[
    "[[claim]]",
    "[[claim.evidence]]",
    "[event]",
    "[[actor]]",
    "[[source]]",
    "[claim]",
    "[claim.evidence]",
    "[[event]]",
    "[source]",
    "[[claim.evidence.extra]]",
    "[other]",
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

fn one_of(words: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(words).prop_map(quoted).boxed()
}

/// A date or date-time, mostly valid, sometimes far in the future or out of range.
fn date() -> impl Strategy<Value = String> {
    let valid = (2000..2030i32, 1..=12u32, 1..=28u32);
    let any = (1..9999i32, 0..14u32, 0..33u32);
    (prop_oneof![9 => valid, 1 => any], 0..5u8).prop_map(|((y, m, d), shape)| {
        let date = format!("{y:04}-{m:02}-{d:02}");
        match shape {
            0 | 1 => date,
            2 => format!("{date}T09:30:00Z"),
            3 => format!("{date}T23:59:59-05:00"),
            _ => format!("{date} 09:30:00"),
        }
    })
}

/// Any TOML value as text: strings, numbers, booleans, dates, times, arrays and inline tables.
fn value() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        3 => one_of(IDS),
        2 => any::<String>().prop_map(|s| quoted(&s)),
        1 => "[a-z ]{0,8}".prop_map(|s| format!("'{s}'")),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => "-?[0-9]{1,3}\\.[0-9]{1,3}|inf|nan",
        1 => any::<bool>().prop_map(|b| b.to_string()),
        2 => date(),
        1 => date().prop_map(|d| quoted(&d)),
        1 => Just("09:30:00".to_owned()),
    ];
    leaf.prop_recursive(2, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec(("[a-z]{1,6}", inner), 0..3).prop_map(|kv| {
                let kv: std::collections::BTreeMap<_, _> = kv.into_iter().collect();
                let pairs: Vec<String> = kv.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", pairs.join(", "))
            }),
        ]
    })
    .boxed()
}

/// A value for `key`: usually of the type and vocabulary the format expects there.
fn value_for(key: &str) -> BoxedStrategy<String> {
    let expected = match kind_of(key) {
        Some(Kind::Id) => one_of(IDS),
        Some(Kind::Word) => match key {
            "kind" => one_of(KINDS),
            "stance" => one_of(STANCES),
            _ => one_of(GRADES),
        },
        Some(Kind::Date) => date().boxed(),
        Some(Kind::Bool) => any::<bool>().prop_map(|b| b.to_string()).boxed(),
        Some(Kind::IdList) => prop::collection::vec(one_of(IDS), 0..3)
            .prop_map(|v| format!("[{}]", v.join(", ")))
            .boxed(),
        _ => any::<String>().prop_map(|s| quoted(&s)).boxed(),
    };
    prop_oneof![6 => expected, 1 => value()].boxed()
}

/// A key: usually one of `keys`, sometimes any key of the format, a bare or a quoted word.
fn key(keys: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        12 => prop::sample::select(keys).prop_map(str::to_owned),
        3 => prop::sample::select(KEYS.as_slice()).prop_map(str::to_owned),
        1 => "[a-z_]{1,8}",
        1 => any::<String>().prop_map(|s| quoted(&s)),
    ]
    .boxed()
}

/// The `key = value` lines of one table: each of `required` (usually), then random keys of
/// `keys`; keys are unique, so the table parses.
fn body(
    required: Vec<&'static str>,
    keys: &'static [&'static str],
) -> impl Strategy<Value = String> {
    let required: Vec<_> = required
        .into_iter()
        .map(|k| prop::option::weighted(0.85, value_for(k).prop_map(move |v| (k.to_string(), v))))
        .collect();
    let pair = key(keys).prop_flat_map(|k| {
        let v = value_for(k.trim_matches('"'));
        (Just(k), v)
    });
    (required, prop::collection::vec(pair, 0..5)).prop_map(|(required, pairs)| {
        let mut seen = std::collections::BTreeSet::new();
        let mut text = String::new();
        for (k, v) in required.into_iter().flatten().chain(pairs) {
            if seen.insert(k.trim_matches('"').to_owned()) {
                text.push_str(&format!("{k} = {v}\n"));
            }
        }
        text
    })
}

/// A claims file: an optional `[event]`, then claims each with a few evidence entries.
fn claims_document() -> impl Strategy<Value = String> {
    let claim = (
        body(usual::<ClaimKey>(&[]), &CLAIM_KEYS),
        prop::collection::vec(body(usual::<EvidenceKey>(&[]), &EVIDENCE_KEYS), 0..3),
    );
    (
        prop::option::of(body(usual(&[EventKey::Date]), &EVENT_KEYS)),
        prop::collection::vec(claim, 0..4),
    )
        .prop_map(|(event, claims)| {
            let mut text = String::new();
            if let Some(event) = event {
                text.push_str("[event]\n");
                text.push_str(&event);
            }
            for (claim, evidence) in claims {
                text.push_str("\n[[claim]]\n");
                text.push_str(&claim);
                for e in evidence {
                    text.push_str("\n[[claim.evidence]]\n");
                    text.push_str(&e);
                }
            }
            text
        })
}

/// A sources file: actors and sources.
fn sources_document() -> impl Strategy<Value = String> {
    let entry = prop_oneof![
        body(usual::<ActorKey>(&[]), &ACTOR_KEYS).prop_map(|b| format!("[[actor]]\n{b}")),
        body(usual::<SourceKey>(&[]), &SOURCE_KEYS).prop_map(|b| format!("[[source]]\n{b}")),
    ];
    prop::collection::vec(entry, 0..5).prop_map(|entries| entries.join("\n"))
}

/// Headers of any kind in any order with keys of any table: mostly not a valid document.
fn unstructured_document() -> impl Strategy<Value = String> {
    let table = (prop::sample::select(HEADERS), body(Vec::new(), &KEYS));
    (body(Vec::new(), &KEYS), prop::collection::vec(table, 0..5)).prop_map(|(top, tables)| {
        let mut text = top;
        for (header, body) in tables {
            text.push_str(&format!("{header}\n{body}"));
        }
        text
    })
}

/// A TOML document of any of the three shapes, sometimes with CRLF line ends.
fn document() -> impl Strategy<Value = String> {
    let doc = prop_oneof![
        3 => claims_document().boxed(),
        3 => sources_document().boxed(),
        1 => unstructured_document().boxed(),
    ];
    (doc, prop::bool::weighted(0.1)).prop_map(|(text, crlf)| {
        if crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        }
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_documents_as_claims_and_sources(
        claims in prop_oneof![3 => claims_document().boxed(), 1 => document().boxed()],
        more_claims in prop_oneof![3 => claims_document().boxed(), 1 => document().boxed()],
        sources in prop_oneof![3 => sources_document().boxed(), 1 => document().boxed()],
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
            if seq.ends_with('m')
                && seq[1..seq.len() - 1]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ';')
            {
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
