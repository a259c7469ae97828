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
    /// A `Decimal` writes what the standard formatter writes, whatever the value, precision,
    /// width or sign flag.
    #[test]
    fn decimals_write_as_the_standard_formatter() {
        let values = [
            0.0,
            -0.0,
            0.125,
            0.375,
            2.5,
            0.0005,
            0.9995,
            1.0,
            -1.0,
            0.1 + 0.2,
            1e-12,
            -1e-12,
            123456.789,
            1e9,
            1e300,
            f64::NAN,
            f64::INFINITY,
            -f64::INFINITY,
            0.845,
            0.8449999,
        ];
        for x in values {
            for d in 0..5 {
                assert_eq!(
                    format!("{:.*}", d, Decimal(x)),
                    format!("{:.*}", d, x),
                    "{x} {d}"
                );
            }
            assert_eq!(
                format!("{:8.2}|{:+.3}|{:<7.1}|", Decimal(x), Decimal(x), Decimal(x)),
                format!("{:8.2}|{:+.3}|{:<7.1}|", x, x, x),
                "{x}"
            );
            assert_eq!(format!("{}", Decimal(x)), format!("{}", x));
            for d in 0..12 {
                let mut pushed = String::from("»");
                Decimal(x).push_to(&mut pushed, d);
                assert_eq!(pushed, format!("»{:.*}", d, x), "{x} {d}");
            }
        }
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = (state >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 0.5;
            let d = (state % 5) as usize;
            assert_eq!(
                format!("{:.*}", d, Decimal(x)),
                format!("{:.*}", d, x),
                "{x:e} {d}"
            );
            let k = (state % 20_001) as f64 / 1000.0 - 10.0;
            assert_eq!(format!("{:.3}", Decimal(k)), format!("{:.3}", k), "{k}");
            let mut pushed = String::new();
            Decimal(x).push_to(&mut pushed, d);
            assert_eq!(pushed, format!("{:.*}", d, x), "{x:e} {d}");
        }
    }

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

/// A number written as `{:.N}` writes an `f64` (`format!("{:.3}", Decimal(x))` is
/// `format!("{:.3}", x)`, every byte), without the exact decimal expansion the standard
/// formatter does for every value: reports write millions of weights and scores, and that
/// expansion was most of the time of writing a derivation. Without a precision it writes the
/// `f64` as `{}` does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decimal(pub f64);

impl Decimal {
    /// Appends `{:.digits}` of the number to `out`, as `write!(out, "{:.digits$}", x)` would,
    /// without the formatting machinery: a derivation writes dozens of numbers.
    pub fn push_to(self, out: &mut String, digits: usize) {
        let mut buffer = [0u8; 40];
        match self.unsigned(digits, &mut buffer) {
            Some(text) => {
                if self.0.is_sign_negative() {
                    out.push('-');
                }
                out.push_str(text);
            }
            None => {
                use std::fmt::Write;
                let _ = write!(out, "{:.*}", digits, self.0);
            }
        }
    }

    /// The digits of `{:.digits}` of the number's magnitude, written into the end of `buffer`,
    /// where the rounding is certain to be the standard formatter's; `None` elsewhere.
    fn unsigned(self, digits: usize, buffer: &mut [u8; 40]) -> Option<&str> {
        let x = self.0;
        if digits > 9 {
            return None;
        }
        let scale = 10u64.pow(digits as u32);
        let scaled = x.abs() * scale as f64;
        // The scaled value may be an ulp off the exact product: only where it is clear of a
        // tie (…5 exactly, which the standard rounds to even on the exact value) and small
        // enough for that ulp to be far below the margin is the rounding certain; anything else
        // takes the standard route.
        let fraction = scaled - scaled.trunc();
        if !(scaled < 1e9 && (fraction - 0.5).abs() > 1e-6) {
            return None;
        }
        let units = scaled.round() as u64;
        let mut at = buffer.len();
        let mut push = |b: u8| {
            at -= 1;
            buffer[at] = b;
        };
        let (whole, mut part) = (units / scale, units % scale);
        for _ in 0..digits {
            push(b'0' + (part % 10) as u8);
            part /= 10;
        }
        if digits > 0 {
            push(b'.');
        }
        let mut whole = whole;
        loop {
            push(b'0' + (whole % 10) as u8);
            whole /= 10;
            if whole == 0 {
                break;
            }
        }
        // Only ASCII digits and '.' were written.
        std::str::from_utf8(&buffer[at..]).ok()
    }
}

impl std::fmt::Display for Decimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let x = self.0;
        let Some(digits) = f.precision().filter(|&d| d <= 9) else {
            return std::fmt::Display::fmt(&x, f);
        };
        let mut buffer = [0u8; 40];
        match self.unsigned(digits, &mut buffer) {
            // The sign and any width are the formatter's.
            Some(text) => f.pad_integral(!x.is_sign_negative(), "", text),
            None => std::fmt::Display::fmt(&x, f),
        }
    }
}
