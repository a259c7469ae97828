//! A capture's digest, as a `[[document]]` records it (`sha256 = "…"`), for
//! `corroborate archive hash`.

use std::io::Read;

/// The SHA-256 of everything `reader` yields, as 64 lowercase hex digits: the digest `check`
/// compares a capture with (`load::captures`, the one home of that hashing), streamed in
/// blocks so a large capture (a video, a PDF) is never held in memory.
pub fn sha256_hex(reader: impl Read) -> std::io::Result<String> {
    let digest = crate::load::captures::sha256_of(reader)?;
    Ok(crate::load::captures::hex(&digest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(
            sha256_hex(&b""[..]).ok().as_deref(),
            Some("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
        assert_eq!(
            sha256_hex(&b"abc"[..]).ok().as_deref(),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        // Longer than one block.
        let long = vec![b'a'; 200_000];
        let once = sha256_hex(&long[..]).ok();
        assert_eq!(once.as_deref().map(str::len), Some(64));
    }
}
