//! `corroborate import` against hostile input and hostile history, through the real binary: an
//! unclosed quote, names in other scripts, temporary folders left by a killed import, and a
//! `--force` install that was cut off between its renames.
//!
//! The leftovers are built by hand, byte for byte as the importer writes them, so these tests
//! also pin the on-disk format that a later version must still recognise.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn corroborate() -> Command {
    let mut cmd = Command::cargo_bin("corroborate").expect("binary builds");
    cmd.env("CORROBORATE_TODAY", "2025-12-31")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        // The tests list the corpus folder; keep `check`'s cache out of it.
        .env("CORROBORATE_NO_CACHE", "1");
    cmd
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

struct Run {
    code: i32,
    stderr: String,
}

fn import(csv: &Path, out: &Path, extra: &[&str]) -> Run {
    let out = corroborate()
        .arg("import")
        .arg(csv)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn import_ok(csv: &Path, out: &Path, extra: &[&str]) -> String {
    let r = import(csv, out, extra);
    assert_eq!(r.code, 0, "import failed:\n{}", r.stderr);
    r.stderr
}

/// `check --format json` on the corpus finds no error.
fn assert_checks_clean(dir: &Path) {
    let out = corroborate()
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let doc: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("check JSON: {e}\n{stdout}"));
    assert_eq!(doc["summary"]["errors"], 0, "check found errors:\n{stdout}");
    assert!(out.status.success());
}

/// Every file under `dir`, hidden ones included: relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let meta = fs::symlink_metadata(&path).expect("metadata");
            if meta.file_type().is_symlink() {
                let target = fs::read_link(&path).expect("read_link");
                out.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if meta.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(rel, fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn sources_of(dir: &Path) -> Vec<(String, String)> {
    let text = fs::read_to_string(dir.join("sources/sources.toml")).expect("sources file");
    let table: toml::Table = toml::from_str(&text).expect("sources TOML");
    table["source"]
        .as_array()
        .expect("[[source]]")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// An unclosed quote

#[test]
fn an_unclosed_quote_is_an_error_at_the_quote_and_nothing_is_written() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("corpus");
    // The quote opens the question and never closes: without the check, the field runs to the
    // end of the file and the rows after it vanish into it.
    let csv = tmp.path().join("unclosed.csv");
    fs::write(
        &csv,
        "source,question,answer\nsrc,q0,a0\nsrc,\"q1,a1\nsrc2,q2,a2\nsrc3,q3,a3\n",
    )
    .unwrap();
    let r = import(&csv, &out, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("unclosed.csv:3:5: the quote that opens this field is never closed"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert!(!out.exists(), "nothing may be written");

    // In the last column the row still has all its fields: this one used to import as success,
    // one row whose answer held the two rows after it.
    let csv = tmp.path().join("answer.csv");
    fs::write(
        &csv,
        "source,question,answer\nsrc,q0,a0\nsrc,q1,\"a1\nsrc2,q2,a2\r\nsrc3,q3,a3\n",
    )
    .unwrap();
    let r = import(&csv, &out, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("answer.csv:3:8: the quote that opens this field is never closed"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("2 lines after it"), "{}", r.stderr);
    assert!(!out.exists(), "nothing may be written");

    // Columns count characters, not bytes, and a doubled quote inside does not close it.
    let csv = tmp.path().join("wide.csv");
    fs::write(
        &csv,
        "source,question,answer\nRéseau,Qué?,\"he said \"\"no\"\"\nnext,q,a\n",
    )
    .unwrap();
    let r = import(&csv, &out, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("wide.csv:2:13: "), "{}", r.stderr);

    // A header whose quote never closes swallows the whole file.
    let csv = tmp.path().join("header.csv");
    fs::write(&csv, "\u{feff}source,\"question,answer\nsrc,q,a\n").unwrap();
    let r = import(&csv, &out, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("header.csv:1:8: the quote that opens this field is never closed"),
        "{}",
        r.stderr
    );
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn closed_multi_line_quotes_still_import() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("corpus");
    let csv = tmp.path().join("multi.csv");
    // Quoted fields over several lines, doubled quotes, a quote mid-field (literal), and a last
    // row that closes its quote right at the end of the file, without a newline.
    fs::write(
        &csv,
        "source,question,answer\n\
         src,\"multi\nline question\",\"x \"\"y\"\"\"\n\
         5\" screen,q,a\n\
         src,q,\"last\r\nrow\"",
    )
    .unwrap();
    let summary = import_ok(&csv, &out, &[]);
    assert!(summary.contains("imported 3 rows"), "{summary}");
    assert_checks_clean(&out);
    let claims = fs::read_to_string(out.join("claims/0001.toml")).unwrap();
    assert!(claims.contains(r#"text = "last\r\nrow""#), "{claims}");
    assert!(claims.contains(r#"text = "x \"y\"""#), "{claims}");
}

#[cfg(unix)]
#[test]
fn an_unclosed_quote_in_a_stream_is_found_too() {
    // A pipe cannot be re-read from the last record, so the check follows the whole stream.
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("corpus");
    let output = corroborate()
        .args(["import", "/dev/stdin", "--out"])
        .arg(&out)
        .write_stdin("source,question,answer\n\"src,q,a\nx,y,z\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("/dev/stdin:2:1: the quote that opens this field is never closed"),
        "{stderr}"
    );
    assert!(!out.exists());

    let output = corroborate()
        .args(["import", "/dev/stdin", "--out"])
        .arg(&out)
        .write_stdin("source,question,answer\n\"s\nrc\",q,\"a\"\"\"\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// Names in other scripts

#[test]
fn names_in_other_scripts_get_readable_ids_and_keep_their_text() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("corpus");
    let csv = tmp.path().join("scripts.csv");
    fs::write(
        &csv,
        "source,question,answer\n\
         РИА Новости,Что произошло в Алките?,Засада на конвой\n\
         الجزيرة,Что произошло в Алките?,كمين\n\
         RIA Novosti,Что произошло в Алките?,Засада на конвой\n\
         東京新聞,Что произошло в Алките?,Засада на конвой\n\
         🙂,Что произошло в Алките?,🙂\n\
         🙃,Что произошло в Алките?,Засада на конвой\n",
    )
    .unwrap();
    import_ok(&csv, &out, &[]);
    assert_checks_clean(&out);
    assert_eq!(
        sources_of(&out),
        [
            ("ria-novosti", "РИА Новости"),
            ("ljzyr", "الجزيرة"),
            // Collisions still take suffixes in order of first appearance.
            ("ria-novosti-2", "RIA Novosti"),
            ("dong-jing-xin-wen", "東京新聞"),
            // Nothing to spell in ASCII: the old fallback.
            ("s", "🙂"),
            ("s-2", "🙃"),
        ]
        .map(|(id, name)| (id.to_owned(), name.to_owned()))
    );
    let claims = fs::read_to_string(out.join("claims/0001.toml")).unwrap();
    for line in [
        "[[question]]\nid = \"chto-proizoshlo-v-alkite\"\ntext = \"Что произошло в Алките?\"",
        "id = \"chto-proizoshlo-v-alkite.zasada-na-konvoi\"",
        "text = \"Засада на конвой\"",
        "id = \"chto-proizoshlo-v-alkite.kmyn\"",
        "text = \"كمين\"",
        "id = \"chto-proizoshlo-v-alkite.a\"",
        "question = \"chto-proizoshlo-v-alkite\"",
    ] {
        assert!(claims.contains(line), "no {line:?} in:\n{claims}");
    }
}

// ---------------------------------------------------------------------------------------------
// Leftovers

/// A process id no Linux system hands out (above the largest `pid_max`, 2^22).
const DEAD: u32 = 4_194_400;

const MARKER_FILE: &str = "corroborate-import.marker";

fn marker_text(pid: u32) -> String {
    format!("corroborate import temporary folder, process {pid}\n")
}

/// `out/.corroborate-import-<pid>/` with the importer's marker in it.
fn leftover(out: &Path, pid: u32) -> PathBuf {
    let dir = out.join(format!(".corroborate-import-{pid}"));
    fs::create_dir_all(dir.join("new/claims")).unwrap();
    fs::write(dir.join("new/claims/0001.toml"), "# half written").unwrap();
    fs::write(dir.join(MARKER_FILE), marker_text(pid)).unwrap();
    dir
}

#[cfg(target_os = "linux")]
#[test]
fn leftovers_of_dead_imports_are_reclaimed_and_nothing_else_is_touched() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("corpus");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("README.md"), "notes\n").unwrap();

    let dead = leftover(&out, DEAD);
    // Alive: this test's own process.
    let alive = leftover(&out, std::process::id());
    // Dead, but not ours: no marker, or a marker that is not the importer's.
    let unmarked = out.join(format!(".corroborate-import-{}", DEAD + 1));
    fs::create_dir_all(unmarked.join("new")).unwrap();
    let forged = out.join(format!(".corroborate-import-{}", DEAD + 2));
    fs::create_dir_all(&forged).unwrap();
    fs::write(forged.join(MARKER_FILE), "mine\n").unwrap();
    // A symlink to a marked folder elsewhere: never followed, never removed.
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(elsewhere.join(MARKER_FILE), marker_text(DEAD + 3)).unwrap();
    fs::write(elsewhere.join("precious"), "keep").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        &elsewhere,
        out.join(format!(".corroborate-import-{}", DEAD + 3)),
    )
    .unwrap();
    // A file of the name, and a name whose tail is no process id.
    fs::write(
        out.join(format!(".corroborate-import-{}", DEAD + 4)),
        "file",
    )
    .unwrap();
    let odd = out.join(".corroborate-import-notapid");
    fs::create_dir_all(&odd).unwrap();
    fs::write(odd.join(MARKER_FILE), marker_text(DEAD)).unwrap();

    let summary = import_ok(&fixture("basic.csv"), &out, &[]);
    assert!(
        summary.contains(&format!(
            "reclaimed {}: removed the temporary folder of an import that did not finish",
            dead.display()
        )),
        "{summary}"
    );
    assert_eq!(summary.matches("reclaimed").count(), 1, "{summary}");
    assert!(!dead.exists());
    for kept in [&alive, &unmarked, &forged, &odd] {
        assert!(kept.is_dir(), "{} was removed", kept.display());
    }
    assert!(out
        .join(format!(".corroborate-import-{}", DEAD + 3))
        .is_symlink());
    assert_eq!(fs::read(elsewhere.join("precious")).unwrap(), b"keep");
    assert!(out
        .join(format!(".corroborate-import-{}", DEAD + 4))
        .is_file());
    assert_checks_clean(&out);

    // Reported on stderr even when the import itself then fails.
    let again = leftover(&out, DEAD);
    let r = import(&fixture("malformed.csv"), &out, &["--force"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("reclaimed"), "{}", r.stderr);
    assert!(!again.exists());
}

/// The journal of an install that moved `aside` out of the corpus and installs both sections.
fn journal(aside: &[&str], committed: bool) -> String {
    let mut text = String::from("corroborate import journal 1\n");
    for s in aside {
        text.push_str(&format!("aside {s}\n"));
    }
    text.push_str("install claims\ninstall sources\n");
    if committed {
        text.push_str("commit\n");
    }
    text
}

/// A corpus from `basic.csv` at `dir`, and a staged one from `mapped.csv` to install over it.
fn old_and_new(tmp: &Path) -> (PathBuf, PathBuf) {
    let out = tmp.join("corpus");
    import_ok(&fixture("basic.csv"), &out, &[]);
    fs::write(out.join("corroborate.toml"), "# policy\n").unwrap();
    let staged = tmp.join("staged");
    import_ok(
        &fixture("mapped.csv"),
        &staged,
        &[
            "--source-col",
            "Editor",
            "--question-col",
            "Item",
            "--answer-col",
            "Value",
        ],
    );
    (out, staged)
}

fn interrupted(out: &Path, staged: &Path, journal_text: &str) -> PathBuf {
    let dir = out.join(format!(".corroborate-import-{DEAD}"));
    fs::create_dir_all(dir.join("old")).unwrap();
    fs::write(dir.join(MARKER_FILE), marker_text(DEAD)).unwrap();
    fs::rename(staged, dir.join("new")).unwrap();
    fs::write(dir.join("journal"), journal_text).unwrap();
    dir
}

#[cfg(target_os = "linux")]
#[test]
fn a_force_install_cut_off_after_moving_claims_aside_is_rolled_back() {
    let tmp = TempDir::new().unwrap();
    let (out, staged) = old_and_new(tmp.path());
    let before = tree(&out);
    let dir = interrupted(&out, &staged, &journal(&["claims", "sources"], false));
    // The crash: old claims moved aside, old sources still in place, nothing installed.
    fs::rename(out.join("claims"), dir.join("old/claims")).unwrap();
    assert!(!out.join("claims").exists());
    assert_eq!(
        corroborate::import::interrupted_import(&out).as_deref(),
        Some(dir.as_path())
    );
    // `check` does not pass the corpus left without its claims/.
    let check = corroborate().arg("check").arg(&out).output().expect("runs");
    assert_eq!(check.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains("was cut off"), "{stderr}");

    // Without --force the restored corpus is refused, but it is restored.
    let r = import(&fixture("basic.csv"), &out, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "reclaimed {}: put back the claims/ and sources/ of an interrupted --force import",
            dir.display()
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("already holds a corpus"), "{}", r.stderr);
    assert_eq!(tree(&out), before, "the old corpus is whole again");
    assert!(!dir.exists());
    assert_eq!(corroborate::import::interrupted_import(&out), None);
    assert_checks_clean(&out);
}

#[cfg(target_os = "linux")]
#[test]
fn a_force_install_cut_off_after_installing_claims_is_rolled_back() {
    let tmp = TempDir::new().unwrap();
    let (out, staged) = old_and_new(tmp.path());
    let before = tree(&out);
    let dir = interrupted(&out, &staged, &journal(&["claims", "sources"], false));
    // Both old sections aside, the new claims installed, the new sources not yet.
    fs::rename(out.join("claims"), dir.join("old/claims")).unwrap();
    fs::rename(out.join("sources"), dir.join("old/sources")).unwrap();
    fs::rename(dir.join("new/claims"), out.join("claims")).unwrap();

    let summary = import_ok(
        &fixture("mapped.csv"),
        &out,
        &[
            "--force",
            "--source-col",
            "Editor",
            "--question-col",
            "Item",
            "--answer-col",
            "Value",
        ],
    );
    assert!(
        summary.contains("put back the claims/ and sources/"),
        "{summary}"
    );
    assert!(!dir.exists());
    assert_checks_clean(&out);
    assert_eq!(names(&out), ["claims", "corroborate.toml", "sources"]);
    assert_eq!(tree(&out)["corroborate.toml"], before["corroborate.toml"]);
}

#[cfg(target_os = "linux")]
#[test]
fn a_committed_install_keeps_the_new_corpus_and_a_first_one_is_undone() {
    // Committed: every rename was done; only the old sections remain to delete.
    let tmp = TempDir::new().unwrap();
    let (out, staged) = old_and_new(tmp.path());
    let dir = interrupted(&out, &staged, &journal(&["claims", "sources"], true));
    fs::rename(out.join("claims"), dir.join("old/claims")).unwrap();
    fs::rename(out.join("sources"), dir.join("old/sources")).unwrap();
    fs::rename(dir.join("new/claims"), out.join("claims")).unwrap();
    fs::rename(dir.join("new/sources"), out.join("sources")).unwrap();
    let installed = tree(&out);
    // A committed install is not an interrupted one: its corpus is whole.
    assert_eq!(corroborate::import::interrupted_import(&out), None);
    let r = import(&fixture("basic.csv"), &out, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("finished the clean-up of an import that had installed its corpus"),
        "{}",
        r.stderr
    );
    let mut after = tree(&out);
    after.retain(|k, _| !k.starts_with(".corroborate-import-"));
    let mut expected = installed;
    expected.retain(|k, _| !k.starts_with(".corroborate-import-"));
    assert_eq!(after, expected);
    assert!(!dir.exists());

    // A first import (nothing aside) cut off after installing claims: undone, folder empty.
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("corpus");
    let staged = tmp.path().join("staged");
    import_ok(&fixture("basic.csv"), &staged, &[]);
    fs::create_dir_all(&out).unwrap();
    let dir = interrupted(&out, &staged, &journal(&[], false));
    fs::rename(dir.join("new/claims"), out.join("claims")).unwrap();
    let summary = import_ok(&fixture("basic.csv"), &out, &[]);
    assert!(
        summary.contains("removed the claims/ and sources/ it had begun to install"),
        "{summary}"
    );
    assert_eq!(names(&out), ["claims", "sources"]);
    assert_checks_clean(&out);
}

#[cfg(target_os = "linux")]
#[test]
fn a_journal_that_does_not_match_the_folder_is_left_alone() {
    let tmp = TempDir::new().unwrap();
    let (out, staged) = old_and_new(tmp.path());
    let dir = interrupted(&out, &staged, &journal(&["claims", "sources"], false));
    // The journal says old claims were to go aside, but they are nowhere: someone has been here.
    fs::rename(out.join("claims"), tmp.path().join("moved-away")).unwrap();
    let before = tree(&out);
    let r = import(&fixture("basic.csv"), &out, &["--force"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "{}: cannot recover an interrupted import",
            dir.display()
        )),
        "{}",
        r.stderr
    );
    assert_eq!(tree(&out), before, "nothing may change");
}
