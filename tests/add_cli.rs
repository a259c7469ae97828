//! `corroborate add`, through the real binary, on a temporary copy
//! of `tests/fixtures/add-corpus` (a story file with comments, odd spacing and no final newline).
//!
//! What is held: the file keeps every byte and gains exactly the entry; whatever a user types
//! comes back from the loader as typed; an entry `check` would reject is refused with `check`'s
//! own diagnostics and the file left untouched (bytes and mtime); links, folders and FIFOs are
//! never written through; a writer killed mid-write leaves the old file and a clean corpus.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

const STORY: &str = "claims/story.toml";

/// A fresh copy of the fixture corpus.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/add-corpus");
    common::copy_dir(&from, dir.path());
    dir
}

fn add(dir: &Path, args: &[&str]) -> common::Run {
    let mut cmd = common::command(dir);
    cmd.arg("add").args(args).timeout(Duration::from_secs(60));
    common::run(&mut cmd)
}

fn read(dir: &Path, relative: &str) -> String {
    fs::read_to_string(dir.join(relative)).expect("read corpus file")
}

fn mtime(path: &Path) -> std::time::SystemTime {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime")
}

/// `check` passes on `dir`.
fn checks_clean(dir: &Path) {
    let run = common::check(dir, "human");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("0 errors, 0 warnings"),
        "{}",
        run.stderr
    );
}

/// The text appended to `old`, which `new` must begin with.
fn tail<'a>(old: &str, new: &'a str) -> &'a str {
    assert!(new.starts_with(old), "the original bytes changed:\n{new}");
    &new[old.len()..]
}

/// The evidence rows of `report --format csv --evidence`: (claim, source, stance, quote).
fn evidence_rows(dir: &Path) -> Vec<[String; 4]> {
    let run = common::corroborate(dir, &["report", ".", "--format", "csv", "--evidence"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let headers = reader.headers().expect("header").clone();
    let at = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (claim, source, stance, quote) = (at("claim"), at("source"), at("stance"), at("quote"));
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            [claim, source, stance, quote].map(|i| r[i].to_owned())
        })
        .collect()
}

#[test]
fn evidence_is_appended_and_every_byte_kept() {
    let dir = fixture();
    let root = dir.path();
    let old = read(root, STORY);
    assert!(!old.ends_with('\n'), "the fixture lacks a final newline");
    let quote = "il a dit \"oui\" \\ à Kidal,\npuis: 'non' — 破壊\t🚒";
    let run = add(
        root,
        &[
            "evidence",
            "alkit.helicopter-hit",
            "--source",
            "rfi",
            "--stance",
            "confirms",
            "--date",
            "2025-07-15",
            "--quote",
            quote,
            "--lang",
            "fr",
            "--via",
            "fla-statement",
            "--hedged",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("appended [[claim.evidence]] to claims/story.toml"),
        "{}",
        run.stderr
    );
    let new = read(root, STORY);
    let added = tail(&old, &new);
    // A final newline for the old last line, one blank line, then the entry alone.
    assert!(added.starts_with("\n\n[[claim.evidence]]\n"), "{added:?}");
    let parsed: toml::Table = toml::from_str(added).expect("the tail is TOML");
    let items = parsed["claim"]["evidence"].as_array().expect("one item");
    assert_eq!(items.len(), 1);
    let item = items[0].as_table().expect("a table");
    let mut keys: Vec<&str> = item.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["date", "hedged", "lang", "quote", "source", "stance", "via"]
    );
    assert_eq!(item["quote"].as_str(), Some(quote));
    checks_clean(root);
    let rows = evidence_rows(root);
    let last = rows.last().expect("rows");
    assert_eq!(
        last,
        &[
            "alkit.helicopter-hit".to_owned(),
            "rfi".to_owned(),
            "confirms".to_owned(),
            quote.to_owned()
        ]
    );
}

#[test]
fn evidence_for_a_claim_that_is_not_last_names_its_claim() {
    let dir = fixture();
    let root = dir.path();
    let old = read(root, STORY);
    let run = add(
        root,
        &[
            "evidence",
            "alkit.convoy-attacked",
            "--source",
            "rfi",
            "--stance",
            "confirms",
        ],
    );
    // A warning (the claim's other item is dated, this one is not) is shown, and not a bar.
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("undated-evidence"), "{}", run.stderr);
    let new = read(root, STORY);
    assert_eq!(
        tail(&old, &new),
        "\n\n[[evidence]]\nclaim = \"alkit.convoy-attacked\"\nsource = \"rfi\"\nstance = \"confirms\"\n"
    );
    assert_eq!(common::check(root, "human").code, 0);
    let rows = evidence_rows(root);
    assert!(rows
        .iter()
        .any(|r| r[0] == "alkit.convoy-attacked" && r[1] == "rfi" && r[2] == "confirms"));
}

#[test]
fn a_new_file_holds_the_next_days_evidence() {
    let dir = fixture();
    let root = dir.path();
    let story = read(root, STORY);
    // The source comes from the document.
    let run = add(
        root,
        &[
            "evidence",
            "alkit.convoy-attacked",
            "--document",
            "rfi-day-2",
            "--stance",
            "confirms",
            "--file",
            "claims/day-2.toml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(root, "claims/day-2.toml"),
        "[[evidence]]\nclaim = \"alkit.convoy-attacked\"\nstance = \"confirms\"\ndocument = \"rfi-day-2\"\n"
    );
    assert_eq!(read(root, STORY), story);
    checks_clean(root);
    assert!(evidence_rows(root)
        .iter()
        .any(|r| r[0] == "alkit.convoy-attacked" && r[1] == "rfi"));
    // A second item in the same file is appended after a blank line.
    let run = add(
        root,
        &[
            "evidence",
            "alkit.helicopter-hit",
            "--source",
            "rfi",
            "--stance",
            "disputes",
            "--date",
            "2025-07-15",
            "--file",
            "claims/day-2.toml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(root, "claims/day-2.toml")
        .contains("document = \"rfi-day-2\"\n\n[[evidence]]\nclaim = \"alkit.helicopter-hit\"\n"));
    checks_clean(root);
}

#[rstest::rstest]
#[case::outside_the_corpus("../day-2.toml", "not under the corpus's claims/ folder")]
#[case::in_sources("sources/day-2.toml", "not under the corpus's claims/ folder")]
#[case::hidden("claims/.day-2.toml", "would not be read")]
#[case::not_toml("claims/day-2.txt", "would not be read")]
fn a_file_the_corpus_would_not_read_is_refused(#[case] file: &str, #[case] says: &str) {
    let dir = fixture();
    let root = dir.path();
    let run = add(
        root,
        &[
            "evidence",
            "alkit.convoy-attacked",
            "--source",
            "rfi",
            "--stance",
            "confirms",
            "--file",
            file,
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(says), "{}", run.stderr);
    assert!(!root.join(file).exists());
}

/// Entries `check` rejects: exit 1, `check`'s own diagnostics, the file untouched. `entry` is
/// the text the refused entry would have appended, so `check` on a copy with it written by hand
/// shows what `add` must have shown.
#[rstest::rstest]
#[case::unknown_source(
    &["alkit.helicopter-hit", "--source", "rfx", "--stance", "denies"],
    "[[claim.evidence]]\nsource = \"rfx\"\nstance = \"denies\"\n",
    "did you mean `rfi`?"
)]
#[case::bad_stance(
    &["alkit.helicopter-hit", "--source", "rfi", "--stance", "denie"],
    "[[claim.evidence]]\nsource = \"rfi\"\nstance = \"denie\"\n",
    "did you mean `denies`?"
)]
#[case::future_date(
    &["alkit.helicopter-hit", "--source", "rfi", "--stance", "denies", "--date", "2026-03-01"],
    "[[claim.evidence]]\nsource = \"rfi\"\nstance = \"denies\"\ndate = 2026-03-01\n",
    "is in the future"
)]
#[case::not_a_date(
    &["alkit.helicopter-hit", "--source", "rfi", "--stance", "denies", "--date", "15/07/2025"],
    "[[claim.evidence]]\nsource = \"rfi\"\nstance = \"denies\"\ndate = \"15/07/2025\"\n",
    "wrong-type"
)]
#[case::unknown_claim_in_a_named_file(
    &["alkit.helicoptre-hit", "--source", "rfi", "--stance", "denies", "--file", STORY],
    "[[evidence]]\nclaim = \"alkit.helicoptre-hit\"\nsource = \"rfi\"\nstance = \"denies\"\n",
    "did you mean `alkit.helicopter-hit`?"
)]
#[case::document_conflict(
    &["alkit.helicopter-hit", "--document", "rfi-day-2", "--stance", "denies", "--date", "2025-07-16"],
    "[[claim.evidence]]\nstance = \"denies\"\ndate = 2025-07-16\ndocument = \"rfi-day-2\"\n",
    "document-conflict"
)]
fn an_entry_check_rejects_is_refused(
    #[case] args: &[&str],
    #[case] entry: &str,
    #[case] says: &str,
) {
    let dir = fixture();
    let root = dir.path();
    let path = root.join(STORY);
    let before = fs::read(&path).expect("read");
    let modified = mtime(&path);
    let mut all = vec!["evidence"];
    all.extend_from_slice(args);
    let run = add(root, &all);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(says), "{}", run.stderr);
    assert!(run.stderr.contains("nothing written"), "{}", run.stderr);
    assert_eq!(fs::read(&path).expect("read"), before);
    assert_eq!(mtime(&path), modified);
    // What `check` says of the file with that entry written by hand is what `add` said.
    let copy = fixture();
    let old = String::from_utf8(before).expect("UTF-8");
    fs::write(copy.path().join(STORY), format!("{old}\n\n{entry}")).expect("write");
    let check = common::check(copy.path(), "human");
    assert!(
        run.stderr.starts_with(&check.stderr),
        "add said:\n{}\ncheck says:\n{}",
        run.stderr,
        check.stderr
    );
}

#[test]
fn an_unknown_claim_without_a_file_is_refused_with_a_suggestion() {
    let dir = fixture();
    let root = dir.path();
    let before = read(root, STORY);
    let run = add(
        root,
        &[
            "evidence",
            "alkit.convoy-atacked",
            "--source",
            "rfi",
            "--stance",
            "denies",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `alkit.convoy-attacked`?"),
        "{}",
        run.stderr
    );
    assert_eq!(read(root, STORY), before);
}

#[test]
fn add_claim_goes_to_its_events_file() {
    let dir = fixture();
    let root = dir.path();
    let old = read(root, STORY);
    let run = common::run(common::command(root).args([
        "add",
        "claim",
        "alkit.drone-strike",
        "--text",
        "The army answered with a \"drone strike\".",
        "--event",
        "alkit-ambush",
        "--against",
        "fla",
        "--publish",
    ]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The file's `[event]` is the claim's: no `event = …` line.
    assert_eq!(
        tail(&old, &read(root, STORY)),
        "\n\n[[claim]]\nid = \"alkit.drone-strike\"\ntext = 'The army answered with a \"drone strike\".'\nagainst = \"fla\"\npublish = true\n"
    );
    checks_clean(root);
    // Evidence for it now goes under it: it is the file's last table.
    let run = add(
        root,
        &[
            "evidence",
            "alkit.drone-strike",
            "--source",
            "rfi",
            "--stance",
            "asserts",
            "--url",
            "https://rfi.example/drone",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A claim marked for publication wants its evidence linked (`unlinked-evidence`).
    assert!(read(root, STORY).ends_with(
        "publish = true\n\n[[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\nurl = \"https://rfi.example/drone\"\n"
    ));
    checks_clean(root);

    // In another file the event is written; a repeated id is refused; no file is no default.
    let run = common::corroborate(
        root,
        &[
            "add",
            "claim",
            "alkit.day-2",
            "--text",
            "t",
            "--event",
            "alkit-ambush",
            "--file",
            "claims/day-2.toml",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        read(root, "claims/day-2.toml"),
        "[[claim]]\nid = \"alkit.day-2\"\ntext = \"t\"\nevent = \"alkit-ambush\"\n"
    );
    let run = common::corroborate(
        root,
        &[
            "add",
            "claim",
            "alkit.day-2",
            "--text",
            "t",
            "--event",
            "alkit-ambush",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("duplicate-id"), "{}", run.stderr);
    let run = common::corroborate(root, &["add", "claim", "x", "--text", "t"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("give --file FILE"), "{}", run.stderr);
}

#[test]
fn add_source_goes_to_the_sources_file() {
    let dir = fixture();
    let root = dir.path();
    let old = read(root, "sources/sources.toml");
    let run = common::corroborate(
        root,
        &[
            "add",
            "source",
            "afp",
            "--kind",
            "agency",
            "--name",
            "Agence France-Presse",
            "--reliability",
            "B",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        tail(&old, &read(root, "sources/sources.toml")),
        "\n[[source]]\nid = \"afp\"\nname = \"Agence France-Presse\"\nkind = \"agency\"\nreliability = \"B\"\n"
    );
    checks_clean(root);
    let before = read(root, "sources/sources.toml");
    let run = common::corroborate(root, &["add", "source", "x", "--kind", "agencie"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("invalid-value"), "{}", run.stderr);
    assert_eq!(read(root, "sources/sources.toml"), before);
}

#[cfg(unix)]
#[test]
fn the_files_mode_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = fixture();
    let path = dir.path().join(STORY);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
    let run = add(
        dir.path(),
        &[
            "evidence",
            "alkit.helicopter-hit",
            "--source",
            "rfi",
            "--stance",
            "confirms",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mode = fs::metadata(&path).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
}

#[cfg(unix)]
#[test]
fn a_link_is_never_written_through() {
    let dir = fixture();
    let root = dir.path();
    // The story file is a link to a file outside claims/ (inside the corpus, so still read).
    let real = root.join("story-real.toml");
    fs::rename(root.join(STORY), &real).expect("move");
    std::os::unix::fs::symlink("../story-real.toml", root.join(STORY)).expect("symlink");
    let before = fs::read(&real).expect("read");
    let run = add(
        root,
        &[
            "evidence",
            "alkit.helicopter-hit",
            "--source",
            "rfi",
            "--stance",
            "confirms",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert_eq!(fs::read(&real).expect("read"), before);
    assert!(fs::symlink_metadata(root.join(STORY))
        .expect("meta")
        .file_type()
        .is_symlink());

    // A linked folder is not written through either.
    let elsewhere = tempfile::tempdir().expect("dir");
    std::os::unix::fs::symlink(elsewhere.path(), root.join("claims/linked")).expect("symlink");
    let run = add(
        root,
        &[
            "evidence",
            "alkit.helicopter-hit",
            "--source",
            "rfi",
            "--stance",
            "confirms",
            "--file",
            "claims/linked/day-2.toml",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert_eq!(fs::read_dir(elsewhere.path()).expect("read").count(), 0);
}

#[cfg(unix)]
#[rstest::rstest]
#[case::folder(false)]
#[case::fifo(true)]
fn only_a_regular_file_is_replaced(#[case] fifo: bool) {
    let dir = fixture();
    let root = dir.path();
    let target = root.join("claims/day-2.toml");
    if fifo {
        let made = std::process::Command::new("mkfifo")
            .arg(&target)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    } else {
        fs::create_dir(&target).expect("mkdir");
    }
    let run = add(
        root,
        &[
            "evidence",
            "alkit.helicopter-hit",
            "--source",
            "rfi",
            "--stance",
            "confirms",
            "--file",
            "claims/day-2.toml",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("refusing to write") && run.stderr.contains("not a regular file"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::symlink_metadata(&target).expect("meta").is_dir(), !fifo);
}

/// The kernel kills the writer (SIGXFSZ) while it writes its temporary file: the old file is
/// intact, and the temporary left behind is not read as corpus.
#[cfg(unix)]
#[test]
fn a_writer_killed_mid_write_leaves_the_old_file() {
    let dir = fixture();
    let root = dir.path();
    let path = root.join(STORY);
    let mut padded = read(root, STORY);
    padded.push_str("\n# padding, so the new file is larger than the limit\n");
    for _ in 0..40 {
        padded.push_str("# ................................................................\n");
    }
    fs::write(&path, &padded).expect("write");
    assert!(padded.len() > 2048);
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_corroborate"));
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 1; exec \"$0\" \"$@\"")
        .arg(&binary)
        .args([
            "add",
            "evidence",
            "alkit.helicopter-hit",
            "--source",
            "rfi",
            "--stance",
            "confirms",
        ])
        .current_dir(root)
        .env("CORROBORATE_TODAY", common::TODAY)
        .env("CORROBORATE_NO_CACHE", "1")
        .output()
        .expect("sh runs");
    assert!(!output.status.success(), "{output:?}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(output.status.signal(), Some(25), "SIGXFSZ: {output:?}");
    }
    assert_eq!(read(root, STORY), padded);
    let leftovers: Vec<String> = fs::read_dir(root.join("claims"))
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".story.toml.") && n.ends_with(".tmp"))
        .collect();
    assert_eq!(leftovers.len(), 1, "the killed writer's temporary is there");
    checks_clean(root);
}

/// `-qq` prints nothing but errors, as for `check`: the refusal alone; a success says nothing.
#[test]
fn quiet_quiet_prints_only_the_refusal() {
    let dir = fixture();
    let root = dir.path();
    let run = add(
        root,
        &[
            "evidence",
            "alkit.helicopter-hit",
            "--source",
            "rfx",
            "--stance",
            "denies",
            "-qq",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "nothing written: claims/story.toml with this entry would not pass `corroborate check`\n"
    );
    let run = add(
        root,
        &[
            "evidence",
            "alkit.helicopter-hit",
            "--source",
            "rfi",
            "--stance",
            "denies",
            "--date",
            "2025-07-15",
            "-qq",
        ],
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}
