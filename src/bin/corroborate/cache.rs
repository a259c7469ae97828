//! The result cache of `corroborate check`: an unchanged corpus is answered without parsing.
//!
//! CI runs `check` on every push, and most pushes leave most corpora untouched. A run stores what
//! it printed (stdout, stderr and the exit code) under `CORPUS/.corroborate/cache/`, keyed by
//! everything the output depends on:
//!
//! - the binary: a hash of the executable's bytes (remembered next to the cache by path, size,
//!   modification time and inode, so it is read only when the binary changes);
//! - every corpus file, the policy file included: its path relative to the corpus root, its size
//!   and a 64-bit hash of its bytes ([`xxh64`]), in load order (so adding, removing or renaming a
//!   file changes the key);
//! - "today" (`CORROBORATE_TODAY`, else the local date: `evidence-in-future` depends on it);
//! - the output options: format, colour, width, and the corpus path as given and as resolved
//!   (diagnostics print the one, SARIF the other).
//!
//! A later run reads and hashes every file again (the only way to know they are unchanged; it
//! is fast, in parallel) and, when the key matches, prints the stored output instead of loading.
//! Anything unexpected (an unreadable or unwritable cache folder, a corrupt entry, a file that
//! changes while it is being checked) means a normal run without caching; the cache never fails a
//! run.
//!
//! Environment: `CORROBORATE_NO_CACHE=1` switches it off; `CORROBORATE_CACHE_DEBUG=1` reports
//! `cache hit`, `cache miss` or why nothing was stored, on stderr; `CORROBORATE_BINARY_ID`
//! replaces the binary's hash (for tests that simulate a new binary).

use corroborate::load::walk::Found;
use rayon::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The cache folder, relative to the corpus root.
pub const DIR: &str = ".corroborate/cache";

/// Version of the entry format; a different version is a miss.
const MAGIC: &str = "corroborate check cache 1";

/// Whether caching is on (`CORROBORATE_NO_CACHE` unset, empty or `0`).
pub fn enabled() -> bool {
    std::env::var_os("CORROBORATE_NO_CACHE").is_none_or(|v| v.is_empty() || v == "0")
}

/// Whether to report cache decisions on stderr (`CORROBORATE_CACHE_DEBUG` set and not `0`).
pub fn debug() -> bool {
    std::env::var_os("CORROBORATE_CACHE_DEBUG").is_some_and(|v| !v.is_empty() && v != "0")
}

fn note(what: &str) {
    if debug() {
        crate::world::emit_err(&format!("{what}\n"));
    }
}

/// What a run printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Text written to stdout.
    pub stdout: String,
    /// Text written to stderr.
    pub stderr: String,
    /// The exit code.
    pub code: u8,
}

/// A cache key: 128 bits over everything the output depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(pub u64, pub u64);

impl Key {
    fn hex(self) -> String {
        format!("{:016x}{:016x}", self.0, self.1)
    }
}

/// One corpus file as the key sees it: path relative to the root, size and content hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileHash {
    /// Path relative to the corpus root.
    pub relative: String,
    /// Size in bytes (`u64::MAX` if it could not be read).
    pub len: u64,
    /// [`xxh64`] of the bytes (0 if they could not be read).
    pub hash: u64,
}

/// Everything besides the files that the output of a run depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// The binary's identity (see [`binary_id`]).
    pub binary: u64,
    /// "Today", `YYYY-MM-DD`.
    pub today: String,
    /// The command and its output options, in any stable spelling.
    pub options: String,
}

/// The key for `inputs` and `files` (in load order).
pub fn key(inputs: &Inputs, files: &[FileHash]) -> Key {
    let mut text = Vec::with_capacity(128 + files.len() * 64);
    text.extend_from_slice(MAGIC.as_bytes());
    text.push(0);
    text.extend_from_slice(&inputs.binary.to_le_bytes());
    for part in [&inputs.today, &inputs.options] {
        text.extend_from_slice(&(part.len() as u64).to_le_bytes());
        text.extend_from_slice(part.as_bytes());
    }
    text.extend_from_slice(&(files.len() as u64).to_le_bytes());
    for f in files {
        text.extend_from_slice(&(f.relative.len() as u64).to_le_bytes());
        text.extend_from_slice(f.relative.as_bytes());
        text.extend_from_slice(&f.len.to_le_bytes());
        text.extend_from_slice(&f.hash.to_le_bytes());
    }
    Key(xxh64(&text, 0), xxh64(&text, 0x9E37_79B9_7F4A_7C15))
}

/// The hash of `bytes` as a file of the key sees it.
pub fn file_hash(relative: &str, bytes: Option<&[u8]>) -> FileHash {
    FileHash {
        relative: relative.to_owned(),
        len: bytes.map_or(u64::MAX, |b| b.len() as u64),
        hash: bytes.map_or(0, |b| xxh64(b, 0)),
    }
}

/// Reads and hashes every file of `found`, in parallel, reusing one buffer per task.
pub fn hash_files(found: &[Found]) -> Vec<FileHash> {
    found
        .par_iter()
        .map_init(Vec::new, |buffer: &mut Vec<u8>, f| {
            // What the loader does not read (a link out of the corpus, a FIFO) is not read here
            // either: its name is in the key, its bytes are not.
            if f.skip.is_some() {
                return file_hash(&f.relative, None);
            }
            buffer.clear();
            let read = std::fs::File::open(&f.path).and_then(|mut file| file.read_to_end(buffer));
            file_hash(&f.relative, read.ok().map(|_| &buffer[..]))
        })
        .collect()
}

/// The binary's identity: `CORROBORATE_BINARY_ID` if set, else the [`xxh64`] of the running
/// executable's bytes, remembered in `dir` (when it is writable) by the executable's path, size,
/// modification time and inode, so it is recomputed only when the binary changes. `None` when
/// the executable cannot be read (then nothing is cached).
pub fn binary_id(dir: &Path) -> Option<u64> {
    if let Some(id) = std::env::var_os("CORROBORATE_BINARY_ID") {
        return Some(xxh64(id.as_encoded_bytes(), 0));
    }
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(&exe).ok()?;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    #[cfg(unix)]
    let inode = {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino())
    };
    #[cfg(not(unix))]
    let inode = (0u64, 0u64);
    let stamp = format!(
        "{}\0{}\0{modified}\0{}\0{}",
        exe.display(),
        meta.len(),
        inode.0,
        inode.1
    );
    let memo = dir.join("binary");
    if let Ok(text) = std::fs::read_to_string(&memo) {
        if let Some((hash, seen)) = text.split_once('\n') {
            if seen == stamp {
                if let Ok(hash) = u64::from_str_radix(hash, 16) {
                    return Some(hash);
                }
            }
        }
    }
    let hash = xxh64(&std::fs::read(&exe).ok()?, 0);
    let _ = write_atomic(&memo, format!("{hash:016x}\n{stamp}").as_bytes());
    Some(hash)
}

/// The cache folder of the corpus at `root`.
pub fn dir(root: &Path) -> PathBuf {
    root.join(DIR)
}

/// Where the entry for `options` lives: one entry per set of output options, overwritten when
/// the corpus changes.
fn entry_path(dir: &Path, options: &str) -> PathBuf {
    dir.join(format!("check-{:016x}", xxh64(options.as_bytes(), 0)))
}

/// The stored output for `key`, if there is one.
pub fn lookup(dir: &Path, options: &str, key: Key) -> Option<Entry> {
    let bytes = std::fs::read(entry_path(dir, options)).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut lines = text.splitn(6, '\n');
    if lines.next()? != MAGIC || lines.next()? != key.hex() {
        return None;
    }
    let code: u8 = lines.next()?.parse().ok()?;
    let out_len: usize = lines.next()?.parse().ok()?;
    let err_len: usize = lines.next()?.parse().ok()?;
    let rest = lines.next()?;
    if rest.len() != out_len.checked_add(err_len)? || !rest.is_char_boundary(out_len) {
        return None;
    }
    let (stdout, stderr) = rest.split_at(out_len);
    Some(Entry {
        stdout: stdout.to_owned(),
        stderr: stderr.to_owned(),
        code,
    })
}

/// Stores `entry` for `key`; failures are ignored (reported under `CORROBORATE_CACHE_DEBUG`).
pub fn store(dir: &Path, options: &str, key: Key, entry: &Entry) {
    if let Err(e) = std::fs::create_dir_all(dir) {
        note(&format!(
            "cache not stored: cannot create {}: {e}",
            dir.display()
        ));
        return;
    }
    // Keep the cache out of version control and backups.
    for (name, text) in [
        (".gitignore", "*\n"),
        (
            "CACHEDIR.TAG",
            "Signature: 8a477f597d28d172789f06886806bc55\n# corroborate's check cache; safe to delete.\n",
        ),
    ] {
        let path = dir.join(name);
        if !path.exists() {
            let _ = std::fs::write(path, text);
        }
    }
    let mut text = String::with_capacity(entry.stdout.len() + entry.stderr.len() + 128);
    text.push_str(MAGIC);
    text.push('\n');
    text.push_str(&key.hex());
    text.push('\n');
    text.push_str(&format!(
        "{}\n{}\n{}\n",
        entry.code,
        entry.stdout.len(),
        entry.stderr.len()
    ));
    text.push_str(&entry.stdout);
    text.push_str(&entry.stderr);
    match write_atomic(&entry_path(dir, options), text.as_bytes()) {
        Ok(()) => note("cache stored"),
        Err(e) => note(&format!("cache not stored: {e}")),
    }
}

/// Writes through a temporary file and a rename, so readers never see half an entry.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// A cache lookup for one `check` run, prepared before loading.
#[derive(Debug)]
pub struct Probe {
    dir: PathBuf,
    options: String,
    key: Key,
    files: Vec<FileHash>,
}

impl Probe {
    /// Hashes the files `found` of the corpus at `root` for a run with `today` and `options`.
    /// `None` when caching is off or the binary cannot be identified.
    pub fn new(root: &Path, found: &[Found], today: String, options: String) -> Option<Probe> {
        if !enabled() {
            return None;
        }
        let dir = dir(root);
        let binary = binary_id(&dir)?;
        let files = hash_files(found);
        let key = key(
            &Inputs {
                binary,
                today,
                options: options.clone(),
            },
            &files,
        );
        Some(Probe {
            dir,
            options,
            key,
            files,
        })
    }

    /// The stored output, if the corpus and options are unchanged since it was stored.
    pub fn lookup(&self) -> Option<Entry> {
        let hit = lookup(&self.dir, &self.options, self.key);
        note(if hit.is_some() {
            "cache hit"
        } else {
            "cache miss"
        });
        hit
    }

    /// Stores `entry`, unless the files read by the run (`seen`, by load index) differ from
    /// those hashed for the key: a file changed in between, and the output may not match it.
    pub fn store(&self, seen: &[Option<u64>], entry: &Entry) {
        let same = seen.len() == self.files.len()
            && seen
                .iter()
                .zip(&self.files)
                .all(|(s, f)| *s == Some(f.hash) || (s.is_none() && f.len == u64::MAX));
        if !same {
            note("cache not stored: the corpus changed while it was checked");
            return;
        }
        store(&self.dir, &self.options, self.key, entry);
    }
}

// -------------------------------------------------------------------------------------------
// XXH64 (Yann Collet's xxHash, 64-bit): fast, well-distributed, and simple enough to write out.

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;
const P5: u64 = 0x27D4_EB2F_1656_67C5;

#[inline]
fn read64(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

#[inline]
fn read32(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u64::from(u32::from_le_bytes(word))
}

#[inline]
fn round(acc: u64, input: u64) -> u64 {
    acc.wrapping_add(input.wrapping_mul(P2))
        .rotate_left(31)
        .wrapping_mul(P1)
}

#[inline]
fn merge(acc: u64, val: u64) -> u64 {
    (acc ^ round(0, val)).wrapping_mul(P1).wrapping_add(P4)
}

/// XXH64 of `bytes` with `seed`.
pub fn xxh64(bytes: &[u8], seed: u64) -> u64 {
    let len = bytes.len();
    let mut at = 0;
    let mut h = if len >= 32 {
        let mut v = [
            seed.wrapping_add(P1).wrapping_add(P2),
            seed.wrapping_add(P2),
            seed,
            seed.wrapping_sub(P1),
        ];
        while at + 32 <= len {
            for (i, lane) in v.iter_mut().enumerate() {
                *lane = round(*lane, read64(bytes, at + 8 * i));
            }
            at += 32;
        }
        let mut h = v[0]
            .rotate_left(1)
            .wrapping_add(v[1].rotate_left(7))
            .wrapping_add(v[2].rotate_left(12))
            .wrapping_add(v[3].rotate_left(18));
        for lane in v {
            h = merge(h, lane);
        }
        h
    } else {
        seed.wrapping_add(P5)
    };
    h = h.wrapping_add(len as u64);
    while at + 8 <= len {
        h = (h ^ round(0, read64(bytes, at)))
            .rotate_left(27)
            .wrapping_mul(P1)
            .wrapping_add(P4);
        at += 8;
    }
    if at + 4 <= len {
        h = (h ^ read32(bytes, at).wrapping_mul(P1))
            .rotate_left(23)
            .wrapping_mul(P2)
            .wrapping_add(P3);
        at += 4;
    }
    while at < len {
        h = (h ^ u64::from(bytes[at]).wrapping_mul(P5))
            .rotate_left(11)
            .wrapping_mul(P1);
        at += 1;
    }
    h ^= h >> 33;
    h = h.wrapping_mul(P2);
    h ^= h >> 29;
    h = h.wrapping_mul(P3);
    h ^ (h >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xxh64_matches_the_reference() {
        // Reference values of the xxHash specification's XXH64.
        assert_eq!(xxh64(b"", 0), 0xEF46_DB37_51D8_E999);
        assert_eq!(xxh64(b"a", 0), 0xD24E_C4F1_A98C_6E5B);
        assert_eq!(xxh64(b"abc", 0), 0x44BC_2CF5_AD77_0999);
        assert_eq!(
            xxh64(b"Nobody inspects the spammish repetition", 0),
            0xFBCE_A83C_8A37_8BF1
        );
        let long: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        assert_ne!(xxh64(&long, 0), xxh64(&long[..999], 0));
        assert_ne!(xxh64(&long, 0), xxh64(&long, 1));
    }

    fn inputs() -> Inputs {
        Inputs {
            binary: 1,
            today: "2026-01-01".into(),
            options: "human".into(),
        }
    }

    fn files() -> Vec<FileHash> {
        vec![
            file_hash("corroborate.toml", Some(b"[policy]")),
            file_hash("sources/s.toml", Some(b"[[source]]")),
            file_hash("claims/c.toml", Some(b"[[claim]]")),
        ]
    }

    /// The key changes with every input it is made of, and only with them.
    #[test]
    fn every_input_changes_the_key() {
        let base = key(&inputs(), &files());
        assert_eq!(base, key(&inputs(), &files()));
        let mut changed = Vec::new();
        changed.push(key(
            &Inputs {
                binary: 2,
                ..inputs()
            },
            &files(),
        ));
        changed.push(key(
            &Inputs {
                today: "2026-01-02".into(),
                ..inputs()
            },
            &files(),
        ));
        changed.push(key(
            &Inputs {
                options: "short".into(),
                ..inputs()
            },
            &files(),
        ));
        let mut f = files();
        f[2] = file_hash("claims/c.toml", Some(b"[[claim]] "));
        changed.push(key(&inputs(), &f));
        let mut f = files();
        f[0] = file_hash("corroborate.toml", Some(b"[policy] "));
        changed.push(key(&inputs(), &f));
        let mut f = files();
        f[2].relative = "claims/d.toml".into();
        changed.push(key(&inputs(), &f));
        let mut f = files();
        f.pop();
        changed.push(key(&inputs(), &f));
        let mut f = files();
        f.push(file_hash("claims/e.toml", Some(b"")));
        changed.push(key(&inputs(), &f));
        for (i, k) in changed.iter().enumerate() {
            assert_ne!(*k, base, "change {i} kept the key");
        }
    }

    #[test]
    fn entries_round_trip_and_other_keys_miss() {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let dir = temp.path().join(DIR);
        let entry = Entry {
            stdout: "{\"a\": 1}\n".into(),
            stderr: "2 files, é\n".into(),
            code: 1,
        };
        let k = key(&inputs(), &files());
        assert_eq!(lookup(&dir, "human", k), None);
        store(&dir, "human", k, &entry);
        assert_eq!(lookup(&dir, "human", k), Some(entry.clone()));
        assert_eq!(lookup(&dir, "short", k), None);
        assert_eq!(lookup(&dir, "human", Key(k.0, k.1 ^ 1)), None);
        assert!(dir.join(".gitignore").is_file());
    }
}
