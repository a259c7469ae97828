//! `corroborate add evidence|claim|source`: one entry appended to a corpus file, written only if
//! the corpus with it passes `check`.
//!
//! The library renders the entry and picks its place (`corroborate::edit`); this file picks the
//! file, loads the corpus twice (as it is, and with the new text overlaid on that file), prints
//! the diagnostics the entry brings as `check` prints them, and refuses on any new error. The
//! corpus's own earlier problems are not the entry's: they neither print nor block. Warnings do
//! not block either, save `evidence-in-future` on the new entry. The file is then replaced
//! atomically (`crate::output::write_corpus_file`).

use crate::cli::{
    AddArgs, AddClaimArgs, AddCommand, AddEvidenceArgs, AddSourceArgs, AddTarget, ColorChoice,
};
use crate::output::{read_corpus_file, write_corpus_file};
use crate::world::{
    corpus_root, emit_err, note, settings, terminal_width, today, use_color, AppError, Outcome,
};
use corroborate::diag::{Counts, Diagnostic, Severity};
use corroborate::edit::{self, NewClaim, NewEvidence, NewSource};
use corroborate::engine::Project;
use corroborate::load::{self, texts::Texts, walk::Found, Section};
use corroborate::report::diagnostics::{self as render, Style};
use corroborate::validate::evidence_in_future::RULE as FUTURE;
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Runs `add`.
pub fn run(args: &AddArgs, color: ColorChoice) -> Result<Outcome, AppError> {
    match &args.what {
        AddCommand::Evidence(a) => evidence(a, color),
        AddCommand::Claim(a) => claim(a, color),
        AddCommand::Source(a) => source(a, color),
    }
}

/// The corpus as it is: its root, its files and its diagnostics before the edit.
struct Before {
    root: PathBuf,
    found: Vec<Found>,
    project: Project,
    today: corroborate::model::Date,
}

fn before(target: &AddTarget) -> Result<Before, AppError> {
    let today = today()?;
    let root = corpus_root(target.corpus.as_deref());
    let found = load::find_files_with(&root, settings().config.as_deref())?;
    let project = Project::load_found(&root, found.clone(), today, None);
    Ok(Before {
        root,
        found,
        project,
        today,
    })
}

/// `--file`, relative to the corpus root, if it is a place the loader reads in `section`.
fn given_file(root: &Path, file: &Path, section: Section) -> Result<String, AppError> {
    let here = std::env::current_dir().map_err(|source| AppError::Unreadable {
        path: PathBuf::from("."),
        source,
    })?;
    Ok(edit::relative_target(
        &here.join(root),
        &here.join(file),
        section,
    )?)
}

/// The relative path of file `file` of the corpus.
fn file_of(project: &Project, file: u32) -> Option<String> {
    let files = &project.corpus().files;
    files.get(file as usize).map(|f| f.relative.clone())
}

fn evidence(args: &AddEvidenceArgs, color: ColorChoice) -> Result<Outcome, AppError> {
    let b = before(&args.target)?;
    let relative = match &args.target.file {
        Some(file) => given_file(&b.root, file, Section::Claims)?,
        None => {
            let corpus = b.project.corpus();
            let own = corpus
                .claims
                .iter()
                .rev()
                .find(|c| c.id.value.as_str() == args.claim);
            match own.and_then(|c| file_of(&b.project, c.id.span.file)) {
                Some(relative) => relative,
                None => {
                    // No file to append to, hence no diagnostic to show in one: said plainly.
                    let hint = corroborate::engine::suggest_claim(corpus, &args.claim)
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    emit_err(&corroborate::report::terminal_safe(&format!(
                        "error: no claim `{}` in the corpus{hint}\nnothing written (give --file FILE to add evidence in a claims file of your choice)\n",
                        args.claim
                    )));
                    return Ok(Outcome::Failed);
                }
            }
        }
    };
    let new = NewEvidence {
        claim: args.claim.clone(),
        source: args.source.clone(),
        stance: args.stance.clone(),
        date: args.date.clone(),
        via: args.via.clone(),
        hedged: args.hedged,
        quote: args.quote.clone(),
        lang: args.lang.clone(),
        basis: args.basis.clone(),
        document: args.document.clone(),
        url: args.url.clone(),
        archive_url: args.archive_url.clone(),
    };
    append(b, &relative, Section::Claims, color, |old| {
        new.entry(edit::evidence_table(old, &args.claim))
    })
}

fn claim(args: &AddClaimArgs, color: ColorChoice) -> Result<Outcome, AppError> {
    let b = before(&args.target)?;
    let corpus = b.project.corpus();
    let event_file = args.event.as_ref().and_then(|id| {
        let event = corpus.events.iter().find(|e| e.id.value.as_str() == id)?;
        file_of(&b.project, event.id.span.file)
    });
    let relative = match (&args.target.file, &event_file, &args.event) {
        (Some(file), _, _) => given_file(&b.root, file, Section::Claims)?,
        (None, Some(relative), _) => relative.clone(),
        (None, None, Some(event)) => {
            let known = corpus.events.iter().map(|e| e.id.value.as_str());
            let hint = corroborate::util::text::did_you_mean(event, known)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(AppError::NoDefaultFile {
                what: "claim",
                why: format!("no claims file has the event `{event}`{hint}"),
            });
        }
        (None, None, None) => {
            return Err(AppError::NoDefaultFile {
                what: "claim",
                why: "without --event, no claims file is the default".to_owned(),
            })
        }
    };
    // A claim in the file of its event takes it from the `[event]`: no `event = …` to repeat.
    let in_its_file = event_file.as_deref() == Some(relative.as_str());
    let new = NewClaim {
        id: args.id.clone(),
        text: args.text.clone(),
        question: args.question.clone(),
        favours: args.favours.clone(),
        against: args.against.clone(),
        event: args.event.clone().filter(|_| !in_its_file),
        publish: args.publish,
    };
    append(b, &relative, Section::Claims, color, |_| new.entry())
}

/// The sources file a new source goes to without `--file`.
const DEFAULT_SOURCES: &str = "sources/sources.toml";

fn source(args: &AddSourceArgs, color: ColorChoice) -> Result<Outcome, AppError> {
    let b = before(&args.target)?;
    let relative = match &args.target.file {
        Some(file) => given_file(&b.root, file, Section::Sources)?,
        None => {
            let sources: Vec<&Found> = b
                .found
                .iter()
                .filter(|f| f.section == Section::Sources)
                .collect();
            if sources.iter().any(|f| f.relative == DEFAULT_SOURCES) {
                DEFAULT_SOURCES.to_owned()
            } else if let [only] = sources.as_slice() {
                only.relative.clone()
            } else {
                return Err(AppError::NoDefaultFile {
                    what: "source",
                    why: format!(
                        "there is no {DEFAULT_SOURCES} and {} sources files",
                        sources.len()
                    ),
                });
            }
        }
    };
    let new = NewSource {
        id: args.id.clone(),
        name: args.name.clone(),
        kind: args.kind.clone(),
        actor: args.actor.clone(),
        origin: args.origin.clone(),
        reliability: args.reliability.clone(),
        url: args.url.clone(),
    };
    append(b, &relative, Section::Sources, color, |_| new.entry())
}

/// What identifies a diagnostic across two loads of one corpus: appending leaves every earlier
/// byte, hence every earlier span, where it was (file indices may move, so files go by name).
type Key = (String, u32, u32, &'static str, String);

fn key(project: &Project, d: &Diagnostic) -> Key {
    let span = d.primary.span;
    (
        file_of(project, span.file).unwrap_or_default(),
        span.start,
        span.end,
        d.code,
        d.message.clone(),
    )
}

/// Appends the entry `make` gives for the file's current text to `ROOT/RELATIVE`, if the corpus
/// with it has no error the corpus without it lacked.
fn append(
    b: Before,
    relative: &str,
    section: Section,
    color: ColorChoice,
    make: impl FnOnce(&str) -> edit::Entry,
) -> Result<Outcome, AppError> {
    let Before {
        root,
        found,
        project: old_project,
        today,
    } = b;
    let existing = read_corpus_file(&root, relative)?;
    let old = match &existing {
        Some(e) => std::str::from_utf8(&e.bytes).map_err(|_| AppError::NotText {
            path: root.join(relative),
        })?,
        None => "",
    };
    let entry = make(old);
    let header = entry.table.header();
    let text = edit::append(old, &entry.render());
    let overlay = load::Document {
        relative: relative.to_owned(),
        path: root.join(relative),
        section,
        bytes: Ok(text.clone().into_bytes()),
    };
    let project = Project::load_overlay(&root, found, overlay, today, None);
    let seen: HashSet<Key> = old_project
        .loaded
        .diagnostics
        .iter()
        .map(|d| key(&old_project, d))
        .collect();
    let brought: Vec<Diagnostic> = project
        .loaded
        .diagnostics
        .iter()
        .filter(|d| !seen.contains(&key(&project, d)))
        .cloned()
        .collect();
    let counts = Counts::of(&brought);
    // `-qq` prints nothing but errors, as for `check`: the refusal's own line below is one.
    if !brought.is_empty() && settings().quiet < 2 {
        let corpus = project.corpus();
        let mut texts = Texts::new();
        if let Some(at) = corpus.files.iter().position(|f| f.relative == relative) {
            texts.insert(at as u32, text.clone());
        }
        let style = Style {
            color: use_color(color, std::io::stderr().is_terminal()),
            width: terminal_width(),
        };
        let mut out = render::render_human(corpus, &mut texts, &brought, style);
        if settings().quiet == 0 {
            out.push_str(&format!("{}\n", render::summary_line(corpus, counts)));
        }
        emit_err(&out);
    }
    if brought.iter().any(|d| d.severity == Severity::Error) {
        emit_err(&corroborate::report::terminal_safe(&format!(
            "nothing written: {relative} with this entry would not pass `corroborate check`\n"
        )));
        return Ok(Outcome::Failed);
    }
    // The one warning that blocks: evidence being added today and dated after today is a typo
    // (the rule's own rationale), and one the desk is there to fix; `check` warns of it in a
    // corpus that already has it.
    if brought.iter().any(|d| d.code == FUTURE.id) {
        emit_err(&corroborate::report::terminal_safe(&format!(
            "nothing written: the new entry is dated after today ({today}); fix --date\n"
        )));
        return Ok(Outcome::Failed);
    }
    write_corpus_file(
        &root,
        relative,
        text.as_bytes(),
        existing.map(|e| e.permissions),
    )?;
    note(&corroborate::report::terminal_safe(&format!(
        "appended {header} to {relative}\n"
    )));
    Ok(Outcome::Success)
}
