//! Rendering every report format for a scored 10,000-claim corpus (and `check`'s formats, SARIF
//! among them, for a corpus with problems), on one and two threads.
//!
//! ```text
//! cargo bench --bench report
//! cargo bench --bench report -- --test      # each benchmark once, as a smoke test
//! ```
//!
//! The corpus is generated once (`examples/gen_corpus.rs`, seed 1), loaded and assessed once.
//! `format` is what `report --format NAME` runs after the assessment: the format's
//! [`Format::write`] on the whole selection, to `std::io::sink()`, each claim's verdict computed
//! while its batch renders, so it includes scoring every claim; `verdicts` is that scoring alone
//! (every verdict computed in parallel, nothing rendered), the floor under each of them.
//! ClaimReview is given a publisher url (the generated corpus has no policy), else it would write
//! an empty array. `json` renders verdicts computed beforehand, the writer alone.

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen;

mod common;
use common::{as_of, pool};
use corroborate::engine::Project;
use corroborate::load::texts::Texts;
use corroborate::load::Loaded;
use corroborate::model::ClaimIx;
use corroborate::report::format::{Doc, Format, Options};
use corroborate::report::{self, Selection};
use corroborate::score::{Assessment, Status, Verdict};
use divan::Bencher;
use std::sync::OnceLock;

/// Claims in the benchmark corpus.
const CLAIMS: usize = 10_000;

struct Scored {
    project: Project,
    assessment: Assessment,
    /// Every claim's whole verdict, for the formats that take verdicts.
    verdicts: Vec<Verdict>,
    /// The same corpus with a typo in every 50th evidence source, for `check`'s formats.
    broken: Loaded,
}

static SCORED: OnceLock<Scored> = OnceLock::new();

fn scored() -> &'static Scored {
    SCORED
        .get()
        .expect("the corpus is scored before the benchmarks run")
}

fn selection(s: &Scored) -> Selection<'_> {
    Selection {
        as_of: as_of(),
        verdicts: s.verdicts.iter().collect(),
        assessment: Some(&s.assessment),
        listing: Default::default(),
    }
}

fn main() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    gen::generate(temp.path(), CLAIMS, 1).expect("the corpus is written");
    let options = corroborate::engine::load_options(as_of());
    let project = Project::load(temp.path(), as_of()).expect("the corpus loads");
    let assessment = project.assess(as_of());
    // Break every 50th evidence source in the claims files, for the diagnostics formats.
    let mut n = 0;
    let mut stack = vec![temp.path().join("claims")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a file");
            let text: String = text
                .split_inclusive('\n')
                .map(|line| {
                    if line.starts_with("source = \"") {
                        n += 1;
                        if n % 50 == 0 {
                            return line.replacen("source = \"", "source = \"x", 1);
                        }
                    }
                    line.to_owned()
                })
                .collect();
            std::fs::write(&path, text).expect("written");
        }
    }
    let broken = corroborate::load::load(temp.path(), &options).expect("the corpus loads");
    eprintln!(
        "corpus: {} claims; broken copy: {} diagnostics",
        project.corpus().claims.len(),
        broken.diagnostics.len()
    );
    let all: Vec<ClaimIx> = (0..project.corpus().claims.len() as u32)
        .map(ClaimIx)
        .collect();
    let verdicts = project.judge(&assessment).verdicts(&all);
    let scored = Scored {
        project,
        assessment,
        verdicts,
        broken,
    };
    if SCORED.set(scored).is_err() {
        panic!("the corpus is scored once");
    }
    divan::main();
    drop(temp);
}

#[divan::bench(args = [1, 2], sample_count = 10, sample_size = 1)]
fn json(bencher: Bencher, threads: usize) {
    let pool = pool(threads);
    let s = scored();
    let selection = selection(s);
    bencher.bench_local(|| {
        pool.install(|| report::json::render(&s.project.loaded.corpus, &selection))
    });
}

/// What `report --format json` runs: each claim's verdict scored while its batch is written.
#[divan::bench(args = [1, 2], sample_count = 10, sample_size = 1)]
fn json_scored(bencher: Bencher, threads: usize) {
    let pool = pool(threads);
    let s = scored();
    let corpus = &s.project.loaded.corpus;
    let claims: Vec<ClaimIx> = (0..corpus.claims.len() as u32).map(ClaimIx).collect();
    let judge = s.project.judge(&s.assessment);
    let verdict = |ix| judge.verdict(ix);
    bencher.bench_local(|| {
        pool.install(|| {
            report::json::write_streamed(
                corpus,
                &claims,
                &s.assessment,
                &verdict,
                &mut std::io::sink(),
            )
        })
    });
}

/// Every claim report format by its `--format` name, and CSV's evidence rows.
const FORMATS: &[&str] = &[
    "json",
    "table",
    "markdown",
    "csv",
    "csv-evidence",
    "html",
    "claimreview",
    "junit",
];

/// What `report --format NAME > /dev/null` runs once the corpus is assessed, on two threads.
#[divan::bench(args = FORMATS, sample_count = 10, sample_size = 1)]
fn format(bencher: Bencher, name: &str) {
    let pool = pool(2);
    let s = scored();
    let format: &dyn Format =
        report::format::find(name.trim_end_matches("-evidence")).expect("a claim report format");
    let mut policy = s.project.policy().clone();
    policy
        .publisher
        .insert("url".to_owned(), "https://desk.example/claims".to_owned());
    let options = Options {
        width: Some(100),
        evidence_rows: name.ends_with("-evidence"),
        gate: vec![Status::Refuted, Status::Contested],
        ..Options::default()
    };
    let claims: Vec<ClaimIx> = (0..s.project.corpus().claims.len() as u32)
        .map(ClaimIx)
        .collect();
    let judge = s.project.judge(&s.assessment);
    let doc = Doc {
        corpus: s.project.corpus(),
        policy: &policy,
        assessment: &s.assessment,
        claims: &claims,
        judge: &judge,
        options: &options,
    };
    bencher.bench_local(|| pool.install(|| format.write(&doc, &mut std::io::sink())));
}

/// Every claim's verdict computed (in parallel on two threads) and dropped: the scoring each
/// `format` bench includes.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn verdicts(bencher: Bencher) {
    let pool = pool(2);
    let s = scored();
    let claims: Vec<ClaimIx> = (0..s.project.corpus().claims.len() as u32)
        .map(ClaimIx)
        .collect();
    let judge = s.project.judge(&s.assessment);
    bencher.bench_local(|| pool.install(|| judge.verdicts(&claims).len()));
}

#[divan::bench(args = [1, 2], sample_count = 10, sample_size = 1)]
fn sources_json(bencher: Bencher, threads: usize) {
    let pool = pool(threads);
    let s = scored();
    bencher.bench_local(|| {
        pool.install(|| report::sources::render_json(&s.project.loaded.corpus, &s.assessment))
    });
}

#[divan::bench(args = [1, 2], sample_count = 10, sample_size = 1)]
fn sources_table(bencher: Bencher, threads: usize) {
    let pool = pool(threads);
    let s = scored();
    bencher.bench_local(|| {
        pool.install(|| {
            report::sources::render_table(&s.project.loaded.corpus, &s.assessment, false, Some(100))
        })
    });
}

#[divan::bench(args = ["human", "short", "json", "sarif", "github"], sample_count = 10, sample_size = 1)]
fn check(bencher: Bencher, format: &str) {
    let b = &scored().broken;
    bencher.bench_local(|| {
        let mut texts = Texts::new();
        match format {
            "human" => report::diagnostics::render_human(
                &b.corpus,
                &mut texts,
                &b.diagnostics,
                report::diagnostics::Style {
                    color: false,
                    width: 100,
                },
            ),
            "short" => report::diagnostics::render_short(&b.corpus, &mut texts, &b.diagnostics),
            "json" => report::diagnostics::render_json(&b.corpus, &mut texts, &b.diagnostics),
            "sarif" => report::sarif::render(&b.corpus, &mut texts, &b.diagnostics),
            _ => report::github::render(&b.corpus, &mut texts, &b.diagnostics),
        }
    });
}
