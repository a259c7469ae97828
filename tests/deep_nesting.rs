//! TOML nested deeper than the parser reads (arrays, inline tables, dotted keys, in values and
//! headers) through `corroborate check`: each problem is reported once, where the nesting went
//! too deep, never at 1:1 for want of a position; a million levels neither panic nor overflow
//! the stack.

mod common;

use common::{check, claims, corpus, file, parse_short, sources, Short};

/// How deep the TOML parser reads: a dotted key of more parts, or more nested arrays and inline
/// tables, is a `toml-syntax` error at the part or bracket beyond.
const DEPTH: usize = 80;

/// `check --format short` on a corpus whose claims file is `text` (and the shared sources):
/// the `toml-syntax` diagnostics.
fn syntax_errors(path: &'static str, text: &str) -> Vec<Short> {
    let mut entries = vec![sources(), claims("")];
    match path {
        "claims/c.toml" => entries[1] = claims(text),
        "sources/s.toml" => entries[0] = file(path, text),
        _ => entries.push(file(path, text)),
    }
    let corpus = corpus(&entries);
    let run = check(corpus.path(), "short");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let (diagnostics, _) = parse_short(&run.stderr);
    let errors: Vec<Short> = diagnostics
        .into_iter()
        .filter(|d| d.code == "toml-syntax")
        .collect();
    assert!(!errors.is_empty(), "{}", run.stderr);
    // Each problem once: an unclosed array per nesting level at one place is one problem.
    for (i, a) in errors.iter().enumerate() {
        for b in &errors[i + 1..] {
            assert!(a != b, "reported twice: {a:?}");
        }
    }
    errors
}

/// The 1-based column of byte `at` of a line made of ASCII.
fn column(at: usize) -> usize {
    at + 1
}

/// A dotted key of `n` parts `k0.k1.…`, and the column (1-based, on its line, the key starting
/// at `start`) of the part the parser stops at.
fn dotted(n: usize, start: usize) -> (String, usize) {
    let parts: Vec<String> = (0..n).map(|i| format!("k{i}")).collect();
    let offset: usize = parts[..DEPTH].iter().map(|p| p.len() + 1).sum();
    (parts.join("."), column(start + offset))
}

#[rstest::rstest]
#[case::key_value("", " = 1")]
#[case::table_header("[", "]")]
#[case::array_of_tables_header("[[", "]]")]
#[case::key_in_an_inline_table("x = { ", " = 1 }")]
fn a_key_too_deep_is_located_at_the_part_beyond_the_limit(
    #[case] before: &str,
    #[case] after: &str,
) {
    let (key, at) = dotted(DEPTH + 20, before.len());
    let text = format!("# a comment\n\n{before}{key}{after}\n");
    let errors = syntax_errors("claims/c.toml", &text);
    let located: Vec<&str> = errors.iter().map(|e| e.at.as_str()).collect();
    assert_eq!(located, [format!("claims/c.toml:3:{at}")], "{errors:?}");
    assert!(
        errors[0].message.contains("nested too deep"),
        "{:?}",
        errors[0]
    );
}

/// Arrays and inline tables: at the bracket beyond the limit, on its line.
#[rstest::rstest]
#[case::arrays("[")]
#[case::inline_tables("{ a = ")]
#[case::arrays_on_lines("[\n")]
#[case::mixed("[{ a = ")]
fn values_too_deep_are_located_at_the_bracket_beyond_the_limit(#[case] open: &str) {
    let text = format!("x = 1\na = {}\n", open.repeat(10_000));
    let errors = syntax_errors("claims/c.toml", &text);
    let deep = errors
        .iter()
        .find(|e| e.message.contains("nested too deep"))
        .unwrap_or_else(|| panic!("{errors:?}"));
    // The first bracket beyond the limit: level DEPTH + 1.
    let mut level = 0;
    let mut at = None;
    for (i, c) in text.char_indices() {
        if c == '[' || c == '{' {
            level += 1;
            if level == DEPTH + 1 {
                at = Some(i);
                break;
            }
        }
    }
    let at = at.expect("deep enough");
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
    assert_eq!(deep.at, format!("claims/c.toml:{line}:{col}"), "{errors:?}");
}

/// A million levels of each kind, in each kind of file: reported, located, no crash.
#[rstest::rstest]
#[case::claims("claims/c.toml")]
#[case::sources("sources/s.toml")]
#[case::policy("corroborate.toml")]
fn a_million_levels_are_an_error_not_a_crash(#[case] path: &'static str) {
    for text in [
        format!("a = {}\n", "[".repeat(1_000_000)),
        format!("a = {}\n", "{ b = ".repeat(1_000_000)),
        format!("{} = 1\n", vec!["k"; 1_000_000].join(".")),
    ] {
        let errors = syntax_errors(path, &text);
        assert!(errors.len() <= 3, "{errors:?}");
        assert!(
            errors.iter().all(|e| e.at != format!("{path}:1:1")),
            "{errors:?}"
        );
    }
}
