//! A capture's digest, as a `[[document]]` records it (`sha256 = "…"`), for
//! `corroborate archive hash`.

use std::io::Read;

/// The SHA-256 of everything `reader` yields, as 64 lowercase hex digits. The reader is
/// streamed in blocks, so a large capture (a video, a PDF) is never held in memory.
pub fn sha256_hex(mut reader: impl Read) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let mut block = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut block) {
            Ok(0) => break,
            Ok(n) => hasher.update(&block[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        use std::fmt::Write as _;
        let _ = write!(hex, "{byte:02x}");
    }
    Ok(hex)
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
