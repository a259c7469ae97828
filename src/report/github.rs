//! `check --format github`: GitHub Actions workflow commands.
//!
//! One line per diagnostic, which the runner turns into an annotation on the file:
//!
//! ```text
//! ::error file=claims/a.toml,line=6,col=10,endLine=6,endColumn=15,title=corroborate unknown-source::unknown source `rfx`%0Ahelp: did you mean `rfi`?
//! ```
//!
//! `warning` diagnostics become `::warning`, `info` ones `::notice`. The path is the one people
//! see (under the corpus path as given, so relative to the working directory, which in a workflow
//! is the checkout). The message carries the hint and the other places involved on further lines.
//! Everything is escaped as the runner requires (`%`, CR and LF in the message; also `:` and `,`
//! in properties), and control and bidi characters are first made visible, so no text from the
//! corpus can end the command early, start another one or reach the log raw.

use super::is_hazardous;
use super::view::{display_path, given_path};
use crate::diag::{Diagnostic, Severity};
use crate::load::texts::Texts;
use crate::model::Corpus;

/// The workflow command for a severity.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes the message part of a workflow command (`::cmd props::MESSAGE`).
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if is_hazardous(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The `file=` property: the real path, escaped only as the runner unescapes it (`%`, line breaks,
/// `:` and `,`), so the annotation lands on the file even when its name holds the direction marks
/// of a right-to-left name. Other control characters (never part of a real name one could type)
/// are made visible.
fn file_property(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value of a workflow command (`file=VALUE,…`).
pub fn escape_property(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in escape_data(text).chars() {
        match c {
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

/// Renders diagnostics as `::error file=…` workflow commands.
pub fn render(corpus: &Corpus, texts: &mut Texts, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let (start, end) = texts.range(corpus, d.primary.span);
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        for label in &d.secondary {
            let at = texts.position(corpus, label.span.file, label.span.start);
            message.push_str(&format!(
                "\nsee {}:{}:{}: {}",
                display_path(corpus, label.span.file),
                at.line,
                at.column,
                label.message
            ));
        }
        out.push_str(&format!(
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            command(d.severity),
            file_property(&given_path(corpus, d.primary.span.file)),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&format!("corroborate {}", d.code)),
            escape_data(&message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_data("tab\there"), "tab\there");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn control_characters_never_reach_the_log_raw() {
        let escaped = escape_data("x\u{1b}[2J\u{202E}y\u{7}");
        assert!(!escaped.chars().any(|c| c.is_control() || c == '\u{202E}'));
        assert_eq!(escaped, "x\\u{1b}[2J\\u{202e}y\\u{7}");
    }
}
