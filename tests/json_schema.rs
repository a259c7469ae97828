//! The JSON Schemas editors read (`docs/schema/*.schema.json`, from `load::json_schema`) against
//! the files of the repository and against the loader: every corpus file meant to be valid
//! validates, broken ones are rejected at the right place, and where both can judge a value the
//! schema and the loader agree on it.
//!
//! No JSON Schema crate is a dependency, so a small validator below checks exactly the keywords
//! the generator emits; a schema using any other keyword fails `every_keyword_is_checked` rather
//! than pass unchecked. Patterns are matched by a small backtracking matcher for the regular
//! expressions the generator writes (anchors, classes, groups, `.` and the usual quantifiers).

mod common;

use corroborate::diag::Severity;
use corroborate::engine::{self, registry};
use corroborate::load::json_schema::{render, schema, SchemaFile};
use corroborate::load::{self, load_documents, Document, Loaded, Section};
use corroborate::model::{is_valid_id, Date};
use proptest::prelude::*;
use rayon::prelude::*;
use rstest::rstest;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The day evidence dates are checked against, as the other tests use.
fn today() -> Date {
    Date::from_ymd_opt(2025, 12, 31).expect("a date")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The committed schema of `file`, as an editor reads it.
fn committed(file: SchemaFile) -> Value {
    let path = root().join("docs/schema").join(file.file_name());
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

// ---- TOML to JSON, as taplo hands a document to the schema ----------------------------------

fn to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        // JSON has no infinity or NaN; null fails every type the schemas allow, as the loader
        // refuses them too.
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        // taplo shows the schema a date as its text.
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        toml::Value::Table(table) => table_to_json(table),
    }
}

fn table_to_json(table: toml::Table) -> Value {
    Value::Object(table.into_iter().map(|(k, v)| (k, to_json(v))).collect())
}

/// `text` as the JSON document a schema validates.
fn parse(text: &str) -> Value {
    let table: toml::Table =
        toml::from_str(text).unwrap_or_else(|e| panic!("not TOML ({e}):\n{text}"));
    table_to_json(table)
}

// ---- the validator ----------------------------------------------------------------------------

/// What the validator checks, and the annotations it knows to ignore.
const ASSERTIONS: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "enum",
    "items",
    "pattern",
    "minimum",
    "maximum",
    "oneOf",
    "anyOf",
    "minItems",
    "minProperties",
];
const ANNOTATIONS: &[&str] = &["$schema", "title", "description", "default", "x-taplo"];

/// One way a document breaks a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    /// The JSON pointer of the offending value (of the object, for a missing key).
    pointer: String,
    /// The keyword it breaks.
    keyword: &'static str,
    /// What is wrong.
    message: String,
}

/// Every problem of `doc` under `schema`.
fn validate(schema: &Value, doc: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    check(schema, doc, "", &mut problems);
    problems
}

fn pointer_step(at: &str, step: &str) -> String {
    format!("{at}/{}", step.replace('~', "~0").replace('/', "~1"))
}

fn type_ok(name: &str, value: &Value) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "number" => value.is_number(),
        // TOML tells integers from floats and so does the loader: 3.0 is not a count.
        "integer" => value.is_i64() || value.is_u64(),
        other => panic!("the schemas use no type {other}"),
    }
}

fn check(schema: &Value, value: &Value, at: &str, problems: &mut Vec<Problem>) {
    let problem = |problems: &mut Vec<Problem>, keyword: &'static str, message: String| {
        problems.push(Problem {
            pointer: at.to_owned(),
            keyword,
            message,
        })
    };
    let schema = match schema {
        Value::Object(schema) => schema,
        Value::Bool(true) => return,
        Value::Bool(false) => return problem(problems, "false", "nothing is allowed here".into()),
        other => panic!("{other} is not a schema"),
    };
    if let Some(Value::String(name)) = schema.get("type") {
        if !type_ok(name, value) {
            // The rest would only repeat this.
            return problem(problems, "type", format!("{value} is not of type {name}"));
        }
    }
    if let Some(Value::Array(allowed)) = schema.get("enum") {
        if !allowed.contains(value) {
            problem(
                problems,
                "enum",
                format!("{value} is not one of {allowed:?}"),
            );
        }
    }
    if let Some(Value::Array(choices)) = schema.get("oneOf") {
        let matching = choices
            .iter()
            .filter(|choice| {
                let mut found = Vec::new();
                check(choice, value, at, &mut found);
                found.is_empty()
            })
            .count();
        if matching != 1 {
            problem(
                problems,
                "oneOf",
                format!(
                    "{value} matches {matching} of the {} choices",
                    choices.len()
                ),
            );
        }
    }
    if let Some(Value::Array(choices)) = schema.get("anyOf") {
        let any = choices.iter().any(|choice| {
            let mut found = Vec::new();
            check(choice, value, at, &mut found);
            found.is_empty()
        });
        if !any {
            problem(
                problems,
                "anyOf",
                format!("{value} matches none of the {} choices", choices.len()),
            );
        }
    }
    if let (Some(min), Some(items)) = (
        schema.get("minItems").and_then(Value::as_u64),
        value.as_array(),
    ) {
        if (items.len() as u64) < min {
            problem(problems, "minItems", format!("fewer than {min} items"));
        }
    }
    if let (Some(min), Some(map)) = (
        schema.get("minProperties").and_then(Value::as_u64),
        value.as_object(),
    ) {
        if (map.len() as u64) < min {
            problem(problems, "minProperties", format!("fewer than {min} keys"));
        }
    }
    if let Some(n) = value.as_f64() {
        if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
            if n < min {
                problem(problems, "minimum", format!("{n} is below {min}"));
            }
        }
        if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
            if n > max {
                problem(problems, "maximum", format!("{n} is above {max}"));
            }
        }
    }
    if let (Some(Value::String(pattern)), Some(text)) = (schema.get("pattern"), value.as_str()) {
        if !Pattern::new(pattern).matches(text) {
            problem(
                problems,
                "pattern",
                format!("{text:?} does not match {pattern}"),
            );
        }
    }
    if let Value::Object(object) = value {
        if let Some(Value::Array(required)) = schema.get("required") {
            for key in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(key) {
                    problem(problems, "required", format!("`{key}` is missing"));
                }
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (key, child) in object {
            let path = pointer_step(at, key);
            if let Some(names) = schema.get("propertyNames") {
                let mut wrong_name = Vec::new();
                check(names, &Value::String(key.clone()), &path, &mut wrong_name);
                // Reported under its own keyword: the name is wrong, not the value.
                problems.extend(wrong_name.into_iter().map(|p| Problem {
                    keyword: "propertyNames",
                    ..p
                }));
            }
            match (
                properties.and_then(|p| p.get(key)),
                schema.get("additionalProperties"),
            ) {
                (Some(child_schema), _) => check(child_schema, child, &path, problems),
                (None, Some(Value::Bool(false))) => problems.push(Problem {
                    pointer: path,
                    keyword: "additionalProperties",
                    message: format!("`{key}` is not a known key"),
                }),
                (None, Some(extra)) => check(extra, child, &path, problems),
                (None, None) => {}
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            check(
                item_schema,
                item,
                &pointer_step(at, &i.to_string()),
                problems,
            );
        }
    }
}

/// Every keyword used anywhere in `schema`, with where.
fn keywords(schema: &Value, at: &str, out: &mut Vec<(String, String)>) {
    let Value::Object(map) = schema else {
        return;
    };
    for (keyword, sub) in map {
        out.push((keyword.clone(), at.to_owned()));
        let here = format!("{at}/{keyword}");
        match keyword.as_str() {
            "properties" => {
                for (name, child) in sub.as_object().into_iter().flatten() {
                    keywords(child, &format!("{here}/{name}"), out);
                }
            }
            "items" | "additionalProperties" | "propertyNames" => keywords(sub, &here, out),
            _ => {}
        }
    }
}

// ---- patterns ---------------------------------------------------------------------------------

/// An anchored regular expression of the subset the generator writes: literals, `\`-escapes,
/// `.`, classes with ranges (`[a-z0-9._-]`, `[^…]`), groups, and `?`, `*`, `+`, `{n}`, `{n,m}`.
/// Anything else panics, so the generator cannot outgrow the matcher unnoticed.
struct Pattern {
    pieces: Vec<Piece>,
}

enum Atom {
    Char(char),
    /// `.`: any character but an ECMAScript line terminator.
    Any,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
    Group(Vec<Piece>),
}

struct Piece {
    atom: Atom,
    min: usize,
    max: Option<usize>,
}

impl Pattern {
    fn new(pattern: &str) -> Pattern {
        let inner = pattern
            .strip_prefix('^')
            .and_then(|p| p.strip_suffix('$'))
            .unwrap_or_else(|| panic!("the schemas anchor every pattern: {pattern}"));
        let chars: Vec<char> = inner.chars().collect();
        let mut at = 0;
        let pieces = Self::sequence(&chars, &mut at);
        assert_eq!(at, chars.len(), "unbalanced `)` in {pattern}");
        Pattern { pieces }
    }

    fn sequence(chars: &[char], at: &mut usize) -> Vec<Piece> {
        let mut pieces = Vec::new();
        while let Some(&c) = chars.get(*at) {
            *at += 1;
            let atom = match c {
                ')' => {
                    *at -= 1;
                    break;
                }
                '(' => {
                    let group = Self::sequence(chars, at);
                    assert_eq!(chars.get(*at), Some(&')'), "unclosed group");
                    *at += 1;
                    Atom::Group(group)
                }
                '[' => Self::class(chars, at),
                '.' => Atom::Any,
                '\\' => {
                    let escaped = chars.get(*at).copied().expect("a character after `\\`");
                    *at += 1;
                    assert!(!escaped.is_alphanumeric(), "no `\\{escaped}` classes");
                    Atom::Char(escaped)
                }
                '|' | '^' | '$' | '*' | '+' | '?' | '{' | '}' | ']' => {
                    panic!("`{c}` here is outside the matcher's subset")
                }
                c => Atom::Char(c),
            };
            let (min, max) = Self::quantifier(chars, at);
            pieces.push(Piece { atom, min, max });
        }
        pieces
    }

    fn class(chars: &[char], at: &mut usize) -> Atom {
        let negated = chars.get(*at) == Some(&'^');
        if negated {
            *at += 1;
        }
        let mut ranges = Vec::new();
        loop {
            let c = chars.get(*at).copied().expect("an unclosed class");
            *at += 1;
            match c {
                ']' => break,
                '\\' => {
                    let escaped = chars.get(*at).copied().expect("a character after `\\`");
                    *at += 1;
                    ranges.push((escaped, escaped));
                }
                c if chars.get(*at) == Some(&'-')
                    && chars.get(*at + 1).is_some_and(|&n| n != ']') =>
                {
                    let end = chars[*at + 1];
                    *at += 2;
                    ranges.push((c, end));
                }
                c => ranges.push((c, c)),
            }
        }
        Atom::Class { negated, ranges }
    }

    fn quantifier(chars: &[char], at: &mut usize) -> (usize, Option<usize>) {
        let q = match chars.get(*at) {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => {
                let close = chars[*at..]
                    .iter()
                    .position(|&c| c == '}')
                    .expect("a closed `{`");
                let inside: String = chars[*at + 1..*at + close].iter().collect();
                *at += close;
                let number = |s: &str| s.parse::<usize>().expect("a count in `{}`");
                match inside.split_once(',') {
                    None => (number(&inside), Some(number(&inside))),
                    Some((lo, "")) => (number(lo), None),
                    Some((lo, hi)) => (number(lo), Some(number(hi))),
                }
            }
            _ => return (1, Some(1)),
        };
        *at += 1;
        q
    }

    fn matches(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        sequence(&self.pieces, &chars, 0, &|end| end == chars.len())
    }
}

/// Whether `pieces` match `input` from `at` with `rest` matching after them.
fn sequence(pieces: &[Piece], input: &[char], at: usize, rest: &dyn Fn(usize) -> bool) -> bool {
    match pieces.split_first() {
        None => rest(at),
        Some((first, others)) => repeat(first, 0, input, at, &|next| {
            sequence(others, input, next, rest)
        }),
    }
}

/// Greedy repetition of `piece`, already matched `count` times, backtracking as needed.
fn repeat(
    piece: &Piece,
    count: usize,
    input: &[char],
    at: usize,
    rest: &dyn Fn(usize) -> bool,
) -> bool {
    // One more, if allowed and it consumes something (an empty match would loop forever).
    if piece.max.is_none_or(|max| count < max)
        && atom(&piece.atom, input, at, &|next| {
            next > at && repeat(piece, count + 1, input, next, rest)
        })
    {
        return true;
    }
    count >= piece.min && rest(at)
}

fn atom(atom: &Atom, input: &[char], at: usize, rest: &dyn Fn(usize) -> bool) -> bool {
    let one = |ok: &dyn Fn(char) -> bool| input.get(at).is_some_and(|&c| ok(c)) && rest(at + 1);
    match atom {
        Atom::Char(want) => one(&|c| c == *want),
        Atom::Any => one(&|c| !matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')),
        Atom::Class { negated, ranges } => {
            one(&|c| ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)) != *negated)
        }
        Atom::Group(pieces) => sequence(pieces, input, at, rest),
    }
}

// ---- loading ------------------------------------------------------------------------------------

/// Loads `files` (`(section, text)`, named by section) as of [`today`].
fn load_texts(files: &[(Section, &str)]) -> Loaded {
    let docs: Vec<Document> = files
        .iter()
        .enumerate()
        .map(|(i, (section, text))| {
            let relative = match section {
                Section::Claims => format!("claims/{i}.toml"),
                Section::Sources => format!("sources/{i}.toml"),
                Section::Policy => load::POLICY_FILE.to_owned(),
            };
            Document {
                path: relative.clone().into(),
                relative,
                section: *section,
                bytes: Ok(text.as_bytes().to_vec()),
            }
        })
        .collect();
    load_documents(
        Path::new("."),
        docs.into_par_iter(),
        &engine::load_options(today()),
    )
}

/// The loader's codes for one file of `section` holding `text` (a claims file is loaded beside
/// the shared sources, so its references resolve).
fn loader_codes(section: Section, text: &str) -> Vec<&'static str> {
    let loaded = match section {
        Section::Claims => load_texts(&[(Section::Sources, common::SOURCES), (section, text)]),
        _ => load_texts(&[(section, text)]),
    };
    loaded.diagnostics.iter().map(|d| d.code).collect()
}

fn schema_file(section: Section) -> SchemaFile {
    match section {
        Section::Claims => SchemaFile::Claims,
        Section::Sources => SchemaFile::Sources,
        Section::Policy => SchemaFile::Policy,
    }
}

/// The schema's problems with one file of `section` holding `text`.
fn schema_problems(section: Section, text: &str) -> Vec<Problem> {
    validate(&schema(schema_file(section)), &parse(text))
}

/// Every TOML file under `dir`, recursively, in a stable order.
fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The TOML files of the corpus at `root` with the section each is read as.
fn corpus_files(root: &Path) -> Vec<(Section, PathBuf)> {
    let mut files = Vec::new();
    let policy = root.join(load::POLICY_FILE);
    if policy.is_file() {
        files.push((Section::Policy, policy));
    }
    for (folder, section) in [("sources", Section::Sources), ("claims", Section::Claims)] {
        files.extend(
            toml_files(&root.join(folder))
                .into_iter()
                .map(|p| (section, p)),
        );
    }
    files
}

// ---- the schemas themselves -------------------------------------------------------------------

/// The committed copies are what the generator renders and parse back to what it builds.
#[test]
fn committed_schemas_are_the_generated_ones() {
    for &file in SchemaFile::ALL {
        assert_eq!(committed(file), schema(file), "{}", file.file_name());
        let text = render(file);
        assert!(text.ends_with("}\n"), "{}", file.file_name());
        assert_eq!(
            committed(file)["$schema"],
            "http://json-schema.org/draft-07/schema#"
        );
    }
}

/// The validator here checks every keyword the schemas use (the rest are annotations).
#[test]
fn every_keyword_is_checked() {
    for &file in SchemaFile::ALL {
        let mut used = Vec::new();
        keywords(&schema(file), "", &mut used);
        for (keyword, at) in used {
            assert!(
                ASSERTIONS.contains(&keyword.as_str()) || ANNOTATIONS.contains(&keyword.as_str()),
                "{} uses `{keyword}` at {at:?}, which this validator does not check",
                file.file_name()
            );
        }
    }
}

#[rstest]
#[case("^[a-z0-9._-]+$", "alkit.convoy-attacked_2", true)]
#[case("^[a-z0-9._-]+$", "-cmd", true)]
#[case("^[a-z0-9._-]+$", "", false)]
#[case("^[a-z0-9._-]+$", "Fla", false)]
#[case("^[a-z0-9._-]+$", "a b", false)]
#[case("^[a-z0-9._-]+$", "a\n", false)]
#[case("^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ].*)?$", "2025-07-14", true)]
#[case("^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ].*)?$", "2025-07-14T09:30:00Z", true)]
#[case("^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ].*)?$", "2025-07-14X", false)]
#[case("^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ].*)?$", "25-07-14", false)]
#[case("^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ].*)?$", "09:30:00", false)]
#[case("^(ab)+c?$", "ababc", true)]
#[case("^(ab)+c?$", "abac", false)]
#[case("^a{2,3}[^x]*$", "aaay", true)]
#[case("^a{2,3}[^x]*$", "aaaax", false)]
fn the_matcher_matches(#[case] pattern: &str, #[case] text: &str, #[case] expected: bool) {
    assert_eq!(
        Pattern::new(pattern).matches(text),
        expected,
        "{pattern} on {text:?}"
    );
}

/// The id pattern of the claims schema.
fn id_pattern() -> String {
    let schema = schema(SchemaFile::Claims);
    let pattern = &schema["properties"]["claim"]["items"]["properties"]["id"]["pattern"];
    pattern.as_str().expect("ids have a pattern").to_owned()
}

proptest! {
    /// The schema's id pattern accepts exactly the ids the loader accepts.
    #[test]
    fn the_id_pattern_is_the_loader_s(
        id in prop_oneof![
            "[a-zA-Z0-9._ \\-é/\n]{0,6}",
            any::<String>(),
        ]
    ) {
        prop_assert_eq!(Pattern::new(&id_pattern()).matches(&id), is_valid_id(&id));
    }
}

/// Every word the schemas offer for a `Word` key loads cleanly, and a near miss is refused by
/// both the schema and the loader.
#[rstest]
#[case::stance(Section::Claims, "/claim/0/evidence/0/stance")]
#[case::kind(Section::Sources, "/source/0/kind")]
#[case::reliability(Section::Sources, "/source/0/reliability")]
fn the_schema_s_words_are_the_loader_s(#[case] section: Section, #[case] pointer: &str) {
    let schema = schema(schema_file(section));
    let path: String = pointer
        .split('/')
        .skip(1)
        .map(|step| match step {
            "0" => "/items".to_owned(),
            key => format!("/properties/{key}"),
        })
        .collect();
    let words: Vec<String> = schema
        .pointer(&path)
        .and_then(|s| s["enum"].as_array())
        .unwrap_or_else(|| panic!("{path} has an enum"))
        .iter()
        .filter_map(|w| w.as_str().map(str::to_owned))
        .collect();
    assert!(!words.is_empty());
    let text = |word: &str| {
        match section {
        Section::Claims => format!(
            "[[claim]]\nid = \"c\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"rfi\"\nstance = \"{word}\"\n"
        ),
        _ if pointer.ends_with("kind") => format!("[[source]]\nid = \"s\"\nkind = \"{word}\"\n"),
        _ => format!("[[source]]\nid = \"s\"\nkind = \"media\"\nreliability = \"{word}\"\n"),
    }
    };
    for word in &words {
        let doc = text(word);
        assert_eq!(schema_problems(section, &doc), [], "{word}");
        assert_eq!(loader_codes(section, &doc), Vec::<&str>::new(), "{word}");
    }
    let miss = format!("{}x", words[0].to_uppercase());
    let doc = text(&miss);
    let problems = schema_problems(section, &doc);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        (problems[0].pointer.as_str(), problems[0].keyword),
        (pointer, "enum")
    );
    assert_eq!(loader_codes(section, &doc), ["invalid-value"]);
}

/// Every rule id of the catalogue is a name the policy schema accepts in `[rules]`.
#[test]
fn every_rule_id_is_a_policy_key() {
    let schema = schema(SchemaFile::Policy);
    let rules = &schema["properties"]["rules"];
    for rule in registry::all() {
        let doc = serde_json::json!({ "rules": { rule.id: "error" } });
        assert_eq!(validate(&schema, &doc), [], "{}", rule.id);
    }
    let words: Vec<&str> = rules["additionalProperties"]["enum"]
        .as_array()
        .expect("rule settings")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // A rule that reports below errors, so every setting takes effect.
    let rule = registry::all()
        .iter()
        .find(|r| r.default_severity != Severity::Error)
        .expect("a rule that is not an error");
    for word in words {
        let doc = format!("[rules]\n\"{}\" = \"{word}\"\n", rule.id);
        assert_eq!(schema_problems(Section::Policy, &doc), [], "{word}");
        assert_eq!(
            loader_codes(Section::Policy, &doc),
            Vec::<&str>::new(),
            "{word}"
        );
    }
}

/// One numeric or word setting of the policy schema: its table header, key and schema.
fn policy_settings() -> Vec<(String, String, Value)> {
    fn walk(header: &str, schema: &Value, out: &mut Vec<(String, String, Value)>) {
        for (key, child) in schema["properties"].as_object().into_iter().flatten() {
            if child["type"] == "object" {
                let nested = if header.is_empty() {
                    key.clone()
                } else {
                    format!("{header}.{key}")
                };
                walk(&nested, child, out);
            } else {
                out.push((header.to_owned(), key.clone(), child.clone()));
            }
        }
    }
    let mut out = Vec::new();
    walk("", &schema(SchemaFile::Policy), &mut out);
    out
}

/// Writes `value` as TOML: floats always with a point or an exponent.
fn toml_number(value: f64, integer: bool) -> String {
    if integer {
        format!("{}", value as i64)
    } else {
        format!("{value:?}")
    }
}

/// At each bound of each policy setting, and just past it, the schema and the loader agree:
/// the bounds load, the values past them are refused by both. So are a value of the wrong type
/// and a word outside a setting's vocabulary; and each setting's default loads.
#[test]
fn policy_ranges_are_the_loader_s() {
    let settings = policy_settings();
    assert!(settings.len() > 20, "{}", settings.len());
    for (header, key, schema) in settings {
        let pointer = format!("/{}/{key}", header.replace('.', "/"));
        let doc = |value: &str| format!("[{header}]\n{key} = {value}\n");
        let mut cases: Vec<(String, Option<&'static str>)> = Vec::new();
        match schema["type"].as_str() {
            Some(ty @ ("number" | "integer")) => {
                let integer = ty == "integer";
                let lo = schema["minimum"].as_f64().expect("a minimum");
                let hi = schema["maximum"].as_f64().expect("a maximum");
                let step = if integer {
                    1.0
                } else {
                    (lo.abs().max(hi.abs()) * 1e-6).max(1e-9)
                };
                cases.push((toml_number(lo, integer), None));
                cases.push((toml_number(hi, integer), None));
                cases.push((toml_number(lo - step, integer), Some("minimum")));
                cases.push((toml_number(hi + step, integer), Some("maximum")));
                cases.push(("\"x\"".to_owned(), Some("type")));
                if integer {
                    cases.push(("1.5".to_owned(), Some("type")));
                }
                let default = schema["default"].as_f64().expect("a default");
                cases.push((toml_number(default, integer), None));
            }
            Some("string") => {
                for word in schema["enum"].as_array().into_iter().flatten() {
                    cases.push((word.to_string(), None));
                }
                if schema["enum"].is_array() {
                    cases.push(("\"bogus\"".to_owned(), Some("enum")));
                } else {
                    cases.push(("\"Desk\"".to_owned(), None));
                }
                cases.push(("1".to_owned(), Some("type")));
            }
            other => panic!("[{header}] {key}: unexpected type {other:?}"),
        }
        for (value, refused) in cases {
            let text = doc(&value);
            let problems = schema_problems(Section::Policy, &text);
            let codes = loader_codes(Section::Policy, &text);
            match refused {
                None => {
                    assert_eq!(problems, [], "{text}");
                    assert_eq!(codes, Vec::<&str>::new(), "{text}");
                }
                Some(keyword) => {
                    assert_eq!(problems.len(), 1, "{text}{problems:?}");
                    assert_eq!(
                        (problems[0].pointer.as_str(), problems[0].keyword),
                        (pointer.as_str(), keyword),
                        "{text}"
                    );
                    let code = if keyword == "type" {
                        "wrong-type"
                    } else {
                        "invalid-value"
                    };
                    assert_eq!(codes, [code], "{text}");
                }
            }
        }
    }
}

// ---- the repository's files -------------------------------------------------------------------

/// The fixture corpora meant to be valid: `hostile` is hostile in its texts, not its form
/// (`hostile_corpus_passes_check` in tests/report_formats.rs holds it to 0 errors).
const GOOD_FIXTURES: &[&str] = &[
    "tests/fixtures/hostile",
    "tests/fixtures/contested-story",
    "tests/fixtures/add-corpus",
    "tests/fixtures/provenance",
    "tests/fixtures/diff-story",
    "tests/fixtures/sorting",
];
/// The fixture corpora meant to be broken.
const BROKEN_FIXTURES: &[&str] = &["tests/fixtures/broken"];

/// Every TOML file of the repository's corpus and of the valid fixtures validates against the
/// committed schema of its section, and the loader finds no error in those corpora either.
#[test]
fn every_corpus_in_the_repo_validates() {
    let mut corpora = vec![root().to_path_buf()];
    corpora.extend(GOOD_FIXTURES.iter().map(|f| root().join(f)));
    let mut checked = 0;
    for corpus in corpora {
        let files = corpus_files(&corpus);
        assert!(!files.is_empty(), "{} holds no corpus", corpus.display());
        for (section, path) in files {
            let text = std::fs::read_to_string(&path).expect("a readable corpus file");
            let problems = validate(&committed(schema_file(section)), &parse(&text));
            assert_eq!(problems, [], "{}", path.display());
            checked += 1;
        }
        let loaded = load::load(&corpus, &engine::load_options(today())).expect("loads");
        let errors: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code)
            .collect();
        assert_eq!(errors, Vec::<&str>::new(), "{}", corpus.display());
    }
    assert!(checked >= 12, "only {checked} files checked");
}

/// Each fixture folder holding TOML is classified, so a new one is not silently left out.
#[test]
fn every_fixture_corpus_is_classified() {
    let fixtures = root().join("tests/fixtures");
    for entry in std::fs::read_dir(&fixtures)
        .expect("tests/fixtures")
        .flatten()
    {
        let path = entry.path();
        if !path.is_dir() || toml_files(&path).is_empty() {
            continue;
        }
        let relative = format!("tests/fixtures/{}", entry.file_name().to_string_lossy());
        assert!(
            GOOD_FIXTURES.contains(&relative.as_str())
                || BROKEN_FIXTURES.contains(&relative.as_str()),
            "{relative} is neither a good nor a broken fixture"
        );
    }
}

/// The broken fixture: its misspelt key is refused at its place; its claim citing an unknown
/// source is well-formed, a problem only the loader (which sees every file) can find.
#[test]
fn the_broken_fixture_is_rejected() {
    let broken = root().join(BROKEN_FIXTURES[0]);
    let sources = std::fs::read_to_string(broken.join("sources/sources.toml")).expect("readable");
    let problems = validate(&committed(SchemaFile::Sources), &parse(&sources));
    let found: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.pointer.as_str(), p.keyword))
        .collect();
    assert_eq!(found, [("/source/0/reliabilty", "additionalProperties")]);
    let claims = std::fs::read_to_string(broken.join("claims/claims.toml")).expect("readable");
    assert_eq!(
        validate(&committed(SchemaFile::Claims), &parse(&claims)),
        []
    );
    let loaded = load::load(&broken, &engine::load_options(today())).expect("loads");
    let mut codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    assert_eq!(codes, ["unknown-key", "unknown-source"]);
}

// ---- broken files -----------------------------------------------------------------------------

const CLAIM: &str = "[[claim]]\nid = \"c\"\ntext = \"t\"\n";
const EVIDENCE: &str = "[[claim.evidence]]\nsource = \"rfi\"\n";

/// A broken file is rejected by the schema at the JSON pointer of its problem, under the
/// keyword it breaks, and the loader reports it too.
#[rstest]
#[case::unknown_key(Section::Claims, format!("{CLAIM}txt = \"t\"\n"), "/claim/0/txt", "additionalProperties", "unknown-key")]
#[case::wrong_type(Section::Claims, format!("{CLAIM}publish = \"yes\"\n"), "/claim/0/publish", "oneOf", "wrong-type")]
#[case::evidence_without_source(Section::Claims, format!("{CLAIM}[[claim.evidence]]\nstance = \"asserts\"\n"), "/claim/0/evidence/0", "anyOf", "missing-field")]
#[case::top_level_evidence_without_claim(Section::Claims, "[[evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\n".to_owned(), "/evidence/0", "required", "missing-field")]
#[case::claim_in_nested_evidence(Section::Claims, format!("{CLAIM}[[claim.evidence]]\nclaim = \"c\"\nsource = \"rfi\"\nstance = \"asserts\"\n"), "/claim/0/evidence/0/claim", "additionalProperties", "unknown-key")]
#[case::bad_digest(Section::Sources, "[[document]]\nid = \"d\"\nsha256 = \"abc\"\n".to_owned(), "/document/0/sha256", "pattern", "invalid-value")]
#[case::desk_credibility(Section::Claims, format!("{CLAIM}[claim.desk]\ncredibility = \"high\"\n"), "/claim/0/desk/credibility", "type", "wrong-type")]
#[case::bad_stance(Section::Claims, format!("{CLAIM}{EVIDENCE}stance = \"assert\"\n"), "/claim/0/evidence/0/stance", "enum", "invalid-value")]
#[case::missing_required_key(Section::Claims, format!("{CLAIM}{EVIDENCE}"), "/claim/0/evidence/0", "required", "missing-field")]
#[case::missing_claim_text(Section::Claims, "[[claim]]\nid = \"c\"\n".to_owned(), "/claim/0", "required", "missing-field")]
#[case::invalid_id(Section::Claims, "[[claim]]\nid = \"Bad Id\"\ntext = \"t\"\n".to_owned(), "/claim/0/id", "pattern", "invalid-id")]
#[case::time_without_date(Section::Claims, "[event]\nid = \"e\"\ndate = 09:30:00\n".to_owned(), "/event/date", "pattern", "invalid-value")]
#[case::claim_as_a_table(Section::Claims, "[claim]\nid = \"c\"\ntext = \"t\"\n".to_owned(), "/claim", "type", "wrong-type")]
#[case::actor_in_claims(Section::Claims, "[[actor]]\nid = \"x\"\n".to_owned(), "/actor", "additionalProperties", "unknown-key")]
#[case::bad_grade(Section::Sources, "[[source]]\nid = \"s\"\nkind = \"media\"\nreliability = \"G\"\n".to_owned(), "/source/0/reliability", "enum", "invalid-value")]
#[case::missing_kind(Section::Sources, "[[source]]\nid = \"s\"\n".to_owned(), "/source/0", "required", "missing-field")]
#[case::opposes_not_a_list(Section::Sources, "[[actor]]\nid = \"x\"\nopposes = \"x\"\n".to_owned(), "/actor/0/opposes", "type", "wrong-type")]
#[case::opposes_bad_id(Section::Sources, "[[actor]]\nid = \"x\"\nopposes = [\"X\"]\n".to_owned(), "/actor/0/opposes/0", "pattern", "invalid-id")]
#[case::policy_typo(Section::Policy, "[scoring]\nbse_rate = 0.3\n".to_owned(), "/scoring/bse_rate", "additionalProperties", "unknown-key")]
#[case::policy_unknown_table(Section::Policy, "[scorng]\n".to_owned(), "/scorng", "additionalProperties", "unknown-key")]
#[case::policy_out_of_range(Section::Policy, "[scoring]\nbase_rate = 2\n".to_owned(), "/scoring/base_rate", "maximum", "invalid-value")]
#[case::policy_bad_severity(Section::Policy, "[rules]\nsingle-origin = \"loud\"\n".to_owned(), "/rules/single-origin", "enum", "invalid-value")]
#[case::policy_bad_rule_name(Section::Policy, "[rules]\n\"Single Origin\" = \"off\"\n".to_owned(), "/rules/Single Origin", "propertyNames", "unknown-key")]
#[case::policy_bad_mode(Section::Policy, "[reliability]\nmode = \"guess\"\n".to_owned(), "/reliability/mode", "enum", "invalid-value")]
#[case::policy_fractional_count(Section::Policy, "[status]\nstale_after_days = 1.5\n".to_owned(), "/status/stale_after_days", "type", "wrong-type")]
fn a_broken_file_is_rejected_where_it_breaks(
    #[case] section: Section,
    #[case] text: String,
    #[case] pointer: &str,
    #[case] keyword: &str,
    #[case] code: &str,
) {
    let problems = schema_problems(section, &text);
    let found: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.pointer.as_str(), p.keyword))
        .collect();
    assert_eq!(found, [(pointer, keyword)], "{text}\n{problems:?}");
    assert_eq!(loader_codes(section, &text), [code], "{text}");
}

/// Dates: the schema takes what the loader takes, a TOML date or date-time, and refuses a time.
#[rstest]
#[case("2025-07-14", true)]
#[case("2025-07-14T09:30:00Z", true)]
#[case("2025-07-14 09:30:00+02:00", true)]
#[case("2025-07-14T09:30:00", true)]
#[case("09:30:00", false)]
fn dates_are_the_loader_s(#[case] date: &str, #[case] valid: bool) {
    let text = format!("[event]\nid = \"e\"\ndate = {date}\n");
    assert_eq!(
        schema_problems(Section::Claims, &text).is_empty(),
        valid,
        "{date}"
    );
    assert_eq!(
        loader_codes(Section::Claims, &text).is_empty(),
        valid,
        "{date}"
    );
}

// ---- `#:schema` -------------------------------------------------------------------------------

const CLAIMS: &str =
    "[event]\nid = \"e\"\ndate = 2025-07-14\n[[claim]]\nid = \"c\"\ntext = \"t\"\n\
[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\ndate = 2025-07-14\n";

/// The directives a file under claims/, a file under sources/ and the policy file of this
/// repository would start with.
const DIRECTIVES: &[(&str, &str)] = &[
    ("claims", "#:schema ../docs/schema/claims.schema.json\n"),
    ("sources", "#:schema ../docs/schema/sources.schema.json\n"),
    ("", "#:schema docs/schema/policy.schema.json\n"),
];

/// The paths of the directives lead to the committed schemas, as taplo resolves them (from the
/// folder of the file).
#[test]
fn schema_directives_point_at_the_committed_schemas() {
    for (folder, directive) in DIRECTIVES {
        let relative = directive
            .strip_prefix("#:schema ")
            .expect("a directive")
            .trim_end();
        let path = root().join(folder).join(relative);
        assert!(path.is_file(), "{} is missing", path.display());
    }
}

/// A `#:schema` line is a TOML comment: files starting with one load cleanly, on the fast route
/// (the plain subset) and on the general one (a multi-line string sends a file there).
#[rstest]
#[case::fast(CLAIMS.to_owned())]
#[case::general(CLAIMS.replace("text = \"t\"", "text = \"\"\"t\"\"\""))]
fn files_starting_with_a_schema_directive_load_cleanly(#[case] claims: String) {
    let with = |folder: &str, text: &str| {
        let directive = DIRECTIVES
            .iter()
            .find(|(f, _)| *f == folder)
            .map(|(_, d)| *d)
            .expect("a directive");
        format!("{directive}{text}")
    };
    let corpus = common::corpus(&[
        common::file("sources/s.toml", with("sources", common::SOURCES)),
        common::claims(with("claims", &claims)),
        common::file(load::POLICY_FILE, with("", "[scoring]\nbase_rate = 0.3\n")),
    ]);
    let project = engine::Project::load(corpus.path(), today()).expect("loads");
    let codes: Vec<&str> = project.loaded.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, Vec::<&str>::new());
    assert_eq!(project.corpus().claims.len(), 1);
    assert_eq!(project.corpus().sources.len(), 2);
    // And the schema sees nothing of the comment either.
    let text = with("claims", &claims);
    assert_eq!(validate(&committed(SchemaFile::Claims), &parse(&text)), []);
}
