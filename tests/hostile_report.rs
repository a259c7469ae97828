//! `report --format markdown` on claim texts, event titles and places written to inject markup:
//! the output is parsed with a real CommonMark/GFM parser (pulldown-cmark, every extension on),
//! and no link, image, footnote or HTML may come out of user text. pulldown-cmark has no GFM
//! extended autolinks (bare `www.`, `https://`, e-mail addresses), so for those the escaped text
//! is checked precisely: every character that triggers one in GitHub's parser is escaped.

mod common;

use common::{corpus, file, sources};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};

/// Payloads that would be a link, an image, an autolink, a footnote or HTML if written raw.
const PAYLOADS: &[&str] = &[
    "[x](javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](javascript&#58;alert(1))",
    "![](https://evil.example/pixel.png)",
    "!\\[x](https://evil.example/pixel.png)",
    "\\[x\\](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<https://evil.example/>",
    "<evil@evil.example>",
    "https://evil.example/x?y=1",
    "www.evil.example",
    "WWW.evil.example",
    "javascript:alert(1)",
    "evil@evil.example",
    "mailto:evil@evil.example",
    "xmpp:evil@evil.example",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<!-- hidden -->",
    "<?php x ?>",
    "<![CDATA[x]]>",
    "&lt;b&gt;bold&lt;/b&gt;",
    "&#60;img src=x&#62;",
    "&#x3C;img&#x3E;",
    "[x]: javascript:alert(1)\n[x]",
    "[x][x] and [x]",
    "footnote[^1]\n[^1]: javascript:alert(1)",
    "[[javascript:alert(1)]]",
    "[[https://evil.example|click]]",
    "`code` [x](y) `code`",
    "a\\\n[x](javascript:alert(1))",
    // Block markup, which a place starting a line would otherwise open.
    "# heading",
    "- item",
    "+ item",
    "1. item",
    "> quote",
    "---",
    "===",
    "    indented",
    "~~~ fence",
    "~~struck~~",
    "| a | b |\n|---|---|",
];

/// The claims file: one claim per payload (its text), under an event whose title and place hold
/// payloads too.
fn claims_file(event: &str, date: bool, title: &str, place: &str) -> String {
    let mut text = format!(
        "[event]\nid = \"{event}\"\ntitle = {}\nplace = {}\n",
        toml_string(title),
        toml_string(place)
    );
    if date {
        text.push_str("date = 2025-07-14\n");
    }
    for (i, payload) in PAYLOADS.iter().enumerate() {
        text.push_str(&format!(
            "\n[[claim]]\nid = \"{event}.c{i}\"\ntext = {}\n[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\ndate = 2025-07-14\n",
            toml_string(payload)
        ));
    }
    text
}

/// A TOML basic string holding `s`.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The Markdown report of a corpus with every payload as a claim text, event title and place
/// (the place also starting a line, for an event without a date).
fn markdown() -> String {
    let mut entries = vec![sources()];
    let files: Vec<(&'static str, String)> = PAYLOADS
        .iter()
        .enumerate()
        .map(|(i, payload)| {
            let name: &'static str = Box::leak(format!("claims/e{i:02}.toml").into_boxed_str());
            let body = claims_file(&format!("e{i:02}"), i % 2 == 0, payload, payload);
            (name, body)
        })
        .collect();
    for (name, body) in &files {
        entries.push(file(name, body));
    }
    let corpus = corpus(&entries);
    let check = common::corroborate(corpus.path(), &["check", "."]);
    assert_eq!(check.code, 0, "the corpus is valid:\n{}", check.stderr);
    let run = common::corroborate(
        corpus.path(),
        &[
            "report",
            ".",
            "--format",
            "markdown",
            "--as-of",
            "2025-07-20",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn no_link_image_footnote_or_html_comes_from_user_text() {
    let md = markdown();
    let (mut rows, mut tables, mut headings) = (0, 0, 0);
    let mut text = String::new();
    for event in Parser::new_ext(&md, Options::all()) {
        match &event {
            Event::Start(Tag::Link { dest_url, .. }) => panic!("a link to {dest_url:?}"),
            Event::Start(Tag::Image { dest_url, .. }) => {
                panic!("an image from {dest_url:?}")
            }
            Event::Start(Tag::HtmlBlock) | Event::Html(_) => panic!("an HTML block: {event:?}"),
            // The report's own line breaks in cells are the only HTML it writes.
            Event::InlineHtml(html) if html.as_ref() != "<br>" => {
                panic!("inline HTML {html:?}")
            }
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)) => {
                panic!("a footnote: {event:?}")
            }
            // Structure is the report's own: its headings, its tables, nothing else.
            Event::Start(Tag::Heading { level, .. }) => {
                assert!(
                    matches!(level, HeadingLevel::H1 | HeadingLevel::H2),
                    "{event:?}"
                );
                headings += 1;
            }
            Event::Start(
                Tag::List(_)
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::Strikethrough
                | Tag::Emphasis
                | Tag::Strong
                | Tag::Superscript
                | Tag::Subscript
                | Tag::DefinitionList
                | Tag::MetadataBlock(_),
            )
            | Event::Rule
            | Event::TaskListMarker(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => panic!("markup from user text: {event:?}"),
            Event::Start(Tag::Table(_)) => tables += 1,
            Event::Start(Tag::TableRow) => rows += 1,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    // Every claim's row is still there: the statuses' five, then one per claim.
    assert_eq!(rows, 5 + PAYLOADS.len() * PAYLOADS.len(), "{md}");
    assert_eq!(tables, 1 + PAYLOADS.len(), "{md}");
    assert_eq!(headings, 1 + PAYLOADS.len(), "{md}");
    // The texts read as written: the escapes are invisible once parsed.
    for payload in [
        "javascript:alert(1)",
        "www.evil.example",
        "evil@evil.example",
    ] {
        assert!(text.contains(payload), "{payload} not shown as text");
    }
}

/// GitHub also links bare `www.`, `http(s)://` and e-mail addresses (and `mailto:`/`xmpp:` ones,
/// which need an `@`). Its parser only starts one at an unescaped `www.`, `://` or `@`: each of
/// those must be escaped wherever user text goes.
#[test]
fn bare_autolinks_are_escaped() {
    let md = markdown();
    let lower = md.to_ascii_lowercase();
    for trigger in ["www.", "://", "@"] {
        for (at, _) in lower.match_indices(trigger) {
            // The escaped character: the dot of `www.`, the colon, the at sign.
            let escaped = if trigger == "www." { at + 3 } else { at };
            assert!(
                md[..escaped].ends_with('\\'),
                "unescaped {trigger:?} at byte {at}: {:?}",
                &md[at.saturating_sub(30)..(at + 30).min(md.len())]
            );
        }
    }
    assert!(md.contains("https\\://evil.example/x?y=1"), "{md}");
    assert!(md.contains("www\\.evil.example"), "{md}");
    assert!(md.contains("WWW\\.evil.example"), "{md}");
    assert!(md.contains("evil\\@evil.example"), "{md}");
}
