//! Words for messages: how near two ids are, which known id a typo meant, plurals.

/// The closest candidate to `word` by edit distance, if close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Lists up to `max` candidates for a hint, with "…" if there are more.
pub fn list_known<'a>(candidates: impl IntoIterator<Item = &'a str>, max: usize) -> String {
    let mut all: Vec<&str> = candidates.into_iter().collect();
    all.sort_unstable();
    all.dedup();
    let shown: Vec<&str> = all.iter().take(max).copied().collect();
    let mut text = shown.join(", ");
    if all.len() > max {
        text.push_str(&format!(", … ({} in all)", all.len()));
    }
    text
}

/// `text` with the characters that show as nothing (zero-width spaces and joiners, word
/// joiners, the byte-order mark, soft hyphens) written as `\u{200b}`: for quoting a value that
/// was refused, so the reader sees why `a​b` is not `ab`.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let invisible = |c: char| matches!(c, '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}');
    if !text.chars().any(invisible) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `1 claim`, `2 claims`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("text", "txt"), 1);
        assert_eq!(edit_distance("stance", "stnace"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        assert_eq!(
            did_you_mean("txt", ["text", "id", "question"]),
            Some("text")
        );
        assert_eq!(did_you_mean("colour", ["text", "id"]), None);
    }

    #[test]
    fn known_lists_are_sorted_and_capped() {
        assert_eq!(list_known(["b", "a", "c"], 2), "a, b, … (3 in all)");
    }

    #[test]
    fn invisible_characters_are_made_visible() {
        assert_eq!(visible("a\u{200b}b"), "a\\u{200b}b");
        assert_eq!(visible("\u{feff}id"), "\\u{feff}id");
        assert_eq!(visible("plain"), "plain");
    }

    #[test]
    fn plurals_follow_the_count() {
        assert_eq!(plural(1, "claim"), "1 claim");
        assert_eq!(plural(2, "claim"), "2 claims");
    }
}
