//! What every format shows the same way: the canonical order of claims and evidence, the
//! summary line, the per-source rows, how a corpus file's path is shown. Formats import this,
//! never one another.

use super::wire::types::Source;
use super::Selection;
use crate::model::{Corpus, Evidence, SourceIx};
use crate::score::{Assessment, Item, Status, Verdict};
use std::path::Path;

/// Claims per status.
pub type Summary = crate::score::StatusCounts;

/// The selection's verdicts sorted by claim id (stable: duplicate ids keep selection order).
pub fn by_claim_id<'a>(corpus: &Corpus, selection: &Selection<'a>) -> Vec<&'a Verdict> {
    let mut verdicts = selection.verdicts.clone();
    verdicts.sort_by(|a, b| {
        corpus.claims[a.claim.get()]
            .id
            .value
            .cmp(&corpus.claims[b.claim.get()].id.value)
    });
    verdicts
}

/// The key of the canonical evidence order: source, date, stance, relay, hedging, quote. The
/// source is the reference's own text: it names the source exactly (a reference resolves only to
/// the source with that id), and it sits beside the item, not in the sources.
pub fn evidence_key<'a>(
    item: &Item,
    e: &'a Evidence,
) -> (
    &'a str,
    Option<crate::model::Date>,
    &'static str,
    Option<&'a str>,
    bool,
    Option<&'a str>,
) {
    (
        e.source.id.as_str(),
        e.date.as_ref().map(|d| d.value),
        item.stance.as_str(),
        e.relay().map(|r| r.id.as_str()),
        e.hedged,
        e.quote.as_ref().map(|q| q.as_str()),
    )
}

/// A verdict's items with their evidence, in the canonical order every format uses.
pub fn canonical_items<'a>(
    corpus: &'a Corpus,
    verdict: &'a Verdict,
) -> Vec<(&'a Item, &'a Evidence)> {
    let claim = &corpus.claims[verdict.claim.get()];
    let mut items: Vec<(&Item, &Evidence)> = verdict
        .items
        .iter()
        .map(|item| (item, &claim.evidence[item.index]))
        .collect();
    if items.len() > 1 {
        items.sort_by(|a, b| evidence_key(a.0, a.1).cmp(&evidence_key(b.0, b.1)));
    }
    items
}

/// `17 claims as of 2025-07-20: 1 confirmed, 2 corroborated, …`.
pub fn summary_line(summary: &Summary, selection: &Selection<'_>) -> String {
    let counts: Vec<String> = Status::ALL
        .iter()
        .map(|s| format!("{} {}", summary.get(*s), s.as_str()))
        .collect();
    format!(
        "{} as of {}: {}",
        crate::util::text::plural(selection.verdicts.len(), "claim"),
        selection.as_of,
        counts.join(", ")
    )
}

/// The suspected copier pairs of the report and of `sources --format json`, sorted by ids.
pub fn copy_rows<'a>(
    corpus: &'a Corpus,
    assessment: &Assessment,
) -> Vec<super::wire::types::Copy<'a>> {
    let mut out: Vec<super::wire::types::Copy<'a>> = assessment
        .learned
        .copies
        .iter()
        .map(|p| {
            let (a, b) = (
                corpus.source(p.a).id.as_str(),
                corpus.source(p.b).id.as_str(),
            );
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            super::wire::types::Copy {
                sources: [a.into(), b.into()],
                shared: p.shared,
                same: p.same,
                same_true: p.same_true,
                same_false: p.same_false,
                differ: p.differ,
                probability: super::round4(p.probability),
            }
        })
        .collect();
    out.sort_by(|x, y| x.sources.cmp(&y.sources));
    out
}

/// The per-source rows of the report and of `sources --format json`, sorted by id.
pub fn source_rows<'a>(corpus: &'a Corpus, assessment: &'a Assessment) -> Vec<Source<'a>> {
    let learned = &assessment.learned;
    let n = corpus.sources.len();
    let mut claims = vec![0usize; n];
    for claim in &corpus.claims {
        let mut spoke: Vec<usize> = claim
            .evidence
            .iter()
            .filter_map(|e| e.source.target.map(SourceIx::get))
            .collect();
        spoke.sort_unstable();
        spoke.dedup();
        for s in spoke {
            claims[s] += 1;
        }
    }
    let mut rows: Vec<Source<'a>> = corpus
        .sources
        .iter()
        .enumerate()
        .map(|(i, source)| {
            let mut copies: Vec<&str> = learned
                .copies
                .iter()
                .filter_map(|p| {
                    if p.a.get() == i {
                        Some(corpus.source(p.b).id.as_str())
                    } else if p.b.get() == i {
                        Some(corpus.source(p.a).id.as_str())
                    } else {
                        None
                    }
                })
                .collect();
            copies.sort_unstable();
            Source {
                id: source.id.as_str().into(),
                origin: learned.origin[i].as_str().into(),
                assigned: source.reliability.value.as_str().into(),
                estimated: super::round4(learned.estimated[i]),
                trust: super::round4(learned.trust[i]),
                evidence: super::round4(learned.evidence[i]),
                claims: claims[i],
                record: assessment.records[i].into(),
                copies: copies.into_iter().map(Into::into).collect(),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    rows
}

/// A corpus file's path under the corpus path as given, exactly: for machines (JSON, workflow
/// commands' `file=`), which must name the real file and escape it their own way.
pub fn given_path(corpus: &Corpus, file: u32) -> String {
    let Some(f) = corpus.files.get(file as usize) else {
        return String::from("<unknown>");
    };
    // A file named outside the corpus (`--config /etc/desk.toml`) is named by its own path.
    if Path::new(&f.relative).is_absolute() {
        return f.relative.clone();
    }
    let root = corpus.root.to_string_lossy();
    if root.is_empty() || root == "." {
        f.relative.clone()
    } else {
        format!("{}/{}", root.trim_end_matches('/'), f.relative)
    }
}

/// Where a corpus file is shown to the user: under the corpus path as given, so it can be opened
/// from the current directory, with anything a terminal would act on made visible.
pub fn display_path(corpus: &Corpus, file: u32) -> String {
    let path = given_path(corpus, file);
    // A path is one line: a newline in a file name would forge another diagnostic (or another
    // `::error` workflow command), so line breaks and tabs are escaped too.
    let mut shown = String::with_capacity(path.len());
    for c in path.chars() {
        if c == '\n' || c == '\t' || c == '\r' || super::is_hazardous(c) {
            shown.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            shown.push(c);
        }
    }
    shown
}
