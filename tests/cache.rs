//! The `check` result cache, through the binary: a second run on an unchanged corpus answers
//! from the user's cache folder with the same output, and every change the output depends on (a
//! claims file, a file added, removed or renamed, the policy, "today", the binary, the output
//! options) makes it check again. Nothing the corpus holds can forge an answer, and links in the
//! cache are never followed.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

mod common;
use common::SOURCES;

const CLAIMS: &str = r#"[event]
id = "alkit-ambush"
date = 2025-07-14

[[claim]]
id = "alkit.convoy-attacked"
text = "An army convoy was attacked near Alkit."
favours = "fla"

[[claim.evidence]]
source = "fla-spokesman"
stance = "asserts"
date = 2025-07-14
via = "rfi"
"#;

/// A claim with evidence dated after 2026-01-01 (`evidence-in-future` then).
const LATE: &str = "[[claim]]\nid = \"late\"\ntext = \"t\"\n[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\ndate = 2026-06-01\n";

/// What one run printed, and whether it was answered from the cache.
#[derive(Debug, PartialEq, Eq)]
struct Run {
    code: i32,
    stdout: String,
    /// stderr without the cache's own debug lines.
    stderr: String,
    hit: bool,
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
    fs::write(path, text).expect("a file");
}

/// A corpus in a temporary folder, and a home folder of its own for the cache and the key.
struct Fixture {
    corpus: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Fixture {
    fn path(&self) -> &Path {
        self.corpus.path()
    }

    /// Where the cache goes by default under this fixture's home.
    fn cache(&self) -> std::path::PathBuf {
        self.home.path().join(".cache/corroborate")
    }
}

/// `corroborate` with the fixture's home, so the test never touches the user's cache.
fn command(fx: &Fixture, dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("corroborate").expect("the binary is built");
    cmd.current_dir(dir)
        .env("HOME", fx.home.path())
        .env_remove("XDG_CACHE_HOME")
        .env_remove("XDG_STATE_HOME")
        .env_remove("CORROBORATE_CACHE_DIR");
    cmd
}

/// A clean corpus in a temporary folder.
fn corpus() -> Fixture {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write(dir.path(), "sources/s.toml", SOURCES);
    write(dir.path(), "claims/c.toml", CLAIMS);
    Fixture {
        corpus: dir,
        home: tempfile::tempdir().expect("a temporary folder"),
    }
}

/// `corroborate check . ARGS` in `root`, as of `today`, as binary `binary`.
fn check_as(fx: &Fixture, args: &[&str], today: &str, binary: &str) -> Run {
    let output = command(fx, fx.path())
        .env("CORROBORATE_TODAY", today)
        .env("CORROBORATE_BINARY_ID", binary)
        .env("CORROBORATE_CACHE_DEBUG", "1")
        .env_remove("CORROBORATE_NO_CACHE")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .arg("check")
        .arg(".")
        .args(args)
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    let hit = stderr.lines().any(|l| l == "cache hit");
    let stderr = stderr
        .lines()
        .filter(|l| !l.starts_with("cache "))
        .map(|l| format!("{l}\n"))
        .collect();
    Run {
        code: output.status.code().expect("an exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr,
        hit,
    }
}

fn check(fx: &Fixture, args: &[&str]) -> Run {
    check_as(fx, args, "2026-01-01", "test-binary-1")
}

/// Runs twice: the first run must check, the second must hit and print the same.
fn miss_then_hit(fx: &Fixture, args: &[&str]) -> Run {
    let first = check(fx, args);
    assert!(!first.hit, "expected a fresh check: {first:?}");
    let second = check(fx, args);
    assert!(second.hit, "expected a cache hit: {second:?}");
    assert_eq!(
        (first.code, &first.stdout, &first.stderr),
        (second.code, &second.stdout, &second.stderr)
    );
    first
}

#[test]
fn an_unchanged_corpus_is_answered_from_the_cache_with_the_same_output() {
    let dir = corpus();
    let first = miss_then_hit(&dir, &[]);
    assert_eq!(first.code, 0, "{first:?}");
    assert!(first.stderr.contains("2 files, 1 claim"), "{first:?}");
    assert!(dir.cache().join("check").is_dir());
    assert!(
        !dir.path().join(".corroborate").exists(),
        "nothing is written into the corpus"
    );
    // Each output format has its own entry, and each answers the same as a fresh run.
    for format in ["short", "json", "sarif", "github", "human"] {
        let fresh = {
            let mut cmd = command(&dir, dir.path());
            cmd.env("CORROBORATE_TODAY", "2026-01-01")
                .env("CORROBORATE_NO_CACHE", "1")
                .env("NO_COLOR", "1")
                .env("COLUMNS", "100")
                .args(["check", ".", "--format", format]);
            cmd.output().expect("the binary runs")
        };
        let cached = check(&dir, &["--format", format]);
        let cached = if cached.hit {
            cached
        } else {
            check(&dir, &["--format", format])
        };
        assert!(cached.hit, "{format}: {cached:?}");
        assert_eq!(
            String::from_utf8_lossy(&fresh.stdout),
            cached.stdout,
            "{format}"
        );
        assert_eq!(
            String::from_utf8_lossy(&fresh.stderr),
            cached.stderr,
            "{format}"
        );
        assert_eq!(fresh.status.code(), Some(cached.code), "{format}");
    }
}

#[test]
fn a_failing_check_is_cached_with_its_exit_code() {
    let dir = corpus();
    write(
        dir.path(),
        "claims/bad.toml",
        "[[claim]]\nid = \"b\"\ntxt = \"t\"\n",
    );
    let first = miss_then_hit(&dir, &["--format", "short"]);
    assert_eq!(first.code, 1, "{first:?}");
    assert!(first.stderr.contains("unknown-key"), "{first:?}");
}

#[test]
fn a_changed_claims_file_is_checked_again() {
    let dir = corpus();
    miss_then_hit(&dir, &["--format", "short"]);
    write(
        dir.path(),
        "claims/c.toml",
        &CLAIMS.replace("source = \"fla-spokesman\"", "source = \"rfx\""),
    );
    let run = check(&dir, &["--format", "short"]);
    assert!(!run.hit, "{run:?}");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("unknown-source"), "{run:?}");
    // Touching a file without changing it keeps the entry.
    assert!(check(&dir, &["--format", "short"]).hit);
    let path = dir.path().join("claims/c.toml");
    let text = fs::read(&path).expect("the file");
    fs::write(&path, text).expect("rewritten");
    assert!(check(&dir, &["--format", "short"]).hit);
}

#[test]
fn an_added_removed_or_renamed_file_is_checked_again() {
    let dir = corpus();
    miss_then_hit(&dir, &[]);
    // Added.
    write(
        dir.path(),
        "claims/more/d.toml",
        "[[claim]]\nid = \"d\"\ntext = \"t\"\n",
    );
    let run = check(&dir, &[]);
    assert!(
        !run.hit && run.stderr.contains("3 files, 2 claims"),
        "{run:?}"
    );
    // Renamed, same content.
    fs::rename(
        dir.path().join("claims/more/d.toml"),
        dir.path().join("claims/more/e.toml"),
    )
    .expect("renamed");
    miss_then_hit(&dir, &[]);
    // Removed.
    fs::remove_file(dir.path().join("claims/more/e.toml")).expect("removed");
    let run = check(&dir, &[]);
    assert!(
        !run.hit && run.stderr.contains("2 files, 1 claim"),
        "{run:?}"
    );
    // An empty file added (same size and hash as nothing) still counts as a change.
    write(dir.path(), "claims/empty.toml", "");
    let run = check(&dir, &[]);
    assert!(!run.hit && run.stderr.contains("3 files"), "{run:?}");
}

#[test]
fn a_changed_policy_is_checked_again() {
    let dir = corpus();
    write(dir.path(), "claims/late.toml", LATE);
    let first = miss_then_hit(&dir, &["--format", "short"]);
    assert!(first.stderr.contains("evidence-in-future"), "{first:?}");
    write(
        dir.path(),
        "corroborate.toml",
        "[rules]\nevidence-in-future = \"off\"\n",
    );
    let run = check(&dir, &["--format", "short"]);
    assert!(!run.hit, "{run:?}");
    assert!(!run.stderr.contains("evidence-in-future"), "{run:?}");
    assert!(check(&dir, &["--format", "short"]).hit);
    write(
        dir.path(),
        "corroborate.toml",
        "[rules]\nevidence-in-future = \"error\"\n",
    );
    let run = check(&dir, &["--format", "short"]);
    assert!(!run.hit, "{run:?}");
}

#[test]
fn another_day_is_checked_again() {
    let dir = corpus();
    write(dir.path(), "claims/late.toml", LATE);
    let early = check_as(&dir, &["--format", "short"], "2026-01-01", "b");
    assert!(
        !early.hit && early.stderr.contains("evidence-in-future"),
        "{early:?}"
    );
    assert!(check_as(&dir, &["--format", "short"], "2026-01-01", "b").hit);
    let later = check_as(&dir, &["--format", "short"], "2026-07-01", "b");
    assert!(!later.hit, "{later:?}");
    assert!(!later.stderr.contains("evidence-in-future"), "{later:?}");
}

#[test]
fn another_binary_is_checked_again() {
    let dir = corpus();
    let first = check_as(&dir, &[], "2026-01-01", "old build");
    assert!(!first.hit);
    assert!(check_as(&dir, &[], "2026-01-01", "old build").hit);
    let new = check_as(&dir, &[], "2026-01-01", "new build");
    assert!(!new.hit, "{new:?}");
    assert!(check_as(&dir, &[], "2026-01-01", "new build").hit);
}

#[test]
fn the_real_binary_is_identified_by_its_bytes() {
    let dir = corpus();
    let run = |env: &[(&str, &str)]| {
        let mut cmd = command(&dir, dir.path());
        cmd.env("CORROBORATE_TODAY", "2026-01-01")
            .env("CORROBORATE_CACHE_DEBUG", "1")
            .env_remove("CORROBORATE_BINARY_ID")
            .args(["check", "."]);
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().expect("runs").stderr).expect("UTF-8")
    };
    assert!(run(&[]).contains("cache miss"));
    assert!(run(&[]).contains("cache hit"));
    // The executable's hash is remembered with its path, size, time and inode.
    let memo = fs::read_to_string(dir.cache().join("binary")).expect("the memo");
    let exe = assert_cmd::cargo::cargo_bin("corroborate");
    assert!(memo.contains(&exe.display().to_string()), "{memo}");
    // A forged memo (another hash for the same binary) is not trusted: its signature fails, so
    // the binary is hashed again and the entry stays valid.
    let (_, rest) = memo.split_once('\n').expect("signature, hash and stamp");
    let (_, stamp) = rest.split_once('\n').expect("hash and stamp");
    fs::write(
        dir.cache().join("binary"),
        format!("{}\n{}\n{stamp}", "0".repeat(64), "1".repeat(64)),
    )
    .expect("forged");
    assert!(run(&[]).contains("cache hit"));
}

#[test]
fn caching_can_be_switched_off_and_never_fails_a_run() {
    let dir = corpus();
    let off = {
        let mut cmd = command(&dir, dir.path());
        cmd.env("CORROBORATE_TODAY", "2026-01-01")
            .env("CORROBORATE_NO_CACHE", "1")
            .args(["check", "."]);
        cmd.output().expect("runs")
    };
    assert_eq!(off.status.code(), Some(0));
    let flag = {
        let mut cmd = command(&dir, dir.path());
        cmd.env("CORROBORATE_TODAY", "2026-01-01")
            .env_remove("CORROBORATE_NO_CACHE")
            .args(["check", ".", "--no-cache"]);
        cmd.output().expect("runs")
    };
    assert_eq!(flag.status.code(), Some(0));
    assert!(
        !dir.path().join(".corroborate").exists() && !dir.home.path().join(".cache").exists(),
        "nothing is written when caching is off"
    );
    // A cache folder that cannot be created: the run still succeeds, uncached.
    fs::create_dir_all(dir.home.path().join(".cache")).expect("a folder");
    fs::write(dir.cache(), "not a folder").expect("a file in the way");
    for _ in 0..2 {
        let run = check(&dir, &[]);
        assert_eq!(run.code, 0, "{run:?}");
        assert!(!run.hit);
        assert!(run.stderr.contains("2 files, 1 claim"), "{run:?}");
    }
    // A corrupt entry is a miss, then replaced.
    fs::remove_file(dir.cache()).expect("removed");
    miss_then_hit(&dir, &[]);
    for entry in fs::read_dir(dir.cache().join("check"))
        .expect("the cache")
        .flatten()
    {
        fs::write(entry.path(), "corroborate check cache 2\ngarbage").expect("corrupted");
    }
    miss_then_hit(&dir, &[]);
}

#[test]
fn output_options_have_their_own_entries() {
    let dir = corpus();
    write(
        dir.path(),
        "claims/bad.toml",
        "[[claim]]\nid = \"b\"\ntxt = \"t\"\n",
    );
    let narrow = {
        let mut cmd = command(&dir, dir.path());
        cmd.env("CORROBORATE_TODAY", "2026-01-01")
            .env("CORROBORATE_BINARY_ID", "x")
            .env("CORROBORATE_CACHE_DEBUG", "1")
            .env("NO_COLOR", "1")
            .env("COLUMNS", "60")
            .args(["check", "."]);
        String::from_utf8(cmd.output().expect("runs").stderr).expect("UTF-8")
    };
    assert!(narrow.contains("cache miss"), "{narrow}");
    let wide = check_as(&dir, &[], "2026-01-01", "x");
    assert!(!wide.hit, "another width is another entry");
    // The corpus path as given is part of the output (paths print under it).
    let nested = {
        let parent = dir.path().parent().expect("a parent");
        let name = dir
            .path()
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let output = command(&dir, parent)
            .env("CORROBORATE_TODAY", "2026-01-01")
            .env("CORROBORATE_BINARY_ID", "x")
            .env("CORROBORATE_CACHE_DEBUG", "1")
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .args(["check", &name, "--format", "short"])
            .output()
            .expect("runs");
        String::from_utf8(output.stderr).expect("UTF-8")
    };
    assert!(nested.contains("cache miss"), "{nested}");
    let here = check_as(&dir, &["--format", "short"], "2026-01-01", "x");
    assert!(!here.hit);
    assert!(here.stderr.starts_with("claims/bad.toml:"), "{here:?}");
    assert!(!nested.contains("\nclaims/bad.toml:"), "{nested}");
}

/// A changed executable (here: a copy with bytes appended, which still runs) is a new binary.
#[cfg(unix)]
#[test]
fn a_rebuilt_binary_is_checked_again() {
    let dir = corpus();
    let bin = tempfile::tempdir().expect("a temporary folder");
    let exe = bin.path().join("corroborate");
    fs::copy(assert_cmd::cargo::cargo_bin("corroborate"), &exe).expect("a copy of the binary");
    let run = || {
        // A file just written may be briefly held open for writing by a process another test
        // thread is forking (until that child execs): running it then fails with "text file
        // busy". That is the test's own race, not the binary's, so try again.
        let mut attempt = 0;
        let output = loop {
            let result = std::process::Command::new(&exe)
                .current_dir(dir.path())
                .env("HOME", dir.home.path())
                .env_remove("XDG_CACHE_HOME")
                .env_remove("XDG_STATE_HOME")
                .env_remove("CORROBORATE_CACHE_DIR")
                .env("CORROBORATE_TODAY", "2026-01-01")
                .env("CORROBORATE_CACHE_DEBUG", "1")
                .env_remove("CORROBORATE_BINARY_ID")
                .env_remove("CORROBORATE_NO_CACHE")
                .args(["check", "."])
                .output();
            match result {
                Err(e) if e.raw_os_error() == Some(26) && attempt < 50 => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                other => break other.expect("the copy runs"),
            }
        };
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stderr).expect("UTF-8")
    };
    assert!(run().contains("cache miss"));
    assert!(run().contains("cache hit"));
    let mut bytes = fs::read(&exe).expect("the copy");
    bytes.extend_from_slice(b"rebuilt");
    // Replace the file (as a build does), keeping it executable.
    let next = bin.path().join("next");
    fs::write(&next, bytes).expect("written");
    fs::set_permissions(&next, fs::metadata(&exe).expect("metadata").permissions())
        .expect("executable");
    fs::rename(&next, &exe).expect("replaced");
    assert!(
        run().contains("cache miss"),
        "a changed binary must not reuse the entry"
    );
    assert!(run().contains("cache hit"));
}

/// The run that a pull request's corpus could forge: entries committed into the corpus are not
/// read, an entry edited after it was written is not trusted, and another machine's entries (a
/// shared or restored cache folder) are not trusted either.
#[test]
fn no_one_but_this_machine_can_write_an_answer() {
    let dir = corpus();
    write(
        dir.path(),
        "claims/bad.toml",
        "[[claim]]\nid = \"b\"\ntxt = \"t\"\n",
    );
    // Committed in the corpus where the old cache lived, claiming success: ignored.
    write(dir.path(), ".corroborate/cache/.gitignore", "*\n");
    write(
        dir.path(),
        ".corroborate/cache/check-0000000000000000",
        "corroborate check cache 1\n0\n0\n0\n0\n",
    );
    let first = check(&dir, &[]);
    assert_eq!((first.code, first.hit), (1, false), "{first:?}");
    // Edited to say success: a miss, and the errors are found again.
    for entry in fs::read_dir(dir.cache().join("check"))
        .expect("the cache")
        .flatten()
    {
        let text = fs::read_to_string(entry.path()).expect("an entry");
        let mut lines: Vec<&str> = text.split('\n').collect();
        lines[3] = "0";
        fs::write(entry.path(), lines.join("\n")).expect("edited");
    }
    let edited = check(&dir, &[]);
    assert_eq!((edited.code, edited.hit), (1, false), "{edited:?}");
    assert!(check(&dir, &[]).hit);
    // The same cache folder used from another home (another key): not trusted.
    let other_home = tempfile::tempdir().expect("a temporary folder");
    let output = command(&dir, dir.path())
        .env("HOME", other_home.path())
        .env("CORROBORATE_CACHE_DIR", dir.cache())
        .env("CORROBORATE_TODAY", "2026-01-01")
        .env("CORROBORATE_BINARY_ID", "test-binary-1")
        .env("CORROBORATE_CACHE_DEBUG", "1")
        .env_remove("CORROBORATE_NO_CACHE")
        .args(["check", "."])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("failed authentication"), "{stderr}");
    assert!(!stderr.contains("cache hit"), "{stderr}");
    assert_eq!(output.status.code(), Some(1));
}

/// `--cache-dir` moves the cache; a cache folder that is a link is neither read nor written.
#[cfg(unix)]
#[test]
fn the_cache_folder_can_move_and_links_are_not_followed() {
    let dir = corpus();
    let moved = dir.home.path().join("elsewhere");
    let run = |cache: &Path| {
        let output = command(&dir, dir.path())
            .env("CORROBORATE_TODAY", "2026-01-01")
            .env("CORROBORATE_BINARY_ID", "x")
            .env("CORROBORATE_CACHE_DEBUG", "1")
            .env_remove("CORROBORATE_NO_CACHE")
            .arg("check")
            .arg(".")
            .arg("--cache-dir")
            .arg(cache)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stderr).expect("UTF-8")
    };
    assert!(run(&moved).contains("cache miss"));
    assert!(run(&moved).contains("cache hit"));
    assert!(moved.join("check").is_dir() && !dir.cache().exists());
    // A link planted where the cache would go: nothing is written through it.
    let target = tempfile::tempdir().expect("a temporary folder");
    let link = dir.home.path().join("link");
    std::os::unix::fs::symlink(target.path(), &link).expect("a link");
    let stderr = run(&link);
    assert!(stderr.contains("links are not followed"), "{stderr}");
    assert_eq!(fs::read_dir(target.path()).expect("a listing").count(), 0);
}

/// A document's capture is not a corpus file, yet `check` depends on it: a capture changed (or
/// removed) after a clean run is checked again and fails, never answered from the cache.
#[test]
fn a_changed_capture_is_checked_again() {
    let fx = corpus();
    let capture = b"the report as captured\n";
    let digest = {
        use sha2::Digest as _;
        let bytes: [u8; 32] = sha2::Sha256::digest(capture).into();
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    fs::write(fx.path().join("sources/report.txt"), capture).expect("a capture");
    write(
        fx.path(),
        "sources/documents.toml",
        &format!(
            "[[document]]\nid = \"rfi-1\"\nsource = \"rfi\"\nfile = \"sources/report.txt\"\nsha256 = \"{digest}\"\n"
        ),
    );
    let clean = miss_then_hit(&fx, &[]);
    assert_eq!(clean.code, 0, "{clean:?}");
    fs::write(fx.path().join("sources/report.txt"), b"edited\n").expect("an edit");
    let tampered = check(&fx, &[]);
    assert!(
        !tampered.hit,
        "a changed capture must not hit: {tampered:?}"
    );
    assert_eq!(tampered.code, 1, "{tampered:?}");
    assert!(tampered.stderr.contains("capture-mismatch"), "{tampered:?}");
    fs::remove_file(fx.path().join("sources/report.txt")).expect("a removal");
    let missing = check(&fx, &[]);
    assert!(!missing.hit, "{missing:?}");
    assert!(missing.stderr.contains("missing-capture"), "{missing:?}");
}
