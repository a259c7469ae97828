//! Finding the corpus's files: `claims/` and `sources/`, recursively, in a fixed order.

use super::convert::Section;
use super::LoadError;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// A TOML file found under one of the corpus's sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Path as opened.
    pub path: PathBuf,
    /// Path relative to the corpus root, `/`-separated.
    pub relative: String,
    /// Which section it is under.
    pub section: Section,
    /// Why it is not read, if it is not: the loader reports it instead (`skipped-file`).
    pub skip: Option<Skip>,
}

/// Why an entry that looks like a corpus file is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// A symbolic link to somewhere outside the corpus folder: a corpus that arrives in a pull
    /// request must not make `check` print files of the machine it runs on.
    OutsideCorpus(PathBuf),
    /// A symbolic link to nothing.
    Dangling,
    /// Not a regular file (a FIFO, a socket, a device).
    NotAFile,
    /// Named `.TOML` or the like: only `.toml` is read.
    Extension,
}

/// Lists every `.toml` file under `root/sources` then `root/claims`, each folder sorted by name,
/// hidden entries skipped, and every directory visited once even through symlink loops.
pub fn find(root: &Path) -> Result<Vec<Found>, LoadError> {
    let meta = fs::metadata(root).map_err(|source| LoadError::Unreadable {
        path: root.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(LoadError::NotADirectory(root.to_path_buf()));
    }
    let mut found = Vec::new();
    let mut any_section = false;
    // One visited set for both sections: a link from claims/ back to the root must not walk
    // sources/ a second time as claims.
    let mut visited = HashSet::new();
    let inside = fs::canonicalize(root).map_err(|source| LoadError::Unreadable {
        path: root.to_path_buf(),
        source,
    })?;
    for (name, section) in [("sources", Section::Sources), ("claims", Section::Claims)] {
        let dir = root.join(name);
        if !dir.is_dir() {
            continue;
        }
        any_section = true;
        let mut cx = Walk {
            inside: &inside,
            section,
            visited: &mut visited,
            found: &mut found,
        };
        cx.walk(&dir, name)?;
    }
    if !any_section || found.is_empty() {
        return Err(LoadError::NoCorpus(root.to_path_buf()));
    }
    Ok(found)
}

/// Why the file at `path` (which exists, as a file or a link) is not read, if it is not: a link
/// to nothing or out of `inside` (the canonical corpus folder), or not a regular file.
pub fn skip_reason(path: &Path, inside: &Path) -> Option<Skip> {
    let link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if link {
        match fs::canonicalize(path) {
            Err(_) => return Some(Skip::Dangling),
            Ok(target) if !target.starts_with(inside) => return Some(Skip::OutsideCorpus(target)),
            Ok(_) => {}
        }
    }
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() => None,
        Ok(_) => Some(Skip::NotAFile),
        Err(_) => Some(Skip::Dangling),
    }
}

/// What a walk of one section carries along.
struct Walk<'a> {
    /// The corpus folder, canonical: links may not lead out of it.
    inside: &'a Path,
    section: Section,
    /// Directories entered, canonical, so a symlink loop is walked once.
    visited: &'a mut HashSet<PathBuf>,
    found: &'a mut Vec<Found>,
}

impl Walk<'_> {
    fn walk(&mut self, dir: &Path, relative: &str) -> Result<(), LoadError> {
        // Canonical paths identify a directory however it was reached, so a symlink back up the
        // tree is entered once and then skipped.
        let canonical = fs::canonicalize(dir).map_err(|source| LoadError::Unreadable {
            path: dir.to_path_buf(),
            source,
        })?;
        if !self.visited.insert(canonical) {
            return Ok(());
        }
        let entries = fs::read_dir(dir).map_err(|source| LoadError::Unreadable {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut names: Vec<(String, PathBuf)> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| LoadError::Unreadable {
                path: dir.to_path_buf(),
                source,
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            names.push((name, entry.path()));
        }
        names.sort();
        for (name, path) in names {
            let child = format!("{relative}/{name}");
            let toml = path.extension().map(|e| e.to_string_lossy().into_owned());
            let is_toml = toml.as_deref() == Some("toml");
            let looks_toml = toml
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
            let link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
            let skip = |found: &mut Vec<Found>, why: Skip| {
                found.push(Found {
                    path: path.clone(),
                    relative: child.clone(),
                    section: self.section,
                    skip: Some(why),
                });
            };
            if link {
                match skip_reason(&path, self.inside) {
                    Some(Skip::Dangling) => {
                        if looks_toml {
                            skip(self.found, Skip::Dangling);
                        }
                        continue;
                    }
                    Some(Skip::OutsideCorpus(target)) => {
                        if looks_toml || target.is_dir() {
                            skip(self.found, Skip::OutsideCorpus(target));
                        }
                        continue;
                    }
                    _ => {}
                }
            }
            let Ok(meta) = fs::metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                self.walk(&path, &child)?;
            } else if !looks_toml {
                continue;
            } else if !meta.is_file() {
                skip(self.found, Skip::NotAFile);
            } else if !is_toml {
                skip(self.found, Skip::Extension);
            } else {
                self.found.push(Found {
                    path,
                    relative: child,
                    section: self.section,
                    skip: None,
                });
            }
        }
        Ok(())
    }
}
