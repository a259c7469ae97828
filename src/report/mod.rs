//! Rendering results for people and programs: one module per output format.
//!
//! Nothing here decides anything; every format renders the same diagnostics and verdicts. User
//! text never reaches a terminal raw: [`terminal_safe`] neutralises control and bidi characters.

pub mod diagnostics;

/// Whether `c` could move the cursor, recolour, clear or reorder what a terminal shows.
pub fn is_hazardous(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// `text` with control and bidi-override characters written as visible escapes (`\u{1b}`).
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hazardous) {
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
    text.chars()
        .map(|c| {
            if is_hazardous(c) {
                "?".repeat(c.len_utf8())
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
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
}
