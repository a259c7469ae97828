//! The claim table for editors: a few lines per claim that read at 80 columns, grouped by event,
//! the status coloured on a terminal.

use super::format::VerdictOf;
use super::view::{listing_summary, DeskView, Listing, Summary};
use super::{estimative, terminal_safe, Selection};
use crate::model::ClaimIx;
use crate::model::Corpus;
use crate::score::Status;
use crate::score::Verdict;
use std::borrow::Cow;

/// How to draw the table.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Colour statuses.
    pub color: bool,
    /// Total width in columns (`None`: 100).
    pub width: Option<u16>,
}

/// The ANSI colour code of a status. Statuses also differ in words, so nothing relies on colour
/// alone.
fn status_color(status: Status) -> &'static str {
    match status {
        Status::Confirmed => "32",
        Status::Corroborated => "36",
        Status::Unconfirmed => "33",
        Status::Contested => "35",
        Status::Refuted => "31",
    }
}

/// The narrowest width drawn at: below it lines overflow rather than wrap into nothing.
const MIN_WIDTH: usize = 20;

/// The width of the verdict beside an id: status, code, score, its word, origins.
const VERDICT_WIDTH: usize = 47;

/// Renders the selected claims for a terminal, grouped by event, followed by a summary line.
///
/// Each claim takes a few lines that read at 80 columns: its id (never broken) with the verdict
/// beside it (status, Admiralty code, score and its word, origins for and against), or under it
/// when the id is long; its text, wrapped; the question it answers; the rules that fired.
///
/// Below about 50 columns the verdict no longer fits in its aligned form: it is written under
/// the id unpadded, without the score's word (the score says it) when that is still too wide,
/// wrapped over lines at a space between its parts; the `[publish]` mark joins it when the id
/// leaves no room. Every line then fits down to 20 columns, but for a word longer than a line
/// (an id, a URL), which stands alone on its line rather than being broken.
///
/// Claims come grouped by event unless the selection gives their order (`--sort status|score`):
/// then they are listed as given, each with an `event:` line. The summary line comes last, or
/// first when the table is long (more than [`SUMMARY_FIRST_ABOVE`] claims, or the first of more
/// under `--limit`), where it is read before thousands of rows scroll by.
pub fn render(corpus: &Corpus, selection: &Selection<'_>, style: Style) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write(corpus, selection, style, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Past this many claims the table opens with its summary line.
pub const SUMMARY_FIRST_ABOVE: usize = 50;

/// Writes what [`render`] returns to `out`, a batch of claims at a time: a large corpus's table
/// is never held whole in memory.
pub fn write(
    corpus: &Corpus,
    selection: &Selection<'_>,
    style: Style,
    sink: &mut (dyn std::io::Write + Send),
) -> std::io::Result<()> {
    let by_claim: std::collections::HashMap<u32, &Verdict> =
        selection.verdicts.iter().map(|v| (v.claim.0, *v)).collect();
    // Every claim listed is one of the selection's verdicts.
    let verdict = |c: ClaimIx| Cow::Borrowed(by_claim[&c.0]);
    let rows = Rows {
        claims: selection.verdicts.iter().map(|v| v.claim).collect(),
        shown: Summary::of(selection.verdicts.iter().map(|v| v.status)),
        as_of: selection.as_of,
        assessment: selection.assessment,
        listing: selection.listing,
    };
    write_rows(corpus, rows, &verdict, style, sink)
}

/// The claims a table lists, with what it says of them before their verdicts are computed.
struct Rows<'a> {
    /// The claims, in the selection's order.
    claims: Vec<ClaimIx>,
    /// Their statuses, counted.
    shown: Summary,
    /// The evaluation day.
    as_of: crate::model::Date,
    /// Questions and learned reliability, when known.
    assessment: Option<&'a crate::score::Assessment>,
    /// How they are listed.
    listing: Listing,
}

/// Writes the table of `rows`, each claim's verdict from `verdict` only while its batch renders
/// ([`super::format::stream`]: claims' lines rendered in parallel, written in order): the verdicts
/// of a large corpus are never all in memory, nor is its table.
fn write_rows(
    corpus: &Corpus,
    rows: Rows<'_>,
    verdict: &VerdictOf<'_>,
    style: Style,
    sink: &mut (dyn std::io::Write + Send),
) -> std::io::Result<()> {
    let width = usize::from(style.width.unwrap_or(100)).max(MIN_WIDTH);
    let mut claims = rows.claims;
    // Rank of each answer within its question, and which answer leads.
    let mut rank: std::collections::HashMap<u32, (usize, bool)> = std::collections::HashMap::new();
    // Per quantity question with answers shown, what its origins agree on, said once.
    let mut intervals: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    if let Some(assessment) = rows.assessment {
        for q in &assessment.questions {
            for (i, c) in q.answers.iter().enumerate() {
                rank.insert(c.0, (i, q.leading == Some(*c)));
            }
            if let Some(interval) = &q.interval {
                let unit = assessment
                    .learned
                    .questions
                    .declared(corpus, q.number)
                    .and_then(|d| d.unit.as_ref())
                    .map(|u| u.as_str());
                intervals.insert(q.id.as_str(), super::describe_interval(interval, unit));
            }
        }
    }
    // By event, then question (answers together, best first), then id: a question's competing
    // answers sit under one another.
    let key = |ix: ClaimIx| {
        let c = &corpus.claims[ix.get()];
        let event = c.event.as_ref().map(|e| e.id.value.clone());
        let position = rank.get(&ix.0).map_or(0, |r| r.0);
        // A claim without a question sorts by its own id among the questions.
        let group = c.question.clone().unwrap_or_else(|| c.id.value.clone());
        // Claims without an event come last.
        (event.is_none(), event, group, position, c.id.value.clone())
    };
    if !rows.listing.given_order {
        claims.sort_by_cached_key(|&c| key(c));
    }
    // Ids sit in one column as wide as the longest (with its publish mark), as far as the
    // verdict beside it leaves room; a longer id puts its verdict on the next line.
    let shown_id = |ix: ClaimIx| {
        let claim = &corpus.claims[ix.get()];
        let mut id = terminal_safe(&claim.id.value).into_owned();
        if let Some(mark) = publish_mark(claim) {
            id.push(' ');
            id.push_str(mark);
        }
        id
    };
    let id_column = claims
        .iter()
        .map(|&c| columns(&shown_id(c)))
        .max()
        .unwrap_or(0)
        .min(width.saturating_sub(VERDICT_WIDTH + 2));
    let summary_first = rows.listing.all.is_some() || claims.len() > SUMMARY_FIRST_ABOVE;
    let summary = listing_summary(&rows.shown, rows.as_of, &rows.listing);
    let given = rows.listing.given_order;
    if summary_first {
        let mut head = String::new();
        wrapped(&mut head, &summary, "", "  ", width);
        head.push('\n');
        sink.write_all(head.as_bytes())?;
    }
    // One claim's lines, without the event heading that may open them.
    let render = |v: &Verdict| {
        let mut block = String::new();
        let out = &mut block;
        let claim = &corpus.claims[v.claim.get()];
        let id = shown_id(v.claim);
        let id_len = columns(&id);
        // Under the id, the aligned verdict needs its 47 columns and the id its publish mark
        // beside it; where either does not fit, the narrow form places both.
        if id_len > id_column && (2 + VERDICT_WIDTH > width || id_len > width) {
            narrow_verdict(out, claim, v, style.color, width);
        } else {
            aligned_verdict(out, &id, id_column, v, style.color);
        }
        wrapped(out, &terminal_safe(&claim.text), "  ", "  ", width);
        if given {
            event_line(out, corpus, claim, width);
        }
        if let Some(desk) = DeskView::of(corpus, v) {
            desk_lines(out, &desk, width);
        }
        if let Some(q) = &claim.question {
            let lead = match rank.get(&v.claim.0) {
                Some((_, true)) => ", leading",
                Some((i, false)) if *i > 0 => ", not leading",
                _ => "",
            };
            let agreed = intervals
                .get(q.as_str())
                .map(|i| format!(" ({i})"))
                .unwrap_or_default();
            let line = format!("↳ answers {}{agreed}{lead}", terminal_safe(q));
            let rest = hanging(&line, "    ", width);
            wrapped(out, &line, "  ", rest, width);
        }
        if !v.findings.is_empty() {
            let rules: Vec<&str> = v.findings.iter().map(|f| f.rule).collect();
            let line = format!("rules: {}", rules.join(", "));
            let rest = hanging(&line, "         ", width);
            wrapped(out, &line, "  ", rest, width);
        }
        out.push('\n');
        (v.claim, block)
    };
    let mut current_event: Option<Option<&str>> = None;
    let mut out = String::new();
    let mut write = |(ix, block): (ClaimIx, String)| {
        let claim = &corpus.claims[ix.get()];
        let event = claim.event.as_ref().map(|e| e.id.as_str());
        if given || current_event == Some(event) {
            return sink.write_all(block.as_bytes());
        }
        current_event = Some(event);
        out.clear();
        heading(&mut out, corpus, claim, width);
        out.push_str(&block);
        sink.write_all(out.as_bytes())
    };
    super::format::stream(&claims, verdict, &render, &mut write)?;
    if summary_first {
        return Ok(());
    }
    let mut tail = String::new();
    wrapped(&mut tail, &summary, "", "  ", width);
    sink.write_all(tail.as_bytes())
}

/// The claim's event under its text, when claims are not grouped under event headings:
/// `event: alkit-strike (2025-07-14)`, or `event: none`.
fn event_line(out: &mut String, corpus: &Corpus, claim: &crate::model::Claim, width: usize) {
    let line = match &claim.event {
        Some(e) => {
            let mut line = format!("event: {}", terminal_safe(&e.id.value));
            let date = e.target.and_then(|ix| corpus.event(ix).date.as_ref());
            if let Some(date) = date {
                line.push_str(&format!(" ({})", date.value));
            }
            line
        }
        None => "event: none".to_owned(),
    };
    let rest = hanging(&line, "         ", width);
    wrapped(out, &line, "  ", rest, width);
}

/// The mark beside a claim's id: `[rating]` for a claim the desk publishes as a rating,
/// `[publish]` for one it means to publish.
fn publish_mark(claim: &crate::model::Claim) -> Option<&'static str> {
    if claim.rating {
        Some("[rating]")
    } else {
        claim.publish.then_some("[publish]")
    }
}

/// The desk's verdict under the claim's text (`desk: refuted, credibility 5, by … on …`) and,
/// when it differs from the computed status, a line that says so in words (`≠ the desk
/// disagrees: …`), so the difference reads without colour and in a narrow terminal.
fn desk_lines(out: &mut String, desk: &DeskView<'_>, width: usize) {
    let mut line = format!("desk: {}", desk.verdict_words());
    let who = desk.who_when();
    if !who.is_empty() {
        line.push_str(", ");
        line.push_str(&who);
    }
    let line = terminal_safe(&line).into_owned();
    let rest = hanging(&line, "        ", width);
    wrapped(out, &line, "  ", rest, width);
    if let Some(disagreement) = desk.disagreement() {
        let line = format!("≠ {disagreement}");
        let rest = hanging(&line, "    ", width);
        wrapped(out, &line, "  ", rest, width);
    }
}

/// The columns `text` takes on a terminal, as the wrapping measures them (wide and combining
/// characters count as they show, not one a `char`).
fn columns(text: &str) -> usize {
    textwrap::core::display_width(text)
}

/// `status` in its colour when colouring.
fn paint(status: Status, text: &str, color: bool) -> String {
    if color {
        format!("\u{1b}[1;{}m{text}\u{1b}[0m", status_color(status))
    } else {
        text.to_owned()
    }
}

/// The id (with its publish mark) and the verdict in columns: beside the id when it is no wider
/// than `id_column`, else on the next line.
fn aligned_verdict(
    out: &mut String,
    id: &str,
    id_column: usize,
    v: &crate::score::Verdict,
    color: bool,
) {
    let verdict_plain = format!(
        "{:<12} {:<2} {:.2} {:<20} +{}/−{}",
        v.status.as_str(),
        v.code(),
        v.score,
        estimative(v.score),
        v.supporting_origins,
        v.opposing_origins
    );
    let status = v.status.as_str();
    let padded = format!("{status:<12}");
    let verdict = verdict_plain.replacen(
        &padded,
        &format!(
            "{}{}",
            paint(v.status, status, color),
            &padded[status.len()..]
        ),
        1,
    );
    let id_len = columns(id);
    if id_len <= id_column {
        let gap = id_column - id_len + 2;
        out.push_str(&format!("{id}{}{verdict}\n", " ".repeat(gap)));
    } else {
        out.push_str(&format!("{id}\n  {verdict}\n"));
    }
}

/// The id and, under it, the verdict's parts unpadded, for a width the aligned verdict does not
/// fit: the least needed parts go first (the score's word, which the score says), then the rest
/// wraps at a space between parts. The publish mark stays beside the id if it fits there.
fn narrow_verdict(
    out: &mut String,
    claim: &crate::model::Claim,
    v: &crate::score::Verdict,
    color: bool,
    width: usize,
) {
    let id = terminal_safe(&claim.id.value);
    let mark = publish_mark(claim);
    // (plain text, as shown): the status alone may be coloured.
    let mut parts: Vec<(String, String)> = Vec::new();
    match mark {
        Some(mark) if columns(&id) + 1 + mark.len() <= width => {
            out.push_str(&format!("{id} {mark}\n"));
        }
        Some(mark) => {
            out.push_str(&format!("{id}\n"));
            parts.push((mark.to_owned(), mark.to_owned()));
        }
        None => out.push_str(&format!("{id}\n")),
    }
    let status = v.status.as_str();
    parts.push((status.to_owned(), paint(v.status, status, color)));
    let origins = format!("+{}/−{}", v.supporting_origins, v.opposing_origins);
    let mut rest = vec![v.code(), format!("{:.2}", v.score)];
    let word = estimative(v.score).to_owned();
    let room = width.saturating_sub(2);
    let length = |parts: &[String]| {
        parts.iter().map(|p| columns(p)).sum::<usize>() + parts.len().saturating_sub(1)
    };
    let mut plain: Vec<String> = parts.iter().map(|(p, _)| p.clone()).collect();
    plain.extend(rest.iter().cloned());
    plain.push(word.clone());
    plain.push(origins.clone());
    if length(&plain) <= room {
        rest.push(word);
    }
    rest.push(origins);
    parts.extend(rest.into_iter().map(|p| (p.clone(), p)));
    // Greedy: each line as many whole parts as fit; a part wider than a line stands alone.
    let mut line = String::new();
    let mut used = 0;
    for (plain, shown) in parts {
        let n = columns(&plain);
        if used > 0 && used + 1 + n > room {
            out.push_str(&format!("  {line}\n"));
            line.clear();
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        line.push_str(&shown);
        used += n;
    }
    if used > 0 {
        out.push_str(&format!("  {line}\n"));
    }
}

/// The hanging indent `preferred` for wrapping `text` (after a two-column first indent), or two
/// columns when its longest word would not fit after `preferred` at `width`: at narrow widths a
/// rule or question id then still fits on its line.
fn hanging(text: &str, preferred: &'static str, width: usize) -> &'static str {
    let longest = text.split(' ').map(columns).max().unwrap_or(0);
    if preferred.len() + longest <= width {
        preferred
    } else {
        "  "
    }
}

/// The lines that open an event's claims: its id and date ruled to the width, and its title (on
/// the same line when it fits, wrapped under it otherwise).
fn heading(out: &mut String, corpus: &Corpus, claim: &crate::model::Claim, width: usize) {
    let Some(e) = &claim.event else {
        rule(out, "claims without an event", width);
        out.push('\n');
        return;
    };
    let event = e.target.map(|ix| corpus.event(ix));
    let mut head = terminal_safe(&e.id.value).into_owned();
    if let Some(date) = event.and_then(|ev| ev.date.as_ref()) {
        head.push_str(&format!(" ({})", date.value));
    }
    let title = event
        .and_then(|ev| ev.title.as_ref())
        .map(|t| terminal_safe(&t.value).into_owned());
    match title {
        Some(title) => {
            let one_line = format!("{}: {title}", terminal_safe(&e.id.value));
            let one_line = match event.and_then(|ev| ev.date.as_ref()) {
                Some(date) => format!("{one_line} ({})", date.value),
                None => one_line,
            };
            if columns(&one_line) + 6 <= width {
                rule(out, &one_line, width);
            } else {
                rule(out, &head, width);
                wrapped(out, &title, "   ", "   ", width);
            }
        }
        None => rule(out, &head, width),
    }
    out.push('\n');
}

/// `── text ───…` to the width; a text too long for that (at a narrow width) is wrapped after
/// `── `, without the fill.
fn rule(out: &mut String, text: &str, width: usize) {
    let len = columns(text);
    if len + 6 > width {
        wrapped(out, text, "── ", "   ", width);
        return;
    }
    let fill = width.saturating_sub(len + 4).max(2);
    out.push_str(&format!("── {text} {}\n", "─".repeat(fill)));
}

/// `text` wrapped to `width`, the first line after `first`, the others after `rest`; words
/// longer than a line (ids, URLs) are never broken.
fn wrapped(out: &mut String, text: &str, first: &str, rest: &str, width: usize) {
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    for line in textwrap::wrap(text, options) {
        out.push_str(&line);
        out.push('\n');
    }
}

/// The claim table for editors.
pub struct TableFormat;

/// The claim table for editors.
pub static TABLE: TableFormat = TableFormat;

impl super::format::Format for TableFormat {
    fn name(&self) -> &'static str {
        "table"
    }
    fn summary(&self) -> &'static str {
        "A claim table for editors."
    }
    fn write(
        &self,
        doc: &super::format::Doc<'_>,
        out: &mut (dyn std::io::Write + Send),
    ) -> std::io::Result<()> {
        let style = Style {
            color: doc.options.color,
            width: doc.options.width,
        };
        let outcomes = &doc.assessment.outcomes;
        let rows = Rows {
            claims: doc.claims.to_vec(),
            shown: Summary::of(doc.claims.iter().map(|c| outcomes[c.get()].status)),
            as_of: doc.assessment.as_of,
            assessment: Some(doc.assessment),
            listing: doc.options.listing,
        };
        // Each claim's verdict only while its batch renders, as the JSON does.
        let verdict = |ix| Cow::Owned(doc.judge.verdict(ix));
        write_rows(doc.corpus, rows, &verdict, style, out)
    }
}
