//! The streamed claim formats on a generated corpus of a few thousand claims (more than one of
//! their batches): each lists every selected claim once, in its order, with the verdict the JSON
//! report gives it, and the counts it states before its rows are the JSON report's.
//!
//! The formats render verdicts a batch at a time while counting from the assessment; these
//! invariants are what a batch boundary, the overlap of writing and rendering, or counts taken
//! from elsewhere than the rows would break. Byte identity with the whole-string renderers they
//! replaced was checked by hand with `scripts/format-identity.sh OLD NEW`.

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen;

mod common;

use common::corroborate;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// Claims in the corpus: above the streaming batch (2,048), so several batches are written.
const CLAIMS: usize = 5_000;

/// The generated corpus, with a policy that names a publisher page (for ClaimReview).
fn corpus() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        gen::generate(dir.path(), CLAIMS, 3).expect("the corpus is written");
        std::fs::write(
            dir.path().join("corroborate.toml"),
            "[publisher]\nname = \"Desk\"\nurl = \"https://desk.example/claims\"\n",
        )
        .expect("the policy is written");
        dir
    })
    .path()
}

/// `report --format FORMAT ARGS…` on the corpus, which must succeed (or fail only the gate).
fn report(format: &str, args: &[&str]) -> String {
    let mut all = vec!["report", ".", "--format", format];
    all.extend_from_slice(args);
    let run = corroborate(corpus(), &all);
    assert!(
        run.code == 0 || (run.code == 1 && run.stderr.contains("publication gate failed")),
        "{format} {args:?}: exit {}: {}",
        run.code,
        run.stderr
    );
    run.stdout
}

/// A claim as the JSON report gives it.
#[derive(Debug, Clone)]
struct Claim {
    id: String,
    event: Option<String>,
    status: String,
    code: String,
    publish: bool,
    evidence: usize,
}

/// The JSON report's claims, in its order, and its summary.
fn json(args: &[&str]) -> (Vec<Claim>, BTreeMap<String, u64>) {
    let report: Value = serde_json::from_str(&report("json", args)).expect("JSON");
    let claims = report["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| Claim {
            id: c["id"].as_str().expect("an id").to_owned(),
            event: c["event"].as_str().map(str::to_owned),
            status: c["status"].as_str().expect("a status").to_owned(),
            code: c["code"].as_str().expect("a code").to_owned(),
            publish: c["publish"].as_bool().expect("publish"),
            evidence: c["evidence"].as_array().expect("evidence").len(),
        })
        .collect();
    let summary = report["summary"]
        .as_object()
        .expect("a summary")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().expect("a count")))
        .collect();
    (claims, summary)
}

/// The ids of `claims`.
fn ids(claims: &[Claim]) -> Vec<&str> {
    claims.iter().map(|c| c.id.as_str()).collect()
}

/// The selections the formats are run on: all, a filter, a sort, and a sort with a limit.
const SELECTIONS: &[&[&str]] = &[
    &[],
    &["--status", "contested", "--status", "refuted"],
    &["--sort", "score"],
    &["--sort", "status", "--limit", "2500"],
];

#[test]
fn csv_lists_every_claim_once_in_order_with_its_verdict() {
    for args in SELECTIONS {
        let (claims, _) = json(args);
        assert!(claims.len() > 100, "{args:?}");
        let text = report("csv", args);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
        let got: Vec<(&str, &str, &str)> = rows.iter().map(|r| (&r[0], &r[3], &r[5])).collect();
        let want: Vec<(&str, &str, &str)> = claims
            .iter()
            .map(|c| (c.id.as_str(), c.status.as_str(), c.code.as_str()))
            .collect();
        assert_eq!(got, want, "{args:?}");

        // Evidence rows: each claim's items together, claims in the same order.
        let text = report("csv", &[args, &["--evidence"][..]].concat());
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut runs: Vec<(String, usize)> = Vec::new();
        for row in reader.records() {
            let row = row.expect("a row");
            match runs.last_mut() {
                Some((id, n)) if id == &row[0] => *n += 1,
                _ => runs.push((row[0].to_owned(), 1)),
            }
        }
        let want: Vec<(String, usize)> = claims
            .iter()
            .filter(|c| c.evidence > 0)
            .map(|c| (c.id.clone(), c.evidence))
            .collect();
        assert_eq!(runs, want, "{args:?} --evidence");
    }
}

#[test]
fn markdown_lists_every_claim_once_in_order_and_counts_as_the_json_does() {
    for args in SELECTIONS {
        let (claims, summary) = json(args);
        let text = report("markdown", args);
        // The status table.
        for (status, n) in &summary {
            assert!(
                text.contains(&format!("\n| {status} | {n} |\n")),
                "{args:?}: {status} {n}"
            );
        }
        // Rows, with the section (event) each sits under.
        let mut section = String::new();
        let mut rows: Vec<(String, String)> = Vec::new();
        for line in text.lines() {
            if let Some(heading) = line.strip_prefix("## ") {
                section = heading.to_owned();
            } else if let Some(rest) = line.strip_prefix("| `") {
                let id = rest.split('`').next().expect("an id");
                rows.push((section.clone(), id.to_owned()));
            }
        }
        let shown: Vec<&str> = rows.iter().map(|(_, id)| id.as_str()).collect();
        if args.contains(&"--sort") {
            // One table, in the JSON's (given) order.
            assert_eq!(shown, ids(&claims), "{args:?}");
            assert!(rows.iter().all(|(s, _)| s == "Claims"), "{args:?}");
            continue;
        }
        // A section per event, events by id and "No event" last, claims by id within each.
        let mut want: Vec<&Claim> = claims.iter().collect();
        want.sort_by(|a, b| {
            (a.event.is_none(), &a.event, &a.id).cmp(&(b.event.is_none(), &b.event, &b.id))
        });
        assert_eq!(
            shown,
            want.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            "{args:?}"
        );
        for ((section, _), claim) in rows.iter().zip(&want) {
            match &claim.event {
                Some(event) => assert!(section.starts_with(&format!("`{event}`")), "{section}"),
                None => assert_eq!(section, "No event"),
            }
        }
    }
}

/// The value of attribute `name` in the XML start tag `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> &'a str {
    let at = tag
        .find(&format!(" {name}=\""))
        .unwrap_or_else(|| panic!("{name} in {tag}"))
        + name.len()
        + 3;
    let len = tag[at..].find('"').expect("a closing quote");
    &tag[at..at + len]
}

#[test]
fn junit_has_a_testcase_per_publishable_claim_and_counts_its_failures() {
    for args in &SELECTIONS[..2] {
        let (claims, _) = json(args);
        let text = report("junit", &[args, &["--fail-on", "refuted"][..]].concat());
        let published: Vec<&Claim> = claims.iter().filter(|c| c.publish).collect();
        assert!(published.len() > 10, "{args:?}");
        let cases: Vec<&str> = text
            .lines()
            .filter(|l| l.trim_start().starts_with("<testcase "))
            .map(|l| attribute(l, "name"))
            .collect();
        let want: Vec<&str> = published.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(cases, want, "{args:?}");
        let failing = published.iter().filter(|c| c.status == "refuted").count();
        let suite = text
            .lines()
            .find(|l| l.starts_with("<testsuites "))
            .expect("a testsuites element");
        assert_eq!(attribute(suite, "tests"), published.len().to_string());
        assert_eq!(attribute(suite, "failures"), failing.to_string());
        assert_eq!(text.matches("<failure ").count(), failing, "{args:?}");
    }
}

#[test]
fn claimreview_has_a_review_per_publishable_claim_in_order() {
    for args in &SELECTIONS[..2] {
        let (claims, _) = json(args);
        let reviews: Value = serde_json::from_str(&report("claimreview", args)).expect("JSON");
        let got: Vec<(String, String)> = reviews
            .as_array()
            .expect("an array")
            .iter()
            .map(|r| {
                let url = r["url"].as_str().expect("a url");
                let id = url.rsplit_once('#').expect("an anchor").1;
                let status = r["reviewRating"]["alternateName"]
                    .as_str()
                    .expect("a status");
                (id.to_owned(), status.to_owned())
            })
            .collect();
        let want: Vec<(String, String)> = claims
            .iter()
            .filter(|c| c.publish)
            .map(|c| (c.id.clone(), c.status.clone()))
            .collect();
        assert_eq!(got, want, "{args:?}");
    }
}
