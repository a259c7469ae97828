//! The documented, versioned JSON contract, apart from the domain types and from the writer that
//! streams it ([`super::json`]).

pub mod types;
