//! Provenance through the binary: captures verified against their hashes, links required of
//! published claims, the desk's verdict beside the computed one, and the publication gate on
//! claims the desk publishes as ratings.

mod common;
use common::{check, corpus, corroborate, file, parse_short, sources};

const CAPTURE: &[u8] = b"Le 27 juillet, des combats ont eu lieu pres d'Alkit.\n";

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let digest: [u8; 32] = sha2::Sha256::digest(bytes).into();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A documents file whose one document records `digest` for `sources/captures/rfi.txt`.
///
/// ```text
/// 1 [[document]]
/// 2 id = "rfi-1"
/// 3 source = "rfi"
/// 4 date = 2025-07-15
/// 5 url = "https://rfi.example/alkit"
/// 6 file = "sources/captures/rfi.txt"
/// 7 sha256 = "…"
/// ```
fn documents(digest: &str) -> common::Entry {
    file(
        "sources/documents.toml",
        format!(
            "[[document]]\nid = \"rfi-1\"\nsource = \"rfi\"\ndate = 2025-07-15\nurl = \"https://rfi.example/alkit\"\nfile = \"sources/captures/rfi.txt\"\nsha256 = \"{digest}\"\n"
        ),
    )
}

const CLAIMS: &str = r#"[event]
id = "e"
date = 2025-07-14

[[claim]]
id = "c"
text = "An army convoy was attacked."
publish = true

[[claim.evidence]]
document = "rfi-1"
stance = "asserts"
"#;

#[test]
fn a_tampered_capture_fails_check_at_its_digest() {
    let recorded = hex_sha256(CAPTURE);
    let dir = corpus(&[
        sources(),
        documents(&recorded),
        file("sources/captures/rfi.txt", b"Le 27 juillet, rien.\n"),
        file("claims/c.toml", CLAIMS),
    ]);
    let run = check(dir.path(), "short");
    assert_eq!(run.code, 1, "{run:?}");
    let (diags, _) = parse_short(&run.stderr);
    let found = hex_sha256(b"Le 27 juillet, rien.\n");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].at, "sources/documents.toml:7:10");
    assert_eq!(diags[0].code, "capture-mismatch");
    assert!(diags[0].message.contains(&recorded), "{}", diags[0].message);
    assert!(diags[0].message.contains(&found), "{}", diags[0].message);

    let intact = corpus(&[
        sources(),
        documents(&recorded),
        file("sources/captures/rfi.txt", CAPTURE),
        file("claims/c.toml", CLAIMS),
    ]);
    let run = check(intact.path(), "short");
    assert_eq!(run.code, 0, "{run:?}");
}

#[cfg(unix)]
#[test]
fn a_capture_is_read_only_inside_the_corpus() {
    let outside = tempfile::NamedTempFile::new().expect("a file outside");
    std::fs::write(outside.path(), CAPTURE).expect("written");
    let target: &'static str = Box::leak(outside.path().display().to_string().into_boxed_str());
    let dir = corpus(&[
        sources(),
        documents(&hex_sha256(CAPTURE)),
        common::symlink("sources/captures/rfi.txt", target),
        file("claims/c.toml", CLAIMS),
    ]);
    let run = check(dir.path(), "short");
    assert_eq!(run.code, 1, "{run:?}");
    let (diags, _) = parse_short(&run.stderr);
    assert_eq!(diags[0].code, "missing-capture", "{diags:?}");
    assert_eq!(diags[0].at, "sources/documents.toml:6:8");
    assert!(
        diags[0].message.contains("outside the corpus"),
        "{}",
        diags[0].message
    );
}

#[test]
fn a_published_claim_without_links_is_warned_about() {
    let claims = "[[claim]]\nid = \"c\"\ntext = \"t\"\npublish = true\n\
        [[claim.evidence]]\nsource = \"rfi\"\nstance = \"asserts\"\n\
        [[claim.evidence]]\nsource = \"rfi\"\nstance = \"confirms\"\nurl = \"https://rfi.example/2\"\n";
    let dir = corpus(&[sources(), file("claims/c.toml", claims)]);
    let run = check(dir.path(), "short");
    assert_eq!(run.code, 0, "a warning does not fail check: {run:?}");
    let (diags, _) = parse_short(&run.stderr);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, "unlinked-evidence");
    assert_eq!(diags[0].at, "claims/c.toml:5:1");
}

/// One rating claim that the evidence refutes (two independent denials) and one it does not.
const RATINGS: &str = r#"[event]
id = "e"
date = 2025-07-14

[[claim]]
id = "debunk"
text = "The army lost twenty vehicles."
publish = "rating"

[claim.desk]
status = "refuted"
by = "Standards desk"
reason = "Two independent denials."

[[claim.evidence]]
source = "fla-spokesman"
stance = "asserts"
date = 2025-07-14

[[claim.evidence]]
source = "rfi"
stance = "denies"
date = 2025-07-15

[[claim.evidence]]
source = "un"
stance = "denies"
date = 2025-07-15

[[claim]]
id = "hasty"
text = "The army lost a helicopter."
publish = "rating"

[claim.desk]
status = "refuted"

[[claim.evidence]]
source = "fla-spokesman"
stance = "asserts"
date = 2025-07-14
"#;

const MORE_SOURCES: &str =
    "[[source]]\nid = \"un\"\nkind = \"intergovernmental\"\nreliability = \"B\"\n";

#[test]
fn a_rating_passes_the_gate_when_the_evidence_agrees_with_the_desk() {
    let dir = corpus(&[
        sources(),
        file("sources/more.toml", MORE_SOURCES),
        file("claims/c.toml", RATINGS),
    ]);
    let json = corroborate(dir.path(), &["report", ".", "--format", "json"]);
    let status = |id: &str| {
        let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
        doc["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["status"].as_str().unwrap_or("").to_owned())
    };
    assert_eq!(
        status("debunk").as_deref(),
        Some("refuted"),
        "{}",
        json.stdout
    );
    assert_ne!(status("hasty").as_deref(), Some("refuted"));

    let run = corroborate(dir.path(), &["report", ".", "--fail-on", "refuted"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr
            .contains("hasty (rated refuted by the desk, computed unconfirmed)"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("debunk"),
        "an agreeing rating passes: {}",
        run.stderr
    );

    let explain = corroborate(dir.path(), &["explain", "hasty", "."]);
    assert!(
        explain
            .stdout
            .contains("desk-disagrees: the desk says refuted, the evidence unconfirmed"),
        "{}",
        explain.stdout
    );
}
