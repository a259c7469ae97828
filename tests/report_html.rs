//! `report --format html` without a browser: the page is self-contained, carries every claim
//! once as data its script draws, keeps every piece of corpus text inert (escaped JSON inside
//! `application/json` blocks, escaped markup elsewhere), stays smaller than the JSON report, and
//! is deterministic. (In a real browser: `scripts/html-check.sh`.)

mod common;

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen;

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

/// Everything outside `<style>` and `<script>` elements (the code and the data blocks).
fn markup(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    loop {
        let next = ["<style>", "<script"]
            .iter()
            .filter_map(|t| rest.find(t).map(|i| (i, *t)))
            .min();
        let Some((i, tag)) = next else {
            out.push_str(rest);
            return out;
        };
        let open_end = rest[i..].find('>').expect("tag closes") + i + 1;
        out.push_str(&rest[..open_end]);
        let close = if tag == "<style>" {
            "</style>"
        } else {
            "</script>"
        };
        let end = rest[i..].find(close).expect("closed") + i;
        rest = &rest[end..];
    }
}

/// The page's data: the `data` block, and every claim's row and derivation, in page order,
/// each block parsed as JSON (which also checks that it is JSON). Every block's text is free of
/// `<`, `>`, `&` and U+2028/U+2029, so nothing in it can end the block or open a comment.
struct Data {
    meta: serde_json::Value,
    rows: Vec<serde_json::Value>,
    more: Vec<serde_json::Value>,
}

fn data(html: &str) -> Data {
    let mut meta = None;
    let (mut rows, mut more) = (Vec::new(), Vec::new());
    let mut rest = html;
    while let Some(i) = rest.find("<script type=\"application/json\"") {
        let after = &rest[i..];
        let open_end = after.find('>').expect("tag closes");
        let tag = &after[..open_end];
        let end = after.find("</script>").expect("block closes");
        let body = &after[open_end + 1..end];
        assert!(
            !body.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
            "a raw <, >, & or line separator in a data block"
        );
        let value: serde_json::Value = serde_json::from_str(body).expect("a data block is JSON");
        if tag.contains("id=\"data\"") {
            assert!(meta.is_none(), "one data block");
            meta = Some(value);
        } else if tag.contains("class=\"rows\"") {
            rows.extend(value.as_array().expect("an array of rows").iter().cloned());
        } else if tag.contains("class=\"more\"") {
            more.extend(
                value
                    .as_array()
                    .expect("an array of derivations")
                    .iter()
                    .cloned(),
            );
        } else {
            panic!("unexpected data block {tag}");
        }
        rest = &after[end..];
    }
    let meta = meta.expect("a data block");
    assert_eq!(rows.len(), more.len(), "a derivation per row");
    assert_eq!(meta["claims"], rows.len());
    Data { meta, rows, more }
}

impl Data {
    /// Row `i`'s claim id.
    fn id(&self, i: usize) -> &str {
        self.rows[i][0].as_str().expect("an id")
    }

    /// Row `i`'s status word.
    fn status(&self, i: usize) -> &str {
        let rank = self.rows[i][2].as_u64().expect("a status") as usize;
        self.meta["statuses"][rank][0]
            .as_str()
            .expect("a status word")
    }

    /// Claim `i`'s derivation, its phrases looked up.
    fn derivation(&self, i: usize) -> String {
        let phrases = self.meta["phrases"].as_array().expect("phrases");
        self.more[i][0]
            .as_array()
            .expect("pieces")
            .iter()
            .map(|p| match p {
                serde_json::Value::Number(n) => phrases[n.as_u64().expect("an index") as usize]
                    .as_str()
                    .expect("a phrase")
                    .to_owned(),
                serde_json::Value::String(s) => s.clone(),
                other => panic!("a piece is text or a phrase: {other}"),
            })
            .collect()
    }
}

const TAGS: &[&str] = &[
    "html", "head", "meta", "title", "style", "body", "header", "h1", "p", "span", "form",
    "fieldset", "legend", "label", "input", "select", "option", "button", "table", "thead",
    "tbody", "tr", "th", "td", "code", "br", "abbr", "strong", "ul", "li", "details", "summary",
    "div", "pre", "q", "a", "footer", "script", "noscript", "datalist", "main",
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
    "aria-rowcount",
    "aria-rowindex",
    "aria-describedby",
    "list",
    "autocomplete",
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
    assert_eq!(html.matches("<script>").count(), 1, "one inline script");
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script>").count()
            + html.matches("<script type=\"application/json\"").count(),
        "every other script element is a data block"
    );
    assert_eq!(
        html.matches("<script").count(),
        html.matches("</script>").count(),
        "every script element closes where it should"
    );
    assert!(!html.contains("<script src"), "the script has no src");
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
    let script = code(html).to_ascii_lowercase();
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
    // No link in the markup: the script makes links, from the data's web addresses only.
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
    assert!(
        !markup(html).contains("http://") && !markup(html).contains("https://"),
        "no address in the markup"
    );
    // Every address in the data is a web address, where a link is made of it: a source's
    // page (`sources[][3]`) and an evidence item's links (`[source, label, url, archive]`).
    let d = data(html);
    for s in d.meta["sources"].as_array().expect("sources") {
        assert!(s[3].is_null() || web(&s[3]), "{s}");
    }
    for m in &d.more {
        for l in m[1].as_array().expect("links") {
            assert!(l[2].is_null() || web(&l[2]), "{l}");
            assert!(l[3].is_null() || web(&l[3]), "{l}");
        }
    }
}

/// Whether `v` is an `http:`/`https:` address.
fn web(v: &serde_json::Value) -> bool {
    v.as_str()
        .is_some_and(|u| u.starts_with("https://") || u.starts_with("http://"))
}

/// The page's one inline script (its code, not its data).
fn code(html: &str) -> &str {
    let start = html.find("<script>").expect("a script") + "<script>".len();
    let end = html[start..].find("</script>").expect("it closes") + start;
    &html[start..end]
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
    // Every claim once, as data, sorted by id, with what the JSON report says of it.
    let d = data(&html);
    let ids: Vec<&str> = claims.iter().map(|c| c["id"].as_str().unwrap()).collect();
    let rows: Vec<&str> = (0..d.rows.len()).map(|i| d.id(i)).collect();
    assert_eq!(rows, ids, "every claim, one row each, sorted by id");
    for (i, c) in claims.iter().enumerate() {
        let row = &d.rows[i];
        assert_eq!(d.status(i), c["status"], "{}", ids[i]);
        assert_eq!(row[1], c["text"]);
        assert_eq!(row[3], c["code"]);
        assert_eq!(row[4], c["score"]);
        let est = row[6].as_u64().unwrap() as usize;
        assert_eq!(d.meta["estimative"][est], c["estimative"]);
        assert_eq!(row[7], c["origins"]["supporting"]);
        assert_eq!(row[8], c["origins"]["opposing"]);
        let rules: Vec<&serde_json::Value> =
            row[11].as_array().unwrap().iter().map(|r| &r[0]).collect();
        let want: Vec<&serde_json::Value> = c["rules"].as_array().unwrap().iter().collect();
        assert_eq!(rules, want, "{}", ids[i]);
        assert_eq!(row[15], c["evidence"].as_array().unwrap().len());
        // The derivation is `explain`'s, from its verdict line on.
        let derivation = d.derivation(i);
        assert!(
            derivation.contains("\nVerdict as of 2025-07-20: "),
            "{derivation}"
        );
        let status = c["status"].as_str().unwrap().to_uppercase();
        assert!(
            derivation.contains(&format!(": {status} \u{b7} ")),
            "{derivation}"
        );
    }
    // The summary line, the day, the count line.
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
    assert!(html.contains(&format!(
        "<p class=\"shown\" id=\"shown\" aria-live=\"polite\">{n} of {n} claims shown</p>",
        n = claims.len()
    )));
    assert!(html.contains("<title>Claims as of 2025-07-20"));
    assert!(html.contains("<noscript>"), "a note without JavaScript");
    // One main landmark holds the filters and the table (axe's landmark-one-main and region).
    assert_eq!(elements(&html, "main").len(), 1);
    let main_at = html.find("<main>").expect("a main landmark");
    let main_end = html.find("</main>").expect("the main landmark closes");
    let table_at = html.find("<table id=\"claims\"").expect("the claims table");
    assert!(
        main_at < table_at && table_at < main_end,
        "the table is inside <main>"
    );
    // A real table: a header of seven sortable columns, rows drawn into it.
    assert!(html.contains("<table id=\"claims\" class=\"claims\""));
    assert_eq!(elements(&html, "th").len(), 7);
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
    let d = data(&confirmed);
    let rows = d.rows.len();
    assert!(rows >= 1);
    assert!((0..rows).all(|i| d.status(i) == "confirmed"));
    assert!(confirmed.contains(&format!("{rows} of {rows} claims shown")));
}

/// A generated corpus of a few thousand claims: the page holds every claim once and is smaller
/// than the JSON report of the same claims.
#[test]
fn a_generated_corpus_is_smaller_than_its_json_report() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    gen::generate(dir.path(), 3000, 1).expect("generates");
    let args = ["--as-of", "2026-01-01"];
    let html = html_in(dir.path(), &args);
    let run = common::corroborate(
        dir.path(),
        &[&["report", ".", "--format", "json"][..], &args].concat(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.stdout;
    assert!(
        html.len() < json.len(),
        "HTML {} bytes, JSON {} bytes",
        html.len(),
        json.len()
    );
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let d = data(&html);
    let ids: Vec<&str> = report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3000);
    assert_eq!((0..d.rows.len()).map(|i| d.id(i)).collect::<Vec<_>>(), ids);
    // Derivations in two batches at least, each claim's complete.
    assert!(html.contains("id=\"more-1\""));
    assert!((0..d.rows.len()).all(|i| d.derivation(i).contains("\nRules\n")));
    assert_self_contained(&html);
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
    // Nothing the corpus wrote becomes markup or script: not even `</script>` inside the data
    // (which would end its block and start markup).
    for raw in [
        "<script>alert",
        "</script> ",
        "</script><script>",
        "<img",
        "</pre><script>",
        "\" onmouseover=\"",
        "href=\"javascript:",
        "href=",
        "\"double\"",
        "& amp",
    ] {
        assert!(!html.contains(raw), "raw {raw:?} in the page");
    }
    // A quote is harmless in JSON data, but never raw in the markup (where it could end an
    // attribute).
    assert!(!markup(&html).contains("'single'"));
    // No terminal escape or bidi override survives, raw, as a character reference or as a
    // JSON escape.
    assert!(!html.contains('\u{1b}'));
    assert!(!html.contains('\u{202E}'));
    let lower = html.to_ascii_lowercase();
    for reference in [
        "&#x1b;", "&#27;", "&#x202e;", "&#8238;", "\\u001b", "\\u202e",
    ] {
        assert!(!lower.contains(reference), "{reference}");
    }
    // What is there instead: in the markup, the same text escaped and made visible (the filter
    // options); in the data, the text made visible, as JSON with `<`, `>`, `&` escaped.
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;double&quot; &#39;single&#39; &amp; amp \\u{1b}[2J \\u{202e}gnp.exe";
    assert!(html.contains(&format!(
        "<option value=\"ev\">ev \u{2014} Event {escaped}</option>"
    )));
    assert!(html
        .contains("Local &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;img src=x onerror=alert(3)&gt;"));
    let visible = "<script>alert(1)</script> \"double\" 'single' & amp \\u{1b}[2J \\u{202e}gnp.exe";
    assert!(html.contains(
        "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\\"double\\\" 'single' \\u0026 amp \\\\u{1b}[2J \\\\u{202e}gnp.exe"
    ));
    let d = data(&html);
    assert_eq!(d.rows.len(), 1);
    assert_eq!(d.id(0), "hostile");
    assert_eq!(d.rows[0][1], visible, "the claim's text, made visible");
    assert_eq!(d.meta["events"][0][1], format!("Event {visible}"));
    let derivation = d.derivation(0);
    assert!(
        derivation.contains(&format!("RFI {visible}")),
        "{derivation}"
    );
    assert!(derivation
        .contains("quote [fr\" onmouseover=\"alert(6)]: \u{ab}</pre><script>alert(5)</script> "));
    // A javascript: URL is never an address to link to; a web URL is, as data the script
    // sets as an attribute (never markup).
    let sources = d.meta["sources"].as_array().unwrap();
    let url = |id: &str| sources.iter().find(|s| s[0] == id).map(|s| s[3].clone());
    assert_eq!(url("rfi"), Some(serde_json::Value::Null));
    assert_eq!(
        url("local"),
        Some(serde_json::json!(
            "https://example.org/a?b=1&c=\"><script>alert(4)</script>"
        ))
    );
    assert!(
        !html.contains("javascript:"),
        "a javascript: URL is not even shown"
    );
    // The script carries no corpus data at all.
    let script = code(&html);
    for word in ["hostile", "alert(", "example.org", "gnp"] {
        assert!(!script.contains(word), "{word} in the script");
    }
    // The script puts data in the page as text or attributes, never as markup.
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ] {
        assert!(!script.contains(sink), "{sink} in the script");
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
    let d = data(&html);
    assert!(d.rows.is_empty());
    assert!(!html.contains("class=\"rows\""));
}
