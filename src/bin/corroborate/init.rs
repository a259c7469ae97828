//! `corroborate init [DIR]`: a small, commented corpus to start from, which `check` passes.
//!
//! It writes `corroborate.toml`, `sources/sources.toml`, `claims/example.toml` and the JSON
//! Schemas under `schema/` (each TOML file names its schema on its first line, so taplo and Even
//! Better TOML complete keys as you type). Nothing that exists is ever replaced: if any of the
//! files is there, nothing is written.

use crate::cli::InitArgs;
use crate::world::{note, AppError, Outcome};
use corroborate::load::json_schema::{self, SchemaFile};
use corroborate::policy::Policy;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The example sources.
const SOURCES: &str = r#"#:schema ../schema/sources.schema.json
# Who speaks in this story. A source is one voice (an outlet, a spokesperson, a witness);
# `reliability` is the desk's Admiralty grade of it, A (reliable) to F (cannot be judged).
# An `[[actor]]` is a party with interests: a source speaking for one is weighed with them.

[[actor]]
id = "army"
name = "The national army"
opposes = ["rebels"]

[[actor]]
id = "rebels"
name = "The rebel front"
opposes = ["army"]

[[source]]
id = "agency"
name = "A news agency with a reporter on the ground"
kind = "media"
reliability = "B"

[[source]]
id = "army-spokesman"
name = "The army's spokesman"
kind = "official"
reliability = "C"
actor = "army"

[[source]]
id = "rebel-spokesman"
name = "The rebels' spokesman"
kind = "official"
reliability = "C"
actor = "rebels"
"#;

/// The example claims.
const CLAIMS: &str = r#"#:schema ../schema/claims.schema.json
# One event and what is claimed about it. Each claim lists its evidence: who said it
# (`source`), how (`stance`: asserts, confirms, denies, retracts...) and when (`date`).
# `favours` names the party a claim serves, so that party's own word counts for less.

[event]
id = "bridge-attack"
title = "Attack on the river bridge"
date = 2025-03-02
place = "The river bridge"

[[claim]]
id = "bridge.attacked"
text = "The river bridge was attacked on 2 March 2025."

[[claim.evidence]]
source = "agency"
stance = "asserts"
date = 2025-03-02

[[claim.evidence]]
source = "army-spokesman"
stance = "confirms"
date = 2025-03-03

[[claim]]
id = "bridge.destroyed"
text = "The rebels destroyed the bridge."
favours = "rebels"

[[claim.evidence]]
source = "rebel-spokesman"
stance = "asserts"
date = 2025-03-02

[[claim.evidence]]
source = "army-spokesman"
stance = "denies"
date = 2025-03-03
"#;

/// The commented policy: every number at its default, from the code, so it never goes stale.
fn policy() -> String {
    let p = Policy::default();
    format!(
        r#"#:schema schema/policy.schema.json
# How corroborate weighs evidence. Every line below is commented out at its default;
# uncomment one to change it. `corroborate rules` lists the rules [rules] can set.

[scoring]
# base_rate = {base_rate}        # prior belief in a claim nobody supports or denies
# hedged = {hedged}           # weight of hedged wording ("reportedly")
# self_serving = {self_serving}     # weight of a party's word in its own favour
# relay = {relay}            # weight of evidence that reached the desk through a relay

[status]
# confirm_min_origins = {confirm_min_origins}  # independent origins needed to confirm
# contest_threshold = {contest_threshold}
# refute_threshold = {refute_threshold}
# stale_after_days = {stale_after_days}

[rules]
# "stale-unconfirmed" = "off"   # off | info | warning | error
"#,
        base_rate = p.base_rate,
        hedged = p.hedged,
        self_serving = p.self_serving,
        relay = p.relay,
        confirm_min_origins = p.confirm_min_origins,
        contest_threshold = p.contest_threshold,
        refute_threshold = p.refute_threshold,
        stale_after_days = p.stale_after_days,
    )
}

/// Every file `init` writes, relative to the folder, with its contents.
pub fn files() -> Vec<(PathBuf, String)> {
    let mut files = vec![
        (PathBuf::from("corroborate.toml"), policy()),
        (PathBuf::from("sources/sources.toml"), SOURCES.to_owned()),
        (PathBuf::from("claims/example.toml"), CLAIMS.to_owned()),
    ];
    for file in SchemaFile::ALL {
        files.push((
            Path::new("schema").join(file.file_name()),
            json_schema::render(*file),
        ));
    }
    files
}

/// Runs `init`.
pub fn run(args: &InitArgs) -> Result<Outcome, AppError> {
    let files = files();
    // All or nothing: look for anything in the way before writing the first file.
    for (relative, _) in &files {
        let path = args.path.join(relative);
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(AppError::InitExists { path });
        }
    }
    for (relative, text) in &files {
        let path = args.path.join(relative);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|source| AppError::Output {
                path: folder.to_path_buf(),
                source,
            })?;
        }
        // `create_new` never replaces a file nor follows a link planted meanwhile.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut file| {
                file.write_all(text.as_bytes())?;
                file.sync_all()
            })
            .map_err(|source| AppError::Output {
                path: path.clone(),
                source,
            })?;
    }
    note(&format!(
        "wrote a small corpus in {}: try `corroborate check {0}` and `corroborate report {0}`\n",
        args.path.display()
    ));
    Ok(Outcome::Success)
}
