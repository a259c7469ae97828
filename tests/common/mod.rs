//! Shared helpers for the integration tests: build a corpus in a temporary folder and run the
//! real `corroborate` binary on it.
//!
//! Every run gets `CORROBORATE_TODAY=2025-12-31` (so "evidence in the future" is deterministic),
//! `NO_COLOR=1` and `COLUMNS=100`; a test that needs colour removes `NO_COLOR` itself.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use assert_cmd::Command;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// The day "evidence in the future" is checked against.
pub const TODAY: &str = "2025-12-31";

/// A small valid sources file most corpora share (two actors, two sources).
///
/// ```text
///  1 [[actor]]
///  2 id = "fla"
///  3 [[actor]]
///  4 id = "fama"
///  5 [[source]]
///  6 id = "rfi"
///  7 kind = "media"
///  8 reliability = "B"
///  9 [[source]]
/// 10 id = "fla-spokesman"
/// 11 kind = "party"
/// 12 actor = "fla"
/// ```
pub const SOURCES: &str = r#"[[actor]]
id = "fla"
[[actor]]
id = "fama"
[[source]]
id = "rfi"
kind = "media"
reliability = "B"
[[source]]
id = "fla-spokesman"
kind = "party"
actor = "fla"
"#;

/// One entry of a corpus to build.
#[derive(Debug, Clone)]
pub enum Entry {
    /// A file with these bytes.
    File(&'static str, Vec<u8>),
    /// A file the current user cannot read (mode 000).
    Unreadable(&'static str, Vec<u8>),
    /// A symbolic link at the first path pointing at the second.
    Symlink(&'static str, &'static str),
}

/// A file at `path` (relative to the corpus root) holding `contents` (text or raw bytes).
pub fn file(path: &'static str, contents: impl AsRef<[u8]>) -> Entry {
    Entry::File(path, contents.as_ref().to_vec())
}

/// `sources/s.toml` holding [`SOURCES`].
pub fn sources() -> Entry {
    file("sources/s.toml", SOURCES)
}

/// `claims/c.toml` holding `contents`.
pub fn claims(contents: impl AsRef<[u8]>) -> Entry {
    file("claims/c.toml", contents)
}

/// A file at `path` made unreadable with mode 000.
pub fn unreadable(path: &'static str, contents: impl AsRef<[u8]>) -> Entry {
    Entry::Unreadable(path, contents.as_ref().to_vec())
}

/// A symbolic link at `path` pointing at `target` (as written, possibly relative).
pub fn symlink(path: &'static str, target: &'static str) -> Entry {
    Entry::Symlink(path, target)
}

/// A corpus written to a fresh temporary folder (removed when dropped).
pub struct Corpus {
    pub dir: TempDir,
    /// False if a file meant to be unreadable can still be read (e.g. when running as root).
    pub unreadable_works: bool,
}

impl Corpus {
    /// The corpus root.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

fn write(root: &Path, path: &str, bytes: &[u8]) {
    let full = root.join(path);
    fs::create_dir_all(full.parent().expect("a file path has a parent")).expect("mkdir");
    fs::write(&full, bytes).expect("write corpus file");
}

/// Builds a corpus from `entries`.
pub fn corpus(entries: &[Entry]) -> Corpus {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut unreadable_works = true;
    for entry in entries {
        match entry {
            Entry::File(path, bytes) => write(dir.path(), path, bytes),
            Entry::Unreadable(path, bytes) => {
                write(dir.path(), path, bytes);
                let full = dir.path().join(path);
                make_unreadable(&full);
                // Root (or CAP_DAC_OVERRIDE) reads mode-000 files anyway: find out by trying.
                if fs::read(&full).is_ok() {
                    unreadable_works = false;
                }
            }
            Entry::Symlink(path, target) => {
                let full = dir.path().join(path);
                fs::create_dir_all(full.parent().expect("a link path has a parent"))
                    .expect("mkdir");
                make_symlink(target, &full);
            }
        }
    }
    Corpus {
        dir,
        unreadable_works,
    }
}

#[cfg(unix)]
fn make_unreadable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o000)).expect("chmod 000");
}

#[cfg(not(unix))]
fn make_unreadable(_path: &Path) {}

#[cfg(unix)]
fn make_symlink(target: &str, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

#[cfg(not(unix))]
fn make_symlink(_target: &str, _link: &Path) {
    panic!("symbolic links are only created on unix");
}

/// What a run of the binary produced.
#[derive(Debug, Clone)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `corroborate` with the deterministic environment, run from `dir`. The `check` cache is off:
/// `tests/cache.rs` tests it with a home folder of its own, and no test writes the user's cache.
pub fn command(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("corroborate").expect("the corroborate binary is built");
    cmd.current_dir(dir)
        .env("CORROBORATE_TODAY", TODAY)
        .env("CORROBORATE_NO_CACHE", "1")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    cmd
}

/// Runs `cmd` to completion.
pub fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("the binary runs");
    Run {
        code: output
            .status
            .code()
            .expect("exited normally, not by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// `corroborate ARGS…` run from `dir`.
pub fn corroborate(dir: &Path, args: &[&str]) -> Run {
    run(command(dir).args(args))
}

/// `corroborate check . --format FORMAT` run from the corpus root, so paths print relative.
pub fn check(root: &Path, format: &str) -> Run {
    corroborate(root, &["check", ".", "--format", format])
}

/// One line of `--format short` output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Short {
    /// `file:line:col`.
    pub at: String,
    pub severity: String,
    pub code: String,
    pub message: String,
}

/// Parses `--format short` stderr into its diagnostic lines and the final summary line.
pub fn parse_short(stderr: &str) -> (Vec<Short>, String) {
    let mut lines: Vec<&str> = stderr.lines().collect();
    let summary = lines.pop().expect("a summary line").to_owned();
    let diagnostics = lines
        .into_iter()
        .map(|line| {
            // PATH:LINE:COL: SEVERITY[CODE]: MESSAGE
            let (at, rest) = line
                .split_once(": ")
                .unwrap_or_else(|| panic!("not a short diagnostic line: {line:?}"));
            let (head, message) = rest
                .split_once("]: ")
                .unwrap_or_else(|| panic!("not a short diagnostic line: {line:?}"));
            let (severity, code) = head
                .split_once('[')
                .unwrap_or_else(|| panic!("not a short diagnostic line: {line:?}"));
            Short {
                at: at.to_owned(),
                severity: severity.to_owned(),
                code: code.to_owned(),
                message: message.to_owned(),
            }
        })
        .collect();
    (diagnostics, summary)
}

/// `check --format json`, parsed.
pub fn check_json(root: &Path) -> (Run, serde_json::Value) {
    let run = check(root, "json");
    let json = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", run.stdout));
    (run, json)
}

/// `file:line:col` of a JSON location object.
pub fn json_at(location: &serde_json::Value) -> String {
    format!(
        "{}:{}:{}",
        location["file"].as_str().expect("location.file"),
        location["start"]["line"],
        location["start"]["column"]
    )
}

/// Copies the folder `from` to `to`, recursively (a fixture corpus into a temporary folder).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("a folder");
    for entry in fs::read_dir(from).expect("a readable folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}

/// Whether `python3` runs here (the benchmark scripts need it); says so on stderr when not, so a
/// test that returns early is seen to be skipped.
pub fn has_python3() -> bool {
    let found = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok();
    if !found {
        eprintln!("note: skipped: python3 is not available");
    }
    found
}
