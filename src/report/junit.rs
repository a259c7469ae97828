//! `report --format junit`: one testcase per publishable claim.
//!
//! CI systems read JUnit XML to show which checks failed. Each selected claim marked
//! `publish = true` is a testcase (`classname` its event id, else `corroborate`; `name` its claim
//! id), sorted by claim id. A testcase fails when its status is one of the `--fail-on` statuses;
//! the `<failure>` has `type` the status word and a body giving the claim's text, status, Admiralty
//! code, score and the rules that fired. Passing testcases carry the same lines in
//! `<system-out>`.
//!
//! A claim the desk publishes as a rating (`publish = "rating"`, a debunk) with a desk status is
//! judged by the gate on agreement instead: what is published is the desk's status, so the
//! testcase fails, once a gate is asked for (`--fail-on`), when the computed status differs
//! from the desk's (`type="rating"`, both statuses in the message), and passes when they agree,
//! whatever the `--fail-on` statuses (a debunk is meant to be refuted). Every testcase of a
//! claim with a desk verdict gives it in its body, with "the desk disagrees" when it does.
//!
//! Text is XML-escaped (`&`, `<`, `>`, `"`, `'`; line breaks and tabs inside attributes as
//! character references) and characters XML 1.0 forbids (C0 controls other than tab, line
//! feed and carriage return, U+FFFE, U+FFFF) are dropped, as are DEL and the C1 controls.

use super::estimative;
use super::format::Doc;
use super::view::DeskView;
use crate::model::{ClaimIx, Corpus};
use crate::score::{Status, Verdict};
use std::fmt::Write as _;

/// Whether `c` may appear in the output: XML 1.0 forbids C0 controls other than tab, line feed
/// and carriage return, and U+FFFE and U+FFFF; DEL and the C1 controls it only discourages are
/// dropped too, as a CI log printing them could be driven like a terminal (C1 `CSI`).
fn xml_char(c: char) -> bool {
    !(c.is_control() && !matches!(c, '\t' | '\n' | '\r') || matches!(c, '\u{fffe}' | '\u{ffff}'))
}

/// `text` escaped for XML element content or a double- or single-quoted attribute value.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars().filter(|c| xml_char(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// Like [`escape`], and line breaks and tabs as character references, which attribute-value
/// normalisation would otherwise turn into spaces.
fn escape_attr(text: &str) -> String {
    escape(text)
        .replace('\t', "&#9;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
}

fn details(corpus: &Corpus, v: &Verdict) -> String {
    let claim = &corpus.claims[v.claim.get()];
    let rules: Vec<&str> = v.findings.iter().map(|f| f.rule).collect();
    let mut desk_lines = String::new();
    if let Some(desk) = DeskView::of(corpus, v) {
        desk_lines.push_str(&format!("desk: {}", desk.verdict_words()));
        let who = desk.who_when();
        if !who.is_empty() {
            desk_lines.push_str(&format!(", {who}"));
        }
        desk_lines.push('\n');
        if let Some(reason) = desk.reason {
            desk_lines.push_str(&format!("desk reason: {reason}\n"));
        }
        if let Some(disagreement) = desk.disagreement() {
            desk_lines.push_str(&disagreement);
            desk_lines.push('\n');
        }
    }
    let body = format!(
        "claim: {}\nstatus: {}\ncode: {}\nscore: {:.4} ({})\norigins: +{} / -{}\nrules: {}\n",
        claim.text,
        v.status.as_str(),
        v.code(),
        v.score,
        estimative(v.score),
        v.supporting_origins,
        v.opposing_origins,
        if rules.is_empty() {
            "none".to_owned()
        } else {
            rules.join(", ")
        }
    );
    body + &desk_lines
}

/// Why a testcase fails the gate `fail_on`, as (`type`, message); `None` when it passes. Whether
/// it fails is [`crate::engine::fails_gate`]'s to say, so the XML and the exit code agree.
fn failure(corpus: &Corpus, v: &Verdict, fail_on: &[Status]) -> Option<(&'static str, String)> {
    let claim = &corpus.claims[v.claim.get()];
    if !crate::engine::fails_gate(claim, v.status, fail_on) {
        return None;
    }
    Some(match crate::engine::rated(claim) {
        // A rating is published as the desk's status: it fails when the evidence disagrees.
        Some(desk) => (
            "rating",
            format!(
                "{} is published as a rating of {} but the evidence gives {} ({}, score {:.2}): the desk disagrees, which fails the publication gate",
                claim.id.value,
                desk.as_str(),
                v.status.as_str(),
                v.code(),
                v.score
            ),
        ),
        None => (
            v.status.as_str(),
            format!(
                "{} is {} ({}, score {:.2}), which fails the publication gate",
                claim.id.value,
                v.status.as_str(),
                v.code(),
                v.score
            ),
        ),
    })
}

/// The testcase of `v`, whose claim is marked for publication.
fn testcase(corpus: &Corpus, v: &Verdict, fail_on: &[Status]) -> String {
    let mut out = String::new();
    let claim = &corpus.claims[v.claim.get()];
    let classname = claim
        .event
        .as_ref()
        .map_or("corroborate", |e| e.id.as_str());
    let _ = writeln!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\">",
        escape_attr(classname),
        escape_attr(&claim.id.value)
    );
    let body = escape(&details(corpus, v));
    if let Some((kind, message)) = failure(corpus, v, fail_on) {
        let _ = writeln!(
            out,
            "      <failure message=\"{}\" type=\"{}\">{body}</failure>",
            escape_attr(&message),
            kind
        );
    } else {
        let _ = writeln!(out, "      <system-out>{body}</system-out>");
    }
    out.push_str("    </testcase>\n");
    out
}

/// Writes JUnit XML: a testcase per selected claim marked for publication, by claim id, failing
/// when the gate `fail_on` fails it. The counts in the header come from the assessment's
/// statuses ([`crate::engine::fails_gate`] needs no more); the testcases are rendered a batch at
/// a time ([`Doc::stream`]).
fn write_doc(doc: &Doc<'_>, out: &mut (dyn std::io::Write + Send)) -> std::io::Result<()> {
    let corpus = doc.corpus;
    let fail_on = &doc.options.gate[..];
    let cases: Vec<ClaimIx> = doc
        .by_claim_id()
        .into_iter()
        .filter(|c| corpus.claims[c.get()].publish)
        .collect();
    let failures = cases
        .iter()
        .filter(|&&c| crate::engine::fails_gate(&corpus.claims[c.get()], doc.status(c), fail_on))
        .count();
    let mut head = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        head,
        "<testsuites name=\"corroborate\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
        cases.len()
    );
    let _ = writeln!(
        head,
        "  <testsuite name=\"corroborate\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        cases.len()
    );
    let gate: Vec<&str> = fail_on.iter().map(|s| s.as_str()).collect();
    let _ = writeln!(
        head,
        "    <properties>\n      <property name=\"as-of\" value=\"{}\"/>\n      <property name=\"fail-on\" value=\"{}\"/>\n    </properties>",
        doc.assessment.as_of,
        gate.join(",")
    );
    out.write_all(head.as_bytes())?;
    let render = |v: &Verdict| testcase(corpus, v, fail_on);
    doc.stream(&cases, &render, &mut |case: String| {
        out.write_all(case.as_bytes())
    })?;
    out.write_all(b"  </testsuite>\n</testsuites>\n")
}

/// Renders JUnit XML for a corpus that could not be scored: one erroring testcase per error
/// diagnostic (`classname` its file, `name` its code and place), so a CI page shows why instead
/// of an empty report.
pub fn render_errors(
    corpus: &Corpus,
    texts: &mut crate::load::texts::Texts,
    diagnostics: &[crate::diag::Diagnostic],
) -> String {
    let errors: Vec<&crate::diag::Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .collect();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let n = errors.len();
    let _ = writeln!(
        out,
        "<testsuites name=\"corroborate\" tests=\"{n}\" failures=\"0\" errors=\"{n}\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"corroborate check\" tests=\"{n}\" failures=\"0\" errors=\"{n}\" skipped=\"0\">"
    );
    for d in errors {
        let file = super::view::display_path(corpus, d.primary.span.file);
        let at = texts.position(corpus, d.primary.span.file, d.primary.span.start);
        let place = format!("{file}:{}:{}", at.line, at.column);
        let _ = writeln!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\">",
            escape_attr(&file),
            escape_attr(&format!("{} at {place}", d.code))
        );
        let mut body = format!("{place}: error[{}]: {}\n", d.code, d.message);
        if let Some(help) = &d.help {
            body.push_str(&format!("help: {help}\n"));
        }
        let _ = writeln!(
            out,
            "      <error message=\"{}\" type=\"{}\">{}</error>",
            escape_attr(&d.message),
            escape_attr(d.code),
            escape(&body)
        );
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// JUnit XML.
pub struct Junit;

/// JUnit XML.
pub static JUNIT: Junit = Junit;

impl super::format::Format for Junit {
    fn name(&self) -> &'static str {
        "junit"
    }
    fn summary(&self) -> &'static str {
        "JUnit XML: one testcase per publishable claim, failing on --fail-on statuses."
    }
    fn write(
        &self,
        doc: &super::format::Doc<'_>,
        out: &mut (dyn std::io::Write + Send),
    ) -> std::io::Result<()> {
        write_doc(doc, out)
    }
    /// A CI record must hold every publishable claim the gate looks at.
    fn lists(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_attr};

    #[test]
    fn markup_is_escaped_and_invalid_characters_dropped() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;"
        );
        assert_eq!(escape("a\u{1b}[2J\u{0}b\tc\nd"), "a[2Jb\tc\nd");
        assert_eq!(escape("x\u{7f}\u{85}\u{9b}\u{ffff}y"), "xy");
        assert_eq!(escape_attr("a\nb"), "a&#10;b");
    }
}
