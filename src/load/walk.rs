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
    for (name, section) in [("sources", Section::Sources), ("claims", Section::Claims)] {
        let dir = root.join(name);
        if !dir.is_dir() {
            continue;
        }
        any_section = true;
        walk(&dir, name, section, &mut visited, &mut found)?;
    }
    if !any_section || found.is_empty() {
        return Err(LoadError::NoCorpus(root.to_path_buf()));
    }
    Ok(found)
}

fn walk(
    dir: &Path,
    relative: &str,
    section: Section,
    visited: &mut HashSet<PathBuf>,
    found: &mut Vec<Found>,
) -> Result<(), LoadError> {
    // Canonical paths identify a directory however it was reached, so a symlink back up the tree
    // is entered once and then skipped.
    let canonical = fs::canonicalize(dir).map_err(|source| LoadError::Unreadable {
        path: dir.to_path_buf(),
        source,
    })?;
    if !visited.insert(canonical) {
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
        // Follows symlinks; a dangling link is neither file nor directory and is skipped.
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, &child, section, visited, found)?;
        } else if meta.is_file() && path.extension().is_some_and(|e| e == "toml") {
            found.push(Found {
                path,
                relative: child,
                section,
            });
        }
    }
    Ok(())
}
