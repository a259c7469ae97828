//! The desk's verdict beside the computed one, and where each evidence item can be read (its
//! links, its document), in every human format (issue 14), on `tests/fixtures/provenance`: a
//! claim the desk agrees with, a rating (`publish = "rating"`) it disagrees with, a rating it
//! agrees with, a claim without a desk verdict; documents with links, a capture, a hash and a
//! translation; an item with links of its own; and two hostile links (`javascript:alert(1)` and
//! one holding `"><script>`) that no format may turn into live markup.
//!
//! Snapshots are small: a few claims per format, not a whole report.

mod common;

use pulldown_cmark::{Event, Options, Parser, Tag};
use std::path::Path;

/// The fixture corpus.
fn fixture() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/provenance"
    ))
}

/// `ARGS… --as-of 2025-07-20` on the fixture, expecting exit code `code`.
fn run(args: &[&str], code: i32) -> String {
    let mut all: Vec<&str> = args.to_vec();
    all.extend_from_slice(&["--as-of", "2025-07-20"]);
    let run = common::corroborate(fixture(), &all);
    assert_eq!(run.code, code, "{all:?}\n{}", run.stderr);
    run.stdout.replace(env!("CARGO_PKG_VERSION"), "[version]")
}

/// `report --format FORMAT EXTRA…` on the fixture.
fn report(format: &str, extra: &[&str]) -> String {
    let mut args = vec!["report", ".", "--format", format];
    args.extend_from_slice(extra);
    run(&args, 0)
}

#[test]
fn the_fixture_checks_clean() {
    let run = common::corroborate(fixture(), &["check", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("0 errors, 0 warnings"),
        "{}",
        run.stderr
    );
}

/// The table gives the desk's verdict under the text and says in words where it disagrees;
/// it still reads at 80 columns (and fits at 40).
#[test]
fn table_shows_the_desk_and_fits_80_columns() {
    let text = report("table", &["--width", "80"]);
    for line in text.lines() {
        assert!(
            textwrap::core::display_width(line) <= 80,
            "{line:?} is wider than 80"
        );
    }
    assert!(text.contains("alkit.helicopter-downed [rating]"), "{text}");
    assert!(
        text.contains("≠ the desk disagrees: it says refuted, the evidence gives unconfirmed"),
        "{text}"
    );
    assert_eq!(text.matches("the desk disagrees").count(), 1, "{text}");
    insta::assert_snapshot!("table_80", text);
    let narrow = report("table", &["--width", "40"]);
    for line in narrow.lines() {
        let word = line.trim_start_matches(['─', ' ']);
        assert!(
            textwrap::core::display_width(line) <= 40 || !word.contains(' '),
            "{line:?} is wider than 40"
        );
    }
}

/// GFM with a `desk` column and, under the table, where the evidence can be read: web links
/// as links that go exactly where the file says, anything else as text.
#[test]
fn markdown_links_parse_and_only_web_addresses_are_links() {
    let text = report("markdown", &[]);
    let mut links = Vec::new();
    for event in Parser::new_ext(&text, Options::all()) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::Start(Tag::Image { .. }) => panic!("an image: {event:?}"),
            Event::Start(Tag::HtmlBlock) | Event::Html(_) => panic!("an HTML block: {event:?}"),
            Event::InlineHtml(html) if html.as_ref() != "<br>" => {
                panic!("inline HTML: {html:?}")
            }
            _ => {}
        }
    }
    for link in &links {
        assert!(
            link.starts_with("https://") || link.starts_with("http://"),
            "{link}"
        );
    }
    for expected in [
        "https://www.rfi.fr/fr/afrique/20250715-mali-alkit?a=1&b=(2)",
        "https://web.archive.org/web/20250716000000/https://www.rfi.fr/fr/afrique/20250715-mali-alkit",
        "https://un.example/note\"><script>alert(1)</script>",
        "http://fama.example/communique?id=7&lang=fr",
        "https://x.example/fla/status/1",
    ] {
        assert!(links.iter().any(|l| l == expected), "{expected} in {links:?}");
    }
    assert!(!links.iter().any(|l| l.contains("javascript")), "{links:?}");
    assert!(!links.iter().any(|l| l.starts_with("ftp:")), "{links:?}");
    assert!(text.contains("**≠ the desk disagrees**"), "{text}");
    let from = text.find("| claim |").expect("a claim table");
    insta::assert_snapshot!("markdown", &text[from..]);
}

/// The claim rows end with the desk's columns and `rating`; the evidence rows with `url`,
/// `archive_url` and `document`.
#[test]
fn csv_has_the_desk_and_link_columns() {
    let claims = report("csv", &[]);
    let header = claims.lines().next().expect("a header");
    assert!(
        header.ends_with(
            ",text,publish,desk_status,desk_credibility,desk_by,desk_date,desk_reason,rating"
        ),
        "{header}"
    );
    insta::assert_snapshot!("csv", claims);
    let evidence = report("csv", &["--evidence"]);
    let header = evidence.lines().next().expect("a header");
    assert!(
        header.ends_with(",quote,lang,url,archive_url,document"),
        "{header}"
    );
    insta::assert_snapshot!("csv_evidence", evidence);
}

/// The helicopter claim's `<tbody>`: the desk's badge beside the computed one, the boxed
/// disagreement, and its evidence with the document.
/// The page's claims, as the data its script draws them from: per claim, its row and its
/// derivation (`[pieces, links]`), each block parsed as JSON.
fn html_claims(html: &str) -> Vec<(serde_json::Value, serde_json::Value)> {
    let blocks = |class: &str| -> Vec<serde_json::Value> {
        let open = format!("<script type=\"application/json\" class=\"{class}\"");
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(i) = rest.find(&open) {
            let after = &rest[i..];
            let start = after.find('>').expect("tag closes") + 1;
            let end = after.find("</script>").expect("block closes");
            let block: serde_json::Value =
                serde_json::from_str(&after[start..end]).expect("a data block is JSON");
            out.extend(block.as_array().expect("an array").iter().cloned());
            rest = &after[end..];
        }
        out
    };
    blocks("rows").into_iter().zip(blocks("more")).collect()
}

#[test]
fn html_marks_disagreement_and_never_links_a_hostile_url() {
    let html = report("html", &[]);
    // No link in the markup (the script makes them, of web addresses only), and only the
    // page's own script is code; the rest are data blocks.
    assert!(!html.contains("href="), "a link in the markup");
    assert_eq!(html.matches("<script>").count(), 1, "one script element");
    assert_eq!(
        html.matches("<script").count(),
        1 + html.matches("<script type=\"application/json\"").count()
    );
    assert!(
        !html.contains("<b>"),
        "the document title's markup is escaped"
    );
    assert!(
        html.contains(
            "\"https://un.example/note\\\"\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\""
        ),
        "the hostile url is data, escaped so that it cannot end its block"
    );
    // The desk filter, and the data it filters on: `[desk status, disagrees]` per claim.
    assert!(html.contains("id=\"f-desk\""), "the desk filter");
    let claims = html_claims(&html);
    let desk = |disagrees: u64| {
        claims
            .iter()
            .filter(|(row, _)| row[12].get(1).and_then(|d| d.as_u64()) == Some(disagrees))
            .count()
    };
    assert_eq!(desk(1), 1);
    assert_eq!(desk(0), 2);
    let (row, more) = claims
        .iter()
        .find(|(row, _)| row[0] == "alkit.helicopter-downed")
        .expect("the claim");
    assert_eq!(row[12][1], 1, "the desk disagrees");
    // A javascript: URL is never a link's address, only text in the derivation.
    for (_, more) in &claims {
        for link in more[1].as_array().expect("links") {
            assert!(!link.to_string().contains("javascript"), "{link}");
        }
    }
    assert!(
        html.contains("javascript:alert(1)"),
        "the derivation names it, as text"
    );
    insta::assert_snapshot!(
        "html_fragment",
        format!(
            "{}\n{}",
            serde_json::to_string(row).expect("JSON"),
            serde_json::to_string(&more[1]).expect("JSON")
        )
    );
}

/// A corpus without a desk verdict has no desk filter.
#[test]
fn html_without_a_desk_verdict_has_no_desk_filter() {
    let corpus = common::corpus(&[
        common::sources(),
        common::claims(
            "[[claim]]\nid = \"c\"\ntext = \"T.\"\n[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\ndate = 2025-07-14\n",
        ),
    ]);
    let run = common::corroborate(
        corpus.path(),
        &["report", ".", "--format", "html", "--as-of", "2025-07-20"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("id=\"f-desk\""));
    assert!(html_claims(&run.stdout).iter().all(|(row, _)| row[12] == 0));
}

/// `explain` gives the desk's verdict with who, when and why, says when it disagrees, and
/// puts each item's links and document under it.
#[test]
fn explain_gives_the_desk_and_the_links() {
    let text = run(&["explain", "alkit.helicopter-downed", "."], 0);
    for expected in [
        "published as a rating",
        "Desk's verdict: REFUTED · credibility 5 · by B. Checker on 2025-07-19",
        "  reason: Photos show the helicopter landed intact at Kidal.",
        "  the desk disagrees: it says refuted, the evidence gives unconfirmed",
        "     link: javascript:alert(1)",
        "     document: fla-post «Communiqué n°12 <b>\"victoire\"</b>» (2025-07-14), captured 2025-07-14",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    let end = text.find("\nOrigins").expect("origins");
    insta::assert_snapshot!("explain_disagreeing", &text[..end]);
    let agreeing = run(&["explain", "alkit.convoy-attacked", "."], 0);
    assert!(!agreeing.contains("the desk disagrees"), "{agreeing}");
    assert!(agreeing.contains("     link: https://www.rfi.fr/fr/afrique/20250715-mali-alkit?a=1&b=(2) · archive: https://web.archive.org/"), "{agreeing}");
    assert!(agreeing.contains("document: rfi-2025-07-15 «Mali: an army convoy ambushed near Alkit [live] (update)» (2025-07-15), captured 2025-07-16T08:30:00Z, sha256 bde464881d33…, translated from fr"), "{agreeing}");
}

/// A rating fails the gate when the evidence disagrees with the desk, both statuses in the
/// message; a rating it agrees with passes whatever the `--fail-on` statuses; without a gate
/// nothing fails.
#[test]
fn junit_fails_a_rating_the_evidence_disagrees_with() {
    let mut args = vec![
        "report",
        ".",
        "--format",
        "junit",
        "--fail-on",
        "unconfirmed",
    ];
    let xml = run(&args, 1);
    assert!(xml.contains("failures=\"1\""), "{xml}");
    assert!(
        xml.contains("<failure message=\"alkit.helicopter-downed is published as a rating of refuted but the evidence gives unconfirmed"),
        "{xml}"
    );
    assert!(xml.contains("type=\"rating\""), "{xml}");
    assert!(xml.contains("the desk disagrees: it says refuted, the evidence gives unconfirmed"));
    args.truncate(4);
    let xml = run(&args, 0);
    assert!(xml.contains("failures=\"0\""), "{xml}");
    assert!(xml.contains("desk: refuted, credibility 5, by B. Checker on 2025-07-19"));
}

/// ClaimReview publishes the desk's verdict (the computed one in the explanation), and the
/// evidence links as `appearance` and `firstAppearance`, web addresses only.
#[test]
fn claimreview_publishes_the_desk_verdict_and_the_appearances() {
    let text = report("claimreview", &[]);
    let reviews: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let reviews = reviews.as_array().expect("an array");
    let find = |id: &str| {
        reviews
            .iter()
            .find(|r| r["url"].as_str().is_some_and(|u| u.ends_with(id)))
            .unwrap_or_else(|| panic!("a review of {id}"))
    };
    let helicopter = find("#alkit.helicopter-downed");
    assert_eq!(helicopter["reviewRating"]["alternateName"], "refuted");
    assert_eq!(helicopter["reviewRating"]["ratingValue"], 2);
    let why = helicopter["reviewRating"]["ratingExplanation"]
        .as_str()
        .expect("an explanation");
    assert!(
        why.contains("computed from the evidence: unconfirmed"),
        "{why}"
    );
    assert!(why.contains("the desk disagrees"), "{why}");
    assert!(
        helicopter["itemReviewed"].get("appearance").is_none(),
        "a javascript: url is no appearance"
    );
    let convoy = find("#alkit.convoy-attacked");
    let first = &convoy["itemReviewed"]["firstAppearance"];
    assert_eq!(
        first["url"],
        "https://www.rfi.fr/fr/afrique/20250715-mali-alkit?a=1&b=(2)"
    );
    assert_eq!(first["author"]["name"], "RFI");
    assert_eq!(first["datePublished"], "2025-07-15");
    assert_eq!(
        first["headline"],
        "Mali: an army convoy ambushed near Alkit [live] (update)"
    );
    assert!(first["archivedAt"]
        .as_str()
        .is_some_and(|a| a.starts_with("https://web.archive.org/")));
    let vehicles = find("#alkit.vehicles-captured");
    assert_eq!(vehicles["reviewRating"]["alternateName"], "unconfirmed");
    // The denial's link is no appearance of the claim; the assertion's is.
    let appearances = vehicles["itemReviewed"]["appearance"]
        .as_array()
        .expect("appearances");
    assert_eq!(appearances.len(), 1, "{appearances:?}");
    assert_eq!(appearances[0]["url"], "https://x.example/fla/status/1");
    insta::assert_snapshot!("claimreview", text);
}
