//! `report --format markdown`: GitHub-flavoured Markdown, a table per event plus a summary.
//!
//! Fit for `$GITHUB_STEP_SUMMARY` and for pasting into an editorial document. The summary comes
//! first (a line of counts and a small table), then one section per event, events sorted by id,
//! then the claims without an event under "No event"; within a section claims are sorted by id.
//!
//! When some selected claim has the desk's verdict (`[claim.desk]`), the tables gain a `desk`
//! column (its status, credibility, who and when, and a bold "≠ the desk disagrees" where its
//! status differs from the computed one). Under each table, "Where the evidence can be read"
//! lists each item with a link or a document: its links ([`web_url`]s only, as Markdown links
//! whose destination is escaped by `destination`; anything else as text) and the document's
//! title, dates, capture hash and language.
//!
//! User text (claim texts, event titles and places) is made terminal-safe first
//! ([`super::terminal_safe`]: control and bidi characters become visible `\u{…}` escapes), then
//! escaped for Markdown ([`escape`]): `|`, `\` and the inline-markup characters `` ` `` `*` `_`
//! `[` `]` `~` `@` get a backslash, and so do the dot of `www.` and the colon of `://` (GitHub's
//! bare autolinks) and a block marker starting the text; `<`, `>` and `&` become entities, and
//! line breaks become `<br>`, so a row never breaks, no link, image or HTML gets through and the
//! text reads as written.

use super::format::Doc;
use super::view::{canonical_items, listing_summary, web_url, DeskView, Links};
use super::{estimative, terminal_safe};
use crate::model::{ClaimIx, Corpus};
use crate::score::{Status, Verdict};
use std::fmt::Write as _;
use std::io::Write;

/// `text` safe for a terminal and for a GitHub-flavoured Markdown table cell, heading or line
/// (CRLF line ends count as one line break).
///
/// No link, image, autolink, footnote or HTML can come out of it, and no block markup where it
/// starts a line: the characters that open them are escaped, and a backslash or an entity shows
/// as the character itself, so the text reads as written.
pub fn escape(text: &str) -> String {
    let lf = text.replace("\r\n", "\n");
    let safe = terminal_safe(&lf);
    let chars: Vec<char> = safe.chars().collect();
    let mut out = String::with_capacity(safe.len() + 8);
    // Where the text may start a line (a place without a date does), leading spaces would open
    // an indented code block and `#`, `-`, `+`, `=`, `1.` a heading, list, rule or setext line.
    let lead = chars.iter().take_while(|c| matches!(c, ' ' | '\t')).count();
    for c in &chars[..lead] {
        out.push_str(if *c == ' ' { "&#32;" } else { "&#9;" });
    }
    let digits = chars[lead..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let list_number =
        (1..=9).contains(&digits) && matches!(chars.get(lead + digits), Some('.' | ')'));
    for (i, &c) in chars.iter().enumerate().skip(lead) {
        let at_start = i == lead;
        // GitHub's extended autolinks start at `www.`, `scheme://` and an `@` (e-mail, `mailto:`,
        // `xmpp:`), checked on the raw text: escaping the dot, colon or at sign leaves none.
        let www =
            c == '.' && i >= 3 && chars[i - 3..i].iter().all(|w| w.eq_ignore_ascii_case(&'w'));
        let scheme = c == ':' && chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/');
        let block = at_start && matches!(c, '#' | '-' | '+' | '=');
        let numbered = list_number && i == lead + digits;
        // `terminal_safe` has already made CR and other controls visible; LF and tab remain.
        match c {
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '@' => {
                out.push('\\');
                out.push(c);
            }
            _ if www || scheme || block || numbered => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

/// The claim table's header; the `desk` column only when some selected claim has the desk's
/// verdict, so a corpus without one reads as before.
fn header(desk: bool) -> &'static str {
    if desk {
        "| claim | text | status | desk | code | score | origins +/− | rules |\n\
         |---|---|---|---|---|---|---|---|\n"
    } else {
        "| claim | text | status | code | score | origins +/− | rules |\n\
         |---|---|---|---|---|---|---|\n"
    }
}

/// The desk cell: its status and credibility, who and when, and a bold `≠ the desk disagrees`
/// when its status differs from the computed one (a mark that reads without colour).
fn desk_cell(desk: Option<&DeskView<'_>>) -> String {
    let Some(desk) = desk else {
        return "—".to_owned();
    };
    let mut cell = escape(&desk.verdict_words());
    let who = desk.who_when();
    if !who.is_empty() {
        let _ = write!(cell, "<br>{}", escape(&who));
    }
    if desk.disagrees() {
        cell.push_str("<br>**≠ the desk disagrees**");
    }
    cell
}

/// The header of the one table of claims in a given order: [`header`] with an event column
/// after the claim, since rows are not grouped under their events.
fn header_with_event(desk: bool) -> String {
    let plain = header(desk);
    plain
        .replacen("| claim |", "| claim | event |", 1)
        .replacen("|---|", "|---|---|", 1)
}

/// A claim's row; with `event_column` (claims not grouped under their events), its event (`—`
/// for none) after its id.
fn row(out: &mut String, corpus: &Corpus, v: &Verdict, desk_column: bool, event_column: bool) {
    let claim = &corpus.claims[v.claim.get()];
    let publish = if claim.rating {
        " (rating)"
    } else if claim.publish {
        " (publish)"
    } else {
        ""
    };
    let rules: Vec<String> = v.findings.iter().map(|f| format!("`{}`", f.rule)).collect();
    let desk = if desk_column {
        format!(" {} |", desk_cell(DeskView::of(corpus, v).as_ref()))
    } else {
        String::new()
    };
    let event = if event_column {
        let event = claim
            .event
            .as_ref()
            .map_or_else(|| "—".to_owned(), |e| format!("`{}`", e.id.as_str()));
        format!(" {event} |")
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "| `{}`{publish} |{event} {} | {} |{desk} {} | {:.2} ({}) | +{} / −{} | {} |",
        claim.id.value,
        escape(&claim.text),
        v.status.as_str(),
        v.code(),
        v.score,
        estimative(v.score),
        v.supporting_origins,
        v.opposing_origins,
        rules.join(", "),
    );
}

/// `url` as a Markdown link destination: every ASCII punctuation character that could end the
/// destination, open markup or be read as an entity (`(`, `)`, `<`, `>`, `[`, `]`, `\`, `&`,
/// quotes, `` ` ``, `|`) gets a backslash, which CommonMark removes, so the link goes exactly
/// where `url` says. Only called on [`web_url`]s, which hold no blank or control character.
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    for c in url.chars() {
        if matches!(
            c,
            '(' | ')' | '<' | '>' | '[' | ']' | '\\' | '&' | '"' | '\'' | '`' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link to `url` reading `text` (already escaped) when `url` is a web address; otherwise the
/// address shown as escaped text, never a link.
fn link(text: &str, url: &str) -> String {
    match web_url(url) {
        Some(url) => format!("[{text}]({})", destination(url)),
        None => format!("{text} ({})", escape(url)),
    }
}

/// An evidence item listed under "Where the evidence can be read": what its line needs of the
/// verdict, kept small so that a table's list waits for its end without holding verdicts.
#[derive(Debug, Clone, Copy)]
struct Readable {
    /// The claim.
    claim: crate::model::ClaimIx,
    /// The item's index in the claim's evidence.
    index: usize,
    /// The item's source.
    source: crate::model::SourceIx,
    /// The item's stance.
    stance: crate::model::Stance,
}

/// The items of `v` with a link or a document, in the canonical evidence order.
fn readable(corpus: &Corpus, v: &Verdict) -> Vec<Readable> {
    canonical_items(corpus, v)
        .into_iter()
        .filter(|(_, e)| !Links::of(corpus, e).is_empty())
        .map(|(item, _)| Readable {
            claim: v.claim,
            index: item.index,
            source: item.source,
            stance: item.stance,
        })
        .collect()
}

/// The line of `r` in the list of where the evidence can be read.
fn readable_line(corpus: &Corpus, r: &Readable) -> String {
    let claim = &corpus.claims[r.claim.get()];
    let links = Links::of(corpus, &claim.evidence[r.index]);
    let source = corpus.source(r.source);
    let mut line = format!(
        "- `{}`: {} {}",
        claim.id.value,
        escape(source.display_name()),
        r.stance
    );
    if let Some(url) = links.url {
        let text = links
            .document
            .and_then(|d| d.title.as_ref())
            .map_or_else(|| "link".to_owned(), |t| escape(t.as_str()));
        let _ = write!(line, ", {}", link(&text, url));
    }
    if let Some(url) = links.archive_url {
        let _ = write!(line, ", {}", link("archived copy", url));
    }
    if let (Some(d), Some(words)) = (links.document, links.document_words()) {
        let _ = write!(line, " · document `{}`", d.id.as_str());
        if !words.is_empty() {
            let _ = write!(line, " {}", escape(&words));
        }
    }
    line.push('\n');
    line
}

/// The list under a table of where its claims' evidence can be read: one line per item in
/// `items` (each claim's with a link or a document, in the canonical evidence order). Nothing
/// when there are none.
fn links_list(out: &mut dyn Write, corpus: &Corpus, items: &[Readable]) -> std::io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    out.write_all(b"\nWhere the evidence can be read:\n\n")?;
    for r in items {
        out.write_all(readable_line(corpus, r).as_bytes())?;
    }
    Ok(())
}

/// The group a claim is listed in, when claims are grouped by event: its event's id (`None`,
/// no event, comes after every event).
fn group_key(corpus: &Corpus, ix: ClaimIx) -> (bool, Option<&str>) {
    let event = corpus.claims[ix.get()]
        .event
        .as_ref()
        .map(|e| e.id.as_str());
    (event.is_none(), event)
}

/// The heading of the group of claim `first` and its table's header: the event's id and title,
/// its date and place, or "No event".
fn group_heading(out: &mut String, corpus: &Corpus, first: ClaimIx, desk_column: bool) {
    let Some(reference) = &corpus.claims[first.get()].event else {
        out.push_str("\n## No event\n\n");
        out.push_str(header(desk_column));
        return;
    };
    let event_id = reference.id.as_str();
    let event = reference.target.map(|ix| corpus.event(ix));
    match event.and_then(|e| e.title.as_ref()) {
        Some(title) => {
            let _ = writeln!(out, "\n## `{event_id}`: {}\n", escape(&title.value));
        }
        None => {
            let _ = writeln!(out, "\n## `{event_id}`\n");
        }
    }
    let when_where: Vec<String> = event
        .into_iter()
        .flat_map(|e| {
            [
                e.date.as_ref().map(|d| d.value.to_string()),
                e.place.as_ref().map(|p| escape(&p.value)),
            ]
        })
        .flatten()
        .collect();
    if !when_where.is_empty() {
        let _ = writeln!(out, "{}\n", when_where.join(" · "));
    }
    out.push_str(header(desk_column));
}

/// Writes the selected claims as Markdown: the summary, then a table per event (events by id,
/// then the claims without one, each table's claims by id) or, when the claims come in a given
/// order, one table in that order. Rows are rendered a batch at a time ([`Doc::stream`]); the
/// counts come from the assessment, and each table's list of where its evidence can be read
/// waits for the table's end as a few numbers per item.
fn write_doc(doc: &Doc<'_>, out: &mut (dyn Write + Send)) -> std::io::Result<()> {
    let corpus = doc.corpus;
    let listing = &doc.options.listing;
    let as_of = doc.assessment.as_of;
    let shown = doc.shown();
    let mut head = String::new();
    let _ = writeln!(head, "# Claims as of {as_of}\n");
    // The status table counts the whole selection, as the summary line does.
    let summary = listing.all.unwrap_or(shown);
    let _ = writeln!(head, "{}.\n", listing_summary(&shown, as_of, listing));
    head.push_str("| status | claims |\n|---|---:|\n");
    for status in Status::ALL {
        let _ = writeln!(head, "| {} | {} |", status.as_str(), summary.get(status));
    }
    if doc.claims.is_empty() {
        head.push_str("\nNo claims match.\n");
        return out.write_all(head.as_bytes());
    }
    let desk_column = doc
        .claims
        .iter()
        .any(|c| corpus.claims[c.get()].desk.is_some());
    let given = listing.given_order;
    let order = if given {
        // One table in the order given (`--sort status|score`), each row naming its event.
        head.push_str("\n## Claims\n\n");
        head.push_str(&header_with_event(desk_column));
        doc.claims.to_vec()
    } else {
        // By event, then claim id (stable: duplicate ids keep selection order).
        let mut order = doc.claims.to_vec();
        order.sort_by(|&a, &b| {
            group_key(corpus, a)
                .cmp(&group_key(corpus, b))
                .then_with(|| {
                    corpus.claims[a.get()]
                        .id
                        .value
                        .cmp(&corpus.claims[b.get()].id.value)
                })
        });
        order
    };
    out.write_all(head.as_bytes())?;
    let render = |v: &Verdict| {
        let mut text = String::new();
        row(&mut text, corpus, v, desk_column, given);
        (v.claim, text, readable(corpus, v))
    };
    // The current group's key and the items its list will give.
    let mut group: Option<(bool, Option<&str>)> = None;
    let mut items: Vec<Readable> = Vec::new();
    let mut text = String::new();
    let mut write = |(claim, row, mut readable): (ClaimIx, String, Vec<Readable>)| {
        text.clear();
        let key = group_key(corpus, claim);
        if !given && group != Some(key) {
            links_list(&mut *out, corpus, &items)?;
            items.clear();
            group = Some(key);
            group_heading(&mut text, corpus, claim, desk_column);
        }
        text.push_str(&row);
        items.append(&mut readable);
        out.write_all(text.as_bytes())
    };
    doc.stream(&order, &render, &mut write)?;
    links_list(out, corpus, &items)
}

/// GitHub-flavoured Markdown.
pub struct Markdown;

/// GitHub-flavoured Markdown.
pub static MARKDOWN: Markdown = Markdown;

impl super::format::Format for Markdown {
    fn name(&self) -> &'static str {
        "markdown"
    }
    fn summary(&self) -> &'static str {
        "GitHub-flavoured Markdown, a table per event (for $GITHUB_STEP_SUMMARY and editorial docs)."
    }
    fn write(&self, doc: &Doc<'_>, out: &mut (dyn Write + Send)) -> std::io::Result<()> {
        write_doc(doc, out)
    }
}

#[cfg(test)]
mod tests {
    use super::{escape, link};

    #[test]
    fn links_go_where_the_file_says_and_only_to_web_addresses() {
        assert_eq!(
            link("t", "https://x.example/a_(b)?c=1&d=[2]"),
            "[t](https://x.example/a_\\(b\\)?c=1\\&d=\\[2\\])"
        );
        assert_eq!(link("t", "javascript:alert(1)"), "t (javascript:alert(1))");
        assert_eq!(
            link("t", "https://x.example/\"><script>"),
            "[t](https://x.example/\\\"\\>\\<script\\>)"
        );
    }

    #[test]
    fn cells_cannot_break_rows_or_inject_html() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("a\\|b"), "a\\\\\\|b");
        assert_eq!(
            escape("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(escape("one\ntwo"), "one<br>two");
        assert_eq!(escape("one\r\ntwo\rthree"), "one<br>two\\\\u{d}three");
        assert_eq!(escape("\u{1b}[2J"), "\\\\u{1b}\\[2J");
        assert_eq!(escape("Tom & Jerry"), "Tom &amp; Jerry");
    }

    #[test]
    fn bare_autolinks_and_block_markers_are_escaped() {
        assert_eq!(escape("see https://x.example/"), "see https\\://x.example/");
        assert_eq!(escape("www.x.example"), "www\\.x.example");
        assert_eq!(escape("a@x.example"), "a\\@x.example");
        assert_eq!(escape("~~no~~"), "\\~\\~no\\~\\~");
        assert_eq!(escape("# a - b"), "\\# a - b");
        assert_eq!(escape("12. x 3. y"), "12\\. x 3. y");
        assert_eq!(escape("  - x"), "&#32;&#32;\\- x");
        assert_eq!(escape("1234567890. x"), "1234567890. x");
        assert_eq!(escape("10:30 a.m."), "10:30 a.m.");
    }
}
