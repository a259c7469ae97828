//! The ground floor: small helpers every layer may use and that use nothing of the crate.
//!
//! [`hash`] is the fast hasher of the in-memory maps and the id grouping by hashes, [`text`] the
//! words of messages (edit distance, did-you-mean, plurals), [`timing`] the phase marks, [`path`]
//! paths folded as written, [`sort`] records ordered by a text key.

pub mod hash;
pub mod path;
pub mod sort;
pub mod text;
pub mod timing;
