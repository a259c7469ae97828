//! Loading a 10,000-claim corpus, against the parse floor, on one and two threads.
//!
//! ```text
//! cargo bench --bench load
//! ```
//!
//! The corpus is generated once into a temporary folder by `examples/gen_corpus.rs` (seed 1).
//! - `load`: `corroborate::load::load`, i.e. walk, read, parse, convert, link and validate;
//! - `toml_floor`: read every file and parse it into a `toml::Table`, nothing more (the same code
//!   as the `toml_floor` bench binary).
//!
//! Each runs inside a rayon pool of `threads` threads. For the 100,000-claim comparison of the
//! whole `corroborate check` process against the floor, see `scripts/bench-load.sh`.

#[path = "toml_floor.rs"]
#[allow(dead_code)]
mod floor;

mod common;
use common::pool;
use corroborate::model::Date;
use divan::Bencher;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Claims in the benchmark corpus.
const CLAIMS: usize = 10_000;

static CORPUS: OnceLock<PathBuf> = OnceLock::new();

fn corpus() -> &'static PathBuf {
    CORPUS
        .get()
        .expect("the corpus is generated before the benchmarks run")
}

fn main() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let stats = floor::gen::generate(temp.path(), CLAIMS, 1).expect("the corpus is written");
    eprintln!(
        "corpus: {} claims, {} evidence items, {} files, {} bytes in {}",
        stats.claims,
        stats.evidence,
        stats.files,
        stats.bytes,
        temp.path().display()
    );
    CORPUS.set(temp.path().to_path_buf()).expect("set once");
    divan::main();
    drop(temp);
}

#[divan::bench(args = [1, 2], sample_count = 20, sample_size = 1)]
fn load(bencher: Bencher, threads: usize) {
    let pool = pool(threads);
    let options =
        corroborate::engine::load_options(Date::from_ymd_opt(2026, 11, 23).expect("a date"));
    let dir = corpus();
    bencher.bench_local(|| {
        pool.install(|| {
            let loaded = corroborate::load::load(dir, &options).expect("the corpus loads");
            assert_eq!(loaded.corpus.claims.len(), CLAIMS);
            loaded
        })
    });
}

#[divan::bench(args = [1, 2], sample_count = 20, sample_size = 1)]
fn toml_floor(bencher: Bencher, threads: usize) {
    let pool = pool(threads);
    let dir = corpus();
    bencher.bench_local(|| pool.install(|| floor::floor(dir)));
}
