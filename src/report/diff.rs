//! `diff OLD NEW`: claims whose status or grade changed between two corpora or two JSON reports.
//!
//! Each side is a [`Snapshot`]: claim id → status, Admiralty code and score, taken from a scored
//! corpus or read back from a `report --format json` document (scores rounded to 4 decimals as
//! the report writes them, so a corpus and its saved report compare equal). [`compare`] lists,
//! sorted by id, the claims whose status or Admiralty code (e.g. `C3` → `B2`) differs, and the
//! claims only one side has. A score that moves without changing status or code is not a change.
//!
//! The table is for terminals: every string read from a JSON report goes through
//! [`super::terminal_safe`]. The JSON shape:
//! `{"schema_version":1,"changes":[{"id","change":"changed|added|removed","old":{"status","code","score"}|null,"new":…}]}`.

use super::wire::types::SCHEMA_VERSION;
use super::{round4, terminal_safe};
use crate::model::Corpus;
use crate::score::{Outcome, Status};
use comfy_table::{presets, Table};
use serde::Serialize;
use std::collections::BTreeMap;

/// What one side says about one claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// Its status.
    pub status: Status,
    /// Its Admiralty code, e.g. `B2`.
    pub code: String,
    /// Its score, rounded to 4 decimals.
    pub score: f64,
}

/// The verdicts of one side of a diff, by claim id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// Each claim's verdict, by id.
    pub claims: BTreeMap<String, Side>,
}

/// How a claim differs between the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Both sides have it; its status or code differs.
    Changed,
    /// Only the new side has it.
    Added,
    /// Only the old side has it.
    Removed,
}

impl ChangeKind {
    /// The word used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Changed => "changed",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
        }
    }
}

/// One claim that changed.
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
}

const EXPECTED: &str =
    "expected a corpus folder or the output of `corroborate report --format json`";
const NOT_A_REPORT: &str =
    "not a corroborate report (expected the output of `corroborate report --format json`)";

impl Snapshot {
    /// Reads a `report --format json` document.
    pub fn from_report_json(text: &str) -> Result<Self, String> {
        let doc: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not valid JSON ({e}); {EXPECTED}"))?;
        let Some(doc) = doc.as_object() else {
            return Err(format!("{NOT_A_REPORT}: the document is not a JSON object"));
        };
        let version = match doc.get("schema_version") {
            None => return Err(format!("{NOT_A_REPORT}: it has no `schema_version`")),
            Some(v) => v
                .as_u64()
                .ok_or_else(|| format!("{NOT_A_REPORT}: `schema_version` is not a whole number"))?,
        };
        if version == 0 || version > u64::from(SCHEMA_VERSION) {
            return Err(format!(
                "report schema_version {version} is not supported (this corroborate reads version {SCHEMA_VERSION})"
            ));
        }
        let claims = match doc.get("claims") {
            None => return Err(format!("{NOT_A_REPORT}: it has no `claims`")),
            Some(c) => c
                .as_array()
                .ok_or_else(|| format!("{NOT_A_REPORT}: `claims` is not an array"))?,
        };
        let mut snapshot = Snapshot::default();
        for (i, claim) in claims.iter().enumerate() {
            let field = |name: &str| {
                claim
                    .get(name)
                    .ok_or_else(|| format!("{NOT_A_REPORT}: claim #{} has no `{name}`", i + 1))
            };
            let id = field("id")?
                .as_str()
                .ok_or_else(|| format!("{NOT_A_REPORT}: claim #{}: `id` is not a string", i + 1))?;
            let bad = |what: &str| format!("{NOT_A_REPORT}: claim `{}`: {what}", terminal_safe(id));
            let status = field("status")?
                .as_str()
                .ok_or_else(|| bad("`status` is not a string"))?;
            let status = Status::ALL
                .into_iter()
                .find(|s| s.as_str() == status)
                .ok_or_else(|| bad(&format!("unknown status `{}`", terminal_safe(status))))?;
            let code = field("code")?
                .as_str()
                .ok_or_else(|| bad("`code` is not a string"))?;
            let score = field("score")?
                .as_f64()
                .ok_or_else(|| bad("`score` is not a number"))?;
            let side = Side {
                status,
                code: code.to_owned(),
                score: round4(score),
            };
            if snapshot.claims.insert(id.to_owned(), side).is_some() {
                return Err(bad("the claim appears twice"));
            }
        }
        Ok(snapshot)
    }

    /// Takes the outcomes of a scored corpus (one per claim, in claim order).
    pub fn from_outcomes(corpus: &Corpus, outcomes: &[Outcome]) -> Self {
        Snapshot {
            claims: corpus
                .claims
                .iter()
                .zip(outcomes)
                .map(|(claim, outcome)| {
                    (
                        claim.id.value.to_string(),
                        Side {
                            status: outcome.status,
                            code: outcome.code(),
                            score: round4(outcome.score),
                        },
                    )
                })
                .collect(),
        }
    }
}

/// The claims added, removed, or whose status or grade changed.
pub fn compare(old: &Snapshot, new: &Snapshot) -> Vec<Change> {
    let mut ids: Vec<&String> = old.claims.keys().chain(new.claims.keys()).collect();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| {
            let (o, n) = (old.claims.get(id), new.claims.get(id));
            let change = match (o, n) {
                (Some(o), Some(n)) if o.status == n.status && o.code == n.code => return None,
                (Some(_), Some(_)) => ChangeKind::Changed,
                (None, Some(_)) => ChangeKind::Added,
                (Some(_), None) => ChangeKind::Removed,
                (None, None) => return None,
            };
            Some(Change {
                id: id.clone(),
                change,
                old: o.cloned(),
                new: n.cloned(),
            })
        })
        .collect()
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

/// Renders changes as a table.
pub fn render_table(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no changes\n".to_owned();
    }
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .force_no_tty();
    table.set_header(["claim", "change", "status", "code", "score"]);
    for c in changes {
        let get = |f: fn(&Side) -> String| (c.old.as_ref().map(f), c.new.as_ref().map(f));
        let (old_status, new_status) = get(|s| s.status.as_str().to_owned());
        let (old_code, new_code) = get(|s| terminal_safe(&s.code).into_owned());
        let (old_score, new_score) = get(|s| format!("{:.2}", s.score));
        table.add_row(vec![
            terminal_safe(&c.id).into_owned(),
            c.change.as_str().to_owned(),
            arrow(old_status, new_status),
            arrow(old_code, new_code),
            arrow(old_score, new_score),
        ]);
    }
    let count = |kind: ChangeKind| changes.iter().filter(|c| c.change == kind).count();
    format!(
        "{table}\n{}: {} changed, {} added, {} removed\n",
        crate::util::text::plural(changes.len(), "claim"),
        count(ChangeKind::Changed),
        count(ChangeKind::Added),
        count(ChangeKind::Removed),
    )
}

/// The `diff --format json` document.
#[derive(Debug, Serialize)]
struct DiffOut<'a> {
    schema_version: u32,
    changes: &'a [Change],
}

/// Renders changes as JSON.
pub fn render_json(changes: &[Change]) -> String {
    let mut text = serde_json::to_string_pretty(&DiffOut {
        schema_version: 1,
        changes,
    })
    .unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(status: Status, code: &str, score: f64) -> Side {
        Side {
            status,
            code: code.to_owned(),
            score,
        }
    }

    #[test]
    fn lists_changed_added_and_removed_claims_by_id() {
        let mut old = Snapshot::default();
        old.claims
            .insert("b".into(), side(Status::Unconfirmed, "C3", 0.5));
        old.claims
            .insert("c".into(), side(Status::Confirmed, "B1", 0.9));
        old.claims
            .insert("d".into(), side(Status::Refuted, "F5", 0.1));
        let mut new = old.clone();
        new.claims
            .insert("b".into(), side(Status::Corroborated, "B2", 0.8));
        new.claims.remove("c");
        new.claims
            .insert("a".into(), side(Status::Unconfirmed, "C3", 0.5));
        // A score change alone is not a change.
        new.claims
            .insert("d".into(), side(Status::Refuted, "F5", 0.12));
        let changes = compare(&old, &new);
        let kinds: Vec<(&str, ChangeKind)> =
            changes.iter().map(|c| (c.id.as_str(), c.change)).collect();
        assert_eq!(
            kinds,
            [
                ("a", ChangeKind::Added),
                ("b", ChangeKind::Changed),
                ("c", ChangeKind::Removed)
            ]
        );
        assert!(compare(&old, &old).is_empty());
        assert_eq!(render_table(&[]), "no changes\n");
    }

    #[test]
    fn non_reports_are_refused_clearly() {
        for (text, expected) in [
            ("{", "not valid JSON"),
            ("[1, 2]", "not a JSON object"),
            ("{\"claims\": []}", "no `schema_version`"),
            ("{\"schema_version\": 1}", "no `claims`"),
            ("{\"schema_version\": 9, \"claims\": []}", "not supported"),
            (
                "{\"schema_version\": 1, \"claims\": [{\"id\": \"x\", \"status\": \"maybe\", \"code\": \"C3\", \"score\": 0.5}]}",
                "unknown status `maybe`",
            ),
        ] {
            let err = Snapshot::from_report_json(text).expect_err(text);
            assert!(err.contains(expected), "{text}: {err}");
        }
    }
}
