//! `corroborate check`: every problem in a corpus, answered from the cache when nothing changed.

use crate::cli::{CheckArgs, CheckFormat, ColorChoice};
use crate::progress::Progress;
use crate::world::{emit, emit_err, terminal_width, today, use_color, AppError, Outcome};
use corroborate::diag::Counts;
use corroborate::engine::Project;
use corroborate::load;
use corroborate::load::texts::Texts;
use corroborate::report::diagnostics::{self as render, Style};
use std::io::IsTerminal;
use std::sync::OnceLock;

/// Runs `check`.
pub fn run(args: &CheckArgs, color: ColorChoice) -> Result<Outcome, AppError> {
    let today = today()?;
    let color = use_color(color, std::io::stderr().is_terminal());
    let width = terminal_width();
    let found = load::find_files(&args.path)?;
    // Everything the output depends on besides the files and the binary (see `crate::cache`):
    // paths print as given, SARIF resolves the root.
    let resolved = std::fs::canonicalize(&args.path)
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let options = format!(
        "check\n{:?}\n{color}\n{width}\n{}\n{resolved}",
        args.format,
        args.path.display()
    );
    let place = crate::cache::Place::for_run(args.no_cache, args.cache_dir.as_deref());
    let probe = place
        .as_ref()
        .and_then(|place| crate::cache::Probe::new(place, &found, today.to_string(), options));
    if let Some(entry) = probe.as_ref().and_then(|p| p.lookup()) {
        emit(&entry.stdout)?;
        emit_err(&entry.stderr);
        return Ok(match entry.code {
            0 => Outcome::Success,
            1 => Outcome::Failed,
            _ => Outcome::Usage,
        });
    }
    // Hashes of the files as loaded, to store the result only if they are those of the key.
    let seen: Vec<OnceLock<crate::cache::Digest256>> =
        (0..found.len()).map(|_| OnceLock::new()).collect();
    let progress = Progress::new(found.len(), true);
    let on_read = |i: usize, bytes: &[u8]| {
        progress.tick();
        if probe.is_some() {
            let _ = seen[i].set(crate::cache::sha256(bytes));
        }
    };
    let project = Project::load_found(&args.path, found, today, Some(&on_read));
    progress.finish();
    let mut texts = Texts::new();
    let diagnostics = &project.loaded.diagnostics;
    let counts = Counts::of(diagnostics);
    let corpus = project.corpus();
    let (stdout, stderr) = match args.format {
        CheckFormat::Json => (
            render::render_json(corpus, &mut texts, diagnostics),
            String::new(),
        ),
        CheckFormat::Sarif => (
            corroborate::report::sarif::render(corpus, &mut texts, diagnostics),
            String::new(),
        ),
        CheckFormat::Github => (
            corroborate::report::github::render(corpus, &mut texts, diagnostics),
            String::new(),
        ),
        CheckFormat::Human | CheckFormat::Short => {
            let mut body = if args.format == CheckFormat::Short {
                render::render_short(corpus, &mut texts, diagnostics)
            } else {
                let style = Style { color, width };
                render::render_human(corpus, &mut texts, diagnostics, style)
            };
            body.push_str(&format!("{}\n", render::summary_line(corpus, counts)));
            (String::new(), body)
        }
    };
    let outcome = if counts.errors > 0 {
        Outcome::Failed
    } else {
        Outcome::Success
    };
    if let Some(probe) = &probe {
        let seen: Vec<Option<crate::cache::Digest256>> =
            seen.iter().map(|h| h.get().copied()).collect();
        let entry = crate::cache::Entry {
            stdout,
            stderr,
            code: outcome.code(),
        };
        probe.store(&seen, &entry);
        emit(&entry.stdout)?;
        emit_err(&entry.stderr);
    } else {
        emit(&stdout)?;
        emit_err(&stderr);
    }
    // Freeing a large corpus (millions of small allocations) takes a noticeable share of a run
    // that is about to end: a background thread does it, and the process's exit ends that thread.
    if corpus.claims.len() > 20_000 {
        let _ = std::thread::Builder::new().spawn(move || drop(project));
    }
    Ok(outcome)
}
