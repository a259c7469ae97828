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
//!   before rendering.

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
