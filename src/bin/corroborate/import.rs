//! `corroborate import`: a CSV of (source, question, answer) rows into a corpus.

use crate::cli::ImportArgs;
use crate::world::{emit_err, note, settings, AppError, Outcome};
use corroborate::import::{self, ImportOptions, Step};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

/// Runs `import`.
pub fn run(args: &ImportArgs) -> Result<Outcome, AppError> {
    let progress = (std::io::stderr().is_terminal() && settings().quiet == 0).then(bar);
    let options = ImportOptions {
        force: args.force,
        source_col: args.source_col.clone(),
        question_col: args.question_col.clone(),
        answer_col: args.answer_col.clone(),
        kind: args.kind.into(),
        progress,
    };
    // Leftovers of earlier imports are dealt with before anything else, and told of at once, so
    // that the user hears of a corpus put back even when this import then fails.
    for reclaimed in import::reclaim(&args.out)? {
        // What was done to the folder is said even under -q.
        emit_err(&format!("note: {reclaimed}\n"));
    }
    let summary = import::import(&args.file, &args.out, &options)?;
    note(&format!("{summary}\n"));
    Ok(Outcome::Success)
}

/// A progress bar on stderr that follows the import's steps: bytes read, then files written.
fn bar() -> import::Progress {
    let current: Mutex<Option<ProgressBar>> = Mutex::new(None);
    Arc::new(move |step: Step<'_>| {
        let Ok(mut current) = current.lock() else {
            return;
        };
        match step {
            Step::Reading { name, bytes } => {
                let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::stderr());
                if let Ok(style) = ProgressStyle::with_template(
                    "reading {msg} [{bar:30}] {bytes}/{total_bytes} ({eta} left)",
                ) {
                    bar.set_style(style.progress_chars("=> "));
                }
                bar.set_message(name.to_owned());
                *current = Some(bar);
            }
            Step::ReadTo(at) => {
                if let Some(bar) = current.as_ref() {
                    bar.set_position(at);
                }
            }
            Step::Writing { files } => {
                let bar = ProgressBar::with_draw_target(Some(files), ProgressDrawTarget::stderr());
                if let Ok(style) = ProgressStyle::with_template(
                    "writing [{bar:30}] {pos}/{len} files ({eta} left)",
                ) {
                    bar.set_style(style.progress_chars("=> "));
                }
                *current = Some(bar);
            }
            Step::Wrote => {
                if let Some(bar) = current.as_ref() {
                    bar.inc(1);
                }
            }
            Step::Done => {
                if let Some(bar) = current.take() {
                    bar.finish_and_clear();
                }
            }
        }
    })
}
