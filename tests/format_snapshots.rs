//! One small snapshot per claim report format, on a four-claim corpus that exercises what each
//! format shows: a corroborated claim, a contested one with hedged and relayed evidence, a
//! denial and a silence, and two competing answers to a question (one marked for publication). The whole
//! Alkit report is held as a contract by the JSON snapshot in `report_cli.rs` and the table one.

mod common;

use common::{claims, corpus, file, Corpus};

const SOURCES: &str = r#"[[actor]]
id = "fla"
opposes = ["fama"]
[[actor]]
id = "fama"
[[source]]
id = "rfi"
name = "RFI"
kind = "media"
reliability = "B"
[[source]]
id = "un"
kind = "intergovernmental"
reliability = "B"
[[source]]
id = "local"
kind = "local"
reliability = "C"
[[source]]
id = "fla-spokesman"
kind = "party"
actor = "fla"
reliability = "C"
[[source]]
id = "fama-communique"
kind = "official"
actor = "fama"
reliability = "C"
"#;

const CLAIMS: &str = r#"[event]
id = "ambush"
title = "An ambush"
date = 2025-07-14

[[claim]]
id = "ambush.happened"
text = "The convoy was ambushed."
[[claim.evidence]]
source = "rfi"
stance = "asserts"
date = 2025-07-14
[[claim.evidence]]
source = "local"
stance = "confirms"
date = 2025-07-15
quote = "On a entendu des tirs."
lang = "fr"

[[claim]]
id = "ambush.helicopter"
text = "The rebels hit a helicopter."
favours = "fla"
against = "fama"
[[claim.evidence]]
source = "fla-spokesman"
stance = "asserts"
via = "rfi"
date = 2025-07-14
[[claim.evidence]]
source = "un"
stance = "confirms"
hedged = true
date = 2025-07-16
[[claim.evidence]]
source = "local"
stance = "denies"
date = 2025-07-16
[[claim.evidence]]
source = "fama-communique"
stance = "no-comment"
date = 2025-07-15

[[claim]]
id = "ambush.vehicles-four"
text = "Four vehicles were destroyed."
question = "ambush.vehicles"
publish = true
[[claim.evidence]]
source = "fla-spokesman"
stance = "asserts"
date = 2025-07-14

[[claim]]
id = "ambush.vehicles-two"
text = "Two vehicles were destroyed."
question = "ambush.vehicles"
[[claim.evidence]]
source = "fama-communique"
stance = "asserts"
date = 2025-07-15
"#;

fn small() -> Corpus {
    corpus(&[file("sources/s.toml", SOURCES), claims(CLAIMS)])
}

/// `report --format FORMAT EXTRA…` on the small corpus, as of 2025-07-20; the exit code is 0, or
/// 1 where a gate is asked for.
fn report(format: &str, extra: &[&str]) -> String {
    report_on(&small(), format, extra)
}

/// [`report`] on `corpus`.
fn report_on(corpus: &Corpus, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["report", ".", "--format", format, "--as-of", "2025-07-20"];
    args.extend_from_slice(extra);
    let run = common::corroborate(corpus.path(), &args);
    let expected = if extra.contains(&"--fail-on") { 1 } else { 0 };
    assert_eq!(run.code, expected, "{}", run.stderr);
    run.stdout.replace(env!("CARGO_PKG_VERSION"), "[version]")
}

#[test]
fn table() {
    insta::assert_snapshot!("table", report("table", &[]));
}

/// The table reads at 80 columns and uses the room it is given (`--width`).
#[rstest::rstest]
#[case::at_80(80)]
#[case::at_120(120)]
#[case::at_200(200)]
fn table_at_width(#[case] width: usize) {
    let text = report("table", &["--width", &width.to_string()]);
    for line in text.lines() {
        assert!(
            line.chars().count() <= width,
            "{line:?} is wider than {width}"
        );
    }
    insta::assert_snapshot!(format!("table_{width}"), text);
}

/// The table below 50 columns, where the aligned verdict no longer fits. The binary draws at
/// 40 columns or more (`--width` below is raised to 40), so 40 is drawn through it and narrower
/// widths through the library, with the options the binary would pass.
#[rstest::rstest]
#[case::at_40(40)]
#[case::at_30(30)]
fn narrow_table(#[case] width: usize) {
    let text = if width >= 40 {
        report("table", &["--width", &width.to_string()])
    } else {
        table_from_library(&small(), width)
    };
    assert_fits(&text, width);
    insta::assert_snapshot!(format!("table_{width}"), text);
}

/// Every width down to 20: each line fits but for a lone word longer than it (an id).
#[test]
fn table_fits_every_narrow_width() {
    let corpus = small();
    for width in 20..50 {
        assert_fits(&table_from_library(&corpus, width), width);
    }
}

/// Found by the report fuzz (`tests/loader_fuzz.rs`): a long id marked for publication put
/// `ID [publish]` on one line wider than the width (at 49 to 80 columns and more), and a title
/// in wide characters was measured in `char`s, so its rule overflowed the terminal.
#[test]
fn table_fits_with_long_ids_and_wide_text() {
    let long = "ambush.a-claim-id-of-sixty-characters-marked-for-publication";
    let claims_text = format!(
        "[event]\nid = \"ambush\"\ntitle = \"日本語のタイトル\"\ndate = 2025-07-14\n\n\
         [[claim]]\nid = \"{long}\"\ntext = \"日本語のテキストです 日本語のテキストです\"\npublish = true\n\
         [[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\ndate = 2025-07-14\n"
    );
    let corpus = corpus(&[file("sources/s.toml", SOURCES), claims(claims_text)]);
    for width in 20..=120 {
        assert_fits(&table_from_library(&corpus, width), width);
    }
}

/// No line of `text` is wider than `width` columns (as a terminal shows them), but one holding a
/// single word (an id or a rule name that cannot be broken) after its indent or rule.
fn assert_fits(text: &str, width: usize) {
    for line in text.lines() {
        if textwrap::core::display_width(line) <= width {
            continue;
        }
        let word = line.trim_start_matches(['─', ' ']);
        assert!(
            !word.contains(' '),
            "{line:?} is wider than {width}:\n{text}"
        );
    }
}

/// The table of `corpus` at `width`, through the library's table format.
fn table_from_library(corpus: &Corpus, width: usize) -> String {
    use corroborate::engine::{self, Filter, Project};
    use corroborate::report::format::{Doc, Format, Options};
    let today = corroborate::model::Date::from_ymd_opt(2025, 12, 31).expect("a date");
    let as_of = corroborate::model::Date::from_ymd_opt(2025, 7, 20).expect("a date");
    let project = Project::load(corpus.path(), today).expect("loads");
    // Warnings (a published claim without links) do not stop a report; errors would.
    assert!(!project
        .loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == corroborate::diag::Severity::Error));
    let assessment = project.assess(as_of);
    let selected = engine::select(project.corpus(), &assessment.outcomes, &Filter::default());
    let judge = project.judge(&assessment);
    let options = Options {
        width: Some(u16::try_from(width).expect("a width")),
        ..Options::default()
    };
    let doc = Doc {
        corpus: project.corpus(),
        policy: project.policy(),
        assessment: &assessment,
        claims: &selected,
        judge: &judge,
        options: &options,
    };
    let mut out = Vec::new();
    corroborate::report::table::TABLE
        .write(&doc, &mut out)
        .expect("writes to memory");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn json() {
    insta::assert_snapshot!("json", report("json", &[]));
}

#[test]
fn markdown() {
    insta::assert_snapshot!("markdown", report("markdown", &[]));
}

#[test]
fn csv() {
    insta::assert_snapshot!("csv", report("csv", &[]));
}

#[test]
fn csv_evidence() {
    insta::assert_snapshot!("csv_evidence", report("csv", &["--evidence"]));
}

/// On the small corpus with a publisher, which gives each review the `url` Google requires, and
/// all claims but `ambush.vehicles-two` marked for publication: three reviews.
#[test]
fn claimreview() {
    let published = CLAIMS
        .replace(
            "id = \"ambush.happened\"\n",
            "id = \"ambush.happened\"\npublish = true\n",
        )
        .replace(
            "id = \"ambush.helicopter\"\n",
            "id = \"ambush.helicopter\"\npublish = true\n",
        );
    let corpus = corpus(&[
        file("sources/s.toml", SOURCES),
        claims(published),
        file(
            "corroborate.toml",
            "[publisher]\nname = \"Desk\"\nurl = \"https://example.org/checks\"\nlanguage = \"en\"\n",
        ),
    ]);
    insta::assert_snapshot!("claimreview", report_on(&corpus, "claimreview", &[]));
}

#[test]
fn junit() {
    insta::assert_snapshot!("junit", report("junit", &["--fail-on", "contested"]));
}

/// The page's table and its data (the claims' rows and derivations, as JSON), without the
/// style sheet, the script and the tables of the `data` block, which are the same on every page.
#[test]
fn html() {
    let html = report("html", &[]);
    let start = html.find("<table").expect("a table");
    let end = html.find("</table>").expect("a closed table") + "</table>".len();
    let mut shown = html[start..end].to_owned();
    let mut rest = &html[end..];
    while let Some(i) = rest.find("<script type=\"application/json\" class=") {
        let close = rest[i..].find("</script>").expect("a closed block") + i + "</script>".len();
        shown.push('\n');
        shown.push_str(&rest[i..close]);
        rest = &rest[close..];
    }
    insta::assert_snapshot!("html", shown);
}

/// Every claim report format has a snapshot here.
#[test]
fn every_format_has_a_snapshot() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for format in corroborate::report::format::FORMATS
        .iter()
        .map(|f| f.name())
    {
        let file = dir.join(format!("format_snapshots__{format}.snap"));
        assert!(file.is_file(), "no snapshot for `--format {format}`");
    }
}
