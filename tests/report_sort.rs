//! `report --sort` and `--limit` through the real binary: on the Alkit corpus at the repository
//! root and on `tests/fixtures/sorting` (six claims of one event, one of each status but
//! confirmed, two unconfirmed claims with the same evidence and so the same score).

mod common;

use common::{command, run, Run};
use std::path::{Path, PathBuf};

/// The small fixture.
fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sorting")
}

/// The repository root, holding the Alkit corpus.
fn alkit() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `corroborate report ARGS…` on the corpus at `root`, as of 2025-07-20.
fn report(root: &Path, args: &[&str]) -> Run {
    run(command(root)
        .arg("report")
        .arg(root)
        .args(["--as-of", "2025-07-20"])
        .args(args))
}

/// A successful JSON report's document.
fn json(root: &Path, args: &[&str]) -> serde_json::Value {
    let out = report(root, &[&["--format", "json"], args].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("valid JSON")
}

/// The claim ids of a JSON report, in order.
fn ids(doc: &serde_json::Value) -> Vec<String> {
    doc["claims"]
        .as_array()
        .expect("a claims array")
        .iter()
        .map(|c| c["id"].as_str().expect("an id").to_owned())
        .collect()
}

#[test]
fn sort_status_with_limit_3_gives_the_three_worst_in_order() {
    // Refuted, contested, then the lower-scored of the three unconfirmed claims.
    let doc = json(&fixture(), &["--sort", "status", "--limit", "3"]);
    assert_eq!(
        ids(&doc),
        ["raid.denied", "raid.disputed", "raid.spokesman"]
    );
    let doc = json(&alkit(), &["--sort", "status", "--limit", "3"]);
    assert_eq!(
        ids(&doc),
        [
            "alkit.attackers-fla-alone",
            "alkit.joint-operation",
            "alkit.successive-assaults"
        ]
    );
    let statuses: Vec<&str> = doc["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| c["status"].as_str().expect("a status"))
        .collect();
    assert_eq!(statuses, ["refuted", "contested", "unconfirmed"]);
}

#[test]
fn sort_status_is_worst_first_then_score_then_id_throughout() {
    let rank = |s: &str| match s {
        "refuted" => 0,
        "contested" => 1,
        "unconfirmed" => 2,
        "corroborated" => 3,
        "confirmed" => 4,
        other => panic!("unknown status {other}"),
    };
    for root in [fixture(), alkit()] {
        let doc = json(&root, &["--sort", "status"]);
        let keys: Vec<(u8, f64, String)> = doc["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .map(|c| {
                (
                    rank(c["status"].as_str().expect("a status")),
                    c["score"].as_f64().expect("a score"),
                    c["id"].as_str().expect("an id").to_owned(),
                )
            })
            .collect();
        for pair in keys.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert!(
                (a.0, a.1) < (b.0, b.1) || (a.0 == b.0 && a.1 == b.1 && a.2 <= b.2),
                "{a:?} before {b:?}"
            );
        }
    }
}

#[test]
fn sort_score_is_ascending_with_ties_by_id() {
    let doc = json(&fixture(), &["--sort", "score"]);
    // raid.another and raid.one have the same evidence and score: by id.
    assert_eq!(
        ids(&doc),
        [
            "raid.denied",
            "raid.disputed",
            "raid.spokesman",
            "raid.another",
            "raid.one",
            "raid.both"
        ]
    );
    let doc = json(&alkit(), &["--sort", "score"]);
    let claims = doc["claims"].as_array().expect("claims");
    assert_eq!(claims.len(), 30);
    for pair in claims.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let (sa, sb) = (a["score"].as_f64(), b["score"].as_f64());
        assert!(
            sa < sb || (sa == sb && a["id"].as_str() <= b["id"].as_str()),
            "{} before {}",
            a["id"],
            b["id"]
        );
    }
}

#[test]
fn a_limited_json_report_counts_every_claim_and_keeps_its_schema() {
    let all = json(&fixture(), &[]);
    let limited = json(&fixture(), &["--sort", "score", "--limit", "2"]);
    assert_eq!(limited["schema_version"], all["schema_version"]);
    // `summary` counts the whole selection; `claims` holds the first two.
    assert_eq!(limited["summary"], all["summary"]);
    assert_eq!(ids(&limited), ["raid.denied", "raid.disputed"]);
    // With the default order the limit takes the first claims by event then id, listed by id.
    let by_id = json(&fixture(), &["--limit", "2"]);
    assert_eq!(ids(&by_id), ["raid.another", "raid.both"]);
}

#[test]
fn the_table_says_how_many_it_shows_and_puts_the_summary_first() {
    let out = report(&fixture(), &["--sort", "status", "--limit", "3"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // At 100 columns the summary wraps once.
    let first: Vec<&str> = out.stdout.lines().take(2).map(str::trim).collect();
    assert_eq!(
        first.join(" "),
        "showing 3 of 6 claims as of 2025-07-20: 0 confirmed, 1 corroborated, 3 unconfirmed, 1 contested, 1 refuted"
    );
    // Not grouped by event: each claim names its event, in the order asked.
    assert!(!out.stdout.contains("── raid"), "{}", out.stdout);
    assert_eq!(
        out.stdout.matches("  event: raid (2025-07-14)\n").count(),
        3
    );
    let at = |id: &str| out.stdout.find(&format!("{id} ")).expect(id);
    assert!(at("raid.denied") < at("raid.disputed"));
    assert!(at("raid.disputed") < at("raid.spokesman"));
    assert!(!out.stdout.contains("raid.both"));
}

#[test]
fn the_table_with_the_default_order_keeps_its_event_headings_and_its_summary_last() {
    let out = report(&fixture(), &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("── raid: A raid (2025-07-14) "));
    assert!(out.stdout.trim_end().ends_with("1 contested, 1 refuted"));
    assert!(!out.stdout.contains("showing"));
    // A limit the selection does not reach shows everything and says nothing of it.
    assert_eq!(report(&fixture(), &["--limit", "6"]).stdout, out.stdout);
    // `--sort id` is the default.
    assert_eq!(report(&fixture(), &["--sort", "id"]).stdout, out.stdout);
}

#[test]
fn the_table_at_80_columns_opens_with_the_summary() {
    let out = report(
        &alkit(),
        &["--sort", "status", "--limit", "3", "--width", "80"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    for line in out.stdout.lines() {
        assert!(
            textwrap::core::display_width(line) <= 80,
            "wider than 80 columns: {line:?}"
        );
    }
    assert!(out
        .stdout
        .starts_with("showing 3 of 30 claims as of 2025-07-20: "));
    insta::assert_snapshot!("alkit_sort_status_limit_3_at_80", out.stdout);
}

#[test]
fn a_long_table_opens_with_its_summary() {
    // 60 claims, more than the table lists before its summary.
    let mut claims = String::from("[event]\nid = \"raid\"\ndate = 2025-07-14\n");
    for i in 0..60 {
        claims.push_str(&format!(
            "\n[[claim]]\nid = \"raid.c{i:02}\"\ntext = \"Claim {i}.\"\n[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\ndate = 2025-07-14\n"
        ));
    }
    let corpus = common::corpus(&[common::sources(), common::claims(claims)]);
    let out = report(corpus.path(), &["--width", "80"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("60 claims as of 2025-07-20: "),
        "{}",
        out.stdout
    );
    // The summary is said once, and the rows follow it under their event heading.
    assert_eq!(out.stdout.matches("60 claims as of").count(), 1);
    assert!(out.stdout.contains("\n\n── raid (2025-07-14) "));
}

#[test]
fn markdown_csv_and_html_honour_the_order_and_the_limit() {
    let md = report(
        &fixture(),
        &["--format", "markdown", "--sort", "score", "--limit", "2"],
    );
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert!(md.stdout.contains("showing 2 of 6 claims as of 2025-07-20"));
    assert!(md.stdout.contains("| claim | event | text |"));
    let denied = md
        .stdout
        .find("| `raid.denied` | `raid` |")
        .expect("denied");
    let disputed = md
        .stdout
        .find("| `raid.disputed` | `raid` |")
        .expect("disputed");
    assert!(denied < disputed);
    assert!(!md.stdout.contains("raid.both"));

    let csv = report(
        &fixture(),
        &["--format", "csv", "--sort", "status", "--limit", "2"],
    );
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let rows: Vec<&str> = csv
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or(""))
        .collect();
    assert_eq!(rows, ["raid.denied", "raid.disputed"]);

    let html = report(
        &fixture(),
        &["--format", "html", "--sort", "score", "--limit", "2"],
    );
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(html
        .stdout
        .contains("showing 2 of 6 claims as of 2025-07-20"));
    // Sorted by no one column, so no column header claims the order.
    assert!(!html.stdout.contains("data-type=\"str\" aria-sort"));
}

#[test]
fn nonsense_limits_are_refused_with_words() {
    for (value, words) in [
        ("0", "a report of no claims shows nothing; give 1 or more"),
        ("-1", "expected a whole number of claims, 1 or more"),
        ("ten", "expected a whole number of claims, 1 or more"),
    ] {
        let out = report(&fixture(), &["--limit", value]);
        assert_eq!(out.code, 2, "--limit {value}: {}", out.stderr);
        assert!(
            out.stderr.contains(words),
            "--limit {value}: {}",
            out.stderr
        );
        assert!(out.stdout.is_empty());
    }
    let out = report(&fixture(), &["--sort", "worst"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn formats_that_list_every_claim_refuse_sort_and_limit() {
    for format in ["junit", "claimreview"] {
        for args in [&["--limit", "3"][..], &["--sort", "status"][..]] {
            let out = report(&fixture(), &[&["--format", format], args].concat());
            assert_eq!(out.code, 2, "{format} {args:?}: {}", out.stderr);
            assert!(
                out.stderr.contains("which lists every selected claim"),
                "{}",
                out.stderr
            );
        }
    }
}
