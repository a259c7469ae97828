//! `corroborate archive hash FILE`, through the real binary: the lines a `[[document]]` records
//! of a capture, and a clear refusal of anything that is not a regular file (a FIFO must not
//! hang it).

mod common;

use std::fs;
use std::path::Path;
use std::time::Duration;

/// A small corpus, with a captures/ folder beside claims/ and sources/.
fn fixture() -> common::Corpus {
    let corpus = common::corpus(&[common::sources()]);
    fs::create_dir(corpus.path().join("captures")).expect("mkdir");
    corpus
}

#[test]
fn archive_hash_prints_the_documents_lines() {
    let dir = fixture();
    let root: &Path = dir.path();
    fs::write(root.join("captures/page.html"), "abc").expect("write");
    let run = common::corroborate(root, &["archive", "hash", "captures/page.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "sha256 = \"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"\nfile = \"captures/page.html\"\n"
    );
    // Outside any corpus: the digest alone.
    let away = tempfile::tempdir().expect("dir");
    fs::write(away.path().join("empty"), "").expect("write");
    let run = common::corroborate(away.path(), &["archive", "hash", "empty"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "sha256 = \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"\n"
    );
}

#[rstest::rstest]
#[case::folder("captures", "is not a regular file")]
#[case::missing("nothing-here.pdf", "cannot read nothing-here.pdf")]
#[cfg_attr(unix, case::fifo("fifo", "is not a regular file"))]
fn archive_hash_refuses_what_is_not_a_file(#[case] name: &str, #[case] says: &str) {
    let dir = fixture();
    let root: &Path = dir.path();
    if name == "fifo" {
        let made = std::process::Command::new("mkfifo")
            .arg(root.join("fifo"))
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    }
    let mut cmd = common::command(root);
    cmd.args(["archive", "hash", name])
        .timeout(Duration::from_secs(30));
    let run = common::run(&mut cmd);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(says), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}
