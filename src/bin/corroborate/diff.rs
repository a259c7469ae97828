//! `corroborate diff OLD NEW`: claims whose verdict changed, and why.

use crate::cli::{ColorChoice, DiffArgs, SourcesFormat};
use crate::world::{as_of, emit, load_for_scoring, AppError, Outcome};
use corroborate::load::LoadError;
use corroborate::model::Date;
use corroborate::report::diff::{self, Snapshot};
use std::path::Path;

/// One side of a `diff`: a corpus folder, scored, or a saved JSON report.
fn side(
    path: &Path,
    as_of: Date,
    color: ColorChoice,
) -> Result<Result<Snapshot, Outcome>, AppError> {
    if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|source| {
            AppError::Load(LoadError::Unreadable {
                path: path.to_path_buf(),
                source,
            })
        })?;
        return Snapshot::from_report_json(&text)
            .map(Ok)
            .map_err(|why| AppError::BadReport {
                path: path.to_path_buf(),
                why: why.to_string(),
            });
    }
    let project = match load_for_scoring(path, color)? {
        Ok(project) => project,
        Err(outcome) => return Ok(Err(outcome)),
    };
    let spinner = crate::progress::Spinner::new("scoring");
    let assessment = project.assess(as_of);
    // The engine judges; the report layer only reads the verdicts it is given.
    let judge = project.judge(&assessment);
    let snapshot = Snapshot::of_corpus(project.corpus(), &assessment, &|claims| {
        judge.verdicts(claims)
    });
    spinner.finish();
    Ok(Ok(snapshot))
}

/// Runs `diff`.
pub fn run(args: &DiffArgs, color: ColorChoice) -> Result<Outcome, AppError> {
    let as_of = as_of(args.as_of.as_deref())?;
    let old = match side(&args.old, as_of, color)? {
        Ok(s) => s,
        Err(outcome) => return Ok(outcome),
    };
    let new = match side(&args.new, as_of, color)? {
        Ok(s) => s,
        Err(outcome) => return Ok(outcome),
    };
    let diff = diff::compare(&old, &new, args.all);
    let text = match args.format {
        SourcesFormat::Json => diff::render_json(&diff),
        SourcesFormat::Table => diff::render_text(&diff),
    };
    emit(&text)?;
    Ok(Outcome::Success)
}
