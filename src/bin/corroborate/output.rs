//! Where a report goes: stdout, or `--output FILE` written so that nothing is lost.
//!
//! - A regular file (or none yet) is replaced atomically: the report goes to a new temporary file
//!   beside it (a random name, created exclusively, so a planted link is never followed), is
//!   flushed to disk, takes the old file's permissions, and is renamed over it. A reader never
//!   sees half a report, and an interrupted run leaves the old file as it was.
//! - A symbolic link is followed to the file it names, which is replaced as above: the link stays
//!   a link, and an embargoed report keeps its mode.
//! - Anything else (a device such as `/dev/null` or `/dev/stdout`, a FIFO) is written in place:
//!   replacing it with a regular file would break it for every other program.
//! - One of the corpus's own files is refused: a typo must not destroy the input.
//!
//! A closed pipe on stdout (`| head`) is not an error; a full disk or `/dev/full` is.
//!
//! A corpus file that `corroborate add` edits ([`read_corpus_file`], [`write_corpus_file`]) is
//! replaced the same way, but never through a link: neither the file nor any folder between it
//! and the corpus root may be a symbolic link, and only a regular file is replaced. The
//! temporary file's name (`.NAME.RANDOM.tmp`: hidden, not `.toml`) is one the loader's walk skips,
//! so one left by a killed writer is never read as part of the corpus.

use crate::world::AppError;
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

const BUFFER: usize = 1 << 20;

/// Runs `write` on a buffered writer to `path` (as the module says) or, without a path, to
/// stdout. `corpus` are the corpus's own files, under `root`, which are never written over.
pub fn write_output(
    path: Option<&Path>,
    root: &Path,
    corpus: &[PathBuf],
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<(), AppError> {
    let Some(path) = path else {
        let mut out = BufWriter::with_capacity(BUFFER, std::io::stdout());
        return match write(&mut out).and_then(|()| out.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
            _ => Ok(()),
        };
    };
    let fail = |source| AppError::Output {
        path: path.to_path_buf(),
        source,
    };
    let target = follow_links(path).map_err(fail)?;
    if is_corpus_file(&target, root, corpus) {
        return Err(AppError::OutputIsCorpus {
            path: path.to_path_buf(),
        });
    }
    match std::fs::metadata(&target) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            // A device or a FIFO: write into it, as a shell redirection would.
            let file = OpenOptions::new().write(true).open(&target).map_err(fail)?;
            let mut out = BufWriter::with_capacity(BUFFER, file);
            write(&mut out).and_then(|()| out.flush()).map_err(fail)
        }
        Ok(meta) => replace(&target, Some(meta.permissions()), write).map_err(fail),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            replace(&target, None, write).map_err(fail)
        }
        Err(e) => Err(fail(e)),
    }
}

/// `path`, with every symbolic link along its last component followed (at most 40, as the
/// kernel allows); a dangling link gives the path it points at, which is then created.
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Whether `target` is one of the corpus files `corpus` (all under `root`: the loader follows
/// no link out of it, so a target elsewhere is settled without looking at each file).
fn is_corpus_file(target: &Path, root: &Path, corpus: &[PathBuf]) -> bool {
    let (Ok(target), Ok(root)) = (std::fs::canonicalize(target), std::fs::canonicalize(root))
    else {
        return false;
    };
    if !target.starts_with(&root) {
        return false;
    }
    corpus
        .iter()
        .any(|file| std::fs::canonicalize(file).is_ok_and(|f| f == target))
}

/// Writes a new file beside `target` and renames it over `target`, with `permissions` if given.
fn replace(
    target: &Path,
    permissions: Option<std::fs::Permissions>,
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (temp, file) = create_temp(&dir, &name)?;
    let result = (|| {
        let mut out = BufWriter::with_capacity(BUFFER, file);
        write(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
        file.sync_all()?;
        std::fs::rename(&temp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// A new file `.NAME.RANDOM.tmp` in `dir`, created exclusively (never an existing file or link).
pub(crate) fn create_temp(dir: &Path, name: &str) -> std::io::Result<(PathBuf, File)> {
    let state = std::collections::hash_map::RandomState::new();
    for attempt in 0u32..100 {
        let mut hasher = state.build_hasher();
        hasher.write_u32(std::process::id());
        hasher.write_u32(attempt);
        let temp = dir.join(format!(".{name}.{:016x}.tmp", hasher.finish()));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("cannot create a temporary file"))
}

/// A corpus file's bytes and permissions before an edit, or `None` if it does not exist yet.
pub struct Existing {
    /// Its contents.
    pub bytes: Vec<u8>,
    /// Its mode, kept by the replacement.
    pub permissions: std::fs::Permissions,
}

/// Checks that `ROOT/RELATIVE` may be edited (see the module's doc) and reads it; folders under
/// the root that are missing are fine (the write makes them).
pub fn read_corpus_file(root: &Path, relative: &str) -> Result<Option<Existing>, AppError> {
    let target = root.join(relative);
    let refuse = |path: &Path, why: &'static str| AppError::NotEditable {
        path: path.to_path_buf(),
        why,
    };
    let fail = |path: &Path, source| AppError::Output {
        path: path.to_path_buf(),
        source,
    };
    let mut dir = root.to_path_buf();
    let parts: Vec<&str> = relative.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        dir.push(part);
        match std::fs::symlink_metadata(&dir) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(refuse(
                    &dir,
                    "it is a symbolic link, which an edit never follows",
                ))
            }
            Ok(meta) if !meta.is_dir() => return Err(refuse(&dir, "it is not a folder")),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
            Err(e) => return Err(fail(&dir, e)),
        }
    }
    match std::fs::symlink_metadata(&target) {
        Ok(meta) if meta.file_type().is_symlink() => Err(refuse(
            &target,
            "it is a symbolic link, which an edit never follows",
        )),
        Ok(meta) if !meta.is_file() => Err(refuse(&target, "it is not a regular file")),
        Ok(meta) => {
            let bytes = std::fs::read(&target).map_err(|e| fail(&target, e))?;
            Ok(Some(Existing {
                bytes,
                permissions: meta.permissions(),
            }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(fail(&target, e)),
    }
}

/// Replaces (or creates) `ROOT/RELATIVE` with `bytes`, atomically and durably: the checks of
/// [`read_corpus_file`] again (the file may have changed since), missing folders made, a
/// temporary file beside it flushed to disk with `permissions`, renamed over it, the folder
/// synced.
pub fn write_corpus_file(
    root: &Path,
    relative: &str,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> Result<(), AppError> {
    let target = root.join(relative);
    let fail = |source| AppError::Output {
        path: target.clone(),
        source,
    };
    read_corpus_file(root, relative)?;
    if let Some(dir) = target.parent() {
        // Each folder made is checked by `read_corpus_file` above to be none yet or a real one.
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    replace(&target, permissions, |out| out.write_all(bytes)).map_err(fail)?;
    if let Some(dir) = target.parent() {
        // Best effort: the rename itself is durable only once its folder is.
        if let Ok(handle) = File::open(dir) {
            let _ = handle.sync_all();
        }
    }
    Ok(())
}
