//! The JSON contract of `report --format json` (SPEC §6).
//!
//! These wire types are separate from the domain types so the contract changes only on purpose:
//! fields may be added in a later schema version, never renamed or removed within one. Claims are
//! sorted by id and each claim's evidence in a canonical order, so the same corpus gives
//! byte-identical output whatever its file names, file order or entry order.

use super::{estimative, round4, Selection};
use crate::model::Corpus;
use crate::score::{Excluded, Status};
use serde::Serialize;

/// Version of the document's shape.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// Version of this shape.
    pub schema_version: u32,
    /// The day the corpus was evaluated at (end of day).
    pub as_of: String,
    /// Claims per status.
    pub summary: Summary,
    /// Every selected claim, sorted by id.
    pub claims: Vec<ClaimOut<'a>>,
    /// Questions with their answers ranked best first (when the report carries them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub questions: Option<Vec<QuestionOut<'a>>>,
    /// Sources with assigned and learned reliability (when the report carries them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<super::sources::SourceOut<'a>>>,
}

/// A question and its competing answers.
#[derive(Debug, Serialize)]
pub struct QuestionOut<'a> {
    /// Question id.
    pub id: &'a str,
    /// Answer claim ids, best first.
    pub answers: Vec<&'a str>,
    /// The answer that leads clearly, or null.
    pub leading: Option<&'a str>,
}

/// Claims per status.
#[derive(Debug, Default, Serialize)]
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

impl Summary {
    /// Counts `statuses`.
    pub fn of(statuses: impl Iterator<Item = Status>) -> Self {
        let mut s = Summary::default();
        for status in statuses {
            *match status {
                Status::Confirmed => &mut s.confirmed,
                Status::Corroborated => &mut s.corroborated,
                Status::Unconfirmed => &mut s.unconfirmed,
                Status::Contested => &mut s.contested,
                Status::Refuted => &mut s.refuted,
            } += 1;
        }
        s
    }

    /// The count for one status.
    pub fn get(&self, status: Status) -> usize {
        match status {
            Status::Confirmed => self.confirmed,
            Status::Corroborated => self.corroborated,
            Status::Unconfirmed => self.unconfirmed,
            Status::Contested => self.contested,
            Status::Refuted => self.refuted,
        }
    }
}

/// Supporting and opposing independent origins.
#[derive(Debug, Serialize)]
pub struct Origins {
    /// Origins whose support counts.
    pub supporting: usize,
    /// Origins whose opposition counts.
    pub opposing: usize,
}

/// One claim's verdict.
#[derive(Debug, Serialize)]
pub struct ClaimOut<'a> {
    /// Claim id.
    pub id: &'a str,
    /// Event id.
    pub event: Option<&'a str>,
    /// Question id (competing answers).
    pub question: Option<&'a str>,
    /// The claim's text.
    pub text: &'a str,
    /// Status.
    pub status: Status,
    /// Admiralty information credibility 1–6.
    pub credibility: u8,
    /// Admiralty code, e.g. `B2`.
    pub code: String,
    /// Probability in [0, 1], rounded to 4 decimals.
    pub score: f64,
    /// ICD 203 estimative word for the score.
    pub estimative: &'static str,
    /// Whether the desk intends to publish it.
    pub publish: bool,
    /// Origin counts.
    pub origins: Origins,
    /// Rules that fired, in registry order.
    pub rules: Vec<&'static str>,
    /// Evidence items, canonical order.
    pub evidence: Vec<EvidenceOut<'a>>,
}

/// One evidence item.
#[derive(Debug, Serialize)]
pub struct EvidenceOut<'a> {
    /// Source id.
    pub source: &'a str,
    /// Origin id.
    pub origin: &'a str,
    /// Stance.
    pub stance: &'static str,
    /// Date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Relay source id.
    pub via: Option<&'a str>,
    /// Hedged wording.
    pub hedged: bool,
    /// Final weight, rounded to 4 decimals (0 when excluded).
    pub weight: f64,
    /// Why it does not count, if it does not.
    pub excluded: Option<&'static str>,
}

fn excluded_word(e: Excluded) -> &'static str {
    match e {
        Excluded::AfterAsOf => "after-as-of",
        Excluded::Retracted { .. } => "retracted",
        Excluded::Silence => "silence",
        Excluded::Retraction => "retraction",
    }
}

/// Builds the report document for the selected verdicts.
pub fn build<'a>(corpus: &'a Corpus, selection: &Selection<'a>) -> Report<'a> {
    let mut claims: Vec<ClaimOut<'a>> = selection
        .verdicts
        .iter()
        .map(|v| {
            let claim = &corpus.claims[v.claim.get()];
            let mut evidence: Vec<(EvidenceOut<'a>, Option<&'a str>)> = v
                .items
                .iter()
                .map(|item| {
                    let e = &claim.evidence[item.index];
                    (
                        EvidenceOut {
                            source: corpus.source(item.source).id.as_str(),
                            origin: corpus.source(item.source).origin_key(),
                            stance: item.stance.as_str(),
                            date: e.date.as_ref().map(|d| d.value.to_string()),
                            via: e.via.as_ref().map(|r| r.id.as_str()),
                            hedged: e.hedged,
                            weight: round4(item.weight),
                            excluded: item.excluded.map(excluded_word),
                        },
                        e.quote.as_ref().map(|q| q.as_str()),
                    )
                })
                .collect();
            evidence.sort_by(|(a, qa), (b, qb)| {
                (a.source, &a.date, a.stance, a.via, a.hedged, qa)
                    .cmp(&(b.source, &b.date, b.stance, b.via, b.hedged, qb))
            });
            ClaimOut {
                id: claim.id.as_str(),
                event: claim.event.as_ref().map(|r| r.id.as_str()),
                question: claim.question.as_ref().map(|q| q.as_str()),
                text: claim.text.as_str(),
                status: v.status,
                credibility: v.credibility,
                code: v.code(),
                score: round4(v.score),
                estimative: estimative(v.score),
                publish: claim.publish,
                origins: Origins {
                    supporting: v.supporting_origins,
                    opposing: v.opposing_origins,
                },
                rules: v.findings.iter().map(|f| f.rule).collect(),
                evidence: evidence.into_iter().map(|(e, _)| e).collect(),
            }
        })
        .collect();
    claims.sort_by(|a, b| a.id.cmp(b.id));
    let selected: std::collections::HashSet<&str> = claims.iter().map(|c| c.id).collect();
    let questions = selection.assessment.map(|a| {
        a.questions
            .iter()
            .filter(|q| q.answers.iter().any(|c| selected.contains(corpus.claims[c.get()].id.as_str())))
            .map(|q| QuestionOut {
                id: q.id.as_str(),
                answers: q.answers.iter().map(|c| corpus.claims[c.get()].id.as_str()).collect(),
                leading: q.leading.map(|c| corpus.claims[c.get()].id.as_str()),
            })
            .collect()
    });
    let sources = selection.assessment.map(|a| super::sources::build(corpus, a));
    Report {
        schema_version: SCHEMA_VERSION,
        as_of: selection.as_of.to_string(),
        summary: Summary::of(claims.iter().map(|c| c.status)),
        claims,
        questions,
        sources,
    }
}

/// Renders the report as pretty JSON with a final newline.
pub fn render(corpus: &Corpus, selection: &Selection<'_>) -> String {
    let mut text = serde_json::to_string_pretty(&build(corpus, selection)).unwrap_or_default();
    text.push('\n');
    text
}
