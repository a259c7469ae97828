//! Helpers shared by the divan benches (a folder, so cargo does not take it for a bench target).

use corroborate::model::Date;

/// The evaluation day every bench uses, so runs are comparable.
#[allow(dead_code)] // the load bench has no use for a day
pub fn as_of() -> Date {
    Date::from_ymd_opt(2026, 11, 23).expect("a date")
}

/// A rayon pool of exactly `threads` threads, to measure 1 against 2.
pub fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
}
