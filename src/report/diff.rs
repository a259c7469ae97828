//! `diff OLD NEW`: the claims whose verdict changed between two corpora or two JSON reports, and
//! why.
//!
//! Each side is a [`Snapshot`]: per claim id, its verdict (status, Admiralty code, score), the
//! desk's own verdict, its evidence items and each independent origin's weight. A snapshot is
//! taken from a scored corpus ([`Snapshot::of_corpus`], from verdicts the engine computed: this
//! layer never scores) or read back from a `report --format json` document
//! ([`Snapshot::from_report_json`]); numbers are rounded to 4 decimals as the report writes
//! them, so a corpus and its saved report compare equal.
//!
//! [`compare`] lists, sorted by id, the claims only one side has and the claims whose status or
//! Admiralty code (`C3` → `B2`) or whose desk verdict (`[claim.desk]` status or credibility)
//! differs, each with why: the evidence items added, removed or changed ([`match_items`]) and the
//! origins whose support or opposition moved. A claim whose evidence or weights changed but whose
//! verdicts did not is listed only when asked (`--all`), else counted. A score that moves alone
//! is not a change.
//!
//! The text is for terminals, at 80 columns: every string read from a JSON report goes through
//! [`super::terminal_safe`]. The JSON shape (`diff --format json`, `schema_version` 1):
//!
//! ```json
//! { "schema_version": 1,
//!   "changes": [ {
//!     "id": "…", "change": "changed|added|removed|evidence",
//!     "old": { "status", "code", "score", "desk": { "status", "credibility", "by", "date", "reason" } } | null,
//!     "new": … ,
//!     "verdict_changed": true, "desk_changed": false,
//!     "evidence": [ { "change": "added|removed|changed", "fields": ["stance", …],
//!                     "old": { "source", "relays", "document", "date", "stance", "hedged", "basis",
//!                              "quote", "weight", "excluded", "at": "claims/x.toml:12" } | null,
//!                     "new": … } ],
//!     "origins": [ { "origin": "…", "old": { "support", "opposition" } | null, "new": … } ] } ],
//!   "unlisted": 3 }
//! ```
//!
//! `desk` is omitted when the claim has none; `at` (file and line) only when the side is a
//! corpus; `unlisted` (claims whose evidence or weights changed without a change of verdict, left
//! out without `--all`) only when it is not 0.

use super::wire::types::SCHEMA_VERSION;
use super::{round4, terminal_safe};
use crate::load::texts::Texts;
use crate::model::{ClaimIx, Corpus, Status};
use crate::score::{Assessment, Verdict};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Lines of the text output are wrapped to this width.
const WIDTH: usize = 80;

/// The desk's own verdict on a claim, as one side records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeskSide {
    /// The status the desk gives the claim.
    pub status: Option<Status>,
    /// The Admiralty credibility the desk gives it, 1–6.
    pub credibility: Option<u8>,
    /// Who decided.
    pub by: Option<String>,
    /// When, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Why.
    pub reason: Option<String>,
}

/// What one side says about one claim: its verdict and the desk's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// Its status.
    pub status: Status,
    /// Its Admiralty code, e.g. `B2`.
    pub code: String,
    /// Its score, rounded to 4 decimals.
    pub score: f64,
    /// The desk's own verdict, when it gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desk: Option<DeskSide>,
}

/// One evidence item as one side records it: what identifies it across versions, what may have
/// changed, and what it weighed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemSide {
    /// Source id.
    pub source: String,
    /// The relay chain, nearest the source first (empty when it came first-hand).
    pub relays: Vec<String>,
    /// The document it was read in.
    pub document: Option<String>,
    /// Date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Stance word.
    pub stance: String,
    /// Hedged wording.
    pub hedged: bool,
    /// What it rests on.
    pub basis: Option<String>,
    /// The original words.
    pub quote: Option<String>,
    /// Its final weight (not compared: it moves with everything else; the origins say how).
    pub weight: f64,
    /// Why it does not count, if it does not.
    pub excluded: Option<String>,
    /// Where it is written, `file:line`, when the side is a corpus (never compared).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// The fields of an item that [`match_items`] reports as changed, in this order.
const FIELDS: [&str; 6] = ["stance", "date", "hedged", "basis", "quote", "document"];

impl ItemSide {
    /// Its stable identity: who said it, and through whom. Two versions of an item share it;
    /// everything else about the item may be corrected between them (a desk citing the
    /// document it read an item in keeps the item).
    fn anchor(&self) -> (&str, &[String]) {
        (&self.source, &self.relays)
    }

    /// Which of [`FIELDS`] differ between `self` and `other`.
    fn differing(&self, other: &ItemSide) -> Vec<&'static str> {
        let same = [
            self.stance == other.stance,
            self.date == other.date,
            self.hedged == other.hedged,
            self.basis == other.basis,
            self.quote == other.quote,
            self.document == other.document,
        ];
        FIELDS
            .iter()
            .zip(same)
            .filter(|(_, same)| !same)
            .map(|(f, _)| *f)
            .collect()
    }

    /// The order items are listed in: the report's canonical order (source, date, stance, relay,
    /// hedging, quote).
    fn order_key(&self) -> impl Ord + '_ {
        (
            &self.source,
            &self.date,
            &self.stance,
            &self.relays,
            self.hedged,
            &self.quote,
        )
    }
}

/// One origin's weight on a claim.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Weights {
    /// Its strongest support, rounded to 4 decimals.
    pub support: f64,
    /// Its strongest opposition, rounded to 4 decimals.
    pub opposition: f64,
}

/// Everything one side records about one claim.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimSide {
    /// Its verdict and the desk's.
    pub side: Side,
    /// Its own evidence items.
    pub items: Vec<ItemSide>,
    /// Each independent origin's weight, by origin id.
    pub origins: BTreeMap<String, Weights>,
}

/// The verdicts of one side of a diff, by claim id.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Each claim, by id.
    pub claims: BTreeMap<String, ClaimSide>,
    /// Whether it records evidence and weights: false for a report written before they were
    /// part of it, which can say that a verdict changed but not why.
    pub detailed: bool,
}

impl Default for Snapshot {
    fn default() -> Self {
        Snapshot {
            claims: BTreeMap::new(),
            detailed: true,
        }
    }
}

/// Why a file given to `diff` cannot be read as a report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadReport {
    /// It is not JSON.
    #[error("not valid JSON ({0}); expected a corpus folder or the output of `corroborate report --format json`")]
    Json(String),
    /// It is JSON, but not a report.
    #[error(
        "not a corroborate report (expected the output of `corroborate report --format json`): {0}"
    )]
    NotAReport(String),
    /// A report of a version this build cannot read.
    #[error("report schema_version {0} is not supported (this corroborate reads version {SCHEMA_VERSION})")]
    Version(u64),
}

/// The desk's verdict as a report writes it (every field may be null).
#[derive(Deserialize)]
struct DeskIn {
    status: Option<String>,
    credibility: Option<u8>,
    by: Option<String>,
    date: Option<String>,
    reason: Option<String>,
}

/// An evidence item as a report writes it; fields a report need not carry default.
#[derive(Deserialize)]
struct ItemIn {
    source: String,
    stance: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    via: Option<String>,
    #[serde(default)]
    relays: Option<Vec<String>>,
    #[serde(default)]
    hedged: bool,
    #[serde(default)]
    weight: f64,
    #[serde(default)]
    excluded: Option<String>,
    #[serde(default)]
    basis: Option<String>,
    #[serde(default)]
    quote: Option<String>,
    #[serde(default)]
    document: Option<String>,
}

/// An origin's weight as a report writes it.
#[derive(Deserialize)]
struct WeightIn {
    origin: String,
    support: f64,
    opposition: f64,
}

impl Snapshot {
    /// Reads a `report --format json` document. Anything that is not one (not JSON, another
    /// shape, a wrong type anywhere the diff reads) is an error saying what and where.
    pub fn from_report_json(text: &str) -> Result<Self, BadReport> {
        use BadReport::NotAReport;
        let doc: serde_json::Value =
            serde_json::from_str(text).map_err(|e| BadReport::Json(e.to_string()))?;
        let Some(doc) = doc.as_object() else {
            return Err(NotAReport("the document is not a JSON object".into()));
        };
        let version = match doc.get("schema_version") {
            None => return Err(NotAReport("it has no `schema_version`".into())),
            Some(v) => v
                .as_u64()
                .ok_or_else(|| NotAReport("`schema_version` is not a whole number".into()))?,
        };
        if version == 0 || version > u64::from(SCHEMA_VERSION) {
            return Err(BadReport::Version(version));
        }
        let claims = match doc.get("claims") {
            None => return Err(NotAReport("it has no `claims`".into())),
            Some(c) => c
                .as_array()
                .ok_or_else(|| NotAReport("`claims` is not an array".into()))?,
        };
        let mut snapshot = Snapshot::default();
        for (i, claim) in claims.iter().enumerate() {
            let field = |name: &str| {
                claim
                    .get(name)
                    .ok_or_else(|| NotAReport(format!("claim #{} has no `{name}`", i + 1)))
            };
            let id = field("id")?
                .as_str()
                .ok_or_else(|| NotAReport(format!("claim #{}: `id` is not a string", i + 1)))?;
            let bad = |what: &str| NotAReport(format!("claim `{}`: {what}", terminal_safe(id)));
            let status = field("status")?
                .as_str()
                .ok_or_else(|| bad("`status` is not a string"))?;
            let status = Status::parse(status)
                .ok_or_else(|| bad(&format!("unknown status `{}`", terminal_safe(status))))?;
            let code = field("code")?
                .as_str()
                .ok_or_else(|| bad("`code` is not a string"))?;
            let score = field("score")?
                .as_f64()
                .ok_or_else(|| bad("`score` is not a number"))?;
            let desk = match claim.get("desk") {
                None | Some(serde_json::Value::Null) => None,
                Some(desk) => {
                    let desk =
                        DeskIn::deserialize(desk).map_err(|e| bad(&format!("`desk`: {e}")))?;
                    let status = match desk.status {
                        None => None,
                        Some(s) => Some(Status::parse(&s).ok_or_else(|| {
                            bad(&format!("`desk`: unknown status `{}`", terminal_safe(&s)))
                        })?),
                    };
                    Some(DeskSide {
                        status,
                        credibility: desk.credibility,
                        by: desk.by,
                        date: desk.date,
                        reason: desk.reason,
                    })
                }
            };
            let items = match claim.get("evidence") {
                None => Vec::new(),
                Some(items) => Vec::<ItemIn>::deserialize(items)
                    .map_err(|e| bad(&format!("`evidence`: {e}")))?
                    .into_iter()
                    .map(|e| ItemSide {
                        source: e.source,
                        relays: e.relays.unwrap_or_else(|| e.via.into_iter().collect()),
                        document: e.document,
                        date: e.date,
                        stance: e.stance,
                        hedged: e.hedged,
                        basis: e.basis,
                        quote: e.quote,
                        weight: round4(e.weight),
                        excluded: e.excluded,
                        at: None,
                    })
                    .collect(),
            };
            let origins = match claim.get("origin_weights") {
                None => {
                    // Written before the report carried them: verdicts only.
                    snapshot.detailed = false;
                    BTreeMap::new()
                }
                Some(weights) => Vec::<WeightIn>::deserialize(weights)
                    .map_err(|e| bad(&format!("`origin_weights`: {e}")))?
                    .into_iter()
                    .map(|w| {
                        let weights = Weights {
                            support: round4(w.support),
                            opposition: round4(w.opposition),
                        };
                        (w.origin, weights)
                    })
                    .collect(),
            };
            let side = ClaimSide {
                side: Side {
                    status,
                    code: code.to_owned(),
                    score: round4(score),
                    desk,
                },
                items,
                origins,
            };
            if snapshot.claims.insert(id.to_owned(), side).is_some() {
                return Err(bad("the claim appears twice"));
            }
        }
        Ok(snapshot)
    }

    /// Takes every claim of a scored corpus: `verdicts` gives the engine's verdicts on a batch of
    /// claims (called a batch at a time, so the verdicts of a large corpus are never all in
    /// memory). Origins are named as the report names them (learned, copiers merged).
    pub fn of_corpus(
        corpus: &Corpus,
        assessment: &Assessment,
        verdicts: &dyn Fn(&[ClaimIx]) -> Vec<Verdict>,
    ) -> Self {
        const BATCH: usize = 4096;
        let all: Vec<ClaimIx> = (0..corpus.claims.len() as u32).map(ClaimIx).collect();
        let mut texts = Texts::new();
        let mut snapshot = Snapshot::default();
        for batch in all.chunks(BATCH) {
            for v in verdicts(batch) {
                let claim = &corpus.claims[v.claim.get()];
                let outcome = &assessment.outcomes[v.claim.get()];
                let items = super::view::canonical_items(corpus, &v)
                    .into_iter()
                    .map(|(item, e)| {
                        let line = texts.position(corpus, e.span.file, e.span.start).line;
                        ItemSide {
                            source: e.source.id.as_str().to_owned(),
                            relays: e
                                .via
                                .as_deref()
                                .map(|r| r.iter().map(|r| r.id.as_str().to_owned()).collect())
                                .unwrap_or_default(),
                            document: e
                                .provenance
                                .as_deref()
                                .and_then(|p| p.document.as_ref())
                                .map(|d| d.id.as_str().to_owned()),
                            date: e.date.as_ref().map(|d| d.value.to_string()),
                            stance: item.stance.as_str().to_owned(),
                            hedged: e.hedged,
                            basis: e.basis.map(|b| b.as_str().to_owned()),
                            quote: e.quote.as_ref().map(|q| q.to_string()),
                            weight: round4(item.weight),
                            excluded: item
                                .excluded
                                .map(|x| super::view::excluded_word(x).to_owned()),
                            at: Some(format!(
                                "{}:{line}",
                                super::view::display_path(corpus, e.span.file)
                            )),
                        }
                    })
                    .collect();
                let origins = v
                    .origins
                    .iter()
                    .map(|o| {
                        let weights = Weights {
                            support: round4(o.support),
                            opposition: round4(o.opposition),
                        };
                        let name = super::wire::origin_name(
                            corpus,
                            Some(&assessment.learned.origin),
                            &v,
                            o,
                        );
                        (name, weights)
                    })
                    .collect();
                let desk = claim.desk.as_deref().map(|d| DeskSide {
                    status: d.status.as_ref().map(|s| s.value),
                    credibility: d.credibility.as_ref().map(|c| c.value),
                    by: d.by.as_ref().map(|b| b.to_string()),
                    date: d.date.as_ref().map(|x| x.value.to_string()),
                    reason: d.reason.as_ref().map(|r| r.to_string()),
                });
                let side = ClaimSide {
                    side: Side {
                        status: outcome.status,
                        code: outcome.code(),
                        score: round4(outcome.score),
                        desk,
                    },
                    items,
                    origins,
                };
                // Duplicate ids are a load error; a corpus with them is never scored.
                snapshot.claims.insert(claim.id.value.to_string(), side);
            }
        }
        snapshot
    }
}

/// How a claim or an item differs between the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Both sides have it and it differs: for a claim, its verdict or the desk's.
    Changed,
    /// Only the new side has it.
    Added,
    /// Only the old side has it.
    Removed,
    /// A claim whose evidence or origins' weights changed, its verdicts not (listed with
    /// `--all`).
    Evidence,
}

impl ChangeKind {
    /// The word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Changed => "changed",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Evidence => "evidence",
        }
    }
}

/// An evidence item added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemChange {
    /// Added, removed or changed.
    pub change: ChangeKind,
    /// For a changed item, which of its fields changed (`stance`, `date`, `hedged`, `basis`,
    /// `quote`).
    pub fields: Vec<&'static str>,
    /// The item on the old side.
    pub old: Option<ItemSide>,
    /// The item on the new side.
    pub new: Option<ItemSide>,
}

/// An origin whose support or opposition moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OriginChange {
    /// The origin id.
    pub origin: String,
    /// Its weight on the old side (`None`: it did not speak on the claim).
    pub old: Option<Weights>,
    /// Its weight on the new side.
    pub new: Option<Weights>,
}

/// One claim that changed, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The claim id.
    pub id: String,
    /// How it changed.
    pub change: ChangeKind,
    /// The old side's verdict (`None` when added).
    pub old: Option<Side>,
    /// The new side's verdict (`None` when removed).
    pub new: Option<Side>,
    /// Whether its status or Admiralty code changed.
    pub verdict_changed: bool,
    /// Whether the desk's status or credibility changed (a desk verdict given or withdrawn
    /// included).
    pub desk_changed: bool,
    /// Its evidence items added, removed or changed.
    pub evidence: Vec<ItemChange>,
    /// Its origins whose weight moved, by origin id.
    pub origins: Vec<OriginChange>,
}

/// The result of [`compare`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Diff {
    /// The claims listed, by id.
    pub changes: Vec<Change>,
    /// Claims whose evidence or weights changed without a change of verdict, not listed.
    pub unlisted: usize,
}

/// Pairs the items of two versions of a claim and says what differs.
///
/// Items equal in every compared field (source, relay chain, document, date, stance, hedging,
/// basis, quote) are the same item, wherever they stand. Of the rest, an old and a new item are
/// one item changed when they share their identity (source and relay chain) and an anchor
/// (their date, their quote, both absent included, or their document): a desk correcting a
/// stance, a date or a quote, or citing the document it read the item in, keeps the item, while a source's new statement, on another day and
/// in other words, is an item added beside the old one. Pairs agreeing on the most fields are
/// made first. Anything left is removed (old) or added (new). Listed in canonical order.
pub fn match_items(old: &[ItemSide], new: &[ItemSide]) -> Vec<ItemChange> {
    let same = |a: &ItemSide, b: &ItemSide| a.anchor() == b.anchor() && a.differing(b).is_empty();
    let mut old_left: Vec<bool> = vec![true; old.len()];
    let mut new_left: Vec<bool> = vec![true; new.len()];
    for (n, item) in new.iter().enumerate() {
        if let Some(o) = (0..old.len()).find(|&o| old_left[o] && same(&old[o], item)) {
            old_left[o] = false;
            new_left[n] = false;
        }
    }
    // Candidate pairs among what is left, the closest first.
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (o, a) in old.iter().enumerate().filter(|(o, _)| old_left[*o]) {
        for (n, b) in new.iter().enumerate().filter(|(n, _)| new_left[*n]) {
            let anchored = a.date == b.date
                || a.quote == b.quote
                || (a.document.is_some() && a.document == b.document);
            if a.anchor() == b.anchor() && anchored {
                pairs.push((a.differing(b).len(), o, n));
            }
        }
    }
    pairs.sort_unstable();
    let mut changes = Vec::new();
    for (_, o, n) in pairs {
        if old_left[o] && new_left[n] {
            old_left[o] = false;
            new_left[n] = false;
            changes.push(ItemChange {
                change: ChangeKind::Changed,
                fields: old[o].differing(&new[n]),
                old: Some(old[o].clone()),
                new: Some(new[n].clone()),
            });
        }
    }
    for (_, item) in old.iter().enumerate().filter(|(o, _)| old_left[*o]) {
        changes.push(ItemChange {
            change: ChangeKind::Removed,
            fields: Vec::new(),
            old: Some(item.clone()),
            new: None,
        });
    }
    for (_, item) in new.iter().enumerate().filter(|(n, _)| new_left[*n]) {
        changes.push(ItemChange {
            change: ChangeKind::Added,
            fields: Vec::new(),
            old: None,
            new: Some(item.clone()),
        });
    }
    fn shown(c: &ItemChange) -> Option<&ItemSide> {
        c.new.as_ref().or(c.old.as_ref())
    }
    changes.sort_by(|a, b| {
        shown(a)
            .map(ItemSide::order_key)
            .cmp(&shown(b).map(ItemSide::order_key))
    });
    changes
}

/// The origins whose support or opposition differs between two versions of a claim, by id.
fn moved_origins(
    old: &BTreeMap<String, Weights>,
    new: &BTreeMap<String, Weights>,
) -> Vec<OriginChange> {
    let mut ids: Vec<&String> = old.keys().chain(new.keys()).collect();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| {
            let (o, n) = (old.get(id).copied(), new.get(id).copied());
            (o != n).then(|| OriginChange {
                origin: id.clone(),
                old: o,
                new: n,
            })
        })
        .collect()
}

/// The desk's verdict that counts for a change: its status and credibility.
fn desk_verdict(side: &Side) -> Option<(Option<Status>, Option<u8>)> {
    side.desk.as_ref().map(|d| (d.status, d.credibility))
}

/// The claims added, removed, or whose verdict or desk verdict changed, each with why; claims
/// whose evidence or weights alone changed too when `all` is set (else only counted).
pub fn compare(old: &Snapshot, new: &Snapshot, all: bool) -> Diff {
    let detailed = old.detailed && new.detailed;
    let mut ids: Vec<&String> = old.claims.keys().chain(new.claims.keys()).collect();
    ids.sort();
    ids.dedup();
    let mut diff = Diff::default();
    for id in ids {
        let (o, n) = (old.claims.get(id), new.claims.get(id));
        let change = match (o, n) {
            (Some(o), Some(n)) => {
                let verdict_changed = o.side.status != n.side.status || o.side.code != n.side.code;
                let desk_changed = desk_verdict(&o.side) != desk_verdict(&n.side);
                let (evidence, origins) = if detailed {
                    (
                        match_items(&o.items, &n.items),
                        moved_origins(&o.origins, &n.origins),
                    )
                } else {
                    (Vec::new(), Vec::new())
                };
                let change = if verdict_changed || desk_changed {
                    ChangeKind::Changed
                } else if evidence.is_empty() && origins.is_empty() {
                    continue;
                } else if all {
                    ChangeKind::Evidence
                } else {
                    diff.unlisted += 1;
                    continue;
                };
                Change {
                    id: id.clone(),
                    change,
                    old: Some(o.side.clone()),
                    new: Some(n.side.clone()),
                    verdict_changed,
                    desk_changed,
                    evidence,
                    origins,
                }
            }
            (None, Some(n)) => added_or_removed(id, ChangeKind::Added, None, Some(&n.side)),
            (Some(o), None) => added_or_removed(id, ChangeKind::Removed, Some(&o.side), None),
            (None, None) => continue,
        };
        diff.changes.push(change);
    }
    diff
}

/// The change of a claim only one side has.
fn added_or_removed(
    id: &str,
    change: ChangeKind,
    old: Option<&Side>,
    new: Option<&Side>,
) -> Change {
    Change {
        id: id.to_owned(),
        change,
        old: old.cloned(),
        new: new.cloned(),
        verdict_changed: true,
        desk_changed: old.and_then(|s| s.desk.as_ref()).is_some()
            || new.and_then(|s| s.desk.as_ref()).is_some(),
        evidence: Vec::new(),
        origins: Vec::new(),
    }
}

/// `old → new`, or the one value when both are equal; `—` for a missing side.
fn arrow(old: Option<String>, new: Option<String>) -> String {
    match (old, new) {
        (Some(o), Some(n)) if o == n => o,
        (o, n) => format!(
            "{} → {}",
            o.as_deref().unwrap_or("—"),
            n.as_deref().unwrap_or("—")
        ),
    }
}

/// Two weights as `old → new`, to 2 decimals, or to 4 when 2 would hide the move.
fn weight_arrow(old: Option<f64>, new: Option<f64>) -> String {
    let show = |x: Option<f64>, places: usize| x.map(|x| format!("{x:.places$}"));
    let (o, n) = (show(old, 2), show(new, 2));
    if o == n && old != new {
        arrow(show(old, 4), show(new, 4))
    } else {
        arrow(o, n)
    }
}

/// `cells` joined by two spaces, on lines of at most [`WIDTH`] columns (a cell is never split;
/// continuation lines are indented by `indent`).
fn fill_cells(cells: &[String], indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for cell in cells {
        let width = |s: &str| textwrap::core::display_width(s);
        if !line.is_empty() && width(&line) + 2 + width(cell) > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = format!("{indent}{cell}");
        } else {
            if !line.is_empty() {
                line.push_str("  ");
            }
            line.push_str(cell);
        }
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// `text` wrapped to [`WIDTH`] columns, every line starting with `indent`.
fn wrap(text: &str, indent: &str) -> String {
    let options = textwrap::Options::new(WIDTH)
        .initial_indent(indent)
        .subsequent_indent(indent)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut out = textwrap::fill(text, options);
    out.push('\n');
    out
}

/// An item in words: `denies observer via wire in wire-dispatch-1, 2025-03-04, hedged,
/// basis analysis (claims/day2.toml:1)`, made terminal-safe.
fn item_words(item: &ItemSide) -> String {
    let mut words = format!(
        "{} {}",
        terminal_safe(&item.stance),
        terminal_safe(&item.source)
    );
    if !item.relays.is_empty() {
        words.push_str(" via ");
        words.push_str(&terminal_safe(&item.relays.join(" → ")));
    }
    if let Some(document) = &item.document {
        words.push_str(" in ");
        words.push_str(&terminal_safe(document));
    }
    words.push_str(", ");
    words.push_str(&terminal_safe(item.date.as_deref().unwrap_or("undated")));
    if item.hedged {
        words.push_str(", hedged");
    }
    if let Some(basis) = &item.basis {
        words.push_str(", basis ");
        words.push_str(&terminal_safe(basis));
    }
    if let Some(at) = &item.at {
        words.push_str(&format!(" ({})", terminal_safe(at)));
    }
    words
}

/// A field of an item, as the text shows it.
fn field_value(item: &ItemSide, field: &str) -> String {
    let text = match field {
        "stance" => Some(item.stance.clone()),
        "date" => item.date.clone(),
        "hedged" => Some(if item.hedged { "yes" } else { "no" }.to_owned()),
        "basis" => item.basis.clone(),
        "quote" => item.quote.as_ref().map(|q| format!("“{q}”")),
        "document" => item.document.clone(),
        _ => None,
    };
    terminal_safe(text.as_deref().unwrap_or("—")).into_owned()
}

/// The desk's verdict in words: `contested, credibility 4 (ana, 2025-03-05: "…")`.
fn desk_words(desk: Option<&DeskSide>) -> String {
    let Some(desk) = desk else {
        return "none".to_owned();
    };
    let mut words = desk.status.map_or("no status", Status::as_str).to_owned();
    if let Some(c) = desk.credibility {
        words.push_str(&format!(", credibility {c}"));
    }
    words
}

/// The text of one listed claim: its verdict line, then why.
fn render_change(c: &Change) -> String {
    let get = |f: fn(&Side) -> String| (c.old.as_ref().map(f), c.new.as_ref().map(f));
    let (old_status, new_status) = get(|s| s.status.as_str().to_owned());
    let (old_code, new_code) = get(|s| terminal_safe(&s.code).into_owned());
    let (old_score, new_score) = get(|s| format!("{:.2}", s.score));
    let mut out = fill_cells(
        &[
            terminal_safe(&c.id).into_owned(),
            c.change.as_str().to_owned(),
            arrow(old_status, new_status),
            arrow(old_code, new_code),
            format!("score {}", arrow(old_score, new_score)),
        ],
        "    ",
    );
    if matches!(c.change, ChangeKind::Added | ChangeKind::Removed) {
        return out;
    }
    let desk = |s: &Option<Side>| s.as_ref().and_then(|s| s.desk.clone());
    let (old_desk, new_desk) = (desk(&c.old), desk(&c.new));
    if c.desk_changed {
        let mut line = format!(
            "desk: {} → {}",
            desk_words(old_desk.as_ref()),
            desk_words(new_desk.as_ref())
        );
        if let Some(d) = &new_desk {
            let who: Vec<String> = [&d.by, &d.date]
                .into_iter()
                .flatten()
                .map(|s| terminal_safe(s).into_owned())
                .collect();
            if !who.is_empty() {
                line.push_str(&format!(" ({})", who.join(", ")));
            }
            if let Some(reason) = &d.reason {
                line.push_str(&format!(": {}", terminal_safe(reason)));
            }
        }
        out.push_str(&wrap(&line, "  "));
    }
    for item in &c.evidence {
        match (item.change, &item.old, &item.new) {
            (ChangeKind::Changed, Some(o), Some(n)) => {
                out.push_str(&wrap(&format!("~ {}", item_words(n)), "  "));
                for field in &item.fields {
                    let line = format!(
                        "{field}: {} → {}",
                        field_value(o, field),
                        field_value(n, field)
                    );
                    out.push_str(&wrap(&line, "      "));
                }
            }
            (_, _, Some(i)) | (_, Some(i), None) => {
                let sign = if item.change == ChangeKind::Added {
                    '+'
                } else {
                    '-'
                };
                out.push_str(&wrap(&format!("{sign} {}", item_words(i)), "  "));
                if let Some(quote) = &i.quote {
                    out.push_str(&wrap(&format!("“{}”", terminal_safe(quote)), "      "));
                }
            }
            _ => {}
        }
    }
    for origin in &c.origins {
        let part = |f: fn(&Weights) -> f64| {
            weight_arrow(origin.old.as_ref().map(f), origin.new.as_ref().map(f))
        };
        let line = format!(
            "origin {}: support {}, opposition {}",
            terminal_safe(&origin.origin),
            part(|w| w.support),
            part(|w| w.opposition)
        );
        out.push_str(&wrap(&line, "  "));
    }
    out
}

/// Renders a diff as text for a terminal (80 columns): each listed claim with its verdicts
/// old → new, then the desk's change, the items (`+` added, `-` removed, `~` changed) and the
/// origins whose weight moved; then the counts.
pub fn render_text(diff: &Diff) -> String {
    if diff.changes.is_empty() && diff.unlisted == 0 {
        return "no changes\n".to_owned();
    }
    let mut out = String::new();
    for c in &diff.changes {
        out.push_str(&render_change(c));
        out.push('\n');
    }
    let count = |kind: ChangeKind| diff.changes.iter().filter(|c| c.change == kind).count();
    let mut totals = format!(
        "{}: {} changed, {} added, {} removed",
        crate::util::text::plural(diff.changes.len(), "claim"),
        count(ChangeKind::Changed),
        count(ChangeKind::Added),
        count(ChangeKind::Removed),
    );
    let evidence = count(ChangeKind::Evidence);
    if evidence > 0 {
        totals.push_str(&format!(
            ", {evidence} with evidence or weights changed only"
        ));
    }
    out.push_str(&wrap(&totals, ""));
    if diff.unlisted > 0 {
        let line = format!(
            "{} gained, lost or reweighed evidence without a change of verdict (--all lists {})",
            crate::util::text::plural(diff.unlisted, "more claim"),
            if diff.unlisted == 1 { "it" } else { "them" },
        );
        out.push_str(&wrap(&line, ""));
    }
    out
}

/// The `diff --format json` document.
#[derive(Debug, Serialize)]
struct DiffOut<'a> {
    schema_version: u32,
    changes: &'a [Change],
    #[serde(skip_serializing_if = "is_zero")]
    unlisted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Renders a diff as JSON (the shape in the module's documentation), inert for terminals.
pub fn render_json(diff: &Diff) -> String {
    let mut text = serde_json::to_string_pretty(&DiffOut {
        schema_version: 1,
        changes: &diff.changes,
        unlisted: diff.unlisted,
    })
    .unwrap_or_default();
    text.push('\n');
    super::json_inert(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn item(source: &str, stance: &str, date: &str, quote: &str) -> ItemSide {
        ItemSide {
            source: source.into(),
            relays: Vec::new(),
            document: None,
            date: Some(date.into()),
            stance: stance.into(),
            hedged: false,
            basis: None,
            quote: (!quote.is_empty()).then(|| quote.into()),
            weight: 0.5,
            excluded: None,
            at: None,
        }
    }

    fn a() -> ItemSide {
        item("fla", "asserts", "2025-07-14", "ils ont tout détruit")
    }

    fn b() -> ItemSide {
        item("rfi", "confirms", "2025-07-15", "")
    }

    /// (change, fields, source) of each item change.
    fn summary(changes: &[ItemChange]) -> Vec<(ChangeKind, Vec<&'static str>, String)> {
        changes
            .iter()
            .map(|c| {
                let shown = c.new.as_ref().or(c.old.as_ref()).expect("a side");
                (c.change, c.fields.clone(), shown.source.clone())
            })
            .collect()
    }

    #[rstest]
    #[case::unchanged(vec![a(), b()], vec![a(), b()], vec![])]
    #[case::reordered(vec![a(), b()], vec![b(), a()], vec![])]
    #[case::added(vec![a()], vec![a(), b()], vec![(ChangeKind::Added, vec![], "rfi")])]
    #[case::removed(vec![a(), b()], vec![b()], vec![(ChangeKind::Removed, vec![], "fla")])]
    #[case::stance_changed(
        vec![a(), b()],
        vec![a(), item("rfi", "denies", "2025-07-15", "")],
        vec![(ChangeKind::Changed, vec!["stance"], "rfi")]
    )]
    #[case::date_changed(
        vec![a()],
        vec![item("fla", "asserts", "2025-07-13", "ils ont tout détruit")],
        vec![(ChangeKind::Changed, vec!["date"], "fla")]
    )]
    #[case::hedged_changed(
        vec![b()],
        vec![ItemSide { hedged: true, ..b() }],
        vec![(ChangeKind::Changed, vec!["hedged"], "rfi")]
    )]
    // A source's new statement, on another day and in other words, is another item.
    #[case::new_statement_of_the_same_source(
        vec![a()],
        vec![item("fla", "retracts", "2025-07-20", "nous retirons")],
        vec![(ChangeKind::Removed, vec![], "fla"), (ChangeKind::Added, vec![], "fla")]
    )]
    // Another relay is another way the desk heard it.
    #[case::relay_changed(
        vec![b()],
        vec![ItemSide { relays: vec!["afp".into()], ..b() }],
        vec![(ChangeKind::Removed, vec![], "rfi"), (ChangeKind::Added, vec![], "rfi")]
    )]
    // The desk citing the document it read the item in keeps the item.
    #[case::document_cited(
        vec![a()],
        vec![ItemSide { document: Some("rfi-1".into()), ..a() }],
        vec![(ChangeKind::Changed, vec!["document"], "fla")]
    )]
    #[case::a_second_denial_beside_the_first(
        vec![item("fama", "denies", "2025-07-15", "")],
        vec![item("fama", "denies", "2025-07-15", ""), item("fama", "denies", "2025-07-16", "")],
        vec![(ChangeKind::Added, vec![], "fama")]
    )]
    fn items_are_matched_across_versions(
        #[case] old: Vec<ItemSide>,
        #[case] new: Vec<ItemSide>,
        #[case] expected: Vec<(ChangeKind, Vec<&'static str>, &str)>,
    ) {
        let expected: Vec<(ChangeKind, Vec<&'static str>, String)> = expected
            .into_iter()
            .map(|(k, f, s)| (k, f, s.to_owned()))
            .collect();
        let mut got = summary(&match_items(&old, &new));
        // Removed before added when both are listed for one source.
        got.sort_by_key(|(k, _, s)| (s.clone(), *k != ChangeKind::Removed));
        assert_eq!(got, expected);
    }

    fn claim(status: Status, code: &str, desk: Option<(Status, u8)>) -> ClaimSide {
        ClaimSide {
            side: Side {
                status,
                code: code.to_owned(),
                score: 0.5,
                desk: desk.map(|(status, credibility)| DeskSide {
                    status: Some(status),
                    credibility: Some(credibility),
                    by: None,
                    date: None,
                    reason: None,
                }),
            },
            items: vec![a()],
            origins: BTreeMap::new(),
        }
    }

    #[test]
    fn lists_changed_added_and_removed_claims_by_id() {
        let mut old = Snapshot::default();
        old.claims
            .insert("b".into(), claim(Status::Unconfirmed, "C3", None));
        old.claims
            .insert("c".into(), claim(Status::Confirmed, "B1", None));
        old.claims
            .insert("d".into(), claim(Status::Refuted, "F5", None));
        old.claims.insert(
            "e".into(),
            claim(Status::Unconfirmed, "C3", Some((Status::Unconfirmed, 3))),
        );
        old.claims
            .insert("f".into(), claim(Status::Unconfirmed, "C3", None));
        let mut new = old.clone();
        new.claims
            .insert("b".into(), claim(Status::Corroborated, "B2", None));
        new.claims.remove("c");
        new.claims
            .insert("a".into(), claim(Status::Unconfirmed, "C3", None));
        // A score change alone is not a change.
        if let Some(d) = new.claims.get_mut("d") {
            d.side.score = 0.12;
        }
        // The desk's verdict moved, the computed one did not.
        new.claims.insert(
            "e".into(),
            claim(Status::Unconfirmed, "C3", Some((Status::Refuted, 5))),
        );
        // Evidence alone changed: counted, listed with `all`.
        if let Some(f) = new.claims.get_mut("f") {
            f.items.push(b());
        }
        let diff = compare(&old, &new, false);
        let kinds: Vec<(&str, ChangeKind)> = diff
            .changes
            .iter()
            .map(|c| (c.id.as_str(), c.change))
            .collect();
        assert_eq!(
            kinds,
            [
                ("a", ChangeKind::Added),
                ("b", ChangeKind::Changed),
                ("c", ChangeKind::Removed),
                ("e", ChangeKind::Changed),
            ]
        );
        assert!(diff.changes[3].desk_changed && !diff.changes[3].verdict_changed);
        assert_eq!(diff.unlisted, 1);
        let all = compare(&old, &new, true);
        assert_eq!(all.unlisted, 0);
        assert_eq!(all.changes.len(), 5);
        assert_eq!(all.changes[4].change, ChangeKind::Evidence);
        assert_eq!(all.changes[4].evidence.len(), 1);
        assert_eq!(compare(&old, &old, true), Diff::default());
        assert_eq!(render_text(&Diff::default()), "no changes\n");
        let text = render_text(&diff);
        assert!(text.ends_with("(--all lists it)\n"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= WIDTH), "{text}");
    }

    #[test]
    fn non_reports_are_refused_clearly() {
        let claim = |extra: &str| {
            format!(
                "{{\"schema_version\": 1, \"claims\": [{{\"id\": \"x\", \"status\": \"confirmed\", \"code\": \"C3\", \"score\": 0.5{extra}}}]}}"
            )
        };
        for (text, expected) in [
            ("{".to_owned(), "not valid JSON"),
            ("[1, 2]".to_owned(), "not a JSON object"),
            ("{\"claims\": []}".to_owned(), "no `schema_version`"),
            ("{\"schema_version\": 1}".to_owned(), "no `claims`"),
            (
                "{\"schema_version\": 9, \"claims\": []}".to_owned(),
                "not supported",
            ),
            (
                claim("").replace("confirmed", "maybe"),
                "unknown status `maybe`",
            ),
            (
                claim(", \"desk\": {\"status\": \"sure\"}"),
                "`desk`: unknown status `sure`",
            ),
            (
                claim(", \"desk\": {\"credibility\": 300}"),
                "claim `x`: `desk`:",
            ),
            (claim(", \"evidence\": [{\"source\": 3}]"), "`evidence`:"),
            (claim(", \"evidence\": {}"), "`evidence`:"),
            (
                claim(", \"origin_weights\": [{\"origin\": \"a\"}]"),
                "`origin_weights`: missing field `support`",
            ),
            (
                format!(
                    "{{\"schema_version\": 1, \"claims\": [{0}, {0}]}}",
                    "{\"id\": \"x\", \"status\": \"confirmed\", \"code\": \"C3\", \"score\": 0.5}"
                ),
                "appears twice",
            ),
        ] {
            let err = Snapshot::from_report_json(&text).expect_err(&text);
            let err = err.to_string();
            assert!(err.contains(expected), "{text}: {err}");
        }
        // A report written before evidence and weights were part of it: verdicts only.
        let old = Snapshot::from_report_json(&claim("")).expect("a report");
        assert!(!old.detailed);
        let new = Snapshot::from_report_json(&claim(", \"origin_weights\": []")).expect("a report");
        assert!(new.detailed);
    }

    #[test]
    fn hostile_text_is_made_inert() {
        let evil = ItemSide {
            source: "x\u{1b}[2J".into(),
            quote: Some("q\u{202e}".into()),
            ..a()
        };
        let diff = Diff {
            changes: vec![Change {
                id: "c\u{7}".into(),
                change: ChangeKind::Changed,
                old: Some(claim(Status::Unconfirmed, "C3", None).side),
                new: Some(claim(Status::Refuted, "F5\u{1b}", None).side),
                verdict_changed: true,
                desk_changed: false,
                evidence: match_items(&[], &[evil]),
                origins: vec![OriginChange {
                    origin: "o\u{9b}".into(),
                    old: None,
                    new: Some(Weights {
                        support: 0.1,
                        opposition: 0.0,
                    }),
                }],
            }],
            unlisted: 0,
        };
        for text in [render_text(&diff), render_json(&diff)] {
            assert!(!text.chars().any(super::super::is_hazardous), "{text}");
        }
    }
}
