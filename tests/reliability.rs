//! Learned reliability and copy detection (SPEC §7) on generated track records.

use corroborate::load::{load_documents, Document, Section};
use corroborate::model::{Corpus, Date};
use corroborate::policy::Policy;
use corroborate::score::{assess_corpus, Assessment};
use rayon::prelude::*;
use rstest::rstest;
use std::fmt::Write;
use std::path::Path;

mod common;

/// One question: which sources give the true answer, which the false one.
struct Question<'a> {
    truth: &'a [&'a str],
    falsehood: &'a [&'a str],
}

fn corpus(sources: &[(&str, &str)], questions: &[Question<'_>]) -> Corpus {
    let mut s = String::new();
    for (id, grade) in sources {
        let _ = write!(
            s,
            "[[source]]\nid = \"{id}\"\nkind = \"media\"\nreliability = \"{grade}\"\n"
        );
    }
    let mut c = String::new();
    for (n, q) in questions.iter().enumerate() {
        for (answer, voices) in [("true", q.truth), ("false", q.falsehood)] {
            if voices.is_empty() {
                continue;
            }
            let _ = write!(
                c,
                "[[claim]]\nid = \"q{n}.{answer}\"\ntext = \"{answer}\"\nquestion = \"q{n}\"\n"
            );
            for v in voices {
                let _ = write!(
                    c,
                    "[[claim.evidence]]\nsource = \"{v}\"\nstance = \"asserts\"\n"
                );
            }
        }
    }
    let docs = vec![
        Document {
            relative: "sources/s.toml".into(),
            path: "s".into(),
            section: Section::Sources,
            bytes: Ok(s.into_bytes()),
        },
        Document {
            relative: "claims/c.toml".into(),
            path: "c".into(),
            section: Section::Claims,
            bytes: Ok(c.into_bytes()),
        },
    ];
    let loaded = load_documents(
        Path::new("."),
        docs.into_par_iter(),
        &corroborate::engine::load_options(date()),
    );
    // Questions nobody else answered are part of such data: their `lone-answer` warnings aside,
    // the corpus is clean.
    assert!(
        loaded.diagnostics.iter().all(|d| d.code == "lone-answer"),
        "{:?}",
        loaded.diagnostics
    );
    loaded.corpus
}

fn date() -> Date {
    Date::from_ymd_opt(2025, 7, 20).expect("date")
}

fn ix(corpus: &Corpus, id: &str) -> usize {
    corpus
        .sources
        .iter()
        .position(|s| s.id.value == id)
        .expect("source")
}

fn assess(corpus: &Corpus) -> Assessment {
    assess_with(corpus, &Policy::default())
}

fn assess_with(corpus: &Corpus, policy: &Policy) -> Assessment {
    let plans = corroborate::score::Plans::compile(policy, &corroborate::engine::weight_rules());
    assess_corpus(corpus, policy, &plans, date())
}

fn claim_ix(corpus: &Corpus, id: &str) -> usize {
    corpus
        .claims
        .iter()
        .position(|c| c.id.value == id)
        .expect("claim")
}

/// Three honest sources and one that is always wrong, over `n` questions.
fn track_record(n: usize, grade_of_liar: &'static str) -> (Corpus, Assessment) {
    let honest: &[&str] = &["a", "b", "c"];
    let questions: Vec<Question<'_>> = (0..n)
        .map(|i| Question {
            truth: &honest[..2 + i % 2],
            falsehood: &["liar"],
        })
        .collect();
    let corpus = corpus(
        &[("a", "C"), ("b", "C"), ("c", "C"), ("liar", grade_of_liar)],
        &questions,
    );
    let assessment = assess(&corpus);
    (corpus, assessment)
}

#[rstest]
#[case::few_claims(3)]
#[case::many_claims(40)]
fn reliable_sources_gain_and_unreliable_ones_lose(#[case] n: usize) {
    let policy = Policy::default();
    let (corpus, assessment) = track_record(n, "C");
    let learned = &assessment.learned;
    let prior = policy.trust(corroborate::model::Reliability::C);
    let (a, liar) = (ix(&corpus, "a"), ix(&corpus, "liar"));
    assert!(
        learned.trust[a] > prior,
        "honest source gains: {} > {prior}",
        learned.trust[a]
    );
    assert!(
        learned.trust[liar] < prior,
        "liar loses: {} < {prior}",
        learned.trust[liar]
    );
    assert!(learned.converged);
}

#[test]
fn evidence_accumulates_rather_than_flipping() {
    let (c3, few) = track_record(3, "C");
    let (c40, many) = track_record(40, "C");
    let (l3, l40) = (ix(&c3, "liar"), ix(&c40, "liar"));
    // A short record moves a source a little; a long one moves it a lot.
    assert!(few.learned.trust[l3] > many.learned.trust[l40]);
    assert!(
        few.learned.trust[l3] > 0.3,
        "three claims do not wipe out a C grade: {}",
        few.learned.trust[l3]
    );
}

#[test]
fn an_ungraded_source_is_judged_by_its_record_alone() {
    let (corpus, assessment) = track_record(20, "F");
    let liar = ix(&corpus, "liar");
    assert!(
        assessment.learned.trust[liar] < 0.1,
        "an F source that is always wrong: {}",
        assessment.learned.trust[liar]
    );
}

#[test]
fn the_learned_answers_win_their_questions() {
    let (corpus, assessment) = track_record(20, "C");
    for q in &assessment.questions {
        let leading = q.leading.map(|c| corpus.claims[c.get()].id.value.as_str());
        assert_eq!(leading, Some(format!("{}.true", q.id).as_str()));
    }
}

/// Two sources that repeat each other, mistakes included, against three independent ones.
fn copiers(n: usize) -> (Corpus, Assessment) {
    copiers_with(n, &Policy::default())
}

fn copiers_with(n: usize, policy: &Policy) -> (Corpus, Assessment) {
    let independent: &[&str] = &["a", "b", "c"];
    let mut questions = Vec::new();
    for i in 0..n {
        // The copiers agree with the truth most of the time, and share every mistake.
        if i % 3 == 0 {
            questions.push(Question {
                truth: independent,
                falsehood: &["copy-1", "copy-2"],
            });
        } else {
            questions.push(Question {
                truth: &["a", "b", "c", "copy-1", "copy-2"][..],
                falsehood: &[],
            });
        }
    }
    let sources = [
        ("a", "C"),
        ("b", "C"),
        ("c", "C"),
        ("copy-1", "C"),
        ("copy-2", "C"),
    ];
    let corpus = corpus(&sources, &questions);
    let assessment = assess_with(&corpus, policy);
    (corpus, assessment)
}

/// By default suspected copiers are reported with what they share, and still count as two
/// origins: nothing is merged without the analyst's word (a declared `origin`).
#[rstest]
#[case(9)]
#[case(30)]
fn copiers_are_reported_not_merged(#[case] n: usize) {
    let (corpus, assessment) = copiers(n);
    let learned = &assessment.learned;
    let (c1, c2) = (ix(&corpus, "copy-1"), ix(&corpus, "copy-2"));
    assert_eq!(learned.copies.len(), 1, "{:?}", learned.copies);
    let pair = &learned.copies[0];
    assert_eq!((pair.a.get(), pair.b.get()), (c1.min(c2), c1.max(c2)));
    // Every third question they share a mistake the independent sources reject; on the others
    // they give the answer everyone gives.
    let wrong = n.div_ceil(3);
    assert_eq!(
        (pair.same_false, pair.same_true, pair.differ, pair.shared),
        (wrong, n - wrong, 0, n)
    );
    assert!(!learned.merged);
    assert_ne!(learned.origin[c1], learned.origin[c2]);
    let q0 = claim_ix(&corpus, "q0.false");
    assert_eq!(assessment.outcomes[q0].supporting_origins, 2);
}

#[rstest]
#[case(9)]
#[case(30)]
fn copiers_are_detected_and_merged_on_request(#[case] n: usize) {
    let policy = Policy {
        copies: corroborate::policy::CopyMode::Merge,
        ..Policy::default()
    };
    let (corpus, assessment) = copiers_with(n, &policy);
    let learned = &assessment.learned;
    let (c1, c2) = (ix(&corpus, "copy-1"), ix(&corpus, "copy-2"));
    assert_eq!(learned.copies.len(), 1, "{:?}", learned.copies);
    let pair = &learned.copies[0];
    assert_eq!((pair.a.get(), pair.b.get()), (c1.min(c2), c1.max(c2)));
    assert!(pair.same_false >= 1);
    assert!(learned.merged);
    assert_eq!(
        learned.origin[c1], learned.origin[c2],
        "copiers weigh as one origin"
    );
    // A question the copiers got wrong: their answer has one supporting origin, not two.
    let wrong = corpus
        .claims
        .iter()
        .position(|c| c.id.value == "q0.false")
        .expect("claim");
    assert_eq!(assessment.outcomes[wrong].supporting_origins, 1);
    // No independent pair is suspected.
    assert!(learned
        .copies
        .iter()
        .all(|p| p.a.get() >= 3 || p.b.get() >= 3));
}

#[test]
fn independent_agreement_is_not_copying() {
    let (_, assessment) = track_record(40, "C");
    assert!(
        assessment.learned.copies.is_empty(),
        "{:?}",
        assessment.learned.copies
    );
}

/// Two honest sources that are right together, often, are not copiers: a shared true answer
/// weighs nothing (it used to count for copying), and answers nobody else gave carry no
/// evidence either way (they used to count as shared true answers).
#[rstest]
#[case::alone_together(false)]
#[case::with_the_crowd(true)]
fn sources_right_together_are_not_copiers(#[case] crowd: bool) {
    let witnesses: &[&str] = &["a", "b", "c"];
    let mut questions = Vec::new();
    for _ in 0..30 {
        questions.push(Question {
            truth: if crowd { &["p", "q", "a"] } else { &["p", "q"] },
            falsehood: &[],
        });
    }
    // One shared mistake, which three others reject.
    questions.push(Question {
        truth: witnesses,
        falsehood: &["p", "q"],
    });
    // With the crowd, they also differ now and then, as independent sources do.
    if crowd {
        for _ in 0..3 {
            questions.push(Question {
                truth: &["p", "a"],
                falsehood: &["q"],
            });
        }
    }
    let sources = [("a", "C"), ("b", "C"), ("c", "C"), ("p", "C"), ("q", "C")];
    let corpus = corpus(&sources, &questions);
    for copies in [
        corroborate::policy::CopyMode::Report,
        corroborate::policy::CopyMode::Merge,
    ] {
        let policy = Policy {
            copies,
            ..Policy::default()
        };
        let learned = assess_with(&corpus, &policy).learned;
        assert!(learned.copies.is_empty(), "{:?}", learned.copies);
        assert_ne!(
            learned.origin[ix(&corpus, "p")],
            learned.origin[ix(&corpus, "q")]
        );
    }
}

/// A source that speaks mostly alone (a bot with many claims nobody else made, and a few that
/// one passer-by repeats) does not outvote two careful sources that agree: its uncorroborated
/// claims credit its prior, not nothing, so its few corroborated ones cannot lift it to the cap.
#[test]
fn a_bot_with_many_uncorroborated_claims_does_not_outvote_two_careful_sources() {
    let names: Vec<String> = (0..30).map(|i| format!("passer-{i}")).collect();
    let passers: Vec<[&str; 2]> = names.iter().map(|n| ["bot", n.as_str()]).collect();
    let mut questions = Vec::new();
    for _ in 0..300 {
        questions.push(Question {
            truth: &["bot"],
            falsehood: &[],
        });
    }
    for pair in &passers {
        questions.push(Question {
            truth: pair,
            falsehood: &[],
        });
    }
    // The careful sources agree on a few questions of their own.
    for _ in 0..3 {
        questions.push(Question {
            truth: &["careful-1", "careful-2"],
            falsehood: &[],
        });
    }
    let disputed = questions.len();
    questions.push(Question {
        truth: &["careful-1", "careful-2"],
        falsehood: &["bot"],
    });
    let mut sources: Vec<(&str, &str)> = vec![("bot", "F"), ("careful-1", "F"), ("careful-2", "F")];
    sources.extend(names.iter().map(|n| (n.as_str(), "F")));
    let corpus = corpus(&sources, &questions);
    let assessment = assess(&corpus);
    let learned = &assessment.learned;
    let (bot, careful) = (ix(&corpus, "bot"), ix(&corpus, "careful-1"));
    assert!(
        learned.trust[bot] < 0.6,
        "the bot stays near its prior: {}",
        learned.trust[bot]
    );
    assert!(learned.trust[careful] > learned.trust[bot] * 0.9);
    let q = assessment
        .questions
        .iter()
        .find(|q| q.id == format!("q{disputed}"))
        .expect("the disputed question");
    let leading = q.leading.map(|c| corpus.claims[c.get()].id.value.as_str());
    assert_eq!(leading, Some(format!("q{disputed}.true").as_str()));
}

/// An ungraded source starts learning from an even chance of being right, not from the `F`
/// trust of the assigned mode (below a `D`'s); `uninformed_prior` sets it.
#[rstest]
#[case::default(None, 0.5)]
#[case::set(Some(0.4), 0.4)]
fn an_ungraded_source_starts_at_the_uninformed_prior(
    #[case] setting: Option<f64>,
    #[case] expected: f64,
) {
    let mut policy = Policy::default();
    if let Some(p) = setting {
        policy.uninformed_prior = p;
    }
    // One claim nobody else touched: it credits the prior, so the prior is what is learned.
    let corpus = corpus(
        &[("lone", "F")],
        &[Question {
            truth: &["lone"],
            falsehood: &[],
        }],
    );
    let learned = assess_with(&corpus, &policy).learned;
    let lone = ix(&corpus, "lone");
    assert!(
        (learned.trust[lone] - expected).abs() < 1e-9,
        "{}",
        learned.trust[lone]
    );
}

/// Exact ties are the only reason `leading` is null: two answers with the same evidence tie and
/// are named in `tied`; one more voice breaks the tie.
#[rstest]
#[case::tie(&["a"], &["b"], None)]
#[case::two_against_two(&["a", "b"], &["c", "d"], None)]
#[case::one_more_voice(&["a", "c"], &["b"], Some("q0.true"))]
fn exact_ties_leave_leading_null_and_are_named(
    #[case] truth: &[&str],
    #[case] falsehood: &[&str],
    #[case] expected: Option<&str>,
) {
    let corpus = corpus(
        &[("a", "F"), ("b", "F"), ("c", "F"), ("d", "F")],
        &[Question { truth, falsehood }],
    );
    let assessment = assess(&corpus);
    let q = &assessment.questions[0];
    let leading = q.leading.map(|c| corpus.claims[c.get()].id.value.as_str());
    assert_eq!(leading, expected);
    let tied: Vec<&str> = q
        .tied
        .iter()
        .map(|c| corpus.claims[c.get()].id.value.as_str())
        .collect();
    if expected.is_none() {
        assert_eq!(tied, ["q0.false", "q0.true"]);
    } else {
        assert!(tied.is_empty(), "{tied:?}");
    }
}

/// The JSON report names exactly tied answers in `tied` (absent without a tie), and lists
/// suspected copiers with what they share.
#[test]
fn the_json_report_names_ties_and_suspected_copiers() {
    let mut sources = String::new();
    for id in ["a", "b", "c", "copy-1", "copy-2", "x", "y"] {
        sources.push_str(&format!(
            "[[source]]\nid = \"{id}\"\nkind = \"media\"\nreliability = \"C\"\n"
        ));
    }
    let mut claims = String::new();
    let mut answer = |id: &str, question: &str, voices: &[&str]| {
        claims.push_str(&format!(
            "[[claim]]\nid = \"{id}\"\ntext = \"{id}\"\nquestion = \"{question}\"\n"
        ));
        for v in voices {
            claims.push_str(&format!(
                "[[claim.evidence]]\nsource = \"{v}\"\nstance = \"asserts\"\n"
            ));
        }
    };
    for n in 0..6 {
        if n % 2 == 0 {
            answer(&format!("q{n}.true"), &format!("q{n}"), &["a", "b", "c"]);
            answer(
                &format!("q{n}.false"),
                &format!("q{n}"),
                &["copy-1", "copy-2"],
            );
        } else {
            answer(
                &format!("q{n}.true"),
                &format!("q{n}"),
                &["a", "b", "c", "copy-1", "copy-2"],
            );
        }
    }
    answer("tie.one", "tie", &["x"]);
    answer("tie.two", "tie", &["y"]);
    let corpus = common::corpus(&[
        common::file("sources/s.toml", sources),
        common::claims(claims),
    ]);
    let run = common::corroborate(
        corpus.path(),
        &["report", ".", "--format", "json", "--as-of", "2025-07-20"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let questions = report["questions"].as_array().expect("questions");
    let tie = questions
        .iter()
        .find(|q| q["id"] == "tie")
        .expect("the tied question");
    assert!(tie["leading"].is_null());
    assert_eq!(tie["tied"], serde_json::json!(["tie.one", "tie.two"]));
    for q in questions.iter().filter(|q| q["id"] != "tie") {
        assert!(q.get("tied").is_none(), "{q}");
        assert_eq!(
            q["leading"],
            format!("{}.true", q["id"].as_str().unwrap_or(""))
        );
    }
    assert_eq!(
        report["copies"],
        serde_json::json!([{
            "sources": ["copy-1", "copy-2"],
            "shared": 6,
            "same": 6,
            "same_true": 3,
            "same_false": 3,
            "differ": 0,
            "probability": report["copies"][0]["probability"],
        }])
    );
    let table = common::corroborate(corpus.path(), &["sources", ".", "--as-of", "2025-07-20"]);
    assert!(
        table
            .stdout
            .contains("suspected copying: copy-1 and copy-2"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("declare a shared `origin`"),
        "{}",
        table.stdout
    );
}
