//! JSON Schemas (draft-07) of the three kinds of file, for editors: taplo and Even Better TOML
//! read the one a file names on its first line (`#:schema ../docs/schema/claims.schema.json`),
//! then complete keys and words and flag typos while the desk types.
//!
//! The corpus schemas are generated from [`super::schema`] (each key's name, kind, required flag
//! and doc comment) and the model's vocabularies; the policy schema from the key lists of
//! [`super::policy`], with the ranges the loader enforces and the defaults of [`Policy`]. What a
//! key's kind leaves unsaid (which vocabulary a `Word` key takes, which table a `Table` key
//! holds) is said once here, in matches without a catch-all, so a key added to the format does
//! not compile until it is described here too. The copies under `docs/schema/` are [`render`]'s
//! output, held fresh by a test.
//!
//! A schema sees one file as a tree of values, so what needs more stays the loader's alone:
//! references to ids of other files, repeated ids, and that a date is written unquoted (JSON has
//! no date type, so taplo hands TOML dates to the schema as strings, like quoted ones).

use super::policy::{BASES, GRADES, PUBLISHER, QUESTIONS, RELIABILITY, SCORING, STATUS, TOP};
use super::schema::{
    ActorKey, ClaimKey, ClaimsFile, DeskKey, DocumentKey, EventKey, EvidenceKey, Keys, Kind,
    QuestionKey, SourceKey, SourcesFile,
};
use crate::diag::Severity;
use crate::model::{Basis, QuestionKind, Reliability, SourceKind, Stance, Status};
use crate::policy::{CopyMode, Policy, ReliabilityMode};
use serde_json::{json, Map, Value};

/// A kind of file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemaFile {
    /// A file under `claims/`: an `[event]` and `[[claim]]` entries with their evidence.
    Claims,
    /// A file under `sources/`: `[[actor]]` and `[[source]]` entries.
    Sources,
    /// The policy file, `corroborate.toml` at the corpus root.
    Policy,
}

impl SchemaFile {
    /// Every kind of file, in the order `docs/schema/` lists them.
    pub const ALL: &'static [SchemaFile] =
        &[SchemaFile::Claims, SchemaFile::Sources, SchemaFile::Policy];

    /// The word naming it on the command line (`corroborate schema claims`).
    pub fn name(self) -> &'static str {
        match self {
            SchemaFile::Claims => "claims",
            SchemaFile::Sources => "sources",
            SchemaFile::Policy => "policy",
        }
    }

    /// The kind of file named `word` (as [`SchemaFile::name`] writes it), if any.
    pub fn parse(word: &str) -> Option<SchemaFile> {
        Self::ALL.iter().copied().find(|f| f.name() == word)
    }

    /// The name of its committed copy under `docs/schema/`, e.g. `claims.schema.json`.
    pub fn file_name(self) -> &'static str {
        match self {
            SchemaFile::Claims => "claims.schema.json",
            SchemaFile::Sources => "sources.schema.json",
            SchemaFile::Policy => "policy.schema.json",
        }
    }
}

/// The dialect: taplo validates with draft-07 best.
const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// `crate::model::is_valid_id`, as a pattern.
const ID_PATTERN: &str = "^[a-z0-9._-]+$";

/// A rule id: the registry holds every id to kebab-case. The ids themselves live above the
/// loader (`engine::registry`), so the schema accepts any well-formed one and the loader names an
/// unknown one.
const RULE_PATTERN: &str = "^[a-z0-9-]+$";

/// A TOML date or date-time, as taplo shows it to the schema: the loader takes any value with a
/// calendar date. Not `format: date`, which would refuse the date-times the loader reads, nor
/// `format: date-time`, which would refuse plain dates; a bare time fails here as it does there.
const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ].*)?$";

/// A percentage tolerance, as `tolerance = "5%"` is written.
const TOLERANCE_PATTERN: &str = "^[0-9]+(\\.[0-9]+)?%$";

/// The JSON Schema of `file`.
pub fn schema(file: SchemaFile) -> Value {
    let (title, description, body) = match file {
        SchemaFile::Claims => (
            "corroborate claims file",
            "A file under claims/: an optional [event] and [[claim]] entries, each with its [[claim.evidence]].",
            object::<ClaimsFile>(),
        ),
        SchemaFile::Sources => (
            "corroborate sources file",
            "A file under sources/: [[actor]] entries (the parties) and [[source]] entries (who speaks).",
            object::<SourcesFile>(),
        ),
        SchemaFile::Policy => (
            "corroborate policy file",
            "corroborate.toml at the corpus root: weights, thresholds and rule severities over the defaults.",
            policy(&Policy::default()),
        ),
    };
    let mut root = Map::new();
    root.insert("$schema".into(), DRAFT.into());
    root.insert("title".into(), title.into());
    if let Value::Object(body) = body {
        root.extend(body);
    }
    root.insert(
        "description".into(),
        format!(
            "{description} Generated by `corroborate schema {}`; do not edit.",
            file.name()
        )
        .into(),
    );
    Value::Object(root)
}

/// [`schema`] as the committed file holds it: pretty JSON, keys sorted, a final newline.
pub fn render(file: SchemaFile) -> String {
    // Sorted by hand: were serde_json's `preserve_order` ever switched on by some dependency, the
    // text would otherwise change with the build and the committed copies turn stale.
    let mut text = serde_json::to_string_pretty(&sorted(schema(file)))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

// ---- the corpus -----------------------------------------------------------------------------

/// What a key's [`Kind`] leaves unsaid.
enum Inside {
    /// Nothing: the kind says it all.
    Nothing,
    /// The words of a `Word` key.
    Words(Words),
    /// The table of a `Table` or `Tables` key.
    Table(fn() -> Value),
}

/// The words of a vocabulary, and what each means when the model says so.
struct Words {
    words: Vec<&'static str>,
    meanings: Option<Vec<&'static str>>,
}

impl Words {
    fn of<T: Copy>(all: &[T], word: fn(T) -> &'static str) -> Words {
        Words {
            words: all.iter().map(|&v| word(v)).collect(),
            meanings: None,
        }
    }

    fn meaning<T: Copy>(mut self, all: &[T], meaning: fn(T) -> &'static str) -> Words {
        self.meanings = Some(all.iter().map(|&v| meaning(v)).collect());
        self
    }
}

/// A table's keys, each with what its kind leaves unsaid.
trait Described: Keys {
    fn inside(self) -> Inside;
}

impl Described for ClaimsFile {
    fn inside(self) -> Inside {
        match self {
            ClaimsFile::Event => Inside::Table(object::<EventKey>),
            ClaimsFile::Claim => Inside::Table(object::<ClaimKey>),
            ClaimsFile::Question => Inside::Table(object::<QuestionKey>),
            ClaimsFile::Document => Inside::Table(object::<DocumentKey>),
            ClaimsFile::Evidence => Inside::Table(top_level_evidence),
        }
    }
}

impl Described for SourcesFile {
    fn inside(self) -> Inside {
        match self {
            SourcesFile::Actor => Inside::Table(object::<ActorKey>),
            SourcesFile::Source => Inside::Table(object::<SourceKey>),
            SourcesFile::Document => Inside::Table(object::<DocumentKey>),
        }
    }
}

impl Described for DocumentKey {
    fn inside(self) -> Inside {
        match self {
            DocumentKey::Id
            | DocumentKey::Source
            | DocumentKey::Title
            | DocumentKey::Date
            | DocumentKey::Url
            | DocumentKey::ArchiveUrl
            | DocumentKey::Captured
            | DocumentKey::File
            | DocumentKey::Sha256
            | DocumentKey::Lang
            | DocumentKey::TranslatedFrom => Inside::Nothing,
        }
    }
}

impl Described for DeskKey {
    fn inside(self) -> Inside {
        match self {
            DeskKey::Status => Inside::Words(Words::of(&Status::ALL, Status::as_str)),
            DeskKey::Credibility | DeskKey::By | DeskKey::Date | DeskKey::Reason => Inside::Nothing,
        }
    }
}

impl Described for ActorKey {
    fn inside(self) -> Inside {
        match self {
            ActorKey::Id | ActorKey::Name | ActorKey::Opposes | ActorKey::Allied => Inside::Nothing,
        }
    }
}

impl Described for SourceKey {
    fn inside(self) -> Inside {
        match self {
            SourceKey::Kind => Inside::Words(Words::of(SourceKind::ALL, SourceKind::as_str)),
            SourceKey::Reliability => Inside::Words(
                Words::of(Reliability::ALL, Reliability::as_str)
                    .meaning(Reliability::ALL, Reliability::meaning),
            ),
            SourceKey::Id
            | SourceKey::Name
            | SourceKey::Actor
            | SourceKey::Origin
            | SourceKey::Url => Inside::Nothing,
        }
    }
}

impl Described for EventKey {
    fn inside(self) -> Inside {
        match self {
            EventKey::Id | EventKey::Title | EventKey::Date | EventKey::Place => Inside::Nothing,
        }
    }
}

impl Described for QuestionKey {
    fn inside(self) -> Inside {
        match self {
            QuestionKey::Kind => Inside::Words(Words::of(QuestionKind::ALL, QuestionKind::as_str)),
            QuestionKey::Id | QuestionKey::Text | QuestionKey::Unit | QuestionKey::Tolerance => {
                Inside::Nothing
            }
        }
    }
}

impl Described for ClaimKey {
    fn inside(self) -> Inside {
        match self {
            ClaimKey::Evidence => Inside::Table(nested_evidence),
            ClaimKey::Desk => Inside::Table(object::<DeskKey>),
            ClaimKey::Id
            | ClaimKey::Text
            | ClaimKey::Favours
            | ClaimKey::Against
            | ClaimKey::Event
            | ClaimKey::Question
            | ClaimKey::Publish
            | ClaimKey::Value
            | ClaimKey::Implies => Inside::Nothing,
        }
    }
}

impl Described for EvidenceKey {
    fn inside(self) -> Inside {
        match self {
            EvidenceKey::Stance => Inside::Words(Words::of(Stance::ALL, Stance::as_str)),
            EvidenceKey::Basis => Inside::Words(Words::of(Basis::ALL, Basis::as_str)),
            EvidenceKey::Claim
            | EvidenceKey::Document
            | EvidenceKey::Url
            | EvidenceKey::ArchiveUrl
            | EvidenceKey::Source
            | EvidenceKey::Date
            | EvidenceKey::Via
            | EvidenceKey::Hedged
            | EvidenceKey::Quote
            | EvidenceKey::Lang => Inside::Nothing,
        }
    }
}

/// The schema of a table of `K`: its keys, the required ones, and no others (so an editor
/// flags a misspelt key as the loader's `unknown-key` would).
fn object<K: Described>() -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for &key in K::ALL {
        properties.insert(key.name().into(), value::<K>(key));
        if key.required() {
            required.push(Value::from(key.name()));
        }
    }
    let mut schema = Map::new();
    schema.insert("type".into(), "object".into());
    schema.insert("description".into(), sentence(K::WHAT).into());
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required));
    }
    schema.insert("additionalProperties".into(), false.into());
    Value::Object(schema)
}

/// An evidence table needs a `source`, or a `document` to take it from.
fn evidence(nested: bool) -> Value {
    let mut schema = object::<EvidenceKey>();
    if let Value::Object(map) = &mut schema {
        map.insert(
            "anyOf".into(),
            json!([{ "required": ["source"] }, { "required": ["document"] }]),
        );
        if nested {
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                properties.remove(EvidenceKey::Claim.name());
            }
        } else {
            map.insert("required".into(), json!([EvidenceKey::Claim.name()]));
            map.insert(
                "description".into(),
                "A top-level `[[evidence]]` table: evidence that names its claim.".into(),
            );
        }
    }
    schema
}

/// `[[claim.evidence]]`: its claim is the enclosing one.
fn nested_evidence() -> Value {
    evidence(true)
}

/// `[[evidence]]`: it names its claim.
fn top_level_evidence() -> Value {
    evidence(false)
}

/// The schema of `key`'s value, described by its doc comment.
fn value<K: Described>(key: K) -> Value {
    let doc = key.doc().trim();
    let (mut schema, description) = match (key.kind(), key.inside()) {
        (Kind::Id, Inside::Nothing) => (
            id(),
            format!("{doc} An id: lowercase letters, digits, '-', '_' and '.'."),
        ),
        (Kind::Text, Inside::Nothing) => (json!({ "type": "string" }), doc.to_owned()),
        (Kind::Bool, Inside::Nothing) => (json!({ "type": "boolean" }), doc.to_owned()),
        (Kind::Integer, Inside::Nothing) => (json!({ "type": "integer" }), doc.to_owned()),
        (Kind::Digest, Inside::Nothing) => (
            json!({ "type": "string", "pattern": "^[0-9a-fA-F]{64}$" }),
            doc.to_owned(),
        ),
        (Kind::Publish, Inside::Nothing) => (
            json!({ "oneOf": [{ "type": "boolean" }, { "type": "string", "enum": ["rating"] }] }),
            doc.to_owned(),
        ),
        (Kind::Date, Inside::Nothing) => (
            json!({ "type": "string", "pattern": DATE_PATTERN }),
            format!("{doc} A TOML date, unquoted: 2025-07-14 (or a date-time)."),
        ),
        (Kind::IdList, Inside::Nothing) => (
            json!({ "type": "array", "items": id() }),
            format!("{doc} A list of ids: [\"…\"]."),
        ),
        (Kind::IdOrList, Inside::Nothing) => (
            json!({ "oneOf": [id(), { "type": "array", "items": id(), "minItems": 1 }] }),
            format!("{doc} An id, or a list of ids nearest the source first: [\"…\", \"…\"]."),
        ),
        (Kind::Value, Inside::Nothing) => (
            json!({ "oneOf": [
                { "type": "number" },
                {
                    "type": "object",
                    "properties": { "min": { "type": "number" }, "max": { "type": "number" } },
                    "minProperties": 1,
                    "additionalProperties": false,
                },
                { "type": "array", "items": { "type": "string" } },
            ] }),
            format!("{doc} A number (4), a range ({{ min = 100, max = 300 }}; min alone is \"at least\"), or for a set question a list of parts ([\"…\"])."),
        ),
        (Kind::Tolerance, Inside::Nothing) => (
            json!({ "oneOf": [
                { "type": "number", "minimum": 0 },
                { "type": "string", "pattern": TOLERANCE_PATTERN },
            ] }),
            doc.to_owned(),
        ),
        (Kind::Word, Inside::Words(words)) => {
            let description = format!("{doc} One of: {}.", words.words.join(", "));
            (word_schema(words), description)
        }
        (Kind::Table, Inside::Table(table)) => (table(), doc.to_owned()),
        (Kind::Tables, Inside::Table(table)) => (
            json!({ "type": "array", "items": table() }),
            format!("{doc} Each entry under its own [[{}]] header.", header(key)),
        ),
        // A kind this file describes otherwise is a slip here, which `every_key_is_described`
        // catches; meanwhile the key takes anything rather than flag files the loader reads.
        _ => (json!({}), doc.to_owned()),
    };
    if let Value::Object(map) = &mut schema {
        map.insert("description".into(), description.into());
    }
    schema
}

fn id() -> Value {
    json!({ "type": "string", "pattern": ID_PATTERN })
}

fn word_schema(words: Words) -> Value {
    let mut schema = json!({ "type": "string", "enum": words.words });
    if let (Some(meanings), Value::Object(map)) = (words.meanings, &mut schema) {
        // taplo's extension: a line of documentation beside each word it completes.
        map.insert(
            "x-taplo".into(),
            json!({ "docs": { "enumValues": meanings } }),
        );
    }
    schema
}

/// The `[[…]]` header of an array-of-tables key.
fn header<K: Keys>(key: K) -> String {
    match key.name() {
        "evidence" if K::WHAT == ClaimKey::WHAT => "claim.evidence".to_owned(),
        name => name.to_owned(),
    }
}

/// "a `[[claim]]` entry" as a sentence.
fn sentence(what: &str) -> String {
    let mut chars = what.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

// ---- the policy -----------------------------------------------------------------------------

/// The value a policy key takes, with the range `load::policy` enforces and the default.
#[derive(Debug, Clone, PartialEq)]
enum Setting {
    /// A number (integer or float) within `lo..=hi`.
    Number { lo: f64, hi: f64, default: f64 },
    /// An integer within `lo..=hi`.
    Count { lo: i64, hi: i64, default: i64 },
    /// One of `words`.
    Word {
        words: Vec<&'static str>,
        default: &'static str,
    },
    /// Free text.
    Text,
}

/// `key` of policy table `table`: its value and meaning, `None` for a key this file has not
/// described (`every_policy_key_is_described` fails then).
fn setting(table: &str, key: &str, d: &Policy) -> Option<(Setting, &'static str)> {
    use Setting::{Count, Number, Text};
    let unit = |default: f64| Number {
        lo: 0.0,
        hi: 1.0,
        default,
    };
    let count = |lo: i64, hi: i64, default: usize| Count {
        lo,
        hi,
        default: i64::try_from(default).unwrap_or(i64::MAX),
    };
    // The ranges are `load::policy::convert`'s; tests/json_schema.rs loads each bound and a
    // value just past it, so a range changed there and not here fails.
    Some(match (table, key) {
        ("scoring", "base_rate") => (
            unit(d.base_rate),
            "Prior probability of a claim with no evidence (the opinion base rate).",
        ),
        ("scoring", "hedged") => (
            unit(d.hedged),
            "Multiplier on hedged evidence (\"aurait\", \"reportedly\").",
        ),
        ("scoring", "self_serving") => (
            unit(d.self_serving),
            "Multiplier on support from the party a claim favours (or its allies).",
        ),
        ("scoring", "admission") => (
            Number {
                lo: 0.0,
                hi: 0.99,
                default: d.admission,
            },
            "Minimum weight of an admission against interest.",
        ),
        ("scoring", "relay") => (
            unit(d.relay),
            "Multiplier on evidence that reached the desk through a relay (`via`).",
        ),
        ("scoring", "weak_relay") => (
            unit(d.weak_relay),
            "Multiplier, instead of `relay`, on evidence relayed through a source graded D, E or F.",
        ),
        ("scoring", "disputes") => (
            unit(d.disputes),
            "The fraction of a denial a dispute weighs.",
        ),
        ("scoring", "max_weight") => (
            Number {
                lo: 0.01,
                hi: 0.99,
                default: d.max_weight,
            },
            "Ceiling on any single item's weight: no single item is ever certain.",
        ),
        ("status", "confirm_min_origins") => (
            count(1, 1000, d.confirm_min_origins),
            "Independent disinterested origins graded B or better needed to confirm without an admission.",
        ),
        ("status", "contest_threshold") => (
            unit(d.contest_threshold),
            "Support and opposition masses at or above this are credible.",
        ),
        ("status", "refute_threshold") => (
            unit(d.refute_threshold),
            "Opposition mass from independent origins at or above this, with weak support, refutes.",
        ),
        ("status", "contest_min_score") => (
            Number {
                lo: 0.0,
                hi: 0.5,
                default: d.contest_min_score,
            },
            "A claim scoring at or below this is never contested.",
        ),
        ("status", "contest_max_score") => (
            Number {
                lo: 0.5,
                hi: 1.0,
                default: d.contest_max_score,
            },
            "A claim scoring at or above this is never contested, and opposition no longer keeps it from being corroborated or confirmed.",
        ),
        ("status", "min_origin_weight") => (
            unit(d.min_origin_weight),
            "An origin's weight must reach this to count as supporting or opposing.",
        ),
        ("status", "stale_after_days") => (
            Count {
                lo: 0,
                hi: 36500,
                default: d.stale_after_days,
            },
            "Days after its event an unconfirmed claim is flagged stale-unconfirmed.",
        ),
        ("reliability", "mode") => (
            Setting::Word {
                words: modes(),
                default: d.reliability.as_str(),
            },
            "Where source trust comes from: the desk's grades (assigned), the track record (learned), or both (blended).",
        ),
        ("reliability", "prior_strength") => (
            Number {
                lo: 0.0,
                hi: 1e6,
                default: d.prior_strength,
            },
            "How many observations the desk grade is worth in blended mode (F is worth none).",
        ),
        ("reliability", "uninformed_strength") => (
            Number {
                lo: 0.0,
                hi: 1e6,
                default: d.uninformed_strength,
            },
            "How many observations an F (cannot be judged) grade is worth as a prior.",
        ),
        ("reliability", "uninformed_prior") => (
            Number {
                lo: 0.01,
                hi: 0.99,
                default: d.uninformed_prior,
            },
            "The reliability an F (cannot be judged) source starts learning from.",
        ),
        ("reliability", "copies") => (
            Setting::Word {
                words: copy_modes(),
                default: d.copies.as_str(),
            },
            "What learning does with suspected copiers: list them (report) or also count each pair as one origin (merge).",
        ),
        ("reliability", "max_iterations") => (
            count(1, 10_000, d.max_iterations),
            "Most iterations of the reliability estimation.",
        ),
        ("reliability", "tolerance") => (
            Number {
                lo: 1e-12,
                hi: 1.0,
                default: d.tolerance,
            },
            "The estimation stops when no source's reliability moves more than this.",
        ),
        ("reliability", "copy_threshold") => (
            unit(d.copy_threshold),
            "Probability of copying above which a pair of sources is suspected (and merged in merge mode).",
        ),
        ("reliability", "copy_min_shared") => (
            count(1, 1_000_000, d.copy_min_shared),
            "Questions two sources must both answer before copying is considered.",
        ),
        ("reliability", "copy_prior") => (
            Number {
                lo: 0.0001,
                hi: 0.9999,
                default: d.copy_prior,
            },
            "Prior probability that a pair of sources copies.",
        ),
        ("questions", "leading_margin") => (
            unit(d.leading_margin),
            "How far the best answer's score must lead the next one's to be named leading (0: the top answer leads unless exactly tied).",
        ),
        ("questions", "omission") => (
            unit(d.omission),
            "The weight, as a fraction of a list's support, of the opposition it makes to a part it leaves out.",
        ),
        ("publisher", "name") => (Text, "The publisher's name, in published formats."),
        ("publisher", "url") => (Text, "The publisher's home page."),
        ("publisher", "language") => (Text, "The language of the published reviews, e.g. fr."),
        _ => return None,
    })
}

/// The words `[reliability] mode` takes.
fn modes() -> Vec<&'static str> {
    // No catch-all: a new mode does not compile here until it is listed below.
    let _listed = |mode: ReliabilityMode| match mode {
        ReliabilityMode::Assigned | ReliabilityMode::Learned | ReliabilityMode::Blended => (),
    };
    [
        ReliabilityMode::Assigned,
        ReliabilityMode::Learned,
        ReliabilityMode::Blended,
    ]
    .map(ReliabilityMode::as_str)
    .to_vec()
}

/// The words `[reliability] copies` takes.
fn copy_modes() -> Vec<&'static str> {
    // No catch-all: a new mode does not compile here until it is listed below.
    let _listed = |mode: CopyMode| match mode {
        CopyMode::Report | CopyMode::Merge => (),
    };
    [CopyMode::Report, CopyMode::Merge]
        .map(CopyMode::as_str)
        .to_vec()
}

/// The words a rule may be set to in `[rules]`: off, or a severity.
fn rule_settings() -> Vec<&'static str> {
    // No catch-all: a new severity does not compile here until it is listed below.
    let _listed = |severity: Severity| match severity {
        Severity::Info | Severity::Warning | Severity::Error => (),
    };
    // "off" is `load::policy`'s word for `RuleSetting::Off`, which has no word of its own.
    let mut words = vec!["off"];
    words.extend([Severity::Info, Severity::Warning, Severity::Error].map(Severity::as_str));
    words
}

fn setting_schema(setting: Setting, description: &str) -> Value {
    let mut schema = match setting {
        Setting::Number { lo, hi, default } => json!({
            "type": "number", "minimum": lo, "maximum": hi, "default": default,
        }),
        Setting::Count { lo, hi, default } => json!({
            "type": "integer", "minimum": lo, "maximum": hi, "default": default,
        }),
        Setting::Word { words, default } => json!({
            "type": "string", "enum": words, "default": default,
        }),
        Setting::Text => json!({ "type": "string" }),
    };
    if let Value::Object(map) = &mut schema {
        map.insert("description".into(), description.into());
    }
    schema
}

/// A policy table whose keys are `keys`, each described by [`setting`].
fn policy_table(table: &str, keys: &[&str], description: &str, d: &Policy) -> Value {
    let mut properties = Map::new();
    for &key in keys {
        let schema = match (table, key) {
            ("scoring", "trust") => trust(d),
            ("scoring", "basis") => basis(d),
            _ => match setting(table, key, d) {
                Some((setting, description)) => setting_schema(setting, description),
                // Undescribed: see `every_policy_key_is_described`.
                None => json!({}),
            },
        };
        properties.insert(key.into(), schema);
    }
    json!({
        "type": "object",
        "description": description,
        "properties": properties,
        "additionalProperties": false,
    })
}

/// `[scoring.basis]`: the factor for each basis an item may rest on.
fn basis(d: &Policy) -> Value {
    let mut properties = Map::new();
    for (i, &key) in BASES.iter().enumerate() {
        let description = format!("Multiplier on evidence resting on `basis = \"{key}\"`.");
        let setting = Setting::Number {
            lo: 0.0,
            hi: 1.0,
            default: d.basis[i],
        };
        properties.insert(key.into(), setting_schema(setting, &description));
    }
    json!({
        "type": "object",
        "description": "What an item rests on, and how much that weighs; an item without a basis counts in full.",
        "properties": properties,
        "additionalProperties": false,
    })
}

/// `[scoring.trust]`: the trust given to each Admiralty grade.
fn trust(d: &Policy) -> Value {
    let mut properties = Map::new();
    for &grade in GRADES {
        let (default, meaning) = match Reliability::parse(grade) {
            Some(g) => (d.trust(g), g.meaning()),
            None => (0.0, "an unknown grade"),
        };
        let description = format!("Trust in a source graded {grade} ({meaning}).");
        let setting = Setting::Number {
            lo: 0.0,
            hi: 0.99,
            default,
        };
        properties.insert(grade.into(), setting_schema(setting, &description));
    }
    json!({
        "type": "object",
        "description": "Trust per Admiralty reliability grade.",
        "properties": properties,
        "additionalProperties": false,
    })
}

/// `[rules]`: any rule's id, set to off or a severity.
fn rules() -> Value {
    json!({
        "type": "object",
        "description": "Rule severities by rule id (`corroborate rules` lists them): \"off\", \"info\", \"warning\" or \"error\". Rules that report errors cannot be lowered.",
        "propertyNames": { "pattern": RULE_PATTERN },
        "additionalProperties": {
            "type": "string",
            "enum": rule_settings(),
            "description": "off, or the severity the rule reports at.",
        },
    })
}

/// The schema of the policy file over the defaults `d`.
fn policy(d: &Policy) -> Value {
    let mut properties = Map::new();
    for &table in TOP {
        let schema = match table {
            "scoring" => policy_table(table, SCORING, "Weights of evidence.", d),
            "status" => policy_table(table, STATUS, "Thresholds of the claim statuses.", d),
            "rules" => rules(),
            "publisher" => policy_table(
                table,
                PUBLISHER,
                "Who publishes, for the published formats (ClaimReview, HTML).",
                d,
            ),
            "reliability" => policy_table(
                table,
                RELIABILITY,
                "How source reliability is learned and copying detected.",
                d,
            ),
            "questions" => policy_table(table, QUESTIONS, "Competing answers to a question.", d),
            // Undescribed: see `every_policy_key_is_described`.
            _ => json!({}),
        };
        properties.insert(table.into(), schema);
    }
    json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn check<K: Described>() {
        for &key in K::ALL {
            let described = matches!(
                (key.kind(), key.inside()),
                (Kind::Word, Inside::Words(_))
                    | (Kind::Table | Kind::Tables, Inside::Table(_))
                    | (
                        Kind::Id
                            | Kind::Text
                            | Kind::Bool
                            | Kind::Integer
                            | Kind::Digest
                            | Kind::Publish
                            | Kind::Date
                            | Kind::IdList
                            | Kind::IdOrList
                            | Kind::Value
                            | Kind::Tolerance,
                        Inside::Nothing
                    )
            );
            assert!(
                described,
                "{} `{}`: kind and description disagree",
                K::WHAT,
                key.name()
            );
            assert!(!key.doc().trim().is_empty(), "`{}` has no doc", key.name());
        }
    }

    /// Every key's kind agrees with what this file says of it: a vocabulary for each word, a
    /// table for each table, nothing else for the rest.
    #[test]
    fn every_key_is_described() {
        check::<ClaimsFile>();
        check::<SourcesFile>();
        check::<ActorKey>();
        check::<SourceKey>();
        check::<EventKey>();
        check::<QuestionKey>();
        check::<ClaimKey>();
        check::<DeskKey>();
        check::<DocumentKey>();
        check::<EvidenceKey>();
    }

    /// Every key the policy loader reads has a value schema here.
    #[test]
    fn every_policy_key_is_described() {
        let d = Policy::default();
        let tables = [
            ("scoring", SCORING),
            ("status", STATUS),
            ("publisher", PUBLISHER),
            ("reliability", RELIABILITY),
            ("questions", QUESTIONS),
        ];
        for (table, keys) in tables {
            assert!(TOP.contains(&table), "{table}");
            for key in keys {
                let nested = matches!((table, *key), ("scoring", "trust" | "basis"));
                assert!(
                    nested || setting(table, key, &d).is_some(),
                    "[{table}] {key} is not described"
                );
            }
        }
        let schema = schema(SchemaFile::Policy);
        for table in TOP {
            let described = &schema["properties"][table];
            assert_eq!(described["type"], "object", "[{table}] is not described");
        }
        for grade in GRADES {
            assert!(Reliability::parse(grade).is_some(), "grade {grade}");
        }
        let bases: Vec<&str> = crate::model::Basis::ALL
            .iter()
            .map(|b| b.as_str())
            .collect();
        assert_eq!(bases, BASES, "[scoring.basis] keys follow the vocabulary");
    }

    /// The defaults the policy schema offers are [`Policy::default`]'s.
    #[test]
    fn policy_defaults_are_the_policy_s() {
        let schema = schema(SchemaFile::Policy);
        let at = |pointer: &str| schema.pointer(pointer).cloned().unwrap_or(Value::Null);
        assert_eq!(at("/properties/scoring/properties/base_rate/default"), 0.3);
        assert_eq!(
            at("/properties/scoring/properties/trust/properties/A/default"),
            0.9
        );
        assert_eq!(
            at("/properties/reliability/properties/mode/default"),
            "blended"
        );
        assert_eq!(
            at("/properties/status/properties/stale_after_days/default"),
            30
        );
    }

    #[test]
    fn files_are_named_and_parse_back() {
        for &file in SchemaFile::ALL {
            assert_eq!(SchemaFile::parse(file.name()), Some(file));
            assert!(file.file_name().starts_with(file.name()));
        }
        assert_eq!(SchemaFile::parse("Claims"), None);
    }

    #[test]
    fn committed_schemas_are_fresh() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schema");
        let bless = std::env::var_os("CORROBORATE_BLESS").is_some();
        let mut stale = Vec::new();
        for &file in SchemaFile::ALL {
            let path = dir.join(file.file_name());
            let expected = render(file);
            if bless {
                std::fs::create_dir_all(&dir).expect("docs/schema is creatable");
                std::fs::write(&path, &expected).expect("docs/schema is writable");
            }
            let actual = std::fs::read_to_string(&path).unwrap_or_default();
            if actual != expected {
                stale.push(file.file_name());
            }
        }
        assert!(
            stale.is_empty(),
            "docs/schema/{{{}}} is stale: run `CORROBORATE_BLESS=1 cargo test --lib committed_schemas_are_fresh` to regenerate it",
            stale.join(",")
        );
    }
}
