//! `corroborate check` as a whole: exit codes, what counts as a corpus, output formats, colour
//! and terminal safety.

mod common;

use common::{
    check, check_json, claims, command, corpus, corroborate, file, parse_short, run, sources,
    symlink, Corpus,
};
use std::path::Path;
use std::time::Duration;

const CLEAN_CLAIM: &str = r#"[event]
id = "alkit-ambush"
date = 2025-07-14

[[claim]]
id = "alkit.convoy-attacked"
text = "An army convoy was attacked near Alkit."
favours = "fla"
against = "fama"

[[claim.evidence]]
source = "fla-spokesman"
stance = "asserts"
date = 2025-07-14
via = "rfi"
"#;

/// A valid two-file corpus: `sources/s.toml` and `claims/c.toml`.
fn clean() -> Corpus {
    corpus(&[sources(), claims(CLEAN_CLAIM)])
}

/// A corpus with problems in three files.
fn broken() -> Corpus {
    corpus(&[
        sources(),
        file(
            "sources/z.toml",
            "[[source]]\nid = \"afp\"\nkind = \"newspaper\"\n",
        ),
        claims("[[claim]]\nid = \"c\"\ntxt = \"t\"\n"),
        file(
            "claims/d.toml",
            "[[claim]]\nid = \"d\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"rfx\"\nstance = \"asserts\"\ndate = 2026-03-01\n",
        ),
    ])
}

#[test]
fn the_example_corpus_is_clean() {
    let root = env!("CARGO_MANIFEST_DIR");
    let run = corroborate(Path::new(root), &["check", root, "--format", "short"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (lines, summary) = parse_short(&run.stderr);
    assert!(lines.is_empty(), "{}", run.stderr);
    assert!(summary.contains(": 0 errors, "), "summary: {summary}");
}

#[test]
fn a_clean_corpus_exits_0_and_says_so() {
    let corpus = clean();
    let run = check(corpus.path(), "short");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "2 files, 1 claim, 2 sources: 0 errors, 0 warnings\n"
    );
}

#[test]
fn a_missing_path_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = corroborate(dir.path(), &["check", "no-such-folder"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: cannot read no-such-folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_instead_of_a_folder_exits_2() {
    let corpus = clean();
    let run = corroborate(corpus.path(), &["check", "claims/c.toml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not a folder"), "{}", run.stderr);
}

#[test]
fn an_empty_folder_exits_2_and_explains_what_a_corpus_is() {
    let dir = tempfile::tempdir().unwrap();
    let run = corroborate(dir.path(), &["check", "."]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("no corpus in ."), "{}", run.stderr);
    for needle in ["claims/", "sources/", "[[claim]]", "[[source]]"] {
        assert!(run.stderr.contains(needle), "{needle} in\n{}", run.stderr);
    }
}

#[test]
fn a_claims_folder_without_toml_files_exits_2() {
    let corpus = corpus(&[file("claims/notes.md", "# not a corpus\n")]);
    let run = check(corpus.path(), "short");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no corpus in"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    let corpus = clean();
    let run = corroborate(corpus.path(), &["check", ".", "--format", "yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = corroborate(corpus.path(), &["check", ".", "--no-such-flag"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = run_with(
        corpus.path(),
        &["check", "."],
        "CORROBORATE_TODAY",
        "yesterday",
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("CORROBORATE_TODAY"), "{}", run.stderr);
}

fn run_with(dir: &Path, args: &[&str], key: &str, value: &str) -> common::Run {
    run(command(dir).args(args).env(key, value))
}

#[test]
fn hidden_files_and_other_extensions_are_ignored() {
    let garbage = "this is [[[ not TOML \u{1}";
    let corpus = corpus(&[
        sources(),
        claims(CLEAN_CLAIM),
        file("claims/.hidden.toml", garbage),
        file("claims/.drafts/draft.toml", garbage),
        file("sources/.backup.toml", garbage),
        file("claims/notes.txt", garbage),
        file("claims/c.toml.bak", garbage),
        file("claims/README.md", garbage),
        // What an atomic writer (`add`, `report --output`) killed mid-write leaves beside a file.
        file("claims/.c.toml.0123456789abcdef.tmp", garbage),
        // Outside claims/ and sources/, even a .toml file is not part of the corpus.
        file("other/x.toml", garbage),
    ]);
    let run = check(corpus.path(), "short");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "2 files, 1 claim, 2 sources: 0 errors, 0 warnings\n"
    );
}

#[test]
fn a_symlink_loop_terminates_and_reports_each_problem_once() {
    let corpus = corpus(&[
        sources(),
        claims("[[claim]]\nid = \"c\"\ntext = \"t\"\npublish = \"yes\"\n"),
        symlink("claims/loop", "."),
        symlink("claims/nested/up", ".."),
    ]);
    let run = run(command(corpus.path())
        .args(["check", ".", "--format", "short"])
        .timeout(Duration::from_secs(30)));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let (lines, summary) = parse_short(&run.stderr);
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert_eq!(lines[0].at, "claims/c.toml:4:11");
    assert_eq!(lines[0].code, "wrong-type");
    assert_eq!(summary, "2 files, 1 claim, 2 sources: 1 error, 0 warnings");
}

/// `claims/loop -> ..` leads back to the corpus root, whose `sources/` folder was already read.
#[test]
fn a_symlink_to_the_corpus_root_does_not_reread_sources_as_claims() {
    let corpus = corpus(&[sources(), claims(CLEAN_CLAIM), symlink("claims/loop", "..")]);
    let run = run(command(corpus.path())
        .args(["check", ".", "--format", "short"])
        .timeout(Duration::from_secs(30)));
    assert_eq!(
        run.stderr,
        "2 files, 1 claim, 2 sources: 0 errors, 0 warnings\n"
    );
    assert_eq!(run.code, 0);
}

#[test]
fn output_is_deterministic() {
    let corpus = broken();
    for format in ["human", "short", "json"] {
        let first = check(corpus.path(), format);
        let second = check(corpus.path(), format);
        assert_eq!(first.code, 1);
        assert_eq!(first.stderr, second.stderr, "{format} stderr differs");
        assert_eq!(first.stdout, second.stdout, "{format} stdout differs");
    }
}

#[test]
fn json_is_valid_and_carries_the_summary() {
    let corpus = broken();
    let (run, json) = check_json(corpus.path());
    assert_eq!(run.code, 1);
    assert!(run.stderr.is_empty(), "json writes to stdout only");
    assert_eq!(json["schema_version"], 1);
    assert_eq!(
        json["summary"],
        serde_json::json!({
            "files": 4, "claims": 2, "sources": 3, "errors": 4, "warnings": 1, "infos": 0
        })
    );
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "invalid-value",
            "missing-field",
            "unknown-key",
            "unknown-source",
            "evidence-in-future"
        ]
    );
    for d in diagnostics {
        let loc = &d["location"];
        assert!(loc["start"]["line"].as_u64().unwrap() >= 1);
        assert!(loc["start"]["column"].as_u64().unwrap() >= 1);
        assert!(loc["end"]["line"].as_u64() >= loc["start"]["line"].as_u64());
        let bytes = loc["bytes"].as_array().unwrap();
        assert!(bytes[0].as_u64() <= bytes[1].as_u64());
    }
}

/// The human format on a corpus with problems, coloured or not.
fn human(corpus: &Corpus, color: &str) -> common::Run {
    run(command(corpus.path())
        .env_remove("NO_COLOR")
        .args(["check", ".", "--color", color]))
}

#[test]
fn color_follows_the_flag() {
    let corpus = broken();
    let always = human(&corpus, "always");
    assert_eq!(always.code, 1);
    assert!(always.stderr.contains("\u{1b}["), "{}", always.stderr);
    let never = human(&corpus, "never");
    assert_eq!(never.code, 1);
    assert!(!never.stderr.contains('\u{1b}'), "{}", never.stderr);
    // The same text once the colour codes are gone.
    assert!(never
        .stderr
        .contains("unknown key `txt` in a `[[claim]]` entry"));
    // `auto` is off when stderr is not a terminal, and NO_COLOR turns it off anyway.
    let auto = check(corpus.path(), "human");
    assert!(!auto.stderr.contains('\u{1b}'), "{}", auto.stderr);
}

/// User text that would clear the screen (ESC [2J), written as TOML escapes in values the
/// messages quote, and as a raw byte in a comment (a syntax error shown in a snippet).
fn escapes() -> Corpus {
    corpus(&[
        sources(),
        file(
            "claims/a.toml",
            r#"[[claim]]
id = "c\u001b[2J"
text = "\u001b[2J wiped"
[[claim.evidence]]
source = "rfi"
stance = "\u001b[2Jasserts"
quote = "\u001b[2J"
hedged = "\u001b[2J"
"#,
        ),
        file("claims/b.toml", "[[claim]]\n# raw \u{1b}[2J here\n"),
    ])
}

#[test]
fn escape_sequences_in_the_files_never_reach_the_terminal() {
    let corpus = escapes();
    for args in [
        &["check", ".", "--color", "never"][..],
        &["check", ".", "--format", "short"][..],
    ] {
        let run = corroborate(corpus.path(), args);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            !run.stderr.contains('\u{1b}'),
            "{args:?} printed a raw ESC:\n{}",
            run.stderr.replace('\u{1b}', "<ESC>")
        );
        // The messages still show what was written, made visible.
        assert!(run.stderr.contains(r"\u{1b}[2J"), "{}", run.stderr);
    }
    // Colour codes are expected with --color always, but not the file's own escape.
    let run = human(&corpus, "always");
    assert!(!run.stderr.contains("\u{1b}[2J"), "{}", run.stderr);
    // JSON escapes control characters itself.
    let (run, json) = check_json(corpus.path());
    assert!(!run.stdout.contains('\u{1b}'));
    let messages: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains('\u{1b}')),
        "JSON keeps the exact text: {messages:?}"
    );
}

#[cfg(unix)]
#[test]
fn escape_sequences_in_file_names_never_reach_the_terminal() {
    let corpus = corpus(&[sources()]);
    let name = corpus.path().join("claims/a\u{1b}[2Jb.toml");
    std::fs::create_dir_all(name.parent().unwrap()).unwrap();
    std::fs::write(&name, "[[claim]]\nid = \"c\"\ntext = \"t\"\npublish = 1\n").unwrap();
    for args in [
        &["check", ".", "--color", "never"][..],
        &["check", ".", "--format", "short"][..],
    ] {
        let run = corroborate(corpus.path(), args);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            !run.stderr.contains('\u{1b}'),
            "{args:?} printed a raw ESC:\n{}",
            run.stderr.replace('\u{1b}', "<ESC>")
        );
    }
}

/// `--format short` promises one line per diagnostic, even when user text holds a newline.
#[test]
fn short_format_keeps_one_line_per_diagnostic() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("sources")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("claims")).expect("mkdir");
    std::fs::write(
        dir.path().join("sources/s.toml"),
        "[[source]]\nid = \"rfi\"\nkind = \"media\"\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("claims/c.toml"),
        "[[claim]]\nid = \"c\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"rfi\"\nstance = \"a\\nx\"\n",
    )
    .expect("write");
    let out = assert_cmd::Command::cargo_bin("corroborate")
        .expect("binary")
        .args(["check", "--format", "short"])
        .arg(dir.path())
        .env("CORROBORATE_TODAY", "2025-12-31")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines.len(),
        2,
        "one diagnostic line and the summary:\n{stderr}"
    );
    assert!(
        lines[0].contains("error[invalid-value]: `a\\nx` is not a valid stance"),
        "{stderr}"
    );
}
