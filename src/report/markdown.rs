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
//! whose destination is escaped by [`destination`]; anything else as text) and the document's
//! title, dates, capture hash and language.
//!
//! User text (claim texts, event titles and places) is made terminal-safe first
//! ([`super::terminal_safe`]: control and bidi characters become visible `\u{…}` escapes), then
//! escaped for Markdown ([`escape`]): `|`, `\` and the inline-markup characters `` ` `` `*` `_`
//! `[` `]` `~` `@` get a backslash, and so do the dot of `www.` and the colon of `://` (GitHub's
//! bare autolinks) and a block marker starting the text; `<`, `>` and `&` become entities, and
//! line breaks become `<br>`, so a row never breaks, no link, image or HTML gets through and the
//! text reads as written.

use super::view::{canonical_items, selection_summary, web_url, DeskView, Links, Summary};
use super::{estimative, terminal_safe, Selection};
use crate::model::Corpus;
use crate::score::{Status, Verdict};
use std::collections::BTreeMap;
use std::fmt::Write as _;

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

/// The list under an event's table of where its claims' evidence can be read: one item per
/// evidence item with a link or a document, in the canonical evidence order. Nothing when no
/// item has either.
fn links_list(out: &mut String, corpus: &Corpus, verdicts: &[&Verdict]) {
    let mut lines = Vec::new();
    for v in verdicts {
        let claim = &corpus.claims[v.claim.get()];
        for (item, e) in canonical_items(corpus, v) {
            let links = Links::of(corpus, e);
            if links.is_empty() {
                continue;
            }
            let source = corpus.source(item.source);
            let mut line = format!(
                "- `{}`: {} {}",
                claim.id.value,
                escape(source.display_name()),
                item.stance
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
            lines.push(line);
        }
    }
    if !lines.is_empty() {
        out.push_str("\nWhere the evidence can be read:\n\n");
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
    }
}

/// Renders the selected claims as Markdown.
pub fn render(corpus: &Corpus, selection: &Selection<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Claims as of {}\n", selection.as_of);
    // The status table counts the whole selection, as the summary line does.
    let summary = selection
        .listing
        .all
        .unwrap_or_else(|| Summary::of(selection.verdicts.iter().map(|v| v.status)));
    let _ = writeln!(out, "{}.\n", selection_summary(selection));
    out.push_str("| status | claims |\n|---|---:|\n");
    for status in Status::ALL {
        let _ = writeln!(out, "| {} | {} |", status.as_str(), summary.get(status));
    }
    if selection.verdicts.is_empty() {
        out.push_str("\nNo claims match.\n");
        return out;
    }

    let desk_column = selection
        .verdicts
        .iter()
        .any(|v| DeskView::of(corpus, v).is_some());
    if selection.listing.given_order {
        // One table in the order given (`--sort status|score`), each row naming its event.
        out.push_str("\n## Claims\n\n");
        out.push_str(&header_with_event(desk_column));
        for v in &selection.verdicts {
            row(&mut out, corpus, v, desk_column, true);
        }
        links_list(&mut out, corpus, &selection.verdicts);
        return out;
    }
    // Events by id; `None` (no event) sorts first in a BTreeMap, so it is written last below.
    let mut groups: BTreeMap<Option<&str>, Vec<&Verdict>> = BTreeMap::new();
    for v in &selection.verdicts {
        let claim = &corpus.claims[v.claim.get()];
        groups
            .entry(claim.event.as_ref().map(|e| e.id.as_str()))
            .or_default()
            .push(v);
    }
    for verdicts in groups.values_mut() {
        verdicts.sort_by(|a, b| {
            corpus.claims[a.claim.get()]
                .id
                .value
                .cmp(&corpus.claims[b.claim.get()].id.value)
        });
    }
    let no_event = groups.remove(&None);
    for (event_id, verdicts) in &groups {
        let Some(event_id) = event_id else { continue };
        let event = verdicts.first().and_then(|v| {
            corpus.claims[v.claim.get()]
                .event
                .as_ref()
                .and_then(|r| r.target)
                .map(|ix| corpus.event(ix))
        });
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
        for v in verdicts {
            row(&mut out, corpus, v, desk_column, false);
        }
        links_list(&mut out, corpus, verdicts);
    }
    if let Some(verdicts) = no_event {
        out.push_str("\n## No event\n\n");
        out.push_str(header(desk_column));
        for v in &verdicts {
            row(&mut out, corpus, v, desk_column, false);
        }
        links_list(&mut out, corpus, &verdicts);
    }
    out
}

super::format::whole_format!(
    /// GitHub-flavoured Markdown.
    MARKDOWN, Markdown, "markdown", "GitHub-flavoured Markdown, a table per event (for $GITHUB_STEP_SUMMARY and editorial docs).",
    |doc, selection, verdicts| render(doc.corpus, &selection)
);

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
