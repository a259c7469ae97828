//! `report --format html` without a browser: the page is self-contained, shows every claim,
//! escapes every piece of corpus text wherever it lands, and is deterministic. (In a real
//! browser: `scripts/html-check.sh`.)

mod common;

use assert_cmd::Command;
use common::{corpus, file};
use std::path::Path;

fn example(args: &[&str]) -> String {
    let out = Command::cargo_bin("corroborate")
        .expect("binary builds")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CORROBORATE_TODAY", "2025-07-20")
        .env("NO_COLOR", "1")
        .args(["report", "--as-of", "2025-07-20"])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn html_in(dir: &Path, args: &[&str]) -> String {
    let run = common::corroborate(dir, &[&["report", ".", "--format", "html"], args].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// The content of every `<tag …>…</tag>` element, in order.
fn elements<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i..];
        let body_start = after.find('>').expect("tag closes") + 1;
        let end = after.find(&close).expect("element closes");
        out.push(&after[body_start..end]);
        rest = &after[end + close.len()..];
    }
    out
}

/// Everything outside `<style>` and `<script>` elements.
fn markup(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    loop {
        let next = ["<style>", "<script>"]
            .iter()
            .filter_map(|t| rest.find(t).map(|i| (i, *t)))
            .min();
        let Some((i, tag)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i + tag.len()]);
        let close = if tag == "<style>" {
            "</style>"
        } else {
            "</script>"
        };
        let end = rest[i..].find(close).expect("closed") + i;
        rest = &rest[end..];
    }
}

const TAGS: &[&str] = &[
    "html", "head", "meta", "title", "style", "body", "header", "h1", "p", "span", "form",
    "fieldset", "legend", "label", "input", "select", "option", "button", "table", "thead",
    "tbody", "tr", "th", "td", "code", "br", "abbr", "strong", "ul", "li", "details", "summary",
    "div", "pre", "q", "a", "footer", "script",
];

const ATTRIBUTES: &[&str] = &[
    "lang",
    "charset",
    "name",
    "content",
    "class",
    "id",
    "hidden",
    "aria-label",
    "aria-hidden",
    "aria-live",
    "aria-sort",
    "type",
    "value",
    "checked",
    "placeholder",
    "scope",
    "colspan",
    "title",
    "dir",
    "href",
    "rel",
    "target",
];

/// Tokenises every tag of the markup and checks that each is a tag the renderer writes, with
/// attributes it writes, all values double-quoted and free of `<`, `>` and `"`: injected markup
/// or attributes would show up as an unknown tag or attribute.
fn assert_well_formed(html: &str) {
    let text = markup(html);
    let mut rest = text.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').expect("every tag closes");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag == "!DOCTYPE html" {
            continue;
        }
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let name_end = tag.find([' ', '\n']).unwrap_or(tag.len());
        let name = &tag[..name_end];
        assert!(TAGS.contains(&name), "unexpected tag <{name}> in {tag:?}");
        let mut attrs = tag[name_end..].trim();
        while !attrs.is_empty() {
            let key_end = attrs.find(['=', ' ']).unwrap_or(attrs.len());
            let key = &attrs[..key_end];
            assert!(
                ATTRIBUTES.contains(&key) || key.starts_with("data-"),
                "unexpected attribute {key:?} in <{tag}>"
            );
            attrs = &attrs[key_end..];
            if let Some(value) = attrs.strip_prefix("=\"") {
                let close = value.find('"').expect("attribute value closes");
                let v = &value[..close];
                assert!(!v.contains(['<', '>']), "raw markup in {key}={v:?}");
                attrs = &value[close + 1..];
            }
            attrs = attrs.trim_start();
        }
    }
}

fn assert_self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.trim_end().ends_with("</html>"));
    assert_eq!(elements(html, "style").len(), 1, "one inline style sheet");
    assert_eq!(html.matches("<script").count(), 1, "one inline script");
    assert!(html.contains("<script>"), "the script has no src");
    // No element that loads anything (escaped text cannot start a tag, so this looks at markup);
    // `src` is not among the attributes `assert_well_formed` accepts.
    let lower = html.to_ascii_lowercase();
    for banned in [
        "<link", "<img", "<iframe", "<object", "<embed", "<base", "<video", "<audio",
    ] {
        assert!(!lower.contains(banned), "page must not contain {banned:?}");
    }
    let style = elements(html, "style").concat().to_ascii_lowercase();
    for banned in ["@import", "url(", "@font-face", "//"] {
        assert!(
            !style.contains(banned),
            "style sheet must not contain {banned:?}"
        );
    }
    let script = elements(html, "script").concat().to_ascii_lowercase();
    for banned in [
        "fetch(",
        "xmlhttprequest",
        "import(",
        "http",
        ".src",
        "websocket",
        "eventsource",
        "sendbeacon",
    ] {
        assert!(
            !script.contains(banned),
            "script must not contain {banned:?}"
        );
    }
    // The only addresses are the sources' own, shown as links to follow by hand.
    let mut rest = html;
    while let Some(i) = rest.find("href=\"") {
        let before = &rest[..i];
        assert!(
            before.ends_with("<a class=\"url\" "),
            "an href outside a source link: {}",
            &rest[i.saturating_sub(40)..(i + 60).min(rest.len())]
        );
        let value = &rest[i + 6..];
        assert!(
            value.starts_with("https://") || value.starts_with("http://"),
            "{}",
            &value[..40.min(value.len())]
        );
        rest = value;
    }
    let mut stripped = html.to_owned();
    while let Some(start) = stripped.find("<a class=\"url\"") {
        let end = stripped[start..].find("</a>").expect("link closes") + start + 4;
        stripped.replace_range(start..end, "");
    }
    // The derivations (`explain` as text) name the evidence's links in words; text loads
    // nothing.
    while let Some(start) = stripped.find("<pre class=\"explain\">") {
        let end = stripped[start..].find("</pre>").expect("pre closes") + start + 6;
        stripped.replace_range(start..end, "");
    }
    assert!(
        !stripped.contains("http://") && !stripped.contains("https://"),
        "no other address in the page"
    );
}

#[test]
fn example_report_is_self_contained_and_complete() {
    let html = example(&["--format", "html"]);
    assert_self_contained(&html);
    assert_well_formed(&html);
    let report: serde_json::Value =
        serde_json::from_str(&example(&["--format", "json"])).expect("JSON");
    let claims = report["claims"].as_array().expect("claims");
    assert!(claims.len() >= 10, "the example corpus has claims");
    let rows: Vec<&str> = html
        .match_indices("<tbody class=\"claim ")
        .map(|(i, _)| {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            let id = tag.split("data-id=\"").nth(1).unwrap();
            &id[..id.find('"').unwrap()]
        })
        .collect();
    let ids: Vec<&str> = claims.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(rows, ids, "every claim, one row group each, sorted by id");
    for c in claims {
        let id = c["id"].as_str().unwrap();
        let status = c["status"].as_str().unwrap();
        assert!(
            html.contains(&format!(
                "<tbody class=\"claim st-{status}\" data-id=\"{id}\" data-status=\"{status}\""
            )),
            "{id} carries its status"
        );
        assert!(html.contains(&format!("<code class=\"id\">{id}</code>")));
        let code = c["code"].as_str().unwrap();
        assert!(
            html.contains(&format!("\">{code}</abbr>")),
            "{id}: code {code}"
        );
    }
    // The summary line, the day, the estimative words, the derivations.
    let summary = &report["summary"];
    assert!(html.contains(&format!(
        "<p class=\"summary\" id=\"summary\">{} claims as of 2025-07-20: {} confirmed, {} corroborated, {} unconfirmed, {} contested, {} refuted</p>",
        claims.len(),
        summary["confirmed"],
        summary["corroborated"],
        summary["unconfirmed"],
        summary["contested"],
        summary["refuted"]
    )));
    assert!(html.contains("<title>Claims as of 2025-07-20"));
    for c in claims {
        assert!(html.contains(c["estimative"].as_str().unwrap()));
    }
    assert_eq!(elements(&html, "details").len(), claims.len());
    assert_eq!(
        elements(&html, "pre").len(),
        claims.len(),
        "one derivation per claim"
    );
    assert!(html.contains("Verdict as of 2025-07-20: CONFIRMED"));
    // Filters are built from the data.
    for s in [
        "confirmed",
        "corroborated",
        "unconfirmed",
        "contested",
        "refuted",
    ] {
        assert!(html.contains(&format!(
            "<input type=\"checkbox\" name=\"status\" value=\"{s}\" checked>"
        )));
    }
    for c in claims {
        if let Some(event) = c["event"].as_str() {
            assert!(html.contains(&format!("<option value=\"{event}\">")));
        }
        for e in c["evidence"].as_array().unwrap() {
            let source = e["source"].as_str().unwrap();
            assert!(html.contains(&format!("<option value=\"{source}\">")));
        }
    }
    // Statuses read without colour: symbol and word together, and a print style sheet.
    for (symbol, word) in [
        ("\u{2714}", "confirmed"),
        ("\u{25C6}", "corroborated"),
        ("?", "unconfirmed"),
        ("\u{26A0}\u{FE0E}", "contested"),
        ("\u{2716}", "refuted"),
    ] {
        assert!(html.contains(&format!(
            "<span class=\"badge {word}\"><span class=\"sym\" aria-hidden=\"true\">{symbol}</span> {word}</span>"
        )));
    }
    for style in ["solid", "double", "dashed", "dotted"] {
        assert!(html.contains(&format!("border-left:6px {style}")));
    }
    assert!(html.contains("@media print{"));
}

#[test]
fn example_report_is_deterministic_and_follows_cli_filters() {
    let a = example(&["--format", "html"]);
    let b = example(&["--format", "html"]);
    assert!(a == b, "byte-identical output");
    let confirmed = example(&["--format", "html", "--status", "confirmed"]);
    let rows = confirmed.matches("<tbody class=\"claim ").count();
    assert!(rows >= 1);
    assert_eq!(
        rows,
        confirmed
            .matches("<tbody class=\"claim st-confirmed\"")
            .count()
    );
    assert!(confirmed.contains(&format!("{rows} of {rows} claims shown")));
}

/// Claim text, names, titles and quotes a hostile or careless contributor might write.
const HOSTILE: &str =
    "<script>alert(1)</script> \"double\" 'single' & amp \u{1b}[2J \u{202E}gnp.exe";

fn toml_escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' => "\\\"".to_owned(),
            '\\' => "\\\\".to_owned(),
            c if c.is_control() => format!("\\u{:04X}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

fn hostile_corpus() -> common::Corpus {
    let h = toml_escape(HOSTILE);
    let sources = format!(
        r#"[[actor]]
id = "fla"
[[source]]
id = "rfi"
name = "RFI {h}"
kind = "media"
reliability = "B"
url = "javascript:alert(2)"
[[source]]
id = "local"
name = "Local </td></tr></table><img src=x onerror=alert(3)>"
kind = "local"
reliability = "C"
url = "https://example.org/a?b=1&c=\"><script>alert(4)</script>"
"#
    );
    let claims = format!(
        r#"[event]
id = "ev"
title = "Event {h}"
date = 2025-07-01

[[claim]]
id = "hostile"
text = "{h}"

[[claim.evidence]]
source = "rfi"
stance = "asserts"
date = 2025-07-02
quote = "</pre><script>alert(5)</script> {h}"
lang = "fr\" onmouseover=\"alert(6)"

[[claim.evidence]]
source = "local"
stance = "confirms"
date = 2025-07-03
"#
    );
    corpus(&[
        file("sources/s.toml", sources),
        file("claims/c.toml", claims),
    ])
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let c = hostile_corpus();
    let html = html_in(c.path(), &["--as-of", "2025-07-20"]);
    assert_self_contained(&html);
    assert_well_formed(&html);
    // Nothing the corpus wrote becomes markup or script.
    for raw in [
        "<script>alert",
        "</script> ",
        "<img",
        "</pre><script>",
        "\" onmouseover=\"",
        "href=\"javascript:",
        "'single'",
        "\"double\"",
        "& amp",
    ] {
        assert!(!html.contains(raw), "raw {raw:?} in the page");
    }
    // No terminal escape or bidi override survives, raw or as a character reference.
    assert!(!html.contains('\u{1b}'));
    assert!(!html.contains('\u{202E}'));
    let lower = html.to_ascii_lowercase();
    for reference in ["&#x1b;", "&#27;", "&#x202e;", "&#8238;"] {
        assert!(!lower.contains(reference), "{reference}");
    }
    // What is there instead: the same text, escaped and made visible, in every place it shows.
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;double&quot; &#39;single&#39; &amp; amp \\u{1b}[2J \\u{202e}gnp.exe";
    let places = html.matches(escaped).count();
    // Claim text cell, source name (evidence table and filter option), event title (attribute
    // and option), quote, and the derivation (claim text, source name, quote).
    assert!(places >= 7, "escaped text found in {places} places");
    assert!(html.contains(&format!("<td class=\"c-text\" dir=\"auto\">{escaped}</td>")));
    assert!(html.contains(&format!(" title=\"Event {escaped}\">event <code>ev</code>")));
    assert!(html.contains(&format!(
        "<option value=\"ev\">ev \u{2014} Event {escaped}</option>"
    )));
    assert!(html.contains("<q lang=\"fr&quot; onmouseover=&quot;alert(6)\" dir=\"auto\">&lt;/pre&gt;&lt;script&gt;alert(5)&lt;/script&gt; "));
    assert!(html
        .contains("Local &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;img src=x onerror=alert(3)&gt;"));
    // A javascript: URL is plain text; a web URL is a link, escaped inside and out.
    assert!(html.contains("<span class=\"url\">javascript:alert(2)</span>"));
    assert!(html.contains(
        "<a class=\"url\" href=\"https://example.org/a?b=1&amp;c=&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;\""
    ));
    // The script carries no corpus data at all.
    let script = elements(&html, "script").concat();
    for word in ["hostile", "alert(", "example.org", "gnp"] {
        assert!(!script.contains(word), "{word} in the script");
    }
    // The rendering is the same whatever the working directory: deterministic.
    assert_eq!(html, html_in(c.path(), &["--as-of", "2025-07-20"]));
}

#[test]
fn empty_selection_still_renders_a_page() {
    let c = hostile_corpus();
    let html = html_in(c.path(), &["--as-of", "2025-07-20", "--status", "refuted"]);
    assert_self_contained(&html);
    assert_well_formed(&html);
    assert!(html.contains("0 claims as of 2025-07-20"));
    assert!(html.contains("No claims match."));
    assert_eq!(html.matches("<tbody").count(), 0);
}
