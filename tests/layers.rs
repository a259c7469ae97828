//! The architecture's layers, enforced: imports inside `src/` point down only.
//!
//! ```text
//!  9 bin (src/bin/corroborate/**, src/main.rs)    8 report    7 engine
//!  6 rules, import, edit    5 score    4 load, validate    3 policy    2 diag    1 util, model
//! ```
//!
//! A top module may import its own module and modules of a lower layer, never a sibling of its
//! own layer nor anything above it. Two same-layer imports are allowed (`model -> util` and
//! `load -> validate`, which runs the checks inside its link pass), and the never-table bans a few
//! downward ones: `score` and `rules` never see the loader, `import` never scores, `report` reaches
//! rules only through `engine`, and the binary reaches `score` and `rules` only through re-exports.
//! Once this holds, each top folder can become its own crate without a dependency cycle.
//!
//! The check is textual and cheap: every `.rs` file under `src/` except `src/lib.rs` is read up to
//! its first `#[cfg(test)]` line (tests may import anything), comments and string literals are
//! blanked, and each `crate::X`, root-reaching `super::X` and `crate::{X, ..}` group names a top
//! module `X` (for the binary: `corroborate::X`). Names outside the table, such as root
//! re-exports, are ignored.

use std::fmt;
use std::fs;
use std::io;
use std::path::Path;

/// Layer number of each top module; a module may import only lower layers.
const LAYERS: &[(&str, u8)] = &[
    ("util", 1),
    ("model", 1),
    ("diag", 2),
    ("policy", 3),
    ("load", 4),
    ("validate", 4),
    ("score", 5),
    ("rules", 6),
    ("import", 6),
    ("edit", 6),
    ("engine", 7),
    ("report", 8),
    ("bin", 9),
];

/// Same-layer imports that are allowed anyway, as `(from, to)`.
const ALLOWED: &[(&str, &str)] = &[("model", "util"), ("load", "validate")];

/// Downward imports that the never-table forbids anyway, as `(from, to)`.
const NEVER: &[(&str, &str)] = &[
    ("score", "load"),
    ("score", "validate"),
    ("rules", "load"),
    ("rules", "validate"),
    ("import", "score"),
    ("edit", "score"),
    ("edit", "rules"),
    ("edit", "report"),
    ("report", "rules"),
    ("report", "import"),
    ("bin", "score"),
    ("bin", "rules"),
];

/// One forbidden import found in the source tree.
#[derive(Debug)]
struct Violation {
    /// The file, relative to `src/`, with `/` separators.
    path: String,
    /// The 1-based line of the imported module's name.
    line: usize,
    /// The importing top module.
    from: &'static str,
    /// The imported top module.
    to: &'static str,
    /// Which rule the import breaks.
    why: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (path, line, from, to) = (&self.path, self.line, self.from, self.to);
        write!(f, "src/{path}:{line}: {from} imports {to} ({})", self.why)
    }
}

/// The table's spelling of a top module, with its layer; `None` if it is not in the table.
fn layer(name: &str) -> Option<(&'static str, u8)> {
    LAYERS.iter().copied().find(|(module, _)| *module == name)
}

/// Why `from` may not import `to`, or `None` if it may.
fn verdict(from: &str, to: &str) -> Option<String> {
    if from == to || ALLOWED.contains(&(from, to)) {
        return None;
    }
    if NEVER.contains(&(from, to)) {
        return Some(format!("the never-table forbids {from} -> {to}"));
    }
    let ((_, f), (_, t)) = (layer(from)?, layer(to)?);
    (t >= f).then(|| format!("{from} is layer {f} and may not import {to} (layer {t})"))
}

/// A file's top module and its module depth (`X.rs` and `X/mod.rs` are 1, `X/a.rs` is 2).
fn top_module(path: &str) -> Option<(&'static str, usize)> {
    if path == "main.rs" || path.starts_with("bin/") {
        return Some(("bin", 0));
    }
    let mut parts: Vec<&str> = path.trim_end_matches(".rs").split('/').collect();
    if parts.len() > 1 && parts.last() == Some(&"mod") {
        parts.pop();
    }
    Some((layer(parts.first()?)?.0, parts.len()))
}

/// Whether `c` can be part of an identifier.
fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The end (exclusive) of the comment or literal starting at `i`, if one starts there.
fn literal_end(s: &[char], i: usize) -> Option<usize> {
    let at = |k: usize| s.get(k).copied();
    let find = |from: usize, pat: &[char]| {
        (from..s.len())
            .find(|&k| s[k..].starts_with(pat))
            .map_or(s.len(), |k| k + pat.len())
    };
    match (s[i], at(i + 1)) {
        ('/', Some('/')) => Some((i..s.len()).find(|&k| s[k] == '\n').unwrap_or(s.len())),
        ('/', Some('*')) => {
            let (mut depth, mut k) = (0, i);
            while k < s.len() {
                if s[k..].starts_with(&['/', '*']) {
                    (depth, k) = (depth + 1, k + 2);
                } else if s[k..].starts_with(&['*', '/']) {
                    (depth, k) = (depth - 1, k + 2);
                    if depth == 0 {
                        return Some(k);
                    }
                } else {
                    k += 1;
                }
            }
            Some(s.len())
        }
        ('"', _) => {
            let mut k = i + 1;
            while k < s.len() && s[k] != '"' {
                k += if s[k] == '\\' { 2 } else { 1 };
            }
            Some((k + 1).min(s.len()))
        }
        ('\'', Some('\\')) => Some(find(i + 3, &['\''])),
        ('\'', _) if at(i + 2) == Some('\'') => Some(i + 3),
        ('r' | 'b', _) if i == 0 || !is_ident(s[i - 1]) => {
            let r = if s[i] == 'b' { i + 1 } else { i };
            if at(r) != Some('r') {
                return None;
            }
            let hashes = s[r + 1..].iter().take_while(|&&c| c == '#').count();
            let quote = r + 1 + hashes;
            (at(quote) == Some('"')).then(|| {
                let close: Vec<char> = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                find(quote + 1, &close)
            })
        }
        _ => None,
    }
}

/// The code before the first `#[cfg(test)]` line, with comments and literals blanked to spaces.
fn clean(text: &str) -> Vec<char> {
    let code: Vec<&str> = text
        .lines()
        .take_while(|line| !line.trim_start().starts_with("#[cfg(test)]"))
        .collect();
    let mut s: Vec<char> = code.join("\n").chars().collect();
    let mut i = 0;
    while i < s.len() {
        match literal_end(&s, i) {
            Some(end) => {
                s[i..end]
                    .iter_mut()
                    .filter(|c| **c != '\n')
                    .for_each(|c| *c = ' ');
                i = end;
            }
            None => i += 1,
        }
    }
    s
}

/// If the path segment `word::` starts exactly at `i`, the index just after its `::`.
fn segment(s: &[char], i: usize, word: &str) -> Option<usize> {
    let boundary = i == 0 || !(is_ident(s[i - 1]) || s[i - 1] == '$');
    let pattern: Vec<char> = word.chars().chain("::".chars()).collect();
    (boundary && s[i..].starts_with(&pattern)).then_some(i + pattern.len())
}

/// Pushes the top-level names at `i`: one identifier, or the first names of a `{..}` group.
fn names_at(s: &[char], mut i: usize, out: &mut Vec<(usize, String)>) {
    let skip_space = |mut k: usize| {
        while s.get(k).is_some_and(|c| c.is_whitespace()) {
            k += 1;
        }
        k
    };
    let ident = |k: usize, out: &mut Vec<(usize, String)>| {
        let name: String = s[k..].iter().take_while(|&&c| is_ident(c)).collect();
        if !name.is_empty() {
            out.push((k, name));
        }
    };
    i = skip_space(i);
    if s.get(i) != Some(&'{') {
        ident(i, out);
        return;
    }
    let mut depth = 0;
    while i < s.len() {
        match s[i] {
            '{' if depth == 0 => {
                depth = 1;
                ident(skip_space(i + 1), out);
            }
            ',' if depth == 1 => ident(skip_space(i + 1), out),
            '{' => depth += 1,
            '}' if depth == 1 => return,
            '}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
}

/// Every forbidden import in `files`, given as (path relative to `src/`, contents) pairs.
fn violations(files: &[(String, String)]) -> Vec<Violation> {
    let mut found = Vec::new();
    for (path, text) in files {
        let Some((from, depth)) = top_module(path) else {
            continue;
        };
        let s = clean(text);
        let mut names = Vec::new();
        let mut i = 0;
        while i < s.len() {
            let head = if from == "bin" {
                segment(&s, i, "corroborate")
            } else if let Some(end) = segment(&s, i, "crate") {
                Some(end)
            } else {
                let (mut supers, mut end) = (0, i);
                while let Some(next) = segment(&s, end, "super") {
                    (supers, end) = (supers + 1, next);
                }
                i = end;
                (supers > 0 && supers >= depth).then_some(end)
            };
            match head {
                Some(end) => {
                    names_at(&s, end, &mut names);
                    i = end;
                }
                None => i += 1,
            }
        }
        let mut seen = Vec::new();
        for (at, name) in names {
            let line = 1 + s[..at].iter().filter(|&&c| c == '\n').count();
            let Some((to, _)) = layer(&name) else {
                continue;
            };
            if let Some(why) = verdict(from, to).filter(|_| !seen.contains(&(line, to))) {
                seen.push((line, to));
                found.push(Violation {
                    path: path.clone(),
                    line,
                    from,
                    to,
                    why,
                });
            }
        }
    }
    found
}

/// Reads every `.rs` file under `dir`, in sorted order, with paths relative to the starting folder.
fn read_tree(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) -> io::Result<()> {
    let mut entries = fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.file_type()?.is_dir() {
            read_tree(&entry.path(), &format!("{name}/"), out)?;
        } else if name.ends_with(".rs") && name != "lib.rs" {
            out.push((name, fs::read_to_string(entry.path())?));
        }
    }
    Ok(())
}

#[test]
fn no_layer_imports_upward() {
    let src = Path::new(option_env!("CARGO_MANIFEST_DIR").unwrap_or(".")).join("src");
    let mut files = Vec::new();
    read_tree(&src, "", &mut files).expect("read the src/ tree");
    assert!(files.len() > 1, "found no sources under {}", src.display());
    let found: Vec<String> = violations(&files).iter().map(|v| v.to_string()).collect();
    assert!(
        found.is_empty(),
        "{} layering violation(s):\n{}",
        found.len(),
        found.join("\n")
    );
}

/// Checker cases: (path under `src/`, contents, line of the expected violation or `None`).
#[rustfmt::skip]
const CASES: &[(&str, &str, Option<usize>)] = &[
    ("score/mod.rs", "//! Scores.\n\nuse crate::rules::REGISTRY;\n", Some(3)),
    ("score/mod.rs", "f();\n#[cfg(test)]\nmod t {\n    use crate::rules::REGISTRY;\n}\n", None),
    ("score/x.rs", "use crate::{model::Corpus, rules};\n", Some(1)),
    ("score/x.rs", "use crate::{\n    model::Corpus,\n    rules::{self, Rule},\n};\n", Some(3)),
    ("score/x.rs", "use crate::{model::{rules, Corpus}, util};\n", None),
    ("score/x.rs", "// see crate::rules::x\n/// crate::rules::x\nf(); // crate::rules\n", None),
    ("score/x.rs", "/* crate::rules /* nested */ crate::rules */\n", None),
    ("score/x.rs", "let s = \"crate::rules::x\";\nlet t = \"\\\" crate::rules\";\n", None),
    ("score/x.rs", "let s = r#\"\ncrate::rules::x \" \n\"#;\nuse crate::rules::x;\n", Some(4)),
    ("score/x.rs", "let q = '\"'; let e = '\\''; crate::rules::x();\n", Some(1)),
    ("score/x.rs", "fn f<'a>(x: &'a str) { $crate::rules::x; mycrate::rules::y; }\n", None),
    ("score/x.rs", "use crate::score::Status;\nuse crate::app;\nuse crate::load::x;\n", Some(3)),
    ("report/table.rs", "use crate::rules::find;\n", Some(1)),
    ("report/table.rs", "use crate::engine::x;\nuse crate::score::y;\n", None),
    ("bin/corroborate/main.rs", "use corroborate::score::Status;\n", Some(1)),
    ("bin/corroborate/main.rs", "use corroborate::engine::Project;\nuse crate::score;\n", None),
    ("bin/corroborate/cli.rs", "use corroborate::{engine::Project, rules};\n", Some(1)),
    ("main.rs", "fn main() { corroborate::rules::run(); }\n", Some(1)),
    ("model/mod.rs", "use crate::util::hash;\n", None),
    ("util/hash.rs", "use crate::model;\n", Some(1)),
    ("load/link.rs", "use crate::validate::check;\n", None),
    ("validate/mod.rs", "\nuse crate::load::Document;\n", Some(2)),
    ("import.rs", "use super::score::X;\n", Some(1)),
    ("import/mod.rs", "use super::score::X;\n", Some(1)),
    ("import/csv.rs", "use super::score::X;\n", None),
    ("import/csv.rs", "let x = super::super::rules::X;\n", Some(1)),
    ("lib.rs", "pub use crate::rules::x;\n", None),
];

#[test]
fn checker_cases() {
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|&(path, text, expected)| {
            let found = violations(&[(path.to_string(), text.to_string())]);
            let lines: Vec<usize> = found.iter().map(|v| v.line).collect();
            (lines.as_slice() != expected.as_slice()).then(|| format!("{path} {text:?}: {found:?}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "checker cases failed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn violation_messages() {
    let files = [
        ("score/mod.rs", "use crate::rules::REGISTRY;\n"),
        ("report/table.rs", "\nuse crate::rules::find;\n"),
    ];
    let files: Vec<_> = files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    let found: Vec<String> = violations(&files).iter().map(|v| v.to_string()).collect();
    assert_eq!(
        found,
        [
            "src/score/mod.rs:1: score imports rules (score is layer 5 and may not import rules (layer 6))",
            "src/report/table.rs:2: report imports rules (the never-table forbids report -> rules)",
        ]
    );
}
