//! `corroborate report`: every selected claim's verdict, in the format asked for, and the
//! publication gate.

use crate::cli::{ColorChoice, ReportArgs};
use crate::output::write_output;
use crate::progress::Spinner;
use crate::world::{
    as_of, corpus_root, emit_err, load_for_scoring_or, table_width, use_color, AppError, Outcome,
};
use corroborate::engine::{self, Filter};
use corroborate::report::format::Format;
use corroborate::report::{self, format::Doc, format::Options};
use corroborate::util::text::plural;
use std::io::IsTerminal;

/// Runs `report`.
pub fn run(args: &ReportArgs, color: ColorChoice) -> Result<Outcome, AppError> {
    let as_of = as_of(args.as_of.as_deref())?;
    let root = corpus_root(args.path.as_deref());
    corroborate::util::timing::mark("start");
    // JUnit is read by CI pages: a corpus that cannot be scored is written as its errors.
    let junit = args.format == report::junit::JUNIT.name();
    let format = report::format::find(&args.format).unwrap_or(&report::table::TABLE);
    if !format.lists() {
        let flag = if args.limit.is_some() {
            Some("limit")
        } else {
            args.sort.sort().is_given().then_some("sort")
        };
        if let Some(flag) = flag {
            return Err(AppError::NotListed {
                flag,
                format: args.format.clone(),
            });
        }
    }
    let project = match load_for_scoring_or(&root, color, |project, texts| {
        if !junit {
            return Ok(());
        }
        let own = own_files(project.corpus());
        let text =
            report::junit::render_errors(project.corpus(), texts, &project.loaded.diagnostics);
        write_output(args.output.as_deref(), &root, &own, |out| {
            out.write_all(text.as_bytes())
        })
    })? {
        Ok(project) => project,
        Err(outcome) => return Ok(outcome),
    };
    let corpus = project.corpus();
    corroborate::util::timing::mark("loaded");
    let filter = Filter {
        statuses: args.status.iter().map(|s| s.status()).collect(),
        events: args.event.clone(),
        sources: args.source.clone(),
    };
    if let Some(unknown) = filter.unknown(corpus) {
        let hint = match &unknown.near {
            Some(near) => format!("; did you mean `{near}`?"),
            None if unknown.what == "source" => "; `corroborate sources` lists them".to_owned(),
            None => "; no claims file defines it in an `[event]` table".to_owned(),
        };
        return Err(AppError::UnknownName {
            what: unknown.what,
            value: unknown.value,
            hint,
        });
    }
    let spinner = Spinner::new("scoring");
    let assessment = project.assess(as_of);
    spinner.phase("writing the report");
    let mut selected = engine::select(corpus, &assessment.outcomes, &filter);
    let sort = args.sort.sort();
    // The default order is left to each format (its own canonical layout); only a limit needs
    // the selection ordered first, to know which claims are the first N.
    if sort.is_given() || args.limit.is_some() {
        engine::order(corpus, &assessment.outcomes, &mut selected, sort);
    }
    // A limit the selection does not reach shows everything, and says nothing of it.
    let limit = args.limit.filter(|&n| n < selected.len());
    let listing = report::view::Listing {
        given_order: sort.is_given(),
        all: limit.map(|_| engine::counts(&assessment.outcomes, &selected)),
    };
    let shown = &selected[..limit.unwrap_or(selected.len())];
    let judge = project.judge(&assessment);
    let gate: Vec<_> = args.fail_on.iter().map(|s| s.status()).collect();
    let options = Options {
        color: use_color(color, std::io::stdout().is_terminal()),
        width: table_width(args.width),
        evidence_rows: args.evidence,
        gate: gate.clone(),
        listing,
    };
    let doc = Doc {
        corpus,
        policy: project.policy(),
        assessment: &assessment,
        claims: shown,
        judge: &judge,
        options: &options,
    };
    let own = own_files(corpus);
    write_output(args.output.as_deref(), &root, &own, |out| {
        format.write(&doc, out)
    })?;
    spinner.finish();
    corroborate::util::timing::mark("written");
    let failing = engine::gate(corpus, &assessment.outcomes, &selected, &gate);
    // Freeing a large assessment takes a noticeable share of a run; the output is written, so
    // hand it to a thread the process does not wait for.
    drop(judge);
    std::thread::spawn(move || drop((assessment, project)));
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

/// The corpus's own files, which `--output` never writes over.
fn own_files(corpus: &corroborate::model::Corpus) -> Vec<std::path::PathBuf> {
    corpus.files.iter().map(|f| f.path.clone()).collect()
}
