//! `report`, `explain` and the policy file, through the real binary on the Alkit corpus.

mod common;
use assert_cmd::Command;
use std::path::Path;

fn corroborate() -> Command {
    let mut cmd = Command::cargo_bin("corroborate").expect("binary builds");
    cmd.env("CORROBORATE_TODAY", "2025-07-20")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "120");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn report_json(args: &[&str]) -> serde_json::Value {
    let mut cmd = corroborate();
    cmd.args(["report", "--format", "json"]).args(args);
    if !args.contains(&"--as-of") {
        cmd.args(["--as-of", "2025-07-20"]);
    }
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn status_of(doc: &serde_json::Value, id: &str) -> String {
    doc["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .find(|c| c["id"] == id)
        .map(|c| c["status"].as_str().unwrap_or("").to_owned())
        .unwrap_or_else(|| panic!("no claim {id}"))
}

#[test]
fn the_whole_alkit_report_is_stable() {
    let out = corroborate()
        .args(["report", "--format", "json", "--as-of", "2025-07-20"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    insta::assert_snapshot!("alkit_report_json", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn alkit_verdicts_are_sensible() {
    let doc = report_json(&[]);
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["as_of"], "2025-07-20");
    // The army acknowledged the combat itself: admission against interest.
    assert_eq!(status_of(&doc, "alkit.convoy-attacked"), "confirmed");
    // Several concordant, independent local sources.
    assert_eq!(
        status_of(&doc, "alkit.attackers-fla-and-jnim"),
        "corroborated"
    );
    // Claimed only by the FLA.
    for id in ["alkit.vehicles-destroyed", "alkit.helicopter-hit"] {
        assert_eq!(status_of(&doc, id), "unconfirmed");
        let claim = doc["claims"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap();
        assert!(
            claim["rules"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "self-serving"),
            "{id} flagged self-serving"
        );
    }
    // Local sources say joint, the FLA denies the term.
    assert_eq!(status_of(&doc, "alkit.joint-operation"), "contested");
    let ids: Vec<&str> = doc["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "claims are sorted by id");
}

#[test]
fn filters_select_claims() {
    let doc = report_json(&["--status", "confirmed"]);
    assert!(doc["claims"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["status"] == "confirmed"));
    assert_eq!(
        doc["summary"]["confirmed"].as_u64(),
        Some(doc["claims"].as_array().unwrap().len() as u64)
    );
    let doc = report_json(&["--event", "gao-convoy"]);
    assert!(doc["claims"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["event"] == "gao-convoy"));
    assert!(!doc["claims"].as_array().unwrap().is_empty());
    let doc = report_json(&["--source", "un-statement"]);
    assert_eq!(doc["claims"].as_array().unwrap().len(), 1);
}

#[test]
fn as_of_before_the_evidence_leaves_nothing_counted() {
    let doc = report_json(&["--as-of", "2025-07-13"]);
    assert!(doc["claims"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["origins"]["supporting"] == 0));
}

#[test]
fn fail_on_gates_publishable_claims_and_names_them() {
    corroborate()
        .args(["report", "--as-of", "2025-07-20", "--fail-on", "refuted"])
        .assert()
        .success();
    let out = corroborate()
        .args([
            "report",
            "--as-of",
            "2025-07-20",
            "--fail-on",
            "unconfirmed",
            "--fail-on",
            "contested",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("alkit.vehicles-destroyed (unconfirmed)"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("alkit.convoy-attacked"),
        "confirmed claims pass the gate"
    );
}

#[test]
fn table_lists_every_claim_and_a_summary() {
    let out = corroborate()
        .args(["report", "--as-of", "2025-07-20"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("alkit.convoy-attacked"));
    assert!(stdout.contains("confirmed"));
    assert!(stdout
        .lines()
        .last()
        .unwrap_or("")
        .starts_with("30 claims as of 2025-07-20: 2 confirmed"));
    assert!(!stdout.contains('\u{1b}'), "no colour when NO_COLOR is set");
}

#[test]
fn explain_reads_the_derivation_aloud() {
    let out = corroborate()
        .args([
            "explain",
            "alkit.vehicles-destroyed",
            "--as-of",
            "2025-07-20",
        ])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "UNCONFIRMED",
        "self-serving support ×0.5",
        "silence is not denial",
        "score = belief + base rate × uncertainty",
        "moved the score -",
    ] {
        assert!(text.contains(needle), "missing `{needle}` in:\n{text}");
    }
}

#[test]
fn explain_an_unknown_claim_suggests_one() {
    let out = corroborate()
        .args(["explain", "alkit.vehicle"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("did you mean `alkit.vehicles-destroyed`?")
    );
}

fn corpus_with_policy(policy: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for section in ["claims", "sources"] {
        common::copy_dir(&root.join(section), &dir.path().join(section));
    }
    std::fs::write(dir.path().join("corroborate.toml"), policy).expect("write policy");
    dir
}

#[test]
fn policy_changes_thresholds_and_switches_rules_off() {
    let dir = corpus_with_policy(
        "[status]\nconfirm_min_origins = 1\n[rules]\n\"self-serving\" = \"off\"\n",
    );
    let out = corroborate()
        .args(["report", "--format", "json", "--as-of", "2025-07-20"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let claims = doc["claims"].as_array().unwrap();
    assert!(claims.iter().all(|c| !c["rules"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r == "self-serving")));
    // RFI alone (grade B, disinterested) now confirms, since one such origin suffices.
    assert_eq!(status_of(&doc, "gao.convoy-reached-anefis"), "confirmed");
}

#[test]
fn a_bad_policy_is_diagnosed_with_its_location() {
    let dir = corpus_with_policy("[scoring]\nhedgd = 0.5\nbase_rate = 1.5\n[rules]\n\"single-orign\" = \"off\"\n\"silence\" = \"loud\"\n");
    let out = corroborate()
        .args(["check", "--format", "short"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "corroborate.toml:2:1: error[unknown-key]",
        "corroborate.toml:3:13: error[invalid-value]",
        "corroborate.toml:5:1: error[unknown-key]: unknown rule `single-orign`",
        "corroborate.toml:6:13: error[invalid-value]",
    ] {
        assert!(stderr.contains(needle), "missing `{needle}` in:\n{stderr}");
    }
    // A corpus with errors is not scored.
    corroborate().arg("report").arg(dir.path()).assert().code(1);
}

#[test]
fn rules_lists_the_registry() {
    let out = corroborate()
        .args(["rules", "--format", "json"])
        .output()
        .expect("runs");
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let ids: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for id in [
        "single-origin",
        "self-serving",
        "admission-against-interest",
        "relay-only",
        "hedged-only",
        "silence",
        "denied",
        "stale-unconfirmed",
        "no-evidence",
        "unknown-key",
    ] {
        assert!(ids.contains(&id), "{id} listed");
    }
}

#[test]
fn the_alkit_table_is_stable() {
    let out = corroborate()
        .args(["report", "--as-of", "2025-07-20"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    insta::assert_snapshot!("alkit_report_table", String::from_utf8_lossy(&out.stdout));
}

/// The al-Ahli story (tests/fixtures/contested-story): the deaths' agreed range, the relay
/// chains and the analyst's reading of the claims README discusses.
#[test]
fn the_contested_story_reads_as_the_readme_says() {
    let doc = report_json(&["tests/fixtures/contested-story", "--as-of", "2023-12-31"]);
    let deaths = doc["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .find(|q| q["id"] == "ahli.deaths")
        .expect("the deaths question");
    assert_eq!(deaths["kind"], "quantity");
    assert_eq!(deaths["unit"], "people");
    assert_eq!(deaths["interval"]["min"], 100.0);
    assert_eq!(deaths["interval"]["max"], 300.0);
    assert_eq!(deaths["interval"]["agreed"], true);
    assert!(doc["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .flat_map(|c| c["evidence"].as_array().into_iter().flatten())
        .any(|e| e["relays"].as_array().is_some_and(|r| r.len() > 1)));
    for (claim, status) in [
        ("ahli.deaths-471", "refuted"),
        ("ahli.deaths-100-300", "corroborated"),
        ("ahli.cause-gaza-rocket", "corroborated"),
        ("ahli.cause-israeli-airstrike", "refuted"),
        ("ahli.flash-failing-rocket", "contested"),
        ("ahli.flash-israeli-launch", "contested"),
        ("ahli.pij-rocket", "unconfirmed"),
        ("ahli.hit-car-park", "confirmed"),
    ] {
        assert_eq!(status_of(&doc, claim), status, "{claim}");
    }
}
