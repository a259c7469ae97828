//! The result cache of `corroborate check`: an unchanged corpus is answered without parsing.
//!
//! CI runs `check` on every push, and most pushes leave most corpora untouched. A run stores what
//! it printed (stdout, stderr and the exit code), keyed by everything the output depends on:
//!
//! - the binary: a SHA-256 of the executable's bytes (remembered by path, size, modification
//!   time and inode, so it is read only when the binary changes);
//! - every corpus file, the policy file included: its path relative to the corpus root, its size
//!   and the SHA-256 of its bytes, in load order (so adding, removing or renaming a file changes
//!   the key);
//! - "today" (`CORROBORATE_TODAY`, else the local date: `evidence-in-future` depends on it);
//! - the output options: format, colour, width, and the corpus path as given and as resolved
//!   (diagnostics print the one, SARIF the other).
//!
//! **Trust.** A corpus arrives in a pull request, so nothing it contains may decide the outcome
//! of `check`:
//!
//! - the cache lives outside the corpus, in the platform's cache folder (`$XDG_CACHE_HOME`,
//!   `~/.cache`, `~/Library/Caches`, `%LOCALAPPDATA%`), or where `--cache-dir` says;
//! - every entry carries an HMAC-SHA-256 under a random per-machine key kept apart from the
//!   cache (in the state folder, mode 600), so an entry copied in from elsewhere, or a restored CI
//!   cache, is a miss unless this machine wrote it;
//! - files are keyed by a cryptographic hash, so a crafted file cannot take a clean file's key;
//! - links are never followed inside the cache folder: a link there is a miss and is never
//!   written through.
//!
//! A later run reads and hashes every file again (the only way to know they are unchanged; it
//! is fast, in parallel) and, when the key matches and the entry is authentic, prints the stored
//! output instead of loading. Anything unexpected (an unreadable or unwritable cache folder, a
//! corrupt or forged entry, a file that changes while it is being checked) means a normal run
//! without caching; the cache never fails a run.
//!
//! On a miss, the load reads every file again. It does not hash them again: a file's metadata
//! ([`Stamp`]: size, modification and status-change times, device and inode) taken before it
//! was hashed, and the same after the load, shows nothing wrote to it in between. Only a file
//! changed in the last two seconds, which a second write in the same clock tick could leave
//! with the same times, is hashed again as it loads.
//!
//! Environment: `CORROBORATE_NO_CACHE=1` (or `--no-cache`) switches it off;
//! `CORROBORATE_CACHE_DIR` (or `--cache-dir`) moves it; `CORROBORATE_CACHE_DEBUG=1` reports
//! `cache hit`, `cache miss` or why nothing was stored, on stderr; `CORROBORATE_BINARY_ID`
//! replaces the binary's hash (for tests that simulate a new binary).

use corroborate::load::captures::hex;
use corroborate::load::walk::Found;
use hmac::{Hmac, KeyInit, Mac};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Version of the entry format; a different version is a miss.
const MAGIC: &str = "corroborate check cache 3";

/// A SHA-256 digest.
pub type Digest256 = [u8; 32];

type HmacSha256 = Hmac<Sha256>;

/// Whether to report cache decisions on stderr (`-v`, or `CORROBORATE_CACHE_DEBUG` set and not
/// `0`).
pub fn debug() -> bool {
    crate::world::settings().verbose > 0
        || std::env::var_os("CORROBORATE_CACHE_DEBUG").is_some_and(|v| !v.is_empty() && v != "0")
}

fn note(what: &str) {
    if debug() {
        crate::world::emit_err(&format!("{what}\n"));
    }
}

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> Digest256 {
    Sha256::digest(bytes).into()
}

/// Where the cache lives, and the key that authenticates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The cache folder; entries go in its `check/` folder.
    pub dir: PathBuf,
    /// The per-machine key file, kept outside `dir` so that whoever can write the cache (a
    /// restored CI cache, a shared folder) cannot also sign entries.
    pub key_file: PathBuf,
}

impl Place {
    /// The cache for this run: `None` when `--no-cache` or `CORROBORATE_NO_CACHE` turns it off,
    /// or when there is no home folder to keep it in. The folder is `--cache-dir`, else
    /// `CORROBORATE_CACHE_DIR`, else the platform's cache folder; the key always sits in the
    /// platform's state folder.
    pub fn for_run(no_cache: bool, cache_dir: Option<&Path>) -> Option<Place> {
        let off =
            std::env::var_os("CORROBORATE_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0");
        if no_cache || off {
            return None;
        }
        let dir = match cache_dir {
            Some(dir) => dir.to_owned(),
            None => match std::env::var_os("CORROBORATE_CACHE_DIR").filter(|v| !v.is_empty()) {
                Some(dir) => PathBuf::from(dir),
                None => platform_dir(Folder::Cache)?.join("corroborate"),
            },
        };
        let key_file = platform_dir(Folder::State)?
            .join("corroborate")
            .join("cache.key");
        Some(Place { dir, key_file })
    }
}

/// Which of the user's folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Folder {
    /// Throwaway data (XDG_CACHE_HOME).
    Cache,
    /// Data that should survive but is not configuration (XDG_STATE_HOME).
    State,
}

/// The user's cache or state folder, as the platform's conventions place it. A relative
/// `XDG_*` value is ignored, as the XDG specification says.
fn platform_dir(folder: Folder) -> Option<PathBuf> {
    let absolute = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let home = || absolute("HOME");
    if cfg!(windows) {
        let local = absolute("LOCALAPPDATA")?;
        return Some(match folder {
            Folder::Cache => local.join("cache"),
            Folder::State => local.join("state"),
        });
    }
    if cfg!(target_os = "macos") {
        return Some(match folder {
            Folder::Cache => home()?.join("Library/Caches"),
            Folder::State => home()?.join("Library/Application Support"),
        });
    }
    match folder {
        Folder::Cache => absolute("XDG_CACHE_HOME").or_else(|| Some(home()?.join(".cache"))),
        Folder::State => absolute("XDG_STATE_HOME").or_else(|| Some(home()?.join(".local/state"))),
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
    /// The documents' captures the run checked, with the digests it found (`None`: unreadable):
    /// a lookup hashes them again, since they are not corpus files and not in the key.
    pub captures: Vec<(String, Option<Digest256>)>,
}

/// A cache key: SHA-256 over everything the output depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(pub Digest256);

/// One corpus file as the key sees it: path relative to the root, size and content hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileHash {
    /// Path relative to the corpus root.
    pub relative: String,
    /// Size in bytes (`u64::MAX` if it could not be read).
    pub len: u64,
    /// SHA-256 of the bytes (zeros if they could not be read).
    pub digest: Digest256,
    /// The file's metadata as it was hashed (not part of the key), when it can vouch that the
    /// load read the same bytes.
    pub stamp: Option<Stamp>,
}

/// What a file's metadata said just before it was hashed. If it says the same after the load,
/// nothing wrote to the file in between, and the load read the hashed bytes: the status-change
/// time moves on every write and cannot be set back by anyone but the superuser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: i128,
    changed: i128,
    device: u64,
    inode: u64,
}

impl Stamp {
    /// Changes this recent may hide a second one: file times are coarse (a filesystem may keep
    /// whole seconds, and Linux takes them from a clock that ticks every few milliseconds), so
    /// a write in the same tick as the last leaves every time as it was.
    const SETTLED: std::time::Duration = std::time::Duration::from_secs(2);

    /// The stamp of `meta`, if it can vouch for the file: only on Unix, and only if the file
    /// last changed at least [`Self::SETTLED`] before `now`.
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata, now: std::time::SystemTime) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let nanos =
            |seconds: i64, nanos: i64| i128::from(seconds) * 1_000_000_000 + i128::from(nanos);
        let stamp = Stamp {
            len: meta.len(),
            modified: nanos(meta.mtime(), meta.mtime_nsec()),
            changed: nanos(meta.ctime(), meta.ctime_nsec()),
            device: meta.dev(),
            inode: meta.ino(),
        };
        let now = now.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
        let settled = i128::try_from(now.checked_sub(Self::SETTLED.as_nanos())?).ok()?;
        (stamp.changed < settled && stamp.modified < settled).then_some(stamp)
    }

    #[cfg(not(unix))]
    fn of(_meta: &std::fs::Metadata, _now: std::time::SystemTime) -> Option<Stamp> {
        None
    }

    /// Whether the file at `path` still has this stamp at `now`.
    fn holds(&self, path: &Path, now: std::time::SystemTime) -> bool {
        std::fs::metadata(path).is_ok_and(|meta| {
            // `of` refuses a stamp that is recent now, never one that was settled when taken.
            Stamp::of(&meta, now).is_some_and(|stamp| stamp == *self)
        })
    }
}

/// How the load saw a file: its hash, or, when the file's [`Stamp`] vouches for it, only its
/// size (hashing every file a second time was a fifth of a first `check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// The SHA-256 of the bytes read.
    Digest(Digest256),
    /// The number of bytes read; the stamp is checked after the load.
    Size(u64),
}

/// Everything besides the files that the output of a run depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// The binary's identity (see [`binary_id`]).
    pub binary: Digest256,
    /// "Today", `YYYY-MM-DD`.
    pub today: String,
    /// The command and its output options, in any stable spelling.
    pub options: String,
}

/// The key for `inputs` and `files` (in load order). Every variable-length part is prefixed
/// with its length, so no two different inputs spell the same bytes.
pub fn key(inputs: &Inputs, files: &[FileHash]) -> Key {
    let mut hasher = Sha256::new();
    hasher.update(MAGIC.as_bytes());
    hasher.update([0]);
    hasher.update(inputs.binary);
    for part in [&inputs.today, &inputs.options] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.update((files.len() as u64).to_le_bytes());
    for f in files {
        hasher.update((f.relative.len() as u64).to_le_bytes());
        hasher.update(f.relative.as_bytes());
        hasher.update(f.len.to_le_bytes());
        hasher.update(f.digest);
    }
    Key(hasher.finalize().into())
}

/// The hash of `bytes` as a file of the key sees it.
pub fn file_hash(relative: &str, bytes: Option<&[u8]>) -> FileHash {
    FileHash {
        relative: relative.to_owned(),
        len: bytes.map_or(u64::MAX, |b| b.len() as u64),
        digest: bytes.map_or([0; 32], sha256),
        stamp: None,
    }
}

/// Reads and hashes every file of `found`, in parallel, reusing one buffer per task.
pub fn hash_files(found: &[Found]) -> Vec<FileHash> {
    hash_files_at(found, std::time::SystemTime::now())
}

/// [`hash_files`] at `now` (which decides what is recent).
fn hash_files_at(found: &[Found], now: std::time::SystemTime) -> Vec<FileHash> {
    found
        .par_iter()
        .map_init(Vec::new, |buffer: &mut Vec<u8>, f| {
            // What the loader does not read (a link out of the corpus, a FIFO) is not read here
            // either: its name is in the key, its bytes are not.
            if f.skip.is_some() {
                return file_hash(&f.relative, None);
            }
            buffer.clear();
            let mut stamp = None;
            let read = std::fs::File::open(&f.path).and_then(|mut file| {
                // Taken before the bytes: a write while they are read then changes the stamp.
                stamp = file.metadata().ok().and_then(|meta| Stamp::of(&meta, now));
                file.read_to_end(buffer)
            });
            let mut hash = file_hash(&f.relative, read.ok().map(|_| &buffer[..]));
            hash.stamp = stamp.filter(|s| s.len == hash.len);
            hash
        })
        .collect()
}

/// The per-machine key: read from `path`, or made (32 random bytes, mode 600) when there is
/// none. `None` when it cannot be read or made, or when it is not a regular file only its owner
/// can read: then nothing is cached.
pub fn machine_key(path: &Path) -> Option<Digest256> {
    match read_key(path) {
        Ok(key) => return Some(key),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            note(&format!("cache off: key {}: {e}", path.display()));
            return None;
        }
        Err(_) => {}
    }
    let made = (|| {
        let parent = path
            .parent()
            .ok_or_else(|| std::io::Error::other("no folder"))?;
        std::fs::create_dir_all(parent)?;
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| std::io::Error::other(e.to_string()))?;
        // Written whole under a temporary name, then linked into place: a concurrent run sees
        // no key or a whole one, and the first to link wins.
        let (temp, mut file) = crate::output::create_temp(parent, "cache.key")?;
        let linked = restrict(&file)
            .and_then(|()| file.write_all(&key))
            .and_then(|()| file.sync_all())
            .and_then(|()| std::fs::hard_link(&temp, path));
        let _ = std::fs::remove_file(&temp);
        match linked {
            Ok(()) => Ok(key),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read_key(path),
            Err(e) => Err(e),
        }
    })();
    match made {
        Ok(key) => Some(key),
        Err(e) => {
            note(&format!(
                "cache off: cannot make key {}: {e}",
                path.display()
            ));
            None
        }
    }
}

fn read_key(path: &Path) -> std::io::Result<Digest256> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.file_type().is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(std::io::Error::other(
                "others may read or write it (it must be mode 600)",
            ));
        }
    }
    let bytes = std::fs::read(path)?;
    bytes
        .try_into()
        .map_err(|_| std::io::Error::other("not 32 bytes long"))
}

#[cfg(unix)]
fn restrict(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn restrict(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

fn mac(key: &Digest256, body: &[u8]) -> Digest256 {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(body);
    mac.finalize().into_bytes().into()
}

/// `body` after a line holding its MAC.
fn sign(key: &Digest256, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 65);
    out.extend_from_slice(hex(&mac(key, body)).as_bytes());
    out.push(b'\n');
    out.extend_from_slice(body);
    out
}

/// The body of `signed` when its MAC is right (compared in constant time).
fn verify<'a>(key: &Digest256, signed: &'a [u8]) -> Option<&'a [u8]> {
    let newline = signed.iter().position(|&b| b == b'\n')?;
    let (tag, body) = (&signed[..newline], &signed[newline + 1..]);
    let bytes = unhex32(std::str::from_utf8(tag).ok()?)?;
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(body);
    mac.verify_slice(&bytes).ok()?;
    Some(body)
}

/// Reads `path` only if it is a regular file, not a link.
fn read_plain(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() {
        note(&format!(
            "cache ignored: {} is not a regular file",
            path.display()
        ));
        return None;
    }
    std::fs::read(path).ok()
}

/// Makes `dir` (and its parents) and checks that it is a real folder, not a link to one.
fn ensure_dir(dir: &Path) -> std::io::Result<()> {
    if let Err(e) = std::fs::create_dir(dir) {
        if e.kind() == std::io::ErrorKind::NotFound {
            std::fs::create_dir_all(dir)?;
        } else if e.kind() != std::io::ErrorKind::AlreadyExists {
            return Err(e);
        }
    }
    let meta = std::fs::symlink_metadata(dir)?;
    if meta.file_type().is_symlink() || !meta.is_dir() {
        return Err(std::io::Error::other(format!(
            "{} is not a folder (links are not followed)",
            dir.display()
        )));
    }
    Ok(())
}

/// The binary's identity: `CORROBORATE_BINARY_ID` if set, else the SHA-256 of the running
/// executable's bytes, remembered in `dir` (signed, when it is writable) by the executable's
/// path, size, modification time and inode, so it is recomputed only when the binary changes.
/// `None` when the executable cannot be read (then nothing is cached).
pub fn binary_id(dir: &Path, key: &Digest256) -> Option<Digest256> {
    if let Some(id) = std::env::var_os("CORROBORATE_BINARY_ID") {
        return Some(sha256(id.as_encoded_bytes()));
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
    if let Some(signed) = read_plain(&memo) {
        if let Some(body) = verify(key, &signed) {
            if let Some((hash, seen)) = std::str::from_utf8(body)
                .ok()
                .and_then(|t| t.split_once('\n'))
            {
                if seen == stamp {
                    if let Some(hash) = unhex32(hash) {
                        return Some(hash);
                    }
                }
            }
        }
    }
    let hash = sha256(&std::fs::read(&exe).ok()?);
    let body = format!("{}\n{stamp}", hex(&hash));
    let _ = write_atomic(&memo, &sign(key, body.as_bytes()));
    Some(hash)
}

fn unhex32(text: &str) -> Option<Digest256> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// Where the entry for `options` lives: one entry per set of output options (which name the
/// corpus), overwritten when the corpus changes.
fn entry_path(dir: &Path, options: &str) -> PathBuf {
    dir.join("check")
        .join(hex(&sha256(options.as_bytes())[..12]))
}

/// The stored output for `key`, if there is an authentic one.
pub fn lookup(dir: &Path, machine: &Digest256, options: &str, key: Key) -> Option<Entry> {
    let signed = read_plain(&entry_path(dir, options))?;
    let Some(body) = verify(machine, &signed) else {
        note("cache ignored: an entry failed authentication");
        return None;
    };
    let text = std::str::from_utf8(body).ok()?;
    let mut rest = text;
    let mut line = || -> Option<&str> {
        let (head, tail) = rest.split_once('\n')?;
        rest = tail;
        Some(head)
    };
    if line()? != MAGIC || line()? != hex(&key.0) {
        return None;
    }
    let code: u8 = line()?.parse().ok()?;
    let out_len: usize = line()?.parse().ok()?;
    let err_len: usize = line()?.parse().ok()?;
    let count: usize = line()?.parse().ok()?;
    let mut captures = Vec::new();
    for _ in 0..count {
        let (digest, relative) = line()?.split_once(' ')?;
        let digest = if digest == "-" {
            None
        } else {
            Some(unhex32(digest)?)
        };
        captures.push((relative.to_owned(), digest));
    }
    if rest.len() != out_len.checked_add(err_len)? || !rest.is_char_boundary(out_len) {
        return None;
    }
    let (stdout, stderr) = rest.split_at(out_len);
    Some(Entry {
        stdout: stdout.to_owned(),
        stderr: stderr.to_owned(),
        code,
        captures,
    })
}

/// Stores `entry` for `key`; failures are ignored (reported under `CORROBORATE_CACHE_DEBUG`).
pub fn store(dir: &Path, machine: &Digest256, options: &str, key: Key, entry: &Entry) {
    let checks = dir.join("check");
    if let Err(e) = ensure_dir(dir).and_then(|()| ensure_dir(&checks)) {
        note(&format!("cache not stored: {e}"));
        return;
    }
    // Keep the cache out of version control and backups, should it sit inside a repository.
    for (name, text) in [
        (".gitignore", "*\n"),
        (
            "CACHEDIR.TAG",
            "Signature: 8a477f597d28d172789f06886806bc55\n# corroborate's check cache; safe to delete.\n",
        ),
    ] {
        // `create_new` never follows a link, nor replaces anything.
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dir.join(name))
        {
            let _ = file.write_all(text.as_bytes());
        }
    }
    let mut text = String::with_capacity(entry.stdout.len() + entry.stderr.len() + 160);
    text.push_str(MAGIC);
    text.push('\n');
    text.push_str(&hex(&key.0));
    text.push('\n');
    text.push_str(&format!(
        "{}\n{}\n{}\n{}\n",
        entry.code,
        entry.stdout.len(),
        entry.stderr.len(),
        entry.captures.len()
    ));
    for (relative, digest) in &entry.captures {
        if relative.contains('\n') {
            note("cache not stored: a capture's path has a line break");
            return;
        }
        let digest = digest.map_or_else(|| "-".to_owned(), |d| hex(&d));
        text.push_str(&format!("{digest} {relative}\n"));
    }
    text.push_str(&entry.stdout);
    text.push_str(&entry.stderr);
    match write_atomic(&entry_path(dir, options), &sign(machine, text.as_bytes())) {
        Ok(()) => note("cache stored"),
        Err(e) => note(&format!("cache not stored: {e}")),
    }
}

/// Writes through a new temporary file and a rename, so readers never see half an entry; the
/// rename replaces a link at `path` itself, never its target.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (temp, mut file) = crate::output::create_temp(dir, &name)?;
    let result = file
        .write_all(bytes)
        .and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// A cache lookup for one `check` run, prepared before loading.
#[derive(Debug)]
pub struct Probe {
    dir: PathBuf,
    /// The corpus root, which the captures' paths are relative to.
    root: PathBuf,
    machine: Digest256,
    options: String,
    key: Key,
    files: Vec<FileHash>,
    /// The files' paths as opened, by load index.
    paths: Vec<PathBuf>,
}

impl Probe {
    /// Hashes the files `found` for a run with `today` and `options`, with the cache at
    /// `place`. `None` when the key or the binary cannot be had.
    pub fn new(
        place: &Place,
        root: &Path,
        found: &[Found],
        today: String,
        options: String,
    ) -> Option<Probe> {
        let machine = machine_key(&place.key_file)?;
        let binary = binary_id(&place.dir, &machine)?;
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
            dir: place.dir.clone(),
            root: root.to_path_buf(),
            machine,
            options,
            key,
            files,
            paths: found.iter().map(|f| f.path.clone()).collect(),
        })
    }

    /// How the load saw file `i` (by load index), as [`Probe::store`] needs it: the size only
    /// when the file's stamp will vouch for the rest.
    pub fn seen(&self, i: usize, bytes: &[u8]) -> Seen {
        match self.files.get(i) {
            Some(f) if f.stamp.is_some() => Seen::Size(bytes.len() as u64),
            _ => Seen::Digest(sha256(bytes)),
        }
    }

    /// The stored output, if the corpus and options are unchanged since it was stored.
    pub fn lookup(&self) -> Option<Entry> {
        let hit = lookup(&self.dir, &self.machine, &self.options, self.key).filter(|entry| {
            let same = entry.captures.par_iter().all(|(relative, digest)| {
                corroborate::load::captures::digest_at(&self.root, relative) == *digest
            });
            if !same {
                note("cache ignored: a document's capture changed");
            }
            same
        });
        note(if hit.is_some() {
            "cache hit"
        } else {
            "cache miss"
        });
        hit
    }

    /// Stores `entry`, unless the files read by the run (`seen`, by load index) differ from
    /// those hashed for the key: a file changed in between, and the output may not match it.
    pub fn store(&self, seen: &[Option<Seen>], entry: &Entry) {
        let now = std::time::SystemTime::now();
        let same = seen.len() == self.files.len()
            && seen.par_iter().zip(&self.files).zip(&self.paths).all(
                |((seen, f), path)| match seen {
                    None => f.len == u64::MAX,
                    Some(Seen::Digest(digest)) => *digest == f.digest,
                    Some(Seen::Size(len)) => {
                        *len == f.len && f.stamp.is_some_and(|stamp| stamp.holds(path, now))
                    }
                },
            );
        if !same {
            note("cache not stored: the corpus changed while it was checked");
            return;
        }
        store(&self.dir, &self.machine, &self.options, self.key, entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // RFC 4231, test case 2.
        let key = b"Jefe";
        let mut m = <HmacSha256 as KeyInit>::new_from_slice(key).expect("any key");
        m.update(b"what do ya want for nothing?");
        let tag: Digest256 = m.finalize().into_bytes().into();
        assert_eq!(
            hex(&tag),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    fn inputs() -> Inputs {
        Inputs {
            binary: [1; 32],
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

    fn found(path: &Path) -> Found {
        Found {
            path: path.to_path_buf(),
            relative: "claims/c.toml".into(),
            section: corroborate::load::convert::Section::Claims,
            skip: None,
        }
    }

    /// A file changed in the last moments is verified by its bytes: a second write in the same
    /// tick of the file clock would leave its times as they were.
    #[test]
    fn a_recent_file_has_no_stamp() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("c.toml");
        std::fs::write(&path, "[[claim]]").expect("writes");
        let hashed = hash_files(&[found(&path)]);
        assert_eq!(hashed[0].stamp, None);
        assert_eq!(hashed[0].digest, sha256(b"[[claim]]"));
    }

    /// A settled file's stamp holds until the file is written, even with bytes of the same size.
    #[cfg(unix)]
    #[test]
    fn a_write_breaks_the_stamp() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("c.toml");
        std::fs::write(&path, "[[claim]]").expect("writes");
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(hour_ago))
            .expect("sets the time");
        // Later than the file's change time by more than `SETTLED`, as a run a while after.
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(10);
        let hashed = hash_files_at(&[found(&path)], later);
        let stamp = hashed[0].stamp.expect("a settled file has a stamp");
        assert!(stamp.holds(&path, later));
        std::fs::write(&path, "[[claim]]").expect("writes the same bytes again");
        assert!(
            !stamp.holds(&path, later),
            "a write moves the modification time"
        );
        // And at the real time, a file just written never vouches for itself.
        assert!(!stamp.holds(&path, std::time::SystemTime::now()));
    }

    /// The key changes with every input it is made of, and only with them.
    #[test]
    fn every_input_changes_the_key() {
        let base = key(&inputs(), &files());
        assert_eq!(base, key(&inputs(), &files()));
        let mut changed = vec![
            key(
                &Inputs {
                    binary: [2; 32],
                    ..inputs()
                },
                &files(),
            ),
            key(
                &Inputs {
                    today: "2026-01-02".into(),
                    ..inputs()
                },
                &files(),
            ),
            key(
                &Inputs {
                    options: "short".into(),
                    ..inputs()
                },
                &files(),
            ),
        ];
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

    fn entry() -> Entry {
        Entry {
            stdout: "{\"a\": 1}\n".into(),
            stderr: "2 files, é\n".into(),
            code: 1,
            captures: vec![
                ("sources/a b.pdf".into(), Some([3; 32])),
                ("x".into(), None),
            ],
        }
    }

    #[test]
    fn entries_round_trip_and_other_keys_miss() {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let dir = temp.path().join("cache");
        let machine = [7; 32];
        let k = key(&inputs(), &files());
        assert_eq!(lookup(&dir, &machine, "human", k), None);
        store(&dir, &machine, "human", k, &entry());
        assert_eq!(lookup(&dir, &machine, "human", k), Some(entry()));
        assert_eq!(lookup(&dir, &machine, "short", k), None);
        let mut other = k;
        other.0[31] ^= 1;
        assert_eq!(lookup(&dir, &machine, "human", other), None);
        assert!(dir.join("CACHEDIR.TAG").is_file());
    }

    /// An entry signed under another machine's key, or edited after signing, is a miss.
    #[test]
    fn forged_and_edited_entries_miss() {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let dir = temp.path().join("cache");
        let k = key(&inputs(), &files());
        store(&dir, &[9; 32], "human", k, &entry());
        assert_eq!(lookup(&dir, &[7; 32], "human", k), None, "another key");
        store(&dir, &[7; 32], "human", k, &entry());
        let path = entry_path(&dir, "human");
        let signed = std::fs::read(&path).expect("the entry");
        let edited = String::from_utf8(signed)
            .expect("UTF-8")
            .replace("\n1\n", "\n0\n");
        std::fs::write(&path, edited).expect("an edit");
        assert_eq!(lookup(&dir, &[7; 32], "human", k), None, "an edited entry");
    }

    #[cfg(unix)]
    #[test]
    fn links_in_the_cache_are_never_followed() {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let dir = temp.path().join("cache");
        let machine = [7; 32];
        let k = key(&inputs(), &files());
        store(&dir, &machine, "human", k, &entry());
        // An entry that is a link to a genuine entry elsewhere is not read.
        let path = entry_path(&dir, "human");
        let elsewhere = temp.path().join("elsewhere");
        std::fs::rename(&path, &elsewhere).expect("a move");
        std::os::unix::fs::symlink(&elsewhere, &path).expect("a link");
        assert_eq!(lookup(&dir, &machine, "human", k), None);
        // Storing replaces the link, and the file it pointed at is left as it was.
        let before = std::fs::read(&elsewhere).expect("the moved entry");
        store(&dir, &machine, "human", k, &entry());
        assert!(!std::fs::symlink_metadata(&path)
            .expect("the entry")
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&elsewhere).expect("the moved entry"), before);
        // A `check/` folder that is a link: nothing is written through it.
        let other = tempfile::tempdir().expect("a temporary folder");
        let linked = temp.path().join("linked");
        std::fs::create_dir(&linked).expect("a folder");
        std::os::unix::fs::symlink(other.path(), linked.join("check")).expect("a link");
        store(&linked, &machine, "human", k, &entry());
        assert_eq!(
            std::fs::read_dir(other.path()).expect("a listing").count(),
            0
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_machine_key_is_private_and_made_once() {
        use std::os::unix::fs::PermissionsExt;
        let temp = tempfile::tempdir().expect("a temporary folder");
        let path = temp.path().join("state/corroborate/cache.key");
        let first = machine_key(&path).expect("a new key");
        assert_eq!(machine_key(&path), Some(first));
        let mode = std::fs::metadata(&path)
            .expect("the key")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        assert_eq!(
            machine_key(&path),
            None,
            "a key others can read is not used"
        );
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().expect("a folder"))
            .expect("a listing")
            .collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left");
    }
}
