//! `corroborate report`: every selected claim's verdict, in the format asked for, and the
//! publication gate.

use crate::cli::{ColorChoice, ReportArgs, ReportFormat};
use crate::world::{
    as_of, emit, emit_err, load_for_scoring, table_width, use_color, write_atomic, write_output,
    AppError, Outcome,
};
use corroborate::engine::{self, Filter, Verdict};
use corroborate::report;
use corroborate::util::text::plural;
use std::io::IsTerminal;

/// Runs `report`.
pub fn run(args: &ReportArgs, color: ColorChoice) -> Result<Outcome, AppError> {
    let as_of = as_of(args.as_of.as_deref())?;
    corroborate::util::timing::mark("start");
    let project = match load_for_scoring(&args.path, color)? {
        Ok(project) => project,
        Err(outcome) => return Ok(outcome),
    };
    let corpus = project.corpus();
    corroborate::util::timing::mark("loaded");
    let assessment = project.assess(as_of);
    let filter = Filter {
        statuses: args.status.iter().map(|s| s.status()).collect(),
        events: args.event.clone(),
        sources: args.source.clone(),
    };
    let selected = engine::select(corpus, &assessment.outcomes, &filter);
    let judge = project.judge(&assessment);
    // Whole verdicts for the formats that take them; the JSON scores them a batch at a time.
    let explain = matches!(args.format, ReportFormat::Html);
    let verdicts: Vec<Verdict> = match args.format {
        ReportFormat::Json => Vec::new(),
        _ => judge.verdicts(&selected, explain),
    };
    let selection = report::Selection {
        as_of,
        verdicts: verdicts.iter().collect(),
        assessment: Some(&assessment),
    };
    let gate: Vec<_> = args.fail_on.iter().map(|s| s.status()).collect();
    let text = match args.format {
        // The JSON of a large corpus is the biggest output: stream it rather than build it.
        ReportFormat::Json => {
            let verdict = |ix| judge.verdict(ix, false);
            write_output(args.output.as_deref(), |out| {
                report::json::write_streamed(corpus, &selected, &assessment, &verdict, out)
            })?;
            None
        }
        ReportFormat::Markdown => Some(report::markdown::render(corpus, &selection)),
        ReportFormat::Csv => Some(report::csv::render(corpus, &selection, args.evidence)),
        ReportFormat::Html => {
            let derivations: Vec<_> = {
                use rayon::prelude::*;
                verdicts.par_iter().map(|v| judge.derive(v)).collect()
            };
            Some(report::html::render(
                corpus,
                &selection,
                &derivations,
                judge.context(),
            ))
        }
        ReportFormat::Claimreview => Some(report::claimreview::render(
            corpus,
            &selection,
            project.policy(),
        )),
        ReportFormat::Junit => Some(report::junit::render(corpus, &selection, &gate)),
        ReportFormat::Table => {
            let is_terminal = std::io::stdout().is_terminal();
            let style = report::table::Style {
                color: use_color(color, is_terminal),
                width: table_width(),
            };
            Some(report::table::render(corpus, &selection, style))
        }
    };
    corroborate::util::timing::mark("written");
    if let Some(text) = text {
        match &args.output {
            Some(path) => write_atomic(path, &text)?,
            None => emit(&text)?,
        }
    }
    let failing = engine::gate(corpus, &assessment.outcomes, &selected, &gate);
    // Freeing a large assessment takes a noticeable share of a run; the output is written, so
    // hand it to a thread the process does not wait for.
    drop((selection, judge));
    std::thread::spawn(move || drop((verdicts, assessment, project)));
    if failing.is_empty() {
        return Ok(Outcome::Success);
    }
    emit_err(&format!(
        "publication gate failed: {} marked for publication {}: {}\n",
        plural(failing.len(), "claim"),
        if failing.len() == 1 {
            "has a failing status"
        } else {
            "have failing statuses"
        },
        failing.join(", ")
    ));
    Ok(Outcome::Failed)
}
