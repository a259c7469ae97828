//! A fast hasher for the loader's and scorer's in-memory maps keyed by ids and indices.
//!
//! The standard library's SipHash resists hash flooding, which matters for maps fed by a network
//! peer; here the keys are a corpus's own ids, and SipHash was a visible share of loading time.
//! This is the multiply-rotate word hash of `rustc-hash` (FxHash), written out: a handful of
//! lines, no dependency. Nothing it hashes is ever iterated in hash order into output.

use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A new, empty [`FastMap`] with room for `capacity` entries.
pub fn map_with_capacity<K, V>(capacity: usize) -> FastMap<K, V> {
    HashMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default())
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// FxHash: `h = (h.rotl(5) ^ word) * SEED` over 8-byte words.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length keeps "a" and "a\0" apart.
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply-rotate rounds only carry entropy upwards; mix it back into the low bits,
        // which pick the bucket (without this, similar keys pile up in a few buckets).
        let x = self.hash ^ (self.hash >> 33);
        let x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^ (x >> 33)
    }
}

/// The [`FxHasher`] hash of `key`'s bytes.
pub fn hash_str(key: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(key.as_bytes());
    hasher.finish()
}

/// Finds items with equal keys by sorting their hashes, rather than through a hash map: a
/// million keys make a map far larger than the caches, and a sort reads memory in order and in
/// parallel.
///
/// `keyed` holds (the [`hash_str`] of an item's key, the item); it is sorted. Then `each(first,
/// item)` is called for every item, where `first` is the smallest item whose key equals the
/// item's (the item itself if there is none smaller). Distinct keys sharing a hash are told
/// apart by comparing them; they are rare, so a run of equal hashes costs its length times its
/// distinct keys, never its length squared.
pub fn group_equal<'k>(
    keyed: &mut [(u64, u32)],
    key: impl Fn(u32) -> &'k str,
    mut each: impl FnMut(u32, u32),
) {
    keyed.par_sort_unstable();
    // The first item of each distinct key in the current run (runs are in item order).
    let mut firsts: Vec<u32> = Vec::new();
    for run in keyed.chunk_by(|a, b| a.0 == b.0) {
        firsts.clear();
        for &(_, item) in run {
            let this = key(item);
            let first = match firsts.iter().find(|&&f| key(f) == this) {
                Some(&f) => f,
                None => {
                    firsts.push(item);
                    item
                }
            };
            each(first, item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_work_and_hashes_differ() {
        let mut map: FastMap<&str, u32> = map_with_capacity(4);
        for (i, k) in ["a", "a\0", "ab", "abcdefgh", "abcdefghi", ""]
            .iter()
            .enumerate()
        {
            assert!(map.insert(k, i as u32).is_none());
        }
        assert_eq!(map.get("abcdefghi"), Some(&4));
        assert_eq!(map.get("a\0"), Some(&1));
        assert_ne!(hash_str("a"), hash_str("a\0"));
        assert_ne!(hash_str("abcdefgh"), hash_str("abcdefgh\0"));
    }

    /// Each item with the first item of its key, whatever the hashes, including distinct keys
    /// given one hash on purpose.
    #[test]
    fn equal_keys_are_grouped_under_their_first_item() {
        let keys = ["b", "a", "b", "c", "a", "b"];
        for collide in [false, true] {
            let mut keyed: Vec<(u64, u32)> = (0..keys.len() as u32)
                .rev()
                .map(|i| {
                    let hash = if collide {
                        7
                    } else {
                        hash_str(keys[i as usize])
                    };
                    (hash, i)
                })
                .collect();
            let mut found = Vec::new();
            group_equal(
                &mut keyed,
                |i| keys[i as usize],
                |first, item| {
                    found.push((item, first));
                },
            );
            found.sort_unstable();
            assert_eq!(found, [(0, 0), (1, 1), (2, 0), (3, 3), (4, 1), (5, 0)]);
        }
    }
}
