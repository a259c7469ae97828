//! `corroborate import` through the real binary: CSV in, a corpus out that `check` and `report`
//! accept; ids, verbatim text, refusal to overwrite, malformed rows, determinism; and the
//! Population benchmark script on a slice.

mod common;

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const TODAY: &str = "2025-12-31";

fn corroborate() -> Command {
    let mut cmd = Command::cargo_bin("corroborate").expect("binary builds");
    cmd.env("CORROBORATE_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        // The test lists the corpus folder; keep `check`'s cache out of it.
        .env("CORROBORATE_NO_CACHE", "1");
    cmd
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&std::ffi::OsStr]) -> Run {
    let out = corroborate().args(args).output().expect("runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn import(csv: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&std::ffi::OsStr> = vec!["import".as_ref(), csv.as_os_str()];
    args.push("--out".as_ref());
    args.push(out.as_os_str());
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    run(&args)
}

fn import_ok(csv: &Path, out: &Path, extra: &[&str]) -> String {
    let r = import(csv, out, extra);
    assert_eq!(r.code, 0, "import failed:\n{}", r.stderr);
    r.stderr
}

/// `check --format json` on the corpus: its error count must be 0.
fn assert_checks_clean(dir: &Path) {
    let r = run(&[
        "check".as_ref(),
        dir.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("check JSON: {e}\n{}\n{}", r.stdout, r.stderr));
    assert_eq!(
        doc["summary"]["errors"], 0,
        "check found errors:\n{}",
        r.stdout
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

fn report_json(dir: &Path) -> serde_json::Value {
    let r = run(&[
        "report".as_ref(),
        dir.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(r.code, 0, "report failed:\n{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("report JSON")
}

/// Claim id → (text, question) from the report.
fn claims_of(doc: &serde_json::Value) -> BTreeMap<String, (String, String)> {
    doc["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                (
                    c["text"].as_str().unwrap().to_owned(),
                    c["question"].as_str().unwrap_or("").to_owned(),
                ),
            )
        })
        .collect()
}

/// The `[[source]]` entries of the corpus: id → (name, reliability).
fn sources_of(dir: &Path) -> BTreeMap<String, (String, Option<String>)> {
    let text = fs::read_to_string(dir.join("sources/sources.toml")).expect("sources file");
    let table: toml::Table = toml::from_str(&text).expect("sources TOML");
    table["source"]
        .as_array()
        .expect("[[source]]")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                (
                    s["name"].as_str().unwrap().to_owned(),
                    s.get("reliability").map(|r| r.as_str().unwrap().to_owned()),
                ),
            )
        })
        .collect()
}

/// Every file under `dir`: relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn write_csv(dir: &Path, name: &str, rows: &[&[&str]]) -> PathBuf {
    let path = dir.join(name);
    let mut writer = csv::Writer::from_path(&path).expect("create CSV");
    for row in rows {
        writer.write_record(*row).expect("write row");
    }
    writer.flush().expect("flush");
    path
}

#[test]
fn basic_import_checks_clean_and_reports_claims_and_questions() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("corpus");
    let summary = import_ok(&fixture("basic.csv"), &out, &[]);
    assert!(
        summary.contains("imported 6 rows: 4 sources, 2 questions, 3 claims into"),
        "{summary}"
    );
    assert!(!summary.contains("ignored columns"), "{summary}");
    assert_checks_clean(&out);

    let doc = report_json(&out);
    let claims = claims_of(&doc);
    let expected: BTreeMap<String, (String, String)> = [
        (
            "alkit-convoy-losses.all-four-vehicles-destroyed",
            "All four vehicles destroyed",
            "alkit-convoy-losses",
        ),
        (
            "alkit-convoy-losses.one-vehicle-damaged",
            "One vehicle damaged",
            "alkit-convoy-losses",
        ),
        (
            "date-of-the-ambush.14-july-2025",
            "14 July 2025",
            "date-of-the-ambush",
        ),
    ]
    .iter()
    .map(|(id, text, q)| (id.to_string(), (text.to_string(), q.to_string())))
    .collect();
    assert_eq!(claims, expected);

    // Each row is one evidence item, with its stance and date.
    let losses = doc["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "alkit-convoy-losses.one-vehicle-damaged")
        .unwrap();
    let evidence: Vec<(String, String)> = losses["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap().to_owned(),
                e["stance"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        evidence,
        [
            ("fama-communique".to_owned(), "asserts".to_owned()),
            (
                "radio-france-internationale".to_owned(),
                "denies".to_owned()
            )
        ]
    );

    if let Some(questions) = doc.get("questions").and_then(|q| q.as_array()) {
        let ids: Vec<&str> = questions
            .iter()
            .map(|q| q["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["alkit-convoy-losses", "date-of-the-ambush"]);
        let mut answers: Vec<&str> = questions[0]["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        answers.sort_unstable();
        assert_eq!(
            answers,
            [
                "alkit-convoy-losses.all-four-vehicles-destroyed",
                "alkit-convoy-losses.one-vehicle-damaged"
            ]
        );
    }

    let sources = sources_of(&out);
    assert_eq!(
        sources["fama-communique"],
        ("FAMa communiqué".to_owned(), Some("C".to_owned()))
    );
    assert_eq!(
        sources["radio-france-internationale"],
        (
            "Radio France Internationale".to_owned(),
            Some("B".to_owned())
        )
    );
    // No reliability column value: omitted, so the format's default (F) applies.
    assert_eq!(sources["local-notable"], ("Local notable".to_owned(), None));
    // The temporary folder is gone.
    let leftovers: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut leftovers = leftovers;
    leftovers.sort();
    assert_eq!(leftovers, ["claims", "sources"]);
}

#[test]
fn column_flags_map_other_headers_and_unused_columns_are_named() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("corpus");
    let summary = import_ok(
        &fixture("mapped.csv"),
        &out,
        &[
            "--source-col",
            "Editor",
            "--question-col",
            "Item",
            "--answer-col",
            "Value",
        ],
    );
    assert!(
        summary.contains("imported 4 rows: 3 sources, 2 questions, 3 claims"),
        "{summary}"
    );
    assert!(
        summary.contains("ignored columns: \"Comment\""),
        "{summary}"
    );
    assert_checks_clean(&out);
    let claims = claims_of(&report_json(&out));
    assert_eq!(
        claims.keys().collect::<Vec<_>>(),
        [
            "lyon-population-2006.472305",
            "paris-population-2006.2153600",
            "paris-population-2006.2181371"
        ]
    );
    assert_eq!(
        sources_of(&out).keys().collect::<Vec<_>>(),
        ["alice", "bob", "carol"]
    );
}

#[test]
fn missing_column_lists_the_headers_and_suggests_the_flag() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("corpus");
    let r = import(&fixture("missing_column.csv"), &out, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("missing_column.csv:1: the header has no column `question`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains(r#"the header has: "Source", "Questoin", "answer""#),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains(r#"did you mean "Questoin"? pass --question-col Questoin"#),
        "{}",
        r.stderr
    );
    assert!(!out.exists(), "nothing may be written");

    // A flag naming a header that is not there gets the same treatment.
    let r = import(&fixture("mapped.csv"), &out, &["--source-col", "Editr"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("no column `Editr`, `question` or `answer`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("pass --source-col Editor"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("name the column that holds the question with --question-col HEADER"),
        "{}",
        r.stderr
    );
}

#[test]
fn colliding_source_names_get_distinct_ids_and_keep_their_names() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("corpus");
    import_ok(&fixture("collisions.csv"), &out, &[]);
    assert_checks_clean(&out);
    let sources = sources_of(&out);
    let by_name: BTreeMap<String, String> = sources
        .iter()
        .map(|(id, (name, _))| (name.clone(), id.clone()))
        .collect();
    assert_eq!(by_name["Foo Bar"], "foo-bar");
    assert_eq!(by_name["foo-bar"], "foo-bar-2");
    assert_eq!(by_name["FOO_BAR!"], "foo-bar-3");
    assert_eq!(sources.len(), 3);
    // "Foo Bar" said both answers: two evidence items from one source.
    let doc = report_json(&out);
    let two = doc["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "q.two")
        .expect("claim q.two");
    let mut sources: Vec<&str> = two["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source"].as_str().unwrap())
        .collect();
    sources.sort_unstable();
    assert_eq!(sources, ["foo-bar", "foo-bar-3"]);
}

#[test]
fn answers_are_kept_verbatim_whatever_they_contain() {
    let tmp = TempDir::new().unwrap();
    let answers = [
        r#"He said "four", not "five""#,
        "back\\slash \\n not a newline \\",
        "line one\nline two\r\nline three",
        "  leading and trailing spaces  ",
        "tab\there",
        "Tinzaouatène — 東京 🙂 \u{2028} \u{feff}",
        "control \u{1}\u{7f} chars",
        "'''\"\"\" and # not a comment",
        "=",
    ];
    let mut rows: Vec<Vec<&str>> = vec![vec!["source", "question", "answer"]];
    for (i, a) in answers.iter().enumerate() {
        let source = if i % 2 == 0 { "Ré\"porter\\" } else { "other" };
        rows.push(vec![source, "What \"exactly\"\nwas said?", a]);
    }
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let csv = write_csv(tmp.path(), "tricky.csv", &rows);
    let out = tmp.path().join("corpus");
    import_ok(&csv, &out, &[]);
    assert_checks_clean(&out);
    let claims = claims_of(&report_json(&out));
    let mut texts: Vec<&str> = claims.values().map(|(t, _)| t.as_str()).collect();
    texts.sort_unstable();
    let mut expected = answers.to_vec();
    expected.sort_unstable();
    assert_eq!(texts, expected);
    for (id, (_, question)) in &claims {
        assert!(id.starts_with("what-exactly-was-said."), "{id}");
        assert_eq!(question, "what-exactly-was-said");
    }
    let names: Vec<String> = sources_of(&out).into_values().map(|(n, _)| n).collect();
    assert!(names.contains(&"Ré\"porter\\".to_owned()), "{names:?}");
    // The question's text is kept, escaped, in its `[[question]]` entry, and reported.
    let claims_file = fs::read_to_string(out.join("claims/0001.toml")).unwrap();
    assert!(
        claims_file.contains(r#"text = "What \"exactly\"\nwas said?""#),
        "{claims_file}"
    );
    let doc = report_json(&out);
    assert_eq!(
        doc["questions"][0]["text"].as_str(),
        Some("What \"exactly\"\nwas said?")
    );
}

#[test]
fn an_existing_corpus_is_refused_without_force_and_replaced_with_it() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("corpus");
    import_ok(&fixture("basic.csv"), &out, &[]);
    fs::write(out.join("corroborate.toml"), "# policy\n").unwrap();
    fs::write(out.join("README.md"), "notes\n").unwrap();
    let before = tree(&out);

    let r = import(&fixture("mapped.csv"), &out, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("already holds a corpus"), "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(tree(&out), before, "nothing may change without --force");

    // A failed --force import leaves the old corpus alone.
    let r = import(&fixture("malformed.csv"), &out, &["--force"]);
    assert_eq!(r.code, 2);
    assert_eq!(tree(&out), before);

    let summary = import_ok(
        &fixture("mapped.csv"),
        &out,
        &[
            "--force",
            "--source-col",
            "Editor",
            "--question-col",
            "Item",
            "--answer-col",
            "Value",
        ],
    );
    assert!(summary.contains("replaced"), "{summary}");
    let after = tree(&out);
    assert_eq!(after["corroborate.toml"], b"# policy\n");
    assert_eq!(after["README.md"], b"notes\n");
    let mut names: Vec<&String> = after.keys().collect();
    names.sort();
    assert_eq!(
        names,
        [
            "README.md",
            "claims/0001.toml",
            "corroborate.toml",
            "sources/sources.toml"
        ]
    );
    let claims = claims_of(&report_json(&out));
    assert!(claims.contains_key("paris-population-2006.2181371"));
    assert!(
        !claims.keys().any(|k| k.starts_with("alkit")),
        "old claims gone"
    );

    // --out naming a file is refused.
    let file = tmp.path().join("file");
    fs::write(&file, "x").unwrap();
    let r = import(&fixture("basic.csv"), &file, &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not a folder"), "{}", r.stderr);
}

#[test]
fn malformed_rows_are_all_reported_with_line_numbers_and_nothing_is_written() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("corpus");
    let r = import(&fixture("malformed.csv"), &out, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let expected = [
        "malformed.csv: 7 problems in 10 data rows; nothing was written",
        // Line 2 holds a record spanning two lines: later line numbers still match the file.
        "malformed.csv:4: expected 6 fields (as in the header), found 2",
        "malformed.csv:5: `source` is empty",
        "malformed.csv:6: `answer` is empty",
        "malformed.csv:7: `date` = \"14/07/2025\" is not accepted; expected a date such as 2025-07-14",
        "malformed.csv:8: `stance` = \"assert\" is not accepted; expected one of asserts, confirms, denies, disputes, retracts, revises, no-comment (did you mean `asserts`?)",
        "malformed.csv:9: `reliability` = \"G\" is not accepted; expected one of A, B, C, D, E, F\n",
        "malformed.csv:11: `reliability` = \"C\" for source \"src\", which line 10 gave as \"B\"",
    ];
    for line in expected {
        assert!(
            r.stderr.contains(line),
            "missing {line:?} in:\n{}",
            r.stderr
        );
    }
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn many_malformed_rows_are_counted_and_the_first_twenty_listed() {
    let tmp = TempDir::new().unwrap();
    let mut text = String::from("source,question,answer\n");
    for i in 0..50 {
        if i % 2 == 0 {
            text.push_str("a,b\n");
        } else {
            text.push_str("a,b,c\n");
        }
    }
    let csv = tmp.path().join("many.csv");
    fs::write(&csv, text).unwrap();
    let r = import(&csv, &tmp.path().join("corpus"), &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("25 problems in 50 data rows"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("many.csv:2: expected 3 fields"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("many.csv:40: expected 3 fields"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("many.csv:42:"), "{}", r.stderr);
    assert!(r.stderr.contains("… and 5 more"), "{}", r.stderr);
}

#[test]
fn a_header_without_rows_and_a_missing_file_are_errors() {
    let tmp = TempDir::new().unwrap();
    let csv = tmp.path().join("empty.csv");
    fs::write(&csv, "\u{feff}source,question,answer\n").unwrap();
    let out = tmp.path().join("corpus");
    let r = import(&csv, &out, &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no rows after the header"),
        "{}",
        r.stderr
    );
    assert!(!out.exists());

    let r = import(&tmp.path().join("absent.csv"), &out, &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot read"), "{}", r.stderr);
    assert!(r.stderr.contains("absent.csv"), "{}", r.stderr);
}

#[test]
fn imports_are_deterministic() {
    let tmp = TempDir::new().unwrap();
    let mut rows: Vec<Vec<String>> = vec![vec![
        "source".into(),
        "question".into(),
        "answer".into(),
        "date".into(),
    ]];
    // Enough claims for several files, with colliding slugs in every kind of id.
    for i in 0..3000u32 {
        rows.push(vec![
            format!("Source {}", i % 37),
            format!("Question {}{}", i % 700, if i % 3 == 0 { "!" } else { "?" }),
            format!("answer {}{}", i % 5, if i % 2 == 0 { "." } else { "" }),
            format!("2025-0{}-1{}", 1 + i % 9, i % 10),
        ]);
    }
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
    let csv = write_csv(tmp.path(), "data.csv", &rows);
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    import_ok(&csv, &a, &[]);
    import_ok(&csv, &b, &[]);
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 2, "several claims files: {:?}", ta.keys());
    assert_eq!(ta, tb);
    assert_checks_clean(&a);
}

/// Whether this build's `report --format json` carries `questions` (SPEC section 6).
fn report_has_questions() -> bool {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("corpus");
    import_ok(&fixture("basic.csv"), &out, &[]);
    report_json(&out).get("questions").is_some()
}

#[test]
fn population_script_prints_every_accuracy_on_a_slice() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/population.sh");
    let data = std::env::var("POPULATION_DATA")
        .unwrap_or_else(|_| "/work/shared/data/population".to_owned());
    if !Path::new(&data).join("population_claims.csv").is_file() {
        eprintln!("note: skipped: no Population data in {data} (set POPULATION_DATA)");
        return;
    }
    if !common::has_python3() {
        return;
    }
    if !report_has_questions() {
        eprintln!("note: skipped: `report --format json` has no `questions` yet");
        return;
    }
    let out = std::process::Command::new("bash")
        .arg(&script)
        .args(["--slice", "20"])
        .env("CORROBORATE_BIN", env!("CARGO_BIN_EXE_corroborate"))
        .env("POPULATION_DATA", &data)
        .output()
        .expect("runs the script");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    // Majority vote both ways, `leading` and the top answer, in one run.
    let shapes: Vec<String> = stdout
        .lines()
        .filter(|l| l.starts_with("majority vote") || l.starts_with("corroborate "))
        .map(regex_free_shape)
        .collect();
    assert_eq!(
        shapes,
        [
            "majority vote, ties broken by file order: N.N (N/N)",
            "majority vote, ties counted fairly (N/k): N.N (N.N/N)",
            "corroborate leading: N.N (N/N)  (null on N gold questions, counted wrong)",
            "corroborate answers[N]: N.N (N/N)",
        ],
        "{stdout}"
    );
}

/// `line` with every run of digits replaced by `N`.
fn regex_free_shape(line: &str) -> String {
    let mut out = String::new();
    let mut in_digits = false;
    for c in line.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('N');
            }
            in_digits = true;
        } else {
            in_digits = false;
            out.push(c);
        }
    }
    out
}

#[test]
fn a_kind_column_sets_the_source_kind_and_bad_values_are_named() {
    let tmp = TempDir::new().unwrap();
    let csv = write_csv(
        tmp.path(),
        "kinds.csv",
        &[
            &["source", "question", "answer", "Kind", "stance"],
            &["AFP", "q", "yes", "Agency", "Asserts"],
            &["Somebody", "q", "no", "", "denies"],
        ],
    );
    let out = tmp.path().join("corpus");
    import_ok(&csv, &out, &[]);
    assert_checks_clean(&out);
    let text = fs::read_to_string(out.join("sources/sources.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    let kinds: Vec<&str> = table["source"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["agency", "document"]);

    let bad = write_csv(
        tmp.path(),
        "bad-kinds.csv",
        &[
            &["source", "question", "answer", "kind"],
            &["AFP", "q", "yes", "agency"],
            &["AFP", "q", "no", "media"],
            &["Blog", "q", "no", "blog"],
        ],
    );
    let r = import(&bad, &tmp.path().join("other"), &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("bad-kinds.csv:3: `kind` = \"media\" for source \"AFP\", which line 2 gave as \"agency\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "bad-kinds.csv:4: `kind` = \"blog\" is not accepted; expected one of party, official"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn one_column_cannot_play_two_roles() {
    let tmp = TempDir::new().unwrap();
    let r = import(
        &fixture("basic.csv"),
        &tmp.path().join("corpus"),
        &["--answer-col", "source"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("column \"source\" was named by both --source-col and --answer-col"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// Question kinds (`--kind`)

/// The `[[question]]` and `[[claim]]` entries of the corpus's claims files.
fn entries(dir: &Path) -> (Vec<toml::Value>, Vec<toml::Value>) {
    let (mut questions, mut claims) = (Vec::new(), Vec::new());
    let mut files: Vec<PathBuf> = fs::read_dir(dir.join("claims"))
        .expect("claims/")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for file in files {
        let table: toml::Table =
            toml::from_str(&fs::read_to_string(&file).expect("read")).expect("claims TOML");
        let list = |key: &str| table.get(key).and_then(|v| v.as_array()).cloned();
        questions.extend(list("question").unwrap_or_default());
        claims.extend(list("claim").unwrap_or_default());
    }
    (questions, claims)
}

/// `check` finds neither errors nor warnings.
fn assert_checks_spotless(dir: &Path) {
    assert_checks_clean(dir);
    let r = run(&[
        "check".as_ref(),
        dir.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("check JSON");
    assert_eq!(doc["summary"]["warnings"], 0, "{}", r.stdout);
}

/// A `value` as the importer writes it: `1200`, `["a", "b"]`.
fn value_text(value: &toml::Value) -> String {
    match value {
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(x) => x.to_string(),
        toml::Value::Array(parts) => {
            let parts: Vec<String> = parts
                .iter()
                .map(|p| format!("{:?}", p.as_str().expect("a part")))
                .collect();
            format!("[{}]", parts.join(", "))
        }
        other => panic!("not a value the importer writes: {other:?}"),
    }
}

/// Id → (a text, an optional text).
type Pairs = BTreeMap<String, (String, Option<String>)>;

/// Question id → (kind, unit) from the files, and claim id → (text, value as TOML).
fn kinds_and_values(dir: &Path) -> (Pairs, Pairs) {
    let (questions, claims) = entries(dir);
    let questions = questions
        .iter()
        .map(|q| {
            (
                q["id"].as_str().unwrap().to_owned(),
                (
                    q["kind"].as_str().unwrap().to_owned(),
                    q.get("unit").map(|u| u.as_str().unwrap().to_owned()),
                ),
            )
        })
        .collect();
    let claims = claims
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                (
                    c["text"].as_str().unwrap().to_owned(),
                    c.get("value").map(value_text),
                ),
            )
        })
        .collect();
    (questions, claims)
}

#[test]
fn numbers_become_quantities_and_one_value_written_twice_is_one_claim() {
    let tmp = TempDir::new().unwrap();
    let csv = write_csv(
        tmp.path(),
        "numbers.csv",
        &[
            &["source", "question", "answer"],
            &["a", "Population of X", "1,200"],
            &["b", "Population of X", "1200"],
            &["c", "Population of X", "1 250 people"],
            &["d", "Population of X", "1200.0"],
            &["a", "Year founded", "1998"],
            &["b", "Year founded", "1999"],
        ],
    );
    let out = tmp.path().join("corpus");
    let summary = import_ok(&csv, &out, &[]);
    assert!(
        summary.contains("imported 6 rows: 4 sources, 2 questions, 4 claims into"),
        "{summary}"
    );
    assert!(
        summary.contains("--kind auto: 0 choice, 0 set, 2 quantity; 2 answers have the same value"),
        "{summary}"
    );
    assert_checks_spotless(&out);
    let (questions, claims) = kinds_and_values(&out);
    assert_eq!(
        questions["population-of-x"],
        ("quantity".to_owned(), Some("people".to_owned()))
    );
    assert_eq!(questions["year-founded"], ("quantity".to_owned(), None));
    let expected: Pairs = [
        ("population-of-x.1-200", "1,200", "1200"),
        ("population-of-x.1-250-people", "1 250 people", "1250"),
        ("year-founded.1998", "1998", "1998"),
        ("year-founded.1999", "1999", "1999"),
    ]
    .iter()
    .map(|(id, text, value)| (id.to_string(), (text.to_string(), Some(value.to_string()))))
    .collect();
    assert_eq!(claims, expected);

    // The merged rows keep their own wording, and the report has the question's text.
    let doc = report_json(&out);
    let merged = doc["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "population-of-x.1-200")
        .unwrap();
    assert_eq!(merged["evidence"].as_array().unwrap().len(), 3);
    let file = fs::read_to_string(out.join("claims/0001.toml")).unwrap();
    assert!(file.contains("quote = \"1200\"\n"), "{file}");
    assert!(file.contains("quote = \"1200.0\"\n"), "{file}");
    let q = doc["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "population-of-x")
        .unwrap();
    assert_eq!(q["text"], "Population of X");
    assert_eq!(q["kind"], "quantity");
}

#[test]
fn lists_become_sets_and_mixed_answers_stay_choices() {
    let tmp = TempDir::new().unwrap();
    let csv = write_csv(
        tmp.path(),
        "lists.csv",
        &[
            &["source", "question", "answer"],
            &["a", "Authors of Y", "Smith; Jones"],
            &["b", "Authors of Y", "Smith"],
            &["c", "Authors of Y", "jones ;smith"],
            &["a", "Members", "Lee | Kim | Park"],
            &["b", "Members", "Lee | Kim"],
            &["a", "Casualties", "12"],
            &["b", "Casualties", "about 20"],
            &["a", "Capital", "Washington, D.C."],
            &["b", "Capital", "Boston"],
        ],
    );
    let out = tmp.path().join("corpus");
    let summary = import_ok(&csv, &out, &[]);
    assert!(
        summary.contains("--kind auto: 2 choice, 2 set, 0 quantity; 1 answer has"),
        "{summary}"
    );
    assert_checks_spotless(&out);
    let (questions, claims) = kinds_and_values(&out);
    let kinds: Vec<(&str, &str)> = questions
        .iter()
        .map(|(id, (kind, _))| (id.as_str(), kind.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("authors-of-y", "set"),
            ("capital", "choice"),
            ("casualties", "choice"),
            ("members", "set"),
        ]
    );
    let value = |id: &str| claims[id].1.clone();
    assert_eq!(
        value("authors-of-y.smith-jones").as_deref(),
        Some(r#"["Smith", "Jones"]"#)
    );
    assert_eq!(value("authors-of-y.smith").as_deref(), Some(r#"["Smith"]"#));
    assert!(
        !claims.contains_key("authors-of-y.jones-smith"),
        "{claims:?}"
    );
    assert_eq!(
        value("members.lee-kim-park").as_deref(),
        Some(r#"["Lee", "Kim", "Park"]"#)
    );
    // "about 20" is not a number, so neither answer to `casualties` gets a value.
    assert_eq!(value("casualties.12"), None);
    assert_eq!(value("capital.washington-d-c"), None);
    assert_eq!(claims["capital.washington-d-c"].0, "Washington, D.C.");
}

#[test]
fn a_forced_kind_names_the_first_answer_that_does_not_fit_and_writes_nothing() {
    let tmp = TempDir::new().unwrap();
    let csv = write_csv(
        tmp.path(),
        "forced.csv",
        &[
            &["source", "question", "answer"],
            &["a", "Casualties", "12"],
            &["b", "Who attacked", "The FLA, alone"],
            &["b", "Casualties", "about 20"],
        ],
    );
    let out = tmp.path().join("corpus");
    let r = import(&csv, &out, &["--kind", "quantity"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let at = format!(
        "{}:3:16: `answer` = \"The FLA, alone\" is not a number",
        csv.display()
    );
    assert!(r.stderr.contains(&at), "{}", r.stderr);
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert!(!out.exists(), "the corpus folder was created");

    // A quoted field before the answer: the column is where the answer's field starts.
    let quoted = tmp.path().join("quoted.csv");
    fs::write(
        &quoted,
        "question,source,answer\nQ,\"a, \"\"b\"\"\",4\nQ,\"Ré\nsumé\",five\n",
    )
    .unwrap();
    let r = import(&quoted, &out, &["--kind", "quantity"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let at = format!("{}:4:7: `answer` = \"five\"", quoted.display());
    assert!(r.stderr.contains(&at), "{}", r.stderr);

    // Forced choice: no values; forced set: every answer a list.
    import_ok(&csv, &out, &["--kind", "choice"]);
    assert_checks_spotless(&out);
    let (questions, claims) = kinds_and_values(&out);
    assert!(
        questions.values().all(|(k, _)| k == "choice"),
        "{questions:?}"
    );
    assert!(claims.values().all(|(_, v)| v.is_none()), "{claims:?}");
    import_ok(&csv, &out, &["--kind", "set", "--force"]);
    assert_checks_spotless(&out);
    let (_, claims) = kinds_and_values(&out);
    assert_eq!(
        claims["who-attacked.the-fla-alone"].1.as_deref(),
        Some(r#"["The FLA", "alone"]"#)
    );
}

/// A CSV's `url` and `quote` columns (any case, blanks around the header) become each evidence
/// item's `url` and `quote`, escaped: `check` passes, and `report --format csv --evidence` and
/// `explain` give them back exactly. They are not named as ignored columns.
#[test]
fn url_and_quote_columns_arrive_on_the_evidence() {
    let tmp = TempDir::new().unwrap();
    let quote = "il a dit \"tout\" \\ puis:\nles « véhicules » # pas un commentaire";
    let first = [
        "RFI",
        "Who attacked?",
        "The FLA",
        "2025-07-14",
        "https://www.rfi.fr/a?b=1&c=\"2\"",
        quote,
    ];
    let rows: Vec<&[&str]> = vec![
        &["source", "question", "answer", "date", " URL ", "Quote"],
        &first,
        &["AFP", "Who attacked?", "The FLA", "2025-07-15", "", ""],
        &[
            "AFP",
            "Who attacked?",
            "JNIM",
            "2025-07-15",
            "javascript:alert(1)",
            "  ",
        ],
    ];
    let csv = write_csv(tmp.path(), "links.csv", &rows);
    let out = tmp.path().join("corpus");
    let summary = import_ok(&csv, &out, &[]);
    assert!(!summary.contains("ignored columns"), "{summary}");
    assert_checks_clean(&out);

    let r = run(&[
        "report".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--evidence".as_ref(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (source, url, quote_col) = (at("source"), at("url"), at("quote"));
    let got: Vec<(String, String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[source].to_owned(),
                r[url].to_owned(),
                r[quote_col].to_owned(),
            )
        })
        .collect();
    assert!(
        got.contains(&(
            "rfi".to_owned(),
            "https://www.rfi.fr/a?b=1&c=\"2\"".to_owned(),
            quote.to_owned()
        )),
        "{got:?}"
    );
    // Empty cells give no key; a url is kept as written (reports decide what to link).
    assert!(
        got.contains(&("afp".to_owned(), String::new(), String::new())),
        "{got:?}"
    );
    assert!(
        got.contains(&(
            "afp".to_owned(),
            "javascript:alert(1)".to_owned(),
            String::new()
        )),
        "{got:?}"
    );

    let r = run(&[
        "explain".as_ref(),
        "who-attacked.the-fla".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("     link: https://www.rfi.fr/a?b=1&c=\"2\""),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("quote: «il a dit \"tout\" \\ puis:"),
        "{}",
        r.stdout
    );
}
