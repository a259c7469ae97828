//! `report --format html`: one self-contained page that draws its rows from embedded data.
//!
//! The page is a single file an editor can open offline, mail or attach to a ticket: the style
//! sheet and the script are inline, there are no fonts, images or other requests. At a million
//! claims a page of markup per claim is gigabytes no browser opens, so the page carries the
//! verdicts once, as compact JSON, and its script draws only the rows in view:
//!
//! - `<script type="application/json" id="data">`: the page's tables (statuses, sources with
//!   their descriptions and web links, events, estimative words, grade meanings) and the phrase
//!   table the derivations refer to.
//! - Then, a batch of claims at a time, a `rows` block (one array per claim: id, text, status,
//!   code, score, origins, rules, desk, sources, …) and a `more` block (per claim, its `explain`
//!   derivation, written by [`super::derivation::render_with`], with the phrases it repeats for
//!   every claim given as numbers into the phrase table, and its evidence's web links). The
//!   renderer marks where it writes each such phrase, so the page numbers them without
//!   searching the text for them (searching was a third of the page's CPU time at 100k
//!   claims). The script parses the rows at load and a `more` block only when one of its claims is expanded, so a
//!   derivation is built in the DOM only when it is opened. Nothing is re-scored in the page:
//!   every number and every word of a derivation comes from here.
//! - The writer renders a batch in parallel while the previous one is written, so the verdicts
//!   of a large corpus are never all in memory (as the JSON report does).
//! - Rows are virtualised: the claims in view and a screen's margin either side are in the DOM
//!   (every row when at most [`ALL_ROWS`] claims are shown). Filters (status, event, source,
//!   desk, free text) and sorting (click a column header) run over the data and live in the URL
//!   fragment: `report.html#status=confirmed,contested&event=alkit-ambush&sort=-score`.
//! - "Expand all" opens at most the first [`EXPAND_MAX`] claims shown; printing prints every
//!   shown claim expanded when at most [`PRINT_MAX`] are shown, else the rows on screen and a
//!   note saying so.
//! - Statuses read without colour: each has a symbol, a word, a border style and weight. The
//!   desk's verdict sits under the computed badge as its own badge, a boxed "≠ desk disagrees"
//!   where they differ, and a "Desk" filter when some claim has one.
//! - Corpus text only ever reaches the page as JSON string data inside the `application/json`
//!   blocks, escaped so it cannot end them (`<`, `>`, `&`, U+2028 and U+2029 as `\u003c`, …),
//!   after control and bidi characters are made visible; the script puts it in the DOM as text
//!   (`textContent`), never as markup. Links are only ever made of `http:`/`https:` addresses
//!   ([`web_url`]), checked here and again by the script.
//! - Without JavaScript the page says so (`<noscript>`) and names the formats that need none.
//! - The same corpus and options give byte-identical output.

use super::derivation::Mark;
use super::view::{listing_summary, web_url, DeskView, Links, Listing, Summary};
use super::{estimative, terminal_safe, Selection};
use crate::model::{ClaimIx, Corpus, SourceIx};
use crate::score::{Context, Derivation, Status, Verdict};
use rayon::prelude::*;
use std::borrow::Cow;
use std::fmt::Write;

/// Claims per batch: rendered in parallel, written while the next batch renders, and one
/// `rows` and one `more` block of the page (the script parses a `more` block when one of its
/// claims is opened, so this bounds that work too).
const BATCH: usize = 2048;

/// At most this many claims shown: every row is in the DOM (no virtualisation).
pub const ALL_ROWS: usize = 200;

/// "Expand all" opens at most this many claims (the first shown).
pub const EXPAND_MAX: usize = 200;

/// Printing expands every shown claim when at most this many are shown.
pub const PRINT_MAX: usize = 1000;

/// Escapes `text` for HTML text and (quoted) attribute values, after making control and bidi
/// characters visible.
pub fn escape(text: &str) -> String {
    let safe = terminal_safe(text);
    let mut out = String::with_capacity(safe.len() + 16);
    for c in safe.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Appends `text` as a JSON string that is inert inside a `<script>` element: besides JSON's
/// own escapes, `<`, `>` and `&` are written `\u003c`, `\u003e`, `\u0026` (so neither
/// `</script>` nor `<!--` can occur), and U+2028/U+2029 as `\u2028`/`\u2029`. Control and bidi
/// characters are made visible first, as everywhere on the page.
pub fn json_string(out: &mut String, text: &str) {
    super::json::script_string(out, &terminal_safe(text));
}

/// A JSON string, or `null`.
fn json_opt(out: &mut String, text: Option<&str>) {
    match text {
        Some(t) => json_string(out, t),
        None => out.push_str("null"),
    }
}

/// The symbol shown with a status, so statuses differ in shape as well as colour.
fn symbol(status: Status) -> &'static str {
    match status {
        Status::Confirmed => "\u{2714}",         // ✔
        Status::Corroborated => "\u{25C6}",      // ◆
        Status::Unconfirmed => "?",              // ?
        Status::Contested => "\u{26A0}\u{FE0E}", // ⚠ (text presentation)
        Status::Refuted => "\u{2716}",           // ✖
    }
}

fn rank(status: Status) -> usize {
    Status::ALL.iter().position(|s| *s == status).unwrap_or(0)
}

/// Admiralty information credibility in words, 1–6.
fn credibility_words(n: u8) -> &'static str {
    match n {
        1 => "confirmed by other sources",
        2 => "probably true",
        3 => "possibly true",
        4 => "doubtful",
        5 => "improbable",
        _ => "cannot be judged",
    }
}

fn badge(status: Status) -> String {
    format!(
        "<span class=\"badge {s}\"><span class=\"sym\" aria-hidden=\"true\">{}</span> {s}</span>",
        symbol(status),
        s = status.as_str()
    )
}

/// The phrases the page's derivations share: the fixed ones of
/// [`super::derivation::fixed_phrases`] (some with the policy's values and the as-of day in
/// them), then two per listed source ([`super::derivation::source_phrases`]). A derivation
/// names a phrase by its index wherever the renderer wrote it, so the text is unchanged.
struct Phrases {
    /// The fixed phrases, then each source's two.
    table: Vec<String>,
    /// How many of `table` are fixed phrases.
    fixed: usize,
    /// Where a source's two phrases start in `table`, by source number (`u32::MAX`: none).
    of_source: Vec<u32>,
}

impl Phrases {
    fn new(corpus: &Corpus, sources: &[SourceIx], cx: &Context<'_>) -> Phrases {
        let mut table = super::derivation::fixed_phrases(cx);
        let fixed = table.len();
        let mut of_source = vec![u32::MAX; corpus.sources.len()];
        for &s in sources {
            of_source[s.get()] = table.len() as u32;
            table.extend(super::derivation::source_phrases(corpus, s, cx));
        }
        Phrases {
            table,
            fixed,
            of_source,
        }
    }

    /// Where source `s`'s two phrases start in the table, if the page has them.
    fn source_start(&self, s: SourceIx) -> Option<usize> {
        let at = *self.of_source.get(s.get())?;
        (at != u32::MAX).then_some(at as usize)
    }

    /// Source `s`'s two phrases ([`super::derivation::source_phrases`]), if the page has them.
    fn of(&self, s: SourceIx) -> Option<&[String; 2]> {
        let at = self.source_start(s)?;
        self.table.get(at..at.checked_add(2)?)?.try_into().ok()
    }

    /// The table index of a phrase the renderer marked.
    fn index(&self, mark: Mark) -> Option<usize> {
        match mark {
            Mark::Fixed(i) => Some(usize::from(i)).filter(|&i| i < self.fixed),
            Mark::Source(s, which) => Some(self.source_start(s)? + usize::from(which)),
        }
    }

    /// Appends `text[range]` as a JSON array of its pieces: the runs between the phrases that
    /// `marks` (offsets into `text`, in order) place, as strings, and each phrase wholly inside
    /// the range as its index. Joining the pieces gives `text[range]` back exactly.
    fn encode(
        &self,
        out: &mut String,
        text: &str,
        range: std::ops::Range<usize>,
        marks: &[(usize, Mark)],
    ) {
        out.push('[');
        let mut first = true;
        let mut piece = |out: &mut String, piece: Result<&str, usize>| {
            if !std::mem::take(&mut first) {
                out.push(',');
            }
            match piece {
                Ok(run) => json_string(out, run),
                Err(i) => {
                    let _ = write!(out, "{i}");
                }
            }
        };
        let mut last = range.start;
        for &(at, mark) in marks {
            let Some(i) = self.index(mark) else {
                continue;
            };
            let end = at + self.table[i].len();
            // A phrase cut by the range (the trailing line end is trimmed) stays as text; one
            // the renderer wrote must be the table's text there.
            if at < last || end > range.end || text.get(at..end) != Some(self.table[i].as_str()) {
                continue;
            }
            if at > last {
                piece(out, Ok(&text[last..at]));
            }
            piece(out, Err(i));
            last = end;
        }
        if last < range.end {
            piece(out, Ok(&text[last..range.end]));
        }
        out.push(']');
    }
}

/// The page's sources: those the listed claims cite, by id.
fn cited_sources(corpus: &Corpus, claims: &[(ClaimIx, Status)]) -> Vec<SourceIx> {
    let mut cited = vec![false; corpus.sources.len()];
    for (c, _) in claims {
        for e in &corpus.claims[c.get()].evidence {
            if let Some(s) = e.source.target {
                cited[s.get()] = true;
            }
        }
    }
    let mut sources: Vec<SourceIx> = (0..corpus.sources.len())
        .filter(|&s| cited[s])
        .map(|s| SourceIx(s as u32))
        .collect();
    sources.sort_by(|a, b| corpus.source(*a).id.value.cmp(&corpus.source(*b).id.value));
    sources
}

/// Gives a verdict's derivation (steps, rule effects, findings' messages).
pub type DeriveFn<'d> = dyn Fn(&Verdict) -> Derivation + Sync + 'd;

/// Gives the verdict on the `i`th listed claim.
type VerdictOf<'v> = dyn Fn(usize) -> Cow<'v, Verdict> + Sync + 'v;

/// What the page needs of a report besides its claims.
struct Page<'a> {
    corpus: &'a Corpus,
    cx: &'a Context<'a>,
    derive: &'a DeriveFn<'a>,
    listing: Listing,
    /// The page's sources ([`cited_sources`]) and each one's place among them, by source number.
    sources: Vec<SourceIx>,
    source_place: Vec<u32>,
    /// The page's events (id, title), by id, and each claim event's place among them.
    events: Vec<(&'a str, Option<&'a str>)>,
    phrases: Phrases,
    /// [`estimative_words`].
    estimative: Vec<&'static str>,
}

/// Renders the selected claims as a self-contained HTML page, each claim's derivation from
/// `derive` (the bytes [`write`] streams, for callers that want a string).
pub fn render(
    corpus: &Corpus,
    selection: &Selection<'_>,
    derive: &DeriveFn<'_>,
    cx: &Context<'_>,
) -> String {
    let claims: Vec<(ClaimIx, Status)> = selection
        .verdicts
        .iter()
        .map(|v| (v.claim, v.status))
        .collect();
    let verdict = |i: usize| Cow::Borrowed(selection.verdicts[i]);
    let mut out = Vec::new();
    // Writing to a vector cannot fail, and every piece written is UTF-8.
    let _ = write(
        corpus,
        &claims,
        &verdict,
        derive,
        cx,
        selection.listing,
        &mut out,
    );
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the page on `claims` (with their statuses, listed in this order when `listing` says
/// the order is given, else by id), taking each claim's verdict from `verdict` only while its
/// batch renders.
fn write<'v>(
    corpus: &Corpus,
    claims: &[(ClaimIx, Status)],
    verdict: &VerdictOf<'v>,
    derive: &DeriveFn<'_>,
    cx: &Context<'_>,
    listing: Listing,
    out: &mut (dyn std::io::Write + Send),
) -> std::io::Result<()> {
    let order = listing.order(corpus, claims);
    let sources = cited_sources(corpus, claims);
    let mut source_place = vec![u32::MAX; corpus.sources.len()];
    for (k, s) in sources.iter().enumerate() {
        source_place[s.get()] = k as u32;
    }
    let mut events: Vec<(&str, Option<&str>)> = claims
        .iter()
        .filter_map(|(c, _)| corpus.claims[c.get()].event.as_ref())
        .map(|e| {
            (
                e.id.as_str(),
                e.target
                    .and_then(|ix| corpus.event(ix).title.as_ref())
                    .map(|t| t.as_str()),
            )
        })
        .collect();
    events.sort_unstable();
    events.dedup_by(|a, b| a.0 == b.0);
    let no_event = claims
        .iter()
        .any(|(c, _)| corpus.claims[c.get()].event.is_none());
    let has_desk = claims
        .iter()
        .any(|(c, _)| corpus.claims[c.get()].desk.is_some());
    let page = Page {
        corpus,
        cx,
        derive,
        listing,
        phrases: Phrases::new(corpus, &sources, cx),
        sources,
        source_place,
        events,
        estimative: estimative_words(),
    };
    let shown = Summary::of(claims.iter().map(|(_, s)| *s));
    let summary_line = listing_summary(&shown, cx.as_of, &listing);
    let head = page.head(&shown, &summary_line, no_event, has_desk, claims.len());
    out.write_all(head.as_bytes())?;

    // First every claim's row, then the script (which draws the first rows while the browser
    // still reads the rest), then the derivations. Each pass renders a batch in parallel while
    // the previous one is written; the second computes each verdict again (cheap beside its
    // derivation) rather than keep them all.
    let rows = |v: &Verdict, out: &mut String| page.row(out, v);
    batches(out, &order, verdict, "class=\"rows\"", &rows)?;
    let tail = format!(
        "</main>\n<footer>Generated by corroborate {} \u{b7} evaluated as of {} (end of day) \u{b7} a self-contained page: it works offline and loads nothing.</footer>\n<script>{SCRIPT}</script>\n",
        env!("CARGO_PKG_VERSION"),
        cx.as_of
    );
    out.write_all(tail.as_bytes())?;
    let more = |v: &Verdict, out: &mut String| page.more(out, v);
    batches(out, &order, verdict, "class=\"more\" id=\"more-", &more)?;
    out.write_all(b"</body>\n</html>\n")
}

/// Writes the claims of `order`, [`BATCH`] at a time, as one `<script type="application/json">`
/// block per batch holding the array of what `each` writes of them. `attrs` are the block's
/// attributes; when they end in an open `id="…-` value, the batch's number closes it. A batch
/// renders in parallel while the previous one is written, so at most two are in memory.
fn batches(
    out: &mut (dyn std::io::Write + Send),
    order: &[usize],
    verdict: &VerdictOf<'_>,
    attrs: &str,
    each: &(dyn Fn(&Verdict, &mut String) + Sync),
) -> std::io::Result<()> {
    let per_claim = super::format::BytesPerClaim::new(1024);
    let render = |batch: &[usize], k: usize| -> String {
        let parts: Vec<String> = batch
            .par_chunks(64)
            .map(|chunk| {
                let mut text = String::with_capacity(per_claim.room(chunk.len()));
                for &i in chunk {
                    text.push(',');
                    each(&verdict(i), &mut text);
                }
                text
            })
            .collect();
        let bytes: usize = parts.iter().map(String::len).sum();
        per_claim.record(bytes, batch.len());
        let mut block = String::with_capacity(bytes + attrs.len() + 64);
        let _ = write!(block, "<script type=\"application/json\" {attrs}");
        if attrs.ends_with('-') {
            let _ = write!(block, "{k}\"");
        }
        block.push_str(">[");
        for (i, part) in parts.iter().enumerate() {
            // Each claim is written after a comma; the block's first has none.
            let skip = usize::from(i == 0).min(part.len());
            block.push_str(&part[skip..]);
        }
        block.push_str("]</script>\n");
        block
    };
    let mut pending = String::new();
    for (k, batch) in order.chunks(BATCH).enumerate() {
        let (rendered, written) = rayon::join(
            || render(batch, k),
            || out.write_all(std::mem::take(&mut pending).as_bytes()),
        );
        written?;
        pending = rendered;
    }
    out.write_all(pending.as_bytes())
}

/// Above this many choices, a filter is a text field with suggestions (`<datalist>`) rather
/// than a `<select>`: a browser lays out every option of a select, which at thousands of
/// sources delays the page by a second.
const SELECT_MAX: usize = 300;

/// A filter field `f-NAME` choosing one of `choices` (value, label), or any (`all`).
fn choice(out: &mut String, name: &str, label: &str, all: &str, choices: &[(String, String)]) {
    if choices.len() <= SELECT_MAX {
        let _ = write!(
            out,
            "<label class=\"field\">{label} <select id=\"f-{name}\" name=\"{name}\"><option value=\"\">{all}</option>"
        );
    } else {
        let _ = write!(
            out,
            "<label class=\"field\">{label} <input type=\"search\" id=\"f-{name}\" name=\"{name}\" list=\"l-{name}\" placeholder=\"{all}\" autocomplete=\"off\"></label><datalist id=\"l-{name}\">"
        );
    }
    for (value, text) in choices {
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            escape(value),
            escape(text)
        );
    }
    out.push_str(if choices.len() <= SELECT_MAX {
        "</select></label>\n"
    } else {
        "</datalist>\n"
    });
}

/// The estimative words in the order of their bands (a claim names its word by its place).
fn estimative_words() -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Vec::new();
    for p in 0..=1000 {
        let w = estimative(f64::from(p) / 1000.0);
        if !words.contains(&w) {
            words.push(w);
        }
    }
    words
}

impl Page<'_> {
    /// Everything before the claims: the head, the filters, the empty table and the `data`
    /// block.
    fn head(
        &self,
        shown: &Summary,
        summary_line: &str,
        no_event: bool,
        has_desk: bool,
        n: usize,
    ) -> String {
        let corpus = self.corpus;
        let mut out = String::with_capacity(16384 + self.sources.len() * 200);
        let _ = writeln!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"corroborate {version}\">\n<title>Claims as of {as_of} \u{2014} corroborate</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>Claims as of {as_of}</h1>\n<p class=\"summary\" id=\"summary\">{summary}</p>",
            version = env!("CARGO_PKG_VERSION"),
            as_of = self.cx.as_of,
            summary = escape(summary_line),
        );
        let legend: Vec<String> = Status::ALL.iter().map(|s| badge(*s)).collect();
        let _ = writeln!(
            out,
            "<p class=\"legend\">{} <span class=\"hint\">\u{b7} Code: Admiralty source reliability (A\u{2013}F) and information credibility (1\u{2013}6) \u{b7} score: the probability the model gives the claim, with its ICD 203 estimative word \u{b7} origins: independent origins supporting / opposing \u{b7} click a column header to sort, a claim\u{2019}s second line to see its evidence and derivation.</span></p>\n</header>",
            legend.join(" ")
        );
        let _ = writeln!(
            out,
            "<main>\n<noscript><p class=\"noscript\"><strong>This page needs JavaScript to show its {n} claim(s).</strong> Their verdicts and derivations are in the page as data; to read them without a script, write the report as Markdown, CSV or JSON (<code>corroborate report CORPUS --format markdown</code>), or see one claim with <code>corroborate explain CLAIM CORPUS</code>.</p></noscript>"
        );
        // Filters, built from the data; hidden until the script runs (they need it).
        out.push_str("<form id=\"filters\" class=\"filters\" hidden aria-label=\"Filter claims\">\n<fieldset><legend>Status</legend>");
        for status in Status::ALL {
            let _ = write!(
                out,
                "<label><input type=\"checkbox\" name=\"status\" value=\"{s}\" checked> <span class=\"sym\" aria-hidden=\"true\">{}</span> {s} ({})</label>",
                symbol(status),
                shown.get(status),
                s = status.as_str()
            );
        }
        out.push_str("</fieldset>\n");
        let mut events: Vec<(String, String)> = self
            .events
            .iter()
            .map(|(id, title)| {
                let label = match title {
                    Some(t) => format!("{id} \u{2014} {t}"),
                    None => (*id).to_owned(),
                };
                ((*id).to_owned(), label)
            })
            .collect();
        if no_event {
            events.push(("(none)".into(), "(no event)".into()));
        }
        choice(&mut out, "event", "Event", "all events", &events);
        let sources: Vec<(String, String)> = self
            .sources
            .iter()
            .map(|&s| {
                let source = corpus.source(s);
                let id = source.id.as_str();
                let label = match &source.name {
                    Some(name) => format!("{id} \u{2014} {}", name.as_str()),
                    None => id.to_owned(),
                };
                (id.to_owned(), label)
            })
            .collect();
        choice(&mut out, "source", "Source", "all sources", &sources);
        // The desk filter, only when some claim has the desk's verdict.
        if has_desk {
            out.push_str("<label class=\"field\">Desk <select id=\"f-desk\" name=\"desk\"><option value=\"\">any desk verdict</option><option value=\"disagrees\">the desk disagrees</option><option value=\"agrees\">the desk agrees</option><option value=\"none\">no desk verdict</option></select></label>\n");
        }
        let _ = writeln!(
            out,
            "<label class=\"field\">Search <input type=\"search\" id=\"f-text\" name=\"q\" placeholder=\"id or text\"></label>\n<button type=\"button\" id=\"f-reset\">Reset</button> <button type=\"button\" id=\"f-expand\" aria-describedby=\"expand-note\">Expand all</button> <button type=\"button\" id=\"f-collapse\">Collapse all</button> <span class=\"hint\" id=\"expand-note\">expands at most the first {EXPAND_MAX} claims shown</span>\n</form>"
        );
        let _ = writeln!(
            out,
            "<p class=\"shown\" id=\"shown\" aria-live=\"polite\">{n} of {n} claims shown</p>\n<p class=\"print-note\" id=\"print-note\" hidden></p>"
        );
        let _ = write!(
            out,
            "<table id=\"claims\" class=\"claims\" aria-rowcount=\"{}\" aria-describedby=\"shown\">\n<thead><tr aria-rowindex=\"1\">",
            n + 1
        );
        for (key, label, kind) in [
            ("id", "Claim", "str"),
            ("text", "Text", "str"),
            ("status", "Status", "num"),
            ("code", "Code", "str"),
            ("score", "Score", "num"),
            ("origins", "Origins +/\u{2212}", "num"),
            ("rules", "Rules", "num"),
        ] {
            // Claims in a given order (`--sort status|score`) are sorted by no one column.
            let sort = if key == "id" && !self.listing.given_order {
                " aria-sort=\"ascending\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "<th scope=\"col\" data-key=\"{key}\" data-type=\"{kind}\"{sort}><button type=\"button\">{label}</button></th>"
            );
        }
        out.push_str("</tr></thead>\n<tbody id=\"pad-top\" class=\"pad\" aria-hidden=\"true\"><tr><td colspan=\"7\"></td></tr></tbody>\n<tbody id=\"pad-bottom\" class=\"pad\" aria-hidden=\"true\"><tr><td colspan=\"7\"></td></tr></tbody>\n</table>\n");
        if n == 0 {
            out.push_str("<p class=\"muted\">No claims match.</p>\n");
        }
        // The tables every claim refers to.
        out.push_str("<script type=\"application/json\" id=\"data\">{\"given_order\":");
        out.push_str(if self.listing.given_order {
            "true"
        } else {
            "false"
        });
        let _ = write!(
            out,
            ",\"claims\":{n},\"batch\":{BATCH},\"all_rows\":{ALL_ROWS},\"expand_max\":{EXPAND_MAX},\"print_max\":{PRINT_MAX},\"statuses\":["
        );
        for (i, s) in Status::ALL.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('[');
            json_string(&mut out, s.as_str());
            out.push(',');
            json_string(&mut out, symbol(*s));
            out.push(']');
        }
        out.push_str("],\"estimative\":[");
        for (i, w) in self.estimative.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_string(&mut out, w);
        }
        out.push_str("],\"grades\":{");
        for (i, g) in crate::model::Reliability::ALL.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_string(&mut out, g.as_str());
            out.push(':');
            json_string(&mut out, g.meaning());
        }
        out.push_str("},\"credibility\":[");
        for n in 0..=6u8 {
            if n > 0 {
                out.push(',');
            }
            json_string(&mut out, if n == 0 { "" } else { credibility_words(n) });
        }
        // Sources: [id, name, "kind · grade (meaning)", web url or null].
        out.push_str("],\"sources\":[");
        for (i, &s) in self.sources.iter().enumerate() {
            let source = corpus.source(s);
            if i > 0 {
                out.push(',');
            }
            out.push('[');
            json_string(&mut out, source.id.as_str());
            out.push(',');
            json_opt(&mut out, source.name.as_ref().map(|n| n.as_str()));
            out.push(',');
            json_string(
                &mut out,
                &format!(
                    "{} \u{b7} {} ({})",
                    source.kind.value,
                    source.reliability.value,
                    source.reliability.value.meaning()
                ),
            );
            out.push(',');
            json_opt(
                &mut out,
                source.url.as_ref().and_then(|u| web_url(u.as_str())),
            );
            out.push(']');
        }
        out.push_str("],\"events\":[");
        for (i, (id, title)) in self.events.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('[');
            json_string(&mut out, id);
            out.push(',');
            json_opt(&mut out, *title);
            out.push(']');
        }
        out.push_str("],\"phrases\":[");
        for (i, p) in self.phrases.table.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_string(&mut out, p);
        }
        out.push_str("]}</script>\n");
        out
    }

    /// One claim's row: `[id, text, status, code, score, score shown, estimative, supporting,
    /// opposing, event, [sources], [[rule, severity]], desk, flags, question, items]`, where
    /// status, estimative, event and sources are places in the `data` block's tables, desk is
    /// `0` (no desk table) or `[status or -1, disagrees]`, and flags are 1 (publish) + 2
    /// (rating).
    fn row(&self, out: &mut String, v: &Verdict) {
        let corpus = self.corpus;
        let claim = &corpus.claims[v.claim.get()];
        out.push('[');
        json_string(out, claim.id.as_str());
        out.push(',');
        json_string(out, claim.text.as_str());
        let est = estimative(v.score);
        let est = self.estimative.iter().position(|w| *w == est).unwrap_or(0);
        let _ = write!(
            out,
            ",{},\"{}\",{},\"{:.2}\",{est},{},{},",
            rank(v.status),
            v.code(),
            super::round4(v.score),
            crate::util::text::Decimal(v.score),
            v.supporting_origins,
            v.opposing_origins
        );
        let event = claim.event.as_ref().and_then(|e| {
            self.events
                .binary_search_by(|x| x.0.cmp(e.id.as_str()))
                .ok()
        });
        match event {
            Some(i) => {
                let _ = write!(out, "{i}");
            }
            None => out.push_str("-1"),
        }
        out.push_str(",[");
        let mut cited: Vec<u32> = claim
            .evidence
            .iter()
            .filter_map(|e| e.source.target)
            .map(|s| self.source_place[s.get()])
            .filter(|&k| k != u32::MAX)
            .collect();
        cited.sort_unstable();
        cited.dedup();
        for (i, k) in cited.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{k}");
        }
        out.push_str("],[");
        for (i, f) in v.findings.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('[');
            json_string(out, f.rule);
            out.push(',');
            json_string(out, &f.severity.to_string());
            out.push(']');
        }
        out.push_str("],");
        match DeskView::of(corpus, v) {
            Some(d) => {
                let status = d.status.map_or(-1, |s| rank(s) as i64);
                let _ = write!(out, "[{status},{}]", u8::from(d.disagrees()));
            }
            None => out.push('0'),
        }
        let flags = u8::from(claim.publish) + 2 * u8::from(claim.rating);
        let _ = write!(out, ",{flags},");
        json_opt(out, claim.question.as_ref().map(|q| q.as_str()));
        let _ = write!(out, ",{}]", v.items.len());
    }

    /// One claim's derivation: `[pieces, links]`, the `explain` text (without its first two
    /// lines, the id and text the row shows) as [`Phrases::encode`] pieces, and per evidence
    /// item with a web link `[source, label, url or null, archived url or null]`.
    fn more(&self, out: &mut String, v: &Verdict) {
        let corpus = self.corpus;
        let claim = &corpus.claims[v.claim.get()];
        let derivation = (self.derive)(v);
        let words = |s: SourceIx| self.phrases.of(s);
        let fixed = &self.phrases.table[..self.phrases.fixed];
        let marked = super::derivation::render_with(corpus, v, &derivation, self.cx, fixed, &words);
        let text = marked.text.as_str();
        let head = format!(
            "{}\n  \"{}\"\n",
            claim.id.value,
            terminal_safe(claim.text.as_str())
        );
        let start = if text.starts_with(head.as_str()) {
            head.len()
        } else {
            0
        };
        let end = start + text[start..].trim_end().len();
        out.push('[');
        self.phrases.encode(out, text, start..end, &marked.marks);
        out.push_str(",[");
        let mut first = true;
        for (item, e) in super::view::canonical_items(corpus, v) {
            let links = Links::of(corpus, e);
            let url = links.url.and_then(web_url);
            let archive = links.archive_url.and_then(web_url);
            if url.is_none() && archive.is_none() {
                continue;
            }
            if !std::mem::take(&mut first) {
                out.push(',');
            }
            out.push('[');
            json_string(out, corpus.source(item.source).id.as_str());
            out.push(',');
            let label = links
                .document
                .and_then(|d| d.title.as_ref())
                .map(|t| t.as_str())
                .or(links.url)
                .unwrap_or("archived copy");
            json_string(out, label);
            out.push(',');
            json_opt(out, url);
            out.push(',');
            json_opt(out, archive);
            out.push(']');
        }
        out.push_str("]]");
    }
}

/// The HTML page.
pub struct Html;

/// The HTML page.
pub static HTML: Html = Html;

impl super::format::Format for Html {
    fn name(&self) -> &'static str {
        "html"
    }
    fn summary(&self) -> &'static str {
        "One self-contained HTML file: rows drawn from embedded data, filters, each claim's derivation."
    }
    fn write(
        &self,
        doc: &super::format::Doc<'_>,
        out: &mut (dyn std::io::Write + Send),
    ) -> std::io::Result<()> {
        // Each claim's verdict only while its batch renders, as the JSON report does.
        let claims: Vec<(ClaimIx, Status)> = doc
            .claims
            .iter()
            .map(|&c| (c, doc.assessment.outcomes[c.get()].status))
            .collect();
        let verdict = |i: usize| Cow::Owned(doc.judge.verdict(doc.claims[i]));
        let derive = |v: &Verdict| doc.judge.derive(v);
        write(
            doc.corpus,
            &claims,
            &verdict,
            &derive,
            doc.judge.context(),
            doc.options.listing,
            out,
        )
    }
}

const STYLE: &str = r#"
:root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa;
--confirmed:#1a7f37;--confirmed-bg:#dafbe1;--corroborated:#0969da;--corroborated-bg:#ddf4ff;
--unconfirmed:#7d4e00;--unconfirmed-bg:#fff8c5;--contested:#8250df;--contested-bg:#fbefff;
--refuted:#b42318;--refuted-bg:#ffebe9}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;padding:1.25rem 1.75rem 2rem;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;color:var(--fg);background:#fff}
h1{font-size:1.45rem;margin:0 0 .2rem}
code,pre{font-family:ui-monospace,"SFMono-Regular","DejaVu Sans Mono",Menlo,Consolas,monospace}
code{font-size:.92em}
.summary{font-size:1.02rem;margin:.2rem 0 .3rem}
.legend{color:var(--muted);margin:0 0 .9rem;font-size:.9rem}
.legend .badge{font-size:.85em}
.filters{display:flex;flex-wrap:wrap;gap:.6rem 1.4rem;align-items:center;padding:.6rem .9rem;background:var(--head);border:1px solid var(--line);border-radius:6px;margin:0 0 .6rem}
.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .7rem;align-items:center}
.filters legend{float:left;font-weight:600;margin-right:.4rem;padding:0}
.filters label{white-space:nowrap}
.filters .field{font-weight:600}
.filters select,.filters input[type=search]{font:inherit;font-weight:400;max-width:18rem;margin-left:.3rem;padding:.15rem .3rem}
.filters button{font:inherit;padding:.15rem .6rem;cursor:pointer}
.shown{margin:.2rem 0 .6rem;color:var(--muted)}
table.claims{width:100%;border-collapse:collapse}
table.claims>thead th{position:sticky;top:0;z-index:1;background:var(--head);text-align:left;border-bottom:2px solid var(--fg);padding:0;white-space:nowrap}
table.claims>thead th button{font:inherit;font-weight:600;color:inherit;background:none;border:0;padding:.5rem .45rem;width:100%;text-align:left;cursor:pointer}
table.claims>thead th button::after{content:" \2195";color:var(--muted);font-weight:400}
table.claims>thead th[aria-sort=ascending] button::after{content:" \25B2";color:inherit}
table.claims>thead th[aria-sort=descending] button::after{content:" \25BC";color:inherit}
table.claims>tbody>tr>td{padding:.45rem .45rem;vertical-align:top}
table.claims>tbody>tr.main>td{border-top:1px solid var(--line)}
table.claims>tbody>tr>td:first-child{border-left:6px solid var(--line);padding-left:.6rem}
table.claims>tbody.st-confirmed>tr>td:first-child{border-left:6px solid var(--confirmed)}
table.claims>tbody.st-corroborated>tr>td:first-child{border-left:6px double var(--corroborated)}
table.claims>tbody.st-unconfirmed>tr>td:first-child{border-left:6px dashed var(--unconfirmed)}
table.claims>tbody.st-contested>tr>td:first-child{border-left:6px dotted var(--contested)}
table.claims>tbody.st-refuted>tr>td:first-child{border-left:9px solid var(--refuted)}
table.claims>tbody.claim:hover>tr>td{background:#f6f8fa}
td.c-id{min-width:13rem}
td.c-id .id{font-weight:600;word-break:break-all}
td.c-text{max-width:34rem}
td.num{white-space:nowrap}
.meta,.muted{color:var(--muted);font-size:.86em}
.publish{display:inline-block;font-size:.75em;font-weight:600;text-transform:uppercase;letter-spacing:.03em;border:1px solid var(--fg);border-radius:3px;padding:0 .3em;vertical-align:1px}
.badge{display:inline-block;white-space:nowrap;padding:.05em .5em;border-radius:4px;border:2px solid;line-height:1.4}
.badge .sym{display:inline-block;min-width:1em;text-align:center}
.badge.confirmed{color:var(--confirmed);background:var(--confirmed-bg);border-style:solid;font-weight:700}
.badge.corroborated{color:var(--corroborated);background:var(--corroborated-bg);border-style:double;border-width:3px;font-weight:600}
.badge.unconfirmed{color:var(--unconfirmed);background:#fff;border-style:dashed;font-weight:400}
.badge.contested{color:var(--contested);background:repeating-linear-gradient(135deg,var(--contested-bg) 0 5px,#fff 5px 10px);border-style:dotted;font-weight:600;font-style:italic}
.badge.refuted{color:#fff;background:var(--refuted);border-style:solid;border-color:var(--refuted);font-weight:700}
abbr{text-decoration:none;border-bottom:1px dotted var(--muted);font-weight:600}
ul.rules{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem}
li.rule{font-size:.8em;font-family:ui-monospace,"DejaVu Sans Mono",monospace;border:1px solid var(--line);border-radius:3px;padding:0 .35em;background:#fff;cursor:help}
li.rule.sev-warning{border-color:var(--unconfirmed);border-style:dashed;font-weight:600}
li.rule.sev-error{border-color:var(--refuted);border-width:2px;font-weight:700}
tr.more>td{padding-top:0!important}
details>summary{cursor:pointer;color:var(--muted);font-size:.86em;width:max-content}
details[open]>summary{margin-bottom:.4rem}
.detail{padding:.2rem 0 .6rem}
.reason{margin:.2rem 0 .5rem}
table.evidence{border-collapse:collapse;width:100%;font-size:.9em;margin:0 0 .6rem}
table.evidence th,table.evidence td{border:1px solid var(--line);padding:.3rem .4rem;vertical-align:top;text-align:left}
table.evidence th{background:var(--head)}
.sup{color:var(--confirmed);font-weight:600}
.opp{color:var(--refuted);font-weight:600}
.neutral{color:var(--muted)}
.url{word-break:break-all;font-size:.86em}
.links{font-size:.86em}
.desk{display:inline-block;margin-top:.25rem;font-size:.86em;white-space:nowrap}
.disagree{display:inline-block;margin-top:.25rem;border:2px dashed var(--fg);border-radius:3px;padding:0 .35em;font-weight:700}
q{font-style:italic}
pre.explain{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--head);border:1px solid var(--line);border-radius:4px;padding:.7rem .8rem;margin:0;font-size:12px;line-height:1.45}
footer{margin-top:1.2rem;color:var(--muted);font-size:.85em}
table.claims>tbody.pad>tr>td{padding:0!important;border:0!important}
.noscript{padding:.6rem .9rem;border:2px dashed var(--fg);border-radius:6px;max-width:60rem}
.print-note{font-weight:600}
.filters .hint{color:var(--muted);font-size:.86em}
p.links{margin:.2rem 0 .5rem;font-size:.9em}
@media print{
@page{margin:1.2cm}
body{padding:0;font-size:9.5pt;color:#000;background:#fff}
*{color:#000!important;box-shadow:none!important;text-shadow:none!important}
.filters,.legend .hint{display:none!important}
table.claims>thead{display:table-header-group}
table.claims>thead th{position:static;background:#fff!important;border-bottom:2px solid #000}
table.claims>thead th button::after{content:""!important}
tbody.claim:hover>tr>td,table.evidence th,pre.explain{background:#fff!important}
table.claims>tbody>tr>td:first-child{border-left-color:#000!important}
tr.main{break-inside:avoid;break-after:avoid}
table.claims{table-layout:fixed}
td.c-id{min-width:0}
td.c-text{max-width:none}
th[data-key=id]{width:21%}th[data-key=text]{width:31%}th[data-key=status]{width:13%}th[data-key=code]{width:6%}
th[data-key=score]{width:10%}th[data-key=origins]{width:7%}th[data-key=rules]{width:12%}
li.rule{font-size:.75em}
.badge{background:#fff!important;border-color:#000!important}
.badge.refuted{border-width:3px}
details>summary{display:none}
details::details-content{content-visibility:visible;display:block}
details:not([open])>.detail{display:block}
a.url::after{content:""}
pre.explain{border:1px solid #000;font-size:8pt}
}
"#;

const SCRIPT: &str = r#"
(function () {
  'use strict';
  // When the script started and (below) when the first rows were drawn, in ms since the page
  // was opened: scripts/html-check.sh reads them.
  document.documentElement.setAttribute('data-start', String(Math.round(performance.now())));
  var table = document.getElementById('claims');
  var form = document.getElementById('filters');
  var shown = document.getElementById('shown');
  var dataEl = document.getElementById('data');
  if (!table || !form || !shown || !dataEl) { return; }
  var meta = JSON.parse(dataEl.textContent);
  var mark = function (name) { document.documentElement.setAttribute('data-' + name, String(Math.round(performance.now()))); };
  // Row fields (see the writer: html.rs, Page::row).
  var ID = 0, TEXT = 1, ST = 2, CODE = 3, SCORE = 4, SCORE2 = 5, EST = 6, SUP = 7, OPP = 8,
    EV = 9, SRC = 10, RULES = 11, DESK = 12, FLAGS = 13, QUESTION = 14, ITEMS = 15;
  var rows = [];
  Array.prototype.forEach.call(document.querySelectorAll('script.rows'), function (el, k) {
    var list = JSON.parse(el.textContent);
    for (var j = 0; j < list.length; j += 1) { rows.push({ d: list[j], b: k, j: j, i: rows.length, lc: null }); }
  });
  mark('parsed');
  var statuses = meta.statuses.map(function (s) { return s[0]; });
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="status"]'));
  var eventSelect = document.getElementById('f-event');
  var sourceSelect = document.getElementById('f-source');
  // Only present when some claim has the desk's verdict.
  var deskSelect = document.getElementById('f-desk');
  var search = document.getElementById('f-text');
  var printNote = document.getElementById('print-note');
  var padTop = document.getElementById('pad-top');
  var padBottom = document.getElementById('pad-bottom');
  var heads = Array.prototype.slice.call(table.tHead.querySelectorAll('th[data-key]'));
  var sourceIndex = Object.create(null);
  meta.sources.forEach(function (s, k) { sourceIndex[s[0]] = k; });
  var eventIndex = Object.create(null);
  meta.events.forEach(function (e, k) { eventIndex[e[0]] = k; });
  var defaultKey = meta.given_order ? '' : 'id';
  var sortKey = defaultKey;
  var sortDesc = false;
  var view = rows;          // the claims shown, in the order shown
  var open = {};            // row number -> true: the claims whose derivation is open
  var heights = [];         // row number -> measured height in px
  var average = 72;
  var printing = false;
  var blocks = {};          // more-block number -> parsed claims (a few kept)
  var blockOrder = [];
  var collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  form.hidden = false;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i += 1) {
      var c = arguments[i];
      if (c === null || c === undefined) { continue; }
      parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return parent;
  }
  // A link is made only of a web address (the writer gives no other; this checks again).
  // Spelled so that the script names no scheme a test could mistake for an address.
  function webUrl(u) { return typeof u === 'string' && /^[h][t][t][p][s]?:\/\//i.test(u) && !/[\s\u0000-\u001f]/.test(u); }
  function link(text, url) {
    if (!webUrl(url)) { return el('span', { 'class': 'url' }, text); }
    return el('a', { 'class': 'url', href: url, rel: 'noopener noreferrer external', target: '_blank' }, text);
  }
  function badge(st) {
    var s = meta.statuses[st];
    return add(el('span', { 'class': 'badge ' + s[0] }), el('span', { 'class': 'sym', 'aria-hidden': 'true' }, s[1]), ' ' + s[0]);
  }
  // The derivations come after this script in the page: while the browser still reads them,
  // a claim opened shows that it is loading, and is filled in once the page has loaded.
  var loading = document.readyState === 'loading';
  if (loading) {
    document.addEventListener('DOMContentLoaded', function () { loading = false; draw(true); });
  }
  function more(r) {
    var k = r.b;
    if (!blocks[k]) {
      var script = document.getElementById('more-' + k);
      if (!script && loading) { return null; }
      blocks[k] = script ? JSON.parse(script.textContent) : [];
      blockOrder.push(k);
      if (blockOrder.length > 4) { delete blocks[blockOrder.shift()]; }
    }
    return blocks[k][r.j] || [[], []];
  }
  function fillDetail(r, div) {
    if (div.getAttribute('data-filled')) { return; }
    var m = more(r);
    if (m === null) {
      div.textContent = 'The derivation is still loading\u2026';
      return;
    }
    div.textContent = '';
    div.setAttribute('data-filled', '1');
    var text = m[0].map(function (p) { return typeof p === 'number' ? meta.phrases[p] : p; }).join('');
    var d = r.d;
    var links = el('p', { 'class': 'links' });
    var any = false;
    d[SRC].forEach(function (k) {
      var s = meta.sources[k];
      if (s && s[3]) {
        add(links, any ? ' \u00b7 ' : 'Sources\u2019 pages: ', el('code', null, s[0]), ' ', link(s[3], s[3]));
        any = true;
      }
    });
    if (any) { div.appendChild(links); }
    if (m[1].length) {
      var ev = el('p', { 'class': 'links' }, 'Read in: ');
      m[1].forEach(function (l, n) {
        add(ev, n ? ' \u00b7 ' : null, el('code', null, l[0]), ' ');
        if (l[2]) { add(ev, link(l[1], l[2])); }
        if (l[3]) { add(ev, l[2] ? ' (' : '', link('archived copy', l[3]), l[2] ? ')' : ''); }
      });
      div.appendChild(ev);
    }
    div.appendChild(el('pre', { 'class': 'explain' }, text));
  }
  function claimBody(r, pos) {
    var d = r.d;
    var st = statuses[d[ST]];
    var desk = d[DESK];
    var cls = 'claim st-' + st + (desk && desk[1] ? ' desk-disagrees' : '');
    var body = el('tbody', { 'class': cls, 'data-id': d[ID], 'data-status': st, 'data-k-score': d[SCORE].toFixed(4), 'data-row': String(r.i) });
    var tr = el('tr', { 'class': 'main', 'aria-rowindex': String(pos + 2) });
    var first = add(el('td', { 'class': 'c-id' }), el('code', { 'class': 'id' }, d[ID]));
    if (d[FLAGS] & 2) {
      add(first, ' ', el('span', { 'class': 'publish', title: 'the desk publishes this claim as a rating' }, 'rating'));
    } else if (d[FLAGS] & 1) {
      add(first, ' ', el('span', { 'class': 'publish', title: 'the desk intends to publish this claim' }, 'publish'));
    }
    if (d[EV] >= 0) {
      var e = meta.events[d[EV]];
      var span = add(el('span', e[1] ? { 'class': 'meta', title: e[1] } : { 'class': 'meta' }), 'event ', el('code', null, e[0]));
      add(first, el('br'), span);
    }
    if (d[QUESTION] !== null) { add(first, el('br'), add(el('span', { 'class': 'meta' }, 'answers '), el('code', null, d[QUESTION]))); }
    var status = add(el('td', { 'class': 'c-status' }), badge(d[ST]));
    if (desk) {
      add(status, el('br'), add(el('span', { 'class': 'desk' }, 'desk '), desk[0] >= 0 ? badge(desk[0]) : el('span', { 'class': 'muted' }, 'no status')));
      if (desk[1]) {
        add(status, el('br'), add(el('strong', { 'class': 'disagree' }), el('span', { 'aria-hidden': 'true' }, '\u2260'), ' desk disagrees'));
      }
    }
    var grade = d[CODE].charAt(0), cred = Number(d[CODE].slice(1));
    var rules = el('td', { 'class': 'c-rules' });
    if (d[RULES].length) {
      var ul = el('ul', { 'class': 'rules' });
      d[RULES].forEach(function (f) { ul.appendChild(el('li', { 'class': 'rule sev-' + f[1], title: f[1] + ' (see the derivation for why)' }, f[0])); });
      rules.appendChild(ul);
    } else {
      rules.appendChild(el('span', { 'class': 'muted' }, '\u2014'));
    }
    add(tr, first,
      el('td', { 'class': 'c-text', dir: 'auto' }, d[TEXT]),
      status,
      add(el('td', { 'class': 'c-code' }), el('abbr', { title: 'source reliability ' + grade + ' (' + (meta.grades[grade] || '') + '); information credibility ' + cred + ' (' + (meta.credibility[cred] || '') + ')' }, d[CODE])),
      add(el('td', { 'class': 'c-score num' }), el('strong', null, d[SCORE2]), el('br'), el('span', { 'class': 'meta' }, meta.estimative[d[EST]])),
      el('td', { 'class': 'c-origins num', title: 'independent origins supporting / opposing' }, '+' + d[SUP] + ' / \u2212' + d[OPP]),
      rules);
    var details = el('details');
    var detail = el('div', { 'class': 'detail' });
    add(details, el('summary', null, 'Evidence (' + d[ITEMS] + ') and how the verdict was reached'), detail);
    if (open[r.i] || printing) { details.open = true; fillDetail(r, detail); }
    details.addEventListener('toggle', function () {
      if (details.open) { fillDetail(r, detail); }
      if (printing) { return; }
      if (details.open) { open[r.i] = true; } else { delete open[r.i]; }
      // The row's height changed: measure again, without redrawing (focus stays put).
      schedule();
    });
    add(body, tr, add(el('tr', { 'class': 'more' }), add(el('td', { colspan: '7' }), details)));
    return body;
  }
  function height(r) { return heights[r.i] || average; }
  function pad(tbody, px) {
    var td = tbody.rows[0].cells[0];
    td.style.height = px + 'px';
    td.style.padding = '0';
    td.style.border = '0';
  }
  var drawn = [];
  var drawnView = null, drawnStart = -1, drawnEnd = -1;
  // Draws the shown claims in view (all of them when few are shown, or when printing); the
  // same rows as last time are kept, not rebuilt, unless `force`.
  function draw(force) {
    var all = printing || view.length <= meta.all_rows;
    var start = 0, end = view.length, top = 0, bottom = 0, i;
    if (!all) {
      var origin = padTop.getBoundingClientRect().top + window.pageYOffset;
      var margin = window.innerHeight;
      var from = window.pageYOffset - origin - margin;
      var to = window.pageYOffset - origin + window.innerHeight + margin;
      var y = 0;
      for (i = 0; i < view.length && y + height(view[i]) < from; i += 1) { y += height(view[i]); }
      start = i;
      top = y;
      for (; i < view.length && y < to; i += 1) { y += height(view[i]); }
      end = i;
      for (; i < view.length; i += 1) { y += height(view[i]); }
      bottom = y - top;
    }
    if (force || view !== drawnView || start !== drawnStart || end !== drawnEnd) {
      drawn.forEach(function (b) { b.parentNode.removeChild(b); });
      drawn = [];
      var frag = document.createDocumentFragment();
      for (i = start; i < end; i += 1) {
        var b = claimBody(view[i], i);
        drawn.push(b);
        frag.appendChild(b);
      }
      table.insertBefore(frag, padBottom);
      drawnView = view;
      drawnStart = start;
      drawnEnd = end;
    }
    // Measure what was drawn, so the space the rest take is estimated better.
    var drawnHeight = 0;
    drawn.forEach(function (b) {
      var h = b.getBoundingClientRect().height;
      heights[Number(b.getAttribute('data-row'))] = h;
      drawnHeight += h;
    });
    if (drawn.length) { average = Math.max(24, drawnHeight / drawn.length); }
    if (!all) {
      var rest = 0;
      for (i = end; i < view.length; i += 1) { rest += height(view[i]); }
      bottom = rest;
    }
    pad(padTop, top);
    pad(padBottom, bottom);
    table.setAttribute('aria-rowcount', String(view.length + 1));
  }
  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; draw(false); });
  }
  window.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule);

  function checkedStatuses() {
    return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
  }
  // A filter is a <select>, or a text field with a <datalist> of suggestions when there are
  // many choices; either way its value is one of the choices or empty.
  function hasOption(field, value) {
    if (value === '') { return true; }
    if (field.tagName === 'SELECT') {
      return Array.prototype.some.call(field.options, function (o) { return o.value === value; });
    }
    return field === sourceSelect ? sourceIndex[value] !== undefined : (value === '(none)' || eventIndex[value] !== undefined);
  }
  function lower(r) {
    if (r.lc === null) { r.lc = (r.d[ID] + ' ' + r.d[TEXT]).toLowerCase(); }
    return r.lc;
  }
  function key(r) {
    var d = r.d;
    switch (sortKey) {
      case 'text': return d[TEXT];
      case 'status': return d[ST];
      case 'code': return d[CODE];
      case 'score': return d[SCORE];
      case 'origins': return d[SUP] - d[OPP];
      case 'rules': return d[RULES].length;
      default: return d[ID];
    }
  }
  var sorted = rows;
  function sortRows(k, desc) {
    var th = heads.filter(function (h) { return h.getAttribute('data-key') === k; })[0];
    if (!th) { k = defaultKey; desc = false; }
    sortKey = k;
    sortDesc = desc;
    if (k === defaultKey && !desc) {
      sorted = rows;
    } else if (k === 'id' && !meta.given_order) {
      sorted = rows.slice().reverse();
    } else {
      var numeric = th.getAttribute('data-type') === 'num';
      var keys = rows.map(key);
      sorted = rows.slice().sort(function (a, b) {
        var x = keys[a.i], y = keys[b.i], c;
        if (numeric) { c = x - y; } else if (k === 'id') { c = x < y ? -1 : (x > y ? 1 : 0); } else { c = collator.compare(x, y); }
        if (desc) { c = -c; }
        if (c === 0) { c = a.i - b.i; }
        return c;
      });
    }
    heads.forEach(function (h) {
      if (h === th) { h.setAttribute('aria-sort', desc ? 'descending' : 'ascending'); } else { h.removeAttribute('aria-sort'); }
    });
  }
  function apply() {
    var want = checkedStatuses();
    var ok = statuses.map(function (s) { return want.indexOf(s) >= 0; });
    var ev = eventSelect.value;
    // A text field's value that is no choice (yet) filters nothing.
    var evIx = ev === '' || !hasOption(eventSelect, ev) ? -2 : (ev === '(none)' ? -1 : eventIndex[ev]);
    var src = sourceSelect.value === '' || !hasOption(sourceSelect, sourceSelect.value) ? -1 : sourceIndex[sourceSelect.value];
    var desk = deskSelect ? deskSelect.value : '';
    var q = search.value.trim().toLowerCase();
    // Mirror the state in the markup too, so a saved or dumped page shows the same view.
    boxes.forEach(function (b) { b.defaultChecked = b.checked; });
    view = sorted.filter(function (r) {
      var d = r.d;
      if (!ok[d[ST]]) { return false; }
      if (evIx !== -2 && d[EV] !== evIx) { return false; }
      if (src >= 0 && d[SRC].indexOf(src) < 0) { return false; }
      if (desk !== '') {
        var dk = d[DESK] === 0 ? 'none' : (d[DESK][1] ? 'disagrees' : 'agrees');
        if (dk !== desk) { return false; }
      }
      return q === '' || lower(r).indexOf(q) >= 0;
    });
    shown.textContent = view.length + ' of ' + rows.length + ' claims shown';
    draw(true);
  }
  function writeHash() {
    var p = new URLSearchParams();
    var st = checkedStatuses();
    if (st.length !== boxes.length) { p.set('status', st.join(',')); }
    if (eventSelect.value) { p.set('event', eventSelect.value); }
    if (sourceSelect.value) { p.set('source', sourceSelect.value); }
    if (deskSelect && deskSelect.value) { p.set('desk', deskSelect.value); }
    if (search.value) { p.set('q', search.value); }
    if (sortKey !== defaultKey || sortDesc) { p.set('sort', (sortDesc ? '-' : '') + sortKey); }
    var s = p.toString();
    try {
      history.replaceState(null, '', s ? '#' + s : location.pathname + location.search);
    } catch (e) { /* some browsers refuse on file: pages; the view still works */ }
  }
  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ''));
    var want = p.has('status') ? p.get('status').split(',') : null;
    boxes.forEach(function (b) { b.checked = want === null || want.indexOf(b.value) >= 0; });
    var ev = p.get('event') || '';
    eventSelect.value = hasOption(eventSelect, ev) ? ev : '';
    var src = p.get('source') || '';
    sourceSelect.value = hasOption(sourceSelect, src) ? src : '';
    if (deskSelect) {
      var dk = p.get('desk') || '';
      deskSelect.value = hasOption(deskSelect, dk) ? dk : '';
    }
    search.value = p.get('q') || '';
    var sort = p.get('sort') || defaultKey;
    var desc = sort.charAt(0) === '-';
    sortRows(desc ? sort.slice(1) : sort, desc);
    apply();
  }
  function changed() { apply(); writeHash(); }
  var typing = null;
  form.addEventListener('change', changed);
  form.addEventListener('input', function () {
    // Searching a large report waits for a pause in typing.
    if (typing) { clearTimeout(typing); }
    typing = setTimeout(changed, rows.length > 20000 ? 200 : 0);
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  document.getElementById('f-reset').addEventListener('click', function () {
    boxes.forEach(function (b) { b.checked = true; });
    eventSelect.value = '';
    sourceSelect.value = '';
    if (deskSelect) { deskSelect.value = ''; }
    search.value = '';
    sortRows(defaultKey, false);
    changed();
  });
  document.getElementById('f-expand').addEventListener('click', function () {
    view.slice(0, meta.expand_max).forEach(function (r) { open[r.i] = true; });
    draw(true);
  });
  document.getElementById('f-collapse').addEventListener('click', function () { open = {}; draw(true); });
  heads.forEach(function (th) {
    th.querySelector('button').addEventListener('click', function () {
      var k = th.getAttribute('data-key');
      var desc = k === sortKey ? !sortDesc : th.getAttribute('data-type') === 'num';
      sortRows(k, desc);
      apply();
      writeHash();
    });
  });
  window.addEventListener('hashchange', readHash);
  window.addEventListener('beforeprint', function () {
    if (view.length <= meta.print_max) {
      printing = true;
      printNote.hidden = true;
      draw(true);
    } else {
      printNote.textContent = 'This printout holds the claims on screen only: ' + view.length + ' are shown, and a printout holds every shown claim only when there are at most ' + meta.print_max + '. Filter the claims to print them all.';
      printNote.hidden = false;
    }
  });
  window.addEventListener('afterprint', function () {
    printNote.hidden = true;
    if (printing) { printing = false; draw(true); }
  });
  readHash();
  document.documentElement.setAttribute('data-ready', String(Math.round(performance.now())));
}());
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_quotes_and_controls() {
        assert_eq!(
            escape("<a href='x'>\"&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(escape("x\u{1b}[2J\u{202E}y"), "x\\u{1b}[2J\\u{202e}y");
    }

    /// A JSON string in the page cannot end its `<script>` or open a comment, and still means
    /// the same text (with controls made visible) to a JSON parser.
    #[test]
    fn json_strings_are_inert_in_a_script() {
        let hostile =
            "</script><script>alert(1)</script><!-- & \u{2028}\u{2029} \"q\" \\ \n\t\u{1}\u{202e}é";
        let mut out = String::new();
        json_string(&mut out, hostile);
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}", "\u{1}", "\u{202e}"] {
            assert!(!out.contains(bad), "{bad:?} in {out}");
        }
        let back: String = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(back, terminal_safe(hostile));
    }

    /// Joining a derivation's pieces, phrases looked up, gives the text back exactly, also
    /// where phrases overlap or sit inside corpus text.
    #[test]
    fn phrase_pieces_join_to_the_text() {
        let phrases = Phrases {
            table: vec!["AB".into(), "CD\n".into(), "src".into(), "trust".into()],
            fixed: 2,
            of_source: vec![2],
        };
        let source = Mark::Source(SourceIx(0), 1);
        let text = "xxABCD\nyy trust\n";
        let marks = [(2, Mark::Fixed(0)), (4, Mark::Fixed(1)), (10, source)];
        let join = |range: std::ops::Range<usize>, marks: &[(usize, Mark)]| -> (String, usize) {
            let mut out = String::new();
            phrases.encode(&mut out, text, range, marks);
            let pieces: Vec<serde_json::Value> = serde_json::from_str(&out).expect("JSON");
            let numbers = pieces.iter().filter(|p| p.is_number()).count();
            let joined = pieces
                .iter()
                .map(|p| match p {
                    serde_json::Value::Number(n) => {
                        phrases.table[n.as_u64().unwrap_or(0) as usize].clone()
                    }
                    serde_json::Value::String(s) => s.clone(),
                    _ => panic!("a piece is a string or a number"),
                })
                .collect();
            (joined, numbers)
        };
        assert_eq!(join(0..text.len(), &marks), (text.to_owned(), 3));
        // The trailing line end trimmed: the phrases inside still count.
        assert_eq!(
            join(0..text.len() - 1, &marks),
            (text[..text.len() - 1].to_owned(), 3)
        );
        // A phrase cut by the range's end stays text.
        assert_eq!(join(0..6, &marks), ("xxABCD".to_owned(), 1));
        // One the range starts after, or a mark the text does not bear out, stays text too.
        assert_eq!(join(3..text.len(), &marks), (text[3..].to_owned(), 2));
        let wrong = [(3, Mark::Fixed(0)), (0, Mark::Fixed(9))];
        assert_eq!(join(0..text.len(), &wrong), (text.to_owned(), 0));
        assert_eq!(join(0..0, &marks), (String::new(), 0));
    }

    /// Every phrase the renderer marks is the page table's text at that place, for every claim
    /// of the example corpus, so the page's pieces join to exactly what `explain` prints.
    #[test]
    fn the_renderer_marks_each_phrase_where_it_wrote_it() {
        let (project, today) = crate::engine::example_project();
        let corpus = project.corpus();
        let assessment = project.assess(today);
        let judge = project.judge(&assessment);
        let sources: Vec<SourceIx> = (0..corpus.sources.len() as u32).map(SourceIx).collect();
        let phrases = Phrases::new(corpus, &sources, judge.context());
        let words = |s: SourceIx| phrases.of(s);
        let mut marked_phrases = 0;
        for i in 0..corpus.claims.len() as u32 {
            let (verdict, derivation) = judge.explained(ClaimIx(i));
            let fixed = &phrases.table[..phrases.fixed];
            let marked = super::super::derivation::render_with(
                corpus,
                &verdict,
                &derivation,
                judge.context(),
                fixed,
                &words,
            );
            let plain =
                super::super::derivation::render(corpus, &verdict, &derivation, judge.context());
            assert_eq!(marked.text, plain);
            for &(at, mark) in &marked.marks {
                let phrase = &phrases.table[phrases.index(mark).expect("a phrase of the page")];
                assert_eq!(
                    marked.text.get(at..at + phrase.len()),
                    Some(phrase.as_str())
                );
                marked_phrases += 1;
            }
        }
        assert!(
            marked_phrases > 30 * corpus.claims.len(),
            "{marked_phrases}"
        );
    }
}
