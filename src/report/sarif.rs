//! `check --format sarif`: SARIF 2.1.0 for GitHub code scanning.
//!
//! One run, whose driver lists every rule of [`crate::engine::registry::REGISTRY`] (so `ruleIndex` is the
//! rule's place in the registry) and whose results are the diagnostics in their usual order.
//!
//! - Locations are relative to the repository holding the corpus (the nearest folder above it
//!   with a `.git`), else to the corpus root: `uriBaseId` `%SRCROOT%`, which
//!   `originalUriBaseIds` maps to that folder's absolute `file:` URI. GitHub's upload reads
//!   relative URIs from the repository root, so a corpus in a subfolder must say so;
//!   lines and columns are 1-based, columns count Unicode code points (`columnKind`) and the end
//!   column is exclusive, as SARIF defines it.
//! - Secondary labels become `relatedLocations` with their own messages.
//! - `partialFingerprints.primaryLocationLineHash` is a stable FNV-1a 64 hash of the rule id, the
//!   file and the offending text, followed by `:N`, the occurrence of that triple in the run: it
//!   survives edits elsewhere in the file, so code scanning keeps tracking the same alert.
//! - A diagnostic's hint is appended to its message after a line break.

use crate::diag::RuleMeta;
use crate::diag::{Diagnostic, Label, Severity};
use crate::engine::registry;
use crate::load::texts::Texts;
use crate::model::Corpus;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The schema the log declares.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base id locations are relative to.
pub const SRCROOT: &str = "%SRCROOT%";

/// Snippets longer than this (in bytes) are left out: the region still points at the text.
const MAX_SNIPPET: usize = 1024;

/// The SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `unknown-key` → `UnknownKey`.
pub fn pascal_case(id: &str) -> String {
    id.split(['-', '_', '.'])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

/// 64-bit FNV-1a over `parts`, each followed by a 0 byte so part boundaries count.
pub fn fnv1a64(parts: &[&[u8]]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for part in parts {
        for &byte in part.iter().chain(std::iter::once(&0u8)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// Percent-encodes a path for a URI: unreserved characters, `/` and the sub-delimiters stay,
/// everything else (spaces, `%`, `#`, `?`, non-ASCII, …) becomes `%XX` of its UTF-8 bytes. A
/// `:` is encoded too unless `keep_colon` (a relative reference must not look like a scheme).
pub fn encode_uri_path(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            )
            || (keep_colon && b == b':');
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What locations are relative to: the repository holding the corpus (the nearest folder above
/// it with a `.git`), since GitHub's upload resolves relative URIs against the repository's
/// root, else the corpus root itself.
struct Base {
    /// `%SRCROOT%` as a `file:` URI ending in `/`, if the corpus root can be resolved.
    uri: Option<String>,
    /// The corpus root relative to the base, ending in `/` (empty when they are the same).
    prefix: String,
}

impl Base {
    fn of(corpus: &Corpus) -> Base {
        let root = if corpus.root.as_os_str().is_empty() {
            std::path::PathBuf::from(".")
        } else {
            corpus.root.clone()
        };
        let Ok(absolute) = std::fs::canonicalize(root) else {
            return Base {
                uri: None,
                prefix: String::new(),
            };
        };
        let repository = absolute
            .ancestors()
            .find(|folder| folder.join(".git").exists())
            .unwrap_or(&absolute);
        let mut prefix = String::new();
        if let Ok(inside) = absolute.strip_prefix(repository) {
            for part in inside.components() {
                prefix.push_str(&part.as_os_str().to_string_lossy());
                prefix.push('/');
            }
        }
        Base {
            uri: Some(file_uri(repository)),
            prefix,
        }
    }

    /// The URI of a corpus file, relative to the base.
    fn uri(&self, corpus: &Corpus, file: u32) -> String {
        let mut path = self.prefix.clone();
        path.push_str(relative(corpus, file));
        encode_uri_path(&path, false)
    }
}

/// An absolute folder as a `file:` URI ending in `/`.
fn file_uri(absolute: &std::path::Path) -> String {
    let mut path = absolute.to_string_lossy().replace('\\', "/");
    // Windows verbatim prefix from canonicalize.
    if let Some(rest) = path.strip_prefix("//?/") {
        path = rest.to_owned();
    }
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    format!("file://{}", encode_uri_path(&path, true))
}

/// SARIF message text treats `[text](n)` as a link to a related location: brackets of anything
/// that looks like one are escaped so user text cannot forge links.
fn message_text(text: &str) -> String {
    if !text.contains("](") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The log, in the order SARIF documents usually show their properties.
#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<Value>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Tags {
    tags: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: Tags,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: Fingerprints,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fingerprints {
    primary_location_line_hash: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

fn rule_descriptor(rule: &RuleMeta) -> RuleDescriptor {
    let family = rule.family.as_str();
    let severity = rule.default_severity.as_str();
    let text = format!(
        "{}\n\n{}\n\nFamily: {family}. Default severity: {severity}. Change it or switch the rule off in corroborate.toml: [rules] \"{}\" = \"off\" | \"info\" | \"warning\" | \"error\".",
        rule.summary, rule.rationale, rule.id
    );
    let markdown = format!(
        "**{}**\n\n{}\n\n- family: {family}\n- default severity: {severity}\n\nChange its severity or switch it off in `corroborate.toml`:\n\n```toml\n[rules]\n\"{}\" = \"off\"   # or \"info\", \"warning\", \"error\"\n```\n",
        rule.summary, rule.rationale, rule.id
    );
    RuleDescriptor {
        id: rule.id,
        name: pascal_case(rule.id),
        short_description: Text {
            text: rule.summary.to_owned(),
        },
        full_description: Text {
            text: rule.rationale.to_owned(),
        },
        help: Help { text, markdown },
        default_configuration: Configuration {
            level: level(rule.default_severity),
        },
        properties: Tags { tags: [family] },
    }
}

/// The text a span covers, with `\r\n` read as `\n`.
fn span_text(corpus: &Corpus, texts: &mut Texts, label: &Label) -> String {
    let span = label.span;
    texts
        .text(corpus, span.file)
        .get(span.start as usize..span.end as usize)
        .unwrap_or("")
        .replace("\r\n", "\n")
}

fn relative(corpus: &Corpus, file: u32) -> &str {
    corpus
        .files
        .get(file as usize)
        .map_or("", |f| f.relative.as_str())
}

fn physical_location(
    corpus: &Corpus,
    base: &Base,
    texts: &mut Texts,
    label: &Label,
) -> PhysicalLocation {
    let (start, end) = texts.range(corpus, label.span);
    let snippet = span_text(corpus, texts, label);
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: base.uri(corpus, label.span.file),
            uri_base_id: SRCROOT,
        },
        region: Region {
            start_line: start.line,
            start_column: start.column,
            end_line: end.line,
            end_column: end.column,
            snippet: (!snippet.is_empty() && snippet.len() <= MAX_SNIPPET)
                .then_some(Text { text: snippet }),
        },
    }
}

fn result(
    corpus: &Corpus,
    base: &Base,
    texts: &mut Texts,
    d: &Diagnostic,
    occurrences: &mut HashMap<(&'static str, u32, String), usize>,
) -> SarifResult {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let offending = span_text(corpus, texts, &d.primary);
    let file = relative(corpus, d.primary.span.file);
    let hash = fnv1a64(&[d.code.as_bytes(), file.as_bytes(), offending.as_bytes()]);
    let n = occurrences
        .entry((d.code, d.primary.span.file, offending))
        .or_insert(0);
    *n += 1;
    let label_message = |label: &Label| {
        (!label.message.is_empty()).then(|| Text {
            text: message_text(&label.message),
        })
    };
    SarifResult {
        rule_id: d.code,
        rule_index: registry::all().iter().position(|r| r.id == d.code),
        level: level(d.severity),
        message: Text {
            text: message_text(&text),
        },
        locations: [Location {
            id: None,
            physical_location: physical_location(corpus, base, texts, &d.primary),
            message: label_message(&d.primary),
        }],
        related_locations: d
            .secondary
            .iter()
            .enumerate()
            .map(|(i, label)| Location {
                id: Some(i + 1),
                physical_location: physical_location(corpus, base, texts, label),
                message: label_message(label),
            })
            .collect(),
        partial_fingerprints: Fingerprints {
            primary_location_line_hash: format!("{hash:016x}:{n}"),
        },
    }
}

/// Renders diagnostics as a SARIF 2.1.0 log.
pub fn render(corpus: &Corpus, texts: &mut Texts, diagnostics: &[Diagnostic]) -> String {
    let base = Base::of(corpus);
    let mut occurrences = HashMap::new();
    let results = diagnostics
        .iter()
        .map(|d| result(corpus, &base, texts, d, &mut occurrences))
        .collect();
    let information_uri = [env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_HOMEPAGE")]
        .into_iter()
        .find(|uri| uri.starts_with("https://") || uri.starts_with("http://"));
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "corroborate",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri,
                    rules: registry::all().iter().map(|r| rule_descriptor(r)).collect(),
                },
            },
            original_uri_base_ids: base
                .uri
                .as_ref()
                .map(|uri| json!({ SRCROOT: { "uri": uri } })),
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut out = crate::report::json_inert(serde_json::to_string_pretty(&log).unwrap_or_default());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(pascal_case("unknown-key"), "UnknownKey");
        assert_eq!(pascal_case("non-utf8"), "NonUtf8");
        assert_eq!(pascal_case("evidence-in-future"), "EvidenceInFuture");
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        // FNV-1a 64 of "a" is af63dc4c8601ec8c; our parts end with a 0 byte, so check the
        // empty input (offset basis followed by one 0 byte) against a hand computation too.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        h ^= u64::from(b'a');
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        assert_eq!(h, 0xaf63_dc4c_8601_ec8c);
        h = h.wrapping_mul(0x0000_0100_0000_01b3); // ^ 0 is a no-op
        assert_eq!(fnv1a64(&[b"a"]), h);
        assert_ne!(fnv1a64(&[b"ab", b"c"]), fnv1a64(&[b"a", b"bc"]));
    }

    #[test]
    fn uri_paths_are_percent_encoded() {
        assert_eq!(
            encode_uri_path("claims/Été 2025/a#1.toml", false),
            "claims/%C3%89t%C3%A9%202025/a%231.toml"
        );
        assert_eq!(encode_uri_path("a:b", false), "a%3Ab");
        assert_eq!(encode_uri_path("/C:/x", true), "/C:/x");
    }

    #[test]
    fn link_lookalikes_are_escaped() {
        assert_eq!(message_text("a [[claim]] b"), "a [[claim]] b");
        assert_eq!(message_text("see [x](1)"), "see \\[x\\](1)");
    }
}
