//! The JSON contract of `report --format json` (SPEC §6), version [`SCHEMA_VERSION`].
//!
//! These types are the contract: the streaming writer (`report::json`) writes exactly them, a
//! test parses its output into them (unknown fields refused) and serialises them back to the same
//! bytes, and readers (a later `diff`, a newsroom's pipeline) can parse a report with them. They
//! are apart from the domain types so the contract changes only on purpose: within one schema
//! version fields may be added, never renamed or removed; a change of meaning is a new version.
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "as_of": "2025-07-20",
//!   "summary": { "confirmed": 2, "corroborated": 1, "unconfirmed": 3, "contested": 1, "refuted": 0 },
//!   "claims": [ { "id": "…", "status": "confirmed", "code": "B1", "score": 0.93, "evidence": [ … ] } ],
//!   "questions": [ { "id": "…", "answers": ["…"], "leading": "…", "kind": "quantity",
//!                    "text": "…", "unit": "…", "interval": { "min": 100, "max": 300, … },
//!                    "parts": [ { "part": "…", "probability": 0.8, "listed": 2, "omitted": 1 } ] } ],
//!   "sources": [ { "id": "…", "origin": "…", "assigned": "B", "estimated": 0.8, … } ],
//!   "copies": [ { "sources": ["…", "…"], "shared": 9, "same": 4, "same_true": 1, "same_false": 3, "differ": 5, "probability": 0.97 } ],
//!   "documents": [ { "id": "…", "source": "…", "title": "…", "date": "2025-07-15", "url": "…", … } ]
//! }
//! ```
//!
//! A claim carries `rating` (always, like `publish`), the desk's own verdict as `desk` (omitted
//! when the claim has no `[claim.desk]`; inside it, each absent field is null) and
//! `origin_weights`: each independent origin's strongest support and opposition, as the scorer
//! counted them, which is what `diff` compares to say why a verdict moved. An evidence item
//! carries, when the corpus gives them, `basis`, `quote`, `document` (the id of the
//! `[[document]]` it was read in), `url` and `archive_url` (its own, else its document's).
//!
//! Documents are listed once, at the top level (`documents`, sorted by id, omitted when the corpus
//! declares none), and items name them by id: a document cited by a hundred items would
//! otherwise repeat its title, date and links a hundred times, and a tool joins on the id.
//!
//! Fields added within version 1 that may be absent are omitted when they are (rather than
//! written as null), so the report of a corpus that does not use them keeps its bytes, and the
//! readers of this module accept reports written before them (`#[serde(default)]`).
//!
//! Claims are sorted by id and each claim's evidence in a canonical order (source, date, stance,
//! relay, hedging, quote), so the same corpus gives byte-identical output whatever its file names,
//! file order or entry order. Numbers are rounded to 4 decimals.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Version of the document's shape.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report<'a> {
    /// Version of this shape ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The day the corpus was evaluated at (end of day), `YYYY-MM-DD`.
    #[serde(borrow)]
    pub as_of: Cow<'a, str>,
    /// Selected claims per status.
    pub summary: Summary,
    /// Every selected claim, sorted by id.
    #[serde(borrow)]
    pub claims: Vec<Claim<'a>>,
    /// Questions with at least one selected answer, their answers ranked best first (when the
    /// report carries the assessment).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub questions: Option<Vec<Question<'a>>>,
    /// Every source with its assigned and learned reliability (when the report carries the
    /// assessment).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<Source<'a>>>,
    /// Suspected copier pairs, sorted by their ids (when the report carries the assessment).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub copies: Option<Vec<Copy<'a>>>,
    /// Every `[[document]]` of the corpus, sorted by id; omitted when it declares none.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Document<'a>>,
}

/// A `[[document]]`: a report, page, post or file that evidence is read from. Absent fields are
/// null.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document<'a> {
    /// Document id, as evidence names it in `document`.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// The source that published it.
    #[serde(borrow)]
    pub source: Option<Cow<'a, str>>,
    /// Its title.
    #[serde(borrow)]
    pub title: Option<Cow<'a, str>>,
    /// When it was published, `YYYY-MM-DD`.
    #[serde(borrow)]
    pub date: Option<Cow<'a, str>>,
    /// Where it was published.
    #[serde(borrow)]
    pub url: Option<Cow<'a, str>>,
    /// Where an archive keeps it.
    #[serde(borrow)]
    pub archive_url: Option<Cow<'a, str>>,
    /// When the desk captured it, as written in the corpus.
    #[serde(borrow)]
    pub captured: Option<Cow<'a, str>>,
    /// The desk's capture, relative to the corpus root.
    #[serde(borrow)]
    pub file: Option<Cow<'a, str>>,
    /// The SHA-256 of that capture, lowercase hex.
    #[serde(borrow)]
    pub sha256: Option<Cow<'a, str>>,
    /// Its language.
    #[serde(borrow)]
    pub lang: Option<Cow<'a, str>>,
    /// The language it was translated from, when it is a translation.
    #[serde(borrow)]
    pub translated_from: Option<Cow<'a, str>>,
}

/// The desk's own verdict on a claim (`[claim.desk]`), beside the computed one. Absent fields
/// are null.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Desk<'a> {
    /// The status the desk gives the claim.
    pub status: Option<Status>,
    /// The Admiralty credibility the desk gives it, 1–6.
    pub credibility: Option<u8>,
    /// Who decided.
    #[serde(borrow)]
    pub by: Option<Cow<'a, str>>,
    /// When, `YYYY-MM-DD`.
    #[serde(borrow)]
    pub date: Option<Cow<'a, str>>,
    /// Why.
    #[serde(borrow)]
    pub reason: Option<Cow<'a, str>>,
}

/// One independent origin's weight on a claim: its strongest support and its strongest
/// opposition (0 when it has none), items carried over from related answers included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OriginWeight<'a> {
    /// The origin: the distinct origin ids (learned, suspected copiers merged, when the report
    /// carries the assessment; else declared) of the sources that spoke under it on the claim,
    /// sorted and joined by `+`: one id, except for a bloc of allied actors.
    #[serde(borrow)]
    pub origin: Cow<'a, str>,
    /// Its strongest support.
    pub support: f64,
    /// Its strongest opposition.
    pub opposition: f64,
}

/// A claim's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Confirmed.
    Confirmed,
    /// Corroborated.
    Corroborated,
    /// Unconfirmed.
    Unconfirmed,
    /// Contested.
    Contested,
    /// Refuted.
    Refuted,
}

impl From<crate::score::Status> for Status {
    fn from(status: crate::score::Status) -> Self {
        use crate::score::Status as S;
        match status {
            S::Confirmed => Status::Confirmed,
            S::Corroborated => Status::Corroborated,
            S::Unconfirmed => Status::Unconfirmed,
            S::Contested => Status::Contested,
            S::Refuted => Status::Refuted,
        }
    }
}

/// Claims per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Confirmed claims.
    pub confirmed: usize,
    /// Corroborated claims.
    pub corroborated: usize,
    /// Unconfirmed claims.
    pub unconfirmed: usize,
    /// Contested claims.
    pub contested: usize,
    /// Refuted claims.
    pub refuted: usize,
}

impl From<crate::score::StatusCounts> for Summary {
    fn from(c: crate::score::StatusCounts) -> Self {
        Summary {
            confirmed: c.confirmed,
            corroborated: c.corroborated,
            unconfirmed: c.unconfirmed,
            contested: c.contested,
            refuted: c.refuted,
        }
    }
}

/// A question and its competing answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question<'a> {
    /// Question id.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// Answer claim ids, best first.
    #[serde(borrow)]
    pub answers: Vec<Cow<'a, str>>,
    /// The top answer, or null when it is exactly tied with another (or no answer is
    /// supported).
    #[serde(borrow)]
    pub leading: Option<Cow<'a, str>>,
    /// The answers tied at the top, by id, when there is an exact tie; absent otherwise.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub tied: Vec<Cow<'a, str>>,
    /// How its answers relate: `choice`, `set` or `quantity`.
    #[serde(borrow, default)]
    pub kind: Option<Cow<'a, str>>,
    /// The question as the desk asks it, from its `[[question]]` entry.
    #[serde(borrow, default)]
    pub text: Option<Cow<'a, str>>,
    /// The unit of a quantity question's values.
    #[serde(borrow, default)]
    pub unit: Option<Cow<'a, str>>,
    /// For a quantity question, the values the independent origins agree on.
    #[serde(default)]
    pub interval: Option<Interval>,
    /// For a set question, each part its answers list with its belief, most credible first;
    /// absent for other questions.
    #[serde(borrow, default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part<'a>>,
}

/// A part of a set question's answers, as judged part by part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part<'a> {
    /// The part as first written.
    #[serde(borrow)]
    pub part: Cow<'a, str>,
    /// The projected probability that it is among the truth (rounded to 4 places).
    pub probability: f64,
    /// Independent origins that list it.
    pub listed: usize,
    /// Independent origins that answered the question without it.
    pub omitted: usize,
}

/// The values of a quantity question that the independent origins agree on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    /// The lowest value, or null when unbounded below ("at most …").
    pub min: Option<f64>,
    /// The highest value, or null when unbounded above ("at least …").
    pub max: Option<f64>,
    /// Whether every counted origin's answer allows the whole range; when false they share no
    /// value and the range runs from the lowest answer to the highest.
    pub agreed: bool,
    /// Independent origins whose answers it is drawn from.
    pub origins: usize,
}

impl From<crate::score::Interval> for Interval {
    fn from(i: crate::score::Interval) -> Self {
        Interval {
            min: i.min,
            max: i.max,
            agreed: i.agreed,
            origins: i.origins,
        }
    }
}

/// A pair of sources suspected of copying one another (also in `sources --format json`). Only
/// items the rest of the corpus can judge are counted; nothing is merged unless the policy says
/// `copies = "merge"`: an analyst confirms a suspicion by declaring a shared `origin`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Copy<'a> {
    /// The two source ids, sorted.
    #[serde(borrow)]
    pub sources: [Cow<'a, str>; 2],
    /// Items both answered that the other sources can judge.
    pub shared: usize,
    /// Of those, answered the same way (`same_true + same_false`).
    pub same: usize,
    /// Same answers the other sources hold true.
    pub same_true: usize,
    /// Same answers the other sources reject.
    pub same_false: usize,
    /// Items answered differently.
    pub differ: usize,
    /// Posterior probability that one copies the other.
    pub probability: f64,
}

/// Supporting and opposing independent origins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Origins {
    /// Origins whose support reaches the policy minimum.
    pub supporting: usize,
    /// Origins whose opposition reaches the policy minimum.
    pub opposing: usize,
}

/// One claim's verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim<'a> {
    /// Claim id.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// Event id.
    #[serde(borrow)]
    pub event: Option<Cow<'a, str>>,
    /// Question id, for competing answers.
    #[serde(borrow)]
    pub question: Option<Cow<'a, str>>,
    /// The claim's text.
    #[serde(borrow)]
    pub text: Cow<'a, str>,
    /// Status.
    pub status: Status,
    /// Admiralty information credibility, 1–6.
    pub credibility: u8,
    /// Admiralty code, e.g. `B2`.
    #[serde(borrow)]
    pub code: Cow<'a, str>,
    /// Probability in [0, 1].
    pub score: f64,
    /// ICD 203 estimative word for the score.
    #[serde(borrow)]
    pub estimative: Cow<'a, str>,
    /// Whether the desk intends to publish it.
    pub publish: bool,
    /// Whether the desk publishes it as a rating (`publish = "rating"`).
    #[serde(default)]
    pub rating: bool,
    /// The desk's own verdict, when the claim has a `[claim.desk]`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub desk: Option<Desk<'a>>,
    /// Origin counts.
    pub origins: Origins,
    /// Each independent origin's weight on the claim, in the scorer's order (by origin id,
    /// blocs of allied actors last); empty in reports written before this field.
    #[serde(borrow, default)]
    pub origin_weights: Vec<OriginWeight<'a>>,
    /// Assessment rules that fired, in registry order.
    #[serde(borrow)]
    pub rules: Vec<Cow<'a, str>>,
    /// Evidence items, in canonical order.
    #[serde(borrow)]
    pub evidence: Vec<Evidence<'a>>,
}

/// One evidence item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence<'a> {
    /// Source id.
    #[serde(borrow)]
    pub source: Cow<'a, str>,
    /// The origin the scorer counted it under: learned (suspected copiers merged) when the report
    /// carries the assessment, else declared.
    #[serde(borrow)]
    pub origin: Cow<'a, str>,
    /// Stance (`asserts`, `confirms`, `denies`, …).
    #[serde(borrow)]
    pub stance: Cow<'a, str>,
    /// Date, `YYYY-MM-DD`.
    #[serde(borrow)]
    pub date: Option<Cow<'a, str>>,
    /// Relay source id: the relay that delivered it to the desk.
    #[serde(borrow)]
    pub via: Option<Cow<'a, str>>,
    /// The whole relay chain, nearest the source first, when it has more than one relay.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub relays: Option<Vec<Cow<'a, str>>>,
    /// Hedged wording.
    pub hedged: bool,
    /// Final weight (0 when excluded).
    pub weight: f64,
    /// Why it does not count, if it does not (`after-as-of`, `retracted`, `revised`, `silence`,
    /// `retraction`).
    #[serde(borrow)]
    pub excluded: Option<Cow<'a, str>>,
    /// What it rests on (`witnessed`, `documented`, `analysis`, `opinion`, `hearsay`), when the
    /// desk says.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Cow<'a, str>>,
    /// The original words, when the corpus quotes them.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Cow<'a, str>>,
    /// The id of the `[[document]]` it was read in (see [`Report::documents`]).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Cow<'a, str>>,
    /// Where it can be read: its own `url`, else its document's.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Cow<'a, str>>,
    /// Where an archive keeps it: its own `archive_url`, else its document's.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub archive_url: Option<Cow<'a, str>>,
}

/// One source's reliability (also the rows of `sources --format json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source<'a> {
    /// Source id.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// Its independent origin (after merging suspected copiers).
    #[serde(borrow)]
    pub origin: Cow<'a, str>,
    /// The desk's Admiralty grade.
    #[serde(borrow)]
    pub assigned: Cow<'a, str>,
    /// The reliability learned from the track record.
    pub estimated: f64,
    /// The trust the scorer used (policy mode).
    pub trust: f64,
    /// How much evidence the corpus holds about it (weighted claim count).
    pub evidence: f64,
    /// Claims it spoke on.
    pub claims: usize,
    /// Claims it supported, by final status.
    pub record: Summary,
    /// Sources suspected of copying with it, sorted.
    #[serde(borrow)]
    pub copies: Vec<Cow<'a, str>>,
}
