//! Hostile and careless input to the real binary: each case here broke it once (a panic, a
//! destroyed file, a gate that passed over a typo) and must now end in a clear message and an
//! exit code.

mod common;

use common::{claims, corpus, file, sources, Corpus};
use std::path::Path;

const CLAIMS: &str =
    "[event]\nid = \"e\"\ndate = 2025-07-14\n[[claim]]\nid = \"c\"\ntext = \"t\"\n\
[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\ndate = 2025-07-14\n";

fn small() -> Corpus {
    corpus(&[sources(), claims(CLAIMS)])
}

/// `report . --format json -o OUT` on `corpus`.
fn report_json_to(corpus: &Corpus, out: &Path) -> common::Run {
    let out = out.to_str().expect("a UTF-8 path");
    common::corroborate(
        corpus.path(),
        &["report", ".", "--format", "json", "-o", out],
    )
}

/// Runs the binary in `dir` with stderr going to `/dev/full`, where every write fails.
#[cfg(target_os = "linux")]
fn with_full_stderr(dir: &Path, args: &[&str]) -> i32 {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full opens");
    std::process::Command::new(assert_cmd::cargo::cargo_bin("corroborate"))
        .current_dir(dir)
        .env("CORROBORATE_TODAY", common::TODAY)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(full)
        .output()
        .expect("runs")
        .status
        .code()
        .expect("exits, not killed by a signal")
}

/// A closed or full stderr is no reason to panic (exit 101): the run ends with its own code.
#[cfg(target_os = "linux")]
#[test]
fn a_full_stderr_does_not_panic() {
    let corpus = small();
    assert_eq!(
        with_full_stderr(corpus.path(), &["explain", "nope", "."]),
        2
    );
    assert_eq!(with_full_stderr(corpus.path(), &["--no-such-flag"]), 2);
    assert_eq!(
        with_full_stderr(corpus.path(), &["report", ".", "--as-of", "x"]),
        2
    );
    assert_eq!(with_full_stderr(corpus.path(), &["check", "."]), 0);
}

/// A weight cap below the learned-trust floor (0.01) is refused where it is written; it used to
/// pass `check` and make every scoring command panic.
#[test]
fn a_weight_cap_below_the_floor_is_refused() {
    let corpus = corpus(&[
        sources(),
        claims(CLAIMS),
        file("corroborate.toml", "[scoring]\nmax_weight = 0.005\n"),
    ]);
    let run = common::corroborate(corpus.path(), &["check", ".", "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("corroborate.toml:2:14: error[invalid-value]"),
        "{}",
        run.stderr
    );
    let run = common::corroborate(corpus.path(), &["report", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

/// A diagnostic far along a very long line is shown without its snippet: no panic (the snippet
/// renderer cannot draw past column 65,535) and no 200 KB of stderr per diagnostic.
#[test]
fn a_diagnostic_on_a_very_long_line_is_shown_without_its_snippet() {
    let long = "a".repeat(200_000);
    let actors = format!("[[actor]]\nid = \"x\"\nopposes = [\"{long}\", \"BAD ID\"]\n");
    let corpus = corpus(&[
        sources(),
        file("sources/actors.toml", actors),
        claims(CLAIMS),
    ]);
    let run = common::corroborate(corpus.path(), &["check", "."]);
    assert_eq!(run.code, 1, "{}", &run.stderr[..run.stderr.len().min(2000)]);
    assert!(run.stderr.len() < 10_000, "{} bytes", run.stderr.len());
    assert!(
        run.stderr
            .contains("error[invalid-id]: `BAD ID` is not a valid id"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> sources/actors.toml:3:200016"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("line 3 is 200024 characters long"));
}

/// A `--event` or `--source` that names nothing would select no claim, and a `--fail-on` gate
/// over it would always pass: it is an error, with the nearest name.
#[test]
fn an_unknown_filter_value_is_an_error() {
    let corpus = small();
    let run = common::corroborate(
        corpus.path(),
        &["report", ".", "--event", "ee", "--fail-on", "unconfirmed"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("no event `ee` in the corpus; did you mean `e`?"),
        "{}",
        run.stderr
    );
    let run = common::corroborate(corpus.path(), &["report", ".", "--source", "rfx"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `rfi`?"), "{}", run.stderr);
    let run = common::corroborate(corpus.path(), &["report", ".", "--source", "rfi"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// What the user typed is quoted in errors with its control characters made visible (clap,
/// which quotes an invalid `--format`, strips ANSI sequences itself).
#[test]
fn arguments_reach_the_terminal_escaped() {
    let corpus = small();
    for (args, visible) in [
        (&["explain", "\u{1b}[2J\u{7}", "."][..], true),
        (&["report", ".", "--as-of", "\u{1b}]0;owned\u{7}"], true),
        (&["report", ".", "--format", "\u{7}\u{1b}[31m"], false),
    ] {
        let run = common::corroborate(corpus.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'),
            "{args:?}: {:?}",
            run.stderr
        );
        if visible {
            assert!(run.stderr.contains("\\u{1b}"), "{args:?}: {}", run.stderr);
        }
    }
}

/// `--output` onto one of the corpus's own files is refused, and the file is left as it was.
#[test]
fn output_over_a_corpus_file_is_refused() {
    let corpus = small();
    let before = std::fs::read(corpus.path().join("claims/c.toml")).expect("reads");
    let run = common::corroborate(corpus.path(), &["report", ".", "-o", "claims/c.toml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("a file of the corpus itself"),
        "{}",
        run.stderr
    );
    let after = std::fs::read(corpus.path().join("claims/c.toml")).expect("reads");
    assert_eq!(before, after);
}

/// A full device is an error, not a success.
#[cfg(target_os = "linux")]
#[test]
fn output_to_a_full_device_fails() {
    let corpus = small();
    let run = report_json_to(&corpus, Path::new("/dev/full"));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot write /dev/full"),
        "{}",
        run.stderr
    );
    assert!(
        std::fs::metadata("/dev/full")
            .map(|m| !m.is_file())
            .unwrap_or(true),
        "/dev/full is still a device"
    );
}

/// Through a symbolic link, the file it names is replaced and keeps its mode; the link stays.
#[cfg(unix)]
#[test]
fn output_through_a_link_keeps_the_link_and_the_mode() {
    use std::os::unix::fs::PermissionsExt;
    let corpus = small();
    let out = tempfile::tempdir().expect("a folder");
    let target = out.path().join("embargoed.json");
    std::fs::write(&target, "old").expect("writes");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let link = out.path().join("report.json");
    std::os::unix::fs::symlink("embargoed.json", &link).expect("links");
    let run = report_json_to(&corpus, &link);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::symlink_metadata(&link)
        .expect("exists")
        .file_type()
        .is_symlink());
    let text = std::fs::read_to_string(&target).expect("reads");
    assert!(text.starts_with("{\n  \"schema_version\""), "{text}");
    let mode = std::fs::metadata(&target)
        .expect("exists")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .expect("lists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A FIFO is written into, not replaced by a regular file.
#[cfg(unix)]
#[test]
fn output_into_a_fifo_writes_through_it() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let corpus = small();
    let out = tempfile::tempdir().expect("a folder");
    let fifo = out.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(&fifo)
                .expect("opens")
                .read_to_string(&mut text)
                .expect("reads");
            text
        })
    };
    let run = report_json_to(&corpus, &fifo);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = reader.join().expect("the reader ends");
    assert!(text.contains("\"schema_version\""), "{text}");
    assert!(std::fs::symlink_metadata(&fifo)
        .expect("exists")
        .file_type()
        .is_fifo());
}

/// A newline in a file name cannot forge a second diagnostic line: paths are shown on one line.
#[cfg(unix)]
#[test]
fn a_newline_in_a_file_name_stays_on_its_line() {
    let corpus = corpus(&[
        sources(),
        claims(CLAIMS),
        file(
            "claims/a\nclaims/c.toml:1:1: error[forged]: x.toml",
            "[[claim]]\nid = \"d\"\ntxt = \"t\"\n",
        ),
    ]);
    for format in ["short", "github"] {
        let run = common::corroborate(corpus.path(), &["check", ".", "--format", format]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let text = format!("{}{}", run.stdout, run.stderr);
        assert!(
            !text.contains("\nclaims/c.toml:1:1: error[forged]"),
            "{text}"
        );
        // `short` shows the name; a workflow command's `file=` names the real file, escaped as
        // the runner unescapes it.
        let shown = if format == "short" {
            "a\\u{a}claims"
        } else {
            "file=claims/a%0Aclaims"
        };
        assert!(text.contains(shown), "{text}");
    }
}

/// A right-to-left mark or override in a file name: people see it made visible, machines get the
/// real name (JSON escapes it, a workflow command's `file=` carries it), so an annotation or a
/// tool lands on the file.
#[cfg(unix)]
#[test]
fn bidi_characters_in_a_file_name_are_exact_for_machines_and_visible_to_people() {
    let name = "claims/a\u{202e}lmth.toml";
    let corpus = corpus(&[
        sources(),
        claims(CLAIMS),
        file(name, "[[claim]]\nid = \"d\"\ntxt = \"t\"\n"),
    ]);
    let json = common::corroborate(corpus.path(), &["check", ".", "--format", "json"]);
    assert!(
        !json.stdout.contains('\u{202e}'),
        "the JSON stays inert: {}",
        json.stdout
    );
    assert!(json.stdout.contains("a\\u202elmth"), "{}", json.stdout);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(doc["diagnostics"][0]["location"]["file"], name, "{doc}");
    let github = common::corroborate(corpus.path(), &["check", ".", "--format", "github"]);
    assert!(
        github.stdout.contains(&format!("file={name},line=")),
        "{}",
        github.stdout
    );
    let short = common::corroborate(corpus.path(), &["check", ".", "--format", "short"]);
    assert!(
        short.stderr.starts_with("claims/a\\u{202e}lmth.toml:"),
        "{}",
        short.stderr
    );
}

/// A `corroborate.toml` that cannot be read as a policy (here a folder) is said, not silently
/// replaced by the defaults; the defaults then apply.
#[test]
fn an_unreadable_policy_is_said() {
    let corpus = small();
    std::fs::create_dir(corpus.path().join("corroborate.toml")).expect("a folder");
    let run = common::corroborate(corpus.path(), &["check", ".", "--format", "short"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "corroborate.toml:1:1: warning[skipped-file]: corroborate.toml is not a regular file"
        ),
        "{}",
        run.stderr
    );
    let run = common::corroborate(corpus.path(), &["report", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Lowering a rule that reports errors has no effect, and the policy says so.
#[test]
fn lowering_an_error_rule_is_said() {
    let corpus = corpus(&[
        sources(),
        claims(CLAIMS),
        file(
            "corroborate.toml",
            "[rules]\n\"unknown-source\" = \"off\"\n",
        ),
    ]);
    let run = common::corroborate(corpus.path(), &["check", ".", "--format", "short"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("corroborate.toml:2:20: warning[ignored-setting]"),
        "{}",
        run.stderr
    );
}

/// An id refused for an invisible character shows it: `r\u{200b}fi`, not a `rfi` that looks
/// valid.
#[test]
fn an_invisible_character_in_an_id_is_shown() {
    let corpus = corpus(&[
        sources(),
        claims("[[claim]]\nid = \"c\u{200b}\"\ntext = \"t\"\n"),
    ]);
    let run = common::corroborate(corpus.path(), &["check", ".", "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("`c\\u{200b}` is not a valid id"),
        "{}",
        run.stderr
    );
}

/// `explain` on a set question's answer says, part by part, who listed it and whose shorter
/// list left it out.
#[test]
fn explain_shows_each_part_of_a_list() {
    let corpus = common::corpus(&[
        common::file(
            "sources/s.toml",
            "[[source]]\nid = \"rfi\"\nkind = \"media\"\nreliability = \"B\"\n\
             [[source]]\nid = \"afp\"\nkind = \"agency\"\nreliability = \"B\"\n",
        ),
        common::claims(
            "[[question]]\nid = \"authors\"\nkind = \"set\"\n\
             [[claim]]\nid = \"both\"\ntext = \"Smith and Jones wrote it\"\nquestion = \"authors\"\nvalue = [\"Smith\", \"Jones\"]\n\
             [[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\n\
             [[claim]]\nid = \"smith\"\ntext = \"Smith wrote it\"\nquestion = \"authors\"\nvalue = [\"Smith\"]\n\
             [[claim.evidence]]\nsource = \"afp\"\nstance = \"asserts\"\n",
        ),
    ]);
    let run = common::corroborate(corpus.path(), &["explain", "both"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("part «Jones» (belief 0.66): listed by rfi; left out by afp"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("part «Smith» (belief 0.89): listed by afp, rfi\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("leaves out parts this claim lists"),
        "{}",
        run.stdout
    );
}
