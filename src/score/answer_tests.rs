//! How related answers bear on each other's verdicts: implication, exclusion, overlap, lists'
//! omissions, tolerance, explicit `implies`, revisions, and the agreed interval.

use super::tests::verdicts_of;
use super::*;
use proptest::prelude::*;
use rstest::rstest;

/// A quantity question `q` (with `tolerance`, if any) and its answers: (id, value, sources).
fn quantity(tolerance: &str, answers: &[(&str, &str, &[&str])]) -> String {
    question("quantity", tolerance, answers)
}

/// A set question `q` and its answers: (id, list, sources).
fn set(answers: &[(&str, &str, &[&str])]) -> String {
    question("set", "", answers)
}

/// A question `q` of `kind` (with `extra` keys) and its answers, each asserted by its sources.
fn question(kind: &str, extra: &str, answers: &[(&str, &str, &[&str])]) -> String {
    let mut t = format!("[[question]]\nid = \"q\"\nkind = \"{kind}\"\n{extra}\n");
    for (id, value, sources) in answers {
        t.push_str(&format!(
            "[[claim]]\nid = \"{id}\"\ntext = \"t\"\nquestion = \"q\"\nvalue = {value}\n"
        ));
        for source in *sources {
            t.push_str(&format!(
                "[[claim.evidence]]\nsource = \"{source}\"\nstance = \"asserts\"\ndate = 2025-07-15\n"
            ));
        }
    }
    t
}

fn by_id<'v>(verdicts: &'v [(String, Verdict)], id: &str) -> &'v Verdict {
    &verdicts
        .iter()
        .find(|(i, _)| i == id)
        .unwrap_or_else(|| panic!("no verdict for {id}"))
        .1
}

#[rstest]
// "four" implies "at least one": its supporter also supports the weaker answer...
#[case::a_point_supports_a_bound_it_lies_in("4", "{ min = 1 }", 1, 0, 2, 0)]
// ... and the weaker answer's supporter does not oppose the stronger one.
#[case::nested_ranges("{ min = 200, max = 300 }", "{ min = 100, max = 300 }", 1, 0, 2, 0)]
#[case::overlapping_ranges_are_neutral(
    "{ min = 100, max = 250 }",
    "{ min = 200, max = 300 }",
    1,
    0,
    1,
    0
)]
#[case::disjoint_values_exclude("4", "2", 1, 1, 1, 1)]
#[case::a_point_outside_a_bound_excludes("4", "{ min = 10 }", 1, 1, 1, 1)]
fn answers_bear_on_each_other_by_their_values(
    #[case] a: &str,
    #[case] b: &str,
    #[case] a_supporting: usize,
    #[case] a_opposing: usize,
    #[case] b_supporting: usize,
    #[case] b_opposing: usize,
) {
    let claims = quantity("", &[("a", a, &["rfi"]), ("b", b, &["un"])]);
    let verdicts = verdicts_of(&claims);
    let (va, vb) = (by_id(&verdicts, "a"), by_id(&verdicts, "b"));
    assert_eq!(
        (va.supporting_origins, va.opposing_origins),
        (a_supporting, a_opposing),
        "a = {a}"
    );
    assert_eq!(
        (vb.supporting_origins, vb.opposing_origins),
        (b_supporting, b_opposing),
        "b = {b}"
    );
}

#[test]
fn values_within_the_tolerance_are_one_answer() {
    let answers: &[(&str, &str, &[&str])] = &[("a", "300", &["rfi"]), ("b", "305", &["un"])];
    let exact = verdicts_of(&quantity("", answers));
    assert_eq!(by_id(&exact, "a").opposing_origins, 1);
    let close = verdicts_of(&quantity("tolerance = \"5%\"", answers));
    let a = by_id(&close, "a");
    assert_eq!((a.supporting_origins, a.opposing_origins), (2, 0));
    assert_eq!(a.status, Status::Corroborated);
}

#[test]
fn a_denial_of_the_weaker_answer_opposes_the_stronger() {
    let claims = "[[question]]\nid = \"q\"\nkind = \"quantity\"\n\
        [[claim]]\nid = \"four\"\ntext = \"t\"\nquestion = \"q\"\nvalue = 4\n\
        [[claim.evidence]]\nsource = \"fla-spokesman\"\nstance = \"asserts\"\n\
        [[claim]]\nid = \"some\"\ntext = \"t\"\nquestion = \"q\"\nvalue = { min = 1 }\n\
        [[claim.evidence]]\nsource = \"un\"\nstance = \"denies\"\n";
    let verdicts = verdicts_of(claims);
    let four = by_id(&verdicts, "four");
    assert_eq!(four.opposing_origins, 1);
    assert_eq!(four.competing[0].bearing, Bearing::Undercut);
    // The denial of "at least one" is not support for anything, and "four" does not undercut
    // the weaker answer: its own support carries down.
    let some = by_id(&verdicts, "some");
    assert_eq!((some.supporting_origins, some.opposing_origins), (1, 1));
}

#[test]
fn a_partial_list_is_incomplete_not_contradictory() {
    let claims = set(&[
        ("full", "[\"Smith\", \"Jones\"]", &["rfi", "agency"]),
        ("first", "[\"Smith\"]", &["un"]),
    ]);
    let verdicts = verdicts_of(&claims);
    let full = by_id(&verdicts, "full");
    let first = by_id(&verdicts, "first");
    // The full list supports the partial one.
    assert_eq!(first.supporting_origins, 3);
    assert_eq!(first.opposing_origins, 0);
    // The partial list weighs only weakly against the full one: not an opposing origin, and
    // never enough to contest it.
    let omission = full
        .competing
        .iter()
        .find(|i| i.bearing == Bearing::Omitted)
        .expect("the partial list's omission counts");
    let policy = Policy::default();
    let trust = policy.trust(Reliability::B);
    assert!((omission.weight - trust * policy.omission).abs() < 1e-12);
    assert_eq!(full.opposing_origins, 0);
    assert_ne!(full.status, Status::Contested);
    assert_eq!(full.status, Status::Corroborated);
}

#[test]
fn an_explicit_implication_carries_support_across_questions() {
    let claims = "[[claim]]\nid = \"pij-rocket\"\ntext = \"t\"\nquestion = \"who\"\nimplies = [\"not-israel\"]\n\
        [[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\n\
        [[claim]]\nid = \"israel-strike\"\ntext = \"t\"\nquestion = \"who\"\n\
        [[claim.evidence]]\nsource = \"fla-spokesman\"\nstance = \"asserts\"\n\
        [[claim]]\nid = \"not-israel\"\ntext = \"t\"\n\
        [[claim.evidence]]\nsource = \"un\"\nstance = \"asserts\"\n";
    let verdicts = verdicts_of(claims);
    let implied = by_id(&verdicts, "not-israel");
    assert_eq!(implied.supporting_origins, 2);
    assert!(implied
        .competing
        .iter()
        .any(|i| i.bearing == Bearing::Implied));
    // The rival answer still excludes the implying one.
    assert_eq!(by_id(&verdicts, "pij-rocket").opposing_origins, 1);
}

#[test]
fn an_origin_counts_once_across_an_answer_and_what_implies_it() {
    let claims = quantity(
        "",
        &[("four", "4", &["rfi"]), ("some", "{ min = 1 }", &["rfi"])],
    );
    let verdicts = verdicts_of(&claims);
    let some = by_id(&verdicts, "some");
    assert_eq!(some.supporting_origins, 1, "the max-per-origin rule holds");
}

#[test]
fn the_interval_is_what_the_origins_share() {
    let claims = quantity(
        "",
        &[
            ("wide", "{ min = 100, max = 300 }", &["rfi"]),
            ("floor", "{ min = 200 }", &["un"]),
        ],
    );
    let loaded = super::tests::load_clean(&claims);
    let policy = Policy::default();
    let plans = super::tests::plans_for(&policy);
    let as_of = Date::from_ymd_opt(2025, 7, 20).expect("date");
    let scorer = Scorer::new(&loaded.corpus, Context::new(&policy, &plans, as_of));
    let interval = scorer.interval(0).expect("a quantity question");
    assert_eq!(
        (
            interval.min,
            interval.max,
            interval.agreed,
            interval.origins
        ),
        (Some(200.0), Some(300.0), true, 2)
    );

    let claims = quantity("", &[("ten", "10", &["rfi"]), ("hundred", "100", &["un"])]);
    let loaded = super::tests::load_clean(&claims);
    let scorer = Scorer::new(&loaded.corpus, Context::new(&policy, &plans, as_of));
    let interval = scorer.interval(0).expect("a quantity question");
    assert_eq!(
        (interval.min, interval.max, interval.agreed),
        (Some(10.0), Some(100.0), false),
        "no shared value: the span of the answers, not agreed"
    );
}

const SOURCE_IDS: &[&str] = &[
    "rfi",
    "un",
    "agency",
    "local-a",
    "local-b",
    "blog",
    "fla-spokesman",
    "fama-communique",
];
const STANCES: &[&str] = &["asserts", "confirms", "denies", "disputes"];

fn items(evidence: &[(usize, usize)]) -> String {
    evidence
        .iter()
        .map(|(s, k)| {
            format!(
                "[[claim.evidence]]\nsource = \"{}\"\nstance = \"{}\"\n",
                SOURCE_IDS[*s % SOURCE_IDS.len()],
                STANCES[*k % STANCES.len()]
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Adding an answer that implies another, with any evidence, never lowers the implied
    /// answer's score: support carries down inclusion, and nothing else does.
    #[test]
    fn implication_never_lowers_an_implied_answers_score(
        implied in prop::collection::vec((0usize..8, 0usize..4), 0..5),
        implying in prop::collection::vec((0usize..8, 0usize..4), 0..5),
        rival in prop::collection::vec((0usize..8, 0usize..4), 0..3),
    ) {
        let head = "[[question]]\nid = \"q\"\nkind = \"quantity\"\n";
        let weak = format!("[[claim]]\nid = \"weak\"\ntext = \"t\"\nquestion = \"q\"\nvalue = {{ min = 1 }}\n{}", items(&implied));
        let other = format!("[[claim]]\nid = \"none\"\ntext = \"t\"\nquestion = \"q\"\nvalue = 0\n{}", items(&rival));
        let strong = format!("[[claim]]\nid = \"strong\"\ntext = \"t\"\nquestion = \"q\"\nvalue = 4\n{}", items(&implying));
        let before = verdicts_of(&format!("{head}{weak}{other}"));
        let after = verdicts_of(&format!("{head}{weak}{other}{strong}"));
        let (b, a) = (by_id(&before, "weak"), by_id(&after, "weak"));
        prop_assert!(a.score >= b.score - 1e-12, "{} < {}", a.score, b.score);
    }
}

/// An undated item counts from its event's date: a report as of an earlier day leaves it out.
#[rstest]
#[case::before_the_event("2025-07-10", 0)]
#[case::on_the_event_day("2025-07-14", 1)]
#[case::after_it("2025-07-20", 1)]
fn undated_evidence_counts_from_its_events_date(#[case] as_of: &str, #[case] origins: usize) {
    let v = super::tests::verdict_as_of(
        as_of,
        "",
        "[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\n",
    );
    assert_eq!(v.supporting_origins, origins, "as of {as_of}");
    if origins == 0 {
        assert_eq!(v.items[0].excluded, Some(Excluded::AfterAsOf));
    }
}
