//! `corroborate check`: every problem in a corpus, answered from the cache when nothing changed.

use crate::cli::{CheckArgs, CheckFormat, ColorChoice};
use crate::progress::Progress;
use crate::world::{
    corpus_root, emit, emit_err, settings, terminal_width, today, use_color, AppError, Outcome,
};
use corroborate::diag::Counts;
use corroborate::engine::Project;
use corroborate::load;
use corroborate::load::texts::Texts;
use corroborate::report::diagnostics::{self as render, Style};
use corroborate::util::path::fold;
use std::io::IsTerminal;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

/// Runs `check`.
pub fn run(args: &CheckArgs, color: ColorChoice) -> Result<Outcome, AppError> {
    let today = today()?;
    let color = use_color(color, std::io::stderr().is_terminal());
    let width = terminal_width();
    let quiet = settings().quiet;
    let config = settings().config.as_deref();
    if args.path.as_deref() == Some(Path::new("-")) {
        return check_stdin(args, today, color, width);
    }
    let root = corpus_root(args.path.as_deref());
    // An `import --force` cut off half-way may have left a corpus without its claims/ (or with
    // one import's claims beside another's sources) that would otherwise check clean.
    if let Some(folder) = corroborate::import::interrupted_import(&root) {
        return Err(AppError::InterruptedImport { folder });
    }
    let found = load::find_files_with(&root, config)?;
    // Everything the output depends on besides the files and the binary (see `crate::cache`):
    // paths print as given, SARIF resolves the root.
    let resolved = std::fs::canonicalize(&root)
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let options = format!(
        "check\n{:?}\n{color}\n{width}\n{quiet}\n{}\n{resolved}",
        args.format,
        root.display()
    );
    let place = crate::cache::Place::for_run(args.no_cache, args.cache_dir.as_deref());
    let probe = place.as_ref().and_then(|place| {
        crate::cache::Probe::new(place, &root, &found, today.to_string(), options)
    });
    corroborate::util::timing::mark("hashed");
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
    let seen: Vec<OnceLock<crate::cache::Seen>> =
        (0..found.len()).map(|_| OnceLock::new()).collect();
    let progress = Progress::new(found.len(), quiet == 0);
    let on_read = |i: usize, bytes: &[u8]| {
        progress.tick();
        if let Some(probe) = &probe {
            let _ = seen[i].set(probe.seen(i, bytes));
        }
    };
    let project = Project::load_found(&root, found, today, Some(&on_read));
    progress.finish();
    corroborate::util::timing::mark("loaded");
    let (stdout, stderr, outcome) = render(args, &project, color, width, None);
    corroborate::util::timing::mark("rendered");
    if let Some(probe) = &probe {
        let seen: Vec<Option<crate::cache::Seen>> = seen.iter().map(|h| h.get().copied()).collect();
        let entry = crate::cache::Entry {
            stdout,
            stderr,
            code: outcome.code(),
            captures: project
                .loaded
                .captures
                .iter()
                .map(|c| (c.relative.clone(), c.digest))
                .collect(),
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
    if project.corpus().claims.len() > 20_000 {
        let _ = std::thread::Builder::new().spawn(move || drop(project));
    }
    Ok(outcome)
}

/// `check -`: one claims file from stdin, checked against the corpus here or above (its
/// sources, events and policy), in place of `--stdin-filename` if the corpus has that file.
/// Never cached: there is no file to key it by.
fn check_stdin(
    args: &CheckArgs,
    today: corroborate::model::Date,
    color: bool,
    width: usize,
) -> Result<Outcome, AppError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|source| AppError::Stdin { source })?;
    let root = corpus_root(None);
    let found = match load::find_files_with(&root, settings().config.as_deref()) {
        Ok(found) => found,
        // A lone claims file, with no corpus around it, is still checked (its sources are then
        // unknown).
        Err(load::LoadError::NoCorpus(_)) => {
            load::with_policy(&root, Vec::new(), settings().config.as_deref())?
        }
        Err(e) => return Err(e.into()),
    };
    let relative = stdin_relative(&root, args.stdin_filename.as_deref())?;
    let section = if relative.starts_with("sources/") {
        load::convert::Section::Sources
    } else {
        load::convert::Section::Claims
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let overlay = load::Document {
        path: root.join(&relative),
        relative: relative.clone(),
        section,
        bytes: Ok(bytes),
    };
    let project = Project::load_overlay(&root, found, overlay, today, None);
    let (stdout, stderr, outcome) = render(args, &project, color, width, Some((&relative, text)));
    emit(&stdout)?;
    emit_err(&stderr);
    Ok(outcome)
}

/// Where stdin stands in the corpus at `root`: `--stdin-filename` (from here) made relative to
/// the root, or `claims/<stdin>.toml`.
fn stdin_relative(root: &Path, named: Option<&Path>) -> Result<String, AppError> {
    let Some(named) = named else {
        return Ok("claims/<stdin>.toml".to_owned());
    };
    let absolute = |p: &Path| std::env::current_dir().map(|here| fold(&here.join(p)));
    let (Ok(file), Ok(root_abs)) = (absolute(named), absolute(root)) else {
        return Err(AppError::BadStdinName {
            path: named.to_path_buf(),
        });
    };
    let inside = file
        .strip_prefix(&root_abs)
        .ok()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| p.starts_with("claims/") || p.starts_with("sources/"));
    inside.ok_or_else(|| AppError::BadStdinName {
        path: named.to_path_buf(),
    })
}

/// What `check` prints for `project`: stdout, stderr and the outcome.
/// `stdin` is the relative path and text of a document read from stdin, which the snippets
/// must show instead of the file on disk.
fn render(
    args: &CheckArgs,
    project: &Project,
    color: bool,
    width: usize,
    stdin: Option<(&str, String)>,
) -> (String, String, Outcome) {
    let quiet = settings().quiet;
    let mut texts = Texts::new();
    let diagnostics = &project.loaded.diagnostics;
    let counts = Counts::of(diagnostics);
    let corpus = project.corpus();
    if let Some((relative, text)) = stdin {
        if let Some(at) = corpus.files.iter().position(|f| f.relative == relative) {
            texts.insert(at as u32, text);
        }
    }
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
            if quiet == 0 {
                body.push_str(&format!("{}\n", render::summary_line(corpus, counts)));
            }
            if quiet >= 2 {
                body.clear();
            }
            (String::new(), body)
        }
    };
    let outcome = if counts.errors > 0 {
        Outcome::Failed
    } else {
        Outcome::Success
    };
    (stdout, stderr, outcome)
}
