//! `corroborate explain CLAIM`: one verdict's derivation.

use crate::cli::{ColorChoice, ExplainArgs};
use crate::world::{as_of, corpus_root, emit, load_for_scoring, AppError, Outcome};
use corroborate::engine::{suggest_claim, Judge};

/// Runs `explain`.
pub fn run(args: &ExplainArgs) -> Result<Outcome, AppError> {
    let as_of = as_of(args.as_of.as_deref())?;
    let project = match load_for_scoring(&corpus_root(args.path.as_deref()), ColorChoice::Auto)? {
        Ok(project) => project,
        Err(outcome) => return Ok(outcome),
    };
    let corpus = project.corpus();
    let Some(ix) = corpus.claim_by_id(&args.claim) else {
        let hint = suggest_claim(corpus, &args.claim)
            .map(|near| format!("; did you mean `{near}`?"))
            .unwrap_or_else(|| "; `corroborate report` lists the claims".to_owned());
        return Err(AppError::UnknownClaim {
            id: args.claim.clone(),
            hint,
        });
    };
    // One claim's derivation needs the learned reliability, not every claim's outcome.
    let spinner = crate::progress::Spinner::new("learning reliability");
    let learned = project.learn(as_of);
    spinner.finish();
    let judge = Judge::new(&project, &learned, as_of);
    let (verdict, derivation) = judge.explained(ix);
    emit(&corroborate::report::derivation::render(
        corpus,
        &verdict,
        &derivation,
        judge.context(),
    ))?;
    Ok(Outcome::Success)
}
