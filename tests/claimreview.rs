//! `report --format claimreview` through the binary: which claims get a review (those marked
//! `publish = true`) and the `url` Google requires on each, from the policy's `[publisher]`.

mod common;

use common::{claims, corpus, file, sources, Corpus};

/// Two claims, one marked for publication.
const CLAIMS: &str = r#"[[claim]]
id = "c.published"
text = "Published."
publish = true
[[claim.evidence]]
source = "rfi"
stance = "asserts"
date = 2025-07-14

[[claim]]
id = "c.internal"
text = "Not for publication."
[[claim.evidence]]
source = "rfi"
stance = "asserts"
date = 2025-07-14
"#;

fn with_policy(policy: Option<&str>) -> Corpus {
    let mut entries = vec![sources(), claims(CLAIMS)];
    if let Some(policy) = policy {
        entries.push(file("corroborate.toml", policy));
    }
    corpus(&entries)
}

fn claimreview(corpus: &Corpus) -> common::Run {
    common::corroborate(
        corpus.path(),
        &[
            "report",
            ".",
            "--format",
            "claimreview",
            "--as-of",
            "2025-07-20",
        ],
    )
}

#[test]
fn only_claims_marked_for_publication_are_reviewed_each_with_a_url() {
    let corpus = with_policy(Some(
        "[publisher]\nname = \"Desk\"\nurl = \"https://example.org/checks#top\"\n",
    ));
    let run = claimreview(&corpus);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reviews: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let reviews = reviews.as_array().expect("an array");
    assert_eq!(reviews.len(), 1, "only the published claim: {reviews:?}");
    assert_eq!(reviews[0]["claimReviewed"], "Published.");
    assert_eq!(reviews[0]["url"], "https://example.org/checks#c.published");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

/// Blanks around the publisher url are not part of the page address.
#[test]
fn the_publisher_url_is_taken_without_blanks() {
    let corpus = with_policy(Some("[publisher]\nurl = \"  https://example.org/p \"\n"));
    let run = claimreview(&corpus);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reviews: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(reviews[0]["url"], "https://example.org/p#c.published");
    assert_eq!(reviews[0]["author"]["url"], "https://example.org/p");
}

/// Without a publisher url no review can carry the `url` Google requires: the document is a
/// valid, empty one, and the run says why it is empty instead of passing in silence.
#[rstest::rstest]
#[case::no_policy_file(None)]
#[case::no_publisher_table(Some("[scoring]\n"))]
#[case::publisher_without_url(Some("[publisher]\nname = \"Desk\"\n"))]
#[case::empty_url(Some("[publisher]\nname = \"Desk\"\nurl = \"\"\n"))]
#[case::url_that_is_not_a_web_page(Some("[publisher]\nurl = \"javascript:alert(1)\"\n"))]
fn without_a_publisher_url_no_review_is_written_and_the_run_says_so(#[case] policy: Option<&str>) {
    let corpus = with_policy(policy);
    let run = claimreview(&corpus);
    let reviews: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(reviews, serde_json::json!([]), "no review without a url");
    assert_ne!(run.code, 0, "an empty document is not a success");
    assert!(
        run.stderr.contains("[publisher]") && run.stderr.contains("url"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 claim"), "{}", run.stderr);
}

/// With nothing marked for publication there is nothing to omit: an empty document, exit 0.
#[test]
fn nothing_to_publish_is_an_empty_document_without_a_url() {
    let corpus = corpus(&[sources(), claims(CLAIMS.replace("publish = true\n", ""))]);
    let run = claimreview(&corpus);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "[]\n");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}
