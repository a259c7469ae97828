//! `diff OLD NEW` says why, through the real binary: on a small story (tests/fixtures/diff-story)
//! and its day 2 (a new claims file of top-level `[[evidence]]` adding a denial, the ministry's
//! silence corrected to a denial, the desk's changed verdict), the changed claim's entry names
//! the added item with its file and line, the origins whose weight moved and the desk's change,
//! in text and JSON; a corpus and its saved JSON report diff as equal.

mod common;
use assert_cmd::Command;
use std::fs;
use std::path::Path;

const AS_OF: &str = "2025-03-10";

/// The day-2 claims file: the observers deny the claim.
const DAY_2: &str = r#"# Day 2: the observers deny it.
[[evidence]]
claim = "bridge.destroyed"
source = "observer"
stance = "denies"
date = 2025-03-04
basis = "witnessed"
quote = "The bridge is standing; we crossed it this morning."
"#;

/// A folder holding `old/` (the story) and `new/` (its day 2).
fn story() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff-story");
    common::copy_dir(&fixture, &dir.path().join("old"));
    common::copy_dir(&fixture, &dir.path().join("new"));
    fs::write(dir.path().join("new/claims/day2.toml"), DAY_2).expect("write");
    let bridge = dir.path().join("new/claims/bridge.toml");
    let text = fs::read_to_string(&bridge).expect("read");
    let changed = text
        .replace(
            "status = \"unconfirmed\"\ncredibility = 3\nby = \"ana\"\ndate = 2025-03-02\nreason = \"One origin so far.\"",
            "status = \"contested\"\ncredibility = 4\nby = \"ana\"\ndate = 2025-03-05\nreason = \"The observers deny it.\"",
        )
        .replace(
            "source = \"ministry\"\nstance = \"no-comment\"",
            "source = \"ministry\"\nstance = \"denies\"",
        );
    assert_eq!(changed.matches("contested").count(), 1, "the desk changed");
    assert!(
        changed.contains("stance = \"denies\""),
        "the ministry denies"
    );
    fs::write(&bridge, changed).expect("write");
    dir
}

/// `corroborate ARGS` in `dir`, expecting success; its stdout.
fn run(dir: &Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("corroborate")
        .expect("binary builds")
        .env("CORROBORATE_TODAY", "2025-12-31")
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn diff(dir: &Path, old: &str, new: &str, extra: &[&str]) -> String {
    let mut args = vec!["diff", old, new, "--as-of", AS_OF];
    args.extend_from_slice(extra);
    run(dir, &args)
}

fn diff_json(dir: &Path, old: &str, new: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&diff(dir, old, new, &args)).expect("JSON")
}

#[test]
fn the_text_names_the_added_denial_the_moved_origins_and_the_desk() {
    let dir = story();
    let text = diff(dir.path(), "old", "new", &[]);
    assert!(
        text.lines().all(|l| l.chars().count() <= 80),
        "80 columns:\n{text}"
    );
    let entry: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("bridge.destroyed "))
        .take_while(|l| !l.is_empty())
        .collect();
    let entry = entry.join("\n");
    assert!(entry.contains("changed"), "{entry}");
    assert!(
        entry.contains("+ denies observer, 2025-03-04, basis witnessed (new/claims/day2.toml:2)"),
        "{entry}"
    );
    assert!(
        entry.contains("origin observer: support — → 0.00, opposition — → "),
        "{entry}"
    );
    assert!(
        entry.contains("desk: unconfirmed, credibility 3 → contested, credibility 4"),
        "{entry}"
    );
    assert!(entry.contains("stance: no-comment → denies"), "{entry}");
    insta::assert_snapshot!("diff_text", text);
    // The claims whose evidence or weights moved without a change of verdict are counted, and
    // listed with --all.
    assert!(text.contains("--all lists them"), "{text}");
    let all = diff(dir.path(), "old", "new", &["--all"]);
    assert!(all.contains("bridge.traffic-stopped  evidence"), "{all}");
    // …with why: here, the wire agency's learned trust moved its weight.
    assert!(
        all.contains("bridge.traffic-stopped  evidence  unconfirmed  B3  score 0.79 → 0.76\n  origin wire: support 0.70 → 0.66"),
        "{all}"
    );
}

#[test]
fn the_json_names_the_added_denial_the_moved_origins_and_the_desk() {
    let dir = story();
    let doc = diff_json(dir.path(), "old", "new", &[]);
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["unlisted"], 2);
    let changes = doc["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 1, "{doc:#}");
    let change = &changes[0];
    assert_eq!(change["id"], "bridge.destroyed");
    assert_eq!(change["change"], "changed");
    assert_eq!(change["verdict_changed"], true);
    assert_eq!(change["desk_changed"], true);
    assert_eq!(change["old"]["desk"]["status"], "unconfirmed");
    assert_eq!(change["new"]["desk"]["status"], "contested");
    assert_eq!(change["new"]["desk"]["credibility"], 4);
    let added = change["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .find(|e| e["change"] == "added")
        .unwrap_or_else(|| panic!("an added item: {change:#}"));
    assert_eq!(added["new"]["source"], "observer");
    assert_eq!(added["new"]["stance"], "denies");
    assert_eq!(added["new"]["date"], "2025-03-04");
    assert_eq!(added["new"]["at"], "new/claims/day2.toml:2");
    let observer = change["origins"]
        .as_array()
        .expect("origins")
        .iter()
        .find(|o| o["origin"] == "observer")
        .unwrap_or_else(|| panic!("the observers' origin moved: {change:#}"));
    assert!(observer["old"].is_null());
    assert!(observer["new"]["opposition"].as_f64().expect("a weight") > 0.5);
    insta::assert_json_snapshot!("diff_json", change);
}

#[test]
fn a_desk_change_alone_is_a_change() {
    let dir = story();
    // Only the desk's verdict differs between old and this copy.
    common::copy_dir(&dir.path().join("old"), &dir.path().join("desk"));
    let bridge = dir.path().join("desk/claims/bridge.toml");
    let text = fs::read_to_string(&bridge).expect("read");
    fs::write(&bridge, text.replace("credibility = 3", "credibility = 2")).expect("write");
    let doc = diff_json(dir.path(), "old", "desk", &[]);
    let changes = doc["changes"].as_array().expect("changes");
    assert_eq!(changes.len(), 1, "{doc:#}");
    assert_eq!(changes[0]["verdict_changed"], false);
    assert_eq!(changes[0]["desk_changed"], true);
    assert!(doc.get("unlisted").is_none(), "{doc:#}");
}

#[test]
fn a_corpus_and_its_saved_report_diff_as_equal() {
    let dir = story();
    for side in ["old", "new"] {
        run(
            dir.path(),
            &[
                "report",
                side,
                "--as-of",
                AS_OF,
                "--format",
                "json",
                "--output",
                &format!("{side}.json"),
            ],
        );
        assert_eq!(
            diff(dir.path(), side, &format!("{side}.json"), &["--all"]),
            "no changes\n"
        );
        assert_eq!(
            diff(dir.path(), &format!("{side}.json"), side, &["--all"]),
            "no changes\n"
        );
    }
    // Two saved reports say why as the corpora do (less where each item is written).
    let from_reports = diff(dir.path(), "old.json", "new.json", &[]);
    let from_corpora = diff(dir.path(), "old", "new", &[]);
    let strip = |text: &str| {
        text.replace(" (new/claims/day2.toml:2)", "")
            .replace(" (new/claims/bridge.toml:32)", "")
    };
    assert_eq!(from_reports, strip(&from_corpora));
}
