//! Cross-entity validation: checks that need the linked corpus, not one file.
//!
//! Each check lives in its own file with its code ([`RuleMeta`]) and its tests, and is listed
//! once: in [`PER_CLAIM`], which the loader runs on each claim inside its parallel link pass (no
//! extra pass over the claims), or in [`ACTORS`], run once on the resolved actors. A caller
//! cannot forget a check, and a test holds the lists against this folder: a check file that is
//! not listed fails it.

pub mod actor_alliances;
pub mod answer_value;
pub mod bad_implication;
pub mod evidence_before_event;
pub mod evidence_in_future;
pub mod favours_and_against;
pub mod lone_answer;
pub mod self_relay;
pub mod undated_evidence;
pub mod unlinked_evidence;

use crate::diag::{Diagnostic, RuleMeta};
use crate::model::{Actor, Claim, Date, Document, Event, Question};

/// What a per-claim check may look at besides the claim.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// The corpus's events (a claim's `event` reference points into them).
    pub events: &'a [Event],
    /// The corpus's documents (evidence's `document` references point into them).
    pub documents: &'a [Document],
    /// The day evidence dates are checked against.
    pub today: Date,
}

/// A check run on every resolved claim.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// Its code and documentation.
    pub rule: &'static RuleMeta,
    /// Reports what is wrong with one claim.
    pub check_claim: fn(&Claim, &Scope<'_>, &mut Vec<Diagnostic>),
}

/// Every per-claim check, in the order `corroborate rules` lists them.
pub static PER_CLAIM: &[&Check] = &[
    &favours_and_against::CHECK,
    &self_relay::CHECK,
    &evidence_before_event::CHECK,
    &evidence_in_future::CHECK,
    &undated_evidence::CHECK,
    &unlinked_evidence::CHECK,
];

/// A check run once on the resolved actors.
#[derive(Debug, Clone, Copy)]
pub struct ActorCheck {
    /// Its code and documentation.
    pub rule: &'static RuleMeta,
    /// Reports what is wrong among the actors.
    pub check_actors: fn(&[Actor], &mut Vec<Diagnostic>),
}

/// Every check on the actors, in the order `corroborate rules` lists them.
pub static ACTORS: &[&ActorCheck] = &[&actor_alliances::CHECK];

/// Runs every check of [`ACTORS`].
pub fn check_actors(actors: &[Actor], out: &mut Vec<Diagnostic>) {
    for check in ACTORS {
        (check.check_actors)(actors, out);
    }
}

/// A check run once over all the resolved claims.
#[derive(Debug, Clone, Copy)]
pub struct ClaimsCheck {
    /// Its code and documentation.
    pub rule: &'static RuleMeta,
    /// Reports what is wrong among the claims taken together (with the declared questions).
    pub check_claims: fn(&[Claim], &[Question], &mut Vec<Diagnostic>),
}

/// Every check over all the claims, in the order `corroborate rules` lists them.
pub static CLAIMS: &[&ClaimsCheck] = &[
    &lone_answer::CHECK,
    &answer_value::CHECK,
    &bad_implication::CHECK,
];

/// Runs every check of [`CLAIMS`].
pub fn check_claims(claims: &[Claim], questions: &[Question], out: &mut Vec<Diagnostic>) {
    for check in CLAIMS {
        (check.check_claims)(claims, questions, out);
    }
}

/// Runs every check of [`PER_CLAIM`] on `claim`.
pub fn check_claim(claim: &Claim, scope: &Scope<'_>, out: &mut Vec<Diagnostic>) {
    for check in PER_CLAIM {
        (check.check_claim)(claim, scope, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of this folder is a check listed in [`PER_CLAIM`], under its file's name.
    #[test]
    fn every_check_file_is_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/validate");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("src/validate is readable")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rs") && n != "mod.rs")
            .collect();
        files.sort();
        assert_eq!(
            files.len(),
            PER_CLAIM.len() + ACTORS.len() + CLAIMS.len(),
            "{files:?}"
        );
        for file in files {
            let id = file.trim_end_matches(".rs").replace('_', "-");
            assert!(
                PER_CLAIM.iter().any(|c| c.rule.id == id)
                    || ACTORS.iter().any(|c| c.rule.id == id)
                    || CLAIMS.iter().any(|c| c.rule.id == id),
                "src/validate/{file} is not listed in PER_CLAIM, ACTORS or CLAIMS as `{id}`"
            );
        }
    }
}
