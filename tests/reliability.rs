//! Learned reliability and copy detection (SPEC §7) on generated track records.

use corroborate::load::{load_documents, Document, Section};
use corroborate::model::{Corpus, Date};
use corroborate::policy::Policy;
use corroborate::score::{assess_corpus, Assessment};
use rayon::prelude::*;
use rstest::rstest;
use std::fmt::Write;
use std::path::Path;

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
    let policy = Policy::default();
    let plans = corroborate::score::Plans::compile(&policy, &corroborate::engine::weight_rules());
    assess_corpus(corpus, &policy, &plans, date())
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
    let assessment = assess(&corpus);
    (corpus, assessment)
}

#[rstest]
#[case(9)]
#[case(30)]
fn copiers_are_detected_and_count_as_one_origin(#[case] n: usize) {
    let (corpus, assessment) = copiers(n);
    let learned = &assessment.learned;
    let (c1, c2) = (ix(&corpus, "copy-1"), ix(&corpus, "copy-2"));
    assert_eq!(learned.copies.len(), 1, "{:?}", learned.copies);
    let pair = &learned.copies[0];
    assert_eq!((pair.a.get(), pair.b.get()), (c1.min(c2), c1.max(c2)));
    assert!(pair.same_false >= 1);
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
