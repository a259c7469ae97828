//! Rendering results for people and programs: one module per output format.
//!
//! This layer only renders. Verdicts, findings with their messages and derivations arrive
//! computed (from `engine`, through [`format::Doc`]); nothing here scores, learns or runs a rule.
//! Claim reports share one signature ([`format::Format`]) and what they show alike lives in
//! [`view`] (canonical order, summaries, per-source rows), so no format imports another; the JSON
//! contract is [`wire`]. The `check` formats render diagnostics ([`diagnostics`], [`sarif`],
//! [`github`]). User text never reaches a terminal raw: [`terminal_safe`] neutralises control
//! and bidi characters.

pub mod claimreview;
pub mod csv;
pub mod derivation;
pub mod diagnostics;
pub mod diff;
pub mod format;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod sources;
pub mod table;
pub mod view;
pub mod wire;

use crate::model::Date;
use crate::score::Verdict;

/// The verdicts a report shows, and the day they were computed for.
#[derive(Debug, Clone)]
pub struct Selection<'a> {
    /// The evaluation day.
    pub as_of: Date,
    /// The selected verdicts: in claim order, or in the order to show them when
    /// [`view::Listing::given_order`] says so.
    pub verdicts: Vec<&'a Verdict>,
    /// The whole assessment (questions, learned reliability), when the report carries them.
    pub assessment: Option<&'a crate::score::Assessment>,
    /// How the verdicts are to be listed: in their own order or the format's, all or the first
    /// of more.
    pub listing: view::Listing,
}

/// A quantity question's agreed values in words: `4 vehicles`, `at least 2 soldiers`,
/// `100 to 300`, with how many origins they come from; a range the origins do not share is
/// said to be disputed.
pub fn describe_interval(interval: &crate::score::Interval, unit: Option<&str>) -> String {
    let number = |x: f64| {
        if x.fract() == 0.0 && x.abs() < 1e15 {
            format!("{}", x as i64)
        } else {
            format!("{x}")
        }
    };
    let unit = unit
        .map(|u| format!(" {}", terminal_safe(u)))
        .unwrap_or_default();
    let values = match (interval.min, interval.max) {
        (Some(lo), Some(hi)) if lo == hi => format!("{}{unit}", number(lo)),
        (Some(lo), Some(hi)) => format!("{} to {}{unit}", number(lo), number(hi)),
        (Some(lo), None) => format!("at least {}{unit}", number(lo)),
        (None, Some(hi)) => format!("at most {}{unit}", number(hi)),
        (None, None) => format!("any number{unit}"),
    };
    let origins = match interval.origins {
        1 => "1 origin".to_owned(),
        n => format!("{n} origins"),
    };
    if interval.agreed {
        format!("{values}, agreed by {origins}")
    } else {
        format!("disputed: {origins} answer from {values}, sharing no value")
    }
}

/// Rounds to 4 decimals, for stable output.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The ICD 203 estimative word for a probability.
pub fn estimative(p: f64) -> &'static str {
    match p {
        p if p < 0.05 => "almost no chance",
        p if p < 0.20 => "very unlikely",
        p if p < 0.45 => "unlikely",
        p if p <= 0.55 => "roughly even chance",
        p if p < 0.80 => "likely",
        p if p < 0.95 => "very likely",
        _ => "almost certain",
    }
}

/// Whether `c` could move the cursor, recolour, clear or reorder what a terminal shows.
pub fn is_hazardous(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// Bytes that may start a hazardous character: C0 controls but newline and tab, DEL, and the
/// lead bytes of the C1 controls (`C2`), U+061C (`D8`) and the bidirectional marks (`E2`). Any
/// other byte starts a harmless character or continues one.
const fn hazard_leads() -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != b'\n' as usize && b != b'\t' as usize;
        b += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    table[0xd8] = true;
    table[0xe2] = true;
    table
}

static HAZARD_LEADS: [bool; 256] = hazard_leads();

/// Whether `text` has a hazardous character (see [`is_hazardous`]): a byte scan, decoding only
/// where a hazardous character could start (walking every character was a tenth of writing an
/// HTML report).
fn has_hazard(text: &str) -> bool {
    text.bytes().enumerate().any(|(i, b)| {
        HAZARD_LEADS[usize::from(b)] && text[i..].chars().next().is_some_and(is_hazardous)
    })
}

/// A JSON document with every hazardous character (see [`is_hazardous`]) that the serializer
/// left raw written as a `\uXXXX` escape: the values stay exact for a parser, and the document
/// stays inert when it is printed to a terminal or a CI log. Such characters can only occur
/// inside JSON strings, where the escape means the same character.
pub fn json_inert(json: String) -> String {
    if !has_hazard(&json) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_hazardous(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{:04x}", unit));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` with control and bidi-override characters written as visible escapes (`\u{1b}`).
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !has_hazard(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hazardous(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `text` with each hazardous character replaced by `?` repeated to its UTF-8 length, so byte
/// offsets into it stay valid (for source snippets that spans point into).
pub fn terminal_safe_same_len(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hazardous(c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// The byte scan finds a hazardous character exactly where walking the characters does.
    #[test]
    fn the_hazard_scan_agrees_with_the_characters() {
        for text in [
            "plain",
            "d\u{e9}j\u{e0} l\u{2019}arm\u{e9}e \u{2026}",
            "tab\tand\nnewline",
            "bell\u{7}",
            "del\u{7f}",
            "c1\u{85}",
            "\u{202e}reversed",
            "arabic mark \u{61c}",
            "\u{2066}isolate",
            "\u{200f}",
            "\u{600}\u{61b}\u{2010}\u{2030}",
            "",
        ] {
            assert_eq!(
                super::has_hazard(text),
                text.chars().any(super::is_hazardous),
                "{text:?}"
            );
        }
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(super::has_hazard(&text), super::is_hazardous(c), "{c:?}");
        }
    }

    use super::*;

    #[test]
    fn escapes_are_made_visible() {
        assert_eq!(terminal_safe("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(terminal_safe("x\u{202E}y"), "x\\u{202e}y");
        assert_eq!(terminal_safe("line\nnext\té"), "line\nnext\té");
    }

    #[test]
    fn same_length_replacement_keeps_offsets() {
        let text = "a\u{1b}b\u{202E}c";
        assert_eq!(terminal_safe_same_len(text).len(), text.len());
        assert_eq!(terminal_safe_same_len(text), "a?b???c");
    }

    #[test]
    fn inert_json_keeps_its_values() {
        let value = serde_json::json!({ "file": "a\u{202e}b\u{85}c é" });
        let text = json_inert(serde_json::to_string(&value).expect("JSON"));
        assert_eq!(text, r#"{"file":"a\u202eb\u0085c é"}"#);
        let back: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(back, value);
    }
}
