//! The conventions users of ruff and cargo-deny expect, through the real binary: help that
//! names the environment and exit codes, completions and a man page, `-q`/`-v`, the corpus
//! found from a subfolder, `--config`, `check -`, `init` and `schema`.

mod common;

use common::{claims, corpus, file, sources, Corpus};
use std::fs;
use std::path::Path;

const CLAIMS: &str =
    "[event]\nid = \"e\"\ndate = 2025-07-14\n[[claim]]\nid = \"c\"\ntext = \"t\"\n\
[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\ndate = 2025-07-14\n";

/// A claim with an unknown source (an error) on line 5, column 10.
const BROKEN: &str = "[[claim]]\nid = \"x\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"rfx\"\nstance = \"asserts\"\ndate = 2025-07-14\n";

fn small() -> Corpus {
    corpus(&[sources(), claims(CLAIMS)])
}

/// `corroborate ARGS` in `dir` with `stdin` as its standard input.
fn with_stdin(dir: &Path, args: &[&str], stdin: &str) -> common::Run {
    common::run(common::command(dir).args(args).write_stdin(stdin))
}

#[test]
fn help_names_the_environment_exit_codes_and_examples() {
    let run = common::corroborate(Path::new("."), &["--help"]);
    assert_eq!(run.code, 0);
    for needle in [
        "CORROBORATE_TODAY",
        "NO_COLOR",
        "CORROBORATE_CACHE_DIR",
        "Exit codes:",
        "  1  the corpus has errors",
        "Examples:",
        "corroborate init",
    ] {
        assert!(run.stdout.contains(needle), "{needle}: {}", run.stdout);
    }
}

#[rstest::rstest]
#[case("bash", "complete -F")]
#[case("zsh", "#compdef corroborate")]
#[case("fish", "complete -c corroborate")]
#[case("elvish", "corroborate")]
#[case("powershell", "Register-ArgumentCompleter")]
fn completions_are_generated(#[case] shell: &str, #[case] marker: &str) {
    let run = common::corroborate(Path::new("."), &["completions", shell]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(marker), "{}", run.stdout);
    // Every subcommand is offered.
    for sub in ["check", "report", "explain", "init", "schema"] {
        assert!(run.stdout.contains(sub), "{shell} lacks {sub}");
    }
}

#[test]
fn the_man_page_covers_every_subcommand_and_the_exit_codes() {
    let run = common::corroborate(Path::new("."), &["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(".TH corroborate 1"), "{}", run.stdout);
    for section in [
        "CORROBORATE CHECK",
        "CORROBORATE REPORT",
        "CORROBORATE INIT",
        "Exit codes:",
    ] {
        assert!(run.stdout.contains(section), "{section}");
    }
}

#[test]
fn quiet_drops_the_summary_and_verbose_explains_the_cache() {
    let c = corpus(&[sources(), claims(CLAIMS), file("claims/bad.toml", BROKEN)]);
    let plain = common::corroborate(c.path(), &["check", "--format", "short"]);
    assert!(plain.stderr.contains("1 error"), "{}", plain.stderr);
    let quiet = common::corroborate(c.path(), &["-q", "check", "--format", "short"]);
    assert_eq!(quiet.code, 1);
    assert!(quiet.stderr.contains("unknown-source"), "{}", quiet.stderr);
    assert!(!quiet.stderr.contains("1 error"), "{}", quiet.stderr);
    let silent = common::corroborate(c.path(), &["-qq", "check"]);
    assert_eq!((silent.code, silent.stderr.as_str()), (1, ""));
    let home = tempfile::tempdir().expect("a temporary folder");
    let verbose = common::run(
        common::command(c.path())
            .env_remove("CORROBORATE_NO_CACHE")
            .env("CORROBORATE_CACHE_DIR", home.path().join("cache"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .args(["-v", "check"]),
    );
    assert!(verbose.stderr.contains("cache miss"), "{}", verbose.stderr);
    let timings = common::corroborate(c.path(), &["-vv", "report", "--format", "json"]);
    assert!(timings.stderr.contains("timing "), "{}", timings.stderr);
}

#[test]
fn the_corpus_is_found_from_a_subfolder() {
    let c = corpus(&[
        sources(),
        claims(CLAIMS),
        file("claims/deep/bad.toml", BROKEN),
    ]);
    let deep = c.path().join("claims/deep");
    let run = common::corroborate(&deep, &["check", "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Paths open from where the command ran.
    assert!(
        run.stderr.starts_with("../../claims/deep/bad.toml:5:10:"),
        "{}",
        run.stderr
    );
    fs::remove_file(deep.join("bad.toml")).expect("removed");
    let report = common::corroborate(&deep, &["report", "--format", "csv"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    assert!(report.stdout.contains("\nc,"), "{}", report.stdout);
    // A folder with no corpus anywhere above it still says what is missing.
    let empty = tempfile::tempdir().expect("a temporary folder");
    fs::create_dir(empty.path().join(".git")).expect("a repository boundary");
    let none = common::corroborate(empty.path(), &["check"]);
    assert_eq!(none.code, 2, "{}", none.stderr);
}

#[test]
fn config_names_the_policy_file() {
    let c = corpus(&[
        sources(),
        claims(CLAIMS),
        file(
            "claims/late.toml",
            "[[claim]]\nid = \"late\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\ndate = 2099-01-01\n",
        ),
    ]);
    let before = common::corroborate(c.path(), &["check", "--format", "short"]);
    assert!(
        before.stderr.contains("evidence-in-future"),
        "{}",
        before.stderr
    );
    let policy = tempfile::tempdir().expect("a temporary folder");
    let desk = policy.path().join("desk.toml");
    fs::write(&desk, "[rules]\n\"evidence-in-future\" = \"off\"\n").expect("a policy");
    let desk = desk.to_str().expect("UTF-8");
    let after = common::corroborate(c.path(), &["--config", desk, "check", "--format", "short"]);
    assert_eq!(after.code, 0, "{}", after.stderr);
    assert!(
        !after.stderr.contains("evidence-in-future"),
        "{}",
        after.stderr
    );
    // A problem in that file is reported under its own path.
    fs::write(desk, "[rules]\n\"evidence-in-futur\" = \"off\"\n").expect("a policy");
    let typo = common::corroborate(c.path(), &["--config", desk, "check", "--format", "short"]);
    assert!(
        typo.stderr.contains("desk.toml:2:1: error[unknown-key]"),
        "{}",
        typo.stderr
    );
    let missing = common::corroborate(c.path(), &["--config", "nowhere.toml", "check"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("nowhere.toml"),
        "{}",
        missing.stderr
    );
}

#[test]
fn check_reads_one_claims_file_from_stdin() {
    let c = small();
    let run = with_stdin(c.path(), &["check", "-", "--format", "short"], BROKEN);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("claims/<stdin>.toml:5:10: error[unknown-source]"),
        "{}",
        run.stderr
    );
    // The human format shows the text that came in, not a file on disk.
    let human = with_stdin(c.path(), &["check", "-"], BROKEN);
    assert!(
        human.stderr.contains("source = \"rfx\""),
        "{}",
        human.stderr
    );
    // Standing in for a file of the corpus: that file's content on disk is not read.
    fs::write(c.path().join("claims/c.toml"), BROKEN).expect("a broken file on disk");
    let fixed = with_stdin(
        c.path(),
        &["check", "-", "--stdin-filename", "claims/c.toml"],
        CLAIMS,
    );
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    assert!(
        fixed.stderr.contains("2 files, 1 claim"),
        "{}",
        fixed.stderr
    );
    let outside = with_stdin(
        c.path(),
        &["check", "-", "--stdin-filename", "../elsewhere.toml"],
        CLAIMS,
    );
    assert_eq!(outside.code, 2, "{}", outside.stderr);
}

#[test]
fn init_writes_a_corpus_that_checks_clean_and_never_replaces_a_file() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let story = dir.path().join("story");
    let run = common::corroborate(dir.path(), &["init", "story"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = common::corroborate(&story, &["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("0 errors, 0 warnings"),
        "{}",
        check.stderr
    );
    let report = common::corroborate(&story, &["report", "--format", "json"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    // Each TOML file names its schema, and the schema is there.
    for (file, schema) in [
        ("claims/example.toml", "../schema/claims.schema.json"),
        ("sources/sources.toml", "../schema/sources.schema.json"),
        ("corroborate.toml", "schema/policy.schema.json"),
    ] {
        let text = fs::read_to_string(story.join(file)).expect("written");
        let first = text.lines().next().expect("a first line");
        assert_eq!(first, format!("#:schema {schema}"));
        let folder = story.join(file);
        let folder = folder.parent().expect("a folder");
        assert!(folder.join(schema).is_file(), "{schema} from {file}");
    }
    // A second run, or a folder with any one of the files in it, writes nothing.
    let edited = "# mine\n";
    fs::write(story.join("claims/example.toml"), edited).expect("an edit");
    let again = common::corroborate(dir.path(), &["init", "story"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(
        fs::read_to_string(story.join("claims/example.toml")).expect("kept"),
        edited
    );
    let partial = dir.path().join("partial");
    fs::create_dir_all(partial.join("sources")).expect("a folder");
    fs::write(partial.join("sources/sources.toml"), edited).expect("a file");
    let refused = common::corroborate(dir.path(), &["init", "partial"]);
    assert_eq!(refused.code, 2);
    assert!(!partial.join("claims").exists(), "nothing else is written");
}

#[test]
fn schema_prints_the_committed_schemas() {
    for file in ["claims", "sources", "policy"] {
        let run = common::corroborate(Path::new("."), &["schema", file]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let committed = fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("docs/schema")
                .join(format!("{file}.schema.json")),
        )
        .expect("committed");
        assert_eq!(run.stdout, committed, "{file}");
    }
}
