//! Ordering many records by a text key, fast.
//!
//! Sorting a large corpus's claims by id compares strings that live all over the heap: each
//! comparison is two cache misses, and at 100,000 claims the sort took longer than learning a
//! round of reliability. Here each key's first bytes are read once, in record order, into an
//! integer; the integers are sorted, and only records whose first bytes tie are compared whole.

use rayon::prelude::*;

/// How many leading bytes of a key the integer holds.
const PREFIX: usize = 16;

/// The first [`PREFIX`] bytes of `text` as a big-endian integer, zero-padded: integers compare as
/// the texts' leading bytes do (a shorter text sorts first, as zero sorts before every byte).
fn prefix(text: &str) -> u128 {
    let mut bytes = [0u8; PREFIX];
    let head = &text.as_bytes()[..text.len().min(PREFIX)];
    bytes[..head.len()].copy_from_slice(head);
    u128::from_be_bytes(bytes)
}

/// The indices `0..n` ordered by `key(i)` compared bytewise (as `str` compares), ties in index
/// order: what a stable sort of the records by key gives.
pub fn indices_by_str<'a>(n: usize, key: impl Fn(usize) -> &'a str + Sync) -> Vec<u32> {
    let mut keyed: Vec<(u128, u32)> = (0..n)
        .into_par_iter()
        .with_min_len(4096)
        .map(|i| (prefix(key(i)), i as u32))
        .collect();
    keyed.par_sort_unstable();
    keyed.par_chunk_by_mut(|a, b| a.0 == b.0).for_each(|run| {
        if run.len() > 1 {
            run.sort_unstable_by(|a, b| {
                key(a.1 as usize).cmp(key(b.1 as usize)).then(a.1.cmp(&b.1))
            });
        }
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shared_prefixes_short_keys_and_ties_sort_as_a_stable_sort() {
        let keys = [
            "event-121.vehicles-destroyed-10",
            "event-121.vehicles-destroyed-2",
            "event-121.vehicles",
            "b",
            "",
            "event-121.vehicles-destroyed-10",
            "a\u{e9}",
            "a",
            "event-121.vehicles-destroyed-1",
        ];
        let mut expected: Vec<u32> = (0..keys.len() as u32).collect();
        expected.sort_by_key(|&i| keys[i as usize]);
        assert_eq!(indices_by_str(keys.len(), |i| keys[i]), expected);
    }

    proptest! {
        #[test]
        fn any_keys_sort_as_a_stable_sort(keys in proptest::collection::vec("[a-c.\u{e9}-]{0,20}", 0..200)) {
            let mut expected: Vec<u32> = (0..keys.len() as u32).collect();
            expected.sort_by_key(|&i| keys[i as usize].as_str());
            prop_assert_eq!(indices_by_str(keys.len(), |i| keys[i].as_str()), expected);
        }
    }
}
