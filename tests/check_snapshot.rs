//! The human rendering of `corroborate check`, pinned as a snapshot: snippets, labels, hints,
//! related locations in other files and the summary line.

mod common;

use common::{command, corpus, file, run};

const ACTORS: &str = r#"[[actor]]
id = "fla"
opposes = ["fama", "Africa Corps"]

[[actor]]
id = "fama"
allied = ["wagner"]
"#;

const SOURCES: &str = r#"[[source]]
id = "rfi"
kind = "media"
reliabilty = "B"

[[source]]
id = "fla-spokesman"
kind = "party"
actor = "fla"
reliability = "C"
"#;

const ALKIT: &str = r#"[event]
id = "alkit-ambush"
title = "Ambush of an army convoy at Alkit"
date = 2025-07-14

[[claim]]
id = "alkit.vehicles-destroyed"
text = "All four vehicles of the convoy were destroyed or captured."
favours = "fla"
against = "fla"

[[claim.evidence]]
source = "fla-spokesman"
stance = "asserts"
date = 2025-07-13
via = "fla-spokesman"

[[claim.evidence]]
source = "rfi"
stance = "confirm"
date = 2052-07-15
"#;

const LATER: &str = r#"[event]
id = "alkit-aftermath"
date = "2025-07-15"

[[claim]]
id = "alkit.vehicles-destroyed"
text = "The same id as in alkit.toml."
event = "alkit-ambush"
"#;

#[test]
fn human_diagnostics_for_a_corpus_with_many_problems() {
    let corpus = corpus(&[
        file("sources/actors.toml", ACTORS),
        file("sources/sources.toml", SOURCES),
        file("claims/alkit.toml", ALKIT),
        file("claims/later.toml", LATER),
    ]);
    let run = run(command(corpus.path()).args(["check", ".", "--color", "never"]));
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    insta::assert_snapshot!(run.stderr);
}

/// Accepted words in a hint must survive wrapping whole: `no-comment` is one word.
#[test]
fn hints_are_not_wrapped_inside_an_accepted_word() {
    let corpus = corpus(&[
        file("sources/s.toml", common::SOURCES),
        file(
            "claims/c.toml",
            "[[claim]]\nid = \"c\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"rfi\"\nstance = \"confirm\"\n",
        ),
    ]);
    let run = run(command(corpus.path()).args(["check", ".", "--color", "never"]));
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("did you mean `confirms`?"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no-comment"), "{}", run.stderr);
}
