//! `corroborate check` on small broken corpora: each case names the rule that must fire, the
//! exact `file:line:col` it must point at, the exit code and the total number of diagnostics.
//!
//! Every case is run twice, with `--format short` and `--format json`, and both outputs must agree.

mod common;

use common::{
    check, check_json, claims, corpus, file, json_at, parse_short, sources, symlink, unreadable,
    Entry,
};
use rstest::rstest;

/// The lines of a TOML file, joined with newlines: element `i` is line `i + 1`.
fn toml(lines: &[&str]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// Text the chosen diagnostic must carry besides its code and place.
#[derive(Debug, Clone, Copy)]
enum Says {
    /// The message contains this.
    Message(&'static str),
    /// The help (hint) contains this.
    Help(&'static str),
}

/// A claim with one evidence item whose last lines are `evidence` (source, stance, …).
///
/// ```text
/// 1 [[claim]]
/// 2 id = "c"
/// 3 text = "t"
/// 4 [[claim.evidence]]
/// 5… evidence
/// ```
fn claim_with_evidence(evidence: &[&str]) -> Entry {
    let mut lines = vec![
        "[[claim]]",
        r#"id = "c""#,
        r#"text = "t""#,
        "[[claim.evidence]]",
    ];
    lines.extend_from_slice(evidence);
    claims(toml(&lines))
}

const CLAIM: &[&str] = &["[[claim]]", r#"id = "c""#, r#"text = "t""#];

/// `CLAIM` followed by `more` lines (from line 4 on).
fn claim_and(more: &[&str]) -> Entry {
    let mut lines = CLAIM.to_vec();
    lines.extend_from_slice(more);
    claims(toml(&lines))
}

#[rstest]
// ---- unknown-key
#[case::unknown_key_with_did_you_mean(
    vec![sources(), claim_and(&["publsh = true"])],
    "unknown-key", "claims/c.toml:4:1", 1, 1, Says::Help("did you mean `publish`?")
)]
#[case::unknown_key_lists_known_keys(
    vec![sources(), file("sources/z.toml", toml(&["[[source]]", r#"id = "afp""#, r#"kind = "agency""#, r#"colour = "red""#]))],
    "unknown-key", "sources/z.toml:4:1", 1, 1,
    Says::Help("known keys: id, name, kind, actor, origin, reliability, url")
)]
#[case::unknown_key_in_evidence_and_missing_stance(
    vec![sources(), claim_with_evidence(&[r#"source = "rfi""#, r#"stnace = "asserts""#])],
    "unknown-key", "claims/c.toml:6:1", 1, 2, Says::Help("did you mean `stance`?")
)]
#[case::source_table_in_a_claims_file(
    vec![sources(), claims(toml(&["[[source]]", r#"id = "afp""#, r#"kind = "agency""#]))],
    "unknown-key", "claims/c.toml:1:3", 1, 1,
    Says::Help("`[[actor]]` and `[[source]]` belong in files under sources/")
)]
#[case::claim_table_in_a_sources_file(
    vec![sources(), file("sources/z.toml", toml(CLAIM))],
    "unknown-key", "sources/z.toml:1:3", 1, 1,
    Says::Help("`[event]` and `[[claim]]` belong in files under claims/")
)]
// ---- wrong-type
#[case::claim_as_a_single_table(
    vec![sources(), claims(toml(&["[claim]", r#"id = "c""#, r#"text = "t""#]))],
    "wrong-type", "claims/c.toml:1:1", 1, 1,
    Says::Help("write each entry under its own `[[claim]]` header")
)]
#[case::evidence_as_a_single_table(
    vec![sources(), claims(toml(&["[[claim]]", r#"id = "c""#, r#"text = "t""#, "[claim.evidence]", r#"source = "rfi""#, r#"stance = "asserts""#]))],
    "wrong-type", "claims/c.toml:4:1", 1, 1,
    Says::Message("`evidence` must be an array of tables")
)]
#[case::publish_is_not_a_boolean(
    vec![sources(), claim_and(&[r#"publish = "yes""#])],
    "wrong-type", "claims/c.toml:4:11", 1, 1,
    Says::Message("`publish` must be a boolean or \"rating\", found a string")
)]
#[case::publish_is_a_quoted_boolean(
    vec![sources(), claim_and(&[r#"publish = "true""#])],
    "wrong-type", "claims/c.toml:4:11", 1, 1, Says::Help("write it unquoted: publish = true")
)]
#[case::hedged_is_not_a_boolean(
    vec![sources(), claim_with_evidence(&[r#"source = "rfi""#, r#"stance = "asserts""#, "hedged = 1"])],
    "wrong-type", "claims/c.toml:7:10", 1, 1,
    Says::Message("`hedged` must be a boolean, found an integer")
)]
#[case::quoted_date(
    vec![sources(), claims(toml(&["[event]", r#"id = "e""#, r#"date = "2025-07-14""#]))],
    "wrong-type", "claims/c.toml:3:8", 1, 1, Says::Help("write dates unquoted: date = 2025-07-14")
)]
#[case::date_as_an_integer(
    vec![sources(), claims(toml(&["[event]", r#"id = "e""#, "date = 20250714"]))],
    "wrong-type", "claims/c.toml:3:8", 1, 1, Says::Help("write a TOML date such as 2025-07-14")
)]
#[case::opposes_is_not_a_list(
    vec![sources(), file("sources/z.toml", toml(&["[[actor]]", r#"id = "jnim""#, r#"opposes = "fama""#]))],
    "wrong-type", "sources/z.toml:3:11", 1, 1, Says::Help(r#"write a list: opposes = ["…"]"#)
)]
// ---- invalid-value
#[case::time_without_a_date(
    vec![sources(), claims(toml(&["[event]", r#"id = "e""#, "date = 09:30:00"]))],
    "invalid-value", "claims/c.toml:3:8", 1, 1, Says::Message("has no calendar date")
)]
#[case::invalid_stance(
    vec![sources(), claim_with_evidence(&[r#"source = "rfi""#, r#"stance = "assert""#])],
    "invalid-value", "claims/c.toml:6:10", 1, 1, Says::Help("did you mean `asserts`?")
)]
#[case::invalid_kind(
    vec![sources(), file("sources/z.toml", toml(&["[[source]]", r#"id = "afp""#, r#"kind = "newspaper""#]))],
    "invalid-value", "sources/z.toml:3:8", 1, 1,
    Says::Message("`newspaper` is not a valid kind")
)]
#[case::invalid_reliability(
    vec![sources(), file("sources/z.toml", toml(&["[[source]]", r#"id = "afp""#, r#"kind = "agency""#, r#"reliability = "A+""#]))],
    "invalid-value", "sources/z.toml:4:15", 1, 1, Says::Help("accepted: A, B, C, D, E, F")
)]
// ---- missing-field
#[case::claim_without_text(
    vec![sources(), claims(toml(&["[[claim]]", r#"id = "c""#]))],
    "missing-field", "claims/c.toml:1:1", 1, 1,
    Says::Message("claim is missing required field `text`")
)]
#[case::evidence_without_source(
    vec![sources(), claims(toml(&["[[claim]]", r#"id = "c""#, r#"text = "t""#, "", "[[claim.evidence]]", r#"stance = "asserts""#]))],
    "missing-field", "claims/c.toml:5:1", 1, 1,
    Says::Message("evidence is missing required field `source`")
)]
#[case::evidence_without_stance(
    vec![sources(), claims(toml(&["[[claim]]", r#"id = "c""#, r#"text = "t""#, "", "[[claim.evidence]]", r#"source = "rfi""#]))],
    "missing-field", "claims/c.toml:5:1", 1, 1,
    Says::Message("evidence is missing required field `stance`")
)]
#[case::source_without_id(
    vec![sources(), file("sources/z.toml", toml(&["[[source]]", r#"name = "AFP""#, r#"kind = "agency""#]))],
    "missing-field", "sources/z.toml:1:1", 1, 1,
    Says::Message("source is missing required field `id`")
)]
#[case::source_without_kind(
    vec![sources(), file("sources/z.toml", toml(&["[[source]]", r#"id = "afp""#]))],
    "missing-field", "sources/z.toml:1:1", 1, 1,
    Says::Message("source is missing required field `kind`")
)]
// ---- invalid-id
#[case::id_with_uppercase(
    vec![sources(), claims(toml(&["[[claim]]", r#"id = "Alkit.Ambush""#, r#"text = "t""#]))],
    "invalid-id", "claims/c.toml:2:6", 1, 1, Says::Help("did you mean `alkit.ambush`?")
)]
#[case::invalid_id_inside_opposes(
    vec![sources(), file("sources/z.toml", toml(&["[[actor]]", r#"id = "jnim""#, r#"opposes = ["fama", "Africa Corps"]"#]))],
    "invalid-id", "sources/z.toml:3:20", 1, 1,
    Says::Message("`Africa Corps` is not a valid id")
)]
// ---- duplicate-id (the second definition is the one reported)
#[case::duplicate_claim_across_files(
    vec![
        sources(),
        file("claims/a.toml", toml(&["[[claim]]", r#"id = "c""#, r#"text = "first""#])),
        file("claims/b.toml", toml(&["# the same id again", "[[claim]]", r#"id = "c""#, r#"text = "second""#])),
    ],
    "duplicate-id", "claims/b.toml:3:6", 1, 1, Says::Message("claim id `c` is defined twice")
)]
#[case::duplicate_source(
    vec![sources(), file("sources/z.toml", toml(&["[[source]]", r#"id = "rfi""#, r#"kind = "media""#]))],
    "duplicate-id", "sources/z.toml:2:6", 1, 1, Says::Message("source id `rfi` is defined twice")
)]
// ---- unknown-source
#[case::unknown_evidence_source(
    vec![sources(), claim_with_evidence(&[r#"source = "rfx""#, r#"stance = "asserts""#])],
    "unknown-source", "claims/c.toml:5:10", 1, 1, Says::Help("did you mean `rfi`?")
)]
#[case::unknown_via(
    vec![sources(), claim_with_evidence(&[r#"source = "fla-spokesman""#, r#"stance = "asserts""#, r#"via = "afp""#])],
    "unknown-source", "claims/c.toml:7:7", 1, 1, Says::Help("known sources: fla-spokesman, rfi")
)]
// ---- unknown-actor
#[case::unknown_actor_in_favours(
    vec![sources(), claim_and(&[r#"favours = "flaa""#])],
    "unknown-actor", "claims/c.toml:4:11", 1, 1, Says::Help("did you mean `fla`?")
)]
#[case::unknown_actor_in_allied(
    vec![sources(), file("sources/z.toml", toml(&["[[actor]]", r#"id = "jnim""#, r#"allied = ["fla", "isis"]"#]))],
    "unknown-actor", "sources/z.toml:3:18", 1, 1, Says::Message("unknown actor `isis`")
)]
#[case::unknown_actor_of_a_source(
    vec![sources(), file("sources/z.toml", toml(&["[[source]]", r#"id = "afp""#, r#"kind = "agency""#, r#"actor = "france""#]))],
    "unknown-actor", "sources/z.toml:4:9", 1, 1, Says::Help("known actors: fama, fla")
)]
// ---- unknown-event
#[case::unknown_event(
    vec![sources(), claims(toml(&["[event]", r#"id = "alkit-ambush""#, "date = 2025-07-14", "", "[[claim]]", r#"id = "c""#, r#"text = "t""#, r#"event = "alkit-ambsh""#]))],
    "unknown-event", "claims/c.toml:8:9", 1, 1, Says::Help("did you mean `alkit-ambush`?")
)]
// ---- cross-entity rules
#[case::favours_and_against_the_same_actor(
    vec![sources(), claim_and(&[r#"favours = "fla""#, r#"against = "fla""#])],
    "favours-and-against", "claims/c.toml:5:11", 1, 1,
    Says::Message("claim `c` both favours and is against `fla`")
)]
#[case::self_relay(
    vec![sources(), claim_with_evidence(&[r#"source = "rfi""#, r#"stance = "asserts""#, r#"via = "rfi""#])],
    "self-relay", "claims/c.toml:7:7", 1, 1, Says::Message("source `rfi` relays itself")
)]
#[case::evidence_before_event_is_a_warning(
    vec![sources(), claims(toml(&["[event]", r#"id = "e""#, "date = 2025-07-14", "[[claim]]", r#"id = "c""#, r#"text = "t""#, "[[claim.evidence]]", r#"source = "rfi""#, r#"stance = "asserts""#, "date = 2025-07-13"]))],
    "evidence-before-event", "claims/c.toml:10:8", 0, 1,
    Says::Message("evidence dated 2025-07-13 is before its event `e` (2025-07-14)")
)]
#[case::evidence_in_future_is_a_warning(
    vec![sources(), claim_with_evidence(&[r#"source = "rfi""#, r#"stance = "asserts""#, "date = 2026-01-01"])],
    "evidence-in-future", "claims/c.toml:7:8", 0, 1,
    Says::Message("evidence dated 2026-01-01 is in the future (today is 2025-12-31)")
)]
// ---- columns count characters, not bytes (two `é` before the date), in an inline table
#[case::column_counts_characters(
    vec![sources(), claim_and(&[r#"evidence = [{ quote = "Alkit, été", source = "rfi", stance = "asserts", date = 2052-01-01 }]"#])],
    "evidence-in-future", "claims/c.toml:4:80", 0, 1, Says::Message("evidence dated 2052-01-01")
)]
// ---- files that cannot be parsed
#[case::non_utf8_bytes(
    vec![sources(), claims(b"[[claim]]\nid = \"c\"\ntext = \"caf\xE9\"\n")],
    "non-utf8", "claims/c.toml:3:12", 1, 1, Says::Message("byte 0xE9 at byte offset 30")
)]
#[case::unterminated_string(
    vec![sources(), claims(toml(&["[[claim]]", r#"id = "c""#, r#"text = "unterminated"#]))],
    "toml-syntax", "claims/c.toml:3:21", 1, 1, Says::Message("invalid TOML")
)]
#[case::duplicate_key(
    vec![sources(), claims(toml(&["[[claim]]", r#"id = "c""#, r#"id = "d""#, r#"text = "t""#]))],
    "toml-syntax", "claims/c.toml:3:1", 1, 1, Says::Message("duplicate key")
)]
#[case::unreadable_file_mode_000(
    vec![sources(), unreadable("claims/c.toml", toml(CLAIM))],
    "unreadable-file", "claims/c.toml:1:1", 1, 1, Says::Message("cannot read claims/c.toml")
)]
fn a_bad_corpus_is_reported_at_the_right_place(
    #[case] entries: Vec<Entry>,
    #[case] code: &str,
    #[case] at: &str,
    #[case] exit: i32,
    #[case] count: usize,
    #[case] says: Says,
) {
    let corpus = corpus(&entries);
    if !corpus.unreadable_works {
        eprintln!("skipped: a mode-000 file is still readable here (running as root?)");
        return;
    }
    let severity = if exit == 0 { "warning" } else { "error" };

    // --format short: one line per diagnostic on stderr, then the summary.
    let short = check(corpus.path(), "short");
    assert_eq!(
        short.code, exit,
        "exit code of --format short\n{}",
        short.stderr
    );
    assert!(short.stdout.is_empty(), "short writes to stderr only");
    let (lines, summary) = parse_short(&short.stderr);
    let line = lines
        .iter()
        .find(|l| l.code == code)
        .unwrap_or_else(|| panic!("no {code} diagnostic in\n{}", short.stderr));
    assert_eq!(line.at, at, "location of {code}\n{}", short.stderr);
    assert_eq!(line.severity, severity);
    assert_eq!(
        lines.len(),
        count,
        "number of diagnostics\n{}",
        short.stderr
    );
    let (errors, warnings) = if exit == 0 { (0, count) } else { (count, 0) };
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    assert!(
        summary.ends_with(&format!(
            ": {}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )),
        "summary line: {summary}"
    );

    // --format json: the same diagnostics, with the hint.
    let (run, json) = check_json(corpus.path());
    assert_eq!(run.code, exit, "exit code of --format json");
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics array");
    let from_json: Vec<(String, String)> = diagnostics
        .iter()
        .map(|d| {
            (
                json_at(&d["location"]),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let from_short: Vec<(String, String)> = lines
        .iter()
        .map(|l| (l.at.clone(), l.code.clone()))
        .collect();
    assert_eq!(
        from_json, from_short,
        "short and JSON list the same diagnostics"
    );
    let d = diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .expect("the same diagnostic in JSON");
    assert_eq!(d["severity"], severity);
    assert_eq!(d["message"].as_str(), Some(line.message.as_str()));
    match says {
        Says::Message(text) => assert!(
            line.message.contains(text),
            "message {:?} should contain {text:?}",
            line.message
        ),
        Says::Help(text) => {
            let help = d["help"].as_str().unwrap_or_default();
            assert!(help.contains(text), "help {help:?} should contain {text:?}");
        }
    }
}

/// `[[claim]]` entries with the same id in two files: the report points at the second and its
/// `related` location at the first.
#[test]
fn a_duplicate_id_points_back_at_the_first_definition() {
    let corpus = corpus(&[
        sources(),
        file(
            "claims/a.toml",
            toml(&["[[claim]]", r#"id = "c""#, r#"text = "first""#]),
        ),
        file(
            "claims/b.toml",
            toml(&[
                "# the same id again",
                "[[claim]]",
                r#"id = "c""#,
                r#"text = "second""#,
            ]),
        ),
    ]);
    let (run, json) = check_json(corpus.path());
    assert_eq!(run.code, 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "duplicate-id");
    assert_eq!(json_at(&d["location"]), "claims/b.toml:3:6");
    assert_eq!(d["location"]["message"], "defined again here");
    let related = d["related"].as_array().expect("related locations");
    assert_eq!(related.len(), 1);
    assert_eq!(json_at(&related[0]), "claims/a.toml:2:6");
    assert_eq!(related[0]["message"], "first defined here");
    // The first definition wins.
    assert_eq!(json["summary"]["claims"], 1);
}

/// Every problem in one file is reported, each at its own place, in file order.
#[test]
fn every_error_in_one_file_is_reported() {
    let corpus = corpus(&[
        sources(),
        claims(toml(&[
            "[event]",
            r#"id = "Alkit""#,        // 2: invalid-id
            r#"date = "2025-07-14""#, // 3: wrong-type (quoted date)
            "",
            "[[claim]]", // 5: missing-field (no `text`)
            r#"id = "c""#,
            r#"txt = "t""#,       // 7: unknown-key
            r#"publish = "yes""#, // 8: wrong-type
            "",
            "[[claim.evidence]]",
            r#"source = "nobody""#, // 11: unknown-source
            r#"stance = "assert""#, // 12: invalid-value
        ])),
    ]);
    let run = check(corpus.path(), "short");
    assert_eq!(run.code, 1);
    let (lines, summary) = parse_short(&run.stderr);
    let got: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| (l.at.as_str(), l.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("claims/c.toml:2:6", "invalid-id"),
            ("claims/c.toml:3:8", "wrong-type"),
            ("claims/c.toml:5:1", "missing-field"),
            ("claims/c.toml:7:1", "unknown-key"),
            ("claims/c.toml:8:11", "wrong-type"),
            ("claims/c.toml:11:10", "unknown-source"),
            ("claims/c.toml:12:10", "invalid-value"),
        ]
    );
    assert_eq!(summary, "2 files, 1 claim, 2 sources: 7 errors, 0 warnings");
}

/// A link out of the corpus is not followed, even to a file that exists (a corpus can arrive
/// in a pull request: `claims/x.toml -> /etc/passwd` must not print the machine's files).
#[cfg(target_os = "linux")]
#[test]
fn a_link_out_of_the_corpus_is_not_followed() {
    let corpus = corpus(&[
        sources(),
        symlink("claims/c.toml", "/etc/passwd"),
        symlink("claims/mem.toml", "/proc/self/mem"),
    ]);
    let run = check(corpus.path(), "short");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("root:"), "{}", run.stderr);
    let (lines, summary) = parse_short(&run.stderr);
    let got: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| (l.at.as_str(), l.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("claims/c.toml:1:1", "skipped-file"),
            ("claims/mem.toml:1:1", "skipped-file")
        ],
        "{}",
        run.stderr
    );
    assert!(
        lines[0].message.contains("outside the corpus folder"),
        "{}",
        lines[0].message
    );
    assert_eq!(
        summary,
        "3 files, 0 claims, 2 sources: 0 errors, 2 warnings"
    );
}

/// A dangling link, a FIFO and a `.TOML` name are said, not skipped without a word.
#[cfg(unix)]
#[test]
fn files_that_are_not_read_are_named() {
    let corpus = corpus(&[
        sources(),
        claims(""),
        symlink("claims/gone.toml", "nowhere.toml"),
        file("claims/LOUD.TOML", "[[claim]]\nid = \"x\"\ntext = \"t\"\n"),
    ]);
    let fifo = corpus.path().join("claims/pipe.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let run = check(corpus.path(), "short");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (lines, _) = parse_short(&run.stderr);
    let got: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| (l.at.as_str(), l.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "claims/LOUD.TOML:1:1",
                "claims/LOUD.TOML is not named `.toml`: not read"
            ),
            (
                "claims/gone.toml:1:1",
                "claims/gone.toml is a symbolic link to nothing: not read"
            ),
            (
                "claims/pipe.toml:1:1",
                "claims/pipe.toml is not a regular file: not read"
            ),
        ],
        "{}",
        run.stderr
    );
}

/// Reliability grades are upper-case letters; a lower-case `b` should be pointed at `B`.
#[test]
fn a_lowercase_reliability_grade_is_pointed_at_its_uppercase_form() {
    let corpus = corpus(&[
        sources(),
        file(
            "sources/z.toml",
            toml(&[
                "[[source]]",
                r#"id = "afp""#,
                r#"kind = "agency""#,
                r#"reliability = "b""#,
            ]),
        ),
    ]);
    let (run, json) = check_json(corpus.path());
    assert_eq!(run.code, 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "invalid-value");
    assert_eq!(json_at(&d["location"]), "sources/z.toml:4:15");
    let help = d["help"].as_str().unwrap_or_default();
    assert!(help.starts_with("did you mean `B`?"), "help: {help:?}");
}

/// Events are `[event]` tables in claims/ files, so that is what the hint must say.
#[test]
fn the_unknown_event_hint_says_where_events_are_defined() {
    let corpus = corpus(&[sources(), claim_and(&[r#"event = "alkit""#])]);
    let (run, json) = check_json(corpus.path());
    assert_eq!(run.code, 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "unknown-event");
    assert_eq!(json_at(&d["location"]), "claims/c.toml:4:9");
    let help = d["help"].as_str().unwrap_or_default();
    assert!(
        help.contains("[event]") && help.contains("claims/") && !help.contains("[[event]]"),
        "help: {help:?}"
    );
}

/// The header of an evidence entry is `[[claim.evidence]]`; `[[evidence]]` at the top of a claims
/// file is itself an unknown key.
#[test]
fn the_evidence_table_hint_names_the_real_header() {
    let corpus = corpus(&[
        sources(),
        claim_and(&[
            "[claim.evidence]",
            r#"source = "rfi""#,
            r#"stance = "asserts""#,
        ]),
    ]);
    let (run, json) = check_json(corpus.path());
    assert_eq!(run.code, 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "wrong-type");
    assert_eq!(json_at(&d["location"]), "claims/c.toml:4:1");
    let help = d["help"].as_str().unwrap_or_default();
    assert!(help.contains("`[[claim.evidence]]`"), "help: {help:?}");
}

/// A UTF-8 byte-order mark is accepted, and is not a column: editors hide it.
#[test]
fn a_byte_order_mark_does_not_shift_columns() {
    let corpus = corpus(&[sources(), claims("\u{feff}publsh = true\n")]);
    let run = check(corpus.path(), "short");
    assert_eq!(run.code, 1);
    let (lines, _) = parse_short(&run.stderr);
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert_eq!(lines[0].code, "unknown-key");
    assert_eq!(lines[0].at, "claims/c.toml:1:1");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let corpus = corpus(&[sources(), claims(format!("\u{feff}{}", toml(CLAIM)))]);
    let run = check(corpus.path(), "short");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "2 files, 1 claim, 2 sources: 0 errors, 0 warnings\n"
    );
}
