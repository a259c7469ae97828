//! `report --format csv`: one row per claim, or per evidence item with `--evidence`.
//!
//! Claim rows end with the desk's verdict (`desk_status`, `desk_credibility`, `desk_by`,
//! `desk_date`, `desk_reason`, empty without `[claim.desk]`) and `rating` (`publish =
//! "rating"`); a disagreement is a row whose `desk_status` is set and differs from `status`.
//! Evidence rows end with where the item can be read: `url` and `archive_url` (its own, else its
//! document's) and `document` (the id of the document it cites).
//!
//! UTF-8 without a byte-order mark, `\n` line ends, a header row, fields quoted only when needed
//! (`csv::Writer`). Rows are sorted by claim id; with `--evidence`, each claim's items follow the
//! canonical order of the JSON report (source, date, stance, relay, hedged, quote).
//!
//! Spreadsheet safety: a text cell that a spreadsheet would evaluate as a formula — one starting
//! with `=`, `+`, `@`, a tab or a carriage return, or with `-` unless the whole cell is a plain
//! number — gets a leading `'` (OWASP "CSV injection"). Control characters other than tab, line
//! feed and carriage return (ESC, BEL, …) are written as visible `\u{…}` escapes, so printing the
//! file to a terminal cannot recolour or clear it. Other text, bidi marks included, is kept as
//! written: right-to-left quotes need them.

use super::estimative;
use super::format::Doc;
use super::view::{canonical_items, DeskView};
use crate::model::Corpus;
use crate::score::Verdict;
use crate::util::text::Decimal;
use std::borrow::Cow;
use std::io::Write;

/// Whether a spreadsheet could evaluate `cell` as a formula.
fn is_formula(cell: &str) -> bool {
    let mut chars = cell.chars();
    match chars.next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        // `-5` and `-0.25` are numbers; `-cmd`, `-1+1` and `-2+3+cmd|…` are formulas.
        Some('-') => {
            let rest = chars.as_str();
            rest.is_empty()
                || !rest.starts_with(|c: char| c.is_ascii_digit())
                || !rest.chars().all(|c| c.is_ascii_digit() || c == '.')
        }
        _ => false,
    }
}

/// A user-text cell, neutralised for spreadsheets and terminals: control characters and bidi
/// overrides (which reorder what a reader sees) are written as `\u{…}`, line breaks and tabs
/// kept.
pub fn cell(text: &str) -> Cow<'_, str> {
    let hazard = |c: char| c != '\r' && super::is_hazardous(c);
    let visible: Cow<'_, str> = if text.chars().any(hazard) {
        text.chars()
            .map(|c| {
                if hazard(c) {
                    format!("\\u{{{:x}}}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect::<String>()
            .into()
    } else {
        text.into()
    };
    if is_formula(&visible) {
        format!("'{visible}").into()
    } else {
        visible
    }
}

/// An optional user-text cell; empty when absent.
fn opt(text: Option<&str>) -> Cow<'_, str> {
    text.map(cell).unwrap_or_default()
}

/// The claim rows' columns; the desk's verdict and the rating mark come last, after the columns
/// older readers know, so a reader that picks columns by position keeps working.
const CLAIM_HEADER: [&str; 19] = [
    "id",
    "event",
    "question",
    "status",
    "credibility",
    "code",
    "score",
    "estimative",
    "supporting_origins",
    "opposing_origins",
    "rules",
    "text",
    "publish",
    "desk_status",
    "desk_credibility",
    "desk_by",
    "desk_date",
    "desk_reason",
    "rating",
];

/// The evidence rows' columns; where the item can be read (its links, else its document's, and
/// the document's id) comes last.
const EVIDENCE_HEADER: [&str; 14] = [
    "claim",
    "source",
    "origin",
    "stance",
    "date",
    "via",
    "hedged",
    "weight",
    "excluded",
    "quote",
    "lang",
    "url",
    "archive_url",
    "document",
];

/// The CSV bytes of `record`s written by `write` (quoted only where needed, `\n` line ends).
///
/// A writer holds no state between records, so rows rendered apart and joined are the bytes
/// one writer would give.
fn records(write: impl FnOnce(&mut dyn FnMut(Vec<Cow<'_, str>>))) -> Vec<u8> {
    let mut writer = ::csv::WriterBuilder::new()
        .buffer_capacity(1024)
        .from_writer(Vec::new());
    write(&mut |record: Vec<Cow<'_, str>>| {
        // Writing into a Vec cannot fail.
        let _ = writer.write_record(record.iter().map(|c| c.as_bytes()));
    });
    writer.into_inner().unwrap_or_default()
}

/// The rows of `v`: its claim's row, or with `evidence` one row per item in the canonical order.
fn rows(corpus: &Corpus, v: &Verdict, evidence: bool) -> Vec<u8> {
    let claim = &corpus.claims[v.claim.get()];
    records(|write| {
        if evidence {
            for (item, e) in canonical_items(corpus, v) {
                let source = corpus.source(item.source);
                write(vec![
                    cell(&claim.id.value),
                    cell(&source.id.value),
                    cell(source.origin_key()),
                    item.stance.as_str().into(),
                    e.date
                        .as_ref()
                        .map(|d| d.value.to_string().into())
                        .unwrap_or_default(),
                    opt(e.via.as_deref().map(crate::model::Relays::chain).as_deref()),
                    if e.hedged { "true" } else { "false" }.into(),
                    format!("{:.4}", Decimal(item.weight)).into(),
                    item.excluded
                        .map(super::view::excluded_word)
                        .unwrap_or_default()
                        .into(),
                    opt(e.quote.as_ref().map(|q| q.as_str())),
                    opt(e.lang.as_ref().map(|l| l.as_str())),
                    opt(e.url(corpus)),
                    opt(e.archive_url(corpus)),
                    opt(e
                        .document()
                        .and_then(|ix| corpus.documents.get(ix.get()))
                        .map(|d| d.id.as_str())),
                ]);
            }
        } else {
            let rules: Vec<&str> = v.findings.iter().map(|f| f.rule).collect();
            let desk = DeskView::of(corpus, v);
            let desk = desk.as_ref();
            write(vec![
                cell(&claim.id.value),
                opt(claim.event.as_ref().map(|r| r.id.as_str())),
                opt(claim.question.as_ref().map(|q| q.as_str())),
                v.status.as_str().into(),
                v.credibility.to_string().into(),
                v.code().into(),
                format!("{:.4}", Decimal(v.score)).into(),
                estimative(v.score).into(),
                v.supporting_origins.to_string().into(),
                v.opposing_origins.to_string().into(),
                rules.join(";").into(),
                cell(&claim.text),
                if claim.publish { "true" } else { "false" }.into(),
                desk.and_then(|d| d.status)
                    .map(|s| s.as_str())
                    .unwrap_or_default()
                    .into(),
                desk.and_then(|d| d.credibility)
                    .map(|c| c.to_string().into())
                    .unwrap_or_default(),
                opt(desk.and_then(|d| d.by)),
                desk.and_then(|d| d.date)
                    .map(|d| d.to_string().into())
                    .unwrap_or_default(),
                opt(desk.and_then(|d| d.reason)),
                if claim.rating { "true" } else { "false" }.into(),
            ]);
        }
    })
}

/// Writes the selected claims (or their evidence) as CSV: the header, then the rows in the
/// listing's order, rendered a batch at a time ([`Doc::stream`]).
fn write_doc(doc: &Doc<'_>, out: &mut (dyn Write + Send)) -> std::io::Result<()> {
    let evidence = doc.options.evidence_rows;
    let header: &[&str] = if evidence {
        &EVIDENCE_HEADER
    } else {
        &CLAIM_HEADER
    };
    out.write_all(&records(|write| {
        write(header.iter().map(|h| Cow::Borrowed(*h)).collect())
    }))?;
    let render = |v: &Verdict| rows(doc.corpus, v, evidence);
    doc.stream(&doc.listed(), &render, &mut |bytes: Vec<u8>| {
        out.write_all(&bytes)
    })
}

/// CSV.
pub struct Csv;

/// CSV.
pub static CSV: Csv = Csv;

impl super::format::Format for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }
    fn summary(&self) -> &'static str {
        "CSV, one row per claim (or per evidence item with --evidence)."
    }
    fn write(&self, doc: &Doc<'_>, out: &mut (dyn Write + Send)) -> std::io::Result<()> {
        write_doc(doc, out)
    }
}

#[cfg(test)]
mod tests {
    use super::{cell, is_formula};

    #[test]
    fn bidi_overrides_are_made_visible() {
        assert_eq!(cell("abc\u{202e}gpj.exe"), "abc\\u{202e}gpj.exe");
        assert_eq!(cell("line\r\nnext\tcell"), "line\r\nnext\tcell");
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for formula in [
            "=HYPERLINK(\"x\")",
            "+1",
            "-cmd",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "-1+1",
            "-",
        ] {
            assert!(is_formula(formula), "{formula:?}");
            assert!(cell(formula).starts_with('\''), "{formula:?}");
        }
        for plain in ["-5", "-0.25", "a=b", "text", ""] {
            assert!(!is_formula(plain), "{plain:?}");
        }
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(cell("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(cell("line\nnext"), "line\nnext");
    }
}
