//! `corroborate sources`: every source's grade, learned reliability and record.

use crate::cli::{ColorChoice, SourcesArgs, SourcesFormat};
use crate::world::{
    as_of, corpus_root, emit, load_for_scoring, table_width, use_color, AppError, Outcome,
};
use std::io::IsTerminal;

/// Runs `sources`.
pub fn run(args: &SourcesArgs, color: ColorChoice) -> Result<Outcome, AppError> {
    let as_of = as_of(args.as_of.as_deref())?;
    let project = match load_for_scoring(&corpus_root(args.path.as_deref()), color)? {
        Ok(project) => project,
        Err(outcome) => return Ok(outcome),
    };
    let spinner = crate::progress::Spinner::new("scoring");
    let assessment = project.assess(as_of);
    spinner.finish();
    let corpus = project.corpus();
    let text = match args.format {
        SourcesFormat::Json => corroborate::report::sources::render_json(corpus, &assessment),
        SourcesFormat::Table => {
            let color = use_color(color, std::io::stdout().is_terminal());
            corroborate::report::sources::render_table(
                corpus,
                &assessment,
                color,
                table_width(None),
            )
        }
    };
    emit(&text)?;
    Ok(Outcome::Success)
}
