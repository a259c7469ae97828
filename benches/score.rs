//! Scoring a 10,000-claim corpus on one and two threads.
//!
//! ```text
//! cargo bench --bench score
//! ```
//!
//! The corpus is generated once into a temporary folder by `examples/gen_corpus.rs` (seed 1) and
//! loaded once; each benchmark runs inside a rayon pool of `threads` threads.
//! - `learn`: the learned source reliability (the leave-own-origin-out fixed point, copy
//!   detection, and the second round after merging copiers);
//! - `assess_all`: every claim's whole verdict from the learned reliability;
//! - `assess_corpus`: learning, then every claim's outcome and each source's record (whole
//!   verdicts computed and dropped), then ranking the competing answers: what `report` runs
//!   before rendering;
//! - `retractions`: the exclusions of one claim of N items, half of them retractions, from 50
//!   sources (quadratic before: 33 s for `report` on 200,000 items, 0.7 s after).

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen;

mod common;
use common::{as_of, pool};
use corroborate::engine::Project;
use corroborate::score::{self, Context};
use divan::Bencher;
use std::sync::OnceLock;

/// Claims in the benchmark corpus.
const CLAIMS: usize = 10_000;

static PROJECT: OnceLock<Project> = OnceLock::new();

fn project() -> &'static Project {
    PROJECT
        .get()
        .expect("the corpus is loaded before the benchmarks run")
}

fn main() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let stats = gen::generate(temp.path(), CLAIMS, 1).expect("the corpus is written");
    eprintln!(
        "corpus: {} claims, {} evidence items, {} sources",
        stats.claims, stats.evidence, stats.sources
    );
    let project = Project::load(temp.path(), as_of()).expect("the corpus loads");
    assert!(
        project.loaded.diagnostics.is_empty(),
        "the generated corpus is clean"
    );
    PROJECT.set(project).expect("set once");
    divan::main();
}

#[divan::bench(args = [1, 2], sample_count = 20, sample_size = 1)]
fn learn(bencher: Bencher, threads: usize) {
    let pool = pool(threads);
    let project = project();
    bencher.bench_local(|| pool.install(|| project.learn(as_of())));
}

#[divan::bench(args = [1, 2], sample_count = 20, sample_size = 1)]
fn assess_all(bencher: Bencher, threads: usize) {
    let pool = pool(threads);
    let project = project();
    let learned = project.learn(as_of());
    let cx = Context {
        policy: project.policy(),
        plans: &project.plans,
        as_of: as_of(),
        learned: Some(&learned),
    };
    bencher.bench_local(|| pool.install(|| score::assess_all(project.corpus(), &cx)));
}

#[divan::bench(args = [1, 2], sample_count = 20, sample_size = 1)]
fn assess_corpus(bencher: Bencher, threads: usize) {
    let pool = pool(threads);
    let project = project();
    bencher.bench_local(|| pool.install(|| project.assess(as_of())));
}

/// One claim of `n` evidence items from 50 sources, every other one a retraction.
fn retracting_claim(n: usize) -> corroborate::model::Corpus {
    use corroborate::load::{load_documents, Document, Section};
    use rayon::prelude::*;
    let mut sources = String::new();
    for i in 0..50 {
        sources.push_str(&format!("[[source]]\nid = \"s{i}\"\nkind = \"media\"\n"));
    }
    let mut claims = String::from("[[claim]]\nid = \"c\"\ntext = \"t\"\n");
    for i in 0..n {
        let stance = if i % 2 == 1 { "retracts" } else { "asserts" };
        claims.push_str(&format!(
            "[[claim.evidence]]\nsource = \"s{}\"\nstance = \"{stance}\"\ndate = 2025-{:02}-{:02}\n",
            i % 50,
            1 + (i / 1000) % 12,
            1 + i % 28
        ));
    }
    let docs = vec![
        Document {
            relative: "sources/s.toml".into(),
            path: "sources/s.toml".into(),
            section: Section::Sources,
            bytes: Ok(sources.into_bytes()),
        },
        Document {
            relative: "claims/c.toml".into(),
            path: "claims/c.toml".into(),
            section: Section::Claims,
            bytes: Ok(claims.into_bytes()),
        },
    ];
    let options = corroborate::engine::load_options(as_of());
    load_documents(std::path::Path::new("."), docs.into_par_iter(), &options).corpus
}

#[divan::bench(args = [20_000, 200_000], sample_count = 10, sample_size = 1)]
fn retractions(bencher: Bencher, n: usize) {
    let corpus = retracting_claim(n);
    bencher.bench_local(|| score::exclusions(&corpus.claims[0], as_of(), None));
}
