//! `report --format html`: one self-contained page with sorting, filtering and derivations.
//!
//! The page is a single file an editor can open offline, mail or attach to a ticket: the style
//! sheet and the script are inline, there are no fonts, images or other requests. The only
//! addresses in it are the sources' own `url`s and the evidence's links (to the documents and
//! their archived copies), shown as links to follow by hand.
//!
//! - One `<tbody>` per claim (sorted by claim id), holding the claim's row and a second row with
//!   a `<details>` that opens onto the evidence and the `explain` derivation. The `<tbody>`
//!   carries the data the script filters and sorts on as `data-*` attributes.
//! - Statuses read without colour: each has a symbol, a word, a border style and weight.
//! - The desk's verdict (`[claim.desk]`) sits under the computed badge as its own badge; where
//!   the two differ a boxed "≠ desk disagrees" says so in words, and a "Desk" filter (shown only
//!   when some claim has a desk verdict) keeps the claims where the desk disagrees, agrees or
//!   has no verdict.
//! - Each evidence item's links (its own, else its document's) are links only when they are
//!   `http:`/`https:` addresses ([`web_url`]); anything else is shown as text.
//! - Filters (status, event, source, free text) and sorting (click a column header) live in the
//!   URL fragment, so a view can be shared or bookmarked: `report.html#status=confirmed,contested
//!   &event=alkit-ambush&sort=-score`. Without JavaScript the page is a complete static table.
//! - Printing expands every claim and drops the controls.
//! - Every piece of corpus text is HTML-escaped (`& < > " '`), in text and attributes alike,
//!   after control and bidi characters are made visible (as on a terminal); no corpus text is
//!   ever placed inside the script.
//! - The same corpus and options give byte-identical output.

use super::view::{listed, selection_summary, web_url, DeskView, Links, Summary};
use super::{estimative, terminal_safe, Selection};
use crate::model::{Corpus, Evidence, Source};
use crate::score::{Context, Derivation, Excluded, Item, Status, Verdict};
use std::fmt::Write;

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

/// Admiralty information credibility in words.
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

/// A link to a source's own page, when its `url` is a web address (anything else, such as a
/// `javascript:` URL, is shown as plain text).
fn url_html(url: &str) -> String {
    link_html(&escape(url), url)
}

/// A link reading `text` (already escaped) to `url` when it is a web address ([`web_url`]);
/// anything else is shown as text beside it, never as an `href`.
fn link_html(text: &str, url: &str) -> String {
    match web_url(url) {
        Some(url) => format!(
            "<a class=\"url\" href=\"{}\" rel=\"noopener noreferrer external\" target=\"_blank\">{text}</a>",
            escape(url)
        ),
        None if text == escape(url) => format!("<span class=\"url\">{text}</span>"),
        None => format!("{text} <span class=\"url\">({})</span>", escape(url)),
    }
}

/// Where an item can be read, under its source: its link (reading the document's title when
/// there is one), the archived copy, and the document's id, dates, capture hash and language.
fn links_html(links: &Links<'_>) -> String {
    if links.is_empty() {
        return String::new();
    }
    let mut parts = Vec::new();
    if let Some(url) = links.url {
        let text = links
            .document
            .and_then(|d| d.title.as_ref())
            .map_or_else(|| escape(url), |t| escape(t.as_str()));
        parts.push(link_html(&text, url));
    }
    if let Some(url) = links.archive_url {
        parts.push(link_html("archived copy", url));
    }
    if let (Some(d), Some(words)) = (links.document, links.document_words()) {
        let mut doc = format!("document <code>{}</code>", escape(d.id.as_str()));
        if !words.is_empty() {
            let _ = write!(doc, " {}", escape(&words));
        }
        parts.push(format!("<span class=\"meta\">{doc}</span>"));
    }
    format!(
        "<br><span class=\"links\">read in: {}</span>",
        parts.join(" \u{b7} ")
    )
}

/// The desk's verdict beside the computed badge: its own badge, and when the two differ a
/// boxed `≠ desk disagrees`, a mark in words, symbol and border that reads in greyscale.
fn desk_html(desk: &DeskView<'_>) -> String {
    let mut out = String::from("<br><span class=\"desk\">desk ");
    match desk.status {
        Some(status) => out.push_str(&badge(status)),
        None => out.push_str("<span class=\"muted\">no status</span>"),
    }
    out.push_str("</span>");
    if desk.disagrees() {
        out.push_str(
            "<br><strong class=\"disagree\"><span aria-hidden=\"true\">\u{2260}</span> desk disagrees</strong>",
        );
    }
    out
}

fn source_cell(source: &Source) -> String {
    let mut cell = format!("<code>{}</code>", escape(source.id.as_str()));
    if let Some(name) = &source.name {
        let _ = write!(
            cell,
            " <span class=\"name\">{}</span>",
            escape(name.as_str())
        );
    }
    let _ = write!(
        cell,
        "<br><span class=\"meta\">{} · {} ({})</span>",
        source.kind.value,
        source.reliability.value,
        source.reliability.value.meaning()
    );
    if let Some(url) = &source.url {
        let _ = write!(cell, "<br>{}", url_html(url.as_str()));
    }
    cell
}

fn excluded_words(e: Excluded) -> &'static str {
    match e {
        Excluded::AfterAsOf => "after the as-of day",
        Excluded::Retracted { .. } => "retracted",
        Excluded::Silence => "silence is not denial",
        Excluded::Retraction => "a retraction",
        Excluded::Revised { .. } => "revised by its source",
    }
}

fn weight_cell(item: &Item) -> String {
    match item.excluded {
        Some(e) => format!(
            "<span class=\"muted\">not counted ({})</span>",
            excluded_words(e)
        ),
        None if item.opposes() => format!("<span class=\"opp\">\u{2212}{:.3}</span>", item.weight),
        None if item.supports() => format!("<span class=\"sup\">+{:.3}</span>", item.weight),
        None => format!("{:.3}", item.weight),
    }
}

fn evidence_row(out: &mut String, corpus: &Corpus, item: &Item, e: &Evidence, note: &str) {
    let source = corpus.source(item.source);
    let stance_class = if item.stance.supports() {
        "sup"
    } else if item.stance.opposes() {
        "opp"
    } else {
        "neutral"
    };
    let date = e
        .date
        .as_ref()
        .map_or_else(|| "\u{2014}".to_owned(), |d| d.value.to_string());
    let via = e.via.as_ref().map_or_else(
        || "\u{2014}".to_owned(),
        |v| format!("<code>{}</code>", escape(&v.chain())),
    );
    let quote = match &e.quote {
        Some(q) => {
            let lang = e
                .lang
                .as_ref()
                .map(|l| format!(" lang=\"{}\"", escape(l.as_str())))
                .unwrap_or_default();
            format!("<q{lang} dir=\"auto\">{}</q>", escape(q.as_str()))
        }
        None => "\u{2014}".to_owned(),
    };
    let _ = writeln!(
        out,
        "<tr><td>{}{}</td><td class=\"{stance_class}\">{}{note}</td><td>{date}</td><td>{via}</td><td>{}</td><td class=\"num\">{}</td><td>{quote}</td></tr>",
        source_cell(source),
        links_html(&Links::of(corpus, e)),
        item.stance,
        if e.hedged { "hedged" } else { "\u{2014}" },
        weight_cell(item),
    );
}

/// The evidence table of one verdict: its own items in a canonical order (source, date,
/// stance, …), then the support given to competing answers, which counts against it.
fn evidence_table(out: &mut String, corpus: &Corpus, verdict: &Verdict) {
    let claim = &corpus.claims[verdict.claim.get()];
    let mut items: Vec<(&Item, &Evidence)> = verdict
        .items
        .iter()
        .filter_map(|i| claim.evidence.get(i.index).map(|e| (i, e)))
        .collect();
    let key = |(i, e): &(&Item, &Evidence)| {
        (
            corpus.source(i.source).id.value.clone(),
            e.date.as_ref().map(|d| d.value),
            i.stance.as_str(),
            e.via.as_deref().map(crate::model::Relays::chain),
            e.hedged,
            e.quote.clone(),
        )
    };
    items.sort_by_key(key);
    let mut competing: Vec<(&Item, &Evidence, &str)> = verdict
        .competing
        .iter()
        .filter_map(|i| {
            let other = &corpus.claims[i.competing?.get()];
            other
                .evidence
                .get(i.index)
                .map(|e| (i, e, other.id.as_str()))
        })
        .collect();
    competing.sort_by(|a, b| (a.2, key(&(a.0, a.1))).cmp(&(b.2, key(&(b.0, b.1)))));
    if items.is_empty() && competing.is_empty() {
        out.push_str("<p class=\"muted\">No evidence.</p>\n");
        return;
    }
    out.push_str(
        "<table class=\"evidence\"><thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Stance</th><th scope=\"col\">Date</th><th scope=\"col\">Via</th><th scope=\"col\">Hedged</th><th scope=\"col\">Weight</th><th scope=\"col\">Quote</th></tr></thead>\n<tbody>\n",
    );
    for (item, e) in items {
        evidence_row(out, corpus, item, e, "");
    }
    for (item, e, answer) in competing {
        let effect = match item.bearing {
            crate::score::Bearing::Implied => "which implies this claim: counts for it",
            crate::score::Bearing::Omitted => {
                "which leaves out parts this claim lists: counts weakly against it"
            }
            crate::score::Bearing::Undercut => "which this claim implies: counts against it",
            crate::score::Bearing::Rival | crate::score::Bearing::Own => {
                "a competing answer: counts against this claim"
            }
        };
        let note = format!(
            "<br><span class=\"meta\">for <code>{}</code>, {effect}</span>",
            escape(answer)
        );
        evidence_row(out, corpus, item, e, &note);
    }
    out.push_str("</tbody></table>\n");
}

fn claim_body(
    out: &mut String,
    corpus: &Corpus,
    verdict: &Verdict,
    derivation: &Derivation,
    cx: &Context<'_>,
) {
    let claim = &corpus.claims[verdict.claim.get()];
    let status = verdict.status.as_str();
    let event = claim.event.as_ref().map_or("", |e| e.id.as_str());
    let mut sources: Vec<&str> = claim
        .evidence
        .iter()
        .map(|e| e.source.id.as_str())
        .collect();
    sources.sort_unstable();
    sources.dedup();
    let desk = DeskView::of(corpus, verdict);
    // The desk's verdict, for the filter: `disagrees`, `agrees` (a desk status equal to the
    // computed one, or a desk table without a status), or no attribute without a desk table.
    let desk_data = match &desk {
        Some(d) if d.disagrees() => " data-desk=\"disagrees\"",
        Some(_) => " data-desk=\"agrees\"",
        None => "",
    };
    let disagree_class = if desk.is_some_and(|d| d.disagrees()) {
        " desk-disagrees"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<tbody class=\"claim st-{status}{disagree_class}\"{desk_data} data-id=\"{id}\" data-status=\"{status}\" data-event=\"{ev}\" data-sources=\"{src}\" data-k-status=\"{rank}\" data-k-code=\"{cred}{grade}\" data-k-score=\"{score:.4}\" data-k-origins=\"{net}\" data-k-rules=\"{nrules}\">",
        id = escape(claim.id.as_str()),
        ev = escape(event),
        src = escape(&sources.join(" ")),
        rank = rank(verdict.status),
        cred = verdict.credibility,
        grade = verdict.grade.as_str(),
        score = verdict.score,
        net = verdict.supporting_origins as i64 - verdict.opposing_origins as i64,
        nrules = verdict.findings.len(),
    );
    // The claim's row.
    let mut first = format!("<code class=\"id\">{}</code>", escape(claim.id.as_str()));
    if claim.rating {
        first.push_str(
            " <span class=\"publish\" title=\"the desk publishes this claim as a rating\">rating</span>",
        );
    } else if claim.publish {
        first.push_str(
            " <span class=\"publish\" title=\"the desk intends to publish this claim\">publish</span>",
        );
    }
    if let Some(e) = &claim.event {
        let title = e
            .target
            .and_then(|ix| corpus.event(ix).title.as_ref())
            .map(|t| format!(" title=\"{}\"", escape(t.as_str())))
            .unwrap_or_default();
        let _ = write!(
            first,
            "<br><span class=\"meta\"{title}>event <code>{}</code></span>",
            escape(e.id.as_str())
        );
    }
    if let Some(q) = &claim.question {
        let _ = write!(
            first,
            "<br><span class=\"meta\">answers <code>{}</code></span>",
            escape(q.as_str())
        );
    }
    let rules: String = verdict
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            format!(
                "<li class=\"rule sev-{}\" title=\"{}: {}\">{}</li>",
                f.severity,
                f.severity,
                escape(derivation.message(i)),
                escape(f.rule)
            )
        })
        .collect();
    let rules = if rules.is_empty() {
        "<span class=\"muted\">\u{2014}</span>".to_owned()
    } else {
        format!("<ul class=\"rules\">{rules}</ul>")
    };
    let _ = writeln!(
        out,
        "<tr class=\"main\"><td class=\"c-id\">{first}</td><td class=\"c-text\" dir=\"auto\">{text}</td><td class=\"c-status\">{badge}{desk_badge}</td><td class=\"c-code\"><abbr title=\"source reliability {grade} ({gm}); information credibility {cred} ({cm})\">{code}</abbr></td><td class=\"c-score num\"><strong>{score:.2}</strong><br><span class=\"meta\">{word}</span></td><td class=\"c-origins num\" title=\"independent origins supporting / opposing\">+{sup} / \u{2212}{opp}</td><td class=\"c-rules\">{rules}</td></tr>",
        text = escape(claim.text.as_str()),
        badge = badge(verdict.status),
        desk_badge = desk.as_ref().map(desk_html).unwrap_or_default(),
        grade = verdict.grade.as_str(),
        gm = verdict.grade.meaning(),
        cred = verdict.credibility,
        cm = credibility_words(verdict.credibility),
        code = verdict.code(),
        score = verdict.score,
        word = estimative(verdict.score),
        sup = verdict.supporting_origins,
        opp = verdict.opposing_origins,
    );
    // The expandable row: evidence and derivation.
    let count = verdict.items.len();
    let _ = writeln!(
        out,
        "<tr class=\"more\"><td colspan=\"7\"><details><summary>Evidence ({count}) and how the verdict was reached</summary>\n<div class=\"detail\">\n<p class=\"reason\"><strong>{status_word}</strong> because {reason}.</p>",
        status_word = status,
        reason = escape(&verdict.reason.to_string()),
    );
    if let Some(desk) = &desk {
        let mut note = format!(
            "<strong>Desk\u{2019}s verdict: {}</strong>",
            escape(&desk.verdict_words())
        );
        let who = desk.who_when();
        if !who.is_empty() {
            let _ = write!(note, ", {}", escape(&who));
        }
        if let Some(reason) = desk.reason {
            let _ = write!(note, ": {}", escape(reason));
        }
        if let Some(disagreement) = desk.disagreement() {
            let _ = write!(
                note,
                " <strong class=\"disagree\">{}</strong>",
                escape(&disagreement)
            );
        }
        let _ = writeln!(out, "<p class=\"reason desk-note\">{note}</p>");
    }
    evidence_table(out, corpus, verdict);
    let _ = writeln!(
        out,
        "<pre class=\"explain\">{}</pre>\n</div></details></td></tr>\n</tbody>",
        escape(super::derivation::render(corpus, verdict, derivation, cx).trim_end())
    );
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
  var table = document.getElementById('claims');
  var form = document.getElementById('filters');
  var shown = document.getElementById('shown');
  if (!table || !form || !shown) { return; }
  var bodies = Array.prototype.slice.call(table.tBodies);
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="status"]'));
  var eventSelect = document.getElementById('f-event');
  var sourceSelect = document.getElementById('f-source');
  // Only present when some claim has the desk's verdict.
  var deskSelect = document.getElementById('f-desk');
  var search = document.getElementById('f-text');
  var heads = Array.prototype.slice.call(table.tHead.querySelectorAll('th[data-key]'));
  var sortKey = 'id';
  var sortDesc = false;
  form.hidden = false;

  function checkedStatuses() {
    return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
  }
  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }
  function cellText(body, key) {
    var cell = body.querySelector('td.c-' + key);
    return cell ? cell.textContent : '';
  }
  function apply() {
    var statuses = checkedStatuses();
    var ev = eventSelect.value;
    var src = sourceSelect.value;
    var desk = deskSelect ? deskSelect.value : '';
    var q = search.value.trim().toLowerCase();
    var n = 0;
    // Mirror the state in the markup too, so a saved or dumped page shows the same view.
    boxes.forEach(function (b) { b.defaultChecked = b.checked; });
    bodies.forEach(function (b) {
      var d = b.dataset;
      var ok = statuses.indexOf(d.status) >= 0 &&
        (ev === '' || (ev === '(none)' ? d.event === '' : d.event === ev)) &&
        (src === '' || (' ' + d.sources + ' ').indexOf(' ' + src + ' ') >= 0) &&
        (desk === '' || (desk === 'none' ? d.desk === undefined : d.desk === desk)) &&
        (q === '' || (d.id + ' ' + cellText(b, 'text')).toLowerCase().indexOf(q) >= 0);
      b.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = n + ' of ' + bodies.length + ' claims shown';
  }
  function sortRows(key, desc) {
    var th = heads.filter(function (h) { return h.getAttribute('data-key') === key; })[0];
    if (!th) { return; }
    var numeric = th.getAttribute('data-type') === 'num';
    var value = function (b) {
      var v = b.getAttribute('data-k-' + key);
      if (key === 'id') { v = b.getAttribute('data-id'); }
      if (v === null) { v = cellText(b, key); }
      return numeric ? parseFloat(v) : v;
    };
    bodies.sort(function (a, b) {
      var x = value(a), y = value(b), c;
      if (numeric) { c = x - y; } else { c = x.localeCompare(y, undefined, { sensitivity: 'base', numeric: true }); }
      if (desc) { c = -c; }
      if (c === 0) {
        var i = a.getAttribute('data-id'), j = b.getAttribute('data-id');
        c = i < j ? -1 : (i > j ? 1 : 0);
      }
      return c;
    });
    bodies.forEach(function (b) { table.appendChild(b); });
    heads.forEach(function (h) {
      if (h === th) { h.setAttribute('aria-sort', desc ? 'descending' : 'ascending'); } else { h.removeAttribute('aria-sort'); }
    });
    sortKey = key;
    sortDesc = desc;
  }
  function writeHash() {
    var p = new URLSearchParams();
    var statuses = checkedStatuses();
    if (statuses.length !== boxes.length) { p.set('status', statuses.join(',')); }
    if (eventSelect.value) { p.set('event', eventSelect.value); }
    if (sourceSelect.value) { p.set('source', sourceSelect.value); }
    if (deskSelect && deskSelect.value) { p.set('desk', deskSelect.value); }
    if (search.value) { p.set('q', search.value); }
    if (sortKey !== 'id' || sortDesc) { p.set('sort', (sortDesc ? '-' : '') + sortKey); }
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
    var sort = p.get('sort') || 'id';
    var desc = sort.charAt(0) === '-';
    sortRows(desc ? sort.slice(1) : sort, desc);
    apply();
  }
  function changed() { apply(); writeHash(); }

  form.addEventListener('change', changed);
  form.addEventListener('input', changed);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  document.getElementById('f-reset').addEventListener('click', function () {
    boxes.forEach(function (b) { b.checked = true; });
    eventSelect.value = '';
    sourceSelect.value = '';
    if (deskSelect) { deskSelect.value = ''; }
    search.value = '';
    sortRows('id', false);
    changed();
  });
  function openAll(open) {
    Array.prototype.forEach.call(table.querySelectorAll('details'), function (d) { d.open = open; });
  }
  document.getElementById('f-expand').addEventListener('click', function () { openAll(true); });
  document.getElementById('f-collapse').addEventListener('click', function () { openAll(false); });
  heads.forEach(function (th) {
    th.querySelector('button').addEventListener('click', function () {
      var key = th.getAttribute('data-key');
      var desc = key === sortKey ? !sortDesc : th.getAttribute('data-type') === 'num';
      sortRows(key, desc);
      writeHash();
    });
  });
  window.addEventListener('hashchange', readHash);
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = Array.prototype.filter.call(table.querySelectorAll('details'), function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  });
  readHash();
}());
"#;

/// Gives a verdict's derivation (steps, rule effects, findings' messages).
pub type DeriveFn<'d> = dyn Fn(&Verdict) -> Derivation + Sync + 'd;

/// Renders the selected claims as a self-contained HTML page, each claim's derivation from
/// `derive`.
pub fn render(
    corpus: &Corpus,
    selection: &Selection<'_>,
    derive: &DeriveFn<'_>,
    cx: &Context<'_>,
) -> String {
    let verdicts: Vec<&Verdict> = listed(corpus, selection);
    // The filters count the claims on the page; the summary line, the whole selection.
    let summary = Summary::of(verdicts.iter().map(|v| v.status));
    let summary_line = selection_summary(selection);

    let mut out = String::with_capacity(8192 + verdicts.len() * 4096);
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"corroborate {version}\">\n<title>Claims as of {as_of} \u{2014} corroborate</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>Claims as of {as_of}</h1>\n<p class=\"summary\" id=\"summary\">{summary}</p>",
        version = env!("CARGO_PKG_VERSION"),
        as_of = selection.as_of,
        summary = escape(&summary_line),
    );
    let legend: Vec<String> = Status::ALL.iter().map(|s| badge(*s)).collect();
    let _ = writeln!(
        out,
        "<p class=\"legend\">{} <span class=\"hint\">\u{b7} Code: Admiralty source reliability (A\u{2013}F) and information credibility (1\u{2013}6) \u{b7} score: the probability the model gives the claim, with its ICD 203 estimative word \u{b7} origins: independent origins supporting / opposing \u{b7} click a column header to sort, a claim\u{2019}s second line to see its evidence and derivation.</span></p>\n</header>",
        legend.join(" ")
    );

    // Filters, built from the data; hidden until the script runs (they need it).
    out.push_str("<form id=\"filters\" class=\"filters\" hidden aria-label=\"Filter claims\">\n<fieldset><legend>Status</legend>");
    for status in Status::ALL {
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" name=\"status\" value=\"{s}\" checked> <span class=\"sym\" aria-hidden=\"true\">{}</span> {s} ({})</label>",
            symbol(status),
            summary.get(status),
            s = status.as_str()
        );
    }
    out.push_str("</fieldset>\n");
    let mut events: Vec<(&str, Option<&str>)> = Vec::new();
    let mut no_event = false;
    let mut sources: Vec<&str> = Vec::new();
    for v in &verdicts {
        let claim = &corpus.claims[v.claim.get()];
        match &claim.event {
            Some(e) => events.push((
                e.id.as_str(),
                e.target
                    .and_then(|ix| corpus.event(ix).title.as_ref())
                    .map(|t| t.as_str()),
            )),
            None => no_event = true,
        }
        sources.extend(claim.evidence.iter().map(|e| e.source.id.as_str()));
    }
    events.sort_unstable();
    events.dedup_by(|a, b| a.0 == b.0);
    sources.sort_unstable();
    sources.dedup();
    out.push_str("<label class=\"field\">Event <select id=\"f-event\" name=\"event\"><option value=\"\">all events</option>");
    for (id, title) in &events {
        let label = match title {
            Some(t) => format!("{id} \u{2014} {t}"),
            None => (*id).to_owned(),
        };
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            escape(id),
            escape(&label)
        );
    }
    if no_event {
        out.push_str("<option value=\"(none)\">(no event)</option>");
    }
    out.push_str("</select></label>\n<label class=\"field\">Source <select id=\"f-source\" name=\"source\"><option value=\"\">all sources</option>");
    for id in &sources {
        let name = corpus
            .sources
            .iter()
            .find(|s| s.id.as_str() == *id)
            .and_then(|s| s.name.as_ref())
            .map(|n| format!(" \u{2014} {}", n.as_str()))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<option value=\"{}\">{}</option>",
            escape(id),
            escape(&format!("{id}{name}"))
        );
    }
    out.push_str("</select></label>\n");
    // The desk filter, only when some claim has the desk's verdict: a page without one reads
    // as before.
    if verdicts.iter().any(|v| DeskView::of(corpus, v).is_some()) {
        out.push_str("<label class=\"field\">Desk <select id=\"f-desk\" name=\"desk\"><option value=\"\">any desk verdict</option><option value=\"disagrees\">the desk disagrees</option><option value=\"agrees\">the desk agrees</option><option value=\"none\">no desk verdict</option></select></label>\n");
    }
    out.push_str("<label class=\"field\">Search <input type=\"search\" id=\"f-text\" name=\"q\" placeholder=\"id or text\"></label>\n<button type=\"button\" id=\"f-reset\">Reset</button> <button type=\"button\" id=\"f-expand\">Expand all</button> <button type=\"button\" id=\"f-collapse\">Collapse all</button>\n</form>\n");
    let _ = writeln!(
        out,
        "<p class=\"shown\" id=\"shown\" aria-live=\"polite\">{n} of {n} claims shown</p>",
        n = verdicts.len()
    );

    // The table.
    out.push_str("<table id=\"claims\" class=\"claims\">\n<thead><tr>");
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
        let sort = if key == "id" && !selection.listing.given_order {
            " aria-sort=\"ascending\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<th scope=\"col\" data-key=\"{key}\" data-type=\"{kind}\"{sort}><button type=\"button\">{label}</button></th>"
        );
    }
    out.push_str("</tr></thead>\n");
    // Claims are rendered in parallel a batch at a time: a derivation is computed only while its
    // claim renders, so they are never all in memory.
    for batch in verdicts.chunks(64) {
        use rayon::prelude::*;
        let bodies: Vec<String> = batch
            .par_iter()
            .map(|&verdict| {
                let mut body = String::with_capacity(4096);
                claim_body(&mut body, corpus, verdict, &derive(verdict), cx);
                body
            })
            .collect();
        for body in bodies {
            out.push_str(&body);
        }
    }
    out.push_str("</table>\n");
    if verdicts.is_empty() {
        out.push_str("<p class=\"muted\">No claims match.</p>\n");
    }
    let _ = writeln!(
        out,
        "<footer>Generated by corroborate {} \u{b7} evaluated as of {} (end of day) \u{b7} a self-contained page: it works offline and loads nothing.</footer>\n<script>{SCRIPT}</script>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION"),
        selection.as_of
    );
    out
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
        "One self-contained HTML file with sorting, filtering and each claim's derivation."
    }
    fn write(
        &self,
        doc: &super::format::Doc<'_>,
        out: &mut (dyn std::io::Write + Send),
    ) -> std::io::Result<()> {
        let verdicts = doc.verdicts();
        let selection = doc.selection(&verdicts);
        let derive = |v: &Verdict| doc.judge.derive(v);
        let text = render(doc.corpus, &selection, &derive, doc.judge.context());
        out.write_all(text.as_bytes())
    }
}

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

    #[test]
    fn only_web_urls_become_links() {
        assert!(url_html("https://example.org/a?b=1&c=2")
            .contains("href=\"https://example.org/a?b=1&amp;c=2\""));
        assert!(!url_html("javascript:alert(1)").contains("href"));
        assert!(!url_html("https://x.org/\" onmouseover=\"alert(1)").contains("href"));
    }
}
