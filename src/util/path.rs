//! Paths as written: `.` and `..` folded without touching the file system, for paths that need
//! not exist yet (`check --stdin-filename`, `add --file`).

use std::path::{Component, Path, PathBuf};

/// `path` with `.` and `..` folded away, lexically: `a/./b/../c` is `a/c`. A `..` above the
/// start is dropped, as the root's parent is the root.
pub fn fold(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_fold_away() {
        assert_eq!(fold(Path::new("/a/./b/../c")), Path::new("/a/c"));
        assert_eq!(fold(Path::new("/../x")), Path::new("/x"));
        assert_eq!(fold(Path::new("a/b/..")), Path::new("a"));
    }
}
