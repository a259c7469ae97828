//! `report --format json`: the contract of [`super::wire::types`], written as a stream.
//!
//! The writer renders the document's bytes directly, a batch of claims at a time, so the verdicts
//! of a large corpus are never all in memory; a test parses what it writes into the wire types
//! and serialises them back to the same bytes, so it writes exactly the contract.

use super::{estimative, round4, Selection};
use crate::model::ClaimIx;
use crate::model::Corpus;
use crate::score::{Assessment, Status, Verdict};
use rayon::prelude::*;
use std::borrow::Cow;

pub use super::wire::types::SCHEMA_VERSION;
use super::wire::types::{self as wire, Report};

use super::view::Summary;

/// Builds the report document for the selected verdicts.
pub fn build<'a>(corpus: &'a Corpus, selection: &Selection<'a>) -> Report<'a> {
    let origins = selection.assessment.map(|a| a.learned.origin.as_slice());
    let mut claims: Vec<wire::Claim<'a>> = selection
        .verdicts
        .iter()
        .map(|v| {
            let claim = &corpus.claims[v.claim.get()];
            let evidence: Vec<wire::Evidence<'a>> = super::view::canonical_items(corpus, v)
                .into_iter()
                .map(|(item, e)| wire::Evidence {
                    source: e.source.id.as_str().into(),
                    origin: origin_of(corpus, origins, item.source).into(),
                    stance: item.stance.as_str().into(),
                    date: e.date.as_ref().map(|d| d.value.to_string().into()),
                    via: e.relay().map(|r| r.id.as_str().into()),
                    relays: e
                        .via
                        .as_deref()
                        .filter(|v| v.0.len() > 1)
                        .map(|v| v.iter().map(|r| r.id.as_str().into()).collect()),
                    hedged: e.hedged,
                    weight: round4(item.weight),
                    excluded: item.excluded.map(|x| super::view::excluded_word(x).into()),
                    basis: e.basis.map(|b| b.as_str().into()),
                    quote: e.quote.as_ref().map(|q| q.as_str().into()),
                    document: document_id(e).map(Into::into),
                    url: e.url(corpus).map(Into::into),
                    archive_url: e.archive_url(corpus).map(Into::into),
                })
                .collect();
            wire::Claim {
                id: claim.id.as_str().into(),
                event: claim.event.as_ref().map(|r| r.id.as_str().into()),
                question: claim.question.as_ref().map(|q| q.as_str().into()),
                text: claim.text.as_str().into(),
                status: v.status.into(),
                credibility: v.credibility,
                code: v.code().into(),
                score: round4(v.score),
                estimative: estimative(v.score).into(),
                publish: claim.publish,
                rating: claim.rating,
                desk: desk_row(claim),
                origins: wire::Origins {
                    supporting: v.supporting_origins,
                    opposing: v.opposing_origins,
                },
                origin_weights: origin_weights(corpus, origins, v)
                    .map(|(origin, support, opposition)| wire::OriginWeight {
                        origin: origin.into(),
                        support,
                        opposition,
                    })
                    .collect(),
                rules: v.findings.iter().map(|f| f.rule.into()).collect(),
                evidence,
            }
        })
        .collect();
    if !selection.listing.given_order {
        claims.sort_by(|a, b| a.id.cmp(&b.id));
    }
    let selected: std::collections::HashSet<&str> = claims.iter().map(|c| c.id.as_ref()).collect();
    let questions = selection.assessment.map(|a| {
        a.questions
            .iter()
            .filter(|q| {
                q.answers
                    .iter()
                    .any(|c| selected.contains(corpus.claims[c.get()].id.as_str()))
            })
            .map(|q| question_row(corpus, &a.learned.questions, q))
            .collect()
    });
    let sources = selection
        .assessment
        .map(|a| super::view::source_rows(corpus, a));
    let copies = selection
        .assessment
        .map(|a| super::view::copy_rows(corpus, a));
    Report {
        schema_version: SCHEMA_VERSION,
        as_of: selection.as_of.to_string().into(),
        summary: Summary::of(selection.verdicts.iter().map(|v| v.status)).into(),
        claims,
        questions,
        sources,
        copies,
        documents: document_rows(corpus),
    }
}

/// The id of the document `e` cites, as written (also when it names no known document: the
/// loader has reported that, and the item still says what it cites).
fn document_id(e: &crate::model::Evidence) -> Option<&str> {
    e.provenance
        .as_deref()?
        .document
        .as_ref()
        .map(|d| d.id.as_str())
}

/// The desk's verdict on `claim`, when it gives one.
fn desk_row(claim: &crate::model::Claim) -> Option<wire::Desk<'_>> {
    let desk = claim.desk.as_deref()?;
    Some(wire::Desk {
        status: desk.status.as_ref().map(|s| s.value.into()),
        credibility: desk.credibility.as_ref().map(|c| c.value),
        by: desk.by.as_ref().map(|b| b.as_str().into()),
        date: desk.date.as_ref().map(|d| d.value.to_string().into()),
        reason: desk.reason.as_ref().map(|r| r.as_str().into()),
    })
}

/// Each origin of `v` (named by [`super::wire::origin_name`]) with its strongest support and
/// opposition, rounded, in the verdict's order (sorted by origin rank).
fn origin_weights<'a>(
    corpus: &'a Corpus,
    origins: Option<&'a [String]>,
    v: &'a Verdict,
) -> impl Iterator<Item = (String, f64, f64)> + 'a {
    v.origins.iter().map(move |o| {
        (
            super::wire::origin_name(corpus, origins, v, o),
            round4(o.support),
            round4(o.opposition),
        )
    })
}

/// The corpus's documents, sorted by id (stable: duplicate ids keep load order).
fn document_rows(corpus: &Corpus) -> Vec<wire::Document<'_>> {
    fn text(t: &Option<crate::model::Located<crate::model::Text>>) -> Option<Cow<'_, str>> {
        t.as_ref().map(|t| Cow::Borrowed(t.as_str()))
    }
    let mut rows: Vec<wire::Document<'_>> = corpus
        .documents
        .iter()
        .map(|d| wire::Document {
            id: d.id.as_str().into(),
            source: d.source.as_ref().map(|s| s.id.as_str().into()),
            title: d.title.as_ref().map(|t| t.as_str().into()),
            date: d.date.as_ref().map(|x| x.value.to_string().into()),
            url: text(&d.url),
            archive_url: text(&d.archive_url),
            captured: text(&d.captured),
            file: text(&d.file),
            sha256: text(&d.sha256),
            lang: d.lang.as_ref().map(|l| l.as_str().into()),
            translated_from: d.translated_from.as_ref().map(|l| l.as_str().into()),
        })
        .collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    rows
}

/// The JSON row of question `q`.
fn question_row<'c>(
    corpus: &'c Corpus,
    questions: &crate::score::Questions,
    q: &crate::score::QuestionVerdict,
) -> wire::Question<'c> {
    let id = |c: &crate::model::ClaimIx| corpus.claims[c.get()].id.as_str().into();
    let declared = questions.declared(corpus, q.number);
    wire::Question {
        id: Cow::Owned(q.id.clone()),
        answers: q.answers.iter().map(id).collect(),
        leading: q.leading.as_ref().map(id),
        tied: q.tied.iter().map(id).collect(),
        kind: Some(q.kind.as_str().into()),
        text: declared
            .and_then(|d| d.text.as_ref())
            .map(|t| t.as_str().into()),
        unit: declared
            .and_then(|d| d.unit.as_ref())
            .map(|u| u.as_str().into()),
        interval: q.interval.map(Into::into),
        parts: q
            .parts
            .iter()
            .map(|p| wire::Part {
                part: Cow::Owned(p.part.clone()),
                probability: round4(p.probability),
                listed: p.listed,
                omitted: p.omitted,
            })
            .collect(),
    }
}

/// Renders the report as pretty JSON with a final newline.
///
/// The bytes are exactly those of `serde_json::to_string_pretty(&build(corpus, selection))`
/// plus a newline (a test holds it to that). See [`write()`], which streams them.
pub fn render(corpus: &Corpus, selection: &Selection<'_>) -> String {
    let mut out = Vec::new();
    // Writing to a vector cannot fail, and every piece written is UTF-8.
    let _ = write(corpus, selection, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes what [`render`] returns to `out`, without holding the document in memory: claims
/// are rendered in parallel, a batch at a time, and each batch is written while the next one
/// renders.
pub fn write(
    corpus: &Corpus,
    selection: &Selection<'_>,
    out: &mut (dyn std::io::Write + Send),
) -> std::io::Result<()> {
    let claims: Vec<(ClaimIx, Status)> = selection
        .verdicts
        .iter()
        .map(|v| (v.claim, v.status))
        .collect();
    let verdict = |i: usize| Cow::Borrowed(selection.verdicts[i]);
    document(
        corpus,
        selection.as_of,
        &claims,
        &verdict,
        selection.assessment,
        selection.listing,
        out,
    )
}

/// Writes the report on `claims` of an assessment, as [`write()`] would from their verdicts, but
/// taking each claim's whole verdict from `verdict` only while its batch is rendered: the
/// verdicts of a large corpus are never all in memory.
pub fn write_streamed(
    corpus: &Corpus,
    claims: &[ClaimIx],
    assessment: &Assessment,
    verdict: &(dyn Fn(ClaimIx) -> Verdict + Sync),
    out: &mut (dyn std::io::Write + Send),
) -> std::io::Result<()> {
    write_listed(
        corpus,
        claims,
        assessment,
        verdict,
        super::view::Listing::default(),
        out,
    )
}

/// [`write_streamed`], listing the claims as `listing` says: in the order given rather than by
/// id, and, when they are the first of more (`--limit`), with a `summary` that counts the whole
/// selection (the `claims` array holds those given; the schema is unchanged).
pub fn write_listed(
    corpus: &Corpus,
    claims: &[ClaimIx],
    assessment: &Assessment,
    verdict: &(dyn Fn(ClaimIx) -> Verdict + Sync),
    listing: super::view::Listing,
    out: &mut (dyn std::io::Write + Send),
) -> std::io::Result<()> {
    let selected: Vec<(ClaimIx, Status)> = claims
        .iter()
        .map(|&c| (c, assessment.outcomes[c.get()].status))
        .collect();
    let verdict = |i: usize| Cow::Owned(verdict(claims[i]));
    document(
        corpus,
        assessment.as_of,
        &selected,
        &verdict,
        Some(assessment),
        listing,
        out,
    )
}

/// Gives the verdict on the `i`th selected claim.
type VerdictOf<'v> = dyn Fn(usize) -> Cow<'v, Verdict> + Sync + 'v;

/// The document on `claims` (with their statuses), each claim's verdict from `verdict`.
fn document<'v>(
    corpus: &Corpus,
    as_of: crate::model::Date,
    claims: &[(ClaimIx, Status)],
    verdict: &VerdictOf<'v>,
    assessment: Option<&crate::score::Assessment>,
    listing: super::view::Listing,
    out: &mut (dyn std::io::Write + Send),
) -> std::io::Result<()> {
    let order = listing.order(corpus, claims);
    crate::util::timing::mark("json: claims sorted");
    // A limited report's summary still counts the whole selection.
    let summary = listing
        .all
        .unwrap_or_else(|| Summary::of(claims.iter().map(|(_, status)| *status)));
    let mut head = String::with_capacity(256);
    head.push_str("{\n  \"schema_version\": ");
    head.push_str(&SCHEMA_VERSION.to_string());
    head.push_str(",\n  \"as_of\": ");
    string(&mut head, &as_of.to_string());
    head.push_str(",\n  \"summary\": {");
    for (i, (name, n)) in [
        ("confirmed", summary.confirmed),
        ("corroborated", summary.corroborated),
        ("unconfirmed", summary.unconfirmed),
        ("contested", summary.contested),
        ("refuted", summary.refuted),
    ]
    .into_iter()
    .enumerate()
    {
        head.push_str(if i == 0 { "\n    \"" } else { ",\n    \"" });
        head.push_str(name);
        head.push_str("\": ");
        head.push_str(&n.to_string());
    }
    head.push_str("\n  },\n  \"claims\": [");
    out.write_all(head.as_bytes())?;
    // The per-source rows are few: serde writes them, on another thread meanwhile.
    let (written, sources) = rayon::join(
        || {
            let origins = assessment.map(|a| a.learned.origin.as_slice());
            claims_array(out, corpus, origins, verdict, &order)
        },
        || {
            assessment.map(|assessment| {
                (
                    serde_json::to_string_pretty(&super::view::source_rows(corpus, assessment))
                        .unwrap_or_default(),
                    serde_json::to_string_pretty(&super::view::copy_rows(corpus, assessment))
                        .unwrap_or_default(),
                )
            })
        },
    );
    written?;
    crate::util::timing::mark("json: claims written");
    let mut tail = String::new();
    if let Some(assessment) = assessment {
        let mut selected = vec![false; corpus.claims.len()];
        for (c, _) in claims {
            selected[c.get()] = true;
        }
        tail.push_str(",\n  \"questions\": [");
        let mut first = true;
        for q in assessment
            .questions
            .iter()
            .filter(|q| q.answers.iter().any(|c| selected[c.get()]))
        {
            tail.push_str(if first { "\n    " } else { ",\n    " });
            first = false;
            // Written by serde, indented to its depth: a question is small and rare.
            let row = serde_json::to_string_pretty(&question_row(
                corpus,
                &assessment.learned.questions,
                q,
            ))
            .map_err(std::io::Error::other)?;
            for (i, line) in row.split('\n').enumerate() {
                if i > 0 {
                    tail.push_str("\n    ");
                }
                tail.push_str(line);
            }
        }
        tail.push_str(if first { "]" } else { "\n  ]" });
        tail.push_str(",\n  \"sources\": ");
        out.write_all(tail.as_bytes())?;
        tail.clear();
        // Indented one level deeper than serde wrote them, line by line (not copied again).
        let (sources, copies) = sources.unwrap_or_default();
        let indented = |out: &mut (dyn std::io::Write + Send), text: &str| {
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    out.write_all(b"\n  ")?;
                }
                out.write_all(line.as_bytes())?;
            }
            Ok::<(), std::io::Error>(())
        };
        indented(out, &sources)?;
        out.write_all(b",\n  \"copies\": ")?;
        indented(out, &copies)?;
    }
    let documents = document_rows(corpus);
    if !documents.is_empty() {
        // Written by serde, indented to its depth: documents are few beside the evidence.
        let text = serde_json::to_string_pretty(&documents).map_err(std::io::Error::other)?;
        tail.push_str(",\n  \"documents\": ");
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                tail.push_str("\n  ");
            }
            tail.push_str(line);
        }
    }
    tail.push_str("\n}\n");
    out.write_all(tail.as_bytes())
}

/// The elements of the `claims` array, in `order`, written to `out`.
///
/// Claims are rendered in parallel a batch at a time; while one batch renders, the previous one
/// is written, so at most two batches are in memory at once. Within a batch, claims are rendered
/// in corpus order and written in `order`: id order jumps about the corpus, and in a corpus far
/// larger than the caches, reading each claim where the previous one ended is much cheaper.
fn claims_array(
    out: &mut (dyn std::io::Write + Send),
    corpus: &Corpus,
    origins: Option<&[String]>,
    verdict: &VerdictOf<'_>,
    order: &[usize],
) -> std::io::Result<()> {
    const BATCH: usize = 2048;
    const PER_TASK: usize = 64;
    let per_claim = super::format::BytesPerClaim::new(1800);
    let render = |batch: &[usize]| -> Rendered {
        // (selection index, place in the batch), in selection (that is, corpus) order.
        let mut by_corpus: Vec<(usize, usize)> =
            batch.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        by_corpus.sort_unstable();
        let parts: Vec<(String, Vec<Place>)> = by_corpus
            .par_chunks(PER_TASK)
            .map(|chunk| {
                let mut text = String::with_capacity(per_claim.room(chunk.len()));
                let mut spans = Vec::with_capacity(chunk.len());
                let mut scratch = Vec::new();
                for &(i, k) in chunk {
                    let start = text.len();
                    text.push(',');
                    claim(&mut text, &mut scratch, corpus, origins, &verdict(i));
                    spans.push((k, start, text.len()));
                }
                (text, spans)
            })
            .collect();
        per_claim.record(parts.iter().map(|(text, _)| text.len()).sum(), batch.len());
        // Where each claim of the batch, in `order`, was rendered: (part, start, end).
        let mut places = vec![(0, 0, 0); batch.len()];
        for (part, (_, spans)) in parts.iter().enumerate() {
            for &(k, start, end) in spans {
                places[k] = (part, start, end);
            }
        }
        Rendered {
            texts: parts.into_iter().map(|(text, _)| text).collect(),
            places,
        }
    };
    let mut first = true;
    let mut append =
        |out: &mut (dyn std::io::Write + Send), rendered: Rendered| -> std::io::Result<()> {
            for &(part, start, end) in &rendered.places {
                // Every claim is rendered after a comma; the array's first one has none.
                let start = if first { start + 1 } else { start };
                first = false;
                out.write_all(&rendered.texts[part].as_bytes()[start..end])?;
            }
            Ok(())
        };
    let mut pending = Rendered::default();
    for batch in order.chunks(BATCH) {
        let (rendered, written) = rayon::join(
            || render(batch),
            || append(&mut *out, std::mem::take(&mut pending)),
        );
        written?;
        pending = rendered;
    }
    append(&mut *out, pending)?;
    out.write_all(if order.is_empty() { b"]" } else { b"\n  ]" })
}

/// A batch of claims rendered for [`claims_array`]: texts, and where each claim is in them.
#[derive(Default)]
struct Rendered {
    texts: Vec<String>,
    /// Per claim, in output order: (index in `texts`, start, end).
    places: Vec<Place>,
}

/// Where a claim's text lies: (which text or claim, start, end).
type Place = (usize, usize, usize);

/// The origin `source` was counted under: the learned one (copiers merged) when the report
/// carries the assessment, else the declared one, which is what the scorer used then.
fn origin_of<'a>(
    corpus: &'a Corpus,
    origins: Option<&'a [String]>,
    source: crate::model::SourceIx,
) -> &'a str {
    match origins {
        Some(origins) => &origins[source.get()],
        None => corpus.source(source).origin_key(),
    }
}

/// One claim, as an element of the `claims` array (with its leading newline and indentation);
/// `origins` are the learned origins, when there are.
fn claim(
    out: &mut String,
    scratch: &mut Vec<u8>,
    corpus: &Corpus,
    origins: Option<&[String]>,
    v: &Verdict,
) {
    let claim = &corpus.claims[v.claim.get()];
    out.push_str("\n    {\n      \"id\": ");
    string(out, claim.id.as_str());
    out.push_str(",\n      \"event\": ");
    optional(out, claim.event.as_ref().map(|r| r.id.as_str()));
    out.push_str(",\n      \"question\": ");
    optional(out, claim.question.as_ref().map(|q| q.as_str()));
    out.push_str(",\n      \"text\": ");
    string(out, claim.text.as_str());
    out.push_str(",\n      \"status\": \"");
    out.push_str(v.status.as_str());
    out.push_str("\",\n      \"credibility\": ");
    uint(out, usize::from(v.credibility));
    out.push_str(",\n      \"code\": \"");
    out.push_str(v.grade.as_str());
    uint(out, usize::from(v.credibility));
    out.push_str("\",\n      \"score\": ");
    float(out, scratch, round4(v.score));
    out.push_str(",\n      \"estimative\": \"");
    out.push_str(estimative(v.score));
    out.push_str("\",\n      \"publish\": ");
    out.push_str(if claim.publish { "true" } else { "false" });
    out.push_str(",\n      \"rating\": ");
    out.push_str(if claim.rating { "true" } else { "false" });
    if let Some(desk) = desk_row(claim) {
        // Written by serde, indented to its depth: few claims carry the desk's verdict.
        if let Ok(text) = serde_json::to_string_pretty(&desk) {
            out.push_str(",\n      \"desk\": ");
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    out.push_str("\n      ");
                }
                out.push_str(line);
            }
        }
    }
    out.push_str(",\n      \"origins\": {\n        \"supporting\": ");
    uint(out, v.supporting_origins);
    out.push_str(",\n        \"opposing\": ");
    uint(out, v.opposing_origins);
    out.push_str("\n      },\n      \"origin_weights\": [");
    let mut first = true;
    // The origin's name, written piece by piece: joining the ids was a string per origin.
    let mut ids = Vec::new();
    for view in &v.origins {
        out.push_str(if first {
            "\n        {\n          \"origin\": "
        } else {
            ",\n        {\n          \"origin\": "
        });
        first = false;
        super::wire::origin_ids(corpus, origins, v, view, &mut ids);
        out.push('"');
        for (k, id) in ids.iter().enumerate() {
            if k > 0 {
                out.push('+');
            }
            escape_into(out, id, &ESCAPE);
        }
        out.push('"');
        out.push_str(",\n          \"support\": ");
        float(out, scratch, round4(view.support));
        out.push_str(",\n          \"opposition\": ");
        float(out, scratch, round4(view.opposition));
        out.push_str("\n        }");
    }
    out.push_str(if first { "]" } else { "\n      ]" });
    out.push_str(",\n      \"rules\": ");
    list(out, v.findings.iter().map(|f| f.rule), "      ");
    out.push_str(",\n      \"evidence\": [");
    let items = super::view::canonical_items(corpus, v);
    for (k, (item, e)) in items.iter().enumerate() {
        let date = e.date.as_ref().map(|d| DateText::new(d.value));
        out.push_str(if k == 0 {
            "\n        {\n          \"source\": "
        } else {
            ",\n        {\n          \"source\": "
        });
        string(out, e.source.id.as_str());
        out.push_str(",\n          \"origin\": ");
        string(out, origin_of(corpus, origins, item.source));
        out.push_str(",\n          \"stance\": \"");
        out.push_str(item.stance.as_str());
        out.push_str("\",\n          \"date\": ");
        optional(out, date.as_ref().map(DateText::as_str));
        out.push_str(",\n          \"via\": ");
        optional(out, e.relay().map(|r| r.id.as_str()));
        if let Some(chain) = e.via.as_deref().filter(|v| v.0.len() > 1) {
            out.push_str(",\n          \"relays\": ");
            list(out, chain.iter().map(|r| r.id.as_str()), "          ");
        }
        out.push_str(",\n          \"hedged\": ");
        out.push_str(if e.hedged { "true" } else { "false" });
        out.push_str(",\n          \"weight\": ");
        float(out, scratch, round4(item.weight));
        out.push_str(",\n          \"excluded\": ");
        optional(out, item.excluded.map(super::view::excluded_word));
        for (key, value) in [
            ("basis", e.basis.map(|b| b.as_str())),
            ("quote", e.quote.as_ref().map(|q| q.as_str())),
            ("document", document_id(e)),
            ("url", e.url(corpus)),
            ("archive_url", e.archive_url(corpus)),
        ] {
            if let Some(value) = value {
                out.push_str(",\n          \"");
                out.push_str(key);
                out.push_str("\": ");
                string(out, value);
            }
        }
        out.push_str("\n        }");
    }
    out.push_str(if items.is_empty() {
        "]\n    }"
    } else {
        "\n      ]\n    }"
    });
}

/// Bytes a JSON string must escape: control characters, `"` and `\\`.
const fn needs_escape() -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
}

static ESCAPE: [bool; 256] = needs_escape();

/// Bytes a JSON string inside a `<script>` element must also escape: `<`, `>`, `&`, and the
/// first byte of U+2028 and U+2029 (checked whole where it is found).
const fn needs_script_escape() -> [bool; 256] {
    let mut table = needs_escape();
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'&' as usize] = true;
    table[0xe2] = true;
    table
}

static SCRIPT_ESCAPE: [bool; 256] = needs_script_escape();

/// A JSON string, escaped as serde_json escapes it.
fn string(out: &mut String, text: &str) {
    escaped(out, text, &ESCAPE);
}

/// A JSON string that is inert inside an HTML `<script>` element: besides JSON's own escapes,
/// `<`, `>` and `&` are written `\u003c`, `\u003e`, `\u0026` (so neither `</script>` nor `<!--`
/// can occur), and U+2028/U+2029 as `\u2028`/`\u2029` (line ends to older JavaScript).
pub(crate) fn script_string(out: &mut String, text: &str) {
    escaped(out, text, &SCRIPT_ESCAPE);
}

fn escaped(out: &mut String, text: &str, table: &[bool; 256]) {
    out.push('"');
    escape_into(out, text, table);
    out.push('"');
}

/// `text` escaped by `table`, without the quotes around it.
fn escape_into(out: &mut String, text: &str, table: &[bool; 256]) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !table[usize::from(b)] {
            continue;
        }
        if b == 0xe2 {
            // U+2028 is E2 80 A8 and U+2029 E2 80 A9; any other character starting with E2
            // stays as it is.
            let line_end = match bytes.get(i + 1..i + 3) {
                Some([0x80, 0xa8]) => "\\u2028",
                Some([0x80, 0xa9]) => "\\u2029",
                _ => continue,
            };
            out.push_str(&text[start..i]);
            out.push_str(line_end);
            start = i + 3;
            continue;
        }
        out.push_str(&text[start..i]);
        match b {
            b'<' => out.push_str("\\u003c"),
            b'>' => out.push_str("\\u003e"),
            b'&' => out.push_str("\\u0026"),
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// A date as `Display` writes it (`2025-07-14`), without allocating for the usual years.
#[derive(Debug, Clone)]
enum DateText {
    Short([u8; 10]),
    Long(String),
}

impl DateText {
    fn new(date: crate::model::Date) -> Self {
        use chrono::Datelike;
        let year = date.year();
        if !(0..=9999).contains(&year) {
            return DateText::Long(date.to_string());
        }
        let digit = |n: u32| b'0' + (n % 10) as u8;
        let (y, m, d) = (year as u32, date.month(), date.day());
        DateText::Short([
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ])
    }

    fn as_str(&self) -> &str {
        match self {
            DateText::Short(bytes) => std::str::from_utf8(bytes).unwrap_or_default(),
            DateText::Long(text) => text,
        }
    }
}

/// An unsigned integer in decimal.
fn uint(out: &mut String, n: usize) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut n = n;
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[at..]).unwrap_or_default());
}

fn optional(out: &mut String, text: Option<&str>) {
    match text {
        Some(text) => string(out, text),
        None => out.push_str("null"),
    }
}

/// A number as serde_json writes an `f64`.
fn float(out: &mut String, scratch: &mut Vec<u8>, x: f64) {
    scratch.clear();
    if serde_json::to_writer(&mut *scratch, &x).is_ok() {
        out.push_str(std::str::from_utf8(scratch).unwrap_or("null"));
    }
}

/// An array of strings at nesting `indent` (the indentation of the line holding its key).
fn list<'a>(out: &mut String, items: impl Iterator<Item = &'a str>, indent: &str) {
    let mut first = true;
    for item in items {
        out.push_str(if first { "[\n" } else { ",\n" });
        first = false;
        out.push_str(indent);
        out.push_str("  ");
        string(out, item);
    }
    if first {
        out.push_str("[]");
    } else {
        out.push('\n');
        out.push_str(indent);
        out.push(']');
    }
}

/// The JSON contract, streamed.
pub struct Json;

/// The JSON contract, streamed.
pub static JSON: Json = Json;

impl super::format::Format for Json {
    fn name(&self) -> &'static str {
        "json"
    }
    fn summary(&self) -> &'static str {
        "The JSON contract (SPEC §6)."
    }
    fn write(
        &self,
        doc: &super::format::Doc<'_>,
        out: &mut (dyn std::io::Write + Send),
    ) -> std::io::Result<()> {
        // The biggest output of a large corpus: each claim's verdict only while its batch renders.
        let verdict = |ix| doc.judge.verdict(ix);
        write_listed(
            doc.corpus,
            doc.claims,
            doc.assessment,
            &verdict,
            doc.options.listing,
            out,
        )
    }
}

#[cfg(test)]
mod tests {
    /// A script-safe string cannot end the script or open a comment, keeps the JavaScript line
    /// ends escaped, and reads back as the text it was made from.
    #[test]
    fn a_script_string_is_inert_and_reads_back() {
        let text = "</script><!-- a & b \u{2028}\u{2029} \u{2026} \"q\" \\ \n\u{1}";
        let mut out = String::new();
        script_string(&mut out, text);
        for bad in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!out.contains(bad), "{bad:?} in {out}");
        }
        assert!(out.contains('\u{2026}'), "other characters stay: {out}");
        let back: String = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(back, text);
        let mut plain = String::new();
        string(&mut plain, "a <b> & c");
        assert_eq!(plain, "\"a <b> & c\"");
    }

    use super::*;

    /// The direct writer gives serde's bytes, escapes included.
    #[test]
    fn render_matches_serde() {
        let mut text = String::new();
        let tricky = "a\"b\\c\u{0}\u{1f}\u{8}\u{c}\n\r\t\u{7f}é/\u{2028}";
        string(&mut text, tricky);
        assert_eq!(text, serde_json::to_string(tricky).expect("a string"));
        for x in [0.0, 1.0, 0.1234, 0.5, 1e-7, 123456.0, f64::NAN] {
            let mut out = String::new();
            float(&mut out, &mut Vec::new(), x);
            assert_eq!(out, serde_json::to_string(&x).expect("a number"));
        }
        for (y, m, d) in [
            (2025, 7, 14),
            (5, 1, 2),
            (0, 12, 31),
            (9999, 2, 3),
            (10000, 1, 1),
            (-3, 4, 5),
        ] {
            let date = crate::model::Date::from_ymd_opt(y, m, d).expect("a date");
            assert_eq!(DateText::new(date).as_str(), date.to_string());
        }
        for n in [0, 7, 10, 99, 1234567890123] {
            let mut out = String::new();
            uint(&mut out, n);
            assert_eq!(out, n.to_string());
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let today = crate::model::Date::from_ymd_opt(2025, 7, 20).expect("a date");
        writer_matches_the_wire_types(root, today);
        // Documents, the desk's verdict, ratings, quotes and links: the fields the example
        // corpus does not use.
        let story = root.join("tests/fixtures/diff-story");
        writer_matches_the_wire_types(&story, today);
        let project = crate::engine::Project::load(&story, today).expect("the story loads");
        let report = render(
            project.corpus(),
            &Selection {
                as_of: today,
                verdicts: Vec::new(),
                assessment: None,
                listing: Default::default(),
            },
        );
        assert!(report.contains("\"documents\": ["), "{report}");
    }

    /// The streaming writer's bytes are serde's of [`build`], for the corpus at `root`, with
    /// and without the assessment and for several selections.
    fn writer_matches_the_wire_types(root: &std::path::Path, today: crate::model::Date) {
        let project = crate::engine::Project::load(root, today).expect("the corpus loads");
        let loaded = &project.loaded;
        let assessment = project.assess(today);
        let judge = project.judge(&assessment);
        let all: Vec<ClaimIx> = (0..loaded.corpus.claims.len() as u32)
            .map(ClaimIx)
            .collect();
        let verdicts = judge.verdicts(&all);
        for assessment in [Some(&assessment), None] {
            for every in [1, 2, 3] {
                let selection = Selection {
                    as_of: today,
                    verdicts: verdicts.iter().step_by(every).collect(),
                    assessment,
                    listing: Default::default(),
                };
                let mut expected = serde_json::to_string_pretty(&build(&loaded.corpus, &selection))
                    .expect("serialises");
                expected.push('\n');
                let actual = render(&loaded.corpus, &selection);
                let parsed: Report<'_> =
                    serde_json::from_str(&actual).expect("the writer writes the wire types");
                let mut again = serde_json::to_string_pretty(&parsed).expect("serialises");
                again.push('\n');
                assert!(
                    again == actual,
                    "the wire types round-trip the writer's bytes"
                );
                let at = actual
                    .bytes()
                    .zip(expected.bytes())
                    .position(|(a, b)| a != b);
                assert!(
                    actual == expected,
                    "differs at byte {at:?} (lengths {} and {}): {:?}",
                    actual.len(),
                    expected.len(),
                    at.and_then(|i| actual.get(i.saturating_sub(80)..(i + 80).min(actual.len())))
                );
                if let Some(assessment) = assessment {
                    let claims: Vec<ClaimIx> = all.iter().copied().step_by(every).collect();
                    let mut scored = Vec::new();
                    let verdict = |ix| judge.verdict(ix);
                    write_streamed(&loaded.corpus, &claims, assessment, &verdict, &mut scored)
                        .expect("writes to memory");
                    assert!(
                        scored == actual.as_bytes(),
                        "write_streamed differs from render"
                    );
                }
            }
        }
    }

    /// Evidence is shown under the origin the scorer counted: the learned one, where copiers
    /// were merged, not the one the corpus declares.
    #[test]
    fn evidence_shows_the_learned_origin() {
        let (project, today) = crate::engine::example_project();
        let corpus = project.corpus();
        let mut assessment = project.assess(today);
        let merged = "merged-origin";
        let source = corpus.claims[0].evidence[0]
            .source
            .target
            .expect("a resolved source");
        assessment.learned.origin[source.get()] = merged.to_owned();
        let judge = project.judge(&assessment);
        let claims = [ClaimIx(0)];
        let verdict = |ix| judge.verdict(ix);
        let mut out = Vec::new();
        write_streamed(corpus, &claims, &assessment, &verdict, &mut out).expect("writes");
        let text = String::from_utf8(out).expect("UTF-8");
        let report: Report<'_> = serde_json::from_str(&text).expect("a report");
        let shown: Vec<&str> = report.claims[0]
            .evidence
            .iter()
            .filter(|e| e.source == corpus.source(source).id.as_str())
            .map(|e| e.origin.as_ref())
            .collect();
        assert!(!shown.is_empty());
        assert!(shown.iter().all(|o| *o == merged), "{shown:?}");
    }
}
