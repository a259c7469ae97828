//! Set questions judged part by part, through the real binary: the leading answer is the most
//! complete credible list, the JSON report and `explain` give each part's belief, and learning
//! credits a source per part, so a source that always leaves parts out earns less trust than one
//! whose lists are whole.

mod common;

use serde_json::Value;
use std::fmt::Write as _;

/// A sources file of `ids`, each an ungraded document source.
fn sources(ids: &[&str]) -> String {
    let mut out = String::new();
    for id in ids {
        let _ = write!(out, "[[source]]\nid = \"{id}\"\nkind = \"document\"\n");
    }
    out
}

/// A set question `q` whose answers are `lists`, each given by the sources beside it.
fn question(q: &str, lists: &[(&[&str], &[&str])]) -> String {
    let mut out = format!("[[question]]\nid = \"{q}\"\nkind = \"set\"\n");
    for (k, (parts, by)) in lists.iter().enumerate() {
        let value: Vec<String> = parts.iter().map(|p| format!("\"{p}\"")).collect();
        let _ = write!(
            out,
            "[[claim]]\nid = \"{q}.{k}\"\ntext = \"{}\"\nquestion = \"{q}\"\nvalue = [{}]\n",
            parts.join("; "),
            value.join(", ")
        );
        for source in *by {
            let _ = write!(
                out,
                "[[claim.evidence]]\nsource = \"{source}\"\nstance = \"asserts\"\n"
            );
        }
    }
    out
}

fn report(corpus: &common::Corpus) -> Value {
    let run = common::corroborate(corpus.path(), &["report", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("the report is JSON")
}

fn question_of<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["questions"]
        .as_array()
        .and_then(|qs| qs.iter().find(|q| q["id"] == id))
        .unwrap_or_else(|| panic!("no question {id} in {report}"))
}

/// Two sources give the whole list of authors, three only the first author: the parts the
/// partial lists leave out stay credible, so the whole list leads, and the partial one, which
/// the whole list implies, is not refuted by it.
#[test]
fn the_most_complete_credible_list_leads() {
    let corpus = common::corpus(&[
        common::file("sources/s.toml", sources(&["a", "b", "c", "d", "e"])),
        common::claims(question(
            "authors",
            &[
                (&["Smith", "Jones", "Brown"], &["a", "b"]),
                (&["Smith"], &["c", "d", "e"]),
            ],
        )),
    ]);
    let report = report(&corpus);
    let q = question_of(&report, "authors");
    assert_eq!(q["leading"], "authors.0", "{q}");
    assert_eq!(q["answers"][0], "authors.0", "{q}");
    let parts = q["parts"].as_array().expect("parts");
    assert_eq!(parts.len(), 3, "{q}");
    assert_eq!(parts[0]["part"], "Smith", "{q}");
    assert_eq!(parts[0]["listed"], 5, "{q}");
    let jones = parts.iter().find(|p| p["part"] == "Jones").expect("Jones");
    assert_eq!(
        (jones["listed"].as_u64(), jones["omitted"].as_u64()),
        (Some(2), Some(3))
    );
    assert!(jones["probability"].as_f64().unwrap_or(0.0) > 0.5, "{q}");
    let partial = report["claims"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"] == "authors.1"))
        .expect("the partial list");
    assert_ne!(partial["status"], "refuted", "{partial}");
}

/// One source adds a part that seven leave out: the part is not credible, and the list without
/// it leads.
#[test]
fn a_lone_extra_part_does_not_lead() {
    let many = ["b", "c", "d", "e", "f", "g", "h"];
    let mut all = vec!["a"];
    all.extend(many);
    let corpus = common::corpus(&[
        common::file("sources/s.toml", sources(&all)),
        common::claims(question(
            "authors",
            &[(&["Smith", "Editor"], &["a"]), (&["Smith"], &many)],
        )),
    ]);
    let report = report(&corpus);
    let q = question_of(&report, "authors");
    assert_eq!(q["leading"], "authors.1", "{q}");
    let editor = q["parts"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["part"] == "Editor"))
        .expect("Editor");
    assert!(editor["probability"].as_f64().unwrap_or(1.0) < 0.5, "{q}");
}

/// Two lists that differ by one part each, each given by one source: nothing tells them apart,
/// so nothing leads and both are named as tied.
#[test]
fn lists_nothing_tells_apart_are_tied() {
    let corpus = common::corpus(&[
        common::file("sources/s.toml", sources(&["a", "b"])),
        common::claims(question(
            "authors",
            &[(&["Smith", "Jones"], &["a"]), (&["Smith", "Brown"], &["b"])],
        )),
    ]);
    let report = report(&corpus);
    let q = question_of(&report, "authors");
    assert_eq!(q["leading"], Value::Null, "{q}");
    assert_eq!(
        q["tied"],
        serde_json::json!(["authors.0", "authors.1"]),
        "{q}"
    );
}

/// `explain` gives each part's belief beside who listed it and who left it out.
#[test]
fn explain_gives_each_parts_belief() {
    let corpus = common::corpus(&[
        common::file("sources/s.toml", sources(&["a", "b", "c"])),
        common::claims(question(
            "authors",
            &[(&["Smith", "Jones"], &["a", "b"]), (&["Smith"], &["c"])],
        )),
    ]);
    let run = common::corroborate(corpus.path(), &["explain", "authors.0"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("part «Jones»"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        line.contains("(belief 0.") && line.contains("listed by a, b; left out by c"),
        "{line}"
    );
}

/// Across ten questions, `whole` and `also` always give the whole list and `partial` only its
/// first part. Learning part by part credits `partial` for the part it lists and debits it,
/// weakly, for the ones it leaves out, so it ends below the sources whose lists are whole. (Per
/// answer, `partial`'s shorter list was implied by every other source and earned it the most.)
#[test]
fn learning_credits_each_part() {
    let mut claims = String::new();
    for k in 0..10 {
        claims.push_str(&question(
            &format!("q{k}"),
            &[
                (&["first", "second", "third"], &["whole", "also"]),
                (&["first"], &["partial"]),
            ],
        ));
    }
    let corpus = common::corpus(&[
        common::file("sources/s.toml", sources(&["whole", "also", "partial"])),
        common::claims(claims),
    ]);
    let report = report(&corpus);
    let estimated = |id: &str| {
        report["sources"]
            .as_array()
            .and_then(|ss| ss.iter().find(|s| s["id"] == id))
            .and_then(|s| s["estimated"].as_f64())
            .unwrap_or_else(|| panic!("no source {id}"))
    };
    assert!(
        estimated("partial") < estimated("whole"),
        "partial {} whole {}",
        estimated("partial"),
        estimated("whole")
    );
    for k in 0..10 {
        let id = format!("q{k}");
        assert_eq!(question_of(&report, &id)["leading"], format!("q{k}.0"));
    }
}

/// `scripts/lists.sh` on one seed of its synthetic book-author data: the leading answer is the
/// true author set more often than majority vote's most frequent list.
#[test]
fn the_list_benchmark_beats_majority_vote() {
    if !common::has_python3() {
        return;
    }
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/lists.sh");
    let out = std::process::Command::new("bash")
        .arg(&script)
        .args(["--seed", "7"])
        .env("CORROBORATE_BIN", env!("CARGO_BIN_EXE_corroborate"))
        .output()
        .expect("runs the script");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let accuracy = |prefix: &str| -> f64 {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(prefix))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no «{prefix}» line in {stdout}"))
    };
    let majority = accuracy("majority vote (most frequent list, ties by first appearance): ");
    let leading = accuracy("corroborate leading: ");
    assert!(leading > majority + 0.05, "{stdout}");
}
