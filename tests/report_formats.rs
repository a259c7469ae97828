//! The report formats (markdown, csv, claimreview, junit) and `diff`, through the real binary:
//! snapshots on the Alkit corpus, `--output`, a hostile-input corpus run through every format,
//! and `diff` between corpora and between saved JSON reports.

mod common;
use assert_cmd::Command;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const HOSTILE: &str = "tests/fixtures/hostile";

fn corroborate() -> Command {
    let mut cmd = Command::cargo_bin("corroborate").expect("binary builds");
    cmd.env("CORROBORATE_TODAY", "2025-07-20")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "120")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// What a run printed, and its exit code.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = corroborate().args(args).output().expect("runs");
    Run {
        code: out.status.code().expect("exited normally"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// `report PATH --as-of 2025-07-20 --format FORMAT EXTRA…`, expecting exit code `code`.
fn report(path: &str, format: &str, extra: &[&str], code: i32) -> String {
    let mut args = vec!["report", path, "--as-of", "2025-07-20", "--format", format];
    args.extend_from_slice(extra);
    let r = run(&args);
    assert_eq!(r.code, code, "{args:?}\nstderr:\n{}", r.stderr);
    r.stdout
}

fn report_json(path: &str) -> serde_json::Value {
    serde_json::from_str(&report(path, "json", &[], 0)).expect("valid JSON")
}

// ---------------------------------------------------------------------------------------------
// Snapshots on the Alkit corpus.

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!("markdown", report(".", "markdown", &[], 0));
}

#[test]
fn csv_snapshot() {
    insta::assert_snapshot!("csv", report(".", "csv", &[], 0));
}

#[test]
fn csv_evidence_snapshot() {
    insta::assert_snapshot!("csv_evidence", report(".", "csv", &["--evidence"], 0));
}

#[test]
fn junit_snapshot_fails_the_gate() {
    // Two claims marked for publication are unconfirmed: the gate fails (exit 1) and the
    // report still prints.
    insta::assert_snapshot!(
        "junit_fail_on_unconfirmed",
        report(".", "junit", &["--fail-on", "unconfirmed"], 1)
    );
}

#[test]
fn csv_rows_match_the_json_report() {
    let doc = report_json(".");
    let claims = doc["claims"].as_array().expect("claims");
    let rows = parse_csv(&report(".", "csv", &[], 0), 19);
    assert_eq!(rows.len(), claims.len());
    for (row, claim) in rows.iter().zip(claims) {
        assert_eq!(row["id"], claim["id"].as_str().unwrap());
        assert_eq!(row["status"], claim["status"].as_str().unwrap());
        assert_eq!(row["code"], claim["code"].as_str().unwrap());
        assert_eq!(row["text"], claim["text"].as_str().unwrap());
    }
    let evidence: usize = claims
        .iter()
        .map(|c| c["evidence"].as_array().unwrap().len())
        .sum();
    let rows = parse_csv(&report(".", "csv", &["--evidence"], 0), 14);
    assert_eq!(rows.len(), evidence);
    // Same order as the JSON: claims by id, then each claim's canonical evidence order.
    let json_order: Vec<(String, String, String)> = claims
        .iter()
        .flat_map(|c| {
            c["evidence"].as_array().unwrap().iter().map(move |e| {
                (
                    c["id"].as_str().unwrap().to_owned(),
                    e["source"].as_str().unwrap().to_owned(),
                    e["stance"].as_str().unwrap().to_owned(),
                )
            })
        })
        .collect();
    let csv_order: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r["claim"].clone(), r["source"].clone(), r["stance"].clone()))
        .collect();
    assert_eq!(csv_order, json_order);
}

#[test]
fn output_writes_the_file_and_the_gate_still_applies() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("junit.xml");
    let r = run(&[
        "report",
        ".",
        "--as-of",
        "2025-07-20",
        "--format",
        "junit",
        "--fail-on",
        "unconfirmed",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1, "the gate still fails: {}", r.stderr);
    assert!(r.stdout.is_empty(), "nothing on stdout: {}", r.stdout);
    assert!(r.stderr.contains("publication gate failed"), "{}", r.stderr);
    let written = fs::read_to_string(&file).expect("the file is written");
    assert_eq!(
        written,
        report(".", "junit", &["--fail-on", "unconfirmed"], 1)
    );

    let file = dir.path().join("claims.md");
    let r = run(&[
        "report",
        ".",
        "--as-of",
        "2025-07-20",
        "--format",
        "markdown",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert_eq!(
        fs::read_to_string(&file).expect("written"),
        report(".", "markdown", &[], 0)
    );
}

#[test]
fn formats_follow_the_filters() {
    let confirmed = report_json(".")["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "confirmed")
        .count();
    let md = report(".", "markdown", &["--status", "confirmed"], 0);
    assert!(md.contains(&format!(
        "{confirmed} claims as of 2025-07-20: {confirmed} confirmed, 0 corroborated"
    )));
    assert_eq!(
        md.matches("| confirmed | C").count()
            + md.matches("| confirmed | B").count()
            + md.matches("| confirmed | A").count(),
        confirmed,
        "{md}"
    );
    let rows = parse_csv(&report(".", "csv", &["--status", "refuted"], 0), 19);
    assert!(!rows.is_empty() && rows.iter().all(|r| r["status"] == "refuted"));
    // ClaimReview needs a publisher url and reviews claims marked for publication only: on a
    // copy with a publisher and every claim marked.
    let copy = published_copy(".", Some(PUBLISHER));
    let path = copy.path().to_str().expect("a UTF-8 path");
    let reviews: serde_json::Value =
        serde_json::from_str(&report(path, "claimreview", &["--event", "gao-convoy"], 0))
            .expect("JSON");
    let reviews = reviews.as_array().unwrap();
    assert!(!reviews.is_empty());
    assert!(reviews.iter().all(|r| r["url"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://example.org/checks#"))));
}

/// A publisher for corpora that have none.
const PUBLISHER: &str = "[publisher]\nname = \"Desk\"\nurl = \"https://example.org/checks\"\n";

/// A copy of the corpus at `root` (its policy file, `claims/` and `sources/`) in a temporary
/// folder, with every claim marked `publish = true`, and `policy` as its policy file if given.
fn published_copy(root: &str, policy: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
    let policy_file = root.join("corroborate.toml");
    if let Some(policy) = policy {
        fs::write(dir.path().join("corroborate.toml"), policy).expect("write");
    } else if policy_file.is_file() {
        fs::copy(&policy_file, dir.path().join("corroborate.toml")).expect("copy");
    }
    for folder in ["claims", "sources"] {
        copy_marked(
            &root.join(folder),
            &dir.path().join(folder),
            folder == "claims",
        );
    }
    dir
}

/// Copies the tree `from` to `to`; with `mark`, every `[[claim]]` of a `.toml` file gets
/// `publish = true` (and loses any it had, which would be a duplicate key).
fn copy_marked(from: &Path, to: &Path, mark: bool) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("readable folder") {
        let entry = entry.expect("an entry");
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if source.is_dir() {
            copy_marked(&source, &target, mark);
        } else if mark && source.extension().is_some_and(|e| e == "toml") {
            let text = fs::read_to_string(&source).expect("UTF-8");
            let marked: String = text
                .split_inclusive('\n')
                .filter(|line| line.trim() != "publish = true")
                .map(|line| {
                    if line.trim() == "[[claim]]" {
                        format!("{}publish = true\n", line)
                    } else {
                        line.to_owned()
                    }
                })
                .collect();
            fs::write(&target, marked).expect("write");
        } else {
            fs::copy(&source, &target).expect("copy");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The hostile corpus through every format.

/// Parses CSV with the csv crate, checking every row has `columns` fields.
fn parse_csv(text: &str, columns: usize) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header.len(), columns, "{header:?}");
    reader
        .records()
        .map(|r| {
            let r = r.expect("a well-formed record");
            assert_eq!(r.len(), columns, "{r:?}");
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// Whether a spreadsheet would evaluate `cell` as a formula.
fn is_live_formula(cell: &str) -> bool {
    match cell.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => cell.parse::<f64>().is_err(),
        _ => false,
    }
}

/// Characters that must never reach a terminal raw.
fn assert_terminal_safe(what: &str, text: &str) {
    for bad in ['\u{1b}', '\u{9b}', '\u{7}', '\u{0}', '\u{202e}', '\u{2066}'] {
        assert!(
            !text.contains(bad),
            "{what} holds a raw U+{:04X}",
            bad as u32
        );
    }
}

/// The hostile corpus's claims by id, from its JSON report.
fn hostile_claims() -> BTreeMap<String, serde_json::Value> {
    report_json(HOSTILE)["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .map(|c| (c["id"].as_str().unwrap().to_owned(), c.clone()))
        .collect()
}

#[test]
fn hostile_corpus_passes_check() {
    let r = run(&["check", HOSTILE]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains(" 0 errors"), "{}", r.stderr);
}

#[test]
fn hostile_json_keeps_every_text_intact() {
    let text = report(HOSTILE, "json", &[], 0);
    assert!(!text.contains('\u{1b}'), "JSON escapes control characters");
    let claims = hostile_claims();
    assert_eq!(claims.len(), 15);
    assert_eq!(
        claims["long.text"]["text"]
            .as_str()
            .unwrap()
            .chars()
            .count(),
        10_000
    );
    assert!(claims["ansi"]["text"]
        .as_str()
        .unwrap()
        .contains("\u{1b}[2J"));
}

#[test]
fn hostile_table_is_terminal_safe() {
    let table = report(HOSTILE, "table", &[], 0);
    assert_terminal_safe("table", &table);
    assert!(table.contains("\\u{1b}[2J"), "escapes are made visible");
}

#[test]
fn hostile_csv_parses_back_with_formulas_neutralised() {
    let claims = hostile_claims();
    let rows = parse_csv(&report(HOSTILE, "csv", &[], 0), 19);
    assert_eq!(rows.len(), claims.len());
    let evidence_rows = parse_csv(&report(HOSTILE, "csv", &["--evidence"], 0), 14);
    let evidence: usize = claims
        .values()
        .map(|c| c["evidence"].as_array().unwrap().len())
        .sum();
    assert_eq!(evidence_rows.len(), evidence);
    for row in rows.iter().chain(&evidence_rows) {
        for (column, cell) in row {
            assert!(
                !is_live_formula(cell),
                "{column} cell is a live formula: {cell:?}"
            );
            assert!(!cell.contains('\u{1b}'), "{column} cell holds a raw ESC");
        }
    }
    let by_id: BTreeMap<&str, &BTreeMap<String, String>> =
        rows.iter().map(|r| (r["id"].as_str(), r)).collect();
    assert_eq!(
        by_id["formula.hyperlink"]["text"],
        "'=HYPERLINK(\"http://evil.example\",\"click\")"
    );
    assert_eq!(by_id["formula.plus"]["text"], "'+1");
    assert_eq!(by_id["formula.at"]["text"], "'@SUM(1+1)*cmd|' /C calc'!A0");
    assert_eq!(by_id["formula.tab"]["text"], "'\t=1+1 starts with a tab");
    assert_eq!(by_id["'-rm"]["text"], "'-cmd /c calc");
    assert!(by_id["long.text"]["text"].starts_with("'="));
    // Text that is not a formula comes back exactly as written.
    for id in [
        "html.script",
        "markdown.pipes",
        "newlines",
        "quotes.amp",
        "emoji",
    ] {
        assert_eq!(
            by_id[id]["text"],
            claims[id]["text"].as_str().unwrap(),
            "{id}"
        );
    }
    // Bidi controls would reorder what the reader sees: they are made visible, as controls are.
    assert_eq!(
        by_id["bidi"]["text"],
        "abc \\u{202e}dcba\\u{202c} and \\u{2066}isolate\\u{2069} \\u{200f} mark"
    );
    assert_eq!(
        by_id["ansi"]["text"],
        "clear \\u{1b}[2J\\u{1b}[31mred\\u{1b}]0;title\\u{7} bell \\u{9b}31m csi"
    );
    let quotes: Vec<&str> = evidence_rows.iter().map(|r| r["quote"].as_str()).collect();
    for expected in [
        "'=cmd|' /C calc'!A0",
        "'+1+1",
        "'-2+3+cmd|' /C calc'!A0",
        "-1",
        "'@SUM(A1)",
        "'\r=1+1 starts with a carriage return",
    ] {
        assert!(quotes.contains(&expected), "{expected:?} in {quotes:?}");
    }
    assert!(evidence_rows.iter().any(|r| r["lang"] == "'=1+1"));
    assert!(evidence_rows.iter().any(|r| r["source"] == "'-cmd"));
}

/// The number of `|` not escaped by a backslash.
fn unescaped_pipes(line: &str) -> usize {
    let mut count = 0;
    let mut backslashes = 0;
    for c in line.chars() {
        match c {
            '\\' => backslashes += 1,
            '|' => {
                if backslashes % 2 == 0 {
                    count += 1;
                }
                backslashes = 0;
            }
            _ => backslashes = 0,
        }
    }
    count
}

#[test]
fn hostile_markdown_rows_keep_their_shape() {
    let md = report(HOSTILE, "markdown", &[], 0);
    assert_terminal_safe("markdown", &md);
    assert!(!md.to_lowercase().contains("<script"), "{md}");
    // Outside the `<br>` line breaks it writes, no raw `<` or `>` at all.
    let without_br = md.replace("<br>", "");
    assert!(!without_br.contains('<') && !without_br.contains('>'));
    // Each table's rows have as many cell separators as its header.
    let mut tables = 0;
    let mut header: Option<usize> = None;
    let mut rows = 0;
    for line in md.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let pipes = unescaped_pipes(line);
        match header {
            None => {
                header = Some(pipes);
                tables += 1;
            }
            Some(expected) => {
                assert_eq!(pipes, expected, "row breaks its table: {line}");
                rows += 1;
            }
        }
    }
    // The status summary, the event's table and the "No event" table.
    assert_eq!(tables, 3);
    // Delimiter rows (3) + 5 statuses + 15 claims.
    assert_eq!(rows, 3 + 5 + 15);
    assert!(md.contains("\n## No event\n"));
    let orphan = md
        .lines()
        .find(|l| l.contains("`orphan.pipes`"))
        .expect("the orphan row");
    assert!(orphan.contains("\\| orphan \\| claim \\|<br>\\| --- \\|"));
    // Every claim appears once.
    for id in hostile_claims().keys() {
        assert_eq!(md.matches(&format!("| `{id}`")).count(), 1, "{id}");
    }
}

/// On a copy of the hostile corpus with every claim marked for publication (ClaimReview
/// reviews only those), so every hostile text goes through the escaping.
#[test]
fn hostile_claimreview_is_json_that_cannot_close_a_script_element() {
    let copy = published_copy(HOSTILE, None);
    let text = report(
        copy.path().to_str().expect("a UTF-8 path"),
        "claimreview",
        &[],
        0,
    );
    assert!(!text.contains('<') && !text.contains('>'), "{text}");
    assert!(!text.contains("javascript:"), "only web urls are published");
    assert_terminal_safe("claimreview", &text);
    let reviews: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let reviews = reviews.as_array().expect("an array");
    let claims = hostile_claims();
    assert_eq!(reviews.len(), claims.len());
    for review in reviews {
        assert_eq!(review["@context"], "https://schema.org");
        assert_eq!(review["@type"], "ClaimReview");
        assert_eq!(review["inLanguage"], "fr");
        assert_eq!(review["datePublished"], "2025-07-20");
        assert_eq!(review["author"]["name"], "Desk \"Fact\" & <Check> | Co");
        let url = review["url"].as_str().expect("a url per review");
        let (page, id) = url.split_once('#').expect("url#claim-id");
        assert_eq!(page, "https://example.org/checks?a=1&b=<2>");
        let claim = &claims[id];
        assert_eq!(review["claimReviewed"], claim["text"], "{id}");
        let rating = &review["reviewRating"];
        assert_eq!(rating["alternateName"], claim["status"]);
        assert_eq!(
            rating["ratingValue"].as_u64().unwrap(),
            7 - claim["credibility"].as_u64().unwrap()
        );
        assert_eq!(rating["bestRating"], 6);
        assert_eq!(rating["worstRating"], 1);
    }
    let by_id = |id: &str| {
        reviews
            .iter()
            .find(|r| r["url"].as_str().unwrap().ends_with(&format!("#{id}")))
            .unwrap()
    };
    // An eyewitness originated it; the relay it came through is where it appeared.
    let rm = &by_id("-rm")["itemReviewed"];
    assert_eq!(rm["@type"], "Claim");
    assert_eq!(rm["author"]["@type"], "Person");
    assert_eq!(
        rm["author"]["name"],
        "=HYPERLINK(\"http://evil.example\",\"click\")"
    );
    assert_eq!(rm["datePublished"], "2025-07-02");
    assert_eq!(
        rm["appearance"],
        serde_json::json!([{"@type": "CreativeWork", "url": "https://example.org/wire?x=1&y=\"2\"<script>"}])
    );
    // Supporting evidence from two sources with urls: sorted, deduplicated.
    let urls: Vec<&str> = by_id("formula.hyperlink")["itemReviewed"]["appearance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "https://example.org/ngo",
            "https://example.org/wire?x=1&y=\"2\"<script>"
        ]
    );
}

/// A start tag: its name and attributes (values unescaped).
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: BTreeMap<String, String>,
}

/// Checks entity references in `text` and returns it unescaped.
fn unescape(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..]
            .find(';')
            .ok_or_else(|| format!("unterminated entity in {text:?}"))?;
        let entity = &rest[at + 1..at + end];
        out.push(match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => entity
                .strip_prefix('#')
                .and_then(|n| n.parse::<u32>().ok())
                .and_then(char::from_u32)
                .ok_or_else(|| format!("unknown entity &{entity}; in {text:?}"))?,
        });
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A minimal well-formedness check of the XML our JUnit writer produces: legal characters,
/// a prolog, balanced tags with one root, quoted attributes without `<`, known entities only,
/// no `<` or `>` in text. Returns the start tags and the unescaped text of each element.
fn check_xml(doc: &str) -> Result<(Vec<Tag>, Vec<String>), String> {
    if let Some(c) = doc.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}'
    }) {
        return Err(format!("character U+{:04X} is not allowed", c as u32));
    }
    let mut rest = doc
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .ok_or("no XML declaration")?;
    let mut stack: Vec<String> = Vec::new();
    let mut tags = Vec::new();
    let mut texts = Vec::new();
    let mut roots = 0;
    loop {
        let next = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..next];
        if text.contains('>') {
            return Err(format!("raw `>` in text {text:?}"));
        }
        if stack.is_empty() && !text.trim().is_empty() {
            return Err(format!("text outside the root: {text:?}"));
        }
        if !text.trim().is_empty() {
            texts.push(unescape(text)?);
        }
        rest = &rest[next..];
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').ok_or("unterminated end tag")?;
            let name = &after[..end];
            if stack.pop().as_deref() != Some(name) {
                return Err(format!("unbalanced </{name}>"));
            }
            rest = &after[end + 1..];
            continue;
        }
        // A start or empty-element tag.
        let mut s = &rest[1..];
        let name_end = s
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .ok_or("unterminated tag")?;
        let name = s[..name_end].to_owned();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!("bad tag name {name:?}"));
        }
        s = &s[name_end..];
        let mut attrs = BTreeMap::new();
        let empty;
        loop {
            s = s.trim_start();
            if let Some(after) = s.strip_prefix("/>") {
                empty = true;
                s = after;
                break;
            }
            if let Some(after) = s.strip_prefix('>') {
                empty = false;
                s = after;
                break;
            }
            let eq = s.find('=').ok_or("attribute without value")?;
            let attr = s[..eq].trim().to_owned();
            if attr.is_empty() || !attr.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(format!("bad attribute name {attr:?}"));
            }
            let quote = s[eq + 1..]
                .chars()
                .next()
                .ok_or("attribute without value")?;
            if quote != '"' && quote != '\'' {
                return Err(format!("unquoted attribute {attr}"));
            }
            let value_start = eq + 2;
            let len = s[value_start..]
                .find(quote)
                .ok_or("unterminated attribute value")?;
            let value = &s[value_start..value_start + len];
            if value.contains('<') {
                return Err(format!("raw `<` in attribute {attr}={value:?}"));
            }
            if attrs.insert(attr.clone(), unescape(value)?).is_some() {
                return Err(format!("attribute {attr} given twice"));
            }
            s = &s[value_start + len + 1..];
        }
        if stack.is_empty() {
            roots += 1;
        }
        if !empty {
            stack.push(name.clone());
        }
        tags.push(Tag { name, attrs });
        rest = s;
    }
    if !stack.is_empty() {
        return Err(format!("unclosed elements {stack:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok((tags, texts))
}

#[test]
fn the_xml_checker_catches_broken_documents() {
    let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    assert!(check_xml(&format!("{head}<a b=\"1\"><c/>x &amp; y</a>\n")).is_ok());
    for broken in [
        "<a><b></a></b>",
        "<a>x < y</a>",
        "<a b=\"<\"/>",
        "<a>&nbsp;</a>",
        "<a/><b/>",
        "<a>\u{1b}</a>",
        "<a",
        "<a b=\"1\" b=\"2\"/>",
    ] {
        assert!(check_xml(&format!("{head}{broken}")).is_err(), "{broken}");
    }
}

#[test]
fn example_junit_is_well_formed() {
    let xml = report(".", "junit", &["--fail-on", "unconfirmed"], 1);
    let (tags, _) = check_xml(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let doc = report_json(".");
    let publish: Vec<&serde_json::Value> = doc["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["publish"] == true)
        .collect();
    let failing = publish
        .iter()
        .filter(|c| c["status"] == "unconfirmed")
        .count();
    assert!(failing > 0);
    let cases = tags.iter().filter(|t| t.name == "testcase").count();
    let failures: Vec<&Tag> = tags.iter().filter(|t| t.name == "failure").collect();
    assert_eq!(cases, publish.len());
    assert_eq!(failures.len(), failing);
    assert!(failures.iter().all(|f| f.attrs["type"] == "unconfirmed"));
    let suite = tags.iter().find(|t| t.name == "testsuite").unwrap();
    assert_eq!(suite.attrs["tests"], publish.len().to_string());
    assert_eq!(suite.attrs["failures"], failing.to_string());
}

/// A corpus that cannot be scored still gives CI a JUnit document: its errors, one erroring
/// testcase each (it used to be empty).
#[test]
fn junit_on_a_broken_corpus_lists_its_errors() {
    let xml = report("tests/fixtures/broken", "junit", &[], 1);
    let (tags, _) = check_xml(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let errors: Vec<&Tag> = tags.iter().filter(|t| t.name == "error").collect();
    assert_eq!(errors.len(), 2, "{xml}");
    let types: Vec<&str> = errors.iter().map(|e| e.attrs["type"].as_str()).collect();
    assert_eq!(types, ["unknown-key", "unknown-source"]);
    let suite = tags.iter().find(|t| t.name == "testsuite").unwrap();
    assert_eq!(suite.attrs["errors"], "2");
    assert!(
        xml.contains("sources/sources.toml:5:1: error[unknown-key]"),
        "{xml}"
    );
}

#[test]
fn hostile_junit_is_well_formed_and_escaped() {
    let xml = report(HOSTILE, "junit", &["--fail-on", "contested"], 1);
    assert_terminal_safe("junit", &xml);
    let (tags, texts) = check_xml(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let claims = hostile_claims();
    let publishable: Vec<&String> = claims
        .iter()
        .filter(|(_, c)| c["publish"] == true)
        .map(|(id, _)| id)
        .collect();
    let cases: Vec<&Tag> = tags.iter().filter(|t| t.name == "testcase").collect();
    let names: Vec<&String> = cases.iter().map(|t| &t.attrs["name"]).collect();
    assert_eq!(names, publishable);
    let orphan = cases
        .iter()
        .find(|t| t.attrs["name"] == "orphan.pipes")
        .unwrap();
    assert_eq!(orphan.attrs["classname"], "corroborate");
    let failures: Vec<&Tag> = tags.iter().filter(|t| t.name == "failure").collect();
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].attrs["type"], "contested");
    // The hostile text survives escaping intact.
    let html = claims["html.script"]["text"].as_str().unwrap();
    assert!(
        texts
            .iter()
            .any(|t| t.contains(&format!("claim: {html}\n"))),
        "{texts:?}"
    );
    assert!(texts
        .iter()
        .any(|t| t.contains("claim: nul  backspace  vt  ff  del  nel  end\n")));
}

// ---------------------------------------------------------------------------------------------
// diff.

/// A copy of the Alkit corpus in a temporary folder.
fn alkit_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(&root.join("claims"), &dir.path().join("claims"));
    common::copy_dir(&root.join("sources"), &dir.path().join("sources"));
    if root.join("corroborate.toml").is_file() {
        fs::copy(
            root.join("corroborate.toml"),
            dir.path().join("corroborate.toml"),
        )
        .expect("copy policy");
    }
    dir
}

/// Two Alkit corpora: the second has the army confirming that the vehicles were destroyed
/// (an admission against interest) where it had declined to comment.
fn old_and_new() -> (tempfile::TempDir, tempfile::TempDir) {
    let old = alkit_copy();
    let new = alkit_copy();
    let file = new.path().join("claims/alkit-ambush.toml");
    let text = fs::read_to_string(&file).expect("read");
    let start = text
        .find("id = \"alkit.vehicles-destroyed\"")
        .expect("the claim");
    let end = start + text[start..].find("[[claim]]\n").expect("a next claim");
    let block = text[start..end].replace("stance = \"no-comment\"", "stance = \"confirms\"");
    assert_ne!(block, text[start..end], "the evidence changed");
    fs::write(&file, format!("{}{block}{}", &text[..start], &text[end..])).expect("write");
    (old, new)
}

fn diff_json(old: &Path, new: &Path) -> serde_json::Value {
    let r = run(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--as-of",
        "2025-07-20",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("JSON")
}

fn diff_table(old: &Path, new: &Path) -> Run {
    run(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--as-of",
        "2025-07-20",
    ])
}

#[test]
fn diff_lists_the_changed_claim_between_corpora_and_between_reports() {
    let (old, new) = old_and_new();
    let doc = diff_json(old.path(), new.path());
    assert_eq!(doc["schema_version"], 1);
    let changes = doc["changes"].as_array().expect("changes");
    let change = changes
        .iter()
        .find(|c| c["id"] == "alkit.vehicles-destroyed")
        .unwrap_or_else(|| panic!("the changed claim is listed: {doc:#}"));
    assert_eq!(change["change"], "changed");
    assert_eq!(change["old"]["status"], "unconfirmed");
    assert_ne!(change["new"]["status"], "unconfirmed");
    assert!(change["old"]["code"].is_string() && change["new"]["score"].is_number());
    let ids: Vec<&str> = changes.iter().map(|c| c["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "sorted by id");

    let table = diff_table(old.path(), new.path());
    assert_eq!(table.code, 0, "{}", table.stderr);
    let line = table
        .stdout
        .lines()
        .find(|l| l.contains("alkit.vehicles-destroyed"))
        .expect("a row for the claim");
    let new_status = change["new"]["status"].as_str().unwrap();
    assert!(
        line.contains(&format!("unconfirmed → {new_status}")),
        "{line}"
    );
    assert!(line.contains("changed"), "{line}");

    // The same comparison from two saved JSON reports.
    let dir = tempfile::tempdir().expect("temporary folder");
    let (old_json, new_json) = (dir.path().join("old.json"), dir.path().join("new.json"));
    for (corpus, file) in [(old.path(), &old_json), (new.path(), &new_json)] {
        let r = run(&[
            "report",
            corpus.to_str().unwrap(),
            "--as-of",
            "2025-07-20",
            "--format",
            "json",
            "--output",
            file.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    // Items read from a corpus say where they are written (`at`); a saved report does not.
    assert_eq!(
        without_locations(diff_json(&old_json, &new_json)),
        without_locations(doc)
    );
    // A corpus and its own saved report agree.
    let same = diff_table(old.path(), &old_json);
    assert_eq!(same.stdout, "no changes\n");
}

/// `doc` without the items' `at` (file:line) keys, which only a corpus side has.
fn without_locations(mut doc: serde_json::Value) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.remove("at");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut doc);
    doc
}

#[test]
fn identical_inputs_list_nothing() {
    let old = alkit_copy();
    let r = diff_table(old.path(), old.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "no changes\n");
    assert_eq!(
        diff_json(old.path(), old.path()),
        serde_json::json!({"schema_version": 1, "changes": []})
    );
}

#[test]
fn diff_lists_added_and_removed_claims() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let alkit = dir.path().join("alkit.json");
    fs::write(&alkit, report(".", "json", &[], 0)).expect("write");
    let hostile = Path::new(env!("CARGO_MANIFEST_DIR")).join(HOSTILE);
    let doc = diff_json(&alkit, &hostile);
    let changes = doc["changes"].as_array().unwrap();
    let alkit_claims = report_json(".")["claims"].as_array().unwrap().len();
    assert_eq!(changes.len(), alkit_claims + 15);
    let removed = changes
        .iter()
        .find(|c| c["id"] == "alkit.convoy-attacked")
        .unwrap();
    assert_eq!(removed["change"], "removed");
    assert!(removed["new"].is_null());
    let added = changes.iter().find(|c| c["id"] == "ansi").unwrap();
    assert_eq!(added["change"], "added");
    assert!(added["old"].is_null());
    let table = diff_table(&alkit, &hostile);
    assert_terminal_safe("diff table", &table.stdout);
    assert!(table.stdout.ends_with(&format!(
        "{} claims: 0 changed, 15 added, {alkit_claims} removed\n",
        alkit_claims + 15
    )));
}

#[test]
fn diff_table_is_terminal_safe_with_a_hostile_report() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let evil = dir.path().join("evil.json");
    fs::write(
        &evil,
        r#"{"schema_version": 1, "claims": [
            {"id": "x\u001b[2J\u202e", "status": "confirmed", "code": "B1\u001b]0;pwned\u0007", "score": 0.9}
        ]}"#,
    )
    .expect("write");
    let empty = dir.path().join("empty.json");
    fs::write(&empty, r#"{"schema_version": 1, "claims": []}"#).expect("write");
    let r = diff_table(&empty, &evil);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_terminal_safe("diff table", &r.stdout);
    assert!(r.stdout.contains("x\\u{1b}[2J\\u{202e}"), "{}", r.stdout);
    assert!(r.stdout.contains("added"));
}

#[test]
fn diff_refuses_a_file_that_is_not_a_report() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let other = dir.path().join("other.json");
    fs::write(&other, r#"{"hello": "world"}"#).expect("write");
    let r = diff_table(&other, Path::new("."));
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("other.json") && r.stderr.contains("not a corroborate report"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("schema_version"), "{}", r.stderr);

    let broken = dir.path().join("broken.json");
    fs::write(&broken, "{ not json").expect("write");
    let r = diff_table(Path::new("."), &broken);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not valid JSON"), "{}", r.stderr);

    let claims = dir.path().join("claims.json");
    fs::write(&claims, r#"{"schema_version": 1, "claims": [{"id": "a"}]}"#).expect("write");
    let r = diff_table(&claims, &claims);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no `status`"), "{}", r.stderr);
}

#[test]
fn every_format_is_deterministic() {
    for format in ["markdown", "csv", "claimreview", "junit"] {
        let a = report(HOSTILE, format, &[], 0);
        let b = report(HOSTILE, format, &[], 0);
        assert_eq!(a, b, "{format}");
    }
}
